//! Cross-site requests, security headers, errors with operation ids, panics.

use axum::http::StatusCode;
use axum::routing::get;
use uplift_web::WebConfig;

use crate::harness::{PASSWORD, TestApp};

#[tokio::test]
async fn a_cross_site_post_is_refused_before_it_does_anything() {
    let app = TestApp::new().await;
    let mut admin = app.logged_in("sysadmin").await;
    let org = app.fx.city_org_id.to_string();
    admin.headers = vec![
        ("sec-fetch-site".into(), "cross-site".into()),
        ("origin".into(), "https://evil.example".into()),
    ];
    let res = admin
        .post_form(
            "/admin/users",
            &[
                ("username", "planted"),
                ("role", "city"),
                ("organisation_id", &org),
                ("password", "Good-Password-9"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert!(
        uplift_store::users::find_by_username(&app.store, "planted")
            .await
            .unwrap()
            .is_none()
    );
    // A form on another site cannot log a victim in or out either.
    let mut visitor = app.client();
    visitor.headers = vec![("origin".into(), "https://evil.example".into())];
    assert_eq!(
        visitor.login("province", PASSWORD).await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn a_same_origin_post_passes() {
    let app = TestApp::new().await;
    let mut c = app.client();
    c.headers = vec![
        ("sec-fetch-site".into(), "same-origin".into()),
        ("origin".into(), "http://localhost".into()),
        ("host".into(), "localhost".into()),
    ];
    assert_eq!(
        c.login("province", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn every_page_carries_the_security_headers() {
    let app = TestApp::new().await;
    let res = app.client().get("/login").await;
    let csp = res
        .headers
        .get("content-security-policy")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"));
    assert!(csp.contains("frame-ancestors 'none'"));
    assert_eq!(
        res.headers.get("x-content-type-options").unwrap(),
        "nosniff"
    );
    assert!(!res.body.contains("<script>"), "no inline script");
}

#[tokio::test]
async fn a_missing_page_shows_a_message_and_an_operation_id() {
    let app = TestApp::new().await;
    let mut c = app.logged_in("province").await;
    let res = c.get("/enterprises/91430100MA4L000000").await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert!(res.body.contains("操作编号"));
    let api = c.get("/api/v1/nothing-here").await;
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    assert_eq!(api.json()["error"]["code"], "not_found");
    assert_eq!(
        api.json()["error"]["operation_id"].as_str().unwrap().len(),
        8
    );
}

#[tokio::test]
async fn a_panicking_handler_becomes_a_500_page_and_the_server_lives_on() {
    #[allow(unreachable_code)]
    async fn boom() -> &'static str {
        panic!("deliberate");
    }
    let app = TestApp::with_config(
        WebConfig::default(),
        axum::Router::new().route("/boom", get(boom)),
    )
    .await;
    let mut c = app.client();
    let res = c.get("/boom").await;
    assert_eq!(res.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(res.body.contains("操作编号"));
    assert!(!res.body.contains("deliberate"), "no internals shown");
    assert_eq!(c.get("/healthz").await.status, StatusCode::OK);
}

#[tokio::test]
async fn the_interface_is_chinese_by_default_and_english_on_request() {
    let app = TestApp::new().await;
    let mut c = app.client();
    assert!(c.get("/login").await.body.contains("登录"));
    let res = c.get("/lang/en?next=/login").await;
    assert_eq!(res.location(), Some("/login"));
    assert!(c.get("/login").await.body.contains("Log in"));
    // Only local paths are followed after switching.
    let res = c.get("/lang/zh-CN?next=//evil.example/").await;
    assert_eq!(res.location(), Some("/"));
}

#[tokio::test]
async fn health_answers_without_a_login() {
    let app = TestApp::new().await;
    let res = app.client().get("/healthz").await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.body, "ok");
}

/// Government data crosses the network to PostgreSQL encrypted when the URL asks for it
/// (`sslmode=require`, or `verify-full` with `sslrootcert=` to check the server too).
#[tokio::test]
async fn a_postgres_url_with_sslmode_require_connects_over_tls() {
    use uplift_store::sea_orm::{ConnectionTrait, DbBackend, Statement};

    let app = TestApp::new().await;
    let db = app.store.db();
    if db.get_database_backend() != DbBackend::Postgres {
        return;
    }
    let ssl = db
        .query_one_raw(Statement::from_string(DbBackend::Postgres, "SHOW ssl"))
        .await
        .unwrap()
        .and_then(|row| row.try_get_by_index::<String>(0).ok());
    if ssl.as_deref() != Some("on") {
        eprintln!("this PostgreSQL server has TLS switched off: nothing to check");
        return;
    }
    let separator = if app.db.url.contains('?') { '&' } else { '?' };
    let url = format!("{}{separator}sslmode=require", app.db.url);
    let store = uplift_store::Store::connect(&url).await.unwrap();
    let encrypted = store
        .db()
        .query_one_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
        ))
        .await
        .unwrap()
        .and_then(|row| row.try_get_by_index::<bool>(0).ok());
    assert_eq!(encrypted, Some(true));
    store.db().clone().close().await.ok();
}
