//! Problems a parser found, with the byte span they concern. Parsers never fail
//! wholesale: they return what they could read plus these.

use std::ops::Range;

use serde::{Deserialize, Serialize};

/// One problem in a record, at `span` (byte offsets into the parsed text).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParseIssue<K> {
    /// Bytes of the input the problem concerns.
    pub span: Range<usize>,
    /// What is wrong.
    pub kind: K,
}

impl<K> ParseIssue<K> {
    /// An issue of `kind` at `span`.
    pub fn new(span: Range<usize>, kind: K) -> Self {
        ParseIssue { span, kind }
    }
}
