use leptos::prelude::*;
use uuid::Uuid;

use super::fields::{FormProblems, Input, Select};
use super::invoice::Changes;
use super::{AMOUNT_CELL, CARD, SECONDARY, SMALL_BUTTON, day, today_value};
use crate::auth::Permission;
use crate::billing::money::{format_decimal, format_hours, format_money};
use crate::billing::{
    AddInvoiceLine, Invoice, InvoiceLine, InvoiceStatus, LineForm, LineKind, MatterRef,
    RemoveInvoiceLine, UpdateInvoiceLine,
};
use crate::components::{DataTable, SubmitButton};
use crate::error::AppError;
use crate::site::user_can;

/// The fields the line form shows messages under.
const LINE_FIELDS: &[&str] = &[
    "matter_id",
    "kind",
    "line_date",
    "description",
    "duration",
    "amount",
    "task_code",
    "activity_code",
    "expense_code",
];

/// A line form's fields as signals, so the inputs stay bound while the user types.
#[derive(Clone, Copy)]
struct LineFields {
    matter_id: RwSignal<String>,
    kind: RwSignal<String>,
    line_date: RwSignal<String>,
    description: RwSignal<String>,
    duration: RwSignal<String>,
    amount: RwSignal<String>,
    task_code: RwSignal<String>,
    activity_code: RwSignal<String>,
    expense_code: RwSignal<String>,
}

impl LineFields {
    fn from_form(form: LineForm) -> Self {
        LineFields {
            matter_id: RwSignal::new(form.matter_id),
            kind: RwSignal::new(form.kind),
            line_date: RwSignal::new(form.line_date),
            description: RwSignal::new(form.description),
            duration: RwSignal::new(form.duration),
            amount: RwSignal::new(form.amount),
            task_code: RwSignal::new(form.task_code),
            activity_code: RwSignal::new(form.activity_code),
            expense_code: RwSignal::new(form.expense_code),
        }
    }

    /// A time line of today on the invoice's first matter.
    fn blank(matters: &[MatterRef]) -> Self {
        Self::from_form(LineForm {
            matter_id: matters
                .first()
                .map(|m| m.id.to_string())
                .unwrap_or_default(),
            kind: LineKind::Time.as_str().into(),
            line_date: today_value(),
            ..Default::default()
        })
    }

    /// The fields holding a line as it is.
    fn of(line: &InvoiceLine, currency: &str) -> Self {
        Self::from_form(LineForm {
            matter_id: line.matter.id.to_string(),
            kind: line.kind.as_str().into(),
            line_date: line.line_date.format("%Y-%m-%d").to_string(),
            description: line.description.clone(),
            duration: line.minutes.map(format_hours).unwrap_or_default(),
            amount: format_decimal(line.rate, currency),
            task_code: line.task_code.clone().unwrap_or_default(),
            activity_code: line.activity_code.clone().unwrap_or_default(),
            expense_code: line.expense_code.clone().unwrap_or_default(),
        })
    }

    /// The form as typed; fields the kind of line does not have are left out.
    fn form(&self) -> LineForm {
        let kind = LineKind::parse(&self.kind.get_untracked());
        let time = kind == Some(LineKind::Time);
        let expense = kind == Some(LineKind::Expense);
        let only = |shown: bool, value: RwSignal<String>| {
            if shown {
                value.get_untracked()
            } else {
                String::new()
            }
        };
        LineForm {
            matter_id: self.matter_id.get_untracked(),
            kind: self.kind.get_untracked(),
            line_date: self.line_date.get_untracked(),
            description: self.description.get_untracked(),
            duration: only(time, self.duration),
            amount: self.amount.get_untracked(),
            task_code: only(!expense, self.task_code),
            activity_code: only(time, self.activity_code),
            expense_code: only(expense, self.expense_code),
        }
    }
}

/// The kinds of line as `(value, label)` options.
fn kind_options() -> Vec<(String, String)> {
    [
        (LineKind::Time, "Time"),
        (LineKind::Expense, "Expense"),
        (LineKind::Fee, "Fee"),
    ]
    .into_iter()
    .map(|(kind, label)| (kind.as_str().to_string(), label.to_string()))
    .collect()
}

