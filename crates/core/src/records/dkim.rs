//! DKIM records in the target's scheme: a TXT key the admin console shows (Google,
//! Zoho), or Microsoft 365's two CNAMEs to keys Microsoft hosts and rotates.

use serde::{Deserialize, Serialize};

use super::spf_merge::warning;
use super::{PlannedRecord, Step, Warning};
use crate::DomainName;
use crate::Message;
use crate::dns::RecordType;

/// What the admin copied from the target's console.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum DkimInput {
    /// A TXT key (`v=DKIM1; k=rsa; p=…`) at `<selector>._domainkey`.
    TxtKey {
        /// The selector (Google's default is `google`).
        selector: String,
        /// The record value as the console shows it.
        key: String,
    },
    /// Microsoft 365: CNAMEs `selector1` and `selector2` to the tenant's keys.
    Microsoft {
        /// The tenant's initial domain (`contoso.onmicrosoft.com`) or its first label.
        tenant: String,
        /// The partition character of the new format
        /// (`…._domainkey.contoso.<p>-v1.dkim.mail.microsoft`), from
        /// `Get-DkimSigningConfig`; without it, the older `onmicrosoft.com` format.
        partition: Option<String>,
    },
}

/// The DKIM records for `input`.
pub(super) fn records(
    domain: &DomainName,
    input: &DkimInput,
    ttl: u32,
    warnings: &mut Vec<Warning>,
) -> Vec<PlannedRecord> {
    let purpose = Message {
        ja: "DKIM 署名の公開鍵(新しいサービスから送るメールの認証)".into(),
        en: "DKIM public key (authenticates mail sent by the new service)".into(),
    };
    match input {
        DkimInput::TxtKey { selector, key } => {
            let selector = selector.trim().trim_end_matches('.').to_ascii_lowercase();
            let key: String = key
                .split('"')
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let (parsed, issues) = crate::dkim::parse(&key);
            let usable = matches!(parsed.public_key, Some(crate::dkim::PublicKey::Data(_)));
            if !issues.is_empty() || !usable {
                warnings.push(warning(
                    "dkim-key-unreadable",
                    "貼り付けた DKIM の値を鍵として読み取れません。管理コンソールに表示された値全体(v=DKIM1; … p=…)を貼り付けてください。".into(),
                    "The DKIM value pasted cannot be read as a key. Paste the whole value the console shows (v=DKIM1; … p=…).".into(),
                ));
            }
            if selector.is_empty()
                || selector.contains(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '.'))
            {
                warnings.push(warning(
                    "dkim-selector-invalid",
                    format!("DKIM セレクター「{selector}」は使えません。"),
                    format!("The DKIM selector “{selector}” is not usable."),
                ));
                return Vec::new();
            }
            vec![PlannedRecord {
                name: format!("{selector}._domainkey.{}", domain.as_str()),
                rtype: RecordType::Txt,
                data: key,
                ttl,
                step: Step::BeforeCutover,
                purpose,
            }]
        }
        DkimInput::Microsoft { tenant, partition } => {
            let tenant = tenant.trim().trim_end_matches('.').to_ascii_lowercase();
            let label = tenant.trim_end_matches(".onmicrosoft.com").to_owned();
            if label.is_empty()
                || label.contains(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            {
                warnings.push(warning(
                    "dkim-tenant-invalid",
                    format!(
                        "テナント名「{tenant}」を読み取れません(例: contoso.onmicrosoft.com)。"
                    ),
                    format!("The tenant “{tenant}” cannot be read (e.g. contoso.onmicrosoft.com)."),
                ));
                return Vec::new();
            }
            let dashed = domain.as_str().replace('.', "-");
            ["selector1", "selector2"]
                .into_iter()
                .map(|selector| {
                    let target = match partition
                        .as_deref()
                        .map(str::trim)
                        .filter(|p| !p.is_empty())
                    {
                        Some(partition) => format!(
                            "{selector}-{dashed}._domainkey.{label}.{}-v1.dkim.mail.microsoft.",
                            partition.to_ascii_lowercase()
                        ),
                        None => format!("{selector}-{dashed}._domainkey.{label}.onmicrosoft.com."),
                    };
                    PlannedRecord {
                        name: format!("{selector}._domainkey.{}", domain.as_str()),
                        rtype: RecordType::Cname,
                        data: target,
                        ttl,
                        step: Step::BeforeCutover,
                        purpose: purpose.clone(),
                    }
                })
                .collect()
        }
    }
}
