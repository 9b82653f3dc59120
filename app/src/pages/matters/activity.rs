use leptos::prelude::*;

use crate::site::format_local;
use uuid::Uuid;

use crate::matters::matter_activity;

/// What happened on a matter, newest first, as a timeline.
#[component]
pub fn ActivityTab(matter_id: Uuid) -> impl IntoView {
    let items = Resource::new(move || matter_id, matter_activity);
    view! {
        <Transition fallback=|| view! { <p class="text-sm text-slate-500">"Loading activity…"</p> }>
            {move || items.get().map(|result| match result {
                Ok(list) => view! {
                    <ol data-testid="activity" class="relative max-w-3xl space-y-4 border-l border-slate-200 pl-6">
                        {list.into_iter().map(|item| view! {
                            <li class="relative">
                                <span class="absolute -left-[1.95rem] top-1.5 h-2.5 w-2.5 rounded-full border-2 border-white bg-indigo-400"></span>
                                <p class="text-sm text-slate-900">
                                    {item.who.map(|who| view! { <span class="font-medium">{who}" "</span> })}
                                    {item.what}
                                </p>
                                <p class="text-xs text-slate-500">{format_local(item.at, "%d %b %Y, %H:%M")}</p>
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any(),
                Err(err) => view! { <p role="alert" class="text-sm text-red-700">{err.in_words()}</p> }.into_any(),
            })}
        </Transition>
    }
}
