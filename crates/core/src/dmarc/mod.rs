//! DMARC (RFC 7489, with the DMARCbis tags `np`, `psd` and `t`): the policy record a
//! domain publishes at `_dmarc.<domain>`, and its parser.
//!
//! RFC 7489 §6.4:
//!
//! ```text
//! dmarc-uri       = URI [ "!" 1*DIGIT [ "k" / "m" / "g" / "t" ] ]
//!                   ; "URI" is imported from [URI]; commas (ASCII
//!                   ; 0x2C) and exclamation points (ASCII 0x21)
//!                   ; MUST be encoded
//! dmarc-record    = dmarc-version dmarc-sep
//!                   [dmarc-request]
//!                   [dmarc-sep dmarc-srequest]
//!                   [dmarc-sep dmarc-auri]
//!                   [dmarc-sep dmarc-furi]
//!                   [dmarc-sep dmarc-adkim]
//!                   [dmarc-sep dmarc-aspf]
//!                   [dmarc-sep dmarc-ainterval]
//!                   [dmarc-sep dmarc-fo]
//!                   [dmarc-sep dmarc-rfmt]
//!                   [dmarc-sep dmarc-percent]
//!                   [dmarc-sep]
//!                   ; components other than dmarc-version and
//!                   ; dmarc-request may appear in any order
//! dmarc-version   = "v" *WSP "=" *WSP %x44 %x4d %x41 %x52 %x43 %x31
//! dmarc-sep       = *WSP %x3b *WSP
//! dmarc-request   = "p" *WSP "=" *WSP
//!                   ( "none" / "quarantine" / "reject" )
//! dmarc-srequest  = "sp" *WSP "=" *WSP
//!                   ( "none" / "quarantine" / "reject" )
//! dmarc-auri      = "rua" *WSP "=" *WSP
//!                   dmarc-uri *(*WSP "," *WSP dmarc-uri)
//! dmarc-furi      = "ruf" *WSP "=" *WSP
//!                   dmarc-uri *(*WSP "," *WSP dmarc-uri)
//! dmarc-adkim     = "adkim" *WSP "=" *WSP ( "r" / "s" )
//! dmarc-aspf      = "aspf" *WSP "=" *WSP ( "r" / "s" )
//! dmarc-ainterval = "ri" *WSP "=" *WSP 1*DIGIT
//! dmarc-fo        = "fo" *WSP "=" *WSP
//!                   ( "0" / "1" / "d" / "s" )
//!                   *(*WSP ":" *WSP ( "0" / "1" / "d" / "s" ))
//! dmarc-rfmt      = "rf"  *WSP "=" *WSP Keyword *(*WSP ":" Keyword)
//!                   ; registered reporting formats only
//! dmarc-percent   = "pct" *WSP "=" *WSP 1*3DIGIT
//! ```
//!
//! DMARCbis (draft-ietf-dmarc-dmarcbis) adds:
//!
//! ```text
//! dmarc-nprequest = "np" *WSP "=" *WSP ( "none" / "quarantine" / "reject" )
//! dmarc-psd       = "psd" *WSP "=" *WSP ( "y" / "n" / "u" )
//! dmarc-test      = "t" *WSP "=" *WSP ( "y" / "n" )
//! ```

mod parse;

use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize};

pub use parse::{DmarcIssue, is_dmarc_record, parse};

use crate::tag_list::{TagSpan, UnknownTag, span_of};

/// Joins the character-strings of a `_dmarc` TXT record. RFC 7489 §6.1: "the module
/// performing DMARC evaluation MUST concatenate these strings by joining together the
/// objects in order and parsing the result as a single string" (no spaces added).
pub fn join_txt(strings: &[String]) -> String {
    strings.concat()
}

/// The tags of a record as written, for showing them: each `name=value` between
/// semicolons, the name trimmed and in lower case, the value trimmed; a later tag
/// of the same name wins. No checks: `parse` says what is wrong.
pub fn tags_as_written(record: &str) -> std::collections::BTreeMap<String, String> {
    record
        .split(';')
        .filter_map(|tag| tag.split_once('='))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect()
}

