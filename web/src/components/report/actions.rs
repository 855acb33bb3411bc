//! Copy, share, download and print.

use leptos::prelude::*;
use mailmove_core::Lang;
use mailmove_core::api::SurveyJson;

use crate::i18n::{self, tr};

/// A button that copies `text` and says so.
#[component]
pub fn CopyButton(text: String) -> impl IntoView {
    let copied = RwSignal::new(false);
    let copy = move |_| {
        copy_to_clipboard(&text);
        copied.set(true);
    };
    view! {
        <button type="button" class="copy" on:click=copy>
            {move || if copied.get() { tr(i18n::COPIED) } else { tr(i18n::COPY) }}
        </button>
    }
}

/// Writes `text` to the clipboard (best effort: a browser may refuse).
pub fn copy_to_clipboard(text: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.navigator().clipboard().write_text(text);
    }
}

pub(super) fn actions(report: &SurveyJson, share_url: Signal<String>, lang: Lang) -> AnyView {
    let file = crate::survey::ReportFile::of(report);
    let shared = RwSignal::new(false);
    let answering = report.facts.domain_state == "answering";
    // The monitor, pre-filled: the TTL read now is the one resolvers may still hold
    // after the change (when the check runs before it, the usual order).
    let mut monitor = format!("/monitor?domain={}&lang={}", report.domain, lang.tag());
    // What the planner is seeded with, by core's rule (`mailmove plan --from-survey`
    // uses the same): only the zone's own TTL, since what a cache had left is too short
    // a wait, and a source other than the target the check was run for.
    let seed = mailmove_core::plan::Seed::from_survey(
        report,
        report
            .readiness
            .as_ref()
            .map(|readiness| readiness.target.as_str()),
    );
    if let Some(ttl) = seed.current_mx_ttl {
        monitor.push_str(&format!("&old_ttl={ttl}"));
    }
    let plan = plan_url(report, &seed, lang);
    view! {
        <div class="actions no-print">
            <a id="share-link" href=move || share_url.get()>{move || share_url.get()}</a>
            <button
                type="button"
                id="copy-share"
                on:click=move |_| {
                    copy_to_clipboard(&share_url.get_untracked());
                    shared.set(true);
                }
            >
                {move || if shared.get() { tr(i18n::COPIED) } else { tr(i18n::SHARE) }}
            </button>
            <button type="button" id="download-json" on:click=move |_| {
                if let Some(json) = file.json() {
                    crate::download::download(&file.name, &json, "application/json");
                }
            }>
                {i18n::DOWNLOAD_JSON.get(lang)}
            </button>
            <button
                type="button"
                id="print"
                on:click=|_| {
                    if let Some(window) = web_sys::window() {
                        let _ = window.print();
                    }
                }
            >
                {i18n::PRINT.get(lang)}
            </button>
            // A domain that does not exist or answer has no move to plan or watch yet.
            {answering.then(|| view! {
                <a id="plan-link" class="button-link" href=plan.clone()>{i18n::PLAN_LINK.get(lang)}</a>
            })}
            {(answering && crate::config::get().mode.has_server()).then(|| view! {
                <a id="monitor-link" class="button-link" href=monitor.clone()>{i18n::MONITOR_LINK.get(lang)}</a>
            })}
        </div>
    }
    .into_any()
}

/// The planner for this domain, seeded from the check by core's rule, with the target
/// the check was run for.
pub(super) fn plan_url(
    report: &SurveyJson,
    seed: &mailmove_core::plan::Seed,
    lang: Lang,
) -> String {
    let mut plan = crate::links::planner(&format!("domain={}&lang={}", report.domain, lang.tag()));
    if let Some(ttl) = seed.current_mx_ttl {
        plan.push_str(&format!("&old_ttl={ttl}"));
    }
    if let Some(host) = &seed.dns_host {
        plan.push_str(&format!("&dns_host={host}"));
    }
    if let Some(source) = &seed.source {
        plan.push_str(&format!("&source={source}"));
    }
    if let Some(target) = report.readiness.as_ref().map(|readiness| &readiness.target) {
        plan.push_str(&format!("&target={target}"));
    }
    plan
}
