use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::activity::ActivityTab;
use super::billing_tab::MatterBillingTab;
use super::overview::Overview;
use super::team::TeamTab;
use super::{Options, StatusBadge, load_options};
use crate::auth::Permission;
use crate::error::AppError;
use crate::matters::{AddTeamMember, Matter, RemoveTeamMember, UpdateMatter, get_matter};
use crate::pages::conflicts::ConflictsTab;
use crate::pages::documents::DocumentsTab;
use crate::pages::not_found::NotFound;
use crate::site::user_can;

/// The parts of a matter's page, one tab each (`?tab=`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tab {
    Overview,
    Team,
    Conflicts,
    Documents,
    Billing,
    Activity,
}

impl Tab {
    const ALL: [Tab; 6] = [
        Tab::Overview,
        Tab::Team,
        Tab::Conflicts,
        Tab::Documents,
        Tab::Billing,
        Tab::Activity,
    ];

    /// The `?tab=` value.
    fn key(self) -> &'static str {
        match self {
            Tab::Overview => "overview",
            Tab::Team => "team",
            Tab::Conflicts => "conflicts",
            Tab::Documents => "documents",
            Tab::Billing => "billing",
            Tab::Activity => "activity",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Tab::Overview => "Overview",
            Tab::Team => "Team",
            Tab::Conflicts => "Parties & conflicts",
            Tab::Documents => "Documents",
            Tab::Billing => "Billing",
            Tab::Activity => "Activity",
        }
    }

    /// The tab a `?tab=` value names; the overview for anything else.
    fn parse(value: Option<String>) -> Tab {
        Tab::ALL
            .into_iter()
            .find(|t| value.as_deref() == Some(t.key()))
            .unwrap_or(Tab::Overview)
    }
}

/// `/matters/:id`: one matter, with its overview, team, parties and conflict checks, documents,
/// billing and activity.
#[component]
pub fn MatterDetailPage() -> impl IntoView {
    let id = crate::pages::id_param();
    let update = ServerAction::<UpdateMatter>::new();
    let add = ServerAction::<AddTeamMember>::new();
    let remove = ServerAction::<RemoveTeamMember>::new();
    // Every change reloads the matter.
    let matter = Resource::new(
        move || {
            (
                id(),
                update.version().get(),
                add.version().get(),
                remove.version().get(),
            )
        },
        |(id, ..)| async move {
            match id {
                Some(id) => get_matter(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let options = load_options();
    // Why the last team change was refused, in words (a later success clears it).
    let refusal = RwSignal::new(None::<String>);
    Effect::new(move |_| refusal.set(refused(add.value().get())));
    Effect::new(move |_| refusal.set(refused(remove.value().get())));
    view! {
        <Transition fallback=|| view! { <p class="text-sm text-slate-500">"Loading matter…"</p> }>
            {move || matter.get().map(|result| match result {
                Ok(m) => view! { <MatterView matter=m options update add remove refusal/> }.into_any(),
                Err(AppError::NotFound) => view! { <NotFound/> }.into_any(),
                Err(err) => view! { <p role="alert" class="text-sm text-red-700">{err.to_string()}</p> }.into_any(),
            })}
        </Transition>
    }
}

/// Why a team change was refused, in words, from the action's last outcome.
fn refused(outcome: Option<Result<Matter, AppError>>) -> Option<String> {
    outcome?.err().map(|e| e.in_words())
}

#[component]
fn MatterView(
    matter: Matter,
    options: Options,
    update: ServerAction<UpdateMatter>,
    add: ServerAction<AddTeamMember>,
    remove: ServerAction<RemoveTeamMember>,
    #[prop(into)] refusal: Signal<Option<String>>,
) -> impl IntoView {
    let query = use_query_map();
    let tab = Memo::new(move |_| Tab::parse(query.read().get("tab")));
    let id = matter.id;
    let client_name = matter.client_name.clone();
    let client = if user_can(Permission::ClientsRead) {
        view! {
            <A href=format!("/clients/{}", matter.client_id) attr:class="font-medium text-indigo-600 hover:text-indigo-500">{client_name}</A>
        }
        .into_any()
    } else {
        view! { <span class="font-medium text-slate-700">{client_name}</span> }.into_any()
    };
    view! {
        <Title text=format!("{} {}", matter.number, matter.title)/>
        <A href="/matters" attr:class="text-sm font-medium text-indigo-600 hover:text-indigo-500">"← All matters"</A>
        <div class="mb-6 mt-3">
            <p data-testid="matter-number" class="font-mono text-sm text-slate-500">{matter.number.clone()}</p>
            <div class="mt-1 flex flex-wrap items-center gap-3">
                <h1 class="text-2xl font-semibold tracking-tight text-slate-900">{matter.title.clone()}</h1>
                <StatusBadge status=matter.status/>
            </div>
            <p class="mt-1 text-sm text-slate-500">"For " {client}</p>
        </div>
        <nav aria-label="Matter" class="mb-6 flex gap-1 overflow-x-auto border-b border-slate-200">
            {Tab::ALL.into_iter().map(|t| view! {
                <a href=format!("/matters/{id}?tab={}", t.key()) data-testid=format!("tab-{}", t.key())
                    aria-current=move || (tab.get() == t).then_some("page")
                    class=move || tab_class(tab.get() == t)>
                    {t.label()}
                </a>
            }).collect_view()}
        </nav>
        {move || match tab.get() {
            Tab::Overview => view! { <Overview matter=matter.clone() options update/> }.into_any(),
            Tab::Team => view! { <TeamTab matter=matter.clone() options add remove refusal/> }.into_any(),
            Tab::Conflicts => view! { <ConflictsTab matter_id=id/> }.into_any(),
            Tab::Documents => view! { <DocumentsTab matter_id=id/> }.into_any(),
            Tab::Billing => view! { <MatterBillingTab matter_id=id/> }.into_any(),
            Tab::Activity => view! { <ActivityTab matter_id=id/> }.into_any(),
        }}
    }
}

/// A tab link's classes: underlined when it is the current tab.
fn tab_class(current: bool) -> &'static str {
    if current {
        "-mb-px whitespace-nowrap border-b-2 border-indigo-600 px-3 py-2 text-sm font-medium text-indigo-700"
    } else {
        "-mb-px whitespace-nowrap border-b-2 border-transparent px-3 py-2 text-sm font-medium text-slate-500 hover:text-slate-700"
    }
}
