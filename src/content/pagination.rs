//! Keyset pagination shared by every list: page sizes, opaque cursors, ordering.
//!
//! Pages are cut with `WHERE (sort key, id) > cursor` (never OFFSET underneath, except for
//! the explicit `offset` argument), ordered by the requested fields and then by id, so the
//! order is total and stable. A cursor is base64url of JSON holding the ordering's signature
//! and the sort key values of one row; a cursor from another list, another ordering, or a
//! garbled one is refused with `BAD_USER_INPUT`.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Condition, Expr, ExprTrait, IntoCondition};
use sea_orm::{
    ConnectionTrait, EntityTrait, FromQueryResult, Order, QueryFilter, QueryOrder, QuerySelect, Select, Value,
};
use serde_json::Value as Json;
use uuid::Uuid;

use crate::error::{AppError, AppResult};

/// Page size when neither `first` nor `last` is given.
pub const DEFAULT_PAGE_SIZE: u64 = 20;
/// Largest `first` or `last`.
pub const MAX_PAGE_SIZE: u64 = 100;
/// Largest `offset`.
pub const MAX_OFFSET: u64 = 10_000;

/// The paging arguments of a connection field, as the client sent them.
#[derive(Clone, Debug, Default)]
pub struct PageArgs {
    /// Items after `after`, from the start.
    pub first: Option<i32>,
    /// Cursor to continue forward from.
    pub after: Option<String>,
    /// Items before `before`, from the end.
    pub last: Option<i32>,
    /// Cursor to continue backward from.
    pub before: Option<String>,
    /// Items to skip (page-number UIs); forward only, not with a cursor.
    pub offset: Option<i32>,
}

impl PageArgs {
    /// Cursor paging arguments without `offset` (which only `articles` offers).
    pub fn cursors(first: Option<i32>, after: Option<String>, last: Option<i32>, before: Option<String>) -> Self {
        Self {
            first,
            after,
            last,
            before,
            offset: None,
        }
    }
}

/// Which way a page is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// `first` / `after`.
    Forward,
    /// `last` / `before`.
    Backward,
}

/// Validated paging arguments.
#[derive(Clone, Debug)]
pub struct PageRequest {
    /// Items on the page (1..=100, or 0).
    pub size: u64,
    /// Reading direction.
    pub direction: Direction,
    /// Sort key values to continue from.
    pub cursor: Option<Vec<KeyValue>>,
    /// Rows to skip.
    pub offset: u64,
}

/// The type of one sort key component; tells how to decode it from a cursor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyKind {
    /// A UTC timestamp.
    Time,
    /// A string.
    Text,
    /// A floating-point number (a search score).
    Float,
    /// A UUID (the final tie-breaker).
    Id,
}

/// One component of a row's sort key.
#[derive(Clone, Debug, PartialEq)]
pub enum KeyValue {
    /// A timestamp.
    Time(DateTime<Utc>),
    /// A string.
    Text(String),
    /// A number; written in cursors as a string (Rust's shortest form, which parses back to
    /// the same `f64`: serde_json's own number parsing may be one unit off in the last place).
    Float(f64),
    /// A UUID.
    Id(Uuid),
}

impl KeyValue {
    fn to_json(&self) -> Json {
        match self {
            KeyValue::Time(t) => Json::String(t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)),
            KeyValue::Text(s) => Json::String(s.clone()),
            KeyValue::Float(x) => Json::String(x.to_string()),
            KeyValue::Id(id) => Json::String(id.to_string()),
        }
    }

    fn from_json(kind: KeyKind, value: &Json) -> Option<Self> {
        let s = value.as_str()?;
        match kind {
            KeyKind::Time => DateTime::parse_from_rfc3339(s)
                .ok()
                .map(|t| KeyValue::Time(t.with_timezone(&Utc))),
            KeyKind::Text => Some(KeyValue::Text(s.to_string())),
            KeyKind::Float => s.parse().ok().filter(|x: &f64| x.is_finite()).map(KeyValue::Float),
            KeyKind::Id => Uuid::parse_str(s).ok().map(KeyValue::Id),
        }
    }

    fn to_value(&self) -> Value {
        match self {
            KeyValue::Time(t) => (*t).into(),
            KeyValue::Text(s) => s.clone().into(),
            KeyValue::Float(x) => (*x).into(),
            KeyValue::Id(id) => (*id).into(),
        }
    }
}

