//! The ownership record, by the method the target offers and the user picks: a TXT
//! value, a CNAME, or a low-priority MX to a host that cannot receive mail (Microsoft
//! 365's fallback for DNS hosts without TXT). Mail delivery is never touched: the MX
//! method's record sorts after every real exchanger and is removed at the cutover.

use serde::{Deserialize, Serialize};

use super::spf_merge::warning;
use super::target::{Target, Verification};
use super::{PlannedRecord, RecordRequest, Step, Warning};
use crate::DomainName;
use crate::Message;
use crate::catalog::HostPattern;
use crate::dns::RecordType;

/// RFC 5321 §5.1: the highest preference is tried last, so this record never takes
/// mail while a real exchanger exists (Microsoft's examples use it too).
pub const VERIFICATION_MX_PREFERENCE: u16 = 32767;

/// The method the user picks among those the target offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum VerificationChoice {
    /// A TXT record (every catalog target that verifies in advance offers it).
    Txt,
    /// A CNAME (Google Workspace, Zoho Mail).
    Cname,
    /// A low-priority MX to an `.invalid` host (Microsoft 365).
    Mx,
}

impl VerificationChoice {
    /// The id used in links, JSON and `--verification-method`.
    pub fn id(self) -> &'static str {
        match self {
            VerificationChoice::Txt => "txt",
            VerificationChoice::Cname => "cname",
            VerificationChoice::Mx => "mx",
        }
    }

    fn of(method: &Verification) -> Option<VerificationChoice> {
        match method {
            Verification::Txt { .. } | Verification::AsProviderSays => {
                Some(VerificationChoice::Txt)
            }
            Verification::Cname { .. } => Some(VerificationChoice::Cname),
            Verification::Mx { .. } => Some(VerificationChoice::Mx),
            Verification::ByMx => None,
        }
    }
}

/// The methods a target offers, in the catalog's order (the first is the default).
pub fn offered_methods(request: &RecordRequest, domain: &DomainName) -> Vec<VerificationChoice> {
    let mut ignored = Vec::new();
    super::target::resolve(domain, request, &mut ignored)
        .map(|target| {
            target
                .verification
                .iter()
                .filter_map(VerificationChoice::of)
                .collect()
        })
        .unwrap_or_default()
}

/// Adds the verification record (and, for the MX method, its removal at the cutover)
/// or says what is missing.
pub(super) fn verification(
    domain: &DomainName,
    target: &Target,
    request: &RecordRequest,
    ttl: u32,
    planned: &mut Vec<PlannedRecord>,
    deletions: &mut Vec<(PlannedRecord, String)>,
    warnings: &mut Vec<Warning>,
) {
    let method = pick(target, request.verification_method, warnings);
    let token = request
        .verification_token
        .as_deref()
        .map(|token| token.trim().trim_matches('"').trim())
        .filter(|token| !token.is_empty());
    let purpose = || Message {
        ja: format!(
            "{} のドメイン所有権の確認(メールの配送は変わりません)",
            target.name_ja
        ),
        en: format!(
            "Domain ownership for {} (mail delivery unchanged)",
            target.name_en
        ),
    };
    // A target that activates on MX has nothing to verify, token or not.
    let (Some(method), Some(token)) = (method.filter(|m| !matches!(m, Verification::ByMx)), token)
    else {
        missing(target, method, warnings);
        return;
    };
    if token.contains(|c: char| c.is_control() || c == '"') {
        warnings.push(invalid_value());
        return;
    }
    let apex = domain.as_str();
    let record = match method {
        Verification::Txt { owner, pattern } => {
            if token.contains(char::is_whitespace) {
                warnings.push(invalid_value());
                return;
            }
            let name = if *owner == "@" {
                apex.to_owned()
            } else {
                format!("{owner}.{apex}")
            };
            (name, RecordType::Txt, with_pattern(token, pattern))
        }
        Verification::AsProviderSays => {
            if token.contains(char::is_whitespace) {
                warnings.push(invalid_value());
                return;
            }
            (apex.to_owned(), RecordType::Txt, token.to_owned())
        }
        Verification::Cname {
            owner,
            target: pattern,
        } => match cname(token, owner, *pattern) {
            Some((label, host)) => (
                format!("{label}.{apex}"),
                RecordType::Cname,
                format!("{host}."),
            ),
            None => {
                warnings.push(warning(
                        "verification-cname-invalid",
                        format!("確認用の CNAME は「ホスト名 値」の形で、管理コンソールに表示されたとおりに入力してください(例: {} {})。", owner.replace('*', "…"), pattern.as_str().replace('*', "…")),
                        format!("Enter the verification CNAME as “host value”, exactly as the console shows it (e.g. {} {}).", owner.replace('*', "…"), pattern.as_str().replace('*', "…")),
                    ));
                return;
            }
        },
        Verification::Mx { exchanger } => {
            // The TXT form (`MS=ms123`) pasted here means the same token.
            let token = token.trim_end_matches('.').to_ascii_lowercase();
            let token = token.strip_prefix("ms=").unwrap_or(&token);
            let host = with_pattern(token, exchanger.as_str());
            let valid = crate::name::host_syntax(&host).is_some_and(|valid| valid == host);
            if token.contains(char::is_whitespace) || !valid || !exchanger.matches(&host) {
                warnings.push(invalid_value());
                return;
            }
            let data = format!("{VERIFICATION_MX_PREFERENCE} {host}.");
            let record = PlannedRecord {
                name: apex.to_owned(),
                rtype: RecordType::Mx,
                data: data.clone(),
                ttl,
                step: Step::Cutover,
                purpose: Message {
                    ja: "確認用の MX(確認が済んだので、切り替えと同時に削除)".into(),
                    en: "The verification MX (done with; deleted in the cutover edit)".into(),
                },
            };
            deletions.push((record, data.clone()));
            (apex.to_owned(), RecordType::Mx, data)
        }
        Verification::ByMx => return,
    };
    let (name, rtype, data) = record;
    planned.push(PlannedRecord {
        name,
        rtype,
        data,
        ttl,
        step: Step::Verification,
        purpose: purpose(),
    });
}

