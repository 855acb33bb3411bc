//! The cutover monitor page (`/monitor`): which DNS servers still hand out the old MX,
//! and from when the old inbox may be left. Each reading comes from the server's
//! `/api/monitor` (a browser cannot ask name servers directly); the page refreshes at
//! a polite interval with a countdown and stops, with a notice, once every server has
//! switched.
//!
//! `/monitor?domain=D[&expect=HOST]…[&old=HOST]…[&old_ttl=S][&changed_at=UNIX][&every=S][&plan=1][&lang=ja|en]`
//! starts on load, so the check report and the plan can link here; `plan=1` says the
//! link came from the planner, so a zone that needs an edit links back to the plan's
//! DNS records step.
//!
//! Without a server (a static deployment) nothing can be asked, but core still
//! computes the moments from the change time and the old TTL (`judge` with no rows),
//! and the page says that is what they rest on.

mod reading;

use leptos::prelude::*;
use leptos::task::spawn_local;
use mailmove_core::DomainName;
use mailmove_core::api::monitor_json;
use mailmove_core::monitor::{Expectation, judge};
use wasm_bindgen::JsValue;

use crate::api;
use crate::config;
use crate::i18n::{self, tr};
use crate::lang::CurrentLang;

/// Seconds between readings unless the link says otherwise: each reading asks every
/// configured resolver, so a minute is polite.
const DEFAULT_EVERY: u32 = 60;
/// The shortest interval a link may ask for.
const MIN_EVERY: u32 = 5;

/// What to watch (the link's parameters).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Watch {
    domain: String,
    expect: Vec<String>,
    old: Vec<String>,
    old_ttl: Option<u32>,
    changed_at: Option<u64>,
    every: u32,
    /// Opened from the planner.
    from_plan: bool,
}

impl Watch {
    fn from_location() -> Watch {
        let params = web_sys::window()
            .and_then(|window| window.location().search().ok())
            .and_then(|search| web_sys::UrlSearchParams::new_with_str(&search).ok());
        let Some(params) = params else {
            return Watch {
                every: DEFAULT_EVERY,
                ..Watch::default()
            };
        };
        let all = |key: &str| -> Vec<String> {
            params
                .get_all(key)
                .iter()
                .filter_map(|value| value.as_string())
                .flat_map(|value| split_hosts(&value))
                .collect()
        };
        Watch {
            domain: params.get("domain").unwrap_or_default(),
            expect: all("expect"),
            old: all("old"),
            old_ttl: params.get("old_ttl").and_then(|ttl| ttl.parse().ok()),
            changed_at: params.get("changed_at").and_then(|at| at.parse().ok()),
            every: params
                .get("every")
                .and_then(|every| every.parse().ok())
                .map_or(DEFAULT_EVERY, |every: u32| every.max(MIN_EVERY)),
            from_plan: params.get("plan").as_deref() == Some("1"),
        }
    }

    /// The planner's DNS records step for this domain, when the watch came from a plan.
    fn plan_link(&self, lang: &str) -> Option<String> {
        if !self.from_plan || self.domain.is_empty() {
            return None;
        }
        let Ok(params) = web_sys::UrlSearchParams::new() else {
            return None;
        };
        params.append("domain", &self.domain);
        params.append("lang", lang);
        let query = String::from(params.to_string());
        Some(crate::links::records(&query) + "#plan-records")
    }

    /// What can be said without asking anyone: core's judgement with no rows, from
    /// the change time and the old TTL (a static deployment).
    fn unasked_reading(&self) -> mailmove_core::api::MonitorJson {
        let expectation = Expectation::new(
            self.expect.iter().map(String::as_str),
            self.old.iter().map(String::as_str),
            self.old_ttl,
            self.changed_at,
        );
        let now = (js_sys::Date::now() / 1000.0).max(0.0) as u64;
        let status = judge(&[], &expectation, now);
        monitor_json(&self.domain, expectation, status, now)
    }

