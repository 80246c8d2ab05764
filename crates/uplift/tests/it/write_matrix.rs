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

// ---------------------------------------------------------------------------------------
// The programme year: every page route that writes and the campaign API's write routes.

mod campaign_routes {
    use axum::body::Body;
    use axum::http::{Request, StatusCode, header};
    use uplift_domain::campaign::{CampaignSettings, CampaignStatus};
    use uplift_domain::division::DivisionCode;
    use uplift_domain::money::Money;
    use uplift_domain::sme::Industry;
    use uplift_domain::uscc::Uscc;
    use uplift_store::Store;
    use uplift_store::audit::Actor;
    use uplift_store::entity::{
        application, campaign, campaign_organisation, city_submission, participation,
        participation_event, throttle_event,
    };
    use uplift_store::sea_orm::{
        ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set,
    };

    use super::{ROLES, snapshot, wait_for_jobs};
    use crate::harness::{Client, PASSWORD, TestApp};

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Route {
        PageCreate,
        PageUpdate,
        PageOpen,
        PageClose,
        PageRecommend,
        PageEdit,
        PageWithdrawRecommendation,
        PageSubmit,
        PageAdopt,
        PageDecline,
        PageConsent,
        PageSelect,
        PageReturn,
        PagePromote,
        PageAssign,
        PageWithdraw,
        PageApply,
        ApiCreate,
        ApiOpen,
        ApiClose,
        ApiRecommend,
        ApiWithdrawRecommendation,
        ApiSubmit,
        ApiConsent,
        ApiSelect,
    }

    const ROUTES: [Route; 25] = [
        Route::PageCreate,
        Route::PageUpdate,
        Route::PageOpen,
        Route::PageClose,
        Route::PageRecommend,
        Route::PageEdit,
        Route::PageWithdrawRecommendation,
        Route::PageSubmit,
        Route::PageAdopt,
        Route::PageDecline,
        Route::PageConsent,
        Route::PageSelect,
        Route::PageReturn,
        Route::PagePromote,
        Route::PageAssign,
        Route::PageWithdraw,
        Route::PageApply,
        Route::ApiCreate,
        Route::ApiOpen,
        Route::ApiClose,
        Route::ApiRecommend,
        Route::ApiWithdrawRecommendation,
        Route::ApiSubmit,
        Route::ApiConsent,
        Route::ApiSelect,
    ];

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Outcome {
        Changed,
        NotFound,
        /// The public form has no reach to be outside of: where no campaign is open it is
        /// refused (422) and changes nothing.
        Refused,
    }

    /// Who may do what to which object, as a table.
    fn expected(role: &str, route: Route, inside: bool) -> Outcome {
        use Outcome::*;
        use Route as R;
        let allowed = match route {
            R::PageCreate
            | R::PageUpdate
            | R::PageOpen
            | R::PageClose
            | R::PageSelect
            | R::PageReturn
            | R::PagePromote
            | R::PageAssign
            | R::ApiCreate
            | R::ApiOpen
            | R::ApiClose
            | R::ApiSelect => role == "province",
            R::PageRecommend
            | R::PageEdit
            | R::PageWithdrawRecommendation
            | R::PageSubmit
            | R::PageAdopt
            | R::PageDecline
            | R::ApiRecommend
            | R::ApiWithdrawRecommendation
            | R::ApiSubmit => role == "city-430100",
            R::PageConsent | R::ApiConsent => role == "enterprise-a",
            R::PageWithdraw => role == "province" || role == "enterprise-a",
            R::PageApply => return if inside { Changed } else { Refused },
        };
        if allowed && inside { Changed } else { NotFound }
    }

    /// What a try acts on.
    #[derive(Debug, Clone, Default)]
    struct Obj {
        campaign: i64,
        pid: i64,
        aid: i64,
        uscc: String,
    }

    struct World {
        /// The province's open campaign.
        c: i64,
        /// Guangdong's open campaign, with 深圳丁 in it: outside every Hunan account.
        g: i64,
        g_pid: i64,
        shenzhen: String,
        body: i64,
        unit: i64,
        /// 长沙 enterprises, one per purpose.
        changsha: Vec<(i64, String)>,
        /// 长沙甲, whose contact is `enterprise-a`.
        own: (i64, String),
        zhuzhou: Vec<(i64, String)>,
        counter: u32,
    }

