//! The second factor: TOTP (RFC 6238) enrolled with a QR code, single-use codes (a code
//! of a time step already used is refused), and ten recovery codes shown once and kept
//! only as salted hashes (等保 L3 8.1.4.1 d: two combined techniques; ASVS 2.7, 2.8).
//!
//! The rules are the domain's (`uplift_domain::totp`, `uplift_domain::recovery`); this
//! module keeps the secrets and the last used step, in the caller's write transaction.

use rand::RngCore;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use sha2::{Digest, Sha256};
use uplift_domain::recovery::{self, RecoveryCode};
use uplift_domain::totp;

use crate::audit::WriteTx;
use crate::entity::{recovery_code, session, user};
use crate::{StoreError, StoreResult, now};

/// What the enrolment page shows once: the secret (for typing in) and the URI a QR code
/// carries.
#[derive(Debug, Clone)]
pub struct Enrolment {
    pub secret: String,
    pub uri: String,
}

fn load_err(e: impl std::fmt::Display) -> StoreError {
    StoreError::Internal(format!("second factor: {e}"))
}

async fn account(tx: &WriteTx, id: i64) -> StoreResult<user::Model> {
    user::Entity::find_by_id(id)
        .one(tx.conn())
        .await?
        .ok_or(StoreError::NotFound)
}

/// Offer a new secret to an account (not yet in force: a first code must confirm it).
pub async fn begin(tx: &mut WriteTx, user_id: i64) -> StoreResult<Enrolment> {
    let a = account(tx, user_id).await?;
    let mut secret = [0u8; totp::SECRET_BYTES];
    rand::rng().fill_bytes(&mut secret);
    let encoded = totp::base32_encode(&secret);
    let uri = totp::provisioning_uri(&secret, &a.username);
    let mut active: user::ActiveModel = a.into();
    active.totp_pending_secret = Set(Some(encoded.clone()));
    active.update(tx.conn()).await?;
    Ok(Enrolment {
        secret: encoded,
        uri,
    })
}

/// The enrolment page again (after a reload): the secret offered, if any.
pub async fn pending(tx: &WriteTx, user_id: i64) -> StoreResult<Option<Enrolment>> {
    let a = account(tx, user_id).await?;
    let Some(encoded) = a.totp_pending_secret else {
        return Ok(None);
    };
    let secret = totp::base32_decode(&encoded).map_err(|e| load_err(format!("{e:?}")))?;
    Ok(Some(Enrolment {
        uri: totp::provisioning_uri(&secret, &a.username),
        secret: encoded,
    }))
}

fn salted(code: &str, salt: &str) -> String {
    let mut h = Sha256::new();
    h.update(salt.as_bytes());
    h.update(b"$");
    h.update(code.as_bytes());
    format!("{salt}${}", hex::encode(h.finalize()))
}

/// Confirm the offered secret with a first code; it comes into force, and ten recovery
/// codes are made — returned here, once, and never again.
pub async fn confirm(
    tx: &mut WriteTx,
    user_id: i64,
    code: &str,
    now_unix: u64,
) -> StoreResult<Option<Vec<RecoveryCode>>> {
    let a = account(tx, user_id).await?;
    let Some(encoded) = a.totp_pending_secret.clone() else {
        return Ok(None);
    };
    let secret = totp::base32_decode(&encoded).map_err(|e| load_err(format!("{e:?}")))?;
    let Ok(step) = totp::verify(&secret, code, now_unix, None) else {
        return Ok(None);
    };
    let mut random = [0u8; recovery::RANDOM_BYTES];
    rand::rng().fill_bytes(&mut random);
    let codes = recovery::generate(&random);
    recovery_code::Entity::delete_many()
        .filter(recovery_code::Column::UserId.eq(user_id))
        .exec(tx.conn())
        .await?;
    let at = now();
    for c in &codes {
        let mut salt = [0u8; 16];
        rand::rng().fill_bytes(&mut salt);
        recovery_code::ActiveModel {
            user_id: Set(user_id),
            code_hash: Set(salted(c.normalised(), &hex::encode(salt))),
            created_at: Set(at),
            used_at: Set(None),
            ..Default::default()
        }
        .insert(tx.conn())
        .await?;
    }
    let mut active: user::ActiveModel = a.into();
    active.totp_secret = Set(Some(encoded));
    active.totp_pending_secret = Set(None);
    active.totp_enrolled_at = Set(Some(at));
    active.totp_last_step = Set(Some(i64::try_from(step).unwrap_or(i64::MAX)));
    active.update(tx.conn()).await?;
    tx.audit(
        "second_factor.enrol",
        &format!("user:{user_id}"),
        "TOTP enrolled; 10 recovery codes issued",
    )
    .await?;
    Ok(Some(codes))
}

/// Check a code of an enrolled account: a TOTP code of a step after the last one used,
/// or an unused recovery code (which is then used up). The step is advanced with a
/// compare-and-set, so two logins racing with one code cannot both pass.
pub async fn check(
    tx: &mut WriteTx,
    user_id: i64,
    typed: &str,
    now_unix: u64,
) -> StoreResult<bool> {
    let a = account(tx, user_id).await?;
    let Some(encoded) = a.totp_secret.as_deref() else {
        return Ok(false);
    };
    let secret = totp::base32_decode(encoded).map_err(|e| load_err(format!("{e:?}")))?;
    let last = a.totp_last_step.and_then(|s| u64::try_from(s).ok());
    if let Ok(step) = totp::verify(&secret, typed, now_unix, last) {
        let step = i64::try_from(step).unwrap_or(i64::MAX);
        let advanced = user::Entity::update_many()
            .col_expr(user::Column::TotpLastStep, Expr::value(Some(step)))
            .filter(user::Column::Id.eq(user_id))
            .filter(
                sea_orm::Condition::any()
                    .add(user::Column::TotpLastStep.is_null())
                    .add(user::Column::TotpLastStep.lt(step)),
            )
            .exec(tx.conn())
            .await?;
        return Ok(advanced.rows_affected == 1);
    }
    let Ok(code) = RecoveryCode::parse(typed) else {
        return Ok(false);
    };
    let unused = recovery_code::Entity::find()
        .filter(recovery_code::Column::UserId.eq(user_id))
        .filter(recovery_code::Column::UsedAt.is_null())
        .all(tx.conn())
        .await?;
    for stored in unused {
        let Some((salt, _)) = stored.code_hash.split_once('$') else {
            continue;
        };
        if salted(code.normalised(), salt) == stored.code_hash {
            let used = recovery_code::Entity::update_many()
                .col_expr(recovery_code::Column::UsedAt, Expr::value(Some(now())))
                .filter(recovery_code::Column::Id.eq(stored.id))
                .filter(recovery_code::Column::UsedAt.is_null())
                .exec(tx.conn())
                .await?;
            if used.rows_affected == 1 {
                tx.audit(
                    "second_factor.recovery_code",
                    &format!("user:{user_id}"),
                    "a recovery code was used",
                )
                .await?;
                return Ok(true);
            }
        }
    }
    Ok(false)
}

/// The session's second factor is given: it becomes a full session.
pub async fn complete_session(tx: &WriteTx, session_token: &str) -> StoreResult<()> {
    session::Entity::update_many()
        .col_expr(session::Column::SecondFactorPending, Expr::value(false))
        .filter(session::Column::TokenHash.eq(crate::sessions::token_hash(session_token)))
        .exec(tx.conn())
        .await?;
    Ok(())
}
