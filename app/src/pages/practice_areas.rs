//! The practice areas on `/settings`, for those with `settings.manage`: the firm's list of what
//! matters are filed under, which can be added to, and whose unused areas can be deleted.

use leptos::prelude::*;

use crate::components::{FormError, SubmitButton};
use crate::error::AppError;
use crate::matters::{
    Choice, CreatePracticeArea, DeletePracticeArea, list_practice_areas, validate_area_name,
};

/// The "Practice areas" section: the firm's areas with a Delete button each, and the add form.
#[component]
pub fn PracticeAreasSection() -> impl IntoView {
    let create = ServerAction::<CreatePracticeArea>::new();
    let delete = ServerAction::<DeletePracticeArea>::new();
    let areas = Resource::new(
        move || (create.version().get(), delete.version().get()),
        |_| list_practice_areas(),
    );
    // Why the last delete was refused (an area still in use), in words.
    let refusal = Signal::derive(move || delete.value().get()?.err().map(|e| e.in_words()));
    view! {
        <section data-testid="practice-areas" class="space-y-3">
            <div>
                <h2 class="text-base font-semibold text-slate-900">"Practice areas"</h2>
                <p class="text-sm text-slate-500">"What the firm's matters are filed under. An area can be deleted while no matter uses it."</p>
            </div>
            {move || refusal.get().map(|message| view! {
                <p role="alert" data-testid="areas-error" class="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">{message}</p>
            })}
            <div class="rounded-lg border border-slate-200 bg-white shadow-sm">
                <Transition fallback=|| view! { <p class="px-5 py-4 text-sm text-slate-500">"Loading practice areas…"</p> }>
                    {move || areas.get().map(|result| match result {
                        Ok(areas) => view! { <AreaList areas delete/> }.into_any(),
                        Err(err) => view! { <p role="alert" class="px-5 py-4 text-sm text-red-700">{err.to_string()}</p> }.into_any(),
                    })}
                </Transition>
                <AreaForm create/>
            </div>
        </section>
    }
}

#[component]
fn AreaList(areas: Vec<Choice>, delete: ServerAction<DeletePracticeArea>) -> impl IntoView {
    view! {
        <ul data-testid="areas-list" class="divide-y divide-slate-100">
            {areas.is_empty().then(|| view! {
                <li class="px-5 py-4 text-sm text-slate-500">"No practice areas yet. Add the first one below."</li>
            })}
            {areas.into_iter().map(|area| {
                let id = area.id;
                view! {
                    <li class="flex items-center justify-between gap-3 px-5 py-3">
                        <span class="text-sm font-medium text-slate-900">{area.name}</span>
                        <button type="button" on:click=move |_| { delete.dispatch(DeletePracticeArea { id }); }
                            class="rounded-md border border-red-200 px-3 py-1 text-sm font-medium text-red-700 hover:bg-red-50">"Delete"</button>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// The form that adds a practice area. Its control is not a `Field`: the role form on the same
/// page already has a field called `name`, and their ids would clash.
#[component]
fn AreaForm(create: ServerAction<CreatePracticeArea>) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let local = RwSignal::new(None::<AppError>);
    let errors: Signal<Option<AppError>> = local.into();
    Effect::new(move |_| match create.value().get() {
        Some(Ok(_)) => {
            name.set(String::new());
            local.set(None);
        }
        Some(Err(err)) => local.set(Some(err)),
        None => {}
    });
    let message = move || errors.get().and_then(|e| e.field("name"));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = name.get_untracked();
        // The browser checks what it can first; the server checks again.
        match validate_area_name(&typed) {
            Err(err) => local.set(Some(err)),
            Ok(_) => {
                local.set(None);
                create.dispatch(CreatePracticeArea { name: typed });
            }
        }
    };
    let invalid = move || message().is_some().then_some("true");
    let control_class = move || {
        let base = "block w-full rounded-md border bg-white px-3 py-2 text-sm shadow-sm outline-none transition focus:ring-2";
        if message().is_some() {
            format!("{base} border-red-400 focus:border-red-500 focus:ring-red-100")
        } else {
            format!("{base} border-slate-300 focus:border-indigo-500 focus:ring-indigo-100")
        }
    };
    view! {
        <form data-testid="area-form" novalidate on:submit=submit class="space-y-3 border-t border-slate-100 p-5">
            <div class="flex flex-wrap items-start gap-3">
                <div class="min-w-0 flex-1 space-y-1">
                    <label for="area-name" class="block text-sm font-medium text-slate-700">"Add a practice area"</label>
                    <input id="area-name" name="name" type="text" autocomplete="off" placeholder="e.g. Litigation"
                        aria-invalid=invalid aria-describedby="area-name-error"
                        bind:value=name class=control_class/>
                    {move || message().map(|m| view! {
                        <p id="area-name-error" data-testid="error-name" class="text-xs text-red-600">{m}</p>
                    })}
                </div>
                <div class="sm:pt-6">
                    <SubmitButton label="Add practice area" pending=create.pending()/>
                </div>
            </div>
            <FormError errors/>
        </form>
    }
}
