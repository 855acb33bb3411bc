//! The addresses a probe writes into `RCPT TO:<…>`: the user's, checked so that no
//! address can smuggle a command in, and a made-up one to recognise a catch-all.

/// The longest address asked: 64 octets of local part, `@`, 255 of domain would be
/// more than a path may hold (RFC 5321 §4.5.3.1.3: 256 octets with the brackets).
const MAX_ADDRESS: usize = 254;

/// Whether `address` can go into `RCPT TO:<address>` as it is: `local@domain`, ASCII,
/// no spaces, control characters or angle brackets (so no second command can ride
/// in with it), at most 254 octets.
pub fn is_usable(address: &str) -> bool {
    let Some((local, domain)) = address.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.is_empty()
        && address.len() <= MAX_ADDRESS
        && address
            .bytes()
            .all(|b| b.is_ascii_graphic() && b != b'<' && b != b'>')
}

/// Lower-case letters and digits that read unambiguously (32 of them: 5 bits each).
const ALPHABET: &[u8; 32] = b"abcdefghijkmnpqrstuvwxyz23456789";

/// A made-up address at `domain` nobody has: `mailmove-probe-` and 16 characters
/// from the 10 random bytes the shell supplies (80 bits). If the server accepts it,
/// it accepts anything, and accepting the real addresses proves nothing.
pub fn catch_all_probe(domain: &str, random: &[u8; 10]) -> String {
    let mut number = random
        .iter()
        .fold(0u128, |number, &byte| (number << 8) | u128::from(byte));
    let mut local = String::from("mailmove-probe-");
    for _ in 0..16 {
        local.push(char::from(ALPHABET[(number & 31) as usize]));
        number >>= 5;
    }
    format!("{local}@{domain}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_addresses_are_usable() {
        assert!(is_usable("info@example.jp"));
        assert!(is_usable("first.last+tag@xn--eckwd4c7c.jp"));
    }

    #[test]
    fn addresses_that_could_carry_a_command_are_not() {
        for address in [
            "a@example.jp>\r\nDATA",
            "a b@example.jp",
            "a@example.jp\n",
            "<a@example.jp",
            "a@example.jp>",
            "a\t@example.jp",
            "user",
            "@example.jp",
            "a@",
            "山田@example.jp",
        ] {
            assert!(!is_usable(address), "{address:?}");
        }
        let long = format!("{}@example.jp", "a".repeat(250));
        assert!(!is_usable(&long));
    }

    #[test]
    fn the_catch_all_probe_depends_on_every_random_byte() {
        let base = catch_all_probe("example.jp", &[0; 10]);
        assert!(base.starts_with("mailmove-probe-") && base.ends_with("@example.jp"));
        assert!(is_usable(&base));
        for index in 0..10 {
            let mut bytes = [0; 10];
            bytes[index] = 1;
            assert_ne!(catch_all_probe("example.jp", &bytes), base, "byte {index}");
        }
    }
}
