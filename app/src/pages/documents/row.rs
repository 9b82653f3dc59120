use leptos::prelude::*;
use uuid::Uuid;

use super::list::Changes;
use super::uploader::{Target, Uploader};
use crate::auth::Permission;
use crate::documents::{
    DeleteDocument, Document, MoveDocument, RenameDocument, document_versions, format_size,
    name_problem,
};
use crate::matters::{MatterFilter, list_matters};
use crate::site::{format_local, user_can};

/// What a row shows below itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Panel {
    Rename,
    Move,
    Version,
    History,
}

const CONTROL: &str = "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-100";
const SMALL_BUTTON: &str = "rounded-md border border-slate-200 px-2 py-1 text-xs font-medium text-slate-700 hover:bg-slate-50";

/// One document: its name (a download link), size, version and last change, the actions the
/// user may take, and the open panel of one of them.
#[component]
pub fn DocumentRow(document: Document, changes: Changes) -> impl IntoView {
    let panel = RwSignal::new(None::<Panel>);
    let toggle = move |p: Panel| panel.update(|open| *open = (*open != Some(p)).then_some(p));
    let id = document.id;
    let can_write = user_can(Permission::DocumentsWrite);
    let can_delete = user_can(Permission::DocumentsDelete);
    let updated = format_local(document.updated_at, "%d %b %Y");
    let button = move |p: Panel, label: &'static str| {
        view! {
            <button type="button" class=SMALL_BUTTON data-testid=format!("doc-{label}").to_lowercase().replace(' ', "-")
                aria-expanded=move || (panel.get() == Some(p)).to_string()
                on:click=move |_| toggle(p)>{label}</button>
        }
    };
    view! {
        <tr data-testid="document-row">
            <td class="px-4 py-3">
                <a href=format!("/documents/{id}/download") download="" data-testid="document-download"
                    class="font-medium text-indigo-700 hover:text-indigo-500">{document.name.clone()}</a>
                <p class="text-xs text-slate-500">{format!("{} · {}", document.content_type, document.uploaded_by)}</p>
            </td>
            <td class="hidden whitespace-nowrap px-4 py-3 text-slate-700 sm:table-cell">{format_size(document.size)}</td>
            <td class="hidden px-4 py-3 text-slate-700 md:table-cell">{format!("v{}", document.version)}</td>
            <td class="hidden whitespace-nowrap px-4 py-3 text-slate-700 md:table-cell">{updated}</td>
            <td class="px-4 py-3">
                <div class="flex flex-wrap justify-end gap-1">
                    {button(Panel::History, "History")}
                    {can_write.then(|| view! {
                        {button(Panel::Version, "New version")}
                        {button(Panel::Rename, "Rename")}
                        {button(Panel::Move, "Move")}
                    })}
                    {can_delete.then(|| view! {
                        <button type="button" data-testid="doc-delete" on:click=move |_| { changes.delete.dispatch(DeleteDocument { document_id: id }); }
                            class="rounded-md border border-red-200 px-2 py-1 text-xs font-medium text-red-700 hover:bg-red-50">"Delete"</button>
                    })}
                </div>
            </td>
        </tr>
        {move || panel.get().map(|open| view! {
            <tr class="bg-slate-50">
                <td colspan="5" class="px-4 py-3">
                    {match open {
                        Panel::Rename => view! { <RenameForm id name=document.name.clone() changes/> }.into_any(),
                        Panel::Move => view! { <MoveForm id changes/> }.into_any(),
                        Panel::Version => view! {
                            <Uploader target=Target::Document(id) label="Upload a new version"
                                on_done=Callback::new(move |()| changes.uploaded.update(|n| *n += 1))/>
                        }.into_any(),
                        Panel::History => view! { <History id/> }.into_any(),
                    }}
                </td>
            </tr>
        })}
    }
}