    /// The API's (and the link's) query string, without `every` and `lang`.
    fn query(&self) -> String {
        let Ok(params) = web_sys::UrlSearchParams::new() else {
            return String::new();
        };
        params.append("domain", &self.domain);
        for host in &self.expect {
            params.append("expect", host);
        }
        for host in &self.old {
            params.append("old", host);
        }
        if let Some(ttl) = self.old_ttl {
            params.append("old_ttl", &ttl.to_string());
        }
        if let Some(at) = self.changed_at {
            params.append("changed_at", &at.to_string());
        }
        String::from(params.to_string())
    }
}

/// The monitor page's body.
#[component]
pub fn MonitorPage() -> impl IntoView {
    let lang = CurrentLang::expect();
    let initial = Watch::from_location();
    let domain = RwSignal::new(initial.domain.clone());
    let expect = RwSignal::new(initial.expect.join(", "));
    let old_ttl = RwSignal::new(
        initial
            .old_ttl
            .map(|ttl| ttl.to_string())
            .unwrap_or_default(),
    );
    let changed_at = RwSignal::new(initial.changed_at.map(datetime_local).unwrap_or_default());
    let reading = RwSignal::new(None::<Result<mailmove_core::api::MonitorJson, api::Error>>);
    let checking = RwSignal::new(false);
    let countdown = RwSignal::new(None::<u32>);
    let form_error = RwSignal::new(None::<String>);
    // Each start has a number; an earlier loop stops when it sees a newer one.
    let generation = StoredValue::new(0_u64);
    let every = initial.every;
    let old = initial.old.clone();
    let from_plan = initial.from_plan;
    let has_server = config::get().mode.has_server();
    // The planner's records step, for the watch shown.
    let plan_link = RwSignal::new(initial.plan_link(lang.get_untracked().tag()));
    let start = move |watch: Watch| {
        generation.update_value(|id| *id += 1);
        let id = generation.get_value();
        replace_location(&watch, lang.get_untracked().tag());
        plan_link.set(watch.plan_link(lang.get_untracked().tag()));
        if !has_server {
            // Nothing to ask and nothing that changes by itself: one reading.
            reading.set(Some(Ok(watch.unasked_reading())));
            return;
        }
        let current = move || generation.try_get_value() == Some(id);
        spawn_local(async move {
            loop {
                checking.set(true);
                countdown.set(None);
                let result = api::monitor(&watch.query()).await;
                if !current() {
                    return;
                }
                checking.set(false);
                // Done when everything has switched; and a request the server refuses
                // (a bad domain) will not get better by asking again.
                let finished = match &result {
                    Ok(json) => json.status.all_switched && json.status.authoritative_switched,
                    Err(api::Error::Api(_)) => true,
                    Err(_) => false,
                };
                reading.set(Some(result));
                if finished {
                    return;
                }
                for left in (1..=watch.every).rev() {
                    countdown.set(Some(left));
                    crate::survey::sleep(1_000).await;
                    if !current() {
                        return;
                    }
                }
            }
        });
    };
    let from_form = move || -> Result<Watch, String> {
        let lang = lang.get_untracked();
        let names = untrack(|| crate::server_info::ServerInfo::expect().name_policy());
        let name = DomainName::parse_with(&domain.get_untracked(), &names)
            .map_err(|error| error.message(lang))?;
        let ttl_text = old_ttl.get_untracked();
        let ttl = match ttl_text.trim() {
            "" => None,
            text => Some(
                text.parse::<u32>()
                    .map_err(|_| i18n::OLD_TTL_LABEL.get(lang).to_owned() + ": " + text)?,
            ),
        };
        let changed = match changed_at.get_untracked().trim() {
            "" => None,
            text => {
                let millis = js_sys::Date::new(&JsValue::from_str(text)).get_time();
                if !millis.is_finite() || millis < 0.0 {
                    return Err(i18n::CHANGED_AT_LABEL.get(lang).to_owned() + ": " + text);
                }
                Some((millis / 1000.0) as u64)
            }
        };
        Ok(Watch {
            domain: name.as_str().to_owned(),
            expect: split_hosts(&expect.get_untracked()),
            old: old.clone(),
            old_ttl: ttl,
            changed_at: changed,
            every,
            from_plan,
        })
    };
    let submit = {
        let from_form = from_form.clone();
        move |event: leptos::ev::SubmitEvent| {
            event.prevent_default();
            match from_form() {
                Ok(watch) => {
                    form_error.set(None);
                    start(watch);
                }
                Err(message) => form_error.set(Some(message)),
            }
        }
    };
    if !initial.domain.is_empty() {
        // A link starts at once; the server checks the parameters and says what is wrong.
        start(initial.clone());
    }
    view! {
        <section class="monitor" aria-labelledby="monitor-title">
            <h2 id="monitor-title">{move || tr(i18n::MONITOR_TITLE)}</h2>
            <p class="lead">{move || tr(i18n::MONITOR_LEAD)}</p>
            {(!has_server).then(|| view! { <p class="notice" id="monitor-needs-server">{move || tr(i18n::MONITOR_NEEDS_SERVER)}</p> })}
            <div>
                <form class="check no-print" id="monitor-form" on:submit=submit.clone() novalidate>
                    <div class="field">
                        <label for="monitor-domain">{move || tr(i18n::DOMAIN_LABEL)}</label>
                        <input id="monitor-domain" type="text" inputmode="url" autocomplete="off" spellcheck="false"
                            autocapitalize="none" placeholder=move || tr(i18n::DOMAIN_PLACEHOLDER)
                            prop:value=domain on:input=move |event| domain.set(event_target_value(&event)) />
                    </div>
                    <div class="field">
                        <label for="monitor-expect">{move || tr(i18n::NEW_MX_LABEL)}</label>
                        <input id="monitor-expect" type="text" autocomplete="off" spellcheck="false" autocapitalize="none"
                            prop:value=expect on:input=move |event| expect.set(event_target_value(&event)) />
                    </div>
                    <div class="field">
                        <label for="monitor-old-ttl">{move || tr(i18n::OLD_TTL_LABEL)}</label>
                        <input id="monitor-old-ttl" type="number" min="0" inputmode="numeric"
                            prop:value=old_ttl on:input=move |event| old_ttl.set(event_target_value(&event)) />
                    </div>
                    <div class="field">
                        <label for="monitor-changed-at">{move || tr(i18n::CHANGED_AT_LABEL)}</label>
                        <input id="monitor-changed-at" type="datetime-local"
                            prop:value=changed_at on:input=move |event| changed_at.set(event_target_value(&event)) />
                    </div>
                    <p id="monitor-form-error" class="field-error" aria-live="polite" hidden=move || form_error.get().is_none()>
                        {move || form_error.get()}
                    </p>
                    <button id="monitor-start" type="submit">{move || tr(i18n::START_MONITOR)}</button>
                </form>
                <div class="monitor-refresh" aria-live="polite">
                    <span id="monitor-countdown">
                        {move || match (checking.get(), countdown.get()) {
                            (true, _) => tr(i18n::CHECKING_NOW).to_owned(),
                            (false, Some(left)) => format!("{} {left} {}", tr(i18n::NEXT_CHECK), tr(i18n::SECONDS)),
                            (false, None) => String::new(),
                        }}
                    </span>
                </div>
                <div id="monitor-result">
                    {move || reading.get().map(|result| match result {
                        Ok(json) => reading::reading(&json, lang.get(), plan_link.get()).into_any(),
                        Err(error) => view! { <p class="field-error" id="monitor-error" role="alert">{error.message(lang.get())}</p> }.into_any(),
                    })}
                </div>
            </div>
        </section>
    }
}

fn split_hosts(text: &str) -> Vec<String> {
    text.split([',', ' ', '、', '\n'])
        .map(str::trim)
        .filter(|host| !host.is_empty())
        .map(str::to_owned)
        .collect()
}

/// `unix` as a `datetime-local` value in the browser's zone (`YYYY-MM-DDTHH:MM`).
fn datetime_local(unix: u64) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(unix as f64 * 1000.0));
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        date.get_full_year(),
        date.get_month() + 1,
        date.get_date(),
        date.get_hours(),
        date.get_minutes()
    )
}

/// The link that reproduces this watch.
fn replace_location(watch: &Watch, lang: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let mut url = crate::links::monitor(&format!("{}&lang={lang}", watch.query()));
    if watch.every != DEFAULT_EVERY {
        url.push_str(&format!("&every={}", watch.every));
    }
    if watch.from_plan {
        url.push_str("&plan=1");
    }
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}
