//! Domain names as users type them: an ASCII name, an IDN (`例え.jp`), an e-mail
//! address or a URL, with full-width characters and stray spaces. The result is a
//! [`DomainName`] in A-label form for DNS that can also show itself in U-labels; the
//! error says precisely what is wrong, in Japanese and English.
//!
//! Names must end in a public top-level domain (the Public Suffix List, ICANN section)
//! unless a [`NamePolicy`] allows more (`.test` for fixtures); special-use names
//! (`localhost`, `.local`, `.internal`, `.home.arpa` …) never reach DNS otherwise.

mod error;
mod idn;
mod input;
mod mail_domain;
mod psl;
// Only the build without `idna` decodes Punycode itself; the tests compare both.
#[cfg(any(test, not(feature = "idna")))]
mod punycode;

pub use error::NameError;
pub(crate) use idn::to_ascii_strict as idn_to_ascii_strict;
pub use idn::{ToAscii, set_to_ascii};
pub use psl::{
    install as install_public_suffix_list, is_available as public_suffix_list_available,
};

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};

/// RFC 1035 §2.3.4: labels are 63 octets or less.
pub const MAX_LABEL_LEN: usize = 63;
/// RFC 1035 §2.3.4: names are 255 octets or less on the wire, which leaves 253
/// characters in presentation form without the trailing dot.
pub const MAX_NAME_LEN: usize = 253;

/// Top-level names reserved for special or private use (RFC 6761, RFC 6762, RFC 7686,
/// RFC 8375, ICANN's `.internal`) and the private ones seen in company networks.
const SPECIAL_USE_TLDS: [&str; 14] = [
    "localhost",
    "local",
    "internal",
    "onion",
    "test",
    "example",
    "invalid",
    "arpa",
    "lan",
    "corp",
    "home",
    "localdomain",
    "intranet",
    "private",
];

/// A validated, lower-cased, fully qualified domain name in A-label (punycode) form,
/// without the trailing dot.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DomainName(String);

/// Which names are accepted besides names under public top-level domains.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamePolicy {
    /// Extra top-level domains, e.g. `test` for private test setups.
    allowed_tlds: BTreeSet<String>,
    /// Skip the TLD checks altogether: for names the program produced itself.
    #[serde(skip)]
    any_tld: bool,
}

impl NamePolicy {
    /// Public top-level domains only.
    pub fn public() -> NamePolicy {
        NamePolicy::default()
    }

    /// Public top-level domains and `tlds` (case-insensitive, leading dots ignored).
    pub fn allowing<S: AsRef<str>>(tlds: impl IntoIterator<Item = S>) -> NamePolicy {
        let allowed_tlds = tlds
            .into_iter()
            .map(|tld| {
                tld.as_ref()
                    .trim()
                    .trim_start_matches('.')
                    .to_ascii_lowercase()
            })
            .filter(|tld| !tld.is_empty())
            .collect();
        NamePolicy {
            allowed_tlds,
            any_tld: false,
        }
    }

    /// From a comma-separated list, as in `MAILMOVE_ALLOW_TLDS=test,example`.
    pub fn from_list(list: &str) -> NamePolicy {
        NamePolicy::allowing(list.split(','))
    }

    /// Syntax checks only: for names read back from our own output.
    fn any_tld() -> NamePolicy {
        NamePolicy {
            allowed_tlds: BTreeSet::new(),
            any_tld: true,
        }
    }

    /// The extra top-level domains.
    pub fn allowed_tlds(&self) -> impl Iterator<Item = &str> {
        self.allowed_tlds.iter().map(String::as_str)
    }

    fn allows(&self, tld: &str) -> bool {
        self.any_tld || self.allowed_tlds.contains(tld)
    }
}

impl DomainName {
    /// Parses what a user typed, accepting public top-level domains only.
    pub fn parse(input: &str) -> Result<DomainName, NameError> {
        DomainName::parse_with(input, &NamePolicy::public())
    }

