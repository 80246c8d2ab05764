//! Time and place as an official knows them: every time in China Standard Time (storage
//! stays UTC), every county by its name, and a demo whose every city has counties to
//! filter by.

use axum::http::StatusCode;
use chrono::TimeZone;
use uplift_store::entity::{enterprise_history, job};
use uplift_store::sea_orm::{ActiveModelTrait, Set};
use uplift_store::{enterprises, users};

use crate::harness::TestApp;

/// 2026-11-28 23:30 UTC: already half past seven the next morning in China.
fn late_evening_utc() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc
        .with_ymd_and_hms(2026, 11, 28, 23, 30, 0)
        .unwrap()
}

#[tokio::test]
async fn a_time_at_half_past_eleven_utc_shows_as_the_next_mornings_half_past_seven() {
    let app = TestApp::new().await;
    let at = late_evening_utc();
    let city = users::find_by_username(&app.store, "city-430100")
        .await
        .unwrap()
        .unwrap();
    job::ActiveModel {
        kind: Set("import.enterprises".into()),
        status: Set("done".into()),
        owner_user_id: Set(Some(city.id)),
        file_name: Set(Some("长沙名录.csv".into())),
        params: Set("{}".into()),
        total: Set(1),
        processed: Set(1),
        counts: Set("{}".into()),
        error_report: Set(None),
        message: Set(None),
        created_at: Set(at),
        updated_at: Set(at),
        finished_at: Set(Some(at)),
        ..Default::default()
    }
    .insert(app.store.db())
    .await
    .unwrap();
    let scope = uplift_domain::role::Scope::City("430100".into());
    let e = enterprises::get_by_uscc(&app.store, &scope, &app.fx.changsha_a)
        .await
        .unwrap();
    enterprise_history::ActiveModel {
        enterprise_id: Set(e.id),
        job_id: Set(None),
        changed_at: Set(at),
        changes: Set(r#"{"employees":[100,120]}"#.into()),
        ..Default::default()
    }
    .insert(app.store.db())
    .await
    .unwrap();

    let mut c = app.logged_in("city-430100").await;
    for page in [
        "/imports".to_string(),
        "/".to_string(),
        format!("/enterprises/{}", app.fx.changsha_a),
    ] {
        let body = c.get(&page).await.body;
        assert!(body.contains("2026-11-29 07:30"), "{page}: {body}");
        assert!(!body.contains("2026-11-28 23:30"), "{page} shows UTC");
    }
}

#[tokio::test]
async fn counties_show_their_names_wherever_a_code_appeared() {
    let app = TestApp::new().await;
    let mut city = app.logged_in("city-430100").await;

    // The list's county filter offers names; the list names the county.
    let list = city.get("/enterprises").await.body;
    assert!(
        list.contains(r#"<option value="430104">岳麓区</option>"#),
        "{list}"
    );
    assert!(list.contains("长沙市岳麓区"));
    let filtered = city.get("/enterprises?county=430104").await.body;
    assert!(filtered.contains("长沙乙电子有限公司"));
    assert!(!filtered.contains("长沙甲机械有限公司"));

    // The enterprise page: the name, the code only as the code.
    let page = city
        .get(&format!("/enterprises/{}", app.fx.changsha_b))
        .await
        .body;
    assert!(page.contains("<dd>长沙市岳麓区</dd>"), "{page}");
    assert!(!page.contains("长沙市 430104"));

    // The city's home page lists its counties by name.
    let home = city.get("/").await.body;
    assert!(home.contains(">岳麓区</a>"), "{home}");

    // The upload page's jurisdiction note names the city.
    let imports = city.get("/imports").await.body;
    assert!(imports.contains("本辖区（长沙市）"), "{imports}");

    // An export carries the name beside the code.
    let csv = city.get("/enterprises/export.csv").await.body;
    let header = csv.lines().next().unwrap();
    assert!(header.contains("行政区划代码,行政区划名称"), "{header}");
    assert!(csv.contains("430104,长沙市岳麓区"), "{csv}");

    // The organisations page names each jurisdiction.
    let orgs = app
        .logged_in("sysadmin")
        .await
        .get("/admin/organisations")
        .await;
    assert_eq!(orgs.status, StatusCode::OK);
    assert!(orgs.body.contains(">长沙市</span>"), "{}", orgs.body);
    assert!(orgs.body.contains(">湖南省</span>"));
    assert!(!orgs.body.contains("<td>430100</td>"));

    // The province's home names its cities without their codes.
    let province = app.logged_in("province").await.get("/").await.body;
    assert!(province.contains(">长沙市</a>"));
    assert!(!province.contains(">430100<"));
}

#[tokio::test]
async fn every_city_of_the_demo_has_enterprises_in_its_counties_to_filter_by() {
    let db = crate::harness::TestDb::new().await;
    let store = uplift_store::Store::connect(&db.url).await.unwrap();
    store.migrate().await.unwrap();
    let platform = uplift_app::App::from_store(store.clone(), Default::default());
    uplift_app::demo::ensure_loaded(
        &platform,
        &uplift_app::operator::Operator::cli(),
        Some("Demo-Pass-2022".into()),
    )
    .await
    .unwrap();
    let router = uplift_web::router(uplift_web::AppState::new(platform, Default::default()));
    for city in uplift_domain::division::prefectures_of("430000") {
        let mut c = crate::harness::Client::new(router.clone());
        let res = c
            .login(&format!("city-{}", city.code), "Demo-Pass-2022")
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", city.name_zh);
        let list = c.get("/enterprises").await.body;
        let offered: Vec<(&str, &str)> = uplift_domain::division::counties_of(city.code)
            .into_iter()
            .filter(|(code, name)| {
                list.contains(&format!("<option value=\"{code}\">{name}</option>"))
            })
            .collect();
        assert!(offered.len() >= 2, "{}: {offered:?}", city.name_zh);
        let (code, name) = offered[0];
        let filtered = c.get(&format!("/enterprises?county={code}")).await.body;
        assert!(!filtered.contains("没有符合条件的企业"), "{code}");
        assert!(filtered.contains(name));
    }
}
