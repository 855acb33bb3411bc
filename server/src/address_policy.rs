//! Which addresses the server may contact when DNS data names them: the direct
//! questions to one server (`Query::server`: the SOA serial each authoritative name
//! server serves, the cutover monitor's per-server view) and the MTA-STS policy fetch.
//! A leaf: it knows addresses, not how to ask them (`dns::ask_directly` asks).
//!
//! **Safety:** the addresses come from DNS data, which anyone can write. A zone whose
//! NS records point at 10.0.0.1, 127.0.0.1 or `64:ff9b::7f00:1` (127.0.0.1 through
//! NAT64) must not make the server send packets into its own network. In production
//! only public unicast addresses are contacted ([`is_public`]: IPv4 and IPv6 minus
//! every range of the IANA special-purpose registries, IPv6 only inside global
//! unicast `2000::/3`, and forms that embed an IPv4 address judged by that address);
//! test setups contact only loopback addresses (on their own port). Everything else
//! is answered `NotAsked` without a packet.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

/// Which addresses direct questions (and the MTA-STS fetch) may go to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DirectPolicy {
    /// Public unicast addresses only ([`is_public`]), on the service's port
    /// (production).
    #[default]
    Public,
    /// Loopback addresses only, on this port (test setups: several authorities on
    /// 127.0.0.x sharing one port).
    Loopback {
        /// The port every test authority listens on.
        port: u16,
    },
    /// Tests of the production decision: an address is allowed exactly when
    /// [`DirectPolicy::Public`] allows it, but whatever is allowed is sent to
    /// `127.0.0.1:port` instead, so a test sees what would have been contacted
    /// without a packet leaving the machine.
    PublicOnLoopback {
        /// The loopback port that stands in for every allowed address.
        port: u16,
    },
}

impl DirectPolicy {
    /// The policy `--authority-port` selects: without it production's, with it the
    /// test setups' loopback authorities on that port.
    pub fn for_authority_port(authority_port: Option<u16>) -> DirectPolicy {
        authority_port.map_or(DirectPolicy::Public, |port| DirectPolicy::Loopback { port })
    }

    /// Where to send a direct question to `ip`, if anywhere.
    pub fn target(self, ip: IpAddr) -> Option<SocketAddr> {
        self.target_port(ip, 53)
    }

    /// Where to connect for `ip` when the service's public port is `public_port`.
    pub fn target_port(self, ip: IpAddr, public_port: u16) -> Option<SocketAddr> {
        match self {
            DirectPolicy::Public => is_public(ip).then_some(SocketAddr::new(ip, public_port)),
            DirectPolicy::Loopback { port } => {
                ip.is_loopback().then_some(SocketAddr::new(ip, port))
            }
            DirectPolicy::PublicOnLoopback { port } => {
                is_public(ip).then_some(SocketAddr::from((Ipv4Addr::LOCALHOST, port)))
            }
        }
    }
}

/// One range of a special-purpose registry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpecialRange<A> {
    /// The first address.
    pub network: A,
    /// The prefix length.
    pub prefix: u8,
    /// What it is and where it is defined.
    pub what: &'static str,
}

const fn v4(a: u8, b: u8, c: u8, d: u8, prefix: u8, what: &'static str) -> SpecialRange<Ipv4Addr> {
    SpecialRange {
        network: Ipv4Addr::new(a, b, c, d),
        prefix,
        what,
    }
}

const fn v6(s: [u16; 8], prefix: u8, what: &'static str) -> SpecialRange<Ipv6Addr> {
    SpecialRange {
        network: Ipv6Addr::new(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]),
        prefix,
        what,
    }
}

