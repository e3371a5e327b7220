//! Extractors of the REST writes: the editor's key, `If-Match`, and [`JsonBody`], the JSON
//! body extractor that answers bad bodies in Gazette's error format (naming the field at
//! fault), with [`rest_body_field`] for the content layer's field names.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, OptionalFromRequest, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use serde::Deserializer;
use serde::de::{DeserializeOwned, DeserializeSeed, MapAccess, Visitor};
use serde_json::Value;

use crate::auth::Caller;
use crate::content::{Role, Viewer};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

// ---------------------------------------------------------------------------------------
// Who may write, and on which version.

/// The caller of an article write: a key with the editor role. No key or a bad one is `401`,
/// another role `403`, both before the body is read.
pub struct Editor(pub Viewer);

impl FromRequestParts<AppState> for Editor {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> AppResult<Self> {
        let Caller(viewer) = Caller::from_request_parts(parts, state).await?;
        viewer.require(Role::Editor)?;
        Ok(Self(viewer))
    }
}

/// The version an article write expects, from `If-Match`; `None` without the header or with
/// `*`.
pub struct IfMatch(pub Option<i32>);

/// `If-Match` as the OpenAPI document lists it.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Header)]
pub struct IfMatchHeader {
    /// The article's `version` as read (`3`, `"3"`, `W/"3"`, or an entity tag starting with
    /// `3-`): the write fails with `412` if the article has changed since. `*` or no header:
    /// write whatever the version.
    #[param(rename = "If-Match")]
    pub if_match: Option<String>,
}

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> AppResult<Self> {
        let Some(value) = parts.headers.get(header::IF_MATCH) else {
            return Ok(Self(None));
        };
        let text = value.to_str().unwrap_or_default().trim();
        expected_version(text).map(Self).ok_or_else(|| {
            AppError::bad_field(
                "If-Match",
                format!("`If-Match` must be the article's version (3, \"3\" or W/\"3\") or *, not {text:?}"),
            )
        })
    }
}

/// `*` → `Some(None)`; `3`, `"3"`, `W/"3"`, `"3-…"` → `Some(Some(3))`; anything else `None`.
fn expected_version(value: &str) -> Option<Option<i32>> {
    if value == "*" {
        return Some(None);
    }
    let tag = value.strip_prefix("W/").unwrap_or(value);
    let tag = match tag.strip_prefix('"') {
        Some(quoted) => quoted.strip_suffix('"')?,
        None => tag,
    };
    let version = tag.split_once('-').map_or(tag, |(version, _)| version);
    if version.is_empty() || !version.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    version.parse().ok().map(Some)
}

/// Names the fields of the content layer's errors as a REST request spells them: body
/// fields without GraphQL's `input.` in front, and `If-Match` for the expected version.
pub fn rest_body_field(error: AppError) -> AppError {
    let rename = |message: String, field: String| match field.strip_prefix("input.") {
        Some(name) => (
            message.replace(&format!("`{field}`"), &format!("`{name}`")),
            name.to_string(),
        ),
        None => (message, field),
    };
    match error {
        AppError::BadUserInput {
            message,
            field: Some(field),
        } => {
            let (message, field) = rename(message, field);
            AppError::BadUserInput {
                message,
                field: Some(field),
            }
        }
        AppError::Conflict {
            message,
            field: Some(field),
        } => {
            let (message, field) = rename(message, field);
            AppError::Conflict {
                message,
                field: Some(field),
            }
        }
        AppError::VersionMismatch { expected, actual, .. } => AppError::VersionMismatch {
            expected,
            actual,
            field: "If-Match",
        },
        other => other,
    }
}

// ---------------------------------------------------------------------------------------
// JSON bodies.

/// A JSON request body of type `T`. A body over the server's limit is `413`; a body that is
/// not JSON, not sent as JSON, or does not fit `T` (a missing or unknown field, a wrong
/// type) is `400 BAD_USER_INPUT` naming the field at fault. As `Option<JsonBody<T>>`, an
/// empty body is `None`.
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for JsonBody<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &AppState) -> AppResult<Self> {
        match read(request, state).await? {
            Some(value) => parse(value).map(Self),
            None => Err(AppError::bad_input("this request needs a JSON body")),
        }
    }
}

impl<T: DeserializeOwned> OptionalFromRequest<AppState> for JsonBody<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &AppState) -> AppResult<Option<Self>> {
        read(request, state)
            .await?
            .map(|value| parse(value).map(Self))
            .transpose()
    }
}

