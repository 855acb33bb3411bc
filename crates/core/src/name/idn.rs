//! IDNA (UTS #46) at the two places core needs it: an IDN a person typed becomes
//! A-labels, and an A-label name is shown in U-labels.
//!
//! Why two back ends: the `idna` crate's Unicode tables were the largest single part of
//! the check page's WebAssembly (the CHANGELOG has the figure), and every browser
//! already carries a UTS #46 implementation in its URL parser. Native builds use the
//! `idna` crate (feature `idna`, on by default). A build without it asks the converter
//! the shell registered once at start-up with [`set_to_ascii`] (the page registers
//! the browser's URL parser); without one, a non-ASCII name is an IDNA error rather
//! than a guess. Showing U-labels needs no tables: it is Punycode decoding (RFC 3492).

/// Converts a host name (U-labels, possibly mixed case) to lower-case A-labels under
/// UTS #46, or says it cannot.
pub type ToAscii = fn(&str) -> Option<String>;

#[cfg(not(feature = "idna"))]
static REGISTERED: std::sync::OnceLock<ToAscii> = std::sync::OnceLock::new();

/// Registers the converter used for IDNs when core is built without `idna`. The first
/// registration wins; later calls change nothing. With `idna` it is never consulted.
pub fn set_to_ascii(converter: ToAscii) {
    #[cfg(not(feature = "idna"))]
    let _ = REGISTERED.set(converter);
    #[cfg(feature = "idna")]
    let _ = converter;
}

/// Strict UTS #46 (STD3 rules, hyphen checks, DNS lengths), as registries apply it.
#[cfg(feature = "idna")]
pub(crate) fn to_ascii_strict(host: &str) -> Option<String> {
    idna::domain_to_ascii_strict(host).ok()
}

/// The registered converter's answer; the caller's syntax check then applies the
/// letters-digits-hyphens rule and the lengths that a lenient converter may skip.
#[cfg(not(feature = "idna"))]
pub(crate) fn to_ascii_strict(host: &str) -> Option<String> {
    let converted = REGISTERED.get()?(host)?.to_ascii_lowercase();
    // A browser's URL parser skips UTS #46's hyphen checks (CheckHyphens=false), so
    // apply them here: each Punycode label must decode to a U-label that neither
    // starts nor ends with `-` nor has `--` in its third and fourth places.
    let valid = converted
        .split('.')
        .all(|label| match label.strip_prefix("xn--") {
            Some(encoded) => super::punycode::decode(encoded).is_some_and(|unicode| {
                let chars: Vec<char> = unicode.chars().collect();
                chars.first() != Some(&'-')
                    && chars.last() != Some(&'-')
                    && !(chars.get(2) == Some(&'-') && chars.get(3) == Some(&'-'))
            }),
            None => true,
        });
    valid.then_some(converted)
}

/// The name in U-labels; labels that are not valid Punycode stay as they are.
pub(crate) fn to_unicode(ascii: &str) -> String {
    #[cfg(feature = "idna")]
    {
        let (unicode, result) = idna::domain_to_unicode(ascii);
        if result.is_ok() {
            unicode
        } else {
            ascii.to_owned()
        }
    }
    #[cfg(not(feature = "idna"))]
    {
        let labels: Option<Vec<String>> = ascii
            .split('.')
            .map(|label| match label.get(..4) {
                Some(prefix) if prefix.eq_ignore_ascii_case("xn--") => {
                    super::punycode::decode(&label[4..])
                }
                _ => Some(label.to_owned()),
            })
            .collect();
        labels.map_or_else(|| ascii.to_owned(), |labels| labels.join("."))
    }
}

/// The build without `idna`, as the browser runs it: the converter is registered (here
/// the `idna` crate stands in for the browser's URL parser), and what the user sees
/// must match the native build. Run by `cargo xtask test` with
/// `--no-default-features`.
#[cfg(all(test, not(feature = "idna")))]
mod without_idna_tests {
    use crate::name::DomainName;

    /// The browser's converter is lenient (WHATWG URL: no hyphen or STD3 checks);
    /// `idna::domain_to_ascii` is the same kind, so it stands in for it here.
    fn register() {
        super::set_to_ascii(|host| idna::domain_to_ascii(host).ok());
    }

    #[test]
    fn typed_names_convert_through_the_registered_converter() {
        register();
        for (typed, ascii) in [
            ("例え.jp", "xn--r8jz45g.jp"),
            ("info@日本語.JP", "xn--wgv71a119e.jp"),
            ("https://ＥＸＡＭＰＬＥ．ｊｐ/path", "example.jp"),
            ("XN--R8JZ45G.jp", "xn--r8jz45g.jp"),
            ("bücher.example.com", "xn--bcher-kva.example.com"),
        ] {
            let name =
                DomainName::parse(typed).unwrap_or_else(|error| panic!("{typed}: {error:?}"));
            assert_eq!(name.as_str(), ascii);
        }
        for bad in [
            "xn--zz.jp",
            "a_b.例え.jp",
            "-例え.jp",
            "例え-.jp",
            "ab--例え.jp",
        ] {
            assert!(DomainName::parse(bad).is_err(), "{bad}");
        }
    }

    /// The Punycode decoder shows every IDN rule of the Public Suffix List as the
    /// `idna` crate does.
    #[test]
    fn u_labels_match_the_idna_crate() {
        let list = include_str!("../../data/public_suffix_list_icann.dat");
        let mut compared = 0;
        for rule in list.lines().filter(|line| line.contains("xn--")) {
            let rule = rule.trim_start_matches(['!', '*', '.']);
            let (expected, _) = idna::domain_to_unicode(rule);
            assert_eq!(super::to_unicode(rule), expected, "{rule}");
            compared += 1;
        }
        assert!(compared > 400, "{compared}");
    }
}
