use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{A, Outlet};
use leptos_router::hooks::use_location;

use super::not_found::NotFound;
use super::sign_in::SignInPage;
use crate::auth::{SignOut, UserInfo};
use crate::site::{SiteInfo, use_site};

const NAV: &[(&str, &str)] = &[
    ("/", "Dashboard"),
    ("/matters", "Matters"),
    ("/clients", "Clients"),
    ("/documents", "Documents"),
    ("/billing", "Billing"),
    ("/settings", "Settings"),
];

/// The frame of every page: the firm's shell on firm hosts, the platform console on `admin.`,
/// and the public site on the bare domain.
#[component]
pub fn Layout() -> impl IntoView {
    match use_site() {
        SiteInfo::Firm {
            name,
            user: Some(user),
            ..
        } => view! { <FirmShell name user/> }.into_any(),
        SiteInfo::Firm {
            name, user: None, ..
        } => view! { <SignInPage firm_name=name/> }.into_any(),
        SiteInfo::Platform => view! { <SinglePage><PlatformHome/></SinglePage> }.into_any(),
        SiteInfo::Public => view! { <SinglePage><PublicHome/></SinglePage> }.into_any(),
    }
}

/// Top bar with the firm's name and navigation, then the page.
#[component]
fn FirmShell(name: String, user: UserInfo) -> impl IntoView {
    let sign_out = ServerAction::<SignOut>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = sign_out.value().get() {
            let _ = window().location().assign("/login");
        }
    });
    view! {
        <header class="sticky top-0 z-10 border-b border-slate-200 bg-white/95 backdrop-blur">
            <div class="mx-auto flex max-w-6xl flex-wrap items-center gap-x-8 gap-y-2 px-4 py-3 sm:px-6">
                <a href="/" class="flex items-center gap-2">
                    <span class="flex h-8 w-8 items-center justify-center rounded-md bg-indigo-600 text-sm font-bold text-white">"D"</span>
                    <span data-testid="firm-name" class="text-sm font-semibold text-slate-900">{name}</span>
                </a>
                <nav aria-label="Main" class="-mx-1 flex flex-1 gap-1 overflow-x-auto text-sm">
                    {NAV.iter().map(|(href, label)| view! {
                        <A href=*href exact=true attr:class="whitespace-nowrap rounded-md px-3 py-1.5 font-medium text-slate-600 hover:bg-slate-100 hover:text-slate-900 aria-[current=page]:bg-indigo-50 aria-[current=page]:text-indigo-700">
                            {*label}
                        </A>
                    }).collect_view()}
                </nav>
                <div class="flex items-center gap-3 text-sm">
                    <a href="/account" data-testid="user-name" class="hidden text-slate-600 hover:text-slate-900 sm:inline" title=user.email>{user.name}</a>
                    <button type="button" on:click=move |_| { sign_out.dispatch(SignOut {}); }
                        class="rounded-md border border-slate-300 px-3 py-1.5 font-medium text-slate-700 hover:bg-slate-50">
                        "Sign out"
                    </button>
                </div>
            </div>
        </header>
        <main class="mx-auto max-w-6xl px-4 py-8 sm:px-6">
            <Outlet/>
        </main>
    }
}

/// Sites with a single page (the platform console and the public site for now): that page at
/// `/`, "not found" anywhere else.
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

#[component]
fn PlatformHome() -> impl IntoView {
    view! {
        <Title text="Platform"/>
        <div class="min-h-screen bg-slate-900 text-slate-100">
            <div class="mx-auto max-w-3xl px-6 py-24">
                <p class="text-sm font-semibold uppercase tracking-wider text-indigo-300">"Docket"</p>
                <h1 class="mt-2 text-3xl font-semibold">"Platform administration"</h1>
                <p class="mt-4 text-slate-300">"The console where platform admins run every firm. Sign-in and the firm directory arrive with the Identity and Platform work."</p>
            </div>
        </div>
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
            <p class="mt-8 text-sm text-slate-500">"Firm sign-up opens with the Identity work. Firms reach Docket at their own address, such as demo.localhost."</p>
        </div>
    }
}
