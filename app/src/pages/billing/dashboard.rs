use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use super::{AMOUNT_CELL, CARD, PRIMARY, SECONDARY, day};
use crate::auth::Permission;
use crate::billing::money::format_money;
use crate::billing::{AGING_BUCKETS, AgingReport, Dashboard, billing_dashboard};
use crate::components::{DataTable, PageHeader};
use crate::site::user_can;

/// `/billing`: the month's billable hours, work not yet invoiced, what clients owe by age, and
/// the money held in trust.
#[component]
pub fn BillingDashboardPage() -> impl IntoView {
    let dashboard = Resource::new(|| (), |()| billing_dashboard());
    view! {
        <Title text="Billing"/>
        <PageHeader title="Billing" subtitle="Work in progress, what clients owe, and the money held in trust.">
            <A href="/billing/invoices" attr:class=SECONDARY>"Invoices"</A>
            <A href="/billing/trust" attr:class=SECONDARY>"Trust"</A>
            {user_can(Permission::BillingManage).then(|| view! {
                <A href="/billing/invoices/new" attr:class=PRIMARY>"New invoice"</A>
            })}
        </PageHeader>
        <Suspense fallback=|| view! { <p class="text-sm text-slate-500">"Loading billing…"</p> }>
            {move || dashboard.get().map(|result| match result {
                Ok(dashboard) => view! { <DashboardView dashboard/> }.into_any(),
                Err(err) => view! { <p role="alert" class="text-sm text-red-700">{err.in_words()}</p> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn DashboardView(dashboard: Dashboard) -> impl IntoView {
    let currency = dashboard.currency;
    let unbilled_time = format_money(dashboard.unbilled_time, &currency);
    let unbilled_expenses = format_money(dashboard.unbilled_expenses, &currency);
    let receivables = format_money(dashboard.aging.total, &currency);
    let trust = format_money(dashboard.trust_total, &currency);
    view! {
        <div class="space-y-6">
            <div class="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
                <Kpi label="Unbilled time" value=unbilled_time testid="kpi-unbilled-time"/>
                <Kpi label="Unbilled expenses" value=unbilled_expenses testid="kpi-unbilled-expenses"/>
                <Kpi label="Outstanding receivables" value=receivables testid="kpi-receivables"/>
                <Kpi label="Money in trust" value=trust testid="kpi-trust"/>
            </div>
            <div class="grid gap-4 lg:grid-cols-2">
                <Chart title=format!("Billable hours in {}", dashboard.month) svg=dashboard.hours_chart testid="hours-chart"/>
                <Chart title="Receivables by age" svg=dashboard.aging_chart testid="aging-chart"/>
            </div>
            <AgingTable report=dashboard.aging currency/>
        </div>
    }
}

/// One key figure.
#[component]
fn Kpi(label: &'static str, value: String, testid: &'static str) -> impl IntoView {
    view! {
        <section class=CARD>
            <h2 class="text-sm font-medium text-slate-500">{label}</h2>
            <p data-testid=testid class="mt-2 text-2xl font-semibold tabular-nums text-slate-900">{value}</p>
        </section>
    }
}

/// A card holding a chart the server drew (SVG markup).
#[component]
fn Chart(#[prop(into)] title: String, svg: String, testid: &'static str) -> impl IntoView {
    view! {
        <section data-testid=testid class=CARD>
            <h2 class="mb-3 text-sm font-semibold text-slate-900">{title}</h2>
            <div class="[&_svg]:h-auto [&_svg]:w-full" inner_html=svg></div>
        </section>
    }
}

/// What each client owes, by age, with the firm's totals last.
#[component]
fn AgingTable(report: AgingReport, currency: String) -> impl IntoView {
    if report.rows.is_empty() {
        return view! {
            <p data-testid="aging-empty" class="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-10 text-center text-sm text-slate-500">
                "Nothing is owed: every issued invoice is paid."
            </p>
        }
        .into_any();
    }
    let columns: Vec<_> = std::iter::once(("Client", ""))
        .chain(AGING_BUCKETS.map(|bucket| (bucket, "text-right")))
        .chain(std::iter::once(("Total", "text-right")))
        .collect();
    let cells = move |buckets: [i64; 4], total: i64| {
        buckets
            .into_iter()
            .chain(std::iter::once(total))
            .map(|amount| view! { <td class=AMOUNT_CELL>{format_money(amount, &currency)}</td> })
            .collect_view()
    };
    view! {
        <section class="space-y-3">
            <h2 class="text-base font-semibold text-slate-900">{format!("Receivables on {}", day(report.as_of))}</h2>
            <DataTable testid="aging-table" columns>
                {report.rows.into_iter().map(|row| view! {
                    <tr>
                        <td class="px-4 py-3 font-medium text-slate-900">{row.client_name}</td>
                        {cells(row.buckets, row.total)}
                    </tr>
                }).collect_view()}
                <tr class="bg-slate-50 font-semibold">
                    <td class="px-4 py-3 text-slate-900">"All clients"</td>
                    {cells(report.buckets, report.total)}
                </tr>
            </DataTable>
        </section>
    }
    .into_any()
}