    fn enterprise(
        uscc: &Uscc,
        name: &str,
        division: &str,
    ) -> uplift_store::enterprises::NewEnterprise {
        uplift_store::enterprises::NewEnterprise {
            uscc: uscc.clone(),
            uscc_warnings: Vec::new(),
            name: name.into(),
            division: DivisionCode::parse(division).unwrap(),
            industry: Industry::Industry,
            employees: Some(60),
            operating_revenue: Some(Money::from_wan(5000)),
            main_revenue: Some(Money::from_wan(4000)),
            total_assets: Some(Money::from_wan(2000)),
            operating_status: uplift_domain::directory::OperatingStatus::Operating,
            contact_name: Some("林静".into()),
            contact_phone: Some("13800001111".into()),
        }
    }

    async fn org_of_kind(store: &Store, kind: &str) -> i64 {
        uplift_store::entity::organisation::Entity::find()
            .filter(uplift_store::entity::organisation::Column::Kind.eq(kind))
            .one(store.db())
            .await
            .unwrap()
            .unwrap()
            .id
    }

    async fn setup(app: &TestApp) -> World {
        let store = &app.store;
        let mut tx = store.write(&Actor::system("test")).await.unwrap();
        let mut changsha = Vec::new();
        for n in 0..10 {
            let uscc = Uscc::from_parts('9', '1', "430102", &format!("{:08}", 4_100 + n)).unwrap();
            let e = uplift_store::enterprises::insert(
                &mut tx,
                enterprise(&uscc, &format!("矩阵长沙{n}号有限公司"), "430102"),
            )
            .await
            .unwrap();
            changsha.push((e.id, e.uscc));
        }
        let uscc = Uscc::from_parts('9', '1', "430202", "00004200").unwrap();
        let z = uplift_store::enterprises::insert(
            &mut tx,
            enterprise(&uscc, "矩阵株洲有限公司", "430202"),
        )
        .await
        .unwrap();
        // Guangdong's campaign, open, with 深圳丁 submitted and confirmed.
        let mut settings = CampaignSettings::new(2023);
        settings.status = CampaignStatus::Open;
        let g =
            uplift_store::campaigns::create(&mut tx, "440000", &settings, &Default::default(), &[])
                .await
                .unwrap();
        tx.commit().await.unwrap();
        let by_uscc = |u: &str| {
            let u = u.to_string();
            async move {
                uplift_store::entity::enterprise::Entity::find()
                    .filter(uplift_store::entity::enterprise::Column::Uscc.eq(u))
                    .one(store.db())
                    .await
                    .unwrap()
                    .unwrap()
            }
        };
        let shenzhen = by_uscc(&app.fx.shenzhen_g).await;
        let own = by_uscc(&app.fx.changsha_a).await;
        let zc = by_uscc(&app.fx.zhuzhou_c).await;
        let g_pid = put(
            store,
            g.id,
            shenzhen.id,
            "440300",
            "submitted",
            "confirmed",
            None,
        )
        .await;

        // The province's campaign, through the use case, with a wide range for 长沙.
        let province = match uplift_app::sessions::login(
            &app.app,
            "province",
            PASSWORD,
            None,
            uplift_app::sessions::SessionKind::Api,
            None,
            None,
        )
        .await
        .unwrap()
        {
            uplift_app::sessions::LoginOutcome::Success { user, .. } => *user,
            uplift_app::sessions::LoginOutcome::Refused => panic!("province"),
        };
        let c = uplift_app::campaigns::create(
            &app.app,
            &province,
            &uplift_app::campaigns::CampaignForm {
                year: 2023,
                name: None,
                quota: 50,
                recommend_min: 1,
                recommend_max: 20,
                city_ranges: Vec::new(),
                recommendation_deadline: None,
                report_deadlines: None,
                certification_body_ids: None,
                support_unit_ids: None,
                from_campaign: None,
            },
        )
        .await
        .unwrap();
        uplift_app::campaigns::open(&app.app, &province, c.id)
            .await
            .unwrap();
        wait_for_jobs(store).await;
        World {
            c: c.id,
            g: g.id,
            g_pid,
            shenzhen: shenzhen.uscc,
            body: org_of_kind(store, "certification_body").await,
            unit: org_of_kind(store, "support_unit").await,
            changsha,
            own: (own.id, own.uscc),
            zhuzhou: vec![(zc.id, zc.uscc), (z.id, z.uscc)],
            counter: 0,
        }
    }

