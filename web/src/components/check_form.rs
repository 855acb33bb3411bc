use leptos::prelude::*;
use mailmove_core::api as json;
use mailmove_core::dns::{Outcome, RecordData, RecordType};
use mailmove_core::{DomainName, NameError};

use crate::api;
use crate::i18n::{self, tr};
use crate::lang::CurrentLang;
use crate::server_info::ServerInfo;

/// The domain input, validated as the user types, and the MX answer from the server.
#[component]
pub fn CheckForm() -> impl IntoView {
    let lang = CurrentLang::expect();
    let input = RwSignal::new(String::new());
    // Say nothing about an empty field until the user has tried to submit it.
    let touched = RwSignal::new(false);
    let server = ServerInfo::expect();
    let parsed = Memo::new(move |_| DomainName::parse_with(&input.get(), &server.name_policy()));
    // Say which domain will be checked when it differs from what was typed (an e-mail
    // address, a URL, full-width letters, an IDN).
    let normalized = move || {
        let typed = input.get();
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
    let error = move || match parsed.get() {
        Err(NameError::Empty) if !touched.get() => None,
        Err(error) => Some(error.message(lang.get())),
        Ok(_) => None,
    };
    let lookup = Action::new_local(|name: &DomainName| {
        let name = name.clone();
        async move { api::lookup(&name, RecordType::Mx).await }
    });
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        touched.set(true);
        if let Ok(name) = parsed.get_untracked() {
            lookup.dispatch(name);
        }
    };
    view! {
        <form class="check" on:submit=submit novalidate>
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
                    aria-describedby="domain-error"
                    prop:value=input
                    on:input=move |event| input.set(event_target_value(&event))
                />
                <p id="domain-error" class="field-error" aria-live="polite" hidden=move || error().is_none()>
                    {error}
                </p>
                <p id="domain-normalized" class="notice" hidden=move || normalized().is_none()>
                    {move || tr(i18n::WILL_CHECK)}" "{normalized}
                </p>
            </div>
            <button id="check" type="submit" disabled=move || lookup.pending().get()>
                {move || tr(i18n::CHECK_BUTTON)}
            </button>
        </form>
        <section id="result" aria-live="polite">
            {move || {
                if lookup.pending().get() {
                    return view! { <p class="notice">{tr(i18n::CHECKING)}</p> }.into_any();
                }
                match lookup.value().get() {
                    None => ().into_any(),
                    Some(Ok(response)) => view! { <LookupResult response /> }.into_any(),
                    Some(Err(error)) => {
                        view! { <p class="field-error" id="result-error">{error.message(lang.get())}</p> }
                            .into_any()
                    }
                }
            }}
        </section>
    }
}

/// One lookup's outcome, in words.
#[component]
fn LookupResult(response: json::LookupResponse) -> impl IntoView {
    let body = match response.outcome {
        Outcome::Records { records } => {
            let items = records
                .into_iter()
                .filter(|record| matches!(record.data, RecordData::Mx { .. }))
                .map(|record| {
                    view! { <li><code class="mx">{record.data.to_string()}</code>" (TTL "{record.ttl}")"</li> }
                })
                .collect_view();
            view! { <ul id="mx-list">{items}</ul> }.into_any()
        }
        Outcome::NoData { .. } => {
            view! { <p id="mx-none">{move || tr(i18n::MX_NONE)}</p> }.into_any()
        }
        Outcome::NxDomain { .. } => {
            view! { <p id="nxdomain">{move || tr(i18n::NXDOMAIN)}</p> }.into_any()
        }
        Outcome::ServFail | Outcome::Timeout | Outcome::Refused | Outcome::NotAsked => {
            view! { <p id="could-not-check">{move || tr(i18n::COULD_NOT_CHECK)}</p> }.into_any()
        }
    };
    view! {
        <div class="result">
            <h2>{move || tr(i18n::MX_HEADING)}": "<span id="result-domain">{response.query.name.clone()}</span></h2>
            {body}
        </div>
    }
}