/// One column of an ordering.
#[derive(Clone, Debug)]
pub struct SortColumn {
    /// The column expression.
    pub expr: Expr,
    /// Descending when true.
    pub descending: bool,
    /// The value type, for cursors.
    pub kind: KeyKind,
}

/// A total ordering: the requested columns, then the id.
///
/// Every column must be non-null for the rows it orders: keyset comparison with NULL never
/// matches. Visible articles always have `published_at`; when editors can list drafts the
/// article ordering will have to put nulls in a defined place.
#[derive(Clone, Debug)]
pub struct Ordering {
    signature: String,
    columns: Vec<SortColumn>,
}

impl Ordering {
    /// An ordering over `columns`, ending with `id` ascending or descending like the last
    /// requested column. `signature` names the list and order and is checked in cursors.
    pub fn new(resource: &str, columns: Vec<(String, SortColumn)>, id: Expr) -> Self {
        let id_descending = columns.last().is_some_and(|(_, c)| c.descending);
        let mut signature = resource.to_string();
        let mut cols = Vec::with_capacity(columns.len() + 1);
        for (name, col) in columns {
            signature.push(':');
            signature.push_str(&name);
            signature.push_str(if col.descending { "-" } else { "+" });
            cols.push(col);
        }
        cols.push(SortColumn {
            expr: id,
            descending: id_descending,
            kind: KeyKind::Id,
        });
        Self {
            signature,
            columns: cols,
        }
    }

    fn encode_cursor(&self, key: &[KeyValue]) -> String {
        let body =
            serde_json::json!({ "s": self.signature, "k": key.iter().map(KeyValue::to_json).collect::<Vec<_>>() });
        URL_SAFE_NO_PAD.encode(body.to_string())
    }

    fn decode_cursor(&self, cursor: &str, field: &str) -> AppResult<Vec<KeyValue>> {
        let bad = || AppError::bad_field(field, format!("`{field}` is not a cursor of this list and ordering"));
        let bytes = URL_SAFE_NO_PAD
            .decode(cursor.trim_end_matches('='))
            .map_err(|_| bad())?;
        let body: Json = serde_json::from_slice(&bytes).map_err(|_| bad())?;
        if body.get("s").and_then(Json::as_str) != Some(self.signature.as_str()) {
            return Err(bad());
        }
        let values = body.get("k").and_then(Json::as_array).ok_or_else(bad)?;
        if values.len() != self.columns.len() {
            return Err(bad());
        }
        self.columns
            .iter()
            .zip(values)
            .map(|(col, v)| KeyValue::from_json(col.kind, v).ok_or_else(bad))
            .collect()
    }

    /// `cursor` as a cursor of this ordering, also when `other` (an ordering over the same
    /// key columns, e.g. the same fields the other way round) gave it out: a list read one
    /// way can continue from where a list read the other way left off.
    pub fn adopt(&self, cursor: &str, other: &Ordering, field: &str) -> AppResult<String> {
        if self.decode_cursor(cursor, field).is_ok() {
            return Ok(cursor.to_string());
        }
        let key = other.decode_cursor(cursor, field)?;
        Ok(self.encode_cursor(&key))
    }

