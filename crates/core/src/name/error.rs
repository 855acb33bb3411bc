//! Why a string is not a usable domain name, said precisely, in Japanese and English.

use super::input;

/// Why a string is not a usable domain name. Each variant carries the offending input.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    /// Nothing was typed.
    #[error("empty domain name")]
    Empty,
    /// Two dots in a row, or a leading dot.
    #[error("empty label in {input:?}")]
    EmptyLabel {
        /// What was typed.
        input: String,
    },
    /// A label longer than [`MAX_LABEL_LEN`](super::MAX_LABEL_LEN).
    #[error("label {label:?} is {len} octets long (at most 63)")]
    LabelTooLong {
        /// The label.
        label: String,
        /// Its length.
        len: usize,
    },
    /// A name longer than [`MAX_NAME_LEN`](super::MAX_NAME_LEN).
    #[error("name is {len} octets long (at most 253)")]
    NameTooLong {
        /// Its length.
        len: usize,
    },
    /// A character outside letters, digits and hyphens (and `_` for service labels).
    #[error("invalid character {ch:?} in {input:?}")]
    InvalidCharacter {
        /// What was typed.
        input: String,
        /// The first offending character.
        ch: char,
    },
    /// A label that starts or ends with a hyphen.
    #[error("label {label:?} starts or ends with a hyphen")]
    HyphenAtEdge {
        /// The label.
        label: String,
    },
    /// An IP address rather than a name.
    #[error("{input:?} is an IP address, not a domain name")]
    IpLiteral {
        /// What was typed.
        input: String,
    },
    /// A name with one label only (`localhost`, `com`).
    #[error("{input:?} has a single label")]
    SingleLabel {
        /// What was typed.
        input: String,
    },
    /// A top-level domain that is all digits cannot exist (RFC 3696 §2).
    #[error("top-level domain of {input:?} is numeric")]
    NumericTld {
        /// What was typed.
        input: String,
    },
    /// An internationalised name that IDNA (UTS #46) cannot convert.
    #[error("{input:?} is not a valid internationalised domain name")]
    Idna {
        /// What was typed.
        input: String,
    },
    /// A name under a special-use or private top-level domain (`localhost`, `.local` …).
    #[error("{tld:?} is a special-use top-level domain, not on the public internet")]
    SpecialUse {
        /// The top-level domain.
        tld: String,
    },
    /// A top-level domain that does not exist.
    #[error("{tld:?} is not a top-level domain")]
    UnknownTld {
        /// The top-level domain.
        tld: String,
    },
    /// A public suffix (`co.jp`), under which names are registered, not a name itself.
    #[error("{input:?} is a public suffix, not a registrable domain")]
    PublicSuffix {
        /// The name.
        input: String,
    },
}

impl NameError {
    /// A short explanation for the user, in `lang`.
    pub fn message(&self, lang: crate::Lang) -> String {
        use crate::Lang::{En, Ja};
        match (self, lang) {
            (NameError::Empty, Ja) => "ドメイン名を入力してください。".into(),
            (NameError::Empty, En) => "Please enter a domain name.".into(),
            (NameError::EmptyLabel { input }, Ja) => {
                format!("「{input}」に空のラベル(連続したドットなど)があります。")
            }
            (NameError::EmptyLabel { input }, En) => {
                format!("“{input}” has an empty label (two dots in a row?).")
            }
            (NameError::LabelTooLong { label, len }, Ja) => {
                format!("ラベル「{label}」が長すぎます({len}文字、最大63文字)。")
            }
            (NameError::LabelTooLong { label, len }, En) => {
                format!("The label “{label}” is too long ({len} characters, at most 63).")
            }
            (NameError::NameTooLong { len }, Ja) => {
                format!("ドメイン名が長すぎます({len}文字、最大253文字)。")
            }
            (NameError::NameTooLong { len }, En) => {
                format!("The domain name is too long ({len} characters, at most 253).")
            }
            (NameError::InvalidCharacter { ch, .. }, Ja) if input::is_hidden(*ch) => {
                format!(
                    "ドメイン名に制御文字または見えない文字(U+{:04X})が含まれています。",
                    *ch as u32
                )
            }
            (NameError::InvalidCharacter { ch, .. }, En) if input::is_hidden(*ch) => {
                format!(
                    "The name contains a control or invisible character (U+{:04X}).",
                    *ch as u32
                )
            }
            (NameError::InvalidCharacter { ch, .. }, Ja) => {
                format!(
                    "ドメイン名に使えない文字「{ch}」(U+{:04X})が含まれています。",
                    *ch as u32
                )
            }
            (NameError::InvalidCharacter { ch, .. }, En) => {
                format!(
                    "The character “{ch}” (U+{:04X}) cannot appear in a domain name.",
                    *ch as u32
                )
            }
            (NameError::HyphenAtEdge { label }, Ja) => {
                format!("ラベル「{label}」の先頭または末尾にハイフンがあります。")
            }
            (NameError::HyphenAtEdge { label }, En) => {
                format!("The label “{label}” starts or ends with a hyphen.")
            }
            (NameError::IpLiteral { input }, Ja) => {
                format!("「{input}」はIPアドレスです。ドメイン名を入力してください。")
            }
            (NameError::IpLiteral { input }, En) => {
                format!("“{input}” is an IP address; please enter a domain name.")
            }
            (NameError::SingleLabel { input }, Ja) => {
                format!("「{input}」はドメイン名として不完全です(例: example.co.jp)。")
            }
            (NameError::SingleLabel { input }, En) => {
                format!("“{input}” is not a complete domain name (e.g. example.com).")
            }
            (NameError::NumericTld { input }, Ja) => {
                format!("「{input}」のトップレベルドメインが数字だけです。")
            }
            (NameError::NumericTld { input }, En) => {
                format!("The top-level domain of “{input}” is all digits.")
            }
            (NameError::Idna { input }, Ja) => {
                format!("「{input}」は国際化ドメイン名として正しくありません。")
            }
            (NameError::Idna { input }, En) => {
                format!("“{input}” is not a valid internationalised domain name.")
            }
            (NameError::SpecialUse { tld }, Ja) => {
                format!(
                    "「.{tld}」は社内・特殊用途のドメインで、インターネット上では調べられません。"
                )
            }
            (NameError::SpecialUse { tld }, En) => {
                format!(
                    "“.{tld}” is a special-use or internal domain that cannot be looked up on the internet."
                )
            }
            (NameError::UnknownTld { tld }, Ja) => {
                format!(
                    "「.{tld}」というトップレベルドメインは存在しません。綴りを確認してください。"
                )
            }
            (NameError::UnknownTld { tld }, En) => {
                format!("There is no top-level domain “.{tld}”. Please check the spelling.")
            }
            (NameError::PublicSuffix { input }, Ja) => {
                format!(
                    "「{input}」は登録用の区分(例: co.jp)です。会社のドメイン名を入力してください。"
                )
            }
            (NameError::PublicSuffix { input }, En) => {
                format!(
                    "“{input}” is a public suffix (like co.jp); please enter your company's domain."
                )
            }
        }
    }
}
