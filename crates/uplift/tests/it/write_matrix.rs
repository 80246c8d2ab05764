//! The write matrix beside the read matrix (`jurisdiction.rs`): every write route of the
//! pages and the API, tried by every role, on an object inside the role's reach and one
//! outside it. Each try is allowed (and changes what it should), or answers 404 and
//! changes nothing — the rows of every table a write could touch are compared before and
//! after.

use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use uplift_sheets::{Format, TextEncoding};
use uplift_store::Store;
use uplift_store::audit::Actor;
use uplift_store::entity::{dishonest_entry, enterprise, job, organisation, user};
use uplift_store::sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use uplift_store::users;

use crate::harness::{Client, PASSWORD, TestApp};
use crate::import::{multipart, temp_dir, write_file};

/// Wait until no job runs (imports and re-screenings run in the background).
pub async fn wait_for_jobs(store: &Store) {
    for _ in 0..600 {
        let running = job::Entity::find()
            .filter(job::Column::Status.eq("running"))
            .all(store.db())
            .await
            .unwrap();
        if running.is_empty() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("a job did not finish");
}

/// Every row a write route could touch, in a comparable form.
async fn snapshot(store: &Store) -> Vec<String> {
    let db = store.db();
    let mut rows = Vec::new();
    rows.extend(
        enterprise::Entity::find()
            .all(db)
            .await
            .unwrap()
            .into_iter()
            .map(|m| format!("{m:?}")),
    );
    rows.extend(
        user::Entity::find()
            .all(db)
            .await
            .unwrap()
            .into_iter()
            .map(|m| format!("{m:?}")),
    );
    rows.extend(
        organisation::Entity::find()
            .all(db)
            .await
            .unwrap()
            .into_iter()
            .map(|m| format!("{m:?}")),
    );
    rows.extend(
        dishonest_entry::Entity::find()
            .all(db)
            .await
            .unwrap()
            .into_iter()
            .map(|m| format!("{m:?}")),
    );
    rows.push(format!(
        "{:?}",
        uplift_store::screening::load_rules(db).await.unwrap()
    ));
    rows
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Route {
    PageCreateUser,
    PageUser(&'static str),
    PageCreateOrganisation,
    PageImportEnterprises,
    PageImportDishonest,
    PageRules,
    ApiImportEnterprises,
    ApiImportDishonest,
}

const ROUTES: [Route; 11] = [
    Route::PageCreateUser,
    Route::PageUser("disable"),
    Route::PageUser("enable"),
    Route::PageUser("unlock"),
    Route::PageUser("reset-password"),
    Route::PageCreateOrganisation,
    Route::PageImportEnterprises,
    Route::PageImportDishonest,
    Route::PageRules,
    Route::ApiImportEnterprises,
    Route::ApiImportDishonest,
];

const ROLES: [&str; 8] = [
    "province",
    "city-430100",
    "body-1",
    "support-1",
    "expert-1",
    "enterprise-a",
    "sysadmin",
    "auditlog",
];

/// What a try should do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Allowed, and the object changed.
    Changed,
    /// Accepted (an import runs), but the object outside the importer's reach is refused
    /// row by row: nothing changes.
    AcceptedUnchanged,
    /// 404, nothing changed.
    NotFound,
}

/// The rules of the programme, as a table: who may do what to which object.
fn expected(role: &str, route: Route, inside: bool) -> Outcome {
    use Outcome::*;
    match route {
        Route::PageCreateUser | Route::PageUser(_) => match (role, inside) {
            // Separated duties: the province's and the administrators' accounts are the
            // operator's, not the system administrator's.
            ("sysadmin", true) => Changed,
            _ => NotFound,
        },
        Route::PageCreateOrganisation => match role {
            "sysadmin" => Changed,
            _ => NotFound,
        },
        Route::PageImportEnterprises | Route::ApiImportEnterprises => match (role, inside) {
            ("province", _) => Changed,
            ("city-430100", true) => Changed,
            ("city-430100", false) => AcceptedUnchanged,
            _ => NotFound,
        },
        Route::PageImportDishonest | Route::ApiImportDishonest | Route::PageRules => match role {
            "province" => Changed,
            _ => NotFound,
        },
    }
}

struct World {
    /// A city account the administrator may manage, and one it may not.
    victim: i64,
    protected: i64,
    experts_org: i64,
    changsha: String,
    zhuzhou: String,
    /// Makes every allowed write change something (a new figure, a new name).
    counter: u32,
}

fn directory_file(uscc: &str, division: &str, employees: u32) -> Vec<u8> {
    let dir = temp_dir("matrix");
    let row: Vec<String> = [
        uscc,
        "矩阵测试有限公司",
        division,
        "工业",
        &employees.to_string(),
        "5000",
        "4500",
        "3000",
        "存续",
        "韩梅梅",
        "13911112222",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let path = write_file(&dir, "d.csv", Format::Csv, TextEncoding::Utf8, &[row]);
    let bytes = std::fs::read(&path).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    bytes
}

fn dishonest_file(n: u32) -> Vec<u8> {
    // An old entry known by its 15-digit registration number (注册号), not a credit code.
    let mut csv = String::from("企业名称,统一社会信用代码/注册号,列入日期,列入事由,作出决定机关\n");
    csv.push_str(&format!(
        "矩阵失信{n}号有限公司,4301000000{n:05},2023-01-0{},提供虚假材料,湖南省市场监督管理局\n",
        1 + n % 9
    ));
    csv.into_bytes()
}

async fn upload(client: &mut Client, path: &str, bearer: Option<&str>, bytes: &[u8]) -> StatusCode {
    let (content_type, body) = multipart("file.csv", bytes);
    let mut request = Request::post(path).header(header::CONTENT_TYPE, content_type);
    if let Some(token) = bearer {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    client.send(request, Body::from(body)).await.status
}

/// Put the victim into the state the action changes (so an allowed action shows).
async fn prepare(store: &Store, route: Route, victim: i64) {
    let account = user::Entity::find_by_id(victim)
        .one(store.db())
        .await
        .unwrap()
        .unwrap();
    let mut active: user::ActiveModel = account.into();
    match route {
        Route::PageUser("enable") => active.disabled = Set(true),
        Route::PageUser("unlock") => {
            active.disabled = Set(false);
            active.failed_logins = Set(5);
            active.locked_until = Set(Some(uplift_store::now() + chrono::Duration::hours(1)));
        }
        _ => active.disabled = Set(false),
    }
    active.update(store.db()).await.unwrap();
}

async fn attempt(
    app: &TestApp,
    w: &mut World,
    client: &mut Client,
    token: &str,
    route: Route,
    inside: bool,
) -> StatusCode {
    w.counter += 1;
    let n = w.counter;
    let status = match route {
        Route::PageCreateUser => {
            let (role, org) = if inside {
                ("expert", w.experts_org.to_string())
            } else {
                ("province", String::new())
            };
            client
                .post_form(
                    "/admin/users",
                    &[
                        ("username", &format!("matrix-{n}")),
                        ("display_name", "矩阵"),
                        ("role", role),
                        ("organisation_id", &org),
                        ("password", "Quartz-Lantern-4711"),
                    ],
                )
                .await
                .status
        }
        Route::PageUser(action) => {
            let target = if inside { w.victim } else { w.protected };
            client
                .post_form(
                    &format!("/admin/users/{target}/{action}"),
                    &[("password", &format!("Matrix-Reset-{n}x"))],
                )
                .await
                .status
        }
        Route::PageCreateOrganisation => {
            client
                .post_form(
                    "/admin/organisations",
                    &[
                        ("name", &format!("矩阵技术支撑中心{n}")),
                        ("kind", "support_unit"),
                        ("division_code", "430100"),
                    ],
                )
                .await
                .status
        }
        Route::PageImportEnterprises | Route::ApiImportEnterprises => {
            let (uscc, division) = if inside {
                (w.changsha.clone(), "430100")
            } else {
                (w.zhuzhou.clone(), "430200")
            };
            let bytes = directory_file(&uscc, division, 200 + n);
            match route {
                Route::ApiImportEnterprises => {
                    upload(client, "/api/v1/imports/enterprises", Some(token), &bytes).await
                }
                _ => upload(client, "/imports/enterprises", None, &bytes).await,
            }
        }
        Route::PageImportDishonest => {
            upload(client, "/imports/dishonest", None, &dishonest_file(n)).await
        }
        Route::ApiImportDishonest => {
            upload(
                client,
                "/api/v1/imports/dishonest",
                Some(token),
                &dishonest_file(n),
            )
            .await
        }
        Route::PageRules => {
            client
                .post_form(
                    "/screening/rules",
                    &[
                        ("size_small", "on"),
                        ("size_micro", "on"),
                        ("min_main_revenue", &format!("{}", 1000 + n)),
                        ("require_operating", "on"),
                    ],
                )
                .await
                .status
        }
    };
    wait_for_jobs(&app.store).await;
    status
}

#[tokio::test]
async fn every_write_route_by_every_role_is_allowed_or_a_404_that_changes_nothing() {
    let app = TestApp::new().await;
    let changsha_org = user_org(&app, "city-430100").await;
    let hash = uplift_store::accounts::hash_blocking(PASSWORD.into())
        .await
        .unwrap();
    let mut tx = app.store.write(&Actor::system("test")).await.unwrap();
    let victim = users::create_with_hash(
        &mut tx,
        users::NewUser {
            username: "victim-city".into(),
            display_name: "受试市州账号".into(),
            password: String::new(),
            role: uplift_domain::role::Role::City,
            organisation_id: Some(changsha_org),
            enterprise_id: None,
            set_by_other: false,
        },
        hash,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let protected = users::find_by_username(&app.store, "auditlog")
        .await
        .unwrap()
        .unwrap()
        .id;
    let mut w = World {
        victim: victim.id,
        protected,
        experts_org: user_org(&app, "expert-1").await,
        changsha: app.fx.changsha_a.clone(),
        zhuzhou: app.fx.zhuzhou_c.clone(),
        counter: 0,
    };

    let mut failures = Vec::new();
    let mut tries = 0;
    for role in ROLES {
        let mut client = app.logged_in(role).await;
        let token = app.token(role).await;
        for route in ROUTES {
            for inside in [true, false] {
                prepare(&app.store, route, w.victim).await;
                let before = snapshot(&app.store).await;
                let status = attempt(&app, &mut w, &mut client, &token, route, inside).await;
                let after = snapshot(&app.store).await;
                tries += 1;
                let want = expected(role, route, inside);
                let ok = match want {
                    Outcome::Changed => status.is_redirection() || status.is_success(),
                    Outcome::AcceptedUnchanged => {
                        (status.is_redirection() || status.is_success()) && before == after
                    }
                    Outcome::NotFound => status == StatusCode::NOT_FOUND && before == after,
                } && (want != Outcome::Changed || before != after);
                if !ok {
                    failures.push(format!(
                        "{role} {route:?} {} -> {status}, changed: {}; expected {want:?}",
                        if inside { "inside" } else { "outside" },
                        before != after
                    ));
                }
            }
        }
    }
    assert_eq!(tries, ROLES.len() * ROUTES.len() * 2);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

async fn user_org(app: &TestApp, username: &str) -> i64 {
    users::find_by_username(&app.store, username)
        .await
        .unwrap()
        .unwrap()
        .organisation_id
        .unwrap()
}
