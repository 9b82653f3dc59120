//! Invoices: drafts made from unbilled work (or empty) and edited line by line; issuing gives
//! the next `INV-{year}-{nnnn}` number (gap-free, see [`FirmDb::next_number`]) and freezes the
//! invoice, its lines and the work on it. To change an issued invoice, void it and reissue.

use chrono::{Datelike, Duration, NaiveDate};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait, Select,
};
use uuid::Uuid;

use super::{invalid, invoice_ref, matter_ref, matter_refs, today, user_names, visible_ids};
use crate::billing::model::{
    FeeKind, INVOICES_PER_PAGE, Invoice, InvoiceLine, InvoicePage, InvoiceStatus, InvoiceSummary,
    LineForm, LineKind, NewInvoiceForm, Payment, ValidLine, is_on,
};
use crate::billing::money::{billed_minutes, parse_percent, time_amount, totals};
use crate::error::{AppError, is_plausible_email};
use crate::ssr::auth::CurrentUser;
use crate::ssr::db::entities::{
    clients, expenses, invoice_lines, invoice_matters, invoices, matters, payments, time_entries,
    trust_balances,
};
use crate::ssr::db::{FirmDb, new_id, now};

const LOCKED: &str =
    "This invoice was issued and can no longer change. Void it and reissue it to correct it.";

/// The invoices `me` may see: those whose matters are all ones `me` may see
/// ([`crate::matters::store::visible`]).
pub fn visible(firm: &FirmDb, me: &CurrentUser) -> Select<invoices::Entity> {
    let hidden = invoice_matters::Entity::find()
        .select_only()
        .column(invoice_matters::Column::InvoiceId)
        .filter(invoice_matters::Column::FirmId.eq(firm.firm_id()))
        .filter(invoice_matters::Column::MatterId.not_in_subquery(visible_ids(firm, me)))
        .into_query();
    firm.find::<invoices::Entity>()
        .filter(invoices::Column::Id.not_in_subquery(hidden))
}

/// The invoice `id` if `me` may see it, else `NotFound`.
pub async fn reach(firm: &FirmDb, me: &CurrentUser, id: Uuid) -> Result<invoices::Model, AppError> {
    visible(firm, me)
        .filter(invoices::Column::Id.eq(id))
        .one(firm.conn())
        .await?
        .ok_or(AppError::NotFound)
}

async fn reach_draft(
    firm: &FirmDb,
    me: &CurrentUser,
    id: Uuid,
) -> Result<invoices::Model, AppError> {
    let invoice = reach(firm, me, id).await?;
    if invoice.status != InvoiceStatus::Draft.as_str() {
        return Err(invalid("invoice", LOCKED));
    }
    Ok(invoice)
}

fn status(invoice: &invoices::Model) -> InvoiceStatus {
    InvoiceStatus::parse(&invoice.status).unwrap_or(InvoiceStatus::Draft)
}

/// A page of the invoices `me` may see, newest first.
pub async fn list(
    firm: &FirmDb,
    me: &CurrentUser,
    status_filter: &str,
    client_id: Option<Uuid>,
    page: u64,
) -> Result<InvoicePage, AppError> {
    let mut query = visible(firm, me);
    if !status_filter.is_empty() {
        let wanted = InvoiceStatus::parse(status_filter).ok_or_else(|| {
            invalid(
                "status",
                "Choose draft, issued, partially paid, paid or void.",
            )
        })?;
        query = query.filter(invoices::Column::Status.eq(wanted.as_str()));
    }
    if let Some(client) = client_id {
        query = query.filter(invoices::Column::ClientId.eq(client));
    }
    let query = query
        .order_by_desc(invoices::Column::CreatedAt)
        .order_by_desc(invoices::Column::Id);
    let found = firm.page(query, INVOICES_PER_PAGE, page).await?;
    let names = super::client_names(firm, found.rows.iter().map(|i| i.client_id)).await?;
    Ok(InvoicePage {
        currency: super::settings::load(firm).await?.currency,
        items: found
            .rows
            .into_iter()
            .map(|i| InvoiceSummary {
                id: i.id,
                status: status(&i),
                client_name: names.get(&i.client_id).cloned().unwrap_or_default(),
                number: i.number,
                client_id: i.client_id,
                issued_on: i.issued_on,
                due_on: i.due_on,
                total: i.total,
                balance: if i.status == "void" {
                    0
                } else {
                    i.total - i.paid
                },
            })
            .collect(),
        page: found.page,
        pages: found.pages,
        total: found.total,
    })
}

