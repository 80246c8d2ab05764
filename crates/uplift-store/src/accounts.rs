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
    /// Failures from one client address (15 minutes) after which it is refused outright:
    /// well above an office of officials mistyping behind one address, far below a guess
    /// list.
    pub client_limit: u64,
    /// The first progressive delay (after five failures from an address), doubling to at
    /// most 32 times this.
    pub client_delay: std::time::Duration,
}

impl Default for LockoutPolicy {
    fn default() -> Self {
        LockoutPolicy {
            max_failures: 5,
            lock_for: Duration::minutes(30),
            client_limit: 50,
            client_delay: std::time::Duration::from_millis(250),
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

pub(crate) fn verify_password(password: &str, hash: &str) -> bool {
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
    /// Staff accounts (`Role::requires_second_factor`) need their second factor. On for a
    /// server by default; the demo starts with it off.
    pub require_second_factor: bool,
}

/// One attempt to log in.
#[derive(Debug, Clone, Default)]
pub struct Attempt<'a> {
    pub username: &'a str,
    pub password: &'a str,
    /// The current TOTP code or a recovery code: given with the password to the API; a
    /// browser gives it on a second page.
    pub code: Option<&'a str>,
    pub kind: Option<SessionKind>,
    /// A browser's session before this login, ended by it (no session id carried across).
    pub previous_token: Option<&'a str>,
    pub client_ip: Option<String>,
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

/// Check a username and password (and, for the API, the second factor); on success
/// open a new session of the attempt's kind. A browser session of an account that needs
/// its second factor opens pending: it reaches only the second-factor pages until the
/// code is given.
pub async fn login(
    store: &Store,
    attempt: Attempt<'_>,
    policies: Policies,
) -> StoreResult<LoginOutcome> {
    let policy = policies.lockout;
    let kind = attempt.kind.unwrap_or(SessionKind::Web);
    let previous_token = attempt.previous_token;
    let client_ip = attempt.client_ip.clone();
    let password = attempt.password;
    let username = attempt.username.trim();
    // Per client address: progressive delays after repeated failures, and a stop beyond
    // a limit, whatever account is tried (a lockout per account alone lets one address
    // lock every account, and try forever across them).
    let client = client_ip.clone().unwrap_or_else(|| "unknown".into());
    let recent_failures =
        crate::throttle::count(store, CLIENT_FAILURE, &client, CLIENT_WINDOW).await?;
    tokio::time::sleep(client_delay(recent_failures, policy.client_delay)).await;
    if recent_failures >= policy.client_limit {
        return Ok(LoginOutcome::Refused);
    }
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
        crate::throttle::record(store.db(), CLIENT_FAILURE, &client).await?;
        // A flood of unknown names from one address is one audit row per interval, not
        // a row per guess (the log stays readable, and a flood cannot fill it).
        let unknown_before =
            crate::throttle::count(store, UNKNOWN_USER, &client, UNKNOWN_WINDOW).await?;
        crate::throttle::record(store.db(), UNKNOWN_USER, &client).await?;
        if unknown_before == 0 {
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
        }
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
    // The owner lifts a lock by proving both factors: a lockout others caused (by
    // guessing) must not keep the owner out for its whole length.
    let owner_unlocks = locked && password_ok && !account.disabled && account.totp_secret.is_some();
    let needs_second_factor = account.totp_secret.is_some()
        || (policies.require_second_factor
            && Role::from_key(&account.role).is_some_and(Role::requires_second_factor));
    // The API has no second page: the code comes with the password. Checked only after
    // the password, so that a wrong password never spends a time step.
    let second_factor_ok = if !needs_second_factor || kind == SessionKind::Web {
        true
    } else if !password_ok || account.disabled || (locked && !owner_unlocks) {
        false
    } else {
        let now_unix = u64::try_from(at.timestamp()).unwrap_or(0);
        crate::second_factor::check(&mut tx, account.id, attempt.code.unwrap_or(""), now_unix)
            .await?
    };
    if account.disabled || (locked && !owner_unlocks) || !password_ok || !second_factor_ok {
        // In this transaction: it holds the write lock already.
        crate::throttle::record(tx.conn(), CLIENT_FAILURE, &client).await?;
        let reason = if account.disabled {
            LoginRefusal::AccountDisabled
        } else if locked {
            LoginRefusal::AccountLocked
        } else if !password_ok {
            LoginRefusal::WrongPassword
        } else if account.totp_secret.is_none() {
            LoginRefusal::SecondFactorNotEnrolled
        } else {
            LoginRefusal::WrongSecondFactor
        };
        tx.audit("login.failure", &object, &refused(reason)).await?;
        if !account.disabled && (!locked || owner_unlocks) {
            count_failure(&mut tx, account, policy).await?;
        }
        tx.commit().await?;
        return Ok(LoginOutcome::Refused);
    }
    let pending = needs_second_factor && kind == SessionKind::Web;
    // A session still waiting for its second factor has not proven the owner yet: the
    // count (and a lock) stays until the code is given.
    if !pending && (account.failed_logins != 0 || account.locked_until.is_some()) {
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
        pending,
    )
    .await?;
    let note = AuditNote::LoggedIn {
        session: kind.key().to_string(),
    };
    // A password alone, for an account that needs its second factor, is not a login yet.
    let action = if pending {
        "login.password_ok"
    } else {
        "login.success"
    };
    tx.audit(action, &object, &note.to_json()).await?;
    tx.commit().await?;
    let mut user = current_user(store, account, client_ip).await?;
    user.second_factor_pending = pending;
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

/// Count a failed attempt (a wrong password or a wrong second factor): the account locks
/// at the policy's limit (等保 L3 8.1.4.1 b).
pub(crate) async fn count_failure(
    tx: &mut crate::audit::WriteTx,
    account: user::Model,
    policy: LockoutPolicy,
) -> StoreResult<()> {
    let at = now();
    let object = format!("user:{}", account.id);
    // A lock that has run out starts a fresh count.
    let expired_lock = account.locked_until.is_some();
    let failures = if expired_lock {
        1
    } else {
        account.failed_logins + 1
    };
    let mut active: user::ActiveModel = account.into();
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
    Ok(())
}

/// A browser session waiting for its second factor gets it: the code is checked (a
/// wrong one counts like a wrong password) and the session becomes a full one.
pub async fn complete_second_factor(
    store: &Store,
    user: &CurrentUser,
    session_token: &str,
    code: &str,
    policy: LockoutPolicy,
) -> StoreResult<bool> {
    let mut tx = store.write(&user.actor()).await?;
    let account = user::Entity::find_by_id(user.user_id)
        .one(tx.conn())
        .await?
        .ok_or(StoreError::NotFound)?;
    let at = now();
    // A lock does not stop the owner here: the pending session proves the password
    // was right; the second factor now proves the owner, and lifts the lock.
    if account.disabled {
        tx.commit().await?;
        return Ok(false);
    }
    let now_unix = u64::try_from(at.timestamp()).unwrap_or(0);
    let object = format!("user:{}", account.id);
    if crate::second_factor::check(&mut tx, account.id, code, now_unix).await? {
        crate::second_factor::complete_session(&tx, session_token).await?;
        if account.failed_logins != 0 || account.locked_until.is_some() {
            let was_locked = account.locked_until.is_some_and(|until| until > at);
            let mut active: user::ActiveModel = account.clone().into();
            active.failed_logins = Set(0);
            active.locked_until = Set(None);
            active.update(tx.conn()).await?;
            if was_locked {
                tx.audit(
                    "login.unlocked_by_owner",
                    &object,
                    "lock lifted by a login with both factors",
                )
                .await?;
            }
        }
        tx.audit(
            "login.success",
            &object,
            "web session opened (second factor)",
        )
        .await?;
        tx.commit().await?;
        return Ok(true);
    }
    tx.audit(
        "login.failure",
        &object,
        &refused(LoginRefusal::WrongSecondFactor),
    )
    .await?;
    count_failure(&mut tx, account, policy).await?;
    tx.commit().await?;
    Ok(false)
}

/// Throttling of failed logins per client address (kinds of `throttle_events`).
const CLIENT_FAILURE: &str = "login.failure.client";
const UNKNOWN_USER: &str = "login.unknown_user";
/// The window the failures of one address are counted over.
const CLIENT_WINDOW: Duration = Duration::minutes(15);
const UNKNOWN_WINDOW: Duration = Duration::minutes(10);
/// The delay before answering an address with `failures` recent failures: none for the
/// first five, then doubling from `base` to at most 32 times it.
fn client_delay(failures: u64, base: std::time::Duration) -> std::time::Duration {
    if failures < 5 {
        return std::time::Duration::ZERO;
    }
    let doublings = u32::try_from((failures - 5).min(5)).unwrap_or(5);
    base.saturating_mul(1 << doublings)
}

/// Is the account locked right now? (For messages and tests.)
pub fn is_locked(account: &user::Model, at: DateTime<Utc>) -> bool {
    account.locked_until.is_some_and(|until| until > at)
}
