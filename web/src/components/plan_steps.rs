//! The planner's five steps as a row of links, on each of its pages: the plan
//! (`/plan`: steps 1, 3, 5), the accounts page (`/plan/accounts`: step 2) and the
//! records page (`/plan/records`: step 4), each a bundle of its own. A step on another
//! page is a link to that page and section.

use leptos::prelude::*;
use mailmove_core::{Lang, Text};

use crate::i18n::{self, tr};
use crate::lang::CurrentLang;
use crate::links;

/// The page that shows the nav.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum PlanPage {
    /// `/plan`: the move, the schedule, the records and the checklist.
    Plan,
    /// `/plan/accounts`: the addresses and their old mail.
    Accounts,
    /// `/plan/records`: the DNS records by step.
    Records,
}

impl PlanPage {
    /// The plan's page sums a step page up in this section.
    pub(crate) fn summary_section(self) -> &'static str {
        match self {
            PlanPage::Plan => "plan-basics",
            PlanPage::Accounts => "plan-accounts-summary",
            PlanPage::Records => "plan-records-summary",
        }
    }
}

/// The steps, each with the section it opens.
const STEPS: [(Text, &str, PlanPage); 5] = [
    (i18n::PLAN_STEP_BASICS, "plan-basics", PlanPage::Plan),
    (
        i18n::PLAN_STEP_ACCOUNTS,
        "plan-accounts",
        PlanPage::Accounts,
    ),
    (i18n::PLAN_STEP_SCHEDULE, "plan-schedule", PlanPage::Plan),
    (i18n::PLAN_STEP_RECORDS, "plan-records", PlanPage::Records),
    (i18n::PLAN_STEP_CHECKLIST, "plan-checklist", PlanPage::Plan),
];

/// The link to `section` on `page` for the plan of `domain`, seen from `here`.
pub(crate) fn step_link(
    here: PlanPage,
    page: PlanPage,
    section: &str,
    domain: &str,
    lang: Lang,
) -> String {
    if here == page {
        return format!("#{section}");
    }
    let query = format!("domain={domain}&lang={}", lang.tag());
    let page = match page {
        PlanPage::Plan => links::planner(&query),
        PlanPage::Accounts => links::accounts(&query),
        PlanPage::Records => links::records(&query),
    };
    format!("{page}#{section}")
}

/// The nav of the planner's steps; `domain` is the shown plan's.
#[component]
pub(crate) fn PlanSteps(here: PlanPage, domain: Signal<String>) -> impl IntoView {
    let lang = CurrentLang::expect();
    view! {
        <nav class="wizard-steps no-print" aria-label=move || tr(i18n::PLANNER_TITLE)>
            <ol>
                {STEPS.into_iter().map(|(label, section, page)| {
                    let href = move || step_link(here, page, section, &domain.get(), lang.get());
                    let current = (page == here && here != PlanPage::Plan).then_some("page");
                    view! { <li><a href=href aria-current=current>{move || tr(label)}</a></li> }
                }).collect_view()}
            </ol>
        </nav>
    }
}