/// IPv4 addresses never contacted: every entry of the IANA IPv4 Special-Purpose
/// Address Registry (RFC 6890), whether marked globally reachable or not, plus
/// multicast (not unicast at all).
pub const SPECIAL_V4: [SpecialRange<Ipv4Addr>; 19] = [
    v4(0, 0, 0, 0, 8, "\"this network\", RFC 791 §3.2"),
    v4(10, 0, 0, 0, 8, "private use, RFC 1918"),
    v4(100, 64, 0, 0, 10, "shared address space (CGNAT), RFC 6598"),
    v4(127, 0, 0, 0, 8, "loopback, RFC 1122 §3.2.1.3"),
    v4(169, 254, 0, 0, 16, "link-local, RFC 3927"),
    v4(172, 16, 0, 0, 12, "private use, RFC 1918"),
    v4(
        192,
        0,
        0,
        0,
        24,
        "IETF protocol assignments, RFC 6890 §2.1 (192.0.0.0/29 DS-Lite RFC 6333, 192.0.0.8 RFC 7600, 192.0.0.9 PCP anycast RFC 7723, 192.0.0.10 TURN anycast RFC 8155, 192.0.0.170–171 NAT64 discovery RFC 8880)",
    ),
    v4(192, 0, 2, 0, 24, "documentation TEST-NET-1, RFC 5737"),
    v4(192, 31, 196, 0, 24, "AS112-v4, RFC 7535"),
    v4(192, 52, 193, 0, 24, "AMT, RFC 7450"),
    v4(
        192,
        88,
        99,
        0,
        24,
        "deprecated 6to4 relay anycast, RFC 7526",
    ),
    v4(192, 168, 0, 0, 16, "private use, RFC 1918"),
    v4(
        192,
        175,
        48,
        0,
        24,
        "direct delegation AS112 service, RFC 7534",
    ),
    v4(198, 18, 0, 0, 15, "benchmarking, RFC 2544"),
    v4(198, 51, 100, 0, 24, "documentation TEST-NET-2, RFC 5737"),
    v4(203, 0, 113, 0, 24, "documentation TEST-NET-3, RFC 5737"),
    v4(224, 0, 0, 0, 4, "multicast, RFC 5771"),
    v4(240, 0, 0, 0, 4, "reserved, RFC 1112 §4"),
    v4(
        255,
        255,
        255,
        255,
        32,
        "limited broadcast, RFC 8190 / RFC 919 §7",
    ),
];

/// IPv6 addresses never contacted inside global unicast `2000::/3` (everything
/// outside it is refused anyway: `::/128`, `::1/128`, `::/96` IPv4-compatible,
/// `64:ff9b:1::/48` local-use translation RFC 8215, `100::/64` discard-only RFC 6666,
/// `100:0:0:1::/64` dummy prefix RFC 9780, `5f00::/16` SRv6 SIDs RFC 9602,
/// `fc00::/7` unique local RFC 4193, `fec0::/10` site-local RFC 3879, `fe80::/10`
/// link-local RFC 4291, `ff00::/8` multicast RFC 4291). The entries of the IANA IPv6
/// Special-Purpose Address Registry that lie in `2000::/3`, whether marked globally
/// reachable or not. `2002::/16` (6to4) and the translation prefixes are judged by
/// the IPv4 address they carry, in [`is_public`].
pub const SPECIAL_V6: [SpecialRange<Ipv6Addr>; 4] = [
    v6(
        [0x2001, 0, 0, 0, 0, 0, 0, 0],
        23,
        "IETF protocol assignments, RFC 2928 (2001::/32 Teredo RFC 4380, 2001:1::1–3 PCP/TURN/DNS-SD SRP anycast RFC 7723/8155/9665, 2001:2::/48 benchmarking RFC 5180, 2001:3::/32 AMT RFC 7450, 2001:4:112::/48 AS112-v6 RFC 7535, 2001:10::/28 ORCHID RFC 4843, 2001:20::/28 ORCHIDv2 RFC 7343, 2001:30::/28 drone remote ID RFC 9374)",
    ),
    v6(
        [0x2001, 0x0db8, 0, 0, 0, 0, 0, 0],
        32,
        "documentation, RFC 3849",
    ),
    v6(
        [0x2620, 0x004f, 0x8000, 0, 0, 0, 0, 0],
        48,
        "direct delegation AS112 service, RFC 7534",
    ),
    v6([0x3fff, 0, 0, 0, 0, 0, 0, 0], 20, "documentation, RFC 9637"),
];

impl SpecialRange<Ipv4Addr> {
    /// Whether `ip` lies in this range.
    pub fn contains(&self, ip: Ipv4Addr) -> bool {
        let mask = u32::MAX
            .checked_shl(32 - u32::from(self.prefix))
            .unwrap_or(0);
        u32::from(ip) & mask == u32::from(self.network) & mask
    }
}

impl SpecialRange<Ipv6Addr> {
    /// Whether `ip` lies in this range.
    pub fn contains(&self, ip: Ipv6Addr) -> bool {
        let mask = u128::MAX
            .checked_shl(128 - u32::from(self.prefix))
            .unwrap_or(0);
        u128::from(ip) & mask == u128::from(self.network) & mask
    }
}

