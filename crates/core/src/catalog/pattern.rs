//! The patterns the catalog matches observations against: host-name globs, value globs
//! and address ranges.
//!
//! **Invariant:** host patterns match label by label, so a match always falls on a label
//! boundary (`*.google.com` never matches `evil-google.com`).

use std::fmt;
use std::net::IpAddr;

/// A host-name pattern, written the way `providers.md` writes provider hosts.
///
/// - `smtp.google.com` matches exactly that name.
/// - A leading `*` label stands for one or more whole labels, as in a DNS wildcard:
///   `*.mail.protection.outlook.com` matches `contoso-com.mail.protection.outlook.com`
///   but not `mail.protection.outlook.com` itself.
/// - Any other `*` matches a run of characters inside one label: `sv*.xserver.jp`
///   matches `sv1234.xserver.jp`, `inbound-smtp.*.amazonaws.com` matches one region label.
///
/// Names are compared without case and without the trailing dot. Patterns are written
/// in lower case without a trailing dot (the catalog tests check that).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct HostPattern(pub &'static str);

impl HostPattern {
    /// Whether `host` (any case, with or without the trailing dot) matches.
    pub fn matches(self, host: &str) -> bool {
        normalize_host(host).is_some_and(|host| self.matches_normalized(&host))
    }

    /// The pattern as written in the catalog.
    pub fn as_str(self) -> &'static str {
        self.0
    }

    /// [`HostPattern::matches`] for a host already passed through [`normalize_host`].
    pub(crate) fn matches_normalized(self, host: &str) -> bool {
        let (any_labels_below, fixed) = match self.0.strip_prefix("*.") {
            Some(rest) => (true, rest),
            None => (false, self.0),
        };
        let mut host_labels = host.rsplit('.');
        for pattern_label in fixed.rsplit('.') {
            match host_labels.next() {
                Some(label) if glob_matches(pattern_label, label) => {}
                _ => return false,
            }
        }
        let labels_left = host_labels.count();
        if any_labels_below {
            labels_left >= 1
        } else {
            labels_left == 0
        }
    }
}

impl fmt::Display for HostPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// Lower-cases `host` and drops surrounding spaces and one trailing dot.
/// Returns `None` for an empty name or one with an empty label (`a..b`), which no
/// pattern should match.
pub(crate) fn normalize_host(host: &str) -> Option<String> {
    let trimmed = host.trim();
    let name = trimmed.strip_suffix('.').unwrap_or(trimmed);
    if name.is_empty() || name.split('.').any(str::is_empty) {
        return None;
    }
    Some(name.to_ascii_lowercase())
}

/// Whether `text` matches `pattern`, where `*` matches any run of characters (also none).
/// ASCII letters compare without case.
pub(crate) fn glob_matches(pattern: &str, text: &str) -> bool {
    let (pattern, text) = (pattern.as_bytes(), text.as_bytes());
    let (mut pattern_idx, mut text_idx) = (0, 0);
    // Where the last `*` was and how much text it has swallowed so far: on a mismatch
    // the star swallows one more byte and matching resumes after it.
    let mut last_star: Option<(usize, usize)> = None;
    while text_idx < text.len() {
        match pattern.get(pattern_idx) {
            Some(b'*') => {
                last_star = Some((pattern_idx, text_idx));
                pattern_idx += 1;
            }
            Some(byte) if byte.eq_ignore_ascii_case(&text[text_idx]) => {
                pattern_idx += 1;
                text_idx += 1;
            }
            _ => match last_star {
                Some((star_idx, swallowed_until)) => {
                    pattern_idx = star_idx + 1;
                    text_idx = swallowed_until + 1;
                    last_star = Some((star_idx, swallowed_until + 1));
                }
                None => return false,
            },
        }
    }
    pattern[pattern_idx..].iter().all(|&byte| byte == b'*')
}

/// An IP network (`192.0.2.0/24`): the addresses a provider's exchangers use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct AddressRange {
    /// The first address of the network (host bits zero).
    pub network: IpAddr,
    /// The number of leading bits that are fixed.
    pub prefix_len: u8,
}

impl AddressRange {
    /// Whether `address` lies in the range. An IPv4-mapped IPv6 address
    /// (`::ffff:192.0.2.1`) counts as the IPv4 address it carries.
    pub fn contains(self, address: IpAddr) -> bool {
        let address = address.to_canonical();
        address.is_ipv4() == self.network.is_ipv4()
            && keep_prefix(address, self.prefix_len) == keep_prefix(self.network, self.prefix_len)
    }

    /// Whether the prefix length fits the address family and the host bits are zero,
    /// so the range reads the same as it matches.
    pub fn is_canonical(self) -> bool {
        let family_bits = if self.network.is_ipv4() { 32 } else { 128 };
        self.prefix_len <= family_bits && keep_prefix(self.network, self.prefix_len) == self.network
    }
}

