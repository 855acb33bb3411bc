//! Readiness for the chosen target (`SurveyOptions::target`): what is already in place
//! for the move and what is left, item by item, from the survey's facts and the
//! catalog. Each item has a stable code; its words are templates like a rule's, with
//! `{name}` filled from the item's parameters.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Report;
use super::spf_tree::{self, SpfProblem};
use crate::catalog::{CatalogEntry as _, MailProvider, VerificationMethod};
use crate::dns::{Answers, Query, RecordType};
use crate::{Lang, Text};

/// SPF's limit on DNS-querying terms (RFC 7208 §4.6.4).
const SPF_LOOKUP_LIMIT: u32 = 10;
/// An MX TTL up to this is short enough to cut over within the hour.
const SHORT_MX_TTL: u32 = 3600;

/// Where an item stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReadinessStatus {
    /// Done, or nothing to do.
    Ok,
    /// Something to do before the cutover (or to check again).
    Todo,
    /// The move would break something until this is solved.
    Blocked,
}

/// One item of the readiness list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReadinessItem {
    /// Stable code: `verification`, `spf-room`, `mx-ttl`, `dmarc`, `dkim`, `dns-host`.
    pub code: &'static str,
    /// Where it stands.
    pub status: ReadinessStatus,
    /// Values for the text.
    pub params: BTreeMap<&'static str, String>,
    /// The words, with `{name}` placeholders.
    #[serde(skip)]
    pub text: Text,
}

impl ReadinessItem {
    pub(crate) fn new(code: &'static str, status: ReadinessStatus, text: Text) -> ReadinessItem {
        ReadinessItem {
            code,
            status,
            params: BTreeMap::new(),
            text,
        }
    }

    #[expect(
        clippy::needless_pass_by_value,
        reason = "by value so that numbers and strings read alike, as in `Finding::param`"
    )]
    pub(crate) fn param(mut self, name: &'static str, value: impl ToString) -> ReadinessItem {
        self.params.insert(name, value.to_string());
        self
    }

    /// The item's text in `lang`, parameters filled in.
    pub fn message(&self, lang: Lang) -> String {
        let mut text = self.text.get(lang).to_owned();
        for (name, value) in &self.params {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }
}

/// The readiness section of a report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Readiness {
    /// The target's catalog id.
    pub target: String,
    /// The items, in a stable order.
    pub items: Vec<ReadinessItem>,
}

impl Readiness {
    /// The target's name.
    pub fn name(&self) -> Text {
        MailProvider::find(&self.target).map_or(
            Text {
                ja: "移行先",
                en: "the target",
            },
            |provider| provider.name,
        )
    }

    /// The item with `code`.
    pub fn item(&self, code: &str) -> Option<&ReadinessItem> {
        self.items.iter().find(|item| item.code == code)
    }
}

/// The target's SPF include, if the catalog has one.
pub(super) fn spf_include(target: Option<&str>) -> Option<&'static str> {
    let provider = MailProvider::find(target?)?;
    Some(provider.setup?.spf?.include)
}

/// The readiness for `target`, or `None` when it is not a catalog target.
pub(super) fn build(answers: &Answers, report: &Report, target: &str) -> Option<Readiness> {
    let provider = MailProvider::find(target).filter(|provider| provider.is_target())?;
    let failed =
        |name: &str, rtype: RecordType| report.could_not_check.contains(&Query::new(name, rtype));
    let domain = report.domain.as_str();
    let items = vec![
        verification(report, provider, failed(domain, RecordType::Txt)),
        spf_room(answers, report, provider),
        mx_ttl(report, failed(domain, RecordType::Mx)),
        dmarc(report, failed(&format!("_dmarc.{domain}"), RecordType::Txt)),
        dkim(report, provider),
        dns_host(report, failed(domain, RecordType::Ns)),
    ];
    Some(Readiness {
        target: provider.id.to_owned(),
        items,
    })
}

/// An item whose lookups got no answer.
pub(crate) const COULD_NOT_CHECK: Text = Text {
    ja: "DNSの応答がなく確認できませんでした。時間をおいて再度確認してください。",
    en: "Could not check: the DNS lookup got no answer. Check again later.",
};

