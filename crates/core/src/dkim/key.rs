//! The bytes behind `p=`: base64 (RFC 2045 §6.8, which RFC 6376 §2.4 cites) and just
//! enough DER (X.690) to read an RSA modulus length.
//!
//! ```text
//! base64string    =  ALPHADIGITPS *([FWS] ALPHADIGITPS)
//!                    [ [FWS] "=" [ [FWS] "=" ] ]
//! ALPHADIGITPS    =  (ALPHA / DIGIT / "+" / "/")
//!
//! SubjectPublicKeyInfo  ::=  SEQUENCE  {       -- RFC 5280 §4.1
//!      algorithm            AlgorithmIdentifier,
//!      subjectPublicKey     BIT STRING  }
//! RSAPublicKey ::= SEQUENCE {                  -- RFC 8017 §A.1.1
//!      modulus           INTEGER,  -- n
//!      publicExponent    INTEGER   -- e
//! }
//! ```

use crate::tag_list::is_space;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// `rsaEncryption`, 1.2.840.113549.1.1.1, DER-encoded.
const RSA_ENCRYPTION: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];

const SEQUENCE: u8 = 0x30;
const INTEGER: u8 = 0x02;
const BIT_STRING: u8 = 0x03;
const OBJECT_IDENTIFIER: u8 = 0x06;

