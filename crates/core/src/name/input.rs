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

/// The host part of a pasted e-mail address, URL or plain domain.
pub(crate) fn host_part(input: &str) -> &str {
    let mut text = input.trim();
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
        .trim()
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
