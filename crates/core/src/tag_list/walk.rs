//! The walk over a tag list that MTA-STS, TLS-RPT, BIMI, DKIM and DMARC records share:
//! it reports the problems every one of them has in common (a piece that is not a tag,
//! a stray character, spaces around `=`, a name in another case, an unknown name, a tag
//! given twice, a version tag that is not first) and hands each protocol its known tags
//! in order, first of each name only. Each protocol names the problems in its own
//! issue type, so its issues, and the JSON built from them, are the protocol's own.

use std::ops::Range;

use super::{
    NameMatch, RawTag, RawTagError, TagSpan, UnknownTag, is_extension, match_name, split_tags,
};

/// What a protocol's grammar says about the parts of a tag list that differ between
/// the protocols.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Grammar {
    /// The tag names the protocol defines, canonical (the version tag is `v`).
    pub known: &'static [&'static str],
    /// How a known name in another case is read.
    pub other_case: OtherCase,
    /// Which unknown tags are kept in the record (to print it back as published).
    pub unknown: KeepUnknown,
    /// What becomes of a `v=` that is not the first tag.
    pub late_version: LateVersion,
}

/// How a known tag name written in another case (`P=`) is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum OtherCase {
    /// As the known tag (DMARC, BIMI).
    AsKnown,
    /// As an unknown tag, since names are case-sensitive (DKIM, MTA-STS, TLS-RPT).
    AsUnknown,
}

/// Which unknown tags are kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum KeepUnknown {
    /// Every one (DKIM, DMARC, BIMI).
    All,
    /// Those that fit the extension grammar of RFC 8461 and RFC 8460 (`sts-extension`,
    /// `tlsrpt-extension`); the others are reported as [`TagProblem::BadExtension`].
    Extensions,
}

/// What becomes of a version tag that is not first, after it is reported as
/// [`TagProblem::VersionNotFirst`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LateVersion {
    /// Nothing: the record does not begin with its version, which the protocol reports
    /// on its own (MTA-STS, TLS-RPT, BIMI, DMARC).
    Drop,
    /// It is read as the version all the same (DKIM, whose `v=` is optional).
    Read,
}

/// A problem every tag-list protocol can have. Each protocol maps it to its own issue,
/// or to none where its grammar allows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TagProblem<'a> {
    /// A piece between `;` that is not `name=value`.
    Malformed,
    /// A control or non-ASCII character.
    InvalidCharacter(char),
    /// Whitespace between the name and `=`, or between `=` and the value.
    SpaceAroundEquals,
    /// A known name in another case, as written.
    OtherCase(&'a str),
    /// A name the protocol does not define, as written.
    Unknown(&'a str),
    /// An unknown tag outside the extension grammar, as written (its name).
    BadExtension(&'a str),
    /// A known tag given again (canonical name); the first one is used.
    Duplicate(&'static str),
    /// `v=` where it is not the first tag.
    VersionNotFirst,
}

/// One step of the walk, in record order.
#[derive(Clone, Debug)]
pub(crate) enum Step<'a> {
    /// A problem at `span`, found in the `index`th piece.
    Problem {
        /// Which piece between `;` (empty pieces are not counted).
        index: usize,
        /// Where the problem is.
        span: Range<usize>,
        /// What it is.
        problem: TagProblem<'a>,
    },
    /// A known tag, the first of its name, to read into the record.
    Known {
        /// Which piece between `;`.
        index: usize,
        /// Its canonical name.
        name: &'static str,
        /// The tag as written.
        tag: RawTag<'a>,
    },
}

/// A walked tag list.
#[derive(Clone, Debug, Default)]
pub(crate) struct Walk<'a> {
    /// Problems and known tags, in record order.
    pub steps: Vec<Step<'a>>,
    /// Where each kept tag (known, and unknown ones kept) stood, in record order.
    pub spans: Vec<TagSpan>,
    /// The unknown tags kept, in record order.
    pub unknown: Vec<UnknownTag>,
    /// How many pieces between `;` there were (empty ones not counted).
    pub pieces: usize,
}

/// Walks the tag list `text` by `grammar`.
pub(crate) fn walk<'a>(text: &'a str, grammar: &Grammar) -> Walk<'a> {
    let items = split_tags(text);
    let mut walk = Walk {
        pieces: items.len(),
        ..Walk::default()
    };
    for (index, item) in items.into_iter().enumerate() {
        let problem = |span: Range<usize>, problem| Step::Problem {
            index,
            span,
            problem,
        };
        let tag = match item {
            Ok(tag) => tag,
            Err((span, error)) => {
                let kind = match error {
                    RawTagError::Malformed => TagProblem::Malformed,
                    RawTagError::InvalidCharacter(ch) => TagProblem::InvalidCharacter(ch),
                };
                walk.steps.push(problem(span, kind));
                continue;
            }
        };
        if tag.spaced_equals {
            let step = problem(tag.span.clone(), TagProblem::SpaceAroundEquals);
            walk.steps.push(step);
        }
        let name = match (match_name(tag.name, grammar.known), grammar.other_case) {
            (NameMatch::Exact(name), _) => name,
            (NameMatch::OtherCase(name), OtherCase::AsKnown) => {
                let step = problem(tag.span.clone(), TagProblem::OtherCase(tag.name));
                walk.steps.push(step);
                name
            }
            (found, _) => {
                let kind = match found {
                    NameMatch::OtherCase(_) => TagProblem::OtherCase(tag.name),
                    _ => TagProblem::Unknown(tag.name),
                };
                walk.steps.push(problem(tag.span.clone(), kind));
                walk.keep_unknown(&tag, grammar.unknown, index);
                continue;
            }
        };
        if walk.spans.iter().any(|seen| seen.name == name) {
            let step = problem(tag.span.clone(), TagProblem::Duplicate(name));
            walk.steps.push(step);
            continue;
        }
        if name == "v" && index > 0 {
            let step = problem(tag.span.clone(), TagProblem::VersionNotFirst);
            walk.steps.push(step);
            if grammar.late_version == LateVersion::Drop {
                continue;
            }
        }
        walk.spans.push(TagSpan {
            name: name.to_owned(),
            span: tag.span.clone(),
        });
        walk.steps.push(Step::Known { index, name, tag });
    }
    walk
}

