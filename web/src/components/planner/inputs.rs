//! The plan's inputs: the move (domain, target, moment, zone, today's TTL, busy
//! periods) and what the record generator needs from the target's console.

use leptos::prelude::*;
use mailmove_core::calendar::BusyPeriod;
use mailmove_core::plan::{Plan, time_zone_names};
use mailmove_core::records::{
    CUSTOM_TARGET, CustomMx, DkimInput, VerificationChoice, offered_methods,
};

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

/// The custom target's MX set, one `preference host` per line.
fn custom_mx_text(plan: &Plan) -> String {
    plan.records
        .custom
        .iter()
        .flat_map(|custom| &custom.mx)
        // A line that did not parse is kept whole as the host: show it as typed.
        .map(|mx| {
            if mx.host.contains(char::is_whitespace) {
                mx.host.clone()
            } else {
                format!("{} {}", mx.preference, mx.host)
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Lines as typed; one that is not `preference host` is kept whole as a host, so the
/// generator names it in its warning instead of the line silently vanishing.
fn custom_mx_lines(text: &str) -> Vec<CustomMx> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|line| {
            CustomMx::parse(line).unwrap_or_else(|| CustomMx {
                preference: 10,
                host: line.to_owned(),
            })
        })
        .collect()
}

/// What the record generator needs: the verification value, the SPF terms to keep,
/// DKIM, DMARC reports.
#[component]
pub fn RecordInputs(plan: RwSignal<Plan>) -> impl IntoView {
    let text_field = move |id: &'static str,
                           label: mailmove_core::Text,
                           get: fn(&Plan) -> String,
                           set: fn(&mut Plan, String)| {
        view! {
            <div class="field">
                <label for=id>{move || tr(label)}</label>
                <input id=id type="text" autocomplete="off" spellcheck="false" autocapitalize="none"
                    prop:value=move || plan.with(get)
                    on:change=move |event| {
                        let value = event_target_value(&event);
                        plan.update(|plan| set(plan, value));
                    } />
            </div>
        }
    };
    view! {
        <section id="plan-record-inputs" class="plan-section">
            <h3>{move || tr(i18n::PLAN_RECORD_INPUTS)}</h3>
            {move || {
                // The methods this target offers; a choice only when there are several.
                let methods = plan.with(|plan| {
                    let request = plan.record_request();
                    super::planner_name(&plan.domain)
                        .map(|domain| offered_methods(&request, &domain))
                        .unwrap_or_default()
                });
                (methods.len() > 1).then(|| {
                    let selected = plan.with(|plan| plan.records.verification_method.unwrap_or(methods[0]).id());
                    view! {
                        <div class="field">
                            <label for="plan-verify-method">{move || tr(i18n::PLAN_VERIFY_METHOD)}</label>
                            <select id="plan-verify-method" prop:value=selected
                                on:change=move |event| {
                                    let id = event_target_value(&event);
                                    plan.update(|plan| plan.records.verification_method = match id.as_str() {
                                        "cname" => Some(VerificationChoice::Cname),
                                        "mx" => Some(VerificationChoice::Mx),
                                        _ => Some(VerificationChoice::Txt),
                                    });
                                }>
                                {methods.into_iter().map(|method| {
                                    let label = match method {
                                        VerificationChoice::Txt => i18n::PLAN_VERIFY_TXT,
                                        VerificationChoice::Cname => i18n::PLAN_VERIFY_CNAME,
                                        VerificationChoice::Mx => i18n::PLAN_VERIFY_MX,
                                    };
                                    view! { <option value=method.id()>{move || tr(label)}</option> }
                                }).collect_view()}
                            </select>
                        </div>
                    }
                })
            }}
            {text_field("plan-token", i18n::PLAN_TOKEN,
                |plan| plan.records.verification_token.clone().unwrap_or_default(),
                |plan, value| plan.records.verification_token = Some(value).filter(|v| !v.trim().is_empty()))}
            {text_field("plan-keep", i18n::PLAN_KEEP,
                |plan| plan.records.keep_spf.as_ref().map(|keep| keep.join(" ")).unwrap_or_default(),
                |plan, value| {
                    let keep: Vec<String> = value.split([' ', ',', '\n']).filter(|term| !term.is_empty()).map(str::to_owned).collect();
                    plan.records.keep_spf = (!keep.is_empty()).then_some(keep);
                })}
            {text_field("plan-dkim", i18n::PLAN_DKIM,
                |plan| match &plan.records.dkim {
                    Some(DkimInput::TxtKey { key, .. }) => key.clone(),
                    Some(DkimInput::Microsoft { tenant, .. }) => tenant.clone(),
                    None => String::new(),
                },
                |plan, value| {
                    let value = value.trim().to_owned();
                    plan.records.dkim = if value.is_empty() {
                        None
                    } else if plan.target == "microsoft-365" {
                        Some(DkimInput::Microsoft { tenant: value, partition: None })
                    } else {
                        let selector = if plan.target == "google-workspace" { "google" } else { "default" };
                        Some(DkimInput::TxtKey { selector: selector.into(), key: value })
                    };
                })}
            {move || plan.with(|plan| plan.target == CUSTOM_TARGET).then(|| view! {
                <fieldset id="plan-custom" class="field">
                    <legend>{move || tr(i18n::PLAN_CUSTOM_LEGEND)}</legend>
                    {text_field("plan-custom-name", i18n::PLAN_CUSTOM_NAME,
                        |plan| plan.records.custom.as_ref().map(|custom| custom.name.clone()).unwrap_or_default(),
                        |plan, value| plan.records.custom.get_or_insert_default().name = value.trim().to_owned())}
                    <div class="field">
                        <label for="plan-custom-mx">{move || tr(i18n::PLAN_CUSTOM_MX)}</label>
                        <textarea id="plan-custom-mx" rows="3" spellcheck="false" autocapitalize="none" placeholder="10 mx1.example.net"
                            prop:value=move || plan.with(custom_mx_text)
                            on:change=move |event| {
                                let text = event_target_value(&event);
                                plan.update(|plan| plan.records.custom.get_or_insert_default().mx = custom_mx_lines(&text));
                            }></textarea>
                    </div>
                    {text_field("plan-custom-spf", i18n::PLAN_CUSTOM_SPF,
                        |plan| plan.records.custom.as_ref().and_then(|custom| custom.spf_include.clone()).unwrap_or_default(),
                        |plan, value| plan.records.custom.get_or_insert_default().spf_include = Some(value.trim().to_owned()).filter(|v| !v.is_empty()))}
                </fieldset>
            })}
            {text_field("plan-rua", i18n::PLAN_RUA,
                |plan| plan.records.dmarc_rua.clone().unwrap_or_default(),
                |plan, value| plan.records.dmarc_rua = Some(value).filter(|v| !v.trim().is_empty()))}
        </section>
    }
}