/// A parsed DMARC record (`v=DMARC1` is implied). Tags that were absent are `None` or
/// empty; the defaults RFC 7489 §6.3 gives them are the caller's to apply.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DmarcRecord {
    /// `p`: "Requested Mail Receiver policy (plain-text; REQUIRED for policy records)."
    pub policy: Option<Policy>,
    /// `sp`: the policy for subdomains; absent means `p` applies.
    pub subdomain_policy: Option<Policy>,
    /// `np` (DMARCbis): the policy for non-existent subdomains; absent means `sp` applies.
    pub non_existent_policy: Option<Policy>,
    /// `rua`: "Addresses to which aggregate feedback is to be sent", in record order.
    pub rua: Vec<ReportUri>,
    /// `ruf`: "Addresses to which message-specific failure information is to be reported".
    pub ruf: Vec<ReportUri>,
    /// `adkim`: DKIM identifier alignment mode (default relaxed).
    pub adkim: Option<Alignment>,
    /// `aspf`: SPF identifier alignment mode (default relaxed).
    pub aspf: Option<Alignment>,
    /// `ri`: "Interval requested between aggregate reports", in seconds (default 86400).
    pub report_interval: Option<u32>,
    /// `fo`: failure reporting options, in record order; empty when absent (default `0`).
    pub failure_options: Vec<FailureOption>,
    /// `rf`: failure report formats, lower-cased; empty when absent (default `afrf`).
    pub report_formats: Vec<String>,
    /// `pct`: "Percentage of messages from the Domain Owner's mail stream to which the
    /// DMARC policy is to be applied" (0–100, default 100; DMARCbis drops it).
    pub percent: Option<u8>,
    /// `psd` (DMARCbis): whether the domain is a public suffix domain.
    pub psd: Option<PsdFlag>,
    /// `t` (DMARCbis): testing mode, `t=y` (replaces `pct`).
    pub testing: Option<bool>,
    /// Tags neither RFC 7489 nor DMARCbis define, in record order.
    pub unknown: Vec<UnknownTag>,
    /// Where each tag stood, when parsed from text.
    pub spans: Vec<TagSpan>,
}

impl DmarcRecord {
    /// Where the tag `name` (canonical, lower-case) stood in the parsed text.
    pub fn span_of(&self, name: &str) -> Option<Range<usize>> {
        span_of(&self.spans, name)
    }
}

/// `"none" / "quarantine" / "reject"` (RFC 7489 §6.3 `p`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Policy {
    /// `none`: "The Domain Owner requests no specific action be taken".
    None,
    /// `quarantine`: treat failing mail as suspicious.
    Quarantine,
    /// `reject`: reject failing mail during the SMTP transaction.
    Reject,
}

/// `"r" / "s"`: identifier alignment (RFC 7489 §3.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Alignment {
    /// `r`: the organisational domains must match.
    Relaxed,
    /// `s`: the domains must be identical.
    Strict,
}

/// `"0" / "1" / "d" / "s"` (RFC 7489 §6.3 `fo`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FailureOption {
    /// `0`: report when all underlying mechanisms fail to produce an aligned pass.
    AllFail,
    /// `1`: report when any mechanism fails to produce an aligned pass.
    AnyFail,
    /// `d`: report when DKIM fails, aligned or not.
    Dkim,
    /// `s`: report when SPF fails, aligned or not.
    Spf,
}

/// `"y" / "n" / "u"` (DMARCbis `psd`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PsdFlag {
    /// `y`: the domain is a public suffix domain.
    Yes,
    /// `n`: the domain is an organisational domain.
    No,
    /// `u`: unspecified (the default).
    Unspecified,
}

/// `dmarc-uri = URI [ "!" 1*DIGIT [ "k" / "m" / "g" / "t" ] ]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportUri {
    /// The URI, as written (usually `mailto:`).
    pub uri: String,
    /// The largest report the domain accepts at this URI.
    pub max_size: Option<SizeLimit>,
}

/// `"!" 1*DIGIT [ "k" / "m" / "g" / "t" ]`: a report size limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SizeLimit {
    /// The number.
    pub value: u64,
    /// The unit; absent means bytes.
    pub unit: Option<SizeUnit>,
}

