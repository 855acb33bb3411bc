//! `data` fields: the presentation form of RFC 1035 §5.1, per type, as the JSON form of
//! DNS over HTTPS carries it. Only reading: printing is `RecordData`'s `Display`.

use std::net::{Ipv4Addr, Ipv6Addr};
use std::str::FromStr;

use crate::dns::{RecordData, RecordType};

/// What is wrong with a `data` field, and in which part of it.
pub(super) struct DataProblem {
    pub(super) part: Option<&'static str>,
    pub(super) text: String,
}

fn problem(part: &'static str, text: impl Into<String>) -> DataProblem {
    DataProblem {
        part: Some(part),
        text: text.into(),
    }
}

/// The whitespace-separated fields of a `data` string, taken one part at a time.
struct Fields<'a>(std::str::SplitAsciiWhitespace<'a>);

impl<'a> Fields<'a> {
    fn text(&mut self, part: &'static str) -> Result<&'a str, DataProblem> {
        self.0.next().ok_or_else(|| problem(part, "missing"))
    }

    fn parse<T: FromStr>(&mut self, part: &'static str) -> Result<T, DataProblem> {
        let text = self.text(part)?;
        // `FromStr` for integers takes a leading `+`, which no presentation form has.
        let parsed = if text.starts_with('+') {
            None
        } else {
            text.parse().ok()
        };
        parsed.ok_or_else(|| problem(part, format!("{text:?} is not a valid {part}")))
    }

    fn name(&mut self, part: &'static str) -> Result<String, DataProblem> {
        parse_name(self.text(part)?).map_err(|text| problem(part, text))
    }

    /// The remaining fields joined: DS digests and DNSKEY keys may be split by spaces
    /// (zone files and some services break long ones).
    fn rest(self, part: &'static str) -> Result<String, DataProblem> {
        let joined: String = self.0.collect();
        if joined.is_empty() {
            return Err(problem(part, "missing"));
        }
        Ok(joined)
    }

    fn end(mut self) -> Result<(), DataProblem> {
        match self.0.next() {
            None => Ok(()),
            Some(extra) => Err(DataProblem {
                part: None,
                text: format!("unexpected {extra:?} after the last field"),
            }),
        }
    }
}

/// Parses `data` in presentation form as a record of `rtype`.
pub(super) fn parse_data(rtype: RecordType, data: &str) -> Result<RecordData, DataProblem> {
    if rtype == RecordType::Txt {
        return Ok(RecordData::Txt {
            strings: parse_txt(data),
        });
    }
    let mut fields = Fields(data.split_ascii_whitespace());
    let parsed = match rtype {
        RecordType::A => RecordData::A {
            address: fields.parse::<Ipv4Addr>("address")?,
        },
        RecordType::Aaaa => RecordData::Aaaa {
            address: fields.parse::<Ipv6Addr>("address")?,
        },
        RecordType::Cname => RecordData::Cname {
            target: fields.name("target")?,
        },
        RecordType::Ns => RecordData::Ns {
            host: fields.name("host")?,
        },
        RecordType::Ptr => RecordData::Ptr {
            target: fields.name("target")?,
        },
        RecordType::Mx => RecordData::Mx {
            preference: fields.parse("preference")?,
            exchange: fields.name("exchange")?,
        },
        RecordType::Soa => RecordData::Soa {
            mname: fields.name("mname")?,
            rname: fields.name("rname")?,
            serial: fields.parse("serial")?,
            refresh: fields.parse("refresh")?,
            retry: fields.parse("retry")?,
            expire: fields.parse("expire")?,
            minimum: fields.parse("minimum")?,
        },
        RecordType::Srv => RecordData::Srv {
            priority: fields.parse("priority")?,
            weight: fields.parse("weight")?,
            port: fields.parse("port")?,
            target: fields.name("target")?,
        },
        RecordType::Ds => {
            let key_tag = fields.parse("key tag")?;
            let algorithm = fields.parse("algorithm")?;
            let digest_type = fields.parse("digest type")?;
            let digest = fields.rest("digest")?;
            if !digest.len().is_multiple_of(2) || !digest.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(problem("digest", "not hex digits in pairs"));
            }
            return Ok(RecordData::Ds {
                key_tag,
                algorithm,
                digest_type,
                digest: digest.to_ascii_lowercase(),
            });
        }
        RecordType::Dnskey => {
            let flags = fields.parse("flags")?;
            let protocol = fields.parse("protocol")?;
            let algorithm = fields.parse("algorithm")?;
            let public_key = fields.rest("public key")?;
            // Checked here so that `key_tag` and `to_rdata` can rely on it later.
            if crate::dkim::key::decode_base64(&public_key).is_none() {
                return Err(problem("public key", "not base64"));
            }
            return Ok(RecordData::Dnskey {
                flags,
                protocol,
                algorithm,
                public_key,
            });
        }
        // Some services (Cloudflare) write TLSA in RFC 3597's generic form:
        // `\# <length> <hex>`.
        RecordType::Tlsa if data.trim_start().starts_with("\\#") => return generic_tlsa(data),
        RecordType::Tlsa => {
            let usage = fields.parse("certificate usage")?;
            let selector = fields.parse("selector")?;
            let matching_type = fields.parse("matching type")?;
            let data = fields.rest("certificate association data")?;
            if !data.len().is_multiple_of(2) || !data.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(problem(
                    "certificate association data",
                    "not hex digits in pairs",
                ));
            }
            return Ok(RecordData::Tlsa {
                usage,
                selector,
                matching_type,
                data: data.to_ascii_lowercase(),
            });
        }
        RecordType::Txt => unreachable!("handled above"),
    };
    fields.end()?;
    Ok(parsed)
}

