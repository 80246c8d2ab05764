//! A writing transaction on a raw sqlx PostgreSQL connection, for import batches.
//!
//! COPY needs the connection itself, and SeaORM 2 keeps a transaction's connection
//! private. So a PostgreSQL batch begins its own sqlx transaction from SeaORM's pool and
//! runs everything else in it (credit-code lookups, updates, history, the job's progress,
//! the audit row) as ordinary SeaORM statements through `PgConn`'s `ConnectionTrait`:
//! the batch stays one all-or-nothing transaction, and the audit chain is appended by the
//! same code as every other write (`crate::audit`).

use sea_orm::entity::prelude::async_trait;
use sea_orm::sea_query::Values;
use sea_orm::sqlx::{self, Executor, Postgres};
use sea_orm::{ConnectionTrait, DbBackend, DbErr, ExecResult, QueryResult, RuntimeErr, Statement};
use sea_query_sqlx::SqlxValues;
use tokio::sync::Mutex;

use crate::audit::{self, Actor, ChainHead};
use crate::{Backend, Store, StoreError, StoreResult};

/// One open sqlx transaction, usable wherever SeaORM wants a connection. The mutex is
/// never contended (one batch, one task); it turns SeaORM's `&self` into the `&mut` sqlx
/// needs.
pub(super) struct PgConn {
    tx: Mutex<sqlx::Transaction<'static, Postgres>>,
}

fn exec_err(e: sqlx::Error) -> DbErr {
    DbErr::Exec(RuntimeErr::SqlxError(e.into()))
}

fn query_err(e: sqlx::Error) -> DbErr {
    DbErr::Query(RuntimeErr::SqlxError(e.into()))
}

/// A SeaORM statement as a sqlx query (prepared and cached per connection by sqlx).
fn sqlx_query(stmt: Statement) -> sqlx::query::Query<'static, Postgres, SqlxValues> {
    let values = stmt.values.unwrap_or(Values(Vec::new()));
    sqlx::query_with(sqlx::AssertSqlSafe(stmt.sql), SqlxValues(values))
}

#[async_trait::async_trait]
impl ConnectionTrait for PgConn {
    fn get_database_backend(&self) -> DbBackend {
        DbBackend::Postgres
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        let mut tx = self.tx.lock().await;
        let done = sqlx_query(stmt).execute(&mut **tx).await;
        done.map(Into::into).map_err(exec_err)
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        let mut tx = self.tx.lock().await;
        let done = tx.execute(sqlx::AssertSqlSafe(sql.to_owned())).await;
        done.map(Into::into).map_err(exec_err)
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        let mut tx = self.tx.lock().await;
        let row = sqlx_query(stmt).fetch_optional(&mut **tx).await;
        row.map(|r| r.map(Into::into)).map_err(query_err)
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        let mut tx = self.tx.lock().await;
        let rows = sqlx_query(stmt).fetch_all(&mut **tx).await;
        rows.map(|rs| rs.into_iter().map(Into::into).collect())
            .map_err(query_err)
    }
}

/// `WriteTx`'s counterpart on a raw PostgreSQL connection: holds the audit chain's head
/// lock from its first statement, appends audit rows, and can COPY.
pub(super) struct PgWriteTx {
    conn: PgConn,
    actor: Actor,
    head: ChainHead,
}

impl PgWriteTx {
    pub(super) async fn begin(store: &Store, actor: &Actor) -> StoreResult<PgWriteTx> {
        if store.backend() != Backend::Postgres {
            return Err(StoreError::Internal(
                "a PostgreSQL transaction on another database".into(),
            ));
        }
        let pool = store.db().get_postgres_connection_pool();
        let mut tx = pool.begin().await.map_err(exec_err)?;
        // A batch's commit does not wait for its WAL to reach the disk, so the next
        // batch's COPY is not held up behind an fsync. This risks no inconsistency: after
        // a crash the batches that survive are a prefix of those committed, each whole,
        // and re-running the file completes the rest. The import's last write (the job's
        // end and its audit row) commits synchronously, which flushes every batch before
        // the import reports itself done.
        tx.execute("SET LOCAL synchronous_commit = off")
            .await
            .map_err(exec_err)?;
        let conn = PgConn { tx: Mutex::new(tx) };
        let head = audit::lock_head(&conn).await?;
        Ok(PgWriteTx {
            conn,
            actor: actor.clone(),
            head,
        })
    }

    pub(super) fn conn(&self) -> &PgConn {
        &self.conn
    }

    pub(super) async fn audit(
        &mut self,
        action: &str,
        object: &str,
        summary: &str,
    ) -> StoreResult<()> {
        audit::append(
            &self.conn,
            &mut self.head,
            &self.actor,
            action,
            object,
            summary,
        )
        .await
    }

    /// Run `statement` (a `COPY … FROM STDIN`) with `chunks` as its data, in order.
    pub(super) async fn copy_in(&self, statement: &str, chunks: &[&[u8]]) -> StoreResult<u64> {
        let mut tx = self.conn.tx.lock().await;
        let mut copy = tx.copy_in_raw(statement).await.map_err(exec_err)?;
        for chunk in chunks {
            if let Err(e) = copy.send(*chunk).await {
                // Leave the connection usable for the rollback that follows.
                let _ = copy.abort(e.to_string()).await;
                return Err(exec_err(e).into());
            }
        }
        Ok(copy.finish().await.map_err(exec_err)?)
    }

    /// Record the chain's new head and commit. Every batch appends an audit row, so the
    /// head is always saved (unlike `WriteTx`, no read-only case).
    pub(super) async fn commit(self, store: &Store) -> StoreResult<()> {
        audit::save_head(&self.conn, &self.head).await?;
        let tx = self.conn.tx.into_inner();
        tx.commit().await.map_err(exec_err)?;
        store.forget_counts();
        Ok(())
    }
}
