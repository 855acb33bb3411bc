//! Findings grouped by severity, each with what it means, why it matters, how to fix
//! it, the record with the problem highlighted, and its reference; and what could not
//! be checked, as its own section.

use leptos::prelude::*;
use mailmove_core::Lang;
use mailmove_core::api::{FindingJson, SurveyJson};
use mailmove_core::findings::Severity;

use super::CopyButton;
use super::summary::severity_icon;
use crate::i18n;

pub(super) fn findings(report: &SurveyJson, lang: Lang) -> AnyView {
    let groups = [Severity::Error, Severity::Warning, Severity::Info]
        .into_iter()
        .filter_map(|severity| {
            let items: Vec<&FindingJson> = report
                .findings
                .iter()
                .filter(|finding| finding.severity == severity)
                .collect();
            if items.is_empty() {
                return None;
            }
            let list = items
                .into_iter()
                .map(|finding| finding_view(finding, lang))
                .collect_view();
            Some(view! {
                <div class=format!("severity-group sev-{}", severity.tag())>
                    <h3><span aria-hidden="true">{severity_icon(severity)}" "</span>{severity.label().get(lang)}</h3>
                    {list}
                </div>
            })
        })
        .collect_view();
    let empty = report
        .findings
        .is_empty()
        .then(|| view! { <p id="no-findings">{i18n::NO_FINDINGS.get(lang)}</p> });
    view! {
        <section id="findings" aria-labelledby="findings-heading">
            <h2 id="findings-heading">{i18n::FINDINGS.get(lang)}</h2>
            {empty}
            {groups}
        </section>
    }
    .into_any()
}

fn finding_view(finding: &FindingJson, lang: Lang) -> AnyView {
    let severity = finding.severity;
    let record = finding.record.as_ref().map(|record| {
        view! {
            <div class="record-block">
                <span class="label">{i18n::RECORD.get(lang)}" ("{finding.owner.clone()}")"</span>
                <pre class="record"><code>{highlight(record, finding.span)}</code></pre>
            </div>
        }
    });
    let fixed = finding.fixed_record.as_ref().map(|fixed| {
        view! {
            <div class="record-block fixed">
                <span class="label">{i18n::FIXED_RECORD.get(lang)}</span>
                <pre class="record"><code>{fixed.clone()}</code></pre>
                <CopyButton text=fixed.clone() />
            </div>
        }
    });
    let reference = finding.reference.as_ref().map(|reference| {
        view! { <p class="reference"><span class="label">{i18n::REFERENCE.get(lang)}": "</span>{reference.clone()}</p> }
    });
    view! {
        <article class=format!("finding sev-{}", severity.tag()) data-code=finding.code.clone()>
            <h4>
                <span class="badge">
                    <span aria-hidden="true">{severity_icon(severity)}" "</span>
                    {severity.label().get(lang)}
                </span>
                " "<span class="topic">{finding.topic.label().get(lang)}</span>
                " "{finding.message.get(lang).to_owned()}
            </h4>
            <p><strong>{i18n::WHY.get(lang)}": "</strong>{finding.why.get(lang).to_owned()}</p>
            <p><strong>{i18n::HOW_TO_FIX.get(lang)}": "</strong>{finding.fix.get(lang).to_owned()}</p>
            {record}
            {fixed}
            {reference}
            <p class="code">{i18n::SUPPORT_CODE.get(lang)}": "{finding.code.clone()}</p>
        </article>
    }
    .into_any()
}

/// The record with the problem's bytes in `<mark>`.
fn highlight(record: &str, span: Option<(usize, usize)>) -> AnyView {
    match span {
        Some((start, end))
            if start < end
                && end <= record.len()
                && record.is_char_boundary(start)
                && record.is_char_boundary(end) =>
        {
            view! {
                {record[..start].to_owned()}
                <mark>{record[start..end].to_owned()}</mark>
                {record[end..].to_owned()}
            }
            .into_any()
        }
        _ => record.to_owned().into_any(),
    }
}

pub(super) fn could_not_check(report: &SurveyJson, lang: Lang) -> AnyView {
    if report.could_not_check.is_empty() {
        return ().into_any();
    }
    // Each question with why it got no usable answer (same order as the list).
    let items = report
        .could_not_check
        .iter()
        .enumerate()
        .map(|(at, query)| {
            let server = query
                .server
                .map(|server| format!(" @{server}"))
                .unwrap_or_default();
            let reason = report
                .could_not_check_reasons
                .get(at)
                .filter(|reason| reason.query == *query)
                .map(|reason| format!(": {}", reason.reason.get(lang)));
            view! { <li><code>{format!("{} {}{server}", query.name, query.rtype)}</code>{reason}</li> }
        })
        .collect_view();
    view! {
        <section id="could-not-check" class="could-not-check">
            <h2><span aria-hidden="true">"? "</span>{i18n::COULD_NOT_CHECK_HEADING.get(lang)}</h2>
            <p>{i18n::COULD_NOT_CHECK_NOTE.get(lang)}</p>
            <ul>{items}</ul>
        </section>
    }
    .into_any()
}
