//! What the plan computes: the schedule with the moment's risk and the plan's issues,
//! and the checklist with the downloads. The DNS records by step are on the records
//! page.

use leptos::prelude::*;
use mailmove_core::Lang;
use mailmove_core::plan::{Plan, schedule, to_ics, to_markdown};
use mailmove_core::records::{Action, Current, generate};

use crate::download::download;
use crate::i18n;
use crate::lang::CurrentLang;

/// Today in the plan's zone, for "already past" flags (the browser's clock).
fn local_now(plan: &Plan) -> Option<mailmove_core::calendar::DateTime> {
    plan.local_time((js_sys::Date::now() / 1000.0) as i64)
}

/// The dated steps, the risk and the issues.
#[component]
pub fn ScheduleView(plan: RwSignal<Plan>) -> impl IntoView {
    let lang = CurrentLang::expect();
    let plan_signal = plan;
    move || {
        let lang = lang.get();
        let plan = plan.get();
        let schedule = schedule(&plan, local_now(&plan));
        let t = |text: mailmove_core::Text| text.get(lang);
        let reasons = schedule
            .risk
            .reasons
            .iter()
            .map(|reason| view! { <li data-code=reason.code>{reason.message.get(lang).to_owned()}</li> })
            .collect_view();
        let better = schedule
            .better_slots
            .iter()
            .map(|(at, risk)| {
                let at = *at;
                view! {
                    <li>
                        <button type="button" class="when" on:click=move |_| plan_signal.update(|plan| plan.cutover = at)>
                            {schedule.when(at, lang)}" ("{t(risk.level.in_words())}")"
                        </button>
                    </li>
                }
            })
            .collect_view();
        let issues = schedule
            .issues
            .iter()
            .map(|issue| {
                let class = format!("issue issue-{}", issue.severity.tag());
                view! {
                    <li class=class data-code=issue.code>
                        <span class="badge">{if issue.severity == mailmove_core::findings::Severity::Error { t(i18n::ISSUE_MUST_FIX) } else { t(i18n::ISSUE_NOTE) }}</span>" "
                        {issue.message.get(lang).to_owned()}
                    </li>
                }
            })
            .collect_view();
        let rows = schedule
            .steps
            .iter()
            .map(|step| {
                let id = step.id.as_str();
                // A period may wrap after its dash, never inside a date.
                let when = match step.until {
                    Some(until) => view! { <span class="when">{schedule.when(step.at, lang)}" –"</span>" "<span class="when">{schedule.when(until, lang)}</span> }.into_any(),
                    None => view! { <span class="when">{schedule.when(step.at, lang)}</span> }.into_any(),
                };
                view! {
                    <tr data-step=id id=format!("plan-step-{id}") data-held=step.held.then_some("true")>
                        <td data-label=t(i18n::PLAN_WHEN)>{when}</td>
                        <th scope="row">{t(step.title)}{step.held.then(|| view! { " "<span class="badge held">{t(mailmove_core::plan::STEP_HELD)}</span> })}</th>
                        <td data-label=t(i18n::PLAN_HOW)>{step.details.iter().map(|detail| view! { <p>{detail.get(lang).to_owned()}</p> }).collect_view()}</td>
                    </tr>
                }
            })
            .collect_view();
        let level = schedule.risk.level;
        // The monitor, pre-filled: the new MX, the TTL in effect at the change and the
        // moment of the change.
        // `plan=1`: a zone that still needs an edit links back to this plan's records.
        let mut monitor = crate::links::monitor(&format!(
            "domain={}&lang={}&plan=1",
            plan.domain,
            lang.tag()
        ));
        if let Ok(domain) = super::planner_name(&plan.domain) {
            let request = plan.record_request();
            for change in generate(&domain, &request, Current::unknown()).changes {
                // Only the cutover's MX: a verification MX (Microsoft 365) is not
                // where mail goes.
                let is_new_mx = change.record.rtype == mailmove_core::dns::RecordType::Mx
                    && change.record.step == mailmove_core::records::Step::Cutover
                    && change.action != Action::Delete;
                if is_new_mx && let Some(host) = change.record.data.split_whitespace().nth(1) {
                    monitor.push_str(&format!("&expect={}", host.trim_end_matches('.')));
                }
            }
        }
        let ttl_at_change = (schedule.old_mx_possible_until.minutes_since_epoch()
            - plan.cutover.minutes_since_epoch())
            * 60;
        monitor.push_str(&format!("&old_ttl={ttl_at_change}"));
        if let Some(changed_at) = plan.unix_seconds(plan.cutover) {
            monitor.push_str(&format!("&changed_at={changed_at}"));
        }
        view! {
            <section id="plan-schedule" class="plan-section">
                <h3>{t(i18n::PLAN_STEP_SCHEDULE)}</h3>
                <p id="plan-risk" data-level=format!("{level:?}").to_ascii_lowercase()>
                    {t(i18n::PLAN_RISK)}": "<strong>{t(level.label())}</strong>
                </p>
                <ul class="risk-reasons">{reasons}</ul>
                {(!schedule.better_slots.is_empty()).then(|| view! {
                    <p>{t(i18n::PLAN_BETTER)}</p>
                    <ul id="plan-better">{better}</ul>
                })}
                {(!schedule.issues.is_empty()).then(|| view! { <ul id="plan-issues" class="issues">{issues}</ul> })}
                // Too close for the preparation: one click moves the cutover to the
                // earliest moment that leaves the lead time.
                {schedule.earliest_safe_cutover.map(|at| view! {
                    <p class="no-print">
                        <button type="button" id="plan-earliest" class="when" on:click=move |_| plan_signal.update(|plan| plan.cutover = at)>
                            {t(i18n::PLAN_MOVE_TO)}{schedule.when(at, lang)}
                        </button>
                    </p>
                })}
                <p class="no-print"><a id="plan-monitor-link" class="button-link" href=monitor>{t(i18n::MONITOR_LINK)}</a></p>
                <div class="table-wrap">
                    <table id="plan-steps" class="cards">
                        <thead><tr>
                            <th scope="col">{t(i18n::PLAN_WHEN)}</th>
                            <th scope="col">{t(i18n::PLAN_WHAT)}</th>
                            <th scope="col">{t(i18n::PLAN_HOW)}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </section>
        }
    }
}

