//! Building the schema with its limits.

use async_graphql::{EmptySubscription, Schema};

use crate::config::ApiConfig;
use crate::graphql::errors::ErrorCodes;
use crate::graphql::mutation::Mutation;
use crate::graphql::query::Query;
use crate::graphql::transport::{PersistedQueries, ReadOnlyGet};
use crate::graphql::types::Node;

/// Gazette's GraphQL schema.
pub type GazetteSchema = Schema<Query, Mutation, EmptySubscription>;

/// Depth allowed to queries that only introspect: GraphiQL's and codegen tools' standard
/// introspection query nests `ofType` deeper than data queries need.
const INTROSPECTION_DEPTH: usize = 20;

/// Builds the schema with the configured depth and complexity limits, persisting queries
/// in `persisted`.
pub fn build_schema(config: &ApiConfig, persisted: &PersistedQueries) -> GazetteSchema {
    build(config, config.max_query_depth, persisted)
}

/// The schema for introspection-only queries: the same, with a depth limit that lets the
/// standard introspection query through (complexity still applies). `None` when
/// introspection is off.
pub fn build_introspection_schema(config: &ApiConfig, persisted: &PersistedQueries) -> Option<GazetteSchema> {
    config
        .introspection
        .then(|| build(config, INTROSPECTION_DEPTH.max(config.max_query_depth), persisted))
}

fn build(config: &ApiConfig, depth: usize, persisted: &PersistedQueries) -> GazetteSchema {
    let mut builder = Schema::build(Query::default(), Mutation::default(), EmptySubscription)
        .register_output_type::<Node>()
        .limit_depth(depth)
        .limit_complexity(config.max_query_complexity)
        // First, so that it labels what the others refuse.
        .extension(ErrorCodes)
        .extension(persisted.extension())
        .extension(ReadOnlyGet);
    if !config.introspection {
        builder = builder.disable_introspection();
    }
    builder.finish()
}

/// Whether every operation of `query` selects only introspection fields (`__schema`,
/// `__type`, `__typename`) at its root.
pub fn is_introspection_only(query: &str) -> bool {
    use async_graphql::parser::types::Selection;
    // Cheap test first: most requests are data queries.
    if !query.contains("__schema") && !query.contains("__type") {
        return false;
    }
    let Ok(doc) = async_graphql::parser::parse_query(query) else {
        return false;
    };
    doc.operations.iter().all(|(_, op)| {
        op.node.selection_set.node.items.iter().all(|item| match &item.node {
            Selection::Field(field) => field.node.name.node.starts_with("__"),
            _ => false,
        })
    })
}

/// The schema in SDL, as checked in at `schema.graphql`.
pub fn sdl() -> String {
    build_schema(&ApiConfig::default(), &PersistedQueries::default()).sdl()
}
