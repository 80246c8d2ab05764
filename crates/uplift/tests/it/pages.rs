//! What officials see on the pages: a home page for each role, the province's eligible
//! share per city as a chart, paging that jumps and takes a size, the dishonest list's
//! names opening records in scope, and an English mode that reads as English.

use axum::http::StatusCode;
use uplift_store::entity::dishonest_entry;
use uplift_store::sea_orm::{ActiveModelTrait, Set};

use crate::harness::TestApp;

#[tokio::test]
async fn each_role_finds_something_to_do_or_to_look_at_on_its_home_page() {
    let app = TestApp::new().await;

    let province = app.logged_in("province").await.get("/").await.body;
    assert!(province.contains("<svg class=\"chart\""), "{province}");
    assert!(province.contains("各市州符合率"));
    // The fixture's 长沙 has two enterprises, 株洲 one; each city's share is its own.
    assert!(province.contains("长沙市"));
    assert!(province.contains("株洲市"));
    assert!(province.contains("符合率"));
    assert!(!province.contains("相对最多的市州"));

    let city = app.logged_in("city-430100").await.get("/").await.body;
    assert!(city.contains("各县市区企业分布"), "{city}");
    assert!(city.contains("href=\"/enterprises?county=430104\""));
    assert!(city.contains("岳麓区"));

    let body = app.logged_in("body-1").await.get("/").await.body;
    assert!(body.contains("分配给本机构的企业"), "{body}");
    assert!(!body.contains("辖区内企业数"));

    let expert = app.logged_in("expert-1").await.get("/").await.body;
    assert!(expert.contains("专家的工作"), "{expert}");
    assert!(expert.contains("现场评估诊断"));

    let enterprise = app.logged_in("enterprise-a").await.get("/").await.body;
    assert!(enterprise.contains("长沙甲机械有限公司"), "{enterprise}");
}

#[tokio::test]
async fn a_page_beyond_the_last_shows_the_last_and_the_size_can_be_chosen() {
    let app = TestApp::new().await;
    let mut c = app.logged_in("province").await;
    let res = c.get("/enterprises?per_page=1&page=99").await;
    assert_eq!(res.status, StatusCode::OK);
    // Three enterprises of Hunan, one per page: page 3 of 3, with a row on it.
    assert!(
        res.body
            .contains("name=\"page\" type=\"number\" min=\"1\" max=\"3\" value=\"3\""),
        "{}",
        res.body
    );
    assert!(res.body.contains("/enterprises/9"), "a row is shown");
    assert!(res.body.contains("<option value=\"1\" selected>1</option>"));
    assert!(
        res.body.contains("per_page=1&#38;page=2"),
        "links keep the size"
    );

    let mut audit = app.logged_in("auditlog").await;
    let log = audit.get("/audit-log?page=100000").await;
    assert_eq!(log.status, StatusCode::OK);
    assert!(!log.body.contains("没有符合筛选条件的记录"));
}

#[tokio::test]
async fn a_listed_enterprise_links_to_its_record_where_the_reader_may_open_it() {
    let app = TestApp::new().await;
    dishonest_entry::ActiveModel {
        name: Set("长沙甲机械有限公司".into()),
        name_key: Set(uplift_domain::text::normalise_name("长沙甲机械有限公司")),
        uscc: Set(Some(app.fx.changsha_a.clone())),
        registration_number: Set(None),
        listed_on: Set(chrono::NaiveDate::from_ymd_opt(2022, 3, 5).unwrap()),
        reason: Set("拒不履行行政处罚决定".into()),
        authority: Set("湖南省市场监督管理局".into()),
        removed_on: Set(None),
        removal_reason: Set(None),
        removal_authority: Set(None),
        created_at: Set(uplift_store::now()),
        updated_at: Set(uplift_store::now()),
        ..Default::default()
    }
    .insert(app.store.db())
    .await
    .unwrap();
    let link = format!(
        "<a href=\"/enterprises/{}\">长沙甲机械有限公司</a>",
        app.fx.changsha_a
    );
    let changsha = app
        .logged_in("city-430100")
        .await
        .get("/dishonest")
        .await
        .body;
    assert!(changsha.contains(&link), "{changsha}");
    let zhuzhou = app
        .logged_in("city-430200")
        .await
        .get("/dishonest")
        .await
        .body;
    assert!(zhuzhou.contains("长沙甲机械有限公司"));
    assert!(!zhuzhou.contains(&link), "out of 株洲's scope: no link");
}

#[tokio::test]
async fn english_mode_reads_as_english() {
    let app = TestApp::new().await;
    let mut c = app.logged_in("province").await;
    c.get("/lang/en?next=/").await;
    let home = c.get("/").await.body;
    assert!(home.contains("Welcome, "), "{home}");
    let page = c
        .get(&format!("/enterprises/{}", app.fx.changsha_a))
        .await
        .body;
    assert!(page.contains("50 million CNY"), "{page}");
    assert!(page.contains("Industrial sector"));
    let main = page.split("<main").nth(1).unwrap();
    for mark in ['，', '；', '：', '（', '）', '。'] {
        assert!(!main.contains(mark), "full-width {mark} in English: {main}");
    }
    let mut zh = app.logged_in("city-430100").await;
    let page = zh
        .get(&format!("/enterprises/{}", app.fx.changsha_a))
        .await
        .body;
    assert!(page.contains("5,000 万元"), "{page}");
}

#[tokio::test]
async fn the_favicon_is_there() {
    let app = TestApp::new().await;
    let res = app.client().get("/favicon.ico").await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.body.starts_with("<svg"));
    let login = app.client().get("/login").await.body;
    assert!(login.contains("rel=\"icon\""));
}
