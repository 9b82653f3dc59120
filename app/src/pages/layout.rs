use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{A, Outlet};
use leptos_router::hooks::use_location;

use super::firm_profile::FirmLook;
use super::not_found::NotFound;
use super::platform::PlatformHome;
use super::sign_in::SignInPage;
use super::timer::TimerWidget;
use crate::auth::{Permission, SIGNED_OUT_PAGES, SignOut, UserInfo};
use crate::plans::Feature;
use crate::site::{SiteInfo, format_local, use_site};

/// The main navigation: path, label, and the plan feature the page needs.
const NAV: &[(&str, &str, Option<Feature>)] = &[
    ("/", "Dashboard", None),
    ("/matters", "Matters", None),
    ("/time", "Time", Some(Feature::Billing)),
    ("/clients", "Clients", None),
    ("/documents", "Documents", Some(Feature::Documents)),
    ("/billing", "Billing", Some(Feature::Billing)),
    ("/settings", "Settings", None),
];

/// The frame of every page: the firm's shell on firm hosts, the platform console on `admin.`,
/// and the public site on the bare domain.
#[component]
pub fn Layout() -> impl IntoView {
    match use_site() {
        SiteInfo::Firm {
            name,
            logo,
            user: Some(user),
            ..
        } => view! { <FirmShell name logo user/> }.into_any(),
        SiteInfo::Firm {
            name, user: None, ..
        } => view! { <SignedOut firm_name=name/> }.into_any(),
        SiteInfo::Platform { admin: Some(admin) } => {
            view! { <SinglePage><PlatformHome admin=admin.clone()/></SinglePage> }.into_any()
        }
        SiteInfo::Platform { admin: None } => {
            view! { <SignInPage firm_name="Docket Platform".to_string() platform=true/> }.into_any()
        }
        SiteInfo::Public => view! { <PublicSite/> }.into_any(),
    }
}

/// A firm's host for someone not signed in: the pages open to them, else the sign-in page.
#[component]
fn SignedOut(firm_name: String) -> impl IntoView {
    let location = use_location();
    move || {
        let path = location.pathname.get();
        if path != "/login" && SIGNED_OUT_PAGES.contains(&path.as_str()) {
            view! { <Outlet/> }.into_any()
        } else {
            view! { <SignInPage firm_name=firm_name.clone()/> }.into_any()
        }
    }
}

/// The public site: the home page and sign-up.
#[component]
fn PublicSite() -> impl IntoView {
    let location = use_location();
    move || match location.pathname.get().as_str() {
        "/" => view! { <PublicHome/> }.into_any(),
        "/signup" => view! { <Outlet/> }.into_any(),
        _ => view! { <NotFound/> }.into_any(),
    }
}

/// Top bar with the firm's logo and name, navigation and (for those who record time) the
/// timer, then the page.
#[component]
fn FirmShell(name: String, logo: Option<String>, user: UserInfo) -> impl IntoView {
    let look = FirmLook(RwSignal::new((name, logo)));
    provide_context(look);
    let must_enrol = user.must_enrol_two_factor;
    // The server refuses the timer to users who must set up two-factor sign-in first.
    let support = user.support.clone();
    let features = user.features.clone();
    let timer = user.can(Permission::TimeWrite) && !must_enrol && support.is_none();
    view! {
        <header class="sticky top-0 z-10 border-b border-slate-200 bg-white/95 backdrop-blur">
            {support.map(|support| view! { <SupportBanner support/> })}
            <div class="mx-auto flex max-w-6xl flex-wrap items-center gap-x-8 gap-y-2 px-4 py-3 sm:px-6">
                <a href="/" class="flex items-center gap-2">
                    {move || match look.0.get().1 {
                        Some(version) => view! {
                            <img data-testid="firm-logo" src=crate::firm_profile::logo_url(&version) alt="" class="h-8 w-auto max-w-32 object-contain"/>
                        }.into_any(),
                        None => view! {
                            <span class="flex h-8 w-8 items-center justify-center rounded-md bg-indigo-600 text-sm font-bold text-white">"D"</span>
                        }.into_any(),
                    }}
                    <span data-testid="firm-name" class="text-sm font-semibold text-slate-900">{move || look.0.get().0}</span>
                </a>
                <nav aria-label="Main" class="order-last -mx-1 flex basis-full gap-1 overflow-x-auto text-sm md:order-none md:flex-1 md:basis-auto">
                    {NAV.iter().filter(|(_, _, feature)| feature.is_none_or(|f| features.contains(&f))).map(|(href, label, _)| view! {
                        <A href=*href exact=true attr:class="whitespace-nowrap rounded-md px-3 py-1.5 font-medium text-slate-600 hover:bg-slate-100 hover:text-slate-900 aria-[current=page]:bg-indigo-50 aria-[current=page]:text-indigo-700">
                            {*label}
                        </A>
                    }).collect_view()}
                </nav>
                <div class="ml-auto flex flex-wrap items-center justify-end gap-3 text-sm">
                    {timer.then(|| view! { <TimerWidget/> })}
                    <a href="/account" data-testid="user-name" class="hidden text-slate-600 hover:text-slate-900 sm:inline" title=user.email>{user.name}</a>
                    <SignOutButton/>
                </div>
            </div>
        </header>
        <main class="mx-auto max-w-6xl px-4 py-8 sm:px-6">
            <EnrolmentGate must_enrol/>
        </main>
    }
}

