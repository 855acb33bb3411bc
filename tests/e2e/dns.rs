//! The resolver seam against real authorities on loopback: hickory-server in-process,
//! and BIND 9 as a second implementation.

use mailmove_core::dns::{Outcome, Query, RecordData, RecordType};
use mailmove_server::dns::{Dns, Upstream};
use mailmove_testkit::bind::Bind;
use mailmove_testkit::dns_authority::DnsAuthority;

fn query(name: &str, rtype: RecordType) -> Query {
    Query::new(name, rtype)
}

/// What every authority serving `tests/fixtures/zones/` must answer.
async fn assert_fixture_answers(dns: &Dns) {
    let Outcome::Records { records } = dns.lookup(&query("example.test", RecordType::Mx)).await
    else {
        panic!("MX of example.test should have records");
    };
    let mut mx: Vec<(String, u32)> = records
        .iter()
        .map(|record| (record.data.to_string(), record.ttl))
        .collect();
    mx.sort();
    assert_eq!(
        mx,
        [
            ("10 mx1.example.test.".to_owned(), 3600),
            ("20 mx2.example.test.".to_owned(), 3600)
        ]
    );

    let Outcome::Records { records } = dns.lookup(&query("example.test", RecordType::Txt)).await
    else {
        panic!("TXT of example.test should have records");
    };
    let mut txt: Vec<Vec<String>> = records
        .into_iter()
        .map(|record| match record.data {
            RecordData::Txt { strings } => strings,
            other => panic!("TXT answer holds {other:?}"),
        })
        .collect();
    txt.sort();
    // The character-strings arrive apart, as the zone wrote them.
    assert_eq!(
        txt,
        [
            vec!["google-site-verification=fixture-token".to_owned()],
            vec!["v=spf1 ip4:127.0.0.10 ".to_owned(), "-all".to_owned()],
        ]
    );

    assert_eq!(
        dns.lookup(&query("nope.example.test", RecordType::Mx))
            .await,
        Outcome::NxDomain {
            negative_ttl: Some(60)
        },
        "NXDOMAIN carries the SOA minimum as negative TTL"
    );
    assert_eq!(
        dns.lookup(&query("nomail.test", RecordType::Mx)).await,
        Outcome::NoData {
            negative_ttl: Some(120)
        },
    );
    let Outcome::Records { records } = dns.lookup(&query("example.test", RecordType::Soa)).await
    else {
        panic!("SOA of example.test should have records");
    };
    assert!(
        matches!(
            records[0].data,
            RecordData::Soa {
                serial: 2026112801,
                minimum: 60,
                ..
            }
        ),
        "{records:?}"
    );
}

#[tokio::test]
async fn resolver_reads_the_in_process_authority() {
    let authority = DnsAuthority::fixtures().await.expect("authority starts");
    let dns = Dns::new(&Upstream::Nameserver(authority.addr)).expect("resolver");
    assert_fixture_answers(&dns).await;
    authority.stop().await.expect("authority stops");
}

#[tokio::test]
async fn resolver_reads_bind() {
    if !Bind::available() {
        assert!(
            !mailmove_testkit::required("MAILMOVE_REQUIRE_NAMED"),
            "named is not installed"
        );
        eprintln!("skipped: /usr/sbin/named is not installed (apt-get install bind9)");
        return;
    }
    let bind = Bind::serve_dir(&mailmove_testkit::fixture("zones"))
        .await
        .expect("named starts");
    let dns = Dns::new(&Upstream::Nameserver(bind.addr)).expect("resolver");
    assert_fixture_answers(&dns).await;
}

#[tokio::test]
async fn an_unreachable_server_is_could_not_check_not_nxdomain() {
    // A loopback port nobody listens on: the query gets no answer.
    let port = mailmove_testkit::free_port();
    let dns = Dns::new(&Upstream::Nameserver(([127, 0, 0, 1], port).into())).expect("resolver");
    let outcome = dns.lookup(&query("example.test", RecordType::Mx)).await;
    assert!(outcome.is_could_not_check(), "{outcome:?}");
}

#[tokio::test]
async fn a_refusing_server_is_could_not_check() {
    // The authority serves only its fixture zones and refuses everything else.
    let authority = DnsAuthority::fixtures().await.expect("authority starts");
    let dns = Dns::new(&Upstream::Nameserver(authority.addr)).expect("resolver");
    let outcome = dns.lookup(&query("example.org", RecordType::Mx)).await;
    assert_eq!(outcome, Outcome::Refused);
    assert!(outcome.is_could_not_check());
    authority.stop().await.expect("authority stops");
}