    /// Rows strictly after `key` in this ordering (or before, reading backward).
    ///
    /// `(a, b, id) > (x, y, z)` is spelled out as `a > x OR (a = x AND (b > y OR …))` so that
    /// mixed directions work on every database; the leading `a >= x` is implied but lets the
    /// database start its index range scan at the cursor instead of filtering from the top.
    fn after(&self, key: &[KeyValue], direction: Direction) -> Condition {
        let cmp = |col: &SortColumn, value: &KeyValue, or_equal: bool| {
            let descending = col.descending ^ (direction == Direction::Backward);
            let (expr, v) = (col.expr.clone(), value.to_value());
            match (descending, or_equal) {
                (false, false) => expr.gt(v),
                (false, true) => expr.gte(v),
                (true, false) => expr.lt(v),
                (true, true) => expr.lte(v),
            }
        };
        let mut any = Condition::any();
        for i in 0..self.columns.len() {
            let mut all = Condition::all();
            for (col, value) in self.columns.iter().zip(key).take(i) {
                all = all.add(col.expr.clone().eq(value.to_value()));
            }
            any = any.add(all.add(cmp(&self.columns[i], &key[i], false)));
        }
        Condition::all().add(cmp(&self.columns[0], &key[0], true)).add(any)
    }

    /// Validates paging arguments against this ordering (cursor signature, sizes).
    pub fn request(&self, args: &PageArgs) -> AppResult<PageRequest> {
        let size = |value: Option<i32>, field: &str| value.map(|n| bounded(field, n, MAX_PAGE_SIZE)).transpose();
        let first = size(args.first, "first")?;
        let last = size(args.last, "last")?;
        if first.is_some() && last.is_some() {
            return Err(AppError::bad_input("pass `first` or `last`, not both"));
        }
        let direction = if last.is_some() || (args.before.is_some() && first.is_none()) {
            Direction::Backward
        } else {
            Direction::Forward
        };
        let cursor = match direction {
            Direction::Forward if args.before.is_some() => {
                return Err(AppError::bad_field(
                    "before",
                    "`before` pages backward: use it with `last`",
                ));
            }
            Direction::Backward if args.after.is_some() => {
                return Err(AppError::bad_field(
                    "after",
                    "`after` pages forward: use it with `first`",
                ));
            }
            Direction::Forward => args
                .after
                .as_deref()
                .map(|c| self.decode_cursor(c, "after"))
                .transpose()?,
            Direction::Backward => args
                .before
                .as_deref()
                .map(|c| self.decode_cursor(c, "before"))
                .transpose()?,
        };
        let offset = match args.offset {
            None => 0,
            Some(_) if cursor.is_some() || direction == Direction::Backward => {
                return Err(AppError::bad_field(
                    "offset",
                    "`offset` cannot be combined with `after`, `before` or `last`",
                ));
            }
            Some(n) if n < 0 || n as u64 > MAX_OFFSET => {
                return Err(AppError::bad_field(
                    "offset",
                    format!("`offset` must be between 0 and {MAX_OFFSET}, got {n}"),
                ));
            }
            Some(n) => n as u64,
        };
        Ok(PageRequest {
            size: first.or(last).unwrap_or(DEFAULT_PAGE_SIZE),
            direction,
            cursor,
            offset,
        })
    }
}

/// A count argument (`first`, `last`) checked to be within `0..=max`: a larger or negative
/// one is refused, never clamped.
pub fn bounded(field: &str, n: i32, max: u64) -> AppResult<u64> {
    match u64::try_from(n) {
        Ok(n) if n <= max => Ok(n),
        _ => Err(AppError::bad_field(
            field,
            format!("`{field}` must be between 0 and {max}, got {n}"),
        )),
    }
}

/// One page of a list, in the requested order, each item with its cursor.
#[derive(Clone, Debug)]
pub struct Page<T> {
    /// Items and their cursors.
    pub items: Vec<(String, T)>,
    /// More items follow the last one.
    pub has_next_page: bool,
    /// Items precede the first one.
    pub has_previous_page: bool,
}