/// "units are considered to be powers of two" (RFC 7489 §6.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SizeUnit {
    /// `k`: 2^10 bytes.
    Kilo,
    /// `m`: 2^20 bytes.
    Mega,
    /// `g`: 2^30 bytes.
    Giga,
    /// `t`: 2^40 bytes.
    Tera,
}

impl SizeLimit {
    /// The limit in bytes, if it fits in a `u64`.
    pub fn bytes(self) -> Option<u64> {
        let shift = match self.unit {
            None => 0,
            Some(SizeUnit::Kilo) => 10,
            Some(SizeUnit::Mega) => 20,
            Some(SizeUnit::Giga) => 30,
            Some(SizeUnit::Tera) => 40,
        };
        self.value.checked_mul(1 << shift)
    }
}

impl Policy {
    /// The keyword, as written in a record.
    pub fn as_str(self) -> &'static str {
        match self {
            Policy::None => "none",
            Policy::Quarantine => "quarantine",
            Policy::Reject => "reject",
        }
    }
}

impl fmt::Display for Policy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for Alignment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Alignment::Relaxed => "r",
            Alignment::Strict => "s",
        })
    }
}

impl fmt::Display for FailureOption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FailureOption::AllFail => "0",
            FailureOption::AnyFail => "1",
            FailureOption::Dkim => "d",
            FailureOption::Spf => "s",
        })
    }
}

impl fmt::Display for PsdFlag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PsdFlag::Yes => "y",
            PsdFlag::No => "n",
            PsdFlag::Unspecified => "u",
        })
    }
}

impl fmt::Display for SizeUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SizeUnit::Kilo => "k",
            SizeUnit::Mega => "m",
            SizeUnit::Giga => "g",
            SizeUnit::Tera => "t",
        })
    }
}

impl fmt::Display for SizeLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.value)?;
        match self.unit {
            Some(unit) => write!(f, "{unit}"),
            None => Ok(()),
        }
    }
}

impl fmt::Display for ReportUri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.uri)?;
        match self.max_size {
            Some(limit) => write!(f, "!{limit}"),
            None => Ok(()),
        }
    }
}

fn write_joined<T: fmt::Display>(
    f: &mut fmt::Formatter<'_>,
    name: &str,
    items: &[T],
    separator: &str,
) -> fmt::Result {
    if items.is_empty() {
        return Ok(());
    }
    write!(f, "; {name}=")?;
    for (idx, item) in items.iter().enumerate() {
        if idx > 0 {
            f.write_str(separator)?;
        }
        write!(f, "{item}")?;
    }
    Ok(())
}

fn write_option<T: fmt::Display>(
    f: &mut fmt::Formatter<'_>,
    name: &str,
    value: Option<&T>,
) -> fmt::Result {
    match value {
        Some(value) => write!(f, "; {name}={value}"),
        None => Ok(()),
    }
}

impl fmt::Display for DmarcRecord {
    /// Canonical form: `v=DMARC1`, then the tags in RFC 7489 §6.4 order, then the
    /// DMARCbis tags, then unknown tags, separated by `; `.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("v=DMARC1")?;
        write_option(f, "p", self.policy.as_ref())?;
        write_option(f, "sp", self.subdomain_policy.as_ref())?;
        write_option(f, "np", self.non_existent_policy.as_ref())?;
        write_joined(f, "rua", &self.rua, ",")?;
        write_joined(f, "ruf", &self.ruf, ",")?;
        write_option(f, "adkim", self.adkim.as_ref())?;
        write_option(f, "aspf", self.aspf.as_ref())?;
        write_option(f, "ri", self.report_interval.as_ref())?;
        write_joined(f, "fo", &self.failure_options, ":")?;
        write_joined(f, "rf", &self.report_formats, ":")?;
        write_option(f, "pct", self.percent.as_ref())?;
        write_option(f, "psd", self.psd.as_ref())?;
        let testing = self.testing.map(|testing| if testing { "y" } else { "n" });
        write_option(f, "t", testing.as_ref())?;
        for tag in &self.unknown {
            write!(f, "; {tag}")?;
        }
        Ok(())
    }
}
