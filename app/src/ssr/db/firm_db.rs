//! [`FirmDb`]: the only way to firm data. It wraps one transaction, scopes every query and insert
//! to its firm, and on PostgreSQL starts the transaction with `set_config('app.firm_id', ..,
//! true)` so row-level security holds as a second wall. The setting is transaction-local, so it
//! never leaks to the next user of a pooled connection.
//!
//! Every write through it is audited: [`FirmDb::insert`], [`FirmDb::update`], and the
//! [`FirmUpdate`] and [`FirmDelete`] that [`FirmDb::update_many`] and [`FirmDb::delete_many`]
//! return record what they changed, [`FirmDb::log`] records events, and [`FirmDb::finish`] and
//! [`FirmDb::commit`] chain those entries into the firm's audit trail just before committing.

use std::sync::Mutex;

use sea_orm::sea_query::{
    DeleteStatement, Expr, ExprTrait, IntoIden, OnConflict, Query, SimpleExpr, UpdateStatement,
};
use sea_orm::{
    ActiveModelBehavior, ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, DbBackend, DbErr, DeleteMany, DeriveIden, EntityTrait, IdenStatic,
    IntoActiveModel, Iterable, PaginatorTrait, QueryFilter, QueryTrait, Select, Statement,
    TransactionTrait, UpdateMany,
};
use serde_json::Value as Json;
use uuid::Uuid;

use crate::error::AppError;
use crate::ssr::audit::chain::{self, Pending};
use crate::ssr::audit::{Actor, AuditContext, changes};
use crate::ssr::errors::respond;

/// An entity whose rows belong to one firm: primary key `(firm_id, id)`.
pub trait FirmOwned: EntityTrait {
    /// The `firm_id` column.
    fn firm_column() -> Self::Column;
    /// The `id` column.
    fn id_column() -> Self::Column;
    /// Whether writes to it go into the audit trail (all firm data does; only scratch rows and
    /// the trail itself do not).
    const AUDITED: bool = true;
}

/// The per-firm counters behind [`FirmDb::next_number`] (firm-owned; no entity, as rows are only
/// ever bumped).
#[derive(DeriveIden)]
enum FirmSequences {
    Table,
    FirmId,
    Kind,
    Year,
    Last,
}

/// One page of rows, from [`FirmDb::page`].
pub struct Page<T> {
    /// The rows on this page.
    pub rows: Vec<T>,
    /// This page's number, from 1.
    pub page: u64,
    /// How many pages there are (at least 1).
    pub pages: u64,
    /// How many rows match in all.
    pub total: u64,
}

/// What a write through a read-only [`FirmDb`] fails with (`DbErr::Custom`; it becomes
/// `AppError::SupportReadOnly`).
pub const READ_ONLY: &str = "read-only support session";

/// A transaction bound to one firm.
pub struct FirmDb {
    tx: DatabaseTransaction,
    firm_id: Uuid,
    audit: Mutex<Audit>,
    read_only: bool,
}

/// Who acts in the transaction, and the entries recorded so far.
struct Audit {
    context: AuditContext,
    pending: Vec<Pending>,
}

impl FirmDb {
    /// Begins a transaction for `firm_id`.
    pub async fn begin(db: &DatabaseConnection, firm_id: Uuid) -> Result<Self, DbErr> {
        Self::enter(db.begin().await?, firm_id).await
    }

    /// Begins a transaction for `firm_id` that may write after it reads (see
    /// [`super::begin_write`]: on SQLite it waits for the write lock instead of failing).
    pub async fn begin_write(db: &DatabaseConnection, firm_id: Uuid) -> Result<Self, DbErr> {
        Self::enter(super::begin_write(db).await?, firm_id).await
    }

