//! A map that forgets its least recently used key when a new one would pass its
//! capacity: the rate limiter's buckets (`rate_limit`) and the refusals remembered
//! from Redis (`shared_refusals`). Forgetting one key, never all of them, is what keeps
//! a client that keeps asking in the table however many other sources appear.

use std::collections::{BTreeMap, HashMap};
use std::hash::Hash;

/// Values by key, at most `capacity` of them.
#[derive(Debug)]
pub struct Lru<K, V> {
    entries: HashMap<K, (V, u64)>,
    /// Use stamp → key, oldest first.
    recency: BTreeMap<u64, K>,
    next_stamp: u64,
    capacity: usize,
}

impl<K: Copy + Eq + Hash, V> Lru<K, V> {
    /// An empty map holding at most `capacity` keys (at least one).
    pub fn new(capacity: usize) -> Lru<K, V> {
        Lru {
            entries: HashMap::new(),
            recency: BTreeMap::new(),
            next_stamp: 0,
            capacity: capacity.max(1),
        }
    }

    /// The value of `key`, without marking it used.
    pub fn get(&self, key: &K) -> Option<&V> {
        self.entries.get(key).map(|(value, _)| value)
    }

    /// Stores `value` for `key` and marks it used; forgets the least recently used key
    /// when a new one would pass the capacity.
    pub fn insert(&mut self, key: K, value: V) {
        let stamp = self.stamp();
        if let Some((old_value, old_stamp)) = self.entries.get_mut(&key) {
            self.recency.remove(old_stamp);
            *old_value = value;
            *old_stamp = stamp;
        } else {
            while self.entries.len() >= self.capacity {
                let Some((_, oldest)) = self.recency.pop_first() else {
                    break;
                };
                self.entries.remove(&oldest);
            }
            self.entries.insert(key, (value, stamp));
        }
        self.recency.insert(stamp, key);
    }

    /// Marks `key` used, when it is known.
    pub fn touch(&mut self, key: &K) {
        let stamp = self.stamp();
        if let Some((_, old_stamp)) = self.entries.get_mut(key) {
            self.recency.remove(old_stamp);
            *old_stamp = stamp;
            self.recency.insert(stamp, *key);
        }
    }

    /// Forgets `key`.
    pub fn remove(&mut self, key: &K) -> Option<V> {
        let (value, stamp) = self.entries.remove(key)?;
        self.recency.remove(&stamp);
        Some(value)
    }

    /// Keys held now.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether it holds nothing.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn stamp(&mut self) -> u64 {
        let stamp = self.next_stamp;
        self.next_stamp += 1;
        stamp
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_least_recently_used_goes_first_and_touch_counts_as_use() {
        let mut lru = Lru::new(3);
        for key in [1, 2, 3] {
            lru.insert(key, key * 10);
        }
        lru.touch(&1);
        lru.insert(4, 40);
        assert_eq!(lru.get(&2), None, "2 was the least recently used");
        assert_eq!(
            (lru.get(&1), lru.get(&3), lru.get(&4)),
            (Some(&10), Some(&30), Some(&40))
        );
        // Replacing a value is a use, not a new key.
        lru.insert(3, 31);
        lru.insert(5, 50);
        assert_eq!(lru.get(&1), None);
        assert_eq!(lru.get(&3), Some(&31));
        assert_eq!(lru.len(), 3);
        assert_eq!(lru.remove(&3), Some(31));
        lru.insert(6, 60);
        assert_eq!(lru.len(), 3, "removing made room: nothing else forgotten");
        assert_eq!(lru.get(&4), Some(&40));
    }
}
