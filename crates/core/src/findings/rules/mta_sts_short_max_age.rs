// Rule: mta-sts-short-max-age
//
// Senders cache a policy for `max_age` seconds, and RFC 8461 §3.2 expects the value
// "to be in the range of weeks or greater" to mitigate attacks at policy refresh
// time: an attacker who blocks the refresh of an expired policy strips its
// protection. Under a day, that window opens daily. Only enforced policies are
// checked: in `testing` and `none` mode nothing is enforced, and a short lifetime
// while trying MTA-STS out is sensible.

use super::Rule;
use crate::Text;
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};
use crate::mta_sts::{self, Mode};

/// One day. RFC 8461 §3.2 expects `max_age` "typically be in the range of weeks or
/// greater"; below a day the policy expires every day.
const MIN_MAX_AGE: u32 = 86_400;

/// One week, the value of RFC 8461 §3.2's example policy: the fix's suggestion.
const SUGGESTED_MAX_AGE: u32 = 604_800;

pub(super) static RULE: Rule = Rule {
    code: "mta-sts-short-max-age",
    severity: Severity::Warning,
    topic: Topic::MtaSts,
    kind: RecordKind::MtaStsPolicy,
    reference: Some("RFC 8461 §3.2"),
    text: RuleText {
        title: Text {
            ja: "MTA-STSのキャッシュ期間が短すぎます(max_age: {max_age}秒)",
            en: "The MTA-STS cache lifetime is short (max_age: {max_age} seconds)",
        },
        why: Text {
            ja: "max_age は送信側がポリシーを記憶しておく期間です。短いと送信側は頻繁にポリシーを取り直すことになり、その取得を妨害されるとMTA-STSによる保護が外れます。RFCでは数週間以上が想定されています。",
            en: "max_age is how long senders remember the policy. When it is short they fetch it again often, and an attacker who blocks a fetch removes the protection. The RFC expects weeks or more.",
        },
        fix: Text {
            ja: "max_age を {suggested}(1週間)以上にしてください。",
            en: "Set max_age to {suggested} (one week) or more.",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    for policy in ctx.records {
        let (parsed, _) = mta_sts::parse_policy(policy);
        if parsed.mode != Some(Mode::Enforce) {
            continue;
        }
        let Some(max_age) = parsed.max_age.filter(|age| *age < MIN_MAX_AGE) else {
            continue;
        };
        let mut finding = Finding::new(rule, ctx.owner, Some(policy))
            .param("max_age", max_age)
            .param("suggested", SUGGESTED_MAX_AGE);
        if let Some(line) = parsed.span_of("max_age") {
            // The line is `max_age:`, optional blanks, then the value up to its end.
            let text = &policy[line.clone()];
            let value_len = text
                .split_once(':')
                .map_or(0, |(_, value)| value.trim_start_matches([' ', '\t']).len());
            let value = line.end - value_len..line.end;
            let fixed = format!(
                "{}{SUGGESTED_MAX_AGE}{}",
                &policy[..value.start],
                &policy[value.end..]
            );
            finding = finding.span(line).fixed(fixed);
        }
        acc.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::findings::rules::check;

    #[test]
    fn flags_a_short_max_age_and_suggests_a_week() {
        let policy = "version: STSv1\nmode: enforce\nmx: mail.example.jp\nmax_age: 3600\n";
        let findings = check(&RULE, &[policy]);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].params["max_age"], "3600");
        let span = findings[0].span.clone().expect("a span");
        assert_eq!(&policy[span], "max_age: 3600");
        assert_eq!(
            findings[0].fix.as_deref(),
            Some("version: STSv1\nmode: enforce\nmx: mail.example.jp\nmax_age: 604800\n")
        );
    }

    #[test]
    fn replaces_the_value_as_written() {
        let policy =
            "version: STSv1\r\nmode: enforce\r\nmx: mail.example.jp\r\nmax_age:  000300 \r\n";
        let findings = check(&RULE, &[policy]);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].params["max_age"], "300");
        let fixed = findings[0].fix.as_deref().expect("a fix");
        assert!(fixed.ends_with("\r\nmax_age:  604800 \r\n"), "{fixed:?}");
    }

    #[test]
    fn no_finding_when_max_age_is_a_day_or_more_or_not_enforced() {
        for policy in [
            "version: STSv1\nmode: enforce\nmx: mail.example.jp\nmax_age: 86400\n",
            "version: STSv1\nmode: enforce\nmx: mail.example.jp\nmax_age:\t1209600\n",
            "version: STSv1\nmode: testing\nmx: mail.example.jp\nmax_age: 3600\n",
        ] {
            assert!(check(&RULE, &[policy]).is_empty(), "{policy}");
        }
    }
}