    /// Put an enterprise into a campaign in a state (creating or resetting its row).
    async fn put(
        store: &Store,
        campaign_id: i64,
        enterprise_id: i64,
        city: &str,
        state: &str,
        consent: &str,
        body: Option<i64>,
    ) -> i64 {
        let found = participation::Entity::find()
            .filter(participation::Column::CampaignId.eq(campaign_id))
            .filter(participation::Column::EnterpriseId.eq(enterprise_id))
            .one(store.db())
            .await
            .unwrap();
        let now = uplift_store::now();
        let mut row = match found {
            Some(p) => p.into_active_model(),
            None => participation::ActiveModel {
                campaign_id: Set(campaign_id),
                enterprise_id: Set(enterprise_id),
                city_code: Set(city.into()),
                origin: Set("recommended".into()),
                application_id: Set(None),
                city_rank: Set(Some(1)),
                reason: Set(Some("矩阵测试".into())),
                verdict_eligible: Set(Some(true)),
                verdict_failed: Set(Some("[]".into())),
                created_at: Set(now),
                ..Default::default()
            },
        };
        row.state = Set(state.into());
        row.consent = Set(consent.into());
        row.certification_body_id = Set(body);
        row.support_unit_id = Set(None);
        row.waitlist_rank = Set((state == "waitlisted").then_some(1));
        row.selection_rank = Set(None);
        row.updated_at = Set(now);
        row.save(store.db()).await.unwrap();
        participation::Entity::find()
            .filter(participation::Column::CampaignId.eq(campaign_id))
            .filter(participation::Column::EnterpriseId.eq(enterprise_id))
            .one(store.db())
            .await
            .unwrap()
            .unwrap()
            .id
    }

    async fn remove(store: &Store, campaign_id: i64, enterprise_id: i64) {
        participation::Entity::delete_many()
            .filter(participation::Column::CampaignId.eq(campaign_id))
            .filter(participation::Column::EnterpriseId.eq(enterprise_id))
            .exec(store.db())
            .await
            .unwrap();
    }

    async fn pending_application(
        store: &Store,
        campaign_id: i64,
        uscc: &str,
        city: &str,
        n: u32,
    ) -> i64 {
        application::ActiveModel {
            campaign_id: Set(campaign_id),
            reference: Set(format!("SQMATRIX{n:04}")),
            uscc: Set(uscc.into()),
            name: Set("矩阵申报有限公司".into()),
            division_code: Set(city.into()),
            city_code: Set(city.into()),
            industry: Set("industry".into()),
            employees: Set(Some(60)),
            operating_revenue: Set(Some(50_000_000)),
            main_revenue: Set(Some(40_000_000)),
            total_assets: Set(Some(20_000_000)),
            contact_name: Set("林静".into()),
            contact_phone: Set("13800001111".into()),
            motivation: Set("矩阵测试".into()),
            eligible: Set(true),
            failed_rules: Set("[]".into()),
            status: Set("pending".into()),
            decision_reason: Set(None),
            client_ip: Set(None),
            created_at: Set(uplift_store::now()),
            decided_at: Set(None),
            ..Default::default()
        }
        .insert(store.db())
        .await
        .unwrap()
        .id
    }

    async fn set_status(store: &Store, id: i64, status: &str) {
        let c = campaign::Entity::find_by_id(id)
            .one(store.db())
            .await
            .unwrap()
            .unwrap();
        let mut a = c.into_active_model();
        a.status = Set(status.into());
        a.update(store.db()).await.unwrap();
    }

