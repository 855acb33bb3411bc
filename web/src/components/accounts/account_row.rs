//! One address of the accounts step: what it becomes on the new service (mailbox,
//! alias of…, group of…, forward to…, retire), the names a mailbox needs, and for a
//! mailbox only, how its old mail moves.
//!
//! Each part reads its own slice of the plan, so editing one field re-renders only what
//! depends on it and the keyboard focus stays where it was.

use std::collections::BTreeMap;

use leptos::prelude::*;
use mailmove_core::accounts::old_mail::{Method, advise_for_target_id};
use mailmove_core::accounts::{Account, Destination, Mailbox, ReadVia};
use mailmove_core::plan::{AddressAcceptance, Plan};

use super::address_picker::AddressPicker;
use crate::i18n::{self, tr};
use crate::lang::CurrentLang;

/// The row of the account at `index`. `mailboxes` are the plan's addresses that are
/// mailboxes (what an alias can belong to); `addresses` are all of them; `verdicts`
/// what the new server said about them (`Plan::acceptance_verdicts`).
#[component]
pub fn AccountRow(
    plan: RwSignal<Plan>,
    index: usize,
    mailboxes: Memo<Vec<String>>,
    addresses: Memo<Vec<String>>,
    verdicts: Memo<BTreeMap<String, AddressAcceptance>>,
) -> impl IntoView {
    let account = Memo::new(move |_| {
        plan.with(|plan| plan.accounts.accounts.get(index).cloned())
            .unwrap_or_else(|| Account::unassigned(""))
    });
    let kind = Memo::new(move |_| kind_of(&account.get().destination));
    let edit = move |change: &dyn Fn(&mut Account)| {
        plan.update(|plan| {
            if let Some(account) = plan.accounts.accounts.get_mut(index) {
                change(account);
            }
        });
    };
    let address = account.get_untracked().address;
    // Broken after the @ when narrow, never inside the host name.
    let (local, at, host) = match address.split_once('@') {
        Some((local, host)) => (local.to_owned(), "@", host.to_owned()),
        None => (address.clone(), "", String::new()),
    };
    let id = format!("account-{index}");
    let decision = view! {
        <select id=id.clone() class="decision" prop:value=move || kind.get() on:change=move |event| {
            let choice = event_target_value(&event);
            edit(&|account: &mut Account| account.destination = destination(&choice, account));
        }>
            {DECISIONS.iter().map(|(value, text)| view! { <option value=*value>{move || tr(*text)}</option> }).collect_view()}
        </select>
    };
    let details = move || {
        match kind.get() {
        "user" => user_names(account, edit, index).into_any(),
        "alias" => alias_of(account, edit, index, mailboxes).into_any(),
        "group" | "forward" => {
            let forward = kind.get_untracked() == "forward";
            let chosen = Signal::derive(move || match account.get().destination {
                Destination::Group { members } => members,
                Destination::Forward { to } => to,
                _ => Vec::new(),
            });
            let own = account.get_untracked().address;
            let choices = Signal::derive(move || {
                addresses.get().into_iter().filter(|address| *address != own).collect()
            });
            let on_change = Callback::new(move |list: Vec<String>| {
                edit(&|account: &mut Account| {
                    account.destination = if forward {
                        Destination::Forward { to: list.clone() }
                    } else {
                        Destination::Group { members: list.clone() }
                    };
                });
            });
            let (prefix, label) = if forward {
                ("account-forward", i18n::FORWARD_TO)
            } else {
                ("account-members", i18n::GROUP_MEMBERS)
            };
            view! {
                <AddressPicker id=format!("{prefix}-{index}") label=label chosen=chosen choices=choices on_change=on_change />
            }
            .into_any()
        }
        "retire" => view! {
            <input id=format!("account-reason-{index}") class="reason" aria-label=move || tr(i18n::RETIRE_REASON)
                placeholder=move || tr(i18n::RETIRE_REASON)
                prop:value=move || match account.get().destination { Destination::Retire { reason } => reason, _ => String::new() }
                on:change=move |event| {
                    let reason = event_target_value(&event);
                    edit(&|account: &mut Account| account.destination = Destination::Retire { reason: reason.clone() });
                } />
        }
        .into_any(),
        _ => view! { <p class="note">{move || tr(i18n::DECIDE_HINT)}</p> }.into_any(),
    }
    };
    let name = account.get_untracked().name;
    let lang = CurrentLang::expect();
    // What the new server said about this address, when the planner asked it.
    let acceptance = move || {
        let lang = lang.get();
        verdicts.with(|verdicts| {
            verdicts
                .get(&address)
                .map(|verdict| super::acceptance::verdict_view(verdict, lang))
        })
    };
    view! {
        <tr data-destination=move || kind.get()>
            <th scope="row">
                <label for=id class="mono">{local}{at}<wbr />{host}</label>
                {name.map(|name| view! { <span class="imported-name">{name}</span> })}
                {acceptance}
            </th>
            <td class="destination">{decision}{details}</td>
            <td class="old-mail">{move || old_mail(plan, lang, account, kind.get(), edit, index)}</td>
        </tr>
    }
}

