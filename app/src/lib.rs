//! Docket's application: routes, pages, components and server functions, shared by the server
//! (feature `ssr`) and the browser (feature `hydrate`). Server-only code lives under [`ssr`].

// Without `erase_components` (release builds), the settings page's view type nests deeper
// than the compiler's default limit of 128.
#![recursion_limit = "256"]

pub mod audit;
pub mod auth;
pub mod billing;
pub mod clients;
pub mod clock;
pub mod components;
pub mod conflicts;
pub mod documents;
pub mod error;
pub mod firm_profile;
pub mod invitations;
pub mod matters;
pub mod onboarding;
pub mod pages;
pub mod plans;
pub mod platform;
pub mod roles;
pub mod signup;
pub mod site;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod support;
pub mod two_factor;
pub mod users;

use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{SsrMode, path};

use crate::pages::{
    account::AccountPage,
    audit::AuditPage as AuditLogPage,
    billing::{
        BillingDashboardPage, InvoiceDetailPage, InvoicesPage, NewInvoicePage, TrustLedgerPage,
        TrustPage,
    },
    clients::{ClientDetailPage, ClientsPage},
    documents::DocumentsPage,
    home::HomePage,
    invitation::InvitationPage,
    layout::Layout,
    matters::{MatterDetailPage, MattersPage, NewMatterPage},
    not_found::NotFound,
    password_reset::{ForgotPasswordPage, ResetPasswordPage},
    settings::SettingsPage,
    sign_up::SignUpPage,
    time::TimesheetPage,
    two_factor::SecondStepPage,
    verify_email::VerifyEmailPage,
};

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body class="min-h-screen bg-slate-50 text-slate-900 antialiased">
                <App/>
            </body>
        </html>
    }
}

/// The root component: which site this host is, and the routes.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    site::provide_site();
    #[cfg(feature = "ssr")]
    ssr::csp::set_page_policy();
    // Tells people and browser tests that the page is interactive.
    Effect::new(move |_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });

    view! {
        <Stylesheet id="leptos" href="/pkg/docket.css"/>
        <Title formatter=|title: String| if title.is_empty() { "Docket".to_string() } else { format!("{title} · Docket") }/>
        <Router>
            <Routes fallback=NotFound>
                <ParentRoute path=path!("") view=Layout>
                    // Pages that load data render whole (`Async`): their status code can still
                    // follow the data, and no half-streamed page is left waiting.
                    <Route path=path!("") view=HomePage ssr=SsrMode::Async/>
                    // Signed-in users are sent on from here; everyone else sees the sign-in page.
                    <Route path=path!("login") view=HomePage/>
                    <Route path=path!("login/two-factor") view=SecondStepPage/>
                    <Route path=path!("account") view=AccountPage/>
                    <Route path=path!("forgot-password") view=ForgotPasswordPage/>
                    <Route path=path!("reset-password") view=ResetPasswordPage/>
                    <Route path=path!("verify-email") view=VerifyEmailPage/>
                    <Route path=path!("invitation") view=InvitationPage ssr=SsrMode::Async/>
                    <Route path=path!("signup") view=SignUpPage/>
                    <Route path=path!("clients") view=ClientsPage ssr=SsrMode::Async/>
                    <Route path=path!("clients/:id") view=ClientDetailPage ssr=SsrMode::Async/>
                    <Route path=path!("matters") view=MattersPage ssr=SsrMode::Async/>
                    <Route path=path!("matters/new") view=NewMatterPage ssr=SsrMode::Async/>
                    <Route path=path!("matters/:id") view=MatterDetailPage ssr=SsrMode::Async/>
                    <Route path=path!("documents") view=DocumentsPage ssr=SsrMode::Async/>
                    <Route path=path!("time") view=TimesheetPage ssr=SsrMode::Async/>
                    <Route path=path!("billing") view=BillingDashboardPage ssr=SsrMode::Async/>
                    <Route path=path!("billing/invoices") view=InvoicesPage ssr=SsrMode::Async/>
                    <Route path=path!("billing/invoices/new") view=NewInvoicePage ssr=SsrMode::Async/>
                    <Route path=path!("billing/invoices/:id") view=InvoiceDetailPage ssr=SsrMode::Async/>
                    <Route path=path!("billing/trust") view=TrustPage ssr=SsrMode::Async/>
                    <Route path=path!("billing/trust/:client_id") view=TrustLedgerPage ssr=SsrMode::Async/>
                    <Route path=path!("settings") view=SettingsPage ssr=SsrMode::Async/>
                    <Route path=path!("audit") view=AuditLogPage ssr=SsrMode::Async/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
