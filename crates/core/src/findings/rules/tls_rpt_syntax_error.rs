// Rule: tls-rpt-syntax-error
//
// RFC 8460 §3: if the `_smtp._tls` TXT record is syntactically invalid, senders must
// assume the domain does not implement TLS reporting. No reports arrive, and TLS
// failures — an expired certificate on the new MX, an MTA-STS policy that no longer
// lists the MX hosts — go unseen until mail is lost. Records whose first tag is not
// `v=` are other TXT records and are left alone.

use super::tag_record_issues::errors;
use super::{Rule, character, missing, quote};
use crate::Text;
use crate::findings::{RecordKind, RuleText, Severity, Topic};
use crate::tls_rpt::TlsRptIssue;

pub(super) static RULE: Rule = Rule {
    code: "tls-rpt-syntax-error",
    severity: Severity::Error,
    topic: Topic::TlsRpt,
    kind: RecordKind::TlsRpt,
    reference: Some("RFC 8460 §3"),
    text: RuleText {
        title: Text {
            ja: "TLS-RPTレコードに書式の誤りがあります: {problem}",
            en: "The TLS-RPT record has a syntax error: {problem}",
        },
        why: Text {
            ja: "書式に誤りがあると、送信側はTLS-RPTが設定されていないものとして扱い、レポートを送りません。証明書の期限切れなどで暗号化通信に失敗していても気付けません。",
            en: "With a syntax error, senders act as if TLS reporting were not set up and send no reports, so failing encrypted connections (an expired certificate, for instance) go unnoticed.",
        },
        fix: Text {
            ja: "「v=TLSRPTv1; rua=mailto:tls-reports@(ドメイン名)」のように、v=TLSRPTv1 で始め、rua= に mailto: または https: の送信先を指定してください。「×0」は必須の項目が無いことを表します。",
            en: "Start with v=TLSRPTv1 and give rua= a mailto: or https: address, as in “v=TLSRPTv1; rua=mailto:tls-reports@(your domain)”. “×0” means a required field is missing.",
        },
    },
    check: |acc, ctx, rule| errors(acc, ctx, rule, describe),
};

/// A TLS-RPT record's error, in words that work in both languages (they quote the record).
fn describe(issue: &TlsRptIssue, text: &str) -> String {
    match issue {
        TlsRptIssue::MissingRua => missing("rua="),
        TlsRptIssue::InvalidCharacter(ch) => character(*ch),
        _ => quote(text),
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::findings::rules::check;

    #[test]
    fn reports_each_error_with_its_span() {
        for (record, flagged, problem) in [
            (
                "v=TLSRPTv1; rua=tls@example.jp",
                "tls@example.jp",
                "“tls@example.jp”",
            ),
            ("v=TLSRPTv1;", "v=TLSRPTv1;", "rua= ×0"),
            (
                "v=TLSRPTv1; rua=ftp://example.jp/tls",
                "ftp://example.jp/tls",
                "“ftp://example.jp/tls”",
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
    fn no_finding_when_the_record_is_valid_or_not_tls_rpt() {
        for record in [
            "v=TLSRPTv1; rua=mailto:tls-reports@example.jp",
            "v=TLSRPTv1; rua=https://reports.example.jp/tls,mailto:tls@example.jp",
            "some-verification=abc",
        ] {
            assert!(check(&RULE, &[record]).is_empty(), "{record}");
        }
    }
}
