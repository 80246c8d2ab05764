//! Reading the audit log the way its reader asks: by a set of actions (a category), a
//! user and a time range, a page at a time or in batches for an export; and a user's own
//! logins, which every user is shown after signing in. Read-only, like `audit`.

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::entity::audit_log;
use crate::{Page, PageRequest, Store, StoreResult};

/// What the audit administrator narrows the log to. Empty fields do not narrow.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditQuery {
    /// Any of these action keys (a category's).
    pub actions: Option<Vec<String>>,
    /// Exactly this username.
    pub username: Option<String>,
    /// At or after this instant.
    pub from: Option<DateTime<Utc>>,
    /// Before this instant.
    pub before: Option<DateTime<Utc>>,
}

impl AuditQuery {
    fn condition(&self) -> Condition {
        let mut cond = Condition::all();
        if let Some(actions) = &self.actions {
            cond = cond.add(audit_log::Column::Action.is_in(actions.iter().map(String::as_str)));
        }
        if let Some(name) = self.username.as_deref().filter(|s| !s.is_empty()) {
            cond = cond.add(audit_log::Column::Username.eq(name));
        }
        if let Some(from) = self.from {
            cond = cond.add(audit_log::Column::At.gte(from));
        }
        if let Some(before) = self.before {
            cond = cond.add(audit_log::Column::At.lt(before));
        }
        cond
    }
}

/// Newest first.
pub async fn list(
    store: &Store,
    query: &AuditQuery,
    page: PageRequest,
) -> StoreResult<Page<audit_log::Model>> {
    let select = audit_log::Entity::find().filter(query.condition());
    let total = select.clone().count(store.db()).await?;
    let items = select
        .order_by_desc(audit_log::Column::Id)
        .paginate(store.db(), page.per_page)
        .fetch_page(page.page - 1)
        .await?;
    Ok(Page {
        items,
        page: page.page,
        per_page: page.per_page,
        total,
    })
}

/// The rows of a query, newest first, a batch at a time (an export of a year's log).
pub struct AuditBatches {
    query: AuditQuery,
    below: Option<i64>,
    done: bool,
}

pub fn batches(query: &AuditQuery) -> AuditBatches {
    AuditBatches {
        query: query.clone(),
        below: None,
        done: false,
    }
}

impl AuditBatches {
    pub async fn next(&mut self, store: &Store) -> StoreResult<Option<Vec<audit_log::Model>>> {
        const BATCH: u64 = 2_000;
        if self.done {
            return Ok(None);
        }
        let mut select = audit_log::Entity::find().filter(self.query.condition());
        if let Some(below) = self.below {
            select = select.filter(audit_log::Column::Id.lt(below));
        }
        let rows = select
            .order_by_desc(audit_log::Column::Id)
            .limit(BATCH)
            .all(store.db())
            .await?;
        self.done = (rows.len() as u64) < BATCH;
        self.below = rows.last().map(|r| r.id);
        if rows.is_empty() {
            return Ok(None);
        }
        Ok(Some(rows))
    }
}

/// A user's latest successful logins (time and address), newest first.
pub async fn logins_of(
    store: &Store,
    user_id: i64,
    limit: u64,
) -> StoreResult<Vec<audit_log::Model>> {
    Ok(audit_log::Entity::find()
        .filter(audit_log::Column::UserId.eq(user_id))
        .filter(audit_log::Column::Action.eq("login.success"))
        .order_by_desc(audit_log::Column::Id)
        .limit(limit)
        .all(store.db())
        .await?)
}

/// Failed logins for a user's account after an instant (wrong passwords, a locked account).
pub async fn failed_logins_since(
    store: &Store,
    user_id: i64,
    since: DateTime<Utc>,
) -> StoreResult<u64> {
    Ok(audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("login.failure"))
        .filter(audit_log::Column::Object.eq(format!("user:{user_id}")))
        .filter(audit_log::Column::At.gt(since))
        .count(store.db())
        .await?)
}