    /// Parses what a user typed: a domain, an IDN, an e-mail address or a URL, with
    /// surrounding spaces, one trailing dot and full-width characters allowed.
    ///
    /// Control characters (tab, CR, LF, NEL …) and invisible ones (zero-width space,
    /// BOM …) are refused wherever they are, never trimmed.
    pub fn parse_with(input: &str, policy: &NamePolicy) -> Result<DomainName, NameError> {
        refuse_hidden(input)?;
        let folded = input::fold_width(input);
        let host = input::host_part(&folded);
        let host = host.strip_suffix('.').unwrap_or(host);
        if host.is_empty() {
            return Err(NameError::Empty);
        }
        if is_ip_literal(host) {
            return Err(NameError::IpLiteral { input: host.into() });
        }
        // ASCII needs IDNA only to check the punycode of `xn--` labels.
        let ascii = if host.is_ascii() && !host.to_ascii_lowercase().contains("xn--") {
            host.to_ascii_lowercase()
        } else {
            // Strict UTS #46 (STD3 rules, hyphen checks, DNS lengths), as registries apply it.
            let converted =
                idn::to_ascii_strict(host).ok_or_else(|| NameError::Idna { input: host.into() })?;
            if converted.is_empty() {
                return Err(NameError::Idna { input: host.into() });
            }
            converted
        };
        // A name typed in Japanese is quoted back in Japanese, not in Punycode.
        check_converted(&ascii, policy).map_err(|error| {
            if host.is_ascii() {
                error
            } else {
                error.in_unicode()
            }
        })
    }

    /// The name in A-labels without the trailing dot, as DNS and logs use it.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The fully qualified form with the trailing dot, as DNS libraries want it.
    pub fn to_fqdn(&self) -> String {
        format!("{}.", self.0)
    }

    /// The name in U-labels for people (`xn--r8jz45g.jp` → `例え.jp`).
    pub fn to_unicode(&self) -> String {
        idn::to_unicode(&self.0)
    }

    /// The organisational domain (RFC 7489 §3.2): the public suffix plus one label.
    /// For names under TLDs the list does not know (`.test`), the last two labels.
    /// A build without the embedded list that has not installed it yet
    /// ([`install_public_suffix_list`]) also gets the last two labels: code that may
    /// run there asks [`DomainName::try_organizational_domain`] instead.
    pub fn organizational_domain(&self) -> DomainName {
        self.organizational_with(psl::suffix_labels(&self.0).unwrap_or(1))
    }

    /// The organisational domain, or `None` while the Public Suffix List is not
    /// available (the page before the list has arrived).
    pub fn try_organizational_domain(&self) -> Option<DomainName> {
        Some(self.organizational_with(psl::suffix_labels(&self.0)?))
    }

    fn organizational_with(&self, suffix_labels: usize) -> DomainName {
        let labels: Vec<&str> = self.0.split('.').collect();
        let keep = (suffix_labels + 1).min(labels.len());
        DomainName(labels[labels.len() - keep..].join("."))
    }

    /// Whether this name is its own organisational domain.
    pub fn is_organizational(&self) -> bool {
        self.organizational_domain() == *self
    }
}

/// The checks after IDNA conversion: syntax, then the TLD policy.
fn check_converted(ascii: &str, policy: &NamePolicy) -> Result<DomainName, NameError> {
    let name = check_syntax(ascii, false)?;
    let tld = name.rsplit('.').next().unwrap_or_default();
    if !policy.allows(tld) {
        if SPECIAL_USE_TLDS.contains(&tld) || name.ends_with(".home.arpa") {
            return Err(NameError::SpecialUse { tld: tld.into() });
        }
        // Without the list (the page before it has arrived) both checks are left to
        // the server, which has it.
        if psl::is_known_tld(tld) == Some(false) {
            return Err(NameError::UnknownTld { tld: tld.into() });
        }
        if psl::suffix_labels(&name).is_some_and(|labels| labels >= name.split('.').count()) {
            return Err(NameError::PublicSuffix { input: name });
        }
    }
    Ok(DomainName(name))
}

/// A host name someone typed (an exchanger, an SPF include) in lower-case A-labels,
/// by syntax alone: any top-level domain, since it is the provider's name, not ours.
pub(crate) fn host_syntax(input: &str) -> Option<String> {
    DomainName::parse_with(input, &NamePolicy::any_tld())
        .ok()
        .map(|name| name.0)
}

/// Like [`host_syntax`], for names that may begin with `_` labels (`_spf.example.net`).
pub(crate) fn query_name_syntax(input: &str) -> Option<String> {
    parse_query_name(input, &NamePolicy::any_tld()).ok()
}

