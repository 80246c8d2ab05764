//! The audit log is a hash chain: `uplift audit-log verify` passes on an honest log and
//! names the first broken row when one is altered or deleted behind the platform's back.

use std::process::Command;

use uplift_store::audit::{ChainReport, verify_chain};
use uplift_store::sea_orm::ConnectionTrait;

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
    app.store
        .db()
        .execute_unprepared("UPDATE audit_log SET summary = 'nothing happened' WHERE id = 5")
        .await
        .unwrap();
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
    app.store
        .db()
        .execute_unprepared("DELETE FROM audit_log WHERE id = 7")
        .await
        .unwrap();
    assert!(matches!(
        verify_chain(&app.store).await.unwrap(),
        ChainReport::Broken { row_id: 7, .. }
    ));
    assert!(!verify_cli(&app).0);
}

#[tokio::test]
async fn verify_notices_that_the_newest_rows_were_cut_off() {
    let app = TestApp::new().await;
    app.store
        .db()
        .execute_unprepared("DELETE FROM audit_log WHERE id = (SELECT MAX(id) FROM audit_log)")
        .await
        .unwrap();
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
