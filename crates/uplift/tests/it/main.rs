//! The one integration-test binary (linking is the slow part on two cores).
//!
//! The database under test comes from `UPLIFT_TEST_DATABASE_URL`: unset means a fresh
//! SQLite file per test; a `postgres://…` URL means that server, on which every test gets
//! a fresh database that is dropped afterwards.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod accounts;
mod api;
mod audit_chain;
mod audit_reader;
mod backup;
mod bulk;
mod campaign;
mod campaign_pages;
mod cli;
mod crash;
mod demo;
mod excel;
mod harness;
mod house;
mod import;
mod jurisdiction;
mod pages;
mod probes;
mod refusals;
mod screening;
mod search;
mod second_factor;
mod secrets;
mod security;
mod sessions;
mod throttling;
mod time_and_place;
mod write_matrix;
