//! An exchanger against the domain's MTA-STS policy (RFC 8461 §4.1, §4.2): does its
//! name match one of the policy's `mx` patterns, which of its certificate's names do,
//! and would a sender that enforces the policy deliver to it.
//!
//! Before the switch this is the question that bites: a policy in `enforce` mode that
//! lists only the old exchangers makes every sender that honours MTA-STS refuse to
//! deliver to the new ones, until the policy (and the id in the `_mta-sts` TXT
//! record) is updated.

use serde::{Deserialize, Serialize};

use super::outcome::{CertificateCheck, ExchangerReport, TlsOutcome};
use crate::Message;
use crate::dns::{Outcome, RecordData};
use crate::mta_sts::{FetchError, Mode, MtaStsPolicy, MxPattern, PolicyFetch};
use crate::survey::Failure;
use crate::text::Text;

/// The domain's MTA-STS policy, as the probe found it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum PolicyState {
    /// No `_mta-sts` TXT record: senders do not apply MTA-STS to this domain.
    NotPublished,
    /// The `_mta-sts` TXT lookup failed: whether there is a policy is unknown.
    CouldNotCheck {
        /// Why, for people.
        reason: Message,
    },
    /// The TXT record is there but the policy file could not be had.
    Unavailable {
        /// Why.
        error: FetchError,
    },
    /// The policy file.
    Published {
        /// `mode`, when valid.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        mode: Option<Mode>,
        /// The `mx` patterns as written (`*.mail.example.net`).
        mx: Vec<String>,
        /// `max_age` in seconds, when valid.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_age: Option<u32>,
    },
}

/// Whether the `_mta-sts.DOMAIN` TXT answer `txt` calls for fetching the policy.
pub fn policy_wanted(txt: &Outcome) -> bool {
    match txt {
        Outcome::Records { records } => records.iter().any(|record| match &record.data {
            RecordData::Txt { strings } => crate::mta_sts::is_mta_sts_record(&strings.concat()),
            _ => false,
        }),
        _ => false,
    }
}

/// The policy state from the TXT answer and, when [`policy_wanted`], the fetch.
pub fn read_policy(txt: &Outcome, fetch: Option<&PolicyFetch>) -> PolicyState {
    if let Some(failure) = Failure::of(txt) {
        let (ja, en) = failure.reason();
        return PolicyState::CouldNotCheck {
            reason: Message {
                ja: ja.to_owned(),
                en: en.to_owned(),
            },
        };
    }
    if !policy_wanted(txt) {
        return PolicyState::NotPublished;
    }
    match fetch {
        Some(PolicyFetch::Fetched { body, .. }) => {
            let (policy, _) = crate::mta_sts::parse_policy(body);
            PolicyState::Published {
                mode: policy.mode,
                mx: policy.mx.iter().map(ToString::to_string).collect(),
                max_age: policy.max_age,
            }
        }
        Some(PolicyFetch::Failed { error, .. }) => PolicyState::Unavailable {
            error: error.clone(),
        },
        None => PolicyState::Unavailable {
            error: FetchError::NotAsked,
        },
    }
}

/// Would a sender that enforces the policy deliver to this exchanger?
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MtaStsVerdict {
    /// The name matches a pattern and TLS works with a certificate valid for it.
    Delivers,
    /// The exchanger's name matches no `mx` pattern.
    HostNotListed,
    /// The name matches, but the certificate does not verify for it.
    CertificateNotValid,
    /// The name matches, but there is no TLS (not offered, refused, failed).
    NoTls,
    /// The session ended before TLS could be tried: unknown.
    NotReached,
}

/// One certificate name and whether a policy pattern covers it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NameMatch {
    /// The certificate's DNS name (`*.mail.example.net` for a wildcard).
    pub name: String,
    /// Whether some `mx` pattern covers it.
    pub matches: bool,
}

/// One exchanger against the policy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyMatch {
    /// The `mx` patterns the exchanger's name matches.
    pub matching_patterns: Vec<String>,
    /// The certificate's names, each against the patterns (empty without TLS).
    pub certificate_names: Vec<NameMatch>,
    /// The reading.
    pub verdict: MtaStsVerdict,
    /// What it means, with the policy's mode.
    pub message: Message,
}

/// `report`'s exchanger against `policy` (RFC 8461 §4.1: the MX host must match a
/// pattern; §4.2: its certificate must be valid for the MX host name).
pub fn match_policy(policy: &MtaStsPolicy, report: &ExchangerReport) -> PolicyMatch {
    let matching_patterns: Vec<String> = policy
        .mx
        .iter()
        .filter(|pattern| pattern.matches(&report.host))
        .map(ToString::to_string)
        .collect();
    let certificate_names = match &report.tls {
        TlsOutcome::Established { facts } => facts
            .names
            .iter()
            .map(|name| NameMatch {
                name: name.clone(),
                matches: policy.mx.iter().any(|pattern| covers(pattern, name)),
            })
            .collect(),
        _ => Vec::new(),
    };
    let verdict = if matching_patterns.is_empty() {
        MtaStsVerdict::HostNotListed
    } else {
        match &report.tls {
            TlsOutcome::Established { facts } => match facts.verification {
                CertificateCheck::Verified => MtaStsVerdict::Delivers,
                CertificateCheck::NotVerified { .. } => MtaStsVerdict::CertificateNotValid,
            },
            TlsOutcome::NotReached => MtaStsVerdict::NotReached,
            TlsOutcome::NotOffered | TlsOutcome::Refused { .. } | TlsOutcome::Failed { .. } => {
                MtaStsVerdict::NoTls
            }
        }
    };
    PolicyMatch {
        matching_patterns,
        certificate_names,
        verdict,
        message: explain_verdict(verdict, policy.mode).into(),
    }
}

