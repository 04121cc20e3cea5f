//! The sentences a story holds, packed: what judging asks of a held sentence (see
//! [`super::novelty::Held`]), in a few flat arrays per story instead of a structure of
//! boxed slices and strings per sentence.
//!
//! A story entry in the index holds every sentence of its story for as long as the story
//! lives, and a sentence read ([`SentenceTerms`]) is some two dozen allocations: its
//! names, numbers and dates as strings, its hint words, its speakers and modifiers, each
//! term's fingerprint. A held sentence is only ever asked whether it holds a term (see
//! [`Holds`]) and measured against a new sentence (see [`Measured`]), so it keeps the
//! fingerprints of its terms but its words, its entities, figures and hint words by
//! index (each once per story), whether it is negated, and how many words it has. Its
//! words are in the story's postings (for each word, the sentences that use it), which
//! judging reads to count the words a new sentence shares with each held one. Asked the
//! same questions, a packed sentence answers as the sentence read does.

use super::terms::{Entity, Figure, Holds, Key, KeyParts, Measured, NumberFact, SentenceTerms};
use rustc_hash::FxHashMap;
use std::borrow::Borrow;
use std::cmp::Ordering;
use std::hash::Hash;

/// The kinds of keys a held sentence keeps, in the order they follow one another. Its
/// words are not among them: the postings (see [`Postings`]) say which sentences use
/// each word, and a sentence is asked whether it uses one through them.
const OTHER_PLAIN: usize = 0;
const ENTITY_KEYS: usize = 1;
const NUMBERS: usize = 2;
const DATES: usize = 3;
const MONTHS: usize = 4;
const KINDS: usize = 5;

/// One number of a held sentence.
#[derive(Clone, Copy)]
struct Number {
    /// A detail, not a fact (see [`SentenceTerms::details`]).
    detail: bool,
    hedge: Option<Ordering>,
    /// Its figure, an index into `Packed::figures`, if it reads as one.
    figure: Option<u32>,
}

/// Sentences held, packed, in the order they were added.
#[derive(Clone, Default)]
pub(super) struct Packed {
    /// Every sentence's keys, one sentence after the other, each sentence's kinds in
    /// the order of [`KINDS`].
    keys: Vec<Key>,
    /// Where each kind of each sentence's keys starts in `keys`: sentence `i`'s kind `k`
    /// is `keys[bounds[KINDS * i + k]..bounds[KINDS * i + k + 1]]`. One more than
    /// `KINDS` per sentence: the last is where the next sentence starts.
    bounds: Vec<u32>,
    /// Per sentence, where its entities (indices into `entities`), numbers (in the order
    /// of its number keys) and hint words (indices into `hint_words`) start; one more at
    /// the end.
    entity_bounds: Vec<u32>,
    number_bounds: Vec<u32>,
    hint_bounds: Vec<u32>,
    sentence_entities: Vec<u32>,
    numbers: Vec<Number>,
    sentence_hints: Vec<u32>,
    /// Whether each sentence is negated.
    negated: Vec<bool>,
    /// How many words each sentence has, and for each word the sentences that use it.
    word_counts: Vec<u32>,
    postings: Postings,
    /// Each figure (by its number's key, whose reading it is), entity and hint word the
    /// sentences name, once.
    figures: Vec<Figure>,
    figure_ids: FxHashMap<Key, u32>,
    entities: Interned<Entity>,
    hint_words: Interned<String>,
}

/// Values kept once, each known by its index.
#[derive(Clone)]
struct Interned<T> {
    values: Vec<T>,
    ids: FxHashMap<T, u32>,
}

impl<T> Default for Interned<T> {
    fn default() -> Self {
        Interned {
            values: Vec::new(),
            ids: FxHashMap::default(),
        }
    }
}

impl<T: Hash + Eq + Clone> Interned<T> {
    /// The index of `value`, added if it is new.
    fn id<Q>(&mut self, value: &Q) -> u32
    where
        T: Borrow<Q>,
        Q: Hash + Eq + ToOwned<Owned = T> + ?Sized,
    {
        if let Some(&id) = self.ids.get(value) {
            return id;
        }
        let id = self.values.len() as u32;
        let value = value.to_owned();
        self.values.push(value.clone());
        self.ids.insert(value, id);
        id
    }
}

impl Packed {
    pub fn len(&self) -> usize {
        self.negated.len()
    }

