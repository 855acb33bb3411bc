//! What the record generator needs from the target's console: the verification
//! method and value, the SPF terms to keep, DKIM, the custom service's MX and SPF,
//! DMARC reports.

use leptos::prelude::*;
use mailmove_core::plan::Plan;
use mailmove_core::records::{
    CUSTOM_TARGET, CustomMx, DkimInput, VerificationChoice, offered_methods,
};

use crate::components::planner::planner_name;
use crate::i18n::{self, tr};

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
                    planner_name(&plan.domain)
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
