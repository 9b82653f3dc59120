use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use super::fields::{FormProblems, Input};
use super::{AMOUNT_CELL, CARD, day, today_value};
use crate::auth::Permission;
use crate::billing::money::format_money;
use crate::billing::{
    ReconcileTrust, Reconciliation, TrustBalance, load_billing_settings, trust_balances,
};
use crate::components::{DataTable, PageHeader, SubmitButton};
use crate::error::AppError;
use crate::pages::matters::{ClientChoice, ClientPicker};
use crate::site::user_can;

/// Fields whose messages the reconciliation form shows under a control.
const RECONCILE_FIELDS: &[&str] = &["statement_date", "bank_balance"];

/// `/billing/trust`: every client's trust balance, a way to a client's ledger, and the
/// three-way reconciliation against a bank statement.
#[component]
pub fn TrustPage() -> impl IntoView {
    let balances = Resource::new(
        || (),
        |()| async move {
            let currency = load_billing_settings().await?.currency;
            Ok::<_, AppError>((currency, trust_balances().await?))
        },
    );
    view! {
        <Title text="Trust"/>
        <A href="/billing" attr:class="text-sm font-medium text-indigo-600 hover:text-indigo-500">"← Billing"</A>
        <div class="mt-3">
            <PageHeader title="Trust" subtitle="Money held for clients, kept apart from the firm's own."/>
        </div>
        <div class="grid items-start gap-8 lg:grid-cols-[minmax(0,1fr)_22rem]">
            <section class="min-w-0">
                <Suspense fallback=|| view! { <p class="text-sm text-slate-500">"Loading balances…"</p> }>
                    {move || balances.get().map(|result| match result {
                        Ok((currency, list)) => view! {
                            <BalanceTable currency list testid="trust-balances" empty="No money is held in trust for any client."/>
                        }.into_any(),
                        Err(err) => view! { <p role="alert" class="text-sm text-red-700">{err.in_words()}</p> }.into_any(),
                    })}
                </Suspense>
            </section>
            {user_can(Permission::ClientsRead).then(|| view! { <aside><OpenLedger/></aside> })}
        </div>
        {user_can(Permission::BillingManage).then(|| view! { <ReconcileCard/> })}
    }
}

/// Clients and what each holds in trust, each a link to the client's ledger, and the total.
#[component]
fn BalanceTable(
    currency: String,
    list: Vec<TrustBalance>,
    /// `data-testid` of the table; its total is `{testid}-total`.
    testid: &'static str,
    /// What to say when no client holds anything.
    empty: &'static str,
) -> impl IntoView {
    if list.is_empty() {
        return view! {
            <p data-testid=format!("{testid}-empty") class="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-10 text-center text-sm text-slate-500">{empty}</p>
        }
        .into_any();
    }
    let total: i64 = list.iter().map(|b| b.balance).sum();
    view! {
        <DataTable testid columns=vec![("Client", ""), ("Balance", "text-right")]>
            {list.into_iter().map(|b| view! {
                <tr class="hover:bg-slate-50">
                    <td class="px-4 py-3 font-medium text-slate-900">
                        <A href=format!("/billing/trust/{}", b.client_id) attr:class="hover:text-indigo-700">{b.client_name}</A>
                    </td>
                    <td class=AMOUNT_CELL>{format_money(b.balance, &currency)}</td>
                </tr>
            }).collect_view()}
            <tr class="bg-slate-50 font-semibold">
                <td class="px-4 py-3 text-slate-900">"All clients"</td>
                <td data-testid=format!("{testid}-total") class=AMOUNT_CELL>{format_money(total, &currency)}</td>
            </tr>
        </DataTable>
    }
    .into_any()
}

/// Finds a client and opens their ledger (where the first deposit is recorded).
#[component]
fn OpenLedger() -> impl IntoView {
    let client = ClientChoice::from_url();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(chosen) = client.get() {
            navigate(&format!("/billing/trust/{}", chosen.id), Default::default());
        }
    });
    view! {
        <section class=format!("space-y-2 {CARD}")>
            <h2 class="text-sm font-semibold text-slate-900">"A client's ledger"</h2>
            <p class="text-xs text-slate-500">"Find the client to see their trust ledger and record a deposit or a disbursement."</p>
            <ClientPicker choice=client/>
        </section>
    }
}

