//! What blocklist results mean for people, in Japanese and English.

use super::read::{Listing, NotChecked, ZoneTest};
use super::report::{Note, Role};
use crate::{Lang, Text};

/// What `listing` means (for a listing, the codes' own meanings say more).
pub fn explain_listing(listing: &Listing) -> Text {
    match listing {
        Listing::NotListed => Text {
            ja: "載っていません。",
            en: "Not listed.",
        },
        Listing::Listed { .. } => Text {
            ja: "載っています。",
            en: "Listed.",
        },
        Listing::CouldNotCheck { why } => explain_not_checked(why),
    }
}

/// Why a list's answer says nothing.
pub fn explain_not_checked(why: &NotChecked) -> Text {
    match why {
        NotChecked::Refused { .. } => Text {
            ja: "確認できません: リストが問い合わせを断りました(載っているという意味ではありません)。",
            en: "Could not check: the list refused the query (this does not mean listed).",
        },
        NotChecked::NotAListAnswer { .. } => Text {
            ja: "確認できません: 127.0.0.0/8 以外の答えが返りました。途中のDNSサーバーが答えを書き換えています。",
            en: "Could not check: the answer is outside 127.0.0.0/8; a DNS server on the way rewrote it.",
        },
        NotChecked::Dns { .. } => Text {
            ja: "確認できません: DNSの問い合わせに答えがありませんでした(タイムアウトなど)。",
            en: "Could not check: the DNS question got no answer (a timeout or a server failure).",
        },
        NotChecked::ListNotWorking { test } => explain_test(test),
        NotChecked::NotCovered => Text {
            ja: "このリストはIPv6アドレスを扱っていません(IPv6のテスト用の項目がありません)。",
            en: "This list does not cover IPv6 addresses (it has no IPv6 test entry).",
        },
        NotChecked::NotAsked => Text {
            ja: "尋ねていません(時間切れ、または上限を超えました)。",
            en: "Not asked (time ran out, or over the limit).",
        },
    }
}

/// What a list's test entries showed.
pub fn explain_test(test: &ZoneTest) -> Text {
    match test {
        ZoneTest::Working => Text {
            ja: "テスト用の項目(127.0.0.2)は正しく答えました。",
            en: "Its test entry (127.0.0.2) answers as it should.",
        },
        ZoneTest::ListsEverything => Text {
            ja: "確認できません: このリストは 127.0.0.1 まで「載っている」と答えます(すべてを載せる状態: 停止したリストか、未登録の利用者への応答)。",
            en: "Could not check: the list says even 127.0.0.1 is listed (it lists everything: a list shut down that way, or its answer to unregistered users).",
        },
        ZoneTest::NoTestEntry => Text {
            ja: "確認できません: テスト用の項目(127.0.0.2)がありません。このリストはこちらのリゾルバーに答えていないか、もう存在しません。",
            en: "Could not check: its test entry (127.0.0.2) is missing; the list does not answer this resolver, or no longer exists.",
        },
        ZoneTest::CouldNotCheck { why } => explain_not_checked(why),
    }
}

/// Whose address it is, in `lang`.
pub fn role_words(role: &Role, lang: Lang) -> String {
    match (role, lang) {
        (Role::CurrentMx { host }, Lang::Ja) => format!("今のMX {host}"),
        (Role::CurrentMx { host }, Lang::En) => format!("today's MX {host}"),
        (Role::TargetMx { host }, Lang::Ja) => format!("移行先のMX {host}"),
        (Role::TargetMx { host }, Lang::En) => format!("the target's MX {host}"),
        (Role::SpfIp, Lang::Ja) => "SPFの送信元(ip4/ip6)".to_owned(),
        (Role::SpfIp, Lang::En) => "an SPF sender (ip4/ip6)".to_owned(),
        (Role::SpfA { host }, Lang::Ja) => format!("SPFの送信元 a:{host}"),
        (Role::SpfA { host }, Lang::En) => format!("an SPF sender a:{host}"),
    }
}

/// What to do when an address with `role` is listed.
pub fn advice(role: &Role) -> Text {
    match role {
        Role::CurrentMx { .. } => Text {
            ja: "今のメールサーバーが載っています。このサーバーが送るメール(転送、返信)は拒否されることがあります。リストの削除手続きをするか、今のサービスに伝えてください。",
            en: "Today's mail server is listed: mail it sends (forwards, replies) may be refused. Ask the list for removal, or tell the current service.",
        },
        Role::TargetMx { .. } => Text {
            ja: "移行先のサービスのサーバーが載っています。移行先のサービスに伝えてください(直すのは先方です)。",
            en: "The new service's server is listed: tell the provider; it is theirs to fix.",
        },
        Role::SpfIp | Role::SpfA { .. } => Text {
            ja: "このドメインの送信元が載っています。そこから送るメールは拒否されたり迷惑メールになったりします。原因(感染したPC、乗っ取られたアカウント)を直してから、リストに削除を申請してください。",
            en: "A sender of this domain is listed: mail from it may be refused or filed as spam. Fix the cause (an infected PC, a compromised account), then ask the list for removal.",
        },
    }
}

/// A note about what was left out, in `lang`.
pub fn note_words(note: &Note, lang: Lang) -> String {
    let ja = lang == Lang::Ja;
    match note {
        Note::RangeNotChecked { network } if ja => {
            format!("SPFの {network} は範囲なので尋ねていません(リストは1アドレスずつ答えます)。")
        }
        Note::RangeNotChecked { network } => format!(
            "SPF's {network} is a range and was not asked (lists answer one address at a time)."
        ),
        Note::MacroNotFollowed { term } if ja => {
            format!("SPFの {term} はマクロを含むので、たどっていません。")
        }
        Note::MacroNotFollowed { term } => {
            format!("SPF's {term} holds a macro and was not followed.")
        }
        Note::LookupFailed { query, failure } => {
            let (reason_ja, reason_en) = failure.reason();
            if ja {
                format!(
                    "{} ({}) を調べられませんでした: {reason_ja}",
                    query.name, query.rtype
                )
            } else {
                format!(
                    "{} ({}) could not be looked up: {reason_en}",
                    query.name, query.rtype
                )
            }
        }
        Note::HostsLeftOut { count } if ja => {
            format!("ホスト名が多すぎるため{count}件を省きました。")
        }
        Note::HostsLeftOut { count } => format!("{count} host names were left out (too many)."),
        Note::AddressesLeftOut { count } if ja => {
            format!("アドレスが多すぎるため{count}件を省きました。")
        }
        Note::AddressesLeftOut { count } => format!("{count} addresses were left out (too many)."),
    }
}
