//! Logs and the audit log keep no secrets: passwords, one-time codes, session secrets and
//! API tokens, full phone numbers. Seeded through real requests, then everything captured
//! is scanned.

use std::io::Write;
use std::sync::{Arc, Mutex};

use axum::http::StatusCode;
use uplift_sheets::{Format, TextEncoding};
use uplift_store::entity::audit_log;
use uplift_store::sea_orm::EntityTrait;

use crate::harness::{PASSWORD, TestApp};
use crate::import::{multipart, temp_dir, write_file};

/// Everything the tracing subscriber writes, kept for scanning.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut v) = self.0.lock() {
            v.extend_from_slice(buf);
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

const WRONG: &str = "Seeded-Wrong-Pw-7310";
const NEW_USER_PW: &str = "Seeded-New-Pw-8421";
const OWN_PW: &str = "Seeded-Own-Pw-9532";
const PHONE: &str = "13987654321";

#[tokio::test]
async fn no_password_token_or_phone_reaches_the_logs_or_the_audit_log() {
    let captured = Captured::default();
    let sink = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || sink.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let app = TestApp::new().await;
    // A wrong password, a right one, a token.
    app.client().login("province", WRONG).await;
    let mut province = app.logged_in("province").await;
    let session = province.session().unwrap();
    let token = app.token("province").await;
    // An account made with a password, and one's own changed.
    let mut admin = app.logged_in("sysadmin").await;
    admin
        .post_form(
            "/admin/users",
            &[
                ("username", "seeded-expert"),
                ("display_name", "专家"),
                ("role", "expert"),
                (
                    "organisation_id",
                    &uplift_store::users::find_by_username(&app.store, "expert-1")
                        .await
                        .unwrap()
                        .unwrap()
                        .organisation_id
                        .unwrap()
                        .to_string(),
                ),
                ("password", NEW_USER_PW),
            ],
        )
        .await;
    let res = province
        .post_form(
            "/account/password",
            &[("current", PASSWORD), ("new", OWN_PW), ("repeat", OWN_PW)],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    // A directory with a full phone number, and a search for it.
    let dir = temp_dir("secrets");
    let row: Vec<String> = [
        app.fx.changsha_a.as_str(),
        "长沙甲机械有限公司",
        "430100",
        "工业",
        "120",
        "5000",
        "4500",
        "3000",
        "存续",
        "张伟",
        PHONE,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let file = write_file(&dir, "d.csv", Format::Csv, TextEncoding::Utf8, &[row]);
    let (ct, body) = multipart("d.csv", &std::fs::read(&file).unwrap());
    province
        .send(
            axum::http::Request::post("/imports/enterprises").header("content-type", ct),
            axum::body::Body::from(body),
        )
        .await;
    crate::write_matrix::wait_for_jobs(&app.store).await;
    province.get(&format!("/enterprises?q={PHONE}")).await;
    // A line break in a user name cannot forge an audit line.
    app.client()
        .login("forged\r\n2026-01-01 login.success user:1", WRONG)
        .await;

    let logs = String::from_utf8_lossy(&captured.0.lock().unwrap()).into_owned();
    assert!(
        logs.contains("INFO"),
        "the subscriber captured the platform's logs"
    );
    let rows = audit_log::Entity::find().all(app.store.db()).await.unwrap();
    let audit: Vec<String> = rows
        .iter()
        .map(|r| {
            format!(
                "{} {} {} {} {}",
                r.username.clone().unwrap_or_default(),
                r.client_ip.clone().unwrap_or_default(),
                r.action,
                r.object,
                r.summary
            )
        })
        .collect();
    let audit = audit.join("\n");
    for secret in [
        WRONG,
        PASSWORD,
        NEW_USER_PW,
        OWN_PW,
        session.as_str(),
        token.as_str(),
        PHONE,
    ] {
        assert!(!logs.contains(secret), "the logs hold {secret}");
        assert!(!audit.contains(secret), "the audit log holds {secret}");
    }
    // Each audit row is one line: no field carries a line break of its own.
    for r in &rows {
        for field in [&r.object, &r.summary] {
            assert!(!field.contains(['\r', '\n']), "{field:?}");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
