//! The summary (provider, DNS host, readiness, counts) and the services with evidence.

use leptos::prelude::*;
use mailmove_core::Lang;
use mailmove_core::api::{ProviderJson, ReadinessStatus, SurveyJson};
use mailmove_core::findings::Severity;

use crate::i18n;

pub(super) fn summary(report: &SurveyJson, lang: Lang) -> AnyView {
    let names = |list: &[ProviderJson]| -> Vec<String> {
        list.iter()
            .map(|provider| provider.name.get(lang).to_owned())
            .collect()
    };
    let mail = names(&report.providers.mail);
    let mail_text = match mail.len() {
        0 => i18n::UNKNOWN_PROVIDER.get(lang).to_owned(),
        1 => mail[0].clone(),
        _ => format!("{}: {}", i18n::MIXED.get(lang), mail.join(" / ")),
    };
    let hosts = names(&report.providers.dns_hosts);
    let host_text = if hosts.is_empty() {
        i18n::UNKNOWN_PROVIDER.get(lang).to_owned()
    } else {
        hosts.join(" / ")
    };
    let count = |severity: Severity| {
        report
            .findings
            .iter()
            .filter(|finding| finding.severity == severity)
            .count()
    };
    let counts = [Severity::Error, Severity::Warning, Severity::Info].map(|severity| {
        let class = format!("count sev-{}", severity.tag());
        view! {
            <li class=class>
                <span aria-hidden="true">{severity_icon(severity)}" "</span>
                {severity.label().get(lang)}" "<strong>{count(severity)}</strong>
            </li>
        }
    });
    let readiness = report.readiness.as_ref().map(|readiness| {
        let ready = readiness
            .items
            .iter()
            .filter(|item| item.status == ReadinessStatus::Ok)
            .count();
        let items = readiness
            .items
            .iter()
            .map(|item| {
                // Each status in a word (「未確認」, not a bare "…"), the mark beside it.
                let (icon, word, class) = match item.status {
                    ReadinessStatus::Ok => ("✓", i18n::READINESS_OK, "ok"),
                    ReadinessStatus::Todo => ("", i18n::READINESS_TODO, "todo"),
                    ReadinessStatus::Blocked => ("✗", i18n::READINESS_BLOCKED, "blocked"),
                };
                view! {
                    <li class=format!("readiness-item {class}") data-code=item.code.clone()>
                        <span aria-hidden="true">{icon}</span>
                        <span class="readiness-status">{word.get(lang)}": "</span>
                        {item.message.get(lang).to_owned()}
                    </li>
                }
            })
            .collect_view();
        view! {
            <div class="readiness" id="readiness">
                <dt>{i18n::READINESS.get(lang)}</dt>
                <dd>
                    {format!("{}: {ready}/{} {}", readiness.name.get(lang), readiness.items.len(), i18n::READY_ITEMS.get(lang))}
                    <ul>{items}</ul>
                </dd>
            </div>
        }
    });
    // A domain that does not exist or does not answer: said first, in plain words.
    let state = mailmove_core::survey::DomainState::from_tag(&report.facts.domain_state)
        .and_then(mailmove_core::survey::DomainState::words)
        .map(|text| {
            view! {
                <dt>{i18n::DOMAIN_STATE.get(lang)}</dt>
                <dd id="domain-state" class="sev-error">{text.get(lang)}</dd>
            }
        });
    view! {
        <section class="summary" aria-labelledby="summary-heading">
            <h2 id="summary-heading">{i18n::SUMMARY.get(lang)}": "<span id="report-domain">{report.domain_unicode.clone()}</span></h2>
            <dl>
                // Of a domain that does not exist or answer, no provider can be known:
                // its status instead.
                {match state {
                    Some(state) => state.into_any(),
                    None => view! {
                        <dt>{i18n::MAIL_PROVIDER.get(lang)}</dt>
                        <dd id="mail-provider">{mail_text}</dd>
                        <dt>{i18n::DNS_HOST.get(lang)}</dt>
                        <dd id="dns-host">{host_text}</dd>
                    }
                    .into_any(),
                }}
                {readiness}
                <dt>{i18n::COUNTS.get(lang)}</dt>
                <dd><ul class="counts" id="counts">{counts}</ul></dd>
            </dl>
        </section>
    }
    .into_any()
}

pub(super) fn providers(report: &SurveyJson, lang: Lang) -> AnyView {
    let group = |heading: &'static str, list: &[ProviderJson]| {
        if list.is_empty() {
            return None;
        }
        let rows = list
            .iter()
            .map(|provider| {
                let evidence = provider
                    .evidence
                    .iter()
                    .map(|(kind, record, detail)| {
                        view! { <li><span class="evidence-kind">{kind.name()}</span>" "<code>{record.clone()}</code>" "{detail.clone()}</li> }
                    })
                    .collect_view();
                view! {
                    <li data-provider=provider.id.clone()>
                        <strong>{provider.name.get(lang).to_owned()}</strong>
                        <ul class="evidence">{evidence}</ul>
                    </li>
                }
            })
            .collect_view();
        Some(view! { <h3>{heading}</h3><ul class="providers">{rows}</ul> })
    };
    view! {
        <section class="providers-section" id="providers">
            <h2>{i18n::PROVIDERS.get(lang)}</h2>
            {group(i18n::MAIL_PROVIDER.get(lang), &report.providers.mail)}
            {group(i18n::GATEWAYS.get(lang), &report.providers.gateways)}
            {group(i18n::SENDERS.get(lang), &report.providers.senders)}
            {group(i18n::DNS_HOST.get(lang), &report.providers.dns_hosts)}
            {group(i18n::VERIFIED.get(lang), &report.providers.verified_with)}
        </section>
    }
    .into_any()
}

/// A shape for each severity, so colour is never the only signal.
pub(super) fn severity_icon(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "✖",
        Severity::Warning => "▲",
        Severity::Info => "ℹ",
    }
}
