//! Findings: what the checks say about a domain's records, as data.
//!
//! Every finding carries a stable kebab-case [`Code`] (tests and the page key on it,
//! never on message text), a [`Severity`], a [`Topic`], the record it is about with
//! the problem's byte span, the values its message needs, an RFC reference and,
//! where one can be computed, a corrected record. The words — title, why it matters,
//! how to fix it — live in each rule's [`RuleText`], in Japanese and English; a
//! missing translation does not compile.

mod ctx;
mod readiness;
mod review;
pub mod rules;

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize};

pub use ctx::{Ctx, RecordKind};
pub use review::{Reviewed, review};
pub use rules::{RULES, Rule, lint, rule};

use crate::{Lang, Text};

/// A finding's stable identifier, e.g. `spf-plus-all`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Code(pub &'static str);

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// How much a finding matters. Ordered: `Error > Warning > Info`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; nothing is wrong.
    Info,
    /// Works today, but is risky or will cause trouble in a move.
    Warning,
    /// Broken: mail is lost, rejected or spoofable.
    Error,
}

impl Severity {
    /// Its name in JSON (`error`, `warning`, `info`), which the page also uses as a CSS
    /// class.
    pub fn tag(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    /// The label shown next to a finding.
    pub fn label(self) -> Text {
        match self {
            Severity::Error => Text {
                ja: "エラー",
                en: "Error",
            },
            Severity::Warning => Text {
                ja: "注意",
                en: "Warning",
            },
            Severity::Info => Text {
                ja: "情報",
                en: "Info",
            },
        }
    }
}

/// What part of mail DNS a finding is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    /// MX records.
    Mx,
    /// SPF.
    Spf,
    /// DMARC.
    Dmarc,
    /// DKIM keys.
    Dkim,
    /// MTA-STS record and policy.
    MtaSts,
    /// SMTP TLS reporting.
    TlsRpt,
    /// BIMI.
    Bimi,
    /// DNS in general (NS, SOA, DNSSEC).
    Dns,
    /// Mail provider detection.
    Provider,
}

impl Topic {
    /// The topic's name, as the page's findings and the CLI's report headings show it.
    pub fn label(self) -> Text {
        let (ja, en) = match self {
            Topic::Mx => ("MX(配送先)", "MX (delivery)"),
            Topic::Spf => ("SPF", "SPF"),
            Topic::Dmarc => ("DMARC", "DMARC"),
            Topic::Dkim => ("DKIM", "DKIM"),
            Topic::MtaSts => ("MTA-STS", "MTA-STS"),
            Topic::TlsRpt => ("TLS-RPT", "TLS-RPT"),
            Topic::Bimi => ("BIMI", "BIMI"),
            Topic::Dns => ("DNS", "DNS"),
            Topic::Provider => ("サービス", "Provider"),
        };
        Text { ja, en }
    }
}

/// The words of a rule, in both languages. `{name}` in a text is replaced by the
/// finding's parameter `name`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleText {
    /// One line: what is wrong.
    pub title: Text,
    /// Why it matters.
    pub why: Text,
    /// How to fix it.
    pub fix: Text,
}

/// What a finding is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Subject {
    /// The DNS name the record lives at (`_dmarc.example.jp`).
    pub owner: String,
    /// The record's text, when the finding is about one record.
    pub record: Option<String>,
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable identifier.
    pub code: Code,
    /// How much it matters.
    pub severity: Severity,
    /// Which part of mail DNS.
    pub topic: Topic,
    /// The record it is about.
    pub subject: Subject,
    /// The bytes of `subject.record` the problem is in.
    pub span: Option<Range<usize>>,
    /// Values for the messages (`{lookups}`, `{bits}` …).
    pub params: BTreeMap<&'static str, String>,
    /// The RFC section that defines the rule, e.g. `RFC 7208 §5.1`.
    pub reference: Option<&'static str>,
    /// A corrected record, when one can be computed.
    pub fix: Option<String>,
}

impl Finding {
    /// A finding of `rule` about a record at `owner`.
    pub fn new(rule: &Rule, owner: &str, record: Option<&str>) -> Finding {
        Finding {
            code: Code(rule.code),
            severity: rule.severity,
            topic: rule.topic,
            subject: Subject {
                owner: owner.to_owned(),
                record: record.map(str::to_owned),
            },
            span: None,
            params: BTreeMap::new(),
            reference: rule.reference,
            fix: None,
        }
    }

    /// Sets the span.
    pub fn span(mut self, span: Range<usize>) -> Finding {
        self.span = Some(span);
        self
    }

    /// Adds a message parameter.
    #[expect(
        clippy::needless_pass_by_value,
        reason = "by value so that rules write `.param(\"bits\", bits)` for numbers and strings alike"
    )]
    pub fn param(mut self, name: &'static str, value: impl ToString) -> Finding {
        self.params.insert(name, value.to_string());
        self
    }

    /// Sets a corrected record.
    pub fn fixed(mut self, record: String) -> Finding {
        self.fix = Some(record);
        self
    }

    /// The rule's words. Every finding comes from a registered rule.
    pub fn text(&self) -> RuleText {
        rule(self.code.0).map_or(UNKNOWN_TEXT, |rule| rule.text)
    }

    /// The title in `lang`, with parameters filled in.
    pub fn title(&self, lang: Lang) -> String {
        self.fill(self.text().title.get(lang))
    }

    /// Why it matters, in `lang`.
    pub fn why(&self, lang: Lang) -> String {
        self.fill(self.text().why.get(lang))
    }

    /// How to fix it, in `lang`.
    pub fn how_to_fix(&self, lang: Lang) -> String {
        self.fill(self.text().fix.get(lang))
    }

    fn fill(&self, template: &str) -> String {
        let mut text = template.to_owned();
        for (name, value) in &self.params {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }
}

/// Shown only if a finding's code was never registered, which a test rules out.
const UNKNOWN_TEXT: RuleText = RuleText {
    title: Text {
        ja: "不明な指摘",
        en: "Unknown finding",
    },
    why: Text { ja: "", en: "" },
    fix: Text { ja: "", en: "" },
};
