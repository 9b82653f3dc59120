//! The platform console's plans: every plan with its limits and features, and the form that adds
//! a plan or changes one. Firms are moved between plans in their rows of the firms table.

use leptos::prelude::*;

use super::platform_dashboard::grouped;
use crate::components::{DataTable, Field, FieldKind, FormError, SubmitButton};
use crate::error::AppError;
use crate::plans::{Feature, Plan, PlanForm};
use crate::platform::SavePlan;

/// Every plan, loaded at the page's top level and again after one is saved.
pub type PlanList = Resource<Result<Vec<Plan>, AppError>>;

/// A cell holding a number.
const NUMBER_CELL: &str = "whitespace-nowrap px-4 py-3 text-right tabular-nums text-slate-700";

/// What the table says of a limit nobody set.
const NO_LIMIT: &str = "No limit";

/// The "Plans" section: the table, then the form.
#[component]
pub fn PlansSection(plans: PlanList, save: ServerAction<SavePlan>) -> impl IntoView {
    // Outside the table's Transition, so reloading the plans keeps what is typed.
    let draft = Draft::new();
    view! {
        <section data-testid="plans" class="space-y-4">
            <div>
                <h2 class="text-base font-semibold text-slate-900">"Plans"</h2>
                <p class="text-sm text-slate-500">"What each plan allows. A firm's plan is chosen in its row above."</p>
            </div>
            <Transition fallback=|| view! { <p class="text-sm text-slate-500">"Loading plans…"</p> }>
                {move || plans.get().map(|result| match result {
                    Ok(list) => view! { <PlansTable plans=list draft save/> }.into_any(),
                    Err(err) => view! {
                        <p role="alert" data-testid="plans-error" class="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">{err.in_words()}</p>
                    }.into_any(),
                })}
            </Transition>
            <PlanEditor draft save/>
        </section>
    }
}

/// The form's values, as typed.
#[derive(Clone, Copy)]
struct Draft {
    id: RwSignal<String>,
    name: RwSignal<String>,
    seat_limit: RwSignal<String>,
    storage_quota_mb: RwSignal<String>,
    max_file_mb: RwSignal<String>,
    requests_per_minute: RwSignal<String>,
    features: RwSignal<Vec<Feature>>,
}

impl Draft {
    fn new() -> Self {
        Draft {
            id: RwSignal::new(String::new()),
            name: RwSignal::new(String::new()),
            seat_limit: RwSignal::new(String::new()),
            storage_quota_mb: RwSignal::new(String::new()),
            max_file_mb: RwSignal::new(String::new()),
            requests_per_minute: RwSignal::new(String::new()),
            features: RwSignal::new(Vec::new()),
        }
    }

    /// Fills the form with `plan`, to change it.
    fn fill(&self, plan: &Plan) {
        let limit = |n: Option<u64>| n.map(|n| n.to_string()).unwrap_or_default();
        self.id.set(plan.id.clone());
        self.name.set(plan.name.clone());
        self.seat_limit.set(limit(plan.seat_limit.map(u64::from)));
        self.storage_quota_mb.set(limit(plan.storage_quota_mb));
        self.max_file_mb.set(limit(plan.max_file_mb));
        self.requests_per_minute
            .set(limit(plan.requests_per_minute.map(u64::from)));
        self.features.set(plan.features.clone());
    }

    /// What to send: the features ticked, comma-separated in their usual order.
    fn form(&self) -> PlanForm {
        let chosen = self.features.get_untracked();
        PlanForm {
            id: self.id.get_untracked(),
            name: self.name.get_untracked(),
            seat_limit: self.seat_limit.get_untracked(),
            storage_quota_mb: self.storage_quota_mb.get_untracked(),
            max_file_mb: self.max_file_mb.get_untracked(),
            requests_per_minute: self.requests_per_minute.get_untracked(),
            features: Feature::ALL
                .into_iter()
                .filter(|f| chosen.contains(f))
                .map(Feature::as_str)
                .collect::<Vec<_>>()
                .join(","),
        }
    }
}

/// A count limit: `1,200`, or "No limit".
fn count(limit: Option<u32>) -> String {
    limit.map_or_else(|| NO_LIMIT.to_string(), |n| grouped(i64::from(n)))
}

/// A size limit given in MB: `50 GB`, `1.5 GB`, `25 MB`, or "No limit".
fn megabytes(limit: Option<u64>) -> String {
    const GB: u64 = 1024;
    let whole = |n: u64| grouped(i64::try_from(n).unwrap_or(i64::MAX));
    match limit {
        None => NO_LIMIT.to_string(),
        Some(mb) if mb >= GB && mb.is_multiple_of(GB) => format!("{} GB", whole(mb / GB)),
        Some(mb) if mb >= GB => format!("{:.1} GB", mb as f64 / GB as f64),
        Some(mb) => format!("{} MB", whole(mb)),
    }
}

