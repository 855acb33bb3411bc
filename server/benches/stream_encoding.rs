//! What compressing the survey stream costs and saves: a real report (the golden
//! `migrating.test` survey) sent as the stream sends it — a first snapshot, then the
//! finished report — through each encoding (`line_encoding`), side by side in one run.
//! Prints the bytes on the wire and the server CPU time per stream (median of
//! `ROUNDS` rounds of `STREAMS` streams each).
//!
//! Run: `cargo bench -p mailmove-server --bench stream_encoding`

use std::time::{Duration, Instant};

use mailmove_server::line_encoding::{Encoding, LineEncoder};

const STREAMS: u32 = 200;
const ROUNDS: usize = 9;

/// The two lines of a cached survey's stream: the report without its findings (as an
/// early snapshot has), then the whole report.
fn lines() -> (String, String) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/golden/migrating.test.json"
    );
    let text = std::fs::read_to_string(path).expect("golden report");
    let mut report: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let whole = format!("{{\"done\":true,\"report\":{report}}}\n");
    report["findings"] = serde_json::Value::Array(Vec::new());
    let early = format!("{{\"done\":false,\"report\":{report}}}\n");
    (early, whole)
}

fn one_stream(encoding: Encoding, early: &str, whole: &str) -> usize {
    let mut encoder = LineEncoder::new(encoding);
    let first = encoder.line(early.to_owned()).len();
    first + encoder.last_line(whole.to_owned()).len()
}

fn main() {
    // `cargo bench` passes `--bench`; a filter that is not ours means skip.
    if std::env::args()
        .skip(1)
        .any(|arg| !arg.starts_with("--") && arg != "stream_encoding")
    {
        return;
    }
    let (early, whole) = lines();
    println!(
        "stream_encoding: lines of {} and {} bytes; {STREAMS} streams per round, median of {ROUNDS} rounds",
        early.len(),
        whole.len()
    );
    for encoding in [Encoding::Identity, Encoding::Gzip, Encoding::Brotli] {
        let bytes = one_stream(encoding, &early, &whole);
        let mut rounds: Vec<Duration> = (0..ROUNDS)
            .map(|_| {
                let started = Instant::now();
                for _ in 0..STREAMS {
                    std::hint::black_box(one_stream(encoding, &early, &whole));
                }
                started.elapsed() / STREAMS
            })
            .collect();
        rounds.sort();
        println!(
            "stream_encoding: {encoding:?}: {bytes} bytes on the wire, {:.0} µs CPU per stream",
            rounds[ROUNDS / 2].as_secs_f64() * 1e6
        );
    }
}
