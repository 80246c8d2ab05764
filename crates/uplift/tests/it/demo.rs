//! The demo province: loaded once, never twice, and the scope rules hold in it.

use axum::http::StatusCode;
use uplift_domain::role::Scope;
use uplift_store::{PageRequest, enterprises, organisations};

use crate::harness::TestDb;

#[tokio::test]
async fn the_demo_province_loads_once_and_a_second_run_changes_nothing() {
    let db = TestDb::new().await;
    let store = uplift_store::Store::connect(&db.url).await.unwrap();
    store.migrate().await.unwrap();
    let platform = uplift_app::App::from_store(store.clone(), Default::default());
    let operator = uplift_app::operator::Operator::cli();
    let created = uplift_app::demo::ensure_loaded(&platform, &operator, Some(DEMO_PASSWORD.into()))
        .await
        .unwrap();
    assert!(created.is_some());
    let province = Scope::Province("430000".into());
    let total = enterprises::count(&store, &province).await.unwrap();
    assert!(total >= 300, "{total} enterprises");
    let orgs = organisations::list(&store).await.unwrap();
    assert_eq!(
        orgs.iter().filter(|o| o.kind == "city_regulator").count(),
        14
    );
    assert!(
        orgs.iter()
            .filter(|o| o.kind == "certification_body")
            .count()
            >= 3
    );
    assert_eq!(orgs.iter().filter(|o| o.kind == "support_unit").count(), 1);
    assert_eq!(orgs.iter().filter(|o| o.kind == "expert_group").count(), 1);

    assert!(
        uplift_app::demo::ensure_loaded(&platform, &operator, Some(DEMO_PASSWORD.into()))
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(enterprises::count(&store, &province).await.unwrap(), total);
    assert_eq!(organisations::list(&store).await.unwrap().len(), orgs.len());

    // 长沙's administrator sees only 长沙.
    let app = uplift_web::router(uplift_web::AppState::new(
        platform.clone(),
        Default::default(),
    ));
    let mut c = crate::harness::Client::new(app);
    assert_eq!(
        c.login("city-430100", DEMO_PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    let changsha = enterprises::list(
        &store,
        &Scope::City("430100".into()),
        &Default::default(),
        PageRequest::new(None, Some(500)),
    )
    .await
    .unwrap();
    assert!(changsha.total > 0);
    assert!(changsha.items.iter().all(|e| e.prefecture_code == "430100"));
    let zhuzhou = enterprises::list(
        &store,
        &Scope::City("430200".into()),
        &Default::default(),
        PageRequest::default(),
    )
    .await
    .unwrap();
    let foreign = &zhuzhou.items[0].uscc;
    assert_eq!(
        c.get(&format!("/enterprises/{foreign}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert!(matches!(
        uplift_store::audit::verify_chain(&store).await.unwrap(),
        uplift_store::audit::ChainReport::Intact { .. }
    ));
}

const DEMO_PASSWORD: &str = "Demo-Password-2022";
