//! From a target, the user's inputs and today's records to the list of changes.

use std::collections::BTreeMap;
use std::net::IpAddr;

use serde::{Deserialize, Serialize};

use super::dkim::{self, DkimInput};
use super::spf_merge::{SpfInputs, merge, warning};
use super::target::{self, CustomTarget};
use super::verification::VerificationChoice;
use super::zone::kind_of;
use super::{Action, Change, Generated, PlannedRecord, Step, Warning};
use crate::DomainName;
use crate::Message;
use crate::api::SpfNodeJson;
use crate::catalog::{CatalogEntry as _, MailProvider, SetupData};
use crate::dns::{Record, RecordData, RecordType};
use crate::survey::SpfVia;

/// What the user asks for.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
// Every field has a default, so a request saved by an older version still loads.
#[serde(default)]
pub struct RecordRequest {
    /// The target's catalog id (`google-workspace`, `microsoft-365`, `zoho-mail` …),
    /// or [`CUSTOM_TARGET`](super::CUSTOM_TARGET) for the service in `custom`.
    pub target: String,
    /// The service outside the catalog, when `target` is `custom`.
    #[serde(default)]
    pub custom: Option<CustomTarget>,
    /// The region, for targets whose hosts name one (Amazon WorkMail).
    pub region: Option<String>,
    /// The verification value the target's console issued (the whole TXT value, or
    /// just the token).
    pub verification_token: Option<String>,
    /// Which of the target's methods to verify with (default: the first it offers,
    /// TXT for every catalog target that verifies in advance).
    #[serde(default)]
    pub verification_method: Option<VerificationChoice>,
    /// SPF terms to keep (`include:` domains or whole terms); `None` keeps every term
    /// of today's record that is not the old provider's.
    pub keep_spf: Option<Vec<String>>,
    /// DKIM as the console shows it.
    pub dkim: Option<DkimInput>,
    /// Where DMARC aggregate reports go (`dmarc@example.jp`), for a new DMARC record.
    pub dmarc_rua: Option<String>,
    /// Where TLS reports go (RFC 8460), for an optional TLS-RPT record.
    pub tls_rpt_rua: Option<String>,
    /// Also the target's optional records (Teams, device management …).
    pub include_optional: bool,
    /// TTL for every record (default: the target's recommendation, else 3600).
    pub ttl: Option<u32>,
    /// The MX TTL lowered before the cutover (the planner's): today's MX get it a whole
    /// old TTL before the change (`Step::LowerTtl`), and the new MX are written with it
    /// at the cutover, so resolvers pick up a correction quickly.
    pub lowered_mx_ttl: Option<u32>,
    /// The MX TTL once the old MX is gone (`Step::RestoreTtl`); only with
    /// `lowered_mx_ttl`.
    pub restored_mx_ttl: Option<u32>,
    /// The service mail moves away from (a catalog id, as the check detected it), if
    /// known. Without today's records it names the old MX to delete and the SPF entry
    /// to keep until the old service ends.
    pub source: Option<String>,
}

/// What the domain publishes today, from a survey, or that nobody knows.
///
/// There is no `Default` on purpose: "nothing was read" ([`Current::unknown`]) and
/// "nothing is published" ([`Current::empty`]) lead to different advice, so each
/// caller says which it means.
#[derive(Clone, Copy, Debug)]
pub struct Current<'a> {
    /// Every record the survey read.
    pub records: &'a [Record],
    /// The SPF include tree, for lookup counts.
    pub spf_tree: Option<&'a SpfNodeJson>,
    /// Whether `records` is what the domain publishes today. When it is not (no check
    /// was run), a record the domain can hold only one of (the SPF at the apex, DMARC,
    /// TLS-RPT, MTA-STS, the MX set) is never [`Action::Add`] but [`Action::Set`],
    /// "change the existing one, or add it if there is none", and the cutover deletes
    /// every other MX.
    pub known: bool,
}

