//! NS consistency over real DNS: three in-process authorities on 127.0.0.1, .2 and .3,
//! one port. The first plays the recursive resolver; the domain's two name servers are
//! .2 (current serial) and .3 (a serial behind). The survey must ask each name server
//! directly and name the one that lags; with the production policy it must not send
//! those direct questions to loopback at all.

use mailmove_server::address_policy::DirectPolicy;
use mailmove_server::dns::{Dns, Upstream};
use mailmove_server::mta_sts_fetch::PolicyFetcher;
use mailmove_testkit::dns_authority::{AuthorityOptions, DnsAuthority};

const ZONE: &str = "ns-lag.test.";

async fn three_servers(dir: &std::path::Path) -> anyhow::Result<[DnsAuthority; 3]> {
    let current = mailmove_testkit::fixture("ns-lag.test.zone");
    let text = std::fs::read_to_string(&current)?;
    let lagging = dir.join("ns-lag.test.zone");
    std::fs::write(&lagging, text.replace("2026112802", "2026112801"))?;
    let resolver = DnsAuthority::serve_zones(&[(ZONE.into(), current.clone())]).await?;
    let at = |last: u8| AuthorityOptions {
        ip: [127, 0, 0, last].into(),
        port: resolver.addr.port(),
        ..AuthorityOptions::default()
    };
    let ns1 = DnsAuthority::serve_zones_with(&[(ZONE.into(), current)], at(2)).await?;
    let ns2 = DnsAuthority::serve_zones_with(&[(ZONE.into(), lagging)], at(3)).await?;
    Ok([resolver, ns1, ns2])
}

fn codes(report: &mailmove_core::api::SurveyJson) -> Vec<String> {
    report.findings.iter().map(|f| f.code.clone()).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_lagging_name_server_is_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let servers = three_servers(dir.path()).await.expect("authorities");
    let port = servers[0].addr.port();
    let names = mailmove_core::NamePolicy::allowing(["test"]);
    let domain = mailmove_core::DomainName::parse_with("ns-lag.test", &names).unwrap();

    let dns = Dns::new(&Upstream::Nameserver(servers[0].addr))
        .expect("resolver")
        .with_direct(DirectPolicy::for_authority_port(Some(port)));
    let report = mailmove_server::survey::run(
        &dns,
        &PolicyFetcher::default(),
        domain.clone(),
        Default::default(),
    )
    .await;
    let json = mailmove_core::api::survey_json(&report);
    assert!(
        codes(&json).contains(&"ns-serial-mismatch".to_owned()),
        "{:?}",
        codes(&json)
    );
    assert!(!codes(&json).contains(&"ns-lame-delegation".to_owned()));
    let facts = serde_json::to_value(&json.facts).unwrap();
    let ns = &facts["ns_servers"];
    assert_eq!(ns["status"], "serials-differ", "{ns}");
    assert_eq!(ns["newest_serial"], 2026112802);
    let lagging = ns["lagging"].to_string();
    assert!(lagging.contains("127.0.0.3"), "{lagging}");
    assert!(!lagging.contains("127.0.0.2"), "{lagging}");
    let message = &json
        .findings
        .iter()
        .find(|f| f.code == "ns-serial-mismatch")
        .unwrap()
        .message;
    assert!(
        message.ja.contains("2026112801") && message.en.contains("ns2.ns-lag.test"),
        "{message:?}"
    );

    // Production policy: loopback name servers are never contacted.
    let dns = Dns::new(&Upstream::Nameserver(servers[0].addr)).expect("resolver");
    let report =
        mailmove_server::survey::run(&dns, &PolicyFetcher::default(), domain, Default::default())
            .await;
    let json = mailmove_core::api::survey_json(&report);
    let facts = serde_json::to_value(&json.facts).unwrap();
    let states: Vec<&str> = facts["ns_servers"]["servers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|server| server["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["not-asked", "not-asked"]);
    assert!(!codes(&json).contains(&"ns-serial-mismatch".to_owned()));
    assert!(!codes(&json).contains(&"ns-lame-delegation".to_owned()));
    for server in servers {
        server.stop().await.expect("stop");
    }
}
