//! What fetching the policy file gave: the shell does the HTTPS (RFC 8461 §3.3), core
//! reads the outcome. Every way the fetch can fail is data with a bilingual message,
//! because "the policy cannot be fetched" is itself the finding: a domain that
//! publishes the TXT record but serves no valid policy has MTA-STS that does nothing
//! (or, with a policy cached by senders, one that can no longer be updated).

use serde::{Deserialize, Serialize};

use crate::survey::Failure;
use crate::text::Lang;

/// The policy file is at most this large (RFC 8461 §3.3 lets senders refuse larger
/// ones; 64 KiB is what common implementations allow).
pub const MAX_POLICY_BYTES: usize = 64 * 1024;

/// The URL of `domain`'s policy file.
pub fn policy_url(domain: &str) -> String {
    format!("https://mta-sts.{domain}/.well-known/mta-sts.txt")
}

/// The outcome of one policy fetch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
#[serde(try_from = "super::fetch_wire::PolicyFetchWire")]
pub enum PolicyFetch {
    /// HTTP 200, `text/plain`, within the size limit, valid UTF-8.
    Fetched {
        /// Where it came from.
        url: String,
        /// The file.
        body: String,
    },
    /// Anything else.
    Failed {
        /// What was asked for.
        url: String,
        /// Why it failed.
        error: FetchError,
    },
}

/// Why a policy fetch failed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[serde(try_from = "super::fetch_wire::FetchErrorWire")]
pub enum FetchError {
    /// `mta-sts.<domain>` has no address.
    NoAddress,
    /// The lookup of `mta-sts.<domain>`'s address got no usable answer (timeout,
    /// SERVFAIL, REFUSED): whether it has one is unknown.
    LookupFailed {
        /// What the lookup got.
        failure: Failure,
    },
    /// This side's network could not reach the host (no route from here, no usable
    /// local address): nothing was learnt about the host.
    Network {
        /// The system's words.
        detail: String,
    },
    /// The host's addresses are ones this server may not contact (private ones).
    NotAsked,
    /// No TCP connection.
    Connect {
        /// The system's words.
        detail: String,
    },
    /// The TLS handshake failed: untrusted or expired certificate, or one not valid
    /// for `mta-sts.<domain>` (RFC 8461 §3.3 requires a valid one).
    Tls {
        /// The TLS library's words.
        detail: String,
    },
    /// A status other than 200.
    Status {
        /// The status code.
        code: u16,
    },
    /// A redirect, which senders must not follow (RFC 8461 §3.3).
    Redirect {
        /// The status code.
        code: u16,
        /// The `Location` header, if any.
        location: Option<String>,
    },
    /// Not `text/plain`.
    ContentType {
        /// What the server said.
        found: String,
    },
    /// Larger than [`MAX_POLICY_BYTES`].
    TooLarge,
    /// Not UTF-8 text.
    NotText,
    /// No complete answer in time.
    Timeout,
}