    /// A Hunan campaign of its own year in a status, the main one put aside meanwhile
    /// (one open campaign per province).
    async fn side_campaign(store: &Store, w: &World, status: CampaignStatus) -> i64 {
        set_status(store, w.c, "draft").await;
        // Years beyond the form's range: never taken by the tries that create campaigns.
        let mut settings = CampaignSettings::new(2200 + u16::try_from(w.counter).unwrap());
        settings.status = status;
        let mut tx = store.write(&Actor::system("test")).await.unwrap();
        let c =
            uplift_store::campaigns::create(&mut tx, "430000", &settings, &Default::default(), &[])
                .await
                .unwrap();
        tx.commit().await.unwrap();
        c.id
    }

    /// After an open or close: the main campaign open again, the side one closed.
    async fn restore(store: &Store, w: &World) {
        for c in campaign::Entity::find()
            .filter(campaign::Column::ProvinceCode.eq("430000"))
            .all(store.db())
            .await
            .unwrap()
        {
            let status = if c.id == w.c { "open" } else { "closed" };
            if c.status != status {
                set_status(store, c.id, status).await;
            }
        }
    }

    /// The rows a campaign write could touch, beside the directory's and the accounts'.
    async fn rows(store: &Store) -> Vec<String> {
        let db = store.db();
        let mut out = snapshot(store).await;
        macro_rules! all {
            ($entity:path) => {
                out.extend(
                    <$entity>::find()
                        .all(db)
                        .await
                        .unwrap()
                        .into_iter()
                        .map(|m| format!("{m:?}")),
                )
            };
        }
        all!(campaign::Entity);
        all!(campaign_organisation::Entity);
        all!(participation::Entity);
        all!(application::Entity);
        all!(city_submission::Entity);
        all!(participation_event::Entity);
        out
    }

