//! One monitor reading on screen: the verdict, a progress bar of switched resolvers,
//! the authoritative servers' state, the computed moments in the browser's time zone,
//! and a table of every server.

use leptos::prelude::*;
use mailmove_core::Lang;
use mailmove_core::api::MonitorJson;
use mailmove_core::monitor::View;
use wasm_bindgen::JsValue;

use crate::i18n;

/// The reading, drawn.
pub fn reading(json: &MonitorJson, lang: Lang) -> impl IntoView + use<> {
    let status = &json.status;
    let t = |text: mailmove_core::Text| text.get(lang);
    let finished = status.all_switched && status.authoritative_switched;
    let new_mx = if status.new_mx.is_empty() {
        "-".to_owned()
    } else {
        status.new_mx.iter().cloned().collect::<Vec<_>>().join(", ")
    };
    let authorities = if status.authoritative_switched {
        (t(i18n::AUTHORITIES_SWITCHED), "ok")
    } else {
        (t(i18n::AUTHORITIES_LAG), "warning")
    };
    let moment = |unix: Option<u64>, id: &'static str| {
        match unix {
        Some(unix) => view! {
            <time id=id datetime=mailmove_core::monitor::format_time(unix, 0) data-unix=unix.to_string()>
                {local_time(unix, lang)}
            </time>
        }
        .into_any(),
        None => view! { <span id=id>{t(i18n::SAFE_UNKNOWN)}</span> }.into_any(),
    }
    };
    let rows = status
        .servers
        .iter()
        .map(|server| {
            let view_class = format!("view view-{}", view_slug(server.view));
            view! {
                <tr data-view=view_slug(server.view)>
                    <th scope="row">{server.server.clone()}</th>
                    <td>{t(server.role.label())}</td>
                    <td class="mono">{server.address.clone()}</td>
                    <td class="mono">{if server.exchangers.is_empty() { "-".to_owned() } else { server.exchangers.join(", ") }}</td>
                    <td class=view_class>{view_icon(server.view)}" "{t(server.view.label())}</td>
                    <td class="num">{server.ttl_left.map(|ttl| ttl.to_string()).unwrap_or_else(|| "-".into())}</td>
                    <td class="num">{server.soa_serial.map(|serial| serial.to_string()).unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="monitor-reading" data-finished=finished.to_string() data-checked-at=json.checked_at.to_string()>
            {finished.then(|| view! {
                <p id="monitor-done" class="notice done" role="status">"✔ "{t(i18n::ALL_SWITCHED)}</p>
            })}
            <p id="monitor-headline" class="headline">{json.headline.get(lang).to_owned()}</p>
            <div class="progress">
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
                <dt>{t(i18n::CHECKED_AT)}</dt>
                <dd>{local_time(json.checked_at, lang)}</dd>
            </dl>
            <div class="table-wrap">
                <table id="monitor-table">
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

/// `unix` in the browser's time zone, with the zone's name, in `lang`.
fn local_time(unix: u64, lang: Lang) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(unix as f64 * 1000.0));
    let options = js_sys::Object::new();
    for (key, value) in [
        ("year", "numeric"),
        ("month", "short"),
        ("day", "numeric"),
        ("weekday", "short"),
        ("hour", "2-digit"),
        ("minute", "2-digit"),
        ("timeZoneName", "short"),
    ] {
        let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
    }
    String::from(date.to_locale_string(lang.tag(), &options))
}
