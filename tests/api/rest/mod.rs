//! The REST door under `/api/v1`: reads per resource, writes, and the OpenAPI document.

mod articles;
mod catalog;
mod openapi;
mod writes;
