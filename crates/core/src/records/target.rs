//! The target the records are for: a catalog entry, or a mail service outside the
//! catalog that the user describes by its MX set (a company's own server, a hosting
//! plan, a CRM's mail).

use serde::{Deserialize, Serialize};

use super::Warning;
use super::spf_merge::warning;
use crate::DomainName;
use crate::catalog::{
    CatalogEntry as _, HostPattern, MailProvider, SetupRecord, VerificationMethod,
};

/// The target id of a service outside the catalog: the records come from
/// [`RecordRequest::custom`](super::RecordRequest::custom).
pub const CUSTOM_TARGET: &str = "custom";

/// Whether `id` names a target the generator plans for: a catalog target or `custom`.
pub fn is_target_id(id: &str) -> bool {
    id == CUSTOM_TARGET || crate::catalog::targets().any(|target| target.id == id)
}

/// Every target id, `custom` last (for "one of: …" messages).
pub fn target_ids() -> Vec<&'static str> {
    let mut ids: Vec<&'static str> = crate::catalog::targets().map(|target| target.id).collect();
    ids.push(CUSTOM_TARGET);
    ids
}

/// A mail service outside the catalog, as its provider describes it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CustomTarget {
    /// Its name, for the instructions (empty: "the new mail service").
    pub name: String,
    /// The MX set the provider gives.
    pub mx: Vec<CustomMx>,
    /// The domain its SPF asks to include (`_spf.example.net`), if it sends mail.
    pub spf_include: Option<String>,
}

/// One MX record of a [`CustomTarget`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomMx {
    /// Lower is preferred (RFC 5321 §5.1).
    pub preference: u16,
    /// The exchanger's host name.
    pub host: String,
}

impl CustomMx {
    /// Reads `10 mx1.example.net` or `mx1.example.net` (preference 10).
    pub fn parse(line: &str) -> Option<CustomMx> {
        let mut words = line.split_whitespace();
        let first = words.next()?;
        let (preference, host) = match first.parse::<u16>() {
            Ok(preference) => (preference, words.next()?),
            Err(_) => (10, first),
        };
        words.next().is_none().then(|| CustomMx {
            preference,
            host: host.trim_end_matches('.').to_owned(),
        })
    }
}

/// How the target proves the domain is the customer's.
pub(super) enum Verification {
    /// A TXT record at `owner` (`@`: the domain) with `pattern`, `*` for the token.
    Txt {
        owner: &'static str,
        pattern: &'static str,
    },
    /// A CNAME from a label fitting `owner` to a host fitting `target`.
    Cname {
        owner: &'static str,
        target: HostPattern,
    },
    /// A low-priority MX to a host fitting `exchanger`.
    Mx { exchanger: HostPattern },
    /// The service activates the domain once MX points at it.
    ByMx,
    /// Whatever the provider says: the token, if given, goes at the domain as is.
    AsProviderSays,
}

/// Everything the generator needs to know about the target.
pub(super) struct Target {
    pub id: String,
    pub name_ja: String,
    pub name_en: String,
    /// The MX set, each as `preference host.`.
    pub mx: Vec<String>,
    /// The methods offered, in the catalog's order (the first is the default).
    pub verification: Vec<Verification>,
    pub spf_include: Option<String>,
    pub vendor_spf_record: Option<&'static str>,
    /// Whether the catalog knows an SPF value (else the console's must be copied).
    pub spf_known: bool,
    pub records: &'static [SetupRecord],
    pub recommended_ttl: Option<u32>,
    /// Whether the target signs with DKIM keys the customer publishes.
    pub has_dkim: bool,
}

