//! The merged SPF record: the target's include first, every sender the domain keeps,
//! the old provider's entries until the old service ends, and the `all` the domain
//! already uses; with its DNS-lookup count against RFC 7208's limit of 10 and, when
//! over, which includes to flatten or drop.

use std::net::IpAddr;

use serde::{Deserialize, Serialize};

use super::{Step, Warning};
use crate::Message;
use crate::spf::{DualCidr, Mechanism, Modifier, Qualifier, SpfRecord, TermKind};

/// RFC 7208 §4.6.4: at most 10 mechanisms and modifiers that query DNS.
pub const SPF_LOOKUP_LIMIT: u32 = 10;

/// One version of the merged record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergedSpf {
    /// From which step on this version is published.
    pub step: Step,
    /// The record.
    pub record: String,
    /// DNS lookups it costs, nested includes counted.
    pub lookups: u32,
    /// Whether `lookups` is a lower bound (an include's own record was not read).
    pub lookups_is_minimum: bool,
    /// When over the limit: what would bring it under, biggest saving first.
    pub flatten: Vec<FlattenChoice>,
}

/// A way to save lookups.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlattenChoice {
    /// The term (`include:mail.zendesk.com`).
    pub term: String,
    /// Lookups saved by replacing it with the addresses it stands for (or dropping it).
    pub saves: u32,
    /// What doing so means.
    pub message: Message,
}

/// What the merge starts from.
pub(super) struct SpfInputs<'a> {
    /// Today's record, if the domain has exactly one.
    pub current: Option<&'a str>,
    /// The target's include domain.
    pub target_include: Option<&'a str>,
    /// The target vendor's whole record, for its `all` when the domain has none.
    pub vendor_record: Option<&'a str>,
    /// Whether an include domain or an `a:`/`mx:` host belongs to a mail provider
    /// other than the target (the old service): kept until it is cancelled.
    pub is_old_provider: &'a dyn Fn(&str) -> bool,
    /// The user's choice of terms to keep (`include:` domains or whole terms); `None`
    /// keeps everything that is not the old provider's.
    pub keep: Option<&'a [String]>,
    /// Lookups below an include domain (its record and everything under it), when the
    /// survey read them.
    pub nested: &'a dyn Fn(&str) -> Option<u32>,
    /// Today's exchangers' addresses: what a bare `mx` means before the cutover.
    pub old_mx_addresses: &'a [IpAddr],
}

/// A term of the merged record.
struct Piece {
    text: String,
    include: Option<String>,
    dns: bool,
    old: bool,
}

/// The merged versions (one, or two when the old provider's entries go later), and
/// warnings.
pub(super) fn merge(inputs: &SpfInputs<'_>) -> (Vec<MergedSpf>, Vec<Warning>) {
    let mut warnings = Vec::new();
    let mut pieces: Vec<Piece> = Vec::new();
    if let Some(include) = inputs.target_include {
        pieces.push(include_piece(include, false));
    }
    let mut all = None;
    if let Some(text) = inputs.current {
        let (record, _issues) = crate::spf::parse(text);
        all = todays_terms(inputs, text, &record, &mut pieces, &mut warnings);
    }
    let all = all
        .or_else(|| {
            inputs
                .vendor_record
                .and_then(|record| record.split_whitespace().find(|term| term.ends_with("all")))
                .map(str::to_owned)
        })
        .unwrap_or_else(|| "~all".to_owned());
    let mut versions = vec![version(Step::BeforeCutover, &pieces, &all, inputs)];
    if pieces.iter().any(|piece| piece.old) {
        let without_old: Vec<Piece> = pieces.into_iter().filter(|piece| !piece.old).collect();
        versions.push(version(Step::AfterOldService, &without_old, &all, inputs));
    }
    for merged in &versions {
        if merged.lookups > SPF_LOOKUP_LIMIT {
            warnings.push(warning(
                "spf-over-lookup-limit",
                format!("統合した SPF は DNS 参照が {} 回になり、上限 10 回を超えます(超えると受信側で permerror になり、認証に失敗します)。展開または不要な include の削除を検討してください。", merged.lookups),
                format!("The merged SPF needs {} DNS lookups, over the limit of 10 (receivers then return permerror and authentication fails). Flatten or drop includes.", merged.lookups),
            ));
        }
    }
    (versions, warnings)
}

