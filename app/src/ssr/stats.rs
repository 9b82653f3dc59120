//! The platform dashboard's counters, kept as the app runs so that no page view scans firm
//! data:
//!
//! - `firm_stats`: users, matters, documents and stored bytes per firm, moved by each firm
//!   transaction's own audited writes ([`Deltas`], applied by `FirmDb::commit` in the same
//!   transaction) from a row written when the firm is created (or, for firms older than the
//!   counters, counted once at start-up by [`bootstrap`]);
//! - `firm_activity`: requests and sign-ins per firm per hour (kept 48 hours) and per day,
//!   tallied in memory by [`Activity`] and added to the database every few seconds.
//!
//! [`dashboard`] reads them a page at a time.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Datelike, TimeDelta, Utc};
use sea_orm::sea_query::{
    Alias, Asterisk, Expr, ExprTrait, Func, OnConflict, Order, Query, SelectStatement,
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use serde_json::Value as Json;
use uuid::Uuid;

use super::audit::chain::Pending;
use super::charts::{Palette, bar_chart, column_chart};
use super::db::FirmDb;
use super::db::entities::{
    document_versions, documents, firm_activity, firm_stats, firms, matters, plans, users,
};
use crate::error::AppError;
use crate::platform::dashboard::{Dashboard, DashboardQuery, FirmRow, PER_PAGE};

/// How often the in-memory tallies are written.
const FLUSH_EVERY: Duration = Duration::from_secs(10);
/// How long hourly buckets are kept.
const HOURS_KEPT: i64 = 48;

/// What one transaction changed in a firm's counters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Deltas {
    /// Users added less users removed.
    pub users: i64,
    /// Matters added less removed.
    pub matters: i64,
    /// Documents added less removed.
    pub documents: i64,
    /// Bytes of document versions added less removed.
    pub storage_bytes: i64,
}

impl Deltas {
    /// The counters' change from a transaction's audit entries.
    pub fn of(entries: &[Pending]) -> Deltas {
        let mut d = Deltas::default();
        for e in entries {
            let sign = match e.action.as_str() {
                "create" => 1,
                "delete" => -1,
                _ => continue,
            };
            match e.entity.as_str() {
                "users" => d.users += sign,
                "matters" => d.matters += sign,
                "documents" => d.documents += sign,
                "document_versions" => {
                    d.storage_bytes +=
                        sign * e.changes.get("size").and_then(Json::as_i64).unwrap_or(0)
                }
                _ => {}
            }
        }
        d
    }

    fn is_zero(&self) -> bool {
        *self == Deltas::default()
    }
}

/// Adds `d` to the firm's counters, on `conn` (the firm's transaction).
pub async fn apply<C: ConnectionTrait>(conn: &C, firm_id: Uuid, d: Deltas) -> Result<(), DbErr> {
    if d.is_zero() {
        return Ok(());
    }
    use firm_stats::Column as C;
    let add = |col: C, n: i64| (col, Expr::col((firm_stats::Entity, col)).add(n));
    let (users, matters, documents, storage) = (
        add(C::Users, d.users),
        add(C::Matters, d.matters),
        add(C::Documents, d.documents),
        add(C::StorageBytes, d.storage_bytes),
    );
    firm_stats::Entity::update_many()
        .col_expr(users.0, users.1)
        .col_expr(matters.0, matters.1)
        .col_expr(documents.0, documents.1)
        .col_expr(storage.0, storage.1)
        .filter(C::FirmId.eq(firm_id))
        .exec(conn)
        .await?;
    Ok(())
}

/// Writes a new firm's counters row (all zero), on `conn` (the provisioning transaction).
pub async fn start<C: ConnectionTrait>(conn: &C, firm_id: Uuid) -> Result<(), DbErr> {
    insert_counted(conn, firm_id, Deltas::default()).await
}

