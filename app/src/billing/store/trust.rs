//! Trust accounting: money held for clients, per matter. The journal (`trust_entries`) is
//! append-only — a correction is a reversing entry — and each matter's running balance
//! (`trust_balances`) is changed only by a single conditional update that refuses to go below
//! zero, so concurrent disbursements can never overdraw it (the database also checks
//! `balance >= 0`).

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, OnConflict, Query};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, ExprTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::{invalid, invoice_refs, matter_ref, matter_refs, today, user_names, visible_ids};
use crate::auth::Permission;
use crate::billing::model::{
    Reconciliation, TrustBalance, TrustEntry, TrustForm, TrustKind, TrustLedger,
};
use crate::billing::money::{format_money, parse_money};
use crate::error::AppError;
use crate::ssr::auth::CurrentUser;
use crate::ssr::db::entities::{clients, matters, trust_balances, trust_entries};
use crate::ssr::db::{FirmDb, new_id, now};

/// One change to a matter's trust money.
pub struct Posting {
    /// What it records.
    pub kind: TrustKind,
    /// Signed minor units: positive into trust, negative out.
    pub amount: i64,
    /// The day.
    pub entered_on: NaiveDate,
    /// What it was for.
    pub description: String,
    /// Check number, transfer reference.
    pub reference: String,
    /// The invoice a transfer pays.
    pub invoice_id: Option<Uuid>,
    /// The entry a reversal reverses.
    pub reverses_id: Option<Uuid>,
}

/// Posts `posting` to `matter`'s trust: moves its balance (refusing to go below zero) and
/// appends the journal entry with the balance after it.
pub async fn post(
    firm: &FirmDb,
    me: &CurrentUser,
    matter: &matters::Model,
    posting: Posting,
) -> Result<trust_entries::Model, AppError> {
    let balance = trust_balances::Column::Balance;
    let statement = if posting.amount >= 0 {
        firm.conn()
            .query_one(
                Query::insert()
                    .into_table(trust_balances::Entity)
                    .columns([
                        trust_balances::Column::FirmId,
                        trust_balances::Column::Id,
                        trust_balances::Column::ClientId,
                        trust_balances::Column::MatterId,
                        balance,
                    ])
                    .values_panic([
                        firm.firm_id().into(),
                        new_id().into(),
                        matter.client_id.into(),
                        matter.id.into(),
                        posting.amount.into(),
                    ])
                    .on_conflict(
                        OnConflict::columns([
                            trust_balances::Column::FirmId,
                            trust_balances::Column::MatterId,
                        ])
                        .value(
                            balance,
                            Expr::col((trust_balances::Entity, balance)).add(posting.amount),
                        )
                        .to_owned(),
                    )
                    .returning_col(balance),
            )
            .await?
    } else {
        firm.conn()
            .query_one(
                Query::update()
                    .table(trust_balances::Entity)
                    .value(balance, Expr::col(balance).add(posting.amount))
                    .and_where(trust_balances::Column::FirmId.eq(firm.firm_id()))
                    .and_where(trust_balances::Column::MatterId.eq(matter.id))
                    .and_where(Expr::col(balance).add(posting.amount).gte(0))
                    .returning_col(balance),
            )
            .await?
    };
    let after: i64 = match statement {
        Some(row) => row.try_get("", "balance")?,
        None => {
            let held = held(firm, matter.id).await?;
            return Err(invalid(
                "amount",
                format!(
                    "Only {} is held in trust for this matter; a trust balance can never go below zero.",
                    format_money(held, &super::settings::load(firm).await?.currency)
                ),
            ));
        }
    };
    Ok(firm
        .insert(trust_entries::ActiveModel {
            id: Set(new_id()),
            client_id: Set(matter.client_id),
            matter_id: Set(matter.id),
            kind: Set(posting.kind.as_str().into()),
            entered_on: Set(posting.entered_on),
            amount: Set(posting.amount),
            balance_after: Set(after),
            description: Set(posting.description),
            reference: Set(posting.reference),
            invoice_id: Set(posting.invoice_id),
            reverses_id: Set(posting.reverses_id),
            recorded_by: Set(me.id),
            created_at: Set(now()),
            ..Default::default()
        })
        .await?)
}

/// What `matter_id` holds in trust now.
async fn held(firm: &FirmDb, matter_id: Uuid) -> Result<i64, AppError> {
    Ok(firm
        .find::<trust_balances::Entity>()
        .filter(trust_balances::Column::MatterId.eq(matter_id))
        .one(firm.conn())
        .await?
        .map_or(0, |b| b.balance))
}

