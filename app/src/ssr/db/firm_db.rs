//! [`FirmDb`]: the only way to firm data. It wraps one transaction, scopes every query and insert
//! to its firm, and on PostgreSQL starts the transaction with `set_config('app.firm_id', ..,
//! true)` so row-level security holds as a second wall. The setting is transaction-local, so it
//! never leaks to the next user of a pooled connection.

use sea_orm::DeriveIden;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
use sea_orm::{
    ActiveModelBehavior, ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, DbBackend, DbErr, DeleteMany, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter, Select, Statement, TransactionTrait, UpdateMany,
};
use uuid::Uuid;

use crate::error::AppError;
use crate::ssr::errors::respond;

/// An entity whose rows belong to one firm: primary key `(firm_id, id)`.
pub trait FirmOwned: EntityTrait {
    /// The `firm_id` column.
    fn firm_column() -> Self::Column;
    /// The `id` column.
    fn id_column() -> Self::Column;
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

/// A transaction bound to one firm.
pub struct FirmDb {
    tx: DatabaseTransaction,
    firm_id: Uuid,
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
        Ok(FirmDb { tx, firm_id })
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

    /// An update of rows of `E` in this firm, to filter further.
    pub fn update_many<E: FirmOwned>(&self) -> UpdateMany<E> {
        E::update_many().filter(E::firm_column().eq(self.firm_id))
    }

    /// A delete of rows of `E` in this firm, to filter further.
    pub fn delete_many<E: FirmOwned>(&self) -> DeleteMany<E> {
        E::delete_many().filter(E::firm_column().eq(self.firm_id))
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
        row.set(<A::Entity as FirmOwned>::firm_column(), self.firm_id.into());
        row.insert(&self.tx).await
    }

    /// Updates a row of this firm by id; `NotFound` if the firm has no such row.
    pub async fn update<A>(&self, mut row: A) -> Result<<A::Entity as EntityTrait>::Model, AppError>
    where
        A: ActiveModelTrait + ActiveModelBehavior + Send,
        A::Entity: FirmOwned,
        <A::Entity as EntityTrait>::Model: IntoActiveModel<A>,
    {
        row.set(<A::Entity as FirmOwned>::firm_column(), self.firm_id.into());
        Ok(row.update(&self.tx).await?)
    }

    /// The next number of the firm's `kind` sequence for `year` (1 for the first). The counter
    /// row stays locked until the transaction ends, so concurrent callers queue; a rollback
    /// gives the number back. Numbers are therefore unique and without gaps.
    pub async fn next_number(&self, kind: &str, year: i32) -> Result<i64, AppError> {
        let upsert = Query::insert()
            .into_table(FirmSequences::Table)
            .columns([
                FirmSequences::FirmId,
                FirmSequences::Kind,
                FirmSequences::Year,
                FirmSequences::Last,
            ])
            .values_panic([self.firm_id.into(), kind.into(), year.into(), 1i64.into()])
            .on_conflict(
                OnConflict::columns([
                    FirmSequences::FirmId,
                    FirmSequences::Kind,
                    FirmSequences::Year,
                ])
                .value(
                    FirmSequences::Last,
                    Expr::col((FirmSequences::Table, FirmSequences::Last)).add(1),
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
        Ok(row.try_get::<i64>("", "last")?)
    }

    /// Ends the request's work: commits if `result` is `Ok`, rolls back otherwise, and sets the
    /// HTTP status of an error. Nothing is half-written after an error.
    pub async fn finish<T>(self, result: Result<T, AppError>) -> Result<T, AppError> {
        let result = match result {
            Ok(value) => self
                .tx
                .commit()
                .await
                .map(|()| value)
                .map_err(AppError::from),
            Err(err) => {
                let _ = self.tx.rollback().await;
                Err(err)
            }
        };
        respond(result)
    }

    /// Commits the transaction.
    pub async fn commit(self) -> Result<(), DbErr> {
        self.tx.commit().await
    }
}
