//! The check: one input (a domain, an IDN, an e-mail address or a URL, validated as
//! you type; a website's `www.` name means its mail domain), the target (or "not
//! decided yet"), optional DKIM selectors, and the report as it fills in.
//! `/?domain=D[&selector=S]…[&target=ID][&lang=ja|en]` runs the check on load, so a link
//! reproduces it; running a check puts those parameters in the address bar.

use leptos::prelude::*;
use leptos::task::spawn_local;
use mailmove_core::api::SurveyProgressJson;
use mailmove_core::survey::SurveyOptions;
use mailmove_core::{DomainName, NameError, NamePolicy};

use crate::components::report::Report;
use crate::config;
use crate::i18n::{self, tr};
use crate::lang::CurrentLang;
use crate::server_info::ServerInfo;
use crate::survey::{self, Failure};

/// What a check was asked with (the share link's parameters).
#[derive(Clone, Debug, Default, PartialEq)]
struct Asked {
    domain: String,
    selectors: Vec<String>,
    target: Option<String>,
}

/// The check form and its report.
#[component]
pub fn CheckForm() -> impl IntoView {
    let lang = CurrentLang::expect();
    let server = ServerInfo::expect();
    let initial = from_location();
    let share_base = StoredValue::new(
        use_context::<crate::components::embed::Embedded>().map(|embedded| embedded.share_base),
    );
    let input = RwSignal::new(initial.domain.clone());
    let selectors = RwSignal::new(initial.selectors.join(", "));
    let target = RwSignal::new(initial.target.clone().unwrap_or_default());
    // Say nothing about an empty field until the user has tried to submit it.
    let touched = RwSignal::new(false);
    let policy = move || name_policy(server);
    // The user chose to check `www.…` itself rather than its mail domain.
    let as_typed = RwSignal::new(false);
    let typed_name = Memo::new(move |_| {
        // What someone pastes into the box may carry a tab or a line break around it.
        DomainName::parse_with(input.get().trim(), &policy())
    });
    // A website's name (often a pasted URL) means its mail domain, unless the user
    // says otherwise.
    let website = Memo::new(move |_| {
        // The guess needs the Public Suffix List: guess again when it arrives.
        server.track_suffix_list();
        typed_name
            .get()
            .ok()
            .filter(|_| !as_typed.get())
            .and_then(|name| name.mail_domain_guess().map(|mail| (name, mail)))
    });
    let parsed = Memo::new(move |_| match website.get() {
        Some((_, mail)) => Ok(mail),
        None => typed_name.get(),
    });
    // Say which domain will be checked when it differs from what was typed (an e-mail
    // address, a URL, full-width letters, an IDN).
    let normalized = move || {
        let typed = input.get();
        if website.with(Option::is_some) {
            return None;
        }
        parsed.get().ok().and_then(|name| {
            let unicode = name.to_unicode();
            let shown = if unicode == name.as_str() {
                unicode
            } else {
                format!("{unicode} ({name})")
            };
            (typed.trim() != name.as_str()).then_some(shown)
        })
    };
    Effect::new(move |_| {
        // A new name typed: the choice was about the old one.
        input.track();
        as_typed.set(false);
    });
    let error = move || match parsed.get() {
        Err(NameError::Empty) if !touched.get() => None,
        Err(error) => Some(error.message(lang.get())),
        Ok(_) => None,
    };
    let (progress, set_progress) = signal(None::<SurveyProgressJson>);
    let asked = RwSignal::new(None::<Asked>);
    let running = RwSignal::new(false);
    let failure = RwSignal::new(None::<Failure>);
    // Each run has a number; a slower earlier run must not overwrite a later one.
    let run_id = StoredValue::new(0_u64);
    let start = move |name: DomainName| {
        let options = SurveyOptions {
            selectors: split_selectors(&selectors.get_untracked()),
            target: Some(target.get_untracked()).filter(|target| !target.is_empty()),
            // For messages that repeat what the user typed ("… does not exist").
            typed: Some(input.get_untracked().trim().to_owned()).filter(|typed| !typed.is_empty()),
        };
        let this = Asked {
            domain: name.as_str().to_owned(),
            selectors: options.selectors.clone(),
            target: options.target.clone(),
        };
        asked.set(Some(this));
        // The widget's own address stays `/embed?…`: a reload must not turn the frame
        // into the whole check page.
        if share_base.with_value(Option::is_none) {
            replace_location(&share_url(
                asked.get_untracked().as_ref(),
                lang.get_untracked().tag(),
                None,
            ));
        }
        run_id.update_value(|id| *id += 1);
        let id = run_id.get_value();
        running.set(true);
        failure.set(None);
        set_progress.set(None);
        spawn_local(async move {
            let result = survey::run(name, options, config::get().mode.clone(), move |update| {
                if run_id.get_value() == id {
                    if update.done {
                        running.set(false);
                        // Idle now: the next name typed gets the full check.
                        server.load_suffix_list();
                    }
                    let moment = if update.done {
                        "mailmove-report-done"
                    } else {
                        "mailmove-report-progress"
                    };
                    set_progress.set(Some(update));
                    // Drawn by the next frame: when the page benchmark counts it shown.
                    request_animation_frame(move || survey::mark(moment));
                }
            })
            .await;
            if run_id.get_value() == id {
                running.set(false);
                failure.set(result.err());
            }
        });
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        touched.set(true);
        if let Ok(name) = parsed.get_untracked() {
            start(name);
        }
    };
    // A share link runs on load (once the server has said which TLDs it accepts, when
    // the public rules alone refuse the name).
    if initial.domain.is_empty() {
        // A name is about to be typed.
        server.load_suffix_list();
    } else {
        let started = StoredValue::new(false);
        // A website's name (`www.…`) means its mail domain, which takes the Public
        // Suffix List to find: wait for it too (any other link does not).
        if initial.domain.trim().starts_with("www.") {
            server.load_suffix_list();
        }
        Effect::new(move |_| {
            // A name the public rules accept needs nothing from the server (which
            // only adds TLDs): start at once, and take the survey index.html started.
            let known_tlds = !config::get().mode.has_server()
                || server.get().is_some()
                || parsed.with_untracked(Result::is_ok);
            let waiting = !known_tlds || server.suffix_list_loading();
            if started.get_value() || waiting {
                return;
            }
            started.set_value(true);
            touched.set(true);
            if let Ok(name) = parsed.get_untracked() {
                start(name);
            }
        });
    }
    let share = Signal::derive(move || {
        share_base
            .with_value(|base| share_url(asked.get().as_ref(), lang.get().tag(), base.as_deref()))
    });
    // The ids and names only: the catalog itself stays out of the check page.
    let targets =
        mailmove_core::catalog::target_choices::ALL.map(|choice| (choice.id, choice.name));
    view! {
        <form class="check no-print" on:submit=submit novalidate>
            <div class="field">
                <label for="domain">{move || tr(i18n::DOMAIN_LABEL)}</label>
                <input
                    id="domain"
                    name="domain"
                    type="text"
                    inputmode="url"
                    autocomplete="off"
                    spellcheck="false"
                    autocapitalize="none"
                    placeholder=move || tr(i18n::DOMAIN_PLACEHOLDER)
                    aria-invalid=move || error().is_some().to_string()
                    aria-describedby="domain-error domain-normalized"
                    prop:value=input
                    on:input=move |event| input.set(event_target_value(&event))
                />
                <p id="domain-error" class="field-error" aria-live="polite" hidden=move || error().is_none()>
                    {error}
                </p>
                <p id="domain-normalized" class="notice" hidden=move || normalized().is_none()>
                    {move || tr(i18n::WILL_CHECK)}" "{normalized}
                </p>
                <p id="domain-website" class="notice" hidden=move || website.with(Option::is_none)>
                    {move || website.get().map(|(site, mail)| view! {
                        "「"{site.to_unicode()}"」"{tr(i18n::WEBSITE_NAME)}" "<strong>{mail.to_unicode()}</strong>" "
                        <button type="button" id="check-as-typed" class="copy" on:click=move |_| {
                            as_typed.set(true);
                            if let Ok(name) = typed_name.get_untracked() && asked.with_untracked(Option::is_some) {
                                start(name);
                            }
                        }>{tr(i18n::CHECK_AS_TYPED)}</button>
                    })}
                </p>
            </div>
            <div class="field target-field">
                <label for="target">{move || tr(i18n::TARGET_LABEL)}</label>
                <select id="target" prop:value=target on:change=move |event| target.set(event_target_value(&event))>
                    <option value="">{move || tr(i18n::TARGET_NONE)}</option>
                    {targets
                        .into_iter()
                        .map(|(id, name)| view! { <option value=id>{move || name.get(lang.get())}</option> })
                        .collect_view()}
                </select>
            </div>
            <button id="check" type="submit" disabled=move || running.get()>
                {move || tr(i18n::CHECK_BUTTON)}
            </button>
            <details class="options" open=!initial.selectors.is_empty()>
                <summary>{move || tr(i18n::OPTIONS)}</summary>
                <div class="field">
                    <label for="selectors">{move || tr(i18n::SELECTORS_LABEL)}</label>
                    <input
                        id="selectors"
                        type="text"
                        autocomplete="off"
                        spellcheck="false"
                        prop:value=selectors
                        on:input=move |event| selectors.set(event_target_value(&event))
                    />
                </div>
            </details>
        </form>
        <section id="result" aria-live="polite">
            // Before the first snapshot arrives: say the check has started.
            <p id="check-starting" class="progress" hidden=move || !running.get() || progress.with(Option::is_some)>
                <progress aria-label=move || tr(i18n::PROGRESS)></progress>
                " "
                {move || tr(i18n::CHECKING)}
            </p>
            <p id="check-error" class="field-error" role="alert" hidden=move || failure.with(Option::is_none)>
                {move || failure.get().map(|failure| failure.message(lang.get()))}
            </p>
            <Report progress stopped=Signal::derive(move || failure.with(Option::is_some)) share_url=share />
        </section>
    }
}

