//! The hash chain: each entry's hash covers the firm's previous entry's hash and every field of
//! its own, so changing, removing or reordering any entry breaks every hash after it.
//! [`append`] writes a transaction's entries; [`verify`] walks a firm's whole chain.

use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde_json::Value as Json;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::AuditContext;
use crate::ssr::db::entities::audit_entries;
use crate::ssr::db::new_id;

/// The `prev_hash` of a firm's first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The counter (`firm_sequences` kind) that numbers a firm's entries.
pub const SEQUENCE: &str = "audit";

/// An entry recorded during a transaction, not yet numbered or chained.
#[derive(Clone, Debug)]
pub struct Pending {
    /// Unix milliseconds.
    pub at: i64,
    /// Who and from where.
    pub context: AuditContext,
    /// `create`, `update`, `delete` or an event name.
    pub action: String,
    /// The table or kind of thing.
    pub entity: String,
    /// Its id.
    pub entity_id: Option<String>,
    /// The changed fields or the event's details.
    pub changes: Json,
}

/// The SHA-256 (hex) of an entry, over its predecessor's hash and its own fields.
pub fn hash_of(entry: &audit_entries::Model) -> String {
    let fields = serde_json::json!([
        entry.firm_id.to_string(),
        entry.seq,
        entry.at,
        entry.actor_kind,
        entry.actor_id.map(|id| id.to_string()),
        entry.actor_name,
        entry.action,
        entry.entity,
        entry.entity_id,
        entry.changes,
        entry.request_id,
        entry.client_addr,
        entry.user_agent,
    ]);
    let mut hasher = Sha256::new();
    hasher.update(entry.prev_hash.as_bytes());
    hasher.update(b"\n");
    hasher.update(fields.to_string().as_bytes());
    hex::encode(hasher.finalize())
}

/// Numbers, chains and inserts `pending` as the firm's next entries, on `conn` (the firm's
/// transaction, whose `firm_sequences` row for [`SEQUENCE`] the caller has just bumped to
/// `last`, so no other transaction can append meanwhile).
pub async fn append<C: ConnectionTrait>(
    conn: &C,
    firm_id: Uuid,
    last: i64,
    pending: Vec<Pending>,
) -> Result<(), DbErr> {
    let first = last - pending.len() as i64 + 1;
    let mut prev_hash = if first == 1 {
        GENESIS.to_string()
    } else {
        audit_entries::Entity::find()
            .filter(audit_entries::Column::FirmId.eq(firm_id))
            .filter(audit_entries::Column::Seq.eq(first - 1))
            .one(conn)
            .await?
            .map(|e| e.hash)
            .ok_or_else(|| DbErr::RecordNotFound(format!("audit entry {}", first - 1)))?
    };
    let mut rows = Vec::with_capacity(pending.len());
    for (i, p) in pending.into_iter().enumerate() {
        let mut entry = audit_entries::Model {
            firm_id,
            id: new_id(),
            seq: first + i as i64,
            at: p.at,
            actor_kind: p.context.actor.kind().to_string(),
            actor_id: p.context.actor.id(),
            actor_name: p.context.actor.name().chars().take(200).collect(),
            action: p.action,
            entity: p.entity,
            entity_id: p.entity_id,
            changes: p.changes.to_string(),
            request_id: p.context.request.request_id,
            client_addr: p.context.request.client_addr,
            user_agent: p.context.request.user_agent,
            prev_hash,
            hash: String::new(),
        };
        entry.hash = hash_of(&entry);
        prev_hash = entry.hash.clone();
        rows.push(active(entry));
    }
    audit_entries::Entity::insert_many(rows)
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

fn active(e: audit_entries::Model) -> audit_entries::ActiveModel {
    audit_entries::ActiveModel {
        firm_id: Set(e.firm_id),
        id: Set(e.id),
        seq: Set(e.seq),
        at: Set(e.at),
        actor_kind: Set(e.actor_kind),
        actor_id: Set(e.actor_id),
        actor_name: Set(e.actor_name),
        action: Set(e.action),
        entity: Set(e.entity),
        entity_id: Set(e.entity_id),
        changes: Set(e.changes),
        request_id: Set(e.request_id),
        client_addr: Set(e.client_addr),
        user_agent: Set(e.user_agent),
        prev_hash: Set(e.prev_hash),
        hash: Set(e.hash),
    }
}

/// What [`verify`] found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verification {
    /// Entries checked.
    pub entries: i64,
    /// What is wrong, first break first; empty when the chain is whole.
    pub problems: Vec<String>,
}

impl Verification {
    /// Whether the chain is whole.
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// How many entries [`verify`] reads at a time.
const BATCH: u64 = 1000;

/// Walks the firm's whole chain in order: every entry must follow its predecessor's number and
/// hash and hash to what it says, and there must be as many entries as the firm's counter has
/// handed out. Run on a connection that sees the firm's rows (the owner, or a firm transaction).
pub async fn verify<C: ConnectionTrait>(conn: &C, firm_id: Uuid) -> Result<Verification, DbErr> {
    let mut problems = Vec::new();
    let mut expected_seq = 1i64;
    let mut prev_hash = GENESIS.to_string();
    let mut offset = 0u64;
    loop {
        let batch = audit_entries::Entity::find()
            .filter(audit_entries::Column::FirmId.eq(firm_id))
            .order_by_asc(audit_entries::Column::Seq)
            .offset(offset)
            .limit(BATCH)
            .all(conn)
            .await?;
        if batch.is_empty() {
            break;
        }
        offset += batch.len() as u64;
        for entry in batch {
            if entry.seq != expected_seq {
                problems.push(format!(
                    "entry {expected_seq} is missing or out of order (found {} in its place)",
                    entry.seq
                ));
            }
            if entry.prev_hash != prev_hash {
                problems.push(format!(
                    "entry {} does not follow the entry before it (removed, reordered or altered)",
                    entry.seq
                ));
            }
            if hash_of(&entry) != entry.hash {
                problems.push(format!(
                    "entry {} was altered after it was written",
                    entry.seq
                ));
            }
            expected_seq = entry.seq + 1;
            prev_hash = entry.hash;
        }
    }
    let entries = expected_seq - 1;
    let issued = issued(conn, firm_id).await?;
    if issued != entries {
        problems.push(format!(
            "the firm's counter has issued {issued} entries but the chain ends at {entries} (entries removed from the end)"
        ));
    }
    Ok(Verification { entries, problems })
}

/// How many entries the firm's counter has handed out.
async fn issued<C: ConnectionTrait>(conn: &C, firm_id: Uuid) -> Result<i64, DbErr> {
    let query = Query::select()
        .column(sea_orm::sea_query::Alias::new("last"))
        .from(sea_orm::sea_query::Alias::new("firm_sequences"))
        .and_where(Expr::col(sea_orm::sea_query::Alias::new("firm_id")).eq(firm_id))
        .and_where(Expr::col(sea_orm::sea_query::Alias::new("kind")).eq(SEQUENCE))
        .to_owned();
    Ok(match conn.query_one(&query).await? {
        Some(row) => row.try_get::<i64>("", "last")?,
        None => 0,
    })
}