/// Family, given and display name of a mailbox: Google needs the first two, Microsoft
/// the third.
fn user_names(
    account: Memo<Account>,
    edit: impl Fn(&dyn Fn(&mut Account)) + Copy + 'static,
    index: usize,
) -> impl IntoView {
    let field = move |slot: usize, label: mailmove_core::Text, id: String| {
        let value = move || match account.get().destination {
            Destination::User {
                first_name,
                last_name,
                display_name,
            } => [last_name, first_name, display_name][slot].clone(),
            _ => String::new(),
        };
        view! {
            <label class="name-field">
                <span>{move || tr(label)}</span>
                <input id=id prop:value=value on:change=move |event| {
                    let text = event_target_value(&event);
                    edit(&|account: &mut Account| {
                        if let Destination::User { first_name, last_name, display_name } = &mut account.destination {
                            *[last_name, first_name, display_name][slot] = text.trim().to_owned();
                        }
                    });
                } />
            </label>
        }
    };
    view! {
        <div class="names">
            {field(0, i18n::LAST_NAME, format!("account-last-{index}"))}
            {field(1, i18n::FIRST_NAME, format!("account-first-{index}"))}
            {field(2, i18n::DISPLAY_NAME, format!("account-display-{index}"))}
        </div>
    }
}

/// The mailbox an alias belongs to, chosen from the plan's mailboxes.
fn alias_of(
    account: Memo<Account>,
    edit: impl Fn(&dyn Fn(&mut Account)) + Copy + 'static,
    index: usize,
    mailboxes: Memo<Vec<String>>,
) -> impl IntoView {
    let current = move || match account.get().destination {
        Destination::Alias { user } => user,
        _ => String::new(),
    };
    view! {
        <select id=format!("account-alias-{index}") class="alias-of" aria-label=move || tr(i18n::ALIAS_OF)
            prop:value=current
            on:change=move |event| {
                let user = event_target_value(&event);
                edit(&|account: &mut Account| account.destination = Destination::Alias { user: user.clone() });
            }>
            <option value="">{move || tr(i18n::ALIAS_OF)}</option>
            {move || {
                let own = account.get().address;
                let current = current();
                let list = mailboxes.get();
                // A saved alias of an address that is no longer a mailbox stays visible
                // (the check below the table says what is wrong with it).
                let stale = (!current.is_empty() && !list.contains(&current)).then_some(current);
                list.into_iter().chain(stale).filter(|address| *address != own)
                    .map(|address| view! { <option value=address.clone()>{address.clone()}</option> })
                    .collect_view()
            }}
        </select>
        {move || mailboxes.get().is_empty().then(|| view! { <p class="note">{move || tr(i18n::NO_MAILBOX_YET)}</p> })}
    }
}

