//! The one error type of Gazette, and the policy for errors.
//!
//! - `anyhow` is used only at start-up and in the CLI (`main.rs`, `cli.rs`), where an error
//!   ends the process with one line naming the setting at fault.
//! - The content layer and the doors return [`AppError`]. Each variant has a stable
//!   `code` (GraphQL `extensions.code`, REST `error.code`) and an HTTP status:
//!
//! | variant | code | HTTP |
//! |---|---|---|
//! | `BadUserInput` | `BAD_USER_INPUT` | 400 |
//! | `PayloadTooLarge` | `BAD_USER_INPUT` | 413 |
//! | `MethodNotAllowed` | `BAD_USER_INPUT` | 405 |
//! | `Unauthenticated` | `UNAUTHENTICATED` | 401 |
//! | `Forbidden` | `FORBIDDEN` | 403 |
//! | `NotFound` | `NOT_FOUND` | 404 |
//! | `Conflict` | `CONFLICT` | 409 |
//! | `VersionMismatch` | `CONFLICT` | 412 |
//! | `QueryTooComplex` | `QUERY_TOO_COMPLEX` | 400 |
//! | `RateLimited` | `RATE_LIMITED` | 429 |
//! | `Unavailable` | `UNAVAILABLE` | 503 |
//! | `TimedOut` | `UNAVAILABLE` | 503 |
//! | `Internal` | `INTERNAL_SERVER_ERROR` | 500 |
//!
//! - Internal and unavailable errors reach the client with a generic message and the request
//!   id; the real error (SQL, paths) is logged once, by the door's logging layer
//!   ([`crate::http::log_failures`] for HTTP responses, the GraphQL handler for GraphQL
//!   errors), never inside a conversion.
//! - In GraphQL, resolvers return `AppError` with `?`; async-graphql keeps it as the
//!   error's source, and the schema's error extension turns it into `extensions.code`
//!   (and `field`).
//! - Database errors become [`AppError`] through `From<DbErr>`: lost connections and pool
//!   time-outs are `Unavailable`; a statement stopped by the statement timeout is `TimedOut`;
//!   a unique-constraint violation that no check caught first (two writers racing for one
//!   slug) is `Conflict`; everything else is `Internal`.

use std::sync::Arc;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use sea_orm::DbErr;

/// Everything that can go wrong while serving a request.
#[derive(Debug, Clone, thiserror::Error)]
pub enum AppError {
    /// The client sent something invalid; `field` names the argument at fault, if one is.
    #[error("{message}")]
    BadUserInput {
        /// What is wrong, for the client.
        message: String,
        /// The input field at fault, as the client spelled it (e.g. `first`, `filter.title`).
        field: Option<String>,
    },
    /// The request body is larger than the server accepts.
    #[error("request body is larger than {limit} bytes")]
    PayloadTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// The path exists, but not with this HTTP method.
    #[error("{method} is not allowed on {path}")]
    MethodNotAllowed {
        /// The method used.
        method: String,
        /// The path.
        path: String,
    },
    /// No key, an unknown or revoked key, or a malformed `Authorization` header.
    #[error("{0}")]
    Unauthenticated(String),
    /// The key is valid but its role does not allow this.
    #[error("{0}")]
    Forbidden(String),
    /// The named thing does not exist (or is not visible to the caller).
    #[error("{resource} {key} not found")]
    NotFound {
        /// What was looked for, e.g. `article`.
        resource: &'static str,
        /// The id or slug that was asked for.
        key: String,
    },
    /// The write conflicts with the current state (a taken slug, a source with articles).
    #[error("{message}")]
    Conflict {
        /// What conflicts, for the client.
        message: String,
        /// The input field at fault, if one is.
        field: Option<String>,
    },
    /// The article changed since the version the client names (GraphQL's `expectedVersion`,
    /// REST's `If-Match`). The code is `CONFLICT` like any other conflict; on HTTP the
    /// status is `412 Precondition Failed`, as for any failed `If-Match`.
    #[error("the article is at version {actual}, not {expected}: it changed since you read it")]
    VersionMismatch {
        /// The version the client expected.
        expected: i32,
        /// The version the article is at.
        actual: i32,
        /// The argument or header that named `expected`.
        field: &'static str,
    },
    /// The query is deeper or more complex than the configured limits.
    #[error("{0}")]
    QueryTooComplex(String),
    /// The client sent more requests than its rate limit allows.
    #[error("too many requests: try again in {retry_after} s")]
    RateLimited {
        /// Seconds until the next request is allowed.
        retry_after: u64,
    },
    /// The database is down or overloaded.
    #[error("the service is temporarily unavailable, try again shortly")]
    Unavailable(#[source] Arc<anyhow::Error>),
    /// A statement ran past the statement timeout (`GAZETTE_STATEMENT_TIMEOUT`): the request
    /// asked more than the database could answer in time, or the database is overloaded.
    #[error("the database took too long to answer; narrow the request (a filter, a smaller page) or try again shortly")]
    TimedOut(#[source] Arc<anyhow::Error>),
    /// A bug or an unexpected failure; details go to the log only.
    #[error("internal server error")]
    Internal(#[source] Arc<anyhow::Error>),
}

impl AppError {
    /// Invalid input, not tied to one field.
    pub fn bad_input(message: impl Into<String>) -> Self {
        Self::BadUserInput {
            message: message.into(),
            field: None,
        }
    }

    /// Invalid input in the named field.
    pub fn bad_field(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::BadUserInput {
            message: message.into(),
            field: Some(field.into()),
        }
    }

    /// `resource` with `key` does not exist.
    pub fn not_found(resource: &'static str, key: impl Into<String>) -> Self {
        Self::NotFound {
            resource,
            key: key.into(),
        }
    }

    /// An unexpected failure.
    pub fn internal(error: impl Into<anyhow::Error>) -> Self {
        Self::Internal(Arc::new(error.into()))
    }

    /// The database (or another dependency) cannot serve now.
    pub fn unavailable(error: impl Into<anyhow::Error>) -> Self {
        Self::Unavailable(Arc::new(error.into()))
    }

    /// The stable code clients match on.
    pub fn code(&self) -> &'static str {
        match self {
            Self::BadUserInput { .. } | Self::PayloadTooLarge { .. } | Self::MethodNotAllowed { .. } => {
                "BAD_USER_INPUT"
            }
            Self::Unauthenticated(_) => "UNAUTHENTICATED",
            Self::Forbidden(_) => "FORBIDDEN",
            Self::NotFound { .. } => "NOT_FOUND",
            Self::Conflict { .. } | Self::VersionMismatch { .. } => "CONFLICT",
            Self::QueryTooComplex(_) => "QUERY_TOO_COMPLEX",
            Self::RateLimited { .. } => "RATE_LIMITED",
            Self::Unavailable(_) | Self::TimedOut(_) => "UNAVAILABLE",
            Self::Internal(_) => "INTERNAL_SERVER_ERROR",
        }
    }

    /// The HTTP status for this error.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::BadUserInput { .. } | Self::QueryTooComplex(_) => StatusCode::BAD_REQUEST,
            Self::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            Self::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::NotFound { .. } => StatusCode::NOT_FOUND,
            Self::Conflict { .. } => StatusCode::CONFLICT,
            Self::VersionMismatch { .. } => StatusCode::PRECONDITION_FAILED,
            Self::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Unavailable(_) | Self::TimedOut(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The input field at fault, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            Self::BadUserInput { field, .. } | Self::Conflict { field, .. } => field.as_deref(),
            Self::VersionMismatch { field, .. } => Some(field),
            _ => None,
        }
    }

    /// Whether the details must stay in the log (5xx).
    pub fn is_server_error(&self) -> bool {
        self.status().is_server_error()
    }
}

impl From<DbErr> for AppError {
    fn from(err: DbErr) -> Self {
        if let Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) = err.sql_err() {
            return Self::Conflict {
                message: "a concurrent write took the same unique value; try again".to_string(),
                field: None,
            };
        }
        match err {
            DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => Self::unavailable(err),
            _ if ran_out_of_time(&err) => Self::TimedOut(Arc::new(err.into())),
            other => Self::internal(other),
        }
    }
}

