//! The hot reads of a page — its session and its list of 50 enterprises — straight
//! through SQLite's C API (rusqlite), on SQLite only.
//!
//! Why: sqlx-sqlite runs every connection on a worker thread and sends each row back
//! through a channel, copying every value on the way (`sqlite3_value_dup`). On a city's
//! list page that hand-off, not SQLite, was most of the CPU (perf, BENCHMARKS.md). Here a
//! statement is prepared once per connection and its rows decoded where they lie.
//!
//! What stays with SeaORM: every write (so the audit chain and its transaction remain
//! the one way to change data), counts and other long reads, and PostgreSQL. The
//! connections are read-only (`query_only`), see committed data only (WAL), and so see
//! every write as soon as it commits.

use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Row, params_from_iter};
use sea_orm::{Statement, Value};

use crate::{StoreError, StoreResult};

/// As many as the pool of writers-and-readers beside it: the runtime's worker threads
/// rarely hold more than one each.
const CONNECTIONS: usize = 4;

#[derive(Debug)]
pub struct SqliteReader {
    conns: Vec<Mutex<Connection>>,
    /// Which connection to wait for when all are busy, in turn.
    next: AtomicUsize,
}

impl SqliteReader {
    /// Read-only connections to the file of `url` (`sqlite://path?…`); `None` for an
    /// in-memory database, which another connection could not see.
    pub fn open(url: &str) -> StoreResult<Option<SqliteReader>> {
        let Some(path) = file_of(url) else {
            return Ok(None);
        };
        let mut conns = Vec::with_capacity(CONNECTIONS);
        for _ in 0..CONNECTIONS {
            let conn = Connection::open_with_flags(
                &path,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .map_err(read_error)?;
            conn.busy_timeout(Duration::from_secs(10))
                .map_err(read_error)?;
            conn.execute_batch("PRAGMA query_only = 1; PRAGMA cache_size = -32768;")
                .map_err(read_error)?;
            conn.set_prepared_statement_cache_capacity(64);
            conns.push(Mutex::new(conn));
        }
        Ok(Some(SqliteReader {
            conns,
            next: AtomicUsize::new(0),
        }))
    }

    /// Run one SELECT built by SeaORM for SQLite. `decoder` is given the result's column
    /// names once and returns what decodes each row by position (finding a column by
    /// name in every row was a fifth of the list page's CPU).
    pub fn query<T, D>(
        &self,
        statement: &Statement,
        decoder: impl FnOnce(&Columns) -> rusqlite::Result<D>,
    ) -> StoreResult<Vec<T>>
    where
        D: FnMut(&Row<'_>) -> rusqlite::Result<T>,
    {
        let params = statement
            .values
            .as_ref()
            .map(|v| v.0.iter().map(param).collect::<StoreResult<Vec<_>>>())
            .transpose()?
            .unwrap_or_default();
        let conn = self.connection()?;
        let mut prepared = conn.prepare_cached(&statement.sql).map_err(read_error)?;
        let columns = Columns(
            prepared
                .column_names()
                .into_iter()
                .map(str::to_string)
                .collect(),
        );
        let mut decode = decoder(&columns).map_err(read_error)?;
        let mut rows = prepared
            .query(params_from_iter(params.iter()))
            .map_err(read_error)?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().map_err(read_error)? {
            out.push(decode(row).map_err(read_error)?);
        }
        Ok(out)
    }

    /// A free connection, else wait for one (a read holds it for one statement).
    fn connection(&self) -> StoreResult<std::sync::MutexGuard<'_, Connection>> {
        for conn in &self.conns {
            if let Ok(guard) = conn.try_lock() {
                return Ok(guard);
            }
        }
        let pick = self.next.fetch_add(1, Ordering::Relaxed) % self.conns.len().max(1);
        self.conns
            .get(pick)
            .ok_or_else(|| StoreError::Internal("no SQLite read connection".into()))?
            .lock()
            .map_err(|_| StoreError::Internal("SQLite read connection poisoned".into()))
    }
}

/// The column names of a result, to turn into positions once per query.
pub struct Columns(Vec<String>);

impl Columns {
    pub fn at(&self, name: &str) -> rusqlite::Result<usize> {
        self.0
            .iter()
            .position(|c| c == name)
            .ok_or_else(|| rusqlite::Error::InvalidColumnName(name.to_string()))
    }
}

/// The file behind `sqlite://path?options` or `sqlite:path`.
fn file_of(url: &str) -> Option<PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or(rest);
    if path.is_empty() || path == ":memory:" || rest.contains("mode=memory") {
        return None;
    }
    Some(PathBuf::from(path))
}