    /// Adds a sentence read as `terms`.
    pub fn push(&mut self, terms: &SentenceTerms) {
        let parts = terms.key_parts();
        self.push_words(parts.words);
        self.push_keys(&parts, terms.numbers_held().map(|(_, (key, ..))| key));
        for (detail, (key, figure, hedge)) in terms.numbers_held() {
            let figure = figure.map(|f| self.figure_id(key, f));
            self.numbers.push(Number {
                detail,
                hedge,
                figure,
            });
        }
        self.push_rest(
            terms.entities.iter(),
            terms.hint_words.iter().map(String::as_str),
            terms.negated,
        );
    }

    /// Adds sentence `i` of `from` as it is; `words` are its words (see
    /// [`PackedSentence::word_keys`]).
    pub fn push_copy(&mut self, from: &Packed, i: usize, words: &[Key]) {
        let s = from.get(i);
        let parts = s.parts(words);
        self.push_words(words);
        self.push_keys(&parts, s.kind(NUMBERS).iter().copied());
        for (&key, n) in s.kind(NUMBERS).iter().zip(s.numbers()) {
            let figure = n
                .figure
                .map(|f| self.figure_id(key, &from.figures[f as usize]));
            self.numbers.push(Number { figure, ..*n });
        }
        self.push_rest(s.entities(), s.hint_words(), s.negated());
    }

    /// Ends a sentence whose words, keys and numbers are pushed: its entities, hint
    /// words and negation.
    fn push_rest<'e>(
        &mut self,
        entities: impl Iterator<Item = &'e Entity>,
        hint_words: impl Iterator<Item = &'e str>,
        negated: bool,
    ) {
        self.number_bounds.push(self.numbers.len() as u32);
        for e in entities {
            let id = self.entities.id(e);
            self.sentence_entities.push(id);
        }
        self.entity_bounds.push(self.sentence_entities.len() as u32);
        for w in hint_words {
            let id = self.hint_words.id(w);
            self.sentence_hints.push(id);
        }
        self.hint_bounds.push(self.sentence_hints.len() as u32);
        self.negated.push(negated);
    }

    fn push_words(&mut self, words: &[Key]) {
        let sentence = self.len() as u32;
        for &key in words {
            self.postings.add(key, sentence);
        }
        self.word_counts.push(words.len() as u32);
    }

    /// Calls `f` with each sentence (by index) that uses the word `key`.
    pub fn for_each_using(&self, key: Key, f: impl FnMut(u32)) {
        self.postings.for_each(key, f);
    }

    fn figure_id(&mut self, number: Key, figure: &Figure) -> u32 {
        if let Some(&id) = self.figure_ids.get(&number) {
            return id;
        }
        let id = self.figures.len() as u32;
        self.figures.push(figure.clone());
        self.figure_ids.insert(number, id);
        id
    }

    fn push_keys(&mut self, parts: &KeyParts<'_>, mut numbers: impl Iterator<Item = Key>) {
        if self.bounds.is_empty() {
            self.bounds.push(0);
            self.entity_bounds.push(0);
            self.number_bounds.push(0);
            self.hint_bounds.push(0);
        }
        let kinds: [&[Key]; KINDS] = [
            parts.other_plain,
            parts.entities,
            &[],
            parts.dates,
            parts.months,
        ];
        for (kind, keys) in kinds.into_iter().enumerate() {
            if kind == NUMBERS {
                self.keys.extend(numbers.by_ref());
            } else {
                self.keys.extend_from_slice(keys);
            }
            self.bounds.push(self.keys.len() as u32);
        }
    }

    /// Every entity its sentences name, each once.
    pub fn entities(&self) -> &[Entity] {
        &self.entities.values
    }

    /// Sentence `i`.
    pub fn get(&self, i: usize) -> PackedSentence<'_> {
        PackedSentence { packed: self, i }
    }

    /// Lets go of most of the room its lists keep to grow (see [`trim`]), and packs the
    /// postings added since they were last packed: a pass over the story's postings that
    /// sorts only the new keys (left in their map between updates, they cost more memory).
    pub fn trim(&mut self) {
        trim(&mut self.keys);
        trim(&mut self.bounds);
        trim(&mut self.entity_bounds);
        trim(&mut self.number_bounds);
        trim(&mut self.hint_bounds);
        trim(&mut self.sentence_entities);
        trim(&mut self.numbers);
        trim(&mut self.sentence_hints);
        trim(&mut self.negated);
        trim(&mut self.word_counts);
        self.postings.merge();
    }
}

