//! Test databases, the application under test, a small province, and a cookie-keeping client.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use tower::ServiceExt;
use uplift_app::{App, Settings};
use uplift_domain::division::DivisionCode;
use uplift_domain::money::Money;
use uplift_domain::role::{OrganisationKind, Role};
use uplift_domain::sme::Industry;
use uplift_domain::uscc::Uscc;
use uplift_store::Store;
use uplift_store::accounts::hash_blocking;
use uplift_store::audit::Actor;
use uplift_store::enterprises::{self, NewEnterprise};
use uplift_store::organisations::{self, NewOrganisation};
use uplift_store::sea_orm::{ConnectionTrait, Database};
use uplift_store::users::{self, NewUser};
use uplift_web::{AppState, WebConfig};

pub const PASSWORD: &str = "Correct-Horse-42";

static COUNTER: AtomicU64 = AtomicU64::new(0);

fn unique_name(prefix: &str) -> String {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("{prefix}_{}_{n}_{nanos}", std::process::id())
}

/// A fresh database for one test, removed when dropped.
pub struct TestDb {
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    File(std::path::PathBuf),
    Postgres { admin_url: String, name: String },
}

impl TestDb {
    pub async fn new() -> TestDb {
        match std::env::var("UPLIFT_TEST_DATABASE_URL") {
            Ok(admin_url) if admin_url.starts_with("postgres") => {
                let name = unique_name("uplift_t");
                let admin = Database::connect(admin_url.as_str())
                    .await
                    .expect("connect admin");
                admin
                    .execute_unprepared(&format!("CREATE DATABASE {name}"))
                    .await
                    .expect("create test database");
                admin.close().await.ok();
                let base = admin_url
                    .rsplit_once('/')
                    .map(|(b, _)| b)
                    .unwrap_or(&admin_url);
                TestDb {
                    url: format!("{base}/{name}"),
                    cleanup: Cleanup::Postgres { admin_url, name },
                }
            }
            _ => {
                let path = std::env::temp_dir().join(format!("{}.db", unique_name("uplift_t")));
                TestDb {
                    url: format!("sqlite://{}", path.display()),
                    cleanup: Cleanup::File(path),
                }
            }
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::File(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let mut p = path.clone().into_os_string();
                    p.push(suffix);
                    let _ = std::fs::remove_file(p);
                }
            }
            Cleanup::Postgres { admin_url, name } => {
                let admin_url = admin_url.clone();
                let name = name.clone();
                // Drop runs inside the test's runtime: use a thread with its own.
                let _ = std::thread::spawn(move || {
                    let rt = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build();
                    if let Ok(rt) = rt {
                        rt.block_on(async {
                            if let Ok(admin) = Database::connect(admin_url.as_str()).await {
                                let _ = admin
                                    .execute_unprepared(&format!(
                                        "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                                    ))
                                    .await;
                                let _ = admin.close().await;
                            }
                        });
                    }
                })
                .join();
            }
        }
    }
}

/// The little province every test starts from: 长沙 (430100) and 株洲 (430200) in Hunan,
/// one enterprise in Guangdong, a certification body, a support unit, an expert group.
#[derive(Debug, Clone)]
pub struct Fixture {
    /// In 长沙, assigned to body-1; its contact is `enterprise-a`.
    pub changsha_a: String,
    /// In 长沙 (a county code), assigned to support-1.
    pub changsha_b: String,
    /// In 株洲.
    pub zhuzhou_c: String,
    /// In 深圳, Guangdong: outside the province.
    pub shenzhen_g: String,
    pub body_org_id: i64,
    pub city_org_id: i64,
}

pub struct TestApp {
    /// The platform's use cases, as the pages and the CLI call them.
    pub app: App,
    /// The same database, for looking at rows directly.
    pub store: Store,
    pub router: Router,
    pub fx: Fixture,
    pub db: TestDb,
}

fn code(division: &str, body: &str) -> Uscc {
    Uscc::from_parts('9', '1', division, body).expect("valid parts")
}

fn enterprise(uscc: &Uscc, name: &str, division: &str, phone: &str) -> NewEnterprise {
    NewEnterprise {
        uscc: uscc.clone(),
        uscc_warnings: Vec::new(),
        name: name.to_string(),
        division: DivisionCode::parse(division).unwrap(),
        industry: Industry::Industry,
        employees: Some(120),
        operating_revenue: Some(Money::from_wan(5000)),
        main_revenue: Some(Money::from_wan(4500)),
        total_assets: Some(Money::from_wan(3000)),
        operating_status: uplift_domain::directory::OperatingStatus::Operating,
        contact_name: Some("张伟".into()),
        contact_phone: Some(phone.to_string()),
    }
}

pub async fn load_fixture(store: &Store) -> Fixture {
    let mut tx = store.write(&Actor::system("test")).await.unwrap();
    let org = |kind, name: &str, code: Option<&str>| NewOrganisation {
        kind,
        name: name.into(),
        name_en: None,
        division_code: code.map(|c| DivisionCode::parse(c).unwrap()),
    };
    let province = organisations::create(
        &mut tx,
        org(
            OrganisationKind::ProvinceRegulator,
            "湖南省市场监督管理局",
            Some("430000"),
        ),
    )
    .await
    .unwrap();
    let changsha = organisations::create(
        &mut tx,
        org(
            OrganisationKind::CityRegulator,
            "长沙市市场监督管理局",
            Some("430100"),
        ),
    )
    .await
    .unwrap();
    let zhuzhou = organisations::create(
        &mut tx,
        org(
            OrganisationKind::CityRegulator,
            "株洲市市场监督管理局",
            Some("430200"),
        ),
    )
    .await
    .unwrap();
    let body = organisations::create(
        &mut tx,
        org(
            OrganisationKind::CertificationBody,
            "测试认证有限公司",
            Some("430100"),
        ),
    )
    .await
    .unwrap();
    let support = organisations::create(
        &mut tx,
        org(
            OrganisationKind::SupportUnit,
            "测试技术支撑中心",
            Some("430100"),
        ),
    )
    .await
    .unwrap();
    let experts = organisations::create(
        &mut tx,
        org(OrganisationKind::ExpertGroup, "测试专家组", Some("430000")),
    )
    .await
    .unwrap();

    let a = code("430100", "00000011");
    let b = code("430104", "00000022");
    let c = code("430200", "00000033");
    let g = code("440300", "00000044");
    let ea = enterprises::insert(
        &mut tx,
        enterprise(&a, "长沙甲机械有限公司", "430100", "13812341234"),
    )
    .await
    .unwrap();
    let eb = enterprises::insert(
        &mut tx,
        enterprise(&b, "长沙乙电子有限公司", "430104", "13900001111"),
    )
    .await
    .unwrap();
    enterprises::insert(
        &mut tx,
        enterprise(&c, "株洲丙材料有限公司", "430200", "13700002222"),
    )
    .await
    .unwrap();
    enterprises::insert(
        &mut tx,
        enterprise(&g, "深圳丁科技有限公司", "440300", "13600003333"),
    )
    .await
    .unwrap();
    organisations::assign(&mut tx, body.id, ea.id)
        .await
        .unwrap();
    organisations::assign(&mut tx, support.id, eb.id)
        .await
        .unwrap();

    let hash = hash_blocking(PASSWORD.to_string()).await.unwrap();
    let accounts: Vec<(&str, Role, Option<i64>, Option<i64>)> = vec![
        ("province", Role::Province, Some(province.id), None),
        ("city-430100", Role::City, Some(changsha.id), None),
        ("city-430200", Role::City, Some(zhuzhou.id), None),
        ("body-1", Role::CertificationBody, Some(body.id), None),
        ("support-1", Role::SupportUnit, Some(support.id), None),
        ("expert-1", Role::Expert, Some(experts.id), None),
        ("sysadmin", Role::SystemAdmin, Some(province.id), None),
        ("auditlog", Role::AuditAdmin, Some(province.id), None),
        ("enterprise-a", Role::Enterprise, None, Some(ea.id)),
    ];
    for (username, role, org_id, ent_id) in accounts {
        users::create_with_hash(
            &mut tx,
            NewUser {
                username: username.into(),
                display_name: username.into(),
                password: String::new(),
                role,
                organisation_id: org_id,
                enterprise_id: ent_id,
                set_by_other: false,
            },
            hash.clone(),
        )
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    Fixture {
        changsha_a: a.as_str().into(),
        changsha_b: b.as_str().into(),
        zhuzhou_c: c.as_str().into(),
        shenzhen_g: g.as_str().into(),
        body_org_id: body.id,
        city_org_id: changsha.id,
    }
}

impl TestApp {
    pub async fn new() -> TestApp {
        TestApp::with_config(WebConfig::default(), Router::new()).await
    }

    pub async fn with_config(config: WebConfig, extra: Router<AppState>) -> TestApp {
        TestApp::with(Settings::default(), config, extra).await
    }

    pub async fn with_settings(settings: Settings) -> TestApp {
        TestApp::with(settings, WebConfig::default(), Router::new()).await
    }

    pub async fn with(
        mut settings: Settings,
        config: WebConfig,
        extra: Router<AppState>,
    ) -> TestApp {
        // Uploads, reports and exports go to a directory of the test's own, never into the
        // source tree the tests run in.
        if settings.data_dir == Settings::default().data_dir {
            settings.data_dir = std::env::temp_dir().join(unique_name("uplift_data"));
        }
        let db = TestDb::new().await;
        let store = Store::connect(&db.url).await.expect("connect");
        store.migrate().await.expect("migrate");
        let fx = load_fixture(&store).await;
        let app = App::from_store(store.clone(), settings);
        let router = uplift_web::router_with(AppState::new(app.clone(), config), extra);
        TestApp {
            app,
            store,
            router,
            fx,
            db,
        }
    }

    /// A second instance on the same database (as behind a load balancer).
    pub fn second_instance(&self, config: WebConfig) -> Router {
        let app = App::from_store(self.store.clone(), self.app.settings().clone());
        uplift_web::router(AppState::new(app, config))
    }

    pub fn client(&self) -> Client {
        Client::new(self.router.clone())
    }

    pub async fn logged_in(&self, username: &str) -> Client {
        let mut c = self.client();
        let res = c.login(username, PASSWORD).await;
        assert_eq!(
            res.status,
            StatusCode::SEE_OTHER,
            "login of {username} failed: {}",
            res.body
        );
        c
    }

    pub async fn token(&self, username: &str) -> String {
        let mut c = self.client();
        let res = c
            .post_json(
                "/api/v1/tokens",
                serde_json::json!({"username": username, "password": PASSWORD}),
            )
            .await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
        res.json()["token"].as_str().unwrap().to_string()
    }
}

pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
    /// The body as sent (a workbook is not text).
    pub bytes: Vec<u8>,
}

impl Resp {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    pub fn location(&self) -> Option<&str> {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
    }
}

/// A browser stand-in: keeps cookies, sends extra headers.
pub struct Client {
    router: Router,
    pub cookies: BTreeMap<String, String>,
    pub headers: Vec<(String, String)>,
}

impl Client {
    pub fn new(router: Router) -> Client {
        Client {
            router,
            cookies: BTreeMap::new(),
            headers: Vec::new(),
        }
    }

