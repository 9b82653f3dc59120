//! A matter's Billing tab: how it is charged, the signed-in user's rate on it, what is unbilled
//! and what is held in trust, then its time and expenses with the forms that record them.

use leptos::html;
use leptos::prelude::*;
use uuid::Uuid;

use super::day;
use crate::auth::Permission;
use crate::billing::money::{format_decimal, format_duration, format_money, format_percent};
use crate::billing::{
    CreateExpense, CreateTimeEntry, DeleteExpense, DeleteTimeEntry, Expense, ExpenseForm,
    FeeArrangement, FeeForm, FeeKind, MatterBilling, SetFeeArrangement, TimeEntry,
    load_matter_billing,
};
use crate::components::{DataTable, FormError, SubmitButton};
use crate::error::AppError;
use crate::pages::time::{
    CheckControl, DANGER_BUTTON, SMALL_BUTTON, SelectControl, TextControl, TimeControls,
    TimeFields, WorkStatus, codes, focus, iso, today,
};
use crate::site::user_can;

/// The matter's billing, reloaded after every change.
type Billing = Resource<Result<MatterBilling, AppError>>;

const FORM: &str = "grid items-start gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-2 lg:grid-cols-6";

/// The Billing tab of matter `matter_id`.
#[component]
pub fn MatterBillingTab(matter_id: Uuid) -> impl IntoView {
    let record = ServerAction::<CreateTimeEntry>::new();
    let spend = ServerAction::<CreateExpense>::new();
    let delete_time = ServerAction::<DeleteTimeEntry>::new();
    let delete_expense = ServerAction::<DeleteExpense>::new();
    let billing: Billing = Resource::new(
        move || {
            (
                record.version().get(),
                spend.version().get(),
                delete_time.version().get(),
                delete_expense.version().get(),
            )
        },
        move |_| load_matter_billing(matter_id),
    );
    let can_record = user_can(Permission::TimeWrite);
    let refusal = move || {
        [
            delete_time.value().get().and_then(Result::err),
            delete_expense.value().get().and_then(Result::err),
        ]
        .into_iter()
        .flatten()
        .next()
        .map(|e| e.in_words())
    };
    let loading = || view! { <p class="text-sm text-slate-500">"Loading billing…"</p> };
    view! {
        <div class="space-y-8">
            <Transition fallback=loading>
                {move || billing.get().map(|result| match result {
                    Ok(b) => view! { <Summary billing=b matter_id refresh=billing/> }.into_any(),
                    Err(err) => view! { <p role="alert" class="text-sm text-red-700">{err.in_words()}</p> }.into_any(),
                })}
            </Transition>
            {move || refusal().map(|message| view! {
                <p role="alert" data-testid="billing-error" class="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">{message}</p>
            })}
            <section class="space-y-3">
                <h2 class="text-base font-semibold text-slate-900">"Time"</h2>
                {can_record.then(|| view! { <RecordTime matter_id record/> })}
                <Transition fallback=loading>
                    {move || billing.get().and_then(Result::ok).map(|b| view! {
                        <TimeTable entries=b.entries currency=b.currency delete=delete_time can_delete=can_record/>
                    })}
                </Transition>
            </section>
            <section class="space-y-3">
                <h2 class="text-base font-semibold text-slate-900">"Expenses"</h2>
                {can_record.then(|| view! { <AddExpense matter_id spend/> })}
                <Transition fallback=loading>
                    {move || billing.get().and_then(Result::ok).map(|b| view! {
                        <ExpenseTable expenses=b.expenses currency=b.currency delete=delete_expense can_delete=can_record/>
                    })}
                </Transition>
            </section>
        </div>
    }
}

