//! The SMTP probe on the wire: `GET /api/probe` (TLS and banner of the domain's own
//! exchangers), `POST /api/probe/addresses` (which addresses the target accepts;
//! only on servers started with `--allow-address-probe`) and `mailmove probe --json`
//! all answer a [`ProbeJson`].

use serde::{Deserialize, Serialize};

use crate::Message;
use crate::records::CustomMx;
use crate::smtp::{
    ExchangerReport, PolicyMatch, PolicyState, Refusal, Verdict, combine, explain,
    explain_policy_state, explain_tls, explain_unknown, match_policy, published_policy, refusal,
};

/// `POST /api/probe/addresses`: the body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddressProbeRequest {
    /// The domain whose addresses are asked.
    pub domain: String,
    /// The target's catalog id (`google-workspace` …) or `custom` with `mx`: its
    /// exchangers are asked. Without it, `current_mx` must be true.
    #[serde(default)]
    pub target: Option<String>,
    /// With `target: "custom"`: the new service's MX set.
    #[serde(default)]
    pub mx: Vec<CustomMx>,
    /// The region, for targets whose hosts name one.
    #[serde(default)]
    pub region: Option<String>,
    /// Ask today's MX instead of the target's (after the switch).
    #[serde(default)]
    pub current_mx: bool,
    /// The addresses, each at `domain` (at most [`MAX_PROBE_ADDRESSES`]).
    pub addresses: Vec<String>,
}

/// Addresses one `POST /api/probe/addresses` may ask about.
pub const MAX_PROBE_ADDRESSES: usize = 500;

/// What the probe found overall.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProbeSummary {
    /// Every address accepted.
    Accepted,
    /// At least one address refused: mail to it would bounce.
    Refused,
    /// No refusal, but some address could not be told.
    CouldNotTell,
    /// No address was asked (the TLS and banner probe).
    NoAddresses,
}

/// One address over every exchanger asked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddressJson {
    /// The address.
    pub address: String,
    /// Accepted, refused or could not tell (`verdict`), with the reply or why.
    #[serde(flatten)]
    pub verdict: Verdict,
    /// For a refusal: what it is about (`unknown-user`, `domain-not-served` …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refusal: Option<Refusal>,
    /// What it means and what to do.
    pub message: Message,
}

/// One exchanger.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExchangerJson {
    /// What the session showed (host, banner, STARTTLS, TLS facts, addresses).
    #[serde(flatten)]
    pub report: ExchangerReport,
    /// What its TLS means.
    pub tls_message: Message,
    /// Why no session could be had (`report.failure`): what it means and what to do
    /// (a connect timeout says OP25B and to run the probe from a server).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_message: Option<Message>,
    /// The exchanger against the domain's MTA-STS policy, when one was fetched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mta_sts: Option<PolicyMatch>,
}

/// The domain's MTA-STS policy, with its words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyJson {
    /// The state (`not-published`, `could-not-check`, `unavailable`, `published`).
    #[serde(flatten)]
    pub state: PolicyState,
    /// What it means.
    pub message: Message,
}

/// The answer of the probe endpoints and of `mailmove probe --json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProbeJson {
    /// The domain.
    pub domain: String,
    /// The overall reading.
    pub summary: ProbeSummary,
    /// Each address, its verdict combined over the exchangers (refused when any
    /// refused), in the order asked.
    pub addresses: Vec<AddressJson>,
    /// Each exchanger asked, most preferred first.
    pub exchangers: Vec<ExchangerJson>,
    /// The domain's MTA-STS policy.
    pub mta_sts: PolicyJson,
}

