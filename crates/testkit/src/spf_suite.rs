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

    /// Names whose records [`Zone::to_root_zone_file`] cannot give as the suite has
    /// them, so a test that asks about one would test something else over real DNS:
    /// always those with a TXT record of no character-string (`null.example.com`'s
    /// `SPF: [ ]`), which RFC 1035 §3.3.14 does not allow on the wire; with
    /// [`ZoneNames::HostNamesOnly`] also the names with an octet other than a letter,
    /// digit, `-` or `_` (`foo:bar/baz.example.com`, names with spaces and `%`) and the
    /// names with records that point at one.
    pub fn left_out_names(&self, names: ZoneNames) -> Vec<&str> {
        let writable = |name: &str| names == ZoneNames::Escaped || is_host_name(name);
        self.0
            .iter()
            .filter(|(name, entries)| {
                !writable(name)
                    || entries.iter().any(|entry| {
                        is_empty_txt(entry) || target(entry).is_some_and(|target| !writable(target))
                    })
            })
            .map(|(name, _)| name.as_str())
            .collect()
    }

    /// The names marked `TIMEOUT`, each with the types it still answers (those with a
    /// record before the `TIMEOUT`, as the reference driver reads it). Over real DNS
    /// every other question at exactly that name must go unanswered; names below it
    /// are not affected (`example.com` times out, `null.example.com` answers).
    pub fn timeouts(&self) -> Vec<(&str, Vec<RecordType>)> {
        self.0
            .iter()
            .filter_map(|(name, entries)| {
                let before = entries
                    .iter()
                    .position(|entry| matches!(entry, Entry::Timeout))?;
                let mut answered: Vec<RecordType> = entries[..before]
                    .iter()
                    .filter_map(|entry| match entry {
                        Entry::Record(data) => Some(data.record_type()),
                        Entry::Timeout => None,
                    })
                    .collect();
                answered.sort();
                answered.dedup();
                Some((name.as_str(), answered))
            })
            .collect()
    }

    /// CNAME targets, which a server answering for the whole tree follows itself: a
    /// chain into a `TIMEOUT` name would be answered without the name being asked.
    pub fn cname_targets(&self) -> Vec<&str> {
        self.0
            .values()
            .flatten()
            .filter_map(|entry| match entry {
                Entry::Record(RecordData::Cname { target }) => Some(target.as_str()),
                _ => None,
            })
            .collect()
    }

    /// The zone as a master file for the root zone `.`, for a real DNS server. With
    /// [`ZoneNames::Escaped`] every name is written with RFC 1035 §5.1 escapes
    /// (`foo\058bar\047baz.example.com`, `\032` for a space), so names with any octet
    /// are served; with [`ZoneNames::HostNamesOnly`] names with other octets are left
    /// out, with every record that points at one. Always left out: TXT records of no
    /// character-string (see [`Zone::left_out_names`]) and, at a `TIMEOUT`
    /// name, records of the types that time out there (see [`Zone::timeouts`]); the
    /// timeouts themselves are for whatever sits in front of the server to play.
    pub fn to_root_zone_file(&self, names: ZoneNames) -> String {
        // A primary zone needs NS records, and BIND wants an address for a name server
        // inside the zone. `.invalid` is no name the suite uses.
        let mut out = String::from(
            "$ORIGIN .\n$TTL 300\n. IN SOA ns.invalid. hostmaster.invalid. 1 3600 600 86400 300\n\
             . IN NS ns.invalid.\nns.invalid. IN A 127.0.0.1\n",
        );
        let writable = |name: &str| names == ZoneNames::Escaped || is_host_name(name);
        let timeouts = self.timeouts();
        for (name, entries) in &self.0 {
            let answered = timeouts
                .iter()
                .find(|(timeout, _)| timeout == name)
                .map(|(_, answered)| answered);
            for entry in entries {
                let Entry::Record(data) = entry else { continue };
                if is_empty_txt(entry)
                    || answered.is_some_and(|types| !types.contains(&data.record_type()))
                    || !writable(name)
                    || target(entry).is_some_and(|target| !writable(target))
                {
                    continue;
                }
                let rdata = match data {
                    RecordData::Txt { strings } => strings
                        .iter()
                        .flat_map(|text| quoted_chunks(text))
                        .collect::<Vec<_>>()
                        .join(" "),
                    RecordData::Mx {
                        preference,
                        exchange,
                    } => format!("{preference} {}", zone_file_name(exchange)),
                    RecordData::Ptr { target } | RecordData::Cname { target } => {
                        zone_file_name(target)
                    }
                    other => other.to_string(),
                };
                let rtype = data.record_type().as_str();
                let _ = writeln!(out, "{} IN {rtype} {rdata}", zone_file_name(name));
            }
        }
        out
    }
}

