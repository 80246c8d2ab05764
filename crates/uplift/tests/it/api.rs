//! The JSON API: tokens, pagination, the tools, the OpenAPI document.

use axum::http::StatusCode;

use crate::harness::{PASSWORD, TestApp};

#[tokio::test]
async fn the_api_needs_a_token_and_says_so() {
    let app = TestApp::new().await;
    let res = app.client().get("/api/v1/enterprises").await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert_eq!(res.headers.get("www-authenticate").unwrap(), "Bearer");
    assert_eq!(res.json()["error"]["code"], "unauthenticated");
    let bad = app
        .client()
        .get_bearer("/api/v1/enterprises", "not-a-token")
        .await;
    assert_eq!(bad.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_wrong_password_gets_no_token() {
    let app = TestApp::new().await;
    let res = app
        .client()
        .post_json(
            "/api/v1/tokens",
            serde_json::json!({"username": "province", "password": "nope"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert!(res.json().get("token").is_none());
}

#[tokio::test]
async fn enterprises_are_paginated_one_based_with_a_ceiling() {
    let app = TestApp::new().await;
    let token = app.token("province").await;
    let mut c = app.client();
    let page = c.get_bearer("/api/v1/enterprises", &token).await.json();
    assert_eq!(page["page"], 1);
    assert_eq!(page["per_page"], 50);
    assert_eq!(page["total"], 3);
    let item = &page["items"][0];
    for field in ["uscc", "name", "division_code", "industry", "size_class"] {
        assert!(item.get(field).is_some(), "item has {field}");
    }
    let small = c
        .get_bearer("/api/v1/enterprises?page=2&per_page=2", &token)
        .await
        .json();
    assert_eq!(small["items"].as_array().unwrap().len(), 1);
    assert_eq!(small["page"], 2);
    let capped = c
        .get_bearer("/api/v1/enterprises?per_page=100000", &token)
        .await
        .json();
    assert_eq!(capped["per_page"], 500);
    let one = c
        .get_bearer(
            &format!("/api/v1/enterprises/{}", app.fx.zhuzhou_c.to_lowercase()),
            &token,
        )
        .await;
    assert_eq!(one.status, StatusCode::OK);
    assert_eq!(one.json()["uscc"], app.fx.zhuzhou_c.as_str());
}

#[tokio::test]
async fn a_revoked_token_stops_working() {
    let app = TestApp::new().await;
    let token = app.token("city-430100").await;
    let mut c = app.client();
    assert_eq!(
        c.get_bearer("/api/v1/me", &token).await.json()["role"],
        "city"
    );
    let res = c
        .send(
            axum::http::Request::delete("/api/v1/tokens/current")
                .header("authorization", format!("Bearer {token}")),
            axum::body::Body::empty(),
        )
        .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT);
    assert_eq!(
        c.get_bearer("/api/v1/me", &token).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn the_tools_answer_over_http() {
    let app = TestApp::new().await;
    let mut c = app.client();
    let bad = c.get("/api/v1/tools/uscc?code=91350100M000100Y4Z").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.json()["expected_check"], "3");
    let good = c.get("/api/v1/tools/uscc?code=91350100M000100Y43").await;
    assert_eq!(good.status, StatusCode::OK);
    assert_eq!(good.json()["valid"], true);
    let sme = c
        .get("/api/v1/tools/sme?industry=retail&employees=10&revenue_wan=100")
        .await;
    assert_eq!(sme.json()["class"], "small");
    let missing = c
        .get("/api/v1/tools/sme?industry=retail&employees=10")
        .await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(missing.json()["missing"], "operating_revenue");
}

#[tokio::test]
async fn the_openapi_document_lists_every_route() {
    let app = TestApp::new().await;
    let doc = app.client().get("/api/openapi.json").await.json();
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/api/v1/tokens",
        "/api/v1/tokens/current",
        "/api/v1/me",
        "/api/v1/enterprises",
        "/api/v1/enterprises/{uscc}",
        "/api/v1/tools/uscc",
        "/api/v1/tools/sme",
    ] {
        assert!(paths.contains_key(p), "missing {p}");
    }
    let _ = PASSWORD;
}