    /// Binds an open transaction to `firm_id` (used when one transaction creates the firm itself).
    pub async fn enter(tx: DatabaseTransaction, firm_id: Uuid) -> Result<Self, DbErr> {
        if tx.get_database_backend() == DbBackend::Postgres {
            tx.execute_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "SELECT set_config('app.firm_id', $1, true)",
                [firm_id.to_string().into()],
            ))
            .await?;
        }
        Ok(FirmDb {
            tx,
            firm_id,
            audit: Mutex::new(Audit {
                context: AuditContext::system(),
                pending: Vec::new(),
            }),
            read_only: false,
        })
    }

    /// Refuses every write of firm data from here on (a support session the firm has not
    /// allowed to make changes); the audit trail still records what the session reads.
    pub fn read_only(mut self) -> Self {
        self.read_only = true;
        self
    }

    /// `Err(READ_ONLY)` if writes are refused.
    fn writable(&self) -> Result<(), DbErr> {
        if self.read_only {
            Err(DbErr::Custom(READ_ONLY.into()))
        } else {
            Ok(())
        }
    }

    /// Whether writes are refused (so callers can skip incidental writes, such as "recently
    /// viewed").
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Records this transaction's work as done by `context` (by default, by Docket itself).
    pub fn with_context(self, context: AuditContext) -> Self {
        self.audit().context = context;
        self
    }

    /// Records what follows as done by `actor` (sign-in learns who acts halfway through).
    pub fn set_actor(&self, actor: Actor) {
        self.audit().context.actor = actor;
    }

    /// Records an event, such as `auth.sign_in`, on `entity` (and its id) with `details`.
    pub fn log(&self, action: &str, entity: &str, entity_id: Option<Uuid>, details: Json) {
        self.push(action, entity, entity_id.map(|id| id.to_string()), details);
    }

    fn audit(&self) -> std::sync::MutexGuard<'_, Audit> {
        self.audit.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn push(&self, action: &str, entity: &str, entity_id: Option<String>, changes: Json) {
        let mut audit = self.audit();
        let context = audit.context.clone();
        audit.pending.push(Pending {
            at: chrono::Utc::now().timestamp_millis(),
            context,
            action: action.to_string(),
            entity: entity.to_string(),
            entity_id,
            changes,
        });
    }

    fn record_rows<E: FirmOwned>(&self, action: &str, rows: &[E::Model], columns: &[String]) {
        let bookkeeping = columns
            .iter()
            .all(|c| changes::BOOKKEEPING.contains(&c.as_str()));
        if !E::AUDITED || (action == "update" && bookkeeping) {
            return;
        }
        let entity = E::default().table_name().to_string();
        for row in rows {
            // A deleted row is recorded as it was.
            let fields = if action == "delete" {
                changes::fields::<E>(row, &changes::all_columns::<E>())
            } else {
                changes::fields::<E>(row, columns)
            };
            self.push(action, &entity, changes::id_of::<E>(row), fields);
        }
    }

    /// Chains the recorded entries into the firm's trail, and moves the firm's dashboard
    /// counters by what they created and deleted, in this transaction.
    async fn flush(&self) -> Result<(), DbErr> {
        let pending = std::mem::take(&mut self.audit().pending);
        if pending.is_empty() {
            return Ok(());
        }
        let deltas = crate::ssr::stats::Deltas::of(&pending);
        let last = self
            .take_numbers(chain::SEQUENCE, 0, pending.len() as i64)
            .await?;
        chain::append(&self.tx, self.firm_id, last, pending).await?;
        crate::ssr::stats::apply(&self.tx, self.firm_id, deltas).await
    }

    /// The firm this handle is bound to.
    pub fn firm_id(&self) -> Uuid {
        self.firm_id
    }

    /// The connection to run scoped queries on. Build queries with [`FirmDb::find`]; the
    /// database's row-level security rejects anything else on PostgreSQL.
    pub fn conn(&self) -> &DatabaseTransaction {
        &self.tx
    }

    /// All rows of `E` in this firm, to filter further.
    pub fn find<E: FirmOwned>(&self) -> Select<E> {
        E::find().filter(E::firm_column().eq(self.firm_id))
    }

    /// An update of rows of `E` in this firm, to filter further and [`FirmUpdate::exec`].
    pub fn update_many<E: FirmOwned>(&self) -> FirmUpdate<'_, E> {
        FirmUpdate {
            db: self,
            query: E::update_many().filter(E::firm_column().eq(self.firm_id)),
        }
    }

    /// A delete of rows of `E` in this firm, to filter further and [`FirmDelete::exec`].
    pub fn delete_many<E: FirmOwned>(&self) -> FirmDelete<'_, E> {
        FirmDelete {
            db: self,
            query: E::delete_many().filter(E::firm_column().eq(self.firm_id)),
        }
    }

    /// Page `page` (from 1; past the end, the last page) of `query`'s rows, `per_page` a page.
    pub async fn page<E>(
        &self,
        query: Select<E>,
        per_page: u64,
        page: u64,
    ) -> Result<Page<E::Model>, AppError>
    where
        E: EntityTrait,
        E::Model: Send + Sync,
    {
        let paginator = query.paginate(&self.tx, per_page);
        let counts = paginator.num_items_and_pages().await?;
        let pages = Ord::max(counts.number_of_pages, 1);
        let page = page.clamp(1, pages);
        Ok(Page {
            rows: paginator.fetch_page(page - 1).await?,
            page,
            pages,
            total: counts.number_of_items,
        })
    }

    /// The row of `E` with this id in this firm, or `NotFound`.
    pub async fn get<E: FirmOwned>(&self, id: Uuid) -> Result<E::Model, AppError> {
        self.find::<E>()
            .filter(E::id_column().eq(id))
            .one(&self.tx)
            .await?
            .ok_or(AppError::NotFound)
    }

    /// The rows of `E` with these ids in this firm (no query for no ids; unknown ids are left
    /// out).
    pub async fn by_ids<E: FirmOwned>(
        &self,
        ids: impl IntoIterator<Item = Uuid>,
    ) -> Result<Vec<E::Model>, DbErr> {
        let ids: std::collections::HashSet<Uuid> = ids.into_iter().collect();
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        self.find::<E>()
            .filter(E::id_column().is_in(ids))
            .all(&self.tx)
            .await
    }

    /// Inserts a row into this firm (its `firm_id` is set here, whatever the caller put).
    pub async fn insert<A>(&self, mut row: A) -> Result<<A::Entity as EntityTrait>::Model, DbErr>
    where
        A: ActiveModelTrait + ActiveModelBehavior + Send,
        A::Entity: FirmOwned,
        <A::Entity as EntityTrait>::Model: IntoActiveModel<A>,
    {
        self.writable()?;
        row.set(<A::Entity as FirmOwned>::firm_column(), self.firm_id.into());
        let model = row.insert(&self.tx).await?;
        let columns = changes::all_columns::<A::Entity>();
        self.record_rows::<A::Entity>("create", std::slice::from_ref(&model), &columns);
        Ok(model)
    }

    /// Updates a row of this firm by id; `NotFound` if the firm has no such row.
    pub async fn update<A>(&self, mut row: A) -> Result<<A::Entity as EntityTrait>::Model, AppError>
    where
        A: ActiveModelTrait + ActiveModelBehavior + Send,
        A::Entity: FirmOwned,
        <A::Entity as EntityTrait>::Model: IntoActiveModel<A>,
    {
        self.writable()?;
        row.set(<A::Entity as FirmOwned>::firm_column(), self.firm_id.into());
        let columns: Vec<String> = <A::Entity as EntityTrait>::Column::iter()
            .filter(|c| row.get(*c).is_set())
            .map(|c| c.as_str().to_string())
            .filter(|c| c != "id")
            .collect();
        let model = row.update(&self.tx).await?;
        self.record_rows::<A::Entity>("update", std::slice::from_ref(&model), &columns);
        Ok(model)
    }

    /// The next number of the firm's `kind` sequence for `year` (1 for the first). The counter
    /// row stays locked until the transaction ends, so concurrent callers queue; a rollback
    /// gives the number back. Numbers are therefore unique and without gaps.
    pub async fn next_number(&self, kind: &str, year: i32) -> Result<i64, AppError> {
        self.writable()?;
        Ok(self.take_numbers(kind, year, 1).await?)
    }

    /// Takes `n` numbers of the counter at once (see [`FirmDb::next_number`]); returns the last.
    async fn take_numbers(&self, kind: &str, year: i32, n: i64) -> Result<i64, DbErr> {
        let upsert = Query::insert()
            .into_table(FirmSequences::Table)
            .columns([
                FirmSequences::FirmId,
                FirmSequences::Kind,
                FirmSequences::Year,
                FirmSequences::Last,
            ])
            .values_panic([self.firm_id.into(), kind.into(), year.into(), n.into()])
            .on_conflict(
                OnConflict::columns([
                    FirmSequences::FirmId,
                    FirmSequences::Kind,
                    FirmSequences::Year,
                ])
                .value(
                    FirmSequences::Last,
                    Expr::col((FirmSequences::Table, FirmSequences::Last)).add(n),
                )
                .to_owned(),
            )
            .returning_col(FirmSequences::Last)
            .to_owned();
        let row = self
            .tx
            .query_one(&upsert)
            .await?
            .ok_or_else(|| DbErr::RecordNotFound("firm_sequences".into()))?;
        row.try_get::<i64>("", "last")
    }

    /// Ends the request's work: commits if `result` is `Ok`, rolls back otherwise, and sets the
    /// HTTP status of an error. Nothing is half-written after an error.
    pub async fn finish<T>(self, result: Result<T, AppError>) -> Result<T, AppError> {
        let result = match result {
            Ok(value) => self.commit().await.map(|()| value).map_err(AppError::from),
            Err(err) => {
                let _ = self.tx.rollback().await;
                Err(err)
            }
        };
        respond(result)
    }

    /// Writes the recorded audit entries, then commits the transaction.
    pub async fn commit(self) -> Result<(), DbErr> {
        if let Err(err) = self.flush().await {
            let _ = self.tx.rollback().await;
            return Err(err);
        }
        self.tx.commit().await
    }
}

