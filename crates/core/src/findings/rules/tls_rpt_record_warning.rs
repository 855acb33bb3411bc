// Rule: tls-rpt-record-warning
//
// What senders tolerate in the `_smtp._tls` TXT record (RFC 8460 §3): extension fields
// the RFC does not define, which they ignore; field names in another case, which the
// grammar (`%s"rua="`) makes extensions too; and a field given twice, of which the
// first is used. The record still asks for reports, but not always where the owner
// meant: a second `rua=` added for a new provider during a move receives nothing. One
// finding per problem, with its span; problems that make senders discard the record
// are `tls-rpt-syntax-error`'s, including those at the same span as a warning
// (`x=a=b` is an unknown field and a broken one).

use super::tag_record_issues::warnings;
use super::{Rule, corrected, duplicate, lower_case_name, quote};
use crate::Text;
use crate::findings::{RecordKind, RuleText, Severity, Topic};
use crate::tls_rpt::TlsRptIssue;

pub(super) static RULE: Rule = Rule {
    code: "tls-rpt-record-warning",
    severity: Severity::Warning,
    topic: Topic::TlsRpt,
    kind: RecordKind::TlsRpt,
    reference: Some("RFC 8460 §3"),
    text: RuleText {
        title: Text {
            ja: "TLS-RPTレコードに確認が必要な箇所があります: {problem}",
            en: "The TLS-RPT record has a field to check: {problem}",
        },
        why: Text {
            ja: "送信側は、定義されていない項目や、大文字で書かれた項目名(項目名は大文字と小文字を区別します)を無視し、同じ項目が2回あるときは最初のものだけを使います。レポートが意図した宛先に届かない可能性があります。",
            en: "Senders ignore fields TLS-RPT does not define and field names in another case (names are case-sensitive), and use only the first of a field given twice, so reports may not go where you meant.",
        },
        fix: Text {
            ja: "「A → B」と示された箇所は B のように書き直してください。「×2」は同じ項目が2回あることを表します。送信先が複数あるときは「rua=mailto:a@(ドメイン名),mailto:b@(ドメイン名)」のように、1つの rua= にカンマで区切って並べます。不要な項目は削除してください。",
            en: "Where the message shows “A” → “B”, rewrite A as B. “×2” means a field appears twice: to send reports to several addresses, list them in one rua=, separated by commas, as in “rua=mailto:a@(your domain),mailto:b@(your domain)”. Delete fields you do not need.",
        },
    },
    check: |acc, ctx, rule| warnings(acc, ctx, rule, describe),
};

/// A TLS-RPT record's warning, in words that work in both languages (they quote the record).
fn describe(issue: &TlsRptIssue, text: &str) -> String {
    match issue {
        TlsRptIssue::FieldCase(_) => corrected(text, &lower_case_name(text, '=')),
        TlsRptIssue::DuplicateField(name) => duplicate(&format!("{name}=")),
        _ => quote(text),
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::findings::rules::check;

    #[test]
    fn reports_each_warning_with_its_span() {
        for (record, flagged, problem) in [
            (
                "v=TLSRPTv1; RUA=mailto:tls@example.jp",
                "RUA=mailto:tls@example.jp",
                "“RUA=mailto:tls@example.jp” → “rua=mailto:tls@example.jp”",
            ),
            (
                "v=TLSRPTv1; rua=mailto:old@example.jp; rua=mailto:new@example.jp",
                "rua=mailto:new@example.jp",
                "rua= ×2",
            ),
            (
                "v=TLSRPTv1; rua=mailto:tls@example.jp; ext=1",
                "ext=1",
                "“ext=1”",
            ),
        ] {
            let findings = check(&RULE, &[record]);
            assert_eq!(findings.len(), 1, "{record}: {findings:?}");
            let span = findings[0].span.clone().expect("a span");
            assert_eq!(&record[span], flagged, "{record}");
            assert_eq!(findings[0].params["problem"], problem, "{record}");
        }
    }

    #[test]
    fn no_finding_when_the_record_is_clean_broken_or_not_tls_rpt() {
        for record in [
            "v=TLSRPTv1; rua=mailto:tls@example.jp,https://reports.example.jp/tls",
            // Errors are `tls-rpt-syntax-error`'s, also where a warning shares the span.
            "v=TLSRPTv1; rua=tls@example.jp",
            "v=TLSRPTv1; rua=mailto:tls@example.jp; x=a=b",
            "V=TLSRPTv1; rua=mailto:tls@example.jp",
            "some-verification=abc",
        ] {
            assert!(check(&RULE, &[record]).is_empty(), "{record}");
        }
    }
}