/// The probe's answer from the sessions' `reports` (each asked `addresses`, in
/// order) and the domain's MTA-STS `policy`.
pub fn probe_json(
    domain: &str,
    addresses: &[String],
    reports: &[ExchangerReport],
    policy: PolicyState,
) -> ProbeJson {
    let addresses: Vec<AddressJson> = addresses
        .iter()
        .enumerate()
        .filter_map(|(index, address)| {
            let verdict = combine(
                reports
                    .iter()
                    .filter_map(|report| report.addresses.get(index))
                    .map(|result| &result.verdict),
            )?;
            Some(AddressJson {
                address: address.clone(),
                refusal: match &verdict {
                    Verdict::Refused { reply } => Some(refusal(reply)),
                    _ => None,
                },
                message: explain(&verdict).into(),
                verdict,
            })
        })
        .collect();
    let summary = if addresses.is_empty() {
        ProbeSummary::NoAddresses
    } else if addresses.iter().any(|address| address.verdict.is_refused()) {
        ProbeSummary::Refused
    } else if addresses
        .iter()
        .all(|address| address.verdict.is_accepted())
    {
        ProbeSummary::Accepted
    } else {
        ProbeSummary::CouldNotTell
    };
    let policy_rules = published_policy(&policy);
    let exchangers = reports
        .iter()
        .map(|report| ExchangerJson {
            tls_message: explain_tls(&report.tls).into(),
            failure_message: report
                .failure
                .as_ref()
                .map(|why| explain_unknown(why).into()),
            mta_sts: policy_rules
                .as_ref()
                .map(|rules| match_policy(rules, report)),
            report: report.clone(),
        })
        .collect();
    ProbeJson {
        domain: domain.to_owned(),
        summary,
        addresses,
        exchangers,
        mta_sts: PolicyJson {
            message: explain_policy_state(&policy).into(),
            state: policy,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::smtp::{AddressResult, Reply, Unknown};

    fn reply(code: u16, text: &str) -> Reply {
        crate::smtp::parse_reply(format!("{code} {text}\r\n").as_bytes())
            .map(|parsed| match parsed {
                crate::smtp::Parsed::Reply(reply, _) => reply,
                crate::smtp::Parsed::NeedMore => panic!("whole reply"),
            })
            .unwrap()
    }

    fn report(host: &str, verdicts: Vec<Verdict>) -> ExchangerReport {
        let mut report = ExchangerReport::unreachable(host, &[], &Unknown::UnusableAddress);
        report.addresses = verdicts
            .into_iter()
            .enumerate()
            .map(|(index, verdict)| AddressResult {
                address: format!("a{index}@example.jp"),
                verdict,
            })
            .collect();
        report
    }

    #[test]
    fn a_refusal_anywhere_is_the_summary_and_the_json_reads_back() {
        let addresses = vec!["a0@example.jp".to_owned(), "a1@example.jp".to_owned()];
        let accepted = Verdict::Accepted {
            reply: reply(250, "2.1.5 Ok"),
        };
        let refused = Verdict::Refused {
            reply: reply(550, "5.1.1 User unknown"),
        };
        let reports = [
            report("mx1.example.net", vec![accepted.clone(), accepted.clone()]),
            report("mx2.example.net", vec![accepted, refused]),
        ];
        let json = probe_json(
            "example.jp",
            &addresses,
            &reports,
            PolicyState::NotPublished,
        );
        assert_eq!(json.summary, ProbeSummary::Refused);
        assert_eq!(json.addresses[1].refusal, Some(Refusal::UnknownUser));
        assert!(json.exchangers[0].mta_sts.is_none());
        let text = serde_json::to_string(&json).unwrap();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["addresses"][1]["verdict"], "refused");
        assert_eq!(value["addresses"][1]["reply"]["code"], 550);
        assert_eq!(value["exchangers"][1]["host"], "mx2.example.net");
        assert_eq!(value["mta_sts"]["state"], "not-published");
        assert_eq!(serde_json::from_str::<ProbeJson>(&text).unwrap(), json);
    }

    /// Issue 20, item 6: a connect timeout says OP25B and what to do in the JSON too,
    /// with no address asked (the TLS and banner probe).
    #[test]
    fn a_connect_timeout_says_op25b_without_any_address() {
        let report = ExchangerReport::unreachable("mx.example.net", &[], &Unknown::ConnectTimeout);
        let json = probe_json("example.jp", &[], &[report], PolicyState::NotPublished);
        let value = serde_json::to_value(&json).unwrap();
        assert_eq!(value["exchangers"][0]["failure"]["kind"], "connect-timeout");
        let message = &value["exchangers"][0]["failure_message"];
        assert!(
            message["ja"].as_str().unwrap().contains("OP25B"),
            "{message}"
        );
        assert!(
            message["en"]
                .as_str()
                .unwrap()
                .contains("run the probe on a server")
        );
    }

    #[test]
    fn no_addresses_is_the_tls_probe() {
        let json = probe_json(
            "example.jp",
            &[],
            &[report("mx1.example.net", Vec::new())],
            PolicyState::NotPublished,
        );
        assert_eq!(json.summary, ProbeSummary::NoAddresses);
    }
}
