//! Who the client is: the TCP peer, or behind a trusted reverse proxy the address the
//! proxy saw, from `Forwarded` (RFC 7239) or `X-Forwarded-For`.
//!
//! Headers are believed only when the peer is in a `--trusted-proxy` range, and then
//! only as far as trusted proxies wrote them: the hops are read from the right (the
//! one closest to us) and the first hop that is not itself a trusted proxy is the
//! client. Everything to its left was written by the client and is ignored. A hop that
//! cannot be read, or two headers that name different clients, fall back to the peer:
//! a proxy that writes only one of the headers passes the other through from the
//! client, so a disagreement means one of them is forged, and the peer is the only
//! address nobody forged.

use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::str::FromStr;

use axum::extract::ConnectInfo;
use axum::http::HeaderMap;

/// The client of a request, as decided by the rate-limit middleware (a request
/// extension, for the handlers that count per client).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

/// An address range such as `10.0.0.0/8` or `2001:db8::/32` (a bare address is a range
/// of one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cidr {
    network: IpAddr,
    prefix_len: u8,
}

/// A `--trusted-proxy` value that is not a range.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("not an address range like 10.0.0.0/8 or 2001:db8::/32: {input}")]
pub struct CidrError {
    /// What was given.
    pub input: String,
}

impl FromStr for Cidr {
    type Err = CidrError;

    fn from_str(input: &str) -> Result<Cidr, CidrError> {
        let error = || CidrError {
            input: input.to_owned(),
        };
        let (address, prefix_len) = match input.trim().split_once('/') {
            Some((address, len)) => (address, Some(len)),
            None => (input.trim(), None),
        };
        let network: IpAddr = address.parse().map_err(|_| error())?;
        let max = if network.is_ipv4() { 32 } else { 128 };
        let prefix_len = match prefix_len {
            Some(len) if len.bytes().all(|octet| octet.is_ascii_digit()) => {
                len.parse::<u8>().map_err(|_| error())?
            }
            Some(_) => return Err(error()),
            None => max,
        };
        if prefix_len > max {
            return Err(error());
        }
        Ok(Cidr {
            network: mask(network, prefix_len),
            prefix_len,
        })
    }
}

impl Cidr {
    /// Whether `address` is in the range (IPv4-mapped IPv6 addresses count as IPv4).
    pub fn contains(&self, address: IpAddr) -> bool {
        let address = address.to_canonical();
        address.is_ipv4() == self.network.is_ipv4()
            && mask(address, self.prefix_len) == self.network
    }
}

impl std::fmt::Display for Cidr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.network, self.prefix_len)
    }
}

/// `address` with every bit after the first `prefix_len` cleared.
pub fn mask(address: IpAddr, prefix_len: u8) -> IpAddr {
    match address {
        IpAddr::V4(v4) => {
            let bits = u32::from(v4);
            let kept = u32::MAX.checked_shl(32 - u32::from(prefix_len.min(32)));
            IpAddr::V4(std::net::Ipv4Addr::from(bits & kept.unwrap_or(0)))
        }
        IpAddr::V6(v6) => {
            let bits = u128::from(v6);
            let kept = u128::MAX.checked_shl(128 - u32::from(prefix_len.min(128)));
            IpAddr::V6(Ipv6Addr::from(bits & kept.unwrap_or(0)))
        }
    }
}

/// The client of a request whose TCP peer is `peer` (None for a router driven
/// in-process, which counts as 0.0.0.0).
pub fn client_addr(
    peer: Option<&ConnectInfo<SocketAddr>>,
    headers: &HeaderMap,
    trusted: &[Cidr],
) -> IpAddr {
    let Some(ConnectInfo(peer)) = peer else {
        return IpAddr::from([0, 0, 0, 0]);
    };
    let peer = peer.ip().to_canonical();
    if !trusted.iter().any(|range| range.contains(peer)) {
        return peer;
    }
    let is_trusted = |hop: IpAddr| trusted.iter().any(|range| range.contains(hop));
    let forwarded = forwarded_hops(headers).map(|hops| first_untrusted(hops, is_trusted));
    let x_forwarded_for =
        x_forwarded_for_hops(headers).map(|hops| first_untrusted(hops, is_trusted));
    let client = match (forwarded, x_forwarded_for) {
        (Some(one), Some(other)) if one != other => None,
        (Some(one), _) | (None, Some(one)) => one,
        (None, None) => None,
    };
    client.unwrap_or(peer)
}

/// Walks `hops` from the right: the first one that is not a trusted proxy, or None when
/// one on the way cannot be read (or every hop is trusted).
fn first_untrusted(
    hops: Vec<Option<IpAddr>>,
    is_trusted: impl Fn(IpAddr) -> bool,
) -> Option<IpAddr> {
    for hop in hops.into_iter().rev() {
        let hop = hop?.to_canonical();
        if !is_trusted(hop) {
            return Some(hop);
        }
    }
    None
}

