//! The SMTP probe's shell against small SMTP servers in this process on 127.0.0.1:
//! multi-line replies, greylisting, a server that stalls, a reply of 1 MB, no
//! STARTTLS, certificates that verify and that do not, and the address policy.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use mailmove_core::smtp::{
    CertificateCheck, ExchangerReport, ReplyError, SessionConfig, TlsOutcome, Unknown, Verdict,
};
use mailmove_server::address_policy::DirectPolicy;
use mailmove_server::dns::{Dns, Upstream};
use mailmove_server::probe::{ProbeSettings, ProbeTrust, probe_at, probe_exchanger};
use mailmove_testkit::dns_authority::DnsAuthority;
use tokio::io::{AsyncBufReadExt as _, AsyncWriteExt as _, BufReader};

use crate::fake_smtp::{Respond, answering, fake_smtp as fake};
use crate::test_tls::{TestCa, leaf};

/// A plain server: EHLO with `extensions`, MAIL accepted, RCPT answered by `rcpt`.
fn plain(extensions: &'static str, rcpt: fn(&str) -> &'static str) -> Respond {
    answering("mx.example.test", extensions, rcpt)
}

fn settings(trust: ProbeTrust) -> ProbeSettings {
    let mut settings = ProbeSettings::new(trust, "probe.example.test".into());
    settings.reply_timeout = Duration::from_millis(500);
    settings.connect_timeout = Duration::from_secs(2);
    settings
}

fn config(addresses: &[&str]) -> SessionConfig {
    SessionConfig {
        host: "mx.example.test".into(),
        helo: "probe.example.test".into(),
        addresses: addresses.iter().map(|&a| a.to_owned()).collect(),
        catch_all_probe: None,
    }
}

async fn probe(addr: SocketAddr, addresses: &[&str], trust: ProbeTrust) -> ExchangerReport {
    probe_at(&settings(trust), addr, config(addresses))
        .await
        .expect("connected")
}

fn no_trust() -> ProbeTrust {
    ProbeTrust::new(&[]).unwrap()
}

fn known(address: &str) -> &'static str {
    if address.starts_with("info@") {
        "250 2.1.5 Ok\r\n"
    } else {
        "550-5.1.1 The email account that you tried to reach does not exist.\r\n550 5.1.1 Please check the address.\r\n"
    }
}

#[tokio::test]
async fn multi_line_replies_are_read_whole() {
    let (addr, received) = fake(
        b"220-mx.example.test ESMTP\r\n220 second banner line\r\n",
        plain("250-PIPELINING\r\n250-SIZE 10240000\r\n", known),
        None,
    )
    .await;
    let report = probe(
        addr,
        &["info@example.test", "nobody@example.test"],
        no_trust(),
    )
    .await;
    assert_eq!(report.banner.as_ref().unwrap().lines.len(), 2);
    assert_eq!(report.extensions, ["PIPELINING", "SIZE", "8BITMIME"]);
    assert!(report.addresses[0].verdict.is_accepted());
    let Verdict::Refused { reply } = &report.addresses[1].verdict else {
        panic!("{report:?}")
    };
    assert_eq!(
        reply.one_line(),
        "550 5.1.1 The email account that you tried to reach does not exist. Please check the address."
    );
    assert_eq!(report.tls, TlsOutcome::NotOffered);
    assert_eq!(
        *received.lock().unwrap(),
        [
            "EHLO probe.example.test",
            "MAIL FROM:<>",
            "RCPT TO:<info@example.test>",
            "RCPT TO:<nobody@example.test>",
            "QUIT"
        ]
    );
}

#[tokio::test]
async fn greylisting_at_rcpt_is_could_not_tell() {
    let (addr, _) = fake(
        b"220 mx ESMTP\r\n",
        plain("", |_| {
            "450 4.2.0 <a@example.test>: Recipient address rejected: Greylisted, see https://postgrey.schweikert.ch/\r\n"
        }),
        None,
    )
    .await;
    let report = probe(addr, &["a@example.test"], no_trust()).await;
    let Verdict::CouldNotTell {
        why: Unknown::Temporary { reply },
    } = &report.addresses[0].verdict
    else {
        panic!("{report:?}")
    };
    assert_eq!(reply.code, 450);
}

