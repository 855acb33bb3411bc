use super::*;
use crate::Lang;
use crate::dns::Record;

const NOW: u64 = 1_795_000_000;

fn mx(hosts: &[&str], ttl: u32) -> Outcome {
    Outcome::Records {
        records: hosts
            .iter()
            .enumerate()
            .map(|(at, host)| Record {
                name: "example.jp".into(),
                ttl,
                data: RecordData::Mx {
                    preference: 10 * (at as u16 + 1),
                    exchange: (*host).into(),
                },
            })
            .collect(),
    }
}

fn seen(server: &str, role: Role, outcome: Outcome, serial: Option<u32>) -> Observation {
    Observation {
        server: server.into(),
        address: "127.0.0.1".into(),
        role,
        outcome,
        soa_serial: serial,
    }
}

fn expect() -> Expectation {
    Expectation::new(
        ["SMTP.google.com."],
        ["mail.example.jp"],
        Some(3600),
        Some(NOW - 600),
    )
}

#[test]
fn classifies_each_view() {
    let observations = [
        seen("r-new", Role::Resolver, mx(&["smtp.google.com"], 250), None),
        seen(
            "r-old",
            Role::Resolver,
            mx(&["mail.example.jp"], 1200),
            None,
        ),
        seen(
            "r-mixed",
            Role::Resolver,
            mx(&["smtp.google.com", "mail.example.jp"], 30),
            None,
        ),
        seen(
            "r-none",
            Role::Resolver,
            Outcome::NoData { negative_ttl: None },
            None,
        ),
        seen("r-dead", Role::Resolver, Outcome::Timeout, None),
    ];
    let status = judge(&observations, &expect(), NOW);
    let views: Vec<View> = status.servers.iter().map(|server| server.view).collect();
    assert_eq!(
        views,
        [
            View::New,
            View::Old,
            View::Mixed,
            View::NoMx,
            View::Unreachable
        ]
    );
    assert_eq!(status.resolvers_answered, 4);
    assert_eq!(status.resolvers_switched, 1);
    assert_eq!(status.servers[1].ttl_left, Some(1200));
    assert!(!status.all_switched);
}

#[test]
fn a_lagging_authoritative_server_is_named_and_nothing_is_promised() {
    let observations = [
        seen(
            "ns1",
            Role::Authoritative,
            mx(&["smtp.google.com"], 300),
            Some(2026112802),
        ),
        seen(
            "ns2",
            Role::Authoritative,
            mx(&["mail.example.jp"], 3600),
            Some(2026112801),
        ),
        seen("r1", Role::Resolver, mx(&["smtp.google.com"], 120), None),
    ];
    let status = judge(&observations, &expect(), NOW);
    assert!(!status.authoritative_switched);
    assert_eq!(status.lagging_authoritative.len(), 1);
    assert_eq!(status.lagging_authoritative[0].server, "ns2");
    assert_eq!(status.newest_serial, Some(2026112802));
    assert_eq!(status.old_mx_possible_until, None);
    assert_eq!(status.safe_from, None);
}

#[test]
fn safe_from_is_the_latest_old_answer_plus_the_margin() {
    let observations = [
        seen(
            "ns1",
            Role::Authoritative,
            mx(&["smtp.google.com"], 300),
            Some(5),
        ),
        seen(
            "r-old",
            Role::Resolver,
            mx(&["mail.example.jp"], 3000),
            None,
        ),
        seen("r-new", Role::Resolver, mx(&["smtp.google.com"], 300), None),
    ];
    let status = judge(&observations, &expect(), NOW);
    assert!(status.authoritative_switched);
    // The cached old answer (now + 3000) outlives an unasked resolver's full TTL from
    // the change (now - 600 + 3600 = now + 3000): equal here; either bounds it.
    assert_eq!(status.old_mx_possible_until, Some(NOW + 3000));
    assert_eq!(status.safe_from, Some(NOW + 3000 + WATCH_MARGIN));

    // Everybody asked has switched: the unasked resolvers still bound it.
    let observations = [
        seen(
            "ns1",
            Role::Authoritative,
            mx(&["smtp.google.com"], 300),
            Some(5),
        ),
        seen("r-new", Role::Resolver, mx(&["smtp.google.com"], 300), None),
    ];
    let status = judge(&observations, &expect(), NOW);
    assert!(status.all_switched);
    assert_eq!(status.old_mx_possible_until, Some(NOW - 600 + 3600));
}

