// Rule: autodiscover-points-to-old-provider
//
// Outlook (and other clients) set themselves up from autodiscover. When it names a
// different provider from the one the MX delivers to, every newly added account is
// configured against servers that do not hold the mailbox — the classic "mail works,
// but new PCs and phones cannot connect" after a move, or before it when autodiscover
// was changed early. Said only when both sides are recognised in the catalog: an
// unknown host on either side proves nothing.

use super::{Rule, provider_names};
use crate::Text;
use crate::catalog::{CatalogEntry as _, MailProvider};
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};

pub(super) static RULE: Rule = Rule {
    code: "autodiscover-points-to-old-provider",
    severity: Severity::Warning,
    topic: Topic::Provider,
    kind: RecordKind::Survey,
    reference: None,
    text: RuleText {
        title: Text {
            ja: "自動設定(autodiscover)が{autodiscover_ja}を指していますが、メールは{mx_ja}に届いています",
            en: "Autodiscover points to {autodiscover_en}, but mail is delivered to {mx_en}",
        },
        why: Text {
            ja: "Outlookなどのメールソフトは、新しくアカウントを追加するとき自動設定の行き先に接続します。受信先と違うと、新しいパソコンやスマートフォンでメールを設定できなかったり、旧サービスにつながったりします。",
            en: "Outlook and other clients connect to the autodiscover host when an account is added. If it differs from where mail is delivered, new PCs and phones fail to set up or connect to the old service.",
        },
        fix: Text {
            ja: "「{owner}」のレコードを{mx_ja}が指定する値に変更してください。移行の途中でMXをまだ切り替えていない場合は、MXの切り替えと同時に変更します。",
            en: "Change the record at “{owner}” to the value {mx_en} specifies. If the move is in progress and MX has not been switched yet, change it together with MX.",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    let Some(report) = ctx.report else { return };
    let receiving: Vec<&MailProvider> = report
        .mx_providers()
        .iter()
        .map(|detection| detection.provider)
        .collect();
    if receiving.is_empty() {
        return;
    }
    for fact in report
        .client_config
        .iter()
        .filter(|fact| fact.is_autodiscover())
    {
        let Some(provider) = fact.provider.as_deref().and_then(MailProvider::find) else {
            continue;
        };
        if receiving.iter().any(|mx| mx.id == provider.id) {
            continue;
        }
        let (autodiscover_ja, autodiscover_en) = provider_names(&[provider]);
        let (mx_ja, mx_en) = provider_names(&receiving);
        acc.push(
            Finding::new(rule, &fact.owner, Some(&fact.record))
                .param("owner", &fact.owner)
                .param("autodiscover_ja", autodiscover_ja)
                .param("autodiscover_en", autodiscover_en)
                .param("mx_ja", mx_ja)
                .param("mx_en", mx_en),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::dns::RecordType;
    use crate::findings::rules::check_report;
    use crate::survey::report::empty;
    use crate::survey::{ClientConfigFact, MxHost};

    fn google_mx() -> MxHost {
        MxHost {
            preference: 1,
            host: "smtp.google.com".into(),
            addresses: Vec::new(),
            addresses_known: true,
            cname: None,
        }
    }

    fn autodiscover(provider: Option<&str>) -> ClientConfigFact {
        ClientConfigFact {
            owner: "autodiscover.example.jp".into(),
            rtype: RecordType::Cname,
            record: "autodiscover.outlook.com.".into(),
            target: "autodiscover.outlook.com".into(),
            provider: provider.map(str::to_owned),
        }
    }

    #[test]
    fn flags_autodiscover_at_another_provider() {
        let mut report = empty("example.jp");
        report.mx.push(google_mx());
        report
            .client_config
            .push(autodiscover(Some("microsoft-365")));
        let findings = check_report(&RULE, &report);
        assert_eq!(findings.len(), 1);
        let title = findings[0].title(crate::Lang::En);
        assert!(title.contains("Microsoft 365"), "{title}");
        assert!(title.contains("Google Workspace"), "{title}");
        assert!(
            findings[0]
                .title(crate::Lang::Ja)
                .contains("Microsoft 365(Exchange Online)")
        );
    }

    #[test]
    fn silent_when_either_side_is_unknown_or_they_agree() {
        // Unknown autodiscover host.
        let mut report = empty("example.jp");
        report.mx.push(google_mx());
        report.client_config.push(autodiscover(None));
        assert!(check_report(&RULE, &report).is_empty());
        // Unknown exchanger.
        let mut report = empty("example.jp");
        report
            .client_config
            .push(autodiscover(Some("microsoft-365")));
        assert!(check_report(&RULE, &report).is_empty());
        // Same provider.
        let mut report = empty("example.jp");
        report.mx.push(MxHost {
            host: "example-jp.mail.protection.outlook.com".into(),
            ..google_mx()
        });
        report
            .client_config
            .push(autodiscover(Some("microsoft-365")));
        assert!(check_report(&RULE, &report).is_empty());
    }
}
