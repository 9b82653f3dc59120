use leptos::prelude::*;
use leptos_meta::Title;

use super::trash::TrashSection;
use crate::auth::Permission;
use crate::components::{DataTable, PageHeader};
use crate::documents::{Document, format_size, recent_documents};
use crate::error::AppError;
use crate::site::{format_local, user_can};

/// `/documents`: the documents the user changed or can see changing lately, across their
/// matters, and for firm admins the trash.
#[component]
pub fn DocumentsPage() -> impl IntoView {
    view! {
        <Title text="Documents"/>
        <PageHeader title="Documents" subtitle="Documents are filed on matters: open a matter to upload. The latest ones you can see are here."/>
        <div class="space-y-8">
            {user_can(Permission::DocumentsRead).then(|| view! { <RecentDocuments/> })}
            {user_can(Permission::SettingsManage).then(|| view! { <TrashSection/> })}
        </div>
    }
}

/// The documents of the user's matters that changed last.
#[component]
pub fn RecentDocuments() -> impl IntoView {
    let documents = Resource::new(|| (), |()| recent_documents());
    view! {
        <Transition fallback=|| view! { <p class="text-sm text-slate-500">"Loading documents…"</p> }>
            {move || documents.get().map(|result| view! { <DocumentLinks result testid="recent-documents-table"/> })}
        </Transition>
    }
}

/// A client's page: the documents on the client's matters the user may see (loaded by the
/// page, see `clients::detail`).
#[component]
pub fn ClientDocuments(documents: Resource<Result<Vec<Document>, AppError>>) -> impl IntoView {
    view! {
        <section class="mt-8 max-w-4xl space-y-3">
            <h2 class="text-base font-semibold text-slate-900">"Documents"</h2>
            <Transition fallback=|| view! { <p class="text-sm text-slate-500">"Loading documents…"</p> }>
                {move || documents.get().map(|result| view! { <DocumentLinks result testid="client-documents"/> })}
            </Transition>
        </section>
    }
}

/// Documents as a table of download links with their matters, or why there are none.
#[component]
fn DocumentLinks(result: Result<Vec<Document>, AppError>, testid: &'static str) -> impl IntoView {
    match result {
        Ok(list) if list.is_empty() => view! {
            <p data-testid=format!("{testid}-none") class="text-sm text-slate-500">"No documents yet."</p>
        }.into_any(),
        Ok(list) => view! {
            <DataTable testid=testid columns=vec![("Name", ""), ("Matter", "hidden sm:table-cell"), ("Size", "hidden md:table-cell"), ("Updated", "hidden md:table-cell")]>
                {list.into_iter().map(|d| view! {
                    <tr>
                        <td class="px-4 py-3">
                            <a href=format!("/documents/{}/download", d.id) download="" class="font-medium text-indigo-700 hover:text-indigo-500">{d.name}</a>
                        </td>
                        <td class="hidden px-4 py-3 sm:table-cell">
                            <a href=format!("/matters/{}?tab=documents", d.matter_id) class="text-slate-700 hover:text-indigo-600">{format!("{} {}", d.matter_number, d.matter_title)}</a>
                        </td>
                        <td class="hidden px-4 py-3 text-slate-700 md:table-cell">{format_size(d.size)}</td>
                        <td class="hidden px-4 py-3 text-slate-500 md:table-cell">{format_local(d.updated_at, "%d %b %Y")}</td>
                    </tr>
                }).collect_view()}
            </DataTable>
        }.into_any(),
        Err(err) => view! { <p role="alert" class="text-sm text-red-700">{err.in_words()}</p> }.into_any(),
    }
}