/// The fee arrangement (changeable by those who manage billing), the user's rate, what is
/// unbilled and what is held in trust.
#[component]
fn Summary(billing: MatterBilling, matter_id: Uuid, refresh: Billing) -> impl IntoView {
    let currency = billing.currency;
    let money = |minor: i64| format_money(minor, &currency);
    let kind = billing.fee.kind.label();
    let terms = fee_terms(&billing.fee, &currency);
    let my_rate = format!("{} / h", money(billing.my_rate));
    let unbilled = money(billing.unbilled_time + billing.unbilled_expenses);
    let unbilled_parts = format!(
        "{} time · {} expenses",
        money(billing.unbilled_time),
        money(billing.unbilled_expenses)
    );
    let trust = money(billing.trust_balance);
    let fee = billing.fee;
    let editing = RwSignal::new(false);
    view! {
        <div class="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
            <Card label="Fee arrangement" value=kind detail=terms testid="fee-arrangement">
                {user_can(Permission::BillingManage).then(|| view! {
                    <button type="button" data-testid="fee-edit" aria-expanded=move || editing.get().to_string()
                        on:click=move |_| editing.update(|open| *open = !*open) class=format!("mt-2 {SMALL_BUTTON}")>
                        "Change"
                    </button>
                })}
            </Card>
            <Card label="Your rate" value=my_rate detail="For your time on this matter" testid="my-rate"/>
            <Card label="Unbilled" value=unbilled detail=unbilled_parts testid="unbilled"/>
            <Card label="Held in trust" value=trust detail="For this matter" testid="trust-balance"/>
        </div>
        {move || editing.get().then(|| view! {
            <FeeEditor fee=fee.clone() currency=currency.clone() matter_id refresh editing/>
        })}
    }
}

/// One figure of the summary, with a line under it and room for an action.
#[component]
fn Card(
    label: &'static str,
    #[prop(into)] value: String,
    #[prop(into)] detail: String,
    testid: &'static str,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <div data-testid=testid class="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <p class="text-xs font-semibold uppercase tracking-wide text-slate-500">{label}</p>
            <p class="mt-1 text-lg font-semibold tabular-nums text-slate-900">{value}</p>
            <p class="text-sm text-slate-500">{detail}</p>
            {children.map(|c| c())}
        </div>
    }
}

/// A fee arrangement's terms in words: the rate override and the flat fee or share.
fn fee_terms(fee: &FeeArrangement, currency: &str) -> String {
    let rate = match fee.rate {
        Some(rate) => format!("{} / h on this matter", format_money(rate, currency)),
        None => "The client's or each person's rate".to_string(),
    };
    match (fee.flat_fee, fee.contingency_bp) {
        (Some(flat), _) => format!("{} · {rate}", format_money(flat, currency)),
        (None, Some(bp)) => format!("{} of the recovery · {rate}", format_percent(bp)),
        (None, None) => rate,
    }
}