/// The three-way reconciliation: the bank statement's balance against the trust journal and
/// the client ledgers at the statement's date.
#[component]
fn ReconcileCard() -> impl IntoView {
    let statement_date = RwSignal::new(today_value());
    let bank_balance = RwSignal::new(String::new());
    let reconcile = ServerAction::<ReconcileTrust>::new();
    let errors = Signal::derive(move || reconcile.value().get().and_then(Result::err));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        reconcile.dispatch(ReconcileTrust {
            statement_date: statement_date.get_untracked(),
            bank_balance: bank_balance.get_untracked(),
        });
    };
    view! {
        <section data-testid="reconciliation" class=format!("mt-8 space-y-4 {CARD}")>
            <div>
                <h2 class="text-base font-semibold text-slate-900">"Three-way reconciliation"</h2>
                <p class="mt-1 text-sm text-slate-500">"The bank statement, the trust journal and the client ledgers must agree."</p>
            </div>
            <div class="grid items-start gap-6 lg:grid-cols-[18rem_minmax(0,1fr)]">
                <form data-testid="reconcile-form" novalidate on:submit=submit class="space-y-4">
                    <Input form="reconcile" name="statement_date" label="Statement date" kind="date" value=statement_date errors/>
                    <Input form="reconcile" name="bank_balance" label="Bank statement balance" value=bank_balance errors/>
                    <FormProblems errors fields=RECONCILE_FIELDS/>
                    <div class="flex justify-end">
                        <SubmitButton label="Reconcile" pending=reconcile.pending()/>
                    </div>
                </form>
                <div class="min-w-0">
                    {move || reconcile.value().get().and_then(Result::ok).map(|reconciliation| view! {
                        <ReconciliationResult reconciliation/>
                    })}
                </div>
            </div>
        </section>
    }
}

/// The three figures side by side, whether they agree (or what does not), and each client's
/// balance at the date.
#[component]
fn ReconciliationResult(reconciliation: Reconciliation) -> impl IntoView {
    let currency = reconciliation.currency;
    let figure = |label: &'static str, amount: i64, testid: &'static str| {
        view! {
            <div class="rounded-md border border-slate-200 p-3">
                <p class="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</p>
                <p data-testid=testid class="mt-1 text-lg font-semibold tabular-nums text-slate-900">{format_money(amount, &currency)}</p>
            </div>
        }
    };
    let figures = view! {
        <div class="grid gap-3 sm:grid-cols-3">
            {figure("Bank statement", reconciliation.bank_balance, "reconcile-bank")}
            {figure("Trust journal", reconciliation.ledger_total, "reconcile-journal")}
            {figure("Client ledgers", reconciliation.client_total, "reconcile-clients")}
        </div>
    };
    let verdict = if reconciliation.differences.is_empty() {
        view! {
            <p data-testid="reconciliation-status" class="rounded-md bg-emerald-50 px-3 py-2 text-sm font-medium text-emerald-800">
                {format!("Balanced: all three agree on {}.", day(reconciliation.statement_date))}
            </p>
        }
        .into_any()
    } else {
        view! {
            <div data-testid="reconciliation-status" class="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
                <p class="font-medium">"Not balanced"</p>
                <ul class="mt-1 list-disc space-y-1 pl-5">
                    {reconciliation.differences.into_iter().map(|d| view! { <li>{d}</li> }).collect_view()}
                </ul>
            </div>
        }
        .into_any()
    };
    view! {
        <div class="space-y-4">
            {figures}
            {verdict}
            <h3 class="text-sm font-semibold text-slate-900">{format!("Client balances on {}", day(reconciliation.statement_date))}</h3>
            <BalanceTable currency list=reconciliation.clients testid="reconciled-balances"
                empty="No client held money in trust on that date."/>
        </div>
    }
}
