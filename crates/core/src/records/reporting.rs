//! The records that ask receivers for reports: DMARC (monitor first with reports,
//! tightened later) and TLS-RPT.

use super::request::{Current, RecordRequest};
use super::spf_merge::warning;
use super::{PlannedRecord, Step, Warning};
use crate::dns::{RecordData, RecordType};
use crate::{DomainName, Message, Text};

/// DMARC, unless the domain has a record: `p=none` with reports before the cutover,
/// `p=quarantine` once the reports show only legitimate senders.
pub(super) fn dmarc(
    domain: &DomainName,
    request: &RecordRequest,
    current: &Current<'_>,
    ttl: u32,
    planned: &mut Vec<PlannedRecord>,
    warnings: &mut Vec<Warning>,
) {
    let name = format!("_dmarc.{}", domain.as_str());
    let exists = current.at(&name, RecordType::Txt).into_iter().any(|record| {
        matches!(&record.data, RecordData::Txt { strings } if strings.concat().trim_start().to_ascii_lowercase().starts_with("v=dmarc1"))
    });
    if exists {
        return;
    }
    let rua = request
        .dmarc_rua
        .as_deref()
        .map(str::trim)
        .filter(|rua| !rua.is_empty());
    let reports = rua
        .map(|rua| format!("; rua=mailto:{rua}"))
        .unwrap_or_default();
    if rua.is_none() {
        warnings.push(warning(
            "dmarc-no-reports",
            "DMARC のレポート送付先が未指定です。レポートがないと、強化してよいか判断できません。".into(),
            "No DMARC report address given: without reports there is nothing to decide the tightening on.".into(),
        ));
    }
    planned.push(PlannedRecord {
        name: name.clone(),
        rtype: RecordType::Txt,
        data: format!("v=DMARC1; p=none{reports}"),
        ttl,
        step: Step::BeforeCutover,
        purpose: Message {
            ja: "DMARC(まず監視のみ: p=none でレポートを受け取る)".into(),
            en: "DMARC (monitor first: p=none, with reports)".into(),
        },
    });
    planned.push(PlannedRecord {
        name,
        rtype: RecordType::Txt,
        data: format!("v=DMARC1; p=quarantine{reports}"),
        ttl,
        step: Step::Tighten,
        purpose: Message {
            ja: "DMARC の強化(レポートで正規の送信元だけが残ったことを確認してから)".into(),
            en: "DMARC tightened (once the reports show only legitimate senders)".into(),
        },
    });
}

/// TLS-RPT, when the user gave an address for the reports.
pub(super) fn tls_rpt(
    apex: &str,
    request: &RecordRequest,
    ttl: u32,
    planned: &mut Vec<PlannedRecord>,
) {
    if let Some(rua) = request
        .tls_rpt_rua
        .as_deref()
        .map(str::trim)
        .filter(|rua| !rua.is_empty())
    {
        planned.push(PlannedRecord {
            name: format!("_smtp._tls.{apex}"),
            rtype: RecordType::Txt,
            data: format!("v=TLSRPTv1; rua=mailto:{rua}"),
            ttl,
            step: Step::BeforeCutover,
            purpose: Text {
                ja: "TLS-RPT(配送時の TLS の失敗を報告させる)",
                en: "TLS-RPT (reports of TLS failures in delivery)",
            }
            .into(),
        });
    }
}
