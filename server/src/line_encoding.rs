//! Compression of a streamed response, line by line: each line is flushed whole, so the
//! client can read it as soon as it arrives, and later lines are compressed against
//! the earlier ones.
//!
//! Why: the survey stream sends the whole report in every line (about 18 KB of JSON
//! each). On a phone's 1.6 Mbit/s two uncompressed lines took as long as a third of
//! the page's WebAssembly; compressed, the first is about 4.5 KB and a later one
//! mostly refers back to it. The static files are precompressed (`static_files`);
//! a generic compression layer would hold lines back until its buffer fills.

use std::io::Write as _;

use axum::http::{HeaderMap, HeaderValue, header};

/// Brotli's quality for a live stream. Measured (`cargo bench -p mailmove-server
/// --bench stream_encoding`, a cached survey's two lines): quality 3 sends 5.7 KB for
/// about 350 µs of CPU per stream, quality 5 5.0 KB for about 580 µs, gzip 5.4 KB for
/// about 450 µs. 0.7 KB is 3 ms on a slow phone line; the CPU is the server's.
const BROTLI_QUALITY: u32 = 3;
/// 2^17 bytes of window: a line refers back to the previous one (reports are tens of
/// KB), at a few hundred KB of memory per stream rather than brotli's default 4 MB.
const BROTLI_WINDOW_BITS: u32 = 17;
const BROTLI_BUFFER: usize = 4096;

/// The encodings this server compresses a stream with, in preference order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Brotli,
    Gzip,
    Identity,
}

impl Encoding {
    /// The best encoding the request's `Accept-Encoding` allows (`q=0` refuses one).
    pub fn negotiate(headers: &HeaderMap) -> Encoding {
        let mut brotli = false;
        let mut gzip = false;
        for value in headers.get_all(header::ACCEPT_ENCODING) {
            let Ok(value) = value.to_str() else { continue };
            for item in value.split(',') {
                let mut parts = item.split(';');
                let name = parts.next().unwrap_or_default().trim();
                let refused = parts.any(|param| {
                    param
                        .trim()
                        .strip_prefix("q=")
                        .and_then(|q| q.trim().parse::<f32>().ok())
                        .is_some_and(|q| q <= 0.0)
                });
                if refused {
                    continue;
                }
                if name.eq_ignore_ascii_case("br") {
                    brotli = true;
                } else if name.eq_ignore_ascii_case("gzip") {
                    gzip = true;
                }
            }
        }
        match (brotli, gzip) {
            (true, _) => Encoding::Brotli,
            (false, true) => Encoding::Gzip,
            (false, false) => Encoding::Identity,
        }
    }

    /// The `Content-Encoding` header's value, if any.
    pub fn header_value(self) -> Option<HeaderValue> {
        match self {
            Encoding::Brotli => Some(HeaderValue::from_static("br")),
            Encoding::Gzip => Some(HeaderValue::from_static("gzip")),
            Encoding::Identity => None,
        }
    }
}

/// One response's compressor.
pub enum LineEncoder {
    Brotli(Box<brotli::CompressorWriter<Vec<u8>>>),
    Gzip(flate2::write::GzEncoder<Vec<u8>>),
    Identity,
}

impl LineEncoder {
    pub fn new(encoding: Encoding) -> LineEncoder {
        match encoding {
            Encoding::Brotli => LineEncoder::Brotli(Box::new(brotli::CompressorWriter::new(
                Vec::new(),
                BROTLI_BUFFER,
                BROTLI_QUALITY,
                BROTLI_WINDOW_BITS,
            ))),
            Encoding::Gzip => LineEncoder::Gzip(flate2::write::GzEncoder::new(
                Vec::new(),
                flate2::Compression::default(),
            )),
            Encoding::Identity => LineEncoder::Identity,
        }
    }

    /// `line`'s bytes as sent: everything needed to decode it, now.
    pub fn line(&mut self, line: String) -> Vec<u8> {
        // Writing to a Vec cannot fail; an encoder error would leave the line out,
        // and the client would see a broken stream rather than a wrong report.
        match self {
            LineEncoder::Brotli(writer) => {
                let _ = writer
                    .write_all(line.as_bytes())
                    .and_then(|()| writer.flush());
                std::mem::take(writer.get_mut())
            }
            LineEncoder::Gzip(writer) => {
                let _ = writer
                    .write_all(line.as_bytes())
                    .and_then(|()| writer.flush());
                std::mem::take(writer.get_mut())
            }
            LineEncoder::Identity => line.into_bytes(),
        }
    }