impl<'a> Current<'a> {
    /// Today's records are not known (no check of the domain): the safe advice.
    pub fn unknown() -> Current<'a> {
        Current {
            records: &[],
            spf_tree: None,
            known: false,
        }
    }

    /// The domain is known to publish nothing relevant (tests, a brand-new domain).
    pub fn empty() -> Current<'a> {
        Current {
            records: &[],
            spf_tree: None,
            known: true,
        }
    }

    /// Today's records as read.
    pub fn read(records: &'a [Record], spf_tree: Option<&'a SpfNodeJson>) -> Current<'a> {
        Current {
            records,
            spf_tree,
            known: true,
        }
    }

    /// Today's records from a survey report.
    pub fn from_survey(survey: &'a crate::api::SurveyJson) -> Current<'a> {
        Current::read(&survey.records, Some(&survey.facts.spf.tree))
    }

    pub(super) fn at(&self, name: &str, rtype: RecordType) -> Vec<&'a Record> {
        self.records
            .iter()
            .filter(|record| {
                record.name.eq_ignore_ascii_case(name) && record.data.record_type() == rtype
            })
            .collect()
    }
}

/// The changes for `domain` moving to `request.target`. An unknown target or one
/// Mailmove cannot plan for is a warning and no changes.
pub fn generate(domain: &DomainName, request: &RecordRequest, current: Current<'_>) -> Generated {
    let mut warnings = Vec::new();
    let mut planned: Vec<PlannedRecord> = Vec::new();
    let mut deletions: Vec<(PlannedRecord, String)> = Vec::new();
    let mut spf_versions = Vec::new();
    let Some(target) = target::resolve(domain, request, &mut warnings) else {
        return finish(
            domain,
            request,
            Vec::new(),
            Vec::new(),
            spf_versions,
            warnings,
            current,
        );
    };
    let ttl = request.ttl.or(target.recommended_ttl).unwrap_or(3600);
    let apex = domain.as_str();
    let message = |ja: &str, en: &str| Message {
        ja: ja.into(),
        en: en.into(),
    };

    // 1. Verification.
    super::verification::verification(
        domain,
        &target,
        request,
        ttl,
        &mut planned,
        &mut deletions,
        &mut warnings,
    );

    // 2. SPF, merged.
    let spf_now: Vec<String> = current
        .at(apex, RecordType::Txt)
        .into_iter()
        .filter_map(|record| match &record.data {
            RecordData::Txt { strings } => Some(strings.concat()),
            _ => None,
        })
        .filter(|text| crate::spf::is_spf_record(text))
        .collect();
    if spf_now.len() > 1 {
        warnings.push(warning(
            "spf-multiple-now",
            "今の SPF レコードが複数あります(permerror)。下の統合した 1 件に置き換えてください。".into(),
            "The domain has several SPF records today (permerror). Replace them with the one merged record below.".into(),
        ));
    }
    let nested = |domain: &str| {
        current
            .spf_tree
            .and_then(|tree| nested_lookups(tree, domain))
    };
    let is_old_provider = |name: &str| {
        MailProvider::all().any(|provider| {
            provider.id != target.id
                && provider
                    .spf_includes
                    .iter()
                    .chain(provider.servers)
                    .chain(provider.mx)
                    .any(|pattern| pattern.matches(name))
        })
    };
    let old_mx_addresses = exchanger_addresses(&current, apex);
    // Without today's records, the old service named in the request stands for today's
    // SPF: its include stays until the old service ends, as it would after a check.
    let source = request
        .source
        .as_deref()
        .and_then(MailProvider::find)
        .filter(|source| source.id != target.id);
    let assumed_spf = (!current.known && spf_now.is_empty())
        .then(|| {
            source?
                .spf_includes
                .iter()
                .find(|pattern| !pattern.as_str().contains('*'))
                .map(|include| format!("v=spf1 include:{}", include.as_str()))
        })
        .flatten();
    let (versions, spf_warnings) = merge(&SpfInputs {
        current: spf_now.first().or(assumed_spf.as_ref()).map(String::as_str),
        target_include: target.spf_include.as_deref(),
        vendor_record: target.vendor_spf_record,
        is_old_provider: &is_old_provider,
        keep: request.keep_spf.as_deref(),
        nested: &nested,
        old_mx_addresses: &old_mx_addresses,
    });
    warnings.extend(spf_warnings);
    if !target.spf_known && target.id == target::CUSTOM_TARGET {
        warnings.push(warning(
            "custom-spf-missing",
            "移行先の SPF(include 先)が未入力です。新しいサービスから送信するなら、プロバイダーの案内にある include 先を入力してください。".into(),
            "No SPF include given for the target: if the new service sends mail, enter the include domain from the provider's instructions.".into(),
        ));
    } else if !target.spf_known {
        warnings.push(warning(
            "spf-include-unknown",
            format!(
                "{} の SPF の値は管理コンソールに表示されるものを使ってください。",
                target.name_ja
            ),
            format!(
                "Use the SPF value {}'s admin console shows.",
                target.name_en
            ),
        ));
    } else {
        for version in &versions {
            planned.push(PlannedRecord {
                name: apex.to_owned(),
                rtype: RecordType::Txt,
                data: version.record.clone(),
                ttl,
                step: version.step,
                purpose: if version.step == Step::BeforeCutover {
                    message(
                        "SPF(新しいサービスと残す送信サービスを許可)",
                        "SPF (allows the new service and the senders kept)",
                    )
                } else {
                    message(
                        "SPF(旧サービスの送信元を外す)",
                        "SPF (the old service's senders removed)",
                    )
                },
            });
        }
    }
    spf_versions = versions;

    // 3. DKIM.
    if let Some(input) = &request.dkim {
        planned.extend(dkim::records(domain, input, ttl, &mut warnings));
    } else if target.has_dkim {
        warnings.push(warning(
            "dkim-not-given",
            format!(
                "DKIM の値が未入力です。{} の管理コンソールで生成し、貼り付けてください。",
                target.name_ja
            ),
            format!(
                "No DKIM value given: generate it in {}'s admin console and paste it.",
                target.name_en
            ),
        ));
    }

    // 4. DMARC: report first, then tighten.
    dmarc(domain, request, &current, ttl, &mut planned, &mut warnings);
    if let Some(rua) = request
        .tls_rpt_rua
        .as_deref()
        .map(str::trim)
        .filter(|rua| !rua.is_empty())
    {
        planned.push(PlannedRecord {
            name: format!("_smtp._tls.{apex}"),
            rtype: RecordType::Txt,
            data: format!("v=TLSRPTv1; rua=mailto:{rua}"),
            ttl,
            step: Step::BeforeCutover,
            purpose: message(
                "TLS-RPT(配送時の TLS の失敗を報告させる)",
                "TLS-RPT (reports of TLS failures in delivery)",
            ),
        });
    }

    // 5. The cutover: the new MX set, and every old exchanger deleted in the same edit.
    let new_mx = target.mx.clone();
    // No new MX (none valid, a region missing): then today's MX must stay, or the
    // cutover would leave the domain without mail.
    let today_mx = if new_mx.is_empty() {
        Vec::new()
    } else {
        current.at(apex, RecordType::Mx)
    };
    let mx_ttl = request.lowered_mx_ttl.unwrap_or(ttl);
    for data in &new_mx {
        planned.push(PlannedRecord {
            name: apex.to_owned(),
            rtype: RecordType::Mx,
            data: data.clone(),
            ttl: mx_ttl,
            step: Step::Cutover,
            purpose: message("MX(メールの配送先)", "MX (where mail is delivered)"),
        });
    }
    for record in today_mx {
        if let RecordData::Mx {
            preference,
            exchange,
        } = &record.data
        {
            let data = format!("{preference} {}.", exchange.trim_end_matches('.'));
            let deleted = deletions
                .iter()
                .any(|(_, old)| old.eq_ignore_ascii_case(&data));
            if !deleted && !new_mx.iter().any(|new| new.eq_ignore_ascii_case(&data)) {
                deletions.push((
                    PlannedRecord {
                        name: apex.to_owned(),
                        rtype: RecordType::Mx,
                        data: data.clone(),
                        ttl: record.ttl,
                        step: Step::Cutover,
                        purpose: message(
                            "旧 MX(同じ編集で削除)",
                            "Old MX (deleted in the same edit)",
                        ),
                    },
                    data,
                ));
            }
        }
    }

    // Today's MX unknown: delete the old service's exchangers by name, and every MX
    // but the new ones, in the same edit.
    let mut unknown_deletions = Vec::new();
    if !current.known && !new_mx.is_empty() {
        unknown_deletions = old_mx_unknown(apex, source, ttl);
    }

    // 6. The target's other records (autodiscover …), at the cutover: clients follow
    // them to the new service.
    for record in target
        .records
        .iter()
        .filter(|record| request.include_optional || !record.optional)
    {
        let data = match record.data {
            SetupData::Cname(host) => match host.render(domain, request.region.as_deref()) {
                Some(host) => (RecordType::Cname, format!("{host}.")),
                None => continue,
            },
            SetupData::Srv {
                priority,
                weight,
                port,
                target,
            } => (
                RecordType::Srv,
                format!("{priority} {weight} {port} {target}."),
            ),
        };
        planned.push(PlannedRecord {
            name: format!("{}.{apex}", record.owner),
            rtype: data.0,
            data: data.1,
            ttl,
            step: Step::Cutover,
            purpose: Message::from(record.purpose),
        });
    }
    if !current.known {
        warnings.push(warning(
            "records-today-unknown",
            "今の DNS レコードを読んでいないため、SPF・DMARC・MX は「変更(なければ追加)」で書いています。今あるレコードを書き換え、同じ種類のレコードを 2 つ目として追加しないでください(SPF が 2 つあると、すべての受信側で認証に失敗します)。今の SPF にほかの送信サービス(メール配信サービスなど)が書かれていれば、その部分も残してください。ドメインをチェックすると、今のレコードとの差分が表示されます。".into(),
            "Today's DNS records were not read, so SPF, DMARC and MX are written as “change (add if none)”: edit the record that is there instead of adding a second one of the same kind (with two SPF records, every receiver fails authentication). If today's SPF names other senders (a newsletter service, for example), keep them too. Check the domain to see the difference from today's records.".into(),
        ));
    }
    let mut generated = finish(
        domain,
        request,
        planned,
        deletions,
        spf_versions,
        warnings,
        current,
    );
    generated.changes.extend(unknown_deletions);
    generated
        .changes
        .extend(super::mx_ttl::changes(apex, request, &current, &new_mx));
    crate::sort::sort_by_key(&mut generated.changes, |change| change.record.step);
    generated
}

