//! DomainName, NamePolicy and query-name tests.
use super::*;
use crate::Lang;

fn test_policy() -> NamePolicy {
    NamePolicy::from_list(" test, .Example ")
}

#[test]
fn accepts_what_users_paste() {
    for (input, expected, unicode) in [
        ("example.jp", "example.jp", "example.jp"),
        ("  Example.CO.JP.  ", "example.co.jp", "example.co.jp"),
        ("例え.jp", "xn--r8jz45g.jp", "例え.jp"),
        ("xn--r8jz45g.jp", "xn--r8jz45g.jp", "例え.jp"),
        ("ｅｘａｍｐｌｅ．ｊｐ", "example.jp", "example.jp"),
        ("日本語.JP", "xn--wgv71a119e.jp", "日本語.jp"),
        ("taro@example.co.jp", "example.co.jp", "example.co.jp"),
        ("ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ", "example.jp", "example.jp"),
        ("山田 <taro@例え.jp>", "xn--r8jz45g.jp", "例え.jp"),
        (
            "https://www.example.com/contact",
            "www.example.com",
            "www.example.com",
        ),
        (
            "mailto:info@example.tokyo",
            "example.tokyo",
            "example.tokyo",
        ),
        ("a-b.example.com", "a-b.example.com", "a-b.example.com"),
    ] {
        let name = DomainName::parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
        assert_eq!(name.as_str(), expected, "{input:?}");
        assert_eq!(name.to_unicode(), unicode, "{input:?}");
        assert_eq!(name.to_fqdn(), format!("{expected}."));
        assert_eq!(
            DomainName::parse(name.as_str()),
            Ok(name.clone()),
            "round trip {input:?}"
        );
        assert_eq!(
            DomainName::parse(&name.to_unicode()),
            Ok(name),
            "unicode round trip {input:?}"
        );
    }
}

#[test]
fn rejects_with_the_reason() {
    let long_label = "a".repeat(64);
    let long_name = vec!["a".repeat(60); 5].join(".");
    for (input, expected) in [
        ("", NameError::Empty),
        ("   .", NameError::Empty),
        ("taro@", NameError::Empty),
        (
            "a..jp",
            NameError::EmptyLabel {
                input: "a..jp".into(),
            },
        ),
        (
            ".a.jp",
            NameError::EmptyLabel {
                input: ".a.jp".into(),
            },
        ),
        (
            &format!("{long_label}.jp"),
            NameError::LabelTooLong {
                label: long_label.clone(),
                len: 64,
            },
        ),
        (&long_name, NameError::NameTooLong { len: 304 }),
        (
            "exa mple.jp",
            NameError::InvalidCharacter {
                input: "exa mple.jp".into(),
                ch: ' ',
            },
        ),
        (
            "_dmarc.example.jp",
            NameError::InvalidCharacter {
                input: "_dmarc.example.jp".into(),
                ch: '_',
            },
        ),
        ("-a.jp", NameError::HyphenAtEdge { label: "-a".into() }),
        (
            "192.0.2.1",
            NameError::IpLiteral {
                input: "192.0.2.1".into(),
            },
        ),
        (
            "[2001:db8::1]",
            NameError::IpLiteral {
                input: "[2001:db8::1]".into(),
            },
        ),
        (
            "http://[2001:db8::1]/",
            NameError::IpLiteral {
                input: "[2001:db8::1]".into(),
            },
        ),
        (
            "2001:db8::1",
            NameError::IpLiteral {
                input: "2001:db8::1".into(),
            },
        ),
        (
            "localhost",
            NameError::SingleLabel {
                input: "localhost".into(),
            },
        ),
        (
            "1.2.3",
            NameError::NumericTld {
                input: "1.2.3".into(),
            },
        ),
        (
            "printer.local",
            NameError::SpecialUse {
                tld: "local".into(),
            },
        ),
        (
            "app.internal",
            NameError::SpecialUse {
                tld: "internal".into(),
            },
        ),
        (
            "nas.home.arpa",
            NameError::SpecialUse { tld: "arpa".into() },
        ),
        (
            "abc.onion",
            NameError::SpecialUse {
                tld: "onion".into(),
            },
        ),
        ("pc.lan", NameError::SpecialUse { tld: "lan".into() }),
        ("ad.corp", NameError::SpecialUse { tld: "corp".into() }),
        ("example.test", NameError::SpecialUse { tld: "test".into() }),
        (
            "example.notatld",
            NameError::UnknownTld {
                tld: "notatld".into(),
            },
        ),
        (
            "co.jp",
            NameError::PublicSuffix {
                input: "co.jp".into(),
            },
        ),
        (
            "tokyo.jp",
            NameError::PublicSuffix {
                input: "tokyo.jp".into(),
            },
        ),
        (
            "c.kawasaki.jp",
            NameError::PublicSuffix {
                input: "c.kawasaki.jp".into(),
            },
        ),
        (
            "xn--zz.jp",
            NameError::Idna {
                input: "xn--zz.jp".into(),
            },
        ),
    ] {
        assert_eq!(DomainName::parse(input), Err(expected), "{input:?}");
    }
}

