use leptos::prelude::*;

use crate::site::format_local;

use crate::components::DataTable;
use crate::documents::{EmptyTrash, RestoreDocument, format_size, list_trash};

/// The firm's trash, for firm admins: what is in it, a Restore button per document, and
/// emptying it for good (which frees the storage).
#[component]
pub fn TrashSection() -> impl IntoView {
    let restore = ServerAction::<RestoreDocument>::new();
    let empty = ServerAction::<EmptyTrash>::new();
    let trash = Resource::new(
        move || (restore.version().get(), empty.version().get()),
        |_| list_trash(),
    );
    let refusal = move || {
        [
            restore.value().get().and_then(Result::err),
            empty.value().get().and_then(Result::err),
        ]
        .into_iter()
        .flatten()
        .next()
        .map(|e| e.in_words())
    };
    let emptied = move || match empty.value().get() {
        Some(Ok(n)) => Some(format!(
            "Emptied: {n} document{} removed for good.",
            if n == 1 { "" } else { "s" }
        )),
        _ => None,
    };
    view! {
        <section data-testid="trash" class="space-y-3">
            <div class="flex flex-wrap items-center justify-between gap-3">
                <div>
                    <h2 class="text-base font-semibold text-slate-900">"Trash"</h2>
                    <p class="text-sm text-slate-500">"Deleted documents stay here until a firm admin restores them or empties the trash."</p>
                </div>
                <button type="button" data-testid="empty-trash" on:click=move |_| { empty.dispatch(EmptyTrash {}); }
                    disabled=move || empty.pending().get()
                    class="rounded-md border border-red-200 px-3 py-2 text-sm font-medium text-red-700 hover:bg-red-50 disabled:opacity-60">"Empty trash"</button>
            </div>
            {move || refusal().map(|m| view! { <p role="alert" class="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">{m}</p> })}
            {move || emptied().map(|m| view! { <p role="status" data-testid="trash-status" class="text-sm text-emerald-700">{m}</p> })}
            <Transition fallback=|| view! { <p class="text-sm text-slate-500">"Loading the trash…"</p> }>
                {move || trash.get().map(|result| match result {
                    Ok(list) if list.is_empty() => view! { <p data-testid="trash-empty" class="text-sm text-slate-500">"The trash is empty."</p> }.into_any(),
                    Ok(list) => view! {
                        <DataTable testid="trash-table" columns=vec![("Name", ""), ("Matter", "hidden sm:table-cell"), ("Size", "hidden md:table-cell"), ("Deleted", "hidden md:table-cell"), ("", "")]>
                            {list.into_iter().map(|d| {
                                let document_id = d.id;
                                view! {
                                    <tr>
                                        <td class="px-4 py-3 font-medium text-slate-900">{d.name}</td>
                                        <td class="hidden px-4 py-3 text-slate-700 sm:table-cell">{format!("{} {}", d.matter_number, d.matter_title)}</td>
                                        <td class="hidden px-4 py-3 text-slate-700 md:table-cell">{format!("{} ({} version{})", format_size(d.stored), d.versions, if d.versions == 1 { "" } else { "s" })}</td>
                                        <td class="hidden px-4 py-3 text-slate-500 md:table-cell">{format!("{} · {}", d.deleted_by, format_local(d.deleted_at, "%d %b %Y"))}</td>
                                        <td class="px-4 py-3 text-right">
                                            <button type="button" data-testid="restore" on:click=move |_| { restore.dispatch(RestoreDocument { document_id }); }
                                                class="rounded-md border border-slate-200 px-3 py-1 text-sm font-medium text-slate-700 hover:bg-slate-50">"Restore"</button>
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </DataTable>
                    }.into_any(),
                    Err(err) => view! { <p role="alert" class="text-sm text-red-700">{err.in_words()}</p> }.into_any(),
                })}
            </Transition>
        </section>
    }
}
