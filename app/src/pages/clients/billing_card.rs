//! A client's billing on their page: what they owe, what is held in trust for them, and their
//! hourly rate (editable with `billing.manage`).

use leptos::prelude::*;
use uuid::Uuid;

use crate::auth::Permission;
use crate::billing::money::{format_decimal, format_money};
use crate::billing::{ClientBilling, SetClientRate};
use crate::error::AppError;
use crate::site::user_can;

/// The client's billing, loaded by the client page: `None` for users without `billing.read`.
pub type BillingResource = Resource<Result<Option<ClientBilling>, AppError>>;

/// The client's billing summary, with links to their invoices and trust ledger (nothing for
/// users who may not see billing).
#[component]
pub fn ClientBillingCard(client_id: Uuid, billing: BillingResource) -> impl IntoView {
    if !user_can(Permission::BillingRead) {
        return ().into_any();
    }
    view! {
        <section class="mt-8 max-w-4xl space-y-3">
            <h2 class="text-base font-semibold text-slate-900">"Billing"</h2>
            <Transition fallback=|| view! { <p class="text-sm text-slate-500">"Loading billing…"</p> }>
                {move || billing.get().map(|result| match result {
                    Ok(Some(b)) => view! { <Summary client_id billing=b/> }.into_any(),
                    Ok(None) => ().into_any(),
                    Err(err) => view! { <p role="alert" class="text-sm text-red-700">{err.in_words()}</p> }.into_any(),
                })}
            </Transition>
        </section>
    }
    .into_any()
}

#[component]
fn Summary(client_id: Uuid, billing: ClientBilling) -> impl IntoView {
    let currency = billing.currency.clone();
    let invoices = match billing.open_invoices {
        0 => "No open invoices".to_string(),
        1 => "1 open invoice".to_string(),
        n => format!("{n} open invoices"),
    };
    view! {
        <div class="grid gap-4 sm:grid-cols-3">
            <a data-testid="client-outstanding" href=format!("/billing/invoices?client={client_id}")
                class="rounded-lg border border-slate-200 bg-white p-4 shadow-sm hover:border-indigo-300">
                <p class="text-xs font-semibold uppercase tracking-wide text-slate-500">"Owed"</p>
                <p class="mt-1 text-lg font-semibold tabular-nums text-slate-900">{format_money(billing.outstanding, &currency)}</p>
                <p class="text-sm text-slate-500">{invoices}</p>
            </a>
            <a data-testid="client-trust" href=format!("/billing/trust/{client_id}")
                class="rounded-lg border border-slate-200 bg-white p-4 shadow-sm hover:border-indigo-300">
                <p class="text-xs font-semibold uppercase tracking-wide text-slate-500">"Held in trust"</p>
                <p class="mt-1 text-lg font-semibold tabular-nums text-slate-900">{format_money(billing.trust, &currency)}</p>
                <p class="text-sm text-slate-500">"Open the trust ledger"</p>
            </a>
            <RateCard client_id rate=billing.rate currency/>
        </div>
    }
}

/// The client's hourly rate; empty means each person's own rate applies.
#[component]
fn RateCard(client_id: Uuid, rate: Option<i64>, currency: String) -> impl IntoView {
    let value = RwSignal::new(
        rate.map(|r| format_decimal(r, &currency))
            .unwrap_or_default(),
    );
    let save = ServerAction::<SetClientRate>::new();
    let error = move || {
        save.value()
            .get()
            .and_then(Result::err)
            .map(|e: AppError| e.in_words())
    };
    let saved = move || matches!(save.value().get(), Some(Ok(_)));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(SetClientRate {
            client_id,
            rate: value.get_untracked(),
        });
    };
    let shown = match rate {
        Some(r) => format!("{} / h", format_money(r, &currency)),
        None => "Each person's rate".to_string(),
    };
    view! {
        <div data-testid="client-rate" class="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <p class="text-xs font-semibold uppercase tracking-wide text-slate-500">"Hourly rate"</p>
            {if user_can(Permission::BillingManage) {
                view! {
                    <form novalidate on:submit=submit class="mt-1 flex items-center gap-2">
                        <input name="rate" aria-label="Client's hourly rate" placeholder="Each person's rate" bind:value=value
                            class="w-32 rounded-md border border-slate-300 px-2 py-1 text-sm tabular-nums shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-100"/>
                        <button type="submit" disabled=move || save.pending().get()
                            class="rounded-md border border-slate-300 bg-white px-3 py-1 text-sm font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-60">"Save"</button>
                    </form>
                    <p class="mt-1 text-xs text-slate-500">"Overrides each person's rate; a matter's own rate overrides it. Empty for none."</p>
                    {move || error().map(|m| view! { <p role="alert" class="text-xs text-red-700">{m}</p> })}
                    {move || saved().then(|| view! { <p role="status" class="text-xs text-emerald-700">"Rate saved"</p> })}
                }.into_any()
            } else {
                view! { <p class="mt-1 text-lg font-semibold tabular-nums text-slate-900">{shown}</p> }.into_any()
            }}
        </div>
    }
}
