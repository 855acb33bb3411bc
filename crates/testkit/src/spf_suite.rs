//! The RFC 7208 SPF test suite (openspf.org release 2014.04, vendored with its licence
//! in `tests/fixtures/conformance/spf/`) as data: scenarios, their tests and their DNS.
//!
//! The `zonedata` is read with the conventions of the suite's reference driver (pyspf's
//! `testspf.py`): SPF-type records are copied to TXT unless the name has TXT records or
//! `TXT: NONE`; `TIMEOUT` times out every query that found no record of its type before
//! it; CNAMEs are followed.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::net::IpAddr;

use anyhow::{Context as _, bail};
use mailmove_core::dns::{Answers, Outcome, Query, Record, RecordData, RecordType};
use mailmove_core::spf::{CheckHost, Progress, SpfOutcome};
use yaml_rust2::{Yaml, YamlLoader};

/// One scenario: a description, its tests and the DNS they run against.
pub struct Scenario {
    /// The scenario's `description`.
    pub description: String,
    /// Its tests, in file order.
    pub tests: Vec<SuiteTest>,
    /// Its `zonedata`.
    pub zone: Zone,
}

/// One test of a scenario.
pub struct SuiteTest {
    /// The test's key, e.g. `include-fail`.
    pub name: String,
    /// HELO name.
    pub helo: String,
    /// The client address.
    pub host: IpAddr,
    /// MAIL FROM (may be empty).
    pub mailfrom: String,
    /// Acceptable results (`pass`, `fail`, …).
    pub results: Vec<String>,
    /// The expected explanation; `DEFAULT` means none from the domain.
    pub explanation: Option<String>,
}

impl SuiteTest {
    /// Whether `outcome` is what the suite expects.
    pub fn accepts(&self, outcome: &SpfOutcome) -> bool {
        let result_ok = self
            .results
            .iter()
            .any(|result| result == outcome.result.as_str());
        let explanation_ok = match self.explanation.as_deref() {
            None => true,
            Some("DEFAULT") => outcome.explanation.is_none(),
            Some(text) => outcome.explanation.as_deref() == Some(text),
        };
        result_ok && explanation_ok
    }
}

#[derive(Debug)]
enum Entry {
    Timeout,
    Record(RecordData),
}

/// A scenario's DNS.
pub struct Zone(BTreeMap<String, Vec<Entry>>);

/// Loads `tests/fixtures/conformance/spf/rfc7208-tests.yml`.
pub fn load() -> anyhow::Result<Vec<Scenario>> {
    let path = crate::fixture("conformance/spf/rfc7208-tests.yml");
    let text = std::fs::read_to_string(&path).with_context(|| format!("{}", path.display()))?;
    let documents = YamlLoader::load_from_str(&text)?;
    documents.iter().map(scenario).collect()
}

fn scenario(document: &Yaml) -> anyhow::Result<Scenario> {
    let mut tests = Vec::new();
    for (name, test) in document["tests"].as_hash().context("tests")? {
        tests.push(SuiteTest {
            name: text(name)?,
            helo: text(&test["helo"])?,
            host: text(&test["host"])?.parse()?,
            mailfrom: text(&test["mailfrom"])?,
            results: strings(&test["result"])?,
            explanation: test["explanation"].as_str().map(str::to_owned),
        });
    }
    Ok(Scenario {
        description: text(&document["description"])?,
        tests,
        zone: Zone::from_yaml(&document["zonedata"])?,
    })
}

