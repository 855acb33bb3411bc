// Rule: spf-include-loop
//
// RFC 7208 §4.6.4 and §5.2: an `include:` or `redirect=` chain that leads back to a
// record already being evaluated never ends. Receivers stop it with permerror (they
// detect the loop, or run into the limit of 10 DNS lookups), so SPF fails for every
// message from the domain. The survey's tree marks the repeated record `loop`; the
// finding names the chain from the record that starts it.

use super::Rule;
use crate::Text;
use crate::findings::{Ctx, Finding, RecordKind, RuleText, Severity, Topic};
use crate::survey::{SpfNode, SpfProblem, SpfVia};

pub(super) static RULE: Rule = Rule {
    code: "spf-include-loop",
    severity: Severity::Error,
    topic: Topic::Spf,
    kind: RecordKind::Survey,
    reference: Some("RFC 7208 §4.6.4, §5.2"),
    text: RuleText {
        title: Text {
            ja: "SPFのinclude/redirectが循環しています: {path}",
            en: "SPF includes or redirects go round in a loop: {path}",
        },
        why: Text {
            ja: "循環する参照は終わらないため、受信側は参照回数の上限(10回)に達するか循環を検出した時点でSPFを無効(permerror)と判定します。このドメインから送るすべてのメールがSPF認証に失敗します。",
            en: "A chain that leads back to itself never ends: receivers stop at the limit of 10 DNS lookups or when they detect the loop, and judge SPF invalid (permerror). Every message from the domain fails SPF.",
        },
        fix: Text {
            ja: "循環の中の include: または redirect= のうち、元のレコードを指しているものを削除してください(参照先の送信元を残す必要があれば ip4/ip6 で書いてください)。",
            en: "Remove the include: or redirect= in the chain that points back to an earlier record (write the senders it was meant to cover as ip4/ip6 if they are still needed).",
        },
    },
    check,
};

fn check(acc: &mut Vec<Finding>, ctx: &Ctx<'_>, rule: &Rule) {
    let Some(report) = ctx.report else { return };
    let mut loops = Vec::new();
    find_loops(&report.spf_tree, &mut Vec::new(), &mut loops);
    let mut seen = Vec::new();
    for (path, owner, record) in loops {
        if seen.contains(&path) {
            continue;
        }
        acc.push(Finding::new(rule, &owner, record.as_deref()).param("path", &path));
        seen.push(path);
    }
}

/// Every `loop` node below `node`, as `(chain, owner, record)`: the chain from the
/// first occurrence of the repeated domain down to it (`a → b → a`), and the record
/// whose include or redirect closes the loop.
fn find_loops<'a>(
    node: &'a SpfNode,
    path: &mut Vec<&'a SpfNode>,
    loops: &mut Vec<(String, String, Option<String>)>,
) {
    if node.problem == Some(SpfProblem::Loop) {
        let start = path
            .iter()
            .position(|earlier| earlier.domain.eq_ignore_ascii_case(&node.domain))
            .unwrap_or(0);
        let chain: Vec<String> = path[start..]
            .iter()
            .map(|earlier| step(earlier))
            .chain([step(node)])
            .collect();
        if let Some(parent) = path.last() {
            loops.push((
                chain.join(" → "),
                parent.domain.clone(),
                parent.record.clone(),
            ));
        }
        return;
    }
    path.push(node);
    for child in &node.children {
        find_loops(child, path, loops);
    }
    path.pop();
}

/// `redirect=b.example.jp` or `include:b.example.jp`; the root by its name.
fn step(node: &SpfNode) -> String {
    match node.via {
        SpfVia::Include => format!("include:{}", node.domain),
        SpfVia::Redirect => format!("redirect={}", node.domain),
        SpfVia::Root => node.domain.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::findings::rules::check_report;
    use crate::survey::report::empty;
    use crate::survey::{SpfNode, SpfProblem, SpfVia};

    fn node(domain: &str, via: &str, problem: Option<&str>) -> SpfNode {
        let problem = problem.map(|name| SpfProblem::from_name(name).expect("a problem"));
        SpfNode {
            domain: domain.into(),
            via: SpfVia::from_name(via).expect("a via"),
            record: problem
                .is_none()
                .then(|| format!("v=spf1 include:{domain} -all")),
            problem,
            void: false,
            lookups: 1,
            total_lookups: 1,
            targets: Vec::new(),
            children: Vec::new(),
        }
    }

    #[test]
    fn names_the_chain_that_closes_the_loop() {
        let mut report = empty("example.jp");
        let mut b = node("b.example.jp", "include", None);
        b.children.push(node("example.jp", "include", Some("loop")));
        let mut root = node("example.jp", "root", None);
        root.children.push(node("spf.other.jp", "include", None));
        root.children.push(b);
        report.spf_tree = root;
        let findings = check_report(&RULE, &report);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].params["path"],
            "example.jp → include:b.example.jp → include:example.jp"
        );
        assert_eq!(findings[0].subject.owner, "b.example.jp");
        assert!(findings[0].why(crate::Lang::En).contains("permerror"));
    }

    #[test]
    fn a_redirect_loop_below_the_root_starts_where_it_repeats() {
        let mut report = empty("example.jp");
        let mut c = node("c.example.jp", "redirect", None);
        c.children
            .push(node("b.example.jp", "redirect", Some("loop")));
        let mut b = node("b.example.jp", "include", None);
        b.children.push(c);
        let mut root = node("example.jp", "root", None);
        root.children.push(b);
        report.spf_tree = root;
        let findings = check_report(&RULE, &report);
        assert_eq!(
            findings[0].params["path"],
            "include:b.example.jp → redirect=c.example.jp → redirect=b.example.jp"
        );
    }

    #[test]
    fn no_finding_without_a_loop() {
        let mut report = empty("example.jp");
        let mut root = node("example.jp", "root", None);
        root.children.push(node("a.example.jp", "include", None));
        root.children.push(node("a.example.jp", "include", None));
        report.spf_tree = root;
        assert!(check_report(&RULE, &report).is_empty());
    }
}
