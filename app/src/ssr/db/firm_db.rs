//! [`FirmDb`]: the only way to firm data. It wraps one transaction, scopes every query and insert
//! to its firm, and on PostgreSQL starts the transaction with `set_config('app.firm_id', ..,
//! true)` so row-level security holds as a second wall. The setting is transaction-local, so it
//! never leaks to the next user of a pooled connection.

use sea_orm::{
    ActiveModelBehavior, ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, DbBackend, DbErr, DeleteMany, EntityTrait, IntoActiveModel, QueryFilter,
    Select, Statement, TransactionTrait, UpdateMany,
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

    /// The row of `E` with this id in this firm, or `NotFound`.
    pub async fn get<E: FirmOwned>(&self, id: Uuid) -> Result<E::Model, AppError> {
        self.find::<E>()
            .filter(E::id_column().eq(id))
            .one(&self.tx)
            .await?
            .ok_or(AppError::NotFound)
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
