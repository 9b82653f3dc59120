//! The "Plan" card on `/settings`, for those with `settings.manage`: the firm's plan, its seats
//! and storage as used so far, and what it includes.

use leptos::prelude::*;

use crate::plans::{Feature, PlanUsage, load_plan_usage};

/// The card.
#[component]
pub fn PlanSection() -> impl IntoView {
    let usage = Resource::new(|| (), |()| load_plan_usage());
    view! {
        <section data-testid="plan-usage" class="space-y-3">
            <div>
                <h2 class="text-base font-semibold text-slate-900">"Plan"</h2>
                <p class="text-sm text-slate-500">"What your firm's plan includes and how much of it is used. To change plans, contact Docket."</p>
            </div>
            <Transition fallback=|| view! { <p class="text-sm text-slate-500">"Loading…"</p> }>
                {move || usage.get().map(|result| match result {
                    Ok(u) => view! { <Usage usage=u/> }.into_any(),
                    Err(err) => view! { <p role="alert" class="text-sm text-red-700">{err.to_string()}</p> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Usage(usage: PlanUsage) -> impl IntoView {
    const MB: f64 = 1024.0 * 1024.0;
    let plan = usage.plan;
    let seats = meter(
        "Seats (active users and open invitations)",
        usage.seats_used as f64,
        plan.seat_limit.map(f64::from),
        |n| format!("{n:.0}"),
    );
    let storage = meter(
        "Document storage",
        usage.storage_used_bytes as f64 / MB,
        plan.storage_quota_mb.map(|mb| mb as f64),
        |mb| {
            if mb >= 1024.0 {
                format!("{:.1} GB", mb / 1024.0)
            } else {
                format!("{mb:.1} MB")
            }
        },
    );
    let included: Vec<&str> = Feature::ALL
        .into_iter()
        .map(|f| if plan.has(f) { f.label() } else { "" })
        .filter(|l| !l.is_empty())
        .collect();
    view! {
        <div class="space-y-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
            <p class="text-sm text-slate-700">
                <span data-testid="plan-name" class="text-base font-semibold text-slate-900">{plan.name}</span>
                {format!(" · files up to {} · includes {}", plan.max_file_mb.map_or("any size".to_string(), |mb| format!("{mb} MB")), if included.is_empty() { "clients and matters only".to_string() } else { included.join(", ") })}
            </p>
            {seats}
            {storage}
        </div>
    }
}

/// A labelled bar of `used` against `limit` (no bar without a limit).
fn meter(
    label: &'static str,
    used: f64,
    limit: Option<f64>,
    show: fn(f64) -> String,
) -> impl IntoView {
    let (text, share) = match limit {
        Some(limit) if limit > 0.0 => (
            format!("{} of {}", show(used), show(limit)),
            Some((used / limit).clamp(0.0, 1.0)),
        ),
        Some(_) => (format!("{} of 0", show(used)), Some(1.0)),
        None => (format!("{} (no limit)", show(used)), None),
    };
    let colour = match share {
        Some(s) if s >= 0.9 => "bg-red-500",
        Some(s) if s >= 0.75 => "bg-amber-500",
        _ => "bg-indigo-500",
    };
    view! {
        <div class="space-y-1">
            <div class="flex justify-between text-sm">
                <span class="text-slate-600">{label}</span>
                <span class="font-medium text-slate-900">{text}</span>
            </div>
            {share.map(|s| view! {
                <div class="h-2 rounded-full bg-slate-100">
                    <div class=format!("h-2 rounded-full {colour}") style=format!("width: {:.1}%", s * 100.0)></div>
                </div>
            })}
        </div>
    }
}