fn verification(report: &Report, provider: &MailProvider, failed: bool) -> ReadinessItem {
    use ReadinessStatus::{Ok, Todo};
    let evidence = report
        .providers
        .verified_with
        .iter()
        .find(|detection| detection.provider.id == provider.id)
        .and_then(|detection| detection.evidence.first());
    let item = |status, ja, en| ReadinessItem::new("verification", status, Text { ja, en });
    if let Some(found) = evidence {
        return item(
            Ok,
            "ドメインの所有権確認のレコードは公開済みです: {token}",
            "The ownership verification record is published: {token}",
        )
        .param("token", &found.observed);
    }
    if provider
        .verification
        .iter()
        .all(|method| *method == VerificationMethod::ActivatesOnMx)
    {
        return item(
            Ok,
            "確認用のレコードは不要です。MXを切り替えるとドメインが有効になります(事前の準備はできません)。",
            "No verification record is needed: the domain becomes active once MX points at the service (it cannot be prepared beforehand).",
        );
    }
    if failed {
        return ReadinessItem::new("verification", Todo, COULD_NOT_CHECK);
    }
    let expected: Vec<&str> = provider
        .verification
        .iter()
        .filter_map(|method| match method {
            VerificationMethod::Txt { value, .. } => Some(*value),
            _ => None,
        })
        .collect();
    let expected = if expected.is_empty() {
        "-".to_owned()
    } else {
        expected.join(", ")
    };
    item(
        Todo,
        "管理画面でドメインを追加し、表示される所有権確認のレコード(TXT: {expected} など)を登録してください。",
        "Add the domain in the admin console and publish the ownership verification record it shows (TXT: {expected} or another method).",
    )
    .param("expected", expected)
}

fn spf_room(answers: &Answers, report: &Report, provider: &MailProvider) -> ReadinessItem {
    use ReadinessStatus::{Blocked, Ok, Todo};
    let item = |status, ja, en| ReadinessItem::new("spf-room", status, Text { ja, en });
    let Some(include) = provider
        .setup
        .and_then(|setup| setup.spf)
        .map(|spf| spf.include)
    else {
        return item(
            Todo,
            "SPFに追加する値は管理画面で確認してください(参照回数の余裕はその値で決まります)。",
            "Copy the SPF value from the admin console; whether it fits the 10-lookup limit depends on it.",
        );
    };
    let current = report.spf_lookup_count;
    if spf_tree::contains(&report.spf_tree, include) {
        // Already there: the merged record is today's, and it must itself fit.
        if current > SPF_LOOKUP_LIMIT {
            return item(
                Blocked,
                "SPFには既に「include:{include}」がありますが、DNS参照が {current} 回で上限の10回を超えています。{heaviest}",
                "SPF already has “include:{include}”, but it needs {current} DNS lookups, over the limit of 10. {heaviest_en}",
            )
            .param("include", include)
            .param("current", current)
            .param("heaviest", heaviest(report, Lang::Ja))
            .param("heaviest_en", heaviest(report, Lang::En));
        }
        if report.spf_lookup_count_is_minimum {
            return ReadinessItem::new("spf-room", Todo, COULD_NOT_CHECK);
        }
        return item(
            Ok,
            "SPFには既に「include:{include}」があります(DNS参照 {current} 回)。",
            "SPF already has “include:{include}” ({current} DNS lookups).",
        )
        .param("include", include)
        .param("current", current);
    }
    let tree = spf_tree::build(answers, include);
    if report.spf_tree.problem == Some(SpfProblem::CouldNotCheck)
        || tree.problem == Some(SpfProblem::CouldNotCheck)
        || !answers.contains_key(&Query::new(include, RecordType::Txt))
    {
        return ReadinessItem::new("spf-room", Todo, COULD_NOT_CHECK);
    }
    let cost = 1 + tree.total_lookups;
    let total = current + cost;
    // Part of the domain's own tree unread: its count is only a lower bound, so
    // "within the limit" would be a guess (over it is still certain). The target's
    // include is counted to the depth answered, as before.
    if total <= SPF_LOOKUP_LIMIT && report.spf_lookup_count_is_minimum {
        return ReadinessItem::new("spf-room", Todo, COULD_NOT_CHECK);
    }
    let item = if total <= SPF_LOOKUP_LIMIT {
        item(
            Ok,
            "SPFに「include:{include}」を追加しても、DNS参照は {current} + {cost} = {total} 回で上限の10回以内です。",
            "Adding “include:{include}” to SPF keeps DNS lookups at {current} + {cost} = {total}, within the limit of 10.",
        )
    } else {
        item(
            Blocked,
            "SPFに「include:{include}」を追加するとDNS参照が {current} + {cost} = {total} 回になり、上限の10回を超えます(旧サービスのincludeは解約まで残すため、その分も数えています)。{heaviest}",
            "Adding “include:{include}” would bring SPF to {current} + {cost} = {total} DNS lookups, over the limit of 10 (the old service's entries stay until it is cancelled, so they count). {heaviest_en}",
        )
        .param("heaviest", heaviest(report, Lang::Ja))
        .param("heaviest_en", heaviest(report, Lang::En))
    };
    item.param("include", include)
        .param("current", current)
        .param("cost", cost)
        .param("total", total)
}

