//! RFC 4180 reading and writing, lenient on the way in: spreadsheets and panels write
//! CSV that bends the rules, and one stray quote must not swallow the rest of a file.
//!
//! **Formula injection.** Every CSV the product writes goes through [`write_record`],
//! which neutralises cells a spreadsheet would run as a formula, as OWASP ("CSV
//! Injection") and ASVS 1.2.10 recommend: a cell whose first character, after any
//! leading spaces, is `=`, `+`, `-`, `@`, a tab or a carriage return gets a single
//! quote `'` in front (`=HYPERLINK(…)` → `'=HYPERLINK(…)`). Excel and LibreOffice
//! take the quote as "this is text" and hide it. One exception, so real values still
//! import: a phone number in the strict international form [`is_phone_number`]
//! (`+` then 7 to 15 digits, single spaces or hyphens only between digits, nothing
//! else) is written as it is. Such a cell can at worst be computed as arithmetic by a
//! spreadsheet; it cannot call a function, a link or another program. Per target:
//! - Microsoft 365: User Name, names, and (empty today) Office Phone, Mobile Phone,
//!   Fax: the rule above. An address whose local part starts with `-`, `+`, `=` or `@`
//!   would be written with the quote: `check_for_target` warns about it.
//! - Google Workspace: the same rule; its Recovery Phone must be E.164 (`+81…`), which
//!   the exception leaves alone (the column is not written today). Generated passwords
//!   never start with a formula character (see `password.rs`).
//! - Zoho Mail: the same rule.
//! - The worklist of aliases, groups and retired addresses: the same rule.
//!
//! [`import`](super::import()) drops such a quote again, so our own files read back.

/// One record and the 1-based line it starts on (a quoted field may span lines).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Record {
    /// Line of the record's first character.
    pub line: usize,
    /// The fields, quotes removed, doubled quotes undone, CRLF inside fields as `\n`.
    pub cells: Vec<String>,
}

impl Record {
    /// Whether every field is blank.
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|cell| cell.trim().is_empty())
    }
}

/// The separator of `text`: a tab when the first line that has a tab or a comma
/// (outside quotes) has at least as many tabs as commas, else a comma. Excel's "Unicode
/// text" and copies from a spreadsheet are tab-separated; everything else uses commas.
pub(crate) fn detect_separator(text: &str) -> char {
    let (mut tabs, mut commas, mut in_quotes) = (0usize, 0usize, false);
    for ch in text.chars() {
        match ch {
            '"' => in_quotes = !in_quotes,
            '\t' if !in_quotes => tabs += 1,
            ',' if !in_quotes => commas += 1,
            '\n' | '\r' if !in_quotes && tabs + commas > 0 => break,
            _ => {}
        }
    }
    if tabs > 0 && tabs >= commas {
        '\t'
    } else {
        ','
    }
}

/// Every record of `text`. When a quote is never closed, the record it opens and
/// everything after it are read again with quotes taken literally, and the line of
/// that record is returned so the caller can say so.
pub(crate) fn read(text: &str, separator: char) -> (Vec<Record>, Option<usize>) {
    let (mut records, unterminated) = read_from(text, separator, true, 1);
    let Some((offset, line)) = unterminated else {
        return (records, None);
    };
    // Quotes off, the second pass always finishes: the work stays linear.
    let (rest, _) = read_from(&text[offset..], separator, false, line);
    records.extend(rest);
    (records, Some(line))
}

