//! The two holes the House issue names, closed and kept closed: a city taking over
//! another city's enterprise through an import, and the system administrator reaching the
//! powers separated duties deny it. And the house itself: the web and the command line
//! reach the store only through the use cases.

use axum::http::StatusCode;
use uplift_domain::role::Scope;
use uplift_sheets::{Format, TextEncoding};
use uplift_store::entity::{audit_log, enterprise_history, user};
use uplift_store::sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use uplift_store::{enterprises, users};

use crate::harness::{PASSWORD, TestApp};
use crate::import::{multipart, temp_dir, write_file};

/// A directory row for an enterprise of the fixture, with new figures and a new contact.
fn row(uscc: &str, name: &str, division: &str, employees: &str, phone: &str) -> Vec<String> {
    [
        uscc, name, division, "工业", employees, "5000", "4500", "3000", "存续", "李雷", phone,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// Upload a directory as `client` and wait for its job to end; the job page's body.
async fn upload(
    app: &TestApp,
    client: &mut crate::harness::Client,
    rows: &[Vec<String>],
) -> String {
    let dir = temp_dir("house");
    let file = write_file(&dir, "名录.csv", Format::Csv, TextEncoding::Utf8, rows);
    let (content_type, body) = multipart("名录.csv", &std::fs::read(&file).unwrap());
    let res = client
        .send(
            axum::http::Request::post("/imports/enterprises").header("content-type", content_type),
            axum::body::Body::from(body),
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let job = res.location().unwrap().to_string();
    crate::write_matrix::wait_for_jobs(&app.store).await;
    let _ = std::fs::remove_dir_all(&dir);
    client.get(&job).await.body
}

#[tokio::test]
async fn a_city_cannot_take_over_another_citys_enterprise_through_an_import() {
    let app = TestApp::new().await;
    let zhuzhou = Scope::City("430200".into());
    let before = enterprises::get_by_uscc(&app.store, &zhuzhou, &app.fx.zhuzhou_c)
        .await
        .unwrap();
    let history_before = enterprise_history::Entity::find()
        .filter(enterprise_history::Column::EnterpriseId.eq(before.id))
        .all(app.store.db())
        .await
        .unwrap();

    // 长沙 uploads 株洲's credit code with a 长沙 county, new figures and a new phone.
    let mut changsha = app.logged_in("city-430100").await;
    let job = upload(
        &app,
        &mut changsha,
        &[row(
            &app.fx.zhuzhou_c,
            "长沙冒名材料有限公司",
            "430102",
            "7",
            "13955556666",
        )],
    )
    .await;

    // Nothing of the enterprise changed, and no history was written to show 长沙.
    let after = enterprises::get_by_uscc(&app.store, &zhuzhou, &app.fx.zhuzhou_c)
        .await
        .unwrap();
    assert_eq!(after, before);
    let history_after = enterprise_history::Entity::find()
        .filter(enterprise_history::Column::EnterpriseId.eq(before.id))
        .all(app.store.db())
        .await
        .unwrap();
    assert_eq!(history_after, history_before);

    // 株洲 still sees its own enterprise; 长沙 still does not.
    let mut zz = app.logged_in("city-430200").await;
    let page = zz.get(&format!("/enterprises/{}", app.fx.zhuzhou_c)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("株洲丙材料有限公司"));
    assert!(!page.body.contains("13955556666"));
    assert_eq!(
        changsha
            .get(&format!("/enterprises/{}", app.fx.zhuzhou_c))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // The counts say "rejected", as for any refused row: neither "updated" nor "unchanged".
    let count = |label: &str| {
        let at = job
            .find(label)
            .unwrap_or_else(|| panic!("{label} in {job}"));
        let before_label = &job[..at];
        let start = before_label.rfind("stat-number\">").unwrap() + "stat-number\">".len();
        before_label[start..].split('<').next().unwrap().to_string()
    };
    assert_eq!(count(">拒绝<"), "1");
    assert_eq!(count(">更新<"), "0");
    assert_eq!(count(">未变化<"), "0");
    assert_eq!(count(">新增<"), "0");

    // The error report gives the reason without naming the other jurisdiction.
    let job_id: i64 = uplift_store::entity::job::Entity::find()
        .order_by_desc(uplift_store::entity::job::Column::Id)
        .one(app.store.db())
        .await
        .unwrap()
        .unwrap()
        .id;
    let report = changsha.get(&format!("/imports/{job_id}/errors")).await;
    assert_eq!(report.status, StatusCode::OK);
    assert!(report.body.contains("已在其他辖区登记"), "{}", report.body);
    assert!(!report.body.contains("株洲"), "{}", report.body);
    // (The credit code itself carries its registration division; nothing else does.)
    assert!(!report.body.contains(",430200"), "{}", report.body);
}

#[tokio::test]
async fn the_province_moves_an_enterprise_between_its_cities_on_the_record() {
    let app = TestApp::new().await;
    let mut province = app.logged_in("province").await;
    // 株洲丙材料 relocates to 长沙芙蓉区.
    upload(
        &app,
        &mut province,
        &[row(
            &app.fx.zhuzhou_c,
            "株洲丙材料有限公司",
            "430102",
            "120",
            "13700002222",
        )],
    )
    .await;
    let moved = enterprises::get_by_uscc(
        &app.store,
        &Scope::Province("430000".into()),
        &app.fx.zhuzhou_c,
    )
    .await
    .unwrap();
    assert_eq!(moved.division_code, "430102");
    assert_eq!(moved.prefecture_code, "430100");

    // The history keeps both divisions …
    let history = enterprise_history::Entity::find()
        .filter(enterprise_history::Column::EnterpriseId.eq(moved.id))
        .all(app.store.db())
        .await
        .unwrap();
    assert!(
        history
            .iter()
            .any(|h| h.changes.contains("430200") && h.changes.contains("430102")),
        "{history:?}"
    );
    // … and so does the audit log.
    let moves = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("enterprise.move"))
        .all(app.store.db())
        .await
        .unwrap();
    assert_eq!(moves.len(), 1);
    assert!(moves[0].summary.contains("430200") && moves[0].summary.contains("430102"));

    // Now it is 长沙's, and no longer 株洲's.
    let mut changsha = app.logged_in("city-430100").await;
    let url = format!("/enterprises/{}", app.fx.zhuzhou_c);
    assert_eq!(changsha.get(&url).await.status, StatusCode::OK);
    let mut zhuzhou = app.logged_in("city-430200").await;
    assert_eq!(zhuzhou.get(&url).await.status, StatusCode::NOT_FOUND);
}

async fn account(app: &TestApp, username: &str) -> user::Model {
    users::find_by_username(&app.store, username)
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn the_system_administrator_cannot_make_or_reset_the_powers_its_duty_denies_it() {
    let app = TestApp::new().await;
    let mut admin = app.logged_in("sysadmin").await;
    let province_org = account(&app, "province").await.organisation_id.unwrap();
    // No account of the province or of either administrator can be created …
    for role in ["province", "audit_admin", "system_admin"] {
        let res = admin
            .post_form(
                "/admin/users",
                &[
                    ("username", &format!("new-{role}")),
                    ("display_name", "x"),
                    ("role", role),
                    ("organisation_id", &province_org.to_string()),
                    ("password", "Tr1cky-Enough-Pw"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{role}");
        assert!(
            users::find_by_username(&app.store, &format!("new-{role}"))
                .await
                .unwrap()
                .is_none()
        );
    }
    // … nor reset, disabled, enabled or unlocked.
    for target in ["province", "auditlog", "sysadmin"] {
        let before = account(&app, target).await;
        for action in ["reset-password", "disable", "enable", "unlock"] {
            let res = admin
                .post_form(
                    &format!("/admin/users/{}/{action}", before.id),
                    &[("password", "Tr1cky-Enough-Pw")],
                )
                .await;
            assert_eq!(res.status, StatusCode::NOT_FOUND, "{action} {target}");
        }
        assert_eq!(account(&app, target).await, before, "{target} unchanged");
    }
    // The form offers only the roles it may create.
    let page = admin.get("/admin/users").await;
    assert!(page.body.contains("value=\"city\""));
    assert!(!page.body.contains("value=\"province\""));
    assert!(!page.body.contains("value=\"audit_admin\""));
    // The audit administrator can still log in with its own password: nothing was taken.
    let mut auditor = app.client();
    assert_eq!(
        auditor.login("auditlog", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn a_password_set_by_someone_else_must_be_changed_before_anything_else_works() {
    let app = TestApp::new().await;
    let target = account(&app, "city-430200").await;
    let mut admin = app.logged_in("sysadmin").await;
    let set = "Given-By-Admin-77";
    let res = admin
        .post_form(
            &format!("/admin/users/{}/reset-password", target.id),
            &[("password", set)],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);

    let mut city = app.client();
    let login = city.login("city-430200", set).await;
    assert_eq!(login.location(), Some("/account/password"));
    // Every page leads back to the change form; the API answers 403 with its code.
    for path in ["/", "/enterprises", "/imports"] {
        let res = city.get(path).await;
        assert_eq!(res.location(), Some("/account/password"), "{path}");
    }
    let mut api = app.client();
    let token = api
        .post_json(
            "/api/v1/tokens",
            serde_json::json!({"username": "city-430200", "password": set}),
        )
        .await
        .json()["token"]
        .as_str()
        .unwrap()
        .to_string();
    let listed = api.get_bearer("/api/v1/enterprises", &token).await;
    assert_eq!(listed.status, StatusCode::FORBIDDEN);
    assert_eq!(listed.json()["error"]["code"], "password_change_required");

    // The wrong current password, then a common one, are refused with their reasons.
    let wrong = city
        .post_form(
            "/account/password",
            &[
                ("current", "not-it-at-all"),
                ("new", "My-Own-Secret-58"),
                ("repeat", "My-Own-Secret-58"),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("当前密码不正确"));
    let common = city
        .post_form(
            "/account/password",
            &[
                ("current", set),
                ("new", "Password1234"),
                ("repeat", "Password1234"),
            ],
        )
        .await;
    assert_eq!(common.status, StatusCode::UNPROCESSABLE_ENTITY);

    let changed = city
        .post_form(
            "/account/password",
            &[
                ("current", set),
                ("new", "My-Own-Secret-58"),
                ("repeat", "My-Own-Secret-58"),
            ],
        )
        .await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.body);
    assert_eq!(city.get("/enterprises").await.status, StatusCode::OK);
    assert!(!account(&app, "city-430200").await.must_change_password);
}

#[tokio::test]
async fn the_operator_makes_the_province_and_its_password_must_be_changed_at_first_login() {
    let app = TestApp::new().await;
    let org = account(&app, "province").await.organisation_id.unwrap();
    let operator = uplift_app::operator::Operator::cli();
    uplift_app::operator::create_user(
        &app.app,
        &operator,
        uplift_app::operator::NewOperatorAccount {
            username: "province-2".into(),
            display_name: "省局第二管理员".into(),
            password: "Operator-Set-93".into(),
            role: uplift_domain::role::Role::Province,
            organisation_id: Some(org),
            enterprise_uscc: None,
        },
    )
    .await
    .unwrap();
    let created = account(&app, "province-2").await;
    assert!(created.must_change_password);
    // Audited as the operator at the shell.
    let rows = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("user.create"))
        .all(app.store.db())
        .await
        .unwrap();
    assert!(
        rows.iter().any(
            |r| r.username.as_deref() == Some("system:cli") && r.summary.contains("province-2")
        )
    );
    let mut c = app.client();
    let res = c.login("province-2", "Operator-Set-93").await;
    assert_eq!(res.location(), Some("/account/password"));
}

/// The house by construction: the crates above the use cases cannot name the store.
#[test]
fn the_web_and_the_command_line_reach_the_store_only_through_the_use_cases() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let dependencies = |krate: &str| {
        let manifest = std::fs::read_to_string(root.join(krate).join("Cargo.toml")).unwrap();
        manifest
            .split("[dev-dependencies]")
            .next()
            .unwrap()
            .to_string()
    };
    for krate in ["uplift-web", "uplift"] {
        let deps = dependencies(krate);
        assert!(
            !deps.contains("uplift-store"),
            "{krate} depends on the store"
        );
        assert!(
            deps.contains("uplift-app"),
            "{krate} goes through the use cases"
        );
    }
    assert!(dependencies("uplift-app").contains("uplift-store"));
    // And the use cases' test hook is for tests only.
    assert!(!dependencies("uplift").contains("testing"));
}

#[tokio::test]
async fn an_account_cannot_go_back_to_one_of_its_last_five_passwords() {
    let app = TestApp::new().await;
    let mut c = app.logged_in("city-430100").await;
    let change = |current: &'static str, new: &'static str| (current, new);
    let steps = [
        change(PASSWORD, "Lantern-River-301"),
        change("Lantern-River-301", "Harbour-Kite-402"),
    ];
    for (current, new) in steps {
        let res = c
            .post_form(
                "/account/password",
                &[("current", current), ("new", new), ("repeat", new)],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    }
    // The first one again: refused, with the rule's reason.
    let back = c
        .post_form(
            "/account/password",
            &[
                ("current", "Harbour-Kite-402"),
                ("new", PASSWORD),
                ("repeat", PASSWORD),
            ],
        )
        .await;
    assert_eq!(back.status, StatusCode::UNPROCESSABLE_ENTITY);
    // And the current one too.
    let same = c
        .post_form(
            "/account/password",
            &[
                ("current", "Harbour-Kite-402"),
                ("new", "Harbour-Kite-402"),
                ("repeat", "Harbour-Kite-402"),
            ],
        )
        .await;
    assert_eq!(same.status, StatusCode::UNPROCESSABLE_ENTITY);
}
