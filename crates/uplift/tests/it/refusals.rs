//! Refusals by the framework itself — a bad path parameter, a wrong content type,
//! malformed JSON, a method a route does not take — get the same error page and JSON shape
//! as every other error, in the user's language; and a route a role cannot use answers 404
//! before any of that can tell it the route exists.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};

use crate::harness::TestApp;

#[tokio::test]
async fn a_bad_path_parameter_gets_the_error_page_in_the_users_language() {
    let app = TestApp::new().await;
    let mut city = app.logged_in("city-430100").await;
    let res = city.get("/imports/not-a-number").await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert!(res.body.contains("请求无法识别"), "{}", res.body);
    assert!(res.body.contains("操作编号"));
    assert!(!res.body.contains("Cannot parse"), "no framework text");

    city.get("/lang/en?next=/").await;
    let en = city.get("/imports/not-a-number").await;
    assert_eq!(en.status, StatusCode::BAD_REQUEST);
    assert!(
        en.body.contains("The request cannot be read"),
        "{}",
        en.body
    );
    assert!(en.body.contains("operation id"));

    // A method the route does not take: the same page, and the methods it takes.
    let wrong = city.get("/imports/enterprises").await;
    assert_eq!(wrong.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(
        wrong
            .body
            .contains("This address does not take this kind of request")
    );
    assert!(wrong.headers.get(header::ALLOW).is_some());
}

#[tokio::test]
async fn a_route_a_role_cannot_use_answers_404_before_any_parsing_error() {
    let app = TestApp::new().await;
    for (user, path) in [
        ("expert-1", "/imports/not-a-number"),
        ("body-1", "/imports/not-a-number/errors"),
        ("province", "/audit-log?page=not-a-number"),
        ("sysadmin", "/enterprises/export.xlsx?page=x"),
        ("auditlog", "/admin/users/x/y"),
    ] {
        let mut c = app.logged_in(user).await;
        let res = c.get(path).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{user} {path}");
        assert!(res.body.contains("不存在"), "{user} {path}: {}", res.body);
    }
    // A POST with a body the route could not parse either.
    let mut expert = app.logged_in("expert-1").await;
    let res = expert
        .send(
            Request::post("/admin/users/1/disable").header(header::CONTENT_TYPE, "text/plain"),
            Body::from("junk"),
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);

    // The API answers the same way: 404 for a role without imports, 400 for one with.
    let expert = app.token("expert-1").await;
    let city = app.token("city-430100").await;
    let mut c = app.client();
    let hidden = c.get_bearer("/api/v1/imports/not-a-number", &expert).await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
    assert_eq!(hidden.json()["error"]["code"], "not_found");
    let bad = c.get_bearer("/api/v1/imports/not-a-number", &city).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.json()["error"]["code"], "bad_request");
    assert_eq!(
        bad.json()["error"]["operation_id"].as_str().unwrap().len(),
        8
    );
}

#[tokio::test]
async fn malformed_json_and_a_wrong_content_type_get_the_json_error_shape() {
    let app = TestApp::new().await;
    let mut c = app.client();
    let broken = c
        .send(
            Request::post("/api/v1/tokens").header(header::CONTENT_TYPE, "application/json"),
            Body::from("{\"username\": \"province\", "),
        )
        .await;
    assert_eq!(broken.status, StatusCode::BAD_REQUEST);
    let body = broken.json();
    assert_eq!(body["error"]["code"], "bad_request");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("请求无法识别")
    );

    let missing = c
        .post_json(
            "/api/v1/tokens",
            serde_json::json!({"username": "province"}),
        )
        .await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(missing.json()["error"]["code"], "bad_request");

    c.get("/lang/en?next=/").await;
    let wrong_type = c
        .send(
            Request::post("/api/v1/tokens").header(header::CONTENT_TYPE, "text/plain"),
            Body::from("username=province"),
        )
        .await;
    assert_eq!(wrong_type.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(wrong_type.json()["error"]["code"], "unsupported_media_type");
    assert!(
        wrong_type.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not supported")
    );
    let method = c.get("/api/v1/tokens/current").await;
    assert_eq!(method.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(method.json()["error"]["code"], "method_not_allowed");
}