#[test]
fn without_the_old_ttl_only_what_was_seen_counts() {
    let mut expectation = expect();
    expectation.old_ttl = None;
    let observations = [
        seen(
            "ns1",
            Role::Authoritative,
            mx(&["smtp.google.com"], 300),
            Some(5),
        ),
        seen("r-new", Role::Resolver, mx(&["smtp.google.com"], 300), None),
    ];
    let status = judge(&observations, &expectation, NOW);
    assert_eq!(
        status.old_mx_possible_until, None,
        "cannot say without the old TTL"
    );
    let observations = [
        seen(
            "ns1",
            Role::Authoritative,
            mx(&["smtp.google.com"], 300),
            Some(5),
        ),
        seen("r-old", Role::Resolver, mx(&["mail.example.jp"], 100), None),
    ];
    let status = judge(&observations, &expectation, NOW);
    assert_eq!(status.old_mx_possible_until, Some(NOW + 100));
}

#[test]
fn serials_compare_across_the_wrap() {
    assert!(serial_newer(1, u32::MAX));
    assert!(!serial_newer(u32::MAX, 1));
    assert!(serial_newer(2026112802, 2026112801));
    let observations = [
        seen(
            "a",
            Role::Authoritative,
            mx(&["smtp.google.com"], 1),
            Some(u32::MAX),
        ),
        seen(
            "b",
            Role::Authoritative,
            mx(&["smtp.google.com"], 1),
            Some(3),
        ),
    ];
    assert_eq!(judge(&observations, &expect(), NOW).newest_serial, Some(3));
}

#[test]
fn exchangers_compare_without_case_and_nothing_answered_is_not_switched() {
    let observations = [seen(
        "r",
        Role::Resolver,
        mx(&["SMTP.Google.com"], 10),
        None,
    )];
    assert_eq!(
        judge(&observations, &expect(), NOW).servers[0].view,
        View::New
    );
    let observations = [seen("r", Role::Resolver, Outcome::Timeout, None)];
    let status = judge(&observations, &expect(), NOW);
    assert!(!status.all_switched);
    assert!(!status.authoritative_switched);
}

#[test]
fn with_no_authority_the_change_time_and_old_ttl_still_give_both_moments() {
    // A network that blocks direct DNS: every authority unreachable, resolvers answer.
    let observations = [
        seen("ns1", Role::Authoritative, Outcome::Timeout, None),
        seen("ns2", Role::Authoritative, Outcome::Refused, None),
        seen("r-new", Role::Resolver, mx(&["smtp.google.com"], 300), None),
    ];
    let status = judge(&observations, &expect(), NOW);
    assert!(!status.authoritative_switched);
    assert_eq!(status.basis, Some(Basis::ChangeAndTtl));
    assert_eq!(status.old_mx_possible_until, Some(NOW - 600 + 3600));
    assert_eq!(status.safe_from, Some(NOW - 600 + 3600 + WATCH_MARGIN));
    let words = basis_words(&status, &expect(), &jst).expect("words");
    assert!(
        words
            .ja
            .starts_with("権威 DNS サーバーに問い合わせられなかったため"),
        "{}",
        words.ja
    );
    assert!(
        words
            .ja
            .contains(&human_time(NOW - 600, &jst, Lang::Ja, false)),
        "{}",
        words.ja
    );
    assert!(words.ja.contains("1 時間"), "{}", words.ja);
    assert!(words.en.contains("could not be checked"), "{}", words.en);

    // A static deployment: nothing asked at all. The same moments.
    let alone = judge(&[], &expect(), NOW);
    assert_eq!(alone.basis, Some(Basis::ChangeAndTtl));
    assert_eq!(alone.old_mx_possible_until, status.old_mx_possible_until);
    assert_eq!(alone.safe_from, status.safe_from);
    let headline = headline(&alone, &jst);
    let safe = human_time(NOW - 600 + 3600 + WATCH_MARGIN, &jst, Lang::En, false);
    assert!(headline.en.contains(&safe), "{}", headline.en);

    // A resolver seen holding the old set longer than that still counts.
    let observations = [
        seen("ns1", Role::Authoritative, Outcome::Timeout, None),
        seen(
            "r-old",
            Role::Resolver,
            mx(&["mail.example.jp"], 7200),
            None,
        ),
    ];
    assert_eq!(
        judge(&observations, &expect(), NOW).old_mx_possible_until,
        Some(NOW + 7200)
    );
}