/// Reads records starting at line `first_line`. Returns the byte offset and line of
/// a record whose quote never closes.
fn read_from(
    text: &str,
    separator: char,
    quotes: bool,
    first_line: usize,
) -> (Vec<Record>, Option<(usize, usize)>) {
    let mut records = Vec::new();
    let mut cells = Vec::new();
    let mut field = String::new();
    let mut in_quotes = false;
    let mut line = first_line;
    let mut start = (0, first_line);
    let mut chars = text.char_indices().peekable();
    while let Some((index, ch)) = chars.next() {
        let line_end = match ch {
            '\r' => {
                // CRLF is one line end; a lone CR (old Mac files) is one too.
                if chars.peek().is_some_and(|&(_, next)| next == '\n') {
                    chars.next();
                    Some(index + 2)
                } else {
                    Some(index + 1)
                }
            }
            '\n' => Some(index + 1),
            _ => None,
        };
        if in_quotes {
            if let Some(_end) = line_end {
                line += 1;
                field.push('\n');
            } else if ch == '"' {
                if chars.peek().is_some_and(|&(_, next)| next == '"') {
                    chars.next();
                    field.push('"');
                } else {
                    in_quotes = false;
                }
            } else {
                field.push(ch);
            }
            continue;
        }
        if let Some(end) = line_end {
            cells.push(std::mem::take(&mut field));
            records.push(Record {
                line: start.1,
                cells: std::mem::take(&mut cells),
            });
            line += 1;
            start = (end, line);
        } else if ch == separator {
            cells.push(std::mem::take(&mut field));
        } else if ch == '"' && quotes && field.trim().is_empty() {
            // Leniency: spaces before an opening quote (`a, "b"`) are dropped.
            field.clear();
            in_quotes = true;
        } else {
            // After a closing quote, or a quote inside a field: taken as it is.
            field.push(ch);
        }
    }
    if in_quotes {
        return (records, Some(start));
    }
    if !field.is_empty() || !cells.is_empty() {
        cells.push(field);
        records.push(Record {
            line: start.1,
            cells,
        });
    }
    (records, None)
}

/// What makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether [`write_record`] puts a `'` in front of `field`: its first character after
/// leading spaces starts a formula, and it is not a [`is_phone_number`].
pub(crate) fn needs_neutralising(field: &str) -> bool {
    field.trim_start_matches(' ').starts_with(FORMULA_START) && !is_phone_number(field)
}

/// `field` as it is safe to write: with a leading `'` when [`needs_neutralising`].
pub(crate) fn neutralise(field: &str) -> std::borrow::Cow<'_, str> {
    if needs_neutralising(field) {
        std::borrow::Cow::Owned(format!("'{field}"))
    } else {
        std::borrow::Cow::Borrowed(field)
    }
}

/// `field` with the quote [`neutralise`] added taken off again: a `'` followed by a
/// formula character (after spaces). Anything else is returned as it is.
pub(crate) fn unneutralise(field: &str) -> &str {
    match field.strip_prefix('\'') {
        // A CR inside a quoted field comes back as a line break.
        Some(rest)
            if rest.trim_start_matches(' ').starts_with(FORMULA_START)
                || rest.starts_with('\n') =>
        {
            rest
        }
        _ => field,
    }
}

/// A phone number in the strict international form, written without the quote: `+`,
/// then 7 to 15 digits (E.164 allows at most 15) with at most one space or hyphen
/// between two digits, and nothing else: `+81 3-1234-5678`, `+819012345678`. Not
/// `+81(3)…`, not `+1 2 3`, not `+81--3`, not `-1234567`.
pub(crate) fn is_phone_number(field: &str) -> bool {
    let Some(rest) = field.strip_prefix('+') else {
        return false;
    };
    let (mut digits, mut after_separator) = (0usize, true);
    for ch in rest.chars() {
        match ch {
            '0'..='9' => {
                digits += 1;
                after_separator = false;
            }
            ' ' | '-' if !after_separator => after_separator = true,
            _ => return false,
        }
    }
    !after_separator && (7..=15).contains(&digits)
}

