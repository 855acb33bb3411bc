// Rule: target-mx-without-spf
//
// MX already names the chosen target, but SPF does not authorise it (RFC 7208 §5.2:
// the target's servers are covered only by its include). Mail the target sends in the
// domain's name fails SPF; with DMARC enforcing and no aligned DKIM signature, it is
// rejected or quarantined. A warning, not an error: DKIM alone can carry DMARC, and
// readiness's `spf-room` item, which prices adding the include, must stay readable.
// A domain with no SPF at all gets `spf-missing` instead.

use super::Rule;
use crate::Text;
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};
use crate::stage::sides::sides;

pub(super) static RULE: Rule = Rule {
    code: "target-mx-without-spf",
    severity: Severity::Warning,
    topic: Topic::Spf,
    kind: RecordKind::Survey,
    reference: Some("RFC 7208 §5.2"),
    text: RuleText {
        title: Text {
            ja: "MXは{target_ja}を指していますが、SPFに「include:{include}」がありません",
            en: "MX points to {target_en}, but SPF lacks “include:{include}”",
        },
        why: Text {
            ja: "{target_ja}から送るメールはSPFの認証に失敗します。DMARCのポリシーによっては、受信側で迷惑メール扱いや拒否になります。",
            en: "Mail sent through {target_en} fails SPF; depending on the DMARC policy, receivers mark it as spam or reject it.",
        },
        fix: Text {
            ja: "計画の「SPF・DKIM・DMARC を準備する」に戻り、SPFレコードに「include:{include}」を加えてください。SPFは1つのレコードにまとめます。",
            en: "Go back to the plan's step “Prepare SPF, DKIM and DMARC” and add “include:{include}” to the SPF record (one SPF record only).",
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
    let Some(include) = target
        .setup
        .and_then(|setup| setup.spf)
        .map(|spf| spf.include)
    else {
        return;
    };
    // One SPF record, read to the end: otherwise other rules speak, and a missing
    // include might be in the part that could not be read.
    if report.spf_records.len() != 1 || report.spf_tree.is_minimum() {
        return;
    }
    if crate::survey::spf_tree::contains(&report.spf_tree, include) {
        return;
    }
    acc.push(
        Finding::new(
            rule,
            ctx.owner,
            report.spf_records.first().map(String::as_str),
        )
        .param("include", include)
        .param("target_ja", target.name.ja)
        .param("target_en", target.name.en),
    );
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::findings::rules::check_report;
    use crate::stage::tests::{report, with_spf_includes, with_target};

    #[test]
    fn mx_at_the_target_without_its_include_is_an_error() {
        let report = with_spf_includes(
            with_target(report(&["smtp.google.com"]), "google-workspace"),
            &["_spf.lolipop.jp"],
        );
        let findings = check_report(&RULE, &report);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].params["include"], "_spf.google.com");
    }

    #[test]
    fn no_finding_with_the_include_before_the_switch_or_without_spf() {
        let with_include = with_spf_includes(
            with_target(report(&["smtp.google.com"]), "google-workspace"),
            &["_spf.google.com"],
        );
        assert!(check_report(&RULE, &with_include).is_empty());
        let before = with_spf_includes(
            with_target(report(&["mx01.lolipop.jp"]), "google-workspace"),
            &["_spf.lolipop.jp"],
        );
        assert!(check_report(&RULE, &before).is_empty());
        let no_spf = with_target(report(&["smtp.google.com"]), "google-workspace");
        assert!(check_report(&RULE, &no_spf).is_empty());
    }
}
