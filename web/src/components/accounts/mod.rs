//! The planner's accounts page (`/plan/accounts`; `/accounts/` on a static host):
//! step 2 of a plan saved in this browser — the old server's addresses, where each
//! goes, their old mail, the new server's answer for each, and the CSV files. A
//! bundle of its own (`web/accounts.html`), the largest part of the planner, so the
//! plan's page loads without it. Both pages read and write the same saved plan; a
//! change saved by the other page in another tab is taken over at once.

mod acceptance;
mod account_row;
mod address_picker;
mod old_mail;
mod step;

use leptos::prelude::*;
use mailmove_core::plan::Plan;

use crate::components::plan_steps::{PlanPage, PlanSteps, step_link};
use crate::components::planner::planner_name;
use crate::i18n::{self, tr};
use crate::lang::CurrentLang;
use crate::saved_plans as saved;

/// The accounts page's body.
#[component]
pub fn AccountsPage() -> impl IntoView {
    let lang = CurrentLang::expect();
    let (linked, first) = saved_plan();
    let Some(first) = first else {
        // Accounts live in a plan: without one there is nothing to save them into.
        let query = match &linked {
            Some(domain) => format!("domain={domain}&lang={}", lang.get_untracked().tag()),
            None => format!("lang={}", lang.get_untracked().tag()),
        };
        let start = crate::links::planner(&query);
        return view! {
            <section class="planner" aria-labelledby="accounts-title">
                <h2 id="accounts-title">{move || tr(i18n::ACCOUNTS_PAGE_TITLE)}</h2>
                <p id="accounts-no-plan" class="notice-box">{move || tr(i18n::ACCOUNTS_NO_PLAN)}</p>
                <p><a id="accounts-start-plan" class="button-link" href=start>{move || tr(i18n::ACCOUNTS_START_PLAN)}</a></p>
            </section>
        }
        .into_any();
    };
    let plan = RwSignal::new(first);
    let domain = Signal::derive(move || plan.with(|plan| plan.domain.clone()));
    let save_failed = RwSignal::new(false);
    // Saved on every change, under the plan's domain, as the plan's page does.
    Effect::new(move |_| plan.with(|plan| save_failed.set(saved::save(plan).is_err())));
    saved::on_saved_elsewhere(
        move || domain.get_untracked(),
        move |newer| {
            if plan.with_untracked(|plan| *plan != newer) {
                plan.set(newer);
            }
        },
    );
    let to_plan = move |section: &str| {
        step_link(
            PlanPage::Accounts,
            PlanPage::Plan,
            section,
            &domain.get(),
            lang.get(),
        )
    };
    view! {
        <section class="planner" aria-labelledby="accounts-title">
            <h2 id="accounts-title">{move || tr(i18n::ACCOUNTS_PAGE_TITLE)}</h2>
            <p class="lead">{move || tr(i18n::ACCOUNTS_PAGE_LEAD).replace("{domain}", &domain.get())}</p>
            <p class="no-print">
                <a id="accounts-back" class="button-link" href=move || to_plan("plan-accounts-summary")>{move || tr(i18n::ACCOUNTS_BACK)}</a>
            </p>
            <PlanSteps here=PlanPage::Accounts domain />
            <p id="plan-save-failed" class="field-error" role="alert" hidden=move || !save_failed.get()>{move || tr(i18n::ACCOUNTS_SAVE_FAILED)}</p>
            <step::Accounts plan />
            <p class="no-print">
                <a id="accounts-next" class="button-link" href=move || to_plan("plan-schedule")>{move || tr(i18n::ACCOUNTS_NEXT)}</a>
            </p>
        </section>
    }
    .into_any()
}

/// The domain the link names (as the planner reads it), and its saved plan: else the
/// most recently used saved plan (a link without a domain).
fn saved_plan() -> (Option<String>, Option<Plan>) {
    let linked = web_sys::window()
        .and_then(|window| window.location().search().ok())
        .and_then(|search| web_sys::UrlSearchParams::new_with_str(&search).ok())
        .and_then(|params| params.get("domain"))
        .filter(|domain| !domain.is_empty())
        .and_then(|domain| planner_name(&domain).ok())
        .map(|domain| domain.as_str().to_owned());
    let plan = match &linked {
        Some(domain) => saved::load(domain),
        None => saved::domains()
            .first()
            .and_then(|domain| saved::load(domain)),
    };
    (linked, plan)
}
