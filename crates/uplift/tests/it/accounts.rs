//! Logging in: lockout after repeated failures (counted in the database), its reset,
//! session rotation, server-side logout, timeouts.

use axum::http::StatusCode;
use uplift_store::audit::{Actor, AuditFilter};
use uplift_store::entity::{session, user};
use uplift_store::sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uplift_store::{PageRequest, users};
use uplift_web::WebConfig;

use crate::harness::{PASSWORD, TestApp};

async fn audit_count(app: &TestApp, action: &str) -> u64 {
    uplift_store::audit::list(
        &app.store,
        &AuditFilter {
            action_prefix: Some(action.into()),
            username: None,
        },
        PageRequest::default(),
    )
    .await
    .unwrap()
    .total
}

#[tokio::test]
async fn five_failed_logins_lock_the_account_even_against_the_right_password() {
    let app = TestApp::new().await;
    let mut c = app.client();
    for _ in 0..5 {
        let res = c.login("city-430100", "Wrong-password-1").await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED);
        assert!(
            res.body.contains("用户名或密码错误"),
            "a clear message in Chinese"
        );
    }
    let res = c.login("city-430100", PASSWORD).await;
    assert_eq!(
        res.status,
        StatusCode::UNAUTHORIZED,
        "locked accounts refuse the right password"
    );
    assert!(c.session().is_none());
    // The API shares the counter.
    let api = c
        .post_json(
            "/api/v1/tokens",
            serde_json::json!({"username": "city-430100", "password": PASSWORD}),
        )
        .await;
    assert_eq!(api.status, StatusCode::UNAUTHORIZED);
    // Every failure is audited; the lock once.
    assert_eq!(audit_count(&app, "login.failure").await, 7);
    assert_eq!(audit_count(&app, "login.locked").await, 1);
}