/// The matters of client `client_id` that `me` may see, for the new-invoice form.
pub async fn client_matters(
    firm: &FirmDb,
    me: &CurrentUser,
    client_id: Uuid,
) -> Result<Vec<crate::billing::MatterRef>, AppError> {
    let client = firm.get::<clients::Entity>(client_id).await?;
    Ok(crate::matters::store::visible(firm, me)
        .filter(matters::Column::ClientId.eq(client.id))
        .order_by_desc(matters::Column::Number)
        .all(firm.conn())
        .await?
        .iter()
        .map(matter_ref)
        .collect())
}

fn optional_date(field: &str, raw: &str) -> Result<Option<NaiveDate>, AppError> {
    match raw.trim() {
        "" => Ok(None),
        text => NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| invalid(field, "Enter a date like 2026-03-31.")),
    }
}

/// Creates a draft for a client, from its unbilled work in the range or empty.
pub async fn create(
    firm: &FirmDb,
    me: &CurrentUser,
    form: &NewInvoiceForm,
) -> Result<Invoice, AppError> {
    let client_id = Uuid::parse_str(form.client_id.trim())
        .map_err(|_| invalid("client_id", "Choose the client to bill."))?;
    let client = firm.get::<clients::Entity>(client_id).await?;
    let from = optional_date("from", &form.from)?;
    let to = match optional_date("to", &form.to)? {
        Some(to) => to,
        None => today(firm).await?,
    };
    if from.is_some_and(|from| from > to) {
        return Err(invalid(
            "to",
            "The end of the period must not be before its start.",
        ));
    }
    let empty = is_on(&form.empty);
    let mut chosen = Vec::new();
    for raw in &form.matter_ids {
        let id = Uuid::parse_str(raw.trim())
            .map_err(|_| invalid("matter_ids", "Choose the matters to bill."))?;
        let matter = crate::matters::store::reach(firm, me, id).await?;
        if matter.client_id != client.id {
            return Err(invalid("matter_ids", "Choose matters of this client only."));
        }
        if !chosen.iter().any(|m: &matters::Model| m.id == matter.id) {
            chosen.push(matter);
        }
    }
    if chosen.is_empty() {
        chosen = crate::matters::store::visible(firm, me)
            .filter(matters::Column::ClientId.eq(client.id))
            .order_by_asc(matters::Column::Number)
            .all(firm.conn())
            .await?;
    }
    if chosen.is_empty() {
        return Err(invalid(
            "matter_ids",
            "This client has no matter to bill. Open a matter for them first.",
        ));
    }
    let settings = super::settings::load(firm).await?;
    let invoice = start_draft(
        firm,
        me,
        DraftStart {
            client_id: client.id,
            currency: settings.currency.clone(),
            // A period is printed only when the work was chosen by one.
            period: (from.filter(|_| !empty), from.filter(|_| !empty).map(|_| to)),
            discount_bp: 0,
            notes: String::new(),
            replaces_id: None,
            matter_ids: chosen.iter().map(|m| m.id).collect(),
        },
    )
    .await?;
    if !empty {
        bill_unbilled(
            firm,
            &invoice,
            &chosen,
            from,
            to,
            settings.increment_minutes,
        )
        .await?;
        let lines = firm
            .find::<invoice_lines::Entity>()
            .filter(invoice_lines::Column::InvoiceId.eq(invoice.id))
            .count(firm.conn())
            .await?;
        if lines == 0 {
            return Err(invalid(
                "matter_ids",
                "There is no unbilled work on these matters in that period. Widen the period, or start an empty invoice.",
            ));
        }
    }
    recalculate(firm, invoice.id).await?;
    get(firm, me, invoice.id).await
}

/// What a new draft starts with.
struct DraftStart {
    client_id: Uuid,
    currency: String,
    period: (Option<NaiveDate>, Option<NaiveDate>),
    discount_bp: i32,
    notes: String,
    replaces_id: Option<Uuid>,
    matter_ids: Vec<Uuid>,
}

/// Inserts an empty draft with the firm's tax, and the matters it bills.
async fn start_draft(
    firm: &FirmDb,
    me: &CurrentUser,
    start: DraftStart,
) -> Result<invoices::Model, AppError> {
    let settings = super::settings::load(firm).await?;
    let stamp = now();
    let draft = firm
        .insert(invoices::ActiveModel {
            id: Set(new_id()),
            client_id: Set(start.client_id),
            number: Set(None),
            status: Set(InvoiceStatus::Draft.as_str().into()),
            currency: Set(start.currency),
            period_from: Set(start.period.0),
            period_to: Set(start.period.1),
            issued_on: Set(None),
            due_on: Set(None),
            subtotal: Set(0),
            discount_bp: Set(start.discount_bp),
            discount: Set(0),
            tax_label: Set(settings.tax_label),
            tax_bp: Set(settings.tax_rate_bp as i32),
            tax: Set(0),
            total: Set(0),
            paid: Set(0),
            notes: Set(start.notes),
            void_reason: Set(None),
            replaces_id: Set(start.replaces_id),
            created_by: Set(me.id),
            created_at: Set(stamp),
            updated_at: Set(stamp),
            ..Default::default()
        })
        .await?;
    for matter_id in start.matter_ids {
        firm.insert(invoice_matters::ActiveModel {
            id: Set(new_id()),
            invoice_id: Set(draft.id),
            matter_id: Set(matter_id),
            ..Default::default()
        })
        .await?;
    }
    Ok(draft)
}

