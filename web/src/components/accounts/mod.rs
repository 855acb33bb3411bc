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

use crate::components::plan_step_page::{StepPageTexts, step_page};
use crate::components::plan_steps::PlanPage;
use crate::i18n;

/// The accounts page's body.
#[component]
pub fn AccountsPage() -> impl IntoView {
    let texts = StepPageTexts {
        title: i18n::ACCOUNTS_PAGE_TITLE,
        lead: i18n::ACCOUNTS_PAGE_LEAD,
        save_failed: i18n::ACCOUNTS_SAVE_FAILED,
        next: (i18n::ACCOUNTS_NEXT, "plan-schedule"),
    };
    step_page(PlanPage::Accounts, texts, |plan| {
        view! { <step::Accounts plan /> }.into_any()
    })
}
