//! A small bounded memo for the matcher's pure, repeated work.
//!
//! An item's sentences are read when it is matched, again when its story's entry in the
//! index takes it in (as a document for linking, and as held sentences for judging), and
//! its language is detected more than once on the way. Each of those readings is a pure
//! function of its input, so the matcher remembers the last few thousand per thread
//! instead of repeating them. What is remembered is checked against the full input on
//! every hit, so a memo changes how fast the matcher is, never what it decides.

use rustc_hash::{FxHashMap, FxHasher};
use std::hash::{Hash, Hasher};

/// Remembers up to about `2 × capacity` values by the hash of their input. Entries not
/// used for a generation (`capacity` insertions) are forgotten all at once, so the
/// memory is bounded and the recently used stay.
pub(super) struct Memo<V> {
    current: FxHashMap<u64, V>,
    previous: FxHashMap<u64, V>,
    capacity: usize,
}

impl<V> Memo<V> {
    pub fn new(capacity: usize) -> Self {
        Memo {
            current: FxHashMap::default(),
            previous: FxHashMap::default(),
            capacity,
        }
    }

    /// The value remembered for the input hashed as `key`, if `matches` says it was
    /// computed from the same input (the hash alone could collide).
    pub fn get(&mut self, key: u64, matches: impl Fn(&V) -> bool) -> Option<&V> {
        if !self.current.get(&key).is_some_and(&matches) {
            let value = self.previous.remove(&key).filter(|v| matches(v))?;
            self.insert(key, value);
        }
        self.current.get(&key)
    }

    /// The value remembered for the input hashed as `key` (see [`Memo::get`]), made with
    /// `make` and remembered if there is none.
    pub fn get_or_insert_with(
        &mut self,
        key: u64,
        matches: impl Fn(&V) -> bool,
        make: impl FnOnce() -> V,
    ) -> &V {
        if self.get(key, matches).is_none() {
            self.insert(key, make());
        }
        // `get` and `insert` both leave the value in `current`.
        &self.current[&key]
    }

    pub fn insert(&mut self, key: u64, value: V) {
        if self.current.len() >= self.capacity {
            self.previous = std::mem::take(&mut self.current);
        }
        self.current.insert(key, value);
    }
}

/// The memo key of an input.
pub(super) fn key_of(input: impl Hash) -> u64 {
    let mut hasher = FxHasher::default();
    input.hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_only_returned_for_its_own_input_and_old_ones_are_forgotten() {
        let mut memo: Memo<(String, usize)> = Memo::new(2);
        memo.insert(key_of("a"), ("a".to_string(), 1));
        assert_eq!(memo.get(key_of("a"), |v| v.0 == "a").map(|v| v.1), Some(1));
        // A colliding key with another input is a miss.
        assert!(memo.get(key_of("a"), |v| v.0 == "b").is_none());
        memo.insert(key_of("b"), ("b".to_string(), 2));
        memo.insert(key_of("c"), ("c".to_string(), 3));
        memo.insert(key_of("d"), ("d".to_string(), 4));
        memo.insert(key_of("e"), ("e".to_string(), 5));
        assert!(memo.get(key_of("a"), |v| v.0 == "a").is_none());
        assert_eq!(memo.get(key_of("e"), |v| v.0 == "e").map(|v| v.1), Some(5));
    }
}
