#![no_main]
//! `DomainName` from arbitrary input: never panics; what it accepts round-trips.

use libfuzzer_sys::fuzz_target;
use mailmove_core::{DomainName, NamePolicy, parse_query_name};

fuzz_target!(|text: &str| {
    let policy = NamePolicy::allowing(["test"]);
    if let Ok(name) = DomainName::parse_with(text, &policy) {
        assert!(name.as_str().len() <= 253);
        assert_eq!(DomainName::parse_with(name.as_str(), &policy), Ok(name.clone()));
        let _ = name.organizational_domain();
        let _ = name.to_unicode();
    }
    let _ = parse_query_name(text, &policy);
});
