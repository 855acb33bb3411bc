// Rule: mta-sts-record-warning
//
// What senders tolerate in the `_mta-sts` TXT record (RFC 8461 §3.1): extension fields
// the RFC does not define, which they ignore; field names in another case, which the
// grammar (`%s"id="`) makes extensions too; and a field given twice, of which the
// first is used. The record still announces a policy, but an `ID=` or a second `id=`
// means the `id` senders compare is not the one the owner updates, so a changed
// policy is not fetched again. One finding per problem, with its span; problems that
// make senders discard the record are `mta-sts-syntax-error`'s, including those at
// the same span as a warning (`x=a=b` is an unknown field and a broken one).

use super::tag_record_issues::warnings;
use super::{Rule, corrected, duplicate, lower_case_name, quote};
use crate::Text;
use crate::findings::{RecordKind, RuleText, Severity, Topic};
use crate::mta_sts::MtaStsIssue;

pub(super) static RULE: Rule = Rule {
    code: "mta-sts-record-warning",
    severity: Severity::Warning,
    topic: Topic::MtaSts,
    kind: RecordKind::MtaStsRecord,
    reference: Some("RFC 8461 §3.1"),
    text: RuleText {
        title: Text {
            ja: "MTA-STSのTXTレコードに確認が必要な箇所があります: {problem}",
            en: "The MTA-STS TXT record has a field to check: {problem}",
        },
        why: Text {
            ja: "送信側は、定義されていない項目や、大文字で書かれた項目名(項目名は大文字と小文字を区別します)を無視し、同じ項目が2回あるときは最初のものだけを使います。意図した id が使われず、ポリシーを変更しても送信側に反映されない可能性があります。",
            en: "Senders ignore fields MTA-STS does not define and field names in another case (names are case-sensitive), and use only the first of a field given twice. The id you meant may not be the one used, so senders may miss a policy change.",
        },
        fix: Text {
            ja: "「A → B」と示された箇所は B のように書き直してください。「×2」は同じ項目が2回あることを表すので、1つにまとめます。不要な項目は削除し、「v=STSv1; id=20240101000000」の形にしてください。",
            en: "Where the message shows “A” → “B”, rewrite A as B. “×2” means a field appears twice: keep one. Delete fields you do not need, leaving the form “v=STSv1; id=20240101000000”.",
        },
    },
    check: |acc, ctx, rule| warnings(acc, ctx, rule, describe),
};

/// A MTA-STS record's warning, in words that work in both languages (they quote the record).
fn describe(issue: &MtaStsIssue, text: &str) -> String {
    match issue {
        MtaStsIssue::FieldCase(_) => corrected(text, &lower_case_name(text, '=')),
        MtaStsIssue::DuplicateField(name) => duplicate(&format!("{name}=")),
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
                "v=STSv1; ID=20240101",
                "ID=20240101",
                "“ID=20240101” → “id=20240101”",
            ),
            ("v=STSv1; id=20240101; id=20240202", "id=20240202", "id= ×2"),
            ("v=STSv1; id=20240101; ext=1", "ext=1", "“ext=1”"),
        ] {
            let findings = check(&RULE, &[record]);
            assert_eq!(findings.len(), 1, "{record}: {findings:?}");
            let span = findings[0].span.clone().expect("a span");
            assert_eq!(&record[span], flagged, "{record}");
            assert_eq!(findings[0].params["problem"], problem, "{record}");
        }
    }

    #[test]
    fn no_finding_when_the_record_is_clean_broken_or_not_mta_sts() {
        for record in [
            "v=STSv1; id=20240101T000000",
            // Errors are `mta-sts-syntax-error`'s, also where a warning shares the span.
            "v=STSv1; id=2024-01-01",
            "v=STSv1; id=20240101; x=a=b",
            "v=STSv1; id=20240101; ext = 1",
            "V=STSv1; id=20240101",
            "some-verification=abc",
        ] {
            assert!(check(&RULE, &[record]).is_empty(), "{record}");
        }
    }
}