impl Zone {
    fn from_yaml(zonedata: &Yaml) -> anyhow::Result<Zone> {
        let mut zone = BTreeMap::new();
        for (name, entries) in zonedata.as_hash().context("zonedata is a map")? {
            let name = text(name)?.to_ascii_lowercase();
            let mut spf = Vec::new();
            let mut has_txt = false;
            let mut list = Vec::new();
            for entry in entries.as_vec().context("entries are a list")? {
                if entry.as_str() == Some("TIMEOUT") {
                    list.push(Entry::Timeout);
                    continue;
                }
                let (rtype, value) = entry
                    .as_hash()
                    .and_then(|map| map.iter().next())
                    .context("entry")?;
                let data = match rtype.as_str().context("type")? {
                    "SPF" => {
                        spf.push(strings(value)?);
                        continue;
                    }
                    "TXT" => {
                        has_txt = true;
                        if value.as_str() == Some("NONE") {
                            continue;
                        }
                        RecordData::Txt {
                            strings: strings(value)?,
                        }
                    }
                    "A" => RecordData::A {
                        address: text(value)?.parse()?,
                    },
                    "AAAA" => RecordData::Aaaa {
                        address: text(value)?.parse()?,
                    },
                    "MX" => {
                        let pair = value.as_vec().context("MX is [preference, host]")?;
                        let preference = u16::try_from(pair[0].as_i64().context("preference")?)?;
                        let exchange = text(&pair[1])?.trim_end_matches('.').to_ascii_lowercase();
                        RecordData::Mx {
                            preference,
                            exchange,
                        }
                    }
                    "PTR" => RecordData::Ptr {
                        target: bare_name(value)?,
                    },
                    "CNAME" => RecordData::Cname {
                        target: bare_name(value)?,
                    },
                    other => bail!("unexpected record type {other} at {name}"),
                };
                list.push(Entry::Record(data));
            }
            if !has_txt {
                list.extend(
                    spf.into_iter()
                        .map(|strings| Entry::Record(RecordData::Txt { strings })),
                );
            }
            zone.insert(name, list);
        }
        Ok(Zone(zone))
    }

    /// The answer a resolver would give for `query`.
    pub fn answer(&self, query: &Query) -> Outcome {
        self.answer_following(query, 0)
    }

    fn answer_following(&self, query: &Query, depth: u32) -> Outcome {
        let Some(entries) = self.0.get(&query.name) else {
            return Outcome::NxDomain { negative_ttl: None };
        };
        let mut records = Vec::new();
        for entry in entries {
            match entry {
                Entry::Timeout if records.is_empty() => return Outcome::Timeout,
                Entry::Timeout => {}
                Entry::Record(RecordData::Cname { target }) if query.rtype != RecordType::Cname => {
                    // A CNAME loop is a server failure, as a resolver would report it.
                    if depth > 8 {
                        return Outcome::ServFail;
                    }
                    return self.answer_following(&Query::new(target, query.rtype), depth + 1);
                }
                Entry::Record(data) if data.record_type() == query.rtype => {
                    records.push(Record {
                        name: query.name.clone(),
                        ttl: 300,
                        data: data.clone(),
                    });
                }
                Entry::Record(_) => {}
            }
        }
        if records.is_empty() {
            Outcome::NoData { negative_ttl: None }
        } else {
            Outcome::Records { records }
        }
    }

