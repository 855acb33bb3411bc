//! SMTP replies as RFC 5321 §4.2 defines them, read from the bytes a server sent.
//!
//! ```text
//! Reply-line     = *( Reply-code "-" [ textstring ] CRLF )
//!                  Reply-code [ SP textstring ] CRLF
//! Reply-code     = %x32-35 %x30-35 %x30-39
//! ```
//!
//! Enhanced status codes (RFC 3463, announced with `ENHANCEDSTATUSCODES`, RFC 2034 §4)
//! lead each line's text: `550 5.1.1 <x@example.jp>: User unknown`.
//!
//! **Bounded:** a line may be at most [`MAX_LINE`] octets (RFC 5321 §4.5.3.1.5 says
//! 512 including CRLF; servers exceed it, so we read up to four times that and then
//! refuse), a reply at most [`MAX_LINES`] lines. Input that cannot become a reply
//! within those limits is an error as soon as it is seen, so a server sending a
//! megabyte never makes the caller hold more than about `MAX_LINE` × `MAX_LINES`.

use serde::{Deserialize, Serialize};

/// The longest reply line read, CRLF included. RFC 5321 §4.5.3.1.5 sets 512 octets;
/// some servers send longer lines, which we forgive up to this length.
pub const MAX_LINE: usize = 2_000;
/// The most lines one reply may have (a long `EHLO` reply has about 15).
pub const MAX_LINES: usize = 100;

/// One complete reply.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reply {
    /// The three-digit reply code (RFC 5321 §4.2.1): 2yz done, 3yz go on, 4yz failed
    /// for now, 5yz failed for good.
    pub code: u16,
    /// The enhanced status code of the first line, when it carries one whose class
    /// agrees with the reply code (RFC 3463 §2, RFC 2034 §4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enhanced: Option<EnhancedCode>,
    /// Each line's text after the code and separator, as sent (invalid UTF-8 replaced).
    pub lines: Vec<String>,
}

impl Reply {
    /// 2yz: the command was done.
    pub fn is_positive(&self) -> bool {
        self.code / 100 == 2
    }

    /// 4yz: failed, may work later (greylisting, a full queue, a busy server).
    pub fn is_transient(&self) -> bool {
        self.code / 100 == 4
    }

    /// 5yz: refused for good.
    pub fn is_permanent(&self) -> bool {
        self.code / 100 == 5
    }

    /// The server's words: every line's text without its enhanced code, joined by
    /// spaces (`<x@example.jp>: Recipient address rejected: User unknown`).
    pub fn words(&self) -> String {
        let mut words = String::new();
        for line in &self.lines {
            let text = strip_enhanced(line).trim();
            if text.is_empty() {
                continue;
            }
            if !words.is_empty() {
                words.push(' ');
            }
            words.push_str(text);
        }
        words
    }

    /// The reply as the server sent it, on one line: `550 5.1.1 <x@…>: User unknown`.
    pub fn one_line(&self) -> String {
        let mut line = self.code.to_string();
        if let Some(enhanced) = &self.enhanced {
            line.push(' ');
            line.push_str(&enhanced.to_string());
        }
        let words = self.words();
        if !words.is_empty() {
            line.push(' ');
            line.push_str(&words);
        }
        line
    }
}

/// An enhanced status code, `class.subject.detail` (RFC 3463 §2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnhancedCode {
    /// 2 success, 4 persistent transient failure, 5 permanent failure.
    pub class: u8,
    /// 0–999: what the failure is about (1 addressing, 2 mailbox, 7 security …).
    pub subject: u16,
    /// 0–999: the detail within the subject (5.1.1 bad destination mailbox address).
    pub detail: u16,
}

impl std::fmt::Display for EnhancedCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.class, self.subject, self.detail)
    }
}

impl EnhancedCode {
    /// Reads `5.1.1` at the start of `text`, followed by a space or the end.
    /// `subject = 1*3digit`, `detail = 1*3digit` (RFC 3463 §2).
    pub fn parse_prefix(text: &str) -> Option<(EnhancedCode, usize)> {
        let end = text.find(' ').unwrap_or(text.len());
        let mut parts = text[..end].split('.');
        let class = parts.next()?;
        let subject = parts.next()?;
        let detail = parts.next()?;
        if parts.next().is_some() {
            return None;
        }
        let number = |part: &str, max_len: usize| -> Option<u16> {
            (1..=max_len).contains(&part.len()).then_some(())?;
            part.bytes().all(|b| b.is_ascii_digit()).then_some(())?;
            part.parse().ok()
        };
        let class = match class {
            "2" => 2,
            "4" => 4,
            "5" => 5,
            _ => return None,
        };
        Some((
            EnhancedCode {
                class,
                subject: number(subject, 3)?,
                detail: number(detail, 3)?,
            },
            end,
        ))
    }
}

