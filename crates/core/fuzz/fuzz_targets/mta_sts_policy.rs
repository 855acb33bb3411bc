#![no_main]
//! The MTA-STS policy file parser on arbitrary text, and MX matching against it.

use libfuzzer_sys::fuzz_target;
use mailmove_core::mta_sts;

fuzz_target!(|text: &str| {
    let (policy, issues) = mta_sts::parse_policy(text);
    for issue in &issues {
        assert!(issue.span.start <= issue.span.end && issue.span.end <= text.len());
    }
    let _ = policy.matches_mx("mx1.example.jp");
    for line in text.lines().take(4) {
        let _ = policy.matches_mx(line);
    }
    let _ = mta_sts::parse_policy(&policy.to_string());
});
