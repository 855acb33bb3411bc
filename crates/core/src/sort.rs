//! A small stable sort for the short lists core orders: findings, MX hosts, detected
//! providers, records, schedule steps, resolvers.
//!
//! Why not `slice::sort_by`: every instantiation of the standard stable sort is a full
//! driftsort in the WebAssembly, and the check page carried dozens of them (measured
//! with twiggy; the CHANGELOG has the figures). Insertion sort is small per use and
//! stable. These lists are bounded by the survey's and planner's
//! caps to a few hundred items, where its quadratic worst case stays well under a
//! millisecond.

use std::cmp::Ordering;

/// Sorts `items` stably by `compare`.
pub(crate) fn sort_by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    for next in 1..items.len() {
        let mut at = next;
        while at > 0 && compare(&items[at - 1], &items[at]) == Ordering::Greater {
            items.swap(at - 1, at);
            at -= 1;
        }
    }
}

/// Sorts `items` stably by the key `key` computes.
pub(crate) fn sort_by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` into ascending order, stably.
pub(crate) fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        /// The same order as the standard stable sort, ties included.
        #[test]
        fn matches_the_standard_stable_sort(items in proptest::collection::vec((0u8..8, any::<u16>()), 0..200)) {
            let mut ours = items.clone();
            super::sort_by_key(&mut ours, |item| item.0);
            let mut expected = items;
            expected.sort_by_key(|item| item.0);
            prop_assert_eq!(ours, expected);
        }
    }
}
