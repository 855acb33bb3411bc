//! The migration planner (`/plan`): the plan's inputs, the dated schedule with the
//! risk of the chosen moment, and the checklist, with downloads (ICS, Markdown, JSON);
//! the accounts and the DNS records by step are summed up here and have pages of their
//! own (`components/accounts`, `components/records`). Everything is computed in the
//! browser by core; nothing is sent to the server, except the addresses when the user
//! asks the new server about them (`acceptance.rs`). The plan is saved in this browser
//! as it changes, so a reload loses nothing.
//!
//! `/plan?domain=D&target=ID&old_ttl=S&dns_host=ID&source=ID` starts a new plan from
//! a check report; a saved plan in this browser wins over nothing but those links.

mod accounts_summary;
mod inputs;
mod outputs;
mod records_summary;
mod saved_list;

use leptos::prelude::*;
use mailmove_core::calendar::{Date, DateTime, Zone, default_cutover as default_cutover_from};
use mailmove_core::plan::Plan;

use crate::components::plan_steps::{PlanPage, PlanSteps};
use crate::i18n::{self, tr};
use crate::saved_plans as saved;

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
    // The records the plan is compared with travel along (with their date), so the
    // receiver sees the same difference instead of "today's records are unknown".
    let snapshot = crate::snapshot::load()
        .filter(|snapshot| snapshot.domain == plan.domain)
        .map(|snapshot| format!("&snap={}", mailmove_core::share::pack(&snapshot.to_json())))
        .unwrap_or_default();
    format!(
        "{origin}{path}#plan={}{snapshot}",
        mailmove_core::share::pack(&plan.to_json())
    )
}

/// The packed value of `key` in a share link's fragment (`#plan=…&snap=…`; packed
/// values never hold `&`).
fn fragment_value(hash: &str, key: &str) -> Option<String> {
    hash.trim_start_matches('#')
        .split('&')
        .find_map(|part| part.strip_prefix(key)?.strip_prefix('=').map(str::to_owned))
}

/// The planner page's body.
#[component]
pub fn PlannerPage() -> impl IntoView {
    let (first, saved_as) = initial_plan();
    let plan = RwSignal::new(first);
    // The domain the shown plan is saved under (`None` until it is saved).
    let stored_as = StoredValue::new(saved_as);
    // Saving would replace another saved plan of the same domain: ask first.
    let replacing = RwSignal::new(None::<String>);
    // A link to one step (`#plan-step-cutover`, from the check page's next step) or
    // section (`#plan-records`, from the accounts page): scroll to it once drawn.
    request_animation_frame(|| {
        let Some(window) = web_sys::window() else {
            return;
        };
        let hash = window.location().hash().unwrap_or_default();
        if let Some(id) = hash.strip_prefix('#').filter(|id| id.starts_with("plan-"))
            && let Some(row) = window
                .document()
                .and_then(|document| document.get_element_by_id(id))
        {
            row.scroll_into_view();
        }
    });
    let save_failed = RwSignal::new(false);
    // Bumped when the list of saved plans changes.
    let list_version = RwSignal::new(0_u32);
    // Bumped when another plan replaces the shown one: the sections are built afresh,
    // so no field keeps text typed for the previous plan.
    let switched = RwSignal::new(0_u32);
    // Saved on every change: a reload (or a closed tab) loses nothing.
    Effect::new(move |_| {
        if replacing.get().is_some() {
            return;
        }
        plan.with(|plan| {
            let previous = stored_as.get_value();
            if previous.as_deref() != Some(plan.domain.as_str())
                && saved::load(&plan.domain).is_some_and(|other| other != *plan)
            {
                replacing.set(Some(plan.domain.clone()));
                return;
            }
            // A plan whose domain was edited moves to its new name.
            if let Some(previous) = previous
                .as_ref()
                .filter(|previous| **previous != plan.domain)
            {
                saved::delete(previous);
            }
            save_failed.set(saved::save(plan).is_err());
            if previous.as_deref() != Some(plan.domain.as_str()) {
                stored_as.set_value(Some(plan.domain.clone()));
                list_version.update(|version| *version += 1);
            }
        });
    });
    // The accounts page, open in another tab, saved this plan: show its version, or
    // the next save here would write the older copy back over it.
    saved::on_saved_elsewhere(
        move || plan.with_untracked(|plan| plan.domain.clone()),
        move |newer| {
            if plan.with_untracked(|plan| *plan != newer) {
                plan.set(newer);
                switched.update(|version| *version += 1);
            }
        },
    );
    let replace = move |keep_shown: bool| {
        let Some(domain) = replacing.get_untracked() else {
            return;
        };
        if keep_shown {
            if let Some(previous) = stored_as.get_value().filter(|previous| *previous != domain) {
                saved::delete(&previous);
            }
        } else if let Some(saved) = saved::load(&domain) {
            plan.set(saved);
            switched.update(|version| *version += 1);
        }
        stored_as.set_value(Some(domain));
        list_version.update(|version| *version += 1);
        replacing.set(None);
    };
    view! {
        <section class="planner" aria-labelledby="planner-title">
            <h2 id="planner-title">{move || tr(i18n::PLANNER_TITLE)}</h2>
            <p class="lead">{move || tr(i18n::PLANNER_LEAD)}</p>
            <PlanSteps here=PlanPage::Plan domain=Signal::derive(move || plan.with(|plan| plan.domain.clone())) />
            <div id="plan-replace" class="notice-box no-print" role="alert" hidden=move || replacing.get().is_none()>
                <p>{move || {
                    let domain = replacing.get().unwrap_or_default();
                    i18n::PLAN_REPLACE_ASK.get(crate::lang::CurrentLang::expect().get()).replace("{domain}", &domain)
                }}</p>
                <div class="actions">
                    <button type="button" id="plan-replace-yes" on:click=move |_| replace(true)>{move || tr(i18n::PLAN_REPLACE_YES)}</button>
                    <button type="button" id="plan-replace-open" on:click=move |_| replace(false)>{move || tr(i18n::PLAN_REPLACE_OPEN)}</button>
                </div>
            </div>
            <p id="plan-save-failed" class="field-error" role="alert" hidden=move || !save_failed.get()>{move || tr(i18n::PLAN_SAVE_FAILED)}</p>
            <saved_list::SavedPlans plan stored_as list_version switched />
            {move || {
                switched.track();
                view! {
                    <inputs::Basics plan />
                    <accounts_summary::AccountsSummary plan />
                    <outputs::ScheduleView plan />
                    <records_summary::RecordsSummary plan />
                    <outputs::Checklist plan />
                }
            }}
        </section>
    }
}