/// An update of some of a firm's rows of `E`, from [`FirmDb::update_many`]. Filter it as any
/// SeaORM query; [`FirmUpdate::exec`] runs it and records each changed row.
pub struct FirmUpdate<'a, E: FirmOwned> {
    db: &'a FirmDb,
    query: UpdateMany<E>,
}

impl<E: FirmOwned> QueryFilter for FirmUpdate<'_, E> {
    type QueryStatement = UpdateStatement;

    fn query(&mut self) -> &mut UpdateStatement {
        QueryFilter::query(&mut self.query)
    }
}

impl<E: FirmOwned> FirmUpdate<'_, E> {
    /// Sets `col` to `expr` in every matching row.
    pub fn col_expr<T: IntoIden>(mut self, col: T, expr: SimpleExpr) -> Self {
        self.query = self.query.col_expr(col, expr);
        self
    }

    /// Runs the update and records each row it changed, with the new values of the changed
    /// columns; returns how many rows it changed.
    pub async fn exec(self) -> Result<u64, DbErr> {
        self.db.writable()?;
        let columns: Vec<String> = self
            .query
            .as_query()
            .get_values()
            .iter()
            .map(|(col, _)| col.to_string())
            .collect();
        let rows = self.query.exec_with_returning(&self.db.tx).await?;
        self.db.record_rows::<E>("update", &rows, &columns);
        Ok(rows.len() as u64)
    }
}

/// A delete of some of a firm's rows of `E`, from [`FirmDb::delete_many`]. Filter it as any
/// SeaORM query; [`FirmDelete::exec`] runs it and records each deleted row.
pub struct FirmDelete<'a, E: FirmOwned> {
    db: &'a FirmDb,
    query: DeleteMany<E>,
}

impl<E: FirmOwned> QueryFilter for FirmDelete<'_, E> {
    type QueryStatement = DeleteStatement;

    fn query(&mut self) -> &mut DeleteStatement {
        QueryFilter::query(&mut self.query)
    }
}

impl<E: FirmOwned> FirmDelete<'_, E> {
    /// Runs the delete and records each row it removed; returns how many it removed.
    pub async fn exec(self) -> Result<u64, DbErr> {
        self.db.writable()?;
        let rows = self.query.exec_with_returning(&self.db.tx).await?;
        self.db.record_rows::<E>("delete", &rows, &[]);
        Ok(rows.len() as u64)
    }
}
