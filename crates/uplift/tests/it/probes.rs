//! What an outside probe found, each closed and kept closed: open redirects through the
//! language switch and the login form, huge page numbers, a line break in `next`, and an
//! Origin of another scheme.

use axum::http::StatusCode;

use crate::harness::{PASSWORD, TestApp};

/// Where a browser goes after `location`: tabs and line breaks dropped, backslashes read
/// as slashes (the URL standard's own normalisation).
fn as_browser_reads(location: &str) -> String {
    location
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .map(|c| if c == '\\' { '/' } else { c })
        .collect()
}

const TRICKS: [&str; 8] = [
    "/%09/evil.example/x",
    "/%0A/evil.example",
    "/%0D%0A/evil.example",
    "/\\evil.example",
    "/%5Cevil.example",
    "//evil.example",
    "https://evil.example",
    "/%09%09/evil.example",
];

#[tokio::test]
async fn the_language_switch_and_the_login_never_send_a_browser_to_another_site() {
    let app = TestApp::new().await;
    for trick in TRICKS {
        let res = app.client().get(&format!("/lang/en?next={trick}")).await;
        let location = as_browser_reads(res.location().unwrap_or(""));
        assert!(
            location.starts_with('/') && !location.starts_with("//"),
            "{trick} -> {location}"
        );
        let mut c = app.client();
        let decoded: String =
            serde_urlencoded::from_str::<Vec<(String, String)>>(&format!("next={trick}"))
                .unwrap()
                .remove(0)
                .1;
        let res = c
            .post_form(
                "/login",
                &[
                    ("username", "province"),
                    ("password", PASSWORD),
                    ("next", &decoded),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{trick}");
        let location = as_browser_reads(res.location().unwrap_or(""));
        assert!(
            location.starts_with('/') && !location.starts_with("//"),
            "{trick} -> {location}"
        );
    }
}

#[tokio::test]
async fn a_huge_page_number_is_a_page_not_an_error() {
    let app = TestApp::new().await;
    let mut c = app.logged_in("province").await;
    for path in [
        "/enterprises?page=400000000000000000",
        "/audit-log?page=400000000000000000",
        "/dishonest?page=18446744073709551615",
    ] {
        let status = c.get(path).await.status;
        assert!(
            status == StatusCode::OK || status == StatusCode::NOT_FOUND,
            "{path}: {status}"
        );
    }
    let token = app.token("province").await;
    let api = app
        .client()
        .get_bearer("/api/v1/enterprises?page=400000000000000000", &token)
        .await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.body);
}

#[tokio::test]
async fn an_origin_of_another_scheme_is_another_site() {
    let app = TestApp::with_config(
        uplift_web::WebConfig {
            secure_cookies: true,
            ..Default::default()
        },
        axum::Router::new(),
    )
    .await;
    let mut c = app.client();
    c.headers = vec![
        ("host".into(), "uplift.example".into()),
        ("origin".into(), "http://uplift.example".into()),
    ];
    assert_eq!(
        c.login("province", PASSWORD).await.status,
        StatusCode::FORBIDDEN
    );
    c.headers = vec![
        ("host".into(), "uplift.example".into()),
        ("origin".into(), "https://uplift.example".into()),
    ];
    assert_eq!(
        c.login("province", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn expired_reports_and_leftover_uploads_are_removed_and_fresh_ones_kept() {
    let app = TestApp::new().await;
    let data = app.app.settings().data_dir.clone();
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(31 * 24 * 3600);
    let yesterday = std::time::SystemTime::now() - std::time::Duration::from_secs(25 * 3600);
    let mut made = Vec::new();
    for (dir, name, age) in [
        ("reports", "import-1-errors.csv", Some(old)),
        ("reports", "import-2-errors.csv", None),
        ("uploads", "20260101-partial.csv", Some(yesterday)),
        ("uploads", "20260101-now.csv", None),
    ] {
        let path = data.join(dir).join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let file = std::fs::File::create(&path).unwrap();
        if let Some(at) = age {
            file.set_modified(at).unwrap();
        }
        made.push(path);
    }
    let swept = uplift_app::housekeeping::sweep(&app.app).await.unwrap();
    assert_eq!((swept.reports, swept.leftovers), (1, 1));
    assert!(!made[0].exists() && made[1].exists());
    assert!(!made[2].exists() && made[3].exists());
}