/// Every `for=` of every `Forwarded` header, in order (None for one that is not an
/// address, `unknown` and obfuscated identifiers included); None without the header.
///
/// RFC 7239 §4:
/// ```text
/// Forwarded   = 1#forwarded-element
/// forwarded-element = [ forwarded-pair ] *( ";" [ forwarded-pair ] )
/// forwarded-pair = token "=" value
/// value          = token / quoted-string
/// ```
fn forwarded_hops(headers: &HeaderMap) -> Option<Vec<Option<IpAddr>>> {
    let mut hops = Vec::new();
    let mut seen = false;
    for value in headers.get_all("forwarded") {
        seen = true;
        let Ok(text) = value.to_str() else {
            // Not even text: nothing in it can be read, so no hop is certain.
            hops.push(None);
            continue;
        };
        for element in split_outside_quotes(text, ',') {
            let mut found = None;
            for pair in split_outside_quotes(element, ';') {
                let Some((name, value)) = pair.split_once('=') else {
                    continue;
                };
                if name.trim().eq_ignore_ascii_case("for") {
                    found = Some(node_address(&unquote(value.trim())));
                }
            }
            // An element without `for=` names no client: it cannot be skipped safely.
            hops.push(found.flatten());
        }
    }
    seen.then_some(hops)
}

/// Every address of every `X-Forwarded-For` header, in order; None without the header.
fn x_forwarded_for_hops(headers: &HeaderMap) -> Option<Vec<Option<IpAddr>>> {
    let mut hops = Vec::new();
    let mut seen = false;
    for value in headers.get_all("x-forwarded-for") {
        seen = true;
        match value.to_str() {
            Ok(text) => hops.extend(text.split(',').map(|hop| node_address(hop.trim()))),
            Err(_) => hops.push(None),
        }
    }
    seen.then_some(hops)
}

