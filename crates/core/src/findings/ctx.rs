//! What a rule looks at: the records of one kind found at one name.

use serde::{Deserialize, Serialize};

/// Which kind of record a set holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RecordKind {
    /// TXT records at a domain (the SPF candidates among them).
    Spf,
    /// Records of the retired SPF type (RR type 99) at a domain, each joined from its
    /// character-strings like a TXT record (RFC 7208 §3.1 allows SPF in TXT only).
    SpfRrType,
    /// The whole survey report (`Ctx::report`): rules that need several lookups.
    Survey,
    /// TXT records at `_dmarc.<domain>`.
    Dmarc,
    /// TXT records at `<selector>._domainkey.<domain>`.
    DkimKey,
    /// TXT records at `_mta-sts.<domain>`.
    MtaStsRecord,
    /// The MTA-STS policy file (one "record": the file's text).
    MtaStsPolicy,
    /// TXT records at `_smtp._tls.<domain>`.
    TlsRpt,
    /// TXT records at `<selector>._bimi.<domain>`.
    Bimi,
}

/// The input of the record-level rules: every record of one kind at one name, each
/// already joined from its character-strings.
#[derive(Clone, Copy, Debug)]
pub struct Ctx<'a> {
    /// The name the records live at.
    pub owner: &'a str,
    /// What they are.
    pub kind: RecordKind,
    /// The records (for TXT kinds: all TXT records at the name, joined).
    pub records: &'a [String],
    /// For `RecordKind::Survey`: the report the rule reads.
    pub report: Option<&'a crate::survey::Report>,
}

impl<'a> Ctx<'a> {
    /// The records of this set that are SPF records (`v=spf1`).
    pub fn spf_records(&self) -> impl Iterator<Item = &'a String> {
        self.records
            .iter()
            .filter(|text| crate::spf::is_spf_record(text))
    }

    /// The records that are DMARC records (`v=DMARC1`).
    pub fn dmarc_records(&self) -> impl Iterator<Item = &'a String> {
        self.records
            .iter()
            .filter(|text| crate::dmarc::is_dmarc_record(text))
    }

    /// The records whose first tag is `v=` in any case: the ones meant as this kind's
    /// record (MTA-STS, TLS-RPT, BIMI), including those whose version is misspelt, so
    /// that a syntax rule can say so. Other TXT records at the name are not about it.
    pub fn versioned_records(&self) -> impl Iterator<Item = &'a String> {
        self.records.iter().filter(|text| {
            let first_tag = text.split(';').next().unwrap_or_default();
            first_tag
                .split_once('=')
                .is_some_and(|(name, _)| name.trim().eq_ignore_ascii_case("v"))
        })
    }
}
