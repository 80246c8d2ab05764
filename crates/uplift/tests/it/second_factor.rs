//! Staff accounts log in with a second factor: enrolled at the first login with a QR
//! code, single-use codes, ten recovery codes shown once; a password alone yields no
//! session that reaches anything and no API token.

use axum::http::StatusCode;
use uplift_domain::totp;

use crate::harness::{Client, PASSWORD, TestApp};

async fn strict() -> TestApp {
    TestApp::with_settings(uplift_app::Settings {
        require_second_factor: true,
        ..Default::default()
    })
    .await
}

fn now() -> u64 {
    u64::try_from(uplift_store::now().timestamp()).unwrap()
}

/// The secret the enrolment page offers (shown for typing into an authenticator).
fn offered_secret(page: &str) -> Vec<u8> {
    let at = page.find("<code>").expect("the secret is shown") + "<code>".len();
    let secret = &page[at..at + page[at..].find("</code>").unwrap()];
    totp::base32_decode(secret).unwrap()
}

async fn login(c: &mut Client, username: &str) {
    let res = c.login(username, PASSWORD).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(
        res.location().unwrap().starts_with("/login/second-factor"),
        "{:?}",
        res.location()
    );
}

#[tokio::test]
async fn a_staff_account_enrols_at_its_first_login_and_a_code_works_only_once() {
    let app = strict().await;
    let mut c = app.client();
    login(&mut c, "city-430100").await;
    // The password alone reaches nothing.
    assert_eq!(
        c.get("/enterprises").await.location(),
        Some("/login/second-factor")
    );
    let page = c.get("/login/second-factor").await;
    assert!(page.body.contains("<svg"), "a QR code is drawn");
    let secret = offered_secret(&page.body);
    let code = totp::code_at(&secret, now()).unwrap();
    let enrolled = c
        .post_form("/login/second-factor", &[("code", &code), ("next", "/")])
        .await;
    assert_eq!(enrolled.status, StatusCode::OK);
    let recovery: Vec<String> = enrolled
        .body
        .split("<li><code>")
        .skip(1)
        .map(|s| s.split("</code>").next().unwrap().to_string())
        .collect();
    assert_eq!(recovery.len(), 10, "ten recovery codes, shown once");
    assert_eq!(c.get("/enterprises").await.status, StatusCode::OK);

    // The next login: the same code again is a replay, refused.
    let mut again = app.client();
    login(&mut again, "city-430100").await;
    let replay = again
        .post_form("/login/second-factor", &[("code", &code), ("next", "/")])
        .await;
    assert_eq!(replay.status, StatusCode::UNAUTHORIZED);
    // The code of the next time step (within the ±1 step tolerance) is accepted once.
    let next = totp::code_at(&secret, now() + totp::STEP_SECONDS).unwrap();
    let ok = again
        .post_form(
            "/login/second-factor",
            &[("code", &next), ("next", "/enterprises")],
        )
        .await;
    assert_eq!(ok.location(), Some("/enterprises"));

    // A recovery code works once, in a browser or for an API token.
    let mut third = app.client();
    login(&mut third, "city-430100").await;
    let used = third
        .post_form(
            "/login/second-factor",
            &[("code", &recovery[0]), ("next", "/")],
        )
        .await;
    assert_eq!(used.status, StatusCode::SEE_OTHER);
    let mut fourth = app.client();
    login(&mut fourth, "city-430100").await;
    let reused = fourth
        .post_form(
            "/login/second-factor",
            &[("code", &recovery[0]), ("next", "/")],
        )
        .await;
    assert_eq!(reused.status, StatusCode::UNAUTHORIZED);

    let mut api = app.client();
    let without = api
        .post_json(
            "/api/v1/tokens",
            serde_json::json!({"username": "city-430100", "password": PASSWORD}),
        )
        .await;
    assert_eq!(without.status, StatusCode::UNAUTHORIZED);
    let with = api
        .post_json(
            "/api/v1/tokens",
            serde_json::json!({"username": "city-430100", "password": PASSWORD, "code": recovery[1]}),
        )
        .await;
    assert_eq!(with.status, StatusCode::CREATED, "{}", with.body);
}

#[tokio::test]
async fn a_staff_account_not_yet_enrolled_gets_no_api_token() {
    let app = strict().await;
    let mut api = app.client();
    let res = api
        .post_json(
            "/api/v1/tokens",
            serde_json::json!({"username": "province", "password": PASSWORD, "code": "123456"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn an_enterprise_contact_logs_in_with_its_password_alone() {
    let app = strict().await;
    let mut c = app.client();
    let res = c.login("enterprise-a", PASSWORD).await;
    assert_eq!(res.location(), Some("/"));
    assert_eq!(c.get("/").await.status, StatusCode::OK);
}

#[tokio::test]
async fn wrong_codes_count_toward_the_lockout() {
    let app = strict().await;
    let mut c = app.client();
    login(&mut c, "city-430100").await;
    let page = c.get("/login/second-factor").await;
    let secret = offered_secret(&page.body);
    let code = totp::code_at(&secret, now()).unwrap();
    c.post_form("/login/second-factor", &[("code", &code), ("next", "/")])
        .await;
    let mut d = app.client();
    login(&mut d, "city-430100").await;
    for _ in 0..5 {
        let res = d
            .post_form("/login/second-factor", &[("code", "000000"), ("next", "/")])
            .await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    }
    // Locked now: the right password alone opens nothing (only the second-factor page,
    // where the owner may still prove both factors), and the lock stays.
    let mut e = app.client();
    let res = e.login("city-430100", PASSWORD).await;
    assert!(res.location().unwrap().starts_with("/login/second-factor"));
    assert_eq!(
        e.get("/enterprises").await.location(),
        Some("/login/second-factor")
    );
    let account = uplift_store::users::find_by_username(&app.store, "city-430100")
        .await
        .unwrap()
        .unwrap();
    assert!(uplift_store::accounts::is_locked(
        &account,
        uplift_store::now()
    ));
}

#[tokio::test]
async fn the_demo_login_page_says_the_second_factor_is_off() {
    let app = TestApp::new().await;
    let page = app.client().get("/login").await;
    assert!(page.body.contains("未要求动态验证码"));
    let strict = strict().await;
    let page = strict.client().get("/login").await;
    assert!(!page.body.contains("未要求动态验证码"));
}