/// Whether the database stopped a statement at the statement timeout: PostgreSQL's
/// `query_canceled` (57014), MariaDB's 1969 (`max_statement_time`), MySQL's 3024
/// (`max_execution_time`), SQLite's `SQLITE_INTERRUPT` (9, from the progress handler that
/// `db` arms).
fn ran_out_of_time(err: &DbErr) -> bool {
    use sea_orm::sqlx::mysql::MySqlDatabaseError;
    use sea_orm::sqlx::sqlite::SqliteError;
    use sea_orm::{RuntimeErr, sqlx};
    let (DbErr::Query(RuntimeErr::SqlxError(err)) | DbErr::Exec(RuntimeErr::SqlxError(err))) = err else {
        return false;
    };
    let sqlx::Error::Database(err) = err.as_ref() else {
        return false;
    };
    if let Some(mysql) = err.try_downcast_ref::<MySqlDatabaseError>() {
        return matches!(mysql.number(), 1969 | 3024);
    }
    let code = err.code();
    match err.try_downcast_ref::<SqliteError>() {
        Some(_) => code.as_deref() == Some("9"),
        None => code.as_deref() == Some("57014"),
    }
}

/// The JSON body of an HTTP error outside GraphQL: `{"error": {"code", "message", "field"?}}`.
/// The request id is added by the middleware that knows it.
impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let mut error = serde_json::json!({ "code": self.code(), "message": self.to_string() });
        if let Some(field) = self.field() {
            error["field"] = field.into();
        }
        let mut response = (self.status(), axum::Json(serde_json::json!({ "error": error }))).into_response();
        // Kept for the logging layer, which logs server errors once with their cause.
        response.extensions_mut().insert(Arc::new(self));
        response
    }
}

impl AppError {
    /// The error as a GraphQL response that never ran (`{"errors": [...]}` with
    /// `extensions.code`, `field` and `requestId`), with the error's HTTP status: for
    /// failures before a GraphQL request executes, which GraphQL clients read in this shape.
    pub fn graphql_response(self, request_id: &str) -> Response {
        let mut body = serde_json::json!({
            "errors": [{ "message": self.to_string(), "extensions": { "code": self.code(), "requestId": request_id } }]
        });
        if let (Some(field), Some(ext)) = (self.field(), body["errors"][0].get_mut("extensions")) {
            ext["field"] = field.into();
        }
        (self.status(), axum::Json(body)).into_response()
    }
}

/// Shorthand for results in the content layer and the doors.
pub type AppResult<T> = Result<T, AppError>;