/// `text` split at `separator`s that are not inside a quoted string.
fn split_outside_quotes(text: &str, separator: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    let mut escaped = false;
    for (index, ch) in text.char_indices() {
        match ch {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            _ if ch == separator && !quoted => {
                parts.push(&text[start..index]);
                start = index + ch.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

/// A quoted-string's content (RFC 7230 §3.2.6), or a token as is.
fn unquote(value: &str) -> String {
    let Some(inner) = value
        .strip_prefix('"')
        .and_then(|rest| rest.strip_suffix('"'))
    else {
        return value.to_owned();
    };
    let mut text = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(ch) = chars.next() {
        text.push(if ch == '\\' {
            chars.next().unwrap_or('\\')
        } else {
            ch
        });
    }
    text
}

/// A node as proxies write it: `192.0.2.1`, `192.0.2.1:8080`, `2001:db8::1`,
/// `[2001:db8::1]` or `[2001:db8::1]:8080`.
fn node_address(node: &str) -> Option<IpAddr> {
    if let Some(rest) = node.strip_prefix('[') {
        let (address, after) = rest.split_once(']')?;
        let port_ok = after.is_empty()
            || after
                .strip_prefix(':')
                .is_some_and(|port| port.parse::<u16>().is_ok());
        return port_ok.then(|| address.parse::<Ipv6Addr>().ok().map(IpAddr::V6))?;
    }
    if let Ok(address) = node.parse::<IpAddr>() {
        return Some(address);
    }
    node.parse::<SocketAddr>()
        .ok()
        .filter(SocketAddr::is_ipv4)
        .map(|socket| socket.ip())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ranges(list: &[&str]) -> Vec<Cidr> {
        list.iter().map(|range| range.parse().unwrap()).collect()
    }

    fn client(peer: &str, headers: &[(&str, &str)], trusted: &[&str]) -> IpAddr {
        let peer: SocketAddr = peer.parse().unwrap();
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            map.append(
                axum::http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                axum::http::HeaderValue::from_bytes(value.as_bytes()).unwrap(),
            );
        }
        client_addr(Some(&ConnectInfo(peer)), &map, &ranges(trusted))
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn cidr_parses_ranges_and_refuses_the_rest() {
        let range: Cidr = "10.1.2.3/8".parse().unwrap();
        assert_eq!(range.to_string(), "10.0.0.0/8");
        assert!(range.contains(ip("10.255.0.1")));
        assert!(range.contains(ip("::ffff:10.0.0.1")), "IPv4-mapped");
        assert!(!range.contains(ip("11.0.0.1")));
        let host: Cidr = "2001:db8::1".parse().unwrap();
        assert!(host.contains(ip("2001:db8::1")) && !host.contains(ip("2001:db8::2")));
        assert!("::/0".parse::<Cidr>().unwrap().contains(ip("2001:db8::9")));
        assert!(!"::/0".parse::<Cidr>().unwrap().contains(ip("192.0.2.1")));
        assert!(
            "0.0.0.0/0"
                .parse::<Cidr>()
                .unwrap()
                .contains(ip("192.0.2.1"))
        );
        for bad in [
            "",
            "10.0.0.0/33",
            "::/129",
            "10.0.0.0/",
            "10.0.0.0/+8",
            "example.com/8",
            "10/8",
        ] {
            assert!(bad.parse::<Cidr>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn without_trusted_proxies_headers_are_ignored() {
        let headers = [
            ("x-forwarded-for", "203.0.113.7"),
            ("forwarded", "for=203.0.113.7"),
        ];
        assert_eq!(client("192.0.2.1:5000", &headers, &[]), ip("192.0.2.1"));
        // Trusted ranges that do not hold the peer: ignored as well.
        assert_eq!(
            client("192.0.2.1:5000", &headers, &["10.0.0.0/8"]),
            ip("192.0.2.1")
        );
    }

    #[test]
    fn x_forwarded_for_gives_the_rightmost_untrusted_hop() {
        let trusted = ["10.0.0.0/8", "2001:db8:ffff::/48"];
        for (header, expected) in [
            ("203.0.113.7", "203.0.113.7"),
            // The client wrote the first entry; our proxy appended the real peer.
            ("6.6.6.6, 203.0.113.7", "203.0.113.7"),
            // A chain of our own proxies is skipped.
            ("6.6.6.6, 203.0.113.7, 10.0.0.9", "203.0.113.7"),
            ("203.0.113.7:4711", "203.0.113.7"),
            ("[2001:db8:1::5]:443", "2001:db8:1::5"),
            ("2001:db8:1::5, 2001:db8:ffff::1", "2001:db8:1::5"),
            // Junk left of the client is the client's own writing.
            ("not an address, 203.0.113.7", "203.0.113.7"),
        ] {
            assert_eq!(
                client("10.0.0.1:5000", &[("x-forwarded-for", header)], &trusted),
                ip(expected),
                "{header}"
            );
        }
        // Several header lines are one list, in order.
        assert_eq!(
            client(
                "10.0.0.1:5000",
                &[
                    ("x-forwarded-for", "6.6.6.6"),
                    ("x-forwarded-for", "203.0.113.7")
                ],
                &trusted
            ),
            ip("203.0.113.7")
        );
    }

    #[test]
    fn forwarded_gives_the_rightmost_untrusted_for() {
        let trusted = ["10.0.0.0/8"];
        for (header, expected) in [
            ("for=203.0.113.7", "203.0.113.7"),
            ("For=\"203.0.113.7:80\";proto=https", "203.0.113.7"),
            ("for=\"[2001:db8:1::5]:443\"", "2001:db8:1::5"),
            ("for=6.6.6.6, for=203.0.113.7;by=10.0.0.1", "203.0.113.7"),
            ("for=203.0.113.7, for=10.0.0.3", "203.0.113.7"),
            // A quoted comma does not split elements.
            ("for=\"6.6.6.6\";x=\"a,b\", for=203.0.113.7", "203.0.113.7"),
        ] {
            assert_eq!(
                client("10.0.0.1:5000", &[("forwarded", header)], &trusted),
                ip(expected),
                "{header}"
            );
        }
    }

    #[test]
    fn malformed_or_contradicting_headers_fall_back_to_the_peer() {
        let trusted = ["10.0.0.0/8"];
        let peer = ip("10.0.0.1");
        for headers in [
            vec![("x-forwarded-for", "")],
            vec![("x-forwarded-for", "203.0.113.7, garbage")],
            vec![("x-forwarded-for", "203.0.113.7:99999")],
            vec![("x-forwarded-for", "10.0.0.2, 10.0.0.3")],
            vec![("forwarded", "for=unknown")],
            vec![("forwarded", "for=_hidden")],
            vec![("forwarded", "proto=https")],
            vec![("forwarded", "for=\"[2001:db8::1\"")],
            vec![("forwarded", "for=203.0.113.7, by=10.0.0.1")],
            vec![("x-forwarded-for", "\u{ff}203.0.113.7")],
            // The proxy wrote one header; the client forged the other.
            vec![
                ("x-forwarded-for", "203.0.113.7"),
                ("forwarded", "for=6.6.6.6"),
            ],
        ] {
            assert_eq!(
                client("10.0.0.1:5000", &headers, &trusted),
                peer,
                "{headers:?}"
            );
        }
        // The two headers agreeing is fine.
        assert_eq!(
            client(
                "10.0.0.1:5000",
                &[
                    ("x-forwarded-for", "203.0.113.7"),
                    ("forwarded", "for=203.0.113.7")
                ],
                &trusted
            ),
            ip("203.0.113.7")
        );
        // Without headers, the peer.
        assert_eq!(client("10.0.0.1:5000", &[], &trusted), peer);
    }

    #[test]
    fn a_mapped_peer_is_matched_as_ipv4() {
        assert_eq!(
            client(
                "[::ffff:10.0.0.1]:5000",
                &[("x-forwarded-for", "203.0.113.7")],
                &["10.0.0.0/8"]
            ),
            ip("203.0.113.7")
        );
        assert_eq!(client("[::ffff:192.0.2.1]:5000", &[], &[]), ip("192.0.2.1"));
    }
}
