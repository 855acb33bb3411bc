//! The records the survey read, as tables with their TTLs where the facts carry them.

use leptos::prelude::*;
use mailmove_core::Lang;
use mailmove_core::api::SurveyJson;

use super::CopyButton;
use crate::components::breakable::breakable;
use crate::i18n;

pub(super) fn records(report: &SurveyJson, lang: Lang) -> AnyView {
    let facts = &report.facts;
    let none = || view! { <p class="none">{i18n::NONE_FOUND.get(lang)}</p> };
    let ttl = facts.mx_ttl.map(|ttl| ttl.to_string()).unwrap_or_default();
    // A resolver's cached TTL counts down: say so, as the planner must not take it
    // for the zone's.
    let from_cache = facts.mx_ttl_source.as_deref() == Some("resolver");
    let cache_note = from_cache.then(
        || view! { <p class="note" id="mx-ttl-note">"* "{i18n::TTL_FROM_CACHE.get(lang)}</p> },
    );
    let ttl = if from_cache { format!("{ttl} *") } else { ttl };
    let mx = if facts.mx.is_empty() {
        none().into_any()
    } else {
        let rows = facts
            .mx
            .iter()
            .map(|(preference, host)| {
                let addresses = facts
                    .mx_addresses
                    .get(host)
                    .map(|list| {
                        list.iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .unwrap_or_default();
                let null_note = (host == ".").then(|| i18n::NULL_MX_NOTE.get(lang));
                view! {
                    <tr>
                        <td>{*preference}</td>
                        <td><code>{breakable(host)}</code>" "{null_note}</td>
                        <td>{addresses}</td>
                        <td>{ttl.clone()}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table id="mx-table">
                <thead><tr>
                    <th scope="col">{i18n::PREFERENCE.get(lang)}</th>
                    <th scope="col">{i18n::HOST.get(lang)}</th>
                    <th scope="col">{i18n::ADDRESSES.get(lang)}</th>
                    <th scope="col">{i18n::TTL.get(lang)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
            {cache_note}
        }
        .into_any()
    };
    let servers = facts
        .ns_servers
        .as_ref()
        .map(|ns| ns.servers.clone())
        .unwrap_or_default();
    let ns_rows = facts
        .ns
        .iter()
        .map(|host| {
            let seen: Vec<String> = servers
                .iter()
                .filter(|server| server.host == *host)
                .map(|server| {
                    let state = i18n::ns_state_label(server.state).get(lang);
                    match server.serial {
                        Some(serial) => format!("{} {serial}", server.address),
                        None => format!("{} ({state})", server.address),
                    }
                })
                .collect();
            view! { <tr><td><code>{breakable(host)}</code></td><td>{seen.join(", ")}</td></tr> }
        })
        .collect_view();
    let text_row = |label: &'static str, value: &Option<String>| {
        value.as_ref().map(|value| {
            view! {
                <tr>
                    <th scope="row">{label}</th>
                    <td><code>{value.clone()}</code>" "<CopyButton text=value.clone() /></td>
                </tr>
            }
        })
    };
    let dmarc = facts.dmarc.as_ref().map(|tags| {
        tags.iter()
            .map(|(tag, value)| format!("{tag}={value}"))
            .collect::<Vec<_>>()
            .join("; ")
    });
    let dkim_rows = facts
        .dkim
        .iter()
        .map(|(selector, bits)| {
            view! { <tr><td><code>{selector.clone()}</code></td><td>{bits.map(|bits| bits.to_string()).unwrap_or_default()}</td></tr> }
        })
        .collect_view();
    let spf = facts.spf.records.first().cloned();
    // In words: "unsigned" is a developer's word, and DNSSEC is no TXT record.
    let dnssec = facts
        .dnssec
        .as_ref()
        .map(|fact| i18n::dnssec_words(fact.status).get(lang));
    let all_rows = report
        .records
        .iter()
        .map(|record| {
            view! {
                <tr>
                    <td><code>{breakable(&record.name)}</code></td>
                    <td>{record.data.record_type().as_str()}</td>
                    <td>{record.ttl}</td>
                    <td><code>{breakable(&record.data.to_string())}</code></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section id="records" class="records">
            <h2>{i18n::RECORDS.get(lang)}</h2>
            <h3>"MX"</h3>
            {mx}
            <h3>{i18n::NAME_SERVERS.get(lang)}</h3>
            <table id="ns-table">
                <thead><tr>
                    <th scope="col">{i18n::HOST.get(lang)}</th>
                    <th scope="col">{i18n::SERIAL.get(lang)}</th>
                </tr></thead>
                <tbody>{ns_rows}</tbody>
            </table>
            <p>{i18n::SERIAL.get(lang)}" (SOA): "{facts.soa_serial.map(|s| s.to_string()).unwrap_or_default()}</p>
            <h3>"TXT"</h3>
            <table id="txt-table">
                <tbody>
                    {text_row("SPF", &spf)}
                    {text_row("DMARC", &dmarc)}
                    {text_row("MTA-STS", &facts.mta_sts)}
                    {text_row("TLS-RPT", &facts.tls_rpt)}
                    {text_row("BIMI", &facts.bimi)}
                </tbody>
            </table>
            {dnssec.map(|words| view! { <p id="dnssec-status"><strong>"DNSSEC: "</strong>{words}</p> })}
            <h3>"DKIM"</h3>
            <table id="dkim-table">
                <thead><tr>
                    <th scope="col">{i18n::SELECTOR.get(lang)}</th>
                    <th scope="col">{i18n::KEY_BITS.get(lang)}</th>
                </tr></thead>
                <tbody>{dkim_rows}</tbody>
            </table>
            // No key found: say where we looked and how to ask for another name.
            {facts.dkim.is_empty().then(|| view! {
                <p id="dkim-tried" class="notice">
                    {i18n::DKIM_TRIED.get(lang)}" "{facts.dkim_selectors_tried.join(", ")}". "{i18n::DKIM_ADD_SELECTOR.get(lang)}
                </p>
            })}
            <h3>{i18n::ALL_RECORDS.get(lang)}</h3>
            <table id="all-records">
                <thead><tr>
                    <th scope="col">{i18n::NAME.get(lang)}</th>
                    <th scope="col">{i18n::TYPE.get(lang)}</th>
                    <th scope="col">{i18n::TTL.get(lang)}</th>
                    <th scope="col">{i18n::DATA.get(lang)}</th>
                </tr></thead>
                <tbody>{all_rows}</tbody>
            </table>
        </section>
    }
    .into_any()
}