/// How [`Zone::to_root_zone_file`] writes names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ZoneNames {
    /// Every name, with RFC 1035 §5.1 `\DDD` escapes (BIND).
    Escaped,
    /// Only names of letters, digits, `-` and `_`, written as they are: hickory-server
    /// 0.26's zone-file reader takes `\DDD` as octal, not decimal, and refuses `:`,
    /// `/`, `%` and spaces in names (UTS #46 with STD3 rules).
    HostNamesOnly,
}

fn is_host_name(name: &str) -> bool {
    name.bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// The name a record points at.
fn target(entry: &Entry) -> Option<&str> {
    match entry {
        Entry::Record(RecordData::Mx { exchange, .. }) => Some(exchange),
        Entry::Record(RecordData::Ptr { target } | RecordData::Cname { target }) => Some(target),
        _ => None,
    }
}

fn is_empty_txt(entry: &Entry) -> bool {
    matches!(entry, Entry::Record(RecordData::Txt { strings }) if strings.is_empty())
}

/// A name as a master file writes it (RFC 1035 §5.1), absolute: labels split at `.`,
/// letters, digits, `-` and `_` as they are, every other octet as `\DDD`; `.` for
/// the root (`""`). An empty label stays empty, for the server to refuse.
pub fn zone_file_name(name: &str) -> String {
    if name.is_empty() {
        return ".".to_owned();
    }
    let mut out = String::new();
    for label in name.split('.') {
        for byte in label.bytes() {
            if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_') {
                out.push(char::from(byte));
            } else {
                let _ = write!(out, "\\{byte:03}");
            }
        }
        out.push('.');
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zone_file_names_escape_every_octet_but_letters_digits_hyphen_underscore() {
        assert_eq!(
            zone_file_name("foo:bar/baz.example.com"),
            "foo\\058bar\\047baz.example.com."
        );
        assert_eq!(
            zone_file_name("macro%percent  space%20url-space.example.com"),
            "macro\\037percent\\032\\032space\\03720url-space.example.com."
        );
        assert_eq!(zone_file_name("_spf.x-y.example"), "_spf.x-y.example.");
        assert_eq!(
            zone_file_name("*.\"\\.example"),
            "\\042.\\034\\092.example."
        );
        assert_eq!(zone_file_name(""), ".");
    }

    #[test]
    fn what_real_dns_must_play_besides_the_zone() {
        let scenarios = load().expect("suite loads");
        let left_out = |names| -> Vec<&str> {
            scenarios
                .iter()
                .flat_map(|scenario| scenario.zone.left_out_names(names))
                .collect()
        };
        assert_eq!(left_out(ZoneNames::Escaped), ["null.example.com"]);
        assert_eq!(
            left_out(ZoneNames::HostNamesOnly),
            [
                "null.example.com",
                "foo:bar/baz.example.com",
                "foo:bar/baz.example.com",
                "macro%percent  space%20url-space.example.com"
            ]
        );
        // No CNAME leads into a name that times out, so a proxy that holds back the
        // questions for those names is asked about them.
        for scenario in &scenarios {
            let timeouts = scenario.zone.timeouts();
            for target in scenario.zone.cname_targets() {
                assert!(
                    !timeouts.iter().any(|(name, _)| *name == target),
                    "{}: CNAME to {target}",
                    scenario.description
                );
            }
        }
        let lookup = scenarios
            .iter()
            .find(|scenario| scenario.description == "Record lookup")
            .expect("scenario");
        assert_eq!(
            lookup.zone.timeouts(),
            [
                ("alltimeout.example.net", vec![]),
                ("nospftxttimeout.example.net", vec![]),
                ("spftimeout.example.net", vec![RecordType::Txt]),
                ("txttimeout.example.net", vec![]),
            ]
        );
        let file = lookup.zone.to_root_zone_file(ZoneNames::Escaped);
        assert!(file.contains("spftimeout.example.net. IN TXT \"v=spf1 -all\"\n"));
        assert!(!file.contains("txttimeout"), "{file}");
    }
}

#[cfg(test)]
mod hickory_zone_names {
    use hickory_proto::rr::Name;

    /// Why [`super::ZoneNames::HostNamesOnly`] exists: when this test fails, hickory's
    /// reader has learnt RFC 1035 escapes and the hickory-server run of the suite can
    /// use escaped names too.
    #[test]
    fn hickory_reads_escapes_as_octal_and_refuses_rfc_7208_names() {
        // `\101` is decimal 101, `e`, in RFC 1035 §5.1; hickory reads octal 101, `A`.
        let name = Name::parse("x\\101.example.", None).expect("parses");
        assert_eq!(name.iter().next(), Some(&b"xa"[..]));
        for escaped in [
            "foo\\058bar\\047baz.example.com.",
            "foo\\:bar\\/baz.example.com.",
            "macro\\%percent\\ \\ space.example.com.",
        ] {
            assert!(Name::parse(escaped, None).is_err(), "{escaped}");
        }
    }
}
