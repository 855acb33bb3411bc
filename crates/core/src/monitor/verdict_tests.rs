//! The headline against its rows: named cases, then every combination of row states.

use super::*;
use crate::dns::Record;

const NOW: u64 = 1_795_000_000;
const NEW: &str = "smtp.google.com";
const OLD: &str = "sv5678.xserver.jp";

fn outcome(view: View) -> Outcome {
    let hosts: &[&str] = match view {
        View::New => &[NEW],
        View::Old => &[OLD],
        View::Mixed => &[NEW, OLD],
        View::NoMx => return Outcome::NoData { negative_ttl: None },
        View::Unreachable => return Outcome::Timeout,
    };
    Outcome::Records {
        records: hosts
            .iter()
            .map(|host| Record {
                name: "example.jp".into(),
                ttl: 600,
                data: RecordData::Mx {
                    preference: 10,
                    exchange: (*host).into(),
                },
            })
            .collect(),
    }
}

fn row(name: &str, role: Role, view: View, serial: Option<u32>) -> Observation {
    Observation {
        server: name.into(),
        address: "127.0.0.1".into(),
        role,
        outcome: outcome(view),
        soa_serial: serial,
    }
}

fn expect() -> Expectation {
    Expectation::new([NEW], [OLD], Some(3600), Some(NOW - 600))
}

#[test]
fn a_zone_that_still_lists_the_old_exchanger_says_so_first() {
    let observations = [
        row("ns1", Role::Authoritative, View::Mixed, Some(3)),
        row("ns2", Role::Authoritative, View::Old, Some(2)),
        row("google", Role::Resolver, View::Old, None),
    ];
    let status = judge(&observations, &expect(), NOW);
    assert_eq!(
        verdict(&status),
        Verdict::ZoneListsOld {
            old_hosts: vec![OLD.into()],
            new_listed: true
        }
    );
    let words = headline(&status, &jst);
    assert!(
        words.ja.starts_with(
            "ゾーンにまだ sv5678.xserver.jp が残っています。DNS の管理画面で削除してください"
        ),
        "{}",
        words.ja
    );
    assert!(
        words
            .en
            .starts_with("The zone still lists sv5678.xserver.jp: delete it at your DNS host"),
        "{}",
        words.en
    );
}

#[test]
fn without_an_expectation_an_old_exchanger_left_in_the_zone_is_not_new() {
    // Nobody said what is new; the user named the old host. The zone serves both.
    let expectation = Expectation::new([], [OLD], Some(3600), None);
    let observations = [row("ns1", Role::Authoritative, View::Mixed, Some(3))];
    let status = judge(&observations, &expectation, NOW);
    assert_eq!(status.new_mx.iter().collect::<Vec<_>>(), [NEW]);
    assert_eq!(status.servers[0].view, View::Mixed);
    assert!(matches!(verdict(&status), Verdict::ZoneListsOld { .. }));
}

#[test]
fn an_unchanged_zone_is_told_to_change_the_mx() {
    let observations = [row("ns1", Role::Authoritative, View::Old, Some(1))];
    let words = headline(&judge(&observations, &expect(), NOW), &jst);
    assert!(
        words
            .en
            .contains("still lists only sv5678.xserver.jp, not the new MX (smtp.google.com)"),
        "{}",
        words.en
    );
    assert!(
        words
            .ja
            .contains("MX を smtp.google.com に変更してください"),
        "{}",
        words.ja
    );
}

#[test]
fn a_lagging_secondary_is_named_with_what_it_serves() {
    let observations = [
        row("ns1", Role::Authoritative, View::New, Some(3)),
        row("ns2", Role::Authoritative, View::Mixed, Some(2)),
    ];
    let status = judge(&observations, &expect(), NOW);
    assert!(matches!(
        verdict(&status),
        Verdict::AuthorityLags { ref server, view: View::Mixed, serial: Some(2), newest: Some(3), .. } if server == "ns2"
    ));
    let words = headline(&status, &jst);
    assert!(
        words.en.contains("both the old and the new MX"),
        "{}",
        words.en
    );
    assert!(
        !words.en.contains("does not serve the new MX"),
        "{}",
        words.en
    );
}

