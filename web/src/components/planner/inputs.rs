//! The plan's inputs: the move (domain, target, moment, zone, today's TTL, busy
//! periods). What the record generator needs is on the records page.

use leptos::prelude::*;
use mailmove_core::calendar::BusyPeriod;
use mailmove_core::plan::{Plan, time_zone_names};

use crate::i18n::{self, tr};
use crate::lang::CurrentLang;

/// Domain, target, cutover, zone, TTL, busy periods.
#[component]
pub fn Basics(plan: RwSignal<Plan>) -> impl IntoView {
    let lang = CurrentLang::expect();
    let domain = RwSignal::new(plan.with_untracked(|plan| plan.domain.clone()));
    let domain_error = move || {
        super::planner_name(&domain.get())
            .err()
            .map(|error| error.message(lang.get()))
    };
    let busy_text = RwSignal::new(plan.with_untracked(|plan| {
        plan.busy
            .iter()
            .map(|busy| format!("{}..{} {}", busy.start, busy.end, busy.label))
            .collect::<Vec<_>>()
            .join("\n")
    }));
    let busy_error = RwSignal::new(None::<String>);
    let cutover_error = RwSignal::new(None::<String>);
    let mut targets: Vec<(&'static str, mailmove_core::Text)> = mailmove_core::catalog::targets()
        .map(|target| (target.id, target.name))
        .collect();
    targets.push((
        mailmove_core::records::CUSTOM_TARGET,
        i18n::PLAN_TARGET_CUSTOM,
    ));
    view! {
        <section id="plan-basics" class="plan-section">
            <h3>{move || tr(i18n::PLAN_STEP_BASICS)}</h3>
            <div class="field">
                <label for="plan-domain">{move || tr(i18n::DOMAIN_LABEL)}</label>
                <input id="plan-domain" type="text" autocomplete="off" spellcheck="false" autocapitalize="none"
                    prop:value=domain
                    on:input=move |event| {
                        let text = event_target_value(&event);
                        domain.set(text.clone());
                        if let Ok(name) = super::planner_name(&text) {
                            plan.update(|plan| plan.domain = name.as_str().to_owned());
                        }
                    } />
                <p class="field-error" aria-live="polite" hidden=move || domain_error().is_none()>{domain_error}</p>
            </div>
            <div class="field">
                <label for="plan-target">{move || tr(i18n::PLAN_TARGET)}</label>
                <select id="plan-target" prop:value=move || plan.with(|plan| plan.target.clone())
                    on:change=move |event| plan.update(|plan| {
                        plan.target = event_target_value(&event);
                        // The method and the value belong to the old target's console.
                        plan.records.verification_method = None;
                        plan.records.verification_token = None;
                    })>
                    {targets.into_iter().map(|(id, name)| view! { <option value=id>{move || name.get(lang.get())}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="plan-cutover">{move || tr(i18n::PLAN_CUTOVER)}</label>
                <input id="plan-cutover" type="datetime-local"
                    prop:value=move || plan.with(|plan| plan.cutover.to_string())
                    on:change=move |event| {
                        let text = event_target_value(&event);
                        match text.parse() {
                            Ok(at) => {
                                let mut next = plan.get_untracked();
                                next.cutover = at;
                                match next.validate() {
                                    Ok(()) => {
                                        cutover_error.set(None);
                                        plan.set(next);
                                    }
                                    Err(error) => cutover_error.set(Some(error.message(lang.get_untracked()))),
                                }
                            }
                            Err(_) => cutover_error.set(Some(format!("{}: {text}", tr(i18n::PLAN_CUTOVER)))),
                        }
                    } />
                <p class="field-error" aria-live="polite" hidden=move || cutover_error.get().is_none()>{move || cutover_error.get()}</p>
            </div>
            <div class="field">
                <label for="plan-tz">{move || tr(i18n::PLAN_TIME_ZONE)}</label>
                <select id="plan-tz" prop:value=move || plan.with(|plan| plan.time_zone.clone())
                    on:change=move |event| plan.update(|plan| plan.time_zone = event_target_value(&event))>
                    {time_zone_names().into_iter().map(|zone| view! { <option value=zone>{zone}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="plan-ttl">{move || tr(i18n::PLAN_CURRENT_TTL)}</label>
                <input id="plan-ttl" type="number" min="0" inputmode="numeric"
                    prop:value=move || plan.with(|plan| plan.current_mx_ttl.map(|ttl| ttl.to_string()).unwrap_or_default())
                    on:change=move |event| {
                        let ttl = event_target_value(&event).trim().parse().ok();
                        plan.update(|plan| plan.current_mx_ttl = ttl);
                    } />
            </div>
            <div class="field">
                <label for="plan-busy">{move || tr(i18n::PLAN_BUSY)}</label>
                <textarea id="plan-busy" rows="3" prop:value=busy_text
                    on:change=move |event| {
                        let text = event_target_value(&event);
                        busy_text.set(text.clone());
                        match parse_busy_lines(&text) {
                            Ok(busy) => {
                                busy_error.set(None);
                                plan.update(|plan| plan.busy = busy);
                            }
                            Err(line) => busy_error.set(Some(format!("{}: {line}", tr(i18n::PLAN_BUSY_ERROR)))),
                        }
                    }></textarea>
                <p class="field-error" aria-live="polite" hidden=move || busy_error.get().is_none()>{move || busy_error.get()}</p>
            </div>
        </section>
    }
}

/// `YYYY-MM-DD..YYYY-MM-DD label` per line; the first unreadable line is the error.
fn parse_busy_lines(text: &str) -> Result<Vec<BusyPeriod>, String> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|line| {
            let (range, label) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
            let (start, end) = range.split_once("..").unwrap_or((range, range));
            match (start.parse(), end.parse()) {
                (Ok(start), Ok(end)) => Ok(BusyPeriod {
                    start,
                    end,
                    label: label.trim().to_owned(),
                }),
                _ => Err(line.to_owned()),
            }
        })
        .collect()
}
