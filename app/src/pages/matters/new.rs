use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use super::client_picker::{ClientChoice, ClientPicker};
use super::editor::{MatterEditor, MatterFields};
use super::load_options;
use crate::auth::Permission;
use crate::components::{FormError, PageHeader, SubmitButton};
use crate::error::AppError;
use crate::matters::CreateMatter;
use crate::site::user_can;

/// `/matters/new`: opens a matter for a client (`?client={id}` picks that client to start with).
#[component]
pub fn NewMatterPage() -> impl IntoView {
    view! {
        <Title text="New matter"/>
        <A href="/matters" attr:class="text-sm font-medium text-indigo-600 hover:text-indigo-500">"← All matters"</A>
        <div class="mt-3">
            <PageHeader title="New matter" subtitle="It gets the next number of the year; you and the responsible lawyer join its team."/>
        </div>
        {if user_can(Permission::MattersWrite) {
            view! { <NewMatterForm/> }.into_any()
        } else {
            view! { <p class="text-sm text-slate-500">"Your role does not open matters. Ask your firm's administrator if you need to."</p> }.into_any()
        }}
    }
}

#[component]
fn NewMatterForm() -> impl IntoView {
    let client = ClientChoice::from_url();
    let fields = MatterFields::opened(today());
    let options = load_options();
    let create = ServerAction::<CreateMatter>::new();
    let local = RwSignal::new(None::<AppError>);
    let server = create.value();
    let errors = Signal::derive(move || local.get().or_else(|| server.get().and_then(Result::err)));
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(matter)) = server.get() {
            navigate(&format!("/matters/{}", matter.id), Default::default());
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = fields.form();
        // Both problems are shown at once: the client and the fields.
        let chosen = client.require();
        let checked = form.validate();
        local.set(checked.as_ref().err().cloned());
        if let (Ok(_), Some(chosen)) = (checked, chosen) {
            create.dispatch(CreateMatter {
                client_id: chosen.id,
                form,
            });
        }
    };
    view! {
        <form data-testid="matter-form" novalidate on:submit=submit
            class="max-w-2xl space-y-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
            <ClientPicker choice=client/>
            <Transition fallback=|| view! { <p class="text-sm text-slate-500">"Loading the form…"</p> }>
                {move || options.get().map(|result| match result {
                    Ok(options) => view! { <MatterEditor fields errors options/> }.into_any(),
                    Err(err) => view! { <p role="alert" class="text-sm text-red-700">{err.to_string()}</p> }.into_any(),
                })}
            </Transition>
            <FormError errors/>
            <div class="flex justify-end">
                <SubmitButton label="Open matter" pending=create.pending()/>
            </div>
        </form>
    }
}

/// Today's date (UTC) as `YYYY-MM-DD`, from the server's clock or the browser's.
fn today() -> String {
    chrono::Utc::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string()
}
