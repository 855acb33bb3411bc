//! From what a user pastes to the host part: full-width characters folded, an e-mail
//! address or a URL reduced to its domain.

/// Folds the full-width forms a Japanese input method produces (`ｅｘａｍｐｌｅ．ｊｐ`,
/// `＠`, `：／／`) and the ideographic space and full stop to ASCII, so that the
/// e-mail/URL split below sees them. IDNA would fold letters later anyway, but not the
/// `＠` or `／` that decide what the domain is.
pub(crate) fn fold_width(input: &str) -> String {
    input
        .chars()
        .map(|ch| match ch {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(ch as u32 - 0xFEE0).unwrap_or(ch),
            '\u{3000}' => ' ',
            '\u{3002}' | '\u{FF61}' => '.',
            _ => ch,
        })
        .collect()
}

/// Characters no name holds and nobody sees: controls (C0 such as tab, CR and LF,
/// DEL, C1 such as NEL U+0085) and invisible format characters (soft hyphen,
/// zero-width space, word joiner, directional marks, variation selectors, the BOM
/// U+FEFF, tags …). A name that contains one is refused, never trimmed or folded
/// away: what was sent is not what anyone reads. (ZWNJ and ZWJ are left to IDNA,
/// which allows them only where a script needs them.)
pub(crate) fn is_hidden(ch: char) -> bool {
    ch.is_control()
        || matches!(
            ch,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{061C}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{17B4}'
                | '\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{FFF0}'..='\u{FFFB}'
                | '\u{1BCA0}'..='\u{1BCA3}'
                | '\u{1D173}'..='\u{1D17A}'
                | '\u{E0000}'..='\u{E0FFF}'
        )
}

/// The host part of a pasted e-mail address, URL or plain domain. Only ordinary
/// spaces (and the ideographic space, folded to one) around it are dropped.
pub(crate) fn host_part(input: &str) -> &str {
    let mut text = input.trim_matches(' ');
    if let Some(rest) = strip_prefix_ignore_case(text, "mailto:") {
        text = rest;
    }
    if let Some((_, rest)) = text.split_once("://") {
        // URL: authority up to the path, query or fragment; drop userinfo and port.
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        let host = authority
            .rsplit_once('@')
            .map_or(authority, |(_, host)| host);
        if host.starts_with('[') {
            // An IPv6 literal: keep it whole so the caller can say it is an address.
            return host
                .split_once(']')
                .map_or(host, |(literal, _)| &host[..=literal.len()]);
        }
        return host.split(':').next().unwrap_or_default();
    }
    // An e-mail address (perhaps `山田 <taro@example.jp>,` or `info@example.jp?subject=…`)
    // or a URL without its scheme (`www.example.jp/contact`): the host ends at the first
    // character that cannot be part of it.
    let host = text.rsplit_once('@').map_or(text, |(_, domain)| domain);
    host.split(['/', '?', '#', '>', ',', ';'])
        .next()
        .unwrap_or_default()
        .trim_matches(' ')
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_host() {
        for (input, host) in [
            ("example.jp", "example.jp"),
            ("  taro@example.jp ", "example.jp"),
            ("山田 太郎 <taro@example.jp>", "example.jp"),
            ("mailto:info@example.jp", "example.jp"),
            ("https://www.example.jp/contact?x=1", "www.example.jp"),
            ("http://user:pw@example.jp:8080/", "example.jp"),
            ("HTTPS://Example.JP#top", "Example.JP"),
            ("http://[2001:db8::1]:80/", "[2001:db8::1]"),
            ("mailto:info@example.jp?subject=hello", "example.jp"),
            ("<taro@example.jp>, <hanako@example.jp>", "example.jp"),
            ("www.example.co.jp/contact", "www.example.co.jp"),
        ] {
            assert_eq!(host_part(input), host, "{input}");
        }
    }

    #[test]
    fn folds_full_width() {
        assert_eq!(
            fold_width("ｉｎｆｏ＠ｅｘａｍｐｌｅ．ｊｐ"),
            "info@example.jp"
        );
        assert_eq!(fold_width("例え。jp"), "例え.jp");
        assert_eq!(fold_width("\u{3000}example.jp"), " example.jp");
    }
}
