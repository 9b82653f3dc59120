//! Sessions: a tower-sessions store in Docket's own database (sessions survive a restart), and
//! what a signed-in session holds.
//!
//! A small SeaORM store rather than `tower-sessions-sqlx-store`: that crate pulls a second sqlx
//! version and pool into the binary. Ids are stored only as SHA-256 hashes.

use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};
use uuid::Uuid;

use super::db::entities::sessions;

/// The session key under which [`SignedIn`] is kept.
pub const SIGNED_IN: &str = "signed_in";

/// How long a session lasts after sign-in, however active (absolute timeout).
pub const ABSOLUTE_TIMEOUT_SECS: i64 = 12 * 60 * 60;

/// Who a session belongs to, written at sign-in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedIn {
    /// The firm the user signed in to; the session is worthless on any other host.
    pub firm_id: Uuid,
    /// The user.
    pub user_id: Uuid,
    /// Unix seconds of the sign-in, for the absolute timeout.
    pub at: i64,
}

/// The session key under which [`SecondStep`] is kept.
pub const SECOND_STEP: &str = "second_step";

/// A sign-in halfway through: the password was right and the user's second factor is awaited.
/// Grants nothing; it only lets `auth/two-factor` finish the sign-in for a short while.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecondStep {
    /// The firm signed in to.
    pub firm_id: Uuid,
    /// The user whose code is awaited.
    pub user_id: Uuid,
    /// Unix seconds of the password step.
    pub at: i64,
    /// Where to go once signed in (already a safe local path).
    pub next: String,
}

/// Whether a sign-in made at `at` is past the absolute timeout at `now` (unix seconds).
pub fn past_absolute_timeout(at: i64, now: i64) -> bool {
    now - at >= ABSOLUTE_TIMEOUT_SECS
}

/// The session store on Docket's database.
#[derive(Clone)]
pub struct DbSessionStore {
    db: DatabaseConnection,
}

impl std::fmt::Debug for DbSessionStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DbSessionStore")
    }
}

impl DbSessionStore {
    /// A store on `db`.
    pub fn new(db: DatabaseConnection) -> Self {
        DbSessionStore { db }
    }
}

fn id_hash(id: &Id) -> String {
    hex::encode(Sha256::digest(id.to_string().as_bytes()))
}

fn backend(err: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(err.to_string())
}

fn row(record: &Record) -> session_store::Result<sessions::ActiveModel> {
    let signed_in = record
        .data
        .get(SIGNED_IN)
        .and_then(|v| serde_json::from_value::<SignedIn>(v.clone()).ok());
    Ok(sessions::ActiveModel {
        id_hash: Set(id_hash(&record.id)),
        firm_id: Set(signed_in.as_ref().map(|s| s.firm_id)),
        user_id: Set(signed_in.as_ref().map(|s| s.user_id)),
        record: Set(serde_json::to_string(record)
            .map_err(|e| session_store::Error::Encode(e.to_string()))?),
        expires_at: Set(record.expiry_date.unix_timestamp()),
    })
}

#[async_trait::async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        // A fresh id until one is free: never overwrite another session.
        loop {
            let inserted = sessions::Entity::insert(row(record)?)
                .on_conflict(
                    OnConflict::column(sessions::Column::IdHash)
                        .do_nothing()
                        .to_owned(),
                )
                .exec_without_returning(&self.db)
                .await;
            match inserted {
                Ok(1) => return Ok(()),
                Ok(_) | Err(sea_orm::DbErr::RecordNotInserted) => {}
                Err(err) => return Err(backend(err)),
            }
            record.id = Id::default();
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        sessions::Entity::insert(row(record)?)
            .on_conflict(
                OnConflict::column(sessions::Column::IdHash)
                    .update_columns([
                        sessions::Column::FirmId,
                        sessions::Column::UserId,
                        sessions::Column::Record,
                        sessions::Column::ExpiresAt,
                    ])
                    .to_owned(),
            )
            .exec_without_returning(&self.db)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let now = time_now();
        let Some(found) = sessions::Entity::find_by_id(id_hash(id))
            .filter(sessions::Column::ExpiresAt.gt(now))
            .one(&self.db)
            .await
            .map_err(backend)?
        else {
            return Ok(None);
        };
        serde_json::from_str(&found.record)
            .map(Some)
            .map_err(|e| session_store::Error::Decode(e.to_string()))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        sessions::Entity::delete_by_id(id_hash(id))
            .exec(&self.db)
            .await
            .map_err(backend)?;
        Ok(())
    }
}

#[async_trait::async_trait]
impl ExpiredDeletion for DbSessionStore {
    async fn delete_expired(&self) -> session_store::Result<()> {
        sessions::Entity::delete_many()
            .filter(sessions::Column::ExpiresAt.lte(time_now()))
            .exec(&self.db)
            .await
            .map_err(backend)?;
        Ok(())
    }
}

/// Ends every session of a user (after a password change, or when they sign out everywhere).
pub async fn end_all_for_user(
    db: &DatabaseConnection,
    firm_id: Uuid,
    user_id: Uuid,
) -> Result<u64, sea_orm::DbErr> {
    let result = sessions::Entity::delete_many()
        .filter(sessions::Column::FirmId.eq(firm_id))
        .filter(sessions::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}

/// Ends every session of a firm's users (when the firm is suspended), on `conn`.
pub async fn end_all_for_firm<C: sea_orm::ConnectionTrait>(
    conn: &C,
    firm_id: Uuid,
) -> Result<u64, sea_orm::DbErr> {
    let result = sessions::Entity::delete_many()
        .filter(sessions::Column::FirmId.eq(firm_id))
        .exec(conn)
        .await?;
    Ok(result.rows_affected)
}

/// The current time in unix seconds.
pub fn time_now() -> i64 {
    chrono::Utc::now().timestamp()
}