/// A TLSA record in RFC 3597 §5's generic form: `\# <length> <hex>`, the hex in one
/// or more pieces, its octets the wire RDATA (RFC 6698 §2.1).
fn generic_tlsa(data: &str) -> Result<RecordData, DataProblem> {
    let mut fields = data.split_ascii_whitespace().skip(1);
    let length: usize = fields
        .next()
        .and_then(|text| text.parse().ok())
        .ok_or_else(|| problem("length", "not a number"))?;
    let hex: String = fields.collect();
    let octets = crate::dns::decode_hex(&hex)
        .filter(|octets| octets.len() == length)
        .ok_or_else(|| problem("rdata", "not hex digits of the given length"))?;
    let [usage, selector, matching_type, rest @ ..] = octets.as_slice() else {
        return Err(problem("rdata", "shorter than the three fixed fields"));
    };
    if rest.is_empty() {
        return Err(problem("certificate association data", "missing"));
    }
    Ok(RecordData::Tlsa {
        usage: *usage,
        selector: *selector,
        matching_type: *matching_type,
        data: rest.iter().map(|byte| format!("{byte:02x}")).collect(),
    })
}

/// A domain name in presentation form: lower-cased, without the trailing dot; the root
/// (`.`, the target of a null MX) is `""`. Escapes (`\.`, `\DDD`) are kept as written:
/// no name the tools compare contains them.
pub(super) fn parse_name(text: &str) -> Result<String, String> {
    if text == "." {
        return Ok(String::new());
    }
    let bare = text.strip_suffix('.').unwrap_or(text);
    if bare.is_empty() {
        return Err("empty name".into());
    }
    if bare.split('.').any(str::is_empty) {
        return Err(format!("empty label in {text:?}"));
    }
    if let Some(ch) = bare
        .chars()
        .find(|ch| ch.is_whitespace() || ch.is_control())
    {
        return Err(format!("{ch:?} in the name {text:?}"));
    }
    Ok(bare.to_ascii_lowercase())
}

/// TXT data. Cloudflare and our server send the presentation form: one or more
/// character-strings, quoted or not, with `\"`, `\\` and `\DDD` escapes (RFC 1035
/// §5.1), kept apart here. Google sends the text itself, unquoted, and joins the
/// strings of a multi-string record; so data that does not start with `"` is one
/// string as it stands.
///
/// Data that starts with `"` but does not parse (an unclosed quote, a bad escape) is
/// taken as Google's raw text too: a TXT string may itself begin with a quote, and
/// reading it as written loses less than refusing the whole answer.
fn parse_txt(data: &str) -> Vec<String> {
    if data.starts_with('"')
        && let Some(strings) = character_strings(data)
    {
        return strings;
    }
    vec![data.to_owned()]
}

/// RFC 1035 §5.1 character-strings, separated by white space. `None` when malformed.
fn character_strings(data: &str) -> Option<Vec<String>> {
    let bytes = data.as_bytes();
    let mut strings = Vec::new();
    let mut at = 0;
    loop {
        while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
            at += 1;
        }
        let Some(&first) = bytes.get(at) else {
            return Some(strings);
        };
        let quoted = first == b'"';
        if quoted {
            at += 1;
        }
        // Octets, not chars: `\DDD` may spell one octet of a UTF-8 sequence.
        let mut octets = Vec::new();
        loop {
            let Some(&byte) = bytes.get(at) else {
                if quoted {
                    return None; // unclosed quote
                }
                break;
            };
            if quoted && byte == b'"' {
                at += 1;
                break;
            }
            if !quoted && byte.is_ascii_whitespace() {
                break;
            }
            at += 1;
            if byte != b'\\' {
                octets.push(byte);
                continue;
            }
            let next = *bytes.get(at)?;
            if next.is_ascii_digit() {
                let digits = bytes.get(at..at + 3)?;
                if !digits.iter().all(u8::is_ascii_digit) {
                    return None;
                }
                let value = digits
                    .iter()
                    .fold(0u16, |value, digit| value * 10 + u16::from(digit - b'0'));
                octets.push(u8::try_from(value).ok()?);
                at += 3;
            } else {
                // `\X` is X itself; for a multi-octet character the rest follows as is.
                octets.push(next);
                at += 1;
            }
        }
        // As the server's resolver seam does: octets that are not UTF-8 become U+FFFD,
        // which no mail record may contain anyway.
        strings.push(String::from_utf8_lossy(&octets).into_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tlsa_reads_in_both_forms() {
        let expected = RecordData::Tlsa {
            usage: 3,
            selector: 1,
            matching_type: 1,
            data: "abcdef01".into(),
        };
        assert_eq!(
            parse_data(RecordType::Tlsa, "3 1 1 ABCDEF01").ok(),
            Some(expected.clone())
        );
        assert_eq!(
            parse_data(RecordType::Tlsa, "\\# 7 030101 abcdef01").ok(),
            Some(expected)
        );
        for bad in [
            "\\# 8 030101abcdef01",
            "\\# 3 030101",
            "\\# x 00",
            "3 1 1 abc",
        ] {
            assert!(parse_data(RecordType::Tlsa, bad).is_err(), "{bad}");
        }
    }
}
