//! The DNS records by step: the generated records as a difference against the
//! latest check in this browser, the same as the DNS host's form asks for them, and
//! the zone-file fragment.

use leptos::prelude::*;
use mailmove_core::plan::Plan;
use mailmove_core::records::{Action, Current, Snapshot, generate, zone_fragment};

use crate::components::breakable::breakable;
use crate::components::planner::planner_name;
use crate::download::download;
use crate::i18n;
use crate::lang::CurrentLang;

fn action_label(action: Action) -> mailmove_core::Text {
    match action {
        Action::Add => i18n::ACTION_ADD,
        Action::Change => i18n::ACTION_CHANGE,
        Action::Delete => i18n::ACTION_DELETE,
        Action::Keep => i18n::ACTION_KEEP,
        Action::Set => i18n::ACTION_SET,
    }
}

/// The record changes by step, the generator's warnings, and the zone download.
#[component]
pub fn RecordsView(plan: RwSignal<Plan>) -> impl IntoView {
    let lang = CurrentLang::expect();
    let plan_signal = plan;
    // The latest check in this browser: read once, as the page opens.
    let snapshot = StoredValue::new(crate::snapshot::load());
    move || {
        let lang = lang.get();
        let plan = plan.get();
        let domain = planner_name(&plan.domain).ok()?;
        let request = plan.record_request();
        let today =
            snapshot.with_value(|kept| crate::snapshot::of_domain(kept.as_ref(), &plan.domain));
        // No check of this domain here (a shared plan in a fresh browser): today's
        // records are unknown, and core writes SPF, DMARC and MX as "set".
        let current = today
            .as_ref()
            .map(Snapshot::current)
            .unwrap_or_else(Current::unknown);
        let generated = generate(&domain, &request, current);
        let diff_source = match &today {
            Some(today) => {
                let when = i64::try_from(today.checked_at)
                    .ok()
                    .and_then(|unix| plan.local_time(unix))
                    .map(|at| at.human(lang, true))
                    .unwrap_or_default();
                view! {
                    <p id="plan-diff-source" data-diff="survey">
                        {format!("{} {when}", i18n::PLAN_DIFF_FROM_CHECK.get(lang))}
                    </p>
                }
                .into_any()
            }
            None => view! {
                <p id="plan-diff-source" data-diff="none">
                    {i18n::PLAN_DIFF_NONE.get(lang)}" "
                    <a id="plan-run-check" class="button-link" href=format!("/?domain={}&target={}&lang={}", plan.domain, plan.target, lang.tag())>{i18n::PLAN_DIFF_RUN_CHECK.get(lang)}</a>
                </p>
            }
            .into_any(),
        };
        let t = |text: mailmove_core::Text| text.get(lang);
        let rows = generated
            .changes
            .iter()
            .map(|change| {
                let action = action_label(change.action);
                let record = &change.record;
                view! {
                    <tr>
                        <td data-label=t(i18n::PLAN_WHEN)>{t(record.step.label())}</td>
                        <td data-label=t(i18n::PLAN_ACTION)>{t(action)}</td>
                        <td class="mono name" data-label=t(i18n::NAME)>{breakable(&record.name)}</td>
                        <td data-label=t(i18n::TYPE)>{record.rtype.as_str()}</td>
                        <td class="mono" data-label=t(i18n::DATA)>
                            {breakable(&record.data)}
                            {(change.action == Action::Change).then(|| change.old.clone()).flatten().map(|old| view! {
                                <span class="old-value">{format!("{} {old}", t(i18n::PLAN_OLD_VALUE))}</span>
                            })}
                            {change.note.as_ref().map(|note| view! { <span class="old-value record-note">{note.get(lang).to_owned()}</span> })}
                        </td>
                        <td class="num" data-label="TTL">{record.ttl}</td>
                    </tr>
                }
            })
            .collect_view();
        let warnings = generated
            .warnings
            .iter()
            .map(|warning| view! { <li data-code=warning.code.clone()>{warning.message.get(lang).to_owned()}</li> })
            .collect_view();
        let guide = mailmove_core::records::host_guide(&generated, plan.dns_host.as_deref());
        let guide_notes = guide
            .notes
            .iter()
            .map(|note| view! { <li>{note.get(lang).to_owned()}</li> })
            .collect_view();
        let guide_rows = guide
            .entries
            .iter()
            .map(|entry| {
                let action = action_label(entry.action);
                let host = if entry.host_field.is_empty() { t(i18n::PLAN_BLANK).to_owned() } else { entry.host_field.clone() };
                view! {
                    <tr>
                        <td data-label=t(i18n::PLAN_WHEN)>{t(entry.step.label())}</td>
                        <td data-label=t(i18n::PLAN_ACTION)>{t(action)}</td>
                        <td class="mono name" data-label=t(i18n::HOST)>{breakable(&host)}</td>
                        <td data-label=t(i18n::TYPE)>{entry.rtype.as_str()}</td>
                        <td class="num" data-label=t(i18n::PREFERENCE)>{entry.priority.map(|p| p.to_string()).unwrap_or_default()}</td>
                        <td class="mono" data-label=t(i18n::DATA)>
                            {breakable(&entry.value)}
                            {entry.note.as_ref().map(|note| view! { <span class="old-value record-note">{note.get(lang).to_owned()}</span> })}
                        </td>
                        <td class="num" data-label="TTL">{entry.ttl}</td>
                    </tr>
                }
            })
            .collect_view();
        let hosts: Vec<(&'static str, mailmove_core::Text)> = [
            "onamae-dns",
            "muumuu-dns",
            "xserver",
            "sakura",
            "cloudflare",
            "route-53",
        ]
        .into_iter()
        .filter_map(|id| {
            use mailmove_core::catalog::CatalogEntry as _;
            mailmove_core::catalog::DnsHost::find(id).map(|host| (host.id, host.name))
        })
        .collect();
        let selected = plan.dns_host.clone().unwrap_or_default();
        let zone = zone_fragment(&generated);
        let file = format!("{}.zone", generated.domain);
        Some(view! {
            <section id="plan-records" class="plan-section">
                <h3>{t(i18n::PLAN_STEP_RECORDS)}</h3>
                {diff_source}
                <div class="table-wrap">
                    <table id="plan-records-table" class="cards">
                        <thead><tr>
                            <th scope="col">{t(i18n::PLAN_WHEN)}</th>
                            <th scope="col">{t(i18n::PLAN_ACTION)}</th>
                            <th scope="col">{t(i18n::NAME)}</th>
                            <th scope="col">{t(i18n::TYPE)}</th>
                            <th scope="col">{t(i18n::DATA)}</th>
                            <th scope="col">"TTL"</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                <ul id="plan-record-warnings" class="issues">{warnings}</ul>
                <h4>{t(i18n::PLAN_HOST_GUIDE)}</h4>
                <div class="field no-print">
                    <label for="plan-dns-host">{t(i18n::DNS_HOST)}</label>
                    <select id="plan-dns-host" prop:value=selected on:change=move |event| {
                        let id = event_target_value(&event);
                        plan_signal.update(|plan| plan.dns_host = Some(id).filter(|id| !id.is_empty()));
                    }>
                        <option value="">{t(i18n::PLAN_GENERIC_HOST)}</option>
                        {hosts.into_iter().map(|(id, name)| view! { <option value=id>{name.get(lang)}</option> }).collect_view()}
                    </select>
                </div>
                <ul id="plan-host-notes">{guide_notes}</ul>
                <div class="table-wrap">
                    <table id="plan-host-table" class="cards">
                        <thead><tr>
                            <th scope="col">{t(i18n::PLAN_WHEN)}</th>
                            <th scope="col">{t(i18n::PLAN_ACTION)}</th>
                            <th scope="col">{t(i18n::HOST)}</th>
                            <th scope="col">{t(i18n::TYPE)}</th>
                            <th scope="col">{t(i18n::PREFERENCE)}</th>
                            <th scope="col">{t(i18n::DATA)}</th>
                            <th scope="col">"TTL"</th>
                        </tr></thead>
                        <tbody>{guide_rows}</tbody>
                    </table>
                </div>
                <button type="button" id="download-zone" class="no-print" on:click=move |_| download(&file, &zone, "text/plain")>
                    {t(i18n::DOWNLOAD_ZONE)}
                </button>
            </section>
        })
    }
}