/// Appends one RFC 4180 record with a CRLF line end, quoting fields that hold a comma,
/// a quote or a line break, and neutralising formulas first ([`neutralise`]).
pub(crate) fn write_record<S: AsRef<str>>(out: &mut String, fields: &[S]) {
    for (index, field) in fields.iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        let field = neutralise(field.as_ref());
        let field = field.as_ref();
        if field.contains([',', '"', '\r', '\n']) {
            out.push('"');
            // RFC 4180 §2.6: line breaks inside a field are CRLF too.
            let mut chars = field.chars().peekable();
            while let Some(ch) = chars.next() {
                match ch {
                    '"' => out.push_str("\"\""),
                    '\r' | '\n' => {
                        if ch == '\r' && chars.peek() == Some(&'\n') {
                            chars.next();
                        }
                        out.push_str("\r\n");
                    }
                    _ => out.push(ch),
                }
            }
            out.push('"');
        } else {
            out.push_str(field);
        }
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(text: &str, separator: char) -> Vec<(usize, Vec<String>)> {
        read(text, separator)
            .0
            .into_iter()
            .map(|record| (record.line, record.cells))
            .collect()
    }

    #[test]
    fn reads_quotes_doubled_quotes_and_line_breaks() {
        let text = "a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"two\r\nlines\",x\ny,z";
        assert_eq!(
            cells(text, ','),
            vec![
                (1, vec!["a".into(), "b,c".into(), "say \"hi\"".into()]),
                (2, vec!["two\nlines".into(), "x".into()]),
                (4, vec!["y".into(), "z".into()]),
            ]
        );
    }

    #[test]
    fn an_unclosed_quote_does_not_swallow_the_file() {
        let (records, bad) = read("a,b\n\"c,d\ne,f\n", ',');
        assert_eq!(bad, Some(2));
        let lines: Vec<usize> = records.iter().map(|record| record.line).collect();
        assert_eq!(lines, vec![1, 2, 3]);
        assert_eq!(records[2].cells, vec!["e", "f"]);
    }

    #[test]
    fn detects_tabs_and_commas() {
        assert_eq!(detect_separator("a\tb\tc\n"), '\t');
        assert_eq!(detect_separator("a,b\tc,d\n"), ',');
        assert_eq!(detect_separator("just-one\n\"x,y\"\tz\n"), '\t');
        assert_eq!(detect_separator("nothing"), ',');
    }

    #[test]
    fn neutralises_formulas_and_keeps_phone_numbers() {
        for (field, written) in [
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"",
            ),
            ("=1+1", "'=1+1"),
            ("+1+1", "'+1+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "\"'\r\nx\""),
            ("  =1+1", "'  =1+1"),
            ("-info@example.jp", "'-info@example.jp"),
            ("+81 (3) 1234", "'+81 (3) 1234"),
            ("+1 2 3", "'+1 2 3"),
            ("+81--3-1234-5678", "'+81--3-1234-5678"),
            ("+81-3-1234-5678-", "'+81-3-1234-5678-"),
            ("+81-3-1234-5678", "+81-3-1234-5678"),
            ("+81 90 1234 5678", "+81 90 1234 5678"),
            ("+819012345678", "+819012345678"),
            ("山田 太郎", "山田 太郎"),
            ("a=b", "a=b"),
            ("", ""),
        ] {
            let mut out = String::new();
            write_record(&mut out, &[field]);
            assert_eq!(out, format!("{written}\r\n"), "{field:?}");
            let (records, _) = read(&out, ',');
            let back = unneutralise(&records[0].cells[0]).to_owned();
            assert_eq!(back, field.replace('\r', "\n"), "{field:?}");
        }
        assert!(is_phone_number("+1234567"));
        assert!(!is_phone_number("+123456"));
        assert!(is_phone_number("+123456789012345"));
        assert!(!is_phone_number("+1234567890123456"));
        assert!(!is_phone_number("+ 81312345678"));
        assert!(!is_phone_number("81312345678"));
        assert_eq!(unneutralise("'tanaka"), "'tanaka");
        // A value that already starts with a quote is written as it is.
        let mut out = String::new();
        write_record(&mut out, &["'=x"]);
        assert_eq!(out, "'=x\r\n");
    }

    #[test]
    fn writes_rfc_4180() {
        let mut out = String::new();
        write_record(&mut out, &["a", "b,c", "d\"e", "f\ng"]);
        assert_eq!(out, "a,\"b,c\",\"d\"\"e\",\"f\r\ng\"\r\n");
        let (records, _) = read(&out, ',');
        assert_eq!(records[0].cells, vec!["a", "b,c", "d\"e", "f\ng"]);
    }
}
