//! The platform's audit log (审计日志): every write appends a row in the same transaction,
//! each row carrying the SHA-256 of its predecessor, so that an altered or deleted row is
//! found by walking the chain (GB/T 22239-2019 8.1.4.3 c: audit records protected from
//! modification; 8.1.4.7: integrity of important audit data).
//!
//! No code path updates or deletes audit rows: this module only inserts and reads.

use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, SqliteTransactionMode, Statement, TransactionOptions, TransactionTrait,
};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::entity::audit_log;
use crate::{Store, StoreError, StoreResult, now};
use uplift_domain::role::Role;

/// The `prev_hash` of the first row.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Who is acting: copied into every audit row the action writes.
#[derive(Debug, Clone, Default)]
pub struct Actor {
    pub user_id: Option<i64>,
    pub username: Option<String>,
    pub role: Option<Role>,
    pub organisation_id: Option<i64>,
    pub client_ip: Option<String>,
}

impl Actor {
    /// The command line or the system itself (demo loading, migrations, imports run by an
    /// operator on the server).
    pub fn system(what: &str) -> Actor {
        Actor {
            username: Some(format!("system:{what}")),
            ..Actor::default()
        }
    }
}

/// A writing transaction. It takes the chain head's lock as its first statement, so the
/// whole transaction holds the write lock from the start (no SQLITE_BUSY on upgrade) and
/// audit rows are appended strictly in order.
pub struct WriteTx {
    tx: DatabaseTransaction,
    actor: Actor,
    head: ChainHead,
    dirty: bool,
    /// Remembered list totals, forgotten when this transaction commits a change.
    counts: std::sync::Arc<crate::counts::CountCache>,
}

impl Store {
    pub async fn write(&self, actor: &Actor) -> StoreResult<WriteTx> {
        let tx = self
            .db()
            .begin_with_options(TransactionOptions {
                sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                ..TransactionOptions::default()
            })
            .await?;
        let head = lock_head(&tx).await?;
        Ok(WriteTx {
            tx,
            actor: actor.clone(),
            head,
            dirty: false,
            counts: self.counts.clone(),
        })
    }
}

impl WriteTx {
    pub fn conn(&self) -> &DatabaseTransaction {
        &self.tx
    }

    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// Append one audit row. `object` names what was touched (`enterprise:9143…`,
    /// `user:17`); `summary` is a short before/after description.
    pub async fn audit(&mut self, action: &str, object: &str, summary: &str) -> StoreResult<()> {
        append(
            &self.tx,
            &mut self.head,
            &self.actor,
            action,
            object,
            summary,
        )
        .await?;
        self.dirty = true;
        Ok(())
    }

    pub async fn commit(self) -> StoreResult<()> {
        if self.dirty {
            save_head(&self.tx, &self.head).await?;
        }
        self.tx.commit().await?;
        if self.dirty {
            self.counts.clear();
        }
        Ok(())
    }
}

/// The end of the chain as one writing transaction sees it (and advances it).
///
/// `WriteTx` is the usual way to write; these functions are the chain's mechanics for a
/// transaction SeaORM does not own (the PostgreSQL bulk import, which needs the raw
/// connection for COPY), so that every audit row is appended by the same code.
#[derive(Debug, Clone)]
pub(crate) struct ChainHead {
    last_id: i64,
    last_hash: String,
}

/// Take the chain head's row lock and read it. This must be a writing transaction's first
/// statement: the lock orders all writers, so audit ids stay gap-free and chained.
pub(crate) async fn lock_head<C: ConnectionTrait>(conn: &C) -> StoreResult<ChainHead> {
    let backend = conn.get_database_backend();
    conn.execute_raw(Statement::from_string(
        backend,
        "UPDATE audit_head SET last_id = last_id WHERE id = 1",
    ))
    .await?;
    let row = conn
        .query_one_raw(Statement::from_string(
            backend,
            "SELECT last_id, last_hash FROM audit_head WHERE id = 1",
        ))
        .await?
        .ok_or_else(|| StoreError::Internal("audit_head row is missing".into()))?;
    Ok(ChainHead {
        last_id: row.try_get("", "last_id")?,
        last_hash: row.try_get("", "last_hash")?,
    })
}

/// Append one audit row after `head` and advance `head` to it.
pub(crate) async fn append<C: ConnectionTrait>(
    conn: &C,
    head: &mut ChainHead,
    actor: &Actor,
    action: &str,
    object: &str,
    summary: &str,
) -> StoreResult<()> {
    let id = head.last_id + 1;
    let mut row = audit_log::Model {
        id,
        at: now(),
        user_id: actor.user_id,
        username: actor.username.clone(),
        role: actor.role.map(|r| r.key().to_string()),
        organisation_id: actor.organisation_id,
        client_ip: actor.client_ip.clone(),
        action: action.to_string(),
        object: one_line(object),
        summary: one_line(summary),
        prev_hash: head.last_hash.clone(),
        hash: String::new(),
    };
    row.hash = row_hash(&row);
    let hash = row.hash.clone();
    let active: audit_log::ActiveModel = row.into();
    audit_log::Entity::insert(active).exec(conn).await?;
    head.last_id = id;
    head.last_hash = hash;
    Ok(())
}

