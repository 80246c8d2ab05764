//! Counting requests per client for throttling, in the database so that several
//! instances behind a load balancer count together (architecture.md: no state that
//! matters in memory).

use chrono::Duration;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};

use crate::entity::throttle_event;
use crate::{Store, StoreResult, now};

/// How many requests of `kind` from `subject` in the last `window`.
pub async fn count(store: &Store, kind: &str, subject: &str, window: Duration) -> StoreResult<u64> {
    Ok(throttle_event::Entity::find()
        .filter(throttle_event::Column::Kind.eq(kind))
        .filter(throttle_event::Column::Subject.eq(subject))
        .filter(throttle_event::Column::At.gte(now() - window))
        .count(store.db())
        .await?)
}

/// Count one event of `kind` from `subject`, and forget those of the kind older than a
/// day (the windows are minutes; the table stays small).
pub async fn record<C: sea_orm::ConnectionTrait>(
    conn: &C,
    kind: &str,
    subject: &str,
) -> StoreResult<()> {
    let at = now();
    throttle_event::Entity::delete_many()
        .filter(throttle_event::Column::Kind.eq(kind))
        .filter(throttle_event::Column::At.lt(at - Duration::days(1)))
        .exec(conn)
        .await?;
    throttle_event::ActiveModel {
        kind: Set(kind.to_string()),
        subject: Set(subject.to_string()),
        at: Set(at),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// Count one request of `kind` from `subject` and say whether it is within `limit` per
/// `window`. Old events are cleared on the way, so the table stays small.
pub async fn admit(
    store: &Store,
    kind: &str,
    subject: &str,
    limit: u64,
    window: Duration,
) -> StoreResult<bool> {
    let at = now();
    let since = at - window;
    throttle_event::Entity::delete_many()
        .filter(throttle_event::Column::Kind.eq(kind))
        .filter(throttle_event::Column::At.lt(since))
        .exec(store.db())
        .await?;
    let recent = throttle_event::Entity::find()
        .filter(throttle_event::Column::Kind.eq(kind))
        .filter(throttle_event::Column::Subject.eq(subject))
        .filter(throttle_event::Column::At.gte(since))
        .count(store.db())
        .await?;
    if recent >= limit {
        return Ok(false);
    }
    throttle_event::ActiveModel {
        kind: Set(kind.to_string()),
        subject: Set(subject.to_string()),
        at: Set(at),
        ..Default::default()
    }
    .insert(store.db())
    .await?;
    Ok(true)
}
