#![no_main]
//! The SPF parser on arbitrary text: never panics, spans lie inside the input, and the
//! canonical form of what it read parses again to the same terms.

use libfuzzer_sys::fuzz_target;
use mailmove_core::spf;

fuzz_target!(|text: &str| {
    let (record, issues) = spf::parse(text);
    for issue in &issues {
        assert!(issue.span.start <= issue.span.end && issue.span.end <= text.len());
        assert!(text.is_char_boundary(issue.span.start) && text.is_char_boundary(issue.span.end));
    }
    let canonical = record.to_string();
    let (again, again_issues) = spf::parse(&canonical);
    assert!(again_issues.is_empty(), "{canonical:?}: {again_issues:?}");
    assert_eq!(again.to_string(), canonical);
});
