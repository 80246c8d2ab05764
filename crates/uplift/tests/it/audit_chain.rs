//! The audit log is append-only in the database, and a hash chain: `uplift audit-log
//! verify` passes on an honest log and names the first broken row when someone who got
//! past the database's refusal altered or deleted one behind the platform's back.

use std::process::Command;

use uplift_store::audit::{ChainReport, verify_chain};
use uplift_store::sea_orm::{ConnectionTrait, DbBackend};

use crate::harness::TestApp;

fn verify_cli(app: &TestApp) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_uplift"))
        .args(["audit-log", "verify", "--database-url", &app.db.url])
        .env_remove("DATABASE_URL")
        .output()
        .expect("run uplift");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// Run `sql` as someone with the database owner's rights would: first switch off the
/// triggers that keep the log append-only.
async fn tamper(app: &TestApp, sql: &str) {
    let db = app.store.db();
    let disarm: &[&str] = match db.get_database_backend() {
        DbBackend::Postgres => &["ALTER TABLE audit_log DISABLE TRIGGER USER"],
        _ => &[
            "DROP TRIGGER audit_log_no_update",
            "DROP TRIGGER audit_log_no_delete",
        ],
    };
    for statement in disarm {
        db.execute_unprepared(statement).await.unwrap();
    }
    db.execute_unprepared(sql).await.unwrap();
}

#[tokio::test]
async fn the_database_refuses_to_change_or_delete_an_audit_row() {
    let app = TestApp::new().await;
    let db = app.store.db();
    for sql in [
        "UPDATE audit_log SET summary = 'nothing happened' WHERE id = 5",
        "DELETE FROM audit_log WHERE id = 7",
        "DELETE FROM audit_log",
    ] {
        let refused = db.execute_unprepared(sql).await.unwrap_err();
        assert!(
            refused.to_string().contains("append-only"),
            "{sql}: {refused}"
        );
    }
    if db.get_database_backend() == DbBackend::Postgres {
        let refused = db
            .execute_unprepared("TRUNCATE audit_log")
            .await
            .unwrap_err();
        assert!(refused.to_string().contains("append-only"), "{refused}");
    }
    assert!(matches!(
        verify_chain(&app.store).await.unwrap(),
        ChainReport::Intact { .. }
    ));
}

#[tokio::test]
async fn verify_passes_on_an_honest_log() {
    let app = TestApp::new().await;
    app.logged_in("province").await;
    match verify_chain(&app.store).await.unwrap() {
        ChainReport::Intact { rows } => assert!(rows > 20, "the fixture and the login wrote rows"),
        other => panic!("expected intact, got {other:?}"),
    }
    let (ok, out) = verify_cli(&app);
    assert!(ok, "{out}");
    assert!(out.contains("intact"));
}

#[tokio::test]
async fn verify_names_the_row_that_was_altered_in_the_database() {
    let app = TestApp::new().await;
    tamper(
        &app,
        "UPDATE audit_log SET summary = 'nothing happened' WHERE id = 5",
    )
    .await;
    assert!(matches!(
        verify_chain(&app.store).await.unwrap(),
        ChainReport::Broken { row_id: 5, .. }
    ));
    let (ok, out) = verify_cli(&app);
    assert!(!ok);
    assert!(out.contains("row 5"), "{out}");
}

#[tokio::test]
async fn verify_notices_a_deleted_row() {
    let app = TestApp::new().await;
    tamper(&app, "DELETE FROM audit_log WHERE id = 7").await;
    assert!(matches!(
        verify_chain(&app.store).await.unwrap(),
        ChainReport::Broken { row_id: 7, .. }
    ));
    assert!(!verify_cli(&app).0);
}

#[tokio::test]
async fn verify_notices_that_the_newest_rows_were_cut_off() {
    let app = TestApp::new().await;
    tamper(
        &app,
        "DELETE FROM audit_log WHERE id = (SELECT MAX(id) FROM audit_log)",
    )
    .await;
    assert!(matches!(
        verify_chain(&app.store).await.unwrap(),
        ChainReport::Broken { .. }
    ));
}

#[tokio::test]
async fn every_write_and_its_audit_row_commit_together() {
    let app = TestApp::new().await;
    let before = uplift_store::users::count(&app.store).await.unwrap();
    let mut tx = app
        .store
        .write(&uplift_store::audit::Actor::system("test"))
        .await
        .unwrap();
    uplift_store::users::set_disabled(&mut tx, 1, true)
        .await
        .unwrap();
    drop(tx); // never committed: neither the change nor its audit row may remain
    assert_eq!(
        uplift_store::users::count(&app.store).await.unwrap(),
        before
    );
    let first = uplift_store::users::get(&app.store, 1).await.unwrap();
    assert!(!first.disabled);
    assert!(matches!(
        verify_chain(&app.store).await.unwrap(),
        ChainReport::Intact { .. }
    ));
}
