//! Online backup and restore (reliability research, DUR-03 and DUR-04).
//!
//! SQLite: `VACUUM INTO` writes a consistent snapshot of the database as of one read
//! transaction while the server goes on writing (WAL readers do not block the writer),
//! then the copy is fsynced and checked with `PRAGMA integrity_check` before it is called
//! a backup. PostgreSQL: `pg_dump` in its custom format (a consistent snapshot by MVCC);
//! for a standby that follows the primary within seconds, use streaming replication
//! (documented in the README), which no application-level copy replaces.
//!
//! A restore goes into an empty database only: restoring over live data would mix two
//! histories, and the audit chain would no longer hold.

use std::path::{Path, PathBuf};
use std::process::Command;

use sea_orm::{ConnectionTrait, Statement};

use crate::{Backend, Store, StoreError, StoreResult};

fn failed(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Internal(format!("{what}: {e}"))
}

/// The file behind a `sqlite://` URL.
pub fn sqlite_path(url: &str) -> Option<PathBuf> {
    let rest = url.strip_prefix("sqlite:")?;
    let rest = rest.trim_start_matches("//");
    let path = rest.split('?').next().unwrap_or(rest);
    (!path.is_empty()).then(|| PathBuf::from(path))
}

impl Store {
    /// Take a backup to `dest` while the platform keeps running. SQLite writes a database
    /// file; PostgreSQL a `pg_dump` archive. `database_url` is the one this store was
    /// opened with (pg_dump connects on its own).
    pub async fn backup_to(&self, database_url: &str, dest: &Path) -> StoreResult<()> {
        if dest.exists() {
            return Err(failed(
                "backup",
                format!("{} exists already", dest.display()),
            ));
        }
        match self.backend() {
            Backend::Sqlite => {
                let target = dest.to_string_lossy().replace('\'', "''");
                self.db()
                    .execute_unprepared(&format!("VACUUM INTO '{target}'"))
                    .await?;
                let file = std::fs::File::open(dest).map_err(|e| failed("backup file", e))?;
                file.sync_all().map_err(|e| failed("fsync", e))?;
                check_sqlite(dest).await
            }
            Backend::Postgres => {
                let mut command = Command::new("pg_dump");
                command
                    .arg("--format=custom")
                    .arg("--no-owner")
                    .arg("--no-privileges")
                    .arg(format!("--file={}", dest.display()))
                    .arg(format!("--dbname={database_url}"));
                let status = run(command, "pg_dump").await?;
                if !status.success() {
                    return Err(failed("pg_dump", status));
                }
                let file = std::fs::File::open(dest).map_err(|e| failed("backup file", e))?;
                file.sync_all().map_err(|e| failed("fsync", e))?;
                Ok(())
            }
        }
    }

    /// Is the database empty (no table of ours in it)? A restore needs it so.
    pub async fn is_empty(&self) -> StoreResult<bool> {
        let sql = match self.backend() {
            Backend::Sqlite => {
                "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' \
                 AND name NOT LIKE 'sqlite_%'"
            }
            Backend::Postgres => {
                "SELECT count(*) AS n FROM information_schema.tables \
                 WHERE table_schema = current_schema()"
            }
        };
        let row = self
            .db()
            .query_one_raw(Statement::from_string(self.db_backend(), sql))
            .await?
            .ok_or_else(|| failed("restore", "no answer counting tables"))?;
        let n: i64 = row.try_get("", "n")?;
        Ok(n == 0)
    }
}

/// Run a PostgreSQL client program off the async runtime's threads.
async fn run(mut command: Command, name: &'static str) -> StoreResult<std::process::ExitStatus> {
    tokio::task::spawn_blocking(move || command.status())
        .await
        .map_err(|e| failed(name, e))?
        .map_err(|e| failed(&format!("{name} (is it installed?)"), e))
}

/// `PRAGMA integrity_check` on a SQLite file, on a connection of its own.
async fn check_sqlite(path: &Path) -> StoreResult<()> {
    let url = format!("sqlite://{}?mode=ro", path.display());
    let db = sea_orm::Database::connect(url.as_str()).await?;
    let row = db
        .query_one_raw(Statement::from_string(
            sea_orm::DbBackend::Sqlite,
            "PRAGMA integrity_check",
        ))
        .await?
        .ok_or_else(|| failed("integrity check", "no answer"))?;
    let verdict: String = row.try_get_by_index(0)?;
    db.close().await?;
    if verdict == "ok" {
        Ok(())
    } else {
        Err(failed("integrity check", verdict))
    }
}

/// Restore `src` into the empty database at `database_url`.
pub async fn restore(src: &Path, database_url: &str) -> StoreResult<()> {
    if !src.is_file() {
        return Err(failed(
            "restore",
            format!("{} is not a file", src.display()),
        ));
    }
    if database_url.starts_with("sqlite:") {
        let target = sqlite_path(database_url).ok_or_else(|| failed("restore", "no file"))?;
        if target.exists() {
            let store = Store::connect(database_url).await?;
            let empty = store.is_empty().await?;
            store.close().await?;
            if !empty {
                return Err(StoreError::Refused(crate::Refusal::RestoreTargetNotEmpty));
            }
            std::fs::remove_file(&target).map_err(|e| failed("restore", e))?;
        }
        check_sqlite(src).await?;
        std::fs::copy(src, &target).map_err(|e| failed("restore copy", e))?;
        let file = std::fs::File::open(&target).map_err(|e| failed("restore file", e))?;
        file.sync_all().map_err(|e| failed("fsync", e))?;
        return Ok(());
    }
    let store = Store::connect(database_url).await?;
    let empty = store.is_empty().await?;
    store.close().await?;
    if !empty {
        return Err(StoreError::Refused(crate::Refusal::RestoreTargetNotEmpty));
    }
    let mut command = Command::new("pg_restore");
    command
        .arg("--no-owner")
        .arg("--no-privileges")
        .arg("--exit-on-error")
        .arg(format!("--dbname={database_url}"))
        .arg(src);
    let status = run(command, "pg_restore").await?;
    if status.success() {
        Ok(())
    } else {
        Err(failed("pg_restore", status))
    }
}
