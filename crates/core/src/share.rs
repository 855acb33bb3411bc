//! Text packed into a link: a small LZ77 compressor and URL-safe base64, so a whole
//! plan fits in the fragment of a share link (`/plan#plan=…`; the fragment never
//! reaches a server). Pure and symmetric, so the page and the CLI make the same links.
//!
//! Format (after base64url without padding): the byte `1` (version), then tokens. A
//! token byte `c` below 0x80 is followed by `c + 1` literal bytes; from 0x80 it is a
//! match of `(c & 0x7f) + 3` bytes copied from `offset` bytes back, the offset in the
//! next two bytes, big-endian.

use std::collections::HashMap;

/// The format version written first.
const VERSION: u8 = 1;
const MIN_MATCH: usize = 3;
const MAX_MATCH: usize = 0x7f + MIN_MATCH;
const MAX_OFFSET: usize = u16::MAX as usize;
const MAX_LITERALS: usize = 0x80;

/// Why a link's text cannot be unpacked.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ShareError {
    /// Not base64url.
    #[error("not a share link")]
    NotBase64,
    /// A version this code does not know.
    #[error("share link version {0} is not known")]
    Version(u8),
    /// Truncated, or a match reaching before the start.
    #[error("the share link is damaged")]
    Damaged,
    /// Unpacks to more than the caller allows.
    #[error("the share link is too large")]
    TooLarge,
    /// Not UTF-8 text.
    #[error("the share link does not hold text")]
    NotText,
}

/// Packs `text` for a link.
pub fn pack(text: &str) -> String {
    let input = text.as_bytes();
    let mut out = vec![VERSION];
    let mut literals: Vec<u8> = Vec::new();
    // The last position each 3-byte prefix was seen at: one candidate per prefix
    // keeps packing linear.
    let mut last_seen: HashMap<[u8; 3], usize> = HashMap::new();
    let mut at = 0;
    while at < input.len() {
        let mut best = (0, 0);
        if at + MIN_MATCH <= input.len() {
            let key = [input[at], input[at + 1], input[at + 2]];
            if let Some(&from) = last_seen.get(&key)
                && at - from <= MAX_OFFSET
            {
                let length = input[from..]
                    .iter()
                    .zip(&input[at..])
                    .take(MAX_MATCH)
                    .take_while(|(a, b)| a == b)
                    .count();
                best = (length, at - from);
            }
            last_seen.insert(key, at);
        }
        if best.0 >= MIN_MATCH {
            flush(&mut out, &mut literals);
            out.push(0x80 | (best.0 - MIN_MATCH) as u8);
            out.extend_from_slice(&(best.1 as u16).to_be_bytes());
            for skipped in at + 1..at + best.0 {
                if skipped + MIN_MATCH <= input.len() {
                    let key = [input[skipped], input[skipped + 1], input[skipped + 2]];
                    last_seen.insert(key, skipped);
                }
            }
            at += best.0;
        } else {
            literals.push(input[at]);
            if literals.len() == MAX_LITERALS {
                flush(&mut out, &mut literals);
            }
            at += 1;
        }
    }
    flush(&mut out, &mut literals);
    base64url(&out)
}

fn flush(out: &mut Vec<u8>, literals: &mut Vec<u8>) {
    if !literals.is_empty() {
        out.push((literals.len() - 1) as u8);
        out.append(literals);
    }
}

