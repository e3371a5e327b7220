//! SeaORM entities, one file per table. Rows never leave the content layer as API types:
//! `content/` turns them into domain models, and the doors wrap those.

pub mod api_key;
pub mod article;
pub mod article_correction;
pub mod article_revision;
pub mod article_tag;
pub mod source;
pub mod tag;
