//! Names as the user means them: the mail domain of a pasted web address, and errors
//! that quote a Japanese name as typed rather than in Punycode.

use super::DomainName;

impl DomainName {
    /// For a website's name (`www.example.co.jp`, often pasted as a URL), the domain
    /// its mail most likely uses: the organisational domain (`example.co.jp`). `None`
    /// when the name does not start with `www.` or is already that domain, so the page
    /// checks what was typed and offers nothing; `None` too while the page has not
    /// received the Public Suffix List.
    pub fn mail_domain_guess(&self) -> Option<DomainName> {
        let rest = self.as_str().strip_prefix("www.")?;
        let organizational = self.try_organizational_domain()?;
        // `www.co.jp` is not a website of anyone's: its remainder is a public suffix.
        (organizational != *self && rest.ends_with(organizational.as_str()))
            .then_some(organizational)
    }
}

#[cfg(test)]
mod tests {
    use crate::{DomainName, NamePolicy};

    fn guess(input: &str) -> Option<String> {
        DomainName::parse_with(input, &NamePolicy::allowing(&["test".to_owned()]))
            .expect("a name")
            .mail_domain_guess()
            .map(|name| name.as_str().to_owned())
    }

    #[test]
    fn a_website_name_points_to_its_organisational_domain() {
        assert_eq!(
            guess("https://www.example.co.jp/contact").as_deref(),
            Some("example.co.jp")
        );
        assert_eq!(guess("www.example.com").as_deref(), Some("example.com"));
        assert_eq!(
            guess("www.sales.example.co.jp").as_deref(),
            Some("example.co.jp")
        );
        assert_eq!(guess("www.customer.test").as_deref(), Some("customer.test"));
    }

    #[test]
    fn other_names_are_checked_as_typed() {
        assert_eq!(guess("example.co.jp"), None);
        assert_eq!(guess("mail.example.co.jp"), None);
        assert_eq!(guess("www2.example.co.jp"), None);
        assert_eq!(guess("wwwexample.co.jp"), None);
        assert_eq!(guess("www.co.jp"), None);
    }
}

impl super::NameError {
    /// The error with the names it quotes in U-labels, as the user typed them.
    pub(super) fn in_unicode(self) -> Self {
        use super::NameError as E;
        let unicode = |text: String| super::idn::to_unicode(&text);
        match self {
            E::EmptyLabel { input } => E::EmptyLabel {
                input: unicode(input),
            },
            E::LabelTooLong { label, len } => E::LabelTooLong {
                label: unicode(label),
                len,
            },
            E::InvalidCharacter { input, ch } => E::InvalidCharacter {
                input: unicode(input),
                ch,
            },
            E::HyphenAtEdge { label } => E::HyphenAtEdge {
                label: unicode(label),
            },
            E::SingleLabel { input } => E::SingleLabel {
                input: unicode(input),
            },
            E::NumericTld { input } => E::NumericTld {
                input: unicode(input),
            },
            E::SpecialUse { tld } => E::SpecialUse { tld: unicode(tld) },
            E::UnknownTld { tld } => E::UnknownTld { tld: unicode(tld) },
            E::PublicSuffix { input } => E::PublicSuffix {
                input: unicode(input),
            },
            other => other,
        }
    }
}

#[cfg(test)]
mod typed_form_tests {
    use crate::{DomainName, Lang, NamePolicy};

    #[test]
    fn a_japanese_name_is_quoted_as_typed() {
        let error =
            DomainName::parse_with("会社.日本語", &NamePolicy::default()).expect_err("no such TLD");
        let message = error.message(Lang::Ja);
        assert!(message.contains("日本語"), "{message}");
        assert!(!message.contains("xn--"), "{message}");
        let error =
            DomainName::parse_with("みんな", &NamePolicy::default()).expect_err("a TLD alone");
        assert!(
            !error.message(Lang::En).contains("xn--"),
            "{}",
            error.message(Lang::En)
        );
    }
}
