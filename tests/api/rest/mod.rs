//! The JSON door under `/api/v1`.

mod writes;
