//! Who may see which articles. Every article query, count and nested connection goes
//! through [`Viewer::article_condition`], so the rule lives here once.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Condition, Expr, ExprTrait};

use crate::content::articles::ArticleStatus;
use crate::entities::article;

/// The caller of a request and the instant it is served at.
///
/// Anonymous callers see only `PUBLISHED` articles whose `publishedAt` is not in the future,
/// so scheduled articles appear on time without a job. Roles that see more (editors) will be
/// added here with the write API.
#[derive(Clone, Debug)]
pub struct Viewer {
    now: DateTime<Utc>,
}

impl Viewer {
    /// An anonymous caller at `now`.
    pub fn anonymous(now: DateTime<Utc>) -> Self {
        Self { now }
    }

    /// The instant the request is served at.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// Whether this viewer may see articles that are not published (drafts, scheduled,
    /// archived). When true, `published_at` may be null in what they see.
    pub fn sees_unpublished(&self) -> bool {
        false
    }

    /// The condition an article row must meet to be visible to this viewer.
    pub fn article_condition(&self) -> Condition {
        Condition::all()
            .add(Expr::col((article::Entity, article::Column::Status)).eq(ArticleStatus::Published.as_str()))
            .add(Expr::col((article::Entity, article::Column::PublishedAt)).lte(self.now))
    }
}
