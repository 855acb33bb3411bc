//! The survey report on screen: summary first, then findings by severity, what could
//! not be checked, the SPF tree, the records, and the services detected. Everything is
//! drawn from `SurveyJson`, the same object `/api/survey` and `mailmove check --json`
//! give, so the three agree by construction.

mod actions;
mod findings;
mod records;
mod spf_tree;
mod stage;
mod summary;

use leptos::prelude::*;
use mailmove_core::api::SurveyProgressJson;

pub use actions::CopyButton;

use crate::components::embed::{Embedded, cta_view};
use crate::i18n::{self, tr};
use crate::lang::CurrentLang;

/// The report of the survey in progress (or done).
#[component]
pub fn Report(
    /// The latest snapshot; `None` before a survey starts.
    progress: ReadSignal<Option<SurveyProgressJson>>,
    /// Whether the check stopped before the survey finished (a failure was shown).
    stopped: Signal<bool>,
    /// The link that reproduces this check.
    share_url: Signal<String>,
) -> impl IntoView {
    let lang = CurrentLang::expect();
    // A finished check is what the planner diffs against (same browser, same origin).
    Effect::new(move |_| {
        progress.with(|progress| {
            if let Some(progress) = progress.as_ref().filter(|progress| progress.done) {
                crate::snapshot::store(&progress.report);
            }
        });
    });
    move || {
        let progress = progress.get()?;
        let lang = lang.get();
        let report = progress.report;
        let answering = report.facts.domain_state == "answering";
        let total = progress.asked.max(1);
        Some(view! {
            <div id="report" class="report" data-done=progress.done.to_string()>
                <div class="progress" aria-live="polite">
                    <progress
                        id="survey-progress"
                        max=total.to_string()
                        value=progress.answered.to_string()
                        aria-label=move || tr(i18n::PROGRESS)
                    ></progress>
                    <span id="progress-text">
                        {if progress.done {
                            format!("{} ({} {})", i18n::PROGRESS_DONE.get(lang), progress.answered, i18n::PROGRESS.get(lang))
                        } else if stopped.get() {
                            format!("{} ({} {}/{})", i18n::PROGRESS_STOPPED.get(lang), i18n::PROGRESS.get(lang), progress.answered, progress.asked)
                        } else {
                            format!("{} {}/{}…", i18n::PROGRESS.get(lang), progress.answered, progress.asked)
                        }}
                    </span>
                </div>
                {stage::stage(&report, &actions::plan_url(&report, &mailmove_core::plan::Seed::from_survey(&report, report.readiness.as_ref().map(|readiness| readiness.target.as_str())), lang), lang)}
                {summary::summary(&report, lang)}
                // In an agency's widget, its call to action follows the summary too.
                {use_context::<Embedded>().and_then(|embedded| cta_view(&embedded, "embed-cta-summary"))}
                {actions::actions(&report, share_url, lang)}
                {findings::findings(&report, lang)}
                {findings::could_not_check(&report, lang)}
                // Of a domain that does not exist or answer, there is nothing to
                // tabulate: empty tables would read as "no records".
                {answering.then(|| spf_tree::spf_tree(&report, lang))}
                {answering.then(|| records::records(&report, lang))}
                {answering.then(|| summary::providers(&report, lang))}
            </div>
        })
    }
}
