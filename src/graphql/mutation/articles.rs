//! Article mutations: editors and admins.

use async_graphql::{Context, ID, Object, Result};
use chrono::{DateTime, Utc};

use crate::content::editorial::{self, CreateArticleInput, Transition, UpdateArticleInput};
use crate::graphql::mutation::prepare;
use crate::graphql::types::Article;

/// Article mutations.
#[derive(Default)]
pub struct ArticleMutation;

#[Object]
impl ArticleMutation {
    /// Creates a draft (editor). The slug is derived from the title when not given.
    async fn create_article(&self, ctx: &Context<'_>, input: CreateArticleInput) -> Result<Article> {
        let (db, viewer) = crate::graphql::request_data(ctx)?;
        Ok(Article(editorial::create_article(db, viewer, input).await?))
    }

    /// Changes the fields given in `input` (editor). With `expectedVersion`, fails with
    /// `CONFLICT` (writing nothing) if the article changed since that version.
    async fn update_article(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: UpdateArticleInput,
        expected_version: Option<i32>,
    ) -> Result<Article> {
        let (db, viewer, id) = prepare(ctx, &id, "id")?;
        Ok(Article(
            editorial::update_article(db, viewer, id, input, expected_version).await?,
        ))
    }

    /// Publishes an article at `at` (default now; editor). A future `at` schedules it: it
    /// becomes public at that time, with no job to run.
    async fn publish_article(
        &self,
        ctx: &Context<'_>,
        id: ID,
        at: Option<DateTime<Utc>>,
        expected_version: Option<i32>,
    ) -> Result<Article> {
        let (db, viewer, id) = prepare(ctx, &id, "id")?;
        let step = Transition::Publish(at);
        Ok(Article(
            editorial::transition(db, viewer, id, step, expected_version).await?,
        ))
    }

    /// Takes an article back to `DRAFT` (editor).
    async fn unpublish_article(&self, ctx: &Context<'_>, id: ID, expected_version: Option<i32>) -> Result<Article> {
        let (db, viewer, id) = prepare(ctx, &id, "id")?;
        let step = Transition::Unpublish;
        Ok(Article(
            editorial::transition(db, viewer, id, step, expected_version).await?,
        ))
    }

    /// Archives an article: out of public reads, kept for editors (editor).
    async fn archive_article(&self, ctx: &Context<'_>, id: ID, expected_version: Option<i32>) -> Result<Article> {
        let (db, viewer, id) = prepare(ctx, &id, "id")?;
        let step = Transition::Archive;
        Ok(Article(
            editorial::transition(db, viewer, id, step, expected_version).await?,
        ))
    }

    /// Withdraws (kills) an article (editor): its text is no longer served publicly, but
    /// looking it up by id or slug answers `WITHDRAWN` with the public `reason`, so apps
    /// that cached it can replace it.
    async fn withdraw_article(
        &self,
        ctx: &Context<'_>,
        id: ID,
        reason: String,
        expected_version: Option<i32>,
    ) -> Result<Article> {
        let (db, viewer, id) = prepare(ctx, &id, "id")?;
        let step = Transition::Withdraw(reason);
        Ok(Article(
            editorial::transition(db, viewer, id, step, expected_version).await?,
        ))
    }

    /// Appends a public correction to an article (editor).
    async fn add_correction(
        &self,
        ctx: &Context<'_>,
        id: ID,
        text: String,
        expected_version: Option<i32>,
    ) -> Result<Article> {
        let (db, viewer, id) = prepare(ctx, &id, "id")?;
        Ok(Article(
            editorial::add_correction(db, viewer, id, &text, expected_version).await?,
        ))
    }

    /// Restores the content of an earlier revision as a new version (editor). Status,
    /// times and slug stay as they are.
    async fn revert_article(
        &self,
        ctx: &Context<'_>,
        id: ID,
        revision: ID,
        expected_version: Option<i32>,
    ) -> Result<Article> {
        let (db, viewer, id) = prepare(ctx, &id, "id")?;
        let (_, _, revision) = prepare(ctx, &revision, "revision")?;
        Ok(Article(
            editorial::revert_article(db, viewer, id, revision, expected_version).await?,
        ))
    }

    /// Deletes an article with its revisions and corrections (editor); returns its id.
    async fn delete_article(&self, ctx: &Context<'_>, id: ID, expected_version: Option<i32>) -> Result<ID> {
        let (db, viewer, id) = prepare(ctx, &id, "id")?;
        let deleted = editorial::delete_article(db, viewer, id, expected_version).await?;
        Ok(ID(deleted.to_string()))
    }
}
