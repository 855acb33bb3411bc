//! Step-by-step instructions for the DNS host where the records are edited: each
//! change as the host's panel wants it typed (the host field for the apex, relative
//! names, quotes, trailing dots, a separate priority field, the TTLs it accepts), with
//! the host's quirks from the catalog (`providers.md` §4.2). Unknown hosts get the
//! generic form and the warnings every vendor gives.

use serde::{Deserialize, Serialize};

use super::{Action, Generated, Step};
use crate::Message;
use crate::catalog::{CatalogEntry as _, DnsHost};
use crate::dns::RecordType;

/// How one host's panel takes a record.
#[derive(Clone, Copy)]
struct Style {
    /// What to type in the host field for the apex.
    apex_field: &'static str,
    /// How that is said, in Japanese and English.
    apex: (&'static str, &'static str),
    /// Whether TXT values are typed inside double quotes.
    quote_txt: bool,
    /// Whether long TXT values must be typed as several quoted strings.
    split_long_txt: bool,
    /// Whether host names in values end with a dot.
    trailing_dot: bool,
    /// Where to go first.
    where_ja: &'static str,
    where_en: &'static str,
}

const GENERIC: Style = Style {
    apex_field: "@",
    apex: (
        "「@」または空欄(DNS サービスによって異なります)",
        "“@” or blank (depends on the DNS host)",
    ),
    quote_txt: false,
    split_long_txt: false,
    trailing_dot: false,
    where_ja: "DNS サービスの管理画面で、ドメインの DNS レコードの編集画面を開きます。",
    where_en: "In the DNS host's control panel, open the domain's DNS record editor.",
};

fn style(host: Option<&str>) -> Style {
    match host {
        Some("onamae-dns") => Style {
            apex_field: "",
            apex: ("空欄", "blank"),
            where_ja: "お名前.com Navi の「DNS設定/転送設定」で、ドメインの「DNSレコード設定を利用する」を開きます。",
            where_en: "In Onamae.com Navi, open “DNS設定/転送設定” and choose “DNSレコード設定を利用する” for the domain.",
            ..GENERIC
        },
        Some("muumuu-dns") => Style {
            apex_field: "",
            apex: (
                "空欄(サブドメイン欄に何も入れない)",
                "blank (leave the subdomain field empty)",
            ),
            where_ja: "ムームーDNS の「変更」から「カスタム設定」を開き、「設定2」に入力します。",
            where_en: "In Muumuu DNS, choose “変更”, open “カスタム設定” and enter the records under “設定2”.",
            ..GENERIC
        },
        Some("xserver") => Style {
            apex_field: "",
            apex: ("空欄(ホスト名を入れない)", "blank (no host name)"),
            where_ja: "サーバーパネルの「DNSレコード設定」でドメインを選び、「DNSレコード追加」から入力します。",
            where_en: "In the Xserver server panel, open “DNSレコード設定”, choose the domain and add records there.",
            ..GENERIC
        },
        Some("sakura") => Style {
            apex: ("「@」", "“@”"),
            trailing_dot: true,
            where_ja: "さくらインターネットの会員メニューでドメインの「ゾーン編集」を開きます。",
            where_en: "In Sakura's member menu, open the domain's zone editor (“ゾーン編集”).",
            ..GENERIC
        },
        Some("cloudflare") => Style {
            apex: ("「@」", "“@”"),
            where_ja: "Cloudflare のダッシュボードでドメインを選び、「DNS」→「レコード」を開きます。",
            where_en: "In the Cloudflare dashboard, choose the domain and open DNS → Records.",
            ..GENERIC
        },
        Some("route-53") => Style {
            apex_field: "",
            apex: ("空欄(レコード名を入れない)", "blank (no record name)"),
            quote_txt: true,
            split_long_txt: true,
            trailing_dot: true,
            where_ja: "Route 53 の「ホストゾーン」でドメインを選び、「レコードを作成」から入力します。",
            where_en: "In Route 53, open Hosted zones, choose the domain and use “Create record”.",
        },
        _ => GENERIC,
    }
}

/// One edit in the panel.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// When.
    pub step: Step,
    /// Add, change, delete or nothing to do.
    pub action: Action,
    /// What to type in the host (name) field.
    pub host_field: String,
    /// The record type.
    pub rtype: RecordType,
    /// The priority field (MX).
    pub priority: Option<u16>,
    /// What to type in the value field.
    pub value: String,
    /// TTL, within what the host accepts.
    pub ttl: u32,
    /// For a change: the value there now.
    pub old: Option<String>,
    /// What the edit means when the action alone does not say it (see
    /// [`Change::note`](super::Change::note)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Message>,
}

