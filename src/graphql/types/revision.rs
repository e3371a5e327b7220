//! `Correction`, `ArticleRevision` and its connection.

use async_graphql::{ID, Object, SimpleObject};
use chrono::{DateTime, Utc};

use crate::content::articles::{ArticleStatus, BodyFormat};
use crate::content::editorial;
use crate::content::pagination::Page;
use crate::error::AppError;
use crate::graphql::types::connection::PageInfo;

/// A correction published with an article.
pub struct Correction(pub editorial::Correction);

#[Object]
impl Correction {
    /// The correction's id.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    /// What readers are told.
    async fn text(&self) -> &str {
        &self.0.text
    }

    /// When it was added.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// An earlier state of an article, kept when it changed.
pub struct ArticleRevision(pub editorial::Revision);

#[Object]
impl ArticleRevision {
    /// The revision's id; pass it to `revertArticle`.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    /// The article's version in this state.
    async fn version(&self) -> i32 {
        self.0.version
    }

    /// When this state was replaced.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    /// Name of the key that replaced it.
    async fn created_by(&self) -> Option<&str> {
        self.0.created_by.as_deref()
    }

    /// When this state was written.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.fields.updated_at
    }

    /// Name of the key that wrote this state.
    async fn updated_by(&self) -> Option<&str> {
        self.0.fields.updated_by.as_deref()
    }

    /// URL name.
    async fn slug(&self) -> &str {
        &self.0.fields.slug
    }

    /// Headline.
    async fn title(&self) -> &str {
        &self.0.fields.title
    }

    /// Deck.
    async fn subtitle(&self) -> Option<&str> {
        self.0.fields.subtitle.as_deref()
    }

    /// Summary.
    async fn summary(&self) -> Option<&str> {
        self.0.fields.summary.as_deref()
    }

    /// The body as stored.
    async fn body(&self) -> &str {
        &self.0.fields.body
    }

    /// How the body is written.
    async fn body_format(&self) -> async_graphql::Result<BodyFormat> {
        self.0
            .fields
            .body_format()
            .ok_or_else(|| corrupt(&self.0, "body format"))
    }

    /// Author line.
    async fn byline(&self) -> Option<&str> {
        self.0.fields.byline.as_deref()
    }

    /// Language.
    async fn language(&self) -> &str {
        &self.0.fields.language
    }

    /// Status as stored then.
    async fn status(&self) -> async_graphql::Result<ArticleStatus> {
        self.0.fields.status().ok_or_else(|| corrupt(&self.0, "status"))
    }

    /// Publication time.
    async fn published_at(&self) -> Option<DateTime<Utc>> {
        self.0.fields.published_at
    }

    /// Expiry time.
    async fn expires_at(&self) -> Option<DateTime<Utc>> {
        self.0.fields.expires_at
    }

    /// URL at the publisher.
    async fn canonical_url(&self) -> Option<&str> {
        self.0.fields.canonical_url.as_deref()
    }

    /// The source's id.
    async fn source_id(&self) -> Option<ID> {
        self.0.fields.source_id.map(|id| ID(id.to_string()))
    }

    /// The tags' ids.
    async fn tag_ids(&self) -> Vec<ID> {
        self.0.fields.tag_ids.iter().map(|id| ID(id.to_string())).collect()
    }
}

fn corrupt(r: &editorial::Revision, what: &str) -> async_graphql::Error {
    AppError::internal(anyhow::anyhow!("revision {} has a bad {what}", r.id)).into()
}

/// One page of an article's revisions.
pub struct RevisionConnection(pub Page<editorial::Revision>);

/// A revision and its cursor.
#[derive(SimpleObject)]
pub struct ArticleRevisionEdge {
    /// Pass as `after` (or `before`) to continue from this revision.
    pub cursor: String,
    /// The revision.
    pub node: ArticleRevision,
}

#[Object]
impl RevisionConnection {
    /// The revisions on this page, each with its cursor.
    async fn edges(&self) -> Vec<ArticleRevisionEdge> {
        self.0
            .items
            .iter()
            .map(|(cursor, r)| ArticleRevisionEdge {
                cursor: cursor.clone(),
                node: ArticleRevision(r.clone()),
            })
            .collect()
    }

    /// The revisions on this page.
    async fn nodes(&self) -> Vec<ArticleRevision> {
        self.0.items.iter().map(|(_, r)| ArticleRevision(r.clone())).collect()
    }

    /// Where this page starts and ends.
    async fn page_info(&self) -> PageInfo {
        PageInfo::of(&self.0)
    }
}
