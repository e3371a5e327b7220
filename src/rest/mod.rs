//! The JSON door under `/api/v1`: articles, sources and tags to read (and, with a key, to
//! write), the import for integrators, and the OpenAPI 3.1 document of all of it at
//! `/api/v1/openapi.json` (with a page to read it at `/api/v1/docs`).
//!
//! Handlers are thin: query parameters become the content layer's filter, ordering and page
//! arguments ([`params`]), results become views ([`views`]). Every route is registered with
//! its `#[utoipa::path]` through `utoipa-axum`, so a route cannot exist without its entry
//! in the document.

pub mod articles;
pub mod catalog;
pub mod editorial;
pub mod extract;
pub mod import;
pub mod params;
pub mod sources;
pub mod tags;
pub mod views;

use std::sync::Arc;

use axum::Router;
use axum::http::header;
use axum::response::{Html, IntoResponse};
use axum::routing::get;
use utoipa::OpenApi;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa_axum::router::OpenApiRouter;

use crate::state::AppState;

/// The document's fixed parts; the paths come from the routes.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Gazette REST API",
        description = "Articles, sources and tags of a Gazette server as plain JSON. The same data, visibility, \
                       filters and error codes as the GraphQL API at /graphql. Reads are public unless the server \
                       says otherwise; writes need `Authorization: Bearer <key>`.",
        license(name = "MIT OR Apache-2.0"),
    ),
    modifiers(&BearerKey),
    tags(
        (name = "articles", description = "News articles"),
        (name = "sources", description = "Where stories come from: agencies, papers, wires"),
        (name = "tags", description = "Topics, places, people, organizations and sections"),
        (name = "import", description = "Bulk import for integrators"),
    )
)]
struct ApiDoc;

/// Declares the API key scheme the operations refer to as `bearer`.
struct BearerKey;

impl utoipa::Modify for BearerKey {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let mut scheme = Http::new(HttpAuthScheme::Bearer);
        scheme.description = Some("An API key: `gazette keys create --role editor --name cms`".into());
        components.add_security_scheme("bearer", SecurityScheme::Http(scheme));
    }
}

/// The routes with their OpenAPI entries, and the document they make.
pub fn api() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(articles::router())
        .merge(editorial::router())
        .merge(catalog::router())
        .merge(sources::router())
        .merge(tags::router())
        .merge(import::router())
        .split_for_parts()
}

/// The `/api/v1` routes, `/api/v1/openapi.json` and `/api/v1/docs`.
pub fn router() -> Router<AppState> {
    let (router, document) = api();
    // Rendered once: the document does not change while the server runs.
    let json: Arc<str> = match document.to_pretty_json() {
        Ok(json) => json.into(),
        Err(err) => {
            tracing::error!(error = %err, "the OpenAPI document could not be rendered");
            "{}".into()
        }
    };
    router
        .route(
            "/api/v1/openapi.json",
            get(move || {
                let json = json.clone();
                async move { ([(header::CONTENT_TYPE, "application/json")], json.to_string()).into_response() }
            }),
        )
        .route("/api/v1/docs", get(|| async { Html(DOCS_PAGE) }))
}

/// A page that lists the operations of `/api/v1/openapi.json` with their parameters and
/// responses: plain HTML and a little script, nothing fetched from elsewhere.
const DOCS_PAGE: &str = include_str!("docs.html");
