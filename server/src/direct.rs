//! Direct questions to one server (`Query::server`): the SOA serial each
//! authoritative name server serves, and later the cutover monitor's per-server view.
//!
//! **Safety:** the addresses come from DNS data, which anyone can write. A zone whose
//! NS records point at 10.0.0.1 or 127.0.0.1 must not make the server send packets into
//! its own network. In production only public unicast addresses are contacted; test
//! setups contact only loopback addresses (on their own port). Everything else is
//! answered `NotAsked` without a packet.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use mailmove_core::dns::{Outcome, Query};

use crate::dns::{options, resolve, single_server};

/// Which addresses direct questions may go to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DirectPolicy {
    /// Public unicast addresses only, on port 53 (production).
    #[default]
    Public,
    /// Loopback addresses only, on this port (test setups: several authorities on
    /// 127.0.0.x sharing one port).
    Loopback {
        /// The port every test authority listens on.
        port: u16,
    },
}

impl DirectPolicy {
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
        }
    }
}

/// Asks `query` of `server` alone, without recursion.
pub async fn ask(policy: &DirectPolicy, server: IpAddr, query: &Query) -> Outcome {
    let Some(addr) = policy.target(server) else {
        tracing::debug!(%server, "direct query not sent: address not allowed");
        return Outcome::NotAsked;
    };
    let mut opts = options();
    // An authoritative server answers from its zone; it must not recurse for us.
    opts.recursion_desired = false;
    let resolver = match single_server(addr, opts) {
        Ok(resolver) => resolver,
        Err(error) => {
            tracing::warn!(%error, %addr, "cannot set up a direct resolver");
            return Outcome::NotAsked;
        }
    };
    let mut plain = query.clone();
    plain.server = None;
    resolve(&resolver, &plain).await
}

/// Globally routable unicast: not loopback, private, shared (CGNAT), link-local,
/// documentation, benchmarking, multicast, broadcast or unspecified.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public_v4(v4);
            }
            let first = v6.segments()[0];
            !(v6.is_unspecified()
                || v6.is_loopback()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00 // unique local fc00::/7
                || (first & 0xffc0) == 0xfe80 // link-local fe80::/10
                || (first == 0x2001 && v6.segments()[1] == 0x0db8) // documentation
                || v6.segments()[..6] == [0, 0, 0, 0, 0, 0] // IPv4-compatible, deprecated
                || first == 0x0064 && v6.segments()[1] == 0xff9b && v6.segments()[2] == 1) // local NAT64
        }
    }
}

fn is_public_v4(v4: Ipv4Addr) -> bool {
    let [a, b, c, _] = v4.octets();
    !(v4.is_unspecified()
        || v4.is_loopback()
        || v4.is_private()
        || v4.is_link_local()
        || v4.is_multicast()
        || v4.is_broadcast()
        || v4.is_documentation()
        || a == 0
        || (a == 100 && (b & 0xc0) == 64) // shared address space 100.64/10
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
        || (a == 198 && (b & 0xfe) == 18) // benchmarking 198.18/15
        || a >= 240) // reserved
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_unicast_in_production() {
        for public in [
            "8.8.8.8",
            "210.130.1.1",
            "2001:4860:4860::8888",
            "::ffff:8.8.8.8",
        ] {
            let ip: IpAddr = public.parse().unwrap();
            assert!(is_public(ip), "{public}");
            assert_eq!(
                DirectPolicy::Public.target(ip),
                Some(SocketAddr::new(ip, 53))
            );
        }
        for private in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "224.0.0.1",
            "192.0.2.1",
            "198.18.0.1",
            "240.0.0.1",
            "192.0.0.8",
            "::1",
            "::",
            "fd00::1",
            "fe80::1",
            "ff02::1",
            "2001:db8::1",
            "::ffff:10.0.0.1",
            "::ffff:127.0.0.1",
            "::127.0.0.1",
        ] {
            let ip: IpAddr = private.parse().unwrap();
            assert!(!is_public(ip), "{private}");
            assert_eq!(DirectPolicy::Public.target(ip), None, "{private}");
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

    #[tokio::test]
    async fn refused_addresses_get_not_asked_without_a_packet() {
        let query = Query::at(
            "example.test",
            mailmove_core::dns::RecordType::Soa,
            "10.0.0.1".parse().unwrap(),
        );
        let outcome = ask(&DirectPolicy::Public, "10.0.0.1".parse().unwrap(), &query).await;
        assert_eq!(outcome, Outcome::NotAsked);
    }
}
