//! The use cases of uplift: every operation a person, a token or the operator on the
//! server can trigger, one function each.
//!
//! Each function takes the signed-in [`CurrentUser`] (or, for the command line, acts as
//! the operator), asks the domain's named [`Permission`](uplift_domain::permission::Permission)
//! whether the role may act at all, checks that every object it reads or writes lies in
//! the user's scope, and writes through the store's audited transaction. The pages, the
//! API and the command line call these functions and nothing below them: this crate is
//! the only one that depends on `uplift-store`, and it re-exports values, never the
//! store's repositories.

pub mod accounts;
pub mod audit_log;
pub mod campaigns;
pub mod demo;
pub mod dishonest;
pub mod enterprises;
mod error;
pub mod exports;
pub mod housekeeping;
pub mod imports;
pub mod jobs;
pub mod operator;
pub mod screening;
pub mod second_factor;
pub mod sessions;
mod spool;

use std::path::PathBuf;
use std::sync::Arc;

pub use error::{AppResult, Error};
pub use uplift_store::current_user::CurrentUser;
pub use uplift_store::{Page, PageRequest, Refusal, now};

use uplift_domain::permission::Permission;
use uplift_store::Store;

/// The platform's settings that use cases need.
#[derive(Debug, Clone)]
pub struct Settings {
    pub lockout: sessions::LockoutPolicy,
    pub session: sessions::SessionPolicy,
    /// Uploads, error reports and exports.
    pub data_dir: PathBuf,
    /// Staff accounts need a second factor (TOTP). On for `serve`; the demo starts with
    /// it off so that a newcomer logs in with the printed passwords.
    pub require_second_factor: bool,
    /// Days an import's error report and rejected rows are kept (30 by default).
    pub report_retention_days: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            lockout: sessions::LockoutPolicy::default(),
            session: sessions::SessionPolicy::default(),
            data_dir: PathBuf::from("uplift-data"),
            require_second_factor: false,
            report_retention_days: 30,
        }
    }
}

/// The platform: the store behind the use cases, and their settings. Cheap to clone.
#[derive(Clone)]
pub struct App {
    store: Store,
    settings: Arc<Settings>,
    counties: Arc<enterprises::CountyCache>,
}

impl App {
    /// Open `sqlite://…` or `postgres://…` and bring the schema up to date.
    pub async fn open(url: &str, settings: Settings) -> AppResult<App> {
        let store = Store::connect(url).await?;
        store.migrate().await?;
        Ok(App {
            store,
            settings: Arc::new(settings),
            counties: Arc::default(),
        })
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// A cheap liveness probe for `/healthz`: touches no scoped data.
    pub async fn ping(&self) -> AppResult<()> {
        Ok(self.store.ping().await?)
    }

    /// Load the search index now rather than at the first search.
    pub async fn warm_search_index(&self) -> AppResult<()> {
        Ok(self.store.warm_search_index().await?)
    }

    pub async fn close(self) -> AppResult<()> {
        Ok(self.store.close().await?)
    }

    pub(crate) fn store(&self) -> &Store {
        &self.store
    }
}

/// For the integration tests only (the `testing` feature): the platform over a store the
/// test also reads and writes directly.
#[cfg(feature = "testing")]
impl App {
    pub fn from_store(store: Store, settings: Settings) -> App {
        App {
            store,
            settings: Arc::new(settings),
            counties: Arc::default(),
        }
    }

    pub fn store_for_tests(&self) -> &Store {
        &self.store
    }
}

/// Let the user act only when the role holds the permission and the account is in order
/// (a password someone else set must be changed first). Anyone else is told the thing
/// does not exist (404, never 403: existence does not leak).
pub(crate) fn require(user: &CurrentUser, permission: Permission) -> AppResult<()> {
    if user.second_factor_pending() {
        return Err(Error::SecondFactorPending);
    }
    if user.must_change_password() {
        return Err(Error::PasswordChangeRequired);
    }
    if user.role().may(permission) {
        Ok(())
    } else {
        Err(Error::NotFound)
    }
}
