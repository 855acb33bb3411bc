//! Japanese rental servers and hosting mail: where mail usually moves *from*.
//!
//! Facts from the research notes (`providers.md`) §3.1. Most patterns come from customers' published
//! zones, not from the providers' manuals (the notes list that as a gap).
//!
//! On Xserver and Sakura the MX is often the customer's own name (`MX 10 example.co.jp.`),
//! so those entries lean on SPF hosts, server names and name servers.

use super::{DkimRecord, DkimScheme, HostPattern, MailProvider, SelectorChoice, dns_hosts_japan};
use crate::Text;

/// Every Japanese source provider.
pub static ALL: &[&MailProvider] = &[
    &XSERVER,
    &XSERVER_BUSINESS,
    &SAKURA,
    &LOLIPOP,
    &HETEML,
    &MUUMUU_MAIL,
    &CONOHA_WING,
    &ONAMAE_MAIL,
    &KAGOYA_MAIL,
    &CORESERVER,
    &YAHOO_JAPAN_MAIL,
];

/// `default._domainkey` TXT keys, seen on several Japanese hosts' customer zones.
const DEFAULT_SELECTOR_TXT: DkimScheme = DkimScheme {
    selectors: &["default"],
    choice: SelectorChoice::Observed,
    record: DkimRecord::TxtKey,
};

// Source: providers.md §3.1, unattributed published zones (≥6 repositories, no URL), checked 2026-11-28 (M: sv<NNNN>.xserver.jp, default SPF, DKIM `default`).
// Source: https://github.com/xs-kshibata/code-for-gemini-review (copy of the xserver.ne.jp FAQ), checked 2026-11-28 (M: NS 1–5).
// Source: https://hasegawahiroshi.jp/?p=3831, checked 2026-11-28 (M: local delivery, quoting Xserver support).
/// エックスサーバー.
pub static XSERVER: MailProvider = MailProvider {
    id: "xserver",
    name: Text {
        ja: "エックスサーバー",
        en: "Xserver",
    },
    // The default SPF is `v=spf1 +a:sv<NNNN>.xserver.jp +a:<domain> +mx
    // include:spf.sender.xserver.jp ~all`: both the `a:` host and the include point here.
    mx: &[HostPattern("sv*.xserver.jp")],
    spf_includes: &[HostPattern("spf.sender.xserver.jp")],
    dns_host: Some(&dns_hosts_japan::XSERVER),
    dkim: Some(DEFAULT_SELECTOR_TXT),
    notes: &[
        Text {
            ja: "MXが自分のドメイン名(例: 0 example.com)になっていることが多く、MXだけではエックスサーバーと判別できません。",
            en: "The MX is often the customer's own domain (e.g. 0 example.com), so the MX name alone does not reveal Xserver.",
        },
        Text {
            ja: "エックスサーバーのメールサーバーは、サーバーに登録されたドメインについて自分のDNSゾーンを参照します。Webフォームなどサーバーから送るメールは、サーバー側のゾーンを更新するかドメインをサーバーから削除しない限り、移行後もエックスサーバーに届き続けます。",
            en: "Xserver's mail server consults its own DNS zone for domains registered on the server. Mail sent from the server (a web form, say) to the migrated domain keeps going to Xserver unless that zone is updated or the domain is removed from the server.",
        },
    ],
    ..MailProvider::BLANK
};

// Source: providers.md §3.1, unattributed (no URL), checked 2026-11-28 (L: sv<NNN>.xbiz.ne.jp seen as SMTP host, customer subdomains *.xbiz.jp).
/// エックスサーバー ビジネス.
pub static XSERVER_BUSINESS: MailProvider = MailProvider {
    id: "xserver-business",
    name: Text {
        ja: "エックスサーバー ビジネス",
        en: "Xserver Business",
    },
    mx: &[HostPattern("*.xbiz.jp")],
    servers: &[HostPattern("sv*.xbiz.ne.jp")],
    ..MailProvider::BLANK
};

