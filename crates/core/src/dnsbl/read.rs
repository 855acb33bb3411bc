//! What one blocklist answer means (RFC 5782 §2.1, and each list's own codes).
//!
//! A listing is an A record in 127.0.0.0/8; NXDOMAIN (or a name without A records)
//! is "not listed". Codes a list uses to refuse a query, answers outside 127.0.0.0/8
//! (a resolver that rewrites NXDOMAIN into an advertising page) and DNS failures are
//! "could not check": never "listed".

use std::net::Ipv4Addr;

use serde::Serialize;

use super::lists::KnownList;
use crate::Message;
use crate::dns::{Outcome, RecordData};
use crate::survey::Failure;

/// What a list says about one address.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "listing", rename_all = "kebab-case")]
pub enum Listing {
    /// NXDOMAIN: the list does not have the address.
    NotListed,
    /// The list has the address.
    Listed {
        /// Each code it answered, with what the list says it means.
        codes: Vec<ListedCode>,
    },
    /// Nothing could be learnt from the answer.
    CouldNotCheck {
        /// Why.
        why: NotChecked,
    },
}

/// One code of a listing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ListedCode {
    /// The A record's address (`127.0.0.2`).
    pub code: Ipv4Addr,
    /// What the list documents it to mean; `None` when we do not know the code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meaning: Option<Message>,
}

/// Why a list's answer says nothing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum NotChecked {
    /// The list answered with a code it uses to refuse queries (Spamhaus's
    /// 127.255.255.254 for public resolvers).
    Refused {
        /// The code.
        code: Ipv4Addr,
        /// What the list says it means.
        meaning: Message,
    },
    /// An answer outside 127.0.0.0/8, which no blocklist gives: something between
    /// us and the list rewrote it.
    NotAListAnswer {
        /// The address answered.
        code: Ipv4Addr,
    },
    /// The DNS question failed (timeout, SERVFAIL, REFUSED) or was not sent.
    Dns {
        /// What happened.
        failure: Failure,
    },
    /// The list's own test entries did not answer as RFC 5782 §5 requires, so none
    /// of its answers can be trusted (a dead list that lists everything, or one that
    /// does not answer our resolver).
    ListNotWorking {
        /// What the test showed.
        test: ZoneTest,
    },
    /// The list has no IPv6 test entry: it does not cover IPv6 addresses.
    NotCovered,
    /// Not asked: the shell did not finish, or the address was over the limit.
    NotAsked,
}

/// What a list's test entries showed (RFC 5782 §5: a list MUST list 127.0.0.2, and
/// MUST NOT list 127.0.0.1; IPv6 lists ::FFFF:7F00:2 and not ::FFFF:7F00:1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ZoneTest {
    /// 127.0.0.2 listed, 127.0.0.1 not: the list answers us.
    Working,
    /// 127.0.0.1 is listed: the list says "listed" for everything (a list shut down
    /// that way, or one that punishes unregistered users).
    ListsEverything,
    /// 127.0.0.2 is not listed: the list does not answer us (or no longer exists).
    NoTestEntry,
    /// The test itself was refused or failed.
    CouldNotCheck {
        /// Why.
        why: Box<NotChecked>,
    },
}

/// Reads the answer `outcome` to one blocklist question of `list` (when known).
pub fn read_answer(outcome: &Outcome, list: Option<&KnownList>) -> Listing {
    let codes: Vec<Ipv4Addr> = match outcome {
        Outcome::NxDomain { .. } | Outcome::NoData { .. } => return Listing::NotListed,
        Outcome::Records { records } => records
            .iter()
            .filter_map(|record| match record.data {
                RecordData::A { address } => Some(address),
                _ => None,
            })
            .collect(),
        failed => {
            let failure = Failure::of(failed).unwrap_or(Failure::NotAsked);
            return Listing::CouldNotCheck {
                why: NotChecked::Dns { failure },
            };
        }
    };
    if codes.is_empty() {
        // Only a CNAME on the way, no address: the list has nothing for this name.
        return Listing::NotListed;
    }
    for &code in &codes {
        if let Some(refusal) = list.and_then(|list| list.refusals.iter().find(|r| r.contains(code)))
        {
            return Listing::CouldNotCheck {
                why: NotChecked::Refused {
                    code,
                    meaning: refusal.meaning.into(),
                },
            };
        }
        if code.octets()[0] != 127 {
            return Listing::CouldNotCheck {
                why: NotChecked::NotAListAnswer { code },
            };
        }
    }
    let codes = codes
        .into_iter()
        .map(|code| ListedCode {
            code,
            meaning: list
                .and_then(|list| list.listed.iter().find(|range| range.contains(code)))
                .map(|range| range.meaning.into()),
        })
        .collect();
    Listing::Listed { codes }
}

