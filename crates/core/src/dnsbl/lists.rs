//! The blocklists Mailmove knows: what each answer code means and which codes say
//! the list refused to answer us. Written from the lists' own documentation as we
//! remember it; this machine has no internet access, so none of it could be checked
//! again on the day it was written (README, "Blocklists").

use std::net::Ipv4Addr;

use crate::Text;

/// A range of answer codes (inclusive) and what it means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CodeRange {
    /// The first code.
    pub first: Ipv4Addr,
    /// The last code.
    pub last: Ipv4Addr,
    /// What the list says it means.
    pub meaning: Text,
}

impl CodeRange {
    /// Whether `code` is in the range.
    pub fn contains(&self, code: Ipv4Addr) -> bool {
        (self.first..=self.last).contains(&code)
    }
}

/// A blocklist zone Mailmove knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KnownList {
    /// The zone queried (`zen.spamhaus.org`).
    pub zone: &'static str,
    /// Its name for people.
    pub name: &'static str,
    /// Codes that mean "listed", with what they mean.
    pub listed: &'static [CodeRange],
    /// Codes that mean the list would not answer this query (a public resolver, too
    /// many queries): "could not check", never "listed".
    pub refusals: &'static [CodeRange],
    /// Who may use it and how, as far as we know.
    pub terms: Text,
}

const fn code(last_octet: u8) -> Ipv4Addr {
    Ipv4Addr::new(127, 0, 0, last_octet)
}

/// Spamhaus ZEN: SBL, CSS, XBL, DROP and PBL in one zone.
/// Source: Spamhaus's "DNSBL return codes" page (www.spamhaus.org/faq, "Return codes"),
/// from memory; not re-checked (no internet access here).
pub const SPAMHAUS_ZEN: KnownList = KnownList {
    zone: "zen.spamhaus.org",
    name: "Spamhaus ZEN",
    listed: &[
        CodeRange {
            first: code(2),
            last: code(2),
            meaning: Text {
                ja: "Spamhaus SBL: スパムの送信元・スパム業者として登録されています。",
                en: "Spamhaus SBL: a known spam source or spam operation.",
            },
        },
        CodeRange {
            first: code(3),
            last: code(3),
            meaning: Text {
                ja: "Spamhaus CSS: 評判の低い送信(分散型のスパムなど)として登録されています。",
                en: "Spamhaus CSS: low-reputation sending (often spread-out \"snowshoe\" spam).",
            },
        },
        CodeRange {
            first: code(4),
            last: code(7),
            meaning: Text {
                ja: "Spamhaus XBL: ウイルス感染・乗っ取り(ボット、開いたプロキシ)の機器として登録されています。",
                en: "Spamhaus XBL: an infected or exploited machine (a bot, an open proxy).",
            },
        },
        CodeRange {
            first: code(9),
            last: code(9),
            meaning: Text {
                ja: "Spamhaus DROP: 乗っ取られた、または犯罪に使われているネットワークです。",
                en: "Spamhaus DROP: a hijacked or criminal network.",
            },
        },
        CodeRange {
            first: code(10),
            last: code(11),
            meaning: Text {
                ja: "Spamhaus PBL: 利用者向けの回線の範囲で、他のサーバーへ直接メールを送るべきでないとされています(プロバイダーまたはSpamhausによる登録)。受信専用のサーバーなら影響はありません。",
                en: "Spamhaus PBL: an end-user range that should not send mail straight to other servers (listed by its ISP or by Spamhaus). No harm to a server that only receives.",
            },
        },
    ],
    refusals: &[CodeRange {
        first: Ipv4Addr::new(127, 255, 255, 0),
        last: Ipv4Addr::new(127, 255, 255, 255),
        meaning: Text {
            ja: "Spamhausがこの問い合わせを断りました(127.255.255.254: 公開リゾルバー経由、127.255.255.255: 問い合わせが多すぎる、127.255.255.252: ゾーン名の誤り)。自前のリゾルバーから尋ねてください。",
            en: "Spamhaus refused this query (127.255.255.254: through a public resolver, 127.255.255.255: too many queries, 127.255.255.252: a mistyped zone). Ask through a resolver of your own.",
        },
    }],
    terms: Text {
        ja: "少量・非商用なら、自前のリゾルバーからの問い合わせは無料(Spamhausの無料利用の方針)。商用の利用にはData Query Serviceの契約が要ります。Google・Cloudflareなどの公開リゾルバー経由の問い合わせは 127.255.255.254 で断られます。",
        en: "Free for low-volume, non-commercial use through a resolver of your own (Spamhaus's free-use policy); commercial use needs a Data Query Service account. Queries through public resolvers (Google, Cloudflare …) are refused with 127.255.255.254.",
    },
};

/// SpamCop's blocklist. Source: spamcop.net's "What is the SpamCop Blocking List",
/// from memory; not re-checked.
pub const SPAMCOP: KnownList = KnownList {
    zone: "bl.spamcop.net",
    name: "SpamCop",
    listed: &[CodeRange {
        first: code(2),
        last: code(2),
        meaning: Text {
            ja: "SpamCop: 利用者からスパムの送信元として報告されています。報告が止まれば1日ほどで自動的に消えます。",
            en: "SpamCop: reported by SpamCop users as a spam source; the entry expires by itself about a day after reports stop.",
        },
    }],
    refusals: &[],
    terms: Text {
        ja: "問い合わせは無料。SpamCopは拒否より採点に使うよう勧めていたはずですが、確認できていません。",
        en: "Free to query. SpamCop has advised using it for scoring rather than outright rejection, as we remember; not verified.",
    },
};

/// Barracuda Reputation Block List. Source: barracudacentral.org's "Request access"
/// page, from memory; not re-checked.
pub const BARRACUDA: KnownList = KnownList {
    zone: "b.barracudacentral.org",
    name: "Barracuda BRBL",
    listed: &[CodeRange {
        first: code(2),
        last: code(2),
        meaning: Text {
            ja: "Barracuda: 送信の評判が低いとして登録されています。",
            en: "Barracuda: a poor sending reputation.",
        },
    }],
    refusals: &[],
    terms: Text {
        ja: "無料ですが、問い合わせるDNSサーバーを barracudacentral.org で登録するよう求めています。登録していないリゾルバーには答えないことがあり、その場合はテスト用の項目がなく「確認できません」になります。",
        en: "Free, but Barracuda asks that the DNS servers querying it be registered at barracudacentral.org; an unregistered resolver may get no answers, which shows here as a missing test entry (could not check).",
    },
};

/// Passive Spam Block List. Source: psbl.org, from memory; not re-checked.
pub const PSBL: KnownList = KnownList {
    zone: "psbl.surriel.com",
    name: "PSBL",
    listed: &[CodeRange {
        first: code(2),
        last: code(2),
        meaning: Text {
            ja: "PSBL: スパム用の罠のアドレスにメールを送りました。PSBLのサイトで誰でも削除を申請できます。",
            en: "PSBL: sent mail to PSBL's spam traps; anyone can remove an entry on the PSBL site.",
        },
    }],
    refusals: &[],
    terms: Text {
        ja: "無料。",
        en: "Free.",
    },
};

/// The lists asked when none are given (`--dnsbl`), in this order.
pub const DEFAULT_LISTS: [KnownList; 4] = [SPAMHAUS_ZEN, SPAMCOP, BARRACUDA, PSBL];

/// The list Mailmove knows under `zone`, if any.
pub fn known_list(zone: &str) -> Option<&'static KnownList> {
    DEFAULT_LISTS
        .iter()
        .find(|list| list.zone.eq_ignore_ascii_case(zone.trim_end_matches('.')))
}