async fn record(
    firm: &FirmDb,
    me: &CurrentUser,
    form: &TrustForm,
    kind: TrustKind,
) -> Result<TrustLedger, AppError> {
    let currency = super::settings::load(firm).await?.currency;
    let valid = form.validate(&currency)?;
    let matter = crate::matters::store::reach(firm, me, valid.matter_id).await?;
    let amount = if kind == TrustKind::Deposit {
        valid.amount
    } else {
        -valid.amount
    };
    post(
        firm,
        me,
        &matter,
        Posting {
            kind,
            amount,
            entered_on: valid.entered_on,
            description: valid.description,
            reference: valid.reference,
            invoice_id: None,
            reverses_id: None,
        },
    )
    .await?;
    ledger(firm, me, matter.client_id).await
}

/// Records a deposit.
pub async fn deposit(
    firm: &FirmDb,
    me: &CurrentUser,
    form: &TrustForm,
) -> Result<TrustLedger, AppError> {
    record(firm, me, form, TrustKind::Deposit).await
}

/// Records a disbursement.
pub async fn disburse(
    firm: &FirmDb,
    me: &CurrentUser,
    form: &TrustForm,
) -> Result<TrustLedger, AppError> {
    record(firm, me, form, TrustKind::Disbursement).await
}

/// Reverses entry `entry_id` with an opposite entry.
pub async fn reverse(
    firm: &FirmDb,
    me: &CurrentUser,
    entry_id: Uuid,
    reason: &str,
) -> Result<TrustLedger, AppError> {
    let entry = firm.get::<trust_entries::Entity>(entry_id).await?;
    let matter = crate::matters::store::reach(firm, me, entry.matter_id).await?;
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 500 {
        return Err(invalid(
            "reason",
            "Record why the entry is reversed, in 1 to 500 characters.",
        ));
    }
    if entry.kind == TrustKind::Reversal.as_str() {
        return Err(invalid(
            "entry",
            "A reversal cannot itself be reversed; record a new entry instead.",
        ));
    }
    if entry.invoice_id.is_some() {
        return Err(invalid(
            "entry",
            "This transfer paid an invoice and cannot be reversed.",
        ));
    }
    let reversed = firm
        .find::<trust_entries::Entity>()
        .filter(trust_entries::Column::ReversesId.eq(entry.id))
        .one(firm.conn())
        .await?
        .is_some();
    if reversed {
        return Err(invalid("entry", "This entry was reversed already."));
    }
    post(
        firm,
        me,
        &matter,
        Posting {
            kind: TrustKind::Reversal,
            amount: -entry.amount,
            entered_on: today(firm).await?,
            description: format!("Reversal: {reason}"),
            reference: entry.reference.clone(),
            invoice_id: None,
            reverses_id: Some(entry.id),
        },
    )
    .await?;
    ledger(firm, me, matter.client_id).await
}

/// Client `client_id`'s ledger: the matters `me` may see, their balances and entries.
pub async fn ledger(
    firm: &FirmDb,
    me: &CurrentUser,
    client_id: Uuid,
) -> Result<TrustLedger, AppError> {
    let client = firm.get::<clients::Entity>(client_id).await?;
    let client_matters = crate::matters::store::visible(firm, me)
        .filter(matters::Column::ClientId.eq(client.id))
        .order_by_asc(matters::Column::Number)
        .all(firm.conn())
        .await?;
    let ids: Vec<Uuid> = client_matters.iter().map(|m| m.id).collect();
    let balances: HashMap<Uuid, i64> = firm
        .find::<trust_balances::Entity>()
        .filter(trust_balances::Column::MatterId.is_in(ids.clone()))
        .all(firm.conn())
        .await?
        .into_iter()
        .map(|b| (b.matter_id, b.balance))
        .collect();
    let rows = firm
        .find::<trust_entries::Entity>()
        .filter(trust_entries::Column::MatterId.is_in(ids))
        .order_by_desc(trust_entries::Column::CreatedAt)
        .order_by_desc(trust_entries::Column::Id)
        .all(firm.conn())
        .await?;
    let reversed: HashSet<Uuid> = rows.iter().filter_map(|r| r.reverses_id).collect();
    let refs = matter_refs(firm, rows.iter().map(|r| r.matter_id)).await?;
    let names = user_names(firm, rows.iter().map(|r| r.recorded_by)).await?;
    let invoices = invoice_refs(firm, rows.iter().filter_map(|r| r.invoice_id)).await?;
    let matters: Vec<_> = client_matters
        .iter()
        .map(|m| (matter_ref(m), balances.get(&m.id).copied().unwrap_or(0)))
        .collect();
    Ok(TrustLedger {
        client_id: client.id,
        client_name: client.name,
        currency: super::settings::load(firm).await?.currency,
        balance: matters.iter().map(|(_, b)| b).sum(),
        matters,
        entries: rows
            .into_iter()
            .filter_map(|r| {
                Some(TrustEntry {
                    id: r.id,
                    matter: refs.get(&r.matter_id)?.clone(),
                    kind: TrustKind::parse(&r.kind)?,
                    entered_on: r.entered_on,
                    amount: r.amount,
                    balance_after: r.balance_after,
                    reversed: reversed.contains(&r.id),
                    description: r.description,
                    reference: r.reference,
                    invoice: r.invoice_id.and_then(|id| invoices.get(&id).cloned()),
                    recorded_by: names.get(&r.recorded_by).cloned().unwrap_or_default(),
                })
            })
            .collect(),
    })
}

