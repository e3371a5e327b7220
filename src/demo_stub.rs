//! temporary
pub const DEFAULT_ARTICLES: usize = 300;
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoReport {
    pub sources: usize,
    pub tags: usize,
    pub articles: usize,
}
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
