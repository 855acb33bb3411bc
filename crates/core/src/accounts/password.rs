//! Initial passwords from randomness the shell supplies (the OS or the browser's
//! `crypto.getRandomValues`): core has no random source of its own, by design.

/// No `I` or `O`: they read as `1` and `0`.
const UPPER: &[u8; 24] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
/// No `l` or `o`: they read as `1`/`I` and `0`.
const LOWER: &[u8; 24] = b"abcdefghijkmnpqrstuvwxyz";
/// No `0` or `1`.
const DIGITS: &[u8; 8] = b"23456789";
/// Symbols every Japanese and US keyboard has. Not `= + - @` (Excel starts a formula
/// when a cell begins with one, and the CSV is opened in Excel), not quotes, comma,
/// backslash or space (CSV and shell quoting).
const SYMBOLS: &[u8; 8] = b"!#$%&*?_";

/// The length of [`password_from_random`]'s passwords.
const LENGTH: usize = 16;

/// A 16-character password from 16 random bytes: at least one upper-case letter, one
/// lower-case letter, one digit and one symbol, no look-alike characters (`0 O 1 l I`).
/// The same bytes always give the same password.
///
/// The 128 bits are read as one number in mixed radix, so no byte is reduced modulo
/// an alphabet size (no bias): four characters from each class, twelve from all 64
/// characters (exactly 6 bits each), and what remains shuffles the positions. That is
/// about 87 bits in the characters alone. It meets Zoho's rule (8 characters, a number
/// and a special character, providers.md §2) and Google's 8-character minimum.
pub fn password_from_random(bytes: &[u8; 16]) -> String {
    let mut number = u128::from_le_bytes(*bytes);
    let mut take = |radix: usize| {
        let radix = radix as u128;
        let digit = (number % radix) as usize;
        number /= radix;
        digit
    };
    let all: Vec<u8> = [&UPPER[..], &LOWER[..], &DIGITS[..], &SYMBOLS[..]].concat();
    let mut chars = [0u8; LENGTH];
    chars[0] = UPPER[take(UPPER.len())];
    chars[1] = LOWER[take(LOWER.len())];
    chars[2] = DIGITS[take(DIGITS.len())];
    chars[3] = SYMBOLS[take(SYMBOLS.len())];
    for slot in &mut chars[4..] {
        *slot = all[take(all.len())];
    }
    // Fisher–Yates with the remaining bits; when they run out the last swaps are
    // identity, which still leaves a permutation.
    for index in (1..LENGTH).rev() {
        chars.swap(index, take(index + 1));
    }
    chars.iter().map(|&byte| char::from(byte)).collect()
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    /// A deterministic stream of varied byte arrays (xorshift), so the test needs no
    /// random source and every run checks the same inputs.
    fn inputs(count: usize) -> Vec<[u8; 16]> {
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut out = vec![[0u8; 16], [0xFF; 16]];
        while out.len() < count {
            let mut bytes = [0u8; 16];
            bytes[..8].copy_from_slice(&next().to_le_bytes());
            bytes[8..].copy_from_slice(&next().to_le_bytes());
            out.push(bytes);
        }
        out
    }

    #[test]
    fn every_password_has_all_classes_and_no_look_alikes() {
        for bytes in inputs(2000) {
            let password = password_from_random(&bytes);
            assert_eq!(password.chars().count(), 16, "{password}");
            assert!(
                password.chars().any(|ch| ch.is_ascii_uppercase()),
                "{password}"
            );
            assert!(
                password.chars().any(|ch| ch.is_ascii_lowercase()),
                "{password}"
            );
            assert!(password.chars().any(|ch| ch.is_ascii_digit()), "{password}");
            assert!(
                password.chars().any(|ch| SYMBOLS.contains(&(ch as u8))),
                "{password}"
            );
            assert!(!password.contains(['0', 'O', '1', 'l', 'I']), "{password}");
            assert!(!password.starts_with(['=', '+', '-', '@']), "{password}");
            assert!(!password.contains([',', '"', ' ', '\\']), "{password}");
        }
    }

    #[test]
    fn the_same_bytes_give_the_same_password() {
        for bytes in inputs(200) {
            assert_eq!(password_from_random(&bytes), password_from_random(&bytes));
        }
        // Pinned (checked against an independent reimplementation of the mixed-radix
        // reading), so a change to the mapping is noticed.
        let mut bytes = [0u8; 16];
        for (index, byte) in bytes.iter_mut().enumerate() {
            *byte = index as u8;
        }
        assert_eq!(password_from_random(&bytes), "u&p!A#uuyXA8Us5v");
    }

    #[test]
    fn different_bytes_give_different_passwords() {
        let passwords: HashSet<String> = inputs(5000).iter().map(password_from_random).collect();
        assert_eq!(passwords.len(), 5000);
        // Flipping one bit anywhere changes the password.
        let base = [0x5Au8; 16];
        for bit in 0..128 {
            let mut flipped = base;
            flipped[bit / 8] ^= 1 << (bit % 8);
            assert_ne!(
                password_from_random(&flipped),
                password_from_random(&base),
                "bit {bit}"
            );
        }
    }
}
