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
    /// The settings `db` was opened with.
    pub db_config: DatabaseConfig,
    config: ApiConfig,
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
            sqlite_mmap_mib: 2047,
        };
        let mut db = gazette::db::connect(&db_config).await.unwrap();
        gazette::db::migrate(&db, &db_config).await.unwrap();
        let statements = Arc::new(Mutex::new(Vec::new()));
        let log = statements.clone();
        db.set_metric_callback(move |info| {
            log.lock().unwrap().push(info.statement.sql.clone());
        });
        let state = AppState::new(db.clone(), config.clone(), Clock::Fixed(now()));
        Some(TestApp {
            backend,
            db,
            db_config,
            config,
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

    /// `POST /api/v1/import{query}` of the NDJSON `body`, with the key `key` if any; the
    /// status and the response parsed as JSON (`Null` when it is not JSON).
    pub async fn post_import(&self, query: &str, key: Option<&str>, body: &str) -> (StatusCode, Value) {
        let mut request = Request::builder()
            .method(Method::POST)
            .uri(format!("/api/v1/import{query}"))
            .header(header::CONTENT_TYPE, "application/x-ndjson");
        if let Some(key) = key {
            request = request.header(header::AUTHORIZATION, format!("Bearer {key}"));
        }
        let (status, _, bytes) = self.send(request.body(Body::from(body.to_string())).unwrap()).await;
        (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
    }

    /// After a large write, on MariaDB, waits out the moment InnoDB moves the full-text
    /// cache to disk (here right after committing 100 demo articles, not after 30): a search
    /// running just then can miss the newest rows. That race is MariaDB's own: loading 300
    /// demo articles and then matching their titles' words directly in SQL missed about 3%
    /// of the time, and the next query found the row within a millisecond. Elsewhere this
    /// does nothing.
    pub async fn settle_search_index(&self) {
        if self.backend == Backend::MySql {
            // The move took about 100 ms for 300 articles on an idle server.
            tokio::time::sleep(std::time::Duration::from_secs(2)).await;
        }
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

impl TestApp {
    /// A client of this app without a key, at the test clock.
    pub fn client(&self) -> Client<'_> {
        Client {
            app: self,
            router: self.router.clone(),
            authorization: None,
        }
    }

    /// A client presenting `key` as a bearer token.
    pub fn with_key(&self, key: &str) -> Client<'_> {
        self.client().authorization(&format!("Bearer {key}"))
    }

    /// Creates an API key directly in the database; returns the secret.
    pub async fn key(&self, name: &str, role: gazette::content::Role) -> String {
        gazette::content::keys::create(&self.db, name, role, now())
            .await
            .unwrap()
            .secret
    }

    /// A client holding a fresh `editor` key named `editor`… (unique per call).
    pub async fn editor(&self) -> Client<'_> {
        let name = format!("editor-{}", uuid::Uuid::new_v4().simple());
        let key = self.key(&name, gazette::content::Role::Editor).await;
        self.with_key(&key)
    }

    /// A client holding a fresh `admin` key.
    pub async fn admin(&self) -> Client<'_> {
        let name = format!("admin-{}", uuid::Uuid::new_v4().simple());
        let key = self.key(&name, gazette::content::Role::Admin).await;
        self.with_key(&key)
    }
}

/// Sends GraphQL requests with a chosen `Authorization` header, clock and configuration.
#[derive(Clone)]
pub struct Client<'a> {
    pub app: &'a TestApp,
    router: axum::Router,
    authorization: Option<String>,
}

impl<'a> Client<'a> {
    /// Sends this raw `Authorization` header value.
    pub fn authorization(mut self, value: &str) -> Self {
        self.authorization = Some(value.to_string());
        self
    }

    /// The same app (same database) serving at `time` instead of the test clock.
    pub fn at(self, time: DateTime<Utc>) -> Self {
        let (db, config) = (self.app.db.clone(), self.app.config.clone());
        self.serving(db, config, time)
    }

