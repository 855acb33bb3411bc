//! DNS hosts, recognised by their name servers: where the user edits the records.
//!
//! Facts from the research notes (`providers.md`) §4. Most Japanese patterns were read from customers'
//! published zones, not from the hosts' manuals; the comments say which.

use super::{DnsHost, HostPattern, TtlLimits};
use crate::Text;

/// Every DNS host, Japanese hosts first.
pub static ALL: &[&DnsHost] = &[
    &ONAMAE_DNS,
    &ONAMAE_RS,
    &MUUMUU_DNS,
    &XSERVER,
    &SAKURA,
    &VALUE_DOMAIN,
    &LOLIPOP,
    &CONOHA,
    &CPI,
    &KDDI,
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

// Source: providers.md §4.1, unattributed published zones (≥2, no URL), checked 2026-11-28 (M).
// Source: providers.md §4.2, unattributed note (no URL), checked 2026-11-28 (L: the checkbox, 72 h).
/// お名前.com DNS (GMO).
pub static ONAMAE_DNS: DnsHost = DnsHost {
    id: "onamae-dns",
    name: Text {
        ja: "お名前.com DNS",
        en: "Onamae.com DNS (GMO)",
    },
    name_servers: &[
        HostPattern("01.dnsv.jp"),
        HostPattern("02.dnsv.jp"),
        HostPattern("03.dnsv.jp"),
        HostPattern("04.dnsv.jp"),
    ],
    ttl_limits: None,
    notes: &[Text {
        ja: "お名前.comのDNSに切り替えるときは「DNSレコード設定用ネームサーバー変更確認」にもチェックを入れます。反映に最大72時間と案内されています。",
        en: "When switching to Onamae's own DNS, also tick \"DNSレコード設定用ネームサーバー変更確認\". Onamae quotes up to 72 hours for the change.",
    }],
};

// Source: providers.md §4.1, unattributed published zones (≥3, no URL), checked 2026-11-28 (M).
/// The DNS of お名前.com レンタルサーバー / お名前メール.
pub static ONAMAE_RS: DnsHost = DnsHost {
    id: "onamae-rs",
    name: Text {
        ja: "お名前.com レンタルサーバー / お名前メール DNS",
        en: "Onamae RS / Onamae Mail DNS (GMO)",
    },
    name_servers: &[
        HostPattern("ns-rs1.gmoserver.jp"),
        HostPattern("ns-rs2.gmoserver.jp"),
    ],
    ttl_limits: None,
    notes: &[],
};

// Source: providers.md §4.1, several published zones and notes (no URL), checked 2026-11-28 (M).
// Source: https://support.heteml.jp/hc/ja/articles/360041679414, checked 2026-11-28 (H: Heteml SPF in 設定1, about 1 h).
// Source: providers.md §4.2, unattributed note (no URL), checked 2026-11-28 (L: 設定2, no trailing dot).
/// ムームーDNS.
pub static MUUMUU_DNS: DnsHost = DnsHost {
    id: "muumuu-dns",
    name: Text {
        ja: "ムームーDNS",
        en: "Muumuu DNS",
    },
    name_servers: &[
        HostPattern("dns01.muumuu-domain.com"),
        HostPattern("dns02.muumuu-domain.com"),
    ],
    ttl_limits: None,
    notes: &[
        Text {
            ja: "レコードは「カスタム設定」の「設定2」に入力します。CNAMEの値の末尾に「.」を付けないでください。",
            en: "Enter records under \"カスタム設定\" (custom settings), \"設定2\". Do not type a trailing dot in CNAME values.",
        },
        Text {
            ja: "ヘテムルのSPFは「設定1」にあらかじめ入っています。変更の反映には約1時間かかります。",
            en: "Heteml's SPF is preset in \"設定1\". Changes take about an hour to take effect.",
        },
    ],
};

// Source: https://github.com/xs-kshibata/code-for-gemini-review (copy of the xserver.ne.jp FAQ), checked 2026-11-28 (M: NS 1–5).
// Source: https://wpx.ne.jp/support/manual/man_domain_dns_setting.php, checked 2026-11-28 (H: panel rules).
// Source: https://support.wpxblog.jp/hc/ja/articles/360004057855, checked 2026-11-28 (H: panel rules).
/// エックスサーバー DNS (also Xserver Domain when it uses the server's DNS).
pub static XSERVER: DnsHost = DnsHost {
    id: "xserver",
    name: Text {
        ja: "エックスサーバー DNS",
        en: "Xserver DNS",
    },
    name_servers: &[
        HostPattern("ns1.xserver.jp"),
        HostPattern("ns2.xserver.jp"),
        HostPattern("ns3.xserver.jp"),
        HostPattern("ns4.xserver.jp"),
        HostPattern("ns5.xserver.jp"),
    ],
    ttl_limits: None,
    notes: &[
        Text {
            ja: "TXTの値を囲む「\"」は自動で取り除かれます。",
            en: "Quotes around TXT values are stripped automatically.",
        },
        Text {
            ja: "ホスト名と優先度が両方とも同じMXレコードは登録できません。",
            en: "No two MX records may share both host name and priority.",
        },
        Text {
            ja: "MXとCNAMEの値にはIPアドレスではなくホスト名を入力します。",
            en: "MX and CNAME values must be host names, not IP addresses.",
        },
    ],
};

// Source: providers.md §4.1, several notes (no URL), checked 2026-11-28 (M).
/// さくらインターネット DNS.
pub static SAKURA: DnsHost = DnsHost {
    id: "sakura",
    name: Text {
        ja: "さくらインターネット DNS",
        en: "Sakura Internet DNS",
    },
    name_servers: &[HostPattern("ns1.dns.ne.jp"), HostPattern("ns2.dns.ne.jp")],
    ttl_limits: None,
    notes: &[],
};

// Source: providers.md §4.1, several notes (no URL), checked 2026-11-28 (M).
/// バリュードメイン DNS.
pub static VALUE_DOMAIN: DnsHost = DnsHost {
    id: "value-domain",
    name: Text {
        ja: "バリュードメイン DNS",
        en: "Value-Domain DNS",
    },
    name_servers: &[
        HostPattern("ns1.value-domain.com"),
        HostPattern("ns2.value-domain.com"),
        HostPattern("ns3.value-domain.com"),
        HostPattern("ns4.value-domain.com"),
        HostPattern("ns5.value-domain.com"),
    ],
    ttl_limits: None,
    notes: &[],
};

// Source: providers.md §4.1 and §4.2, one unattributed note each (no URL), checked 2026-11-28 (L).
/// ロリポップ! DNS.
pub static LOLIPOP: DnsHost = DnsHost {
    id: "lolipop",
    name: Text {
        ja: "ロリポップ! DNS",
        en: "Lolipop! DNS",
    },
    name_servers: &[
        HostPattern("uns01.lolipop.jp"),
        HostPattern("uns02.lolipop.jp"),
    ],
    ttl_limits: None,
    notes: &[Text {
        ja: "レコードを自由に追加できないとの報告があります。",
        en: "Reported: records cannot be freely added.",
    }],
};

// Source: providers.md §4.1, several notes (no URL), checked 2026-11-28 (M).
/// ConoHa DNS.
pub static CONOHA: DnsHost = DnsHost {
    id: "conoha",
    name: Text {
        ja: "ConoHa DNS",
        en: "ConoHa DNS",
    },
    name_servers: &[
        HostPattern("ns-a1.conoha.io"),
        HostPattern("ns-a2.conoha.io"),
        HostPattern("ns-a3.conoha.io"),
    ],
    ttl_limits: None,
    notes: &[],
};

// Source: providers.md §4.1, unattributed JSON list of Japanese name servers (no URL), checked 2026-11-28 (L).
/// CPI DNS.
pub static CPI: DnsHost = DnsHost {
    id: "cpi",
    name: Text {
        ja: "CPI DNS",
        en: "CPI DNS",
    },
    name_servers: &[
        HostPattern("ns4.cpi.ad.jp"),
        HostPattern("ns5.cpi.ad.jp"),
        HostPattern("ns6.cpi.ad.jp"),
        HostPattern("ns7.cpi.ad.jp"),
    ],
    ttl_limits: None,
    notes: &[],
};

// Source: providers.md §4.1, unattributed JSON list (no URL), checked 2026-11-28 (L).
/// KDDI DNS hosting.
pub static KDDI: DnsHost = DnsHost {
    id: "kddi",
    name: Text {
        ja: "KDDI DNSホスティング",
        en: "KDDI DNS hosting",
    },
    name_servers: &[
        HostPattern("nsk0.secure.ne.jp"),
        HostPattern("nsk1.secure.ne.jp"),
    ],
    ttl_limits: None,
    notes: &[],
};

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
