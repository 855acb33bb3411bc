//! What the command line prints and reads, made safe for the operator's terminal.
//!
//! Text from input files (address lists, plans) and from DNS (TXT records, names) is
//! printed by every command. Control characters in it would be obeyed by the
//! terminal: ESC sequences move the cursor, rewrite the screen or the window title,
//! BEL rings. So they are printed escaped (`\u001b`), by [`escape_controls`] for one
//! piece of text, [`Escaping`] for everything written to stdout and [`say!`] for
//! stderr. The form `\uXXXX` is also a JSON escape, so `--json` output stays valid
//! JSON through [`Escaping`] (serde_json already escapes C0 but not C1 controls).
//!
//! Inputs are read with a cap ([`read_input`]): a huge list, or `/dev/zero`, is
//! refused at `MAX_INPUT` instead of filling memory.

use std::borrow::Cow;
use std::io::{self, Read as _, Write};
use std::path::Path;

use mailmove_core::Message;

/// The largest input file read (10 MiB): a list of 10,000 addresses with every
/// column filled is about 2 MiB.
pub const MAX_INPUT: u64 = 10 * 1024 * 1024;

/// Whether `c` is printed escaped: every control character (C0 but newline and tab,
/// DEL, C1) and the bidirectional overrides and isolates, which reorder what the
/// operator sees.
fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every unsafe character as `\uXXXX`.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut escaped = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_unsafe(c) {
            escaped.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            escaped.push(c);
        }
    }
    Cow::Owned(escaped)
}

/// A writer that escapes unsafe characters on the way through (see
/// [`escape_controls`]). A UTF-8 sequence split between two writes is held until it
/// is complete.
pub struct Escaping<W: Write> {
    inner: W,
    pending: Vec<u8>,
}

impl<W: Write> Escaping<W> {
    /// Escapes what is written to `inner`.
    pub fn new(inner: W) -> Escaping<W> {
        Escaping {
            inner,
            pending: Vec::new(),
        }
    }
}

impl<W: Write> Write for Escaping<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut data = std::mem::take(&mut self.pending);
        data.extend_from_slice(buf);
        let mut rest = &data[..];
        loop {
            match std::str::from_utf8(rest) {
                Ok(text) => {
                    self.inner.write_all(escape_controls(text).as_bytes())?;
                    break;
                }
                Err(error) => {
                    let (valid, after) = rest.split_at(error.valid_up_to());
                    let valid = String::from_utf8_lossy(valid);
                    self.inner.write_all(escape_controls(&valid).as_bytes())?;
                    match error.error_len() {
                        // The end of a character comes with the next write.
                        None => {
                            self.pending = after.to_vec();
                            break;
                        }
                        Some(invalid) => {
                            self.inner.write_all("\u{fffd}".as_bytes())?;
                            rest = &after[invalid..];
                        }
                    }
                }
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// `eprintln!` with unsafe characters escaped: for every message that may carry text
/// from an input file or DNS.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {
        eprintln!("{}", $crate::terminal::escape_controls(&format!($($arg)*)))
    };
}

/// Why an input file was not read.
#[derive(Debug)]
pub enum InputError {
    /// Larger than [`MAX_INPUT`] (or endless, like `/dev/zero`).
    TooLarge,
    /// Could not be opened or read.
    Io(io::Error),
}

impl InputError {
    /// For people, naming the file.
    pub fn message(&self, path: &Path) -> Message {
        let path = path.display();
        let mib = MAX_INPUT / (1024 * 1024);
        match self {
            InputError::TooLarge => Message {
                ja: format!(
                    "{path}: 入力ファイルが大きすぎます(上限 {mib} MiB)。読み込みを途中で止めました。ファイルを分けてください。"
                ),
                en: format!(
                    "{path}: the input file is too large (the limit is {mib} MiB); reading stopped there. Split the file."
                ),
            },
            InputError::Io(error) => Message {
                ja: format!("{path}: 読み込めません: {error}"),
                en: format!("{path}: cannot read: {error}"),
            },
        }
    }
}

/// The file's bytes, at most [`MAX_INPUT`]; reading stops one octet past the cap.
pub fn read_input(path: &Path) -> Result<Vec<u8>, InputError> {
    let file = std::fs::File::open(path).map_err(InputError::Io)?;
    let mut bytes = Vec::new();
    file.take(MAX_INPUT + 1)
        .read_to_end(&mut bytes)
        .map_err(InputError::Io)?;
    if bytes.len() as u64 > MAX_INPUT {
        return Err(InputError::TooLarge);
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_escaped_and_text_is_kept() {
        assert_eq!(escape_controls("山田 <a@b.jp>\tx\n"), "山田 <a@b.jp>\tx\n");
        assert_eq!(
            escape_controls("a\u{1b}]0;pwned\u{7}b\r\u{7f}\u{9b}2J\u{202e}"),
            "a\\u001b]0;pwned\\u0007b\\u000d\\u007f\\u009b2J\\u202e"
        );
    }

    #[test]
    fn the_writer_escapes_across_split_characters() {
        let mut out = Escaping::new(Vec::new());
        let text = "x\u{9b}y\u{1b}z日本";
        for byte in text.as_bytes() {
            out.write_all(&[*byte]).expect("write");
        }
        assert_eq!(
            String::from_utf8(out.inner).expect("utf-8"),
            "x\\u009by\\u001bz日本"
        );
    }

    #[test]
    fn json_stays_json() {
        let value = serde_json::json!({ "name": "a\u{1b}\u{9b}b" });
        let mut out = Escaping::new(Vec::new());
        serde_json::to_writer(&mut out, &value).expect("write");
        let back: serde_json::Value = serde_json::from_slice(&out.inner).expect("JSON");
        assert_eq!(back, value);
        assert!(!out.inner.iter().any(|b| *b == 0x1b || *b == 0x9b));
    }
}