    /// The same app (same database) with another configuration.
    pub fn config(self, config: ApiConfig) -> Self {
        let db = self.app.db.clone();
        self.serving(db, config, now())
    }

    /// The same app and database, served through another pool (opened with other settings).
    pub fn pool(self, db: DatabaseConnection) -> Self {
        let config = self.app.config.clone();
        self.serving(db, config, now())
    }

    /// Serves requests from a router of its own over `db`, with `config`, at `time`.
    fn serving(mut self, db: DatabaseConnection, config: ApiConfig, time: DateTime<Utc>) -> Self {
        self.router = gazette::app(AppState::new(db, config, Clock::Fixed(time)));
        self
    }

    /// Runs a GraphQL request; returns the status and the whole response.
    pub async fn graphql(&self, query: &str, variables: Value) -> (StatusCode, Value) {
        self.graphql_with_extensions(query, variables, Value::Null).await
    }

    /// Runs a GraphQL request with `extensions` (persisted queries); returns the status and
    /// the whole response.
    pub async fn graphql_with_extensions(
        &self,
        query: &str,
        variables: Value,
        extensions: Value,
    ) -> (StatusCode, Value) {
        let mut request = Request::builder()
            .method(Method::POST)
            .uri("/graphql")
            .header(header::CONTENT_TYPE, "application/json");
        if let Some(value) = &self.authorization {
            request = request.header(header::AUTHORIZATION, value);
        }
        let mut body = json!({ "query": query, "variables": variables });
        if !extensions.is_null() {
            body["extensions"] = extensions;
        }
        let body = body.to_string();
        let response = self
            .router
            .clone()
            .oneshot(request.body(Body::from(body)).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
        let json = serde_json::from_slice(&bytes)
            .unwrap_or_else(|e| panic!("response is not JSON ({e}): {}", String::from_utf8_lossy(&bytes)));
        (status, json)
    }

    /// Sends `method path` with these extra headers and an optional JSON body (plus the
    /// client's `Authorization`); returns the status, headers and raw body.
    pub async fn http(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<Value>,
    ) -> (StatusCode, HeaderMap, axum::body::Bytes) {
        let mut request = Request::builder().method(method).uri(path);
        if let Some(value) = &self.authorization {
            request = request.header(header::AUTHORIZATION, value);
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let body = match body {
            Some(json) => {
                request = request.header(header::CONTENT_TYPE, "application/json");
                Body::from(json.to_string())
            }
            None => Body::empty(),
        };
        let response = self.router.clone().oneshot(request.body(body).unwrap()).await.unwrap();
        let (parts, body) = response.into_parts();
        let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap();
        (parts.status, parts.headers, bytes)
    }

    /// `method path` with an optional JSON body; the response body parsed as JSON (`Null`
    /// when empty).
    pub async fn rest(&self, method: Method, path: &str, body: Option<Value>) -> (StatusCode, HeaderMap, Value) {
        self.rest_with(method, path, &[], body).await
    }

    /// [`rest`](Self::rest) with request `headers`.
    pub async fn rest_with(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<Value>,
    ) -> (StatusCode, HeaderMap, Value) {
        let (status, headers, bytes) = self.http(method, path, headers, body).await;
        let json = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|e| panic!("response is not JSON ({e}): {}", String::from_utf8_lossy(&bytes)))
        };
        (status, headers, json)
    }

    /// `GET path` that must answer 200 with JSON; returns the body.
    pub async fn get_ok(&self, path: &str) -> Value {
        let (status, _, json) = self.rest(Method::GET, path, None).await;
        assert_eq!(status, StatusCode::OK, "{:?} GET {path}: {json:#}", self.app.backend);
        json
    }

    /// `GET path` that must fail with `status`; returns the `error` object.
    pub async fn get_error(&self, path: &str, status: StatusCode) -> Value {
        let (got, _, json) = self.rest(Method::GET, path, None).await;
        assert_eq!(got, status, "{:?} GET {path}: {json:#}", self.app.backend);
        json["error"].clone()
    }

