//! Gazette: a headless content API for news.
//!
//! The tree is the architecture: the doors ([`graphql`], [`rest`], [`ingest`]) call the
//! domain ([`content`]), which alone queries the [`entities`]. [`app`] builds the whole
//! router from an [`AppState`]; `main.rs` only parses the command line and hands off, and
//! tests drive the same router.

pub mod auth;
pub mod cli;
pub mod config;
pub mod content;
pub mod db;
pub mod demo;
pub mod entities;
pub mod error;
pub mod feeds;
pub mod graphql;
pub mod http;
pub mod ingest;
pub mod ops;
pub mod rest;
pub mod serve;
pub mod state;

pub use state::AppState;

/// The whole HTTP application: every door and the shared middleware.
pub fn app(state: AppState) -> axum::Router {
    let routes = axum::Router::new()
        .merge(graphql::http::router())
        .merge(rest::router())
        .merge(feeds::routes::router())
        .merge(ops::router());
    http::layers(routes, state)
}
