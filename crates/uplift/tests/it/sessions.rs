//! Users see their own sessions and tokens and end them; an administrator ends anyone's
//! within its duties, and no one else's.

use axum::http::StatusCode;

use crate::harness::TestApp;

#[tokio::test]
async fn a_user_lists_its_tokens_and_ends_one_and_cannot_end_anothers() {
    let app = TestApp::new().await;
    let first = app.token("city-430100").await;
    let second = app.token("city-430100").await;
    let mut c = app.client();
    let listed = c.get_bearer("/api/v1/tokens", &first).await.json();
    let items = listed["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    let other = items.iter().find(|i| i["current"] == false).unwrap()["id"]
        .as_i64()
        .unwrap();
    // Another user cannot end it: 404, and it lives on.
    let stranger = app.token("city-430200").await;
    let res = c
        .send(
            axum::http::Request::delete(format!("/api/v1/tokens/{other}"))
                .header("authorization", format!("Bearer {stranger}")),
            axum::body::Body::empty(),
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(
        c.get_bearer("/api/v1/me", &second).await.status,
        StatusCode::OK
    );
    // Its owner can.
    let res = c
        .send(
            axum::http::Request::delete(format!("/api/v1/tokens/{other}"))
                .header("authorization", format!("Bearer {first}")),
            axum::body::Body::empty(),
        )
        .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT);
    assert_eq!(
        c.get_bearer("/api/v1/me", &second).await.status,
        StatusCode::UNAUTHORIZED
    );
    // The page lists the browser session as the current one.
    let mut browser = app.logged_in("city-430100").await;
    let page = browser.get("/account/sessions").await;
    assert!(page.body.contains("当前会话"));
}

#[tokio::test]
async fn the_system_administrator_ends_sessions_within_its_duties_only() {
    let app = TestApp::new().await;
    let city = app.token("city-430100").await;
    let province = app.token("province").await;
    let mut admin = app.logged_in("sysadmin").await;
    let id = |name: &'static str| {
        let store = app.store.clone();
        async move {
            uplift_store::users::find_by_username(&store, name)
                .await
                .unwrap()
                .unwrap()
                .id
        }
    };
    let res = admin
        .post_form(
            &format!("/admin/users/{}/end-sessions", id("city-430100").await),
            &[],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let mut c = app.client();
    assert_eq!(
        c.get_bearer("/api/v1/me", &city).await.status,
        StatusCode::UNAUTHORIZED
    );
    let res = admin
        .post_form(
            &format!("/admin/users/{}/end-sessions", id("province").await),
            &[],
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(
        c.get_bearer("/api/v1/me", &province).await.status,
        StatusCode::OK
    );
}
