//! The records step as the plan's page shows it: how many records to add, change and
//! delete (against the latest check in this browser), how many warnings, and the way
//! to the records page, a bundle of its own.

use leptos::prelude::*;
use mailmove_core::plan::Plan;
use mailmove_core::records::{Action, Current, Snapshot, generate};

use crate::components::plan_steps::{PlanPage, step_link};
use crate::i18n::{self, tr};
use crate::lang::CurrentLang;

/// Step 4 in short, with the link to its page.
#[component]
pub fn RecordsSummary(plan: RwSignal<Plan>) -> impl IntoView {
    let lang = CurrentLang::expect();
    // The latest check in this browser: read once, as the page opens.
    let snapshot = StoredValue::new(crate::snapshot::load());
    let counts = move || {
        let lang = lang.get();
        let plan = plan.get();
        let domain = super::planner_name(&plan.domain).ok()?;
        let today =
            snapshot.with_value(|kept| crate::snapshot::of_domain(kept.as_ref(), &plan.domain));
        let current = today
            .as_ref()
            .map(Snapshot::current)
            .unwrap_or_else(Current::unknown);
        let generated = generate(&domain, &plan.record_request(), current);
        let count = |action: Action| {
            generated
                .changes
                .iter()
                .filter(|change| change.action == action)
                .count()
                .to_string()
        };
        let line = i18n::PLAN_RECORDS_COUNT
            .get(lang)
            .replace("{add}", &count(Action::Add))
            .replace("{change}", &count(Action::Change))
            .replace("{delete}", &count(Action::Delete));
        let warnings = (!generated.warnings.is_empty()).then(|| {
            i18n::PLAN_RECORDS_WARNINGS
                .get(lang)
                .replace("{count}", &generated.warnings.len().to_string())
        });
        Some(view! {
            <p id="plan-records-count">{line}</p>
            <p id="plan-records-warnings" class="note">{warnings}</p>
        })
    };
    let open = move || {
        step_link(
            PlanPage::Plan,
            PlanPage::Records,
            "plan-record-inputs",
            &plan.with(|plan| plan.domain.clone()),
            lang.get(),
        )
    };
    view! {
        <section id="plan-records-summary" class="plan-section">
            <h3>{move || tr(i18n::PLAN_STEP_RECORDS)}</h3>
            <p>{move || tr(i18n::PLAN_RECORDS_LEAD)}</p>
            {counts}
            <div class="actions no-print">
                <a id="plan-records-open" class="button-link" href=open>{move || tr(i18n::PLAN_RECORDS_OPEN)}</a>
            </div>
        </section>
    }
}
