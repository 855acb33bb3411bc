//! One address as people type it: full-width characters, `mailto:`, a bare local part.

use crate::DomainName;

/// RFC 5321 §4.5.3.1.1: a local part is at most 64 octets.
const MAX_LOCAL_LEN: usize = 64;
/// RFC 5321 §4.5.3.1.3 (path of 256 octets including `<>`) leaves 254 for an address.
const MAX_ADDRESS_LEN: usize = 254;
/// RFC 1035 §2.3.4.
const MAX_DOMAIN_LEN: usize = 253;
/// RFC 1035 §2.3.4.
const MAX_LABEL_LEN: usize = 63;

/// Folds what a Japanese input method produces to ASCII: full-width forms U+FF01..U+FF5E
/// (`ｔａｎａｋａ＠…`) and the ideographic space. This is the part of NFKC that matters
/// for addresses; the other NFKC mappings would need Unicode tables we do not carry.
pub(crate) fn fold_width(input: &str) -> String {
    input
        .chars()
        .map(|ch| match ch {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(ch as u32 - 0xFEE0).unwrap_or(ch),
            '\u{3000}' => ' ',
            _ => ch,
        })
        .collect()
}

/// Why a piece of text is not an address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum AddressProblem {
    /// Nothing there.
    Empty,
    /// A character outside what the targets accept in a local part (Japanese
    /// characters included: none of the targets creates such mailboxes).
    LocalPart,
    /// The domain part is not a host name.
    Domain,
    /// Over the RFC 5321 lengths.
    TooLong,
}

/// Where an address stands relative to the company's domain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Placement {
    /// `x@domain`.
    Inside,
    /// `x@sub.domain`: the target needs the subdomain added too.
    Subdomain,
    /// Any other domain.
    Outside,
}

/// `tanaka`, `Tanaka@Example.JP`, `mailto:tanaka@example.jp`, `<tanaka@example.jp>` →
/// `tanaka@example.jp`. A bare local part gets `domain`.
pub(crate) fn normalize(raw: &str, domain: &DomainName) -> Result<String, AddressProblem> {
    let folded = fold_width(raw);
    let mut text = folded
        .trim()
        .trim_matches(|ch| matches!(ch, '<' | '>' | '"' | '\''));
    if let Some(head) = text.get(..7)
        && head.eq_ignore_ascii_case("mailto:")
    {
        text = &text[7..];
    }
    let text = text.trim();
    if text.is_empty() {
        return Err(AddressProblem::Empty);
    }
    let (local, host) = match text.rsplit_once('@') {
        Some((local, host)) => (local, normalize_domain(host)?),
        None => (text, domain.as_str().to_owned()),
    };
    let local = normalize_local(local)?;
    let address = format!("{local}@{host}");
    if address.len() > MAX_ADDRESS_LEN {
        return Err(AddressProblem::TooLong);
    }
    Ok(address)
}

/// Whether `text` would be read as a bare local part (no `@`, only local-part
/// characters): the paste reader uses it to tell `tanaka` from `山田太郎` or `500 MB`.
pub(crate) fn is_local_part(text: &str) -> bool {
    !text.contains('@') && normalize_local(text).is_ok()
}

/// Whether `address` (already normalised) is a well-formed address: the tests' oracle.
#[cfg(test)]
pub(crate) fn is_valid(address: &str) -> bool {
    let Some((local, host)) = address.rsplit_once('@') else {
        return false;
    };
    normalize_local(local).is_ok_and(|l| l == local)
        && normalize_domain(host).is_ok_and(|h| h == host)
        && address.len() <= MAX_ADDRESS_LEN
}

/// Where `address` is relative to `domain`.
pub(crate) fn placement(address: &str, domain: &DomainName) -> Placement {
    let host = address.rsplit_once('@').map_or("", |(_, host)| host);
    let domain = domain.as_str();
    if host == domain {
        Placement::Inside
    } else if host
        .strip_suffix(domain)
        .is_some_and(|rest| rest.ends_with('.') && rest.len() > 1)
    {
        Placement::Subdomain
    } else {
        Placement::Outside
    }
}

/// RFC 5322 §3.2.3 `dot-atom-text`, lower-cased. Quoted local parts are refused: the
/// targets' admin consoles do not create them.
fn normalize_local(local: &str) -> Result<String, AddressProblem> {
    if local.is_empty() {
        return Err(AddressProblem::Empty);
    }
    if local.len() > MAX_LOCAL_LEN {
        return Err(AddressProblem::TooLong);
    }
    let atext = |ch: char| ch.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(ch);
    if !local.chars().all(|ch| atext(ch) || ch == '.')
        || local.starts_with('.')
        || local.ends_with('.')
        || local.contains("..")
    {
        return Err(AddressProblem::LocalPart);
    }
    Ok(local.to_ascii_lowercase())
}

/// A host name in A-labels, lower-cased: letters, digits and hyphens, two labels at
/// least. An IDN (`例え.jp`) goes through UTS #46 like [`DomainName`] does.
fn normalize_domain(host: &str) -> Result<String, AddressProblem> {
    let host = host.trim().trim_end_matches('.');
    if host.is_empty() {
        return Err(AddressProblem::Domain);
    }
    let ascii = if host.is_ascii() {
        host.to_ascii_lowercase()
    } else {
        crate::name::idn_to_ascii_strict(host).ok_or(AddressProblem::Domain)?
    };
    if ascii.len() > MAX_DOMAIN_LEN {
        return Err(AddressProblem::TooLong);
    }
    let labels: Vec<&str> = ascii.split('.').collect();
    let label_ok = |label: &&str| {
        !label.is_empty()
            && label.len() <= MAX_LABEL_LEN
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label
                .chars()
                .all(|ch| ch.is_ascii_alphanumeric() || ch == '-')
    };
    let tld_ok = labels
        .last()
        .is_some_and(|tld| !tld.chars().all(|ch| ch.is_ascii_digit()));
    if labels.len() < 2 || !labels.iter().all(label_ok) || !tld_ok {
        return Err(AddressProblem::Domain);
    }
    Ok(ascii)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn domain() -> DomainName {
        DomainName::parse("example.co.jp").unwrap()
    }

    #[test]
    fn normalises_the_forms_people_type() {
        let d = domain();
        for (raw, expected) in [
            ("tanaka", "tanaka@example.co.jp"),
            ("Tanaka@Example.CO.JP", "tanaka@example.co.jp"),
            (
                "ｔａｎａｋａ＠ｅｘａｍｐｌｅ．ｃｏ．ｊｐ",
                "tanaka@example.co.jp",
            ),
            (" <sato@example.co.jp> ", "sato@example.co.jp"),
            ("mailto:info@example.co.jp", "info@example.co.jp"),
            ("a.b+c@例え.jp", "a.b+c@xn--r8jz45g.jp"),
        ] {
            assert_eq!(normalize(raw, &d).as_deref(), Ok(expected), "{raw}");
        }
        for raw in [
            "",
            "山田",
            ".a@x.jp",
            "a..b@x.jp",
            "a@",
            "a@x",
            "a@-x.jp",
            "a@1.2",
        ] {
            assert!(normalize(raw, &d).is_err(), "{raw}");
        }
    }

    #[test]
    fn places_addresses() {
        let d = domain();
        assert_eq!(placement("a@example.co.jp", &d), Placement::Inside);
        assert_eq!(placement("a@tokyo.example.co.jp", &d), Placement::Subdomain);
        assert_eq!(placement("a@badexample.co.jp", &d), Placement::Outside);
        assert_eq!(placement("a@gmail.com", &d), Placement::Outside);
    }
}
