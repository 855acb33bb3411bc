//! Bilingual text. Japanese comes first, English second, everywhere a user reads.
//!
//! A [`Text`] must be built with both languages, so a missing translation is a
//! compile error rather than a blank on the page.

use serde::{Deserialize, Serialize};

/// A user-facing language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// 日本語: the default for our users.
    Ja,
    /// English.
    En,
}

impl Lang {
    /// Both languages, Japanese first.
    pub const ALL: [Lang; 2] = [Lang::Ja, Lang::En];

    /// The BCP 47 tag (`ja`, `en`), as used in `?lang=` and `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    /// Parses `ja`/`en` (any case, region subtags ignored: `ja-JP` is Japanese).
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_']).next()?.trim();
        if primary.eq_ignore_ascii_case("ja") {
            Some(Lang::Ja)
        } else if primary.eq_ignore_ascii_case("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The language to use for a browser whose preferences are `preferred`
    /// (`navigator.languages`, most preferred first): Japanese when the browser
    /// prefers Japanese over English, English otherwise.
    pub fn negotiate<'a>(preferred: impl IntoIterator<Item = &'a str>) -> Lang {
        preferred
            .into_iter()
            .find_map(Lang::from_tag)
            .unwrap_or(Lang::En)
    }
}

/// A string in both languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Text {
    /// Japanese.
    pub ja: &'static str,
    /// English.
    pub en: &'static str,
}

impl Text {
    /// The string in `lang`.
    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Ja => self.ja,
            Lang::En => self.en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiates_the_first_known_language() {
        for (prefs, expected) in [
            (vec!["ja-JP", "en-US"], Lang::Ja),
            (vec!["ja"], Lang::Ja),
            (vec!["en-US", "ja"], Lang::En),
            (vec!["fr-FR", "ja-JP"], Lang::Ja),
            (vec!["fr-FR", "de"], Lang::En),
            (vec![], Lang::En),
            (vec!["JA_jp"], Lang::Ja),
        ] {
            assert_eq!(
                Lang::negotiate(prefs.iter().copied()),
                expected,
                "{prefs:?}"
            );
        }
    }

    #[test]
    fn tags_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_tag(lang.tag()), Some(lang));
        }
        assert_eq!(Lang::from_tag(""), None);
        assert_eq!(Lang::from_tag("jav"), None);
    }
}