/// The banner every page of a support session shows: who is in the firm, whether they may
/// change anything, when the session ends, and a way out.
#[component]
fn SupportBanner(support: crate::support::SupportBanner) -> impl IntoView {
    let mode = if support.write {
        "changes allowed by the firm"
    } else {
        "read-only"
    };
    view! {
        <div data-testid="support-banner" role="status" class="border-b border-amber-300 bg-amber-50">
            <div class="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-2 px-4 py-2 text-sm text-amber-900 sm:px-6">
                <p>
                    <span class="font-semibold">"Support session"</span>
                    {format!(" · {} · {mode} · ends at {}. Everything done here is in the firm's audit log; sign out to end it.", support.admin_name, format_local(support.expires_at, "%H:%M"))}
                </p>
            </div>
        </div>
    }
}

/// The page, or, for a user the firm requires to set up two-factor sign-in first, a panel that
/// sends them to their account page (the server refuses firm data to them anyway).
#[component]
fn EnrolmentGate(must_enrol: bool) -> impl IntoView {
    let location = use_location();
    move || {
        if must_enrol && location.pathname.get() != "/account" {
            view! {
                <Title text="Set up two-factor sign-in"/>
                <div data-testid="enrolment-required" class="mx-auto max-w-lg space-y-3 rounded-lg border border-amber-200 bg-white p-6 shadow-sm">
                    <h1 class="text-lg font-semibold text-slate-900">"Set up two-factor sign-in to continue"</h1>
                    <p class="text-sm text-slate-600">"Your firm requires a code from an authenticator app at every sign-in. It takes a minute: scan a QR code with your phone, then enter the code it shows."</p>
                    <a href="/account" class="inline-block rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500">"Set it up now"</a>
                </div>
            }.into_any()
        } else {
            view! { <Outlet/> }.into_any()
        }
    }
}

/// Sites with a single page (the platform console for now): that page at `/`, "not found"
/// anywhere else.
#[component]
fn SinglePage(children: ChildrenFn) -> impl IntoView {
    let location = use_location();
    move || {
        if location.pathname.get() == "/" {
            children().into_any()
        } else {
            view! { <NotFound/> }.into_any()
        }
    }
}

/// Signs out of this session and goes to the sign-in page.
#[component]
pub(super) fn SignOutButton() -> impl IntoView {
    let sign_out = ServerAction::<SignOut>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = sign_out.value().get() {
            let _ = window().location().assign("/login");
        }
    });
    view! {
        <button type="button" on:click=move |_| { sign_out.dispatch(SignOut {}); }
            class="rounded-md border border-slate-300 px-3 py-1.5 font-medium text-inherit hover:bg-slate-50 hover:text-slate-900">
            "Sign out"
        </button>
    }
}

#[component]
fn PublicHome() -> impl IntoView {
    view! {
        <Title text="Practice management for law firms"/>
        <div class="mx-auto max-w-3xl px-6 py-24">
            <p class="text-sm font-semibold uppercase tracking-wider text-indigo-600">"Practice management"</p>
            <h1 class="mt-2 text-4xl font-semibold tracking-tight text-slate-900">"Docket"</h1>
            <p class="mt-4 text-lg text-slate-600">"Clients, matters, documents, time and billing for law firms: every firm in its own space, as trustworthy as a bank and as quick as a desktop app."</p>
            <div class="mt-8 flex items-center gap-4">
                <a href="/signup" data-testid="sign-up-link" class="shrink-0 whitespace-nowrap rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500">"Sign up your firm"</a>
                <span class="text-sm text-slate-500">"Already on Docket? Sign in at your firm's own address, such as demo.localhost."</span>
            </div>
        </div>
    }
}