/// Validates a name to query: a [`DomainName`] possibly preceded by service labels
/// (`_dmarc.`, `selector._domainkey.`, `_mta-sts.`, `_smtp._tls.`, `default._bimi.`).
/// Returns the lower-case query name without the trailing dot.
pub fn parse_query_name(input: &str, policy: &NamePolicy) -> Result<String, NameError> {
    refuse_hidden(input)?;
    let trimmed = input.trim_matches(' ');
    // A bare name only: no e-mail address or URL to take apart here.
    if let Some(ch) = trimmed
        .chars()
        .find(|ch| matches!(ch, '@' | '/' | ':' | '?' | '#' | '<' | '>'))
    {
        return Err(NameError::InvalidCharacter {
            input: trimmed.into(),
            ch,
        });
    }
    let name = trimmed
        .strip_suffix('.')
        .unwrap_or(trimmed)
        .to_ascii_lowercase();
    // One trailing dot is the root; a second is an empty label (`example.jp..`).
    if name.ends_with('.') {
        return Err(NameError::EmptyLabel {
            input: trimmed.into(),
        });
    }
    let labels: Vec<&str> = name.split('.').collect();
    // Everything up to the last `_label` is the service part.
    let Some(last_service) = labels.iter().rposition(|label| label.starts_with('_')) else {
        return DomainName::parse_with(&name, policy).map(String::from);
    };
    let service = labels[..=last_service].join(".");
    check_syntax(&service, true)?;
    let domain = DomainName::parse_with(&labels[last_service + 1..].join("."), policy)?;
    let full = format!("{service}.{domain}");
    if full.len() > MAX_NAME_LEN {
        return Err(NameError::NameTooLong { len: full.len() });
    }
    Ok(full)
}

/// A control or invisible character anywhere is refused (see `input::is_hidden`).
fn refuse_hidden(input: &str) -> Result<(), NameError> {
    match input.chars().find(|ch| input::is_hidden(*ch)) {
        Some(ch) => Err(NameError::InvalidCharacter {
            input: input.into(),
            ch,
        }),
        None => Ok(()),
    }
}

fn is_ip_literal(host: &str) -> bool {
    host.parse::<std::net::IpAddr>().is_ok()
        || host
            .strip_prefix('[')
            .and_then(|rest| rest.strip_suffix(']'))
            .is_some_and(|inner| inner.parse::<std::net::Ipv6Addr>().is_ok())
}

/// Labels of letters, digits and inner hyphens (and underscores in service labels),
/// within the RFC 1035 lengths; for user names also more than one label and a
/// non-numeric top-level domain.
fn check_syntax(name: &str, service: bool) -> Result<String, NameError> {
    if let Some(ch) = name.chars().find(|ch| {
        !(ch.is_ascii_alphanumeric() || *ch == '-' || *ch == '.' || (service && *ch == '_'))
    }) {
        return Err(NameError::InvalidCharacter {
            input: name.into(),
            ch,
        });
    }
    if name.len() > MAX_NAME_LEN {
        return Err(NameError::NameTooLong { len: name.len() });
    }
    for label in name.split('.') {
        if label.is_empty() {
            return Err(NameError::EmptyLabel { input: name.into() });
        }
        if label.len() > MAX_LABEL_LEN {
            return Err(NameError::LabelTooLong {
                label: label.into(),
                len: label.len(),
            });
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(NameError::HyphenAtEdge {
                label: label.into(),
            });
        }
    }
    if !service {
        let Some((_, tld)) = name.rsplit_once('.') else {
            return Err(NameError::SingleLabel { input: name.into() });
        };
        if tld.bytes().all(|b| b.is_ascii_digit()) {
            return Err(NameError::NumericTld { input: name.into() });
        }
    }
    Ok(name.to_owned())
}

impl fmt::Display for DomainName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for DomainName {
    type Error = NameError;
    /// Re-reads a name this program wrote (JSON): syntax only, any top-level domain.
    fn try_from(value: String) -> Result<Self, Self::Error> {
        DomainName::parse_with(&value, &NamePolicy::any_tld())
    }
}

impl From<DomainName> for String {
    fn from(name: DomainName) -> String {
        name.0
    }
}

impl std::str::FromStr for DomainName {
    type Err = NameError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DomainName::parse(s)
    }
}

#[cfg(test)]
mod tests;
