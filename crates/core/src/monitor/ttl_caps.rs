//! Public resolvers known to keep an answer for less than its TTL, each with its
//! source. A resolver that caps TTLs at 6 hours cannot hand out an old MX for a day,
//! whatever the old record's TTL said; resolvers not listed here may keep it for the
//! full TTL, so a cap shortens only that resolver's moment, never the overall one.
//!
//! Only caps with a source are listed. No operator documentation of a cap was found
//! (searched for Google Public DNS, Cloudflare 1.1.1.1, Quad9 and OpenDNS); the values
//! below are a third party's measurements, and are worded as such wherever they are
//! shown. The same source measured Cloudflare 1.1.1.1 without a cap, and IIJ's public
//! DNS is not covered, so neither is listed.

use std::net::IpAddr;

/// One resolver service's cap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TtlCap {
    /// The service, as people know it.
    pub service: &'static str,
    /// The addresses it answers on (a resolver row matches by address).
    pub addresses: &'static [&'static str],
    /// The longest it keeps an answer (seconds).
    pub max_ttl: u32,
    /// Where the cap comes from.
    pub source: &'static str,
    /// When the source measured it (ISO date).
    pub measured_on: &'static str,
}

/// "DNS TTL Limits at Public DNS Resolvers", nullrouted.space, 2023-03-18: the TTLs
/// each service returned for records published with 86,400 s.
const MEASURED: &str =
    "https://nullrouted.space/2023/03/18/dns-ttl-limits-at-public-dns-resolvers/";

/// The known caps, shortest first.
pub const TTL_CAPS: [TtlCap; 3] = [
    // "OpenDNS brings the TTL down from 86400 seconds or 1 day to 3600 seconds."
    TtlCap {
        service: "OpenDNS",
        addresses: &[
            "208.67.222.222",
            "208.67.220.220",
            "2620:119:35::35",
            "2620:119:53::53",
        ],
        max_ttl: 3600,
        source: MEASURED,
        measured_on: "2023-03-18",
    },
    // "Google Public DNS brings the TTL down to their upper limit which is 21600
    // seconds or 6 hours."
    TtlCap {
        service: "Google Public DNS",
        addresses: &[
            "8.8.8.8",
            "8.8.4.4",
            "2001:4860:4860::8888",
            "2001:4860:4860::8844",
        ],
        max_ttl: 21_600,
        source: MEASURED,
        measured_on: "2023-03-18",
    },
    // "Quad9 brings the TTL down from 86400 seconds to 43200 seconds or 12 hours."
    TtlCap {
        service: "Quad9",
        addresses: &["9.9.9.9", "149.112.112.112", "2620:fe::fe", "2620:fe::9"],
        max_ttl: 43_200,
        source: MEASURED,
        measured_on: "2023-03-18",
    },
];

/// The cap of the service at `address` as a resolver row shows it (`8.8.8.8`,
/// `8.8.8.8:53`, `[2001:4860:4860::8888]:53`), if known. A resolver asked on another
/// port is someone else's server, whatever its address.
pub fn cap_for(address: &str) -> Option<&'static TtlCap> {
    let ip = parse_resolver_ip(address.trim())?;
    TTL_CAPS.iter().find(|cap| {
        cap.addresses
            .iter()
            .any(|known| known.parse::<IpAddr>().ok() == Some(ip))
    })
}

fn parse_resolver_ip(address: &str) -> Option<IpAddr> {
    if let Ok(ip) = address.parse::<IpAddr>() {
        return Some(ip);
    }
    let socket = address.parse::<std::net::SocketAddr>().ok()?;
    (socket.port() == 53).then_some(socket.ip())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cap_has_a_source_and_parsable_addresses() {
        for cap in TTL_CAPS {
            assert!(cap.source.starts_with("https://"), "{}", cap.service);
            assert_eq!(cap.measured_on.len(), 10, "{}", cap.service);
            assert!(cap.max_ttl > 0);
            for address in cap.addresses {
                assert!(address.parse::<IpAddr>().is_ok(), "{address}");
                assert_eq!(cap_for(address).map(|c| c.service), Some(cap.service));
            }
        }
        assert!(TTL_CAPS.windows(2).all(|w| w[0].max_ttl <= w[1].max_ttl));
    }

    #[test]
    fn rows_match_by_address_on_the_dns_port() {
        assert_eq!(cap_for("8.8.8.8").map(|c| c.max_ttl), Some(21_600));
        assert_eq!(cap_for(" 8.8.4.4:53 ").map(|c| c.max_ttl), Some(21_600));
        assert_eq!(
            cap_for("[2620:fe::fe]:53").map(|c| c.service),
            Some("Quad9")
        );
        // Another port is another server; unknown services have no cap.
        assert_eq!(cap_for("8.8.8.8:5353"), None);
        assert_eq!(cap_for("1.1.1.1"), None);
        assert_eq!(cap_for("doh:https://public.dns.iij.jp/dns-query"), None);
        assert_eq!(cap_for(""), None);
    }
}
