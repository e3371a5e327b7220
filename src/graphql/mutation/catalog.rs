//! Source and tag mutations: admins.

use async_graphql::{Context, ID, Object, Result};

use crate::content::admin::{self, CreateSourceInput, CreateTagInput, UpdateSourceInput, UpdateTagInput};
use crate::graphql::mutation::prepare;
use crate::graphql::types::{Source, Tag};

/// Source and tag mutations.
#[derive(Default)]
pub struct CatalogMutation;

#[Object]
impl CatalogMutation {
    /// Creates a source (admin).
    async fn create_source(&self, ctx: &Context<'_>, input: CreateSourceInput) -> Result<Source> {
        let (db, viewer) = crate::graphql::request_data(ctx)?;
        Ok(Source(admin::create_source(db, viewer, input).await?))
    }

    /// Changes the fields given in `input` (admin).
    async fn update_source(&self, ctx: &Context<'_>, id: ID, input: UpdateSourceInput) -> Result<Source> {
        let (db, viewer, id) = prepare(ctx, &id, "id")?;
        Ok(Source(admin::update_source(db, viewer, id, input).await?))
    }

    /// Deletes a source (admin); returns its id. A source that still has articles is
    /// refused with `CONFLICT` unless `force`, which detaches them first.
    async fn delete_source(&self, ctx: &Context<'_>, id: ID, #[graphql(default)] force: bool) -> Result<ID> {
        let (db, viewer, id) = prepare(ctx, &id, "id")?;
        Ok(ID(admin::delete_source(db, viewer, id, force).await?.to_string()))
    }

    /// Creates a tag (admin).
    async fn create_tag(&self, ctx: &Context<'_>, input: CreateTagInput) -> Result<Tag> {
        let (db, viewer) = crate::graphql::request_data(ctx)?;
        Ok(Tag(admin::create_tag(db, viewer, input).await?))
    }

    /// Changes the fields given in `input` (admin).
    async fn update_tag(&self, ctx: &Context<'_>, id: ID, input: UpdateTagInput) -> Result<Tag> {
        let (db, viewer, id) = prepare(ctx, &id, "id")?;
        Ok(Tag(admin::update_tag(db, viewer, id, input).await?))
    }

    /// Deletes a tag and its links to articles (admin); returns its id.
    async fn delete_tag(&self, ctx: &Context<'_>, id: ID) -> Result<ID> {
        let (db, viewer, id) = prepare(ctx, &id, "id")?;
        Ok(ID(admin::delete_tag(db, viewer, id).await?.to_string()))
    }

    /// Merges tag `from` into tag `into` (admin): `from`'s articles get `into` (once), its
    /// name and aliases become aliases of `into`, and `from` is deleted. Returns `into`.
    async fn merge_tags(&self, ctx: &Context<'_>, from: ID, into: ID) -> Result<Tag> {
        let (db, viewer, from) = prepare(ctx, &from, "from")?;
        let (_, _, into) = prepare(ctx, &into, "into")?;
        Ok(Tag(admin::merge_tags(db, viewer, from, into).await?))
    }
}