/// A field as one line: control characters (a line break typed into a user name) are
/// written as escapes, so that no input can forge a line of an exported or printed log.
fn one_line(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_string();
    }
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Record the new end of the chain; call it just before committing a transaction that
/// appended rows (deleting the newest rows is then caught by `verify_chain`).
pub(crate) async fn save_head<C: ConnectionTrait>(conn: &C, head: &ChainHead) -> StoreResult<()> {
    let backend = conn.get_database_backend();
    conn.execute_raw(Statement::from_sql_and_values(
        backend,
        match backend {
            sea_orm::DbBackend::Postgres => {
                "UPDATE audit_head SET last_id = $1, last_hash = $2 WHERE id = 1"
            }
            _ => "UPDATE audit_head SET last_id = ?, last_hash = ? WHERE id = 1",
        },
        [head.last_id.into(), head.last_hash.clone().into()],
    ))
    .await?;
    Ok(())
}

/// The canonical form hashed for a row: the previous hash, then every field as a JSON
/// array (unambiguous: no field can run into the next).
fn row_hash(row: &audit_log::Model) -> String {
    let fields = serde_json::json!([
        row.id,
        row.at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
        row.user_id,
        row.username,
        row.role,
        row.organisation_id,
        row.client_ip,
        row.action,
        row.object,
        row.summary,
    ]);
    let mut hasher = Sha256::new();
    hasher.update(row.prev_hash.as_bytes());
    hasher.update(b"\n");
    hasher.update(fields.to_string().as_bytes());
    hex::encode(hasher.finalize())
}

/// The outcome of walking the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum ChainReport {
    Intact { rows: u64 },
    Broken { row_id: i64, reason: String },
}

/// Walk the whole chain in id order, in bounded pages, and name the first broken row.
pub async fn verify_chain(store: &Store) -> StoreResult<ChainReport> {
    const BATCH: u64 = 5_000;
    let mut expected_prev = GENESIS_HASH.to_string();
    let mut expected_id = 1i64;
    let mut rows = 0u64;
    loop {
        let batch = audit_log::Entity::find()
            .filter(audit_log::Column::Id.gte(expected_id))
            .order_by_asc(audit_log::Column::Id)
            .paginate(store.db(), BATCH)
            .fetch_page(0)
            .await?;
        let done = (batch.len() as u64) < BATCH;
        for row in batch {
            if row.id != expected_id {
                return Ok(ChainReport::Broken {
                    row_id: expected_id,
                    reason: format!("row {expected_id} is missing (next row is {})", row.id),
                });
            }
            if row.prev_hash != expected_prev {
                return Ok(ChainReport::Broken {
                    row_id: row.id,
                    reason: "prev_hash does not match the previous row".into(),
                });
            }
            if row_hash(&row) != row.hash {
                return Ok(ChainReport::Broken {
                    row_id: row.id,
                    reason: "the row's content does not match its hash (altered)".into(),
                });
            }
            expected_prev = row.hash;
            expected_id += 1;
            rows += 1;
        }
        if done {
            break;
        }
    }
    // The head remembers the end of the chain: deleting the newest rows is caught here.
    let head = store
        .db()
        .query_one_raw(Statement::from_string(
            store.db_backend(),
            "SELECT last_id, last_hash FROM audit_head WHERE id = 1",
        ))
        .await?
        .ok_or_else(|| StoreError::Internal("audit_head row is missing".into()))?;
    let last_id: i64 = head.try_get("", "last_id")?;
    let last_hash: String = head.try_get("", "last_hash")?;
    if last_id != expected_id - 1 || last_hash != expected_prev {
        return Ok(ChainReport::Broken {
            row_id: last_id.max(expected_id),
            reason: format!(
                "the chain ends at row {} but the head records row {last_id}",
                expected_id - 1
            ),
        });
    }
    Ok(ChainReport::Intact { rows })
}

/// Filters for the audit administrator's viewer.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub action_prefix: Option<String>,
    pub username: Option<String>,
}

/// Newest first. Only the audit administrator's pages call this.
pub async fn list(
    store: &Store,
    filter: &AuditFilter,
    page: crate::PageRequest,
) -> StoreResult<crate::Page<audit_log::Model>> {
    let mut query = audit_log::Entity::find();
    if let Some(prefix) = filter.action_prefix.as_deref().filter(|s| !s.is_empty()) {
        query = query.filter(audit_log::Column::Action.starts_with(prefix));
    }
    if let Some(user) = filter.username.as_deref().filter(|s| !s.is_empty()) {
        query = query.filter(audit_log::Column::Username.eq(user));
    }
    let total = query.clone().count(store.db()).await?;
    let items = query
        .order_by_desc(audit_log::Column::Id)
        .paginate(store.db(), page.per_page)
        .fetch_page(page.page - 1)
        .await?;
    Ok(crate::Page {
        items,
        page: page.page,
        per_page: page.per_page,
        total,
    })
}