/// Every plan, each with its button that puts it in the form.
#[component]
fn PlansTable(plans: Vec<Plan>, draft: Draft, save: ServerAction<SavePlan>) -> impl IntoView {
    let columns = vec![
        ("Plan", ""),
        ("Seats", "text-right"),
        ("Storage", "text-right"),
        ("Largest file", "text-right"),
        ("Requests/min", "text-right"),
        ("Features", ""),
        ("", ""),
    ];
    view! {
        <DataTable testid="plans-table" columns>
            {plans.into_iter().map(|plan| {
                let features: Vec<&str> = Feature::ALL
                    .into_iter()
                    .filter(|f| plan.has(*f))
                    .map(Feature::label)
                    .collect();
                let features = if features.is_empty() { "—".to_string() } else { features.join(", ") };
                let (row, edit) = (format!("plan-row-{}", plan.id), format!("edit-plan-{}", plan.id));
                let cells = (
                    count(plan.seat_limit),
                    megabytes(plan.storage_quota_mb),
                    megabytes(plan.max_file_mb),
                    count(plan.requests_per_minute),
                );
                let (name, id) = (plan.name.clone(), plan.id.clone());
                view! {
                    <tr data-testid=row class="hover:bg-slate-50">
                        <td class="px-4 py-3">
                            <div class="font-medium text-slate-900">{name}</div>
                            <div class="text-xs text-slate-500">{id}</div>
                        </td>
                        <td class=NUMBER_CELL>{cells.0}</td>
                        <td class=NUMBER_CELL>{cells.1}</td>
                        <td class=NUMBER_CELL>{cells.2}</td>
                        <td class=NUMBER_CELL>{cells.3}</td>
                        <td class="px-4 py-3 text-slate-600">{features}</td>
                        <td class="px-4 py-3 text-right">
                            <button type="button" data-testid=edit
                                on:click=move |_| {
                                    draft.fill(&plan);
                                    // The last save's message is not about this plan.
                                    save.clear();
                                }
                                class="whitespace-nowrap rounded-md border border-slate-300 px-2 py-0.5 text-xs font-medium text-slate-700 hover:bg-slate-50">"Edit"</button>
                        </td>
                    </tr>
                }
            }).collect_view()}
        </DataTable>
    }
}

/// "Add or change a plan": saving under an existing short name changes that plan.
#[component]
fn PlanEditor(draft: Draft, save: ServerAction<SavePlan>) -> impl IntoView {
    let errors = Signal::derive(move || save.value().get().and_then(Result::err));
    let saved = move || matches!(save.value().get(), Some(Ok(_)));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(SavePlan { form: draft.form() });
    };
    view! {
        <form data-testid="plan-form" novalidate on:submit=submit
            class="space-y-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
            <div>
                <h3 class="text-sm font-semibold text-slate-900">"Add or change a plan"</h3>
                <p class="text-sm text-slate-500">"Saving under an existing plan's short name changes that plan for every firm on it."</p>
            </div>
            <div class="grid gap-4 sm:grid-cols-2">
                <Field name="id" label="Short name" value=draft.id errors kind=FieldKind::Input("text") autocomplete="off"
                    hint="Lowercase letters, digits and hyphens, such as small-firm."/>
                <Field name="name" label="Name" value=draft.name errors kind=FieldKind::Input("text") autocomplete="off"/>
            </div>
            <div class="space-y-1">
                <div class="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
                    <Field name="seat_limit" label="Seats" value=draft.seat_limit errors kind=FieldKind::Input("text") autocomplete="off"/>
                    <Field name="storage_quota_mb" label="Storage (MB)" value=draft.storage_quota_mb errors kind=FieldKind::Input("text") autocomplete="off"/>
                    <Field name="max_file_mb" label="Largest file (MB)" value=draft.max_file_mb errors kind=FieldKind::Input("text") autocomplete="off"/>
                    <Field name="requests_per_minute" label="Requests a minute" value=draft.requests_per_minute errors kind=FieldKind::Input("text") autocomplete="off"/>
                </div>
                <p class="text-xs text-slate-500">"Leave a limit empty for none."</p>
            </div>
            <FeaturePicker chosen=draft.features errors/>
            <FormError errors/>
            <div class="flex items-center gap-3">
                <SubmitButton label="Save plan" pending=save.pending()/>
                {move || saved().then(|| view! {
                    <p data-testid="plan-saved" role="status" class="text-sm text-emerald-700">"Plan saved"</p>
                })}
            </div>
        </form>
    }
}

/// One checkbox per feature, with the message about them.
#[component]
fn FeaturePicker(
    chosen: RwSignal<Vec<Feature>>,
    errors: Signal<Option<AppError>>,
) -> impl IntoView {
    let message = move || errors.get().and_then(|e| e.field("features"));
    view! {
        <fieldset class="space-y-2" aria-describedby="field-features-error">
            <legend class="text-sm font-medium text-slate-700">"Features"</legend>
            <div class="flex flex-wrap gap-x-6 gap-y-2">
                {Feature::ALL.into_iter().map(|feature| {
                    let checked = move || chosen.with(|list| list.contains(&feature));
                    view! {
                        <label class="flex items-center gap-2 text-sm text-slate-700">
                            <input type="checkbox" name="features" value=feature.as_str() prop:checked=checked
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    chosen.update(|list| {
                                        list.retain(|f| *f != feature);
                                        if on {
                                            list.push(feature);
                                        }
                                    });
                                }
                                class="h-4 w-4 rounded border-slate-300 text-indigo-600"/>
                            {feature.label()}
                        </label>
                    }
                }).collect_view()}
            </div>
            {move || message().map(|m| view! {
                <p id="field-features-error" data-testid="error-features" class="text-xs text-red-600">{m}</p>
            })}
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_read_as_people_say_them() {
        assert_eq!(megabytes(None), "No limit");
        assert_eq!(megabytes(Some(50 * 1024)), "50 GB");
        assert_eq!(megabytes(Some(5 * 1024)), "5 GB");
        assert_eq!(megabytes(Some(1536)), "1.5 GB");
        assert_eq!(megabytes(Some(25)), "25 MB");
        assert_eq!(count(None), "No limit");
        assert_eq!(count(Some(1200)), "1,200");
    }
}