/// Whether `pattern` covers the certificate name `name`: a plain name as
/// [`MxPattern::matches`]; a wildcard name (`*.example.net`) when the pattern is the
/// same wildcard, or a name one label below the wildcard's domain.
fn covers(pattern: &MxPattern, name: &str) -> bool {
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    match name.strip_prefix("*.") {
        Some(domain) if pattern.wildcard => pattern.domain == domain,
        Some(domain) => pattern
            .domain
            .split_once('.')
            .is_some_and(|(label, rest)| !label.is_empty() && rest == domain),
        None => pattern.matches(&name),
    }
}

/// What `verdict` means under `mode`.
pub fn explain_verdict(verdict: MtaStsVerdict, mode: Option<Mode>) -> Text {
    let enforce = mode == Some(Mode::Enforce);
    match verdict {
        MtaStsVerdict::Delivers => Text {
            ja: "MTA-STSの条件を満たしています(名前がポリシーのmxに合い、証明書も有効)。",
            en: "Meets the MTA-STS policy: its name matches an mx pattern and its certificate is valid.",
        },
        MtaStsVerdict::HostNotListed if enforce => Text {
            ja: "このサーバー名はMTA-STSポリシーのmxにありません。enforceモードなので、MTA-STSに従う送信元(Gmailなど)はここへ届けません。切り替えの前にポリシーにこのmxを加え、_mta-sts のTXTレコードのidを変えてください。",
            en: "This server's name is not in the MTA-STS policy's mx lines. The policy is in enforce mode, so senders that honour MTA-STS (Gmail and others) will not deliver here: before the switch, add it to the policy and change the id in the _mta-sts TXT record.",
        },
        MtaStsVerdict::HostNotListed => Text {
            ja: "このサーバー名はMTA-STSポリシーのmxにありません。enforceモードでないので配送は止まりませんが、TLSの報告(TLS-RPT)で失敗になります。ポリシーにこのmxを加えてください。",
            en: "This server's name is not in the MTA-STS policy's mx lines. The policy is not in enforce mode, so delivery goes on, but TLS reports (TLS-RPT) will count failures: add it to the policy.",
        },
        MtaStsVerdict::CertificateNotValid if enforce => Text {
            ja: "名前はポリシーのmxに合いますが、証明書を検証できません。enforceモードなので、MTA-STSに従う送信元はここへ届けません。",
            en: "Its name matches the policy, but its certificate does not verify: with the policy in enforce mode, senders that honour MTA-STS will not deliver here.",
        },
        MtaStsVerdict::CertificateNotValid => Text {
            ja: "名前はポリシーのmxに合いますが、証明書を検証できません。enforceモードにすると配送が止まります。",
            en: "Its name matches the policy, but its certificate does not verify: delivery would stop in enforce mode.",
        },
        MtaStsVerdict::NoTls => Text {
            ja: "名前はポリシーのmxに合いますが、STARTTLSで暗号化できません。MTA-STSはTLSを前提にしています。",
            en: "Its name matches the policy, but there is no working STARTTLS, which MTA-STS requires.",
        },
        MtaStsVerdict::NotReached => Text {
            ja: "名前はポリシーのmxに合います。TLSは確かめられませんでした。",
            en: "Its name matches the policy; TLS could not be checked.",
        },
    }
}

/// What the policy state means.
pub fn explain_policy_state(state: &PolicyState) -> Text {
    match state {
        PolicyState::NotPublished => Text {
            ja: "MTA-STSは公開されていません(_mta-sts のTXTレコードがありません)。",
            en: "No MTA-STS (no _mta-sts TXT record).",
        },
        PolicyState::CouldNotCheck { .. } => Text {
            ja: "MTA-STSのTXTレコードを確認できませんでした。",
            en: "The MTA-STS TXT record could not be checked.",
        },
        PolicyState::Unavailable { .. } => Text {
            ja: "MTA-STSのTXTレコードはありますが、ポリシーファイルを取得できませんでした。",
            en: "There is an MTA-STS TXT record, but the policy file could not be fetched.",
        },
        PolicyState::Published { .. } => Text {
            ja: "MTA-STSのポリシー:",
            en: "MTA-STS policy:",
        },
    }
}