/// What a list that grows with its story keeps of room between updates: up to a
/// sixteenth of its length (and a story's known keys wait in a hash set until they are a
/// sixteenth of those sorted, see `KeySet::settle`). With none, each update moved the
/// whole list, so that an update cost what the story held (a story followed for months
/// holds thousands of sentences); the room a list grown by doubling keeps would cost
/// memory for as long as the story lives.
pub(super) const ROOM_DIVISOR: usize = 16;

/// Lets go of the room `list` keeps to grow beyond a [`ROOM_DIVISOR`]th of its length,
/// by moving it to a list with that much room. Not [`Vec::shrink_to`]: an allocator may
/// shrink a block in place (mimalloc does down to half its size), so that a list grown by
/// doubling and shrunk keeps the doubled block. A list that takes a few items at a time
/// is moved (after a doubling) once every sixteenth of its length; one under sixteen
/// items, at every update.
pub(super) fn trim<T>(list: &mut Vec<T>) {
    let kept = list.len() + list.len() / ROOM_DIVISOR;
    if list.capacity() > kept {
        let mut moved = Vec::with_capacity(kept);
        moved.append(list);
        *list = moved;
    }
}

/// For each word key, the sentences that use it (by index): those of every sentence
/// added before the last [`Postings::merge`] in three flat arrays (a story's entry holds
/// them for as long as the story lives: a list per word cost twice the memory), those
/// added since in a map.
#[derive(Clone, Default)]
struct Postings {
    /// Sorted, each once; the sentences using `keys[k]` are `sentences[starts[k]..starts[k + 1]]`.
    keys: Vec<Key>,
    starts: Vec<u32>,
    sentences: Vec<u32>,
    recent: FxHashMap<Key, Vec<u32>>,
}

impl Postings {
    /// Whether `sentence` uses `key`.
    fn uses(&self, key: Key, sentence: u32) -> bool {
        if let Ok(k) = self.keys.binary_search(&key) {
            let (start, end) = (self.starts[k] as usize, self.starts[k + 1] as usize);
            if self.sentences[start..end].binary_search(&sentence).is_ok() {
                return true;
            }
        }
        self.recent
            .get(&key)
            .is_some_and(|recent| recent.binary_search(&sentence).is_ok())
    }

    /// The words `sentence` uses, in no order.
    fn words_of(&self, sentence: u32) -> Vec<Key> {
        let mut words: Vec<Key> = (0..self.keys.len())
            .filter(|&k| {
                let (start, end) = (self.starts[k] as usize, self.starts[k + 1] as usize);
                self.sentences[start..end].binary_search(&sentence).is_ok()
            })
            .map(|k| self.keys[k])
            .collect();
        words.extend(
            self.recent
                .iter()
                .filter(|(_, s)| s.binary_search(&sentence).is_ok())
                .map(|(&key, _)| key),
        );
        words
    }

    fn add(&mut self, key: Key, sentence: u32) {
        self.recent.entry(key).or_default().push(sentence);
    }

    /// Calls `f` with each sentence that uses `key`.
    fn for_each(&self, key: Key, mut f: impl FnMut(u32)) {
        if let Ok(k) = self.keys.binary_search(&key) {
            let (start, end) = (self.starts[k] as usize, self.starts[k + 1] as usize);
            self.sentences[start..end].iter().for_each(|&i| f(i));
        }
        if let Some(recent) = self.recent.get(&key) {
            recent.iter().for_each(|&i| f(i));
        }
    }

