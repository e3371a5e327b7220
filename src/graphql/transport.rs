//! What GraphQL needs to be cacheable over HTTP: Automatic Persisted Queries and read-only
//! `GET`.
//!
//! - APQ (Apollo's protocol, `extensions.persistedQuery.sha256Hash`) is async-graphql's own
//!   extension over an in-memory LRU shared by both schemas. A client first sends only the
//!   hash — a short `GET` URL a CDN can cache; on `PERSISTED_QUERY_NOT_FOUND` it sends the
//!   query with the hash once. Each replica keeps its own cache, which the protocol expects.
//! - A mutation must never run because a crawler or a prefetching CDN followed a link:
//!   [`ReadOnlyGet`] refuses any document holding a mutation when the request came by
//!   `GET`, before anything runs.

use std::sync::Arc;

use async_graphql::extensions::apollo_persisted_queries::{ApolloPersistedQueries, LruCacheStorage};
use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextParseQuery};
use async_graphql::parser::types::{ExecutableDocument, OperationType};
use async_graphql::{ServerError, ServerResult, Variables};

/// Persisted queries kept per process.
const PERSISTED_QUERIES: usize = 4096;

/// The persisted-query store, shared by the schemas of one server.
#[derive(Clone)]
pub struct PersistedQueries(LruCacheStorage);

impl Default for PersistedQueries {
    fn default() -> Self {
        Self(LruCacheStorage::new(PERSISTED_QUERIES))
    }
}

impl PersistedQueries {
    /// The schema extension over this store.
    pub fn extension(&self) -> ApolloPersistedQueries<LruCacheStorage> {
        ApolloPersistedQueries::new(self.0.clone())
    }
}

/// Request data marking a request that came by `GET`.
pub struct OverGet;

/// The message of the refusal; the HTTP handler answers it with `405`.
pub const MUTATION_OVER_GET: &str = "mutations are not allowed over GET: send them with POST";

/// Refuses documents with a mutation in requests marked [`OverGet`].
pub struct ReadOnlyGet;

impl ExtensionFactory for ReadOnlyGet {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(ReadOnlyGet)
    }
}

#[async_graphql::async_trait::async_trait]
impl Extension for ReadOnlyGet {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let document = next.run(ctx, query, variables).await?;
        let has_mutation = document
            .operations
            .iter()
            .any(|(_, op)| op.node.ty == OperationType::Mutation);
        if has_mutation && ctx.data_opt::<OverGet>().is_some() {
            let mut error = ServerError::new(MUTATION_OVER_GET, None);
            error
                .extensions
                .get_or_insert_with(Default::default)
                .set("code", "BAD_USER_INPUT");
            return Err(error);
        }
        Ok(document)
    }
}
