//! Gives every GraphQL error a stable `extensions.code`.
//!
//! Resolver errors get theirs from the [`AppError`] they carry as source. Errors raised by
//! async-graphql itself carry none, so this extension labels them where they arise:
//! persisted queries (`PERSISTED_QUERY_NOT_FOUND` for an unknown hash, Apollo clients'
//! signal to send the query; `BAD_USER_INPUT` for a hash that does not match the query),
//! parsing (`GRAPHQL_PARSE_FAILED`), validation (`GRAPHQL_VALIDATION_FAILED`, or
//! `QUERY_TOO_COMPLEX` for the depth and complexity limits) and argument coercion
//! during execution (`BAD_USER_INPUT`); anything else is `INTERNAL_SERVER_ERROR`.

use std::sync::Arc;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextExecute, NextParseQuery, NextPrepareRequest, NextValidation,
};
use async_graphql::parser::types::ExecutableDocument;
use async_graphql::{Request, Response, ServerError, ServerResult, ValidationResult, Variables};

use crate::error::AppError;

/// The extension factory registered on the schema.
pub struct ErrorCodes;

impl ExtensionFactory for ErrorCodes {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(ErrorCodesExtension)
    }
}

struct ErrorCodesExtension;

fn label(mut error: ServerError, code: &str) -> ServerError {
    let extensions = error.extensions.get_or_insert_with(Default::default);
    if extensions.get("code").is_none() {
        extensions.set("code", code);
    }
    error
}

/// async-graphql's own messages for its two limits.
fn is_limit_error(error: &ServerError) -> bool {
    error.message.starts_with("Query is too complex") || error.message.starts_with("Query is nested too deep")
}

#[async_graphql::async_trait::async_trait]
impl Extension for ErrorCodesExtension {
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        next.run(ctx, request).await.map_err(|e| {
            // async-graphql's APQ extension reports an unknown hash by this message.
            let code = if e.message == "PersistedQueryNotFound" {
                "PERSISTED_QUERY_NOT_FOUND"
            } else {
                "BAD_USER_INPUT"
            };
            label(e, code)
        })
    }

    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        next.run(ctx, query, variables)
            .await
            .map_err(|e| label(e, "GRAPHQL_PARSE_FAILED"))
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        next.run(ctx).await.map_err(|errors| {
            errors
                .into_iter()
                .map(|e| {
                    let code = if is_limit_error(&e) {
                        "QUERY_TOO_COMPLEX"
                    } else {
                        "GRAPHQL_VALIDATION_FAILED"
                    };
                    label(e, code)
                })
                .collect()
        })
    }

    async fn execute(
        &self,
        ctx: &ExtensionContext<'_>,
        operation_name: Option<&str>,
        next: NextExecute<'_>,
    ) -> Response {
        let mut response = next.run(ctx, operation_name).await;
        // Errors of ours carry an AppError as their source, which knows its code.
        // async-graphql's own are argument values it could not coerce (a malformed
        // DateTime, say); anything else is a bug.
        response.errors = response
            .errors
            .into_iter()
            .map(|mut e| {
                if let Some(app) = e.source::<AppError>().cloned() {
                    if let Some(field) = app.field() {
                        e.extensions.get_or_insert_with(Default::default).set("field", field);
                    }
                    return label(e, app.code());
                }
                let coercion = e.message.starts_with("Failed to parse") || e.message.starts_with("Invalid value");
                label(
                    e,
                    if coercion {
                        "BAD_USER_INPUT"
                    } else {
                        "INTERNAL_SERVER_ERROR"
                    },
                )
            })
            .collect();
        response
    }
}
