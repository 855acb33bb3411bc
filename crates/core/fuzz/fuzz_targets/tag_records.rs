#![no_main]
//! The tag=value parsers (DMARC, DKIM, MTA-STS TXT, TLS-RPT, BIMI) on arbitrary text:
//! never panic, spans inside the input, canonical forms parse again unchanged.

use libfuzzer_sys::fuzz_target;
use mailmove_core::{bimi, dkim, dmarc, mta_sts, tls_rpt};

fn check_spans<K>(text: &str, issues: &[mailmove_core::parse_issue::ParseIssue<K>]) {
    for issue in issues {
        assert!(issue.span.start <= issue.span.end && issue.span.end <= text.len());
        assert!(text.is_char_boundary(issue.span.start) && text.is_char_boundary(issue.span.end));
    }
}

fuzz_target!(|text: &str| {
    let (record, issues) = dmarc::parse(text);
    check_spans(text, &issues);
    let canonical = record.to_string();
    assert_eq!(dmarc::parse(&canonical).0.to_string(), canonical, "dmarc: {text:?}");
    let (record, issues) = dkim::parse(text);
    check_spans(text, &issues);
    let _ = record.key_bits();
    let canonical = record.to_string();
    assert_eq!(dkim::parse(&canonical).0.to_string(), canonical, "dkim: {text:?}");
    let (record, issues) = mta_sts::parse(text);
    check_spans(text, &issues);
    let canonical = record.to_string();
    assert_eq!(mta_sts::parse(&canonical).0.to_string(), canonical, "mta_sts: {text:?}");
    let (record, issues) = tls_rpt::parse(text);
    check_spans(text, &issues);
    let canonical = record.to_string();
    assert_eq!(tls_rpt::parse(&canonical).0.to_string(), canonical, "tls_rpt: {text:?}");
    let (record, issues) = bimi::parse(text);
    check_spans(text, &issues);
    let canonical = record.to_string();
    assert_eq!(bimi::parse(&canonical).0.to_string(), canonical, "bimi: {text:?}");
});