#[test]
fn a_mixed_resolver_is_mixed_not_old() {
    let observations = [
        row("ns1", Role::Authoritative, View::New, Some(3)),
        row("google", Role::Resolver, View::Mixed, None),
        row("quad9", Role::Resolver, View::New, None),
    ];
    let status = judge(&observations, &expect(), NOW);
    assert_eq!(
        verdict(&status),
        Verdict::ResolversPending {
            old: 0,
            mixed: 1,
            no_mx: 0,
            switched: 1,
            answered: 2
        }
    );
    let words = headline(&status, &jst);
    assert!(words.ja.contains("1 台が新旧混在"), "{}", words.ja);
    assert!(!words.ja.contains("旧 MX だけ"), "{}", words.ja);
    assert!(
        words.en.contains("1 return old and new together (mixed)"),
        "{}",
        words.en
    );
    assert!(!words.en.contains("only the old MX"), "{}", words.en);
}

#[test]
fn dates_in_the_headline_are_for_people() {
    let observations = [row("ns1", Role::Authoritative, View::New, Some(3))];
    let status = judge(&observations, &expect(), NOW);
    let words = headline(&status, &jst);
    let safe = status.safe_from.expect("safe from");
    assert!(
        words.ja.contains(&human_time(safe, &jst, Lang::Ja, false)),
        "{}",
        words.ja
    );
    assert!(
        words.en.contains(&human_time(safe, &jst, Lang::En, false)),
        "{}",
        words.en
    );
    assert!(!words.ja.contains("+09:00") && !words.en.contains("+09:00"));
}

use crate::Lang;

const VIEWS: [View; 5] = [
    View::New,
    View::Old,
    View::Mixed,
    View::NoMx,
    View::Unreachable,
];

/// Every combination of up to three authoritative rows (each view, serial 1 or 2) and
/// up to two resolver rows (each view): the case and the words agree with the rows.
#[test]
fn for_any_rows_the_headline_is_consistent_with_them() {
    let mut authority_sets: Vec<Vec<(View, u32)>> = vec![Vec::new()];
    for _ in 0..3 {
        let longer: Vec<Vec<(View, u32)>> = authority_sets
            .iter()
            .filter(|set| set.len() == authority_sets.last().map_or(0, Vec::len))
            .flat_map(|set| {
                VIEWS.iter().flat_map(move |view| {
                    [1, 2].into_iter().map(move |serial| {
                        let mut set = set.clone();
                        set.push((*view, serial));
                        set
                    })
                })
            })
            .collect();
        authority_sets.extend(longer);
    }
    let mut resolver_sets: Vec<Vec<View>> = vec![Vec::new()];
    resolver_sets.extend(VIEWS.iter().map(|view| vec![*view]));
    for a in VIEWS {
        for b in VIEWS {
            resolver_sets.push(vec![a, b]);
        }
    }
    let mut checked = 0;
    for authorities in &authority_sets {
        for resolvers in &resolver_sets {
            let mut observations: Vec<Observation> = authorities
                .iter()
                .enumerate()
                .map(|(at, (view, serial))| {
                    row(
                        &format!("ns{at}"),
                        Role::Authoritative,
                        *view,
                        Some(*serial),
                    )
                })
                .collect();
            observations.extend(
                resolvers
                    .iter()
                    .enumerate()
                    .map(|(at, view)| row(&format!("r{at}"), Role::Resolver, *view, None)),
            );
            check_consistent(&observations);
            checked += 1;
        }
    }
    // 1 + 10 + 100 + 1,000 authority sets times 31 resolver sets.
    assert_eq!(checked, 1111 * 31);
}