    /// Names a zone file cannot express: those that time out, and those with characters
    /// a master file does not take (`foo:bar/baz.example.com`).
    pub fn unservable_names(&self) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(name, entries)| {
                !is_servable_name(name)
                    || entries.iter().any(|entry| matches!(entry, Entry::Timeout))
            })
            .map(|(name, _)| name.as_str())
            .collect()
    }

    /// The zone as a master file for the root zone `.`, for a real DNS server. The
    /// [`Zone::unservable_names`] are left out (they answer NXDOMAIN there), and so are
    /// records that point at such names.
    pub fn to_root_zone_file(&self) -> String {
        let mut out = String::from(
            "$ORIGIN .\n$TTL 300\n. IN SOA ns.invalid. hostmaster.invalid. 1 3600 600 86400 300\n",
        );
        let unservable = self.unservable_names();
        for (name, entries) in &self.0 {
            if unservable.contains(&name.as_str()) {
                continue;
            }
            for entry in entries {
                let Entry::Record(data) = entry else { continue };
                let target = match data {
                    RecordData::Mx {
                        exchange: target, ..
                    }
                    | RecordData::Ptr { target }
                    | RecordData::Cname { target } => Some(target),
                    _ => None,
                };
                if target.is_some_and(|target| !is_servable_name(target)) {
                    continue;
                }
                let rdata = match data {
                    // A TXT record with no string at all is illegal on the wire (RFC 1035
                    // §3.3.14); the suite's `[ ]` becomes one empty string.
                    RecordData::Txt { strings } if strings.is_empty() => "\"\"".to_owned(),
                    RecordData::Txt { strings } => strings
                        .iter()
                        .flat_map(|text| quoted_chunks(text))
                        .collect::<Vec<_>>()
                        .join(" "),
                    RecordData::Mx {
                        preference,
                        exchange,
                    } if exchange.is_empty() => {
                        format!("{preference} .")
                    }
                    other => other.to_string(),
                };
                let rtype = data.record_type().as_str();
                let _ = writeln!(out, "{name}. IN {rtype} {rdata}");
            }
        }
        out
    }
}

fn is_servable_name(name: &str) -> bool {
    name.bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// Zone-file character-strings: at most 255 octets each, `"` and `\` escaped, other
/// bytes outside printable ASCII as `\DDD`.
fn quoted_chunks(text: &str) -> Vec<String> {
    let bytes = text.as_bytes();
    let chunks: Vec<&[u8]> = if bytes.is_empty() {
        vec![&[][..]]
    } else {
        bytes.chunks(255).collect()
    };
    chunks
        .into_iter()
        .map(|chunk| {
            let mut quoted = String::from("\"");
            for &byte in chunk {
                match byte {
                    b'"' | b'\\' => {
                        quoted.push('\\');
                        quoted.push(byte as char);
                    }
                    0x20..=0x7e => quoted.push(byte as char),
                    _ => {
                        let _ = write!(quoted, "\\{byte:03}");
                    }
                }
            }
            quoted.push('"');
            quoted
        })
        .collect()
}

/// A name as core's records hold it: lower case, no trailing dot.
fn bare_name(value: &Yaml) -> anyhow::Result<String> {
    Ok(text(value)?.trim_end_matches('.').to_ascii_lowercase())
}

fn text(value: &Yaml) -> anyhow::Result<String> {
    Ok(match value {
        Yaml::String(text) | Yaml::Real(text) => text.clone(),
        Yaml::Integer(number) => number.to_string(),
        other => bail!("expected text, got {other:?}"),
    })
}

fn strings(value: &Yaml) -> anyhow::Result<Vec<String>> {
    match value {
        Yaml::Array(items) => items.iter().map(text).collect(),
        other => Ok(vec![text(other)?]),
    }
}

/// Evaluates `check` with answers from `zone`, as a resolver shell would; also checks
/// that the evaluator never asks for nothing and never asks twice.
pub fn evaluate(check: &CheckHost, zone: &Zone) -> anyhow::Result<SpfOutcome> {
    evaluate_with_queries(check, zone).map(|(outcome, _)| outcome)
}

/// [`evaluate`], also returning every name the evaluation asked about.
pub fn evaluate_with_queries(
    check: &CheckHost,
    zone: &Zone,
) -> anyhow::Result<(SpfOutcome, Vec<String>)> {
    let mut answers = Answers::new();
    for _ in 0..1_000 {
        match check.step(&answers) {
            Progress::Done(outcome) => {
                let names = answers.into_keys().map(|query| query.name).collect();
                return Ok((outcome, names));
            }
            Progress::Need(queries) => {
                if queries.is_empty() {
                    bail!("the evaluator asked for no query");
                }
                for query in queries {
                    if answers.contains_key(&query) {
                        bail!("the evaluator asked twice for {query:?}");
                    }
                    let outcome = zone.answer(&query);
                    answers.insert(query, outcome);
                }
            }
        }
    }
    bail!("no result after 1000 steps")
}