/// How the old mail moves: only a mailbox has any. For the other decisions the cell
/// says so instead of advising a copy that has nothing to copy.
fn old_mail(
    plan: RwSignal<Plan>,
    lang: CurrentLang,
    account: Memo<Account>,
    kind: &'static str,
    edit: impl Fn(&dyn Fn(&mut Account)) + Copy + 'static,
    index: usize,
) -> AnyView {
    if kind != "user" {
        return view! { <p class="note">{move || i18n::NO_OLD_MAIL.get(lang.get())}</p> }
            .into_any();
    }
    let mailbox = move || account.get().mailbox.unwrap_or_default();
    let set_mailbox = move |change: &dyn Fn(&mut Mailbox)| {
        edit(&|account: &mut Account| {
            let mut mailbox = account.mailbox.clone().unwrap_or_default();
            change(&mut mailbox);
            account.mailbox = Some(mailbox);
        });
    };
    let read_via = move || match mailbox().read_via {
        ReadVia::Pop {
            keeps_copy_on_server: false,
        } => "pop",
        ReadVia::Pop {
            keeps_copy_on_server: true,
        } => "pop-copy",
        ReadVia::Imap => "imap",
        ReadVia::Webmail => "webmail",
        ReadVia::Unknown => "unknown",
    };
    let advice = move || {
        let lang = lang.get();
        let advice = plan.with(|plan| advise_for_target_id(&mailbox(), &plan.target));
        let (slug, method) = match &advice.method {
            Method::TargetTool { name } => ("target-tool", name.get(lang).to_owned()),
            Method::ImapSync => ("imap-sync", i18n::METHOD_IMAP_SYNC.get(lang).to_owned()),
            Method::ClientImport => (
                "client-import",
                i18n::METHOD_CLIENT_IMPORT.get(lang).to_owned(),
            ),
            Method::NothingOnServer => (
                "nothing-on-server",
                i18n::METHOD_NOTHING.get(lang).to_owned(),
            ),
        };
        let estimate = advice.estimate_hours.map(|(low, high)| match lang {
            mailmove_core::Lang::Ja => format!("(目安 {low}〜{high} 時間)"),
            mailmove_core::Lang::En => format!(" (about {low}–{high} h)"),
        });
        let reasons = advice
            .reasons
            .iter()
            .map(|reason| view! { <li>{reason.get(lang).to_owned()}</li> })
            .collect_view();
        view! {
            <div class="advice" data-method=slug>
                <strong>{method}</strong>{estimate}
                <ul>{reasons}</ul>
            </div>
        }
    };
    view! {
        <p class="label">{move || i18n::PLAN_READ_VIA.get(lang.get())}</p>
        <div class="read-via">
            <select id=format!("account-read-{index}") aria-label=move || tr(i18n::PLAN_READ_VIA) prop:value=read_via
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
                {READ_VIA.iter().map(|(value, text)| view! { <option value=*value>{move || tr(*text)}</option> }).collect_view()}
            </select>
            <input id=format!("account-size-{index}") type="number" min="0" inputmode="numeric"
                aria-label=move || tr(i18n::PLAN_SIZE_MB) placeholder="MB"
                prop:value=move || mailbox().size_mb.map(|size| size.to_string()).unwrap_or_default()
                on:change=move |event| {
                    let size = event_target_value(&event).trim().parse().ok();
                    set_mailbox(&move |mailbox: &mut Mailbox| mailbox.size_mb = size);
                } />
        </div>
        {advice}
    }
    .into_any()
}

/// The decision's value in the select, and the row's `data-destination`.
fn kind_of(destination: &Destination) -> &'static str {
    match destination {
        Destination::Unassigned => "unassigned",
        Destination::User { .. } => "user",
        Destination::Alias { .. } => "alias",
        Destination::Group { .. } => "group",
        Destination::Forward { .. } => "forward",
        Destination::Retire { .. } => "retire",
    }
}

const READ_VIA: [(&str, mailmove_core::Text); 5] = [
    ("unknown", i18n::READ_UNKNOWN),
    ("pop", i18n::READ_POP),
    ("pop-copy", i18n::READ_POP_COPY),
    ("imap", i18n::READ_IMAP),
    ("webmail", i18n::READ_WEBMAIL),
];

const DECISIONS: [(&str, mailmove_core::Text); 6] = [
    ("unassigned", i18n::DEST_UNASSIGNED),
    ("user", i18n::DEST_USER),
    ("alias", i18n::DEST_ALIAS),
    ("group", i18n::DEST_GROUP),
    ("forward", i18n::DEST_FORWARD),
    ("retire", i18n::DEST_RETIRE),
];

/// The destination `choice` names, keeping what the account already says where it can
/// (a group's members become a forward's targets and back).
pub(crate) fn destination(choice: &str, account: &Account) -> Destination {
    let addresses = match &account.destination {
        Destination::Group { members } => members.clone(),
        Destination::Forward { to } => to.clone(),
        _ => Vec::new(),
    };
    match choice {
        "user" => match &account.destination {
            user @ Destination::User { .. } => user.clone(),
            _ => account.as_mailbox(),
        },
        "alias" => Destination::Alias {
            user: String::new(),
        },
        "group" => Destination::Group { members: addresses },
        "forward" => Destination::Forward { to: addresses },
        "retire" => Destination::Retire {
            reason: String::new(),
        },
        _ => Destination::Unassigned,
    }
}
