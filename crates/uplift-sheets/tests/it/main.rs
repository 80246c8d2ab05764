//! Integration tests of the public API, against files made on the fly.
//! One test binary (not one per file) keeps link time down on small CI.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod bombs;
mod common;
mod detect;
mod limits;
mod roundtrip;
mod streaming;
mod write;
mod xls;
mod xlsx;