/// Puts the unbilled billable work of `chosen` in the period on `invoice`, in date order: time
/// (except on flat-fee matters, whose time is marked billed by the fee), expenses, and each
/// flat fee not billed before.
async fn bill_unbilled(
    firm: &FirmDb,
    invoice: &invoices::Model,
    chosen: &[matters::Model],
    from: Option<NaiveDate>,
    to: NaiveDate,
    increment: i64,
) -> Result<(), AppError> {
    let ids: Vec<Uuid> = chosen.iter().map(|m| m.id).collect();
    let mut entries = firm
        .find::<time_entries::Entity>()
        .filter(time_entries::Column::MatterId.is_in(ids.clone()))
        .filter(time_entries::Column::InvoiceId.is_null())
        .filter(time_entries::Column::Billable.eq(true))
        .filter(time_entries::Column::WorkedOn.lte(to));
    let mut spent = firm
        .find::<expenses::Entity>()
        .filter(expenses::Column::MatterId.is_in(ids.clone()))
        .filter(expenses::Column::InvoiceId.is_null())
        .filter(expenses::Column::Billable.eq(true))
        .filter(expenses::Column::SpentOn.lte(to));
    if let Some(from) = from {
        entries = entries.filter(time_entries::Column::WorkedOn.gte(from));
        spent = spent.filter(expenses::Column::SpentOn.gte(from));
    }
    let entries = entries
        .order_by_asc(time_entries::Column::WorkedOn)
        .order_by_asc(time_entries::Column::CreatedAt)
        .all(firm.conn())
        .await?;
    let spent = spent
        .order_by_asc(expenses::Column::SpentOn)
        .order_by_asc(expenses::Column::CreatedAt)
        .all(firm.conn())
        .await?;
    let names = user_names(firm, entries.iter().map(|e| e.user_id)).await?;
    let flat: Vec<&matters::Model> = chosen
        .iter()
        .filter(|m| FeeKind::parse(&m.fee_kind) == Some(FeeKind::Flat))
        .collect();
    let mut position = 0;
    for m in &flat {
        let billed_before = firm
            .find::<invoice_lines::Entity>()
            .filter(invoice_lines::Column::MatterId.eq(m.id))
            .filter(invoice_lines::Column::Kind.eq(LineKind::Fee.as_str()))
            .filter(
                invoice_lines::Column::InvoiceId.in_subquery(
                    invoices::Entity::find()
                        .select_only()
                        .column(invoices::Column::Id)
                        .filter(invoices::Column::FirmId.eq(firm.firm_id()))
                        .filter(invoices::Column::Status.ne(InvoiceStatus::Void.as_str()))
                        .into_query(),
                ),
            )
            .count(firm.conn())
            .await?;
        if let (Some(fee), 0) = (m.flat_fee, billed_before) {
            position += 1;
            insert_line(
                firm,
                invoice.id,
                position,
                ValidLine {
                    matter_id: m.id,
                    kind: LineKind::Fee,
                    line_date: to,
                    description: format!("Flat fee: {}", m.title),
                    minutes: None,
                    rate: fee,
                    task_code: None,
                    activity_code: None,
                    expense_code: None,
                },
                (String::new(), None),
                (None, None),
                fee,
            )
            .await?;
        }
    }
    for e in &entries {
        let on_flat_fee = flat.iter().any(|m| m.id == e.matter_id);
        if !on_flat_fee {
            let minutes = billed_minutes(i64::from(e.minutes), increment);
            position += 1;
            insert_line(
                firm,
                invoice.id,
                position,
                ValidLine {
                    matter_id: e.matter_id,
                    kind: LineKind::Time,
                    line_date: e.worked_on,
                    description: e.description.clone(),
                    minutes: Some(minutes),
                    rate: e.rate,
                    task_code: e.task_code.clone(),
                    activity_code: e.activity_code.clone(),
                    expense_code: None,
                },
                (
                    names.get(&e.user_id).cloned().unwrap_or_default(),
                    Some(e.user_id),
                ),
                (Some(e.id), None),
                time_amount(e.rate, minutes),
            )
            .await?;
        }
    }
    for x in &spent {
        position += 1;
        insert_line(
            firm,
            invoice.id,
            position,
            ValidLine {
                matter_id: x.matter_id,
                kind: LineKind::Expense,
                line_date: x.spent_on,
                description: x.description.clone(),
                minutes: None,
                rate: x.amount,
                task_code: None,
                activity_code: None,
                expense_code: x.expense_code.clone(),
            },
            (String::new(), None),
            (None, Some(x.id)),
            x.amount,
        )
        .await?;
    }
    let entry_ids: Vec<Uuid> = entries.iter().map(|e| e.id).collect();
    let expense_ids: Vec<Uuid> = spent.iter().map(|x| x.id).collect();
    link_work(firm, Some(invoice.id), &entry_ids, &expense_ids).await
}