// Source: https://help.sakura.ad.jp/rs/2861, checked 2026-11-28 (H: Sakura recommends SPF/DKIM/DMARC).
// Source: https://blog.scaredeer.com/2023/01/sakura-muumuu-mail-spf.html, checked 2026-11-28 (M: SPF).
// Source: providers.md §3.1, unattributed published zones (no URL), checked 2026-11-28 (M: MX, `a:www<NNNN>.sakura.ne.jp`).
// Source: https://hasegawahiroshi.jp/?p=3831, checked 2026-11-28 (L: local delivery).
// Source: https://komish.com/?p=6308, checked 2026-11-28 (L: SPF in the server's DNS settings).
/// さくらのレンタルサーバ.
pub static SAKURA: MailProvider = MailProvider {
    id: "sakura",
    name: Text {
        ja: "さくらのレンタルサーバ",
        en: "Sakura Internet rental server",
    },
    // The most common SPF is `v=spf1 a:www<NNNN>.sakura.ne.jp mx ~all`, with no include:
    // the `a:` host is what gives Sakura away when MX is the customer's own name.
    mx: &[HostPattern("*.sakura.ne.jp")],
    spf_includes: &[HostPattern("_spf.sakura.ne.jp")],
    dns_host: Some(&dns_hosts_japan::SAKURA),
    notes: &[
        Text {
            ja: "MXが自分のドメイン名(例: 10 example.com)になっていることが多く、MXだけではさくらと判別できません。",
            en: "The MX is often the customer's own domain (e.g. 10 example.com), so the MX name alone does not reveal Sakura.",
        },
        Text {
            ja: "エックスサーバーと同様、サーバーから送るメールはサーバー内で配送され続けることがあります。サーバーのDNS設定にあるSPFは、さくらのネームサーバーを使っている場合にだけ有効です。",
            en: "Reported to deliver mail sent from the server locally, as Xserver does. The SPF in the server's DNS settings only takes effect when Sakura's name servers are used.",
        },
    ],
    ..MailProvider::BLANK
};

// Source: providers.md §3.1, unattributed published zones (≥4, no URL), checked 2026-11-28 (M).
/// ロリポップ!.
pub static LOLIPOP: MailProvider = MailProvider {
    id: "lolipop",
    name: Text {
        ja: "ロリポップ!",
        en: "Lolipop!",
    },
    mx: &[HostPattern("mx01.lolipop.jp")],
    servers: &[HostPattern("imap4.lolipop.jp")],
    spf_includes: &[HostPattern("_spf.lolipop.jp")],
    dns_host: Some(&dns_hosts_japan::LOLIPOP),
    ..MailProvider::BLANK
};

// Source: https://support.heteml.jp/hc/ja/articles/360041679414, checked 2026-11-28 (H).
/// ヘテムル.
pub static HETEML: MailProvider = MailProvider {
    id: "heteml",
    name: Text {
        ja: "ヘテムル",
        en: "Heteml",
    },
    // `_spf.heteml.jp` includes `_spf01` and `_spf02`; a survey that lists the whole
    // include tree sees those too.
    spf_includes: &[
        HostPattern("_spf.heteml.jp"),
        HostPattern("_spf01.heteml.jp"),
        HostPattern("_spf02.heteml.jp"),
    ],
    notes: &[Text {
        ja: "ヘテムルのネームサーバーかムームーDNSを使っている場合、SPFはあらかじめ設定されています。",
        en: "SPF is preset when Heteml's name servers or Muumuu DNS are used.",
    }],
    ..MailProvider::BLANK
};

// Source: https://support.muumuu-domain.com/hc/ja/articles/6836857454483, checked 2026-11-28 (H: SPF/DKIM/DMARC set automatically).
// Source: providers.md §3.1, unattributed code (no URL), checked 2026-11-28 (L: POP/IMAP/SMTP hosts).
/// ムームーメール.
pub static MUUMUU_MAIL: MailProvider = MailProvider {
    id: "muumuu-mail",
    name: Text {
        ja: "ムームーメール",
        en: "Muumuu Mail",
    },
    servers: &[
        HostPattern("pop3.muumuu-mail.com"),
        HostPattern("imap4.muumuu-mail.com"),
        HostPattern("smtp.muumuu-mail.com"),
    ],
    notes: &[Text {
        ja: "ムームーメールではSPF・DKIM・DMARCが自動で設定されます。",
        en: "Muumuu says SPF, DKIM and DMARC are set automatically for Muumuu Mail.",
    }],
    ..MailProvider::BLANK
};

