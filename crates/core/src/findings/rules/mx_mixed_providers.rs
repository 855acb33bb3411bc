// Rule: mx-mixed-providers
//
// An MX set naming exchangers of two mail providers splits incoming mail: senders
// pick by preference and fall back to the others, so some messages land at each
// provider and users miss them. It is normal for a few hours of a cutover and a
// mistake when it lasts (a forgotten old MX at a lower preference is the usual form).
// Gateways are not mail providers here: MX at a filtering service is not a split.

use super::{Rule, provider_names};
use crate::Text;
use crate::catalog::{Detection, MailProvider};
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};

pub(super) static RULE: Rule = Rule {
    code: "mx-mixed-providers",
    severity: Severity::Warning,
    topic: Topic::Mx,
    kind: RecordKind::Survey,
    reference: Some("RFC 5321 §5.1"),
    text: RuleText {
        title: Text {
            ja: "MXが複数のメールサービスを指しています: {providers_ja}",
            en: "MX points at more than one mail provider: {providers_en}",
        },
        why: Text {
            ja: "送信側は優先度の順に配送先を選び、つながらなければ次を使うため、メールが複数のサービスに分かれて届きます。移行の切り替え中なら一時的には普通ですが、そのままだとメールの見落としが起きます。",
            en: "Senders choose exchangers by preference and fall back to the others, so mail is split between the providers. That is normal for a few hours during a cutover, but left in place, people miss messages.",
        },
        fix: Text {
            ja: "移行先のサービスのMXだけを残し、旧サービスのMXを削除してください。移行の途中なら、旧サービスに届いたメールも移行先に移してください。",
            en: "Keep only the MX records of the provider you are moving to and delete the old provider's. If the move is in progress, also move the mail that arrived at the old provider.",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    let Some(report) = ctx.report else { return };
    let detections = report.mx_providers();
    if detections.len() < 2 {
        return;
    }
    let providers: Vec<&MailProvider> = detections.iter().map(|found| found.provider).collect();
    let (ja, en) = provider_names(&providers);
    let evidence: Vec<String> = detections.iter().map(evidence).collect();
    acc.push(
        Finding::new(rule, ctx.owner, None)
            .param("providers_ja", ja)
            .param("providers_en", en)
            .param("evidence", evidence.join("; ")),
    );
}

/// `google-workspace: smtp.google.com`: which exchangers (or addresses) point where.
fn evidence(detection: &Detection<MailProvider>) -> String {
    let observed: Vec<&str> = detection
        .evidence
        .iter()
        .map(|evidence| evidence.observed.as_str())
        .collect();
    format!("{}: {}", detection.provider.id, observed.join(", "))
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::findings::rules::check_report;
    use crate::survey::MxHost;
    use crate::survey::report::empty;

    fn mx(preference: u16, host: &str) -> MxHost {
        MxHost {
            preference,
            host: host.into(),
            addresses: Vec::new(),
            addresses_known: true,
            cname: None,
        }
    }

    #[test]
    fn flags_two_providers_with_their_evidence() {
        let mut report = empty("example.jp");
        report
            .mx
            .push(mx(0, "example-jp.mail.protection.outlook.com"));
        report.mx.push(mx(10, "smtp.google.com"));
        let findings = check_report(&RULE, &report);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].params["evidence"],
            "google-workspace: smtp.google.com; microsoft-365: example-jp.mail.protection.outlook.com"
        );
        assert!(
            findings[0]
                .title(crate::Lang::Ja)
                .contains("Google Workspace、Microsoft 365")
        );
    }

    #[test]
    fn silent_for_one_provider_or_unknown_hosts() {
        let mut report = empty("example.jp");
        report.mx.push(mx(1, "aspmx.l.google.com"));
        report.mx.push(mx(5, "alt1.aspmx.l.google.com"));
        report.mx.push(mx(20, "mx.unknown.example"));
        assert!(check_report(&RULE, &report).is_empty());
    }
}
