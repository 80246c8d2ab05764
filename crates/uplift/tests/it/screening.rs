//! The dishonest list and screening: an active entry makes an enterprise ineligible with
//! that reason; a removal brings it back; changed rules re-screen everyone.

use axum::http::StatusCode;
use uplift_domain::eligibility::{EligibilityRules, Rule};
use uplift_domain::money::Money;
use uplift_domain::role::Scope;
use uplift_sheets::{Format, SheetWriter, TextEncoding};
use uplift_store::audit::Actor;
use uplift_store::enterprises::{self, EnterpriseFilter};
use uplift_store::import::{self, ImportOptions};
use uplift_store::{PageRequest, Store, jobs, screening};

use crate::harness::TestApp;
use crate::import::{good_rows, run_import, temp_dir, write_file};

fn province() -> Scope {
    Scope::Province("430000".into())
}

async fn dishonest_import(
    store: &Store,
    rows: &[[&str; 6]],
    dir: &std::path::Path,
) -> import::ImportResult {
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join(format!("list-{}.csv", rows.len()));
    let mut w = SheetWriter::create(&path, Format::Csv, TextEncoding::Utf8, None).unwrap();
    w.write_row(&[
        "企业名称",
        "统一社会信用代码",
        "列入日期",
        "列入事由",
        "作出决定机关",
        "移出日期",
    ])
    .unwrap();
    for r in rows {
        w.write_row(r).unwrap();
    }
    w.finish().unwrap();
    let job = jobs::create(
        store,
        import::KIND_DISHONEST,
        None,
        None,
        &serde_json::json!({}),
    )
    .await
    .unwrap();
    import::run_dishonest_import(
        store,
        job.id,
        &path,
        &ImportOptions::new(dir.join("reports"), Scope::Nothing),
        &Actor::system("test"),
        &|_| {},
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn the_notices_defaults_decide_the_verdicts_with_reasons() {
    let app = TestApp::new().await;
    let dir = temp_dir("verdicts");
    let rows = good_rows();
    run_import(
        &app.store,
        &write_file(&dir, "a.csv", Format::Csv, TextEncoding::Utf8, &rows),
        crate::import::hunan(),
        &dir,
    )
    .await;
    let get = |i: usize| {
        let code = rows[i][0].clone();
        let store = app.store.clone();
        async move {
            enterprises::get_by_uscc(&store, &province(), &code)
                .await
                .unwrap()
        }
    };
    // 120 staff, 5000 万元: small industrial, main revenue 4800 ≥ 2000, operating, contact.
    assert_eq!(get(0).await.eligible, Some(true));
    // Main revenue 2999.5 passes; a software firm of 45 staff / 3000 万元 is small.
    assert_eq!(get(1).await.eligible, Some(true));
    // Deregistered, main revenue 900, no phone: three reasons.
    let third = get(2).await;
    assert_eq!(third.eligible, Some(false));
    let failed = third.failed();
    for rule in [Rule::MainRevenue, Rule::Operating, Rule::Contact] {
        assert!(failed.contains(&rule), "{failed:?}");
    }
    // 300 staff and 2000 万元 make an industrial enterprise medium: not small or micro.
    let fourth = get(3).await;
    assert_eq!(fourth.size_class.as_deref(), Some("medium"));
    assert_eq!(fourth.failed(), vec![Rule::SizeClass]);
    // The list filters by verdict and by failing reason.
    let by_reason = enterprises::list(
        &app.store,
        &province(),
        &EnterpriseFilter {
            failed_rule: Some(Rule::SizeClass),
            ..Default::default()
        },
        PageRequest::default(),
    )
    .await
    .unwrap();
    assert_eq!(
        by_reason
            .items
            .iter()
            .map(|e| e.uscc.clone())
            .collect::<Vec<_>>(),
        vec![rows[3][0].clone()]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn an_active_dishonest_entry_makes_an_enterprise_ineligible_and_its_removal_restores_it() {
    let app = TestApp::new().await;
    let dir = temp_dir("dishonest");
    let rows = good_rows();
    run_import(
        &app.store,
        &write_file(&dir, "a.csv", Format::Csv, TextEncoding::Utf8, &rows),
        crate::import::hunan(),
        &dir,
    )
    .await;
    let code = rows[0][0].clone();
    let listed = dishonest_import(
        &app.store,
        &[[
            rows[0][1].as_str(),
            code.as_str(),
            "2022年3月5日",
            "提供虚假材料",
            "长沙市市场监督管理局",
            "",
        ]],
        &dir,
    )
    .await;
    assert_eq!(listed.counts.inserted, 1);
    let e = enterprises::get_by_uscc(&app.store, &province(), &code)
        .await
        .unwrap();
    assert_eq!(e.eligible, Some(false));
    assert_eq!(e.failed(), vec![Rule::NotDishonest]);
    // The page explains it.
    let mut c = app.logged_in("province").await;
    let page = c.get(&format!("/enterprises/{code}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("提供虚假材料"), "the reason is shown");
    // Removed from the list: eligible again; the same entry is updated, not duplicated.
    let removed = dishonest_import(
        &app.store,
        &[[
            rows[0][1].as_str(),
            code.as_str(),
            "2022-03-05",
            "提供虚假材料",
            "长沙市市场监督管理局",
            "2025-03-05",
        ]],
        &dir,
    )
    .await;
    assert_eq!(removed.counts.updated, 1);
    assert_eq!(removed.counts.inserted, 0);
    let e = enterprises::get_by_uscc(&app.store, &province(), &code)
        .await
        .unwrap();
    assert_eq!(e.eligible, Some(true));
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn an_entry_without_a_credit_code_matches_by_name() {
    let app = TestApp::new().await;
    let dir = temp_dir("byname");
    let rows = good_rows();
    run_import(
        &app.store,
        &write_file(&dir, "a.csv", Format::Csv, TextEncoding::Utf8, &rows),
        crate::import::hunan(),
        &dir,
    )
    .await;
    dishonest_import(
        &app.store,
        &[[
            " 岳麓二号软件有限公司 ",
            "",
            "2023-01-01",
            "严重违法",
            "某局",
            "",
        ]],
        &dir,
    )
    .await;
    let e = enterprises::get_by_uscc(&app.store, &province(), &rows[1][0])
        .await
        .unwrap();
    assert_eq!(e.failed(), vec![Rule::NotDishonest]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn changing_the_rules_re_screens_every_enterprise() {
    let app = TestApp::new().await;
    let dir = temp_dir("rules");
    let rows = good_rows();
    run_import(
        &app.store,
        &write_file(&dir, "a.csv", Format::Csv, TextEncoding::Utf8, &rows),
        crate::import::hunan(),
        &dir,
    )
    .await;
    // Raise the revenue threshold to 3000 万元: the software firm (2999.5) drops out.
    let mut tx = app.store.write(&Actor::system("test")).await.unwrap();
    let rules = EligibilityRules {
        min_main_revenue: Some(Money::from_wan(3000)),
        ..EligibilityRules::default()
    };
    screening::save_rules(&mut tx, &rules).await.unwrap();
    tx.commit().await.unwrap();
    screening::rescreen_all(&app.store, &Actor::system("test"), None)
        .await
        .unwrap();
    let e = enterprises::get_by_uscc(&app.store, &province(), &rows[1][0])
        .await
        .unwrap();
    assert_eq!(e.failed(), vec![Rule::MainRevenue]);
    // The province sets rules on its page; a city cannot.
    let mut city = app.logged_in("city-430100").await;
    assert_eq!(
        city.get("/screening/rules").await.status,
        StatusCode::NOT_FOUND
    );
    let mut prov = app.logged_in("province").await;
    let res = prov
        .post_form(
            "/screening/rules",
            &[
                ("size_small", "on"),
                ("size_micro", "on"),
                ("min_main_revenue", "2000"),
                ("require_operating", "on"),
                ("exclude_dishonest", "on"),
                ("require_contact", "on"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(
        screening::load_rules(app.store.db()).await.unwrap(),
        EligibilityRules::default()
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn an_xlsx_export_masks_phones_for_roles_without_the_need_and_is_audited() {
    let app = TestApp::new().await;
    let mut support = app.logged_in("support-1").await;
    let res = support.get("/enterprises/export.xlsx").await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(
        res.headers.get("content-type").unwrap(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let dir = temp_dir("xlsx");
    std::fs::create_dir_all(&dir).unwrap();
    // The body was read as text by the client; fetch the bytes again through the store path.
    let path = dir.join("e.xlsx");
    let bytes = {
        use tower::ServiceExt;
        let req = axum::http::Request::get("/enterprises/export.xlsx")
            .header(
                "cookie",
                format!("uplift_session={}", support.session().unwrap()),
            )
            .body(axum::body::Body::empty())
            .unwrap();
        let res = app.router.clone().oneshot(req).await.unwrap();
        http_body_util::BodyExt::collect(res.into_body())
            .await
            .unwrap()
            .to_bytes()
    };
    std::fs::write(&path, &bytes).unwrap();
    let reader = uplift_sheets::SheetReader::open(&path, &Default::default()).unwrap();
    let rows: Vec<Vec<String>> = reader.map(|r| r.unwrap().cells).collect();
    assert_eq!(rows.len(), 1, "support-1 sees its one assigned enterprise");
    assert!(rows[0].iter().any(|c| c == "139****1111"), "{rows:?}");
    let log = uplift_store::audit::list(
        &app.store,
        &uplift_store::audit::AuditFilter {
            action_prefix: Some("enterprise.export".into()),
            username: Some("support-1".into()),
        },
        PageRequest::default(),
    )
    .await
    .unwrap();
    assert_eq!(log.total, 2);
    assert!(matches!(
        uplift_domain::audit_log::AuditNote::parse(&log.items[0].summary),
        Some(uplift_domain::audit_log::AuditNote::Exported { ref format, rows: 1, .. }) if format == "xlsx"
    ));
    let _ = std::fs::remove_dir_all(&dir);
}

/// The province's home page counts the eligible enterprises of each city, and each count
/// links to the list that shows exactly those enterprises.
#[tokio::test]
async fn the_province_home_counts_each_citys_eligible_enterprises_as_its_list_does() {
    let app = TestApp::new().await;
    let province = Scope::Province("430000".into());
    let mut c = app.logged_in("province").await;
    let home = c.get("/").await;
    assert_eq!(home.status, StatusCode::OK);
    let mut cities = 0;
    for prefecture in ["430100", "430200"] {
        let filter = EnterpriseFilter {
            prefecture: Some(prefecture.into()),
            eligible: Some(true),
            ..Default::default()
        };
        let expected = enterprises::list(
            &app.store,
            &province,
            &filter,
            PageRequest::new(None, Some(1)),
        )
        .await
        .unwrap()
        .total;
        let link = format!("/enterprises?city={prefecture}&amp;verdict=eligible\">{expected}</a>");
        if home.body.contains(&format!("?city={prefecture}\"")) {
            cities += 1;
            assert!(home.body.contains(&link), "{link} in\n{}", home.body);
            let list = c
                .get(&format!("/enterprises?city={prefecture}&verdict=eligible"))
                .await;
            assert!(
                list.body.contains(&format!("<strong>{expected}</strong>")),
                "the list agrees: {expected}"
            );
        }
    }
    assert!(cities > 0, "the fixture has enterprises in 长沙 or 株洲");
    let all = EnterpriseFilter {
        eligible: Some(true),
        ..Default::default()
    };
    let total = enterprises::list(&app.store, &province, &all, PageRequest::new(None, Some(1)))
        .await
        .unwrap()
        .total;
    assert!(home.body.contains(&format!(
        "href=\"/enterprises?verdict=eligible\">{total}</a>"
    )));
}