impl FetchError {
    /// A sentence for the report.
    pub fn message(&self, lang: Lang) -> String {
        let ja = lang == Lang::Ja;
        match self {
            FetchError::NoAddress => if ja {
                "ホスト mta-sts.<ドメイン> のアドレス(Aレコード/AAAAレコード)がありません。"
            } else {
                "The host mta-sts.<domain> has no address (A/AAAA record)."
            }
            .into(),
            FetchError::LookupFailed { failure } => {
                let (reason_ja, reason_en) = failure.reason();
                if ja {
                    format!(
                        "ホスト mta-sts.<ドメイン> のアドレスを確認できませんでした({reason_ja})。"
                    )
                } else {
                    format!(
                        "The address of the host mta-sts.<domain> could not be looked up ({reason_en})."
                    )
                }
            }
            FetchError::Network { detail } => {
                if ja {
                    format!("このサーバーのネットワークからホストに届きませんでした({detail})。")
                } else {
                    format!("This server's network could not reach the host ({detail}).")
                }
            }
            FetchError::NotAsked => if ja {
                "ホストのアドレスがプライベートアドレスなどのため、接続しませんでした。"
            } else {
                "The host's address is private (or otherwise not public), so it was not contacted."
            }
            .into(),
            FetchError::Connect { detail } => {
                if ja {
                    format!("接続できませんでした({detail})。")
                } else {
                    format!("Could not connect ({detail}).")
                }
            }
            FetchError::Tls { detail } => {
                if ja {
                    format!("TLS(HTTPS)の証明書を確認できませんでした({detail})。")
                } else {
                    format!("The TLS (HTTPS) certificate could not be verified ({detail}).")
                }
            }
            FetchError::Status { code } => {
                if ja {
                    format!("HTTPステータス {code} が返りました(200 が必要です)。")
                } else {
                    format!("The server answered HTTP {code} (200 is required).")
                }
            }
            FetchError::Redirect { code, location } => {
                let to = location.as_deref().unwrap_or("?");
                if ja {
                    format!(
                        "リダイレクト(HTTP {code} → {to})が返りました。送信側はリダイレクトをたどりません。"
                    )
                } else {
                    format!(
                        "The server redirects (HTTP {code} → {to}); senders do not follow redirects."
                    )
                }
            }
            FetchError::ContentType { found } => {
                if ja {
                    format!("Content-Type が「{found}」です(text/plain が必要です)。")
                } else {
                    format!("The Content-Type is “{found}” (text/plain is required).")
                }
            }
            FetchError::TooLarge => if ja {
                "ファイルが大きすぎます(64KiBまで)。"
            } else {
                "The file is too large (64 KiB at most)."
            }
            .into(),
            FetchError::NotText => if ja {
                "ファイルがUTF-8のテキストではありません。"
            } else {
                "The file is not UTF-8 text."
            }
            .into(),
            FetchError::Timeout => if ja {
                "時間内に応答がありませんでした。"
            } else {
                "No answer in time."
            }
            .into(),
        }
    }

    /// Whether the failure says nothing about the domain: our side could not try, or
    /// tried and learnt nothing (the host's address could not be looked up, our
    /// network could not reach it, no answer in time). "Could not check", never "the
    /// domain is broken", as for DNS outcomes.
    pub fn is_could_not_check(&self) -> bool {
        matches!(
            self,
            FetchError::NotAsked
                | FetchError::LookupFailed { .. }
                | FetchError::Network { .. }
                | FetchError::Timeout
        )
    }

    /// Why the policy could not be checked, for the `mta-sts-could-not-check` finding
    /// (Japanese, English); `None` for the failures that are the domain's and for a
    /// fetch this side chose not to make.
    pub fn could_not_check_reason(&self) -> Option<(String, String)> {
        match self {
            FetchError::LookupFailed { failure } => {
                let (ja, en) = failure.reason();
                Some((
                    format!("ポリシーのホストのアドレスを確認できませんでした。{ja}"),
                    format!("the policy host's address could not be looked up: {en}"),
                ))
            }
            FetchError::Network { detail } => Some((
                format!(
                    "このサーバーのネットワークからポリシーのホストに届きませんでした({detail})"
                ),
                format!("this server's network could not reach the policy host ({detail})"),
            )),
            FetchError::Timeout => Some((
                "ポリシーファイルの取得が時間内に終わりませんでした(タイムアウト)".into(),
                "fetching the policy file did not finish in time (timeout)".into(),
            )),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_serialise_with_tags_and_messages_exist_in_both_languages() {
        let failed = PolicyFetch::Failed {
            url: policy_url("example.jp"),
            error: FetchError::Redirect {
                code: 301,
                location: Some("https://www.example.jp/".into()),
            },
        };
        let json = serde_json::to_value(&failed).unwrap();
        assert_eq!(json["status"], "failed");
        assert_eq!(
            json["url"],
            "https://mta-sts.example.jp/.well-known/mta-sts.txt"
        );
        assert_eq!(json["error"]["kind"], "redirect");
        assert_eq!(serde_json::from_value::<PolicyFetch>(json).unwrap(), failed);
        for error in [
            FetchError::NoAddress,
            FetchError::LookupFailed {
                failure: Failure::ServFail,
            },
            FetchError::Network {
                detail: "unreachable".into(),
            },
            FetchError::NotAsked,
            FetchError::Tls { detail: "x".into() },
            FetchError::Status { code: 404 },
            FetchError::ContentType {
                found: "text/html".into(),
            },
            FetchError::TooLarge,
            FetchError::NotText,
            FetchError::Timeout,
        ] {
            assert_ne!(error.message(Lang::Ja), error.message(Lang::En));
            assert!(!error.message(Lang::Ja).is_empty());
        }
    }
}