/// The cutover's deletions when today's MX are unknown: the old service's exchangers
/// (an exact name, or every MX ending in the pattern's fixed part), then every MX
/// other than the new ones.
fn old_mx_unknown(apex: &str, source: Option<&MailProvider>, ttl: u32) -> Vec<Change> {
    let record = |data: String| PlannedRecord {
        name: apex.to_owned(),
        rtype: RecordType::Mx,
        data,
        ttl,
        step: Step::Cutover,
        purpose: Message {
            ja: "旧 MX(同じ編集で削除)".into(),
            en: "Old MX (deleted in the same edit)".into(),
        },
    };
    let mut changes = Vec::new();
    if let Some(provider) = source {
        for pattern in provider.mx {
            let pattern = pattern.as_str();
            let (data, note) = match pattern.rsplit_once('*') {
                None => (
                    format!("{pattern}."),
                    Message {
                        ja: format!("旧サービス({})の MX「{pattern}」を削除", provider.name.ja),
                        en: format!(
                            "Delete the old service's ({}) MX “{pattern}”",
                            provider.name.en
                        ),
                    },
                ),
                Some((_, rest)) => {
                    // `sv*.xserver.jp`, `*.mail.protection.outlook.com`: the labels after
                    // the last `*` are what every such name ends in.
                    let suffix = rest.split_once('.').map_or(rest, |(_, after)| after);
                    (
                        format!("*.{suffix}."),
                        Message {
                            ja: format!(
                                "旧サービス({})の MX(末尾が「.{suffix}」のもの)をすべて削除",
                                provider.name.ja
                            ),
                            en: format!(
                                "Delete every MX of the old service ({}) ending in “.{suffix}”",
                                provider.name.en
                            ),
                        },
                    )
                }
            };
            changes.push(Change {
                action: Action::Delete,
                record: record(data),
                old: None,
                note: Some(note),
            });
        }
    }
    let note = Message {
        ja: "上で設定した MX 以外の MX レコードをすべて削除(今の MX が分からないため)".into(),
        en:
            "Delete every other MX record, keeping only the ones set above (today's MX are unknown)"
                .into(),
    };
    changes.push(Change {
        action: Action::Delete,
        record: record(String::new()),
        old: None,
        note: Some(note),
    });
    changes
}

