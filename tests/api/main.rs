//! Gazette's integration tests: one binary, driving the real router over HTTP requests.
//! Every case runs on SQLite, and on PostgreSQL and MariaDB when
//! `GAZETTE_TEST_POSTGRES_URL` / `GAZETTE_TEST_MYSQL_URL` are set (see `db_test!`).

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod helpers;

mod cli;
mod graphql;
mod import;
mod import_batches;
mod keys_cli;
mod ops;
mod rest;