#[tokio::test]
async fn a_server_that_stalls_costs_one_reply_timeout() {
    let stall: Respond = Arc::new(|_: &str| Vec::new());
    let (addr, _) = fake(b"220 mx ESMTP\r\n", stall, None).await;
    let report = probe(addr, &["a@example.test"], no_trust()).await;
    assert_eq!(
        report.addresses[0].verdict,
        Verdict::CouldNotTell {
            why: Unknown::Timeout { at: "EHLO".into() }
        }
    );
}

#[tokio::test]
async fn a_banner_that_never_comes_is_a_timeout_too() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    // Accepts (the kernel does) and says nothing.
    let report = probe(addr, &["a@example.test"], no_trust()).await;
    drop(listener);
    assert_eq!(
        report.addresses[0].verdict,
        Verdict::CouldNotTell {
            why: Unknown::Timeout {
                at: "banner".into()
            }
        }
    );
}

#[tokio::test]
async fn a_reply_of_one_megabyte_is_refused_cleanly() {
    // One line of a megabyte, and a reply of a megabyte of short lines.
    let long_line: &'static [u8] = Box::leak(
        [b"220 ".as_slice(), &vec![b'x'; 1 << 20], b"\r\n"]
            .concat()
            .into_boxed_slice(),
    );
    let many_lines: &'static [u8] = Box::leak(
        b"220-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n"
            .repeat(1 << 20 >> 6)
            .into_boxed_slice(),
    );
    for (banner, expected) in [
        (long_line, ReplyError::LineTooLong),
        (many_lines, ReplyError::TooManyLines),
    ] {
        let (addr, received) = fake(banner, plain("", known), None).await;
        let report = probe(addr, &["info@example.test"], no_trust()).await;
        assert_eq!(
            report.addresses[0].verdict,
            Verdict::CouldNotTell {
                why: Unknown::BadReply {
                    at: "banner".into(),
                    error: expected
                }
            }
        );
        assert!(received.lock().unwrap().is_empty(), "nothing was asked");
    }
}

#[tokio::test]
async fn a_connection_refused_is_not_a_timeout() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let error = probe_at(&settings(no_trust()), addr, config(&["a@example.test"]))
        .await
        .unwrap_err();
    assert!(matches!(error, Unknown::ConnectFailed { .. }), "{error:?}");
}

/// A certificate for `name` from `ca`, valid until 15 July 2031 (a date the report
/// must show as it is).
fn server_config(ca: &TestCa, name: &str) -> Arc<rustls::ServerConfig> {
    let mut params = leaf(name);
    params.not_after = rcgen::date_time_ymd(2031, 7, 15);
    ca.server_config(params)
}

async fn tls_probe(cert_name: &str, trusted: bool) -> (ExchangerReport, Vec<String>) {
    let ca = TestCa::new("Mailmove probe test CA");
    let (addr, received) = fake(
        b"220 mx ESMTP\r\n",
        plain("250-STARTTLS\r\n", known),
        Some(server_config(&ca, cert_name)),
    )
    .await;
    let trust = if trusted {
        ProbeTrust::new(&[ca.der()]).unwrap()
    } else {
        no_trust()
    };
    let report = probe(addr, &["info@example.test", "x@example.test"], trust).await;
    let received = received.lock().unwrap().clone();
    (report, received)
}

#[tokio::test]
async fn starttls_with_a_certificate_from_a_trusted_ca_verifies() {
    let (report, received) = tls_probe("mx.example.test", true).await;
    let TlsOutcome::Established { facts } = &report.tls else {
        panic!("{report:?}")
    };
    assert_eq!(facts.verification, CertificateCheck::Verified);
    assert_eq!(facts.names, ["mx.example.test"]);
    assert_eq!(facts.version, "TLSv1.3");
    assert_eq!(facts.not_after, Some(1_941_840_000));
    // The addresses were asked over TLS, after a second EHLO.
    assert_eq!(
        received,
        [
            "EHLO probe.example.test",
            "STARTTLS",
            "EHLO probe.example.test",
            "MAIL FROM:<>",
            "RCPT TO:<info@example.test>",
            "RCPT TO:<x@example.test>",
            "QUIT"
        ]
    );
    assert!(report.addresses[0].verdict.is_accepted());
    assert!(report.addresses[1].verdict.is_refused());
}