// Source: providers.md §3.1, unattributed published zones (≥5, no URL), checked 2026-11-28 (M).
/// ConoHa WING.
pub static CONOHA_WING: MailProvider = MailProvider {
    id: "conoha-wing",
    name: Text {
        ja: "ConoHa WING",
        en: "ConoHa WING",
    },
    mx: &[HostPattern("mail*.conoha.ne.jp")],
    spf_includes: &[HostPattern("_spf.conoha.ne.jp")],
    dns_host: Some(&dns_hosts_japan::CONOHA),
    dkim: Some(DEFAULT_SELECTOR_TXT),
    ..MailProvider::BLANK
};

// Source: providers.md §3.1, unattributed published zones (≥6, no URL), checked 2026-11-28 (M).
/// お名前メール / お名前.com レンタルサーバー (GMO).
pub static ONAMAE_MAIL: MailProvider = MailProvider {
    id: "onamae-mail",
    name: Text {
        ja: "お名前メール / お名前.com レンタルサーバー",
        en: "Onamae Mail / Onamae.com rental server (GMO)",
    },
    mx: &[HostPattern("mail*.onamae.ne.jp")],
    spf_includes: &[HostPattern("_spf.onamae.ne.jp")],
    dns_host: Some(&dns_hosts_japan::ONAMAE_RS),
    dkim: Some(DEFAULT_SELECTOR_TXT),
    ..MailProvider::BLANK
};

// Source: providers.md §1.6, an unattributed migration write-up and a Japanese SPF explainer (no URL), checked 2026-11-28 (L).
/// KAGOYA MAIL.
pub static KAGOYA_MAIL: MailProvider = MailProvider {
    id: "kagoya-mail",
    name: Text {
        ja: "KAGOYA MAIL",
        en: "KAGOYA MAIL",
    },
    mx: &[HostPattern("dmail.kagoya.net")],
    spf_includes: &[HostPattern("kagoya.net")],
    dkim: Some(DkimScheme {
        selectors: &["kagoya"],
        choice: SelectorChoice::Observed,
        record: DkimRecord::TxtKey,
    }),
    ..MailProvider::BLANK
};

// Source: providers.md §3.1, unattributed (no URL), checked 2026-11-28 (L: server hosts s<NNN>, v<NNNN>, m<NNNN>.coreserver.jp).
/// コアサーバー / XREA (Value-Domain). Its mail MX and SPF were not found.
pub static CORESERVER: MailProvider = MailProvider {
    id: "coreserver",
    name: Text {
        ja: "コアサーバー / XREA(バリュードメイン)",
        en: "Coreserver / XREA (Value-Domain)",
    },
    servers: &[
        HostPattern("s*.coreserver.jp"),
        HostPattern("v*.coreserver.jp"),
        HostPattern("m*.coreserver.jp"),
    ],
    dns_host: Some(&dns_hosts_japan::VALUE_DOMAIN),
    ..MailProvider::BLANK
};

// Source: https://github.com/jace/mxsniff (file mxsniff/providers.py), checked 2026-11-28 (L: listed under Yahoo Mail).
/// Yahoo!メール (Yahoo! JAPAN, consumer).
pub static YAHOO_JAPAN_MAIL: MailProvider = MailProvider {
    id: "yahoo-japan-mail",
    name: Text {
        ja: "Yahoo!メール(Yahoo! JAPAN)",
        en: "Yahoo! JAPAN Mail",
    },
    mx: &[HostPattern("*.mail.yahoo.co.jp")],
    ..MailProvider::BLANK
};