/// The names the page accepts: public TLDs, plus the server's extra ones once known,
/// plus the page's own in static mode (tracked).
fn name_policy(server: ServerInfo) -> NamePolicy {
    server.track_suffix_list();
    let mut tlds = config::get().allow_tlds.clone();
    if let Some(Ok(health)) = server.get() {
        tlds.extend(health.allowed_tlds);
    }
    NamePolicy::allowing(&tlds)
}

fn split_selectors(text: &str) -> Vec<String> {
    text.split([',', ' ', '、'])
        .map(str::trim)
        .filter(|selector| !selector.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The parameters of the address bar.
fn from_location() -> Asked {
    let Some(params) = web_sys::window()
        .and_then(|window| window.location().search().ok())
        .and_then(|search| web_sys::UrlSearchParams::new_with_str(&search).ok())
    else {
        return Asked::default();
    };
    let selectors = params
        .get_all("selector")
        .iter()
        .filter_map(|value| value.as_string())
        .collect();
    Asked {
        domain: params.get("domain").unwrap_or_default(),
        selectors,
        target: params.get("target").filter(|target| !target.is_empty()),
    }
}

/// `origin/path?domain=…&selector=…&target=…&lang=…` for `asked`.
fn share_url(asked: Option<&Asked>, lang: &str, embedded_base: Option<&str>) -> String {
    let Some(window) = web_sys::window() else {
        return String::new();
    };
    let location = window.location();
    // In an agency's widget: its own page, or the tool's check page (never `/embed`).
    let base = match embedded_base {
        Some(base) => base.to_owned(),
        None => format!(
            "{}{}",
            location.origin().unwrap_or_default(),
            location.pathname().unwrap_or_default()
        ),
    };
    let Some(asked) = asked else {
        return base;
    };
    let Ok(params) = web_sys::UrlSearchParams::new() else {
        return base;
    };
    params.append("domain", &asked.domain);
    for selector in &asked.selectors {
        params.append("selector", selector);
    }
    if let Some(target) = &asked.target {
        params.append("target", target);
    }
    params.append("lang", lang);
    let join = if base.contains('?') { '&' } else { '?' };
    format!("{base}{join}{}", String::from(params.to_string()))
}

fn replace_location(url: &str) {
    if let Some(history) = web_sys::window().and_then(|window| window.history().ok()) {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url));
    }
}
