//! Lockout as a weapon, blunted: failures are throttled per client address as well as per
//! account, the owner lifts a lock others caused by logging in with both factors, and a
//! flood of unknown names is one audit row, not thousands.

use axum::http::StatusCode;
use uplift_domain::totp;
use uplift_store::entity::audit_log;
use uplift_store::sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::harness::{PASSWORD, TestApp};

async fn quick_throttle(limit: u64) -> TestApp {
    TestApp::with_settings(uplift_app::Settings {
        lockout: uplift_app::sessions::LockoutPolicy {
            client_limit: limit,
            client_delay: std::time::Duration::ZERO,
            ..Default::default()
        },
        require_second_factor: true,
        ..Default::default()
    })
    .await
}

#[tokio::test]
async fn an_address_that_keeps_failing_is_stopped_whatever_account_it_tries() {
    let app = quick_throttle(8).await;
    let mut c = app.client();
    for name in ["province", "sysadmin", "auditlog", "body-1"] {
        for _ in 0..2 {
            c.login(name, "Wrong-Password-1").await;
        }
    }
    // Eight failures across four accounts (none locked): the address is stopped, even
    // with the right password.
    assert_eq!(
        c.login("enterprise-a", PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
    let locked = uplift_store::users::find_by_username(&app.store, "province")
        .await
        .unwrap()
        .unwrap();
    assert!(!uplift_store::accounts::is_locked(
        &locked,
        uplift_store::now()
    ));
}

#[tokio::test]
async fn a_flood_of_unknown_names_is_one_audit_row() {
    let app = quick_throttle(1000).await;
    let mut c = app.client();
    for i in 0..40 {
        c.login(&format!("nobody-{i}"), "Whatever-123-x").await;
    }
    let rows = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("login.failure"))
        .count(app.store.db())
        .await
        .unwrap();
    assert_eq!(rows, 1);
}

#[tokio::test]
async fn the_owner_lifts_a_lock_others_caused_by_logging_in_with_both_factors() {
    let app = quick_throttle(1000).await;
    // The owner enrols.
    let mut owner = app.client();
    owner.login("city-430100", PASSWORD).await;
    let page = owner.get("/login/second-factor").await;
    let at = page.body.find("<code>").unwrap() + "<code>".len();
    let secret =
        totp::base32_decode(&page.body[at..at + page.body[at..].find("</code>").unwrap()]).unwrap();
    let now = || u64::try_from(uplift_store::now().timestamp()).unwrap();
    owner
        .post_form(
            "/login/second-factor",
            &[
                ("code", &totp::code_at(&secret, now()).unwrap()),
                ("next", "/"),
            ],
        )
        .await;
    // Someone guesses five times: the account locks.
    let mut attacker = app.client();
    for _ in 0..5 {
        attacker.login("city-430100", "Guess-Guess-123").await;
    }
    let locked = uplift_store::users::find_by_username(&app.store, "city-430100")
        .await
        .unwrap()
        .unwrap();
    assert!(uplift_store::accounts::is_locked(
        &locked,
        uplift_store::now()
    ));
    // The owner, with both factors, gets in and the lock is gone.
    let mut back = app.client();
    let res = back.login("city-430100", PASSWORD).await;
    assert!(res.location().unwrap().starts_with("/login/second-factor"));
    let code = totp::code_at(&secret, now() + totp::STEP_SECONDS).unwrap();
    let done = back
        .post_form(
            "/login/second-factor",
            &[("code", &code), ("next", "/enterprises")],
        )
        .await;
    assert_eq!(done.location(), Some("/enterprises"));
    let after = uplift_store::users::find_by_username(&app.store, "city-430100")
        .await
        .unwrap()
        .unwrap();
    assert!(!uplift_store::accounts::is_locked(
        &after,
        uplift_store::now()
    ));
    assert_eq!(after.failed_logins, 0);
    // A locked account without the second factor stays locked for a mere password.
    for _ in 0..5 {
        attacker.login("province", "Guess-Guess-123").await;
    }
    assert_eq!(
        app.client().login("province", PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
}
