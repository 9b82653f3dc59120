//! The timer in the firm's top bar. Its state lives on the server, so a reload (or another
//! browser) shows the same running timer; the page only ticks the clock between loads.

use leptos::prelude::*;

use crate::billing::money::format_hours;
use crate::billing::{
    DiscardTimer, MatterRef, StartTimer, StopTimer, Timer, current_timer, time_matters,
};
use crate::error::AppError;
use crate::pages::time::matter_options;

const BUTTON: &str = "whitespace-nowrap rounded-md border border-slate-300 px-3 py-1.5 font-medium text-slate-700 hover:bg-slate-50 hover:text-slate-900 disabled:opacity-60";
const CONTROL: &str = "rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-100";

/// The top bar's timer: "Start timer", or the running clock with the matter and description it
/// is for (saved as they change), Stop (into a time entry of today) and Discard.
#[component]
pub fn TimerWidget() -> impl IntoView {
    let begin = ServerAction::<StartTimer>::new();
    let change = ServerAction::<StartTimer>::new();
    let stop = ServerAction::<StopTimer>::new();
    let discard = ServerAction::<DiscardTimer>::new();
    // Changes to a running timer are not reloaded: the controls already show them.
    // The matters to choose from are only needed while a timer runs: an idle top bar (every
    // page) costs one small query.
    let timer = Resource::new(
        move || (begin.version().get(), discard.version().get()),
        |_| async move {
            match current_timer().await? {
                Some(running) => Ok(Some((running, time_matters().await?))),
                None => Ok(None),
            }
        },
    );
    let notice = RwSignal::new(None::<String>);
    // Why the last request was refused, in words (a later success clears it).
    let refusal = RwSignal::new(None::<String>);
    Effect::new(move |_| refusal.set(refused(begin.value().get())));
    Effect::new(move |_| refusal.set(refused(change.value().get())));
    Effect::new(move |_| refusal.set(refused(discard.value().get())));
    Effect::new(move |_| match stop.value().get() {
        Some(Ok(entry)) => {
            notice.set(Some(format!(
                "Recorded {} h on {}",
                format_hours(entry.minutes),
                entry.matter.number
            )));
            refusal.set(None);
            timer.refetch();
        }
        Some(Err(err)) => refusal.set(Some(err.in_words())),
        None => {}
    });
    let start = move |_: leptos::ev::MouseEvent| {
        notice.set(None);
        begin.dispatch(StartTimer {
            matter_id: String::new(),
            description: String::new(),
        });
    };
    view! {
        <div data-testid="timer" class="flex flex-wrap items-center gap-2">
            <Transition>
                {move || {
                    timer.get().map(|result: Result<_, AppError>| match result {
                        Ok(Some((running, choices))) => view! { <Running timer=running matters=choices change stop discard/> }.into_any(),
                        Ok(None) => view! {
                            <button type="button" data-testid="timer-start" on:click=start
                                disabled=move || begin.pending().get() class=BUTTON>
                                "Start timer"
                            </button>
                        }.into_any(),
                        Err(err) => view! { <span role="alert" class="text-xs text-red-700">{err.in_words()}</span> }.into_any(),
                    })
                }}
            </Transition>
            {move || notice.get().map(|message| view! {
                <span role="status" data-testid="timer-notice" class="text-xs text-emerald-700">{message}</span>
            })}
            {move || refusal.get().map(|message| view! {
                <span role="alert" data-testid="timer-error" class="text-xs text-red-700">{message}</span>
            })}
        </div>
    }
}

/// Why a timer request was refused, in words, from its action's last outcome.
fn refused<T>(outcome: Option<Result<T, AppError>>) -> Option<String> {
    outcome?.err().map(|e| e.in_words())
}

/// The running timer: its clock, what it is for, Stop and Discard.
#[component]
fn Running(
    timer: Timer,
    /// The matters time can be recorded on.
    matters: Vec<MatterRef>,
    change: ServerAction<StartTimer>,
    stop: ServerAction<StopTimer>,
    discard: ServerAction<DiscardTimer>,
) -> impl IntoView {
    let elapsed = ticking(timer.now - timer.started_at);
    let options = matter_options(&matters, timer.matter.as_ref());
    let matter = RwSignal::new(timer.matter.map(|m| m.id.to_string()).unwrap_or_default());
    let description = RwSignal::new(timer.description);
    let save = move || {
        change.dispatch(StartTimer {
            matter_id: matter.get_untracked(),
            description: description.get_untracked(),
        });
    };
    let busy = move || change.pending().get() || stop.pending().get() || discard.pending().get();
    // Pressing Stop or Discard leaves the focus in the description: its blur would save it in
    // a request that could reach the server after the stop, and start a new timer.
    let keep_focus = |ev: leptos::ev::MouseEvent| ev.prevent_default();
    view! {
        <span class="flex items-center gap-1.5">
            <span class="h-2 w-2 animate-pulse rounded-full bg-emerald-500" aria-hidden="true"></span>
            <span data-testid="timer-elapsed" role="timer" class="font-mono tabular-nums text-slate-900">
                {move || clock(elapsed.get())}
            </span>
        </span>
        <select data-testid="timer-matter" name="matter_id" aria-label="Timer's matter" class=format!("max-w-48 {CONTROL}")
            on:change=move |ev| {
                matter.set(event_target_value(&ev));
                save();
            }>
            {options.into_iter().map(|(value, label)| {
                let selected = value == matter.get_untracked();
                view! { <option value=value selected=selected>{label}</option> }
            }).collect_view()}
        </select>
        <input type="text" data-testid="timer-description" name="description" aria-label="What the timer is for"
            placeholder="What are you working on?" bind:value=description on:change=move |_| save()
            class=format!("w-40 lg:w-56 {CONTROL}")/>
        <button type="button" data-testid="timer-stop" disabled=busy on:mousedown=keep_focus
            on:click=move |_| {
                stop.dispatch(StopTimer {
                    matter_id: matter.get_untracked(),
                    description: description.get_untracked(),
                });
            }
            class="whitespace-nowrap rounded-md bg-indigo-600 px-3 py-1.5 font-semibold text-white shadow-sm hover:bg-indigo-500 disabled:opacity-60">
            "Stop"
        </button>
        <button type="button" data-testid="timer-discard" disabled=busy on:mousedown=keep_focus
            on:click=move |_| { discard.dispatch(DiscardTimer {}); } class=BUTTON>
            "Discard"
        </button>
    }
}

/// Seconds the timer has run: `at_load` (by the server's clock) when the page got it, then
/// counting on once a second in the browser.
fn ticking(at_load: i64) -> RwSignal<i64> {
    let seconds = RwSignal::new(at_load.max(0));
    tick(seconds, at_load);
    seconds
}

/// Every second, sets `seconds` to `at_load` plus the time since (by the browser's clock, so a
/// throttled background tab is right again at its next tick); stops with the component.
#[cfg(feature = "hydrate")]
fn tick(seconds: RwSignal<i64>, at_load: i64) {
    let loaded = chrono::Utc::now().timestamp();
    let step = move || seconds.set((at_load + chrono::Utc::now().timestamp() - loaded).max(0));
    if let Ok(handle) = set_interval_with_handle(step, std::time::Duration::from_secs(1)) {
        on_cleanup(move || handle.clear());
    }
}

/// On the server the clock shows the time at load.
#[cfg(not(feature = "hydrate"))]
fn tick(_: RwSignal<i64>, _: i64) {}

/// Seconds as a clock: `1:02:05`.
fn clock(seconds: i64) -> String {
    format!(
        "{}:{:02}:{:02}",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}
