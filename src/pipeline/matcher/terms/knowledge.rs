//! What a story holds, asked term by term: [`Knowledge`], everything a set of sentences
//! has said, and the [`Holds`] questions a story's knowledge and a single sentence both
//! answer ("is this word, name, number, date held?"), with the [`Measured`] side that
//! asks them.

use super::*;
use crate::pipeline::matcher::packed::{trim, ROOM_DIVISOR};

/// Everything a set of sentences has said, for asking "is this already held?".
#[derive(Debug, Default, Clone)]
pub struct Knowledge {
    words: KeySet,
    plain: KeySet,
    entity_keys: KeySet,
    numbers: KeySet,
    /// The held numbers given as rounded, and the side of them the figure lies on.
    approximate: FxHashMap<Key, Ordering>,
    /// The held numbers read as figures, to find the one a rounded number stands for.
    figures: Vec<(Key, Figure)>,
    dates: KeySet,
}

/// A set of keys: those added before the last [`KeySet::settle`] sorted in a vector (a
/// story's entry in the index keeps its knowledge as long as the story lives, and a hash
/// set keeps room to grow), those added since in a hash set.
#[derive(Debug, Default, Clone)]
struct KeySet {
    frozen: Vec<Key>,
    recent: FxHashSet<Key>,
}

impl KeySet {
    fn contains(&self, key: &Key) -> bool {
        self.recent.contains(key) || self.frozen.binary_search(key).is_ok()
    }

    /// Adds `key`; whether it was not held.
    fn insert(&mut self, key: Key) -> bool {
        self.frozen.binary_search(&key).is_err() && self.recent.insert(key)
    }

    fn extend<'a>(&mut self, keys: impl IntoIterator<Item = &'a Key>) {
        for &key in keys {
            self.insert(key);
        }
    }

    /// Whether [`KeySet::settle`] has keys to move.
    fn unsettled(&self) -> bool {
        !self.recent.is_empty() && self.recent.len() * ROOM_DIVISOR >= self.frozen.len()
    }

    /// Moves the keys added since they were last moved into the sorted vector, with no
    /// room to grow, once they are a [`ROOM_DIVISOR`]th of it: each move sorts all the
    /// keys, so moving them at every update made a story's update cost what it holds.
    fn settle(&mut self) {
        if !self.unsettled() {
            return;
        }
        let mut all = Vec::with_capacity(self.frozen.len() + self.recent.len());
        all.extend_from_slice(&self.frozen);
        all.extend(self.recent.drain());
        all.sort_unstable();
        self.recent = FxHashSet::default();
        self.frozen = all;
    }
}

/// Entities, numbers and dates weigh more than a plain word: they are what facts hang on.
pub const ATOM_WEIGHT: f64 = 2.0;
pub const WORD_WEIGHT: f64 = 1.0;

impl Knowledge {
    pub fn add(&mut self, terms: &SentenceTerms) {
        let numbers = terms.numbers_held().map(|(_, number)| number);
        self.add_parts(&terms.key_parts(), numbers);
    }

    /// Adds what a sentence holds: its keys, and its numbers, details too (see
    /// [`SentenceTerms::numbers_held`]).
    pub(in crate::pipeline::matcher) fn add_parts<'a>(
        &mut self,
        keys: &KeyParts<'_>,
        numbers: impl Iterator<Item = NumberFact<'a>>,
    ) {
        self.words.extend(keys.words);
        self.plain.extend(keys.words);
        self.plain.extend(keys.other_plain);
        self.entity_keys.extend(keys.entities);
        for (key, figure, hedge) in numbers {
            if self.numbers.insert(key) {
                if let Some(figure) = figure {
                    self.figures.push((key, figure.clone()));
                }
            }
            if let Some(side) = hedge {
                self.approximate.insert(key, side);
            }
        }
        self.dates.extend(keys.dates);
        self.dates.extend(keys.months);
    }

    /// Whether [`Knowledge::settle`] has anything to do.
    pub(in crate::pipeline::matcher) fn unsettled(&self) -> bool {
        [
            &self.words,
            &self.plain,
            &self.entity_keys,
            &self.numbers,
            &self.dates,
        ]
        .iter()
        .any(|set| set.unsettled())
            || self.figures.capacity() > self.figures.len() + self.figures.len() / ROOM_DIVISOR
    }

    /// Sorts the keys added so far in with the others once they are many (see
    /// [`KeySet::settle`]) and trims the figures' room (see [`trim`]): what a story's entry
    /// in the index does after each update.
    pub(in crate::pipeline::matcher) fn settle(&mut self) {
        for set in [
            &mut self.words,
            &mut self.plain,
            &mut self.entity_keys,
            &mut self.numbers,
            &mut self.dates,
        ] {
            set.settle();
        }
        trim(&mut self.figures);
    }

    /// Whether this knowledge holds a key of the set `set` picks.
    fn has(&self, set: fn(&Knowledge) -> &KeySet, key: Key) -> bool {
        set(self).contains(&key)
    }
}