/// Whether a direct question or the policy fetch may go to `ip`: globally routable
/// unicast. IPv4: anything outside [`SPECIAL_V4`]. IPv6: the IPv4 address decides for
/// the forms that carry one (`::ffff:0:0/96` IPv4-mapped and `::ffff:0:0:0/96`
/// IPv4-translated, RFC 4291 and RFC 2765; `64:ff9b::/96` NAT64, RFC 6052; `2002::/16`
/// 6to4, RFC 3056, whose bits 16–47 are the IPv4 address); otherwise only global
/// unicast `2000::/3` (RFC 4291 §2.4) outside [`SPECIAL_V6`].
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    !SPECIAL_V4.iter().any(|range| range.contains(ip))
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    if let Some(embedded) = embedded_v4(ip) {
        return is_public_v4(embedded);
    }
    let global_unicast = (ip.segments()[0] & 0xe000) == 0x2000;
    global_unicast && !SPECIAL_V6.iter().any(|range| range.contains(ip))
}

/// The IPv4 address an IPv6 address stands for, in the forms that carry one and
/// reach it: IPv4-mapped, IPv4-translated, NAT64's well-known prefix, 6to4.
fn embedded_v4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = ip.segments();
    let low = Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8);
    match s {
        // ::ffff:a.b.c.d (mapped) and ::ffff:0:a.b.c.d (translated).
        [0, 0, 0, 0, 0, 0xffff, _, _] | [0, 0, 0, 0, 0xffff, 0, _, _] => Some(low),
        // 64:ff9b::a.b.c.d (RFC 6052 §2.1: the well-known prefix is used with /96 only).
        [0x0064, 0xff9b, 0, 0, 0, 0, _, _] => Some(low),
        // 2002:AABB:CCDD::/48 (6to4, RFC 3056 §2).
        [0x2002, high, low16, ..] => Some(Ipv4Addr::new(
            (high >> 8) as u8,
            high as u8,
            (low16 >> 8) as u8,
            low16 as u8,
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Addresses that must be refused, one or more per range, with the range.
    const REFUSED: &[(&str, &str)] = &[
        // The forms the attack run reached.
        ("64:ff9b::7f00:1", "NAT64 of 127.0.0.1"),
        ("64:ff9b::a9fe:a9fe", "NAT64 of 169.254.169.254"),
        ("::ffff:0:7f00:1", "IPv4-translated 127.0.0.1"),
        ("2002:7f00:1::1", "6to4 of 127.0.0.1"),
        ("fec0::1", "site-local"),
        // IPv4 special-purpose registry, first and last address.
        ("0.0.0.0", "this network"),
        ("0.255.255.255", "this network"),
        ("10.0.0.0", "RFC 1918"),
        ("10.255.255.255", "RFC 1918"),
        ("100.64.0.0", "shared"),
        ("100.127.255.255", "shared"),
        ("127.0.0.1", "loopback"),
        ("127.255.255.255", "loopback"),
        ("169.254.0.0", "link-local"),
        ("169.254.169.254", "link-local (metadata)"),
        ("172.16.0.0", "RFC 1918"),
        ("172.31.255.255", "RFC 1918"),
        ("192.0.0.0", "IETF protocol assignments"),
        ("192.0.0.9", "PCP anycast"),
        ("192.0.0.170", "NAT64 discovery"),
        ("192.0.0.255", "IETF protocol assignments"),
        ("192.0.2.1", "TEST-NET-1"),
        ("192.31.196.1", "AS112-v4"),
        ("192.52.193.1", "AMT"),
        ("192.88.99.1", "6to4 relay anycast"),
        ("192.168.0.0", "RFC 1918"),
        ("192.168.255.255", "RFC 1918"),
        ("192.175.48.1", "direct delegation AS112"),
        ("198.18.0.0", "benchmarking"),
        ("198.19.255.255", "benchmarking"),
        ("198.51.100.1", "TEST-NET-2"),
        ("203.0.113.1", "TEST-NET-3"),
        ("224.0.0.1", "multicast"),
        ("239.255.255.255", "multicast"),
        ("240.0.0.1", "reserved"),
        ("255.255.255.254", "reserved"),
        ("255.255.255.255", "limited broadcast"),
        // IPv6 outside 2000::/3.
        ("::", "unspecified"),
        ("::1", "loopback"),
        ("::127.0.0.1", "IPv4-compatible"),
        ("::8.8.8.8", "IPv4-compatible, deprecated even when public"),
        ("::ffff:127.0.0.1", "IPv4-mapped loopback"),
        ("::ffff:10.0.0.1", "IPv4-mapped private"),
        ("::ffff:0:a9fe:a9fe", "IPv4-translated link-local"),
        ("64:ff9b::a00:1", "NAT64 of 10.0.0.1"),
        ("64:ff9b:1::808:808", "local-use translation, RFC 8215"),
        ("64:ff9b:0:0:1::808:808", "64:ff9b::/96 with other bits set"),
        ("100::1", "discard-only"),
        ("100:0:0:1::1", "dummy prefix"),
        ("5f00::1", "SRv6 SIDs"),
        ("fc00::1", "unique local"),
        ("fd00::1", "unique local"),
        ("fe80::1", "link-local"),
        ("febf:ffff::1", "link-local"),
        ("fec0::1", "site-local"),
        ("feff:ffff::1", "site-local"),
        ("ff02::1", "multicast"),
        ("4000::1", "unassigned, outside 2000::/3"),
        ("e000::1", "unassigned, outside 2000::/3"),
        // IPv6 special-purpose registry inside 2000::/3.
        ("2001::1", "Teredo"),
        ("2001:0:4136:e378:8000:63bf:3fff:fdd2", "Teredo"),
        ("2001:1::1", "PCP anycast"),
        ("2001:1::2", "TURN anycast"),
        ("2001:2::1", "benchmarking"),
        ("2001:3::1", "AMT"),
        ("2001:4:112::1", "AS112-v6"),
        ("2001:10::1", "ORCHID"),
        ("2001:20::1", "ORCHIDv2"),
        ("2001:30::1", "drone remote ID"),
        ("2001:1ff:ffff::1", "IETF protocol assignments, last /32"),
        ("2001:db8::1", "documentation"),
        ("2620:4f:8000::1", "direct delegation AS112"),
        ("3fff::1", "documentation"),
        ("3fff:fff::1", "documentation"),
        // 6to4 of private, link-local and relay addresses.
        ("2002:a00:1::1", "6to4 of 10.0.0.1"),
        ("2002:a9fe:a9fe::1", "6to4 of 169.254.169.254"),
        ("2002:c058:6301::1", "6to4 of the relay anycast"),
        ("2002::1", "6to4 of 0.0.0.0"),
    ];

    /// Public unicast: allowed.
    const ALLOWED: &[&str] = &[
        "8.8.8.8",
        "1.1.1.1",
        "210.130.1.1",
        "100.63.255.255",
        "100.128.0.0",
        "172.32.0.1",
        "192.0.1.1",
        "198.20.0.1",
        "223.255.255.254",
        "2001:4860:4860::8888",
        "2001:200::1",
        "2400:cb00::1",
        "2620:4f:8001::1",
        "3ffe::1",
        "::ffff:8.8.8.8",
        "::ffff:0:808:808",
        "64:ff9b::808:808",
        "2002:808:808::1",
    ];

    #[test]
    fn every_special_range_is_refused() {
        for (text, range) in REFUSED {
            let ip: IpAddr = text.parse().unwrap();
            assert!(!is_public(ip), "{text} ({range}) must be refused");
            assert_eq!(DirectPolicy::Public.target(ip), None, "{text} ({range})");
            assert_eq!(
                DirectPolicy::PublicOnLoopback { port: 5300 }.target(ip),
                None,
                "{text} ({range})"
            );
        }
    }

    #[test]
    fn the_tables_edges_are_refused_and_their_neighbours_are_not_special() {
        for range in SPECIAL_V4 {
            let first = u32::from(range.network);
            let last = first | u32::MAX.checked_shr(u32::from(range.prefix)).unwrap_or(0);
            for ip in [first, last] {
                assert!(!is_public(IpAddr::V4(ip.into())), "{}", range.what);
            }
        }
        for range in SPECIAL_V6 {
            let first = u128::from(range.network);
            let last = first | u128::MAX.checked_shr(u32::from(range.prefix)).unwrap_or(0);
            for ip in [first, last] {
                assert!(!is_public(IpAddr::V6(ip.into())), "{}", range.what);
            }
        }
    }

    #[test]
    fn public_unicast_is_allowed() {
        for text in ALLOWED {
            let ip: IpAddr = text.parse().unwrap();
            assert!(is_public(ip), "{text}");
            assert_eq!(
                DirectPolicy::Public.target(ip),
                Some(SocketAddr::new(ip, 53))
            );
            assert_eq!(
                DirectPolicy::PublicOnLoopback { port: 5300 }.target_port(ip, 443),
                Some(SocketAddr::from(([127, 0, 0, 1], 5300))),
                "{text}"
            );
        }
    }

    #[test]
    fn test_setups_reach_loopback_only() {
        let policy = DirectPolicy::Loopback { port: 5300 };
        let lo: IpAddr = "127.0.0.3".parse().unwrap();
        assert_eq!(policy.target(lo), Some(SocketAddr::new(lo, 5300)));
        for elsewhere in ["8.8.8.8", "10.0.0.1", "2001:4860:4860::8888"] {
            assert_eq!(
                policy.target(elsewhere.parse().unwrap()),
                None,
                "{elsewhere}"
            );
        }
    }
}