impl<'a> Walk<'a> {
    /// Keeps an unknown tag, or reports it as outside the extension grammar.
    fn keep_unknown(&mut self, tag: &RawTag<'a>, keep: KeepUnknown, index: usize) {
        if keep == KeepUnknown::Extensions && !is_extension(tag.name, tag.value) {
            self.steps.push(Step::Problem {
                index,
                span: tag.span.clone(),
                problem: TagProblem::BadExtension(tag.name),
            });
            return;
        }
        self.unknown.push(UnknownTag {
            name: tag.name.to_owned(),
            value: tag.value.to_owned(),
        });
        self.spans.push(TagSpan {
            name: tag.name.to_owned(),
            span: tag.span.clone(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STRICT: Grammar = Grammar {
        known: &["v", "id"],
        other_case: OtherCase::AsUnknown,
        unknown: KeepUnknown::Extensions,
        late_version: LateVersion::Drop,
    };

    const LENIENT: Grammar = Grammar {
        known: &["v", "p"],
        other_case: OtherCase::AsKnown,
        unknown: KeepUnknown::All,
        late_version: LateVersion::Read,
    };

    /// The walk as `(piece, what)`: a problem, or `Known(name)`.
    fn steps(text: &str, grammar: &Grammar) -> Vec<(usize, String)> {
        walk(text, grammar)
            .steps
            .into_iter()
            .map(|step| match step {
                Step::Problem { index, problem, .. } => (index, format!("{problem:?}")),
                Step::Known { index, name, .. } => (index, format!("Known({name})")),
            })
            .collect()
    }

    #[test]
    fn reports_the_shared_problems_in_record_order() {
        for (input, grammar, expected) in [
            (
                "v=1; id=a",
                &STRICT,
                vec![(0, "Known(v)"), (1, "Known(id)")],
            ),
            (
                "v=1; id = a; bad",
                &STRICT,
                vec![
                    (0, "Known(v)"),
                    (1, "SpaceAroundEquals"),
                    (1, "Known(id)"),
                    (2, "Malformed"),
                ],
            ),
            (
                "v=1; ID=a; x=b=c",
                &STRICT,
                vec![
                    (0, "Known(v)"),
                    (1, "OtherCase(\"ID\")"),
                    (2, "Unknown(\"x\")"),
                    (2, "BadExtension(\"x\")"),
                ],
            ),
            (
                "id=a; v=1; id=b",
                &STRICT,
                vec![
                    (0, "Known(id)"),
                    (1, "VersionNotFirst"),
                    (2, "Duplicate(\"id\")"),
                ],
            ),
            (
                "P=x; v=1; v=2",
                &LENIENT,
                vec![
                    (0, "OtherCase(\"P\")"),
                    (0, "Known(p)"),
                    (1, "VersionNotFirst"),
                    (1, "Known(v)"),
                    (2, "Duplicate(\"v\")"),
                ],
            ),
            (
                "p=\u{3000}; q=1",
                &LENIENT,
                vec![(0, "InvalidCharacter('\\u{3000}')"), (1, "Unknown(\"q\")")],
            ),
        ] {
            let expected: Vec<_> = expected
                .into_iter()
                .map(|(index, what)| (index, what.to_owned()))
                .collect();
            assert_eq!(steps(input, grammar), expected, "{input}");
        }
    }

    #[test]
    fn keeps_spans_and_unknown_tags_as_the_grammar_says() {
        let strict = walk("v=1; ID=a; x=b=c; ext=1", &STRICT);
        assert_eq!(
            strict.unknown,
            vec![
                UnknownTag {
                    name: "ID".into(),
                    value: "a".into()
                },
                UnknownTag {
                    name: "ext".into(),
                    value: "1".into()
                },
            ]
        );
        let names: Vec<_> = strict.spans.iter().map(|tag| tag.name.as_str()).collect();
        assert_eq!(names, ["v", "ID", "ext"]);
        assert_eq!(strict.pieces, 4);

        let lenient = walk("P=x; x=b=c", &LENIENT);
        let names: Vec<_> = lenient.spans.iter().map(|tag| tag.name.as_str()).collect();
        assert_eq!(names, ["p", "x"]);
        assert_eq!(lenient.spans[0].span, 0..3);
    }

    #[test]
    fn a_late_version_is_dropped_or_read() {
        let dropped = walk(
            "p=1; v=1",
            &Grammar {
                late_version: LateVersion::Drop,
                ..LENIENT
            },
        );
        assert!(dropped.spans.iter().all(|tag| tag.name != "v"));
        let read = walk("p=1; v=1", &LENIENT);
        assert!(read.spans.iter().any(|tag| tag.name == "v"));
    }
}
