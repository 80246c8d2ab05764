use sea_orm::DbErr;

/// What can go wrong in the store. `NotFound` covers "outside your scope" too, on purpose.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Db(#[from] DbErr),
    #[error("not found")]
    NotFound,
    /// A unique key is already taken (a username, a credit code…); the string names it.
    #[error("already exists: {0}")]
    Conflict(String),
    /// Input that the rules refuse; the message is for the user.
    #[error("invalid: {0}")]
    Invalid(String),
    #[error("internal error: {0}")]
    Internal(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

impl StoreError {
    /// Map a unique-constraint violation to `Conflict(what)`, leave other errors alone.
    pub(crate) fn unique_as(err: DbErr, what: &str) -> StoreError {
        let text = err.to_string().to_ascii_lowercase();
        if text.contains("unique") || text.contains("duplicate key") {
            StoreError::Conflict(what.to_string())
        } else {
            StoreError::Db(err)
        }
    }
}