/// The policy behind a [`PolicyState::Published`], to match exchangers against.
pub fn published_policy(state: &PolicyState) -> Option<MtaStsPolicy> {
    let PolicyState::Published { mode, mx, max_age } = state else {
        return None;
    };
    let text: String = mx
        .iter()
        .map(|pattern| format!("mx: {pattern}\n"))
        .collect();
    let (mut policy, _) = crate::mta_sts::parse_policy(&text);
    policy.mode = *mode;
    policy.max_age = *max_age;
    Some(policy)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::smtp::{TlsFacts, Unknown};

    fn policy(text: &str) -> MtaStsPolicy {
        crate::mta_sts::parse_policy(text).0
    }

    fn report(host: &str, tls: TlsOutcome) -> ExchangerReport {
        let mut report = ExchangerReport::unreachable(host, &[], &Unknown::UnusableAddress);
        report.tls = tls;
        report
    }

    fn tls(names: &[&str], verification: CertificateCheck) -> TlsOutcome {
        TlsOutcome::Established {
            facts: TlsFacts {
                version: "TLSv1.3".into(),
                cipher: "TLS13_AES_128_GCM_SHA256".into(),
                names: names.iter().map(|&name| name.to_owned()).collect(),
                not_after: None,
                verification,
            },
        }
    }

    const ENFORCE: &str = "version: STSv1\nmode: enforce\nmx: mx1.example.jp\nmx: *.mail.example.net\nmax_age: 86400\n";

    #[test]
    fn the_exchangers_name_and_certificate_names_are_matched() {
        let policy = policy(ENFORCE);
        let verified = tls(
            &["in.mail.example.net", "*.mail.example.net", "other.test"],
            CertificateCheck::Verified,
        );
        let found = match_policy(&policy, &report("in.mail.example.net", verified.clone()));
        assert_eq!(found.verdict, MtaStsVerdict::Delivers);
        assert_eq!(found.matching_patterns, ["*.mail.example.net"]);
        let matches: Vec<bool> = found.certificate_names.iter().map(|n| n.matches).collect();
        assert_eq!(matches, [true, true, false]);
        // The new service's exchanger, not in the old policy: senders would not deliver.
        let found = match_policy(&policy, &report("smtp.google.com", verified));
        assert_eq!(found.verdict, MtaStsVerdict::HostNotListed);
        assert!(
            found.message.en.contains("enforce mode"),
            "{:?}",
            found.message
        );
        assert!(found.message.ja.contains("切り替えの前に"));
    }

    #[test]
    fn tls_decides_once_the_name_matches() {
        let policy = policy(ENFORCE);
        for (tls, expected) in [
            (
                tls(
                    &["mx1.example.jp"],
                    CertificateCheck::NotVerified { why: "x".into() },
                ),
                MtaStsVerdict::CertificateNotValid,
            ),
            (TlsOutcome::NotOffered, MtaStsVerdict::NoTls),
            (TlsOutcome::NotReached, MtaStsVerdict::NotReached),
        ] {
            assert_eq!(
                match_policy(&policy, &report("MX1.example.jp.", tls)).verdict,
                expected
            );
        }
    }

    #[test]
    fn wildcard_certificate_names_are_covered_only_as_far_as_they_reach() {
        let pattern = |text: &str| policy(&format!("mx: {text}\n")).mx[0].clone();
        assert!(covers(&pattern("mx1.example.jp"), "*.example.jp"));
        assert!(!covers(&pattern("a.mx1.example.jp"), "*.example.jp"));
        assert!(covers(&pattern("*.example.jp"), "*.example.jp"));
        assert!(!covers(&pattern("*.example.jp"), "*.other.jp"));
        assert!(!covers(&pattern("*.example.jp"), "example.jp"));
    }

    #[test]
    fn the_policy_state_is_read_from_the_txt_answer_and_the_fetch() {
        let none = Outcome::NxDomain { negative_ttl: None };
        assert_eq!(read_policy(&none, None), PolicyState::NotPublished);
        assert!(matches!(
            read_policy(&Outcome::Timeout, None),
            PolicyState::CouldNotCheck { .. }
        ));
        let txt = Outcome::Records {
            records: vec![crate::dns::Record {
                name: "_mta-sts.example.jp".into(),
                ttl: 300,
                data: RecordData::Txt {
                    strings: vec!["v=STSv1; id=1".into()],
                },
            }],
        };
        assert!(policy_wanted(&txt));
        let fetched = PolicyFetch::Fetched {
            url: "https://mta-sts.example.jp/.well-known/mta-sts.txt".into(),
            body: ENFORCE.into(),
        };
        let state = read_policy(&txt, Some(&fetched));
        assert_eq!(
            state,
            PolicyState::Published {
                mode: Some(Mode::Enforce),
                mx: vec!["mx1.example.jp".into(), "*.mail.example.net".into()],
                max_age: Some(86_400),
            }
        );
        assert_eq!(published_policy(&state).unwrap().mx, policy(ENFORCE).mx);
        assert_eq!(published_policy(&state).unwrap().mode, Some(Mode::Enforce));
        // Round trip through JSON, as the page reads it.
        let json = serde_json::to_string(&state).unwrap();
        assert_eq!(serde_json::from_str::<PolicyState>(&json).unwrap(), state);
    }
}
