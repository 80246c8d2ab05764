//! Opening the database: the backend is chosen by the URL scheme, as vaultwarden does.

use std::time::Duration;

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend};
use sea_orm_migration::MigratorTrait;

use crate::migration::Migrator;
use crate::{StoreError, StoreResult};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The handle every repository works through. Cheap to clone (a pool inside).
#[derive(Clone, Debug)]
pub struct Store {
    db: DatabaseConnection,
    backend: Backend,
    /// Totals of filtered enterprise lists (see `counts`).
    pub(crate) counts: std::sync::Arc<crate::counts::CountCache>,
    /// Names and credit codes of the directory, for searches (see `search_index`).
    pub(crate) search: std::sync::Arc<crate::search_index::SearchIndex>,
    /// SQLite only: the page's hot reads outside sqlx (see `sqlite_read`).
    pub(crate) reader: Option<std::sync::Arc<crate::sqlite_read::SqliteReader>>,
}

impl Store {
    /// Open `sqlite://path` (created if missing) or `postgres://…`. Anything else is refused
    /// with a message rather than silently creating a file from a typo.
    pub async fn connect(url: &str) -> StoreResult<Store> {
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            return Err(StoreError::Internal(format!(
                "unsupported database URL (expected sqlite://… or postgres://…): {}",
                redact(url)
            )));
        };
        let mut options = ConnectOptions::new(url.to_string());
        options
            .sqlx_logging(false)
            .acquire_timeout(Duration::from_secs(30));
        match backend {
            Backend::Sqlite => {
                // SeaORM's SQLite default is ONE connection, which serialises every reader
                // behind every writer; WAL lets readers run beside the single writer.
                // Four: measured best for the list page on two cores (perf-findings.md).
                options.max_connections(4).min_connections(1);
                options.map_sqlx_sqlite_opts(|o| {
                    o.create_if_missing(true)
                        .journal_mode(SqliteJournalMode::Wal)
                        // FULL: an acknowledged write survives a power cut (reliability DUR-01).
                        .synchronous(SqliteSynchronous::Full)
                        .foreign_keys(true)
                        .busy_timeout(Duration::from_secs(10))
                        // 32 MiB of page cache per connection: the directory's indexes
                        // stay in memory while a city's pages are served.
                        .pragma("cache_size", "-32768")
                });
            }
            Backend::Postgres => {
                options.max_connections(16).min_connections(1);
            }
        }
        let db = Database::connect(options).await?;
        // After the pool: it has created the file and switched it to WAL.
        let reader = match backend {
            Backend::Sqlite => {
                crate::sqlite_read::SqliteReader::open(url)?.map(std::sync::Arc::new)
            }
            Backend::Postgres => None,
        };
        Ok(Store {
            db,
            backend,
            counts: Default::default(),
            search: Default::default(),
            reader,
        })
    }

    /// Bring the schema up to date. Safe to call on every start.
    pub async fn migrate(&self) -> StoreResult<()> {
        Migrator::up(&self.db, None).await?;
        self.ensure_indexes().await
    }

    /// Forget remembered list totals (after this process changed the directory).
    pub fn forget_counts(&self) {
        self.counts.clear();
    }

    /// Load the search index now rather than at the first search (a province's million
    /// names take a second or two to read).
    pub async fn warm_search_index(&self) -> StoreResult<()> {
        self.search.catch_up(self).await
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn db_backend(&self) -> DbBackend {
        self.db.get_database_backend()
    }

    /// A cheap liveness probe for `/healthz`: touches no scoped data.
    pub async fn ping(&self) -> StoreResult<()> {
        self.db.execute_unprepared("SELECT 1").await?;
        Ok(())
    }

    pub async fn close(self) -> StoreResult<()> {
        self.db.close().await?;
        Ok(())
    }
}

/// Hide a password in a database URL before it reaches a log or a message.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            match userinfo.find(':') {
                Some(colon) => format!(
                    "{}{}:***{}",
                    &url[..scheme_end + 3],
                    &userinfo[..colon],
                    &url[at..]
                ),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn a_password_in_a_database_url_is_never_printed() {
        assert_eq!(
            redact("postgres://ci:secret@localhost:5432/uplift"),
            "postgres://ci:***@localhost:5432/uplift"
        );
        assert_eq!(redact("sqlite://uplift.db"), "sqlite://uplift.db");
    }
}
