// Rule: mta-sts-policy-warning
//
// What senders tolerate in the MTA-STS policy file (RFC 8461 §3.2): extension fields
// the RFC does not define, which they ignore; field names in another case, which the
// grammar (`%s"mode"`) makes extensions too; and a field other than `mx` given twice,
// of which "all entries except for the first SHALL be ignored". The policy still
// applies, but not always the one the owner wrote: a second `mode: enforce` under a
// `mode: testing` enforces nothing. One finding per problem, with its span; problems
// that make senders reject the policy are `mta-sts-policy-syntax-error`'s, including
// those at the same span as a warning (a field name that is not a valid name).

use super::{Rule, corrected, duplicate, lower_case_name, quote};
use crate::Text;
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};
use crate::mta_sts::{self, MtaStsPolicyIssue};
use crate::parse_issue::ParseIssue;

pub(super) static RULE: Rule = Rule {
    code: "mta-sts-policy-warning",
    severity: Severity::Warning,
    topic: Topic::MtaSts,
    kind: RecordKind::MtaStsPolicy,
    reference: Some("RFC 8461 §3.2"),
    text: RuleText {
        title: Text {
            ja: "MTA-STSのポリシーファイルに確認が必要な行があります: {problem}",
            en: "The MTA-STS policy file has a line to check: {problem}",
        },
        why: Text {
            ja: "送信側は、定義されていない項目や、大文字で書かれた項目名(項目名は大文字と小文字を区別します)を無視し、同じ項目(mx 以外)が2回あるときは最初のものだけを使います。意図した設定が使われていない可能性があります。",
            en: "Senders ignore fields MTA-STS does not define and field names in another case (names are case-sensitive), and use only the first of a field other than mx given twice, so a setting you meant may not be the one used.",
        },
        fix: Text {
            ja: "「A → B」と示された行は B のように書き直してください。「×2」は同じ項目が2回あることを表すので、使いたい値の行だけを残します。不要な行は削除します。ファイルを変更したら、TXTレコードの id= も新しい値に更新してください。",
            en: "Rewrite a line shown as “A” → “B” as B. “×2” means a field appears twice: keep only the line with the value you want. Delete lines you do not need. After changing the file, give id= in the TXT record a new value.",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    for policy in ctx.records {
        let (_, issues) = mta_sts::parse_policy(policy);
        for issue in issues.iter().filter(|issue| reported(issue, &issues)) {
            acc.push(
                Finding::new(rule, ctx.owner, Some(policy))
                    .span(issue.span.clone())
                    .param(
                        "problem",
                        describe(&issue.kind, &policy[issue.span.clone()]),
                    ),
            );
        }
    }
}

/// A warning, unless an error already flags the same bytes (a missing field flags the
/// whole file, which is not the same problem).
fn reported(
    issue: &ParseIssue<MtaStsPolicyIssue>,
    issues: &[ParseIssue<MtaStsPolicyIssue>],
) -> bool {
    !issue.kind.is_error()
        && !issues.iter().any(|other| {
            other.span == issue.span
                && other.kind.is_error()
                && !matches!(
                    other.kind,
                    MtaStsPolicyIssue::MissingVersion
                        | MtaStsPolicyIssue::MissingMode
                        | MtaStsPolicyIssue::MissingMx
                        | MtaStsPolicyIssue::MissingMaxAge
                )
        })
}

/// The problem, in words that work in both languages (they quote the file).
fn describe(issue: &MtaStsPolicyIssue, text: &str) -> String {
    match issue {
        MtaStsPolicyIssue::FieldCase(_) => corrected(text, &lower_case_name(text, ':')),
        MtaStsPolicyIssue::DuplicateField(name) => duplicate(&format!("{name}:")),
        _ => quote(text),
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::findings::rules::check;

    const HEAD: &str = "version: STSv1\nmx: mail.example.jp\nmax_age: 604800\n";

    #[test]
    fn reports_each_warning_with_its_span() {
        for (line, problem) in [
            ("Mode: enforce", "“Mode: enforce” → “mode: enforce”"),
            ("x-note: hello", "“x-note: hello”"),
        ] {
            let policy = format!("{HEAD}mode: enforce\n{line}\n");
            let findings = check(&RULE, &[&policy]);
            assert_eq!(findings.len(), 1, "{policy}: {findings:?}");
            let span = findings[0].span.clone().expect("a span");
            assert_eq!(&policy[span], line, "{policy}");
            assert_eq!(findings[0].params["problem"], problem, "{policy}");
        }
    }

    #[test]
    fn reports_a_second_mode_that_is_ignored() {
        let policy = format!("{HEAD}mode: testing\r\nmode: enforce\r\n");
        let findings = check(&RULE, &[&policy]);
        assert_eq!(findings.len(), 1, "{findings:?}");
        let span = findings[0].span.clone().expect("a span");
        assert_eq!(&policy[span], "mode: enforce");
        assert_eq!(findings[0].params["problem"], "mode: ×2");
    }

    #[test]
    fn reports_a_capitalised_field_next_to_the_error_it_causes() {
        // Without `mode:` the policy is invalid (`mta-sts-policy-syntax-error`); the
        // cause is reported here, even when the file is that one line.
        let findings = check(&RULE, &["MODE: enforce"]);
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert_eq!(
            findings[0].params["problem"],
            "“MODE: enforce” → “mode: enforce”"
        );
    }

    #[test]
    fn no_finding_when_the_policy_is_clean_or_broken() {
        for policy in [
            format!("{HEAD}mode: enforce\nmx: *.mx.example.net\n"),
            // Errors are `mta-sts-policy-syntax-error`'s, also where a warning shares
            // the span.
            format!("{HEAD}mode: enforcing\n"),
            format!("{HEAD}mode: enforce\nx note: hello\n"),
            format!("{HEAD}mode: enforce\nx-note:\n"),
        ] {
            assert!(check(&RULE, &[&policy]).is_empty(), "{policy}");
        }
    }
}
