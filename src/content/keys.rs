//! API keys: created with a role and shown once, stored only as a hash, listed without the
//! secret, revoked by name or id, and checked on every request that presents one.
//!
//! A key is `gz_live_` followed by 43 base64url characters: 256 random bits from the
//! operating system. The prefix makes leaked keys greppable (secret scanners, logs). Only
//! the hex SHA-256 of the whole key is stored. A fast hash is enough here, unlike for
//! passwords: the input has 256 bits of entropy, so there is nothing to brute-force, and a
//! slow hash would cost every request. Lookup is by hash, so timing reveals at most how a
//! hash compares, never the key; the final comparison is constant-time all the same.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use uuid::Uuid;

use crate::content::visibility::{Role, Viewer};
use crate::entities::api_key;
use crate::error::{AppError, AppResult};

/// What every key starts with.
pub const KEY_PREFIX: &str = "gz_live_";
/// Random bytes in a key.
const KEY_BYTES: usize = 32;
/// `last_used_at` is refreshed at most this often, so that reads do not all write.
const LAST_USED_GRANULARITY: Duration = Duration::minutes(1);

/// An API key as listed: everything but the secret.
#[derive(Clone, Debug)]
pub struct ApiKey {
    /// UUIDv7.
    pub id: Uuid,
    /// Unique name.
    pub name: String,
    /// What the key may do.
    pub role: Role,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last use (to the minute).
    pub last_used_at: Option<DateTime<Utc>>,
    /// Revocation time, if revoked.
    pub revoked_at: Option<DateTime<Utc>>,
}

impl TryFrom<api_key::Model> for ApiKey {
    type Error = AppError;

    fn try_from(m: api_key::Model) -> AppResult<Self> {
        let role = Role::parse(&m.role)
            .ok_or_else(|| AppError::internal(anyhow::anyhow!("key {} has role {:?}", m.id, m.role)))?;
        Ok(Self {
            id: m.id,
            name: m.name,
            role,
            created_at: m.created_at,
            last_used_at: m.last_used_at,
            revoked_at: m.revoked_at,
        })
    }
}

/// A key just created: the secret exists only here and is shown once.
pub struct NewKey {
    /// The stored key.
    pub key: ApiKey,
    /// The secret to hand to the client.
    pub secret: String,
}

/// Hex SHA-256 of a presented key.
fn hash(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether `name` is a valid key name: 1–100 of `A-Z a-z 0-9 . _ -`, so it prints and
/// greps cleanly in audit fields and logs.
fn check_name(name: &str) -> AppResult<()> {
    let ok = (1..=100).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
    if ok {
        Ok(())
    } else {
        Err(AppError::bad_field(
            "name",
            "a key name is 1 to 100 letters, digits, '.', '_' or '-'",
        ))
    }
}

/// Creates a key named `name` with `role`. Names are unique (`CONFLICT`), revoked keys
/// included, so audit fields stay unambiguous.
pub async fn create(db: &impl ConnectionTrait, name: &str, role: Role, now: DateTime<Utc>) -> AppResult<NewKey> {
    check_name(name)?;
    let mut random = [0u8; KEY_BYTES];
    getrandom::fill(&mut random).map_err(|e| AppError::internal(anyhow::anyhow!("no system randomness: {e}")))?;
    let secret = format!("{KEY_PREFIX}{}", URL_SAFE_NO_PAD.encode(random));
    let exists = api_key::Entity::find()
        .filter(api_key::Column::Name.eq(name))
        .one(db)
        .await?
        .is_some();
    if exists {
        return Err(AppError::Conflict {
            message: format!("a key named {name:?} exists already (names stay taken after revocation)"),
            field: Some("name".into()),
        });
    }
    let key = ApiKey {
        id: Uuid::now_v7(),
        name: name.to_string(),
        role,
        created_at: now,
        last_used_at: None,
        revoked_at: None,
    };
    let model = api_key::ActiveModel {
        id: Set(key.id),
        name: Set(key.name.clone()),
        role: Set(role.as_str().to_string()),
        hash: Set(hash(&secret)),
        created_at: Set(now),
        last_used_at: Set(None),
        revoked_at: Set(None),
    };
    api_key::Entity::insert(model).exec_without_returning(db).await?;
    Ok(NewKey { key, secret })
}

/// Every key, oldest first, without secrets.
pub async fn list(db: &impl ConnectionTrait) -> AppResult<Vec<ApiKey>> {
    api_key::Entity::find()
        .order_by_asc(api_key::Column::CreatedAt)
        .order_by_asc(api_key::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(ApiKey::try_from)
        .collect()
}

/// Revokes the key with this name or id; revoking twice keeps the first time.
pub async fn revoke(db: &impl ConnectionTrait, name_or_id: &str, now: DateTime<Utc>) -> AppResult<ApiKey> {
    let by = match Uuid::parse_str(name_or_id) {
        Ok(id) => api_key::Column::Id.eq(id),
        Err(_) => api_key::Column::Name.eq(name_or_id),
    };
    let model = api_key::Entity::find()
        .filter(by)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("key", name_or_id))?;
    if model.revoked_at.is_none() {
        api_key::Entity::update_many()
            .col_expr(api_key::Column::RevokedAt, Expr::value(now))
            .filter(api_key::Column::Id.eq(model.id))
            .exec(db)
            .await?;
    }
    let mut key = ApiKey::try_from(model)?;
    key.revoked_at.get_or_insert(now);
    Ok(key)
}

/// The viewer for a presented key at `now`: `UNAUTHENTICATED` for a malformed, unknown or
/// revoked key. The error never repeats the key.
pub async fn authenticate(db: &impl ConnectionTrait, secret: &str, now: DateTime<Utc>) -> AppResult<Viewer> {
    let unknown = || AppError::Unauthenticated("unknown or revoked API key".into());
    let well_formed = secret.len() == KEY_PREFIX.len() + 43
        && secret.starts_with(KEY_PREFIX)
        && secret
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'));
    if !well_formed {
        return Err(AppError::Unauthenticated(format!(
            "malformed API key: keys look like {KEY_PREFIX}…"
        )));
    }
    let presented = hash(secret);
    let model = api_key::Entity::find()
        .filter(api_key::Column::Hash.eq(presented.as_str()))
        .one(db)
        .await?
        .ok_or_else(unknown)?;
    if !bool::from(model.hash.as_bytes().ct_eq(presented.as_bytes())) || model.revoked_at.is_some() {
        return Err(unknown());
    }
    let key = ApiKey::try_from(model)?;
    if key.last_used_at.is_none_or(|t| now - t >= LAST_USED_GRANULARITY) {
        api_key::Entity::update_many()
            .col_expr(api_key::Column::LastUsedAt, Expr::value(now))
            .filter(api_key::Column::Id.eq(key.id))
            .exec(db)
            .await?;
    }
    Ok(Viewer::with_key(now, key.name, key.role))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_names() {
        assert!(check_name("cms").is_ok());
        assert!(check_name("ci-bot_2.0").is_ok());
        for bad in ["", "has space", "ünï", &"x".repeat(101)] {
            assert_eq!(check_name(bad).unwrap_err().field(), Some("name"), "{bad:?}");
        }
    }

    #[test]
    fn hashes_are_hex_sha256() {
        assert_eq!(
            hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
