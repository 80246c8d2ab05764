//! Sessions and API tokens, stored in the database so that several instances share them
//! and logout is real (the row is gone). Only a SHA-256 of the secret is stored.

use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use sha2::{Digest, Sha256};

use crate::accounts::{CurrentUser, current_user};
use crate::audit::Actor;
use crate::entity::{session, user};
use crate::{Store, StoreResult, now};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionKind {
    /// A browser session behind a cookie.
    Web,
    /// A bearer token from `POST /api/v1/tokens`.
    Api,
}

impl SessionKind {
    pub fn key(self) -> &'static str {
        match self {
            SessionKind::Web => "web",
            SessionKind::Api => "api",
        }
    }
}

/// 等保 L3 8.1.4.1 b: log out an idle connection. Idle and absolute limits are
/// configurable; the defaults are the 30 minutes and 12 hours.
#[derive(Debug, Clone, Copy)]
pub struct SessionPolicy {
    pub idle: Duration,
    pub absolute: Duration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        SessionPolicy {
            idle: Duration::minutes(30),
            absolute: Duration::hours(12),
        }
    }
}

/// Refresh `last_seen_at` at most this often, so that a busy page does not write on
/// every request.
const TOUCH_EVERY: i64 = 60;

pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

pub(crate) async fn create_in<C: ConnectionTrait>(
    conn: &C,
    user_id: i64,
    kind: SessionKind,
    client_ip: Option<&str>,
    at: DateTime<Utc>,
) -> StoreResult<String> {
    let token = new_token();
    let policy = SessionPolicy::default();
    session::ActiveModel {
        token_hash: Set(token_hash(&token)),
        user_id: Set(user_id),
        kind: Set(kind.key().to_string()),
        client_ip: Set(client_ip.map(str::to_string)),
        created_at: Set(at),
        last_seen_at: Set(at),
        expires_at: Set(at + policy.absolute),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(token)
}

pub(crate) async fn delete_in<C: ConnectionTrait>(conn: &C, token: &str) -> StoreResult<()> {
    session::Entity::delete_many()
        .filter(session::Column::TokenHash.eq(token_hash(token)))
        .exec(conn)
        .await?;
    Ok(())
}

/// The user behind a session secret, if the session is alive: not idle for longer than
/// `policy.idle`, not older than its absolute expiry, the account not disabled.
pub async fn lookup(
    store: &Store,
    token: &str,
    kind: SessionKind,
    policy: SessionPolicy,
) -> StoreResult<Option<CurrentUser>> {
    let Some(found) = session::Entity::find()
        .filter(session::Column::TokenHash.eq(token_hash(token)))
        .one(store.db())
        .await?
    else {
        return Ok(None);
    };
    let at = now();
    let absolute_end = found.expires_at.min(found.created_at + policy.absolute);
    if found.kind != kind.key() || at >= absolute_end || at >= found.last_seen_at + policy.idle {
        if found.kind == kind.key() {
            session::Entity::delete_by_id(found.id)
                .exec(store.db())
                .await?;
        }
        return Ok(None);
    }
    let Some(account) = user::Entity::find_by_id(found.user_id)
        .one(store.db())
        .await?
    else {
        return Ok(None);
    };
    if account.disabled {
        return Ok(None);
    }
    if (at - found.last_seen_at).num_seconds() >= TOUCH_EVERY {
        let mut active: session::ActiveModel = found.into();
        active.last_seen_at = Set(at);
        active.update(store.db()).await?;
    }
    Ok(Some(current_user(store, account).await?))
}

/// Server-side logout: the session row is deleted, so the cookie is worthless even if kept.
pub async fn logout(store: &Store, token: &str, actor: &Actor) -> StoreResult<()> {
    let mut tx = store.write(actor).await?;
    delete_in(tx.conn(), token).await?;
    let object = actor
        .user_id
        .map(|id| format!("user:{id}"))
        .unwrap_or_else(|| "session".to_string());
    tx.audit("logout", &object, "session closed").await?;
    tx.commit().await
}

/// Drop every session of a user (after a password reset or when the account is disabled).
pub(crate) async fn delete_for_user<C: ConnectionTrait>(conn: &C, user_id: i64) -> StoreResult<()> {
    session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user_id))
        .exec(conn)
        .await?;
    Ok(())
}

/// Housekeeping: remove sessions past their absolute expiry.
pub async fn purge_expired(store: &Store) -> StoreResult<u64> {
    let res = session::Entity::delete_many()
        .filter(session::Column::ExpiresAt.lt(now()))
        .exec(store.db())
        .await?;
    Ok(res.rows_affected)
}