#[tokio::test]
async fn a_certificate_from_an_unknown_ca_does_not_verify_but_mail_goes_on() {
    let (report, _) = tls_probe("mx.example.test", false).await;
    let TlsOutcome::Established { facts } = &report.tls else {
        panic!("{report:?}")
    };
    let CertificateCheck::NotVerified { why } = &facts.verification else {
        panic!("{facts:?}")
    };
    assert!(why.contains("UnknownIssuer"), "{why}");
    // As a sending MTA's opportunistic TLS would, the session went on.
    assert!(report.addresses[0].verdict.is_accepted());
}

#[tokio::test]
async fn a_certificate_for_another_name_does_not_verify() {
    let (report, _) = tls_probe("other.example.test", true).await;
    let TlsOutcome::Established { facts } = &report.tls else {
        panic!("{report:?}")
    };
    let CertificateCheck::NotVerified { why } = &facts.verification else {
        panic!("{facts:?}")
    };
    assert!(why.contains("NotValidForName"), "{why}");
    assert_eq!(facts.names, ["other.example.test"]);
}

const ZONE: &str = "\
$ORIGIN probe.test.
$TTL 300
@        IN SOA ns1 hostmaster 1 3600 600 86400 60
@        IN NS  ns1
ns1      IN A   127.0.0.1
mx       IN A   127.0.0.1
private  IN A   10.1.2.3
";

#[tokio::test(flavor = "multi_thread")]
async fn exchangers_at_loopback_or_private_addresses_are_not_contacted_in_production() {
    let dir = tempfile::tempdir().unwrap();
    let zone = dir.path().join("probe.test.zone");
    std::fs::write(&zone, ZONE).unwrap();
    let authority = DnsAuthority::serve_zones(&[("probe.test.".into(), zone)])
        .await
        .unwrap();
    let dns = Dns::new(&Upstream::Nameserver(authority.addr)).unwrap();
    let (addr, received) = fake(b"220 mx ESMTP\r\n", plain("", known), None).await;
    let mut production = settings(no_trust());
    production.port = addr.port();
    for host in ["mx.probe.test", "private.probe.test"] {
        let report =
            probe_exchanger(&production, &dns, host, &["info@probe.test".into()], None).await;
        assert_eq!(
            report.addresses[0].verdict,
            Verdict::CouldNotTell {
                why: Unknown::NotAllowed { host: host.into() }
            }
        );
    }
    assert!(received.lock().unwrap().is_empty(), "no packet was sent");
    // The test policy allows exactly the loopback one, on the fake's port.
    let mut test = settings(no_trust());
    test.addresses = DirectPolicy::Loopback { port: addr.port() };
    let report = probe_exchanger(
        &test,
        &dns,
        "mx.probe.test",
        &["info@probe.test".into()],
        None,
    )
    .await;
    assert!(report.addresses[0].verdict.is_accepted(), "{report:?}");
    let report = probe_exchanger(
        &test,
        &dns,
        "private.probe.test",
        &["info@probe.test".into()],
        None,
    )
    .await;
    assert!(matches!(
        report.addresses[0].verdict,
        Verdict::CouldNotTell {
            why: Unknown::NotAllowed { .. }
        }
    ));
    let report = probe_exchanger(
        &test,
        &dns,
        "none.probe.test",
        &["info@probe.test".into()],
        None,
    )
    .await;
    assert!(matches!(
        report.addresses[0].verdict,
        Verdict::CouldNotTell {
            why: Unknown::ConnectFailed { .. }
        }
    ));
}