    /// Make every allowed try possible: the objects in the states the route needs.
    async fn prepare(store: &Store, w: &mut World, route: Route, role: &str) -> (Obj, Obj) {
        use Route as R;
        w.counter += 1;
        let n = w.counter;
        throttle_event::Entity::delete_many()
            .exec(store.db())
            .await
            .unwrap();
        let c = w.c;
        let outside_g = Obj {
            campaign: w.g,
            pid: w.g_pid,
            aid: 0,
            uscc: w.shenzhen.clone(),
        };
        let cs = |i: usize| w.changsha[i].clone();
        match route {
            R::PageCreate | R::ApiCreate | R::PageUpdate => (
                Obj {
                    campaign: c,
                    ..Obj::default()
                },
                outside_g,
            ),
            R::PageOpen | R::ApiOpen => {
                let x = side_campaign(store, w, CampaignStatus::Draft).await;
                (
                    Obj {
                        campaign: x,
                        ..Obj::default()
                    },
                    outside_g,
                )
            }
            R::PageClose | R::ApiClose => {
                let x = side_campaign(store, w, CampaignStatus::Open).await;
                (
                    Obj {
                        campaign: x,
                        ..Obj::default()
                    },
                    outside_g,
                )
            }
            R::PageRecommend | R::ApiRecommend => {
                let (id, uscc) = cs(0);
                remove(store, c, id).await;
                (
                    Obj {
                        campaign: c,
                        uscc,
                        ..Obj::default()
                    },
                    Obj {
                        campaign: c,
                        uscc: w.zhuzhou[1].1.clone(),
                        ..Obj::default()
                    },
                )
            }
            R::PageEdit | R::PageWithdrawRecommendation | R::ApiWithdrawRecommendation => {
                let (id, uscc) = cs(1);
                let pid = put(store, c, id, "430100", "recommended", "pending", None).await;
                let zpid = put(
                    store,
                    c,
                    w.zhuzhou[1].0,
                    "430200",
                    "recommended",
                    "pending",
                    None,
                )
                .await;
                (
                    Obj {
                        campaign: c,
                        pid,
                        uscc,
                        ..Obj::default()
                    },
                    Obj {
                        campaign: c,
                        pid: zpid,
                        ..Obj::default()
                    },
                )
            }
            R::PageSubmit | R::ApiSubmit => {
                let (id, _) = cs(2);
                put(store, c, id, "430100", "recommended", "pending", None).await;
                (
                    Obj {
                        campaign: c,
                        ..Obj::default()
                    },
                    outside_g,
                )
            }
            R::PageAdopt | R::PageDecline => {
                let (id, uscc) = cs(3);
                remove(store, c, id).await;
                let aid = pending_application(store, c, &uscc, "430100", n).await;
                let zaid = pending_application(store, c, &w.zhuzhou[0].1, "430200", n + 5000).await;
                (
                    Obj {
                        campaign: c,
                        aid,
                        ..Obj::default()
                    },
                    Obj {
                        campaign: c,
                        aid: zaid,
                        ..Obj::default()
                    },
                )
            }
            R::PageConsent | R::ApiConsent => {
                let (id, _) = w.own.clone();
                put(store, c, id, "430100", "submitted", "pending", None).await;
                (
                    Obj {
                        campaign: c,
                        ..Obj::default()
                    },
                    outside_g,
                )
            }
            R::PageSelect | R::ApiSelect => {
                let (id, uscc) = cs(4);
                put(store, c, id, "430100", "submitted", "confirmed", None).await;
                (
                    Obj {
                        campaign: c,
                        uscc,
                        ..Obj::default()
                    },
                    outside_g,
                )
            }
            R::PageReturn => {
                let (id, _) = cs(5);
                let pid = put(store, c, id, "430100", "submitted", "confirmed", None).await;
                (
                    Obj {
                        campaign: c,
                        pid,
                        ..Obj::default()
                    },
                    outside_g,
                )
            }
            R::PagePromote => {
                let (id, _) = cs(6);
                let pid = put(
                    store,
                    c,
                    id,
                    "430100",
                    "waitlisted",
                    "confirmed",
                    Some(w.body),
                )
                .await;
                (
                    Obj {
                        campaign: c,
                        pid,
                        ..Obj::default()
                    },
                    outside_g,
                )
            }
            R::PageAssign => {
                let (id, _) = cs(7);
                let pid = put(
                    store,
                    c,
                    id,
                    "430100",
                    "selected",
                    "confirmed",
                    Some(w.body),
                )
                .await;
                (
                    Obj {
                        campaign: c,
                        pid,
                        ..Obj::default()
                    },
                    outside_g,
                )
            }
            R::PageWithdraw => {
                let (id, _) = cs(8);
                let other = put(
                    store,
                    c,
                    id,
                    "430100",
                    "selected",
                    "confirmed",
                    Some(w.body),
                )
                .await;
                let own = put(store, c, w.own.0, "430100", "submitted", "confirmed", None).await;
                let other = Obj {
                    campaign: c,
                    pid: other,
                    ..Obj::default()
                };
                if role == "enterprise-a" {
                    // Its own participation inside; another enterprise's outside.
                    (
                        Obj {
                            campaign: c,
                            pid: own,
                            ..Obj::default()
                        },
                        other,
                    )
                } else {
                    (other, outside_g)
                }
            }
            R::PageApply => (
                Obj {
                    uscc: Uscc::from_parts('9', '1', "430103", &format!("{:08}", 4_500 + n))
                        .unwrap()
                        .as_str()
                        .into(),
                    ..Obj::default()
                },
                // Guangxi: no campaign is open there.
                Obj {
                    uscc: Uscc::from_parts('9', '1', "450103", &format!("{:08}", 4_500 + n))
                        .unwrap()
                        .as_str()
                        .into(),
                    ..Obj::default()
                },
            ),
        }
    }