    /// `line`, then the end of the compressed stream.
    pub fn last_line(self, line: String) -> Vec<u8> {
        match self {
            LineEncoder::Brotli(mut writer) => {
                let _ = writer.write_all(line.as_bytes());
                writer.into_inner()
            }
            LineEncoder::Gzip(mut writer) => {
                let _ = writer.write_all(line.as_bytes());
                let mut bytes = std::mem::take(writer.get_mut());
                bytes.extend(writer.finish().unwrap_or_default());
                bytes
            }
            LineEncoder::Identity => line.into_bytes(),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read as _;

    use super::*;

    fn accepting(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(value).unwrap(),
        );
        headers
    }

    #[test]
    fn negotiation_prefers_brotli_and_honours_refusals() {
        let browser = accepting("gzip, deflate, br, zstd");
        assert_eq!(Encoding::negotiate(&browser), Encoding::Brotli);
        assert_eq!(Encoding::negotiate(&accepting("gzip")), Encoding::Gzip);
        assert_eq!(
            Encoding::negotiate(&accepting("br;q=0, GZIP;q=0.5")),
            Encoding::Gzip
        );
        assert_eq!(
            Encoding::negotiate(&accepting("identity")),
            Encoding::Identity
        );
        assert_eq!(Encoding::negotiate(&HeaderMap::new()), Encoding::Identity);
    }

    /// Three lines that are the same report but for a counter, as the stream's are;
    /// the report is varied text (not one phrase repeated), so that the first line
    /// costs kilobytes.
    fn lines() -> Vec<String> {
        let mut seed = 0x2545_f491_u32;
        let report: String = (0..2000)
            .map(|_| {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                char::from(b'a' + (seed >> 16) as u8 % 26)
            })
            .collect();
        (0..3)
            .map(|n| format!("{{\"line\":{n},\"report\":\"{report}\"}}\n"))
            .collect()
    }

    /// Each line decodes from the bytes sent so far: nothing is held back.
    fn decodes_line_by_line(encoding: Encoding, decode: fn(&[u8]) -> String) {
        let lines = lines();
        let mut encoder = LineEncoder::new(encoding);
        let mut sent = Vec::new();
        let mut expected = String::new();
        let mut sizes = Vec::new();
        for line in &lines[..2] {
            let bytes = encoder.line(line.clone());
            sizes.push(bytes.len());
            sent.extend(bytes);
            expected.push_str(line);
            assert_eq!(decode(&sent), expected);
        }
        sent.extend(encoder.last_line(lines[2].clone()));
        expected.push_str(&lines[2]);
        assert_eq!(decode(&sent), expected);
        let raw: usize = lines.iter().map(String::len).sum();
        assert!(sent.len() * 2 < raw, "{} bytes for {raw}", sent.len());
        // The second line is nearly the first: it costs a fraction of it.
        assert!(sizes[1] * 2 < sizes[0], "line sizes {sizes:?}");
    }

    #[test]
    fn brotli_lines_decode_as_they_arrive() {
        decodes_line_by_line(Encoding::Brotli, |bytes| {
            // Reads what is complete so far; an unfinished stream ends the read.
            let mut text = Vec::new();
            let mut reader = brotli::Decompressor::new(bytes, 4096);
            let mut chunk = [0; 4096];
            while let Ok(n) = reader.read(&mut chunk) {
                if n == 0 {
                    break;
                }
                text.extend_from_slice(&chunk[..n]);
            }
            String::from_utf8(text).unwrap()
        });
    }

    #[test]
    fn gzip_lines_decode_as_they_arrive() {
        decodes_line_by_line(Encoding::Gzip, |bytes| {
            let mut text = Vec::new();
            let mut reader = flate2::read::GzDecoder::new(bytes);
            let mut chunk = [0; 4096];
            while let Ok(n) = reader.read(&mut chunk) {
                if n == 0 {
                    break;
                }
                text.extend_from_slice(&chunk[..n]);
            }
            String::from_utf8(text).unwrap()
        });
    }

    #[test]
    fn identity_sends_the_line() {
        let mut encoder = LineEncoder::new(Encoding::Identity);
        assert_eq!(encoder.line("a\n".into()), b"a\n");
        assert_eq!(encoder.last_line("b\n".into()), b"b\n");
    }
}