fn dmarc(
    domain: &DomainName,
    request: &RecordRequest,
    current: &Current<'_>,
    ttl: u32,
    planned: &mut Vec<PlannedRecord>,
    warnings: &mut Vec<Warning>,
) {
    let name = format!("_dmarc.{}", domain.as_str());
    let exists = current.at(&name, RecordType::Txt).into_iter().any(|record| {
        matches!(&record.data, RecordData::Txt { strings } if strings.concat().trim_start().to_ascii_lowercase().starts_with("v=dmarc1"))
    });
    if exists {
        return;
    }
    let rua = request
        .dmarc_rua
        .as_deref()
        .map(str::trim)
        .filter(|rua| !rua.is_empty());
    let reports = rua
        .map(|rua| format!("; rua=mailto:{rua}"))
        .unwrap_or_default();
    if rua.is_none() {
        warnings.push(warning(
            "dmarc-no-reports",
            "DMARC のレポート送付先が未指定です。レポートがないと、強化してよいか判断できません。".into(),
            "No DMARC report address given: without reports there is nothing to decide the tightening on.".into(),
        ));
    }
    planned.push(PlannedRecord {
        name: name.clone(),
        rtype: RecordType::Txt,
        data: format!("v=DMARC1; p=none{reports}"),
        ttl,
        step: Step::BeforeCutover,
        purpose: Message {
            ja: "DMARC(まず監視のみ: p=none でレポートを受け取る)".into(),
            en: "DMARC (monitor first: p=none, with reports)".into(),
        },
    });
    planned.push(PlannedRecord {
        name,
        rtype: RecordType::Txt,
        data: format!("v=DMARC1; p=quarantine{reports}"),
        ttl,
        step: Step::Tighten,
        purpose: Message {
            ja: "DMARC の強化(レポートで正規の送信元だけが残ったことを確認してから)".into(),
            en: "DMARC tightened (once the reports show only legitimate senders)".into(),
        },
    });
}