/// `address` with every bit after the first `prefix_len` cleared.
fn keep_prefix(address: IpAddr, prefix_len: u8) -> IpAddr {
    match address {
        IpAddr::V4(v4) => {
            let mask = u32::MAX
                .checked_shl(32_u32.saturating_sub(u32::from(prefix_len)))
                .unwrap_or(0);
            IpAddr::V4((u32::from(v4) & mask).into())
        }
        IpAddr::V6(v6) => {
            let mask = u128::MAX
                .checked_shl(128_u32.saturating_sub(u32::from(prefix_len)))
                .unwrap_or(0);
            IpAddr::V6((u128::from(v6) & mask).into())
        }
    }
}

impl fmt::Display for AddressRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.network, self.prefix_len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_patterns_match_on_label_boundaries() {
        for (pattern, host, expected) in [
            ("smtp.google.com", "smtp.google.com", true),
            ("smtp.google.com", "SMTP.Google.COM.", true),
            ("smtp.google.com", " smtp.google.com ", true),
            ("smtp.google.com", "xsmtp.google.com", false),
            ("smtp.google.com", "smtp.google.com.evil.example", false),
            ("*.google.com", "aspmx.l.google.com", true),
            ("*.google.com", "google.com", false),
            ("*.google.com", "evil-google.com", false),
            ("*.google.com", "google.com.evil.example", false),
            ("sv*.xserver.jp", "sv1234.xserver.jp", true),
            ("sv*.xserver.jp", "sv.xserver.jp", true),
            ("sv*.xserver.jp", "www.sv1234.xserver.jp", false),
            ("sv*.xserver.jp", "ns1.xserver.jp", false),
            (
                "inbound-smtp.*.amazonaws.com",
                "inbound-smtp.us-east-1.amazonaws.com",
                true,
            ),
            (
                "inbound-smtp.*.amazonaws.com",
                "inbound-smtp.amazonaws.com",
                false,
            ),
            ("*.*-v1.mx.microsoft", "contoso-com.o-v1.mx.microsoft", true),
            ("*.*-v1.mx.microsoft", "contoso-com.mx.microsoft", false),
            ("*.*.messagelabs.com", "cluster1.eu.messagelabs.com", true),
            ("*.*.messagelabs.com", "eu.messagelabs.com", false),
            ("ns-*.awsdns-*.co.uk", "ns-1536.awsdns-00.co.uk", true),
            ("ns-*.awsdns-*.co.uk", "ns-1536.awsdns-00.uk", false),
            ("mx*.zoho.jp", "mx2.zoho.jp", true),
            ("mx*.zoho.jp", "mx2.zoho.jp.evil.example", false),
        ] {
            assert_eq!(
                HostPattern(pattern).matches(host),
                expected,
                "{pattern} vs {host:?}"
            );
        }
    }

    #[test]
    fn hosts_with_empty_labels_never_match() {
        for host in ["", ".", "mail..google.com", ".smtp.google.com"] {
            assert!(!HostPattern("*.google.com").matches(host), "{host:?}");
            assert!(!HostPattern("smtp.google.com").matches(host), "{host:?}");
        }
    }

    #[test]
    fn globs_match_runs_of_characters() {
        for (pattern, text, expected) in [
            ("MS=ms*", "MS=ms12345678", true),
            ("MS=ms*", "ms=MS12345678", true),
            ("MS=ms*", "MS=m", false),
            (
                "zoho-verification=zb*.zmverify.zoho.jp",
                "zoho-verification=zb12345678.zmverify.zoho.jp",
                true,
            ),
            (
                "zoho-verification=zb*.zmverify.zoho.jp",
                "zoho-verification=zb12345678.zmverify.zoho.com",
                false,
            ),
            ("*gehirn*", "ns1.gehirndns.jp", true),
            ("a*b*c", "aXbYbZc", true),
            ("a*b*c", "aXbYbZ", false),
            ("*", "", true),
            ("", "x", false),
        ] {
            assert_eq!(glob_matches(pattern, text), expected, "{pattern} vs {text}");
        }
    }

    #[test]
    fn address_ranges_contain_their_addresses() {
        let documentation_v4 = AddressRange {
            network: "192.0.2.0".parse().expect("literal address"),
            prefix_len: 24,
        };
        assert!(documentation_v4.contains("192.0.2.200".parse().expect("literal")));
        assert!(documentation_v4.contains("::ffff:192.0.2.1".parse().expect("literal")));
        assert!(!documentation_v4.contains("192.0.3.1".parse().expect("literal")));
        assert!(!documentation_v4.contains("2001:db8::1".parse().expect("literal")));
        assert!(documentation_v4.is_canonical());
        assert_eq!(documentation_v4.to_string(), "192.0.2.0/24");

        let documentation_v6 = AddressRange {
            network: "2001:db8::".parse().expect("literal address"),
            prefix_len: 32,
        };
        assert!(documentation_v6.contains("2001:db8:1::25".parse().expect("literal")));
        assert!(!documentation_v6.contains("2001:db9::25".parse().expect("literal")));

        let everything = AddressRange {
            network: "0.0.0.0".parse().expect("literal address"),
            prefix_len: 0,
        };
        assert!(everything.contains("203.0.113.9".parse().expect("literal")));

        for (network, prefix_len) in [("192.0.2.1", 24), ("192.0.2.0", 33)] {
            let range = AddressRange {
                network: network.parse().expect("literal address"),
                prefix_len,
            };
            assert!(!range.is_canonical(), "{network}/{prefix_len}");
        }
    }
}
