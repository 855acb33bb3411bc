//! `GET /api/survey?…&stream=1`: the survey as it runs, one JSON object per line
//! (NDJSON). Each line is a whole snapshot, not a delta, so a client that misses lines
//! (the server skips snapshots a slow client has not read yet) still draws the latest
//! state; the last line has `done: true`. [`ProgressReader`] is the client's side.

use serde::{Deserialize, Serialize};

use super::SurveyJson;
use crate::survey::Survey;

/// One line of the survey stream.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SurveyProgressJson {
    /// Questions asked so far.
    pub asked: usize,
    /// Questions answered so far.
    pub answered: usize,
    /// Whether the survey has finished: the last line.
    pub done: bool,
    /// The report from the answers so far.
    pub report: SurveyJson,
}

/// The line for `survey` as it stands: its counts, and the report of the answers so
/// far, reviewed. `done` on the last line, after `Survey::expire`.
pub fn survey_progress(survey: &Survey, done: bool) -> SurveyProgressJson {
    SurveyProgressJson {
        asked: survey.asked(),
        answered: survey.answered(),
        done,
        report: super::survey_json(&crate::findings::review(survey.report())),
    }
}

/// A snapshot is a few tens of kilobytes; a line this long is not one.
pub const MAX_LINE: usize = 4 << 20;

/// Why the stream cannot be read further.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StreamError {
    /// More than [`MAX_LINE`] bytes without a line end.
    LineTooLong,
    /// A line that is not a snapshot (the JSON error).
    NotASnapshot(String),
}

/// Reads the stream as its chunks arrive, wherever they split it (mid-line, inside a
/// multi-byte character, several lines at once).
#[derive(Debug, Default)]
pub struct ProgressReader {
    pending: Vec<u8>,
    /// The newest snapshot line read, as written.
    newest: String,
}

impl ProgressReader {
    /// Adds `chunk`; returns the newest snapshot it completed, if any. Older complete
    /// lines of the same chunk are skipped unread: each line is a whole snapshot.
    pub fn push(&mut self, chunk: &[u8]) -> Result<Option<SurveyProgressJson>, StreamError> {
        self.pending.extend_from_slice(chunk);
        let newest = match self.pending.iter().rposition(|byte| *byte == b'\n') {
            Some(end) => {
                let line = self.pending[..end]
                    .split(|byte| *byte == b'\n')
                    .rev()
                    .find(|line| !line.trim_ascii().is_empty())
                    .map(|line| {
                        let snapshot = serde_json::from_slice::<SurveyProgressJson>(line);
                        if snapshot.is_ok() {
                            self.newest = String::from_utf8_lossy(line).into_owned();
                        }
                        snapshot
                    });
                self.pending.drain(..=end);
                line
            }
            None => None,
        };
        if self.pending.len() > MAX_LINE {
            return Err(StreamError::LineTooLong);
        }
        newest
            .transpose()
            .map_err(|error| StreamError::NotASnapshot(error.to_string()))
    }

    /// The line of the newest snapshot [`ProgressReader::push`] returned, as the server
    /// wrote it (the page offers it for download without re-writing it).
    pub fn newest_line(&self) -> &str {
        &self.newest
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DomainName;
    use crate::survey::SurveyOptions;

    fn snapshot(asked: usize, done: bool) -> SurveyProgressJson {
        // An IDN, so the line holds multi-byte characters to split inside.
        let domain = DomainName::parse("xn--wgv71a119e.jp").expect("valid");
        let survey = Survey::new(domain, SurveyOptions::default());
        SurveyProgressJson {
            asked,
            answered: asked / 2,
            ..survey_progress(&survey, done)
        }
    }

    fn line(progress: &SurveyProgressJson) -> Vec<u8> {
        let mut line = serde_json::to_vec(progress).expect("JSON");
        line.push(b'\n');
        line
    }

    #[test]
    fn a_line_split_anywhere_is_read_once_whole() {
        let progress = snapshot(12, false);
        let bytes = line(&progress);
        assert!(String::from_utf8_lossy(&bytes).contains("日本語"));
        for split in 0..bytes.len() {
            let mut reader = ProgressReader::default();
            let first = reader.push(&bytes[..split]).expect("readable");
            assert_eq!(
                first, None,
                "nothing before the line ends (split at {split})"
            );
            let second = reader.push(&bytes[split..]).expect("readable");
            assert_eq!(second.as_ref(), Some(&progress), "split at {split}");
            // The line as written, for the page's download.
            assert_eq!(reader.newest_line().as_bytes(), &bytes[..bytes.len() - 1]);
            assert_eq!(reader.push(b"").expect("readable"), None);
        }
    }

    #[test]
    fn of_several_lines_in_one_chunk_the_newest_is_read() {
        let (older, newer, newest) = (snapshot(3, false), snapshot(7, false), snapshot(9, true));
        let mut reader = ProgressReader::default();
        let mut chunk = line(&older);
        chunk.extend(line(&newer));
        let partial = line(&newest);
        chunk.extend(&partial[..10]);
        assert_eq!(reader.push(&chunk).expect("readable"), Some(newer));
        assert_eq!(reader.push(&partial[10..]).expect("readable"), Some(newest));
        // Blank lines are not snapshots.
        assert_eq!(reader.push(b"\n\n").expect("readable"), None);
    }

    #[test]
    fn what_is_not_a_snapshot_is_an_error() {
        let mut reader = ProgressReader::default();
        assert!(matches!(
            reader.push(b"{\"asked\": 1}\n"),
            Err(StreamError::NotASnapshot(_))
        ));
        let mut reader = ProgressReader::default();
        let endless = vec![b' '; MAX_LINE + 1];
        assert_eq!(reader.push(&endless), Err(StreamError::LineTooLong));
    }
}
