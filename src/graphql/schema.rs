//! Building the schema with its limits.

use async_graphql::{EmptyMutation, EmptySubscription, Schema};

use crate::config::ApiConfig;
use crate::graphql::errors::ErrorCodes;
use crate::graphql::query::Query;
use crate::graphql::types::Node;

/// Gazette's GraphQL schema.
pub type GazetteSchema = Schema<Query, EmptyMutation, EmptySubscription>;

/// Builds the schema with the configured depth and complexity limits.
pub fn build_schema(config: &ApiConfig) -> GazetteSchema {
    let mut builder = Schema::build(Query::default(), EmptyMutation, EmptySubscription)
        .register_output_type::<Node>()
        .limit_depth(config.max_query_depth)
        .limit_complexity(config.max_query_complexity)
        .extension(ErrorCodes);
    if !config.introspection {
        builder = builder.disable_introspection();
    }
    builder.finish()
}

/// The schema in SDL, as checked in at `schema.graphql`.
pub fn sdl() -> String {
    build_schema(&ApiConfig::default()).sdl()
}
