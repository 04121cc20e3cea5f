//! Small sorted sets and maps, for what one sentence says (see [`super::terms`]).
//!
//! A story holds every sentence it has read, and a sentence names a handful of entities,
//! numbers and dates at most. A `BTreeSet` allocates a node of eleven slots for its first
//! element (about 280 bytes for one number) and is 24 bytes when empty; these keep their
//! elements in a sorted boxed slice of exactly their size, 16 bytes when empty. They
//! iterate in the same order, hold each element once, and print as a `BTreeSet` and a
//! `BTreeMap` do, so a reading is the same whichever holds it.

use std::borrow::Borrow;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// A set of a few elements, sorted, each once.
#[derive(Clone, PartialEq, Eq)]
pub struct SortedSet<T>(Box<[T]>);

impl<T> Default for SortedSet<T> {
    fn default() -> Self {
        SortedSet(Box::default())
    }
}

impl<T> SortedSet<T> {
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.0.iter()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<T: Ord> SortedSet<T> {
    /// Adds `value` unless the set holds it; whether it was added.
    pub fn insert(&mut self, value: T) -> bool {
        match self.0.binary_search(&value) {
            Ok(_) => false,
            Err(at) => {
                let mut all = std::mem::take(&mut self.0).into_vec();
                all.insert(at, value);
                self.0 = all.into_boxed_slice();
                true
            }
        }
    }

    pub fn contains<Q: Ord + ?Sized>(&self, value: &Q) -> bool
    where
        T: Borrow<Q>,
    {
        self.0.binary_search_by(|t| t.borrow().cmp(value)).is_ok()
    }

    pub fn retain(&mut self, keep: impl FnMut(&T) -> bool) {
        let mut all = std::mem::take(&mut self.0).into_vec();
        all.retain(keep);
        self.0 = all.into_boxed_slice();
    }
}

impl<T: Ord> FromIterator<T> for SortedSet<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut all: Vec<T> = iter.into_iter().collect();
        all.sort();
        all.dedup();
        SortedSet(all.into_boxed_slice())
    }
}

impl<T: Ord> From<BTreeSet<T>> for SortedSet<T> {
    fn from(set: BTreeSet<T>) -> Self {
        // Already sorted, each once.
        SortedSet(set.into_iter().collect())
    }
}

impl<T> IntoIterator for SortedSet<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_vec().into_iter()
    }
}

impl<'a, T> IntoIterator for &'a SortedSet<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<T: fmt::Debug> fmt::Debug for SortedSet<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.0.iter()).finish()
    }
}

/// A map of a few entries, sorted by key, each key once.
#[derive(Clone, PartialEq, Eq)]
pub struct SortedMap<K, V>(Box<[(K, V)]>);

impl<K, V> Default for SortedMap<K, V> {
    fn default() -> Self {
        SortedMap(Box::default())
    }
}

impl<K: Ord, V> SortedMap<K, V> {
    /// Sets the value of `key`, and returns the one it replaces.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.0.binary_search_by(|(k, _)| k.cmp(&key)) {
            Ok(at) => Some(std::mem::replace(&mut self.0[at].1, value)),
            Err(at) => {
                let mut all = std::mem::take(&mut self.0).into_vec();
                all.insert(at, (key, value));
                self.0 = all.into_boxed_slice();
                None
            }
        }
    }

    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        let at = self.0.binary_search_by(|(k, _)| k.borrow().cmp(key)).ok()?;
        Some(&self.0[at].1)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for SortedMap<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.0.iter().map(|(k, v)| (k, v)))
            .finish()
    }
}

impl<K: Ord, V> From<BTreeMap<K, V>> for SortedMap<K, V> {
    fn from(map: BTreeMap<K, V>) -> Self {
        SortedMap(map.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sorted_set_holds_what_a_btree_set_holds_in_its_order() {
        let words = ["kiev", "aid", "kiev", "troops", "aid", "zone", "border"];
        let mut grown = SortedSet::default();
        let mut btree = BTreeSet::new();
        for w in words {
            assert_eq!(grown.insert(w.to_string()), btree.insert(w.to_string()));
        }
        let collected: SortedSet<String> = words.iter().map(|w| w.to_string()).collect();
        assert_eq!(grown, collected);
        assert_eq!(grown, SortedSet::from(btree.clone()));
        assert!(grown.iter().eq(btree.iter()));
        assert_eq!(format!("{grown:?}"), format!("{btree:?}"));
        assert!(grown.contains("zone") && !grown.contains("tank"));
        grown.retain(|w| w.len() > 3);
        btree.retain(|w| w.len() > 3);
        assert!(grown.iter().eq(btree.iter()));

        let mut map = SortedMap::default();
        let mut btree = BTreeMap::new();
        for (k, v) in [("300", 1), ("20", 2), ("300", 3)] {
            assert_eq!(map.insert(k.to_string(), v), btree.insert(k.to_string(), v));
        }
        assert_eq!(map.get("300"), Some(&3));
        assert_eq!(map.get("4"), None);
        assert_eq!(format!("{map:?}"), format!("{btree:?}"));
    }

    #[test]
    fn a_sorted_set_handle_is_smaller_than_a_btree_set() {
        // What a held sentence costs for each kind of term it does not name.
        assert_eq!(std::mem::size_of::<SortedSet<String>>(), 16);
        assert!(std::mem::size_of::<SortedSet<String>>() < std::mem::size_of::<BTreeSet<String>>());
        assert_eq!(std::mem::size_of::<SortedMap<String, u8>>(), 16);
    }
}
