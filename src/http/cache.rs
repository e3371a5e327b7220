//! HTTP caching that browsers and CDNs can use, for every read of every door (GraphQL `GET`,
//! REST, feeds, sitemaps) in one middleware:
//!
//! - a strong `ETag`: the SHA-256 of the bytes sent (after compression, so each encoding has
//!   its own), and `304 Not Modified` when `If-None-Match` already holds it — the body is
//!   rendered once, hashed, and not sent;
//! - `Cache-Control`: `public, max-age=…, stale-while-revalidate=…` for anonymous reads,
//!   `private, no-store` when the request carried a key (an editor's view must never land in
//!   a shared cache), `no-store` for errors; and `Vary: Authorization`;
//! - `Surrogate-Key` (Fastly and others, space-separated) and `Cache-Tag` (Cloudflare,
//!   comma-separated): the ids of the articles, sources and tags the response shows, which
//!   handlers list in [`SurrogateKeys`], so a CDN can purge exactly what a publish or a
//!   correction touched;
//! - `Last-Modified` where a handler knows it ([`LastModified`]).
//!
//! A response that already has `Cache-Control` (health checks, metrics) is left alone.

use std::collections::BTreeSet;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::error::AppError;
use crate::state::AppState;

/// The largest body hashed for an `ETag`; larger ones (none of ours today) go out without.
const MAX_HASHED: usize = 16 * 1024 * 1024;

/// What a response shows, as CDN cache keys: `article:<id>`, `source:<id>`, `tag:<id>`, and
/// `articles` for any list of articles (a publish changes every list).
#[derive(Clone, Debug, Default)]
pub struct SurrogateKeys(BTreeSet<String>);

impl SurrogateKeys {
    /// The key of every list of articles.
    pub const ARTICLE_LISTS: &'static str = "articles";

    /// Adds an article.
    pub fn article(&mut self, id: Uuid) -> &mut Self {
        self.0.insert(format!("article:{id}"));
        self
    }

    /// Adds a source.
    pub fn source(&mut self, id: Uuid) -> &mut Self {
        self.0.insert(format!("source:{id}"));
        self
    }

    /// Adds a tag.
    pub fn tag(&mut self, id: Uuid) -> &mut Self {
        self.0.insert(format!("tag:{id}"));
        self
    }

    /// Adds a key by name.
    pub fn key(&mut self, key: &str) -> &mut Self {
        self.0.insert(key.to_string());
        self
    }

    /// Whether no key was added.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Attaches the keys to a response, for the middleware.
    pub fn attach(self, mut response: Response) -> Response {
        response.extensions_mut().insert(self);
        response
    }
}

/// The version of the one article a response shows: its `ETag` starts with it (`"3-…"`), so
/// a client may send the tag it read back in `If-Match` to update that version.
#[derive(Clone, Copy, Debug)]
pub struct EntityVersion(pub i32);

/// When what a response shows last changed; the middleware sends it as `Last-Modified`.
#[derive(Clone, Copy, Debug)]
pub struct LastModified(pub DateTime<Utc>);

/// The middleware; see the module documentation.
pub async fn http_cache(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let method = request.method().clone();
    if method != Method::GET && method != Method::HEAD {
        return next.run(request).await;
    }
    let with_key = request.headers().contains_key(header::AUTHORIZATION);
    let if_none_match = request.headers().get(header::IF_NONE_MATCH).cloned();
    let response = next.run(request).await;
    if response.headers().contains_key(header::CACHE_CONTROL) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let headers = &mut parts.headers;
    headers.append(header::VARY, HeaderValue::from_static("authorization"));
    if !parts.status.is_success() {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        return Response::from_parts(parts, body);
    }
    let cache_control = if with_key {
        "private, no-store".to_string()
    } else {
        format!(
            "public, max-age={}, stale-while-revalidate={}",
            state.config.cache_max_age, state.config.cache_stale_while_revalidate
        )
    };
    if let Ok(value) = HeaderValue::from_str(&cache_control) {
        headers.insert(header::CACHE_CONTROL, value);
    }
    if let Some(keys) = parts.extensions.remove::<SurrogateKeys>() {
        set_keys(headers, &keys);
    }
    if let Some(LastModified(at)) = parts.extensions.remove::<LastModified>()
        && let Ok(value) = HeaderValue::from_str(&at.format("%a, %d %b %Y %H:%M:%S GMT").to_string())
    {
        headers.insert(header::LAST_MODIFIED, value);
    }
    // HEAD has no body to hash; its ETag would not be the GET's.
    if method == Method::HEAD {
        return Response::from_parts(parts, body);
    }
    let bytes = match axum::body::to_bytes(body, MAX_HASHED).await {
        Ok(bytes) => bytes,
        Err(err) => {
            return AppError::internal(anyhow::anyhow!("response body could not be read: {err}")).into_response();
        }
    };
    let hash = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&Sha256::digest(&bytes)[..18]);
    let etag = match parts.extensions.remove::<EntityVersion>() {
        Some(EntityVersion(version)) => format!("\"{version}-{hash}\""),
        None => format!("\"{hash}\""),
    };
    if let Ok(value) = HeaderValue::from_str(&etag) {
        parts.headers.insert(header::ETAG, value);
    }
    if if_none_match.is_some_and(|v| matches(&v, &etag)) {
        parts.status = StatusCode::NOT_MODIFIED;
        for name in [header::CONTENT_LENGTH, header::CONTENT_TYPE] {
            parts.headers.remove(name);
        }
        return Response::from_parts(parts, Body::empty());
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// Whether `If-None-Match` (a list of tags, weak ones included, or `*`) holds `etag`. RFC
/// 9110 compares weakly here: `W/"x"` matches `"x"`.
fn matches(if_none_match: &HeaderValue, etag: &str) -> bool {
    let Ok(value) = if_none_match.to_str() else {
        return false;
    };
    value
        .split(',')
        .map(|tag| tag.trim())
        .any(|tag| tag == "*" || tag.strip_prefix("W/").unwrap_or(tag) == etag)
}

fn set_keys(headers: &mut HeaderMap, keys: &SurrogateKeys) {
    if keys.is_empty() {
        return;
    }
    let list: Vec<&str> = keys.0.iter().map(String::as_str).collect();
    if let Ok(value) = HeaderValue::from_str(&list.join(" ")) {
        headers.insert("surrogate-key", value);
    }
    if let Ok(value) = HeaderValue::from_str(&list.join(",")) {
        headers.insert("cache-tag", value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_none_match_lists_and_weak_tags() {
        let etag = "\"abc\"";
        assert!(matches(&HeaderValue::from_static("\"abc\""), etag));
        assert!(matches(&HeaderValue::from_static("\"x\", W/\"abc\""), etag));
        assert!(matches(&HeaderValue::from_static("*"), etag));
        assert!(!matches(&HeaderValue::from_static("\"abcd\""), etag));
        assert!(!matches(&HeaderValue::from_static("abc"), etag));
    }
}
