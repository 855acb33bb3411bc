//! One monitor reading on screen: the verdict (worded by core from the rows, in the
//! browser's time zone), a progress bar of switched resolvers, the authoritative
//! servers' state, the computed moments with what they rest on and the known TTL
//! caps, and a table of every server.

use leptos::prelude::*;
use mailmove_core::Lang;
use mailmove_core::api::MonitorJson;
use mailmove_core::monitor::{
    Verdict, View, basis_words, cap_words, format_time, headline, human_time, verdict,
};
use wasm_bindgen::JsValue;

use crate::components::breakable::breakable;
use crate::i18n;

/// The reading, drawn. `plan_link` is the planner's DNS records step for this domain,
/// when the monitor was opened from a plan.
pub fn reading(json: &MonitorJson, lang: Lang, plan_link: Option<String>) -> impl IntoView + use<> {
    let status = &json.status;
    let t = |text: mailmove_core::Text| text.get(lang);
    let case = verdict(status);
    let headline = headline(status, &browser_offset).get(lang).to_owned();
    let fix_link = plan_link
        .filter(|_| {
            matches!(
                case,
                Verdict::ZoneListsOld { .. } | Verdict::ZoneWithoutMx { .. }
            )
        })
        .map(|href| {
            view! { " "<a id="monitor-plan-link" href=href>{t(i18n::PLAN_RECORDS_LINK)}</a> }
        });
    let basis = basis_words(status, &json.expectation, &browser_offset)
        .map(|words| words.get(lang).to_owned());
    let caps = status
        .capped_resolvers
        .iter()
        .map(|cap| {
            view! {
                <li data-service=cap.service.clone()>
                    {cap_words(cap, &browser_offset, lang).trim().to_owned()}" "
                    <a href=cap.source.clone() rel="noopener noreferrer">{t(i18n::CAP_SOURCE)}</a>
                </li>
            }
        })
        .collect_view();
    let has_caps = !status.capped_resolvers.is_empty();
    let has_rows = !status.servers.is_empty();
    let any_authority_answered = status.servers.iter().any(|server| {
        server.role == mailmove_core::monitor::Role::Authoritative
            && server.view != View::Unreachable
    });
    let finished = status.all_switched && status.authoritative_switched;
    let new_mx = if status.new_mx.is_empty() {
        "-".to_owned()
    } else {
        status.new_mx.iter().cloned().collect::<Vec<_>>().join(", ")
    };
    let authorities = if status.authoritative_switched {
        (t(i18n::AUTHORITIES_SWITCHED), "ok")
    } else if any_authority_answered {
        (t(i18n::AUTHORITIES_LAG), "warning")
    } else {
        (t(i18n::AUTHORITIES_UNREACHABLE), "warning")
    };
    let moment = |unix: Option<u64>, id: &'static str| match unix {
        Some(unix) => view! {
            <time id=id datetime=format_time(unix, 0) data-unix=unix.to_string()>
                {human_time(unix, &browser_offset, lang, false)}
            </time>
        }
        .into_any(),
        None => view! { <span id=id>{t(i18n::SAFE_UNKNOWN)}</span> }.into_any(),
    };
    let rows = status
        .servers
        .iter()
        .map(|server| {
            let view_class = format!("view view-{}", view_slug(server.view));
            view! {
                <tr data-view=view_slug(server.view)>
                    <th scope="row">{server.server.clone()}</th>
                    <td class="short" data-label=t(i18n::ROLE)>{t(server.role.label())}</td>
                    <td class="mono" data-label=t(i18n::ADDRESSES)>{breakable(&server.address)}</td>
                    <td class="mono" data-label=t(i18n::RETURNS)>{if server.exchangers.is_empty() { "-".into_any() } else { breakable(&server.exchangers.join(", ")).into_any() }}</td>
                    <td class=view_class data-label=t(i18n::STATE)>{view_icon(server.view)}" "{t(server.view.label())}</td>
                    <td class="num" data-label=t(i18n::TTL_LEFT)>{server.ttl_left.map(|ttl| ttl.to_string()).unwrap_or_else(|| "-".into())}</td>
                    <td class="num" data-label=t(i18n::SERIAL)>{server.soa_serial.map(|serial| serial.to_string()).unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="monitor-reading" data-finished=finished.to_string() data-checked-at=json.checked_at.to_string()>
            {finished.then(|| view! {
                <p id="monitor-done" class="notice done" role="status">"✔ "{t(i18n::ALL_SWITCHED)}</p>
            })}
            <p id="monitor-headline" class="headline" data-verdict=verdict_slug(&case)>{headline}{fix_link}</p>
            <div class="progress" hidden=!has_rows>
                <progress
                    id="monitor-progress"
                    max=status.resolvers_answered.max(1).to_string()
                    value=status.resolvers_switched.to_string()
                    aria-label=t(i18n::RESOLVERS_SWITCHED)
                ></progress>
                <span id="monitor-progress-text">
                    {format!("{} {}/{}", t(i18n::RESOLVERS_SWITCHED), status.resolvers_switched, status.resolvers_answered)}
                </span>
            </div>
            <dl class="facts">
                <dt>{t(i18n::NEW_MX_IS)}</dt>
                <dd id="monitor-new-mx">
                    <span class="mono">{new_mx}</span>
                    {status.new_mx_from_authorities.then(|| format!(" {}", t(i18n::FROM_AUTHORITIES)))}
                </dd>
                <dt>{t(i18n::NAME_SERVERS)}</dt>
                <dd id="monitor-authorities" class=authorities.1>{authorities.0}</dd>
                <dt>{t(i18n::OLD_POSSIBLE_UNTIL)}</dt>
                <dd>{moment(status.old_mx_possible_until, "monitor-old-until")}</dd>
                <dt>{t(i18n::SAFE_FROM)}</dt>
                <dd>{moment(status.safe_from, "monitor-safe-from")}<br /><small>{t(i18n::SAFE_FROM_NOTE)}</small></dd>
                {basis.map(|basis| view! {
                    <dt>{t(i18n::MOMENTS_BASIS)}</dt>
                    <dd id="monitor-basis">{basis}</dd>
                })}
                {has_caps.then(|| view! {
                    <dt>{t(i18n::CAPPED_RESOLVERS)}</dt>
                    <dd><ul id="monitor-caps">{caps}</ul></dd>
                })}
                <dt>{t(i18n::CHECKED_AT)}</dt>
                <dd>{human_time(json.checked_at, &browser_offset, lang, false)}</dd>
            </dl>
            <div class="table-wrap" hidden=!has_rows>
                // Cards on a phone; on a wide screen it may still scroll sideways, so it
                // is focusable and the keyboard can scroll it too.
                <table id="monitor-table" class="cards" tabindex="0">
                    <thead>
                        <tr>
                            <th scope="col">{t(i18n::SERVER)}</th>
                            <th scope="col">{t(i18n::ROLE)}</th>
                            <th scope="col">{t(i18n::ADDRESSES)}</th>
                            <th scope="col">{t(i18n::RETURNS)}</th>
                            <th scope="col">{t(i18n::STATE)}</th>
                            <th scope="col">{t(i18n::TTL_LEFT)}</th>
                            <th scope="col">{t(i18n::SERIAL)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </div>
    }
}

fn view_slug(view: View) -> &'static str {
    match view {
        View::New => "new",
        View::Old => "old",
        View::Mixed => "mixed",
        View::NoMx => "no-mx",
        View::Unreachable => "unreachable",
    }
}

/// A shape besides the colour, so the state never rests on colour alone.
fn view_icon(view: View) -> &'static str {
    match view {
        View::New => "✔",
        View::Old => "✖",
        View::Mixed => "▲",
        View::NoMx => "−",
        View::Unreachable => "?",
    }
}

fn verdict_slug(case: &Verdict) -> &'static str {
    match case {
        Verdict::ZoneListsOld { .. } => "zone-lists-old",
        Verdict::ZoneWithoutMx { .. } => "zone-without-mx",
        Verdict::AuthorityLags { .. } => "authority-lags",
        Verdict::NoAuthority => "no-authority",
        Verdict::AllSwitched => "all-switched",
        Verdict::ResolversPending { .. } => "resolvers-pending",
    }
}

/// The browser's UTC offset (minutes east) at `unix`: its own zone, daylight saving
/// time included.
fn browser_offset(unix: u64) -> i32 {
    let date = js_sys::Date::new(&JsValue::from_f64(unix as f64 * 1000.0));
    // getTimezoneOffset is minutes *west* of UTC.
    -(date.get_timezone_offset() as i32)
}
