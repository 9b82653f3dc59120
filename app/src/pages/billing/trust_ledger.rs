use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;

use super::fields::{FormProblems, Input, Select};
use super::{AMOUNT_CELL, CARD, SECONDARY, SMALL_BUTTON, day, today_value};
use crate::auth::Permission;
use crate::billing::money::format_money;
use crate::billing::{
    MatterRef, ReverseTrustEntry, TrustDeposit, TrustDisburse, TrustEntry, TrustForm, TrustKind,
    TrustLedger, load_trust_ledger,
};
use crate::components::{DataTable, PageHeader, SubmitButton};
use crate::error::{AppError, FieldError};
use crate::pages::not_found::NotFound;
use crate::site::user_can;

/// Fields whose messages the forms show under a control.
const MOVEMENT_FIELDS: &[&str] = &[
    "matter_id",
    "entered_on",
    "amount",
    "description",
    "reference",
];
const REVERSE_FIELDS: &[&str] = &["reason"];

/// The changes a ledger's page makes; each answers with the ledger as it now is.
#[derive(Clone, Copy)]
struct Changes {
    deposit: ServerAction<TrustDeposit>,
    disburse: ServerAction<TrustDisburse>,
    reverse: ServerAction<ReverseTrustEntry>,
}

/// Money into trust, or out of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Movement {
    Deposit,
    Disbursement,
}

impl Movement {
    /// The id prefix of its form.
    fn key(self) -> &'static str {
        match self {
            Movement::Deposit => "deposit",
            Movement::Disbursement => "disbursement",
        }
    }

    fn title(self) -> &'static str {
        match self {
            Movement::Deposit => "Record deposit",
            Movement::Disbursement => "Record disbursement",
        }
    }
}

