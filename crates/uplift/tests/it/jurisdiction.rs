//! Who sees which enterprise, everywhere: list, detail, export, API list, API detail.
//! Out of scope is invisible — a 404, never a 403 — so existence does not leak.

use axum::http::StatusCode;

use crate::harness::{Fixture, TestApp};

#[derive(Clone, Copy, Debug)]
enum Target {
    ChangshaA,
    ChangshaB,
    ZhuzhouC,
    ShenzhenG,
}

fn uscc(fx: &Fixture, t: Target) -> &str {
    match t {
        Target::ChangshaA => &fx.changsha_a,
        Target::ChangshaB => &fx.changsha_b,
        Target::ZhuzhouC => &fx.zhuzhou_c,
        Target::ShenzhenG => &fx.shenzhen_g,
    }
}

use Target::*;

/// (account, enterprise, may see it)
const MATRIX: &[(&str, Target, bool)] = &[
    // The province sees all of Hunan and nothing of Guangdong.
    ("province", ChangshaA, true),
    ("province", ChangshaB, true),
    ("province", ZhuzhouC, true),
    ("province", ShenzhenG, false),
    // 长沙 sees its city and its counties, not 株洲.
    ("city-430100", ChangshaA, true),
    ("city-430100", ChangshaB, true),
    ("city-430100", ZhuzhouC, false),
    ("city-430100", ShenzhenG, false),
    ("city-430200", ChangshaA, false),
    ("city-430200", ZhuzhouC, true),
    // A certification body sees what is assigned to it.
    ("body-1", ChangshaA, true),
    ("body-1", ChangshaB, false),
    ("body-1", ZhuzhouC, false),
    ("support-1", ChangshaB, true),
    ("support-1", ChangshaA, false),
    // An enterprise contact sees only its own enterprise.
    ("enterprise-a", ChangshaA, true),
    ("enterprise-a", ChangshaB, false),
    ("enterprise-a", ZhuzhouC, false),
    // Experts have no assignment yet; the two administrators read no enterprise data.
    ("expert-1", ChangshaA, false),
    ("sysadmin", ChangshaA, false),
    ("sysadmin", ZhuzhouC, false),
    ("auditlog", ChangshaA, false),
    ("auditlog", ZhuzhouC, false),
];

