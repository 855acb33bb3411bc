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
    let _ = dmarc::parse(&record.to_string());
    let (record, issues) = dkim::parse(text);
    check_spans(text, &issues);
    let _ = record.key_bits();
    let _ = dkim::parse(&record.to_string());
    let (record, issues) = mta_sts::parse(text);
    check_spans(text, &issues);
    let _ = mta_sts::parse(&record.to_string());
    let (record, issues) = tls_rpt::parse(text);
    check_spans(text, &issues);
    let _ = tls_rpt::parse(&record.to_string());
    let (record, issues) = bimi::parse(text);
    check_spans(text, &issues);
    let _ = bimi::parse(&record.to_string());
});