/// Encodes `data` as padded base64 on one line.
pub(crate) fn encode_base64(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let bytes = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let group = u32::from_be_bytes([0, bytes[0], bytes[1], bytes[2]]);
        for idx in 0..4 {
            if idx <= chunk.len() {
                let sextet = (group >> (18 - 6 * idx)) & 0x3f;
                out.push(char::from(ALPHABET[sextet as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Decodes padded base64, skipping whitespace (FWS inside `p=` is allowed). `None` for a
/// character outside the alphabet, misplaced `=` or a length that is not a multiple of 4.
pub(crate) fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let symbols: Vec<u8> = text.bytes().filter(|b| !is_space(char::from(*b))).collect();
    if !symbols.len().is_multiple_of(4) {
        return None;
    }
    let padding = symbols.iter().rev().take_while(|b| **b == b'=').count();
    if padding > 2 {
        return None;
    }
    let mut out = Vec::with_capacity(symbols.len() / 4 * 3);
    for (group_idx, group) in symbols.chunks(4).enumerate() {
        let is_last = (group_idx + 1) * 4 == symbols.len();
        let pad = if is_last { padding } else { 0 };
        let mut value = 0u32;
        for (idx, symbol) in group.iter().enumerate() {
            let sextet = if idx >= 4 - pad { 0 } else { sextet(*symbol)? };
            value = (value << 6) | sextet;
        }
        let bytes = value.to_be_bytes();
        out.extend_from_slice(&bytes[1..4 - pad]);
    }
    Some(out)
}

fn sextet(symbol: u8) -> Option<u32> {
    let value = match symbol {
        b'A'..=b'Z' => symbol - b'A',
        b'a'..=b'z' => symbol - b'a' + 26,
        b'0'..=b'9' => symbol - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => return None,
    };
    Some(u32::from(value))
}

/// Reads one DER tag-length-value: the tag, the contents and what follows.
fn read_tlv(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        // Long form: the low bits say how many length octets follow (at most 4 here;
        // 0x80, the indefinite length, is not DER).
        let count = usize::from(first & 0x7f);
        if count == 0 || count > 4 || rest.len() < count {
            return None;
        }
        let len = rest[..count]
            .iter()
            .fold(0usize, |len, byte| (len << 8) | usize::from(*byte));
        (len, &rest[count..])
    };
    (rest.len() >= len).then(|| (tag, &rest[..len], &rest[len..]))
}

/// The length in bits of the modulus of an RSA public key given as a DER
/// `SubjectPublicKeyInfo` (what DKIM keys are in practice) or a bare `RSAPublicKey`
/// (what RFC 6376 §3.6.1 literally describes).
pub(crate) fn rsa_modulus_bits(der: &[u8]) -> Option<u32> {
    let (tag, outer, _) = read_tlv(der)?;
    if tag != SEQUENCE {
        return None;
    }
    let (first_tag, first, rest) = read_tlv(outer)?;
    match first_tag {
        SEQUENCE => {
            let (oid_tag, oid, _) = read_tlv(first)?;
            if oid_tag != OBJECT_IDENTIFIER || oid != RSA_ENCRYPTION {
                return None;
            }
            let (bits_tag, bits, _) = read_tlv(rest)?;
            // The first octet of a BIT STRING counts the unused bits of the last one.
            match bits.split_first() {
                Some((0, key)) if bits_tag == BIT_STRING => rsa_public_key_bits(key),
                _ => None,
            }
        }
        INTEGER => rsa_public_key_bits(der),
        _ => None,
    }
}

/// `RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }`.
fn rsa_public_key_bits(der: &[u8]) -> Option<u32> {
    let (tag, fields, _) = read_tlv(der)?;
    let (modulus_tag, modulus, rest) = read_tlv(fields)?;
    let (exponent_tag, _, _) = read_tlv(rest)?;
    if tag != SEQUENCE || modulus_tag != INTEGER || exponent_tag != INTEGER {
        return None;
    }
    // A positive INTEGER starts with 0x00 when its top bit is set; that octet is sign,
    // not size.
    let start = modulus.iter().position(|byte| *byte != 0)?;
    let significant = &modulus[start..];
    let top_bits = 8 - significant[0].leading_zeros();
    u32::try_from(significant.len() - 1)
        .ok()?
        .checked_mul(8)?
        .checked_add(top_bits)
}

#[cfg(test)]
pub(super) mod tests {
    use proptest::prelude::*;

    use super::*;

    pub(crate) const RSA_1024_SPKI: &str = "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQCkNngq24vvKgmQNRRHq2WokMj3zLrjcQEl8POzDdZjq1kizif6D2ocoWCX2mg8cEdMzuLmNe7Rz61AgEUy/HZCB2OzvzxfBQES5Hjl+xIUgaD6fmgxv2GnZtcBlcO+olyeQMEnD6cgPtZYTCuTmDSCNR9c5n/oLDcgAlvs031bvQIDAQAB";
    pub(crate) const RSA_2048_SPKI: &str = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEArzp7VL//xIZLmbdJPOHl+/vJ/q4At25+h8YLYQIaqFgdyTzKLr7cfsI31MyR5t71dbjXL8Ck1bp30HGy1hlw74IbY3TmKwTWqu74HLnxoiGJ5pAjwyNhH/ZUz1BGIkblNIEQ5CAzz/hQZhs031pzAv4wilo8pYVwdvG4MXzJquw91v1d6Rl/j+o1OWs6RDTObI9IEPTTu2WC1tPi4s9fnQJraJIqyQB68DpRUATZbahbMwfVUEUE/o7iR/691SnOWXpTKloFZxxuFL4AQShEjcoSlN9kCxqNlP5iRO5t5vkgfnFmkFj2RVdbmiUODX6gUjTWMznDXW6bi2Qto+FQXwIDAQAB";
    const RSA_1024_BARE: &str = "MIGJAoGBAKQ2eCrbi+8qCZA1FEerZaiQyPfMuuNxASXw87MN1mOrWSLOJ/oPahyhYJfaaDxwR0zO4uY17tHPrUCARTL8dkIHY7O/PF8FARLkeOX7EhSBoPp+aDG/Yadm1wGVw76iXJ5AwScPpyA+1lhMK5OYNII1H1zmf+gsNyACW+zTfVu9AgMBAAE=";

    #[test]
    fn reads_the_modulus_length_of_real_keys() {
        // Keys made with `openssl genrsa` and `openssl rsa -pubout -outform DER`
        // (`-RSAPublicKey_out` for the bare one).
        for (key, bits) in [
            (RSA_1024_SPKI, Some(1024)),
            (RSA_2048_SPKI, Some(2048)),
            (RSA_1024_BARE, Some(1024)),
            // RFC 8463 Appendix A's Ed25519 key is not an RSA key.
            ("11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=", None),
            // Truncated: the BIT STRING claims more bytes than there are.
            ("MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQCkNngq", None),
        ] {
            let der = decode_base64(key).expect("valid base64");
            assert_eq!(rsa_modulus_bits(&der), bits, "{key}");
        }
    }

    #[test]
    fn decodes_base64_strictly() {
        for (input, expected) in [
            ("", Some(&b""[..])),
            ("TWFu", Some(&b"Man"[..])),
            ("TWE=", Some(&b"Ma"[..])),
            ("TQ==", Some(&b"M"[..])),
            (" TW\tFu\r\n TQ = = ", Some(&b"ManM"[..])),
            ("TQ", None),
            ("TQ=", None),
            ("TQ===", None),
            ("T=Q=", None),
            ("TWFu!A==", None),
            ("TWF\u{e9}", None),
        ] {
            assert_eq!(decode_base64(input).as_deref(), expected, "{input}");
        }
    }

    proptest! {
        #[test]
        fn base64_round_trips(data in proptest::collection::vec(any::<u8>(), 0..100)) {
            let text = encode_base64(&data);
            prop_assert_eq!(text.len() % 4, 0);
            prop_assert_eq!(decode_base64(&text), Some(data));
        }

        #[test]
        fn never_panics_on_garbage(data in proptest::collection::vec(any::<u8>(), 0..64)) {
            let _ = rsa_modulus_bits(&data);
        }
    }
}
