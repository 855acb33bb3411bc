// Rule: spf-missing
//
// Without an SPF record (RFC 7208 §4.5: result none) receivers cannot tell the
// domain's servers from forgers; Gmail and Yahoo require SPF or DKIM of every sender,
// and DMARC alignment has one leg less.

use super::Rule;
use crate::Text;
use crate::dns::{Query, RecordType};
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};

pub(super) static RULE: Rule = Rule {
    code: "spf-missing",
    severity: Severity::Warning,
    topic: Topic::Spf,
    kind: RecordKind::Survey,
    reference: Some("RFC 7208 §4.5"),
    text: RuleText {
        title: Text {
            ja: "SPFレコードがありません",
            en: "There is no SPF record",
        },
        why: Text {
            ja: "受信側は正規の送信サーバーとなりすましを区別できず、メールが迷惑メール扱いや受信拒否になりやすくなります。",
            en: "Receivers cannot tell your servers from forgers, so your mail is more likely to be filtered or rejected.",
        },
        fix: Text {
            ja: "送信に使うサービスを列挙したTXTレコード(例: v=spf1 include:_spf.google.com ~all)を追加してください。",
            en: "Add a TXT record listing the services you send through (e.g. v=spf1 include:_spf.google.com ~all).",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    let Some(report) = ctx.report else { return };
    // A domain that sends no mail says so with a null MX; a failed TXT lookup is
    // "could not check", not "missing".
    let unknown = report
        .could_not_check
        .contains(&Query::new(&report.domain, RecordType::Txt));
    if report.spf_records.is_empty() && !report.null_mx && !unknown {
        acc.push(Finding::new(rule, ctx.owner, None));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::dns::{Query, RecordType};
    use crate::findings::rules::check_report;
    use crate::survey::report::empty;

    #[test]
    fn flags_a_domain_without_spf() {
        assert_eq!(check_report(&RULE, &empty("example.jp")).len(), 1);
    }

    #[test]
    fn no_finding_when_spf_exists_or_lookup_failed() {
        let mut report = empty("example.jp");
        report.spf_records.push("v=spf1 -all".into());
        assert!(check_report(&RULE, &report).is_empty());
        let mut report = empty("example.jp");
        report
            .could_not_check
            .push(Query::new("example.jp", RecordType::Txt));
        assert!(check_report(&RULE, &report).is_empty());
    }
}
