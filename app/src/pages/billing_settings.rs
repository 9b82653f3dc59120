//! The billing part of the settings page: the firm's billing settings (currency, billing
//! increment, tax, payment terms and what invoices print) and each user's hourly rate.

use leptos::prelude::*;
use uuid::Uuid;

use crate::auth::Permission;
use crate::billing::money::{CURRENCIES, format_decimal, format_money, format_percent};
use crate::billing::{
    BillingSettings, BillingSettingsForm, SaveBillingSettings, SetUserRate, UserRate,
    load_billing_settings, user_rates,
};
use crate::components::{DataTable, Field, FieldKind, FormError, SubmitButton};
use crate::error::AppError;
use crate::site::user_can;

/// The firm's billing settings and hourly rates, for those who see billing: the settings
/// editable by those who manage settings, the rates by those who manage billing.
#[component]
pub fn BillingSettingsSection() -> impl IntoView {
    let settings = Resource::new(|| (), |_| load_billing_settings());
    view! {
        <section class="space-y-3">
            <div>
                <h2 class="text-base font-semibold text-slate-900">"Billing"</h2>
                <p class="text-sm text-slate-500">"How time is billed and what invoices say."</p>
            </div>
            <Transition fallback=|| view! { <p class="text-sm text-slate-500">"Loading billing settings…"</p> }>
                {move || settings.get().map(|result| match result {
                    Ok(s) => {
                        let currency = s.currency.clone();
                        view! { <SettingsForm settings=s/><RatesSection currency/> }.into_any()
                    }
                    Err(err) => view! { <p role="alert" class="text-sm text-red-700">{err.in_words()}</p> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn SettingsForm(settings: BillingSettings) -> impl IntoView {
    let can_edit = user_can(Permission::SettingsManage);
    let read_only = !can_edit;
    let locked = settings.currency_locked;
    let currency = RwSignal::new(settings.currency);
    let increment = RwSignal::new(settings.increment_minutes.to_string());
    let tax_rate = RwSignal::new(
        format_percent(settings.tax_rate_bp)
            .trim_end_matches('%')
            .to_string(),
    );
    let tax_label = RwSignal::new(settings.tax_label);
    let terms = RwSignal::new(settings.payment_terms_days.to_string());
    let instructions = RwSignal::new(settings.payment_instructions);
    let save = ServerAction::<SaveBillingSettings>::new();
    let local = RwSignal::new(None::<AppError>);
    let server = save.value();
    let errors = Signal::derive(move || local.get().or_else(|| server.get().and_then(Result::err)));
    let saved = move || local.get().is_none() && matches!(server.get(), Some(Ok(_)));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = BillingSettingsForm {
            currency: currency.get_untracked(),
            increment_minutes: increment.get_untracked(),
            tax_rate: tax_rate.get_untracked(),
            tax_label: tax_label.get_untracked(),
            payment_terms_days: terms.get_untracked(),
            payment_instructions: instructions.get_untracked(),
        };
        match form.validate() {
            Err(err) => local.set(Some(err)),
            Ok(_) => {
                local.set(None);
                save.dispatch(SaveBillingSettings { form });
            }
        }
    };
    let currencies = CURRENCIES
        .iter()
        .map(|c| (c.code.to_string(), format!("{} · {}", c.code, c.name)))
        .collect::<Vec<_>>();
    view! {
        <form data-testid="billing-settings-form" novalidate on:submit=submit
            class="max-w-2xl space-y-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
            // Those who may not change the settings see them all disabled.
            <fieldset disabled=read_only class="grid min-w-0 gap-4 sm:grid-cols-2">
                <div>
                    <fieldset disabled=locked class="min-w-0">
                        <Field name="currency" label="Currency" value=currency errors kind=FieldKind::Select(currencies)/>
                    </fieldset>
                    {locked.then(|| view! {
                        <p data-testid="currency-locked" class="text-xs text-slate-500">"Fixed once an invoice has been issued."</p>
                    })}
                </div>
                <Field name="increment_minutes" label="Billing increment (minutes)" value=increment errors
                    kind=FieldKind::Input("text") hint="Time is billed in whole steps, rounding up: 6 is a tenth of an hour."/>
                <Field name="tax_rate" label="Tax rate (%)" value=tax_rate errors kind=FieldKind::Input("text")
                    hint="For example 8.25; 0 for none."/>
                <Field name="tax_label" label="Tax name" value=tax_label errors kind=FieldKind::Input("text")
                    hint="As invoices call it: VAT, Sales tax."/>
                <Field name="payment_terms_days" label="Payment terms (days)" value=terms errors
                    kind=FieldKind::Input("text") hint="From the issue date to the due date."/>
                <div class="sm:col-span-2">
                    <Field name="payment_instructions" label="Payment instructions" value=instructions errors
                        kind=FieldKind::TextArea hint="Bank details and payee, printed on invoices."/>
                </div>
            </fieldset>
            <FormError errors/>
            {can_edit.then(|| view! {
                <div class="flex items-center justify-between gap-3">
                    <p data-testid="billing-settings-status" role="status" class="text-sm text-emerald-700">
                        {move || saved().then_some("Billing settings saved")}
                    </p>
                    <SubmitButton label="Save billing settings" pending=save.pending()/>
                </div>
            })}
        </form>
    }
}

/// Each active user's default hourly rate; a client's or a matter's rate takes precedence.
#[component]
fn RatesSection(currency: String) -> impl IntoView {
    let set_rate = ServerAction::<SetUserRate>::new();
    let rates = Resource::new(|| (), |_| user_rates());
    let can_edit = user_can(Permission::BillingManage);
    // Only a saved rate reloads the list, so a refused one stays as typed.
    Effect::new(move |_| {
        if let Some(Ok(_)) = set_rate.value().get() {
            rates.refetch();
        }
    });
    view! {
        <div class="space-y-3 pt-4">
            <div>
                <h3 class="text-sm font-semibold text-slate-900">"Hourly rates"</h3>
                <p class="text-sm text-slate-500">"Each person's default rate. A client's or a matter's own rate takes precedence."</p>
            </div>
            {move || set_rate.value().get().map(|result| match result {
                Ok(_) => view! { <p role="status" data-testid="rate-status" class="text-sm text-emerald-700">"Rate saved."</p> }.into_any(),
                Err(err) => view! {
                    <p role="alert" data-testid="rate-error" class="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">{err.in_words()}</p>
                }.into_any(),
            })}
            <Transition fallback=|| view! { <p class="text-sm text-slate-500">"Loading rates…"</p> }>
                {move || rates.get().map(|result| match result {
                    Ok(list) => view! { <RatesTable rates=list currency=currency.clone() set_rate can_edit/> }.into_any(),
                    Err(err) => view! { <p role="alert" class="text-sm text-red-700">{err.in_words()}</p> }.into_any(),
                })}
            </Transition>
        </div>
    }
}

#[component]
fn RatesTable(
    rates: Vec<UserRate>,
    currency: String,
    set_rate: ServerAction<SetUserRate>,
    can_edit: bool,
) -> impl IntoView {
    view! {
        <DataTable testid="rates-table" columns=vec![("Name", ""), ("Hourly rate", "")]>
            {rates.into_iter().map(|r| {
                let rate = if can_edit {
                    view! {
                        <RateForm user_id=r.user_id name=r.name.clone() rate=format_decimal(r.rate, &currency) set_rate/>
                    }.into_any()
                } else {
                    view! { <span class="tabular-nums text-slate-700">{format_money(r.rate, &currency)}</span> }.into_any()
                };
                view! {
                    <tr data-testid="rate-row">
                        <td class="px-4 py-3 font-medium text-slate-900">{r.name}</td>
                        <td class="px-4 py-3">{rate}</td>
                    </tr>
                }
            }).collect_view()}
        </DataTable>
    }
}

/// One user's rate as an input; Enter or Save sets it.
#[component]
fn RateForm(
    user_id: Uuid,
    name: String,
    /// The rate as a plain amount (`250.00`).
    rate: String,
    set_rate: ServerAction<SetUserRate>,
) -> impl IntoView {
    let value = RwSignal::new(rate);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        set_rate.dispatch(SetUserRate {
            user_id,
            rate: value.get_untracked(),
        });
    };
    view! {
        <form novalidate on:submit=submit class="flex items-center gap-2">
            <input type="text" name="rate" data-testid="rate-input" aria-label=format!("Hourly rate of {name}") bind:value=value
                class="block w-32 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-right text-sm tabular-nums shadow-sm outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-100"/>
            <button type="submit" data-testid="rate-save" disabled=move || set_rate.pending().get()
                class="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-60">
                "Save"
            </button>
        </form>
    }
}