/// What a story, or one sentence, holds, asked term by term: a [`Knowledge`] for a
/// story, and a sentence's own [`SentenceTerms`] for the sentence alone (its keys are
/// sorted, so a held sentence answers without a set of its own to build and keep).
pub trait Holds {
    fn holds_word(&self, key: Key) -> bool;
    fn holds_plain(&self, key: Key) -> bool;
    fn holds_entity_key(&self, key: Key) -> bool;
    fn holds_number(&self, key: Key) -> bool;
    fn holds_date(&self, key: Key) -> bool;
    /// The side of a held number given as rounded ("about 300") that the figure lies on.
    fn rounding(&self, number: Key) -> Option<Ordering>;
    /// Whether some held figure satisfies `test`.
    fn any_figure(&self, test: &mut impl FnMut(Key, &Figure) -> bool) -> bool;

    fn holds_entity(&self, entity: &Entity) -> bool {
        entity.is_known(&|key| self.holds_entity_key(key), &|word| {
            self.holds_word(word)
        })
    }

    /// Whether a number (its key, its figure, and the side of it a rounded one lies on)
    /// is held, as given or rounded ("about 300" and "320").
    fn holds_figure(&self, (key, figure, hedge): NumberFact<'_>) -> bool {
        if self.holds_number(key) {
            return true;
        }
        let Some(figure) = figure else {
            return false;
        };
        self.any_figure(&mut |held, held_figure| {
            same_figure((figure, hedge), (held_figure, self.rounding(held)))
        })
    }

    /// The fact numbers of `terms` this knowledge lacks, as given and rounded.
    fn unheld_numbers<'a>(
        &'a self,
        terms: &'a SentenceTerms,
    ) -> impl Iterator<Item = &'a String> + 'a {
        terms
            .fact_numbers()
            .filter(|&(number, key)| !self.holds_figure(terms.number_fact(number, key)))
            .map(|(number, _)| number)
    }

    /// The dates of `terms` this knowledge lacks.
    fn unheld_dates<'a>(
        &'a self,
        terms: &'a SentenceTerms,
    ) -> impl Iterator<Item = &'a String> + 'a {
        terms
            .dates
            .iter()
            .zip(&terms.keys.dates)
            .filter(|&(_, &key)| !self.holds_date(key))
            .map(|(date, _)| date)
    }

    /// The weight of `terms` this knowledge holds, and the total weight.
    fn coverage(&self, terms: &SentenceTerms) -> (f64, f64) {
        let held_words = terms
            .word_keys()
            .iter()
            .filter(|&&w| self.holds_word(w))
            .count();
        self.coverage_given_words(terms, held_words)
    }

    /// [`Holds::coverage`], given how many of the words of `terms` this knowledge holds
    /// (when they were counted for many held sentences at once). Words weigh 1 and atoms
    /// 2, so the sums are exact whatever their order.
    fn coverage_given_words(&self, terms: &impl Measured, held_words: usize) -> (f64, f64) {
        let mut held = held_words as f64 * WORD_WEIGHT;
        let mut total = terms.measured_word_count() as f64 * WORD_WEIGHT;
        let mut tally = |is_held: bool, weight: f64| {
            total += weight;
            if is_held {
                held += weight;
            }
        };
        terms
            .measured_entities()
            .for_each(|e| tally(self.holds_entity(e), ATOM_WEIGHT));
        terms
            .measured_numbers()
            .for_each(|n| tally(self.holds_figure(n), ATOM_WEIGHT));
        terms
            .measured_dates()
            .iter()
            .for_each(|&d| tally(self.holds_date(d), ATOM_WEIGHT));
        (held, total)
    }

    /// The share of the words of quotation `quote` (an index into `terms.quotes`) this
    /// knowledge holds.
    fn quote_coverage(&self, terms: &SentenceTerms, quote: usize) -> f64 {
        let Some(words) = terms.keys.quotes.get(quote).filter(|q| !q.is_empty()) else {
            return 1.0;
        };
        let held = words.iter().filter(|&&w| self.holds_plain(w)).count();
        held as f64 / words.len() as f64
    }
}

/// A number as [`Holds::holds_figure`] asks about it: its key, its figure, and the side
/// of the figure it lies on if it is given as rounded.
pub type NumberFact<'a> = (Key, Option<&'a Figure>, Option<Ordering>);

