//! The migration planner (`/plan`): the plan's inputs, the dated schedule with the
//! risk of the chosen moment, the DNS records by step, and the checklist, with
//! downloads (ICS, Markdown, zone fragment, JSON). Everything is computed in the
//! browser by core; nothing is sent to the server. The plan is saved in this browser
//! as it changes, so a reload loses nothing.
//!
//! `/plan?domain=D&target=ID&old_ttl=S&dns_host=ID&source=ID` starts a new plan from
//! a check report; a saved plan in this browser wins over nothing but those links.

mod account_row;
mod accounts;
mod address_picker;
mod inputs;
mod outputs;

use leptos::prelude::*;
use mailmove_core::calendar::{Date, DateTime, Zone, default_cutover as default_cutover_from};
use mailmove_core::plan::Plan;

use crate::i18n::{self, tr};

const STORAGE_KEY: &str = "mailmove.plan";
/// A shared plan unpacks to at most this many bytes (10,000 accounts fit).
const MAX_SHARED: usize = 2 << 20;

/// The link that carries `plan`.
pub(crate) fn share_link(plan: &Plan) -> String {
    let location = web_sys::window().map(|window| window.location());
    let origin = location
        .as_ref()
        .and_then(|l| l.origin().ok())
        .unwrap_or_default();
    let path = location
        .as_ref()
        .and_then(|l| l.pathname().ok())
        .unwrap_or_default();
    format!(
        "{origin}{path}#plan={}",
        mailmove_core::share::pack(&plan.to_json())
    )
}

/// The planner page's body.
#[component]
pub fn PlannerPage() -> impl IntoView {
    let plan = RwSignal::new(initial_plan());
    // Saved on every change: a reload (or a closed tab) loses nothing.
    Effect::new(move |_| {
        let json = plan.with(Plan::to_json);
        if let Some(storage) =
            web_sys::window().and_then(|window| window.local_storage().ok().flatten())
        {
            let _ = storage.set_item(STORAGE_KEY, &json);
        }
    });
    view! {
        <section class="planner" aria-labelledby="planner-title">
            <h2 id="planner-title">{move || tr(i18n::PLANNER_TITLE)}</h2>
            <p class="lead">{move || tr(i18n::PLANNER_LEAD)}</p>
            <nav class="wizard-steps no-print" aria-label=move || tr(i18n::PLANNER_TITLE)>
                <ol>
                    <li><a href="#plan-basics">{move || tr(i18n::PLAN_STEP_BASICS)}</a></li>
                    <li><a href="#plan-accounts">{move || tr(i18n::PLAN_STEP_ACCOUNTS)}</a></li>
                    <li><a href="#plan-schedule">{move || tr(i18n::PLAN_STEP_SCHEDULE)}</a></li>
                    <li><a href="#plan-records">{move || tr(i18n::PLAN_STEP_RECORDS)}</a></li>
                    <li><a href="#plan-checklist">{move || tr(i18n::PLAN_STEP_CHECKLIST)}</a></li>
                </ol>
            </nav>
            <inputs::Basics plan />
            <accounts::Accounts plan />
            <outputs::ScheduleView plan />
            <inputs::RecordInputs plan />
            <outputs::RecordsView plan />
            <outputs::Checklist plan />
        </section>
    }
}

/// The saved plan, or a new one from the link's parameters (a link from a check
/// report names a domain: then it starts a fresh plan for that domain).
fn initial_plan() -> Plan {
    let params = web_sys::window()
        .and_then(|window| window.location().search().ok())
        .and_then(|search| web_sys::UrlSearchParams::new_with_str(&search).ok());
    let get = |key: &str| {
        params
            .as_ref()
            .and_then(|params| params.get(key))
            .filter(|value| !value.is_empty())
    };
    // A share link carries the whole plan in its fragment (never sent to a server).
    let shared = web_sys::window()
        .and_then(|window| window.location().hash().ok())
        .and_then(|hash| hash.strip_prefix("#plan=").map(str::to_owned))
        .and_then(|packed| mailmove_core::share::unpack(&packed, MAX_SHARED).ok())
        .and_then(|json| Plan::from_json(&json).ok());
    if let Some(plan) = shared {
        return plan;
    }
    let saved = web_sys::window()
        .and_then(|window| window.local_storage().ok().flatten())
        .and_then(|storage| storage.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|text| Plan::from_json(&text).ok());
    let linked_domain = get("domain").and_then(|domain| planner_name(&domain).ok());
    match (saved, linked_domain) {
        (Some(saved), None) => saved,
        (Some(saved), Some(domain)) if saved.domain == domain.as_str() => saved,
        (_, domain) => {
            let domain = domain.unwrap_or_else(|| {
                mailmove_core::DomainName::parse("example.jp").expect("a valid name")
            });
            let mut plan = Plan::new(
                &domain,
                &get("target").unwrap_or_else(|| "google-workspace".into()),
                default_cutover(),
            );
            plan.current_mx_ttl = get("old_ttl").and_then(|ttl| ttl.parse().ok());
            plan.dns_host = get("dns_host");
            plan.source = get("source");
            plan
        }
    }
}

/// The next good moment at least a week from now (core's rule: a Tuesday–Thursday
/// evening with nothing against it), in the new plan's zone.
fn default_cutover() -> DateTime {
    let zone = Zone::find(mailmove_core::plan::DEFAULT_TIME_ZONE).expect("a known zone");
    let now = zone
        .to_local((js_sys::Date::now() / 1000.0) as i64)
        .unwrap_or(
            DateTime::new(Date::new(2027, 1, 1).expect("a valid date"), 0, 0)
                .expect("a valid time"),
        );
    default_cutover_from(now, &[])
}

/// A domain as the planner takes it (core's rule).
pub(crate) fn planner_name(
    text: &str,
) -> Result<mailmove_core::DomainName, mailmove_core::NameError> {
    mailmove_core::plan::plan_domain(text)
}
