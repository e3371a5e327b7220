//! Rate limiting per client, with `governor` (GCRA, the algorithm behind most API gateways;
//! one small state per client in a concurrent map): `GAZETTE_RATE_LIMIT` requests a second
//! with bursts of `GAZETTE_RATE_LIMIT_BURST`, counted per API key, or per client address for
//! calls without a key. Over the limit: `429`, code `RATE_LIMITED`, and `Retry-After`.
//!
//! Off by default: behind a CDN every anonymous request comes from the CDN's few addresses,
//! and only the operator knows what those should be allowed. Each replica counts on its own.

use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};
use sha2::{Digest, Sha256};

use crate::error::AppError;
use crate::http::REQUEST_ID;

/// Requests between two sweeps of clients whose allowance is full again (forgetting them
/// loses nothing), so that the table does not grow with every address ever seen.
const SWEEP_EVERY: u64 = 10_000;

/// The limiter, shared by every request of one server.
#[derive(Clone)]
pub struct RateLimit(Arc<DefaultKeyedRateLimiter<[u8; 32]>>, Arc<AtomicU64>);

impl RateLimit {
    /// `per_second` requests a second per client with bursts of `burst`; `None` when
    /// `per_second` is 0 (off).
    pub fn new(per_second: u32, burst: u32) -> Option<Self> {
        let rate = NonZeroU32::new(per_second)?;
        let burst = NonZeroU32::new(burst).unwrap_or(rate);
        let quota = Quota::per_second(rate).allow_burst(burst);
        Some(Self(Arc::new(DefaultKeyedRateLimiter::keyed(quota)), Arc::default()))
    }
}

/// Who is counted: the key when one is sent (hashed: secrets are not kept), else the peer
/// address.
fn client(request: &Request) -> [u8; 32] {
    let mut hash = Sha256::new();
    match request.headers().get(header::AUTHORIZATION) {
        Some(key) => hash.update(key.as_bytes()),
        None => {
            let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
            hash.update(format!("{peer:?}").as_bytes());
        }
    }
    hash.finalize().into()
}

/// The middleware: refuses a request over its client's limit.
pub async fn rate_limit(State(limit): State<RateLimit>, request: Request, next: Next) -> Response {
    if limit.1.fetch_add(1, Ordering::Relaxed) % SWEEP_EVERY == SWEEP_EVERY - 1 {
        limit.0.retain_recent();
    }
    match limit.0.check_key(&client(&request)) {
        Ok(()) => next.run(request).await,
        Err(not_until) => {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            let error = AppError::RateLimited {
                retry_after: seconds.max(1),
            };
            // GraphQL clients read errors in GraphQL's shape.
            let mut response = if request.uri().path() == "/graphql" {
                let id = request
                    .headers()
                    .get(REQUEST_ID)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("-");
                error.graphql_response(id)
            } else {
                error.into_response()
            };
            if let Ok(value) = HeaderValue::from_str(&seconds.max(1).to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            response
        }
    }
}
