//! "Does the new server accept these addresses?" in the accounts step: when the server
//! allows it (`--allow-address-probe`, said by `/api/version`), one button asks the
//! target's exchangers through `POST /api/probe/addresses` and keeps the answer in the
//! plan, where core reads it (a refused address holds the MX switch); otherwise the
//! way to run `mailmove probe` from a server (OP25B). Each row shows its own verdict
//! ([`verdict_view`]).

use leptos::prelude::*;
use leptos::task::spawn_local;
use mailmove_core::Lang;
use mailmove_core::plan::{
    Acceptance, AcceptanceVerdict, AddressAcceptance, Plan, acceptance_request,
};

use crate::i18n::{self, tr};
use crate::lang::CurrentLang;
use crate::server_info::ServerInfo;

/// The button, or how to check from a server.
#[component]
pub fn AcceptanceCheck(plan: RwSignal<Plan>) -> impl IntoView {
    let lang = CurrentLang::expect();
    let info = ServerInfo::expect();
    let allowed = move || matches!(info.get(), Some(Ok(health)) if health.address_probe);
    let running = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let run = move |_| {
        let request = plan.with_untracked(acceptance_request);
        let refusal = match request.addresses.len() {
            0 => Some(i18n::PROBE_NONE),
            n if n > mailmove_core::api::MAX_PROBE_ADDRESSES => Some(i18n::PROBE_TOO_MANY),
            _ => None,
        };
        if let Some(text) = refusal {
            error.set(Some(tr(text).to_owned()));
            return;
        }
        running.set(true);
        error.set(None);
        spawn_local(async move {
            let answer = crate::api::probe_addresses(&request).await;
            running.set(false);
            match answer.map(|text| Acceptance::from_answer(&request, &text)) {
                Ok(Ok(acceptance)) => plan.update(|plan| plan.acceptance = Some(acceptance)),
                Ok(Err(unreadable)) => error.set(Some(unreadable.to_string())),
                Err(failed) => error.set(Some(failed.message(lang.get_untracked()))),
            }
        });
    };
    move || {
        if allowed() {
            view! {
                <div id="plan-probe" class="no-print">
                    <p>{tr(i18n::PROBE_LEAD)}</p>
                    <button type="button" id="plan-probe-run" disabled=move || running.get() on:click=run>{tr(i18n::PROBE_BUTTON)}</button>
                    <p class="note" hidden=move || !running.get()>{tr(i18n::PROBE_RUNNING)}</p>
                    <p id="plan-probe-error" class="field-error" role="alert" hidden=move || error.with(Option::is_none)>{move || error.get()}</p>
                </div>
            }
            .into_any()
        } else {
            view! {
                <div id="plan-probe" class="no-print" data-off="true">
                    <p>{tr(i18n::PROBE_OFF)}</p>
                    <pre class="checklist">{move || plan.with(cli_command)}</pre>
                </div>
            }
            .into_any()
        }
    }
}

/// `mailmove probe` for `plan`'s domain and target.
fn cli_command(plan: &Plan) -> String {
    let request = acceptance_request(plan);
    let mut command = format!("mailmove probe {} --target {}", plan.domain, plan.target);
    for mx in &request.mx {
        command.push_str(&format!(" --mx \"{} {}\"", mx.preference, mx.host));
    }
    command + " --accounts accounts.csv"
}

/// One address's verdict under it: accepted, refused with what to do and the server's
/// own words, or could not tell and why.
pub fn verdict_view(result: &AddressAcceptance, lang: Lang) -> impl IntoView + use<> {
    let (slug, label) = match result.verdict {
        AcceptanceVerdict::Accepted => ("accepted", i18n::ACCEPTED),
        AcceptanceVerdict::Refused => ("refused", i18n::REFUSED),
        AcceptanceVerdict::CouldNotTell => ("could-not-tell", i18n::COULD_NOT_TELL),
    };
    // "Accepted" says it all; the others say what it means.
    let meaning = (result.verdict != AcceptanceVerdict::Accepted)
        .then(|| result.message.get(lang).to_owned());
    let words = result.words.clone();
    view! {
        <p class="acceptance" data-verdict=slug>
            <strong>{label.get(lang)}</strong>
            {meaning.map(|text| view! { " "{text} })}
            {words.map(|words| view! { <br />{i18n::SERVER_SAID.get(lang)}" "<q class="mono">{words}</q> })}
        </p>
    }
}
