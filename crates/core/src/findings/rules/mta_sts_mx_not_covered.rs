// Rule: mta-sts-mx-not-covered
//
// RFC 8461 §4.1: a sender applying an MTA-STS policy delivers only to MX hosts that
// match one of the policy's `mx` patterns. In `enforce` mode mail to any other MX host
// is not delivered, so an MX change (a move to a new provider) must be preceded by a
// policy that lists the new hosts — the classic way a migration loses mail silently.
// In `testing` mode delivery goes on, with failure reports (TLS-RPT); that case is
// still reported, as a warning through the same text, because switching to enforce
// later would break delivery.

use super::Rule;
use crate::Text;
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};
use crate::mta_sts::{Mode, PolicyFetch, parse_policy};

pub(super) static RULE: Rule = Rule {
    code: "mta-sts-mx-not-covered",
    severity: Severity::Error,
    topic: Topic::MtaSts,
    kind: RecordKind::Survey,
    reference: Some("RFC 8461 §4.1"),
    text: RuleText {
        title: Text {
            ja: "MX「{hosts}」がMTA-STSポリシー(mode: {mode})に載っていません",
            en: "The MX host(s) “{hosts}” are not in the MTA-STS policy (mode: {mode})",
        },
        why: Text {
            ja: "MTA-STSに対応した送信側は、ポリシーの mx に一致するホストにしか配送しません。mode: enforce では、載っていないMXへのメールは届きません(mode: testing では届きますが、失敗がレポートされます)。MXを変更するときに最も見落とされやすい設定です。",
            en: "Senders that apply MTA-STS deliver only to hosts matching the policy's mx lines. In mode: enforce, mail to an MX host not listed is not delivered (in mode: testing it is, and the failure is reported). This is the setting most often forgotten when the MX changes.",
        },
        fix: Text {
            ja: "ポリシーファイルに「mx: {hosts}」(またはワイルドカード)を追加し、_mta-sts のTXTレコードの id= を新しい値に変えてください。MXを切り替える前に、古いポリシーの max_age が過ぎるまで待つ必要があります。",
            en: "Add “mx: {hosts}” (or a wildcard) to the policy file and give the _mta-sts TXT record a new id=. Before switching the MX, wait until the old policy's max_age has passed.",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    let Some(report) = ctx.report else { return };
    let Some(PolicyFetch::Fetched { body, .. }) = &report.mta_sts_policy else {
        return;
    };
    let (policy, _) = parse_policy(body);
    let mode = match policy.mode {
        Some(Mode::Enforce) => "enforce",
        Some(Mode::Testing) => "testing",
        // `none` withdraws the policy; without a mode senders reject the file
        // (mta-sts-policy-syntax-error says so).
        Some(Mode::None) | None => return,
    };
    let uncovered: Vec<&str> = report
        .mx
        .iter()
        .map(|mx| mx.host.as_str())
        .filter(|host| !host.is_empty() && !policy.matches_mx(host))
        .collect();
    if uncovered.is_empty() {
        return;
    }
    let mut finding = Finding::new(rule, ctx.owner, Some(body))
        .param("hosts", uncovered.join(", "))
        .param("mode", mode);
    if mode == "testing" {
        finding.severity = crate::findings::Severity::Warning;
    }
    acc.push(finding);
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::findings::Severity;
    use crate::findings::rules::check_report;
    use crate::mta_sts::{PolicyFetch, policy_url};
    use crate::survey::MxHost;
    use crate::survey::report::empty;

    fn report(mode: &str, mx: &[&str]) -> crate::survey::Report {
        let mut report = empty("example.jp");
        report.mta_sts_policy = Some(PolicyFetch::Fetched {
            url: policy_url("example.jp"),
            body: format!(
                "version: STSv1\nmode: {mode}\nmx: mx1.old-provider.example\nmx: *.old-provider.example\nmax_age: 604800\n"
            ),
        });
        for host in mx {
            report.mx.push(MxHost {
                preference: 10,
                host: (*host).into(),
                addresses: Vec::new(),
                addresses_known: true,
                cname: None,
            });
        }
        report
    }

    #[test]
    fn enforce_with_a_new_mx_is_an_error() {
        let findings = check_report(
            &RULE,
            &report("enforce", &["smtp.google.com", "a.old-provider.example"]),
        );
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].params["hosts"], "smtp.google.com");
        assert_eq!(findings[0].severity, Severity::Error);
    }

    #[test]
    fn testing_mode_is_a_warning() {
        let findings = check_report(&RULE, &report("testing", &["smtp.google.com"]));
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].severity, Severity::Warning);
    }

    #[test]
    fn covered_hosts_and_mode_none_give_nothing() {
        assert!(
            check_report(
                &RULE,
                &report(
                    "enforce",
                    &["mx1.old-provider.example", "b.old-provider.example"]
                )
            )
            .is_empty()
        );
        assert!(check_report(&RULE, &report("none", &["smtp.google.com"])).is_empty());
    }
}