    pub async fn send(&mut self, mut builder: axum::http::request::Builder, body: Body) -> Resp {
        if !self.cookies.is_empty() {
            let cookie = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("; ");
            builder = builder.header(header::COOKIE, cookie);
        }
        for (k, v) in &self.headers {
            builder = builder.header(k.as_str(), v.as_str());
        }
        let res = self
            .router
            .clone()
            .oneshot(builder.body(body).unwrap())
            .await
            .unwrap();
        for value in res.headers().get_all(header::SET_COOKIE) {
            let text = value.to_str().unwrap();
            let pair = text.split(';').next().unwrap();
            let (name, val) = pair.split_once('=').unwrap();
            if text.contains("Max-Age=0") || val.is_empty() {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_string(), val.to_string());
            }
        }
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        Resp {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            bytes: bytes.to_vec(),
        }
    }

    pub async fn get(&mut self, path: &str) -> Resp {
        self.send(Request::get(path), Body::empty()).await
    }

    pub async fn get_bearer(&mut self, path: &str, token: &str) -> Resp {
        self.send(
            Request::get(path).header(header::AUTHORIZATION, format!("Bearer {token}")),
            Body::empty(),
        )
        .await
    }

    pub async fn post_form(&mut self, path: &str, form: &[(&str, &str)]) -> Resp {
        self.send(
            Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded"),
            Body::from(serde_urlencoded::to_string(form).unwrap()),
        )
        .await
    }

    pub async fn post_json(&mut self, path: &str, value: serde_json::Value) -> Resp {
        self.send(
            Request::post(path).header(header::CONTENT_TYPE, "application/json"),
            Body::from(value.to_string()),
        )
        .await
    }

    pub async fn login(&mut self, username: &str, password: &str) -> Resp {
        self.post_form(
            "/login",
            &[
                ("username", username),
                ("password", password),
                ("next", "/"),
            ],
        )
        .await
    }

    pub fn session(&self) -> Option<String> {
        self.cookies.get("uplift_session").cloned()
    }
}