/// Today's terms that stay, as pieces: the old provider's (to go once the old service
/// ends) and those the user keeps. Returns today's `all`, if it has one.
fn todays_terms(
    inputs: &SpfInputs<'_>,
    text: &str,
    record: &SpfRecord,
    pieces: &mut Vec<Piece>,
    warnings: &mut Vec<Warning>,
) -> Option<String> {
    let mut all = None;
    for term in &record.terms {
        let written = text.get(term.span.clone()).unwrap_or_default().to_owned();
        match &term.kind {
            TermKind::Directive(qualifier, Mechanism::All) => {
                all = Some(format!("{qualifier}all"));
            }
            TermKind::Directive(_, Mechanism::Include(domain)) => {
                let domain = domain.to_string().to_ascii_lowercase();
                if Some(domain.as_str()) == inputs.target_include {
                    continue;
                }
                let old = (inputs.is_old_provider)(&domain);
                if old || kept(inputs.keep, &written, Some(&domain)) {
                    pieces.push(Piece {
                        text: written.clone(),
                        include: Some(domain),
                        dns: true,
                        old,
                    });
                }
            }
            TermKind::Directive(qualifier, Mechanism::Mx(None, cidr)) => {
                bare_mx(inputs, written, qualifier, cidr, pieces, warnings);
            }
            TermKind::Directive(_, mechanism) => {
                // `a:sv1234.xserver.jp`: the old provider's own server.
                let host = match mechanism {
                    Mechanism::A(Some(host), _) | Mechanism::Mx(Some(host), _) => {
                        Some(host.to_string().to_ascii_lowercase())
                    }
                    _ => None,
                };
                let old = host.is_some_and(|host| (inputs.is_old_provider)(&host));
                if old || kept(inputs.keep, &written, None) {
                    pieces.push(Piece {
                        text: written,
                        include: None,
                        dns: mechanism.queries_dns(),
                        old,
                    });
                }
            }
            TermKind::Modifier(Modifier::Redirect(domain)) => {
                // With `all` in the record a redirect is never followed (RFC 7208
                // §6.1): as an include it keeps counting.
                let domain = domain.to_string().to_ascii_lowercase();
                let old = (inputs.is_old_provider)(&domain);
                if Some(domain.as_str()) != inputs.target_include
                    && (old || kept(inputs.keep, &written, Some(&domain)))
                {
                    pieces.push(include_piece(&domain, old));
                }
            }
            TermKind::Modifier(_) => {
                pieces.push(Piece {
                    text: written,
                    include: None,
                    dns: false,
                    old: false,
                });
            }
        }
    }
    all
}

/// A bare `mx`: after the cutover it means the target's inbound servers, not the old
/// server that may still send, so today's exchangers' addresses stand in for it.
fn bare_mx(
    inputs: &SpfInputs<'_>,
    written: String,
    qualifier: &Qualifier,
    cidr: &DualCidr,
    pieces: &mut Vec<Piece>,
    warnings: &mut Vec<Warning>,
) {
    if inputs.old_mx_addresses.is_empty() {
        warnings.push(warning(
            "spf-bare-mx",
            format!("SPF の「{written}」は切り替え後、新しいサービスの受信サーバーを指します。旧サーバーから送信を続ける場合は、その IP アドレス(ip4:)に置き換えてください。"),
            format!("After the cutover, “{written}” in SPF means the new service's inbound servers. If the old server keeps sending, replace it with its IP addresses (ip4:)."),
        ));
        pieces.push(Piece {
            text: written,
            include: None,
            dns: true,
            old: true,
        });
    } else {
        for address in inputs.old_mx_addresses {
            let (kind, length) = match address {
                IpAddr::V4(_) => ("ip4", cidr.v4),
                IpAddr::V6(_) => ("ip6", cidr.v6),
            };
            let length = length.map(|l| format!("/{l}")).unwrap_or_default();
            let text = format!("{qualifier}{kind}:{address}{length}");
            if !pieces.iter().any(|piece| piece.text == text) {
                pieces.push(Piece {
                    text,
                    include: None,
                    dns: false,
                    old: true,
                });
            }
        }
    }
}

fn include_piece(domain: &str, old: bool) -> Piece {
    Piece {
        text: format!("include:{domain}"),
        include: Some(domain.to_owned()),
        dns: true,
        old,
    }
}

fn kept(keep: Option<&[String]>, written: &str, include: Option<&str>) -> bool {
    let Some(keep) = keep else {
        return true;
    };
    keep.iter().any(|wanted| {
        let wanted = wanted.trim().to_ascii_lowercase();
        wanted == written.to_ascii_lowercase()
            || include.is_some_and(|domain| {
                wanted == domain || wanted.strip_prefix("include:") == Some(domain)
            })
    })
}

fn version(step: Step, pieces: &[Piece], all: &str, inputs: &SpfInputs<'_>) -> MergedSpf {
    let mut lookups = 0;
    let mut minimum = false;
    let mut flatten = Vec::new();
    for piece in pieces.iter().filter(|piece| piece.dns) {
        lookups += 1;
        let Some(domain) = &piece.include else {
            continue;
        };
        let nested = (inputs.nested)(domain);
        minimum |= nested.is_none();
        let nested = nested.unwrap_or(0);
        lookups += nested;
        if Some(domain.as_str()) != inputs.target_include {
            flatten.push(FlattenChoice {
                term: piece.text.clone(),
                saves: 1 + nested,
                message: Message {
                    ja: format!("「{}」を IP アドレス(ip4:/ip6:)に展開すると {} 回減ります。サービス側でアドレスが変わったら更新が必要です。使っていないサービスなら削除してください。", piece.text, 1 + nested),
                    en: format!("Flattening “{}” into its addresses (ip4:/ip6:) saves {} lookups; it must then be updated when the service changes addresses. Drop it if the service is no longer used.", piece.text, 1 + nested),
                },
            });
        }
    }
    if lookups <= SPF_LOOKUP_LIMIT {
        flatten.clear();
    }
    crate::sort::sort_by(&mut flatten, |a, b| {
        b.saves.cmp(&a.saves).then_with(|| a.term.cmp(&b.term))
    });
    let mut record = String::from("v=spf1");
    for piece in pieces {
        record.push(' ');
        record.push_str(&piece.text);
    }
    record.push(' ');
    record.push_str(all);
    MergedSpf {
        step,
        record,
        lookups,
        lookups_is_minimum: minimum,
        flatten,
    }
}

pub(super) fn warning(code: &str, ja: String, en: String) -> Warning {
    Warning {
        code: code.to_owned(),
        message: Message { ja, en },
    }
}