#[test]
fn a_policy_allows_private_tlds() {
    let policy = test_policy();
    assert_eq!(
        policy.allowed_tlds().collect::<Vec<_>>(),
        ["example", "test"]
    );
    assert_eq!(
        DomainName::parse_with("Mail.Example.TEST", &policy).map(String::from),
        Ok("mail.example.test".into())
    );
    assert_eq!(
        DomainName::parse_with("x.example", &policy).map(String::from),
        Ok("x.example".into())
    );
    assert_eq!(
        DomainName::parse_with("printer.local", &policy),
        Err(NameError::SpecialUse {
            tld: "local".into()
        })
    );
    assert_eq!(
        DomainName::parse_with("test", &policy),
        Err(NameError::SingleLabel {
            input: "test".into()
        })
    );
}

#[test]
fn organizational_domains() {
    let policy = test_policy();
    for (name, org) in [
        ("example.jp", "example.jp"),
        ("mail.example.co.jp", "example.co.jp"),
        ("a.b.example.com", "example.com"),
        ("www.city.kawasaki.jp", "city.kawasaki.jp"),
        ("a.b.c.kawasaki.jp", "b.c.kawasaki.jp"),
        ("kawasaki.jp", "kawasaki.jp"),
        ("mx.sub.example.test", "example.test"),
    ] {
        let parsed =
            DomainName::parse_with(name, &policy).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(parsed.organizational_domain().as_str(), org, "{name}");
        assert_eq!(parsed.is_organizational(), name == org, "{name}");
    }
}

#[test]
fn query_names_may_carry_service_labels() {
    let policy = test_policy();
    for (input, expected) in [
        ("_dmarc.example.jp", Ok("_dmarc.example.jp".to_owned())),
        (
            "Selector1._DomainKey.Example.JP.",
            Ok("selector1._domainkey.example.jp".to_owned()),
        ),
        (
            "_smtp._tls.example.test",
            Ok("_smtp._tls.example.test".to_owned()),
        ),
        ("example.jp", Ok("example.jp".to_owned())),
        (
            "_dmarc.printer.local",
            Err(NameError::SpecialUse {
                tld: "local".into(),
            }),
        ),
        (
            "_dm arc.example.jp",
            Err(NameError::InvalidCharacter {
                input: "_dm arc".into(),
                ch: ' ',
            }),
        ),
        (
            "_dmarc..example.jp",
            Err(NameError::EmptyLabel {
                input: ".example.jp".into(),
            }),
        ),
    ] {
        assert_eq!(parse_query_name(input, &policy), expected, "{input:?}");
    }
}

#[test]
fn every_error_reads_in_both_languages() {
    let errors = [
        DomainName::parse("").unwrap_err(),
        DomainName::parse("a..b").unwrap_err(),
        DomainName::parse("x y.jp").unwrap_err(),
        DomainName::parse("10.0.0.1").unwrap_err(),
        DomainName::parse("pc.local").unwrap_err(),
        DomainName::parse("a.notatld").unwrap_err(),
        DomainName::parse("co.jp").unwrap_err(),
        DomainName::parse("xn--zz.jp").unwrap_err(),
    ];
    for error in errors {
        let ja = error.message(Lang::Ja);
        let en = error.message(Lang::En);
        assert!(!ja.is_ascii(), "Japanese text expected: {ja}");
        assert_ne!(ja, en);
    }
}

#[test]
fn serde_reads_back_any_tld() {
    let name: DomainName = serde_json::from_str("\"Example.TEST\"").unwrap();
    assert_eq!(name.as_str(), "example.test");
    assert!(serde_json::from_str::<DomainName>("\"not a name\"").is_err());
}

/// Issue 18, item 6: control and invisible characters are refused wherever they are,
/// never trimmed; so is a second trailing dot. Ordinary spaces around a name are
/// still dropped (what a form's user types).
#[test]
fn control_and_invisible_characters_are_refused_not_trimmed() {
    let names = NamePolicy::public();
    for hidden in [
        '\t',
        '\n',
        '\r',
        '\u{0}',
        '\u{7f}',
        '\u{85}',
        '\u{ad}',
        '\u{200b}',
        '\u{200e}',
        '\u{2060}',
        '\u{feff}',
        '\u{e0041}',
    ] {
        for input in [
            format!("example.jp{hidden}"),
            format!("{hidden}example.jp"),
            format!("exa{hidden}mple.jp"),
            format!("taro@example.jp{hidden}"),
        ] {
            let error = DomainName::parse_with(&input, &names).unwrap_err();
            assert!(
                matches!(error, NameError::InvalidCharacter { .. }),
                "{input:?}: {error:?}"
            );
            let error = parse_query_name(&input, &names).unwrap_err();
            assert!(
                matches!(error, NameError::InvalidCharacter { .. }),
                "{input:?}: {error:?}"
            );
        }
    }
    let error = DomainName::parse_with("example.jp\u{200b}", &names).unwrap_err();
    assert!(error.message(crate::Lang::Ja).contains("U+200B"));
    assert!(error.message(crate::Lang::En).contains("invisible"));
    for input in ["example.jp..", "_dmarc.example.jp.."] {
        assert!(
            matches!(
                parse_query_name(input, &names),
                Err(NameError::EmptyLabel { .. })
            ),
            "{input}"
        );
        assert!(DomainName::parse_with(input, &names).is_err(), "{input}");
    }
    assert_eq!(
        parse_query_name(" _dmarc.example.jp. ", &names).unwrap(),
        "_dmarc.example.jp"
    );
    assert_eq!(
        DomainName::parse_with("\u{3000}example.jp ", &names)
            .unwrap()
            .as_str(),
        "example.jp"
    );
}
