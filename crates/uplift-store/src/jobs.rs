//! Background jobs: recorded in the database so that a page reload, another instance or
//! the command line can follow them. Only the user who started a job sees it.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde::{Deserialize, Serialize};

use crate::entity::job;
use crate::{Store, StoreError, StoreResult, now};

/// The kind of a re-screening job (imports name theirs in `import`).
pub const KIND_RESCREEN: &str = "screening.rescreen";

pub const RUNNING: &str = "running";
pub const DONE: &str = "done";
pub const FAILED: &str = "failed";
/// A job whose process went away (a restart, a kill) before it finished.
pub const INTERRUPTED: &str = "interrupted";

/// What a finished job says beside its counts, stored as data (JSON) and put into words
/// by the interface in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum JobNote {
    /// Header cells that named no column and were not imported ("备注"): an official
    /// should see at once that a column they meant was not read.
    IgnoredColumns { columns: Vec<String> },
    /// The file could not be read; the sheet reader's explanation (Chinese only).
    FileUnreadable { detail: String },
    /// Something on the platform's side went wrong; the server log has the details.
    Internal,
    /// Newer eligibility rules were saved while this re-screening ran; the newer one
    /// finishes the work.
    Superseded,
}

impl JobNote {
    /// A stored note; text stored by an older version is shown as it was written.
    pub fn parse(stored: &str) -> Result<JobNote, String> {
        serde_json::from_str(stored).map_err(|_| stored.to_string())
    }
}

/// Counts of an import, shown while it runs and at the end.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportCounts {
    pub read: u64,
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub rejected: u64,
}

impl ImportCounts {
    pub fn add(&mut self, other: &ImportCounts) {
        self.read += other.read;
        self.inserted += other.inserted;
        self.updated += other.updated;
        self.unchanged += other.unchanged;
        self.rejected += other.rejected;
    }
}

pub async fn create(
    store: &Store,
    kind: &str,
    owner_user_id: Option<i64>,
    file_name: Option<&str>,
    params: &serde_json::Value,
) -> StoreResult<job::Model> {
    let at = now();
    Ok(job::ActiveModel {
        kind: Set(kind.to_string()),
        status: Set(RUNNING.to_string()),
        owner_user_id: Set(owner_user_id),
        file_name: Set(file_name.map(str::to_string)),
        params: Set(params.to_string()),
        total: Set(0),
        processed: Set(0),
        counts: Set(serde_json::to_string(&ImportCounts::default()).unwrap_or_default()),
        error_report: Set(None),
        message: Set(None),
        created_at: Set(at),
        updated_at: Set(at),
        finished_at: Set(None),
        ..Default::default()
    }
    .insert(store.db())
    .await?)
}

/// Record progress; called inside each batch's transaction so that progress and data
/// commit together.
pub async fn progress<C: ConnectionTrait>(
    conn: &C,
    id: i64,
    processed: u64,
    total: u64,
    counts: &ImportCounts,
) -> StoreResult<()> {
    job::Entity::update_many()
        .col_expr(
            job::Column::Processed,
            sea_orm::sea_query::Expr::value(processed as i64),
        )
        .col_expr(
            job::Column::Total,
            sea_orm::sea_query::Expr::value(total as i64),
        )
        .col_expr(
            job::Column::Counts,
            sea_orm::sea_query::Expr::value(serde_json::to_string(counts).unwrap_or_default()),
        )
        .col_expr(
            job::Column::UpdatedAt,
            sea_orm::sea_query::Expr::value(now()),
        )
        .filter(job::Column::Id.eq(id))
        .exec(conn)
        .await?;
    Ok(())
}

pub async fn finish(
    store: &Store,
    id: i64,
    status: &str,
    counts: &ImportCounts,
    error_report: Option<&str>,
    note: Option<&JobNote>,
) -> StoreResult<()> {
    let message = note.and_then(|n| serde_json::to_string(n).ok());
    let at = now();
    job::Entity::update_many()
        .col_expr(job::Column::Status, sea_orm::sea_query::Expr::value(status))
        .col_expr(
            job::Column::Counts,
            sea_orm::sea_query::Expr::value(serde_json::to_string(counts).unwrap_or_default()),
        )
        .col_expr(
            job::Column::ErrorReport,
            sea_orm::sea_query::Expr::value(error_report.map(str::to_string)),
        )
        .col_expr(
            job::Column::Message,
            sea_orm::sea_query::Expr::value(message),
        )
        .col_expr(job::Column::UpdatedAt, sea_orm::sea_query::Expr::value(at))
        .col_expr(
            job::Column::FinishedAt,
            sea_orm::sea_query::Expr::value(Some(at)),
        )
        .filter(job::Column::Id.eq(id))
        .exec(store.db())
        .await?;
    Ok(())
}

/// A job, for its owner only: anyone else gets `NotFound`.
pub async fn get_for_owner(store: &Store, id: i64, owner_user_id: i64) -> StoreResult<job::Model> {
    job::Entity::find_by_id(id)
        .filter(job::Column::OwnerUserId.eq(owner_user_id))
        .one(store.db())
        .await?
        .ok_or(StoreError::NotFound)
}

pub async fn get(store: &Store, id: i64) -> StoreResult<job::Model> {
    job::Entity::find_by_id(id)
        .one(store.db())
        .await?
        .ok_or(StoreError::NotFound)
}

pub async fn recent_for_owner(
    store: &Store,
    owner_user_id: i64,
    limit: u64,
) -> StoreResult<Vec<job::Model>> {
    Ok(job::Entity::find()
        .filter(job::Column::OwnerUserId.eq(owner_user_id))
        .order_by_desc(job::Column::Id)
        .limit(limit)
        .all(store.db())
        .await?)
}

/// The latest jobs of a kind, whoever started them (re-screenings, which concern every
/// province administrator).
pub async fn recent_of_kind(store: &Store, kind: &str, limit: u64) -> StoreResult<Vec<job::Model>> {
    Ok(job::Entity::find()
        .filter(job::Column::Kind.eq(kind))
        .order_by_desc(job::Column::Id)
        .limit(limit)
        .all(store.db())
        .await?)
}

/// At start-up: jobs left `running` by a process that is gone can never finish; say so.
/// A job counts as abandoned when it has not reported progress for `stale_after`.
pub async fn mark_abandoned(store: &Store, stale_after: chrono::Duration) -> StoreResult<u64> {
    let res = job::Entity::update_many()
        .col_expr(
            job::Column::Status,
            sea_orm::sea_query::Expr::value(INTERRUPTED),
        )
        .filter(job::Column::Status.eq(RUNNING))
        .filter(job::Column::UpdatedAt.lt(now() - stale_after))
        .exec(store.db())
        .await?;
    Ok(res.rows_affected)
}

pub fn counts_of(job: &job::Model) -> ImportCounts {
    serde_json::from_str(&job.counts).unwrap_or_default()
}
