//! The readiness items made to agree with the findings: no item is ok while an error
//! finding of its topic stands, and nothing is ready for a domain that does not exist
//! or does not answer.

use super::{Finding, Topic};
use crate::survey::{DomainState, Readiness, ReadinessItem, ReadinessStatus};
use crate::{Lang, Text};

/// The topic of the findings that speak about an item.
fn topic(code: &str) -> Option<Topic> {
    Some(match code {
        "spf-room" => Topic::Spf,
        "mx-ttl" => Topic::Mx,
        "dmarc" => Topic::Dmarc,
        "dkim" => Topic::Dkim,
        "dns-host" => Topic::Dns,
        _ => return None,
    })
}

/// Makes the items agree with the findings: no item is ok while an error finding
/// of its topic stands (the finding's title says why), and with a domain that does
/// not exist or does not answer, nothing is ready.
pub(super) fn settle(readiness: &mut Readiness, state: DomainState, errors: &[&Finding]) {
    for item in &mut readiness.items {
        if state == DomainState::NoAnswers {
            *item = ReadinessItem::new(
                item.code,
                ReadinessStatus::Todo,
                crate::survey::READINESS_COULD_NOT_CHECK,
            );
            continue;
        }
        if state != DomainState::Answering {
            let finding = errors.first();
            *item = ReadinessItem::new(item.code, ReadinessStatus::Blocked, BLOCKED_BY_ERROR)
                .param(
                    "title_ja",
                    finding.map_or(String::new(), |f| f.title(Lang::Ja)),
                )
                .param(
                    "title_en",
                    finding.map_or(String::new(), |f| f.title(Lang::En)),
                );
            continue;
        }
        if item.status != ReadinessStatus::Ok {
            continue;
        }
        let Some(topic) = topic(item.code) else {
            continue;
        };
        if let Some(finding) = errors.iter().find(|finding| finding.topic == topic) {
            *item = ReadinessItem::new(item.code, ReadinessStatus::Blocked, BLOCKED_BY_ERROR)
                .param("title_ja", finding.title(Lang::Ja))
                .param("title_en", finding.title(Lang::En));
        }
    }
}

const BLOCKED_BY_ERROR: Text = Text {
    ja: "先にエラーを解決してください: {title_ja}",
    en: "Solve this error first: {title_en}",
};
