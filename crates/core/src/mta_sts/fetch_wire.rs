//! Reading a [`PolicyFetch`] back from JSON (the page gets it from our server).
//!
//! Why by hand: serde's derived reader for internally tagged enums buffers the whole
//! object in a generic `Content` tree first, and for the two nested ones here that
//! machinery was a measurable part of the check page's WebAssembly (the CHANGELOG has
//! the figure). The JSON is the same; these flat structs read it directly, and a
//! round-trip test keeps them in step with the derived writer.

use serde::Deserialize;

use super::{FetchError, PolicyFetch};

/// A [`PolicyFetch`] as it appears in JSON.
#[derive(Deserialize)]
pub(super) struct PolicyFetchWire {
    status: String,
    url: String,
    body: Option<String>,
    error: Option<FetchErrorWire>,
}

/// A [`FetchError`] as it appears in JSON: the tag and every variant's fields.
#[derive(Deserialize)]
pub(super) struct FetchErrorWire {
    kind: String,
    detail: Option<String>,
    code: Option<u16>,
    location: Option<String>,
    found: Option<String>,
    failure: Option<String>,
}

impl TryFrom<PolicyFetchWire> for PolicyFetch {
    type Error = String;

    fn try_from(wire: PolicyFetchWire) -> Result<Self, String> {
        match (wire.status.as_str(), wire.body, wire.error) {
            ("fetched", Some(body), _) => Ok(PolicyFetch::Fetched {
                url: wire.url,
                body,
            }),
            ("failed", _, Some(error)) => Ok(PolicyFetch::Failed {
                url: wire.url,
                error: FetchError::try_from(error)?,
            }),
            (status, ..) => Err(format!("policy fetch: bad or incomplete status {status:?}")),
        }
    }
}

impl TryFrom<FetchErrorWire> for FetchError {
    type Error = String;

    fn try_from(wire: FetchErrorWire) -> Result<Self, String> {
        let missing = || format!("fetch error {:?}: a field is missing", wire.kind);
        Ok(match wire.kind.as_str() {
            "no-address" => FetchError::NoAddress,
            "not-asked" => FetchError::NotAsked,
            "lookup-failed" => FetchError::LookupFailed {
                failure: match wire.failure.as_deref().ok_or_else(missing)? {
                    "timeout" => crate::survey::Failure::Timeout,
                    "serv-fail" => crate::survey::Failure::ServFail,
                    "refused" => crate::survey::Failure::Refused,
                    "not-asked" => crate::survey::Failure::NotAsked,
                    other => return Err(format!("unknown lookup failure {other:?}")),
                },
            },
            "network" => FetchError::Network {
                detail: wire.detail.clone().ok_or_else(missing)?,
            },
            "connect" => FetchError::Connect {
                detail: wire.detail.clone().ok_or_else(missing)?,
            },
            "tls" => FetchError::Tls {
                detail: wire.detail.clone().ok_or_else(missing)?,
            },
            "status" => FetchError::Status {
                code: wire.code.ok_or_else(missing)?,
            },
            "redirect" => FetchError::Redirect {
                code: wire.code.ok_or_else(missing)?,
                location: wire.location.clone(),
            },
            "content-type" => FetchError::ContentType {
                found: wire.found.clone().ok_or_else(missing)?,
            },
            "too-large" => FetchError::TooLarge,
            "not-text" => FetchError::NotText,
            "timeout" => FetchError::Timeout,
            other => return Err(format!("unknown fetch error kind {other:?}")),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{FetchError, PolicyFetch};

    /// Every variant the derived writer produces reads back equal.
    #[test]
    fn json_round_trips() {
        let errors = [
            FetchError::NoAddress,
            FetchError::LookupFailed {
                failure: crate::survey::Failure::Timeout,
            },
            FetchError::LookupFailed {
                failure: crate::survey::Failure::ServFail,
            },
            FetchError::LookupFailed {
                failure: crate::survey::Failure::Refused,
            },
            FetchError::Network {
                detail: "no route".into(),
            },
            FetchError::NotAsked,
            FetchError::Connect {
                detail: "refused".into(),
            },
            FetchError::Tls {
                detail: "expired".into(),
            },
            FetchError::Status { code: 404 },
            FetchError::Redirect {
                code: 301,
                location: Some("https://x/".into()),
            },
            FetchError::Redirect {
                code: 302,
                location: None,
            },
            FetchError::ContentType {
                found: "text/html".into(),
            },
            FetchError::TooLarge,
            FetchError::NotText,
            FetchError::Timeout,
        ];
        let mut fetches: Vec<PolicyFetch> = errors
            .into_iter()
            .map(|error| PolicyFetch::Failed {
                url: "https://mta-sts.example.jp/".into(),
                error,
            })
            .collect();
        fetches.push(PolicyFetch::Fetched {
            url: "u".into(),
            body: "version: STSv1\n".into(),
        });
        for fetch in fetches {
            let json = serde_json::to_string(&fetch).expect("writes");
            let back: PolicyFetch = serde_json::from_str(&json).expect(&json);
            assert_eq!(back, fetch, "{json}");
        }
    }

    #[test]
    fn bad_json_is_an_error() {
        for json in [
            r#"{"status":"fetched","url":"u"}"#,
            r#"{"status":"failed","url":"u","error":{"kind":"status"}}"#,
            r#"{"status":"failed","url":"u","error":{"kind":"gone"}}"#,
            r#"{"status":"maybe","url":"u"}"#,
        ] {
            assert!(serde_json::from_str::<PolicyFetch>(json).is_err(), "{json}");
        }
    }
}