/// A SeaORM value as SQLite stores it (the types the hot reads bind).
fn param(value: &Value) -> StoreResult<rusqlite::types::Value> {
    use rusqlite::types::Value as Sql;
    Ok(match value {
        Value::Bool(v) => v.map_or(Sql::Null, |b| Sql::Integer(i64::from(b))),
        Value::TinyInt(v) => v.map_or(Sql::Null, |n| Sql::Integer(n.into())),
        Value::SmallInt(v) => v.map_or(Sql::Null, |n| Sql::Integer(n.into())),
        Value::Int(v) => v.map_or(Sql::Null, |n| Sql::Integer(n.into())),
        Value::BigInt(v) => v.map_or(Sql::Null, Sql::Integer),
        Value::TinyUnsigned(v) => v.map_or(Sql::Null, |n| Sql::Integer(n.into())),
        Value::SmallUnsigned(v) => v.map_or(Sql::Null, |n| Sql::Integer(n.into())),
        Value::Unsigned(v) => v.map_or(Sql::Null, |n| Sql::Integer(n.into())),
        Value::BigUnsigned(v) => match v {
            None => Sql::Null,
            Some(n) => Sql::Integer(
                i64::try_from(*n)
                    .map_err(|_| StoreError::Internal("number too large for SQLite".into()))?,
            ),
        },
        Value::String(v) => v.as_ref().map_or(Sql::Null, |s| Sql::Text(s.clone())),
        other => {
            return Err(StoreError::Internal(format!(
                "no SQLite read binding for {other:?}"
            )));
        }
    })
}

/// A timestamp as sqlx-sqlite writes it (RFC 3339, e.g. `2026-11-26T17:45:40.054038+00:00`).
pub(crate) fn timestamp(
    row: &Row<'_>,
    column: usize,
) -> rusqlite::Result<Option<chrono::DateTime<chrono::Utc>>> {
    let text: Option<String> = row.get(column)?;
    text.map(|t| {
        chrono::DateTime::parse_from_rfc3339(&t)
            .or_else(|_| chrono::DateTime::parse_from_str(&t, "%F %T%.f%:z"))
            .map(|d| d.with_timezone(&chrono::Utc))
            .map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(
                    column,
                    rusqlite::types::Type::Text,
                    Box::new(e),
                )
            })
    })
    .transpose()
}

/// A NOT NULL timestamp.
pub(crate) fn timestamp_required(
    row: &Row<'_>,
    column: usize,
) -> rusqlite::Result<chrono::DateTime<chrono::Utc>> {
    timestamp(row, column)?.ok_or(rusqlite::Error::InvalidColumnType(
        column,
        String::new(),
        rusqlite::types::Type::Null,
    ))
}

fn read_error(e: rusqlite::Error) -> StoreError {
    StoreError::Internal(format!("SQLite read: {e}"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_file_is_found_in_every_url_form() {
        assert_eq!(
            file_of("sqlite:///tmp/a.db?mode=rwc"),
            Some(PathBuf::from("/tmp/a.db"))
        );
        assert_eq!(
            file_of("sqlite://uplift.db"),
            Some(PathBuf::from("uplift.db"))
        );
        assert_eq!(
            file_of("sqlite:uplift.db"),
            Some(PathBuf::from("uplift.db"))
        );
        assert_eq!(file_of("sqlite::memory:"), None);
        assert_eq!(file_of("sqlite://x?mode=memory"), None);
        assert_eq!(file_of("postgres://h/db"), None);
    }

    #[test]
    fn timestamps_read_in_the_form_sqlx_writes_them() {
        let conn = Connection::open_in_memory().unwrap();
        let at: chrono::DateTime<chrono::Utc> = conn
            .query_row(
                "SELECT '2026-11-26T17:45:40.054038+00:00' AS t",
                [],
                |row| timestamp_required(row, 0),
            )
            .unwrap();
        assert_eq!(at.to_rfc3339(), "2026-11-26T17:45:40.054038+00:00");
    }
}
