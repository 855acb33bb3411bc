// Rule: mx-null
//
// `MX 0 .` (RFC 7505) says the domain accepts no mail: senders bounce mail to it at
// once instead of trying the web server. Right for a domain that never receives
// mail; worth knowing before a move, because the new provider's MX must replace it.

use super::Rule;
use crate::Text;
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};

pub(super) static RULE: Rule = Rule {
    code: "mx-null",
    severity: Severity::Info,
    topic: Topic::Mx,
    kind: RecordKind::Survey,
    reference: Some("RFC 7505 §3"),
    text: RuleText {
        title: Text {
            ja: "このドメインは「メールを受け取らない」と宣言しています(null MX)",
            en: "This domain declares that it accepts no mail (null MX)",
        },
        why: Text {
            ja: "MXが「0 .」だけなので、このドメインあてのメールは送信側ですぐにエラーで返されます。メールを使わないドメインなら正しい設定です。",
            en: "Its only MX is “0 .”, so senders bounce mail to this domain at once. For a domain that never receives mail this is the right setting.",
        },
        fix: Text {
            ja: "このドメインでメールを受け取るようにする場合は、「0 .」のMXを削除し、移行先のMXに置き換えてください。",
            en: "To receive mail at this domain, delete the “0 .” MX and publish the new provider's MX records instead.",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    let Some(report) = ctx.report else { return };
    if report.null_mx {
        acc.push(Finding::new(rule, ctx.owner, Some("0 .")));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::findings::rules::check_report;
    use crate::survey::report::empty;

    #[test]
    fn a_null_mx_is_worth_knowing() {
        let mut report = empty("example.jp");
        report.null_mx = true;
        assert_eq!(check_report(&RULE, &report).len(), 1);
        assert!(check_report(&RULE, &empty("example.jp")).is_empty());
    }
}