/// The guide for one DNS host.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HostGuide {
    /// The host's catalog id, when known.
    pub host: Option<String>,
    /// Its name.
    pub name: Message,
    /// Where to go, how the apex is written, and the host's quirks.
    pub notes: Vec<Message>,
    /// Every edit, in step order.
    pub entries: Vec<Entry>,
}

/// The guide for `generated` on `dns_host` (a catalog id; `None` or unknown: generic).
pub fn host_guide(generated: &Generated, dns_host: Option<&str>) -> HostGuide {
    let known = dns_host.and_then(DnsHost::find);
    let style = style(known.map(|host| host.id));
    let mut notes = vec![
        Message {
            ja: style.where_ja.into(),
            en: style.where_en.into(),
        },
        Message {
            ja: format!(
                "ドメイン自体(ルート)のレコードは、ホスト名の欄に{}を入力します。",
                style.apex.0
            ),
            en: format!(
                "For the domain itself (the apex), type {} in the host field.",
                style.apex.1
            ),
        },
    ];
    if known.is_none() {
        notes.push(Message {
            ja: "値のホスト名の末尾に「.」が必要な DNS サービスもあります。MX の優先度は別の欄に入力するのが一般的です。".into(),
            en: "Some DNS hosts want a trailing “.” after host names in values. The MX priority usually has its own field.".into(),
        });
    }
    if known.is_some_and(|host| host.id == "cloudflare") {
        notes.push(Message {
            ja: "CNAME(DKIM・所有権確認・autodiscover)はプロキシを「DNS のみ」(グレーの雲)にしてください。オレンジの雲では値が書き換えられ、検証に失敗します。".into(),
            en: "Set CNAMEs (DKIM, verification, autodiscover) to “DNS only” (grey cloud): proxied, their target is rewritten and verification fails.".into(),
        });
    }
    if let Some(host) = known {
        notes.extend(host.notes.iter().map(|&note| Message::from(note)));
    }
    let ttl_limits = known.and_then(|host| host.ttl_limits);
    let domain = generated.domain.as_str();
    let entries = generated
        .changes
        .iter()
        .map(|change| {
            let record = &change.record;
            let host_field = if record.name == domain {
                style.apex_field.to_owned()
            } else {
                record
                    .name
                    .strip_suffix(&format!(".{domain}"))
                    .unwrap_or(&record.name)
                    .to_owned()
            };
            let (priority, value) = value_for(record.rtype, &record.data, style);
            let ttl = match ttl_limits {
                Some(limits) => record.ttl.clamp(limits.min_seconds, limits.max_seconds),
                None => record.ttl,
            };
            Entry {
                step: record.step,
                action: change.action,
                host_field,
                rtype: record.rtype,
                priority,
                value,
                ttl,
                old: change
                    .old
                    .as_ref()
                    .map(|old| value_for(record.rtype, old, style).1),
                note: change.note.clone(),
            }
        })
        .collect();
    HostGuide {
        host: known.map(|host| host.id.to_owned()),
        name: known.map_or_else(
            || Message {
                ja: "DNS サービス(不明)".into(),
                en: "DNS host (unknown)".into(),
            },
            |host| Message::from(host.name),
        ),
        notes,
        entries,
    }
}

/// The priority field and the value field for `data` in `style`.
fn value_for(rtype: RecordType, data: &str, style: Style) -> (Option<u16>, String) {
    let host = |name: &str| {
        let bare = name.trim_end_matches('.');
        if style.trailing_dot && !bare.is_empty() {
            format!("{bare}.")
        } else {
            bare.to_owned()
        }
    };
    match rtype {
        RecordType::Mx => match data.split_once(' ') {
            Some((preference, exchanger)) => (preference.parse().ok(), host(exchanger)),
            None => (None, host(data)),
        },
        RecordType::Cname => (None, host(data)),
        RecordType::Srv => {
            let mut parts: Vec<String> = data.split_whitespace().map(str::to_owned).collect();
            if let Some(target) = parts.last_mut() {
                *target = host(target);
            }
            (None, parts.join(" "))
        }
        RecordType::Txt if style.split_long_txt => (None, super::split_txt(data)),
        RecordType::Txt if style.quote_txt => (None, format!("\"{data}\"")),
        _ => (None, data.to_owned()),
    }
}
