// Rule: spf-dead-host
//
// An `a`, `mx` or `exists` term whose name finds nothing in DNS: the name no longer
// exists, or has no address (an `mx`: no MX, or mail servers without an address). The
// term can match no sender, yet costs a DNS lookup, and each void lookup counts
// towards RFC 7208 §4.6.4's limit of two, past which SPF is a permerror for every
// receiver (`spf-too-many-void-lookups`). After a move, the old servers' names are
// the classic leftover. One finding per term, in every record of the tree; the
// domain's own record gets the corrected record, without every term this rule flags
// in it. The domain's own `mx` is left to the MX rules (`mx-missing`,
// `mx-unresolvable`): what is wrong there is the MX, not SPF.

use super::Rule;
use crate::Text;
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};
use crate::survey::{SpfNode, SpfTarget, SpfTargetMechanism, SpfVia};

pub(super) static RULE: Rule = Rule {
    code: "spf-dead-host",
    severity: Severity::Warning,
    topic: Topic::Spf,
    kind: RecordKind::Survey,
    reference: Some("RFC 7208 §4.6.4"),
    text: RuleText {
        title: Text {
            ja: "SPFの「{term}」が指す {host} は、DNSで見つかりません",
            en: "SPF “{term}” points to {host}, which DNS does not find",
        },
        why: Text {
            ja: "{host} をDNSで調べると、{what_ja}。この項目はどのサーバーにも一致せず、受信側の参照回数を使うだけです。何も見つからない参照が3件以上になると、SPF全体が無効(permerror)と判定され、正規のメールも認証に失敗します。以前のサーバーやサービスの名前が残っていることがよくあります。",
            en: "Looking up {host} in DNS finds {what_en}. The entry matches no server and only uses up the receiver's lookups; with three or more lookups that find nothing, the whole SPF record is judged invalid (permerror) and legitimate mail fails authentication. Names of old servers and services are often left behind like this.",
        },
        fix: Text {
            ja: "そのサーバーを今は使っていなければ、{owner} のSPFレコードから「{term}」を削除してください。ほかの会社が管理するレコード(include先)にある場合は、そのincludeが今も必要か確認してください。",
            en: "If that server is no longer in use, remove “{term}” from the SPF record of {owner}. If that record is another company's (an include), check whether you still need the include.",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    let Some(report) = ctx.report else { return };
    let fixed = corrected(&report.spf_tree, &report.domain);
    let mut seen: Vec<(&str, &str)> = Vec::new();
    let mut nodes = vec![&report.spf_tree];
    while let Some(node) = nodes.pop() {
        // Children reversed onto the stack: findings come in tree order.
        nodes.extend(node.children.iter().rev());
        for target in flagged(node, &report.domain) {
            if seen.contains(&(&node.domain, &target.term)) {
                continue;
            }
            seen.push((&node.domain, &target.term));
            let (what_ja, what_en) = what(target);
            let mut finding = Finding::new(rule, &node.domain, node.record.as_deref())
                .span(target.span.clone())
                .param("term", &target.term)
                .param("host", &target.domain)
                .param("owner", &node.domain)
                .param("what_ja", what_ja)
                .param("what_en", what_en);
            if node.via == SpfVia::Root
                && let Some(fixed) = &fixed
            {
                finding = finding.fixed(fixed.clone());
            }
            acc.push(finding);
        }
    }
}

/// The dead targets of `node` this rule names: all but the surveyed domain's own `mx`.
fn flagged<'a>(node: &'a SpfNode, domain: &'a str) -> impl Iterator<Item = &'a SpfTarget> {
    node.targets.iter().filter(move |target| {
        target.is_dead() && !(target.mechanism == SpfTargetMechanism::Mx && target.domain == domain)
    })
}

/// What looking the target up found, for `why`, in Japanese and English.
fn what(target: &SpfTarget) -> (&'static str, &'static str) {
    match (target.mechanism, target.is_void()) {
        (SpfTargetMechanism::Mx, true) => (
            "メールサーバー(MXレコード)が登録されていないか、名前そのものがありません",
            "no mail server (no MX record), or no such name at all",
        ),
        (SpfTargetMechanism::Mx, false) => (
            "メールサーバーは登録されていますが、どれにもIPアドレスがありません",
            "mail servers, none of which has an IP address",
        ),
        _ => (
            "IPアドレスが登録されていないか、名前そのものがありません",
            "no IP address, or no such name at all",
        ),
    }
}

/// The domain's own record without the terms this rule flags in it, when there are
/// any. Only the terms' bytes go (with the space before each), so the rest stays as
/// written.
fn corrected(root: &SpfNode, domain: &str) -> Option<String> {
    let record = root.record.as_deref()?;
    let mut spans: Vec<std::ops::Range<usize>> = flagged(root, domain)
        .map(|target| target.span.clone())
        .collect();
    if spans.is_empty() {
        return None;
    }
    crate::sort::sort_by(&mut spans, |a, b| a.start.cmp(&b.start));
    let mut fixed = String::new();
    let mut from = 0;
    for span in spans {
        let kept = record.get(from..span.start)?;
        fixed.push_str(kept.strip_suffix(' ').unwrap_or(kept));
        from = span.end;
    }
    fixed.push_str(record.get(from..)?);
    Some(fixed)
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::Lang;
    use crate::findings::rules::check_report;
    use crate::survey::report::empty;
    use crate::survey::{SpfNode, SpfTarget, SpfTargetMechanism, SpfTargetStatus, SpfVia};

    const RECORD: &str =
        "v=spf1 a:old-mx1.example.jp ip4:127.0.0.1 a:live.example.jp mx:legacy.example.jp -all";

    fn target(record: &str, term: &str, status: &str) -> SpfTarget {
        let start = record.find(term).expect("in the record");
        let (mechanism, domain) = term.split_once(':').unwrap_or((term, "example.jp"));
        SpfTarget {
            mechanism: SpfTargetMechanism::from_name(mechanism).unwrap_or(SpfTargetMechanism::A),
            term: term.into(),
            span: start..start + term.len(),
            domain: domain.into(),
            status: SpfTargetStatus::from_name(status).expect("a status"),
        }
    }

    fn root(record: &str, targets: Vec<SpfTarget>) -> SpfNode {
        SpfNode {
            domain: "example.jp".into(),
            via: SpfVia::Root,
            record: Some(record.into()),
            problem: None,
            void: false,
            lookups: 3,
            total_lookups: 3,
            targets,
            children: Vec::new(),
        }
    }

    #[test]
    fn names_each_dead_host_and_gives_the_record_without_them() {
        let mut report = empty("example.jp");
        report.spf_tree = root(
            RECORD,
            vec![
                target(RECORD, "a:old-mx1.example.jp", "void"),
                target(RECORD, "a:live.example.jp", "found"),
                target(RECORD, "mx:legacy.example.jp", "no-address"),
            ],
        );
        let findings = check_report(&RULE, &report);
        assert_eq!(findings.len(), 2);
        assert_eq!(findings[0].params["term"], "a:old-mx1.example.jp");
        assert_eq!(findings[1].params["host"], "legacy.example.jp");
        let span = findings[0].span.clone().expect("span");
        assert_eq!(&RECORD[span], "a:old-mx1.example.jp");
        for finding in &findings {
            assert_eq!(
                finding.fix.as_deref(),
                Some("v=spf1 ip4:127.0.0.1 a:live.example.jp -all")
            );
        }
        assert_eq!(
            findings[0].title(Lang::Ja),
            "SPFの「a:old-mx1.example.jp」が指す old-mx1.example.jp は、DNSで見つかりません"
        );
        assert!(
            findings[1]
                .why(Lang::En)
                .contains("finds mail servers, none of which has an IP address")
        );
    }

    #[test]
    fn in_an_include_the_finding_is_about_that_record_and_has_no_fix() {
        let include = "v=spf1 a:gone.provider.example ~all";
        let mut child = root(
            include,
            vec![target(include, "a:gone.provider.example", "void")],
        );
        child.domain = "_spf.provider.example".into();
        child.via = SpfVia::Include;
        let mut report = empty("example.jp");
        let mut tree = root("v=spf1 include:_spf.provider.example -all", Vec::new());
        tree.children.push(child);
        report.spf_tree = tree;
        let findings = check_report(&RULE, &report);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].subject.owner, "_spf.provider.example");
        assert_eq!(findings[0].subject.record.as_deref(), Some(include));
        assert!(findings[0].fix.is_none());
        assert!(
            findings[0]
                .how_to_fix(Lang::En)
                .contains("from the SPF record of _spf.provider.example")
        );
    }

    #[test]
    fn unknown_live_and_own_mx_targets_are_not_named() {
        let record = "v=spf1 a:slow.example.jp a:later.example.jp mx a -all";
        let mut report = empty("example.jp");
        report.spf_tree = root(
            record,
            vec![
                target(record, "a:slow.example.jp", "could-not-check"),
                target(record, "a:later.example.jp", "not-asked"),
                // The domain's own MX is the MX rules' business.
                target(record, "mx", "void"),
            ],
        );
        // A bare `a` whose domain has no address is named.
        let bare = record.find(" a ").expect("bare a") + 1;
        report.spf_tree.targets.push(SpfTarget {
            mechanism: SpfTargetMechanism::A,
            term: "a".into(),
            span: bare..bare + 1,
            domain: "example.jp".into(),
            status: SpfTargetStatus::Void,
        });
        let findings = check_report(&RULE, &report);
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert_eq!(findings[0].params["term"], "a");
        assert_eq!(
            findings[0].fix.as_deref(),
            Some("v=spf1 a:slow.example.jp a:later.example.jp mx -all")
        );
    }

    #[test]
    fn the_same_term_twice_in_a_record_is_named_once() {
        let record = "v=spf1 a:old.example.jp a:old.example.jp -all";
        let second = record.rfind("a:old").expect("twice");
        let mut twice = target(record, "a:old.example.jp", "void");
        twice.span = second..second + "a:old.example.jp".len();
        let mut report = empty("example.jp");
        report.spf_tree = root(
            record,
            vec![target(record, "a:old.example.jp", "void"), twice],
        );
        let findings = check_report(&RULE, &report);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].fix.as_deref(), Some("v=spf1 -all"));
    }
}