#[tokio::test]
async fn every_role_sees_exactly_its_scope_on_every_surface() {
    let app = TestApp::new().await;
    let mut failures = Vec::new();
    for &(account, target, allowed) in MATRIX {
        let code = uscc(&app.fx, target).to_string();
        let mut web = app.logged_in(account).await;
        let token = app.token(account).await;
        let mut api = app.client();

        let detail = web.get(&format!("/enterprises/{code}")).await;
        let list = web.get("/enterprises?per_page=500").await;
        let export = web.get("/enterprises/export.csv").await;
        let api_detail = api
            .get_bearer(&format!("/api/v1/enterprises/{code}"), &token)
            .await;
        let api_list = api
            .get_bearer("/api/v1/enterprises?per_page=500", &token)
            .await;

        let expect_detail = if allowed {
            StatusCode::OK
        } else {
            StatusCode::NOT_FOUND
        };
        let checks = [
            ("detail", detail.status == expect_detail),
            ("list", list.body.contains(&code) == allowed),
            ("export", export.body.contains(&code) == allowed),
            ("api detail", api_detail.status == expect_detail),
            ("api list", api_list.body.contains(&code) == allowed),
            // Never a 403: a refusal must look like absence.
            (
                "no 403",
                [&detail, &list, &export, &api_detail, &api_list]
                    .iter()
                    .all(|r| r.status != StatusCode::FORBIDDEN),
            ),
        ];
        for (surface, ok) in checks {
            if !ok {
                failures.push(format!(
                    "{account} × {target:?} ({code}) on {surface}: expected allowed={allowed}"
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "scope violations:\n{}",
        failures.join("\n")
    );
}

#[tokio::test]
async fn administrators_get_404_for_the_directory_as_a_whole() {
    let app = TestApp::new().await;
    for account in ["sysadmin", "auditlog"] {
        let mut c = app.logged_in(account).await;
        assert_eq!(
            c.get("/enterprises").await.status,
            StatusCode::NOT_FOUND,
            "{account}"
        );
        assert_eq!(
            c.get("/enterprises/export.csv").await.status,
            StatusCode::NOT_FOUND
        );
    }
}

#[tokio::test]
async fn a_city_asking_for_another_citys_list_is_told_so_and_sees_nothing() {
    let app = TestApp::new().await;
    let mut c = app.logged_in("city-430100").await;
    // 长沙 asks for 株洲's list: not its own list in disguise, but a plain "not yours".
    let forged = c.get("/enterprises?city=430200").await;
    assert_eq!(forged.status, StatusCode::OK);
    assert!(forged.body.contains("不在您的辖区内"), "{}", forged.body);
    assert!(!forged.body.contains(&app.fx.changsha_a));
    assert!(!forged.body.contains(&app.fx.zhuzhou_c));
    // The older parameter name is read the same way.
    let old_name = c.get("/enterprises?prefecture=430200").await;
    assert!(old_name.body.contains("不在您的辖区内"));
    // A county of another city too.
    let county = c.get("/enterprises?county=430202").await;
    assert!(county.body.contains("不在您的辖区内"));
    assert!(!county.body.contains(&app.fx.changsha_a));
    // Its own city is fine.
    let own = c.get("/enterprises?city=430100").await;
    assert!(own.body.contains(&app.fx.changsha_a));
    assert!(!own.body.contains("不在您的辖区内"));

    // The API answers 404, as for anything outside the caller's reach.
    let token = app.token("city-430100").await;
    let api = app
        .client()
        .get_bearer("/api/v1/enterprises?city=430200", &token)
        .await;
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    let own_api = app
        .client()
        .get_bearer("/api/v1/enterprises?city=430100", &token)
        .await
        .json();
    assert_eq!(own_api["total"], 2);
    // An export of another city's list is refused, not filled with the user's own rows.
    let export = c.get("/enterprises/export.csv?city=430200").await;
    assert_eq!(export.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!export.body.contains(&app.fx.changsha_a));
}

#[tokio::test]
async fn the_province_may_narrow_to_one_city() {
    let app = TestApp::new().await;
    let token = app.token("province").await;
    let page = app
        .client()
        .get_bearer("/api/v1/enterprises?prefecture=430200", &token)
        .await
        .json();
    assert_eq!(page["total"], 1);
    assert_eq!(page["items"][0]["uscc"], app.fx.zhuzhou_c.as_str());
}

#[tokio::test]
async fn phone_numbers_are_masked_for_roles_that_do_not_need_them() {
    let app = TestApp::new().await;
    let full = app.logged_in("city-430100").await.get("/enterprises").await;
    assert!(full.body.contains("13812341234"));
    let masked = app.logged_in("support-1").await.get("/enterprises").await;
    assert!(masked.body.contains("139****1111"), "{}", masked.body);
    assert!(!masked.body.contains("13900001111"));
}

#[tokio::test]
async fn an_export_is_recorded_in_the_audit_log_with_its_filter_and_row_count() {
    let app = TestApp::new().await;
    let mut c = app.logged_in("province").await;
    let csv = c.get("/enterprises/export.csv?prefecture=430100").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.body.starts_with('\u{feff}'), "UTF-8 BOM for Excel");
    assert_eq!(csv.body.lines().count(), 3, "header + 2 rows of 长沙");
    let log = uplift_store::audit::list(
        &app.store,
        &uplift_store::audit::AuditFilter {
            action_prefix: Some("enterprise.export".into()),
            username: None,
        },
        uplift_store::PageRequest::default(),
    )
    .await
    .unwrap();
    assert_eq!(log.total, 1);
    let row = &log.items[0];
    assert_eq!(row.username.as_deref(), Some("province"));
    // Recorded as data, which the audit log's reader sees in words.
    let note = uplift_domain::audit_log::AuditNote::parse(&row.summary).unwrap();
    assert_eq!(
        note,
        uplift_domain::audit_log::AuditNote::Exported {
            format: "csv".into(),
            rows: 2,
            filter: vec![uplift_domain::audit_log::FilterTerm::City("430100".into())],
        }
    );
}
