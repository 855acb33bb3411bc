//! The accounts step as the plan's page shows it: how many addresses the plan holds,
//! how many still need a decision, and the way to the accounts page. That page is a
//! bundle of its own: the importer, the per-address decisions, the old-mail advice
//! and the CSV files are the largest part of the planner, and most visits to a plan
//! (dates, records, checklist) never open them.

use leptos::prelude::*;
use mailmove_core::plan::Plan;

use crate::components::plan_steps::{PlanPage, step_link};
use crate::i18n::{self, tr};
use crate::lang::CurrentLang;

/// Step 2 in short, with the link to its page.
#[component]
pub fn AccountsSummary(plan: RwSignal<Plan>) -> impl IntoView {
    let lang = CurrentLang::expect();
    let count = move || {
        let lang = lang.get();
        match plan.with(|plan| plan.accounts.accounts.len()) {
            0 => i18n::PLAN_ACCOUNTS_NONE.get(lang).to_owned(),
            count => i18n::PLAN_ACCOUNTS_COUNT
                .get(lang)
                .replace("{count}", &count.to_string()),
        }
    };
    let undecided = move || {
        let lang = lang.get();
        plan.with(|plan| mailmove_core::accounts::undecided_summary(&plan.accounts))
            .map(|message| message.get(lang).to_owned())
    };
    let open = move || {
        step_link(
            PlanPage::Plan,
            PlanPage::Accounts,
            "plan-accounts",
            &plan.with(|plan| plan.domain.clone()),
            lang.get(),
        )
    };
    view! {
        <section id="plan-accounts-summary" class="plan-section">
            <h3>{move || tr(i18n::PLAN_STEP_ACCOUNTS)}</h3>
            <p>{move || tr(i18n::PLAN_ACCOUNTS_LEAD)}</p>
            <p id="plan-accounts-count">{count}</p>
            <p id="plan-accounts-undecided" class="note">{undecided}</p>
            <div class="actions no-print">
                <a id="plan-accounts-open" class="button-link" href=open>{move || tr(i18n::PLAN_ACCOUNTS_OPEN)}</a>
            </div>
        </section>
    }
}