/// Which of today's SPF terms cost the most lookups: what to remove (if the service
/// is no longer used) or flatten into addresses, heaviest first. An include costs
/// itself plus everything below it; the record's other querying terms (`a`, `mx`,
/// `exists`, `ptr`) are counted together.
fn heaviest(report: &Report, lang: Lang) -> String {
    let root = &report.spf_tree;
    let mut branches: Vec<(u32, String)> = root
        .children
        .iter()
        .map(|child| {
            (
                1 + child.total_lookups,
                format!("{}:{}", child.via, child.domain),
            )
        })
        .collect();
    crate::sort::sort_by(&mut branches, |a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let own_terms = root.lookups.saturating_sub(root.children.len() as u32);
    let mut listed: Vec<String> = branches
        .iter()
        .take(4)
        .map(|(lookups, term)| match lang {
            Lang::Ja => format!("{term}({lookups}回)"),
            Lang::En => format!("{term} ({lookups})"),
        })
        .collect();
    if own_terms > 0 {
        listed.push(match lang {
            Lang::Ja => format!("レコード内の a・mx・exists・ptr({own_terms}回)"),
            Lang::En => format!("the record's own a, mx, exists and ptr terms ({own_terms})"),
        });
    }
    match (lang, listed.is_empty()) {
        (Lang::Ja, true) => {
            "使っていない送信サービスのincludeを削除するか、IPアドレスに展開(フラット化)してください。".to_owned()
        }
        (Lang::En, true) => {
            "Remove includes of services you no longer use, or flatten some into IP addresses.".to_owned()
        }
        (Lang::Ja, false) => format!(
            "参照回数の内訳: {}。使っていないサービスや機器のものは削除し、残すものはIPアドレスに展開(フラット化)してください。",
            listed.join("、")
        ),
        (Lang::En, false) => format!(
            "Where the lookups go: {}. Remove what belongs to services or servers no longer in use, and flatten the rest into IP addresses.",
            listed.join(", ")
        ),
    }
}

fn mx_ttl(report: &Report, failed: bool) -> ReadinessItem {
    use ReadinessStatus::{Ok, Todo};
    let item = |status, ja, en| ReadinessItem::new("mx-ttl", status, Text { ja, en });
    match report.mx_ttl {
        None if failed => ReadinessItem::new("mx-ttl", Todo, COULD_NOT_CHECK),
        None => item(
            Ok,
            "現在MXはありません。待ち時間なしで設定できます。",
            "There is no MX now: the new one takes effect without a wait.",
        ),
        Some(ttl) if ttl <= SHORT_MX_TTL => item(
            Ok,
            "MXのTTLは{ttl}秒で、切り替えは短時間で反映されます。",
            "The MX TTL is {ttl} s: a cutover takes effect quickly.",
        )
        .param("ttl", ttl),
        Some(ttl) => {
            let (wait_ja, wait_en) = crate::text::duration(ttl);
            item(
                Todo,
                "MXのTTLが{ttl}秒です。切り替えの少なくとも{wait_ja}前に300秒へ下げてください。",
                "The MX TTL is {ttl} s: lower it to 300 s at least {wait_en} before the cutover.",
            )
            .param("ttl", ttl)
            .param("wait_ja", wait_ja)
            .param("wait_en", wait_en)
        }
    }
}

fn dmarc(report: &Report, failed: bool) -> ReadinessItem {
    use ReadinessStatus::{Ok, Todo};
    let item = |status, ja, en| ReadinessItem::new("dmarc", status, Text { ja, en });
    match &report.dmarc {
        Some(fact) => item(
            Ok,
            "DMARCレコードがあります({found_at})。移行中はレポートで送信元の漏れを確認できます。",
            "There is a DMARC record ({found_at}); during the move its reports show forgotten senders.",
        )
        .param("found_at", &fact.found_at),
        None if failed => ReadinessItem::new("dmarc", Todo, COULD_NOT_CHECK),
        None => item(
            Todo,
            "DMARCレコードがありません。移行前に p=none とレポート先(rua)で追加すると、移行後に送信元の漏れが分かります。",
            "There is no DMARC record. Add one with p=none and a report address (rua) before the move, so that reports show any sender you forgot.",
        ),
    }
}

fn dkim(report: &Report, provider: &MailProvider) -> ReadinessItem {
    use ReadinessStatus::{Ok, Todo};
    let item = |status, ja, en| ReadinessItem::new("dkim", status, Text { ja, en });
    let selectors: &[&str] = provider.dkim.map_or(&[], |scheme| scheme.selectors);
    let found: Vec<&str> = report
        .dkim
        .iter()
        .map(|fact| fact.selector.as_str())
        .filter(|selector| selectors.contains(selector))
        .collect();
    if !found.is_empty() {
        return item(
            Ok,
            "移行先のDKIM鍵が公開されています(セレクター: {selectors})。",
            "The target's DKIM key is published (selector: {selectors}).",
        )
        .param("selectors", found.join(", "));
    }
    if selectors.is_empty() {
        return item(
            Todo,
            "管理画面でDKIMを設定し、表示されるレコードを登録してください。",
            "Set up DKIM in the admin console and publish the record it shows.",
        );
    }
    item(
        Todo,
        "管理画面でDKIMを設定し、{owners} にレコードを登録してください(値は管理画面に表示されます)。",
        "Set up DKIM in the admin console and publish the records at {owners} (the console shows the values).",
    )
    .param(
        "owners",
        selectors
            .iter()
            .map(|selector| format!("{selector}._domainkey"))
            .collect::<Vec<_>>()
            .join(", "),
    )
}

fn dns_host(report: &Report, failed: bool) -> ReadinessItem {
    use ReadinessStatus::{Ok, Todo};
    let item = |status, ja, en| ReadinessItem::new("dns-host", status, Text { ja, en });
    let name_servers: Vec<&str> = report.ns.iter().map(String::as_str).collect();
    if let Some(host) = report.providers.dns_hosts.first() {
        return item(
            Ok,
            "レコードは{name_ja}の管理画面で編集します。",
            "Records are edited in the {name_en} control panel.",
        )
        .param("name_ja", host.provider.name.ja)
        .param("name_en", host.provider.name.en);
    }
    if name_servers.is_empty() && failed {
        return ReadinessItem::new("dns-host", Todo, COULD_NOT_CHECK);
    }
    item(
        Todo,
        "DNSの管理会社を特定できませんでした(ネームサーバー: {ns})。どこでレコードを編集するか、事前に確認してください。",
        "The DNS host could not be recognised (name servers: {ns}). Find out where the records are edited before the move.",
    )
    .param(
        "ns",
        if name_servers.is_empty() {
            "-".to_owned()
        } else {
            name_servers.join(", ")
        },
    )
}