/// Sets the invoice of these entries and expenses (`None` to make them unbilled again).
async fn link_work(
    firm: &FirmDb,
    invoice: Option<Uuid>,
    entry_ids: &[Uuid],
    expense_ids: &[Uuid],
) -> Result<(), AppError> {
    for chunk in entry_ids.chunks(500) {
        firm.update_many::<time_entries::Entity>()
            .col_expr(time_entries::Column::InvoiceId, Expr::value(invoice))
            .filter(time_entries::Column::Id.is_in(chunk.to_vec()))
            .exec()
            .await?;
    }
    for chunk in expense_ids.chunks(500) {
        firm.update_many::<expenses::Entity>()
            .col_expr(expenses::Column::InvoiceId, Expr::value(invoice))
            .filter(expenses::Column::Id.is_in(chunk.to_vec()))
            .exec()
            .await?;
    }
    Ok(())
}

/// Makes every entry and expense on `invoice` unbilled again.
async fn release_work(firm: &FirmDb, invoice: Uuid) -> Result<(), AppError> {
    firm.update_many::<time_entries::Entity>()
        .col_expr(
            time_entries::Column::InvoiceId,
            Expr::value(Option::<Uuid>::None),
        )
        .filter(time_entries::Column::InvoiceId.eq(invoice))
        .exec()
        .await?;
    firm.update_many::<expenses::Entity>()
        .col_expr(
            expenses::Column::InvoiceId,
            Expr::value(Option::<Uuid>::None),
        )
        .filter(expenses::Column::InvoiceId.eq(invoice))
        .exec()
        .await?;
    Ok(())
}

async fn insert_line(
    firm: &FirmDb,
    invoice_id: Uuid,
    position: i32,
    line: ValidLine,
    timekeeper: (String, Option<Uuid>),
    work: (Option<Uuid>, Option<Uuid>),
    amount: i64,
) -> Result<(), AppError> {
    firm.insert(invoice_lines::ActiveModel {
        id: Set(new_id()),
        invoice_id: Set(invoice_id),
        position: Set(position),
        kind: Set(line.kind.as_str().into()),
        matter_id: Set(line.matter_id),
        line_date: Set(line.line_date),
        description: Set(line.description),
        timekeeper: Set(timekeeper.0),
        timekeeper_id: Set(timekeeper.1),
        minutes: Set(line.minutes.map(|m| m as i32)),
        rate: Set(line.rate),
        amount: Set(amount),
        discount: Set(0),
        tax: Set(0),
        total: Set(amount),
        task_code: Set(line.task_code),
        activity_code: Set(line.activity_code),
        expense_code: Set(line.expense_code),
        time_entry_id: Set(work.0),
        expense_id: Set(work.1),
        ..Default::default()
    })
    .await?;
    Ok(())
}

/// Recomputes a draft's totals from its lines, and each line's share of discount and tax (see
/// [`crate::billing::money::totals`]).
pub async fn recalculate(firm: &FirmDb, invoice_id: Uuid) -> Result<(), AppError> {
    let invoice = firm.get::<invoices::Entity>(invoice_id).await?;
    let lines = lines_of(firm, invoice_id).await?;
    let amounts: Vec<i64> = lines.iter().map(|l| l.amount).collect();
    let t = totals(
        &amounts,
        i64::from(invoice.discount_bp),
        i64::from(invoice.tax_bp),
    );
    let line_totals = t.line_totals(&amounts);
    for (i, line) in lines.iter().enumerate() {
        let (discount, tax, total) = (t.line_discounts[i], t.line_taxes[i], line_totals[i]);
        if (line.discount, line.tax, line.total) != (discount, tax, total) {
            firm.update(invoice_lines::ActiveModel {
                id: Set(line.id),
                discount: Set(discount),
                tax: Set(tax),
                total: Set(total),
                ..Default::default()
            })
            .await?;
        }
    }
    firm.update(invoices::ActiveModel {
        id: Set(invoice.id),
        subtotal: Set(t.subtotal),
        discount: Set(t.discount),
        tax: Set(t.tax),
        total: Set(t.total),
        updated_at: Set(now()),
        ..Default::default()
    })
    .await?;
    Ok(())
}

