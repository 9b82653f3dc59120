use leptos::prelude::*;
use uuid::Uuid;

use super::transfer::{Picked, Progress};
use crate::documents::format_size;

/// Where uploaded files go: new documents on a matter, or a new version of one document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// New documents on this matter.
    Matter(Uuid),
    /// A new version of this document.
    Document(Uuid),
}

impl Target {
    fn url(self) -> String {
        match self {
            Target::Matter(id) => format!("/api/documents/upload?matter={id}"),
            Target::Document(id) => format!("/api/documents/upload?document={id}"),
        }
    }
}

/// One file being uploaded, with its progress and a way to cancel it.
#[derive(Clone, Copy)]
struct Item {
    key: usize,
    name: StoredValue<String>,
    size: u64,
    progress: RwSignal<Progress>,
    cancel: StoredValue<Option<Box<dyn Fn()>>, LocalStorage>,
}

/// A drop zone that also opens the file picker, and a row per file with its progress bar and a
/// Cancel button. Each file is sent on its own, so one refusal (too large, over the quota)
/// leaves the others going. `on_done` runs after each file is stored.
#[component]
pub fn Uploader(
    target: Target,
    /// Runs after each stored file.
    on_done: Callback<()>,
    /// Offer several files at once.
    #[prop(optional)]
    multiple: bool,
    /// The drop zone's text.
    label: &'static str,
) -> impl IntoView {
    let items = RwSignal::new(Vec::<Item>::new());
    let next = StoredValue::new(0usize);
    let over = RwSignal::new(false);
    let add = move |files: Vec<Picked>| {
        for file in files {
            let key = next.get_value();
            next.set_value(key + 1);
            let progress = RwSignal::new(Progress::Sending(0.0));
            let cancel = super::transfer::send(&file, &target.url(), progress);
            if cancel.is_none() {
                progress.set(Progress::Failed(
                    "Your browser could not start the upload.".into(),
                ));
            }
            items.update(|list| {
                list.push(Item {
                    key,
                    name: StoredValue::new(file.name),
                    size: file.size,
                    progress,
                    cancel: StoredValue::new_local(cancel),
                })
            });
        }
    };
    // Tell the page each time another file is stored.
    Effect::new(move |before: Option<usize>| {
        let done = items
            .get()
            .iter()
            .filter(|i| matches!(i.progress.get(), Progress::Done(_)))
            .count();
        if before.is_some_and(|b| done > b) {
            on_done.run(());
        }
        done
    });
    let input_id = match target {
        Target::Matter(id) | Target::Document(id) => format!("upload-{id}"),
    };
    let label_for = input_id.clone();
    let zone = move || {
        if over.get() {
            "flex cursor-pointer flex-col items-center justify-center rounded-lg border-2 border-dashed border-indigo-400 bg-indigo-50 px-6 py-8 text-center"
        } else {
            "flex cursor-pointer flex-col items-center justify-center rounded-lg border-2 border-dashed border-slate-300 bg-white px-6 py-8 text-center hover:border-indigo-300"
        }
    };
    view! {
        <div class="space-y-3">
            <label for=label_for data-testid="drop-zone" class=zone
                on:dragover=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); over.set(true); }
                on:dragleave=move |_| over.set(false)
                on:drop=move |ev: leptos::ev::DragEvent| {
                    ev.prevent_default();
                    over.set(false);
                    add(dropped(&ev));
                }>
                <span class="text-sm font-medium text-slate-900">{label}</span>
                <span class="mt-1 text-xs text-slate-500">"Drop files here, or click to choose them. Each file is encrypted before it is stored."</span>
                <input id=input_id type="file" multiple=multiple data-testid="file-input" class="sr-only"
                    on:change=move |ev| add(chosen(&ev))/>
            </label>
            <ul class="space-y-2" data-testid="uploads">
                <For each=move || items.get() key=|i| i.key let:item>
                    <UploadRow item/>
                </For>
            </ul>
        </div>
    }
}

#[component]
fn UploadRow(item: Item) -> impl IntoView {
    let percent = move || match item.progress.get() {
        Progress::Sending(f) => (f * 100.0).round() as u32,
        Progress::Done(_) => 100,
        _ => 0,
    };
    let status = move || match item.progress.get() {
        Progress::Sending(_) => format!("{}%", percent()),
        Progress::Done(_) => "Stored".into(),
        Progress::Failed(why) => why,
        Progress::Cancelled => "Cancelled".into(),
    };
    let tone = move || match item.progress.get() {
        Progress::Failed(_) => "text-red-700",
        Progress::Done(_) => "text-emerald-700",
        _ => "text-slate-500",
    };
    let bar = move || match item.progress.get() {
        Progress::Failed(_) | Progress::Cancelled => "h-full rounded-full bg-slate-300",
        Progress::Done(_) => "h-full rounded-full bg-emerald-500",
        Progress::Sending(_) => "h-full rounded-full bg-indigo-500 transition-all",
    };
    let sending = move || matches!(item.progress.get(), Progress::Sending(_));
    view! {
        <li data-testid="upload" class="rounded-md border border-slate-200 bg-white px-3 py-2 text-sm shadow-sm">
            <div class="flex items-center justify-between gap-3">
                <span class="min-w-0 truncate font-medium text-slate-900">{item.name.get_value()}</span>
                <span class="shrink-0 text-xs text-slate-500">{format_size(item.size)}</span>
            </div>
            <div class="mt-2 flex items-center gap-3">
                <div class="h-1.5 flex-1 overflow-hidden rounded-full bg-slate-100" role="progressbar"
                    aria-valuemin="0" aria-valuemax="100" aria-valuenow=move || percent().to_string()>
                    <div class=bar style=move || format!("width: {}%", percent())></div>
                </div>
                <Show when=sending>
                    <button type="button" data-testid="upload-cancel"
                        on:click=move |_| {
                            item.cancel.with_value(|c| if let Some(abort) = c { abort() });
                            item.progress.set(Progress::Cancelled);
                        }
                        class="rounded-md border border-slate-200 px-2 py-0.5 text-xs text-slate-600 hover:bg-slate-50">"Cancel"</button>
                </Show>
            </div>
            <p data-testid="upload-status" class=move || format!("mt-1 text-xs {}", tone())>{status}</p>
        </li>
    }
}

/// The files of a change of the file input (none outside the browser).
fn chosen(ev: &leptos::ev::Event) -> Vec<Picked> {
    #[cfg(feature = "hydrate")]
    {
        let input = event_target::<web_sys::HtmlInputElement>(ev);
        let files = super::transfer::picked(input.files());
        // The same file can be chosen again.
        input.set_value("");
        files
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = ev;
        Vec::new()
    }
}

/// The files of a drop (none outside the browser).
fn dropped(ev: &leptos::ev::DragEvent) -> Vec<Picked> {
    #[cfg(feature = "hydrate")]
    {
        super::transfer::picked(ev.data_transfer().and_then(|d| d.files()))
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = ev;
        Vec::new()
    }
}