/// The invoice's lines; on a draft, each can be edited in place or removed.
#[component]
pub fn LinesTable(invoice: Invoice, changes: Changes) -> impl IntoView {
    let editable = invoice.status == InvoiceStatus::Draft && user_can(Permission::BillingManage);
    // The line being edited, if any: one at a time.
    let editing = RwSignal::new(None::<Uuid>);
    let mut columns = vec![
        ("Date", ""),
        ("Matter", "hidden md:table-cell"),
        ("Description", ""),
        ("Hours", "text-right"),
        ("Rate", "hidden text-right sm:table-cell"),
        ("Amount", "text-right"),
    ];
    if editable {
        columns.push(("", ""));
    }
    let span = columns.len();
    let empty = invoice.lines.is_empty();
    let currency = invoice.currency;
    let matters = invoice.matters;
    view! {
        <DataTable testid="invoice-lines" columns>
            {empty.then(|| view! {
                <tr><td colspan=span.to_string() class="px-4 py-6 text-center text-slate-500">"No lines yet. Add time, an expense or a fee below."</td></tr>
            })}
            {invoice.lines.into_iter().map(|line| view! {
                <LineRow line currency=currency.clone() matters=matters.clone() editable editing span changes/>
            }).collect_view()}
        </DataTable>
    }
}

/// One line, or while it is being edited, the form that changes it.
#[component]
fn LineRow(
    line: InvoiceLine,
    currency: String,
    matters: Vec<MatterRef>,
    editable: bool,
    editing: RwSignal<Option<Uuid>>,
    /// How many columns the table has.
    span: usize,
    changes: Changes,
) -> impl IntoView {
    let id = line.id;
    let open = Memo::new(move |_| editing.get() == Some(id));
    move || {
        if open.get() {
            view! { <EditLineRow line=line.clone() currency=currency.clone() matters=matters.clone() editing span changes/> }
                .into_any()
        } else {
            view! { <LineCells line=line.clone() currency=currency.clone() editable editing changes/> }.into_any()
        }
    }
}

/// A line's cells.
#[component]
fn LineCells(
    line: InvoiceLine,
    currency: String,
    editable: bool,
    editing: RwSignal<Option<Uuid>>,
    changes: Changes,
) -> impl IntoView {
    let id = line.id;
    let time = line.kind == LineKind::Time;
    let details = [
        Some(line.timekeeper).filter(|t| !t.is_empty()),
        line.task_code,
        line.activity_code,
        line.expense_code,
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ");
    let edit = move |_: leptos::ev::MouseEvent| {
        changes.update_line.value().set(None);
        editing.set(Some(id));
    };
    view! {
        <tr data-testid="invoice-line" class="align-top">
            <td class="whitespace-nowrap px-4 py-3 text-slate-600">{day(line.line_date)}</td>
            <td class="hidden whitespace-nowrap px-4 py-3 font-mono text-xs text-slate-500 md:table-cell" title=line.matter.title>{line.matter.number}</td>
            <td class="px-4 py-3">
                <p class="text-slate-900">{line.description}</p>
                {(!details.is_empty()).then(|| view! { <p class="mt-0.5 text-xs text-slate-500">{details}</p> })}
            </td>
            <td class=AMOUNT_CELL>{line.minutes.filter(|_| time).map(format_hours)}</td>
            <td class=format!("hidden sm:table-cell {AMOUNT_CELL}")>{time.then(|| format_money(line.rate, &currency))}</td>
            <td class=AMOUNT_CELL>{format_money(line.amount, &currency)}</td>
            {editable.then(|| view! {
                <td class="whitespace-nowrap px-4 py-3 text-right">
                    <div class="flex justify-end gap-1">
                        <button type="button" data-testid="line-edit" class=SMALL_BUTTON on:click=edit>"Edit"</button>
                        <button type="button" data-testid="line-remove" disabled=move || changes.remove_line.pending().get()
                            on:click=move |_| { changes.remove_line.dispatch(RemoveInvoiceLine { line_id: id }); }
                            class="rounded-md border border-red-200 px-2 py-1 text-xs font-medium text-red-700 hover:bg-red-50 disabled:opacity-60">"Remove"</button>
                    </div>
                </td>
            })}
        </tr>
    }
}

/// The form that changes a line, in place of its row.
#[component]
fn EditLineRow(
    line: InvoiceLine,
    currency: String,
    matters: Vec<MatterRef>,
    editing: RwSignal<Option<Uuid>>,
    span: usize,
    changes: Changes,
) -> impl IntoView {
    let id = line.id;
    let fields = LineFields::of(&line, &currency);
    let local = RwSignal::new(None::<AppError>);
    let server = changes.update_line.value();
    let errors = Signal::derive(move || local.get().or_else(|| server.get().and_then(Result::err)));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = fields.form();
        match form.validate(&currency) {
            Err(err) => local.set(Some(err)),
            Ok(_) => {
                local.set(None);
                changes
                    .update_line
                    .dispatch(UpdateInvoiceLine { line_id: id, form });
            }
        }
    };
    view! {
        <tr class="bg-slate-50">
            <td colspan=span.to_string() class="px-4 py-4">
                <form data-testid="line-form" novalidate on:submit=submit class="space-y-4">
                    <LineEditor prefix=format!("line-{id}") fields errors matters/>
                    <FormProblems errors fields=LINE_FIELDS/>
                    <div class="flex justify-end gap-2">
                        <button type="button" class=SECONDARY on:click=move |_| editing.set(None)>"Cancel"</button>
                        <SubmitButton label="Save line" pending=changes.update_line.pending()/>
                    </div>
                </form>
            </td>
        </tr>
    }
}