async fn lines_of(firm: &FirmDb, invoice_id: Uuid) -> Result<Vec<invoice_lines::Model>, AppError> {
    Ok(firm
        .find::<invoice_lines::Entity>()
        .filter(invoice_lines::Column::InvoiceId.eq(invoice_id))
        .order_by_asc(invoice_lines::Column::Position)
        .order_by_asc(invoice_lines::Column::Id)
        .all(firm.conn())
        .await?)
}

async fn matters_of(firm: &FirmDb, invoice_id: Uuid) -> Result<Vec<Uuid>, AppError> {
    Ok(firm
        .find::<invoice_matters::Entity>()
        .filter(invoice_matters::Column::InvoiceId.eq(invoice_id))
        .all(firm.conn())
        .await?
        .into_iter()
        .map(|m| m.matter_id)
        .collect())
}

/// Changes a draft's discount and note.
pub async fn update(
    firm: &FirmDb,
    me: &CurrentUser,
    id: Uuid,
    discount: &str,
    notes: &str,
) -> Result<Invoice, AppError> {
    let invoice = reach_draft(firm, me, id).await?;
    let discount = parse_percent(discount).map_err(|m| invalid("discount", m))?;
    let notes = notes.trim();
    if notes.chars().count() > crate::billing::MAX_DESCRIPTION_CHARS {
        return Err(invalid("notes", "Keep the note to 2,000 characters."));
    }
    firm.update(invoices::ActiveModel {
        id: Set(invoice.id),
        discount_bp: Set(discount as i32),
        notes: Set(notes.into()),
        ..Default::default()
    })
    .await?;
    recalculate(firm, invoice.id).await?;
    get(firm, me, invoice.id).await
}

/// What a line form comes to: the line, its amount and (for time) the timekeeper.
async fn priced(
    firm: &FirmDb,
    me: &CurrentUser,
    invoice_id: Uuid,
    form: &LineForm,
) -> Result<(ValidLine, i64), AppError> {
    let settings = super::settings::load(firm).await?;
    let mut line = form.validate(&settings.currency)?;
    if !matters_of(firm, invoice_id)
        .await?
        .contains(&line.matter_id)
    {
        return Err(invalid("matter_id", "Choose one of the invoice's matters."));
    }
    crate::matters::store::reach(firm, me, line.matter_id).await?;
    let amount = match line.minutes {
        Some(minutes) => {
            let minutes = billed_minutes(minutes, settings.increment_minutes);
            line.minutes = Some(minutes);
            time_amount(line.rate, minutes)
        }
        None => line.rate,
    };
    Ok((line, amount))
}

/// Adds a line to a draft.
pub async fn add_line(
    firm: &FirmDb,
    me: &CurrentUser,
    invoice_id: Uuid,
    form: &LineForm,
) -> Result<Invoice, AppError> {
    let invoice = reach_draft(firm, me, invoice_id).await?;
    let (line, amount) = priced(firm, me, invoice.id, form).await?;
    let position = lines_of(firm, invoice.id)
        .await?
        .iter()
        .map(|l| l.position)
        .max()
        .unwrap_or(0)
        + 1;
    let timekeeper = if line.kind == LineKind::Time {
        (me.name.clone(), Some(me.id))
    } else {
        (String::new(), None)
    };
    insert_line(
        firm,
        invoice.id,
        position,
        line,
        timekeeper,
        (None, None),
        amount,
    )
    .await?;
    recalculate(firm, invoice.id).await?;
    get(firm, me, invoice.id).await
}

/// Changes a line of a draft.
pub async fn update_line(
    firm: &FirmDb,
    me: &CurrentUser,
    line_id: Uuid,
    form: &LineForm,
) -> Result<Invoice, AppError> {
    let line = firm.get::<invoice_lines::Entity>(line_id).await?;
    let invoice = reach_draft(firm, me, line.invoice_id).await?;
    let (valid, amount) = priced(firm, me, invoice.id, form).await?;
    let is_time = valid.kind == LineKind::Time;
    firm.update(invoice_lines::ActiveModel {
        id: Set(line.id),
        kind: Set(valid.kind.as_str().into()),
        matter_id: Set(valid.matter_id),
        line_date: Set(valid.line_date),
        description: Set(valid.description),
        minutes: Set(valid.minutes.map(|m| m as i32)),
        rate: Set(valid.rate),
        amount: Set(amount),
        task_code: Set(valid.task_code),
        activity_code: Set(valid.activity_code),
        expense_code: Set(valid.expense_code),
        timekeeper: Set(if is_time {
            line.timekeeper.clone()
        } else {
            String::new()
        }),
        timekeeper_id: Set(if is_time { line.timekeeper_id } else { None }),
        ..Default::default()
    })
    .await?;
    recalculate(firm, invoice.id).await?;
    get(firm, me, invoice.id).await
}