#[tokio::test]
async fn a_server_that_hangs_up_after_a_few_errors_is_asked_the_rest_in_new_sessions() {
    // As Postfix's smtpd_hard_error_limit does: 421 and close after two refusals.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let sessions = Arc::new(Mutex::new(0));
    let count = sessions.clone();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            *count.lock().unwrap() += 1;
            tokio::spawn(async move {
                let mut reader = BufReader::new(tcp);
                let _ = reader.get_mut().write_all(b"220 mx ESMTP\r\n").await;
                let mut errors = 0;
                loop {
                    let mut line = String::new();
                    if matches!(reader.read_line(&mut line).await, Ok(0) | Err(_)) {
                        return;
                    }
                    let answer: &[u8] = if line.starts_with("RCPT TO:<info@") {
                        b"250 2.1.5 Ok\r\n"
                    } else if line.starts_with("RCPT") {
                        errors += 1;
                        if errors > 2 {
                            let _ = reader
                                .get_mut()
                                .write_all(b"421 4.7.0 mx Error: too many errors\r\n")
                                .await;
                            return;
                        }
                        b"550 5.1.1 User unknown\r\n"
                    } else if line.starts_with("QUIT") {
                        b"221 Bye\r\n"
                    } else {
                        b"250 ok\r\n"
                    };
                    let _ = reader.get_mut().write_all(answer).await;
                }
            });
        }
    });
    let addresses = [
        "a@x.test",
        "b@x.test",
        "info@x.test",
        "c@x.test",
        "d@x.test",
        "e@x.test",
    ];
    let report = probe(addr, &addresses, no_trust()).await;
    let verdicts: Vec<bool> = report
        .addresses
        .iter()
        .map(|result| result.verdict.is_accepted())
        .collect();
    assert_eq!(verdicts, [false, false, true, false, false, false]);
    assert!(
        report
            .addresses
            .iter()
            .all(|result| !matches!(result.verdict, Verdict::CouldNotTell { .. })),
        "{report:?}"
    );
    // Two refusals per session, a 421 for the third: a b info | c d | e.
    assert_eq!(*sessions.lock().unwrap(), 3);
}

/// Issue 20, item 4: a real STARTTLS session's certificate names against an MTA-STS
/// policy's `mx` patterns.
#[tokio::test]
async fn the_certificate_names_of_a_tls_session_are_matched_against_the_policy() {
    use mailmove_core::smtp::{MtaStsVerdict, match_policy};
    let (report, _) = tls_probe("mx.example.test", true).await;
    let policy = |text: &str| mailmove_core::mta_sts::parse_policy(text).0;
    let listed = match_policy(
        &policy("version: STSv1\nmode: enforce\nmx: *.example.test\nmax_age: 86400\n"),
        &report,
    );
    assert_eq!(listed.verdict, MtaStsVerdict::Delivers);
    assert_eq!(listed.matching_patterns, ["*.example.test"]);
    assert_eq!(listed.certificate_names[0].name, "mx.example.test");
    assert!(listed.certificate_names[0].matches);
    let elsewhere = match_policy(
        &policy("version: STSv1\nmode: enforce\nmx: mx.other.test\nmax_age: 86400\n"),
        &report,
    );
    assert_eq!(elsewhere.verdict, MtaStsVerdict::HostNotListed);
    assert!(!elsewhere.certificate_names[0].matches);
    // Not trusted: the name matches, but a sender enforcing the policy would not deliver.
    let (untrusted, _) = tls_probe("mx.example.test", false).await;
    let found = match_policy(
        &policy("version: STSv1\nmode: enforce\nmx: mx.example.test\nmax_age: 86400\n"),
        &untrusted,
    );
    assert_eq!(found.verdict, MtaStsVerdict::CertificateNotValid);
}

/// Issue 20, item 6: a connection that is never accepted (a listener whose accept
/// queue is full, on loopback: Linux drops the SYN, as a network blocking port 25
/// does) is a connect timeout, which says OP25B.
#[tokio::test]
async fn a_connect_that_never_completes_is_a_connect_timeout() {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = socket.listen(0).unwrap();
    let addr = listener.local_addr().unwrap();
    // Fill the accept queue; nothing ever accepts.
    let mut held = Vec::new();
    for _ in 0..4 {
        if let Ok(Ok(tcp)) = tokio::time::timeout(
            Duration::from_millis(300),
            tokio::net::TcpStream::connect(addr),
        )
        .await
        {
            held.push(tcp);
        }
    }
    let mut settings = settings(no_trust());
    settings.connect_timeout = Duration::from_secs(1);
    let why = probe_at(&settings, addr, config(&["info@example.test"]))
        .await
        .expect_err("not connected");
    assert_eq!(why, Unknown::ConnectTimeout);
    let text = mailmove_core::smtp::explain_unknown(&why);
    assert!(text.ja.contains("OP25B") && text.en.contains("OP25B"));
    drop((held, listener));
}
