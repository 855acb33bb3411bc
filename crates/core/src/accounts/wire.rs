//! Reading [`Destination`] and [`ReadVia`] back from JSON (a saved plan).
//!
//! Why not serde's derive: for an internally tagged enum (`{"kind": "user", …}`) it
//! buffers every value into a generic `Content` tree first, and the two readers were
//! 16 KB of the planner's WebAssembly. A flat struct with every field reads the same
//! JSON in one pass (as `dns/record_wire.rs` does for records). Writing stays derived,
//! so the JSON is unchanged; the round-trip tests below hold the two together.

use serde::Deserialize;

use super::{Destination, ReadVia};

/// Every field any destination has (each has a default).
#[derive(Deserialize)]
pub(super) struct DestinationWire {
    kind: String,
    #[serde(default)]
    first_name: String,
    #[serde(default)]
    last_name: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    user: String,
    #[serde(default)]
    members: Vec<String>,
    #[serde(default)]
    to: Vec<String>,
    #[serde(default)]
    reason: String,
}

impl TryFrom<DestinationWire> for Destination {
    type Error = String;

    fn try_from(wire: DestinationWire) -> Result<Destination, String> {
        Ok(match wire.kind.as_str() {
            "unassigned" => Destination::Unassigned,
            "user" => Destination::User {
                first_name: wire.first_name,
                last_name: wire.last_name,
                display_name: wire.display_name,
            },
            "alias" => Destination::Alias { user: wire.user },
            "group" => Destination::Group {
                members: wire.members,
            },
            "forward" => Destination::Forward { to: wire.to },
            "retire" => Destination::Retire {
                reason: wire.reason,
            },
            other => return Err(unknown_kind(other, "destination")),
        })
    }
}

/// Every field any way of reading mail has.
#[derive(Deserialize)]
pub(super) struct ReadViaWire {
    kind: String,
    #[serde(default)]
    keeps_copy_on_server: bool,
}

impl TryFrom<ReadViaWire> for ReadVia {
    type Error = String;

    fn try_from(wire: ReadViaWire) -> Result<ReadVia, String> {
        Ok(match wire.kind.as_str() {
            "pop" => ReadVia::Pop {
                keeps_copy_on_server: wire.keeps_copy_on_server,
            },
            "imap" => ReadVia::Imap,
            "webmail" => ReadVia::Webmail,
            "unknown" => ReadVia::Unknown,
            other => return Err(unknown_kind(other, "read_via")),
        })
    }
}

fn unknown_kind(kind: &str, of: &str) -> String {
    format!("unknown {of} kind `{kind}`")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trips<T>(value: &T)
    where
        T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
    {
        let json = serde_json::to_string(value).expect("serializes");
        let back: T = serde_json::from_str(&json).expect(&json);
        assert_eq!(&back, value, "{json}");
    }

    #[test]
    fn every_destination_reads_back_as_written() {
        let list = |names: &[&str]| names.iter().map(|&name| name.to_owned()).collect();
        for destination in [
            Destination::Unassigned,
            Destination::User {
                first_name: "太郎".into(),
                last_name: "山田".into(),
                display_name: "山田 太郎".into(),
            },
            Destination::Alias {
                user: "taro@example.jp".into(),
            },
            Destination::Group {
                members: list(&["a@example.jp", "b@example.jp"]),
            },
            Destination::Forward {
                to: list(&["office@example.net"]),
            },
            Destination::Retire {
                reason: "退職".into(),
            },
        ] {
            round_trips(&destination);
        }
    }

    #[test]
    fn every_way_of_reading_reads_back_as_written() {
        for read_via in [
            ReadVia::Pop {
                keeps_copy_on_server: true,
            },
            ReadVia::Pop {
                keeps_copy_on_server: false,
            },
            ReadVia::Imap,
            ReadVia::Webmail,
            ReadVia::Unknown,
        ] {
            round_trips(&read_via);
        }
    }

    #[test]
    fn fields_default_and_unknown_kinds_are_refused() {
        let user: Destination = serde_json::from_str(r#"{"kind":"user"}"#).expect("reads");
        assert_eq!(
            user,
            Destination::User {
                first_name: String::new(),
                last_name: String::new(),
                display_name: String::new(),
            }
        );
        let pop: ReadVia = serde_json::from_str(r#"{"kind":"pop"}"#).expect("reads");
        assert_eq!(
            pop,
            ReadVia::Pop {
                keeps_copy_on_server: false
            }
        );
        let error =
            serde_json::from_str::<Destination>(r#"{"kind":"mailbox"}"#).expect_err("unknown kind");
        assert!(error.to_string().contains("mailbox"), "{error}");
        assert!(serde_json::from_str::<Destination>(r#"{"user":"a"}"#).is_err());
        assert!(serde_json::from_str::<ReadVia>(r#"{"kind":"fax"}"#).is_err());
    }
}
