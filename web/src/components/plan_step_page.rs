//! The frame of a planner step that has a page of its own (accounts, records): the
//! plan saved in this browser for the linked domain, saved again on every change and
//! taken over when the plan's page (or another tab) saves it; the way back, the
//! steps, and the way on. Without a saved plan there is nothing to add to: the page
//! says so and links to the planner.

use leptos::prelude::*;
use mailmove_core::Text;
use mailmove_core::plan::Plan;

use crate::components::plan_steps::{PlanPage, PlanSteps, step_link};
use crate::components::planner::planner_name;
use crate::i18n::{self, tr};
use crate::lang::CurrentLang;
use crate::saved_plans as saved;

/// What a step page says around its body.
#[derive(Clone, Copy)]
pub(crate) struct StepPageTexts {
    /// The page's heading.
    pub title: Text,
    /// Under it; `{domain}` is the plan's.
    pub lead: Text,
    /// When the browser refuses to save.
    pub save_failed: Text,
    /// The link on, at the bottom, and the plan's section it opens.
    pub next: (Text, &'static str),
}

/// The step page `here`, with `body` drawn for the saved plan.
pub(crate) fn step_page(
    here: PlanPage,
    texts: StepPageTexts,
    body: impl FnOnce(RwSignal<Plan>) -> AnyView,
) -> AnyView {
    let lang = CurrentLang::expect();
    let (linked, first) = saved_plan();
    let Some(first) = first else {
        let query = match &linked {
            Some(domain) => format!("domain={domain}&lang={}", lang.get_untracked().tag()),
            None => format!("lang={}", lang.get_untracked().tag()),
        };
        let start = crate::links::planner(&query);
        return view! {
            <section class="planner" aria-labelledby="step-page-title">
                <h2 id="step-page-title">{move || tr(texts.title)}</h2>
                <p id="step-page-no-plan" class="notice-box">{move || tr(i18n::STEP_PAGE_NO_PLAN)}</p>
                <p><a id="step-page-start-plan" class="button-link" href=start>{move || tr(i18n::STEP_PAGE_START_PLAN)}</a></p>
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
    let to_plan =
        move |section: &str| step_link(here, PlanPage::Plan, section, &domain.get(), lang.get());
    let (next, next_section) = texts.next;
    view! {
        <section class="planner" aria-labelledby="step-page-title">
            <h2 id="step-page-title">{move || tr(texts.title)}</h2>
            <p class="lead">{move || tr(texts.lead).replace("{domain}", &domain.get())}</p>
            <div class="actions no-print">
                <a id="step-page-back" class="button-link" href=move || to_plan(here.summary_section())>{move || tr(i18n::STEP_PAGE_BACK)}</a>
            </div>
            <PlanSteps here domain />
            <p id="plan-save-failed" class="field-error" role="alert" hidden=move || !save_failed.get()>{move || tr(texts.save_failed)}</p>
            {body(plan)}
            <div class="actions no-print">
                <a id="step-page-next" class="button-link" href=move || to_plan(next_section)>{move || tr(next)}</a>
            </div>
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
