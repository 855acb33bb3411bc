//! The Public Suffix List (ICANN section), compiled in and parsed once on first use.
//!
//! Why a text file parsed at run time rather than generated code: the `psl` crate's
//! generated matcher builds to many times the list's size in WebAssembly, while the
//! list is text that compresses well (the CHANGELOG has the figures), and parsing it
//! takes a few milliseconds once per page.

use std::collections::HashSet;
use std::sync::OnceLock;

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

fn rules() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(|| {
        let mut rules = Rules {
            exact: HashSet::new(),
            wildcard_parents: HashSet::new(),
            exceptions: HashSet::new(),
            tlds: HashSet::new(),
        };
        for line in LIST.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with("//") {
                continue;
            }
            // The compiled-in copy already spells IDN suffixes in A-labels (see
            // data/README.md), so no IDNA tables are needed here.
            let ascii = line.trim_start_matches(['!', '*', '.']).to_owned();
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
    })
}

/// Whether `tld` (A-label, lower case) is a top-level domain of the list.
pub(crate) fn is_known_tld(tld: &str) -> bool {
    rules().tlds.contains(tld)
}

/// The number of labels of the public suffix of `name` (A-label, lower case, no
/// trailing dot), by the list's algorithm: the longest matching rule wins, exception
/// rules beat the others, and an unlisted TLD is a suffix of one label (rule `*`).
pub(crate) fn suffix_labels(name: &str) -> usize {
    let rules = rules();
    let labels: Vec<&str> = name.split('.').collect();
    let mut longest = 1;
    for start in 0..labels.len() {
        let candidate = labels[start..].join(".");
        let count = labels.len() - start;
        if rules.exceptions.contains(&candidate) {
            // `!city.kawasaki.jp`: the suffix is `kawasaki.jp`, one label shorter.
            return count - 1;
        }
        let parent = labels[start + 1..].join(".");
        let matched = rules.exact.contains(&candidate)
            || (start + 1 < labels.len() && rules.wildcard_parents.contains(&parent));
        if matched {
            longest = longest.max(count);
        }
    }
    longest
}

#[cfg(test)]
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
            assert_eq!(suffix_labels(name), labels, "{name}");
        }
    }

    #[test]
    fn knows_the_tlds() {
        for tld in ["com", "jp", "tokyo", "xn--tckwe", "co"] {
            assert!(is_known_tld(tld), "{tld}");
        }
        for tld in ["test", "local", "lan", "corp", "notatld"] {
            assert!(!is_known_tld(tld), "{tld}");
        }
    }
}
