use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use super::billing_card::{BillingResource, ClientBillingCard};
use super::editor::{ClientEditor, ClientFields};
use crate::auth::Permission;
use crate::billing::load_client_billing;
use crate::clients::{Client, UpdateClient, open_client};
use crate::components::{FormError, PageHeader, SubmitButton};
use crate::documents::{Document, client_documents};
use crate::error::AppError;
use crate::matters::MatterPage;
use crate::pages::documents::ClientDocuments;
use crate::pages::matters::{ClientMatters, client_matters};
use crate::pages::not_found::NotFound;
use crate::site::{format_local, user_can};

/// `/clients/:id`: one client's details, editable, and the client's matters.
#[component]
pub fn ClientDetailPage() -> impl IntoView {
    let id = crate::pages::id_param();
    let client = Resource::new(id, |id| async move {
        match id {
            Some(id) => open_client(id).await,
            None => Err(AppError::NotFound),
        }
    });
    let sections = Sections::load(id);
    view! {
        <Suspense fallback=|| view! { <p class="text-sm text-slate-500">"Loading client…"</p> }>
            {move || client.get().map(|result| match result {
                Ok(c) if user_can(Permission::ClientsWrite) => view! { <ClientDetail client=c sections/> }.into_any(),
                Ok(c) => view! { <ClientReadOnly client=c sections/> }.into_any(),
                Err(AppError::NotFound) => view! { <NotFound/> }.into_any(),
                Err(err) => view! { <p role="alert" class="text-sm text-red-700">{err.to_string()}</p> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn ClientDetail(client: Client, sections: Sections) -> impl IntoView {
    let fields = ClientFields::of(&client);
    let update = ServerAction::<UpdateClient>::new();
    let local = RwSignal::new(None::<AppError>);
    let server = update.value();
    let errors = Signal::derive(move || local.get().or_else(|| server.get().and_then(Result::err)));
    let name = client.name.clone();
    let title = move || match server.get() {
        Some(Ok(c)) => c.name,
        _ => name.clone(),
    };
    let saved = move || local.get().is_none() && matches!(server.get(), Some(Ok(_)));
    let id = client.id;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = fields.form();
        match form.validate() {
            Err(err) => local.set(Some(err)),
            Ok(_) => {
                local.set(None);
                update.dispatch(UpdateClient { id, form });
            }
        }
    };
    view! {
        <Title text=title/>
        <A href="/clients" attr:class="text-sm font-medium text-indigo-600 hover:text-indigo-500">"← All clients"</A>
        <div class="mt-3">
            <PageHeader title=client.name.clone() subtitle=format!("{} · added {}", client.kind.label(), format_local(client.created_at, "%d %b %Y"))/>
        </div>
        <form data-testid="client-form" novalidate on:submit=submit
            class="max-w-2xl space-y-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
            <ClientEditor fields errors/>
            <FormError errors/>
            <div class="flex items-center justify-between gap-3">
                <p data-testid="form-status" role="status" class="text-sm text-emerald-700">
                    {move || saved().then_some("Changes saved")}
                </p>
                <SubmitButton label="Save changes" pending=update.pending()/>
            </div>
        </form>
        <ClientSections client_id=id sections/>
    }
}

/// A client's details for users who may look but not change.
#[component]
fn ClientReadOnly(client: Client, sections: Sections) -> impl IntoView {
    let row = |label: &'static str, value: String| {
        view! {
            <div class="py-3 sm:grid sm:grid-cols-3 sm:gap-4">
                <dt class="text-sm font-medium text-slate-500">{label}</dt>
                <dd class="mt-1 whitespace-pre-line text-sm text-slate-900 sm:col-span-2 sm:mt-0">{value}</dd>
            </div>
        }
    };
    view! {
        <Title text=client.name.clone()/>
        <A href="/clients" attr:class="text-sm font-medium text-indigo-600 hover:text-indigo-500">"← All clients"</A>
        <div class="mt-3">
            <PageHeader title=client.name.clone() subtitle=client.kind.label()/>
        </div>
        <dl data-testid="client-details" class="max-w-2xl divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white px-5 shadow-sm">
            {row("Email", client.email.unwrap_or_default())}
            {row("Phone", client.phone.unwrap_or_default())}
            {row("Address", client.address)}
            {row("Tags", client.tags.join(", "))}
            {row("Notes", client.notes)}
            {row("Added", format_local(client.created_at, "%d %b %Y"))}
        </dl>
        <ClientSections client_id=client.id sections/>
    }
}

/// The sections under a client's details: matters, billing and documents. Their data is loaded
/// by the page beside the client itself, not by each section: a resource created under the
/// page's Suspense could leave the page unhydrated (a race the browser tests caught).
#[derive(Clone, Copy)]
struct Sections {
    matters: Resource<Result<MatterPage, AppError>>,
    billing: BillingResource,
    documents: Resource<Result<Vec<Document>, AppError>>,
}

impl Sections {
    /// Starts loading what the user may see of client `id`'s sections.
    fn load(id: impl Fn() -> Option<uuid::Uuid> + Copy + Send + Sync + 'static) -> Self {
        let matters_ok = user_can(Permission::MattersRead);
        let billing_ok = user_can(Permission::BillingRead);
        let documents_ok = user_can(Permission::DocumentsRead);
        Sections {
            matters: Resource::new(id, move |id| async move {
                match id {
                    Some(id) if matters_ok => client_matters(id).await,
                    _ => Err(AppError::Forbidden),
                }
            }),
            billing: Resource::new(id, move |id| async move {
                match id {
                    Some(id) if billing_ok => load_client_billing(id).await.map(Some),
                    _ => Ok(None),
                }
            }),
            documents: Resource::new(id, move |id| async move {
                match id {
                    Some(id) if documents_ok => client_documents(id).await,
                    _ => Err(AppError::Forbidden),
                }
            }),
        }
    }
}

#[component]
fn ClientSections(client_id: uuid::Uuid, sections: Sections) -> impl IntoView {
    view! {
        <ClientMatters client_id matters=sections.matters/>
        <ClientBillingCard client_id billing=sections.billing/>
        {user_can(Permission::DocumentsRead).then(|| view! { <ClientDocuments documents=sections.documents/> })}
    }
}
