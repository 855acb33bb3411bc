//! The whole RFC 7208 suite through the sans-IO `check_host()`, answered from each
//! scenario's zone data. Target: 203 of 203.

use mailmove_core::spf::CheckHost;
use mailmove_testkit::spf_suite;

#[test]
fn rfc7208_suite_passes_completely() {
    let scenarios = spf_suite::load().expect("suite loads");
    let mut passed = 0;
    let mut failures = Vec::new();
    for scenario in &scenarios {
        for test in &scenario.tests {
            let mut check = CheckHost::new(test.host, &test.mailfrom, &test.helo);
            check.receiver = "receiver.example".into();
            let outcome = spf_suite::evaluate(&check, &scenario.zone).expect("evaluation ends");
            if test.accepts(&outcome) {
                passed += 1;
            } else {
                let trace: Vec<String> = outcome
                    .trace
                    .iter()
                    .map(|step| format!("{} {}", step.domain, step.event))
                    .collect();
                failures.push(format!(
                    "{} ({}): expected {:?} {:?}, got {} {:?}\n    trace: {trace:?}",
                    test.name,
                    scenario.description,
                    test.results,
                    test.explanation,
                    outcome.result.as_str(),
                    outcome.explanation,
                ));
            }
        }
    }
    let total = passed + failures.len();
    eprintln!("RFC 7208 suite: {passed} of {total} passed");
    assert_eq!(total, 203, "the suite has 203 tests");
    assert!(
        failures.is_empty(),
        "{} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
