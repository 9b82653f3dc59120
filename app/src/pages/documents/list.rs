use leptos::prelude::*;
use uuid::Uuid;

use super::row::DocumentRow;
use super::uploader::{Target, Uploader};
use crate::auth::Permission;
use crate::components::DataTable;
use crate::documents::{DeleteDocument, MoveDocument, RenameDocument, list_documents};
use crate::site::user_can;

/// The changes a documents list makes, shared by its rows.
#[derive(Clone, Copy)]
pub struct Changes {
    /// Renames a document.
    pub rename: ServerAction<RenameDocument>,
    /// Moves a document to another matter.
    pub move_to: ServerAction<MoveDocument>,
    /// Puts a document in the trash.
    pub delete: ServerAction<DeleteDocument>,
    /// Bumped when an upload stores a file.
    pub uploaded: RwSignal<u32>,
}

/// A matter's documents: the drop zone for new ones, and the list.
#[component]
pub fn DocumentsTab(matter_id: Uuid) -> impl IntoView {
    let changes = Changes {
        rename: ServerAction::new(),
        move_to: ServerAction::new(),
        delete: ServerAction::new(),
        uploaded: RwSignal::new(0),
    };
    let documents = Resource::new(
        move || {
            (
                changes.uploaded.get(),
                changes.rename.version().get(),
                changes.move_to.version().get(),
                changes.delete.version().get(),
            )
        },
        move |_| list_documents(matter_id),
    );
    let refusal = move || {
        [
            changes.rename.value().get().and_then(Result::err),
            changes.move_to.value().get().and_then(Result::err),
            changes.delete.value().get().and_then(Result::err),
        ]
        .into_iter()
        .flatten()
        .next()
        .map(|e| e.in_words())
    };
    let on_done = Callback::new(move |()| changes.uploaded.update(|n| *n += 1));
    view! {
        <section class="space-y-4">
            {user_can(Permission::DocumentsWrite).then(|| view! {
                <Uploader target=Target::Matter(matter_id) on_done multiple=true label="Upload documents"/>
            })}
            {move || refusal().map(|m| view! {
                <p role="alert" data-testid="documents-error" class="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">{m}</p>
            })}
            <Transition fallback=|| view! { <p class="text-sm text-slate-500">"Loading documents…"</p> }>
                {move || documents.get().map(|result| match result {
                    Ok(list) if list.is_empty() => view! {
                        <p data-testid="no-documents" class="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-10 text-center text-sm text-slate-500">
                            "No documents on this matter yet."
                        </p>
                    }.into_any(),
                    Ok(list) => view! {
                        <DataTable testid="documents-table" columns=vec![
                            ("Name", ""), ("Size", "hidden sm:table-cell"), ("Version", "hidden md:table-cell"),
                            ("Updated", "hidden md:table-cell"), ("", ""),
                        ]>
                            {list.into_iter().map(|document| view! { <DocumentRow document changes/> }).collect_view()}
                        </DataTable>
                    }.into_any(),
                    Err(err) => view! { <p role="alert" class="text-sm text-red-700">{err.in_words()}</p> }.into_any(),
                })}
            </Transition>
        </section>
    }
}