/// `/billing/trust/:client_id`: a client's trust ledger: what each matter holds, every entry,
/// and the forms that record deposits, disbursements and reversals.
#[component]
pub fn TrustLedgerPage() -> impl IntoView {
    let params = use_params_map();
    let client_id = move || {
        params
            .read()
            .get("client_id")
            .and_then(|s| Uuid::parse_str(&s).ok())
    };
    let ledger = Resource::new(client_id, |id| async move {
        match id {
            Some(id) => load_trust_ledger(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <Suspense fallback=|| view! { <p class="text-sm text-slate-500">"Loading ledger…"</p> }>
            {move || ledger.get().map(|result| match result {
                Ok(ledger) => view! { <LedgerView ledger/> }.into_any(),
                Err(AppError::NotFound) => view! { <NotFound/> }.into_any(),
                Err(err) => view! { <p role="alert" class="text-sm text-red-700">{err.in_words()}</p> }.into_any(),
            })}
        </Suspense>
    }
}

/// The ledger as the last change left it.
#[component]
fn LedgerView(ledger: TrustLedger) -> impl IntoView {
    let current = RwSignal::new(ledger);
    let changes = Changes {
        deposit: ServerAction::new(),
        disburse: ServerAction::new(),
        reverse: ServerAction::new(),
    };
    let show = move |outcome: Option<Result<TrustLedger, AppError>>| {
        if let Some(Ok(ledger)) = outcome {
            current.set(ledger);
        }
    };
    Effect::new(move |_| show(changes.deposit.value().get()));
    Effect::new(move |_| show(changes.disburse.value().get()));
    Effect::new(move |_| show(changes.reverse.value().get()));
    view! {
        <A href="/billing/trust" attr:class="text-sm font-medium text-indigo-600 hover:text-indigo-500">"← Trust"</A>
        {move || view! { <LedgerBody ledger=current.get() changes/> }}
    }
}

#[component]
fn LedgerBody(ledger: TrustLedger, changes: Changes) -> impl IntoView {
    let currency = ledger.currency;
    let held = format_money(ledger.balance, &currency);
    let forms = (user_can(Permission::BillingManage) && !ledger.matters.is_empty()).then(|| {
        view! {
            <div class="mb-8 grid items-start gap-6 lg:grid-cols-2">
                <MovementForm movement=Movement::Deposit matters=ledger.matters.clone() currency=currency.clone() changes/>
                <MovementForm movement=Movement::Disbursement matters=ledger.matters.clone() currency=currency.clone() changes/>
            </div>
        }
    });
    view! {
        <Title text=format!("Trust · {}", ledger.client_name)/>
        <div class="mt-3">
            <PageHeader title=ledger.client_name subtitle="Trust ledger">
                <div class="text-right">
                    <p class="text-xs font-medium uppercase tracking-wide text-slate-500">"Held in trust"</p>
                    <p data-testid="trust-balance" class="text-2xl font-semibold tabular-nums text-slate-900">{held}</p>
                </div>
            </PageHeader>
        </div>
        <MatterBalances matters=ledger.matters currency=currency.clone()/>
        {forms}
        <Entries entries=ledger.entries currency changes/>
    }
}

/// What each of the client's matters holds.
#[component]
fn MatterBalances(matters: Vec<(MatterRef, i64)>, currency: String) -> impl IntoView {
    if matters.is_empty() {
        return view! {
            <p class="mb-8 text-sm text-slate-500">"This client has no matters yet. Money is held in trust for a matter: open one first."</p>
        }
        .into_any();
    }
    view! {
        <div class="mb-8">
            <DataTable testid="trust-matters" columns=vec![("Matter", ""), ("Balance", "text-right")]>
                {matters.into_iter().map(|(matter, balance)| view! {
                    <tr>
                        <td class="px-4 py-3">
                            <span class="font-mono text-xs text-slate-500">{matter.number}</span>" "
                            <A href=format!("/matters/{}", matter.id) attr:class="font-medium text-slate-900 hover:text-indigo-700">{matter.title}</A>
                        </td>
                        <td class=AMOUNT_CELL>{format_money(balance, &currency)}</td>
                    </tr>
                }).collect_view()}
            </DataTable>
        </div>
    }
    .into_any()
}

/// A deposit or disbursement form's fields as signals.
#[derive(Clone, Copy)]
struct TrustFields {
    matter_id: RwSignal<String>,
    entered_on: RwSignal<String>,
    amount: RwSignal<String>,
    description: RwSignal<String>,
    reference: RwSignal<String>,
}

impl TrustFields {
    /// Today's entry on `matter_id`, nothing else filled in.
    fn blank(matter_id: String) -> Self {
        TrustFields {
            matter_id: RwSignal::new(matter_id),
            entered_on: RwSignal::new(today_value()),
            amount: RwSignal::new(String::new()),
            description: RwSignal::new(String::new()),
            reference: RwSignal::new(String::new()),
        }
    }

    /// The form as typed.
    fn form(&self) -> TrustForm {
        TrustForm {
            matter_id: self.matter_id.get_untracked(),
            entered_on: self.entered_on.get_untracked(),
            amount: self.amount.get_untracked(),
            description: self.description.get_untracked(),
            reference: self.reference.get_untracked(),
        }
    }
}

/// Records a deposit into, or a disbursement out of, one matter's trust money.
#[component]
fn MovementForm(
    movement: Movement,
    matters: Vec<(MatterRef, i64)>,
    currency: String,
    changes: Changes,
) -> impl IntoView {
    let options: Vec<(String, String)> = matters
        .iter()
        .map(|(m, balance)| {
            (
                m.id.to_string(),
                format!("{} ({})", m.label(), format_money(*balance, &currency)),
            )
        })
        .collect();
    let first = options
        .first()
        .map(|(id, _)| id.clone())
        .unwrap_or_default();
    let fields = TrustFields::blank(first);
    let local = RwSignal::new(None::<AppError>);
    let errors = Signal::derive(move || {
        let outcome = match movement {
            Movement::Deposit => changes.deposit.value().get(),
            Movement::Disbursement => changes.disburse.value().get(),
        };
        local.get().or_else(|| outcome.and_then(Result::err))
    });
    let pending = Signal::derive(move || match movement {
        Movement::Deposit => changes.deposit.pending().get(),
        Movement::Disbursement => changes.disburse.pending().get(),
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = fields.form();
        if let Err(err) = form.validate(&currency) {
            local.set(Some(err));
            return;
        }
        local.set(None);
        match movement {
            Movement::Deposit => {
                changes.deposit.dispatch(TrustDeposit { form });
            }
            Movement::Disbursement => {
                changes.disburse.dispatch(TrustDisburse { form });
            }
        }
    };
    let prefix = movement.key();
    let hint = match movement {
        Movement::Deposit => "Money received into the trust account.",
        Movement::Disbursement => "Never more than the matter holds.",
    };
    view! {
        <form data-testid=format!("{prefix}-form") novalidate on:submit=submit class=format!("space-y-4 {CARD}")>
            <h2 class="text-base font-semibold text-slate-900">{movement.title()}</h2>
            <div class="grid gap-4 sm:grid-cols-2">
                <Select form=prefix name="matter_id" label="Matter" value=fields.matter_id errors options wide=true/>
                <Input form=prefix name="entered_on" label="Date" kind="date" value=fields.entered_on errors/>
                <Input form=prefix name="amount" label="Amount" value=fields.amount errors hint/>
                <Input form=prefix name="description" label="Description" value=fields.description errors wide=true/>
                <Input form=prefix name="reference" label="Reference" value=fields.reference errors wide=true
                    hint="Check number or transfer reference."/>
            </div>
            <FormProblems errors fields=MOVEMENT_FIELDS/>
            <div class="flex justify-end">
                <SubmitButton label=movement.title() pending/>
            </div>
        </form>
    }
}

/// Every entry, newest first; entries not yet reversed (and not reversals) can be reversed.
#[component]
fn Entries(entries: Vec<TrustEntry>, currency: String, changes: Changes) -> impl IntoView {
    if entries.is_empty() {
        return view! {
            <p data-testid="no-trust-entries" class="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-10 text-center text-sm text-slate-500">
                "No trust entries yet. Record the first deposit above."
            </p>
        }
        .into_any();
    }
    let manage = user_can(Permission::BillingManage);
    // The entry being reversed, if any: one at a time.
    let reversing = RwSignal::new(None::<Uuid>);
    let mut columns = vec![
        ("Date", ""),
        ("Matter", "hidden md:table-cell"),
        ("Kind", ""),
        ("Description", ""),
        ("Reference", "hidden lg:table-cell"),
        ("Amount", "text-right"),
        ("Balance after", "hidden text-right sm:table-cell"),
        ("Recorded by", "hidden xl:table-cell"),
    ];
    if manage {
        columns.push(("", ""));
    }
    let span = columns.len();
    view! {
        <section class="space-y-3">
            <h2 class="text-base font-semibold text-slate-900">"Entries"</h2>
            <DataTable testid="trust-entries" columns>
                {entries.into_iter().map(|entry| view! {
                    <EntryRow entry currency=currency.clone() manage reversing span changes/>
                }).collect_view()}
            </DataTable>
        </section>
    }
    .into_any()
}

/// One entry, and below it while it is being reversed, the form that asks why.
#[component]
fn EntryRow(
    entry: TrustEntry,
    currency: String,
    manage: bool,
    reversing: RwSignal<Option<Uuid>>,
    /// How many columns the table has.
    span: usize,
    changes: Changes,
) -> impl IntoView {
    let id = entry.id;
    let reversible = manage && !entry.reversed && entry.kind != TrustKind::Reversal;
    let open = Memo::new(move |_| reversing.get() == Some(id));
    let (amount, amount_class) = if entry.amount < 0 {
        (
            format_money(entry.amount, &currency),
            "whitespace-nowrap px-4 py-3 text-right tabular-nums text-red-700",
        )
    } else {
        (
            format!("+{}", format_money(entry.amount, &currency)),
            "whitespace-nowrap px-4 py-3 text-right tabular-nums text-emerald-700",
        )
    };
    let reverse = move |_: leptos::ev::MouseEvent| {
        changes.reverse.value().set(None);
        reversing.set(Some(id));
    };
    view! {
        <tr data-testid="trust-entry" class="align-top">
            <td class="whitespace-nowrap px-4 py-3 text-slate-600">{day(entry.entered_on)}</td>
            <td class="hidden whitespace-nowrap px-4 py-3 font-mono text-xs text-slate-500 md:table-cell" title=entry.matter.title>{entry.matter.number}</td>
            <td class="whitespace-nowrap px-4 py-3 text-slate-700">
                {entry.kind.label()}
                {entry.reversed.then(|| view! { <span class="block text-xs text-slate-400">"Reversed"</span> })}
            </td>
            <td class="px-4 py-3 text-slate-900">
                {entry.description}
                {entry.invoice.map(|invoice| view! {
                    <A href=format!("/billing/invoices/{}", invoice.id) attr:class="block text-xs font-medium text-indigo-600 hover:text-indigo-500">{invoice.label}</A>
                })}
            </td>
            <td class="hidden px-4 py-3 text-slate-600 lg:table-cell">{entry.reference}</td>
            <td class=amount_class>{amount}</td>
            <td class=format!("hidden sm:table-cell {AMOUNT_CELL}")>{format_money(entry.balance_after, &currency)}</td>
            <td class="hidden px-4 py-3 text-slate-600 xl:table-cell">{entry.recorded_by}</td>
            {manage.then(|| view! {
                <td class="whitespace-nowrap px-4 py-3 text-right">
                    {reversible.then(|| view! {
                        <button type="button" data-testid="trust-reverse" class=SMALL_BUTTON on:click=reverse>"Reverse"</button>
                    })}
                </td>
            })}
        </tr>
        {move || open.get().then(|| view! { <ReverseRow entry_id=id span reversing changes/> })}
    }
}

/// Asks why an entry is reversed, then reverses it.
#[component]
fn ReverseRow(
    entry_id: Uuid,
    span: usize,
    reversing: RwSignal<Option<Uuid>>,
    changes: Changes,
) -> impl IntoView {
    let reason = RwSignal::new(String::new());
    let local = RwSignal::new(None::<AppError>);
    let server = changes.reverse.value();
    let errors = Signal::derive(move || local.get().or_else(|| server.get().and_then(Result::err)));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let reason = reason.get_untracked();
        if reason.trim().is_empty() {
            local.set(Some(AppError::Invalid(vec![FieldError {
                field: "reason".into(),
                message: "Record why the entry is reversed.".into(),
            }])));
            return;
        }
        local.set(None);
        changes
            .reverse
            .dispatch(ReverseTrustEntry { entry_id, reason });
    };
    view! {
        <tr class="bg-slate-50">
            <td colspan=span.to_string() class="px-4 py-4">
                <form data-testid="reverse-form" novalidate on:submit=submit class="max-w-xl space-y-3">
                    <p class="text-sm text-slate-700">"A reversal is a new, opposite entry; this one stays on the ledger."</p>
                    <Input form=format!("reverse-{entry_id}") name="reason" label="Why it is reversed" value=reason errors/>
                    <FormProblems errors fields=REVERSE_FIELDS/>
                    <div class="flex justify-end gap-2">
                        <button type="button" class=SECONDARY on:click=move |_| reversing.set(None)>"Cancel"</button>
                        <SubmitButton label="Reverse entry" pending=changes.reverse.pending()/>
                    </div>
                </form>
            </td>
        </tr>
    }
}
