//! Logging in: password hashing, the lockout counter, and who the logged-in user is.
//!
//! 等保 L3 (GB/T 22239-2019 8.1.4.1 b) asks to limit failed logins; the numbers (5 failures,
//! 30 minutes) are evaluator practice and live in [`LockoutPolicy`], configurable.

use std::sync::LazyLock;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

use crate::audit::Actor;
use crate::current_user::{CurrentUser, current_user};
use crate::entity::user;
use crate::sessions::{self, SessionKind};
use crate::{Store, StoreError, StoreResult, now};
use uplift_domain::audit_log::{AuditNote, LoginRefusal};
use uplift_domain::role::Role;

#[derive(Debug, Clone, Copy)]
pub struct LockoutPolicy {
    pub max_failures: i32,
    pub lock_for: Duration,
}

impl Default for LockoutPolicy {
    fn default() -> Self {
        LockoutPolicy {
            max_failures: 5,
            lock_for: Duration::minutes(30),
        }
    }
}

/// Hash a password with Argon2id (OWASP's first choice) and a random salt. CPU-heavy:
/// call from a blocking thread.
pub fn hash_password(password: &str) -> StoreResult<String> {
    let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| StoreError::Internal(format!("password hashing failed: {e}")))
}

fn verify_password(password: &str, hash: &str) -> bool {
    match PasswordHash::new(hash) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// A hash of nothing in particular, verified against when the user does not exist, so
/// that an unknown user takes as long as a known one (no username enumeration by timing).
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_password("uplift-dummy-password-for-timing").unwrap_or_default());

pub(crate) async fn verify_blocking(password: String, hash: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || {
        let hash = hash.unwrap_or_else(|| DUMMY_HASH.clone());
        verify_password(&password, &hash)
    })
    .await
    .unwrap_or(false)
}

pub async fn hash_blocking(password: String) -> StoreResult<String> {
    tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|e| StoreError::Internal(format!("hashing task failed: {e}")))?
}

/// The limits a login applies: the lockout, and the lifetime of the session it opens.
#[derive(Debug, Clone, Copy, Default)]
pub struct Policies {
    pub lockout: LockoutPolicy,
    pub session: crate::sessions::SessionPolicy,
}

#[derive(Debug)]
pub enum LoginOutcome {
    /// Logged in: a fresh session (or API token) secret, never seen before.
    Success {
        user: Box<CurrentUser>,
        token: String,
    },
    /// Wrong username or password, a disabled or a locked account: one answer for all.
    Refused,
}

/// Check a username and password; on success open a new session of `kind` (dropping
/// `previous_token`'s session, so a session id is never carried across a login).
pub async fn login(
    store: &Store,
    username: &str,
    password: &str,
    kind: SessionKind,
    previous_token: Option<&str>,
    client_ip: Option<String>,
    policies: Policies,
) -> StoreResult<LoginOutcome> {
    let policy = policies.lockout;
    let username = username.trim();
    let found = user::Entity::find()
        .filter(user::Column::Username.eq(username))
        .one(store.db())
        .await?;
    let password_ok = verify_blocking(
        password.to_string(),
        found.as_ref().map(|u| u.password_hash.clone()),
    )
    .await;
    let at = now();
    let Some(account) = found else {
        let mut tx = store
            .write(&Actor {
                client_ip,
                ..Actor::default()
            })
            .await?;
        tx.audit(
            "login.failure",
            &format!("username:{}", truncate(username, 64)),
            &refused(LoginRefusal::UnknownUser),
        )
        .await?;
        tx.commit().await?;
        return Ok(LoginOutcome::Refused);
    };
    let actor = Actor {
        user_id: Some(account.id),
        username: Some(account.username.clone()),
        role: Role::from_key(&account.role),
        organisation_id: account.organisation_id,
        client_ip: client_ip.clone(),
    };
    let mut tx = store.write(&actor).await?;
    // Re-read inside the write lock: another instance may have counted a failure meanwhile.
    let account = user::Entity::find_by_id(account.id)
        .one(tx.conn())
        .await?
        .ok_or(StoreError::NotFound)?;
    let object = format!("user:{}", account.id);
    let locked = account.locked_until.is_some_and(|until| until > at);
    if account.disabled || locked || !password_ok {
        let reason = if account.disabled {
            LoginRefusal::AccountDisabled
        } else if locked {
            LoginRefusal::AccountLocked
        } else {
            LoginRefusal::WrongPassword
        };
        tx.audit("login.failure", &object, &refused(reason)).await?;
        if !account.disabled && !locked {
            // A lock that has run out starts a fresh count.
            let expired_lock = account.locked_until.is_some();
            let failures = if expired_lock {
                1
            } else {
                account.failed_logins + 1
            };
            let mut active: user::ActiveModel = account.clone().into();
            active.failed_logins = Set(failures);
            if failures >= policy.max_failures {
                let until = at + policy.lock_for;
                active.locked_until = Set(Some(until));
                let note = AuditNote::Locked {
                    failures: i64::from(failures),
                    until,
                };
                tx.audit("login.locked", &object, &note.to_json()).await?;
            } else {
                active.locked_until = Set(None);
            }
            active.update(tx.conn()).await?;
        }
        tx.commit().await?;
        return Ok(LoginOutcome::Refused);
    }
    if account.failed_logins != 0 || account.locked_until.is_some() {
        let mut active: user::ActiveModel = account.clone().into();
        active.failed_logins = Set(0);
        active.locked_until = Set(None);
        active.update(tx.conn()).await?;
    }
    if let Some(previous) = previous_token {
        sessions::delete_in(tx.conn(), previous).await?;
    }
    let token = sessions::create_in(
        tx.conn(),
        account.id,
        kind,
        client_ip.as_deref(),
        at,
        policies.session,
    )
    .await?;
    let note = AuditNote::LoggedIn {
        session: kind.key().to_string(),
    };
    tx.audit("login.success", &object, &note.to_json()).await?;
    tx.commit().await?;
    let user = current_user(store, account, client_ip).await?;
    Ok(LoginOutcome::Success {
        user: Box::new(user),
        token,
    })
}

/// A refused login's audit summary, as data the audit log words.
fn refused(reason: LoginRefusal) -> String {
    AuditNote::LoginRefused { reason }.to_json()
}

fn truncate(s: &str, max_chars: usize) -> String {
    s.chars().take(max_chars).collect()
}

/// Is the account locked right now? (For messages and tests.)
pub fn is_locked(account: &user::Model, at: DateTime<Utc>) -> bool {
    account.locked_until.is_some_and(|until| until > at)
}
