//! `mailmove spf check --json` over a real DNS server: scenarios of the RFC 7208 suite
//! turned into a zone file, served by hickory-server on loopback, asked by the binary.

use std::process::Command;

use mailmove_core::spf::CheckHost;
use mailmove_testkit::dns_authority::DnsAuthority;
use mailmove_testkit::spf_suite;

#[tokio::test(flavor = "multi_thread")]
async fn spf_check_json_gives_the_suite_answers_over_real_dns() {
    let scenarios = spf_suite::load().expect("suite loads");
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut ran, mut skipped) = (0, 0);
    for scenario in &scenarios {
        let zone_path = dir.path().join("root.zone");
        std::fs::write(&zone_path, scenario.zone.to_root_zone_file()).expect("write zone");
        let authority = DnsAuthority::serve_zones(&[(".".into(), zone_path)])
            .await
            .unwrap_or_else(|error| panic!("{}: {error:#}", scenario.description));
        let unservable = scenario.zone.unservable_names();
        for test in &scenario.tests {
            // Leave out the tests that touch names a zone file cannot serve (timeouts,
            // names with `:` or `/`): over real DNS they would rightly answer otherwise.
            let check = CheckHost::new(test.host, &test.mailfrom, &test.helo);
            let (_, asked) =
                spf_suite::evaluate_with_queries(&check, &scenario.zone).expect("evaluates");
            if asked.iter().any(|name| unservable.contains(&name.as_str())) {
                skipped += 1;
                continue;
            }
            let output = Command::new(env!("CARGO_BIN_EXE_mailmove"))
                .args(["spf", "check", "--json", "--ip", &test.host.to_string()])
                .args(["--sender", &test.mailfrom, "--helo", &test.helo])
                .args(["--nameserver", &authority.addr.to_string()])
                .output()
                .expect("mailmove runs");
            assert!(
                output.status.success(),
                "{}: {}",
                test.name,
                String::from_utf8_lossy(&output.stderr)
            );
            let json: serde_json::Value =
                serde_json::from_slice(&output.stdout).expect("one JSON object");
            let result = json["result"].as_str().expect("result");
            let explanation = json["explanation"].as_str();
            let result_ok = test.results.iter().any(|expected| expected == result);
            let explanation_ok = match test.explanation.as_deref() {
                None => true,
                Some("DEFAULT") => explanation.is_none(),
                Some(text) => explanation == Some(text),
            };
            assert!(
                result_ok && explanation_ok,
                "{} ({}): expected {:?} {:?}, got {json}; names left out of the zone: {unservable:?}",
                test.name,
                scenario.description,
                test.results,
                test.explanation,
            );
            assert!(
                json["lookups"].is_u64() && json["trace"].is_array(),
                "{json}"
            );
            ran += 1;
        }
        authority.stop().await.expect("authority stops");
    }
    eprintln!(
        "spf check over DNS: {ran} suite tests ran, {skipped} touch names a zone file cannot serve and were left out"
    );
    assert_eq!(ran + skipped, 203, "the suite has 203 tests");
    assert!(ran >= 190, "only {ran} tests ran over DNS");
}
