//! The Public Suffix List (ICANN section), parsed once.
//!
//! Why a text file parsed at run time rather than generated code: the `psl` crate's
//! generated matcher builds to many times the list's size in WebAssembly, while the
//! list is text that compresses well (the CHANGELOG has the figures), and parsing it
//! takes a few milliseconds.
//!
//! Native builds compile the list in (feature `embedded-psl`, on by default). The
//! check page and the tools leave it out of their WebAssembly, where it was the largest
//! single piece of data, and fetch the same file after first paint (`install`): until
//! it arrives, name checks that need it say "cannot tell" (`None`) and the server,
//! which has the list, decides.

use std::collections::HashSet;
use std::sync::OnceLock;

#[cfg(feature = "embedded-psl")]
const LIST: &str = include_str!("../../data/public_suffix_list_icann.dat");

/// The parsed rules, all in A-label (punycode) form.
struct Rules {
    /// `com`, `co.jp`, …
    exact: HashSet<String>,
    /// `*.kawasaki.jp` is stored as `kawasaki.jp`.
    wildcard_parents: HashSet<String>,
    /// `!city.kawasaki.jp` is stored as `city.kawasaki.jp`.
    exceptions: HashSet<String>,
    /// Every top-level label that appears in a rule.
    tlds: HashSet<String>,
}

static RULES: OnceLock<Rules> = OnceLock::new();

fn rules() -> Option<&'static Rules> {
    #[cfg(feature = "embedded-psl")]
    return Some(RULES.get_or_init(|| parse(LIST)));
    #[cfg(not(feature = "embedded-psl"))]
    return RULES.get();
}

/// Installs the list's text (the file `data/public_suffix_list_icann.dat`, as the
/// page fetches it) in a build without the embedded copy. The first list wins; with
/// the embedded copy this changes nothing. Returns whether a list is now in use: a
/// text without any rule (an error page instead of the file) is refused.
pub fn install(list: &str) -> bool {
    let parsed = parse(list);
    if !parsed.tlds.is_empty() {
        let _ = RULES.set(parsed);
    }
    rules().is_some()
}

/// Whether the list is available (always, with the embedded copy).
pub fn is_available() -> bool {
    rules().is_some()
}

fn parse(list: &str) -> Rules {
    let mut rules = Rules {
        exact: HashSet::new(),
        wildcard_parents: HashSet::new(),
        exceptions: HashSet::new(),
        tlds: HashSet::new(),
    };
    for line in list.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with("//") {
            continue;
        }
        // The list spells IDN suffixes in A-labels (see data/README.md), so no IDNA
        // tables are needed here. Anything else is not a rule (an HTML error page).
        if !line
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'*' | b'!'))
        {
            continue;
        }
        let ascii = line
            .trim_start_matches(['!', '*', '.'])
            .to_ascii_lowercase();
        if let Some(tld) = ascii.rsplit('.').next() {
            rules.tlds.insert(tld.to_owned());
        }
        if line.starts_with('!') {
            rules.exceptions.insert(ascii);
        } else if line.starts_with("*.") {
            rules.wildcard_parents.insert(ascii);
        } else {
            rules.exact.insert(ascii);
        }
    }
    rules
}

/// Whether `tld` (A-label, lower case) is a top-level domain of the list; `None`
/// while the list is not available.
pub(crate) fn is_known_tld(tld: &str) -> Option<bool> {
    Some(rules()?.tlds.contains(tld))
}

/// The number of labels of the public suffix of `name` (A-label, lower case, no
/// trailing dot), by the list's algorithm: the longest matching rule wins, exception
/// rules beat the others, and an unlisted TLD is a suffix of one label (rule `*`).
/// `None` while the list is not available.
pub(crate) fn suffix_labels(name: &str) -> Option<usize> {
    let rules = rules()?;
    let labels: Vec<&str> = name.split('.').collect();
    let mut longest = 1;
    for start in 0..labels.len() {
        let candidate = labels[start..].join(".");
        let count = labels.len() - start;
        if rules.exceptions.contains(&candidate) {
            // `!city.kawasaki.jp`: the suffix is `kawasaki.jp`, one label shorter.
            return Some(count - 1);
        }
        let parent = labels[start + 1..].join(".");
        let matched = rules.exact.contains(&candidate)
            || (start + 1 < labels.len() && rules.wildcard_parents.contains(&parent));
        if matched {
            longest = longest.max(count);
        }
    }
    Some(longest)
}

#[cfg(all(test, feature = "embedded-psl"))]
mod tests {
    use super::*;