/// The plan to show first, and the domain it is saved under (`None` when it is not
/// saved yet): a share link's plan (the page asks before it replaces a different saved
/// plan of its domain), else the linked domain's saved plan or a new one from the
/// link's parameters, else the most recently used saved plan.
fn initial_plan() -> (Plan, Option<String>) {
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
    let hash = web_sys::window()
        .and_then(|window| window.location().hash().ok())
        .unwrap_or_default();
    let shared = fragment_value(&hash, "plan")
        .and_then(|packed| mailmove_core::share::unpack(&packed, MAX_SHARED).ok())
        .and_then(|json| Plan::from_json(&json).ok());
    if let Some(plan) = shared {
        // The sender's check of this domain, unless this browser has a newer one.
        if let Some(snapshot) = fragment_value(&hash, "snap")
            .and_then(|packed| mailmove_core::share::unpack(&packed, MAX_SHARED).ok())
            .and_then(|json| mailmove_core::records::Snapshot::from_json(&json))
            .filter(|snapshot| snapshot.domain == plan.domain)
        {
            let newer_here = crate::snapshot::load().is_some_and(|own| {
                own.domain == snapshot.domain && own.checked_at >= snapshot.checked_at
            });
            if !newer_here {
                crate::snapshot::keep(&snapshot);
            }
        }
        return (plan, None);
    }
    let linked_domain = get("domain").and_then(|domain| planner_name(&domain).ok());
    let domain = match linked_domain {
        Some(domain) => domain,
        None => {
            if let Some(recent) = saved::domains()
                .first()
                .and_then(|domain| saved::load(domain))
            {
                let domain = recent.domain.clone();
                return (recent, Some(domain));
            }
            mailmove_core::DomainName::parse("example.jp").expect("a valid name")
        }
    };
    if let Some(saved) = saved::load(domain.as_str()) {
        return (saved, Some(domain.as_str().to_owned()));
    }
    let mut plan = Plan::new(
        &domain,
        &get("target").unwrap_or_else(|| "google-workspace".into()),
        default_cutover(),
    );
    plan.current_mx_ttl = get("old_ttl").and_then(|ttl| ttl.parse().ok());
    plan.dns_host = get("dns_host");
    plan.source = get("source");
    (plan, None)
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