    /// Runs a request that must succeed; returns `data`.
    pub async fn query(&self, query: &str, variables: Value) -> Value {
        let (status, response) = self.graphql(query, variables).await;
        assert_eq!(status, StatusCode::OK, "{:?}: {response:#}", self.app.backend);
        assert!(
            response.get("errors").is_none(),
            "{:?}: unexpected errors: {response:#}",
            self.app.backend
        );
        response["data"].clone()
    }

    /// Runs a request that must fail; returns the first error's `extensions.code` and the error.
    pub async fn query_error(&self, query: &str, variables: Value) -> (String, Value) {
        let (_, response) = self.graphql(query, variables).await;
        let error = response["errors"][0].clone();
        assert!(
            !error.is_null(),
            "{:?}: expected an error: {response:#}",
            self.app.backend
        );
        (
            error["extensions"]["code"].as_str().unwrap_or_default().to_string(),
            error,
        )
    }
}

/// Every row of every table, in a stable order, as text: two dumps are equal exactly when
/// the database holds the same data.
pub async fn dump(db: &DatabaseConnection) -> String {
    use gazette::entities::*;
    use sea_orm::{EntityTrait, QueryOrder};
    let mut out = String::new();
    macro_rules! table {
        ($entity:path, $($order:expr),+) => {{
            let rows = <$entity>::find()$(.order_by_asc($order))+.all(db).await.unwrap();
            out.push_str(&format!("{} {:?}\n", stringify!($entity), rows));
        }};
    }
    table!(source::Entity, source::Column::Id);
    table!(tag::Entity, tag::Column::Id);
    table!(article::Entity, article::Column::Id);
    table!(
        article_tag::Entity,
        article_tag::Column::ArticleId,
        article_tag::Column::TagId
    );
    table!(article_revision::Entity, article_revision::Column::Id);
    table!(article_correction::Entity, article_correction::Column::Id);
    table!(api_key::Entity, api_key::Column::Id);
    out
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

/// Makes inserts into `table` whose new row meets `condition` (SQL on `NEW`, e.g.
/// `NEW.title = 'x'`) fail inside the database, as a real failure half-way through a write.
pub async fn refuse_inserts(app: &TestApp, table: &str, condition: &str) {
    let statements = match app.backend {
        Backend::Sqlite => vec![format!(
            "CREATE TRIGGER refuse_{table} BEFORE INSERT ON {table} WHEN {condition} \
             BEGIN SELECT RAISE(ABORT, 'refused by test trigger'); END;"
        )],
        Backend::Postgres => vec![
            format!(
                "CREATE FUNCTION refuse_{table}() RETURNS trigger LANGUAGE plpgsql AS \
                 $$ BEGIN IF {condition} THEN RAISE EXCEPTION 'refused by test trigger'; END IF; RETURN NEW; END; $$"
            ),
            format!(
                "CREATE TRIGGER refuse_{table} BEFORE INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION refuse_{table}()"
            ),
        ],
        Backend::MySql => vec![format!(
            "CREATE TRIGGER refuse_{table} BEFORE INSERT ON {table} FOR EACH ROW \
             BEGIN IF {condition} THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused by test trigger'; END IF; END"
        )],
    };
    for sql in statements {
        app.db.execute_unprepared(&sql).await.unwrap();
    }
}

/// Removes what [`refuse_inserts`] installed on `table`.
pub async fn allow_inserts(app: &TestApp, table: &str) {
    let statements = match app.backend {
        Backend::Sqlite | Backend::MySql => vec![format!("DROP TRIGGER refuse_{table}")],
        Backend::Postgres => vec![
            format!("DROP TRIGGER refuse_{table} ON {table}"),
            format!("DROP FUNCTION refuse_{table}()"),
        ],
    };
    for sql in statements {
        app.db.execute_unprepared(&sql).await.unwrap();
    }
}
