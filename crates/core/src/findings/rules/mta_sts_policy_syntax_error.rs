// Rule: mta-sts-policy-syntax-error
//
// The policy file (https://mta-sts.<domain>/.well-known/mta-sts.txt) lists the genuine
// MX hosts and says what to do when a connection fails. A file missing a required
// field or holding an invalid value cannot be applied (RFC 8461 §3.2). Senders
// without a cached policy then deliver unprotected; senders with one keep the cached
// policy (§5.1) — after a move, one that lists the old MX hosts, so in `enforce`
// mode mail to the new ones fails.

use super::{Rule, character, missing, quote};
use crate::Text;
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};
use crate::mta_sts::{self, MtaStsPolicyIssue};

pub(super) static RULE: Rule = Rule {
    code: "mta-sts-policy-syntax-error",
    severity: Severity::Error,
    topic: Topic::MtaSts,
    kind: RecordKind::MtaStsPolicy,
    reference: Some("RFC 8461 §3.2"),
    text: RuleText {
        title: Text {
            ja: "MTA-STSのポリシーファイルに誤りがあります: {problem}",
            en: "The MTA-STS policy file is invalid: {problem}",
        },
        why: Text {
            ja: "ポリシーファイルに誤りがあると、送信側はこのポリシーを使えません。以前のポリシーを記憶している送信側はそれを使い続けるため、メールサーバーの移行後は新しいMXへの配送が失敗することがあります。",
            en: "Senders cannot use an invalid policy. Those that cached an earlier one keep using it, so after a mail server move, delivery to the new MX hosts can fail.",
        },
        fix: Text {
            ja: "「version: STSv1」「mode:」「mx:」「max_age:」を、1行に1項目ずつ「項目名: 値」の形で書いてください。「×0」は必須の項目が無いことを表します。",
            en: "Write “version: STSv1”, “mode:”, “mx:” and “max_age:”, one “name: value” per line. “×0” means a required field is missing.",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    for policy in ctx.records {
        let (_, issues) = mta_sts::parse_policy(policy);
        for issue in issues.iter().filter(|issue| issue.kind.is_error()) {
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

/// The problem, in words that work in both languages (they quote the file).
fn describe(issue: &MtaStsPolicyIssue, text: &str) -> String {
    match issue {
        MtaStsPolicyIssue::MissingVersion => missing("version:"),
        MtaStsPolicyIssue::MissingMode => missing("mode:"),
        MtaStsPolicyIssue::MissingMx => missing("mx:"),
        MtaStsPolicyIssue::MissingMaxAge => missing("max_age:"),
        MtaStsPolicyIssue::BadVersion(version) => quote(&format!("version: {version}")),
        MtaStsPolicyIssue::InvalidValue { field, value } => quote(&format!("{field}: {value}")),
        MtaStsPolicyIssue::InvalidCharacter(ch) => character(*ch),
        _ => quote(text),
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::findings::rules::check;

    #[test]
    fn reports_each_error_with_its_span() {
        let policy = "version: STSv1\nmode: enforcing\nmx: mail.example.jp\n";
        let findings = check(&RULE, &[policy]);
        let problems: Vec<_> = findings
            .iter()
            .map(|finding| finding.params["problem"].as_str())
            .collect();
        assert_eq!(problems, ["“mode: enforcing”", "max_age: ×0"]);
        let span = findings[0].span.clone().expect("a span");
        assert_eq!(&policy[span], "enforcing");
    }

    #[test]
    fn no_finding_when_the_policy_is_valid() {
        let policy = "version: STSv1\r\nmode: enforce\r\nmx: mail.example.jp\r\n\
                      mx: *.mx.example.net\r\nmax_age: 604800\r\nx-note: hello\r\n";
        assert!(check(&RULE, &[policy]).is_empty());
    }
}