#[component]
fn RenameForm(id: Uuid, name: String, changes: Changes) -> impl IntoView {
    let name = RwSignal::new(name);
    let problem = RwSignal::new(None::<&'static str>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = name.get_untracked();
        problem.set(name_problem(typed.trim()));
        if problem.get_untracked().is_none() {
            changes.rename.dispatch(RenameDocument {
                document_id: id,
                name: typed,
            });
        }
    };
    view! {
        <form novalidate on:submit=submit data-testid="rename-form" class="flex flex-wrap items-start gap-2">
            <div class="min-w-64 flex-1">
                <label for=format!("rename-{id}") class="sr-only">"New name"</label>
                <input id=format!("rename-{id}") type="text" bind:value=name class=CONTROL/>
                {move || problem.get().map(|m| view! { <p data-testid="error-name" class="mt-1 text-xs text-red-600">{m}</p> })}
            </div>
            <button type="submit" class="rounded-md bg-indigo-600 px-3 py-2 text-sm font-semibold text-white hover:bg-indigo-500">"Rename"</button>
        </form>
    }
}

/// Moves a document to another of the firm's matters the user may see, found by number, title
/// or client.
#[component]
fn MoveForm(id: Uuid, changes: Changes) -> impl IntoView {
    let search = RwSignal::new(String::new());
    let found = Resource::new(
        move || search.get(),
        |q| async move {
            if q.trim().is_empty() {
                return Ok(None);
            }
            let filter = MatterFilter {
                q,
                ..Default::default()
            };
            list_matters(filter, 1).await.map(Some)
        },
    );
    view! {
        <div class="space-y-2" data-testid="move-form">
            <label for=format!("move-{id}") class="block text-xs font-medium text-slate-700">"Move to the matter"</label>
            <input id=format!("move-{id}") type="search" placeholder="Number, title or client" class=CONTROL
                on:change=move |ev| search.set(event_target_value(&ev))/>
            <Transition>
                {move || found.get().map(|result| match result {
                    Ok(Some(page)) => view! {
                        <ul class="divide-y divide-slate-100 rounded-md border border-slate-200 bg-white">
                            {page.items.into_iter().take(8).map(|m| {
                                let matter_id = m.id;
                                view! {
                                    <li>
                                        <button type="button" class="w-full px-3 py-2 text-left text-sm hover:bg-indigo-50"
                                            on:click=move |_| { changes.move_to.dispatch(MoveDocument { document_id: id, matter_id }); }>
                                            <span class="font-mono text-xs text-slate-500">{m.number}</span>" "
                                            <span class="font-medium text-slate-900">{m.title}</span>
                                            <span class="text-slate-500">{format!(" · {}", m.client_name)}</span>
                                        </button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Ok(None) => ().into_any(),
                    Err(err) => view! { <p class="text-xs text-red-700">{err.in_words()}</p> }.into_any(),
                })}
            </Transition>
        </div>
    }
}

/// Every version of a document, newest first, each downloadable.
#[component]
fn History(id: Uuid) -> impl IntoView {
    let versions = Resource::new(move || id, document_versions);
    view! {
        <Transition fallback=|| view! { <p class="text-xs text-slate-500">"Loading versions…"</p> }>
            {move || versions.get().map(|result| match result {
                Ok(list) => view! {
                    <ul data-testid="versions" class="space-y-1 text-sm">
                        {list.into_iter().map(|v| view! {
                            <li class="flex flex-wrap items-baseline gap-x-3">
                                <a href=format!("/documents/{id}/versions/{}/download", v.id) download="" data-testid="version-download"
                                    class="font-medium text-indigo-700 hover:text-indigo-500">{format!("Version {}", v.number)}</a>
                                <span class="text-slate-600">{format_size(v.size)}</span>
                                <span class="text-slate-500">{format!("{} · {}", v.uploaded_by, format_local(v.created_at, "%d %b %Y %H:%M"))}</span>
                                <span class="font-mono text-xs text-slate-400" title="SHA-256, checked on every download">{v.sha256[..12.min(v.sha256.len())].to_string()}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
                Err(err) => view! { <p class="text-xs text-red-700">{err.in_words()}</p> }.into_any(),
            })}
        </Transition>
    }
}
