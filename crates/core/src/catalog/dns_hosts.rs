//! Global DNS hosts (cloud DNS, registrars, hosting), recognised by their name servers:
//! where the user edits the records. The Japanese hosts are in `dns_hosts_japan`.
//!
//! Facts from the research notes (`providers.md`) §4.

use super::{DnsHost, HostPattern, TtlLimits};
use crate::Text;

/// Every global DNS host.
pub static ALL: &[&DnsHost] = &[
    &CLOUDFLARE,
    &ROUTE_53,
    &GOOGLE_CLOUD_DNS,
    &AZURE_DNS,
    &GODADDY,
    &NAMECHEAP,
    &AKAMAI_EDGE_DNS,
    &NS1,
    &HOSTINGER,
    &VERCEL,
    &FASTMAIL,
];

// Source: providers.md §4.1, several sources (no URL), checked 2026-11-28 (M: NS).
// Source: https://github.com/StackExchange/dnscontrol/pull/1988, checked 2026-11-28 (TTL range).
// Source: https://github.com/octodns/octodns/pull/210, checked 2026-11-28 (TTL range, Automatic = 300 s).
// Source: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/138326, checked 2026-11-28.
// Source: raw.githubusercontent.com/api-evangelist/engineering-platform/…/apis-io-engineering-platform-dns-records-ttl-schema.json (copy of the Cloudflare API schema), checked 2026-11-28 (H: 60–86400 or 1).
/// Cloudflare DNS.
pub static CLOUDFLARE: DnsHost = DnsHost {
    id: "cloudflare",
    name: Text {
        ja: "Cloudflare",
        en: "Cloudflare",
    },
    name_servers: &[HostPattern("*.ns.cloudflare.com")],
    ttl_limits: Some(TtlLimits {
        min_seconds: 60,
        max_seconds: 86_400,
    }),
    notes: &[
        Text {
            ja: "TTLは60〜86400秒か、1(自動=300秒扱い)です。Enterpriseゾーンでは最小30秒です。",
            en: "TTL must be 60–86400 s, or 1 (Automatic, treated as 300 s). Enterprise zones allow 30 s.",
        },
        Text {
            ja: "DKIMや所有権確認のCNAMEは「DNSのみ」(グレーの雲)にしてください。プロキシを通すと値が書き換えられます。",
            en: "DKIM and verification CNAMEs must be \"DNS only\" (grey cloud); proxying rewrites the target.",
        },
        Text {
            ja: "長いTXTは自動で分割されます。",
            en: "Long TXT values are split automatically.",
        },
    ],
};

// Source: providers.md §4.1, unattributed regex and detector tests (no URL), checked 2026-11-28 (M).
// Source: https://mailflowauthority.com/email-authentication/dkim-key-length-dns-limits, checked 2026-11-28 (L: long TXT).
/// Amazon Route 53.
pub static ROUTE_53: DnsHost = DnsHost {
    id: "route-53",
    name: Text {
        ja: "Amazon Route 53",
        en: "Amazon Route 53",
    },
    name_servers: &[
        HostPattern("ns-*.awsdns-*.com"),
        HostPattern("ns-*.awsdns-*.net"),
        HostPattern("ns-*.awsdns-*.org"),
        HostPattern("ns-*.awsdns-*.co.uk"),
    ],
    ttl_limits: None,
    notes: &[Text {
        ja: "長いTXTの値はそのまま入力でき、分割されるとの報告があります。",
        en: "Reported: takes a long TXT value whole and splits it.",
    }],
};

// Source: providers.md §4.1, unattributed regex and detector tests (no URL), checked 2026-11-28 (M).
/// Google Cloud DNS / Google Domains.
pub static GOOGLE_CLOUD_DNS: DnsHost = DnsHost {
    id: "google-cloud-dns",
    name: Text {
        ja: "Google Cloud DNS / Google Domains",
        en: "Google Cloud DNS / Google Domains",
    },
    name_servers: &[
        HostPattern("ns-cloud-*.googledomains.com"),
        HostPattern("ns1.googledomains.com"),
    ],
    ttl_limits: None,
    notes: &[],
};

// Source: providers.md §4.1, unattributed regex and an observed zone (no URL), checked 2026-11-28 (M).
/// Azure DNS.
pub static AZURE_DNS: DnsHost = DnsHost {
    id: "azure-dns",
    name: Text {
        ja: "Azure DNS",
        en: "Azure DNS",
    },
    name_servers: &[
        HostPattern("ns*-*.azure-dns.com"),
        HostPattern("ns*-*.azure-dns.net"),
        HostPattern("ns*-*.azure-dns.org"),
        HostPattern("ns*-*.azure-dns.info"),
    ],
    ttl_limits: None,
    notes: &[],
};