/// Lookups below `domain` in the survey's tree: the `total_lookups` of its node.
fn nested_lookups(node: &SpfNodeJson, domain: &str) -> Option<u32> {
    if node.via != SpfVia::Root
        && node.domain.eq_ignore_ascii_case(domain)
        && node.problem.is_none()
    {
        return Some(node.total_lookups);
    }
    node.children
        .iter()
        .find_map(|child| nested_lookups(child, domain))
}

/// Today's exchangers' addresses, from the records read.
fn exchanger_addresses(current: &Current<'_>, apex: &str) -> Vec<IpAddr> {
    let mut addresses = Vec::new();
    for record in current.at(apex, RecordType::Mx) {
        let RecordData::Mx { exchange, .. } = &record.data else {
            continue;
        };
        for rtype in [RecordType::A, RecordType::Aaaa] {
            for found in current.at(exchange.trim_end_matches('.'), rtype) {
                match found.data {
                    RecordData::A { address } => addresses.push(IpAddr::V4(address)),
                    RecordData::Aaaa { address } => addresses.push(IpAddr::V6(address)),
                    _ => {}
                }
            }
        }
    }
    crate::sort::sort(&mut addresses);
    addresses.dedup();
    addresses
}

/// Compares each planned record with today's and orders everything by step.
fn finish(
    domain: &DomainName,
    request: &RecordRequest,
    planned: Vec<PlannedRecord>,
    deletions: Vec<(PlannedRecord, String)>,
    spf: Vec<super::MergedSpf>,
    warnings: Vec<Warning>,
    current: Current<'_>,
) -> Generated {
    let mut changes: Vec<Change> = Vec::new();
    // What each (name, type, kind) holds at the step reached so far: later versions of
    // the SPF or DMARC record change the earlier version, not today's.
    let mut latest: BTreeMap<(String, RecordType, &'static str), String> = BTreeMap::new();
    let mut planned = planned;
    crate::sort::sort_by_key(&mut planned, |record| record.step);
    for record in planned {
        let kind = kind_of(record.rtype, &record.data);
        let key = (record.name.clone(), record.rtype, kind);
        let today: Vec<String> = current
            .at(&record.name, record.rtype)
            .into_iter()
            .map(|found| presentation(&found.data))
            .filter(|data| kind == "other" || kind_of(record.rtype, data) == kind)
            .collect();
        let same = |data: &String| data.eq_ignore_ascii_case(&record.data);
        let (action, old) = if let Some(earlier) = latest.get(&key).filter(|_| kind != "other") {
            (Action::Change, Some(earlier.clone()))
        } else if today.iter().any(same) {
            (Action::Keep, None)
        } else if kind != "other" && !today.is_empty() {
            (Action::Change, today.first().cloned())
        } else if !current.known && single_kind(&record, kind) {
            (Action::Set, None)
        } else {
            (Action::Add, None)
        };
        latest.insert(key, record.data.clone());
        let note = (action == Action::Set).then(|| set_note(&record, kind));
        changes.push(Change {
            action,
            record,
            old,
            note,
        });
    }
    for (record, old) in deletions {
        changes.push(Change {
            action: Action::Delete,
            record,
            old: Some(old),
            note: None,
        });
    }
    crate::sort::sort_by_key(&mut changes, |change| change.record.step);
    Generated {
        domain: domain.as_str().to_owned(),
        target: request.target.clone(),
        changes,
        spf,
        warnings,
    }
}

/// Whether the domain holds only one record like `record` (one of `kind`): the SPF
/// at the apex, DMARC, TLS-RPT, MTA-STS, and the cutover's MX set (the verification
/// MX is one more beside today's).
fn single_kind(record: &PlannedRecord, kind: &str) -> bool {
    match record.rtype {
        RecordType::Mx => record.step == Step::Cutover,
        RecordType::Txt => matches!(kind, "spf" | "dmarc" | "tls-rpt" | "mta-sts"),
        _ => false,
    }
}

/// What a `Set` line asks for, in words.
fn set_note(record: &PlannedRecord, kind: &str) -> Message {
    let (ja, en) = match (record.rtype, kind) {
        (RecordType::Mx, _) => (
            "今ある MX レコードをこの値に変更(なければ追加)。ほかの MX は下の行で削除します。",
            "Change the existing MX record to this value, or add it if there is none; the other MX are deleted below.",
        ),
        (_, "spf") => (
            "今ある SPF レコード(v=spf1 で始まるもの)を次の値に変更(なければ追加)。SPF レコードは 1 つだけにします。",
            "Change the existing SPF record (the one starting with v=spf1) to this value, or add it if there is none. Keep exactly one SPF record.",
        ),
        (_, "dmarc") => (
            "今ある DMARC レコードを次の値に変更(なければ追加)。今のレコードがすでに p=quarantine か p=reject なら、変更せずそのままにしてください。",
            "Change the existing DMARC record to this value, or add it if there is none. If today's record already says p=quarantine or p=reject, leave it as it is.",
        ),
        (_, "tls-rpt") => (
            "今ある TLS-RPT レコードを次の値に変更(なければ追加)。",
            "Change the existing TLS-RPT record to this value, or add it if there is none.",
        ),
        _ => (
            "今ある同じ種類のレコードを次の値に変更(なければ追加)。",
            "Change the existing record of this kind to this value, or add it if there is none.",
        ),
    };
    Message {
        ja: ja.into(),
        en: en.into(),
    }
}

/// Record data as the generator writes it.
fn presentation(data: &RecordData) -> String {
    match data {
        RecordData::Txt { strings } => strings.concat(),
        RecordData::Mx {
            preference,
            exchange,
        } => format!("{preference} {}.", exchange.trim_end_matches('.')),
        RecordData::Cname { target } => format!("{}.", target.trim_end_matches('.')),
        other => format!("{other:?}"),
    }
}