impl<T> Page<T> {
    /// Converts the items, keeping cursors and page info.
    pub fn map<U>(self, f: impl Fn(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(|(c, t)| (c, f(t))).collect(),
            has_next_page: self.has_next_page,
            has_previous_page: self.has_previous_page,
        }
    }
}

/// Fetches one page of `select` in `ordering`, read as `M` (the entity's model, or one
/// with extra columns), using `key` to read a row's sort key.
pub async fn fetch_page<E, M, C>(
    db: &C,
    select: Select<E>,
    ordering: &Ordering,
    request: &PageRequest,
    key: impl Fn(&M) -> Vec<KeyValue>,
) -> AppResult<Page<M>>
where
    E: EntityTrait,
    M: FromQueryResult + Send + Sync,
    C: ConnectionTrait,
{
    let mut select = select;
    if request.size == 0 {
        return Ok(Page {
            items: vec![],
            has_next_page: false,
            has_previous_page: false,
        });
    }
    if let Some(cursor) = &request.cursor {
        select = select.filter(ordering.after(cursor, request.direction).into_condition());
    }
    for col in &ordering.columns {
        let descending = col.descending ^ (request.direction == Direction::Backward);
        select = select.order_by(col.expr.clone(), if descending { Order::Desc } else { Order::Asc });
    }
    select = select.limit(request.size + 1);
    if request.offset > 0 {
        select = select.offset(request.offset);
    }
    let mut rows = select.into_model::<M>().all(db).await?;
    let has_more = rows.len() as u64 > request.size;
    rows.truncate(request.size as usize);
    if request.direction == Direction::Backward {
        rows.reverse();
    }
    let items = rows
        .into_iter()
        .map(|row| (ordering.encode_cursor(&key(&row)), row))
        .collect();
    let continued = request.cursor.is_some();
    let (has_next_page, has_previous_page) = match request.direction {
        Direction::Forward => (has_more, continued || request.offset > 0),
        Direction::Backward => (continued, has_more),
    };
    Ok(Page {
        items,
        has_next_page,
        has_previous_page,
    })
}

/// How many rows `select` would return, as PostgreSQL's planner estimates it (no rows
/// read: fast on any size, and usually within a few percent once the table is analyzed);
/// an exact count on the other databases, which have no such estimate to offer.
pub async fn estimate_count<E>(db: &impl ConnectionTrait, select: Select<E>) -> AppResult<u64>
where
    E: EntityTrait,
    E::Model: Sync,
{
    let backend = db.get_database_backend();
    if backend != sea_orm::DbBackend::Postgres {
        return Ok(sea_orm::PaginatorTrait::count(select, db).await?);
    }
    let rows = planner_rows(db, sea_orm::QueryTrait::build(&select, backend)).await?;
    Ok(rows.max(0.0).round() as u64)
}

/// How many rows PostgreSQL's planner expects `statement` to return (`EXPLAIN`, nothing
/// read).
pub async fn planner_rows(db: &impl ConnectionTrait, statement: sea_orm::Statement) -> AppResult<f64> {
    let plan = planner_plan(db, statement).await?;
    plan_rows(&plan)
}

/// PostgreSQL's plan for `statement` (`EXPLAIN (FORMAT JSON)`, nothing read): its top node.
pub async fn planner_plan(db: &impl ConnectionTrait, statement: sea_orm::Statement) -> AppResult<Json> {
    let explain = sea_orm::Statement {
        sql: format!("EXPLAIN (FORMAT JSON) {}", statement.sql),
        ..statement
    };
    let row = db
        .query_one_raw(explain)
        .await?
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("EXPLAIN returned no row")))?;
    let mut plan: Json = row.try_get("", "QUERY PLAN")?;
    Ok(plan[0]["Plan"].take())
}

/// The rows a plan node is expected to return.
pub fn plan_rows(node: &Json) -> AppResult<f64> {
    node["Plan Rows"]
        .as_f64()
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("EXPLAIN gave no row estimate: {node}")))
}
