//! A bulk load into an empty directory drops the directory's indexes (on PostgreSQL also
//! its primary key and the foreign keys pointing at it) and must put every one of them
//! back: at its end, or, when it was killed, at the platform's next start.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use uplift_domain::role::Scope;
use uplift_store::sea_orm::{ConnectionTrait, Statement};
use uplift_store::{Backend, Store, directory_keys, enterprises};

use crate::crash::{generate, uplift};
use crate::harness::TestDb;
use crate::import::temp_dir;

fn import(file: &Path, db: &TestDb, dir: &Path) -> Command {
    let mut c = uplift();
    c.args(["import", "enterprises", "--province", "430000"])
        .arg(file)
        .args(["--batch-size", "200", "--database-url", &db.url])
        .arg("--data-dir")
        .arg(dir);
    c
}

async fn names(store: &Store, sql: &str) -> Vec<String> {
    let rows = store
        .db()
        .query_all_raw(Statement::from_string(store.db_backend(), sql.to_string()))
        .await
        .unwrap();
    let mut names: Vec<String> = rows
        .iter()
        .map(|r| r.try_get::<String>("", "name").unwrap())
        .collect();
    names.sort();
    names
}

async fn indexes(store: &Store) -> Vec<String> {
    let sql = match store.backend() {
        Backend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'enterprises' \
             AND name NOT LIKE 'sqlite_autoindex%'"
        }
        Backend::Postgres => {
            "SELECT indexname::text AS name FROM pg_indexes WHERE tablename = 'enterprises'"
        }
    };
    names(store, sql).await
}

/// PostgreSQL: the primary key of the directory and every constraint referencing it.
async fn keys(store: &Store) -> Vec<String> {
    directory_keys::constraint_names(store.db()).await.unwrap()
}

fn all_keys() -> Vec<String> {
    let mut all: Vec<String> = directory_keys::ENTERPRISE_REFERENCES
        .iter()
        .map(|(_, name)| name.to_string())
        .chain([directory_keys::PRIMARY_KEY.to_string()])
        .collect();
    all.sort();
    all
}

/// What a freshly migrated directory has: its indexes, and on PostgreSQL its keys.
async fn expect_whole(store: &Store, when: &str) {
    let mut expected: Vec<String> = directory_keys::DIRECTORY_INDEX_NAMES
        .iter()
        .map(|n| n.to_string())
        .collect();
    if store.backend() == Backend::Postgres {
        expected.push(directory_keys::PRIMARY_KEY.into());
        assert_eq!(keys(store).await, all_keys(), "keys {when}");
    }
    expected.sort();
    assert_eq!(indexes(store).await, expected, "indexes {when}");
}

async fn fresh_count(store: &Store) -> u64 {
    store.forget_counts();
    enterprises::count(store, &Scope::Province("430000".into()))
        .await
        .unwrap()
}

/// A history row for an enterprise that does not exist must be refused.
async fn history_for_a_missing_enterprise_is_refused(store: &Store) -> bool {
    store
        .db()
        .execute_unprepared(
            "INSERT INTO enterprise_history (enterprise_id, job_id, changed_at, changes) \
             VALUES (987654321, NULL, CURRENT_TIMESTAMP, '{}')",
        )
        .await
        .is_err()
}

#[tokio::test]
async fn the_directory_keys_are_every_reference_to_the_directory() {
    let db = TestDb::new().await;
    let store = Store::connect(&db.url).await.unwrap();
    store.migrate().await.unwrap();
    // The list of foreign keys a PostgreSQL bulk load drops and restores must name every
    // reference the migrations create, or that reference would silently stay dropped.
    expect_whole(&store, "after migrating").await;
}

#[tokio::test]
async fn a_bulk_load_puts_back_every_index_and_key_it_dropped() {
    let db = TestDb::new().await;
    let dir = temp_dir("bulk");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("directory.csv");
    generate(&file, 1_000, &[]);
    let store = Store::connect(&db.url).await.unwrap();
    store.migrate().await.unwrap();
    assert_eq!(
        fresh_count(&store).await,
        0,
        "an empty directory: a bulk load"
    );

    let out = import(&file, &db, &dir).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("inserted 1000"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    expect_whole(&store, "after a bulk load").await;
    assert!(history_for_a_missing_enterprise_is_refused(&store).await);

    // With the unique index back, the same file again merges: nothing new, nothing lost.
    let again = import(&file, &db, &dir).output().unwrap();
    assert!(again.status.success());
    assert!(
        String::from_utf8_lossy(&again.stdout).contains("unchanged 1000"),
        "{}",
        String::from_utf8_lossy(&again.stdout)
    );
    assert_eq!(fresh_count(&store).await, 1_000);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_killed_bulk_load_gets_its_keys_back_at_the_next_start() {
    let db = TestDb::new().await;
    let dir = temp_dir("bulk-kill");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("directory.csv");
    let rows = 6_000;
    generate(&file, rows, &[]);
    let store = Store::connect(&db.url).await.unwrap();
    store.migrate().await.unwrap();

    let mut child = import(&file, &db, &dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut killed_at = 0;
    while Instant::now() < deadline && child.try_wait().unwrap().is_none() {
        let n = fresh_count(&store).await;
        if n >= 600 {
            child.kill().unwrap();
            killed_at = n;
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let _ = child.wait();
    assert!(killed_at > 0, "the bulk load was killed part-way");
    let partial = fresh_count(&store).await;
    assert!(partial < rows, "killed before the end ({partial} rows in)");
    if store.backend() == Backend::Postgres {
        assert!(
            !keys(&store)
                .await
                .contains(&directory_keys::PRIMARY_KEY.to_string()),
            "the load ran without its primary key"
        );
    }

    // What every start does.
    store.migrate().await.unwrap();
    expect_whole(&store, "after the next start").await;
    assert!(history_for_a_missing_enterprise_is_refused(&store).await);

    let out = import(&file, &db, &dir).output().unwrap();
    assert!(out.status.success());
    assert_eq!(fresh_count(&store).await, rows, "every row exactly once");
    let _ = std::fs::remove_dir_all(&dir);
}
