//! Punycode decoding (RFC 3492 §6.2), for showing A-labels as U-labels without the
//! IDNA tables. Bounded: a label is at most 63 octets, and any overflow or invalid
//! digit is `None`.

const BASE: u32 = 36;
const T_MIN: u32 = 1;
const T_MAX: u32 = 26;
const SKEW: u32 = 38;
const DAMP: u32 = 700;
const INITIAL_BIAS: u32 = 72;
const INITIAL_N: u32 = 0x80;

/// Decodes the part of an A-label after `xn--`; `None` when it is not valid Punycode
/// or decodes to nothing but ASCII (which an A-label never does).
pub(crate) fn decode(input: &str) -> Option<String> {
    if !input.is_ascii() || input.len() > super::MAX_LABEL_LEN {
        return None;
    }
    // Basic code points come before the last delimiter, when there is one.
    // §6.2: the last delimiter is consumed only when basic code points precede it;
    // a leading `-` with nothing before it is a (bad) digit.
    let (basic, extended) = match input.rfind('-') {
        Some(at) if at > 0 => (&input[..at], &input[at + 1..]),
        _ => ("", input),
    };
    let mut output: Vec<char> = basic.chars().collect();
    let (mut n, mut i, mut bias) = (INITIAL_N, 0u32, INITIAL_BIAS);
    let mut digits = extended.bytes().peekable();
    while digits.peek().is_some() {
        let old_i = i;
        let mut weight = 1u32;
        let mut k = BASE;
        loop {
            let digit = digit_value(digits.next()?)?;
            i = i.checked_add(digit.checked_mul(weight)?)?;
            let t = threshold(k, bias);
            if digit < t {
                break;
            }
            weight = weight.checked_mul(BASE - t)?;
            k += BASE;
        }
        let length = u32::try_from(output.len()).ok()? + 1;
        bias = adapt(i - old_i, length, old_i == 0);
        n = n.checked_add(i / length)?;
        i %= length;
        let decoded = char::from_u32(n)?;
        if decoded.is_ascii() {
            return None;
        }
        output.insert(usize::try_from(i).ok()?, decoded);
        i += 1;
    }
    let decoded: String = output.into_iter().collect();
    (!decoded.is_ascii()).then_some(decoded)
}

fn digit_value(byte: u8) -> Option<u32> {
    match byte {
        b'a'..=b'z' => Some(u32::from(byte - b'a')),
        b'A'..=b'Z' => Some(u32::from(byte - b'A')),
        b'0'..=b'9' => Some(u32::from(byte - b'0') + 26),
        _ => None,
    }
}

fn threshold(k: u32, bias: u32) -> u32 {
    if k <= bias {
        T_MIN
    } else if k >= bias + T_MAX {
        T_MAX
    } else {
        k - bias
    }
}

fn adapt(delta: u32, points: u32, first: bool) -> u32 {
    let mut delta = if first { delta / DAMP } else { delta / 2 };
    delta += delta / points;
    let mut k = 0;
    while delta > ((BASE - T_MIN) * T_MAX) / 2 {
        delta /= BASE - T_MIN;
        k += BASE;
    }
    k + (BASE - T_MIN + 1) * delta / (delta + SKEW)
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn decodes_the_rfc_samples_and_japanese_names() {
        for (encoded, expected) in [
            ("r8jz45g", "例え"),
            ("wgv71a119e", "日本語"),
            ("tckwe", "コム"),
            // RFC 3492 §7.1 (B): Chinese (simplified).
            ("ihqwcrb4cv8a8dqg056pqjye", "他们为什么不说中文"),
            // (L): 3<nen>B<gumi><kinpachi><sensei>, mixed basic and extended.
            ("3B-ww4c5e180e575a65lsy2b", "3年B組金八先生"),
            ("bcher-kva", "bücher"),
        ] {
            assert_eq!(decode(encoded).as_deref(), Some(expected), "{encoded}");
        }
    }

    #[test]
    fn rejects_what_is_not_punycode() {
        for bad in [
            "",
            "abc-",
            "!!",
            "zzzzzzzzzzzzzz",
            "99999999999999999",
            "例え",
            "-kva",
        ] {
            assert_eq!(decode(bad), None, "{bad}");
        }
    }

    #[cfg(feature = "idna")]
    mod against_idna {
        use proptest::prelude::*;

        proptest! {
            /// Whatever the `idna` crate encodes, this decodes back.
            #[test]
            fn decodes_what_idna_encodes(label in "[a-z0-9\\u{80}-\\u{2FFF}\\u{3040}-\\u{9FFF}]{1,12}") {
                prop_assume!(!label.is_ascii());
                let encoded = idna::punycode::encode_str(&label).expect("encodes");
                prop_assert_eq!(super::decode(&encoded), Some(label));
            }

            /// Never panics, whatever the bytes.
            #[test]
            fn never_panics(input in "[ -~]{0,70}") {
                let _ = super::decode(&input);
            }
        }
    }
}