async fn insert_counted<C: ConnectionTrait>(
    conn: &C,
    firm_id: Uuid,
    d: Deltas,
) -> Result<(), DbErr> {
    use sea_orm::ActiveValue::Set;
    firm_stats::Entity::insert(firm_stats::ActiveModel {
        firm_id: Set(firm_id),
        users: Set(d.users),
        matters: Set(d.matters),
        documents: Set(d.documents),
        storage_bytes: Set(d.storage_bytes),
        last_activity_at: Set(None),
    })
    .on_conflict(
        OnConflict::column(firm_stats::Column::FirmId)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// Counts, once, the firms that have no counters yet (those created before the counters
/// existed); returns how many.
pub async fn bootstrap(db: &DatabaseConnection) -> Result<u64, AppError> {
    let counted: Vec<Uuid> = firm_stats::Entity::find()
        .select_only()
        .column(firm_stats::Column::FirmId)
        .into_tuple()
        .all(db)
        .await?;
    let missing: Vec<Uuid> = firms::Entity::find()
        .filter(firms::Column::Id.is_not_in(counted))
        .select_only()
        .column(firms::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    for firm_id in &missing {
        let firm = FirmDb::begin(db, *firm_id).await?;
        let sizes: Vec<i64> = firm
            .find::<document_versions::Entity>()
            .select_only()
            .column(document_versions::Column::Size)
            .into_tuple()
            .all(firm.conn())
            .await?;
        let d = Deltas {
            users: firm.find::<users::Entity>().count(firm.conn()).await? as i64,
            matters: firm.find::<matters::Entity>().count(firm.conn()).await? as i64,
            documents: firm.find::<documents::Entity>().count(firm.conn()).await? as i64,
            storage_bytes: sizes.iter().sum(),
        };
        insert_counted(firm.conn(), *firm_id, d).await?;
        firm.commit().await?;
    }
    Ok(missing.len() as u64)
}

#[derive(Clone, Copy, Debug, Default)]
struct Tally {
    requests: i64,
    sign_ins: i64,
    last_at: i64,
}

/// Requests and sign-ins per firm since the last [`Activity::flush`], in memory.
#[derive(Default)]
pub struct Activity {
    tallies: Mutex<HashMap<Uuid, Tally>>,
}

impl Activity {
    fn bump(&self, firm_id: Uuid, requests: i64, sign_ins: i64) {
        let mut tallies = self.tallies.lock().unwrap_or_else(|p| p.into_inner());
        let tally = tallies.entry(firm_id).or_default();
        tally.requests += requests;
        tally.sign_ins += sign_ins;
        tally.last_at = Utc::now().timestamp();
    }

    /// Counts a request to a firm's host.
    pub fn request(&self, firm_id: Uuid) {
        self.bump(firm_id, 1, 0);
    }

    /// Counts a sign-in to a firm.
    pub fn sign_in(&self, firm_id: Uuid) {
        self.bump(firm_id, 0, 1);
    }

    /// Adds the tallies to the database and starts afresh. A firm gone meanwhile is skipped.
    pub async fn flush(&self, db: &DatabaseConnection) -> Result<(), DbErr> {
        let tallies = std::mem::take(&mut *self.tallies.lock().unwrap_or_else(|p| p.into_inner()));
        let now = Utc::now().timestamp();
        for (firm_id, tally) in tallies {
            if let Err(err) = add_activity(db, firm_id, tally, now).await {
                tracing::debug!(%firm_id, error = %err, "activity not recorded (firm gone?)");
            }
        }
        firm_activity::Entity::delete_many()
            .filter(firm_activity::Column::Period.eq("h"))
            .filter(firm_activity::Column::Start.lt(now / 3600 - HOURS_KEPT))
            .exec(db)
            .await?;
        Ok(())
    }
}

async fn add_activity(
    db: &DatabaseConnection,
    firm_id: Uuid,
    tally: Tally,
    now: i64,
) -> Result<(), DbErr> {
    use firm_activity::Column as C;
    for (period, start) in [("h", now / 3600), ("d", now / 86_400)] {
        let insert = Query::insert()
            .into_table(firm_activity::Entity)
            .columns([C::FirmId, C::Period, C::Start, C::Requests, C::SignIns])
            .values_panic([
                firm_id.into(),
                period.into(),
                start.into(),
                tally.requests.into(),
                tally.sign_ins.into(),
            ])
            .on_conflict(
                OnConflict::columns([C::FirmId, C::Period, C::Start])
                    .value(
                        C::Requests,
                        Expr::col((firm_activity::Entity, C::Requests)).add(tally.requests),
                    )
                    .value(
                        C::SignIns,
                        Expr::col((firm_activity::Entity, C::SignIns)).add(tally.sign_ins),
                    )
                    .to_owned(),
            )
            .to_owned();
        db.execute(&insert).await?;
    }
    firm_stats::Entity::update_many()
        .col_expr(
            firm_stats::Column::LastActivityAt,
            Expr::value(Some(tally.last_at)),
        )
        .filter(firm_stats::Column::FirmId.eq(firm_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Writes the tallies every few seconds, for as long as the runtime runs.
pub fn spawn_flusher(db: DatabaseConnection, activity: Arc<Activity>) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(FLUSH_EVERY);
        loop {
            every.tick().await;
            if let Err(err) = activity.flush(&db).await {
                tracing::warn!(error = %err, "writing activity counters failed");
            }
        }
    });
}

/// Sums of a period's buckets since `since`, per firm, as `(firm_id, requests, sign_ins)`.
fn sums(period: &str, since: i64) -> SelectStatement {
    use firm_activity::Column as C;
    Query::select()
        .column(C::FirmId)
        .expr_as(big(Expr::col(C::Requests).sum()), Alias::new("requests"))
        .expr_as(big(Expr::col(C::SignIns).sum()), Alias::new("sign_ins"))
        .from(firm_activity::Entity)
        .and_where(Expr::col(C::Period).eq(period))
        .and_where(Expr::col(C::Start).gte(since))
        .group_by_col(C::FirmId)
        .to_owned()
}

/// `(requests, sign_ins)` per firm of `ids` in a period since `since`.
async fn activity_of(
    db: &DatabaseConnection,
    ids: &[Uuid],
    period: &str,
    since: i64,
) -> Result<HashMap<Uuid, (i64, i64)>, DbErr> {
    let mut query = sums(period, since);
    query.and_where(Expr::col(firm_activity::Column::FirmId).is_in(ids.iter().copied()));
    let mut out = HashMap::new();
    for row in db.query_all(&query).await? {
        let firm: Uuid = row.try_get("", "firm_id")?;
        out.insert(firm, (sum_of(&row, "requests")?, sum_of(&row, "sign_ins")?));
    }
    Ok(out)
}

/// `expr` as a 64-bit integer (PostgreSQL's `SUM` of a bigint is a numeric).
fn big(expr: Expr) -> Expr {
    Func::cast_as(expr, Alias::new("BIGINT")).into()
}

fn sum_of(row: &sea_orm::QueryResult, column: &str) -> Result<i64, DbErr> {
    row.try_get::<i64>("", column)
}

/// A page of the dashboard.
pub async fn dashboard(db: &DatabaseConnection, q: &DashboardQuery) -> Result<Dashboard, AppError> {
    use firms::Column as F;
    let now = Utc::now().timestamp();
    let (today, this_hour) = (now / 86_400, now / 3600);
    let mut filter = sea_orm::Condition::all();
    if let Some(text) = q.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        let pattern = format!("%{}%", text.to_lowercase().replace(['%', '_'], ""));
        filter = filter.add(
            sea_orm::Condition::any()
                .add(Expr::expr(Func::lower(Expr::col(F::Name))).like(pattern.clone()))
                .add(Expr::col(F::Slug).like(pattern)),
        );
    }
    if let Some(status) = q.status.as_deref().filter(|s| !s.is_empty()) {
        filter = filter.add(F::Status.eq(status));
    }
    if let Some(plan) = q.plan.as_deref().filter(|p| !p.is_empty()) {
        filter = filter.add(F::Plan.eq(plan));
    }
    let total = firms::Entity::find()
        .filter(filter.clone())
        .count(db)
        .await?;
    let pages = Ord::max(total.div_ceil(PER_PAGE), 1);
    let page = q.page.unwrap_or(1).clamp(1, pages);

    let stats = Alias::new("s");
    let recent = Alias::new("a");
    let mut select = Query::select();
    select
        .column((firms::Entity, F::Id))
        .from(firms::Entity)
        .join_as(
            sea_orm::JoinType::LeftJoin,
            firm_stats::Entity,
            stats.clone(),
            Expr::col((stats.clone(), firm_stats::Column::FirmId)).equals((firms::Entity, F::Id)),
        )
        .cond_where(filter)
        .limit(PER_PAGE)
        .offset((page - 1) * PER_PAGE);
    let by_stat = |col: firm_stats::Column| Expr::col((stats.clone(), col));
    match q.sort.as_deref().unwrap_or("name") {
        "newest" => select.order_by((firms::Entity, F::CreatedAt), Order::Desc),
        "storage" => select.order_by_expr(by_stat(firm_stats::Column::StorageBytes), Order::Desc),
        "users" => select.order_by_expr(by_stat(firm_stats::Column::Users), Order::Desc),
        "matters" => select.order_by_expr(by_stat(firm_stats::Column::Matters), Order::Desc),
        "documents" => select.order_by_expr(by_stat(firm_stats::Column::Documents), Order::Desc),
        "activity" => select
            .join_subquery(
                sea_orm::JoinType::LeftJoin,
                sums("d", today - 29),
                recent.clone(),
                Expr::col((recent.clone(), Alias::new("firm_id"))).equals((firms::Entity, F::Id)),
            )
            .order_by_expr(
                Func::coalesce([
                    Expr::col((recent.clone(), Alias::new("requests"))),
                    Expr::val(0),
                ])
                .into(),
                Order::Desc,
            ),
        _ => select.order_by((firms::Entity, F::Name), Order::Asc),
    };
    select.order_by((firms::Entity, F::Name), Order::Asc);
    let ids: Vec<Uuid> = db
        .query_all(&select)
        .await?
        .iter()
        .map(|row| row.try_get("", "id"))
        .collect::<Result<_, _>>()?;

    let page_firms: HashMap<Uuid, firms::Model> = firms::Entity::find()
        .filter(F::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|f| (f.id, f))
        .collect();
    let page_stats: HashMap<Uuid, firm_stats::Model> = firm_stats::Entity::find()
        .filter(firm_stats::Column::FirmId.is_in(ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.firm_id, s))
        .collect();
    let day = activity_of(db, &ids, "h", this_hour - 23).await?;
    let month = activity_of(db, &ids, "d", today - 29).await?;
    let rows = ids
        .iter()
        .filter_map(|id| {
            let f = page_firms.get(id)?.clone();
            let s = page_stats.get(id);
            let (requests_24h, sign_ins_24h) = day.get(id).copied().unwrap_or_default();
            let (requests_30d, sign_ins_30d) = month.get(id).copied().unwrap_or_default();
            Some(FirmRow {
                slug: f.slug,
                name: f.name,
                status: f.status,
                suspended_reason: f.suspended_reason,
                deletion_due_at: f
                    .deletion_due_at
                    .and_then(|at| DateTime::from_timestamp(at, 0)),
                plan: f.plan,
                created_at: f.created_at,
                users: s.map_or(0, |s| s.users),
                matters: s.map_or(0, |s| s.matters),
                documents: s.map_or(0, |s| s.documents),
                storage_bytes: s.map_or(0, |s| s.storage_bytes),
                sign_ins_24h,
                requests_24h,
                sign_ins_30d,
                requests_30d,
                last_activity_at: s
                    .and_then(|s| s.last_activity_at)
                    .and_then(|at| DateTime::from_timestamp(at, 0)),
            })
        })
        .collect();

    let firms_total = firms::Entity::find().count(db).await?;
    let active = firms::Entity::find()
        .filter(F::Status.eq("active"))
        .count(db)
        .await?;
    let plans = plans::Entity::find()
        .order_by_asc(plans::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    Ok(Dashboard {
        rows,
        page,
        pages,
        total,
        firms: firms_total,
        active,
        suspended: firms_total - active,
        plans,
        new_firms_chart: new_firms_chart(db).await?,
        active_firms_chart: active_firms_chart(db, today).await?,
        storage_chart: storage_chart(db).await?,
    })
}

/// Firms created per week, the last 12 weeks (weeks start on Monday): one index range count
/// a week.
async fn new_firms_chart(db: &DatabaseConnection) -> Result<String, DbErr> {
    let today = Utc::now().date_naive();
    let monday = today - TimeDelta::days(today.weekday().num_days_from_monday() as i64);
    let mut weeks = Vec::with_capacity(12);
    for i in (0..12).rev() {
        let start = monday - TimeDelta::weeks(i);
        let from = start.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
        let count = firms::Entity::find()
            .filter(firms::Column::CreatedAt.gte(from))
            .filter(firms::Column::CreatedAt.lt(from + TimeDelta::weeks(1)))
            .count(db)
            .await?;
        weeks.push((start.format("%d %b").to_string(), count as i64));
    }
    Ok(column_chart(
        "New firms per week",
        &weeks,
        Palette::Single,
        |n| n.to_string(),
    ))
}

/// Firms with any request, per day, the last 30 days.
async fn active_firms_chart(db: &DatabaseConnection, today: i64) -> Result<String, DbErr> {
    use firm_activity::Column as C;
    let query = Query::select()
        .column(C::Start)
        // COUNT(*) counts from the (period, start) index alone.
        .expr_as(Expr::col(Asterisk).count(), Alias::new("firms"))
        .from(firm_activity::Entity)
        .and_where(Expr::col(C::Period).eq("d"))
        .and_where(Expr::col(C::Start).gte(today - 29))
        .group_by_col(C::Start)
        .to_owned();
    let mut per_day: HashMap<i64, i64> = HashMap::new();
    for row in db.query_all(&query).await? {
        per_day.insert(row.try_get("", "start")?, row.try_get("", "firms")?);
    }
    let days: Vec<(String, i64)> = (today - 29..=today)
        .map(|day| {
            let date = DateTime::from_timestamp(day * 86_400, 0).unwrap_or_default();
            (
                date.format("%d").to_string(),
                per_day.get(&day).copied().unwrap_or(0),
            )
        })
        .collect();
    Ok(column_chart(
        "Active firms per day",
        &days,
        Palette::Single,
        |n| n.to_string(),
    ))
}

/// The 20 firms storing the most.
async fn storage_chart(db: &DatabaseConnection) -> Result<String, DbErr> {
    let top = firm_stats::Entity::find()
        .filter(firm_stats::Column::StorageBytes.gt(0))
        .order_by_desc(firm_stats::Column::StorageBytes)
        .limit(20)
        .all(db)
        .await?;
    let names: HashMap<Uuid, String> = firms::Entity::find()
        .filter(firms::Column::Id.is_in(top.iter().map(|s| s.firm_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|f| (f.id, f.name))
        .collect();
    let bars: Vec<(String, i64)> = top
        .iter()
        .map(|s| {
            (
                names.get(&s.firm_id).cloned().unwrap_or_default(),
                s.storage_bytes,
            )
        })
        .collect();
    Ok(bar_chart("Storage by firm (top 20)", &bars, human_bytes))
}

/// Bytes as people read them (KB, MB, GB).
fn human_bytes(bytes: i64) -> String {
    const K: f64 = 1024.0;
    let b = bytes as f64;
    if b >= K * K * K {
        format!("{:.1} GB", b / (K * K * K))
    } else if b >= K * K {
        format!("{:.1} MB", b / (K * K))
    } else {
        format!("{:.0} KB", b / K)
    }
}
