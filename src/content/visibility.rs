//! Who may see and do what. Every article query, count and nested connection goes through
//! [`Viewer::article_condition`] (lists) or [`Viewer::lookup_condition`] (one article by id
//! or slug), and every write through [`Viewer::require`], so each rule lives here once.

use async_graphql::Enum;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Condition, Expr, ExprTrait};

use crate::content::articles::ArticleStatus;
use crate::entities::article;
use crate::error::{AppError, AppResult};

/// What an API key may do. Each role includes the ones before it.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// Reads published content (for deployments that turn public reads off).
    Reader,
    /// Also sees drafts, scheduled, archived and expired articles, and writes articles.
    Editor,
    /// Also manages sources and tags.
    Admin,
}

impl Role {
    /// The name stored in the database and used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Reader => "reader",
            Self::Editor => "editor",
            Self::Admin => "admin",
        }
    }

    /// Parses a stored or typed role name.
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Reader, Self::Editor, Self::Admin]
            .into_iter()
            .find(|r| r.as_str() == s)
    }
}

/// The caller of a request (anonymous, or the API key it presented) and the instant it is
/// served at.
///
/// Anonymous callers and readers see only `PUBLISHED` articles whose `publishedAt` is not in
/// the future and whose `expiresAt` is not in the past, so scheduled articles appear and
/// expiring agency copy disappears on time without a job. Editors and admins see every
/// article; their status filters then choose.
#[derive(Clone, Debug)]
pub struct Viewer {
    now: DateTime<Utc>,
    key: Option<(String, Role)>,
}

impl Viewer {
    /// An anonymous caller at `now`.
    pub fn anonymous(now: DateTime<Utc>) -> Self {
        Self { now, key: None }
    }

    /// A caller holding the key named `name` with `role`, at `now`.
    pub fn with_key(now: DateTime<Utc>, name: impl Into<String>, role: Role) -> Self {
        Self {
            now,
            key: Some((name.into(), role)),
        }
    }

    /// The instant the request is served at.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// The caller's role, if it presented a key.
    pub fn role(&self) -> Option<Role> {
        self.key.as_ref().map(|(_, role)| *role)
    }

    /// The name of the caller's key: what `createdBy`/`updatedBy` record.
    pub fn key_name(&self) -> Option<&str> {
        self.key.as_ref().map(|(name, _)| name.as_str())
    }

    /// Whether this viewer sees articles that are not public (drafts, scheduled, archived,
    /// expired, and the full text of withdrawn ones). When true, `published_at` may be null
    /// in what they see.
    pub fn sees_unpublished(&self) -> bool {
        self.role() >= Some(Role::Editor)
    }

    /// Fails unless the caller has at least `role`: `UNAUTHENTICATED` without a key,
    /// `FORBIDDEN` with a key of a smaller role.
    pub fn require(&self, role: Role) -> AppResult<()> {
        match self.role() {
            Some(have) if have >= role => Ok(()),
            Some(have) => Err(AppError::Forbidden(format!(
                "this needs a key with the {} role; this key has the {} role",
                role.as_str(),
                have.as_str()
            ))),
            None => Err(AppError::Unauthenticated(format!(
                "this needs an API key with the {} role (Authorization: Bearer <key>)",
                role.as_str()
            ))),
        }
    }

    /// The condition an article row must meet to appear in this viewer's lists and counts.
    pub fn article_condition(&self) -> Condition {
        if self.sees_unpublished() {
            return Condition::all();
        }
        public_condition(self.now)
    }

    /// The condition for looking up one article by id or slug: what lists show, and also
    /// withdrawn articles, so that apps which cached a killed story learn that it was
    /// withdrawn and why (their text is not served, see `Article::for_viewer`).
    pub fn lookup_condition(&self) -> Condition {
        if self.sees_unpublished() {
            return Condition::all();
        }
        Condition::any()
            .add(public_condition(self.now))
            .add(Expr::col((article::Entity, article::Column::Status)).eq(ArticleStatus::Withdrawn.as_str()))
    }
}

/// Public articles at `now`: published (or scheduled for a time that has come) and not
/// expired.
fn public_condition(now: DateTime<Utc>) -> Condition {
    let expires = Expr::col((article::Entity, article::Column::ExpiresAt));
    Condition::all()
        .add(crate::content::articles::status_condition(
            ArticleStatus::Published,
            now,
        ))
        .add(Condition::any().add(expires.clone().is_null()).add(expires.gt(now)))
}