/// Every client's trust balance over the matters `me` may see (clients holding nothing left
/// out), by name.
pub async fn balances(firm: &FirmDb, me: &CurrentUser) -> Result<Vec<TrustBalance>, AppError> {
    let rows = firm
        .find::<trust_balances::Entity>()
        .filter(trust_balances::Column::MatterId.in_subquery(visible_ids(firm, me)))
        .all(firm.conn())
        .await?;
    let mut per_client: HashMap<Uuid, i64> = HashMap::new();
    for row in rows {
        *per_client.entry(row.client_id).or_default() += row.balance;
    }
    client_balances(firm, per_client).await
}

async fn client_balances(
    firm: &FirmDb,
    per_client: HashMap<Uuid, i64>,
) -> Result<Vec<TrustBalance>, AppError> {
    let names = super::client_names(firm, per_client.keys().copied()).await?;
    let mut list: Vec<TrustBalance> = per_client
        .into_iter()
        .filter(|(_, balance)| *balance != 0)
        .map(|(client_id, balance)| TrustBalance {
            client_name: names.get(&client_id).cloned().unwrap_or_default(),
            client_id,
            balance,
        })
        .collect();
    list.sort_by(|a, b| a.client_name.cmp(&b.client_name));
    Ok(list)
}

/// The three-way reconciliation at `date` against the bank's balance: the bank statement, the
/// trust journal (every entry to the date, summed) and the client ledgers (each client's
/// entries to the date, summed per client); for today or later the running balances are
/// checked against the journal too. The report covers the whole firm, so it needs
/// `matters.all`.
pub async fn reconcile(
    firm: &FirmDb,
    me: &CurrentUser,
    date: &str,
    bank: &str,
) -> Result<Reconciliation, AppError> {
    if !me.can(Permission::MattersAll) {
        return Err(AppError::Forbidden);
    }
    let currency = super::settings::load(firm).await?.currency;
    let statement_date = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").map_err(|_| {
        invalid(
            "statement_date",
            "Enter the statement's date like 2026-03-31.",
        )
    })?;
    let bank_balance = parse_money(bank, &currency).map_err(|m| invalid("bank_balance", m))?;
    let rows = firm
        .find::<trust_entries::Entity>()
        .filter(trust_entries::Column::EnteredOn.lte(statement_date))
        .all(firm.conn())
        .await?;
    let ledger_total: i64 = rows.iter().map(|r| r.amount).sum();
    let mut per_client: HashMap<Uuid, i64> = HashMap::new();
    let mut per_matter: HashMap<Uuid, i64> = HashMap::new();
    for r in &rows {
        *per_client.entry(r.client_id).or_default() += r.amount;
        *per_matter.entry(r.matter_id).or_default() += r.amount;
    }
    let clients = client_balances(firm, per_client.clone()).await?;
    let client_total: i64 = per_client.values().sum();
    let money = |n: i64| format_money(n, &currency);
    let mut differences = Vec::new();
    if bank_balance != ledger_total {
        let gap = bank_balance - ledger_total;
        differences.push(format!(
            "The bank statement shows {} {} than the trust journal ({} against {}).",
            money(gap.abs()),
            if gap > 0 { "more" } else { "less" },
            money(bank_balance),
            money(ledger_total),
        ));
    }
    if client_total != ledger_total {
        differences.push(format!(
            "The client ledgers add up to {}, the trust journal to {}.",
            money(client_total),
            money(ledger_total)
        ));
    }
    if statement_date >= today(firm).await? {
        let running = firm
            .find::<trust_balances::Entity>()
            .all(firm.conn())
            .await?;
        let refs = matter_refs(firm, running.iter().map(|b| b.matter_id)).await?;
        for b in running {
            let journal = per_matter.get(&b.matter_id).copied().unwrap_or(0);
            if journal != b.balance {
                let label = refs
                    .get(&b.matter_id)
                    .map(|m| m.label())
                    .unwrap_or_default();
                differences.push(format!(
                    "Matter {label}: its balance is {} but its entries add up to {}.",
                    money(b.balance),
                    money(journal)
                ));
            }
        }
    }
    Ok(Reconciliation {
        statement_date,
        currency: currency.clone(),
        bank_balance,
        ledger_total,
        client_total,
        clients,
        differences,
    })
}
