//! Signing in and out, the session behind every request, and a user's own password.

use uplift_store::{accounts, sessions, users};

pub use uplift_store::accounts::{LockoutPolicy, LoginOutcome};
pub use uplift_store::sessions::{SessionKind, SessionPolicy};

use crate::{App, AppResult, CurrentUser};

/// Check a username and password (and for the API a staff account's second factor, the
/// `code`); on success open a new session of `kind`, dropping `previous` (a session id is
/// never carried across a login). A browser session of an account that needs its second
/// factor opens pending (`CurrentUser::second_factor_pending`).
pub async fn login(
    app: &App,
    username: &str,
    password: &str,
    code: Option<&str>,
    kind: SessionKind,
    previous: Option<&str>,
    client_ip: Option<String>,
) -> AppResult<LoginOutcome> {
    let settings = app.settings();
    Ok(accounts::login(
        app.store(),
        accounts::Attempt {
            username,
            password,
            code,
            kind: Some(kind),
            previous_token: previous,
            client_ip,
        },
        accounts::Policies {
            lockout: settings.lockout,
            session: settings.session,
            require_second_factor: settings.require_second_factor,
        },
    )
    .await?)
}

/// The user behind a session secret or API token, if it is alive. The one way a request
/// becomes a [`CurrentUser`].
pub async fn lookup(
    app: &App,
    token: &str,
    kind: SessionKind,
    client_ip: Option<String>,
) -> AppResult<Option<CurrentUser>> {
    Ok(sessions::lookup(app.store(), token, kind, app.settings().session, client_ip).await?)
}

/// End a session or revoke a token: the row is deleted, so the secret is worthless.
pub async fn logout(app: &App, user: Option<&CurrentUser>, token: &str) -> AppResult<()> {
    let actor = user.map(CurrentUser::actor).unwrap_or_default();
    Ok(sessions::logout(app.store(), token, &actor).await?)
}

/// Every user may change their own password, proving the current one; this is also how a
/// password someone else set gets replaced. The session in use stays, the others end.
pub async fn change_own_password(
    app: &App,
    user: &CurrentUser,
    current: &str,
    new_password: &str,
    session: Option<&str>,
) -> AppResult<()> {
    let mut tx = app.store().write(&user.actor()).await?;
    users::change_own_password(&mut tx, user.user_id(), current, new_password, session).await?;
    tx.commit().await?;
    Ok(())
}

pub use uplift_store::entity::session::Model as Session;

/// The user's own live sessions and API tokens, and which one is in use.
pub async fn mine(
    app: &App,
    user: &CurrentUser,
    current: Option<&str>,
) -> AppResult<(Vec<Session>, Option<i64>)> {
    let list = sessions::for_user(app.store(), user.user_id()).await?;
    let here = match current {
        Some(token) => sessions::id_of(app.store(), token).await?,
        None => None,
    };
    Ok((list, here))
}

/// End one of the user's own sessions or tokens.
pub async fn end_mine(app: &App, user: &CurrentUser, id: i64) -> AppResult<()> {
    let mut tx = app.store().write(&user.actor()).await?;
    let ended = sessions::end(&mut tx, user.user_id(), id).await?;
    tx.commit().await?;
    if ended {
        Ok(())
    } else {
        Err(crate::Error::NotFound)
    }
}

/// The login before the current one, as the user is shown it after signing in: when
/// (China time on the page), from which address, and how many failed attempts on the
/// account came after it (someone guessing the password shows up here first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviousLogin {
    pub at: chrono::DateTime<chrono::Utc>,
    pub client_ip: Option<String>,
    pub failures_since: u64,
}

/// The user's own previous login, read from the audit log (its `login.success` rows carry
/// the time and the address); `None` at the first login. Every user may see their own.
pub async fn previous_login(app: &App, user: &CurrentUser) -> AppResult<Option<PreviousLogin>> {
    let logins = uplift_store::audit_query::logins_of(app.store(), user.user_id(), 2).await?;
    let Some(previous) = logins.into_iter().nth(1) else {
        return Ok(None);
    };
    let failures_since =
        uplift_store::audit_query::failed_logins_since(app.store(), user.user_id(), previous.at)
            .await?;
    Ok(Some(PreviousLogin {
        at: previous.at,
        client_ip: previous.client_ip,
        failures_since,
    }))
}
