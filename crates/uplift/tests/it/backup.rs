//! Backup while the platform writes, restore into an empty database, and the copy holds:
//! the same rows, an intact audit chain. A database holding data is never restored over.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use sha2::{Digest, Sha256};
use uplift_app::operator::{self, Operator};
use uplift_store::Store;
use uplift_store::audit::ChainReport;
use uplift_store::sea_orm::{FromQueryResult, JsonValue, Statement};

use crate::harness::{PASSWORD, TestApp, TestDb};

const TABLES: [&str; 7] = [
    "organisations",
    "users",
    "enterprises",
    "assignments",
    "audit_log",
    "audit_head",
    "enterprise_history",
];

/// Per table: the row count and a SHA-256 of every row in key order.
async fn fingerprint(store: &Store) -> Vec<(String, usize, String)> {
    let mut out = Vec::new();
    for table in TABLES {
        let rows = JsonValue::find_by_statement(Statement::from_string(
            store.db_backend(),
            format!("SELECT * FROM {table} ORDER BY 1"),
        ))
        .all(store.db())
        .await
        .unwrap();
        let mut hasher = Sha256::new();
        for row in &rows {
            hasher.update(row.to_string().as_bytes());
        }
        out.push((
            table.to_string(),
            rows.len(),
            hex::encode(hasher.finalize()),
        ));
    }
    out
}

fn backup_path(tag: &str) -> std::path::PathBuf {
    let dir = crate::import::temp_dir(tag);
    std::fs::create_dir_all(&dir).unwrap();
    dir.join("uplift.backup")
}

#[tokio::test]
async fn a_backup_taken_under_write_load_restores_into_an_empty_database_intact() {
    let app = TestApp::new().await;
    // Writers: logins (sessions and audit rows) as fast as they go.
    let stop = Arc::new(AtomicBool::new(false));
    let mut writers = Vec::new();
    for _ in 0..2 {
        let stop = stop.clone();
        let router = app.router.clone();
        writers.push(tokio::spawn(async move {
            let mut n = 0u32;
            while !stop.load(Ordering::Relaxed) {
                let mut c = crate::harness::Client::new(router.clone());
                c.login("province", PASSWORD).await;
                n += 1;
            }
            n
        }));
    }
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let during = backup_path("backup-load");
    operator::backup(&app.app, &Operator::cli(), &app.db.url, &during)
        .await
        .unwrap();
    stop.store(true, Ordering::Relaxed);
    let mut logins = 0;
    for w in writers {
        logins += w.await.unwrap();
    }
    assert!(logins > 0, "the backup ran beside real writes");

    // The copy taken under load restores, and its chain holds.
    let target = TestDb::new().await;
    operator::restore(&during, &target.url).await.unwrap();
    let restored = Store::connect(&target.url).await.unwrap();
    restored.migrate().await.unwrap();
    assert!(matches!(
        uplift_store::audit::verify_chain(&restored).await.unwrap(),
        ChainReport::Intact { .. }
    ));
    restored.close().await.unwrap();

    // Taken when the writes are done, the copy is the database, row for row.
    let quiet = backup_path("backup-quiet");
    operator::backup(&app.app, &Operator::cli(), &app.db.url, &quiet)
        .await
        .unwrap();
    let expected = fingerprint(&app.store).await;
    let second = TestDb::new().await;
    operator::restore(&quiet, &second.url).await.unwrap();
    let copy = Store::connect(&second.url).await.unwrap();
    copy.migrate().await.unwrap();
    let got = fingerprint(&copy).await;
    // The backup's own audit row was written after its snapshot: the audit tables of the
    // copy end one row earlier; every other table is the same.
    for ((table, n, sum), (_, m, other)) in expected.iter().zip(&got) {
        if table.starts_with("audit_") {
            assert!(*m <= *n, "{table}: {m} > {n}");
        } else {
            assert_eq!((n, sum), (m, other), "{table}");
        }
    }
    assert!(matches!(
        uplift_store::audit::verify_chain(&copy).await.unwrap(),
        ChainReport::Intact { .. }
    ));
    copy.close().await.unwrap();

    // A database holding data is not restored over.
    let err = operator::restore(&quiet, &app.db.url).await.unwrap_err();
    assert!(
        matches!(
            err,
            uplift_app::Error::Refused(uplift_app::Refusal::RestoreTargetNotEmpty)
        ),
        "{err:?}"
    );
    let _ = std::fs::remove_dir_all(during.parent().unwrap());
    let _ = std::fs::remove_dir_all(quiet.parent().unwrap());
}
