// Rule: target-mx-without-dkim
//
// MX already names the chosen target, but none of the target's DKIM selectors holds a
// key (RFC 6376 §3.6.2.1: `<selector>._domainkey.<domain>`). Mail the target sends is
// not signed with the domain's key; DMARC then rests on SPF alone, which forwarding
// breaks. Only for targets whose selectors the catalog knows, and only when those
// lookups were answered.

use super::Rule;
use crate::Text;
use crate::dns::{Query, RecordType};
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};
use crate::stage::sides::sides;
use crate::stage::target_dkim_selectors;

pub(super) static RULE: Rule = Rule {
    code: "target-mx-without-dkim",
    severity: Severity::Warning,
    topic: Topic::Dkim,
    kind: RecordKind::Survey,
    reference: Some("RFC 6376 §3.6.2.1"),
    text: RuleText {
        title: Text {
            ja: "MXは{target_ja}を指していますが、{target_ja}のDKIM鍵が公開されていません",
            en: "MX points to {target_en}, but its DKIM key is not published",
        },
        why: Text {
            ja: "{owners} にDKIM鍵がないため、{target_ja}から送るメールにこのドメインの署名が付きません。DMARCはSPFだけに頼ることになり、転送されたメールは認証に失敗して迷惑メール扱いされやすくなります。",
            en: "There is no DKIM key at {owners}, so mail sent through {target_en} carries no signature of this domain. DMARC then rests on SPF alone, and forwarded mail fails it and is more likely to be marked as spam.",
        },
        fix: Text {
            ja: "計画の「SPF・DKIM・DMARC を準備する」に戻り、{target_ja}の管理画面でDKIMを有効にして、表示されるレコードを {owners} に登録してください。別のセレクターを選んだ場合は、そのセレクターを指定して確認し直してください。",
            en: "Go back to the plan's step “Prepare SPF, DKIM and DMARC”: turn DKIM on in {target_en}'s admin console and publish the records it shows at {owners}. If you chose another selector, check again with that selector.",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    let Some(report) = ctx.report else { return };
    let sides = sides(report);
    let (Some(target), true, true) = (sides.target, sides.target_chosen, sides.mx_at_target) else {
        return;
    };
    let Some(selectors) = target_dkim_selectors(target) else {
        return;
    };
    let owners: Vec<String> = selectors
        .iter()
        .map(|selector| format!("{selector}._domainkey.{}", report.domain))
        .collect();
    let found = report
        .dkim
        .iter()
        .any(|fact| selectors.contains(&fact.selector.as_str()));
    let unknown = owners.iter().any(|owner| {
        report
            .could_not_check
            .contains(&Query::new(owner, RecordType::Txt))
            || report
                .not_asked
                .contains(&Query::new(owner, RecordType::Txt))
    });
    if found || unknown {
        return;
    }
    acc.push(
        Finding::new(rule, &owners[0], None)
            .param("owners", owners.join(", "))
            .param("target_ja", target.name.ja)
            .param("target_en", target.name.en),
    );
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::dns::{Query, RecordType};
    use crate::findings::rules::check_report;
    use crate::stage::tests::{report, with_target};
    use crate::survey::DkimFact;

    #[test]
    fn mx_at_the_target_without_its_key_is_a_warning() {
        let report = with_target(report(&["smtp.google.com"]), "google-workspace");
        let findings = check_report(&RULE, &report);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].params["owners"], "google._domainkey.example.jp");
    }

    #[test]
    fn no_finding_with_the_key_before_the_switch_or_when_unknown() {
        let mut with_key = with_target(report(&["smtp.google.com"]), "google-workspace");
        with_key.dkim.push(DkimFact {
            selector: "google".into(),
            record: "v=DKIM1; p=AAAA".into(),
            bits: Some(2048),
        });
        assert!(check_report(&RULE, &with_key).is_empty());
        let before = with_target(report(&["mail.example.jp"]), "google-workspace");
        assert!(check_report(&RULE, &before).is_empty());
        let mut unknown = with_target(report(&["smtp.google.com"]), "google-workspace");
        unknown
            .could_not_check
            .push(Query::new("google._domainkey.example.jp", RecordType::Txt));
        assert!(check_report(&RULE, &unknown).is_empty());
    }
}
