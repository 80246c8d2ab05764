//! What a use case can answer besides success. The interface puts each into words in the
//! user's language (`Refusal::code` is the translation key's tail); nothing here is text
//! for a user.

use uplift_store::{Refusal, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Not there, or not for this user (outside the scope, or not for the role): one
    /// answer, so that existence never leaks.
    #[error("not found")]
    NotFound,
    /// The programme's rules refuse the act or the input; the refusal names which.
    #[error("refused: {0:?}")]
    Refused(Refusal),
    /// A password someone else set must be changed before anything else.
    #[error("password change required")]
    PasswordChangeRequired,
    /// Logged in by password; the second factor is still to be given.
    #[error("second factor pending")]
    SecondFactorPending,
    /// Something on the platform's side; the detail is for the log only.
    #[error("internal error: {0}")]
    Internal(String),
}

pub type AppResult<T> = Result<T, Error>;

impl From<StoreError> for Error {
    fn from(err: StoreError) -> Error {
        match err {
            StoreError::NotFound => Error::NotFound,
            StoreError::Refused(r) => Error::Refused(r),
            StoreError::Db(e) => Error::Internal(format!("database error: {e}")),
            StoreError::Internal(m) => Error::Internal(m),
        }
    }
}

impl From<Refusal> for Error {
    fn from(r: Refusal) -> Error {
        Error::Refused(r)
    }
}

impl Error {
    pub(crate) fn internal(detail: impl std::fmt::Display) -> Error {
        Error::Internal(detail.to_string())
    }
}
