//! Who is calling: the `Authorization: Bearer <key>` header becomes the request's
//! [`Viewer`]. Every door calls [`viewer`]; what each role may do is decided in
//! `content/` ([`Viewer::require`], [`Viewer::article_condition`]).

use axum::http::{HeaderMap, header};

use crate::content::{Viewer, keys};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// The viewer for a request's headers: anonymous without `Authorization` (refused with
/// `UNAUTHENTICATED` when public reads are off), the key's viewer with a valid key, and
/// `UNAUTHENTICATED` for a malformed header or an unknown or revoked key.
pub async fn viewer(state: &AppState, headers: &HeaderMap) -> AppResult<Viewer> {
    let now = state.clock.now();
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return if state.config.public_read {
            Ok(Viewer::anonymous(now))
        } else {
            Err(AppError::Unauthenticated(
                "this server needs an API key to read: send `Authorization: Bearer <key>`".into(),
            ))
        };
    };
    let malformed = || AppError::Unauthenticated("malformed Authorization header: expected `Bearer <key>`".into());
    let value = value.to_str().map_err(|_| malformed())?;
    let (scheme, token) = value.trim().split_once(' ').ok_or_else(malformed)?;
    if !scheme.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
        return Err(malformed());
    }
    keys::authenticate(&state.db, token.trim(), now).await
}

/// The caller of a REST or feed request, as an extractor: the [`viewer`] of its headers, or
/// the `401` that a bad key earns.
pub struct Caller(pub Viewer);

impl axum::extract::FromRequestParts<AppState> for Caller {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &AppState) -> AppResult<Self> {
        viewer(state, &parts.headers).await.map(Caller)
    }
}
