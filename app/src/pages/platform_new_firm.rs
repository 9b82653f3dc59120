//! The platform console's "Open a firm": the same provisioning as sign-up, on a chosen plan;
//! the owner gets a mail with a link to choose their password.

use leptos::prelude::*;

use super::platform_plans::PlanList;
use crate::billing::money::CURRENCIES;
use crate::components::{Field, FieldKind, FormError, SubmitButton};
use crate::platform::{CreateFirm, NewFirmForm};

/// The form, under the firms table.
#[component]
pub fn NewFirmSection(plans: PlanList, create: ServerAction<CreateFirm>) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let slug = RwSignal::new(String::new());
    let admin_name = RwSignal::new(String::new());
    let admin_email = RwSignal::new(String::new());
    let currency = RwSignal::new("USD".to_string());
    let plan = RwSignal::new("standard".to_string());
    let errors = Signal::derive(move || create.value().get().and_then(Result::err));
    Effect::new(move |_| {
        if let Some(Ok(_)) = create.value().get() {
            for field in [name, slug, admin_name, admin_email] {
                field.set(String::new());
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        create.dispatch(CreateFirm {
            form: NewFirmForm {
                name: name.get_untracked(),
                slug: slug.get_untracked(),
                admin_name: admin_name.get_untracked(),
                admin_email: admin_email.get_untracked(),
                currency: currency.get_untracked(),
                plan: plan.get_untracked(),
            },
        });
    };
    let currencies = CURRENCIES
        .iter()
        .map(|c| (c.code.to_string(), format!("{} · {}", c.code, c.name)))
        .collect::<Vec<_>>();
    view! {
        <section data-testid="new-firm" class="space-y-4">
            <div>
                <h2 class="text-base font-semibold text-slate-900">"Open a firm"</h2>
                <p class="text-sm text-slate-500">"For a firm that does not sign up by itself. Its owner gets a mail with a link to choose their password."</p>
            </div>
            <form data-testid="new-firm-form" novalidate on:submit=submit
                class="space-y-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
                <div class="grid gap-4 sm:grid-cols-2">
                    <Field scope="new-firm" name="name" label="Firm name" value=name errors kind=FieldKind::Input("text") autocomplete="off"/>
                    <Field scope="new-firm" name="slug" label="Subdomain" value=slug errors kind=FieldKind::Input("text") autocomplete="off"
                        hint="Lowercase letters, digits and hyphens: the firm's address in Docket."/>
                    <Field scope="new-firm" name="admin_name" label="Owner's name" value=admin_name errors kind=FieldKind::Input("text") autocomplete="off"/>
                    <Field scope="new-firm" name="admin_email" label="Owner's email" value=admin_email errors kind=FieldKind::Input("email") autocomplete="off"/>
                    <Field scope="new-firm" name="currency" label="Currency" value=currency errors kind=FieldKind::Select(currencies)/>
                    <Transition fallback=|| view! { <p class="text-sm text-slate-500">"Loading plans…"</p> }>
                        {move || plans.get().map(|result| {
                            let options = result
                                .unwrap_or_default()
                                .into_iter()
                                .map(|p| (p.id, p.name))
                                .collect::<Vec<_>>();
                            view! { <Field scope="new-firm" name="plan" label="Plan" value=plan errors kind=FieldKind::Select(options)/> }
                        })}
                    </Transition>
                </div>
                <FormError errors/>
                <div class="flex items-center gap-3">
                    <SubmitButton label="Open the firm" pending=create.pending()/>
                    {move || create.value().get().and_then(Result::ok).map(|firm| view! {
                        <p data-testid="new-firm-status" role="status" class="text-sm text-emerald-700">
                            {format!("{} is open at {}; its owner has the link to choose a password.", firm.name, firm.slug)}
                        </p>
                    })}
                </div>
            </form>
        </section>
    }
}
