//! `mailmove probe` against a real Postfix on loopback (Debian's, started by the
//! testkit): a list with one unknown address reports that address refused with
//! Postfix's own reply and the others accepted; the certificate from the test CA
//! verifies with `--ca` and does not without it.
//!
//! Postfix's master runs only as root; elsewhere the test says why and skips, and
//! under `cargo xtask test` (`MAILMOVE_REQUIRE_POSTFIX=1`) it fails instead.

use std::process::Command;

use mailmove_testkit::dns_authority::DnsAuthority;
use mailmove_testkit::postfix::{Postfix, PostfixOptions};

use crate::test_tls::{TestCa, leaf};

const ZONE: &str = "\
$ORIGIN probe.test.
$TTL 300
@        IN SOA ns1 hostmaster 1 3600 600 86400 60
@        IN NS  ns1
ns1      IN A   127.0.0.1
mx       IN A   127.0.0.1
";

/// A test CA and a certificate from it for `name`: (CA PEM, chain PEM, key PEM).
fn pki(name: &str) -> (String, String, String) {
    let ca = TestCa::new("Mailmove Postfix test CA");
    let (cert, key) = ca.sign(leaf(name));
    (ca.pem(), cert.pem(), key.serialize_pem())
}

/// Each address of a probe's JSON answer (CLI or API) with its verdict, in order.
pub(crate) fn verdicts(json: &serde_json::Value) -> Vec<(&str, &str)> {
    json["addresses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["address"].as_str().unwrap(),
                a["verdict"].as_str().unwrap(),
            )
        })
        .collect()
}

fn probe(args: &[&str]) -> (i32, serde_json::Value, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_mailmove"))
        .args(args)
        .env_remove("MAILMOVE_SMTP_PORT")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let json =
        serde_json::from_str(&stdout).unwrap_or_else(|error| panic!("{error}: {stdout}\n{stderr}"));
    (out.status.code().unwrap_or(-1), json, stderr)
}

#[tokio::test(flavor = "multi_thread")]
async fn postfix_refuses_the_unknown_address_and_its_tls_verifies_with_the_test_ca() {
    if !Postfix::available() {
        assert!(
            !mailmove_testkit::required("MAILMOVE_REQUIRE_POSTFIX"),
            "{}",
            Postfix::unavailable_reason()
        );
        eprintln!("skipped: {}", Postfix::unavailable_reason());
        return;
    }
    let (ca, chain, key) = pki("mx.probe.test");
    let postfix = Postfix::start(&PostfixOptions {
        hostname: "mx.probe.test".into(),
        domain: "probe.test".into(),
        mailboxes: vec!["info@probe.test".into(), "sales@probe.test".into()],
        tls: Some((chain, key)),
    })
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let zone = dir.path().join("probe.test.zone");
    std::fs::write(&zone, ZONE).unwrap();
    let authority = DnsAuthority::serve_zones(&[("probe.test.".into(), zone)])
        .await
        .unwrap();
    let accounts = dir.path().join("accounts.txt");
    std::fs::write(
        &accounts,
        "info@probe.test\nsales@probe.test\nghost@probe.test\n",
    )
    .unwrap();
    let ca_file = dir.path().join("ca.pem");
    std::fs::write(&ca_file, ca).unwrap();
    let nameserver = authority.addr.to_string();
    let port = postfix.addr.port().to_string();
    let common = [
        "--allow-tld",
        "test",
        "probe",
        "probe.test",
        "--accounts",
        accounts.to_str().unwrap(),
        "--nameserver",
        &nameserver,
        "--smtp-port",
        &port,
        "--helo",
        "probe-client.probe.test",
        "--json",
    ];

    // Before the switch: the custom target's MX, with the test CA.
    let mut with_ca = common.to_vec();
    with_ca.extend(["--target", "custom", "--mx", "10 mx.probe.test", "--ca"]);
    with_ca.push(ca_file.to_str().unwrap());
    let (status, json, stderr) = probe(&with_ca);
    assert_eq!(
        status,
        1,
        "one address refused: {json:#}\n{stderr}\n{}",
        postfix.log()
    );
    let addresses = json["addresses"].as_array().unwrap();
    assert_eq!(
        verdicts(&json),
        [
            ("info@probe.test", "accepted"),
            ("sales@probe.test", "accepted"),
            ("ghost@probe.test", "refused")
        ]
    );
    let refused = &addresses[2]["reply"];
    assert_eq!(refused["code"], 550);
    assert_eq!(refused["enhanced"]["subject"], 1);
    assert_eq!(refused["enhanced"]["detail"], 1);
    let words = refused["lines"][0].as_str().unwrap();
    assert!(
        words.contains("Recipient address rejected: User unknown in virtual mailbox table"),
        "{words}"
    );
    assert_eq!(
        addresses[2]["message"]["ja"],
        "このアドレスは移行先にまだありません。アカウントかエイリアスを作ってください。"
    );
    let exchanger = &json["exchangers"][0];
    assert_eq!(exchanger["host"], "mx.probe.test");
    assert!(
        exchanger["banner"]["lines"][0]
            .as_str()
            .unwrap()
            .contains("ESMTP Postfix")
    );
    assert_eq!(exchanger["tls"]["kind"], "established");
    assert_eq!(
        exchanger["tls"]["facts"]["verification"]["kind"],
        "verified"
    );
    assert_eq!(exchanger["tls"]["facts"]["names"][0], "mx.probe.test");
    // The made-up address was refused too, so the acceptances mean something.
    assert_eq!(exchanger["catch_all_probe"]["verdict"], "refused");

    // After the switch, the same exchanger named directly, without the CA: the
    // certificate does not verify; the addresses are still asked.
    let mut without_ca = common.to_vec();
    without_ca.extend(["--exchanger", "mx.probe.test"]);
    let (status, json, _) = probe(&without_ca);
    assert_eq!(status, 1);
    let facts = &json["exchangers"][0]["tls"]["facts"];
    assert_eq!(facts["verification"]["kind"], "not-verified");
    assert!(
        facts["verification"]["why"]
            .as_str()
            .unwrap()
            .contains("UnknownIssuer"),
        "{facts}"
    );
    assert_eq!(json["addresses"][2]["verdict"], "refused");

    // The report people read, in Japanese (the default).
    let text = Command::new(env!("CARGO_BIN_EXE_mailmove"))
        .args(&common[..common.len() - 1]) // all but --json
        .args([
            "--target",
            "custom",
            "--mx",
            "10 mx.probe.test",
            "--lang",
            "ja",
            "--ca",
        ])
        .arg(&ca_file)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    eprintln!("{text}");
    assert!(text.contains("✗ ghost@probe.test: 拒否"), "{text}");
    assert!(
        text.contains("550 5.1.1 <ghost@probe.test>: Recipient address rejected: User unknown in virtual mailbox table"),
        "{text}"
    );
    assert!(
        text.contains("証明書はこのサーバー名に対して有効です"),
        "{text}"
    );

    // Nothing was ever sent: Postfix saw no DATA and queued nothing.
    let log = postfix.log();
    assert!(!log.contains("data="), "{log}");
    assert!(log.contains("rcpt="), "{log}");
}
