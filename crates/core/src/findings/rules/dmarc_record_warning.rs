// Rule: dmarc-record-warning
//
// What receivers tolerate in a DMARC record but the formal definition does not allow
// (RFC 7489 §6.4): `v=` must be exactly `DMARC1`, `p=` must come right after it, and
// tag names are written in lower case. Most receivers read such a record anyway, but
// not all are lenient in the same way, so one may ignore the policy that another
// applies. Values no registry defines (`rf=iodef`) are ignored (§6.3). One finding
// per problem, with its span; unknown tags are `dmarc-unknown-tag`'s, and problems
// that break the record are `dmarc-syntax-error`'s, including those at the same span
// as a warning.

use super::tag_record_issues::warnings;
use super::{Rule, corrected, lower_case_name, quote};
use crate::Text;
use crate::dmarc::DmarcIssue;
use crate::findings::{RecordKind, RuleText, Severity, Topic};

pub(super) static RULE: Rule = Rule {
    code: "dmarc-record-warning",
    severity: Severity::Warning,
    topic: Topic::Dmarc,
    kind: RecordKind::Dmarc,
    reference: Some("RFC 7489 §6.4"),
    text: RuleText {
        title: Text {
            ja: "DMARCレコードに規格どおりでない書き方があります: {problem}",
            en: "The DMARC record departs from the standard: {problem}",
        },
        why: Text {
            ja: "多くの受信側はこのまま読み取りますが、規格どおりでない書き方の扱いは受信側によって異なり、一部で無視されたり誤って解釈されたりするおそれがあります。また、対応していない値(rf= など)は無視されます。",
            en: "Most receivers read the record anyway, but they differ in how they treat what the standard does not allow, so some may ignore or misread it. Values they do not support (in rf=, for instance) are ignored.",
        },
        fix: Text {
            ja: "「A → B」と示された箇所は B のように書き換えてください。タグ名は小文字(P= ではなく p=)、バージョンは大文字で「v=DMARC1」と書き、p= は v=DMARC1 のすぐ後に置きます。引用符だけで示された値は受信側が対応していないものなので、削除するか、対応している値(rf=afrf など)に置き換えてください。",
            en: "Where the message shows “A” → “B”, rewrite A as B: tag names in lower case (p=, not P=), the version in capitals as “v=DMARC1”, and p= right after v=DMARC1. A value shown alone in quotes is one receivers do not support: delete it or use a supported one (such as rf=afrf).",
        },
    },
    check: |acc, ctx, rule| warnings(acc, ctx, rule, describe),
};

/// A DMARC record's warning, in words that work in both languages (they quote the record).
fn describe(issue: &DmarcIssue, text: &str) -> String {
    match issue {
        // The span is the version's value.
        DmarcIssue::VersionCase => corrected(&format!("v={text}"), "v=DMARC1"),
        // The span is the whole `p=` tag.
        DmarcIssue::PolicyNotSecond => corrected(
            text,
            &format!("v=DMARC1; {}; …", lower_case_name(text, '=')),
        ),
        DmarcIssue::TagCase(_) => corrected(text, &lower_case_name(text, '=')),
        DmarcIssue::UnknownValue { tag, value } => quote(&format!("{tag}={value}")),
        _ => quote(text),
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::Lang;
    use crate::findings::rules::check;

    #[test]
    fn reports_each_warning_with_its_span() {
        for (record, flagged, problem) in [
            ("v=DMARC1; P=reject", "P=reject", "“P=reject” → “p=reject”"),
            ("v=dmarc1; p=none", "dmarc1", "“v=dmarc1” → “v=DMARC1”"),
            (
                "v=DMARC1; rua=mailto:dmarc@example.jp; p=quarantine",
                "p=quarantine",
                "“p=quarantine” → “v=DMARC1; p=quarantine; …”",
            ),
            ("v=DMARC1; p=none; rf=iodef", "iodef", "“rf=iodef”"),
        ] {
            let findings = check(&RULE, &[record]);
            assert_eq!(findings.len(), 1, "{record}: {findings:?}");
            let span = findings[0].span.clone().expect("a span");
            assert_eq!(&record[span], flagged, "{record}");
            assert_eq!(findings[0].params["problem"], problem, "{record}");
        }
    }

    #[test]
    fn reports_every_warning_of_a_record() {
        let record = "V=DMARC1; ADKIM=s; P=reject; rf=afrf:iodef";
        let problems: Vec<_> = check(&RULE, &[record])
            .into_iter()
            .map(|finding| finding.params["problem"].clone())
            .collect();
        assert_eq!(
            problems,
            [
                "“V=DMARC1” → “v=DMARC1”",
                "“ADKIM=s” → “adkim=s”",
                "“P=reject” → “p=reject”",
                "“rf=iodef”",
                "“P=reject” → “v=DMARC1; p=reject; …”",
            ]
        );
    }

    #[test]
    fn fills_the_problem_into_both_titles() {
        let findings = check(&RULE, &["v=DMARC1; P=reject"]);
        for lang in [Lang::Ja, Lang::En] {
            let title = findings[0].title(lang);
            assert!(title.contains("“P=reject” → “p=reject”"), "{title}");
        }
    }

    #[test]
    fn no_finding_when_the_record_is_clean_broken_or_not_dmarc() {
        for record in [
            "v=DMARC1; p=reject; sp=none; rua=mailto:dmarc@example.jp; rf=afrf; fo=1",
            // An unknown tag is `dmarc-unknown-tag`'s.
            "v=DMARC1; p=none; rau=mailto:dmarc@example.jp",
            // Errors are `dmarc-syntax-error`'s.
            "v=DMARC1; p=rejct; pct=200",
            "v=DMARC1; rua=mailto:dmarc@example.jp",
            "v=DMARC1; p=none; P=reject",
            "v=spf1 -all",
        ] {
            assert!(check(&RULE, &[record]).is_empty(), "{record}");
        }
    }
}