    /// Moves the recent postings into the flat arrays, which keep no room to grow.
    fn merge(&mut self) {
        if self.recent.is_empty() {
            return;
        }
        let mut recent: Vec<(Key, Vec<u32>)> =
            std::mem::take(&mut self.recent).into_iter().collect();
        recent.sort_unstable_by_key(|&(key, _)| key);
        let count = self.sentences.len() + recent.iter().map(|(_, s)| s.len()).sum::<usize>();
        let mut keys = Vec::with_capacity(self.keys.len() + recent.len());
        let mut starts = Vec::with_capacity(keys.capacity() + 1);
        let mut sentences = Vec::with_capacity(count);
        let mut recent = recent.into_iter().peekable();
        let mut old = (0..self.keys.len()).peekable();
        starts.push(0);
        loop {
            let key = match (old.peek(), recent.peek()) {
                (Some(&k), Some((r, _))) => self.keys[k].min(*r),
                (Some(&k), None) => self.keys[k],
                (None, Some((r, _))) => *r,
                (None, None) => break,
            };
            if let Some(k) = old.next_if(|&k| self.keys[k] == key) {
                let (start, end) = (self.starts[k] as usize, self.starts[k + 1] as usize);
                sentences.extend_from_slice(&self.sentences[start..end]);
            }
            if let Some((_, added)) = recent.next_if(|(r, _)| *r == key) {
                sentences.extend_from_slice(&added);
            }
            keys.push(key);
            starts.push(sentences.len() as u32);
        }
        self.keys = keys;
        self.starts = starts;
        self.sentences = sentences;
    }
}

/// One sentence of a [`Packed`].
#[derive(Clone, Copy)]
pub(super) struct PackedSentence<'a> {
    packed: &'a Packed,
    i: usize,
}

impl<'a> PackedSentence<'a> {
    fn kind(&self, kind: usize) -> &'a [Key] {
        let b = &self.packed.bounds[KINDS * self.i + kind..];
        &self.packed.keys[b[0] as usize..b[1] as usize]
    }

    fn range(bounds: &[u32], i: usize) -> std::ops::Range<usize> {
        bounds[i] as usize..bounds[i + 1] as usize
    }

    fn numbers(&self) -> &'a [Number] {
        &self.packed.numbers[Self::range(&self.packed.number_bounds, self.i)]
    }

    fn entities(&self) -> impl Iterator<Item = &'a Entity> + 'a {
        let packed = self.packed;
        packed.sentence_entities[Self::range(&packed.entity_bounds, self.i)]
            .iter()
            .map(move |&id| &packed.entities.values[id as usize])
    }

    /// Its keys by kind, as [`super::terms::Knowledge::add_parts`] takes them, given its
    /// `words` (see [`PackedSentence::word_keys`]).
    pub fn parts<'w>(&self, words: &'w [Key]) -> KeyParts<'w>
    where
        'a: 'w,
    {
        KeyParts {
            words,
            other_plain: self.kind(OTHER_PLAIN),
            entities: self.kind(ENTITY_KEYS),
            dates: self.kind(DATES),
            months: self.kind(MONTHS),
        }
    }

    /// Its numbers, details too, as [`super::terms::Knowledge::add_parts`] takes them.
    pub fn all_numbers(&self) -> impl Iterator<Item = NumberFact<'a>> + 'a {
        let this = *self;
        self.kind(NUMBERS)
            .iter()
            .zip(self.numbers())
            .map(move |(&key, n)| (key, this.figure(n), n.hedge))
    }

    fn figure(&self, n: &Number) -> Option<&'a Figure> {
        let packed = self.packed;
        n.figure.map(|f| &packed.figures[f as usize])
    }

    pub fn negated(&self) -> bool {
        self.packed.negated[self.i]
    }

    /// Its hint words (see [`SentenceTerms::hint_words`]).
    pub fn hint_words(&self) -> impl Iterator<Item = &'a str> + 'a {
        let packed = self.packed;
        packed.sentence_hints[Self::range(&packed.hint_bounds, self.i)]
            .iter()
            .map(move |&id| packed.hint_words.values[id as usize].as_str())
    }

    /// As [`SentenceTerms::atom_weight`].
    pub fn atom_weight(&self) -> f64 {
        let entities = Self::range(&self.packed.entity_bounds, self.i).len();
        let numbers = self.numbers().iter().filter(|n| !n.detail).count();
        (entities + numbers + self.kind(DATES).len()) as f64 * super::terms::ATOM_WEIGHT
    }

    /// As [`SentenceTerms::total_weight`].
    pub fn total_weight(&self) -> f64 {
        self.word_count() as f64 * super::terms::WORD_WEIGHT + self.atom_weight()
    }

    fn word_count(&self) -> usize {
        self.packed.word_counts[self.i] as usize
    }

    /// Its words' keys, sorted (see [`SentenceTerms::word_keys`]), read from the postings:
    /// a pass over every word of the story, for the rare sentence copied.
    pub fn word_keys(&self) -> Vec<Key> {
        let mut words = self.packed.postings.words_of(self.i as u32);
        words.sort_unstable();
        words
    }
}