/// Takes a line off a draft; its entry or expense is unbilled again.
pub async fn remove_line(
    firm: &FirmDb,
    me: &CurrentUser,
    line_id: Uuid,
) -> Result<Invoice, AppError> {
    let line = firm.get::<invoice_lines::Entity>(line_id).await?;
    let invoice = reach_draft(firm, me, line.invoice_id).await?;
    let entries: Vec<Uuid> = line.time_entry_id.into_iter().collect();
    let spent: Vec<Uuid> = line.expense_id.into_iter().collect();
    link_work(firm, None, &entries, &spent).await?;
    firm.delete_many::<invoice_lines::Entity>()
        .filter(invoice_lines::Column::Id.eq(line.id))
        .exec()
        .await?;
    recalculate(firm, invoice.id).await?;
    get(firm, me, invoice.id).await
}

/// Deletes a draft; its work is unbilled again.
pub async fn delete(firm: &FirmDb, me: &CurrentUser, id: Uuid) -> Result<(), AppError> {
    let invoice = reach_draft(firm, me, id).await?;
    release_work(firm, invoice.id).await?;
    firm.delete_many::<invoice_lines::Entity>()
        .filter(invoice_lines::Column::InvoiceId.eq(invoice.id))
        .exec()
        .await?;
    firm.delete_many::<invoice_matters::Entity>()
        .filter(invoice_matters::Column::InvoiceId.eq(invoice.id))
        .exec()
        .await?;
    firm.delete_many::<invoices::Entity>()
        .filter(invoices::Column::Id.eq(invoice.id))
        .exec()
        .await?;
    Ok(())
}

/// Issues a draft: the next number of the year, today's date, the due date, frozen.
pub async fn issue(firm: &FirmDb, me: &CurrentUser, id: Uuid) -> Result<Invoice, AppError> {
    let invoice = reach_draft(firm, me, id).await?;
    if lines_of(firm, invoice.id).await?.is_empty() {
        return Err(invalid(
            "invoice",
            "Add at least one line before issuing the invoice.",
        ));
    }
    let settings = super::settings::load(firm).await?;
    let issued_on = today(firm).await?;
    // The counter row stays locked until commit, so concurrent issues queue here; a second
    // issue of the same draft then finds it no longer a draft and rolls its number back.
    let number = firm.next_number("invoice", issued_on.year()).await?;
    let status = if invoice.total == 0 {
        InvoiceStatus::Paid
    } else {
        InvoiceStatus::Issued
    };
    let updated = firm
        .update_many::<invoices::Entity>()
        .col_expr(
            invoices::Column::Number,
            Expr::value(format!("INV-{}-{number:04}", issued_on.year())),
        )
        .col_expr(invoices::Column::Status, Expr::value(status.as_str()))
        .col_expr(invoices::Column::IssuedOn, Expr::value(issued_on))
        .col_expr(
            invoices::Column::DueOn,
            Expr::value(issued_on + Duration::days(settings.payment_terms_days)),
        )
        .col_expr(invoices::Column::UpdatedAt, Expr::value(now()))
        .filter(invoices::Column::Id.eq(invoice.id))
        .filter(invoices::Column::Status.eq(InvoiceStatus::Draft.as_str()))
        .exec()
        .await?;
    if updated != 1 {
        return Err(invalid("invoice", "This invoice was issued already."));
    }
    get(firm, me, invoice.id).await
}

/// Voids an issued invoice without payments; its work is unbilled again.
pub async fn void(
    firm: &FirmDb,
    me: &CurrentUser,
    id: Uuid,
    reason: &str,
) -> Result<Invoice, AppError> {
    let invoice = reach(firm, me, id).await?;
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 500 {
        return Err(invalid(
            "reason",
            "Record why the invoice is voided, in 1 to 500 characters.",
        ));
    }
    match status(&invoice) {
        InvoiceStatus::Draft => return Err(invalid("invoice", "A draft is deleted, not voided.")),
        InvoiceStatus::Void => return Err(invalid("invoice", "This invoice is void already.")),
        _ if invoice.paid > 0 => {
            return Err(invalid(
                "invoice",
                "Payments are recorded on this invoice, so it cannot be voided.",
            ));
        }
        _ => {}
    }
    let updated = firm
        .update_many::<invoices::Entity>()
        .col_expr(
            invoices::Column::Status,
            Expr::value(InvoiceStatus::Void.as_str()),
        )
        .col_expr(invoices::Column::VoidReason, Expr::value(reason))
        .col_expr(invoices::Column::UpdatedAt, Expr::value(now()))
        .filter(invoices::Column::Id.eq(invoice.id))
        .filter(invoices::Column::Paid.eq(0))
        .filter(
            invoices::Column::Status
                .is_in([InvoiceStatus::Issued.as_str(), InvoiceStatus::Paid.as_str()]),
        )
        .exec()
        .await?;
    if updated != 1 {
        return Err(invalid(
            "invoice",
            "This invoice changed meanwhile. Reload it and try again.",
        ));
    }
    release_work(firm, invoice.id).await?;
    get(firm, me, invoice.id).await
}