/// The checklist and the downloads.
#[component]
pub fn Checklist(plan: RwSignal<Plan>) -> impl IntoView {
    let lang = CurrentLang::expect();
    move || {
        let lang: Lang = lang.get();
        let plan = plan.get();
        let schedule = schedule(&plan, local_now(&plan));
        let markdown = to_markdown(&plan, &schedule, lang);
        let stamp = mailmove_core::plan::ics_stamp((js_sys::Date::now() / 1000.0) as u64);
        let ics = to_ics(&plan, &schedule, &stamp, lang);
        let json = plan.to_json();
        let base = format!("mailmove-plan-{}", plan.domain);
        let (md_file, ics_file, json_file) = (
            format!("{base}.md"),
            format!("{base}.ics"),
            format!("{base}.json"),
        );
        let preview = markdown.clone();
        let share = super::share_link(&plan);
        view! {
            <section id="plan-checklist" class="plan-section">
                <h3>{i18n::PLAN_STEP_CHECKLIST.get(lang)}</h3>
                <div class="actions no-print">
                    <button type="button" id="download-ics" on:click=move |_| download(&ics_file, &ics, "text/calendar")>{i18n::DOWNLOAD_ICS.get(lang)}</button>
                    <button type="button" id="download-md" on:click=move |_| download(&md_file, &markdown, "text/markdown")>{i18n::DOWNLOAD_MD.get(lang)}</button>
                    <button type="button" id="download-plan" on:click=move |_| download(&json_file, &json, "application/json")>{i18n::DOWNLOAD_PLAN.get(lang)}</button>
                    <button type="button" id="print-plan" on:click=|_| { if let Some(window) = web_sys::window() { let _ = window.print(); } }>{i18n::PRINT.get(lang)}</button>
                </div>
                <p class="no-print">
                    <label for="plan-share">{i18n::PLAN_SHARE.get(lang)}</label>
                    <input id="plan-share" type="text" readonly prop:value=share.clone() />
                    <a id="plan-share-link" href=share>{i18n::PLAN_SHARE_OPEN.get(lang)}</a>
                </p>
                <pre id="plan-markdown" class="checklist">{preview}</pre>
            </section>
        }
    }
}