/// A held sentence holds what the sentence read holds (see `impl Holds for SentenceTerms`).
impl Holds for PackedSentence<'_> {
    fn holds_word(&self, key: Key) -> bool {
        self.packed.postings.uses(key, self.i as u32)
    }

    fn holds_plain(&self, key: Key) -> bool {
        self.holds_word(key) || self.kind(OTHER_PLAIN).binary_search(&key).is_ok()
    }

    fn holds_entity_key(&self, key: Key) -> bool {
        self.kind(ENTITY_KEYS).binary_search(&key).is_ok()
    }

    fn holds_number(&self, key: Key) -> bool {
        self.kind(NUMBERS).contains(&key)
    }

    fn holds_date(&self, key: Key) -> bool {
        self.kind(DATES).contains(&key) || self.kind(MONTHS).contains(&key)
    }

    fn rounding(&self, number: Key) -> Option<Ordering> {
        let i = self.kind(NUMBERS).iter().position(|&k| k == number)?;
        self.numbers()[i].hedge
    }

    fn any_figure(&self, test: &mut impl FnMut(Key, &Figure) -> bool) -> bool {
        self.kind(NUMBERS)
            .iter()
            .zip(self.numbers())
            .any(|(&key, n)| self.figure(n).is_some_and(|f| test(key, f)))
    }
}

/// A held sentence measures as the sentence read does.
impl Measured for PackedSentence<'_> {
    fn measured_word_count(&self) -> usize {
        self.word_count()
    }

    fn measured_entities(&self) -> impl Iterator<Item = &Entity> {
        self.entities()
    }

    fn measured_numbers(&self) -> impl Iterator<Item = NumberFact<'_>> {
        self.all_numbers()
            .zip(self.numbers())
            .filter(|(_, n)| !n.detail)
            .map(|(fact, _)| fact)
    }

    fn measured_dates(&self) -> &[Key] {
        self.kind(DATES)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matcher::language::english;
    use crate::matcher::terms::{analyse, Knowledge, NameHints};

    #[test]
    fn a_packed_sentence_answers_as_the_sentence_read() {
        // Every question judging asks of a held sentence, asked of each seed sentence
        // read and packed (and packed again from the packing), about every other.
        let mut sentences = crate::matcher::sentences::seed_corpus_sentences();
        sentences.extend([
            "About 300 people, Lee, 33, said, fled Harlingen, Texas, on May 3.".to_string(),
            "“We will never accept troops from NATO countries,” Sergei Lavrov said.".to_string(),
        ]);
        let hints = NameHints::from_sentences(sentences.iter().map(String::as_str));
        let read: Vec<_> = sentences
            .iter()
            .map(|s| analyse(s, &hints, english()))
            .collect();
        let (mut packed, mut repacked) = (Packed::default(), Packed::default());
        for (i, t) in read.iter().enumerate() {
            packed.push(t);
            repacked.push_copy(&packed, i, &packed.get(i).word_keys());
            if i % 7 == 0 {
                // Postings merged, and added to after.
                packed.postings.merge();
            }
        }
        assert_eq!(packed.len(), read.len());
        for (i, h) in read.iter().enumerate() {
            for p in [packed.get(i), repacked.get(i)] {
                assert_eq!(p.atom_weight(), h.atom_weight());
                assert_eq!(p.total_weight(), h.total_weight());
                assert_eq!(p.negated(), h.negated);
                assert!(p.hint_words().eq(h.hint_words.iter().map(String::as_str)));
                let (mut from_read, mut from_packed) = (Knowledge::default(), Knowledge::default());
                from_read.add(h);
                let words = p.word_keys();
                assert_eq!(words, h.word_keys());
                from_packed.add_parts(&p.parts(&words), p.all_numbers());
                for s in &read {
                    assert_eq!(p.coverage(s), h.coverage(s));
                    let shared = words.iter().filter(|&&w| s.holds_word(w)).count();
                    assert_eq!(
                        s.coverage_given_words(&p, shared),
                        s.coverage_given_words(&**h, shared)
                    );
                    assert_eq!(from_packed.coverage(s), from_read.coverage(s));
                    for q in 0..s.quotes.len() {
                        assert_eq!(p.quote_coverage(s, q), h.quote_coverage(s, q));
                    }
                    for e in &s.entities {
                        assert_eq!(p.holds_entity(e), h.holds_entity(e));
                    }
                }
            }
        }
    }
}
