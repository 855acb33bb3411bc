//! Bilingual text. Japanese comes first, English second, everywhere a user reads.
//!
//! A [`Text`] must be built with both languages, so a missing translation is a
//! compile error rather than a blank on the page; a [`Message`] is its run-time form.

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

/// A string in both languages, built at run time: a [`Text`] filled in, a finding's
/// words, a provider's name. Records, calendar, accounts, plan, monitor and the wire
/// types all speak it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    /// Japanese.
    pub ja: String,
    /// English.
    pub en: String,
}

impl Message {
    /// The message in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ja => &self.ja,
            Lang::En => &self.en,
        }
    }
}

impl From<Text> for Message {
    fn from(text: Text) -> Message {
        Message {
            ja: text.ja.into(),
            en: text.en.into(),
        }
    }
}

/// A duration in seconds in words, rounded up to the minute, in Japanese and English:
/// `24時間(1日)` / `24 hours (1 day)`, `1時間30分` / `1 hour 30 minutes`.
pub fn duration(ttl: u32) -> (String, String) {
    let minutes = ttl.div_ceil(60);
    let (hours, rest) = (minutes / 60, minutes % 60);
    let plural = |n: u32, unit: &str| format!("{n} {unit}{}", if n == 1 { "" } else { "s" });
    let mut ja = String::new();
    let mut en = Vec::new();
    if hours > 0 {
        ja.push_str(&format!("{hours}時間"));
        en.push(plural(hours, "hour"));
    }
    if rest > 0 || hours == 0 {
        ja.push_str(&format!("{rest}分"));
        en.push(plural(rest, "minute"));
    }
    let mut en = en.join(" ");
    if hours >= 24 && hours.is_multiple_of(24) && rest == 0 {
        let days = hours / 24;
        ja.push_str(&format!("({days}日)"));
        en.push_str(&format!(" ({})", plural(days, "day")));
    }
    (ja, en)
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
