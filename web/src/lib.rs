//! Mailmove's page (Leptos, client-side rendered). A shell over `mailmove-core`:
//! validation and every decision about mail DNS come from core; this crate asks the
//! server and draws (and, in a static deployment, runs core's survey itself).

pub mod api;
pub mod components;
pub mod config;
pub mod download;
#[cfg(feature = "engine")]
pub mod engine;
pub mod i18n;
pub mod idn;
pub mod lang;
pub mod links;
pub mod saved_plans;
pub mod server_info;
pub mod snapshot;
pub mod stream;
pub mod survey;

use leptos::prelude::*;

use crate::components::{
    AccountsPage, CheckForm, EmbedApp, LangSwitch, MonitorPage, PlannerPage, RecordsPage,
    ServerStatus, SnippetPage,
};
use crate::i18n::tr;
use crate::lang::CurrentLang;

/// The whole page: the check or the embedded check (`/embed`).
#[component]
pub fn App() -> impl IntoView {
    CurrentLang::provide();
    server_info::ServerInfo::provide();
    let path = window().location().pathname().unwrap_or_default();
    match path.trim_end_matches('/') {
        "/embed" => view! { <EmbedApp /> }.into_any(),
        _ => {
            view! { <MainPage><p class="lead">{move || tr(i18n::LEAD)}</p><CheckForm /></MainPage> }
                .into_any()
        }
    }
}

/// The planner (`/plan`): its own bundle (`web/planner.html`, served from `/planner/`),
/// the largest, so neither the check page nor the monitor carries it.
#[component]
pub fn PlannerApp() -> impl IntoView {
    provide_for_a_tool();
    view! { <MainPage><PlannerPage /></MainPage> }
}

/// The planner's accounts page (`/plan/accounts`): a bundle of its own
/// (`web/accounts.html`, served from `/accounts/`), the planner's largest part.
#[component]
pub fn AccountsApp() -> impl IntoView {
    provide_for_a_tool();
    view! { <MainPage><AccountsPage /></MainPage> }
}

/// The planner's records page (`/plan/records`): a bundle of its own
/// (`web/records.html`, served from `/records/`).
#[component]
pub fn RecordsApp() -> impl IntoView {
    provide_for_a_tool();
    view! { <MainPage><RecordsPage /></MainPage> }
}

/// What every tool's page starts with: the language, the server's status, and the
/// Public Suffix List at once (a tool takes names at once: no report to wait for).
fn provide_for_a_tool() {
    CurrentLang::provide();
    server_info::ServerInfo::provide();
    server_info::ServerInfo::expect().load_suffix_list();
}

/// The monitor and the embed snippet page (`/monitor`, `/embed/snippet`): a bundle
/// of their own (`web/tools.html`, served from `/tools/`), so the public check page
/// stays small.
#[component]
pub fn ToolsApp() -> impl IntoView {
    provide_for_a_tool();
    let location = window().location();
    let path = location.pathname().unwrap_or_default();
    // A static host cannot route /embed/snippet to this bundle: there the link says
    // /tools/?page=snippet.
    let search = location.search().unwrap_or_default();
    let page = web_sys::UrlSearchParams::new_with_str(&search)
        .ok()
        .and_then(|params| params.get("page"));
    if page.as_deref() == Some("plan") {
        // Static links from before the planner had its own bundle.
        let hash = location.hash().unwrap_or_default();
        let query = search.trim_start_matches('?');
        let _ = location.replace(&(links::planner(query) + &hash));
        return ().into_any();
    }
    let snippet =
        path.trim_end_matches('/') == "/embed/snippet" || page.as_deref() == Some("snippet");
    // One HTML file for both pages: the tab says which one this is, in both languages
    // as the file's own title does.
    let title = if snippet {
        i18n::SNIPPET_TITLE
    } else {
        i18n::MONITOR_TITLE
    };
    if let Some(document) = window().document() {
        document.set_title(&format!(
            "{} — メール引っ越しナビ / {} — Mailmove",
            title.ja, title.en
        ));
    }
    if snippet {
        // For the agencies that embed the check, not for the public: kept out of
        // the check page's bundle.
        view! { <SnippetPage /> }.into_any()
    } else {
        view! { <MainPage><MonitorPage /></MainPage> }.into_any()
    }
}

/// The page's frame around `children`: the check or a tool.
#[component]
fn MainPage(children: Children) -> impl IntoView {
    let lang = CurrentLang::expect();
    view! {
        <div class="page" id="app" data-lang=move || lang.get().tag()>
            <header class="top">
                <h1>
                    <span class="ja" lang="ja">"メール引っ越しナビ"</span>
                    <span class="en" lang="en">"Mailmove"</span>
                </h1>
                <LangSwitch />
            </header>
            <main>{children()}</main>
            <footer>
                <ServerStatus />
            </footer>
        </div>
    }
}