/// Adds a line to the draft.
#[component]
pub fn AddLineForm(invoice: Invoice, changes: Changes) -> impl IntoView {
    let invoice_id = invoice.id;
    let currency = invoice.currency;
    let fields = LineFields::blank(&invoice.matters);
    let local = RwSignal::new(None::<AppError>);
    let server = changes.add_line.value();
    let errors = Signal::derive(move || local.get().or_else(|| server.get().and_then(Result::err)));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = fields.form();
        match form.validate(&currency) {
            Err(err) => local.set(Some(err)),
            Ok(_) => {
                local.set(None);
                changes
                    .add_line
                    .dispatch(AddInvoiceLine { invoice_id, form });
            }
        }
    };
    view! {
        <form data-testid="add-line-form" novalidate on:submit=submit class=format!("space-y-4 {CARD}")>
            <h2 class="text-base font-semibold text-slate-900">"Add a line"</h2>
            <LineEditor prefix="add-line" fields errors matters=invoice.matters/>
            <FormProblems errors fields=LINE_FIELDS/>
            <div class="flex justify-end">
                <SubmitButton label="Add line" pending=changes.add_line.pending()/>
            </div>
        </form>
    }
}

/// A line's controls; which ones depends on its kind (a time line has hours and a rate).
#[component]
fn LineEditor(
    /// The id prefix of the form's controls.
    #[prop(into)]
    prefix: String,
    fields: LineFields,
    errors: Signal<Option<AppError>>,
    /// The invoice's matters, to choose from.
    matters: Vec<MatterRef>,
) -> impl IntoView {
    let matter_options: Vec<(String, String)> = matters
        .iter()
        .map(|m| (m.id.to_string(), m.label()))
        .collect();
    let own = prefix.clone();
    let by_kind = move || {
        let p = own.clone();
        match LineKind::parse(&fields.kind.get()) {
            Some(LineKind::Time) => view! {
                <Input form=p.clone() name="duration" label="Hours" value=fields.duration errors hint="1.5, 1:30 or 1h 30m"/>
                <Input form=p.clone() name="amount" label="Hourly rate" value=fields.amount errors/>
                <Input form=p.clone() name="task_code" label="UTBMS task code" value=fields.task_code errors hint="e.g. L120"/>
                <Input form=p name="activity_code" label="UTBMS activity code" value=fields.activity_code errors hint="e.g. A101"/>
            }
            .into_any(),
            Some(LineKind::Expense) => view! {
                <Input form=p.clone() name="amount" label="Amount" value=fields.amount errors/>
                <Input form=p name="expense_code" label="UTBMS expense code" value=fields.expense_code errors hint="e.g. E101"/>
            }
            .into_any(),
            _ => view! {
                <Input form=p.clone() name="amount" label="Amount" value=fields.amount errors/>
                <Input form=p name="task_code" label="UTBMS task code" value=fields.task_code errors hint="e.g. L120"/>
            }
            .into_any(),
        }
    };
    view! {
        <div class="grid gap-4 sm:grid-cols-2">
            <Select form=prefix.clone() name="matter_id" label="Matter" value=fields.matter_id errors options=matter_options wide=true/>
            <Select form=prefix.clone() name="kind" label="Kind" value=fields.kind errors options=kind_options()/>
            <Input form=prefix.clone() name="line_date" label="Date" kind="date" value=fields.line_date errors/>
            <Input form=prefix name="description" label="Description" value=fields.description errors wide=true/>
            {by_kind}
        </div>
    }
}