/// The chosen method if offered, else the first offered (with a warning).
fn pick<'a>(
    target: &'a Target,
    choice: Option<VerificationChoice>,
    warnings: &mut Vec<Warning>,
) -> Option<&'a Verification> {
    let first = target.verification.first();
    let Some(choice) = choice else {
        return first;
    };
    if let Some(found) = target
        .verification
        .iter()
        .find(|method| VerificationChoice::of(method) == Some(choice))
    {
        return Some(found);
    }
    warnings.push(warning(
        "verification-method-not-offered",
        format!(
            "{} はこの確認方法({})に対応していません。対応している方法で作成します。",
            target.name_ja,
            choice.id()
        ),
        format!(
            "{} does not offer this verification method ({}); the one it offers is used.",
            target.name_en,
            choice.id()
        ),
    ));
    first
}

/// `MS=ms*` with `ms123`, `123` or the whole `MS=ms123`: the user may paste any part.
fn with_pattern(token: &str, pattern: &str) -> String {
    let (prefix, suffix) = pattern.split_once('*').unwrap_or((pattern, ""));
    let starts = |text: &str, start: &str| {
        text.to_ascii_lowercase()
            .starts_with(&start.to_ascii_lowercase())
    };
    let ends = |text: &str, end: &str| {
        text.to_ascii_lowercase()
            .ends_with(&end.to_ascii_lowercase())
    };
    let body = match prefix.split_once('=') {
        _ if starts(token, prefix) => token.to_owned(),
        Some((key, rest)) if starts(token, rest) => format!("{key}={token}"),
        _ => format!("{prefix}{token}"),
    };
    if suffix.is_empty() || ends(&body, suffix) {
        body
    } else {
        format!("{body}{suffix}")
    }
}

/// `zb12345678 zmverify.zoho.com` (owner and target), or the owner alone when the
/// target is fixed; the owner must fit the catalog's label pattern.
fn cname(token: &str, owner: &str, target: HostPattern) -> Option<(String, String)> {
    let mut words = token.split_whitespace();
    let label = words.next()?.trim_end_matches('.').to_ascii_lowercase();
    // Some consoles show the full name: keep the first label.
    let label = label.split('.').next()?.to_owned();
    let host = match words.next() {
        Some(host) => host.trim_end_matches('.').to_ascii_lowercase(),
        None if !target.as_str().contains('*') => target.as_str().to_owned(),
        None => return None,
    };
    let label_ok = crate::catalog::glob_matches(owner, &label)
        && !label.is_empty()
        && label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    (words.next().is_none() && label_ok && target.matches(&host)).then_some((label, host))
}

fn invalid_value() -> Warning {
    warning(
        "verification-token-invalid",
        "確認用の値に空白や引用符が含まれているか、形式が違います。管理コンソールの値をそのまま貼り付けてください。".into(),
        "The verification value contains spaces or quotes, or has the wrong form. Paste the value from the console as is.".into(),
    )
}

fn missing(target: &Target, method: Option<&Verification>, warnings: &mut Vec<Warning>) {
    let (code, ja, en) = match method {
        None | Some(Verification::ByMx) => (
            "verification-by-mx",
            format!(
                "{} は MX を向けた時点でドメインを有効にします。事前の所有権確認ができないため、アカウントの作成を先に済ませてください。",
                target.name_ja
            ),
            format!(
                "{} activates the domain once MX points at it: it cannot be verified in advance, so create every account first.",
                target.name_en
            ),
        ),
        Some(Verification::AsProviderSays) => (
            "verification-as-provider-says",
            format!(
                "{} の案内に従ってドメインの所有権を確認してください。TXT の値があれば入力すると、ここに含めます。MX はまだ変えないでください。",
                target.name_ja
            ),
            format!(
                "Verify the domain as {} instructs. If it gives a TXT value, enter it to include it here. Leave MX as it is for now.",
                target.name_en
            ),
        ),
        Some(_) => (
            "verification-token-missing",
            format!(
                "{} の管理コンソールで確認用の値を取得して入力してください。",
                target.name_ja
            ),
            format!(
                "Get the verification value from {}'s admin console and enter it.",
                target.name_en
            ),
        ),
    };
    warnings.push(warning(code, ja, en));
}
