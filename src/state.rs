//! Shared application state, cloned into every handler and into the GraphQL schema.

use std::sync::Arc;

use chrono::{DateTime, SubsecRound, Utc};
use sea_orm::DatabaseConnection;

use crate::config::ApiConfig;

/// Where "now" comes from. Visibility depends on the time (scheduled articles appear on
/// time without a job), so tests inject a fixed clock instead of sleeping.
#[derive(Clone, Debug, Default)]
pub enum Clock {
    /// The system clock.
    #[default]
    System,
    /// A fixed instant (tests).
    Fixed(DateTime<Utc>),
}

impl Clock {
    /// The current time.
    pub fn now(&self) -> DateTime<Utc> {
        match self {
            // Microseconds: what every backend stores, so a time written is the time read back.
            Clock::System => Utc::now().trunc_subsecs(6),
            Clock::Fixed(t) => *t,
        }
    }
}

/// Everything a request needs.
#[derive(Clone)]
pub struct AppState {
    /// The database pool.
    pub db: DatabaseConnection,
    /// API limits and switches.
    pub config: Arc<ApiConfig>,
    /// The clock that visibility uses.
    pub clock: Clock,
    /// The GraphQL schema, built once.
    pub schema: crate::graphql::GazetteSchema,
    /// The schema for introspection-only queries (a higher depth limit); `None` when
    /// introspection is off.
    pub introspection_schema: Option<crate::graphql::GazetteSchema>,
}

impl AppState {
    /// Builds the state (and the GraphQL schema) for a connected, migrated database.
    pub fn new(db: DatabaseConnection, config: ApiConfig, clock: Clock) -> Self {
        let persisted = crate::graphql::transport::PersistedQueries::default();
        let schema = crate::graphql::build_schema(&config, &persisted);
        let introspection_schema = crate::graphql::build_introspection_schema(&config, &persisted);
        Self {
            db,
            config: Arc::new(config),
            clock,
            schema,
            introspection_schema,
        }
    }
}