/// A new draft with the lines of void invoice `id` whose work is still unbilled.
pub async fn reissue(firm: &FirmDb, me: &CurrentUser, id: Uuid) -> Result<Invoice, AppError> {
    let old = reach(firm, me, id).await?;
    if status(&old) != InvoiceStatus::Void {
        return Err(invalid("invoice", "Only a void invoice can be reissued."));
    }
    let draft = start_draft(
        firm,
        me,
        DraftStart {
            client_id: old.client_id,
            currency: old.currency.clone(),
            period: (old.period_from, old.period_to),
            discount_bp: old.discount_bp,
            notes: old.notes.clone(),
            replaces_id: Some(old.id),
            matter_ids: matters_of(firm, old.id).await?,
        },
    )
    .await?;
    let (mut entry_ids, mut expense_ids) = (Vec::new(), Vec::new());
    for line in lines_of(firm, old.id).await? {
        // A line whose work was billed again since the void stays off the new draft.
        let free = match (line.time_entry_id, line.expense_id) {
            (Some(entry), _) => {
                let unbilled = firm
                    .get::<time_entries::Entity>(entry)
                    .await?
                    .invoice_id
                    .is_none();
                if unbilled {
                    entry_ids.push(entry);
                }
                unbilled
            }
            (_, Some(expense)) => {
                let unbilled = firm
                    .get::<expenses::Entity>(expense)
                    .await?
                    .invoice_id
                    .is_none();
                if unbilled {
                    expense_ids.push(expense);
                }
                unbilled
            }
            _ => true,
        };
        if free {
            firm.insert(invoice_lines::ActiveModel {
                id: Set(new_id()),
                invoice_id: Set(draft.id),
                ..invoice_lines::ActiveModel::from(line)
            })
            .await?;
        }
    }
    link_work(firm, Some(draft.id), &entry_ids, &expense_ids).await?;
    recalculate(firm, draft.id).await?;
    get(firm, me, draft.id).await
}

/// Mails an issued invoice with its PDF to `to` (the client's address if empty).
pub async fn send(firm: &FirmDb, me: &CurrentUser, id: Uuid, to: &str) -> Result<String, AppError> {
    let invoice = get(firm, me, id).await?;
    if matches!(invoice.status, InvoiceStatus::Draft | InvoiceStatus::Void) {
        return Err(invalid("to", "Only an issued invoice can be sent."));
    }
    let to = match to.trim() {
        "" => invoice.client_email.clone().ok_or_else(|| {
            invalid(
                "to",
                "The client has no email address. Enter the address to send it to.",
            )
        })?,
        text => text.to_lowercase(),
    };
    if !is_plausible_email(&to) {
        return Err(invalid(
            "to",
            "Enter an email address like name@example.com.",
        ));
    }
    let (state, firm_ref) = crate::ssr::tenant::request_firm()?;
    let printable = printable(firm, &firm_ref, invoice).await?;
    let pdf = crate::ssr::billing::pdf::invoice_pdf(&printable);
    let number = printable.invoice.number.clone().unwrap_or_default();
    let mail = crate::ssr::mail::templates::InvoiceMail {
        client_name: printable.invoice.client_name.clone(),
        number: number.clone(),
        total: crate::billing::money::format_money(
            printable.invoice.balance,
            &printable.invoice.currency,
        ),
        due_on: printable
            .invoice
            .due_on
            .map(|d| d.format("%-d %B %Y").to_string())
            .unwrap_or_default(),
    };
    state
        .mailer
        .queue_with_attachment(
            firm.conn(),
            Some(firm_ref.id),
            &crate::firm_profile::store::letterhead(firm).await?,
            &to,
            &mail,
            (format!("{number}.pdf"), pdf),
        )
        .await?;
    Ok(format!("Invoice {number} was sent to {to}."))
}

