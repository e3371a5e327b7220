//! Placeholder for the demo generator while it is written.
/// How many articles `gazette demo` loads by default.
pub const DEFAULT_ARTICLES: usize = 300;
/// What was loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoReport {
    /// Sources.
    pub sources: usize,
    /// Tags.
    pub tags: usize,
    /// Articles.
    pub articles: usize,
}
/// Loads nothing yet.
pub async fn load(
    _db: &sea_orm::DatabaseConnection,
    _articles: usize,
    _now: chrono::DateTime<chrono::Utc>,
) -> crate::error::AppResult<DemoReport> {
    Ok(DemoReport {
        sources: 0,
        tags: 0,
        articles: 0,
    })
}
