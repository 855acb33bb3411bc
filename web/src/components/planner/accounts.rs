//! The planner's accounts step: paste the old server's addresses or open its export
//! (UTF-8 or Shift_JIS: the browser decodes), decide where each goes, see every
//! address left without a destination, and download the target's bulk-create CSV.

use leptos::prelude::*;
use leptos::task::spawn_local;
use mailmove_core::accounts::old_mail::{Method, advise_for_target_id};
use mailmove_core::accounts::{
    CsvFile, Destination, Mailbox, Passwords, ReadVia, check_for_target_id, export_csv, import,
};
use mailmove_core::plan::Plan;
use wasm_bindgen::JsCast as _;

use crate::download::download;
use crate::i18n::{self, tr};
use crate::lang::CurrentLang;

/// The accounts step.
#[component]
pub fn Accounts(plan: RwSignal<Plan>) -> impl IntoView {
    let lang = CurrentLang::expect();
    let pasted = RwSignal::new(String::new());
    let import_issues = RwSignal::new(Vec::<String>::new());
    let read = move |text: String| {
        let Ok(domain) = super::planner_name(&plan.with_untracked(|plan| plan.domain.clone()))
        else {
            return;
        };
        let imported = import(&text, &domain);
        import_issues.set(
            imported
                .issues
                .iter()
                .map(|issue| {
                    format!(
                        "{}: {}",
                        issue.line,
                        issue.message.get(lang.get_untracked())
                    )
                })
                .collect(),
        );
        plan.update(|plan| plan.accounts.accounts = imported.accounts);
    };
    let on_file = move |event: leptos::ev::Event| {
        let Some(file) = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|input| input.files())
            .and_then(|files| files.get(0))
        else {
            return;
        };
        spawn_local(async move {
            if let Ok(buffer) = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
                let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
                let text = decode(&bytes);
                pasted.set(text.clone());
                read(text);
            }
        });
    };
    let issues = move || {
        let plan = plan.get();
        let domain = super::planner_name(&plan.domain).ok()?;
        Some(check_for_target_id(&plan.accounts, &domain, &plan.target))
    };
    let rows = move || {
        let lang = lang.get();
        plan.with(|plan| plan.accounts.accounts.clone())
            .into_iter()
            .enumerate()
            .map(|(index, account)| {
                let kind = match account.destination {
                    Destination::Unassigned => "unassigned",
                    Destination::User { .. } => "user",
                    Destination::Alias { .. } => "alias",
                    Destination::Group { .. } => "group",
                    Destination::Retire { .. } => "retire",
                };
                let id = format!("account-{index}");
                let label = account.address.clone();
                let mailbox = account.mailbox.clone().unwrap_or_default();
                let read_via = match mailbox.read_via {
                    ReadVia::Pop { keeps_copy_on_server: false } => "pop",
                    ReadVia::Pop { keeps_copy_on_server: true } => "pop-copy",
                    ReadVia::Imap => "imap",
                    ReadVia::Webmail => "webmail",
                    ReadVia::Unknown => "unknown",
                };
                let advice = plan.with(|plan| Some(advise_for_target_id(&mailbox, &plan.target)));
                let advice_view = advice.map(|advice| {
                    let (slug, method) = match &advice.method {
                        Method::TargetTool { name } => ("target-tool", name.get(lang).to_owned()),
                        Method::ImapSync => ("imap-sync", i18n::METHOD_IMAP_SYNC.get(lang).to_owned()),
                        Method::ClientImport => ("client-import", i18n::METHOD_CLIENT_IMPORT.get(lang).to_owned()),
                        Method::NothingOnServer => ("nothing-on-server", i18n::METHOD_NOTHING.get(lang).to_owned()),
                    };
                    let estimate = advice.estimate_hours.map(|(low, high)| match lang {
                        mailmove_core::Lang::Ja => format!("(目安 {low:.1}〜{high:.1} 時間)"),
                        mailmove_core::Lang::En => format!(" (about {low:.1}–{high:.1} h)"),
                    });
                    let reasons = advice.reasons.iter().map(|reason| view! { <li>{reason.get(lang).to_owned()}</li> }).collect_view();
                    view! {
                        <div class="advice" data-method=slug>
                            <strong>{method}</strong>{estimate}
                            <ul>{reasons}</ul>
                        </div>
                    }
                });
                let size = mailbox.size_mb.map(|size| size.to_string()).unwrap_or_default();
                let set_mailbox = move |change: &dyn Fn(&mut Mailbox)| {
                    plan.update(|plan| {
                        if let Some(account) = plan.accounts.accounts.get_mut(index) {
                            let mut mailbox = account.mailbox.clone().unwrap_or_default();
                            change(&mut mailbox);
                            account.mailbox = Some(mailbox);
                        }
                    });
                };
                view! {
                    <tr data-destination=kind>
                        <th scope="row" class="mono"><label for=id.clone()>{label}</label></th>
                        <td>{account.name.clone().unwrap_or_default()}</td>
                        <td>
                            <select id=id prop:value=kind on:change=move |event| {
                                let choice = event_target_value(&event);
                                plan.update(|plan| {
                                    if let Some(account) = plan.accounts.accounts.get_mut(index) {
                                        account.destination = destination(&choice, account);
                                    }
                                });
                            }>
                                {DESTINATIONS.iter().map(|(value, text)| view! { <option value=*value>{text.get(lang)}</option> }).collect_view()}
                            </select>
                        </td>
                        <td>
                            <select id=format!("account-read-{index}") aria-label=i18n::PLAN_READ_VIA.get(lang) prop:value=read_via
                                on:change=move |event| {
                                    let via = match event_target_value(&event).as_str() {
                                        "pop" => ReadVia::Pop { keeps_copy_on_server: false },
                                        "pop-copy" => ReadVia::Pop { keeps_copy_on_server: true },
                                        "imap" => ReadVia::Imap,
                                        "webmail" => ReadVia::Webmail,
                                        _ => ReadVia::Unknown,
                                    };
                                    set_mailbox(&move |mailbox: &mut Mailbox| mailbox.read_via = via);
                                }>
                                {READ_VIA.iter().map(|(value, text)| view! { <option value=*value>{text.get(lang)}</option> }).collect_view()}
                            </select>
                            <input id=format!("account-size-{index}") type="number" min="0" inputmode="numeric"
                                aria-label=i18n::PLAN_SIZE_MB.get(lang) placeholder="MB" prop:value=size
                                on:change=move |event| {
                                    let size = event_target_value(&event).trim().parse().ok();
                                    set_mailbox(&move |mailbox: &mut Mailbox| mailbox.size_mb = size);
                                } />
                        </td>
                        <td>{advice_view}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    // The files of the last export, one download button each: a browser lets a page
    // start one download per click, and Microsoft 365 (249 users) and Zoho (200) need
    // several files for a long list. Cleared when the plan changes, so no stale file
    // is offered.
    let exported = RwSignal::new(Vec::<CsvFile>::new());
    Effect::new(move |_| {
        plan.track();
        exported.set(Vec::new());
    });
    let export = move |generate: bool| {
        let plan = plan.get_untracked();
        let Ok(domain) = super::planner_name(&plan.domain) else {
            return;
        };
        let passwords = if generate {
            random_passwords(&plan)
        } else {
            Passwords::LeaveBlank
        };
        if let Ok(files) = export_csv(&plan.accounts, &domain, &plan.target, &passwords) {
            if let [file] = files.as_slice() {
                download(&file.name, &file.content, "text/csv");
            }
            exported.set(files);
        }
    };
    let files_view = move || {
        let files = exported.get();
        (files.len() > 1).then(|| {
            let lang = lang.get();
            view! {
                <div id="plan-accounts-files" class="no-print">
                    <p>{i18n::PLAN_ACCOUNTS_FILES.get(lang)}</p>
                    <ul>
                        {files.into_iter().map(|file| {
                            let notes: Vec<String> = file.notes.iter().map(|note| note.get(lang).to_owned()).collect();
                            let label = file.name.clone();
                            view! {
                                <li>
                                    <button type="button" class="plan-accounts-file" data-file=file.name.clone()
                                        on:click=move |_| download(&file.name, &file.content, "text/csv")>{label}</button>
                                    <ul class="notes">{notes.into_iter().map(|note| view! { <li>{note}</li> }).collect_view()}</ul>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </div>
            }
        })
    };
    view! {
        <section id="plan-accounts" class="plan-section">
            <h3>{move || tr(i18n::PLAN_STEP_ACCOUNTS)}</h3>
            <p>{move || tr(i18n::PLAN_ACCOUNTS_LEAD)}</p>
            <div class="field">
                <label for="plan-accounts-paste">{move || tr(i18n::PLAN_ACCOUNTS_PASTE)}</label>
                <textarea id="plan-accounts-paste" rows="4" prop:value=pasted
                    on:input=move |event| pasted.set(event_target_value(&event))></textarea>
            </div>
            <div class="actions no-print">
                <button type="button" id="plan-accounts-read" on:click=move |_| read(pasted.get_untracked())>{move || tr(i18n::PLAN_ACCOUNTS_READ)}</button>
                <label for="plan-accounts-file">{move || tr(i18n::PLAN_ACCOUNTS_FILE)}</label>
                <input id="plan-accounts-file" type="file" accept=".csv,.txt,text/csv,text/plain" on:change=on_file />
            </div>
            <ul class="issues">{move || import_issues.get().into_iter().map(|text| view! { <li>{text}</li> }).collect_view()}</ul>
            <div class="table-wrap">
                <table id="plan-accounts-table">
                    <thead><tr>
                        <th scope="col">{move || tr(i18n::PLAN_ADDRESS)}</th>
                        <th scope="col">{move || tr(i18n::NAME)}</th>
                        <th scope="col">{move || tr(i18n::PLAN_DESTINATION)}</th>
                        <th scope="col">{move || tr(i18n::PLAN_READ_VIA)}</th>
                        <th scope="col">{move || tr(i18n::PLAN_OLD_MAIL)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            // How many addresses still need a decision, in one line (as the CLI says).
            <p id="plan-accounts-undecided" class="note">
                {move || {
                    let lang = lang.get();
                    plan.with(|plan| mailmove_core::accounts::undecided_summary(&plan.accounts))
                        .map(|message| message.get(lang).to_owned())
                }}
            </p>
            <div class="actions no-print">
                <button type="button" id="plan-accounts-all-users" on:click=move |_| plan.update(|plan| {
                    for account in &mut plan.accounts.accounts {
                        if account.destination == Destination::Unassigned {
                            account.destination = destination("user", account);
                        }
                    }
                })>{move || tr(i18n::PLAN_ACCOUNTS_ALL_USERS)}</button>
                <button type="button" id="plan-accounts-csv" on:click=move |_| export(false)>{move || tr(i18n::PLAN_ACCOUNTS_CSV)}</button>
                <button type="button" id="plan-accounts-csv-passwords" on:click=move |_| export(true)>{move || tr(i18n::PLAN_ACCOUNTS_CSV_PASSWORDS)}</button>
            </div>
            {files_view}
            <ul id="plan-accounts-issues" class="issues">
                {move || issues().unwrap_or_default().into_iter().map(|issue| {
                    let lang = lang.get();
                    view! { <li data-code=issue.kind.code()>{issue.message.get(lang).to_owned()}</li> }
                }).collect_view()}
            </ul>
        </section>
    }
}

const READ_VIA: [(&str, mailmove_core::Text); 5] = [
    ("unknown", i18n::READ_UNKNOWN),
    ("pop", i18n::READ_POP),
    ("pop-copy", i18n::READ_POP_COPY),
    ("imap", i18n::READ_IMAP),
    ("webmail", i18n::READ_WEBMAIL),
];

const DESTINATIONS: [(&str, mailmove_core::Text); 5] = [
    ("unassigned", i18n::DEST_UNASSIGNED),
    ("user", i18n::DEST_USER),
    ("alias", i18n::DEST_ALIAS),
    ("group", i18n::DEST_GROUP),
    ("retire", i18n::DEST_RETIRE),
];

/// The destination `choice` names, keeping what the account already says where it can.
fn destination(choice: &str, account: &mailmove_core::accounts::Account) -> Destination {
    let local = account
        .address
        .split('@')
        .next()
        .unwrap_or_default()
        .to_owned();
    match choice {
        "user" => Destination::User {
            first_name: local.clone(),
            last_name: String::new(),
            display_name: account.name.clone().unwrap_or(local),
        },
        "alias" => Destination::Alias {
            user: String::new(),
        },
        "group" => Destination::Group {
            members: Vec::new(),
        },
        "retire" => Destination::Retire {
            reason: String::new(),
        },
        _ => Destination::Unassigned,
    }
}

/// UTF-8 when the bytes are UTF-8, else Shift_JIS (Japanese Excel's CSV), decoded by
/// the browser.
fn decode(bytes: &[u8]) -> String {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return text.trim_start_matches('\u{feff}').to_owned();
    }
    web_sys::TextDecoder::new_with_label("shift_jis")
        .ok()
        .and_then(|decoder| decoder.decode_with_u8_array(bytes).ok())
        .unwrap_or_default()
}

/// Passwords from the browser's cryptographic randomness, one per mailbox.
fn random_passwords(plan: &Plan) -> Passwords {
    let Some(crypto) = web_sys::window().and_then(|window| window.crypto().ok()) else {
        return Passwords::LeaveBlank;
    };
    let mut given = std::collections::BTreeMap::new();
    for account in &plan.accounts.accounts {
        if matches!(account.destination, Destination::User { .. }) {
            let mut bytes = [0_u8; 16];
            if crypto.get_random_values_with_u8_array(&mut bytes).is_err() {
                return Passwords::LeaveBlank;
            }
            given.insert(
                account.address.clone(),
                mailmove_core::accounts::password_from_random(&bytes),
            );
        }
    }
    Passwords::Given(given)
}
