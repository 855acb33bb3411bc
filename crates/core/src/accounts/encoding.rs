//! Which encoding an address file is in, decided once for the whole file.
//!
//! Japanese Excel saves CSV as Shift_JIS; everything else writes UTF-8. A file is
//! decoded one way or the other, never per field: a UTF-8 file with one Shift_JIS
//! field pasted in (or the reverse) would otherwise be decoded wholesale the wrong way
//! and every Japanese name in it garbled without a word. Such a file is refused with
//! the line to look at. Core decides; the shells decode Shift_JIS (`encoding_rs` in the
//! CLI, the browser's `TextDecoder` in the page), so core carries no decoding tables.

use crate::Message;

/// How to read a file's bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileEncoding {
    /// UTF-8 (a leading BOM is dropped by the caller).
    Utf8,
    /// Shift_JIS, as Japanese Excel writes it.
    ShiftJis,
}

/// A file that is neither wholly UTF-8 nor wholly Shift_JIS.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MixedEncoding {
    /// The 1-based line of the first byte that is not UTF-8.
    pub line: usize,
}

impl MixedEncoding {
    /// For people.
    pub fn message(&self) -> Message {
        let line = self.line;
        Message {
            ja: format!(
                "ファイルの文字コードが混在しています。大部分は UTF-8 ですが、{line}行目に UTF-8 でない文字(Shift_JIS など)があります。このまま読むと日本語が化けるため、読み込みませんでした。表計算ソフトで「CSV UTF-8」として保存し直してください。"
            ),
            en: format!(
                "The file mixes encodings: most of it is UTF-8, but line {line} holds text that is not (Shift_JIS, perhaps). Read as it is, its Japanese would be garbled, so it was not read. Save it again from the spreadsheet as “CSV UTF-8”."
            ),
        }
    }
}

/// The encoding of `bytes`: UTF-8 when they are UTF-8. Otherwise the bytes beyond ASCII
/// decide: Shift_JIS text only now and then forms a valid UTF-8 sequence by chance,
/// so when most of them are valid UTF-8 the file is UTF-8 with something else pasted
/// in, and refused; when most are not, it is Shift_JIS.
pub fn file_encoding(bytes: &[u8]) -> Result<FileEncoding, MixedEncoding> {
    let mut utf8_beyond_ascii = 0_usize;
    let mut invalid = 0_usize;
    let mut first_invalid = None;
    let mut offset = 0;
    for chunk in bytes.utf8_chunks() {
        let valid = chunk.valid();
        utf8_beyond_ascii += valid.bytes().filter(|byte| !byte.is_ascii()).count();
        offset += valid.len();
        if !chunk.invalid().is_empty() && first_invalid.is_none() {
            first_invalid = Some(offset);
        }
        invalid += chunk.invalid().len();
        offset += chunk.invalid().len();
    }
    match first_invalid {
        None => Ok(FileEncoding::Utf8),
        Some(_) if utf8_beyond_ascii <= invalid => Ok(FileEncoding::ShiftJis),
        Some(at) => Err(MixedEncoding {
            line: 1 + bytes[..at].iter().filter(|&&byte| byte == b'\n').count(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 山田 in Shift_JIS.
    const YAMADA_SJIS: &[u8] = &[0x8e, 0x52, 0x93, 0x63];

    #[test]
    fn utf8_with_or_without_bom_and_ascii_are_utf8() {
        assert_eq!(
            file_encoding("山田,a@b.jp\n".as_bytes()),
            Ok(FileEncoding::Utf8)
        );
        assert_eq!(
            file_encoding("\u{feff}氏名\n".as_bytes()),
            Ok(FileEncoding::Utf8)
        );
        assert_eq!(file_encoding(b"a@b.jp\n"), Ok(FileEncoding::Utf8));
        assert_eq!(file_encoding(b""), Ok(FileEncoding::Utf8));
    }

    #[test]
    fn shift_jis_throughout_is_shift_jis() {
        let mut file = b"a@b.jp,".to_vec();
        file.extend_from_slice(YAMADA_SJIS);
        file.extend_from_slice(b"\r\nc@b.jp,");
        file.extend_from_slice(YAMADA_SJIS);
        assert_eq!(file_encoding(&file), Ok(FileEncoding::ShiftJis));
    }

    /// Real Shift_JIS text forms valid UTF-8 sequences by chance (`メ` is 0x83 0x81…),
    /// which must not make it look mixed.
    #[test]
    fn japanese_excel_headings_in_shift_jis_are_shift_jis() {
        // メールアドレス,氏名,種別 as Shift_JIS.
        let file: &[u8] = &[
            0x83, 0x81, 0x81, 0x5b, 0x83, 0x8b, 0x83, 0x41, 0x83, 0x68, 0x83, 0x8c, 0x83, 0x58,
            b',', 0x8e, 0x81, 0x96, 0xbc, b',', 0x8e, 0xed, 0x95, 0xca, b'\r', b'\n',
        ];
        assert_eq!(file_encoding(file), Ok(FileEncoding::ShiftJis));
    }

    #[test]
    fn a_utf8_file_with_one_shift_jis_field_is_refused_naming_its_line() {
        let mut file = "氏名,メールアドレス\n佐藤,s@b.jp\n".as_bytes().to_vec();
        file.extend_from_slice(YAMADA_SJIS);
        file.extend_from_slice(b",y@b.jp\n");
        let error = file_encoding(&file).unwrap_err();
        assert_eq!(error.line, 3);
        assert!(error.message().ja.contains("3行目"));
        assert!(error.message().en.contains("line 3"));
    }
}
