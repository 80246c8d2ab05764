//! Sessions and API tokens, stored in the database so that several instances share them
//! and logout is real (the row is gone). Only a SHA-256 of the secret is stored.

use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use sha2::{Digest, Sha256};

use crate::audit::Actor;
use crate::current_user::CurrentUser;
use crate::entity::session;
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
    policy: SessionPolicy,
    second_factor_pending: bool,
) -> StoreResult<String> {
    let token = new_token();
    session::ActiveModel {
        token_hash: Set(token_hash(&token)),
        user_id: Set(user_id),
        kind: Set(kind.key().to_string()),
        client_ip: Set(client_ip.map(str::to_string)),
        created_at: Set(at),
        last_seen_at: Set(at),
        expires_at: Set(at + policy.absolute),
        second_factor_pending: Set(second_factor_pending),
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
///
/// One query joins the session, its account and the account's organisation: this runs
/// on every request, so it is the floor under every page's latency.
pub async fn lookup(
    store: &Store,
    token: &str,
    kind: SessionKind,
    policy: SessionPolicy,
    client_ip: Option<String>,
) -> StoreResult<Option<CurrentUser>> {
    let backend = store.db_backend();
    let sql = format!(
        "SELECT s.id AS session_id, s.kind, s.created_at AS s_created, s.last_seen_at, s.expires_at, \
         s.second_factor_pending, (u.totp_secret IS NOT NULL) AS enrolled, \
         u.id AS user_id, u.username, u.display_name, u.role, u.organisation_id, u.enterprise_id, u.disabled, u.must_change_password, \
         o.name AS org_name, o.division_code AS org_division \
         FROM sessions s JOIN users u ON u.id = s.user_id \
         LEFT JOIN organisations o ON o.id = u.organisation_id \
         WHERE s.token_hash = {}",
        match backend {
            sea_orm::DbBackend::Postgres => "$1",
            _ => "?",
        }
    );
    let statement =
        sea_orm::Statement::from_sql_and_values(backend, sql, [token_hash(token).into()]);
    let Some(row) = find(store, statement).await? else {
        return Ok(None);
    };
    let at = now();
    let absolute_end = row.expires.min(row.created + policy.absolute);
    if row.kind != kind.key() {
        return Ok(None);
    }
    if at >= absolute_end || at >= row.last_seen + policy.idle {
        session::Entity::delete_by_id(row.session_id)
            .exec(store.db())
            .await?;
        return Ok(None);
    }
    if row.disabled {
        return Ok(None);
    }
    if (at - row.last_seen).num_seconds() >= TOUCH_EVERY {
        session::Entity::update_many()
            .col_expr(
                session::Column::LastSeenAt,
                sea_orm::sea_query::Expr::value(at),
            )
            .filter(session::Column::Id.eq(row.session_id))
            .exec(store.db())
            .await?;
    }
    let role = uplift_domain::role::Role::from_key(&row.role)
        .ok_or_else(|| crate::StoreError::Internal(format!("unknown role {}", row.role)))?;
    let scope = uplift_domain::role::Scope::for_account(
        role,
        row.organisation_id,
        row.org_division.as_deref(),
        row.enterprise_id,
    );
    Ok(Some(CurrentUser {
        user_id: row.user_id,
        username: row.username,
        display_name: row.display_name,
        role,
        organisation_id: row.organisation_id,
        organisation_name: row.org_name,
        division_code: row.org_division,
        enterprise_id: row.enterprise_id,
        scope,
        must_change_password: row.must_change_password,
        second_factor_pending: row.second_factor_pending,
        second_factor_enrolled: row.enrolled,
        client_ip,
    }))
}

/// The row `lookup` reads: a session with its account and organisation.
struct Found {
    session_id: i64,
    kind: String,
    created: DateTime<Utc>,
    last_seen: DateTime<Utc>,
    expires: DateTime<Utc>,
    user_id: i64,
    username: String,
    display_name: String,
    role: String,
    organisation_id: Option<i64>,
    enterprise_id: Option<i64>,
    disabled: bool,
    must_change_password: bool,
    second_factor_pending: bool,
    enrolled: bool,
    org_name: Option<String>,
    org_division: Option<String>,
}

/// A point lookup by a unique index: on SQLite it runs right here through the fast
/// reader (no thread hop, the cheapest query of the page); elsewhere through SeaORM.
async fn find(store: &Store, statement: sea_orm::Statement) -> StoreResult<Option<Found>> {
    if let Some(reader) = &store.reader {
        return Ok(reader.query(&statement, Found::decoder)?.into_iter().next());
    }
    let Some(row) = store.db().query_one_raw(statement).await? else {
        return Ok(None);
    };
    Ok(Some(Found {
        session_id: row.try_get("", "session_id")?,
        kind: row.try_get("", "kind")?,
        created: row.try_get("", "s_created")?,
        last_seen: row.try_get("", "last_seen_at")?,
        expires: row.try_get("", "expires_at")?,
        user_id: row.try_get("", "user_id")?,
        username: row.try_get("", "username")?,
        display_name: row.try_get("", "display_name")?,
        role: row.try_get("", "role")?,
        organisation_id: row.try_get("", "organisation_id")?,
        enterprise_id: row.try_get("", "enterprise_id")?,
        disabled: row.try_get("", "disabled")?,
        must_change_password: row.try_get("", "must_change_password")?,
        second_factor_pending: row.try_get("", "second_factor_pending")?,
        enrolled: row.try_get("", "enrolled")?,
        org_name: row.try_get("", "org_name")?,
        org_division: row.try_get("", "org_division")?,
    }))
}

impl Found {
    /// Decodes the lookup's row from the fast reader (one row: by name is fine).
    fn decoder(
        _: &crate::sqlite_read::Columns,
    ) -> rusqlite::Result<impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<Found> + use<>> {
        Ok(|row: &rusqlite::Row<'_>| {
            let at = |name: &str| row.as_ref().column_index(name);
            let time = |name: &str| crate::sqlite_read::timestamp_required(row, at(name)?);
            Ok(Found {
                session_id: row.get("session_id")?,
                kind: row.get("kind")?,
                created: time("s_created")?,
                last_seen: time("last_seen_at")?,
                expires: time("expires_at")?,
                user_id: row.get("user_id")?,
                username: row.get("username")?,
                display_name: row.get("display_name")?,
                role: row.get("role")?,
                organisation_id: row.get("organisation_id")?,
                enterprise_id: row.get("enterprise_id")?,
                disabled: row.get("disabled")?,
                must_change_password: row.get("must_change_password")?,
                second_factor_pending: row.get("second_factor_pending")?,
                enrolled: row.get("enrolled")?,
                org_name: row.get("org_name")?,
                org_division: row.get("org_division")?,
            })
        })
    }
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

/// Drop every session of a user but `keep` (the one changing its password).
pub(crate) async fn delete_others<C: ConnectionTrait>(
    conn: &C,
    user_id: i64,
    keep: Option<&str>,
) -> StoreResult<()> {
    let mut query = session::Entity::delete_many().filter(session::Column::UserId.eq(user_id));
    if let Some(token) = keep {
        query = query.filter(session::Column::TokenHash.ne(token_hash(token)));
    }
    query.exec(conn).await?;
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

/// An account's live sessions and API tokens, newest first (for the owner's page).
pub async fn for_user(store: &Store, user_id: i64) -> StoreResult<Vec<session::Model>> {
    use sea_orm::QueryOrder;
    Ok(session::Entity::find()
        .filter(session::Column::UserId.eq(user_id))
        .filter(session::Column::ExpiresAt.gt(now()))
        .order_by_desc(session::Column::Id)
        .all(store.db())
        .await?)
}

/// End one session of an account (its owner ending a forgotten login elsewhere).
pub async fn end(tx: &mut crate::audit::WriteTx, user_id: i64, id: i64) -> StoreResult<bool> {
    let done = session::Entity::delete_many()
        .filter(session::Column::Id.eq(id))
        .filter(session::Column::UserId.eq(user_id))
        .exec(tx.conn())
        .await?;
    if done.rows_affected == 1 {
        tx.audit(
            "session.end",
            &format!("user:{user_id}"),
            &format!("session {id} ended"),
        )
        .await?;
    }
    Ok(done.rows_affected == 1)
}

/// End every session of an account (an administrator, within its duties).
pub async fn end_all(tx: &mut crate::audit::WriteTx, user_id: i64) -> StoreResult<u64> {
    let done = session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user_id))
        .exec(tx.conn())
        .await?;
    tx.audit(
        "session.end_all",
        &format!("user:{user_id}"),
        &format!("{} sessions ended", done.rows_affected),
    )
    .await?;
    Ok(done.rows_affected)
}

/// The id of the session behind a secret (so a page can mark "this one").
pub async fn id_of(store: &Store, token: &str) -> StoreResult<Option<i64>> {
    Ok(session::Entity::find()
        .filter(session::Column::TokenHash.eq(token_hash(token)))
        .one(store.db())
        .await?
        .map(|s| s.id))
}
