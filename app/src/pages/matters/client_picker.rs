use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use uuid::Uuid;

use crate::clients::{Client, get_client, list_clients};

/// How many matching clients the picker offers.
const OFFERED: usize = 8;

/// The client a new matter is for: the one the URL names (`?client={id}`) until the user picks
/// another, and whether a submit found none.
#[derive(Clone, Copy)]
pub struct ClientChoice {
    preset: Resource<Option<Client>>,
    picked: RwSignal<Option<Client>>,
    changed: RwSignal<bool>,
    missing: RwSignal<bool>,
}

impl ClientChoice {
    /// Starts with the client the URL names, if it is one of the firm's.
    pub fn from_url() -> Self {
        let query = use_query_map();
        let preset = Resource::new(
            move || {
                query
                    .read()
                    .get("client")
                    .and_then(|id| Uuid::parse_str(&id).ok())
            },
            |id| async move {
                match id {
                    Some(id) => get_client(id).await.ok(),
                    None => None,
                }
            },
        );
        ClientChoice {
            preset,
            picked: RwSignal::new(None),
            changed: RwSignal::new(false),
            missing: RwSignal::new(false),
        }
    }

    /// The chosen client (it may wait for the URL's client: read it inside a `Suspense`).
    pub fn get(self) -> Option<Client> {
        if self.changed.get() {
            self.picked.get()
        } else {
            self.preset.get().flatten()
        }
    }

    fn set(self, client: Option<Client>) {
        if client.is_some() {
            self.missing.set(false);
        }
        self.picked.set(client);
        self.changed.set(true);
    }

    /// The chosen client, for submitting; when there is none, the picker says one is needed.
    pub fn require(self) -> Option<Client> {
        let client = untrack(|| self.get());
        self.missing.set(client.is_none());
        client
    }
}

/// The form's client: the chosen one with a "Change" button, or a search that offers the
/// matching clients to pick from as the user types.
#[component]
pub fn ClientPicker(choice: ClientChoice) -> impl IntoView {
    view! {
        <div class="space-y-1">
            <span id="client-label" class="block text-sm font-medium text-slate-700">"Client"</span>
            <Suspense fallback=|| view! { <p class="text-sm text-slate-500">"Loading client…"</p> }>
                {move || match choice.get() {
                    Some(client) => view! {
                        <div data-testid="picked-client" class="flex items-center justify-between gap-3 rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm">
                            <span class="min-w-0 truncate font-medium text-slate-900">{client.name}</span>
                            <button type="button" on:click=move |_| choice.set(None)
                                class="rounded-md border border-slate-300 bg-white px-3 py-1 text-sm font-medium text-slate-700 hover:bg-slate-50">"Change"</button>
                        </div>
                    }.into_any(),
                    None => view! { <ClientSearch choice/> }.into_any(),
                }}
            </Suspense>
            {move || choice.missing.get().then(|| view! {
                <p data-testid="error-client" class="text-xs text-red-600">"Choose the client this matter is for."</p>
            })}
        </div>
    }
}

/// The search box and the clients matching it, as buttons that pick one.
#[component]
fn ClientSearch(choice: ClientChoice) -> impl IntoView {
    let search = RwSignal::new(String::new());
    // Nothing is asked for until something is typed.
    let found = Resource::new(
        move || search.get().trim().to_string(),
        |q| async move {
            if q.is_empty() {
                Ok(None)
            } else {
                list_clients(q, 1, String::new())
                    .await
                    .map(|page| Some(page.items.into_iter().take(OFFERED).collect::<Vec<_>>()))
            }
        },
    );
    view! {
        <input type="search" name="client_search" bind:value=search aria-labelledby="client-label"
            placeholder="Search clients by name or email" autocomplete="off"
            // Enter here searches; it does not submit the matter form.
            on:keydown=move |ev| {
                if ev.key() == "Enter" {
                    ev.prevent_default();
                }
            }
            class="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-100"/>
        <Transition>
            {move || found.get().and_then(Result::transpose).map(|result| match result {
                Ok(clients) if clients.is_empty() => view! {
                    <p class="text-sm text-slate-500">"No clients match. Check the spelling, or add the client on the Clients page first."</p>
                }.into_any(),
                Ok(clients) => view! {
                    <ul data-testid="client-options" class="divide-y divide-slate-100 rounded-md border border-slate-200 bg-white">
                        {clients.into_iter().map(|client| {
                            let name = client.name.clone();
                            let email = client.email.clone().unwrap_or_default();
                            view! {
                                <li>
                                    <button type="button" on:click=move |_| choice.set(Some(client.clone()))
                                        class="flex w-full flex-wrap items-baseline gap-x-2 px-3 py-2 text-left text-sm hover:bg-slate-50">
                                        <span class="font-medium text-slate-900">{name}</span>
                                        <span class="text-slate-500">{email}</span>
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
                Err(err) => view! { <p role="alert" class="text-sm text-red-700">{err.to_string()}</p> }.into_any(),
            })}
        </Transition>
    }
}
