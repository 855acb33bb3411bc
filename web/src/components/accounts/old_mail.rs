//! The old-mail part of the accounts step: per route how many mailboxes, the total
//! estimate with its assumption, the limits, the old server's settings pre-filled from
//! the detected provider (the user confirms), and the files the target's migration
//! tool or imapsync takes, made in the browser.

use leptos::prelude::*;
use mailmove_core::accounts::migration::{BatchTool, ImapServer, MigrationBatch, migration_batch};
use mailmove_core::accounts::{CsvFile, OldMailPlan, old_mail_plan};
use mailmove_core::catalog::client_settings::{MailProtocol, Security};
use mailmove_core::dns::RecordData;
use mailmove_core::plan::Plan;

use crate::download::download;
use crate::i18n;
use crate::lang::CurrentLang;

/// The old-mail summary and the migration files.
#[component]
pub fn OldMail(plan: RwSignal<Plan>) -> impl IntoView {
    let lang = CurrentLang::expect();
    // Host names the latest check of this domain saw (its MX), from which a
    // customer's own server (`sv1234.xserver.jp`) is filled in.
    let observed = Memo::new(move |_| {
        let domain = plan.with(|plan| plan.domain.clone());
        crate::snapshot::load()
            .filter(|snapshot| snapshot.domain == domain)
            .map(|snapshot| {
                snapshot
                    .records
                    .iter()
                    .filter_map(|record| match &record.data {
                        RecordData::Mx { exchange, .. } if !exchange.is_empty() => {
                            Some(exchange.trim_end_matches('.').to_owned())
                        }
                        _ => None,
                    })
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });
    let summary = Memo::new(move |_| {
        plan.with(|plan| {
            let domain = crate::components::planner::planner_name(&plan.domain).ok()?;
            Some(old_mail_plan(
                &plan.accounts,
                &domain,
                &plan.target,
                plan.source.as_deref(),
                &observed.get(),
            ))
        })
    });
    // The old server as the user confirms it, pre-filled from the catalog's IMAP entry.
    let host = RwSignal::new(String::new());
    let port = RwSignal::new(String::new());
    let security = RwSignal::new("ssl-tls".to_owned());
    Effect::new(move |_| {
        let Some(summary) = summary.get() else {
            return;
        };
        if let Some(server) = summary
            .source_servers
            .iter()
            .find(|server| server.protocol == MailProtocol::Imap)
        {
            if host.get_untracked().is_empty() {
                host.set(server.host.clone().unwrap_or_default());
            }
            if port.get_untracked().is_empty() {
                port.set(server.port.map(|port| port.to_string()).unwrap_or_default());
            }
            if let Some(known) = server.security {
                security.set(security_value(known).to_owned());
            }
        }
    });
    let tool = RwSignal::new(String::new());
    let made = RwSignal::new(None::<Result<MigrationBatch, String>>);
    Effect::new(move |_| {
        plan.track();
        made.set(None);
    });
    let make = move || {
        let lang = lang.get_untracked();
        let plan = plan.get_untracked();
        let Ok(domain) = crate::components::planner::planner_name(&plan.domain) else {
            return;
        };
        let tool = match tool.get_untracked().as_str() {
            "imapsync" => BatchTool::Imapsync,
            _ => BatchTool::TargetTool,
        };
        let security = match security.get_untracked().as_str() {
            "start-tls" => Security::StartTls,
            _ => Security::SslTls,
        };
        let port = port.get_untracked().trim().parse().unwrap_or(0);
        let result = ImapServer::new(&host.get_untracked(), port, security)
            .and_then(|server| {
                migration_batch(
                    &plan.accounts,
                    &domain,
                    &plan.target,
                    tool,
                    &server,
                    plan.source.as_deref(),
                )
            })
            .map_err(|error| error.message().get(lang).to_owned());
        made.set(Some(result));
    };
    move || {
        let lang = lang.get();
        let summary = summary.get()?;
        if summary.mailboxes.is_empty() {
            return None;
        }
        let hint = summary
            .source_servers
            .iter()
            .find(|server| server.protocol == MailProtocol::Imap)
            .cloned();
        let tools = summary.batch_tools.clone();
        if tool.get_untracked().is_empty()
            && let Some(first) = tools.first()
        {
            tool.set(tool_value(*first).to_owned());
        }
        Some(view! {
            <div id="plan-old-mail" class="old-mail-plan">
                <h4>{i18n::OLD_MAIL_TITLE.get(lang)}</h4>
                {routes(&summary, lang)}
                <ul class="limits">
                    {summary.limits.iter().map(|limit| view! { <li>{limit.get(lang).to_owned()}</li> }).collect_view()}
                </ul>
                {(!tools.is_empty()).then(|| view! {
                    <fieldset class="old-server">
                        <legend>{i18n::OLD_SERVER.get(lang)}</legend>
                        {hint.as_ref().map(|hint| view! {
                            <p class="note">{hint.where_to_find.as_ref().map(|text| text.get(lang).to_owned())}</p>
                            // The source is for whoever wants to verify; folded away so the
                            // long address does not stand between the user and the fields.
                            <details class="note source">
                                <summary>{i18n::SETTINGS_SOURCE.get(lang)}</summary>
                                {hint.source.clone()}
                            </details>
                        })}
                        {summary.source_notes.iter().map(|note| view! { <p class="note">{note.get(lang).to_owned()}</p> }).collect_view()}
                        <div class="server-fields">
                            <label>
                                <span>{i18n::IMAP_HOST.get(lang)}</span>
                                <input id="old-imap-host" type="text" autocomplete="off" spellcheck="false" prop:value=host
                                    placeholder=hint.as_ref().and_then(|hint| hint.host_example.clone()).unwrap_or_else(|| "imap.example.jp".to_owned())
                                    on:change=move |event| host.set(event_target_value(&event)) />
                            </label>
                            <label>
                                <span>{i18n::IMAP_PORT.get(lang)}</span>
                                <input id="old-imap-port" type="number" min="1" max="65535" inputmode="numeric" prop:value=port
                                    placeholder="993" on:change=move |event| port.set(event_target_value(&event)) />
                            </label>
                            <label>
                                <span>{i18n::IMAP_SECURITY.get(lang)}</span>
                                <select id="old-imap-security" prop:value=security on:change=move |event| security.set(event_target_value(&event))>
                                    <option value="ssl-tls">"SSL/TLS"</option>
                                    <option value="start-tls">"STARTTLS"</option>
                                </select>
                            </label>
                            <label>
                                <span>{i18n::BATCH_TOOL.get(lang)}</span>
                                <select id="old-mail-tool" prop:value=tool on:change=move |event| tool.set(event_target_value(&event))>
                                    {tools.iter().map(|choice| view! {
                                        <option value=tool_value(*choice)>{tool_label(*choice).get(lang)}</option>
                                    }).collect_view()}
                                </select>
                            </label>
                        </div>
                        <div class="actions no-print">
                            <button type="button" id="old-mail-make" on:click=move |_| make()>{i18n::BATCH_MAKE.get(lang)}</button>
                        </div>
                    </fieldset>
                })}
                {move || made.get().map(|result| match result {
                    Ok(batch) => batch_view(batch, lang).into_any(),
                    Err(message) => view! { <p id="old-mail-error" class="field-error" role="alert">{message}</p> }.into_any(),
                })}
            </div>
        })
    }
}

/// How many mailboxes take each route, and the estimate with its assumption.
fn routes(summary: &OldMailPlan, lang: mailmove_core::Lang) -> AnyView {
    let counts = summary.counts;
    let lines: Vec<String> = [
        (counts.target_tool, i18n::ROUTE_TARGET_TOOL),
        (counts.imapsync, i18n::ROUTE_IMAPSYNC),
        (counts.client_import, i18n::ROUTE_CLIENT),
        (counts.nothing_on_server, i18n::ROUTE_NOTHING),
    ]
    .into_iter()
    .filter(|(count, _)| *count > 0)
    .map(|(count, text)| text.get(lang).replace("{n}", &count.to_string()))
    .collect();
    let estimate = summary.estimate_hours.map(|(low, high)| {
        i18n::OLD_MAIL_ESTIMATE
            .get(lang)
            .replace("{low}", &low.to_string())
            .replace("{high}", &high.to_string())
    });
    let without_size = (summary.mailboxes_without_size > 0).then(|| {
        i18n::OLD_MAIL_UNSIZED
            .get(lang)
            .replace("{n}", &summary.mailboxes_without_size.to_string())
    });
    view! {
        <ul id="old-mail-routes" class="routes">{lines.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
        <p id="old-mail-estimate">{estimate}" "{without_size}</p>
        <p class="note">{summary.assumption.get(lang).to_owned()}</p>
    }
    .into_any()
}

/// The files, what to enter in the tool, and the mailboxes moved from the mail client.
fn batch_view(batch: MigrationBatch, lang: mailmove_core::Lang) -> impl IntoView {
    let files = batch.files.into_iter().map(|file: CsvFile| {
        let name = file.name.clone();
        let mime = if name.ends_with(".sh") { "text/x-shellscript" } else { "text/csv" };
        view! {
            <li>
                <button type="button" class="old-mail-file" data-file=name.clone()
                    on:click=move |_| download(&file.name, &file.content, mime)>{name.clone()}</button>
            </li>
        }
    });
    view! {
        <div id="old-mail-batch">
            <ul class="files">{files.collect_view()}</ul>
            <ol class="settings">{batch.settings.iter().map(|step| view! { <li>{step.get(lang).to_owned()}</li> }).collect_view()}</ol>
            <ul class="limits">{batch.limits.iter().map(|limit| view! { <li>{limit.get(lang).to_owned()}</li> }).collect_view()}</ul>
            {(!batch.client_import.is_empty()).then(|| view! {
                <p>{i18n::CLIENT_IMPORT_LEAD.get(lang)}</p>
                <ul class="client-import">
                    {batch.client_import.iter().map(|mailbox| view! {
                        <li>
                            <span class="mono">{mailbox.address.clone()}</span>
                            <ol>{mailbox.steps.iter().map(|step| view! { <li>{step.get(lang).to_owned()}</li> }).collect_view()}</ol>
                        </li>
                    }).collect_view()}
                </ul>
            })}
        </div>
    }
}

fn security_value(security: Security) -> &'static str {
    match security {
        Security::SslTls => "ssl-tls",
        Security::StartTls => "start-tls",
    }
}

fn tool_value(tool: BatchTool) -> &'static str {
    match tool {
        BatchTool::TargetTool => "target",
        BatchTool::Imapsync => "imapsync",
    }
}

fn tool_label(tool: BatchTool) -> mailmove_core::Text {
    match tool {
        BatchTool::TargetTool => i18n::TOOL_TARGET,
        BatchTool::Imapsync => i18n::TOOL_IMAPSYNC,
    }
}