/// A sentence as [`Holds::coverage`] measures it: its words and fact atoms. A sentence
/// read ([`SentenceTerms`]) is one, and so is a sentence a story holds, packed (see
/// `packed.rs`).
pub trait Measured {
    /// How many content words it has.
    fn measured_word_count(&self) -> usize;
    fn measured_entities(&self) -> impl Iterator<Item = &Entity>;
    /// Its fact numbers (not details), in order.
    fn measured_numbers(&self) -> impl Iterator<Item = NumberFact<'_>>;
    fn measured_dates(&self) -> &[Key];
}

impl Measured for SentenceTerms {
    fn measured_word_count(&self) -> usize {
        self.keys.words.len()
    }

    fn measured_entities(&self) -> impl Iterator<Item = &Entity> {
        self.entities.iter()
    }

    fn measured_numbers(&self) -> impl Iterator<Item = NumberFact<'_>> {
        self.fact_numbers()
            .map(|(number, key)| self.number_fact(number, key))
    }

    fn measured_dates(&self) -> &[Key] {
        &self.keys.dates
    }
}

/// The keys of a sentence's terms, by kind, as a story holds them (see `packed.rs`).
pub(in crate::pipeline::matcher) struct KeyParts<'a> {
    pub words: &'a [Key],
    pub other_plain: &'a [Key],
    pub entities: &'a [Key],
    pub dates: &'a [Key],
    pub months: &'a [Key],
}

impl SentenceTerms {
    /// The keys of its terms by kind, but for numbers (see [`SentenceTerms::numbers_held`])
    /// and quotations (no held sentence is asked for them).
    pub(in crate::pipeline::matcher) fn key_parts(&self) -> KeyParts<'_> {
        let keys = &self.keys;
        KeyParts {
            words: &keys.words,
            other_plain: &keys.other_plain,
            entities: &keys.entities,
            dates: &keys.dates,
            months: &keys.months,
        }
    }

    /// Each of its numbers, details too, in order: whether it is a detail, and what
    /// [`Holds::holds_figure`] asks of it.
    pub(in crate::pipeline::matcher) fn numbers_held(
        &self,
    ) -> impl Iterator<Item = (bool, NumberFact<'_>)> {
        self.numbers
            .iter()
            .zip(&self.keys.numbers)
            .map(|(n, &key)| (self.details.contains(n), self.number_fact(n, key)))
    }

    fn number_fact(&self, number: &str, key: Key) -> NumberFact<'_> {
        (key, self.figure(key), self.approximate.get(number).copied())
    }
}

impl Holds for Knowledge {
    fn holds_word(&self, key: Key) -> bool {
        self.has(|k| &k.words, key)
    }

    fn holds_plain(&self, key: Key) -> bool {
        self.has(|k| &k.plain, key)
    }

    fn holds_entity_key(&self, key: Key) -> bool {
        self.has(|k| &k.entity_keys, key)
    }

    fn holds_number(&self, key: Key) -> bool {
        self.has(|k| &k.numbers, key)
    }

    fn holds_date(&self, key: Key) -> bool {
        self.has(|k| &k.dates, key)
    }

    fn rounding(&self, number: Key) -> Option<Ordering> {
        self.approximate.get(&number).copied()
    }

    fn any_figure(&self, test: &mut impl FnMut(Key, &Figure) -> bool) -> bool {
        self.figures.iter().any(|(n, f)| test(*n, f))
    }
}

/// A sentence holds what [`Knowledge::add`] would take from it.
impl Holds for SentenceTerms {
    fn holds_word(&self, key: Key) -> bool {
        self.keys.words.binary_search(&key).is_ok()
    }

    fn holds_plain(&self, key: Key) -> bool {
        self.keys.words.binary_search(&key).is_ok()
            || self.keys.other_plain.binary_search(&key).is_ok()
    }

    fn holds_entity_key(&self, key: Key) -> bool {
        self.keys.entities.binary_search(&key).is_ok()
    }

    // A sentence names a handful of numbers and dates at most: a scan is quickest.
    fn holds_number(&self, key: Key) -> bool {
        self.keys.numbers.contains(&key)
    }

    fn holds_date(&self, key: Key) -> bool {
        self.keys.dates.contains(&key) || self.keys.months.contains(&key)
    }

    fn rounding(&self, number: Key) -> Option<Ordering> {
        if self.approximate.is_empty() {
            return None;
        }
        let i = self.keys.numbers.iter().position(|&k| k == number)?;
        let number = self.numbers.iter().nth(i)?;
        self.approximate.get(number).copied()
    }

    fn any_figure(&self, test: &mut impl FnMut(Key, &Figure) -> bool) -> bool {
        self.figures.iter().any(|(key, f)| test(*key, f))
    }
}
