//! Where the move stands, first thing in the report: the stage in one sentence, the
//! next thing to do with a link to that step of the planner, "do not change MX yet"
//! before the switch, what the old service left, and three verdicts for people who
//! read nothing else.

use leptos::prelude::*;
use mailmove_core::Lang;
use mailmove_core::api::SurveyJson;

use crate::i18n;

pub(super) fn stage(report: &SurveyJson, plan_url: &str, lang: Lang) -> Option<AnyView> {
    let stage = report.stage.clone()?;
    let next = stage.next_step.map(|next| {
        let step = next.id.as_str();
        let href = format!("{plan_url}#plan-step-{step}");
        view! {
            <p id="stage-next" data-step=step>
                <strong>{i18n::STAGE_NEXT.get(lang)}": "</strong>{next.message.get(lang).to_owned()}" "
                <a class="button-link" href=href>{i18n::STAGE_OPEN_STEP.get(lang)}</a>
            </p>
        }
    });
    let hold = stage.hold_mx.map(|hold| {
        view! { <p id="stage-hold-mx" class="notice-box" role="note"><span aria-hidden="true">"⚠ "</span>{hold.get(lang).to_owned()}</p> }
    });
    let remnants = (!stage.remnants.is_empty()).then(|| {
        let items = stage
            .remnants
            .iter()
            .map(|remnant| view! { <li><code>{remnant.value.clone()}</code></li> })
            .collect_view();
        view! {
            <p>{i18n::STAGE_REMNANTS.get(lang)}</p>
            <ul id="stage-remnants">{items}</ul>
        }
    });
    let verdicts = stage
        .verdicts
        .iter()
        .map(|verdict| {
            let icon = match verdict.status.as_str() {
                "ok" => "✓",
                "problem" => "✗",
                _ => "?",
            };
            view! {
                <li class=format!("verdict verdict-{}", verdict.status) data-verdict=verdict.id.clone() data-status=verdict.status.clone()>
                    <span aria-hidden="true">{icon}" "</span>{verdict.message.get(lang).to_owned()}
                </li>
            }
        })
        .collect_view();
    Some(
        view! {
            <section id="stage" class="stage" data-stage=stage.id.clone() aria-labelledby="stage-heading">
                <h2 id="stage-heading">{i18n::STAGE_HEADING.get(lang)}</h2>
                <p id="stage-title" class="stage-title">{stage.title.get(lang).to_owned()}</p>
                {hold}
                {next}
                {remnants}
                <ul id="stage-verdicts" class="verdicts">{verdicts}</ul>
            </section>
        }
        .into_any(),
    )
}
