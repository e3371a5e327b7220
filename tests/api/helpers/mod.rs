//! Test harness: a fresh database per test, the app built around it, and request helpers.

pub mod fixtures;

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use chrono::{DateTime, TimeZone, Utc};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use serde_json::{Value, json};
use tower::ServiceExt;

use gazette::config::{ApiConfig, DatabaseConfig};
use gazette::state::{AppState, Clock};

/// Which database a test runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
    MySql,
}

impl Backend {
    fn env(self) -> Option<&'static str> {
        match self {
            Backend::Sqlite => None,
            Backend::Postgres => Some("GAZETTE_TEST_POSTGRES_URL"),
            Backend::MySql => Some("GAZETTE_TEST_MYSQL_URL"),
        }
    }
}

/// The instant tests run at (the injected clock).
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 1, 12, 0, 0).unwrap()
}

/// Runs a test body once per database: `db_test!(async fn name(app) { … })` makes a module
/// `name` with the tests `sqlite`, `postgres` and `mysql`.
#[macro_export]
macro_rules! db_test {
    (async fn $name:ident($app:ident) $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            async fn run($app: &$crate::helpers::TestApp) $body

            #[tokio::test]
            async fn sqlite() {
                $crate::helpers::TestApp::run($crate::helpers::Backend::Sqlite, |app| Box::pin(async move { run(app).await })).await
            }
            #[tokio::test]
            async fn postgres() {
                $crate::helpers::TestApp::run($crate::helpers::Backend::Postgres, |app| Box::pin(async move { run(app).await })).await
            }
            #[tokio::test]
            async fn mysql() {
                $crate::helpers::TestApp::run($crate::helpers::Backend::MySql, |app| Box::pin(async move { run(app).await })).await
            }
        }
    };
}

/// A running app on its own fresh database.
pub struct TestApp {
    pub backend: Backend,
    pub db: DatabaseConnection,
    router: axum::Router,
    statements: Arc<Mutex<Vec<String>>>,
    _dir: Option<tempfile::TempDir>,
    server_db: Option<(String, String)>,
}

impl TestApp {
    /// Builds an app for `backend` with the default API limits, runs `test`, and drops the
    /// test database afterwards. Without the backend's URL in the environment, the test is
    /// skipped with a note (CI sets both URLs, and its script fails if they are unreachable).
    pub async fn run<F>(backend: Backend, test: F)
    where
        F: for<'a> FnOnce(&'a TestApp) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + 'a>>,
    {
        let Some(app) = Self::new(backend, ApiConfig::default()).await else {
            eprintln!(
                "skipped on {backend:?}: {} is not set",
                backend.env().unwrap_or_default()
            );
            return;
        };
        test(&app).await;
        app.cleanup().await;
    }

    /// A fresh, migrated database and the app around it; `None` when the backend's URL is not set.
    pub async fn new(backend: Backend, config: ApiConfig) -> Option<TestApp> {
        let (url, dir, server_db) = match backend.env() {
            None => {
                let dir = tempfile::tempdir().unwrap();
                let url = format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display());
                (url, Some(dir), None)
            }
            Some(var) => {
                let base = std::env::var(var).ok()?;
                let name = format!("gz_test_{}", uuid::Uuid::new_v4().simple());
                let admin = Database::connect(&base)
                    .await
                    .unwrap_or_else(|e| panic!("{var}={base}: {e}"));
                admin
                    .execute_unprepared(&format!("CREATE DATABASE {name}"))
                    .await
                    .unwrap();
                admin.close().await.unwrap();
                let (prefix, _) = base.rsplit_once('/').unwrap();
                (format!("{prefix}/{name}"), None, Some((base, name)))
            }
        };
        let db_config = DatabaseConfig {
            url,
            max_connections: 5,
            statement_timeout_secs: 10,
        };
        let mut db = gazette::db::connect(&db_config).await.unwrap();
        gazette::db::migrate(&db, &db_config).await.unwrap();
        let statements = Arc::new(Mutex::new(Vec::new()));
        let log = statements.clone();
        db.set_metric_callback(move |info| {
            log.lock().unwrap().push(info.statement.sql.clone());
        });
        let state = AppState::new(db.clone(), config, Clock::Fixed(now()));
        Some(TestApp {
            backend,
            db,
            router: gazette::app(state),
            statements,
            _dir: dir,
            server_db,
        })
    }

    async fn cleanup(self) {
        let TestApp { db, server_db, .. } = self;
        db.close().await.ok();
        if let Some((base, name)) = server_db
            && let Ok(admin) = Database::connect(&base).await
        {
            admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name}"))
                .await
                .ok();
            admin.close().await.ok();
        }
    }

    /// SQL statements issued so far, oldest first.
    pub fn statements(&self) -> Vec<String> {
        self.statements.lock().unwrap().clone()
    }

    /// Sends a request through the app.
    pub async fn send(&self, request: Request<Body>) -> (StatusCode, HeaderMap, axum::body::Bytes) {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let (parts, body) = response.into_parts();
        let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap();
        (parts.status, parts.headers, bytes)
    }

    /// `GET path`, with the body parsed as JSON.
    pub async fn get_json(&self, path: &str) -> (StatusCode, Value) {
        let request = Request::builder().uri(path).body(Body::empty()).unwrap();
        let (status, _, body) = self.send(request).await;
        (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
    }

    /// `POST /graphql` with a raw body.
    pub async fn post_graphql_raw(&self, body: impl Into<Body>) -> (StatusCode, HeaderMap, Value) {
        let request = Request::builder()
            .method(Method::POST)
            .uri("/graphql")
            .header(header::CONTENT_TYPE, "application/json")
            .body(body.into())
            .unwrap();
        let (status, headers, body) = self.send(request).await;
        let json = serde_json::from_slice(&body)
            .unwrap_or_else(|e| panic!("response is not JSON ({e}): {}", String::from_utf8_lossy(&body)));
        (status, headers, json)
    }

    /// Runs a GraphQL query; returns the status and the whole response.
    pub async fn graphql(&self, query: &str, variables: Value) -> (StatusCode, Value) {
        let body = json!({ "query": query, "variables": variables }).to_string();
        let (status, _, json) = self.post_graphql_raw(body).await;
        (status, json)
    }

    /// Runs a query that must succeed; returns `data`.
    pub async fn query(&self, query: &str, variables: Value) -> Value {
        let (status, response) = self.graphql(query, variables).await;
        assert_eq!(status, StatusCode::OK, "{:?}: {response:#}", self.backend);
        assert!(
            response.get("errors").is_none(),
            "{:?}: unexpected errors: {response:#}",
            self.backend
        );
        response["data"].clone()
    }

    /// Runs a query that must fail; returns the first error's `extensions.code` and the error.
    pub async fn query_error(&self, query: &str, variables: Value) -> (String, Value) {
        let (_, response) = self.graphql(query, variables).await;
        let error = response["errors"][0].clone();
        assert!(!error.is_null(), "{:?}: expected an error: {response:#}", self.backend);
        (
            error["extensions"]["code"].as_str().unwrap_or_default().to_string(),
            error,
        )
    }
}

/// The `field` values of `nodes` in a connection.
pub fn pluck(connection: &Value, field: &str) -> Vec<String> {
    connection["nodes"]
        .as_array()
        .unwrap_or_else(|| panic!("no nodes in {connection}"))
        .iter()
        .map(|n| n[field].as_str().unwrap_or_default().to_string())
        .collect()
}