/// Changes the fee arrangement; a success closes it and reloads the tab.
#[component]
fn FeeEditor(
    fee: FeeArrangement,
    currency: String,
    matter_id: Uuid,
    refresh: Billing,
    editing: RwSignal<bool>,
) -> impl IntoView {
    let amount = |minor: Option<i64>| {
        minor
            .map(|m| format_decimal(m, &currency))
            .unwrap_or_default()
    };
    let kind = RwSignal::new(fee.kind.as_str().to_string());
    let rate = RwSignal::new(amount(fee.rate));
    let flat_fee = RwSignal::new(amount(fee.flat_fee));
    let contingency = RwSignal::new(
        fee.contingency_bp
            .map(|bp| format_percent(bp).trim_end_matches('%').to_string())
            .unwrap_or_default(),
    );
    let save = ServerAction::<SetFeeArrangement>::new();
    let local = RwSignal::new(None::<AppError>);
    let server = save.value();
    let errors = Signal::derive(move || local.get().or_else(|| server.get().and_then(Result::err)));
    Effect::new(move |_| {
        if let Some(Ok(_)) = server.get() {
            editing.set(false);
            refresh.refetch();
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = FeeForm {
            kind: kind.get_untracked(),
            rate: rate.get_untracked(),
            flat_fee: flat_fee.get_untracked(),
            contingency: contingency.get_untracked(),
        };
        match form.validate(&currency) {
            Err(err) => local.set(Some(err)),
            Ok(_) => {
                local.set(None);
                save.dispatch(SetFeeArrangement { matter_id, form });
            }
        }
    };
    let kinds = [FeeKind::Hourly, FeeKind::Flat, FeeKind::Contingency]
        .into_iter()
        .map(|k| (k.as_str().to_string(), k.label().to_string()))
        .collect::<Vec<_>>();
    let is = move |k: FeeKind| FeeKind::parse(&kind.get()) == Some(k);
    view! {
        <form data-testid="fee-form" novalidate on:submit=submit class=FORM>
            <h3 class="text-sm font-semibold text-slate-900 sm:col-span-2 lg:col-span-6">"Fee arrangement"</h3>
            <SelectControl id="fee-kind" name="kind" label="Charged" value=kind errors options=kinds/>
            <TextControl id="fee-rate" name="rate" label="Hourly rate" value=rate errors
                hint="Overrides the client's and each person's rate; empty for none." span="lg:col-span-2"/>
            {move || is(FeeKind::Flat).then(|| view! {
                <TextControl id="fee-flat" name="flat_fee" label="Flat fee" value=flat_fee errors/>
            })}
            {move || is(FeeKind::Contingency).then(|| view! {
                <TextControl id="fee-contingency" name="contingency" label="Share of recovery (%)" placeholder="33.33"
                    value=contingency errors/>
            })}
            <div class="flex items-center justify-end gap-2 sm:col-span-2 sm:pt-6 lg:col-span-6">
                <button type="button" on:click=move |_| editing.set(false)
                    class="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50">"Cancel"</button>
                <SubmitButton label="Save fee arrangement" pending=save.pending()/>
            </div>
            <div class="empty:hidden sm:col-span-2 lg:col-span-6"><FormError errors/></div>
        </form>
    }
}

/// Records the user's time on the matter; after each entry the duration and description empty
/// and the focus returns to the duration.
#[component]
fn RecordTime(matter_id: Uuid, record: ServerAction<CreateTimeEntry>) -> impl IntoView {
    let fields = TimeFields::blank(matter_id.to_string(), today());
    let duration_ref = NodeRef::<html::Input>::new();
    let local = RwSignal::new(None::<AppError>);
    let server = record.value();
    let errors = Signal::derive(move || local.get().or_else(|| server.get().and_then(Result::err)));
    Effect::new(move |_| {
        if let Some(Ok(_)) = server.get() {
            fields.clear_work();
            focus(duration_ref);
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = fields.form();
        match form.validate() {
            Err(err) => local.set(Some(err)),
            Ok(_) => {
                local.set(None);
                record.dispatch(CreateTimeEntry { form });
            }
        }
    };
    view! {
        <form data-testid="time-form" novalidate on:submit=submit class=FORM>
            <h3 class="text-sm font-semibold text-slate-900 sm:col-span-2 lg:col-span-6">"Record time"</h3>
            <TimeControls prefix="matter-time" fields errors duration_ref/>
            <div class="flex justify-end sm:pt-6 lg:col-span-5">
                <SubmitButton label="Record time" pending=record.pending()/>
            </div>
            <div class="empty:hidden sm:col-span-2 lg:col-span-6"><FormError errors/></div>
        </form>
    }
}

/// Records an expense on the matter.
#[component]
fn AddExpense(matter_id: Uuid, spend: ServerAction<CreateExpense>) -> impl IntoView {
    let spent_on = RwSignal::new(iso(today()));
    let description = RwSignal::new(String::new());
    let amount = RwSignal::new(String::new());
    let billable = RwSignal::new(true);
    let code = RwSignal::new(String::new());
    let server = spend.value();
    let errors = Signal::derive(move || server.get().and_then(Result::err));
    Effect::new(move |_| {
        if let Some(Ok(_)) = server.get() {
            description.set(String::new());
            amount.set(String::new());
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        spend.dispatch(CreateExpense {
            form: ExpenseForm {
                matter_id: matter_id.to_string(),
                spent_on: spent_on.get_untracked(),
                description: description.get_untracked(),
                amount: amount.get_untracked(),
                billable: billable.get_untracked().to_string(),
                expense_code: code.get_untracked(),
            },
        });
    };
    view! {
        <form data-testid="expense-form" novalidate on:submit=submit class=FORM>
            <h3 class="text-sm font-semibold text-slate-900 sm:col-span-2 lg:col-span-6">"Add expense"</h3>
            <input type="hidden" name="matter_id" value=matter_id.to_string()/>
            <TextControl id="expense-date" name="spent_on" label="Date" input_type="date" value=spent_on errors/>
            <TextControl id="expense-description" name="description" label="Description" value=description errors
                span="sm:col-span-2"/>
            <TextControl id="expense-amount" name="amount" label="Amount" placeholder="120.00" value=amount errors/>
            <TextControl id="expense-code" name="expense_code" label="Expense code" placeholder="E101" value=code errors/>
            <CheckControl id="expense-billable" name="billable" label="Billable" value=billable span="sm:pt-7"/>
            <div class="flex justify-end sm:col-span-2 lg:col-span-6">
                <SubmitButton label="Add expense" pending=spend.pending()/>
            </div>
            <div class="empty:hidden sm:col-span-2 lg:col-span-6"><FormError errors/></div>
        </form>
    }
}

/// The matter's time, newest first; unbilled entries can be deleted.
#[component]
fn TimeTable(
    entries: Vec<TimeEntry>,
    currency: String,
    delete: ServerAction<DeleteTimeEntry>,
    can_delete: bool,
) -> impl IntoView {
    let nothing = entries.is_empty();
    view! {
        <DataTable testid="matter-time" columns=vec![("Date", ""), ("Who", "hidden sm:table-cell"), ("Description", ""), ("Time", "text-right"), ("Amount", "hidden text-right sm:table-cell"), ("Codes", "hidden lg:table-cell"), ("Status", ""), ("", "")]>
            {nothing.then(|| view! {
                <tr><td colspan="8" class="px-4 py-6 text-center text-slate-500">"No time recorded on this matter yet."</td></tr>
            })}
            {entries.into_iter().map(|e| {
                let id = e.id;
                let deletable = can_delete && e.invoice.is_none();
                let codes = codes(&e.task_code, &e.activity_code);
                view! {
                    <tr data-testid="matter-time-entry">
                        <td class="whitespace-nowrap px-4 py-3 text-slate-600">{day(e.worked_on)}</td>
                        <td class="hidden px-4 py-3 text-slate-700 sm:table-cell">{e.user_name}</td>
                        <td class="whitespace-pre-line px-4 py-3 text-slate-900">{e.description}</td>
                        <td class="whitespace-nowrap px-4 py-3 text-right tabular-nums">{format_duration(e.minutes)}</td>
                        <td class="hidden whitespace-nowrap px-4 py-3 text-right tabular-nums sm:table-cell">{format_money(e.amount, &currency)}</td>
                        <td class="hidden whitespace-nowrap px-4 py-3 font-mono text-xs text-slate-500 lg:table-cell">{codes}</td>
                        <td class="px-4 py-3"><WorkStatus invoice=e.invoice billable=e.billable/></td>
                        <td class="px-4 py-3 text-right">
                            {deletable.then(|| view! {
                                <button type="button" data-testid="entry-delete" on:click=move |_| { delete.dispatch(DeleteTimeEntry { id }); }
                                    class=DANGER_BUTTON>"Delete"</button>
                            })}
                        </td>
                    </tr>
                }
            }).collect_view()}
        </DataTable>
    }
}

/// The matter's expenses, newest first; unbilled ones can be deleted.
#[component]
fn ExpenseTable(
    expenses: Vec<Expense>,
    currency: String,
    delete: ServerAction<DeleteExpense>,
    can_delete: bool,
) -> impl IntoView {
    let nothing = expenses.is_empty();
    view! {
        <DataTable testid="matter-expenses" columns=vec![("Date", ""), ("Who", "hidden sm:table-cell"), ("Description", ""), ("Amount", "text-right"), ("Code", "hidden lg:table-cell"), ("Status", ""), ("", "")]>
            {nothing.then(|| view! {
                <tr><td colspan="7" class="px-4 py-6 text-center text-slate-500">"No expenses recorded on this matter yet."</td></tr>
            })}
            {expenses.into_iter().map(|x| {
                let id = x.id;
                let deletable = can_delete && x.invoice.is_none();
                view! {
                    <tr data-testid="matter-expense">
                        <td class="whitespace-nowrap px-4 py-3 text-slate-600">{day(x.spent_on)}</td>
                        <td class="hidden px-4 py-3 text-slate-700 sm:table-cell">{x.user_name}</td>
                        <td class="whitespace-pre-line px-4 py-3 text-slate-900">{x.description}</td>
                        <td class="whitespace-nowrap px-4 py-3 text-right tabular-nums">{format_money(x.amount, &currency)}</td>
                        <td class="hidden whitespace-nowrap px-4 py-3 font-mono text-xs text-slate-500 lg:table-cell">{x.expense_code}</td>
                        <td class="px-4 py-3"><WorkStatus invoice=x.invoice billable=x.billable/></td>
                        <td class="px-4 py-3 text-right">
                            {deletable.then(|| view! {
                                <button type="button" data-testid="expense-delete" on:click=move |_| { delete.dispatch(DeleteExpense { id }); }
                                    class=DANGER_BUTTON>"Delete"</button>
                            })}
                        </td>
                    </tr>
                }
            }).collect_view()}
        </DataTable>
    }
}