fn check_consistent(observations: &[Observation]) {
    let status = judge(observations, &expect(), NOW);
    let case = verdict(&status);
    let words = headline(&status, &jst);
    let context = || format!("{observations:?}\n→ {case:?}\n{}\n{}", words.ja, words.en);
    let answered = |role: Role| {
        status
            .servers
            .iter()
            .filter(move |server| server.role == role && server.view != View::Unreachable)
    };
    let newest = answered(Role::Authoritative)
        .filter_map(|server| server.soa_serial)
        .max();
    let zone_lists_old = answered(Role::Authoritative)
        .filter(|server| server.soa_serial == newest)
        .any(|server| matches!(server.view, View::Old | View::Mixed));
    let every_answer_new = status
        .servers
        .iter()
        .filter(|server| server.view != View::Unreachable)
        .all(|server| server.view == View::New);
    let all_switched_words = "Every authoritative server and every resolver that answered";
    match &case {
        Verdict::NoAuthority => {
            assert_eq!(answered(Role::Authoritative).count(), 0, "{}", context());
        }
        Verdict::ZoneListsOld {
            old_hosts,
            new_listed,
        } => {
            assert!(zone_lists_old, "{}", context());
            assert_eq!(old_hosts, &[OLD.to_owned()], "{}", context());
            assert!(
                words.ja.contains(OLD) && words.en.contains(OLD),
                "{}",
                context()
            );
            let zone_has_new = answered(Role::Authoritative)
                .filter(|server| server.soa_serial == newest)
                .filter(|server| matches!(server.view, View::Old | View::Mixed))
                .all(|server| server.view == View::Mixed);
            assert_eq!(*new_listed, zone_has_new, "{}", context());
            assert_eq!(words.en.contains("delete"), *new_listed, "{}", context());
        }
        Verdict::ZoneWithoutMx { server } | Verdict::AuthorityLags { server, .. } => {
            assert!(!zone_lists_old, "{}", context());
            let row = status
                .servers
                .iter()
                .find(|row| &row.server == server)
                .expect("the named server is a row");
            assert_eq!(row.role, Role::Authoritative, "{}", context());
            assert!(
                !matches!(row.view, View::New | View::Unreachable),
                "{}",
                context()
            );
            assert!(words.ja.contains(server.as_str()) && words.en.contains(server.as_str()));
        }
        Verdict::AllSwitched => {
            assert!(every_answer_new, "{}", context());
            assert!(answered(Role::Authoritative).count() > 0, "{}", context());
            assert!(words.en.starts_with(all_switched_words), "{}", context());
        }
        Verdict::ResolversPending {
            old,
            mixed,
            no_mx,
            switched,
            answered: total,
        } => {
            assert!(answered(Role::Authoritative).all(|server| server.view == View::New));
            let count = |view: View| answered(Role::Resolver).filter(|s| s.view == view).count();
            assert_eq!(
                (*old, *mixed, *no_mx, *switched, *total),
                (
                    count(View::Old),
                    count(View::Mixed),
                    count(View::NoMx),
                    count(View::New),
                    answered(Role::Resolver).count()
                ),
                "{}",
                context()
            );
            assert!(old + mixed + no_mx > 0, "{}", context());
            assert_eq!(
                words.en.contains("only the old MX"),
                *old > 0,
                "{}",
                context()
            );
            assert_eq!(words.ja.contains("旧 MX だけ"), *old > 0, "{}", context());
            assert_eq!(words.en.contains("(mixed)"), *mixed > 0, "{}", context());
            assert_eq!(words.ja.contains("新旧混在"), *mixed > 0, "{}", context());
        }
    }
    // Whatever the case, "everything switched" is said exactly when it is true, and
    // the status's own flags agree with the case.
    assert_eq!(
        words.en.starts_with(all_switched_words),
        matches!(case, Verdict::AllSwitched),
        "{}",
        context()
    );
    assert_eq!(
        status.all_switched && status.authoritative_switched,
        matches!(case, Verdict::AllSwitched),
        "{}",
        context()
    );
    // No promise of a moment while the zone or an authority is not switched.
    if matches!(
        case,
        Verdict::ZoneListsOld { .. }
            | Verdict::ZoneWithoutMx { .. }
            | Verdict::AuthorityLags { .. }
    ) {
        assert_eq!(status.safe_from, None, "{}", context());
    }
}
