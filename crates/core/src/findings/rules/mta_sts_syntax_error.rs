// Rule: mta-sts-syntax-error
//
// RFC 8461 §3.1: if the `_mta-sts` TXT record "is syntactically invalid, senders MUST
// assume the recipient domain does not have an available MTA-STS Policy". They then
// deliver without checking the MX host's certificate, and the protection against
// TLS downgrade and MX spoofing that the domain meant to publish is gone. Records
// whose first tag is not `v=` are other TXT records and are left alone.

use super::tag_record_issues::errors;
use super::{Rule, character, missing, quote};
use crate::Text;
use crate::findings::{RecordKind, RuleText, Severity, Topic};
use crate::mta_sts::MtaStsIssue;

pub(super) static RULE: Rule = Rule {
    code: "mta-sts-syntax-error",
    severity: Severity::Error,
    topic: Topic::MtaSts,
    kind: RecordKind::MtaStsRecord,
    reference: Some("RFC 8461 §3.1"),
    text: RuleText {
        title: Text {
            ja: "MTA-STSのTXTレコードに書式の誤りがあります: {problem}",
            en: "The MTA-STS TXT record has a syntax error: {problem}",
        },
        why: Text {
            ja: "書式に誤りがあると、送信側はMTA-STSが設定されていないものとして扱います。暗号化されていない経路や偽のメールサーバーへの配送を防げなくなります。",
            en: "With a syntax error, senders act as if the domain had no MTA-STS, so delivery over unencrypted connections or to a fake mail server is no longer prevented.",
        },
        fix: Text {
            ja: "「v=STSv1; id=20240101000000」のように、v=STSv1 で始め、id= に英数字32文字以内の値を指定してください。「=」の前後に空白は入れません。「×0」は必須の項目が無いことを表します。",
            en: "Start with v=STSv1 and give id= 1 to 32 letters and digits, as in “v=STSv1; id=20240101000000”, with no spaces around “=”. “×0” means a required field is missing.",
        },
    },
    check: |acc, ctx, rule| errors(acc, ctx, rule, describe),
};

/// A MTA-STS record's error, in words that work in both languages (they quote the record).
fn describe(issue: &MtaStsIssue, text: &str) -> String {
    match issue {
        MtaStsIssue::MissingId => missing("id="),
        MtaStsIssue::BadId(id) => quote(&format!("id={id}")),
        MtaStsIssue::InvalidCharacter(ch) => character(*ch),
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
            ("v=STSv1; id=2024-01-01", "2024-01-01", "“id=2024-01-01”"),
            ("v=STSv1;", "v=STSv1;", "id= ×0"),
            ("v=stsv1; id=20240101", "v=stsv1", "“v=stsv1”"),
            ("v=STSv1; id = 20240101", "id = 20240101", "“id = 20240101”"),
        ] {
            let findings = check(&RULE, &[record]);
            assert_eq!(findings.len(), 1, "{record}: {findings:?}");
            let span = findings[0].span.clone().expect("a span");
            assert_eq!(&record[span], flagged, "{record}");
            assert_eq!(findings[0].params["problem"], problem, "{record}");
        }
    }

    #[test]
    fn no_finding_when_the_record_is_valid_or_not_mta_sts() {
        for record in [
            "v=STSv1; id=20240101T000000",
            "v=STSv1; id=abc; ext=1",
            "some-verification=abc",
        ] {
            assert!(check(&RULE, &[record]).is_empty(), "{record}");
        }
    }
}
