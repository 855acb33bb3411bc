//! The planner's accounts step: paste the old server's addresses or open its export
//! (UTF-8 or Shift_JIS: the browser decodes), decide where each goes, see every
//! address left without a destination, and download the target's bulk-create CSV.

use leptos::prelude::*;
use leptos::task::spawn_local;
use mailmove_core::accounts::{
    CsvFile, Destination, IMPORT_COLUMNS, IMPORT_SAMPLE, Passwords, check_for_target_id,
    export_csv, import,
};
use mailmove_core::plan::Plan;
use wasm_bindgen::JsCast as _;

use super::account_row::AccountRow;
use crate::download::download;
use crate::i18n::{self, tr};
use crate::lang::CurrentLang;

/// The accounts step.
#[component]
pub(super) fn Accounts(plan: RwSignal<Plan>) -> impl IntoView {
    let lang = CurrentLang::expect();
    let pasted = RwSignal::new(String::new());
    let import_issues = RwSignal::new(Vec::<String>::new());
    let read = move |text: String| {
        let Ok(domain) = crate::components::planner::planner_name(
            &plan.with_untracked(|plan| plan.domain.clone()),
        ) else {
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
                match decode(&bytes) {
                    Ok(text) => {
                        pasted.set(text.clone());
                        read(text);
                    }
                    Err(mixed) => import_issues
                        .set(vec![mixed.message().get(lang.get_untracked()).to_owned()]),
                }
            }
        });
    };
    let issues = move || {
        let plan = plan.get();
        let domain = crate::components::planner::planner_name(&plan.domain).ok()?;
        Some(check_for_target_id(&plan.accounts, &domain, &plan.target))
    };
    // The rows are rebuilt only when the list of addresses changes (a new import), not
    // on an edit: each row reads its own account, so focus stays where it was. A memo
    // rather than a keyed `<For>`, which costs the tools bundle its diffing code.
    let row_keys = Memo::new(move |_| {
        plan.with(|plan| {
            plan.accounts
                .accounts
                .iter()
                .enumerate()
                .map(|(index, account)| (index, account.address.clone()))
                .collect::<Vec<_>>()
        })
    });
    let addresses_where = move |keep: fn(&Destination) -> bool| {
        Memo::new(move |_| {
            plan.with(|plan| {
                plan.accounts
                    .accounts
                    .iter()
                    .filter(|account| keep(&account.destination))
                    .map(|account| account.address.clone())
                    .collect::<Vec<_>>()
            })
        })
    };
    let mailboxes = addresses_where(|destination| matches!(destination, Destination::User { .. }));
    let addresses = addresses_where(|_| true);
    // One map for every row, changed only when the answer (or its target) changes.
    let verdicts = Memo::new(move |_| plan.with(Plan::acceptance_verdicts));
    let rows = move || {
        row_keys
            .get()
            .into_iter()
            .map(|(index, _)| view! { <AccountRow plan=plan index=index mailboxes=mailboxes addresses=addresses verdicts=verdicts /> })
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
        let Ok(domain) = crate::components::planner::planner_name(&plan.domain) else {
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
    // The headings the importer reads and a sample on the plan's own domain, open
    // while the list is empty: the first thing someone with a spreadsheet needs.
    let sample = move || {
        let domain = plan.with(|plan| plan.domain.trim().to_ascii_lowercase());
        let sample = IMPORT_SAMPLE.get(lang.get());
        if domain.is_empty() {
            sample.to_owned()
        } else {
            sample.replace("example.co.jp", &domain)
        }
    };
    let format_help = move || {
        let lang = lang.get();
        let open = plan.with(|plan| plan.accounts.accounts.is_empty());
        view! {
            <details id="plan-accounts-format" class="format-help" open=open>
                <summary>{i18n::PLAN_ACCOUNTS_FORMAT.get(lang)}</summary>
                <p>{i18n::PLAN_ACCOUNTS_FORMAT_LEAD.get(lang)}</p>
                <div class="table-wrap">
                    <table>
                        <thead><tr>
                            <th scope="col">{i18n::FORMAT_MEANING.get(lang)}</th>
                            <th scope="col">{i18n::FORMAT_HEADING_JA.get(lang)}</th>
                            <th scope="col">{i18n::FORMAT_HEADING_EN.get(lang)}</th>
                            <th scope="col">{i18n::FORMAT_VALUES.get(lang)}</th>
                        </tr></thead>
                        <tbody>
                            {IMPORT_COLUMNS.iter().map(|column| view! {
                                <tr>
                                    <td>{column.meaning.get(lang)}</td>
                                    <td class="mono">{column.ja}</td>
                                    <td class="mono">{column.en}</td>
                                    <td>{column.values.get(lang)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
                <pre id="plan-accounts-sample" class="checklist">{sample}</pre>
                <div class="actions no-print">
                    <button type="button" id="plan-accounts-sample-copy" on:click=move |_| {
                        if let Some(window) = web_sys::window() {
                            let _ = window.navigator().clipboard().write_text(&sample());
                        }
                    }>{i18n::COPY_SAMPLE.get(lang)}</button>
                    <button type="button" id="plan-accounts-sample-use" on:click=move |_| pasted.set(sample())>
                        {i18n::USE_SAMPLE.get(lang)}
                    </button>
                </div>
            </details>
        }
    };
    view! {
        <section id="plan-accounts" class="plan-section">
            <h3>{move || tr(i18n::PLAN_STEP_ACCOUNTS)}</h3>
            <p>{move || tr(i18n::PLAN_ACCOUNTS_LEAD)}</p>
            {format_help}
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
                <table id="plan-accounts-table" class="cards">
                    <thead><tr>
                        <th scope="col">{move || tr(i18n::PLAN_ADDRESS)}</th>
                        <th scope="col">{move || tr(i18n::PLAN_DESTINATION)}</th>
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
            <super::acceptance::AcceptanceCheck plan />
            <div class="actions no-print">
                <button type="button" id="plan-accounts-all-users" on:click=move |_| plan.update(|plan| {
                    for account in &mut plan.accounts.accounts {
                        if account.destination == Destination::Unassigned {
                            account.destination = account.as_mailbox();
                        }
                    }
                })>{move || tr(i18n::PLAN_ACCOUNTS_ALL_USERS)}</button>
                <button type="button" id="plan-accounts-csv" on:click=move |_| export(false)>{move || tr(i18n::PLAN_ACCOUNTS_CSV)}</button>
                <button type="button" id="plan-accounts-csv-passwords" on:click=move |_| export(true)>{move || tr(i18n::PLAN_ACCOUNTS_CSV_PASSWORDS)}</button>
            </div>
            {files_view}
            <super::old_mail::OldMail plan />
            <ul id="plan-accounts-issues" class="issues">
                {move || issues().unwrap_or_default().into_iter().map(|issue| {
                    let lang = lang.get();
                    view! { <li data-code=issue.kind.code()>{issue.message.get(lang).to_owned()}</li> }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// The file's text: UTF-8 or Shift_JIS (Japanese Excel's CSV), decided for the whole
/// file by core and decoded by the browser; a file mixing both is refused with the
/// line to look at.
fn decode(bytes: &[u8]) -> Result<String, mailmove_core::accounts::MixedEncoding> {
    use mailmove_core::accounts::{FileEncoding, file_encoding};
    Ok(match file_encoding(bytes)? {
        FileEncoding::Utf8 => String::from_utf8_lossy(bytes)
            .trim_start_matches('\u{feff}')
            .to_owned(),
        FileEncoding::ShiftJis => web_sys::TextDecoder::new_with_label("shift_jis")
            .ok()
            .and_then(|decoder| decoder.decode_with_u8_array(bytes).ok())
            .unwrap_or_default(),
    })
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
