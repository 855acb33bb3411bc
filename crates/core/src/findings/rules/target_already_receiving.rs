// Rule: target-already-receiving
//
// The chosen target already receives the domain's mail: the MX cutover is done (or
// the domain never needed to move). Worth saying so the plan skips the MX step and
// looks at what usually lags behind — old includes, autodiscover, old mailboxes.

use super::Rule;
use crate::Text;
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};

pub(super) static RULE: Rule = Rule {
    code: "target-already-receiving",
    severity: Severity::Info,
    topic: Topic::Provider,
    kind: RecordKind::Survey,
    reference: None,
    text: RuleText {
        title: Text {
            ja: "MXは既に移行先の{target_ja}を指しています",
            en: "MX already points to the target, {target_en}",
        },
        why: Text {
            ja: "メールは既に移行先で受信されています。MXの切り替えは不要です。",
            en: "Mail is already received by the target; there is no MX cutover to plan.",
        },
        fix: Text {
            ja: "旧サービスのSPFのinclude・自動設定(autodiscover)・残っているメールボックスを整理し、移行を完了させてください。",
            en: "Finish the move: clean up the old provider's SPF include, autodiscover and any remaining mailboxes.",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    let Some(report) = ctx.report else { return };
    let Some(readiness) = &report.readiness else {
        return;
    };
    if report
        .mx_providers()
        .iter()
        .any(|found| found.provider.id == readiness.target)
    {
        let name = readiness.name();
        acc.push(
            Finding::new(rule, ctx.owner, None)
                .param("target_ja", name.ja)
                .param("target_en", name.en),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::findings::rules::check_report;
    use crate::survey::report::empty;
    use crate::survey::{MxHost, Readiness};

    fn report(mx: &str) -> crate::survey::Report {
        let mut report = empty("example.jp");
        report.mx.push(MxHost {
            preference: 1,
            host: mx.into(),
            addresses: Vec::new(),
            addresses_known: true,
            cname: None,
        });
        report.readiness = Some(Readiness {
            target: "google-workspace".into(),
            items: Vec::new(),
        });
        report
    }

    #[test]
    fn says_when_the_target_already_receives() {
        let findings = check_report(&RULE, &report("smtp.google.com"));
        assert_eq!(findings.len(), 1);
        assert!(
            findings[0]
                .title(crate::Lang::En)
                .contains("Google Workspace")
        );
    }

    #[test]
    fn silent_when_mail_goes_elsewhere_or_no_target() {
        assert!(check_report(&RULE, &report("mx.example.net")).is_empty());
        let mut no_target = report("smtp.google.com");
        no_target.readiness = None;
        assert!(check_report(&RULE, &no_target).is_empty());
    }
}