/// What the answers to a list's two test questions show: `positive` for 127.0.0.2
/// (or ::FFFF:7F00:2), `negative` for 127.0.0.1 (or ::FFFF:7F00:1).
pub fn read_test(
    positive: Option<&Outcome>,
    negative: Option<&Outcome>,
    list: Option<&KnownList>,
) -> ZoneTest {
    let (Some(positive), Some(negative)) = (positive, negative) else {
        return ZoneTest::CouldNotCheck {
            why: Box::new(NotChecked::NotAsked),
        };
    };
    let positive = read_answer(positive, list);
    let negative = read_answer(negative, list);
    for listing in [&positive, &negative] {
        if let Listing::CouldNotCheck { why } = listing {
            return ZoneTest::CouldNotCheck {
                why: Box::new(why.clone()),
            };
        }
    }
    match (positive, negative) {
        (_, Listing::Listed { .. }) => ZoneTest::ListsEverything,
        (Listing::Listed { .. }, _) => ZoneTest::Working,
        _ => ZoneTest::NoTestEntry,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dns::Record;
    use crate::dnsbl::lists::{SPAMCOP, SPAMHAUS_ZEN};

    fn a(codes: &[[u8; 4]]) -> Outcome {
        Outcome::Records {
            records: codes
                .iter()
                .map(|octets| Record {
                    name: "2.0.0.127.zen.spamhaus.org".into(),
                    ttl: 60,
                    data: RecordData::A {
                        address: Ipv4Addr::from(*octets),
                    },
                })
                .collect(),
        }
    }

    fn nx() -> Outcome {
        Outcome::NxDomain { negative_ttl: None }
    }

    #[test]
    fn answers_read_as_the_list_documents_them() {
        let zen = Some(&SPAMHAUS_ZEN);
        assert_eq!(read_answer(&nx(), zen), Listing::NotListed);
        let Listing::Listed { codes } = read_answer(&a(&[[127, 0, 0, 4], [127, 0, 0, 10]]), zen)
        else {
            panic!("listed")
        };
        assert!(codes[0].meaning.as_ref().unwrap().en.contains("XBL"));
        assert!(codes[1].meaning.as_ref().unwrap().en.contains("PBL"));
        // A code we do not know is still a listing, without a meaning.
        let Listing::Listed { codes } = read_answer(&a(&[[127, 0, 0, 3]]), Some(&SPAMCOP)) else {
            panic!("listed")
        };
        assert_eq!(codes[0].meaning, None);
    }

    #[test]
    fn refusal_codes_and_failures_are_never_listed() {
        for (outcome, list, expected) in [
            (a(&[[127, 255, 255, 254]]), Some(&SPAMHAUS_ZEN), "refused"),
            (a(&[[127, 255, 255, 255]]), Some(&SPAMHAUS_ZEN), "refused"),
            (a(&[[127, 255, 255, 252]]), Some(&SPAMHAUS_ZEN), "refused"),
            // Listed and refused at once: refused wins.
            (
                a(&[[127, 0, 0, 2], [127, 255, 255, 254]]),
                Some(&SPAMHAUS_ZEN),
                "refused",
            ),
            (a(&[[198, 51, 100, 7]]), None, "not-a-list-answer"),
            (Outcome::Timeout, None, "dns"),
            (Outcome::ServFail, Some(&SPAMCOP), "dns"),
        ] {
            let listing = read_answer(&outcome, list);
            let Listing::CouldNotCheck { why } = &listing else {
                panic!("{outcome:?}: {listing:?}")
            };
            let kind = serde_json::to_value(why).unwrap()["kind"].clone();
            assert_eq!(kind, expected, "{outcome:?}");
        }
    }

    #[test]
    fn the_rfc_5782_test_entries_say_whether_a_list_answers() {
        let listed = a(&[[127, 0, 0, 2]]);
        let zen = Some(&SPAMHAUS_ZEN);
        assert_eq!(
            read_test(Some(&listed), Some(&nx()), zen),
            ZoneTest::Working
        );
        assert_eq!(
            read_test(Some(&listed), Some(&listed), zen),
            ZoneTest::ListsEverything
        );
        assert_eq!(
            read_test(Some(&nx()), Some(&nx()), zen),
            ZoneTest::NoTestEntry
        );
        let refused = a(&[[127, 255, 255, 254]]);
        assert!(matches!(
            read_test(Some(&refused), Some(&refused), zen),
            ZoneTest::CouldNotCheck { .. }
        ));
        assert!(matches!(
            read_test(None, Some(&nx()), zen),
            ZoneTest::CouldNotCheck { .. }
        ));
    }
}
