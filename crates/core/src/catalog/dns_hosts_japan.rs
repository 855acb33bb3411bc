//! DNS hosts of Japanese registrars, rental servers, ISPs and managed DNS services,
//! recognised by their name servers: where the user edits the records.
//!
//! Facts from the research notes (`providers.md`) §4. Most Japanese patterns were read from customers'
//! published zones, not from the hosts' manuals; the comments say which.

use super::{DnsHost, HostPattern};
use crate::Text;

/// Every Japanese DNS host.
pub static ALL: &[&DnsHost] = &[
    &ONAMAE_DNS,
    &ONAMAE_RS,
    &MUUMUU_DNS,
    &XSERVER,
    &SAKURA,
    &VALUE_DOMAIN,
    &LOLIPOP,
    &HETEML,
    &CONOHA,
    &CPI,
    &KAGOYA,
    &KDDI,
    &GEHIRN_DNS,
    &IDCF_CLOUD_DNS,
];

// Source: providers.md §4.1, unattributed published zones (≥2, no URL), checked 2026-11-28 (M).
// Source: providers.md §4.2, unattributed note (no URL), checked 2026-11-28 (L: the checkbox, 72 h).
// Source: customers' published notes and `dig` output naming `dns1`/`dns2.onamae.com` as Onamae's initial name servers (≥5), three of them saying records set in「DNSレコード設定」take effect only on 01–04.dnsv.jp (code corpus, no repository name), checked 2026-12-06 (L).
/// お名前.com DNS (GMO), including the initial name servers a new domain gets.
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
        HostPattern("dns1.onamae.com"),
        HostPattern("dns2.onamae.com"),
    ],
    ttl_limits: None,
    notes: &[
        Text {
            ja: "お名前.comのDNSに切り替えるときは「DNSレコード設定用ネームサーバー変更確認」にもチェックを入れます。反映に最大72時間と案内されています。",
            en: "When switching to Onamae's own DNS, also tick \"DNSレコード設定用ネームサーバー変更確認\". Onamae quotes up to 72 hours for the change.",
        },
        Text {
            ja: "ネームサーバーが初期設定のdns1.onamae.com / dns2.onamae.comのままだと、「DNSレコード設定」で入力したレコードは反映されないとの報告があります。先に01〜04.dnsv.jpに切り替えます。",
            en: "Reported: while the name servers are still the initial dns1/dns2.onamae.com, records entered under \"DNSレコード設定\" do not take effect. Switch to 01–04.dnsv.jp first.",
        },
    ],
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

// Source: providers.md §3.1, unattributed published zones (≥4, no URL), checked 2026-11-28 (M: NS `uns01`/`uns02`).
// Source: providers.md §4.2, unattributed note (no URL), checked 2026-11-28 (L: records cannot be freely added).
// Source: four more customers' published notes with these NS, two saying TXT and MX cannot be added freely (code corpus, no repository name), checked 2026-12-06 (L).
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
        ja: "TXTやMXなどのレコードを自由に追加できないとの報告があります。",
        en: "Reported: records such as TXT and MX cannot be freely added.",
    }],
};

// Source: a customer's published JPRS WHOIS record and another customer's project notes naming `dns0`/`dns1.heteml.jp` (code corpus, no repository name), checked 2026-12-06 (L).
// Source: https://support.heteml.jp/hc/ja/articles/360041679414, checked 2026-12-06 (H: with Heteml's name servers the SPF is preset and cannot be edited).
/// ヘテムル DNS (GMO Pepabo).
pub static HETEML: DnsHost = DnsHost {
    id: "heteml",
    name: Text {
        ja: "ヘテムル DNS",
        en: "Heteml DNS",
    },
    name_servers: &[HostPattern("dns0.heteml.jp"), HostPattern("dns1.heteml.jp")],
    ttl_limits: None,
    notes: &[Text {
        ja: "ヘテムルのネームサーバーでは、SPFレコードはあらかじめ設定されていて個別に編集できません。",
        en: "With Heteml's name servers the SPF record is preset and cannot be edited.",
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

// Source: http://support.kagoya.jp/kir/manual/move_web/dns.html, checked 2026-12-06 (H: name servers `ns0`/`ns1.kagoya.net`).
// Source: https://support.kagoya.jp/flex/manual/ip_domain/index.html, checked 2026-12-06 (H: records set in the control panel with these name servers; published every 15 minutes).
/// KAGOYA DNS (the name servers of KAGOYA's rental servers).
pub static KAGOYA: DnsHost = DnsHost {
    id: "kagoya",
    name: Text {
        ja: "KAGOYA DNS",
        en: "KAGOYA DNS",
    },
    name_servers: &[HostPattern("ns0.kagoya.net"), HostPattern("ns1.kagoya.net")],
    ttl_limits: None,
    notes: &[Text {
        ja: "コントロールパネルで設定したレコードは、15分ごと(毎時0分・15分・30分・45分)にネームサーバーへ反映されます。",
        en: "Records set in the control panel reach the name servers every 15 minutes (at :00, :15, :30 and :45).",
    }],
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

// Source: https://github.com/GehirnInc/gws_api_docs (file source/dns/records.rst: the NS example names `ns2.gehirndns.com`), checked 2026-12-06 (M: Gehirn's own API documentation, an example).
// Source: https://github.com/long-in/gdcli (file EXAMPLE.md: a zone's NS `ns2.gehirndns.{com,net,org,jp}`), checked 2026-12-06 (L).
// Source: providers.md §4.1, unattributed NS classifier (no URL), checked 2026-11-28 (L: names contain `gehirndns`).
// Source: https://support.gehirn.jp/manual/dns/alias-deprecation, checked 2026-12-06 (H: aliases are deprecated except for A and AAAA).
/// Gehirn DNS (ゲヒルン).
pub static GEHIRN_DNS: DnsHost = DnsHost {
    id: "gehirn-dns",
    name: Text {
        ja: "Gehirn DNS(ゲヒルン)",
        en: "Gehirn DNS",
    },
    // Only `ns2` was seen. `ns*` widens that to other numbers on the same four gehirndns
    // domains: this catalog's assumption, not a documented fact.
    name_servers: &[
        HostPattern("ns*.gehirndns.com"),
        HostPattern("ns*.gehirndns.net"),
        HostPattern("ns*.gehirndns.org"),
        HostPattern("ns*.gehirndns.jp"),
    ],
    ttl_limits: None,
    notes: &[Text {
        ja: "MX・TXT(SPF・DKIM・DMARC)はエイリアス機能を使わず、通常のレコードとして入力します。エイリアスはA・AAAA以外では非推奨です。",
        en: "Enter MX and TXT (SPF, DKIM, DMARC) as ordinary records, not with the alias feature, which is deprecated except for A and AAAA.",
    }],
};

// Source: https://cdn.www.idcf.jp/help/dns/guide/dns_migration.html, checked 2026-12-06 (H: the name servers to switch to are `ns01`–`ns03.idcfcloud.com`).
/// IDCFクラウド DNS (IDC Frontier).
pub static IDCF_CLOUD_DNS: DnsHost = DnsHost {
    id: "idcf-cloud-dns",
    name: Text {
        ja: "IDCFクラウド DNS",
        en: "IDCF Cloud DNS",
    },
    name_servers: &[
        HostPattern("ns01.idcfcloud.com"),
        HostPattern("ns02.idcfcloud.com"),
        HostPattern("ns03.idcfcloud.com"),
    ],
    ttl_limits: None,
    notes: &[],
};