/// Everything printed on invoice `invoice` of the request's firm.
pub async fn printable(
    firm: &FirmDb,
    firm_ref: &crate::ssr::tenant::FirmRef,
    invoice: Invoice,
) -> Result<crate::ssr::billing::PrintableInvoice, AppError> {
    let settings = super::settings::load(firm).await?;
    let profile = crate::firm_profile::store::load(firm).await?;
    Ok(crate::ssr::billing::PrintableInvoice {
        firm_contact: profile.contact_line(),
        firm_name: profile.name,
        firm_id: firm_ref.slug.clone(),
        firm_address: profile.address,
        logo: crate::firm_profile::store::logo(firm).await?,
        payment_instructions: settings.payment_instructions,
        invoice,
    })
}

/// Invoice `id`, whole.
pub async fn get(firm: &FirmDb, me: &CurrentUser, id: Uuid) -> Result<Invoice, AppError> {
    let invoice = reach(firm, me, id).await?;
    let client = firm.get::<clients::Entity>(invoice.client_id).await?;
    let matter_ids = matters_of(firm, invoice.id).await?;
    let lines = lines_of(firm, invoice.id).await?;
    let refs = matter_refs(
        firm,
        matter_ids
            .iter()
            .copied()
            .chain(lines.iter().map(|l| l.matter_id)),
    )
    .await?;
    let mut matters: Vec<_> = matter_ids
        .iter()
        .filter_map(|id| refs.get(id).cloned())
        .collect();
    matters.sort_by(|a, b| a.number.cmp(&b.number));
    let payment_rows = firm
        .find::<payments::Entity>()
        .filter(payments::Column::InvoiceId.eq(invoice.id))
        .order_by_asc(payments::Column::CreatedAt)
        .all(firm.conn())
        .await?;
    let balances = firm
        .find::<trust_balances::Entity>()
        .filter(trust_balances::Column::MatterId.is_in(matter_ids.clone()))
        .all(firm.conn())
        .await?;
    let trust = matters
        .iter()
        .filter_map(|m| {
            let held = balances.iter().find(|b| b.matter_id == m.id)?.balance;
            (held > 0).then(|| (m.clone(), held))
        })
        .collect();
    let replaces = match invoice.replaces_id {
        Some(old) => Some(invoice_ref(&firm.get::<invoices::Entity>(old).await?)),
        None => None,
    };
    let status = status(&invoice);
    Ok(Invoice {
        id: invoice.id,
        number: invoice.number,
        status,
        currency: invoice.currency,
        client_id: client.id,
        client_name: client.name,
        client_address: client.address,
        client_email: client.email,
        matters,
        period: invoice.period_from.zip(invoice.period_to),
        issued_on: invoice.issued_on,
        due_on: invoice.due_on,
        lines: lines
            .into_iter()
            .filter_map(|l| {
                Some(InvoiceLine {
                    id: l.id,
                    kind: LineKind::parse(&l.kind)?,
                    matter: refs.get(&l.matter_id)?.clone(),
                    line_date: l.line_date,
                    description: l.description,
                    timekeeper: l.timekeeper,
                    timekeeper_id: l.timekeeper_id,
                    minutes: l.minutes.map(i64::from),
                    rate: l.rate,
                    amount: l.amount,
                    discount: l.discount,
                    tax: l.tax,
                    total: l.total,
                    task_code: l.task_code,
                    activity_code: l.activity_code,
                    expense_code: l.expense_code,
                })
            })
            .collect(),
        subtotal: invoice.subtotal,
        discount_bp: i64::from(invoice.discount_bp),
        discount: invoice.discount,
        tax_label: invoice.tax_label,
        tax_bp: i64::from(invoice.tax_bp),
        tax: invoice.tax,
        total: invoice.total,
        paid: invoice.paid,
        balance: if status == InvoiceStatus::Void {
            0
        } else {
            invoice.total - invoice.paid
        },
        paid_from_trust: payment_rows
            .iter()
            .filter(|p| p.trust_entry_id.is_some())
            .map(|p| p.amount)
            .sum(),
        notes: invoice.notes,
        payments: payment_rows
            .into_iter()
            .map(|p| Payment {
                id: p.id,
                received_on: p.received_on,
                amount: p.amount,
                method: p.method,
                reference: p.reference,
            })
            .collect(),
        trust,
        void_reason: invoice.void_reason,
        replaces,
        created_at: invoice.created_at,
    })
}

/// Condition: the invoice is one payments can be recorded against.
pub fn open_condition() -> Condition {
    Condition::any()
        .add(invoices::Column::Status.eq(InvoiceStatus::Issued.as_str()))
        .add(invoices::Column::Status.eq(InvoiceStatus::PartiallyPaid.as_str()))
}
