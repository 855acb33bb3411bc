//! Enums whose variants each have one name, written once: serde's name on the wire
//! and [`name`](self) in the code that shows it (the page, the CLI's text) are the same
//! string, so a hand-written `match` can never spell one of them differently.

/// Declares a `Copy` enum whose every variant is given its wire name:
///
/// ```ignore
/// wire_enum! {
///     /// How an SPF record was reached.
///     pub enum SpfVia {
///         /// The domain's own record.
///         Root = "root",
///     }
/// }
/// ```
///
/// The enum derives `Serialize` and `Deserialize` with those names, and gets
/// `name(self) -> &'static str`, `from_name` and `Display` with the same ones.
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$variant_meta:meta])* $variant:ident = $wire:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
        )]
        $vis enum $name {
            $( $(#[$variant_meta])* #[serde(rename = $wire)] $variant, )+
        }

        impl $name {
            /// Its name on the wire.
            pub const fn name(self) -> &'static str {
                match self {
                    $( $name::$variant => $wire, )+
                }
            }

            /// The variant whose wire name is `name`; `None` for one this version does
            /// not know.
            pub fn from_name(name: &str) -> Option<Self> {
                match name {
                    $( $wire => Some($name::$variant), )+
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str(self.name())
            }
        }
    };
}

pub(crate) use wire_enum;

#[cfg(test)]
mod tests {
    wire_enum! {
        /// A test enum.
        enum Sample {
            /// One.
            One = "one",
            /// Two words.
            TwoWords = "two-words",
        }
    }

    #[test]
    fn serde_and_name_agree() {
        for sample in [Sample::One, Sample::TwoWords] {
            let json = serde_json::to_string(&sample).unwrap();
            assert_eq!(json, format!("\"{}\"", sample.name()));
            assert_eq!(serde_json::from_str::<Sample>(&json).unwrap(), sample);
            assert_eq!(sample.to_string(), sample.name());
            assert_eq!(Sample::from_name(sample.name()), Some(sample));
        }
        assert_eq!(Sample::TwoWords.name(), "two-words");
        assert!(serde_json::from_str::<Sample>("\"three\"").is_err());
        assert_eq!(Sample::from_name("three"), None);
    }
}
