// Rule: mta-sts-enforce-without-target
//
// RFC 8461 §4.1: a sender applying an MTA-STS policy in `enforce` mode delivers only to
// MX hosts matching the policy's `mx` patterns, and keeps the policy for its `max_age`
// (§5.1). A policy that lists only the old exchangers makes every such sender refuse
// the target's MX the moment it is switched in. `mta-sts-mx-not-covered` speaks about
// today's MX; this rule about the chosen target's, before the switch.

use super::Rule;
use crate::Text;
use crate::catalog::HostTemplate;
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};
use crate::mta_sts::{Mode, PolicyFetch, parse_policy};
use crate::stage::sides::sides;

pub(super) static RULE: Rule = Rule {
    code: "mta-sts-enforce-without-target",
    severity: Severity::Error,
    topic: Topic::MtaSts,
    kind: RecordKind::Survey,
    reference: Some("RFC 8461 §4.1, §5.1"),
    text: RuleText {
        title: Text {
            ja: "MTA-STSポリシー(mode: enforce)に移行先のMX({hosts})が載っていません",
            en: "The MTA-STS policy (mode: enforce) does not list the target's MX ({hosts})",
        },
        why: Text {
            ja: "MTA-STSに対応した送信側は、ポリシーの mx に一致しないホストへは配送しません。このままMXを{target_ja}に切り替えると、ポリシーを保存している送信側(最大 max_age の間)からのメールが届かなくなります。",
            en: "Senders that apply MTA-STS do not deliver to hosts the policy's mx lines do not match. Switch MX to {target_en} as things stand and mail from every sender that has cached the policy (for up to its max_age) is refused.",
        },
        fix: Text {
            ja: "計画の「SPF・DKIM・DMARC を準備する」の段階で、ポリシーファイルに「mx: {hosts}」を加え(旧サーバーの行は切り替えが終わるまで残します)、_mta-sts のTXTレコードの id= を新しい値に変えてください。MXの切り替えは、古いポリシーの max_age が過ぎてからにします。",
            en: "At the plan's step “Prepare SPF, DKIM and DMARC”, add “mx: {hosts}” to the policy file (keep the old server's lines until the switch is over) and give the _mta-sts TXT record a new id=. Switch MX only once the old policy's max_age has passed.",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    let Some(report) = ctx.report else { return };
    let Some(PolicyFetch::Fetched { body, .. }) = &report.mta_sts_policy else {
        return;
    };
    let sides = sides(report);
    let (Some(target), true) = (sides.target, sides.target_chosen) else {
        return;
    };
    // Once MX names the target, `mta-sts-mx-not-covered` says the same of today's MX.
    if sides.mx_at_target {
        return;
    }
    let (policy, _) = parse_policy(body);
    if policy.mode != Some(Mode::Enforce) {
        return;
    }
    let Some(setup) = target.setup else { return };
    let uncovered: Vec<String> = setup
        .mx
        .iter()
        .filter_map(|mx| render(mx.host, &report.domain))
        .filter(|host| !policy.matches_mx(host))
        .collect();
    if uncovered.is_empty() {
        return;
    }
    acc.push(
        Finding::new(rule, ctx.owner, Some(body))
            .param("hosts", uncovered.join(", "))
            .param("target_ja", target.name.ja)
            .param("target_en", target.name.en),
    );
}

/// The target's exchanger for `domain`; `None` for a host that depends on a region the
/// survey does not know.
fn render(host: HostTemplate, domain: &str) -> Option<String> {
    match host {
        HostTemplate::Fixed(host) => Some(host.to_owned()),
        HostTemplate::DomainWithDashes { suffix } => {
            Some(format!("{}.{suffix}", domain.replace('.', "-")))
        }
        HostTemplate::Region { .. } => None,
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::findings::rules::check_report;
    use crate::mta_sts::{PolicyFetch, policy_url};
    use crate::stage::tests::{report, with_target};

    fn with_policy(
        mut report: crate::survey::Report,
        mode: &str,
        mx: &[&str],
    ) -> crate::survey::Report {
        let lines: String = mx.iter().map(|host| format!("mx: {host}\n")).collect();
        report.mta_sts_policy = Some(PolicyFetch::Fetched {
            url: policy_url("example.jp"),
            body: format!("version: STSv1\nmode: {mode}\n{lines}max_age: 604800\n"),
        });
        report
    }

    #[test]
    fn an_enforced_policy_without_the_targets_mx_is_an_error() {
        let report = with_policy(
            with_target(report(&["mail.example.jp"]), "microsoft-365"),
            "enforce",
            &["mail.example.jp"],
        );
        let findings = check_report(&RULE, &report);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].params["hosts"],
            "example-jp.mail.protection.outlook.com"
        );
    }

    #[test]
    fn no_finding_when_the_policy_covers_the_target_or_only_tests() {
        let covered = with_policy(
            with_target(report(&["mail.example.jp"]), "google-workspace"),
            "enforce",
            &["mail.example.jp", "smtp.google.com"],
        );
        assert!(check_report(&RULE, &covered).is_empty());
        let testing = with_policy(
            with_target(report(&["mail.example.jp"]), "google-workspace"),
            "testing",
            &["mail.example.jp"],
        );
        assert!(check_report(&RULE, &testing).is_empty());
    }

    #[test]
    fn no_finding_without_a_chosen_target() {
        let report = with_policy(
            report(&["mx01.lolipop.jp"]),
            "enforce",
            &["mx01.lolipop.jp"],
        );
        assert!(check_report(&RULE, &report).is_empty());
    }
}
