//! Property: every SPF record prints in a canonical form that parses back to the same
//! terms (`parse(display(x)) == x`, spans aside), with no issue.

use std::net::{Ipv4Addr, Ipv6Addr};

use proptest::prelude::*;

use super::{
    DualCidr, MacroString, Mechanism, Modifier, Qualifier, SpfRecord, Term, TermKind, parse,
};

fn domain_spec() -> impl Strategy<Value = MacroString> {
    let label = "[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?";
    let prefix = prop_oneof![
        Just(String::new()),
        Just("%{d}.".to_owned()),
        Just("%{ir}.%{v}._spf.".to_owned()),
        Just("%{l1r+-}.".to_owned()),
        Just("%{S}.".to_owned()),
    ];
    (
        prefix,
        prop::collection::vec(label, 1..3),
        "[a-z]{2,6}",
        any::<bool>(),
    )
        .prop_map(|(prefix, labels, top, ends_with_macro)| {
            let text = if ends_with_macro {
                format!("{prefix}{}.%{{d}}", labels.join("."))
            } else {
                format!("{prefix}{}.{top}", labels.join("."))
            };
            MacroString::parse(&text, 0, false).expect("generated domain-specs are valid")
        })
}

fn dual_cidr() -> impl Strategy<Value = DualCidr> {
    (prop::option::of(0u8..=32), prop::option::of(0u8..=128))
        .prop_map(|(v4, v6)| DualCidr { v4, v6 })
}

fn mechanism() -> impl Strategy<Value = Mechanism> {
    prop_oneof![
        Just(Mechanism::All),
        domain_spec().prop_map(Mechanism::Include),
        (prop::option::of(domain_spec()), dual_cidr())
            .prop_map(|(spec, cidr)| Mechanism::A(spec, cidr)),
        (prop::option::of(domain_spec()), dual_cidr())
            .prop_map(|(spec, cidr)| Mechanism::Mx(spec, cidr)),
        prop::option::of(domain_spec()).prop_map(Mechanism::Ptr),
        (any::<u32>(), prop::option::of(0u8..=32))
            .prop_map(|(ip, len)| Mechanism::Ip4(Ipv4Addr::from(ip), len)),
        (any::<u128>(), prop::option::of(0u8..=128))
            .prop_map(|(ip, len)| Mechanism::Ip6(Ipv6Addr::from(ip), len)),
        domain_spec().prop_map(Mechanism::Exists),
    ]
}

fn qualifier() -> impl Strategy<Value = Qualifier> {
    prop_oneof![
        Just(Qualifier::Pass),
        Just(Qualifier::Fail),
        Just(Qualifier::SoftFail),
        Just(Qualifier::Neutral)
    ]
}

fn record() -> impl Strategy<Value = SpfRecord> {
    let directives = prop::collection::vec((qualifier(), mechanism()), 0..8);
    let unknown = prop::option::of(("x-[a-z0-9]{1,6}", "[a-z0-9.]{0,10}"));
    (
        directives,
        prop::option::of(domain_spec()),
        prop::option::of(domain_spec()),
        unknown,
    )
        .prop_map(|(directives, redirect, exp, unknown)| {
            let mut kinds: Vec<TermKind> = directives
                .into_iter()
                .map(|(qualifier, mechanism)| TermKind::Directive(qualifier, mechanism))
                .collect();
            kinds.extend(redirect.map(|target| TermKind::Modifier(Modifier::Redirect(target))));
            kinds.extend(exp.map(|target| TermKind::Modifier(Modifier::Exp(target))));
            kinds.extend(unknown.map(|(name, value)| {
                let value = MacroString::parse(&value, 0, false).expect("literal");
                TermKind::Modifier(Modifier::Unknown { name, value })
            }));
            SpfRecord {
                terms: kinds
                    .into_iter()
                    .map(|kind| Term { kind, span: 0..0 })
                    .collect(),
            }
        })
}

proptest! {
    #[test]
    fn display_then_parse_is_identity(record in record()) {
        let text = record.to_string();
        let (parsed, issues) = parse(&text);
        prop_assert!(issues.is_empty(), "{text}: {issues:?}");
        let kinds: Vec<&TermKind> = parsed.terms.iter().map(|term| &term.kind).collect();
        let expected: Vec<&TermKind> = record.terms.iter().map(|term| &term.kind).collect();
        prop_assert_eq!(kinds, expected, "{}", text);
        for term in &parsed.terms {
            // Every span covers exactly the term's own text.
            prop_assert_eq!(&text[term.span.clone()], term.kind.to_string());
        }
    }

    #[test]
    fn arbitrary_text_never_panics_and_spans_stay_inside(text in "v=spf1[ -~]{0,80}") {
        let (_, issues) = parse(&text);
        for issue in issues {
            prop_assert!(issue.span.end <= text.len());
        }
    }
}