#[test]
fn with_no_authority_nothing_is_promised_without_the_change_time_or_the_ttl() {
    for (old_ttl, changed_at) in [(None, Some(NOW)), (Some(3600), None), (None, None)] {
        let mut expectation = expect();
        expectation.old_ttl = old_ttl;
        expectation.changed_at = changed_at;
        let status = judge(&[], &expectation, NOW);
        assert_eq!(
            status.old_mx_possible_until, None,
            "{old_ttl:?} {changed_at:?}"
        );
        assert_eq!(status.safe_from, None);
        assert_eq!(status.basis, None);
        assert!(status.capped_resolvers.is_empty());
        assert_eq!(basis_words(&status, &expectation, &jst), None);
        let words = headline(&status, &jst);
        assert!(
            words
                .en
                .contains("Give the change time and the old MX's TTL"),
            "{}",
            words.en
        );
    }
}

#[test]
fn known_caps_shorten_their_resolvers_moment_not_the_overall_one() {
    // The old MX had a day's TTL; the change was ten minutes ago.
    let mut expectation = expect();
    expectation.old_ttl = Some(86_400);
    let status = judge(&[], &expectation, NOW);
    let changed_at = NOW - 600;
    assert_eq!(status.old_mx_possible_until, Some(changed_at + 86_400));
    let caps: Vec<(&str, u64)> = status
        .capped_resolvers
        .iter()
        .map(|cap| (cap.service.as_str(), cap.until))
        .collect();
    assert_eq!(
        caps,
        [
            ("OpenDNS", changed_at + 3600),
            ("Google Public DNS", changed_at + 21_600),
            ("Quad9", changed_at + 43_200),
        ]
    );
    assert!(
        status
            .capped_resolvers
            .iter()
            .all(|cap| cap.source.starts_with("https://"))
    );
    let words = basis_words(&status, &expectation, &jst).expect("words");
    assert!(
        words.ja.contains("Google Public DNS は最大 6 時間"),
        "{}",
        words.ja
    );
    assert!(
        words.ja.contains("第三者の計測（2023年3月18日）"),
        "{}",
        words.ja
    );
    assert!(
        words.en.contains("measured by a third party, 18 Mar 2023"),
        "{}",
        words.en
    );
    assert!(
        words.en.contains("so the overall moment stays"),
        "{}",
        words.en
    );

    // A cap at or above the old TTL shortens nothing.
    let status = judge(&[], &expect(), NOW);
    assert!(
        status.capped_resolvers.is_empty(),
        "{:?}",
        status.capped_resolvers
    );

    // A capped service seen holding the old set later than its cap allows is taken
    // at its word.
    let mut google = seen(
        "Google",
        Role::Resolver,
        mx(&["mail.example.jp"], 30_000),
        None,
    );
    google.address = "8.8.8.8".into();
    let observations = [
        seen(
            "ns1",
            Role::Authoritative,
            mx(&["smtp.google.com"], 300),
            Some(5),
        ),
        google,
    ];
    let status = judge(&observations, &expectation, NOW);
    assert_eq!(status.basis, Some(Basis::Answers));
    let google = status
        .capped_resolvers
        .iter()
        .find(|cap| cap.service == "Google Public DNS")
        .expect("google");
    assert_eq!(google.until, NOW + 30_000);
}