    /// The compiled-in list holds only ASCII rules, each a valid A-label name (a
    /// refresh that pastes upstream's U-labels fails here until converted).
    #[test]
    fn the_list_is_in_a_labels() {
        for line in LIST.lines().filter(|line| !line.starts_with("//")) {
            assert!(line.is_ascii(), "{line}: run `convert_list_to_a_labels`");
            #[cfg(feature = "idna")]
            {
                let rule = line.trim_start_matches(['!', '*', '.']);
                let (unicode, result) = idna::domain_to_unicode(rule);
                assert!(result.is_ok(), "{rule}");
                assert_eq!(
                    idna::domain_to_ascii(&unicode).ok().as_deref(),
                    Some(rule),
                    "{rule}"
                );
            }
        }
    }

    /// Rewrites the data file with every U-label rule in A-labels, as the list's
    /// algorithm compares them (run with `--ignored` after a refresh).
    #[cfg(feature = "idna")]
    #[test]
    #[ignore = "rewrites data/public_suffix_list_icann.dat"]
    fn convert_list_to_a_labels() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/public_suffix_list_icann.dat"
        );
        let text = std::fs::read_to_string(path).expect("reads the list");
        let mut out = String::new();
        for line in text.lines() {
            if line.starts_with("//") || line.is_ascii() {
                out.push_str(line);
            } else {
                let prefix_len = line.len() - line.trim_start_matches(['!', '*', '.']).len();
                let ascii = idna::domain_to_ascii(&line[prefix_len..]).expect("converts");
                out.push_str(&line[..prefix_len]);
                out.push_str(&ascii);
            }
            out.push('\n');
        }
        std::fs::write(path, out).expect("writes the list");
    }

    #[test]
    fn suffixes_follow_the_list_algorithm() {
        for (name, labels) in [
            ("example.com", 1),
            ("example.co.jp", 2),
            ("www.example.co.jp", 2),
            ("example.tokyo.jp", 2),
            ("city.kawasaki.jp", 2),
            ("foo.city.kawasaki.jp", 2),
            ("bar.kawasaki.jp", 3),
            ("example.xn--tckwe", 1),
            ("unknowntld", 1),
        ] {
            assert_eq!(suffix_labels(name), Some(labels), "{name}");
        }
    }

    #[test]
    fn knows_the_tlds() {
        for tld in ["com", "jp", "tokyo", "xn--tckwe", "co"] {
            assert_eq!(is_known_tld(tld), Some(true), "{tld}");
        }
        for tld in ["test", "local", "lan", "corp", "notatld"] {
            assert_eq!(is_known_tld(tld), Some(false), "{tld}");
        }
    }
}

/// The page's build: no list until the shell installs one.
#[cfg(all(test, not(feature = "embedded-psl")))]
mod installed_later {
    use crate::{DomainName, NameError};

    /// One test, because installing is once per process.
    #[test]
    fn names_needing_the_list_are_left_open_until_it_is_installed() {
        assert!(!super::is_available());
        // Unknown TLDs and bare public suffixes pass the page's check for now: the
        // server, which has the list, refuses them.
        assert!(DomainName::parse("example.notatld").is_ok());
        assert!(DomainName::parse("co.jp").is_ok());
        let website = DomainName::parse("www.example.co.jp").expect("a name");
        assert_eq!(website.try_organizational_domain(), None);
        assert_eq!(website.mail_domain_guess(), None);
        // Special-use names never need the list.
        assert!(matches!(
            DomainName::parse("printer.local"),
            Err(NameError::SpecialUse { .. })
        ));

        // An error page served instead of the file is not a list.
        assert!(!super::install(
            "<!DOCTYPE html><html><body>404</body></html>"
        ));
        assert!(!super::is_available());

        let list = include_str!("../../data/public_suffix_list_icann.dat");
        assert!(super::install(list));
        assert!(matches!(
            DomainName::parse("example.notatld"),
            Err(NameError::UnknownTld { .. })
        ));
        assert!(matches!(
            DomainName::parse("co.jp"),
            Err(NameError::PublicSuffix { .. })
        ));
        assert_eq!(
            website
                .mail_domain_guess()
                .map(|name| name.as_str().to_owned()),
            Some("example.co.jp".to_owned())
        );
        assert_eq!(
            DomainName::parse("foo.city.kawasaki.jp")
                .expect("a name")
                .organizational_domain()
                .as_str(),
            "city.kawasaki.jp"
        );
    }
}
