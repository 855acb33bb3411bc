//! What the plan computes: the schedule with the moment's risk and the plan's issues,
//! the DNS records by step, and the checklist with the downloads.

use leptos::prelude::*;
use mailmove_core::Lang;
use mailmove_core::plan::{Plan, schedule, to_ics, to_markdown};
use mailmove_core::records::{Action, Current, Snapshot, generate, zone_fragment};

use crate::components::breakable::breakable;
use crate::download::download;
use crate::i18n;
use crate::lang::CurrentLang;

/// Today in the plan's zone, for "already past" flags (the browser's clock).
fn local_now(plan: &Plan) -> Option<mailmove_core::calendar::DateTime> {
    plan.local_time((js_sys::Date::now() / 1000.0) as i64)
}

fn action_label(action: Action) -> mailmove_core::Text {
    match action {
        Action::Add => i18n::ACTION_ADD,
        Action::Change => i18n::ACTION_CHANGE,
        Action::Delete => i18n::ACTION_DELETE,
        Action::Keep => i18n::ACTION_KEEP,
        Action::Set => i18n::ACTION_SET,
    }
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
        let domain = super::planner_name(&plan.domain).ok()?;
        let request = plan.record_request();
        let today = snapshot.with_value(|snapshot| {
            snapshot
                .clone()
                .filter(|snapshot| snapshot.domain == plan.domain)
        });
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
