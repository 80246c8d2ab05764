//! A staff account's second factor: enrolment at the first login (a QR code, a first
//! code to confirm, ten recovery codes shown once), and the code of every later login.

pub use uplift_domain::recovery::RecoveryCode;
pub use uplift_store::second_factor::Enrolment;

use uplift_store::{accounts, second_factor};

use crate::{App, AppResult, CurrentUser, Error};

fn now_unix() -> u64 {
    u64::try_from(crate::now().timestamp()).unwrap_or(0)
}

/// The secret offered to the signed-in user (the same one again after a reload).
pub async fn enrolment(app: &App, user: &CurrentUser) -> AppResult<Enrolment> {
    let mut tx = app.store().write(&user.actor()).await?;
    let offered = match second_factor::pending(&tx, user.user_id()).await? {
        Some(e) => e,
        None => second_factor::begin(&mut tx, user.user_id()).await?,
    };
    tx.commit().await?;
    Ok(offered)
}

/// Confirm the offered secret with a first code; the session in use becomes a full one,
/// and the recovery codes are returned — once. `None`: the code did not match.
pub async fn confirm(
    app: &App,
    user: &CurrentUser,
    code: &str,
    session: &str,
) -> AppResult<Option<Vec<RecoveryCode>>> {
    let mut tx = app.store().write(&user.actor()).await?;
    let codes = second_factor::confirm(&mut tx, user.user_id(), code, now_unix()).await?;
    if codes.is_some() {
        second_factor::complete_session(&tx, session).await?;
        tx.audit(
            "login.success",
            &format!("user:{}", user.user_id()),
            "web session opened (second factor enrolled)",
        )
        .await?;
    }
    tx.commit().await?;
    Ok(codes)
}

/// Give the second factor of a pending browser session. A wrong code counts like a wrong
/// password toward the lockout.
pub async fn verify(app: &App, user: &CurrentUser, code: &str, session: &str) -> AppResult<bool> {
    if !user.second_factor_pending() {
        return Err(Error::NotFound);
    }
    Ok(
        accounts::complete_second_factor(app.store(), user, session, code, app.settings().lockout)
            .await?,
    )
}
