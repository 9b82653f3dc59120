use leptos::prelude::*;
use leptos_router::components::A;
use uuid::Uuid;

use super::StatusBadge;
use crate::auth::Permission;
use crate::error::AppError;
use crate::matters::{MatterFilter, MatterPage, list_matters};
use crate::site::user_can;

/// The "Matters" section of a client's page, for those who may see matters: the client's
/// matters, newest first (loaded by the page, see [`client_matters`]), and a link that opens
/// one for the client.
#[component]
pub fn ClientMatters(
    client_id: Uuid,
    matters: Resource<Result<MatterPage, AppError>>,
) -> impl IntoView {
    user_can(Permission::MattersRead).then(|| {
        view! {
            <section data-testid="client-matters" class="mt-10 max-w-2xl space-y-3">
                <div class="flex items-center justify-between gap-4">
                    <h2 class="text-base font-semibold text-slate-900">"Matters"</h2>
                    {user_can(Permission::MattersWrite).then(|| view! {
                        <A href=format!("/matters/new?client={client_id}") attr:class="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50">"Open a matter"</A>
                    })}
                </div>
                <Transition fallback=|| view! { <p class="text-sm text-slate-500">"Loading matters…"</p> }>
                    {move || matters.get().map(|result| match result {
                        Ok(page) => view! { <MatterLines page/> }.into_any(),
                        Err(err) => view! { <p role="alert" class="text-sm text-red-700">{err.to_string()}</p> }.into_any(),
                    })}
                </Transition>
            </section>
        }
    })
}

/// The first page of client `client_id`'s matters, for [`ClientMatters`].
pub async fn client_matters(client_id: Uuid) -> Result<MatterPage, AppError> {
    let filter = MatterFilter {
        client_id: Some(client_id),
        ..Default::default()
    };
    list_matters(filter, 1).await
}

/// The client's matters, one line each.
#[component]
fn MatterLines(page: MatterPage) -> impl IntoView {
    if page.items.is_empty() {
        return view! {
            <p class="rounded-lg border border-dashed border-slate-300 bg-white px-5 py-6 text-center text-sm text-slate-500">"No matters for this client yet."</p>
        }
        .into_any();
    }
    let more = (page.total > page.items.len() as u64)
        .then(|| format!("The newest {} of {} matters.", page.items.len(), page.total));
    view! {
        <ul class="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white shadow-sm">
            {page.items.into_iter().map(|m| view! {
                <li class="flex items-center gap-3 px-4 py-3 text-sm">
                    <span class="whitespace-nowrap font-mono text-slate-500">{m.number}</span>
                    <A href=format!("/matters/{}", m.id) attr:class="min-w-0 flex-1 truncate font-medium text-slate-900 hover:text-indigo-700">{m.title}</A>
                    <StatusBadge status=m.status/>
                </li>
            }).collect_view()}
        </ul>
        {more.map(|line| view! { <p class="text-xs text-slate-500">{line}</p> })}
    }
    .into_any()
}
