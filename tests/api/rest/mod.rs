//! The REST door under `/api/v1`, one file per resource.

mod articles;
mod catalog;
mod openapi;
