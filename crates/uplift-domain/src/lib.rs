//! The programme's rules, kept pure so that a reader who wants to know "when is an
//! enterprise small?" or "is this credit code valid?" opens one file and nothing else.
//!
//! No IO, no async, no SQL, no HTTP: every function here is deterministic and unit-tested.

pub mod anchor;
pub mod audit_log;
pub mod campaign;
pub mod cst;
pub mod date;
pub mod directory;
pub mod dishonest;
pub mod division;
pub mod eligibility;
pub mod header;
pub mod import_refusal;
pub mod lang;
pub mod money;
pub mod number;
pub mod password;
pub mod permission;
pub mod privacy;
pub mod recovery;
pub mod role;
pub mod sme;
pub mod text;
pub mod totp;
pub mod uscc;
pub mod workflow;

pub use lang::Lang;