    async fn json(
        client: &mut Client,
        method: &str,
        path: &str,
        token: &str,
        body: serde_json::Value,
    ) -> StatusCode {
        let request = Request::builder()
            .method(method)
            .uri(path)
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::AUTHORIZATION, format!("Bearer {token}"));
        client
            .send(request, Body::from(body.to_string()))
            .await
            .status
    }

    async fn attempt(
        client: &mut Client,
        token: &str,
        w: &World,
        route: Route,
        o: &Obj,
    ) -> StatusCode {
        use Route as R;
        let n = w.counter;
        let (c, pid, aid) = (o.campaign, o.pid, o.aid);
        let body = w.body.to_string();
        let unit = w.unit.to_string();
        let campaign_form = |year: u32, from: String| -> Vec<(String, String)> {
            vec![
                ("year".into(), year.to_string()),
                ("quota".into(), format!("{}", 60 + n)),
                ("recommend_min".into(), "1".into()),
                ("recommend_max".into(), "20".into()),
                ("report_deadlines".into(), String::new()),
                ("body".into(), body.clone()),
                ("unit".into(), unit.clone()),
                ("from_campaign".into(), from),
            ]
        };
        let form = |pairs: Vec<(String, String)>| pairs;
        let post = |path: String, pairs: Vec<(String, String)>| (path, pairs);
        let (path, pairs) = match route {
            R::PageCreate => post(
                "/campaigns".into(),
                campaign_form(
                    2050 + n,
                    if o.campaign == w.g {
                        w.g.to_string()
                    } else {
                        String::new()
                    },
                ),
            ),
            R::PageUpdate => post(
                format!("/campaigns/{c}"),
                campaign_form(2023, String::new()),
            ),
            R::PageOpen => post(format!("/campaigns/{c}/open"), Vec::new()),
            R::PageClose => post(format!("/campaigns/{c}/close"), Vec::new()),
            R::PageRecommend => post(
                format!("/campaigns/{c}/recommendations"),
                form(vec![
                    ("uscc".into(), o.uscc.clone()),
                    ("reason".into(), format!("矩阵推荐理由{n}")),
                ]),
            ),
            R::PageEdit => post(
                format!("/recommendations/{pid}"),
                form(vec![
                    ("uscc".into(), o.uscc.clone()),
                    ("reason".into(), format!("矩阵修改理由{n}")),
                ]),
            ),
            R::PageWithdrawRecommendation => {
                post(format!("/recommendations/{pid}/withdraw"), Vec::new())
            }
            R::PageSubmit => post(format!("/campaigns/{c}/submit"), Vec::new()),
            R::PageAdopt => post(
                format!("/campaigns/{c}/applications/{aid}/adopt"),
                Vec::new(),
            ),
            R::PageDecline => post(
                format!("/campaigns/{c}/applications/{aid}/decline"),
                form(vec![("reason".into(), "矩阵不予采纳".into())]),
            ),
            R::PageConsent => post(
                format!("/campaigns/{c}/consent"),
                form(vec![
                    ("decision".into(), "confirm".into()),
                    ("person_in_charge".into(), "张伟".into()),
                    ("commits".into(), "on".into()),
                ]),
            ),
            R::PageSelect => post(
                format!("/campaigns/{c}/selections"),
                form(vec![
                    ("uscc".into(), o.uscc.clone()),
                    ("certification_body_id".into(), body.clone()),
                ]),
            ),
            R::PageReturn => post(
                format!("/campaigns/{c}/participations/{pid}/return"),
                form(vec![("reason".into(), "矩阵退回".into())]),
            ),
            R::PagePromote => post(
                format!("/campaigns/{c}/participations/{pid}/promote"),
                form(vec![("certification_body_id".into(), body.clone())]),
            ),
            R::PageAssign => post(
                format!("/campaigns/{c}/participations/{pid}/assign"),
                form(vec![
                    ("certification_body_id".into(), body.clone()),
                    ("support_unit_id".into(), unit.clone()),
                ]),
            ),
            R::PageWithdraw => post(
                format!("/campaigns/{c}/participations/{pid}/withdraw"),
                form(vec![("reason".into(), "矩阵退出".into())]),
            ),
            R::PageApply => post(
                "/apply".into(),
                form(vec![
                    ("uscc".into(), o.uscc.clone()),
                    ("name".into(), format!("矩阵申报{n}号有限公司")),
                    ("division_code".into(), o.uscc[2..8].to_string()),
                    ("industry".into(), "industry".into()),
                    ("employees".into(), "50".into()),
                    ("operating_revenue".into(), "3000".into()),
                    ("main_revenue".into(), "2800".into()),
                    ("total_assets".into(), "1000".into()),
                    ("contact_name".into(), "林静".into()),
                    ("contact_phone".into(), "13800001111".into()),
                    ("motivation".into(), "矩阵测试".into()),
                ]),
            ),
            R::ApiCreate => {
                let mut body = serde_json::json!({
                    "year": 2060 + n % 30, "quota": 50, "recommend_min": 1, "recommend_max": 5
                });
                if o.campaign == w.g {
                    body["from_campaign_id"] = w.g.into();
                }
                return json(client, "POST", "/api/v1/campaigns", token, body).await;
            }
            R::ApiOpen => {
                return json(
                    client,
                    "POST",
                    &format!("/api/v1/campaigns/{c}/open"),
                    token,
                    serde_json::json!({}),
                )
                .await;
            }
            R::ApiClose => {
                return json(
                    client,
                    "POST",
                    &format!("/api/v1/campaigns/{c}/close"),
                    token,
                    serde_json::json!({}),
                )
                .await;
            }
            R::ApiRecommend => {
                return json(
                    client,
                    "POST",
                    &format!("/api/v1/campaigns/{c}/recommendations"),
                    token,
                    serde_json::json!({"uscc": o.uscc, "reason": format!("矩阵推荐理由{n}")}),
                )
                .await;
            }
            R::ApiWithdrawRecommendation => {
                return json(
                    client,
                    "DELETE",
                    &format!("/api/v1/recommendations/{pid}"),
                    token,
                    serde_json::json!({}),
                )
                .await;
            }
            R::ApiSubmit => {
                return json(
                    client,
                    "POST",
                    &format!("/api/v1/campaigns/{c}/submit"),
                    token,
                    serde_json::json!({}),
                )
                .await;
            }
            R::ApiConsent => {
                return json(
                    client,
                    "POST",
                    &format!("/api/v1/campaigns/{c}/consent"),
                    token,
                    serde_json::json!({"decision": "confirm", "person_in_charge": "张伟"}),
                )
                .await;
            }
            R::ApiSelect => {
                return json(
                    client,
                    "POST",
                    &format!("/api/v1/campaigns/{c}/selections"),
                    token,
                    serde_json::json!({"uscc": o.uscc, "certification_body_id": w.body}),
                )
                .await;
            }
        };
        let refs: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        client.post_form(&path, &refs).await.status
    }

    #[tokio::test]
    async fn every_campaign_write_route_by_every_role_is_allowed_or_a_404_that_changes_nothing() {
        let app = TestApp::new().await;
        let mut w = setup(&app).await;
        let mut clients = Vec::new();
        for role in ROLES {
            let mut c = app.logged_in(role).await;
            c.headers
                .push(("sec-fetch-site".into(), "same-origin".into()));
            clients.push((role, c, app.token(role).await));
        }
        let mut failures = Vec::new();
        let mut tries = 0;
        for route in ROUTES {
            for (role, client, token) in clients.iter_mut() {
                let (inside, outside) = prepare(&app.store, &mut w, route, role).await;
                for (is_inside, target) in [(true, inside), (false, outside)] {
                    let before = rows(&app.store).await;
                    let status = attempt(client, token, &w, route, &target).await;
                    wait_for_jobs(&app.store).await;
                    let after = rows(&app.store).await;
                    tries += 1;
                    let want = expected(role, route, is_inside);
                    let changed = before != after;
                    let ok = match want {
                        Outcome::Changed => {
                            (status.is_redirection() || status.is_success()) && changed
                        }
                        Outcome::NotFound => status == StatusCode::NOT_FOUND && !changed,
                        Outcome::Refused => status == StatusCode::UNPROCESSABLE_ENTITY && !changed,
                    };
                    if !ok {
                        failures.push(format!(
                            "{role} {route:?} {} -> {status}, changed: {changed}; expected {want:?}",
                            if is_inside { "inside" } else { "outside" },
                        ));
                    }
                }
                if matches!(
                    route,
                    Route::PageOpen | Route::PageClose | Route::ApiOpen | Route::ApiClose
                ) {
                    restore(&app.store, &w).await;
                }
            }
        }
        assert_eq!(tries, ROLES.len() * ROUTES.len() * 2);
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}