// Source: providers.md §4.1, several detectors (no URL), checked 2026-11-28 (M).
// Source: https://mailflowauthority.com/email-authentication/dkim-key-length-dns-limits, checked 2026-11-28 (L: long TXT).
/// GoDaddy DNS.
pub static GODADDY: DnsHost = DnsHost {
    id: "godaddy",
    name: Text {
        ja: "GoDaddy",
        en: "GoDaddy",
    },
    name_servers: &[
        HostPattern("ns*.domaincontrol.com"),
        HostPattern("pdns*.domaincontrol.com"),
    ],
    ttl_limits: None,
    notes: &[Text {
        ja: "古い管理画面では長いTXTの入力に問題が出ることがあるとの報告があります。",
        en: "Reported: the older interface sometimes has trouble with long TXT values.",
    }],
};

// Source: https://github.com/willin/js.cool (file main/active_ns.js), checked 2026-11-28 (M).
/// Namecheap BasicDNS, FreeDNS and hosting DNS.
pub static NAMECHEAP: DnsHost = DnsHost {
    id: "namecheap",
    name: Text {
        ja: "Namecheap",
        en: "Namecheap",
    },
    name_servers: &[
        HostPattern("dns1.registrar-servers.com"),
        HostPattern("dns2.registrar-servers.com"),
        HostPattern("freedns*.registrar-servers.com"),
        HostPattern("*.namecheaphosting.com"),
    ],
    ttl_limits: None,
    notes: &[],
};

// Source: providers.md §4.1, a comment in one unattributed detector (no URL), checked 2026-11-28 (L).
/// Akamai Edge DNS.
pub static AKAMAI_EDGE_DNS: DnsHost = DnsHost {
    id: "akamai-edge-dns",
    name: Text {
        ja: "Akamai Edge DNS",
        en: "Akamai Edge DNS",
    },
    name_servers: &[HostPattern("*.akamaiedgedns.net")],
    ttl_limits: None,
    notes: &[],
};

// Source: providers.md §4.1, a third-party service list (no URL), checked 2026-11-28 (L).
/// NS1.
pub static NS1: DnsHost = DnsHost {
    id: "ns1",
    name: Text {
        ja: "NS1",
        en: "NS1",
    },
    name_servers: &[HostPattern("*.nsone.net")],
    ttl_limits: None,
    notes: &[],
};

// Source: providers.md §4.1, a detector and a real zone (no URL), checked 2026-11-28 (L).
/// Hostinger DNS.
pub static HOSTINGER: DnsHost = DnsHost {
    id: "hostinger",
    name: Text {
        ja: "Hostinger",
        en: "Hostinger",
    },
    name_servers: &[
        HostPattern("ns1.dns-parking.com"),
        HostPattern("ns2.dns-parking.com"),
    ],
    ttl_limits: None,
    notes: &[],
};

// Source: providers.md §4.1, several sources (no URL), checked 2026-11-28 (M).
/// Vercel DNS.
pub static VERCEL: DnsHost = DnsHost {
    id: "vercel",
    name: Text {
        ja: "Vercel",
        en: "Vercel",
    },
    name_servers: &[
        HostPattern("ns1.vercel-dns.com"),
        HostPattern("ns2.vercel-dns.com"),
    ],
    ttl_limits: None,
    notes: &[],
};

// Source: fastmail.com/blog/dkim-signing-outgoing-email-with-from-address-domain, checked 2026-11-28 (M).
// Source: https://mailflowauthority.com/email-authentication/fastmail-email-auth, checked 2026-11-28 (M).
/// Fastmail's full-DNS option.
pub static FASTMAIL: DnsHost = DnsHost {
    id: "fastmail",
    name: Text {
        ja: "Fastmail DNS",
        en: "Fastmail DNS",
    },
    name_servers: &[
        HostPattern("ns1.messagingengine.com"),
        HostPattern("ns2.messagingengine.com"),
    ],
    ttl_limits: None,
    notes: &[Text {
        ja: "FastmailのDNSを使うと、MX・SPF・DKIMはFastmailが自動で設定します。",
        en: "With Fastmail's DNS, Fastmail sets MX, SPF and DKIM itself.",
    }],
};