#[tokio::test]
async fn an_administrator_lifts_a_lockout_by_resetting_the_password() {
    let app = TestApp::new().await;
    let mut c = app.client();
    for _ in 0..5 {
        c.login("body-1", "Wrong-password-1").await;
    }
    let account = users::find_by_username(&app.store, "body-1")
        .await
        .unwrap()
        .unwrap();
    assert!(account.locked_until.is_some());
    let mut tx = app.store.write(&Actor::system("test")).await.unwrap();
    users::reset_password(&mut tx, account.id, "Another-Pass-77")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        c.login("body-1", "Another-Pass-77").await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn the_system_administrator_unlocks_from_the_users_page() {
    let app = TestApp::new().await;
    let mut c = app.client();
    for _ in 0..5 {
        c.login("body-1", "Wrong-password-1").await;
    }
    let account = users::find_by_username(&app.store, "body-1")
        .await
        .unwrap()
        .unwrap();
    let mut admin = app.logged_in("sysadmin").await;
    let page = admin.get("/admin/users").await;
    assert!(page.body.contains("已锁定"));
    let res = admin
        .post_form(&format!("/admin/users/{}/unlock", account.id), &[])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(
        c.login("body-1", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn a_lockout_counted_on_one_instance_holds_on_another() {
    let app = TestApp::new().await;
    let mut first = app.client();
    let mut second = crate::harness::Client::new(app.second_instance(WebConfig::default()));
    for _ in 0..3 {
        first.login("province", "Wrong-password-1").await;
    }
    for _ in 0..2 {
        second.login("province", "Wrong-password-1").await;
    }
    assert_eq!(
        first.login("province", PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        second.login("province", PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_success_before_the_limit_resets_the_count() {
    let app = TestApp::new().await;
    let mut c = app.client();
    for _ in 0..4 {
        c.login("province", "Wrong-password-1").await;
    }
    assert_eq!(
        c.login("province", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    let account = users::find_by_username(&app.store, "province")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(account.failed_logins, 0);
}

#[tokio::test]
async fn an_unknown_user_is_refused_like_a_wrong_password_and_audited() {
    let app = TestApp::new().await;
    let mut c = app.client();
    let unknown = c.login("nobody-here", PASSWORD).await;
    let wrong = c.login("province", "Wrong-password-1").await;
    assert_eq!(unknown.status, wrong.status);
    assert_eq!(audit_count(&app, "login.failure").await, 2);
}

#[tokio::test]
async fn logging_in_issues_a_new_session_id_and_ends_the_old_one() {
    let app = TestApp::new().await;
    let mut c = app.logged_in("province").await;
    let first = c.session().unwrap();
    // A second login from the same browser (e.g. after a planted cookie) rotates the id.
    assert_eq!(
        c.login("city-430100", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    let second = c.session().unwrap();
    assert_ne!(first, second);
    let mut stale = app.client();
    stale.cookies.insert("uplift_session".into(), first);
    let res = stale.get("/enterprises").await;
    assert_eq!(
        res.status,
        StatusCode::SEE_OTHER,
        "the old session id is dead"
    );
    assert!(res.location().unwrap().starts_with("/login"));
}

#[tokio::test]
async fn session_cookies_are_http_only_and_same_site_lax() {
    let app = TestApp::new().await;
    let res = app.client().login("province", PASSWORD).await;
    let cookie = res.headers.get("set-cookie").unwrap().to_str().unwrap();
    assert!(cookie.contains("HttpOnly"));
    assert!(cookie.contains("SameSite=Lax"));
    assert!(!cookie.contains("Secure"), "plain HTTP on loopback");
    let secure = TestApp::with_config(
        WebConfig {
            secure_cookies: true,
            ..WebConfig::default()
        },
        axum::Router::new(),
    )
    .await;
    let res = secure.client().login("province", PASSWORD).await;
    assert!(
        res.headers
            .get("set-cookie")
            .unwrap()
            .to_str()
            .unwrap()
            .contains("Secure")
    );
}

#[tokio::test]
async fn logout_ends_the_session_on_the_server() {
    let app = TestApp::new().await;
    let mut c = app.logged_in("province").await;
    let token = c.session().unwrap();
    assert_eq!(
        c.post_form("/logout", &[]).await.status,
        StatusCode::SEE_OTHER
    );
    let rows = session::Entity::find().all(app.store.db()).await.unwrap();
    assert!(
        rows.iter()
            .all(|s| s.token_hash != uplift_store::sessions::token_hash(&token))
    );
    let mut replay = app.client();
    replay.cookies.insert("uplift_session".into(), token);
    assert_eq!(
        replay.get("/enterprises").await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn an_idle_session_expires() {
    let app = TestApp::new().await;
    let mut c = app.logged_in("province").await;
    assert_eq!(c.get("/enterprises").await.status, StatusCode::OK);
    // Pretend the last request was 31 minutes ago.
    let hash = uplift_store::sessions::token_hash(&c.session().unwrap());
    let s = session::Entity::find()
        .filter(session::Column::TokenHash.eq(hash))
        .one(app.store.db())
        .await
        .unwrap()
        .unwrap();
    let mut active: session::ActiveModel = s.clone().into();
    active.last_seen_at =
        uplift_store::sea_orm::Set(s.last_seen_at - chrono::Duration::minutes(31));
    uplift_store::sea_orm::ActiveModelTrait::update(active, app.store.db())
        .await
        .unwrap();
    assert_eq!(c.get("/enterprises").await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_disabled_account_cannot_log_in_and_loses_its_sessions() {
    let app = TestApp::new().await;
    let mut c = app.logged_in("city-430200").await;
    let id = users::find_by_username(&app.store, "city-430200")
        .await
        .unwrap()
        .unwrap()
        .id;
    let mut admin = app.logged_in("sysadmin").await;
    let res = admin
        .post_form(&format!("/admin/users/{id}/disable"), &[])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(c.get("/enterprises").await.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.client().login("city-430200", PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn the_system_administrator_creates_an_account_and_weak_passwords_are_refused() {
    let app = TestApp::new().await;
    let mut admin = app.logged_in("sysadmin").await;
    let org = app.fx.city_org_id.to_string();
    let weak = admin
        .post_form(
            "/admin/users",
            &[
                ("username", "new-city"),
                ("role", "city"),
                ("organisation_id", &org),
                ("password", "short"),
            ],
        )
        .await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        weak.body.contains("密码至少 12 位"),
        "the rule is explained"
    );
    assert!(
        weak.body.contains("value=\"new-city\""),
        "typed values are kept"
    );
    let ok = admin
        .post_form(
            "/admin/users",
            &[
                ("username", "new-city"),
                ("role", "city"),
                ("organisation_id", &org),
                ("password", "Good-Password-9"),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let mut fresh = app.client();
    assert_eq!(
        fresh.login("new-city", "Good-Password-9").await.status,
        StatusCode::SEE_OTHER
    );
    let dup = admin
        .post_form(
            "/admin/users",
            &[
                ("username", "new-city"),
                ("role", "city"),
                ("organisation_id", &org),
                ("password", "Good-Password-9"),
            ],
        )
        .await;
    assert!(dup.body.contains("该用户名已被使用"));
    let created = user::Entity::find()
        .filter(user::Column::Username.eq("new-city"))
        .all(app.store.db())
        .await
        .unwrap();
    assert_eq!(created.len(), 1);
}

#[tokio::test]
async fn only_the_system_administrator_manages_accounts_and_only_the_audit_administrator_reads_the_log()
 {
    let app = TestApp::new().await;
    for (account, users_page, audit_page) in [
        ("sysadmin", StatusCode::OK, StatusCode::NOT_FOUND),
        ("auditlog", StatusCode::NOT_FOUND, StatusCode::OK),
        ("province", StatusCode::NOT_FOUND, StatusCode::NOT_FOUND),
        ("city-430100", StatusCode::NOT_FOUND, StatusCode::NOT_FOUND),
        ("enterprise-a", StatusCode::NOT_FOUND, StatusCode::NOT_FOUND),
    ] {
        let mut c = app.logged_in(account).await;
        assert_eq!(
            c.get("/admin/users").await.status,
            users_page,
            "{account} users"
        );
        assert_eq!(
            c.get("/admin/organisations").await.status,
            users_page,
            "{account} orgs"
        );
        assert_eq!(
            c.get("/audit-log").await.status,
            audit_page,
            "{account} audit log"
        );
    }
}
