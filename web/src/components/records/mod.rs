//! The planner's records page (`/plan/records`; `/records/` on a static host): step 4
//! of a plan saved in this browser — what the new service's console gave (the
//! verification value, DKIM, the custom service's MX), and the records by step as a
//! difference against the latest check, in the DNS host's own terms and as a zone
//! file. A bundle of its own (`web/records.html`), so the plan's page loads without
//! the record views, the host guides and the zone writer.

mod inputs;
mod view;

use leptos::prelude::*;

use crate::components::plan_step_page::{StepPageTexts, step_page};
use crate::components::plan_steps::PlanPage;
use crate::i18n;

/// The records page's body.
#[component]
pub fn RecordsPage() -> impl IntoView {
    let texts = StepPageTexts {
        title: i18n::RECORDS_PAGE_TITLE,
        lead: i18n::RECORDS_PAGE_LEAD,
        save_failed: i18n::RECORDS_SAVE_FAILED,
        next: (i18n::RECORDS_NEXT, "plan-checklist"),
    };
    step_page(PlanPage::Records, texts, |plan| {
        view! {
            <inputs::RecordInputs plan />
            <view::RecordsView plan />
        }
        .into_any()
    })
}
