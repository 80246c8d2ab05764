//! SeaORM entities: one file per table, plain data. Rules live in `uplift_domain`;
//! repositories in the parent module turn these rows into what callers need.

pub mod application;
pub mod assignment;
pub mod audit_log;
pub mod campaign;
pub mod campaign_organisation;
pub mod city_submission;
pub mod dishonest_entry;
pub mod enterprise;
pub mod enterprise_history;
pub mod job;
pub mod organisation;
pub mod participation;
pub mod participation_event;
pub mod recovery_code;
pub mod screening;
pub mod session;
pub mod throttle_event;
pub mod user;
