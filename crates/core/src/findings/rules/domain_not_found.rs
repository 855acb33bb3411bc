// Rule: domain-not-found
//
// The domain's own name answered NXDOMAIN: it is not in DNS at all (a typo, a
// registration that lapsed, a sub-domain nobody created). Mail to it bounces at
// once. Everything else the survey could say ("no MX", "no SPF", "no DMARC") follows
// from this, so the report says this once, as an error, and nothing else.

use super::Rule;
use crate::Text;
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};
use crate::survey::DomainState;

pub(super) static RULE: Rule = Rule {
    code: "domain-not-found",
    severity: Severity::Error,
    topic: Topic::Dns,
    kind: RecordKind::Survey,
    reference: Some("RFC 8020 §2"),
    text: RuleText {
        title: Text {
            ja: "「{typed}」というドメインは存在しません",
            en: "The domain “{typed}” does not exist",
        },
        why: Text {
            ja: "DNSに「{unicode}」(DNS上の表記: {ascii})という名前は登録されていません。このドメインあてのメールはすぐにエラーで返され、MX・SPF・DMARCなどの設定も確認できません。",
            en: "There is no name “{unicode}” (in DNS: {ascii}). Mail to this domain bounces at once, and its MX, SPF, DMARC and other settings cannot be checked.",
        },
        fix: Text {
            ja: "入力したドメイン名の綴りを確認してください(入力: {typed})。{parent_ja}綴りが正しい場合は、ドメインの契約が切れていないか登録事業者(レジストラ)に確認してください。",
            en: "Check the spelling of the domain you typed ({typed}). {parent_en}If it is spelled right, ask the registrar whether the registration has lapsed.",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    let Some(report) = ctx.report else { return };
    if report.state != DomainState::NotFound {
        return;
    }
    let typed = report
        .typed
        .clone()
        .unwrap_or_else(|| report.domain_unicode.clone());
    // A sub-domain under a domain that exists: the typo is likely in the first label.
    let (parent_ja, parent_en) = match &report.existing_parent {
        Some(parent) => (
            format!("「{parent}」は存在します。その前の部分を確認してください。"),
            format!("“{parent}” exists: check the part in front of it. "),
        ),
        None => (String::new(), String::new()),
    };
    acc.push(
        Finding::new(rule, ctx.owner, None)
            .param("typed", typed)
            .param("ascii", &report.domain)
            .param("unicode", &report.domain_unicode)
            .param("parent_ja", parent_ja)
            .param("parent_en", parent_en),
    );
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::findings::rules::check_report;
    use crate::survey::DomainState;
    use crate::survey::report::empty;

    #[test]
    fn says_the_name_as_typed_in_both_forms() {
        let mut report = empty("xn--wgv71a119e.jp");
        report.domain_unicode = "日本語.jp".into();
        report.typed = Some("taro@日本語.JP".into());
        report.state = DomainState::NotFound;
        let findings = check_report(&RULE, &report);
        assert_eq!(findings.len(), 1);
        let en = findings[0].why(crate::Lang::En);
        assert!(
            en.contains("“日本語.jp” (in DNS: xn--wgv71a119e.jp)"),
            "{en}"
        );
        assert!(
            findings[0]
                .title(crate::Lang::Ja)
                .contains("taro@日本語.JP")
        );
        assert!(findings[0].how_to_fix(crate::Lang::Ja).contains("綴り"));
    }

    #[test]
    fn points_at_the_parent_that_exists() {
        let mut report = empty("mial.example.jp");
        report.state = DomainState::NotFound;
        report.existing_parent = Some("example.jp".into());
        let fix = check_report(&RULE, &report)[0].how_to_fix(crate::Lang::En);
        assert!(fix.contains("“example.jp” exists"), "{fix}");
    }

    #[test]
    fn silent_for_a_domain_that_answers_or_fails() {
        let mut report = empty("example.jp");
        assert!(check_report(&RULE, &report).is_empty());
        report.state = DomainState::Unreachable;
        assert!(check_report(&RULE, &report).is_empty());
    }
}
