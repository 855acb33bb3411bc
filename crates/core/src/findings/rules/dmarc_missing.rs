// Rule: dmarc-missing
//
// Without DMARC (RFC 7489) nobody learns who sends mail as the domain, and receivers
// apply no policy to forgeries; large mailbox providers require a DMARC record of
// bulk senders. During a move, reports (rua=) show which senders were forgotten.

use super::Rule;
use crate::Text;
use crate::dns::{Query, RecordType};
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};

pub(super) static RULE: Rule = Rule {
    code: "dmarc-missing",
    severity: Severity::Warning,
    topic: Topic::Dmarc,
    kind: RecordKind::Survey,
    reference: Some("RFC 7489 §6.1"),
    text: RuleText {
        title: Text {
            ja: "DMARCレコードがありません",
            en: "There is no DMARC record",
        },
        why: Text {
            ja: "なりすましメールへの対処方針が受信側に伝わらず、誰がこのドメイン名で送信しているかのレポートも届きません。",
            en: "Receivers get no policy for forged mail, and you get no reports on who sends mail as your domain.",
        },
        fix: Text {
            ja: "_dmarc にTXTレコード(例: v=DMARC1; p=none; rua=mailto:dmarc@{domain})を追加し、レポートを確認してから強化してください。",
            en: "Add a TXT record at _dmarc (e.g. v=DMARC1; p=none; rua=mailto:dmarc@{domain}), then tighten it once the reports are clean.",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    let Some(report) = ctx.report else { return };
    let own = Query::new(&format!("_dmarc.{}", report.domain), RecordType::Txt);
    if report.dmarc.is_none() && !report.could_not_check.contains(&own) {
        acc.push(
            Finding::new(rule, &format!("_dmarc.{}", report.domain), None)
                .param("domain", &report.domain),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::findings::rules::check_report;
    use crate::survey::DmarcFact;
    use crate::survey::report::empty;

    #[test]
    fn flags_a_domain_without_dmarc() {
        let findings = check_report(&RULE, &empty("example.jp"));
        assert_eq!(findings.len(), 1);
        assert!(
            findings[0]
                .how_to_fix(crate::Lang::En)
                .contains("dmarc@example.jp")
        );
    }

    #[test]
    fn no_finding_when_dmarc_is_found_even_inherited() {
        let mut report = empty("mail.example.jp");
        report.dmarc = Some(DmarcFact {
            found_at: "_dmarc.example.jp".into(),
            record: "v=DMARC1; p=reject".into(),
            inherited: true,
        });
        assert!(check_report(&RULE, &report).is_empty());
    }
}
