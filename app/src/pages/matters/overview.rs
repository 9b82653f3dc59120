use leptos::prelude::*;

use super::editor::{MatterEditor, MatterFields};
use super::{Options, day};
use crate::auth::Permission;
use crate::components::{FormError, SubmitButton};
use crate::error::AppError;
use crate::matters::{Matter, UpdateMatter};
use crate::site::user_can;

/// A matter's details, and the form that changes them for those who may.
#[component]
pub fn Overview(
    matter: Matter,
    options: Options,
    update: ServerAction<UpdateMatter>,
) -> impl IntoView {
    let row = |label: &'static str, value: String| {
        view! {
            <div class="py-3 sm:grid sm:grid-cols-3 sm:gap-4">
                <dt class="text-sm font-medium text-slate-500">{label}</dt>
                <dd class="mt-1 whitespace-pre-line text-sm text-slate-900 sm:col-span-2 sm:mt-0">{value}</dd>
            </div>
        }
    };
    let unset = |value: Option<String>| value.unwrap_or_else(|| "Not set".into());
    let details = view! {
        <dl data-testid="matter-details" class="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white px-5 shadow-sm">
            {row("Practice area", unset(matter.practice_area.clone()))}
            {row("Opened", day(matter.opened_on))}
            {matter.closed_on.map(|on| row("Closed", day(on)))}
            {row("Responsible lawyer", unset(matter.responsible.clone()))}
            {row("Originating lawyer", unset(matter.originating.clone()))}
            {row("Description", matter.description.clone())}
        </dl>
    };
    view! {
        <div class="grid items-start gap-8 lg:grid-cols-2">
            {details}
            {user_can(Permission::MattersWrite).then(|| view! { <EditMatter matter options update/> })}
        </div>
    }
}

/// The form that changes a matter's details and status.
#[component]
fn EditMatter(
    matter: Matter,
    options: Options,
    update: ServerAction<UpdateMatter>,
) -> impl IntoView {
    let fields = MatterFields::of(&matter);
    let local = RwSignal::new(None::<AppError>);
    let server = update.value();
    let errors = Signal::derive(move || local.get().or_else(|| server.get().and_then(Result::err)));
    let saved = move || local.get().is_none() && matches!(server.get(), Some(Ok(_)));
    let id = matter.id;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = fields.form();
        match form.validate() {
            Err(err) => local.set(Some(err)),
            Ok(_) => {
                local.set(None);
                update.dispatch(UpdateMatter { id, form });
            }
        }
    };
    view! {
        <form data-testid="matter-form" novalidate on:submit=submit
            class="space-y-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
            <h2 class="text-base font-semibold text-slate-900">"Change the matter"</h2>
            <Transition fallback=|| view! { <p class="text-sm text-slate-500">"Loading the form…"</p> }>
                {move || options.get().map(|result| match result {
                    Ok(options) => view! { <MatterEditor fields errors options with_status=true/> }.into_any(),
                    Err(err) => view! { <p role="alert" class="text-sm text-red-700">{err.to_string()}</p> }.into_any(),
                })}
            </Transition>
            <FormError errors/>
            <div class="flex items-center justify-between gap-3">
                <p data-testid="form-status" role="status" class="text-sm text-emerald-700">
                    {move || saved().then_some("Changes saved")}
                </p>
                <SubmitButton label="Save changes" pending=update.pending()/>
            </div>
        </form>
    }
}
