// Rule: dmarc-external-report-unauthorised
//
// RFC 7489 §7.1: before sending reports to an address outside the domain's
// organisation, a report generator checks that the destination agreed, by a TXT
// record `v=DMARC1` at `<domain>._report._dmarc.<destination>`. Without it the reports
// are dropped silently. Report services add the record when the customer registers
// the domain with them; a typo or a service that was never told is the usual cause.

use super::Rule;
use crate::Text;
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};
use crate::survey::ReportAuthorisation;

pub(super) static RULE: Rule = Rule {
    code: "dmarc-external-report-unauthorised",
    severity: Severity::Warning,
    topic: Topic::Dmarc,
    kind: RecordKind::Survey,
    reference: Some("RFC 7489 §7.1"),
    text: RuleText {
        title: Text {
            ja: "DMARCレポートの送付先「{uri}」がレポートの受け取りを承認していません",
            en: "The DMARC report address “{uri}” has not authorised receiving your reports",
        },
        why: Text {
            ja: "組織外のアドレスへのレポートは、送付先のドメイン「{report_domain}」が承認のレコードを公開していないと送られません。レポートを見ているつもりでも、何も届きません。",
            en: "Reports to an address outside your organisation are only sent if its domain “{report_domain}” publishes an authorisation record. Without it, nothing arrives, even though the DMARC record asks for reports.",
        },
        fix: Text {
            ja: "送付先がレポート集計サービスなら、サービス側にドメインを登録してください。自社で管理するドメインなら、「{owner}」にTXTレコード「v=DMARC1」を追加してください。アドレスの誤りも確認してください。",
            en: "If the address belongs to a DMARC report service, register your domain with the service. If you manage that domain, add a TXT record “v=DMARC1” at “{owner}”. Also check the address for typos.",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    let Some(report) = ctx.report else { return };
    for fact in &report.dmarc_external_reports {
        if fact.status == ReportAuthorisation::NotAuthorised {
            acc.push(
                Finding::new(rule, &fact.query, None)
                    .param("uri", &fact.uri)
                    .param("report_domain", &fact.report_domain)
                    .param("owner", &fact.query)
                    .fixed("v=DMARC1".to_owned()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::findings::rules::check_report;
    use crate::survey::report::empty;
    use crate::survey::{ExternalReportFact, ReportAuthorisation};

    fn destination(status: ReportAuthorisation) -> ExternalReportFact {
        ExternalReportFact {
            tag: "rua".into(),
            uri: "mailto:r@dmarc.example.net".into(),
            report_domain: "dmarc.example.net".into(),
            query: "example.jp._report._dmarc.dmarc.example.net".into(),
            status,
        }
    }

    #[test]
    fn flags_an_unauthorised_destination() {
        let mut report = empty("example.jp");
        report
            .dmarc_external_reports
            .push(destination(ReportAuthorisation::NotAuthorised));
        let findings = check_report(&RULE, &report);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].subject.owner,
            "example.jp._report._dmarc.dmarc.example.net"
        );
        assert_eq!(findings[0].fix.as_deref(), Some("v=DMARC1"));
    }

    #[test]
    fn silent_when_authorised_or_unknown() {
        let mut report = empty("example.jp");
        for status in [
            ReportAuthorisation::Authorised,
            ReportAuthorisation::CouldNotCheck,
        ] {
            report.dmarc_external_reports.push(destination(status));
        }
        assert!(check_report(&RULE, &report).is_empty());
    }
}
