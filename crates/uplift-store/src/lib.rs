//! Persistence for uplift.
//!
//! One `Store` over SQLite (the embedded default) or PostgreSQL (at scale), chosen by the
//! database URL. Repositories take the caller's [`Scope`](uplift_domain::role::Scope) and
//! never return rows outside it. Every write goes through a [`WriteTx`](audit::WriteTx),
//! which appends to the hash-chained audit log in the same transaction.

pub mod accounts;
pub mod applications;
pub mod audit;
pub mod audit_query;
pub mod backup;
pub mod campaigns;
pub mod counts;
pub mod current_user;
pub mod db;
pub mod directory_keys;
pub mod dishonest;
pub mod enterprises;
pub mod entity;
mod error;
pub mod import;
pub mod jobs;
pub mod migration;
pub mod organisations;
pub mod page;
pub mod participations;
pub mod scope;
pub mod screening;
pub mod search_index;
pub mod second_factor;
pub mod sessions;
mod sqlite_read;
pub mod throttle;
mod time;
pub mod users;
pub mod vault;

pub use db::{Backend, Store};
pub use error::{Refusal, StoreError, StoreResult};
pub use page::{Page, PageRequest};
pub use sea_orm;
pub use time::now;