/// Unpacks a link's text, refusing to produce more than `max_len` bytes (a short link
/// must not be able to make the page allocate without bound).
pub fn unpack(link: &str, max_len: usize) -> Result<String, ShareError> {
    let bytes = from_base64url(link.trim()).ok_or(ShareError::NotBase64)?;
    let (&version, mut rest) = bytes.split_first().ok_or(ShareError::Damaged)?;
    if version != VERSION {
        return Err(ShareError::Version(version));
    }
    let mut out: Vec<u8> = Vec::new();
    while let Some((&token, after)) = rest.split_first() {
        rest = after;
        if token < 0x80 {
            let count = usize::from(token) + 1;
            let literal = rest.get(..count).ok_or(ShareError::Damaged)?;
            if out.len() + count > max_len {
                return Err(ShareError::TooLarge);
            }
            out.extend_from_slice(literal);
            rest = &rest[count..];
        } else {
            let length = usize::from(token & 0x7f) + MIN_MATCH;
            let offset = rest.get(..2).ok_or(ShareError::Damaged)?;
            let offset = usize::from(u16::from_be_bytes([offset[0], offset[1]]));
            rest = &rest[2..];
            if offset == 0 || offset > out.len() {
                return Err(ShareError::Damaged);
            }
            if out.len() + length > max_len {
                return Err(ShareError::TooLarge);
            }
            // Byte by byte: a match may overlap what it produces (a run).
            let start = out.len() - offset;
            for index in 0..length {
                out.push(out[start + index]);
            }
        }
    }
    String::from_utf8(out).map_err(|_| ShareError::NotText)
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn base64url(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for index in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(n >> (18 - 6 * index) & 63) as usize]));
        }
    }
    out
}

fn from_base64url(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut buffer = 0u32;
    let mut bits = 0;
    for byte in text.bytes() {
        let value = ALPHABET.iter().position(|&c| c == byte)? as u32;
        buffer = buffer << 6 | value;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    // Leftover bits must be padding zeros, and a lone 6-bit group is not a byte.
    (buffer == 0 && bits < 6).then_some(out)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn a_plan_packs_small_and_unpacks_exactly() {
        let domain = crate::DomainName::parse("example.co.jp").unwrap();
        let mut plan = crate::plan::Plan::new(
            &domain,
            "google-workspace",
            "2027-02-16T19:00".parse().unwrap(),
        );
        let list: String = (0..40)
            .map(|at| format!("user{at}@example.co.jp\n"))
            .collect();
        plan.accounts.accounts = crate::accounts::import(&list, &domain).accounts;
        let json = plan.to_json();
        let link = pack(&json);
        assert!(
            link.len() * 3 < json.len(),
            "{} → {}",
            json.len(),
            link.len()
        );
        assert_eq!(unpack(&link, 1 << 20).unwrap(), json);
        assert!(
            link.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
    }

    #[test]
    fn damaged_and_hostile_links_are_errors() {
        assert_eq!(unpack("", 100), Err(ShareError::Damaged));
        assert_eq!(unpack("not base64!", 100), Err(ShareError::NotBase64));
        assert_eq!(
            unpack(&base64url(&[2, 0, b'a']), 100),
            Err(ShareError::Version(2))
        );
        assert_eq!(
            unpack(&base64url(&[1, 5, b'a']), 100),
            Err(ShareError::Damaged)
        );
        assert_eq!(
            unpack(&base64url(&[1, 0x80, 0, 1]), 100),
            Err(ShareError::Damaged)
        );
        // A run that would unpack to far more than allowed stops at the limit.
        let mut bomb = vec![1, 0, b'a'];
        for _ in 0..1000 {
            bomb.extend_from_slice(&[0xff, 0, 1]);
        }
        assert_eq!(unpack(&base64url(&bomb), 10_000), Err(ShareError::TooLarge));
        assert_eq!(
            unpack(&base64url(&[1, 0, 0xff]), 100),
            Err(ShareError::NotText)
        );
    }

    proptest! {
        #[test]
        fn anything_round_trips(text in "\\PC{0,600}|(abc|日本語|\\{\"a\":1\\}){0,200}") {
            prop_assert_eq!(unpack(&pack(&text), 1 << 20).unwrap(), text);
        }

        #[test]
        fn arbitrary_links_never_panic(link in "[A-Za-z0-9_-]{0,300}") {
            let _ = unpack(&link, 4096);
        }
    }
}