/// Why bytes from a server are not an SMTP reply.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ReplyError {
    /// A line longer than [`MAX_LINE`] octets.
    #[error("reply line longer than {MAX_LINE} octets")]
    LineTooLong,
    /// More than [`MAX_LINES`] lines in one reply.
    #[error("reply of more than {MAX_LINES} lines")]
    TooManyLines,
    /// A line that does not start with a three-digit code and a space or hyphen.
    #[error("not an SMTP reply line: {line:?}")]
    Malformed {
        /// The start of the line, for the report (at most 80 characters).
        line: String,
    },
    /// The lines of one reply carry different codes (RFC 5321 §4.2.1 forbids it).
    #[error("reply lines with different codes ({first} and {other})")]
    MixedCodes {
        /// The first line's code.
        first: u16,
        /// The differing code.
        other: u16,
    },
}

/// What [`parse_reply`] found at the start of the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Parsed {
    /// A complete reply and how many bytes of the input it took.
    Reply(Reply, usize),
    /// The reply is not complete yet: read more and call again with all the input.
    NeedMore,
}

/// Reads one reply from the start of `input`. Lines end in CRLF; a bare LF is
/// accepted too, as most clients do. Bytes after the reply are left for the next one.
pub fn parse_reply(input: &[u8]) -> Result<Parsed, ReplyError> {
    let mut start = 0;
    let mut code = None;
    let mut lines = Vec::new();
    let mut enhanced = None;
    loop {
        let rest = &input[start..];
        let Some(newline) = rest.iter().position(|&b| b == b'\n') else {
            // No complete line yet: refuse now if it can no longer fit.
            if rest.len() >= MAX_LINE {
                return Err(ReplyError::LineTooLong);
            }
            return Ok(Parsed::NeedMore);
        };
        if newline + 1 > MAX_LINE {
            return Err(ReplyError::LineTooLong);
        }
        let mut line = &rest[..newline];
        if let Some(stripped) = line.strip_suffix(b"\r") {
            line = stripped;
        }
        start += newline + 1;
        let (line_code, last, text) = split_line(line)?;
        match code {
            None => code = Some(line_code),
            Some(first) if first != line_code => {
                return Err(ReplyError::MixedCodes {
                    first,
                    other: line_code,
                });
            }
            Some(_) => {}
        }
        if lines.is_empty() {
            enhanced = EnhancedCode::parse_prefix(&text)
                .map(|(enhanced, _)| enhanced)
                // RFC 2034 §4: the class must agree with the reply code's first digit.
                .filter(|enhanced| u16::from(enhanced.class) == line_code / 100);
        }
        lines.push(text);
        if last {
            return Ok(Parsed::Reply(
                Reply {
                    code: line_code,
                    enhanced,
                    lines,
                },
                start,
            ));
        }
        if lines.len() >= MAX_LINES {
            return Err(ReplyError::TooManyLines);
        }
    }
}

/// `250-text`, `250 text` or `250` → (250, is the last line, text).
fn split_line(line: &[u8]) -> Result<(u16, bool, String), ReplyError> {
    let malformed = || ReplyError::Malformed {
        line: String::from_utf8_lossy(line).chars().take(80).collect(),
    };
    let digits = line.get(..3).ok_or_else(malformed)?;
    let valid = matches!(digits[0], b'2'..=b'5')
        && matches!(digits[1], b'0'..=b'5')
        && digits[2].is_ascii_digit();
    if !valid {
        return Err(malformed());
    }
    let code = digits
        .iter()
        .fold(0u16, |code, digit| code * 10 + u16::from(digit - b'0'));
    let (last, text) = match line.get(3) {
        None => (true, &[][..]),
        Some(b' ') => (true, &line[4..]),
        Some(b'-') => (false, &line[4..]),
        Some(_) => return Err(malformed()),
    };
    Ok((code, last, String::from_utf8_lossy(text).into_owned()))
}

/// `text` without a leading enhanced status code.
pub(crate) fn strip_enhanced(text: &str) -> &str {
    match EnhancedCode::parse_prefix(text) {
        Some((_, end)) => &text[end..],
        None => text,
    }
}