/// The body as JSON; `None` when it is empty.
async fn read(request: Request, state: &AppState) -> AppResult<Option<Value>> {
    let is_json = is_json(request.headers());
    let bytes = Bytes::from_request(request, state).await.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::PayloadTooLarge {
                limit: state.config.max_body_bytes,
            }
        } else {
            AppError::bad_input(rejection.body_text())
        }
    })?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    if !is_json {
        return Err(AppError::bad_field(
            "Content-Type",
            "send the body as JSON, with `Content-Type: application/json`",
        ));
    }
    serde_json::from_slice(&bytes)
        .map(Some)
        .map_err(|e| AppError::bad_input(format!("the body is not valid JSON: {e}")))
}

/// Whether `Content-Type` is `application/json` or another `+json` type.
fn is_json(headers: &HeaderMap) -> bool {
    let Some(value) = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let mime = value.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    mime == "application/json" || (mime.starts_with("application/") && mime.ends_with("+json"))
}

/// `T` from a JSON object, naming the field at fault when it does not fit.
fn parse<T: DeserializeOwned>(value: Value) -> AppResult<T> {
    if !value.is_object() {
        return Err(AppError::bad_input("the body must be a JSON object"));
    }
    let mut fault = None;
    T::deserialize(Tracked {
        value,
        fault: &mut fault,
    })
    .map_err(|error| {
        let message = error.to_string();
        match fault {
            Some(Fault::Value(field)) => AppError::bad_field(field.clone(), format!("`{field}`: {message}")),
            Some(Fault::Key(field)) => AppError::bad_field(field, message),
            // serde names a missing field only in its message.
            None => match message
                .strip_prefix("missing field `")
                .and_then(|rest| rest.split_once('`'))
            {
                Some((field, _)) => AppError::bad_field(field, message.clone()),
                None => AppError::bad_input(message),
            },
        }
    })
}

/// Which member of the body serde refused.
enum Fault {
    /// An unknown name.
    Key(String),
    /// A value that does not fit its field.
    Value(String),
}

/// A JSON object handed to serde member by member, noting the member it fails on: serde's
/// own errors for a value say what was wrong but not where.
struct Tracked<'a> {
    value: Value,
    fault: &'a mut Option<Fault>,
}

impl<'de> Deserializer<'de> for Tracked<'_> {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.value {
            Value::Object(members) => visitor.visit_map(Members {
                members: members.into_iter(),
                pending: None,
                fault: self.fault,
            }),
            other => other.deserialize_any(visitor),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum
        identifier ignored_any
    }
}

struct Members<'a> {
    members: serde_json::map::IntoIter,
    pending: Option<(String, Value)>,
    fault: &'a mut Option<Fault>,
}

impl<'de> MapAccess<'de> for Members<'_> {
    type Error = serde_json::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Self::Error> {
        let Some((name, value)) = self.members.next() else {
            return Ok(None);
        };
        match seed.deserialize(Value::String(name.clone())) {
            Ok(key) => {
                self.pending = Some((name, value));
                Ok(Some(key))
            }
            Err(error) => {
                *self.fault = Some(Fault::Key(name));
                Err(error)
            }
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Self::Error> {
        let Some((name, value)) = self.pending.take() else {
            return Err(serde::de::Error::custom("a value without its name"));
        };
        seed.deserialize(value)
            .inspect_err(|_| *self.fault = Some(Fault::Value(name)))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.members.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::editorial::{CreateArticleInput, UpdateArticleInput};

    #[test]
    fn if_match_takes_versions_and_version_tags() {
        assert_eq!(expected_version("3"), Some(Some(3)));
        assert_eq!(expected_version("\"3\""), Some(Some(3)));
        assert_eq!(expected_version("W/\"3\""), Some(Some(3)));
        assert_eq!(expected_version("\"3-abc\""), Some(Some(3)));
        assert_eq!(expected_version("*"), Some(None));
        for bad in [
            "",
            "\"\"",
            "abc",
            "\"3",
            "3\"",
            "-3",
            "\"x-3\"",
            "3.0",
            "\"3\", \"4\"",
            "99999999999",
        ] {
            assert_eq!(expected_version(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn bodies_name_the_field_at_fault() {
        let field = |json: Value| {
            parse::<CreateArticleInput>(json)
                .err()
                .and_then(|e| e.field().map(String::from))
        };
        assert_eq!(field(serde_json::json!({ "language": "en" })).as_deref(), Some("title"));
        assert_eq!(
            field(serde_json::json!({ "title": "T", "language": "en", "colour": 1 })).as_deref(),
            Some("colour")
        );
        assert_eq!(
            field(serde_json::json!({ "title": 3, "language": "en" })).as_deref(),
            Some("title")
        );
        assert_eq!(
            field(serde_json::json!({ "title": "T", "language": "en", "tagSlugs": [1] })).as_deref(),
            Some("tagSlugs")
        );
        let update: UpdateArticleInput =
            parse(serde_json::json!({ "summary": null })).unwrap_or_else(|e| panic!("{e}"));
        assert!(update.summary.is_null() && update.subtitle.is_undefined());
    }
}