/// The target `request` names, or `None` (with a warning) when there is none to plan.
pub(super) fn resolve(
    domain: &DomainName,
    request: &super::RecordRequest,
    warnings: &mut Vec<Warning>,
) -> Option<Target> {
    if request.target == CUSTOM_TARGET {
        return Some(custom(request.custom.as_ref(), warnings));
    }
    let Some((provider, setup)) = MailProvider::find(&request.target)
        .filter(|provider| provider.is_target())
        .and_then(|provider| Some((provider, provider.setup?)))
    else {
        warnings.push(warning(
            "unknown-target",
            format!("移行先「{}」はカタログにありません。", request.target),
            format!("The target “{}” is not in the catalog.", request.target),
        ));
        return None;
    };
    let mut mx = Vec::new();
    for record in setup.mx {
        match record.host.render(domain, request.region.as_deref()) {
            Some(host) => mx.push(format!("{} {host}.", record.preference)),
            None => warnings.push(warning(
                "region-needed",
                "この移行先の MX にはリージョンの指定が必要です。".into(),
                "This target's MX needs a region.".into(),
            )),
        }
    }
    let mut verification: Vec<Verification> = provider
        .verification
        .iter()
        .filter_map(|method| match *method {
            VerificationMethod::Txt { owner, value } => Some(Verification::Txt {
                owner,
                pattern: value,
            }),
            VerificationMethod::Cname { owner, target } => {
                Some(Verification::Cname { owner, target })
            }
            VerificationMethod::Mx { exchanger } => Some(Verification::Mx { exchanger }),
            _ => None,
        })
        .collect();
    if verification.is_empty() {
        verification.push(Verification::ByMx);
    }
    Some(Target {
        id: provider.id.to_owned(),
        name_ja: provider.name.ja.to_owned(),
        name_en: provider.name.en.to_owned(),
        mx,
        verification,
        spf_include: setup.spf.map(|spf| spf.include.to_owned()),
        vendor_spf_record: setup.spf.and_then(|spf| spf.vendor_record),
        spf_known: setup.spf.is_some(),
        records: setup.records,
        recommended_ttl: setup.recommended_ttl,
        has_dkim: provider.dkim.is_some(),
    })
}

fn custom(custom: Option<&CustomTarget>, warnings: &mut Vec<Warning>) -> Target {
    let default = CustomTarget::default();
    let custom = custom.unwrap_or(&default);
    let name = custom.name.trim();
    let (name_ja, name_en) = if name.is_empty() {
        (
            "新しいメールサービス".to_owned(),
            "the new mail service".to_owned(),
        )
    } else {
        (name.to_owned(), name.to_owned())
    };
    let mut mx = Vec::new();
    for record in &custom.mx {
        match crate::name::host_syntax(&record.host) {
            Some(host) => mx.push(format!("{} {host}.", record.preference)),
            None => warnings.push(warning(
                "custom-mx-invalid",
                format!(
                    "MX のホスト名「{}」が正しくありません。この MX は使いません。",
                    record.host
                ),
                format!(
                    "The MX host name “{}” is not valid; it is left out.",
                    record.host
                ),
            )),
        }
    }
    // None typed, or none valid: either way no MX can be planned.
    if mx.is_empty() {
        warnings.push(warning(
            "custom-mx-missing",
            "移行先の MX が未入力です。プロバイダーの案内にある MX(優先度とホスト名)を入力してください。".into(),
            "No MX given for the target: enter the MX set (preference and host) from the provider's instructions.".into(),
        ));
    }
    let spf_include = custom
        .spf_include
        .as_deref()
        .map(|include| include.trim().trim_start_matches("include:").trim())
        .filter(|include| !include.is_empty())
        .and_then(|include| match crate::name::query_name_syntax(include) {
            Some(host) => Some(host),
            None => {
                warnings.push(warning(
                    "custom-spf-invalid",
                    format!("SPF の include 先「{include}」が正しいドメイン名ではありません。"),
                    format!("The SPF include “{include}” is not a valid domain name."),
                ));
                None
            }
        });
    Target {
        id: CUSTOM_TARGET.to_owned(),
        name_ja,
        name_en,
        mx,
        verification: vec![Verification::AsProviderSays],
        spf_known: spf_include.is_some(),
        spf_include,
        vendor_spf_record: None,
        records: &[],
        recommended_ttl: None,
        // Unknown: the user may paste a key (DKIM input), and is told to ask otherwise.
        has_dkim: true,
    }
}
