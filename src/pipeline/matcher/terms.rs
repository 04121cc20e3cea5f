//! What a sentence says, as comparable terms: content words (stemmed, synonyms folded),
//! named entities, numbers with their units, dates, long quotations, and whether the
//! sentence is negated.
//!
//! The reader asks about each word in the sentence's language through the lexicon that
//! language holds, `lang.lexicon` (its number, scale, unit, month and ordinal words, its
//! hedges and negations, in German its noun phrases; see `lexicon::Lexicon`), and the
//! lists English has for every language through `lexicon`'s free functions (honorifics,
//! reporting verbs, the gazetteer).

use super::language::{self, Language};
use super::lexicon::{self, Lexicon};
use super::memo::{self, Memo};
use super::sorted::{SortedMap, SortedSet};
use crate::extract::month_number;
use rustc_hash::{FxHashMap, FxHashSet};
use std::borrow::Cow;
use std::cell::RefCell;
use std::cmp::Ordering;
use std::collections::BTreeSet;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;
use unicode_segmentation::UnicodeSegmentation;

/// A quotation this many words long is a statement, not a scare-quoted phrase.
const QUOTE_MIN_WORDS: usize = 4;

/// A term's fingerprint (64 bits of SipHash with fixed keys): what [`Knowledge`] stores,
/// and a sentence keeps sorted, to be asked about (see [`Holds`]). A sentence is checked against everything its story holds and
/// against each held sentence, so a term is looked up far more often than it is read;
/// fingerprints are worked out once, when the sentence is read, and spare each lookup
/// hashing and comparing the string, and each held sentence a copy of its strings. Two
/// terms share a fingerprint with odds of about one in 10^19 per pair, far below any
/// other error of the reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key(u64);

impl Key {
    pub(super) fn of(term: &str) -> Key {
        let mut hasher = DefaultHasher::new();
        term.hash(&mut hasher);
        Key(hasher.finish())
    }
}

/// A named actor, place or organisation: a run of capitalised words, or a known country.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Entity {
    /// A country or bloc from the gazetteer, by its canonical name.
    Place(String),
    /// An all-capitals abbreviation: `NATO`, `FT`, `WSJ`.
    Acronym(String),
    /// Capitalised words in a row: `Defense Secretary Pete Hegseth`, lower-cased.
    Name(Vec<String>),
}

impl Entity {
    /// How a reader would write it: `pete hegseth`, `NATO`, `united states`.
    pub fn label(&self) -> String {
        match self {
            Entity::Place(p) => p.clone(),
            Entity::Acronym(a) => a.clone(),
            Entity::Name(words) => words.join(" "),
        }
    }

    /// Calls `add` with each key under which a story remembers this entity.
    fn for_each_key(&self, mut add: impl FnMut(Key)) {
        with_probe(self, |probe| {
            probe.words.iter().for_each(|forms| add(forms[0].0));
            probe.keys.iter().for_each(|&key| add(key));
        })
    }

    /// Whether `known` (keys of held entities) already names this entity. A name made
    /// of words the story already uses in lower case ("Armed Forces", "the Alliance") is
    /// a capitalised common phrase, not a new actor.
    fn is_known(&self, known: &dyn Fn(Key) -> bool, words: &dyn Fn(Key) -> bool) -> bool {
        with_probe(self, |probe| match self {
            Entity::Place(_) | Entity::Acronym(_) => probe.keys.iter().any(|&k| known(k)),
            Entity::Name(_) => {
                probe.keys.iter().any(|&k| known(k))
                    || probe.words.iter().all(|forms| {
                        // "Iraqi" is Iraq's: a demonym names the place it comes from.
                        forms.iter().any(|&(key, stem)| known(key) || words(stem))
                    })
                    // "Interior Minister Nicolas Sarkozy" after "Sarkozy": the surname
                    // names the person; the title and first name add no actor.
                    || probe.surname.is_some_and(known)
            }
        })
    }
}

/// What a story is asked to tell whether it knows an entity, worked out once per entity
/// and thread: stemming each demonym form of each word of a name is the costly part, and
/// the same names are asked about against every sentence a story holds.
struct EntityProbe {
    /// A place's or acronym's key; for a name of two words or more, its initials as an
    /// abbreviation.
    keys: Vec<Key>,
    /// For a name, per word: each of its forms (the word first, then its demonym forms)
    /// as a `name:` key and a stem (as a word's key), each stem once.
    words: Vec<Vec<(Key, Key)>>,
    /// For a name of two words or more, its last word's `name:` key.
    surname: Option<Key>,
}

impl EntityProbe {
    fn of(entity: &Entity) -> EntityProbe {
        match entity {
            Entity::Place(p) => EntityProbe {
                keys: vec![Key::of(&format!("place:{p}"))],
                words: Vec::new(),
                surname: None,
            },
            Entity::Acronym(a) => EntityProbe {
                keys: vec![Key::of(&format!("abbr:{a}"))],
                words: Vec::new(),
                surname: None,
            },
            Entity::Name(name) => {
                let words = name
                    .iter()
                    .map(|w| {
                        let mut forms: Vec<(Key, Key)> = Vec::new();
                        for form in lexicon::demonym_forms(w) {
                            let stem = language::name_stem(&form);
                            let stem_key = Key::of(&stem);
                            if !forms.iter().any(|&(_, s)| s == stem_key) {
                                forms.push((Key::of(&format!("name:{stem}")), stem_key));
                            }
                        }
                        forms
                    })
                    .collect();
                let several = name.len() >= 2;
                let initials: String = name.iter().filter_map(|w| w.chars().next()).collect();
                EntityProbe {
                    keys: several
                        .then(|| Key::of(&format!("abbr:{}", initials.to_uppercase())))
                        .into_iter()
                        .collect(),
                    words,
                    surname: name
                        .last()
                        .filter(|_| several)
                        .map(|w| Key::of(&format!("name:{}", language::name_stem(w)))),
                }
            }
        }
    }
}

/// Entity probes remembered per thread (see [`super::memo`]).
const PROBES_KEPT: usize = 4096;

thread_local! {
    static PROBES: RefCell<Memo<(Entity, EntityProbe)>> = RefCell::new(Memo::new(PROBES_KEPT));
}

/// Calls `f` with the probe of `entity`.
fn with_probe<R>(entity: &Entity, f: impl FnOnce(&EntityProbe) -> R) -> R {
    let key = memo::key_of(entity);
    PROBES.with_borrow_mut(|probes| {
        let (_, probe) = probes.get_or_insert_with(
            key,
            |(e, _)| e == entity,
            || (entity.clone(), EntityProbe::of(entity)),
        );
        f(probe)
    })
}

/// The comparable content of one sentence.
#[derive(Debug, Clone, Default)]
pub struct SentenceTerms {
    pub entities: SortedSet<Entity>,
    /// Normalised numbers with units: `10`, `5 percent`, `90000000000 usd`.
    pub numbers: SortedSet<String>,
    /// Calendar dates: `08-18`, `year 2025`.
    pub dates: SortedSet<String>,
    /// The content words of each quotation long enough to be a statement.
    pub quotes: Vec<SortedSet<String>>,
    pub negated: bool,
    /// The words whose reading the name hints decided: capitalised words at the start of
    /// the sentence or of a quotation, names only if the hints say so. The analysis stays
    /// right under other hints as long as these are hints in both or in neither.
    pub hint_words: Vec<String>,
    /// Entities that only attribute the sentence: `X said`, `said X.`, `according to X`,
    /// and those that say who X is. Who says a held statement makes no new claim.
    pub speakers: SortedSet<Entity>,
    /// Numbers given as rounded ("about 300", "nearly 10"), with the side of the number
    /// the figure lies on: they agree with a figure they round.
    pub approximate: SortedMap<String, Ordering>,
    /// The numbers read as figures (value, unit, precision), to compare rounded ones. A
    /// list: a sentence has a few, and a map's node would cost more than the rest of it.
    /// By the number's key (see [`Key`]), as held sentences are asked by key.
    figures: Vec<(Key, Figure)>,
    /// Numbers that describe rather than count: someone's age ("Lee, 33,") or the size
    /// of a group the story has named ("the two sides"). They are no fact atoms.
    pub details: SortedSet<String>,
    /// US states that complete an address ("Harlingen, Texas"): no place of their own.
    pub addresses: SortedSet<Entity>,
    /// Entities that only qualify a noun: "Stewart's company", "the Arizona-based group".
    pub modifiers: SortedSet<Entity>,
    keys: TermKeys,
}

/// The fingerprints of a sentence's terms (see [`Key`]), worked out once it is read. In
/// boxed slices of exactly their length: a story keeps them for every sentence it holds.
#[derive(Debug, Clone, Default)]
struct TermKeys {
    /// Sorted, each once, as are `other_plain` and `entities`.
    words: Box<[Key]>,
    /// With `words`, every content word, names included, as quotations are compared:
    /// those that are not `words` (every word is one of them, and is kept once).
    other_plain: Box<[Key]>,
    /// Every key the sentence's entities are remembered under (see
    /// [`Entity::for_each_key`]), for asking a held sentence whether it names one.
    entities: Box<[Key]>,
    /// In the order of `SentenceTerms::numbers`, and of `dates` and `quotes`.
    numbers: Box<[Key]>,
    dates: Box<[Key]>,
    /// The months of its days (see [`months_of`]): held, not said.
    months: Box<[Key]>,
    quotes: Box<[Box<[Key]>]>,
}

impl TermKeys {
    /// The keys of `terms`, given those of its words and plain words.
    fn of(terms: &SentenceTerms, words: Vec<Key>, plain: Vec<Key>) -> TermKeys {
        let keys = |set: &SortedSet<String>| set.iter().map(|t| Key::of(t)).collect();
        let mut entities = Vec::new();
        for e in &terms.entities {
            e.for_each_key(|key| entities.push(key));
        }
        debug_assert!(words.iter().all(|w| plain.binary_search(w).is_ok()));
        let other_plain: Vec<Key> = plain
            .into_iter()
            .filter(|k| words.binary_search(k).is_err())
            .collect();
        TermKeys {
            words: words.into(),
            other_plain: other_plain.into(),
            entities: distinct(entities).into(),
            numbers: keys(&terms.numbers),
            dates: keys(&terms.dates),
            months: months_of(&terms.dates).into(),
            quotes: terms.quotes.iter().map(keys).collect(),
        }
    }
}

impl SentenceTerms {
    /// True when the sentence names something specific: an actor, place, number, date
    /// or a quoted statement. A sentence without one carries no checkable fact.
    pub fn is_specific(&self) -> bool {
        !(self.entities.is_empty()
            && self.numbers.is_empty()
            && self.dates.is_empty()
            && self.quotes.is_empty())
    }

    /// A number of the sentence read as a figure.
    fn figure(&self, number: Key) -> Option<&Figure> {
        self.figures
            .iter()
            .find_map(|(n, figure)| (*n == number).then_some(figure))
    }

    /// The keys of its content words (not those of names, numbers or dates), sorted,
    /// each once.
    pub fn word_keys(&self) -> &[Key] {
        &self.keys.words
    }

    /// The weight of its fact atoms (entities, fact numbers, dates), as
    /// [`Holds::coverage`] counts them: all of it may be held, whatever its words.
    pub fn atom_weight(&self) -> f64 {
        let atoms = self.entities.len() + self.fact_numbers().count() + self.keys.dates.len();
        atoms as f64 * ATOM_WEIGHT
    }

    /// The weight [`Holds::coverage`] counts in all.
    pub fn total_weight(&self) -> f64 {
        self.keys.words.len() as f64 * WORD_WEIGHT + self.atom_weight()
    }

    /// The numbers that are facts (all but details), with their keys.
    fn fact_numbers(&self) -> impl Iterator<Item = (&String, Key)> {
        self.numbers
            .iter()
            .zip(&self.keys.numbers)
            .filter(|(n, _)| !self.details.contains(*n))
            .map(|(n, &key)| (n, key))
    }
}

/// A number's value and unit, and the place of its last significant digit: `320` is
/// (320, "", 10), `6.8 billion usd` is (6.8e9, "usd", 1e8).
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    value: f64,
    unit: String,
    precision: f64,
}

impl Figure {
    fn of(number: &str) -> Option<Figure> {
        let (value, unit) = number.split_once(' ').unwrap_or((number, ""));
        let value: f64 = value.parse().ok()?;
        if value == 0.0 || !value.is_finite() {
            return None;
        }
        let precision = (-6..=15).rev().map(|k| 10f64.powi(k)).find(|p| {
            let steps = value / p;
            steps.round() != 0.0 && (steps - steps.round()).abs() < 1e-6 * steps.abs()
        })?;
        Some(Figure {
            value,
            unit: unit.to_string(),
            precision,
        })
    }
}

/// A rounded figure is at most this far (a share of it) from the figure it rounds.
const ROUNDING_SHARE: f64 = 0.1;

/// Whether two numbers name one figure, one of them rounded: with the same unit, the more
/// precise one rounds to the less precise one, which is approximate (`hedge_a` or
/// `hedge_b`), and lies on the side of it the hedge says ("more than 2,000" is 2,100, not
/// 1,900).
fn same_figure(
    (a, hedge_a): (&Figure, Option<Ordering>),
    (b, hedge_b): (&Figure, Option<Ordering>),
) -> bool {
    let ((coarse, side), fine) = if a.precision >= b.precision {
        ((a, hedge_a), b)
    } else {
        ((b, hedge_b), a)
    };
    let Some(side) = side else {
        return false;
    };
    let gap = (fine.value - coarse.value).abs();
    let on_side = side == Ordering::Equal || fine.value.total_cmp(&coarse.value) == side;
    a.unit == b.unit
        && on_side
        && gap < coarse.precision / 2.0
        && gap <= ROUNDING_SHARE * coarse.value.abs()
}

/// Everything a set of sentences has said, for asking "is this already held?". It may
/// stand on a base (what a story held before), shared rather than copied: it then holds
/// what the base holds and what was added to it.
#[derive(Debug, Default, Clone)]
pub struct Knowledge {
    base: Option<Arc<Knowledge>>,
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

/// A set of keys: those added before the last [`KeySet::freeze`] sorted in a vector (a
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

    /// Moves the keys added since the last freeze into the sorted vector, with no room
    /// to grow.
    fn freeze(&mut self) {
        if self.recent.is_empty() {
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
    /// Knowledge that holds what `base` holds, and what is added to it.
    pub fn over(base: Arc<Knowledge>) -> Self {
        Knowledge {
            base: Some(base),
            ..Knowledge::default()
        }
    }

    pub fn add(&mut self, terms: &SentenceTerms) {
        let numbers = terms.numbers_held().map(|(_, number)| number);
        self.add_parts(&terms.key_parts(), numbers);
    }

    /// Adds what a sentence holds: its keys, and its numbers, details too (see
    /// [`SentenceTerms::numbers_held`]).
    pub(super) fn add_parts<'a>(
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

    /// Whether anything was added since the last [`Knowledge::freeze`].
    pub(super) fn has_recent(&self) -> bool {
        [
            &self.words,
            &self.plain,
            &self.entity_keys,
            &self.numbers,
            &self.dates,
        ]
        .iter()
        .any(|set| !set.recent.is_empty())
            || self.figures.len() < self.figures.capacity()
    }

    /// Keeps what was added so far in its most compact form: what a story's entry in the
    /// index does after each update.
    pub(super) fn freeze(&mut self) {
        for set in [
            &mut self.words,
            &mut self.plain,
            &mut self.entity_keys,
            &mut self.numbers,
            &mut self.dates,
        ] {
            set.freeze();
        }
        self.figures.shrink_to_fit();
    }

    /// Whether this knowledge or its base holds a key of the set `set` picks.
    fn has(&self, set: fn(&Knowledge) -> &KeySet, key: Key) -> bool {
        set(self).contains(&key) || self.base.as_ref().is_some_and(|b| b.has(set, key))
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
pub(super) struct KeyParts<'a> {
    pub words: &'a [Key],
    pub other_plain: &'a [Key],
    pub entities: &'a [Key],
    pub dates: &'a [Key],
    pub months: &'a [Key],
}

impl SentenceTerms {
    /// The keys of its terms by kind, but for numbers (see [`SentenceTerms::numbers_held`])
    /// and quotations (no held sentence is asked for them).
    pub(super) fn key_parts(&self) -> KeyParts<'_> {
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
    pub(super) fn numbers_held(&self) -> impl Iterator<Item = (bool, NumberFact<'_>)> {
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
        self.approximate
            .get(&number)
            .copied()
            .or_else(|| self.base.as_ref().and_then(|b| b.rounding(number)))
    }

    fn any_figure(&self, test: &mut impl FnMut(Key, &Figure) -> bool) -> bool {
        self.figures.iter().any(|(n, f)| test(*n, f))
            || self.base.as_ref().is_some_and(|b| b.any_figure(test))
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

/// Each sentence's hint words, remembered per thread (see [`super::memo`]): an item's
/// sentences give hints when it is matched and again when its story takes it in.
const HINTS_KEPT: usize = 1024;

thread_local! {
    static HINTS: RefCell<Memo<(String, Vec<String>)>> = RefCell::new(Memo::new(HINTS_KEPT));
}

/// Words seen capitalised in the middle of a sentence somewhere in a text: a capitalised
/// word at the start of a sentence is a name only if it is one elsewhere too.
#[derive(Debug, Default)]
pub struct NameHints(FxHashSet<String>);

impl NameHints {
    pub fn from_sentences<'a>(sentences: impl IntoIterator<Item = &'a str>) -> Self {
        let mut names = FxHashSet::default();
        HINTS.with_borrow_mut(|hints| {
            for sentence in sentences {
                let make = || (sentence.to_string(), capitalised_inside(sentence));
                let key = memo::key_of(sentence);
                let (_, words) = hints.get_or_insert_with(key, |(s, _)| s == sentence, make);
                names.extend(words.iter().cloned());
            }
        });
        NameHints(names)
    }

    /// Both sets of hints at once.
    pub fn union(&self, other: &NameHints) -> NameHints {
        NameHints(self.0.union(&other.0).cloned().collect())
    }

    /// Adds the hints of `other`.
    pub fn extend(&mut self, other: NameHints) {
        self.0.extend(other.0);
    }

    pub fn contains(&self, word: &str) -> bool {
        self.0.contains(word)
    }
}

#[derive(Debug)]
struct Token {
    lower: String,
    capitalised: bool,
    all_caps: bool,
    /// First word of the sentence or of a quotation: capitalised by position, not name.
    initial: bool,
    /// A currency sign just before, or `%` just after.
    currency: Option<&'static str>,
    percent: bool,
    /// Separated from the previous word by one plain space (no comma, dash or quote):
    /// a run of capitalised words is one name only while this holds.
    joined: bool,
    /// Written with a possessive "'s": "Stewart's company".
    possessive: bool,
    /// A comma just before: "Lee, 33, said" sets the age apart.
    comma_before: bool,
    /// Part of a hyphenated compound ("no-fly"): not a word of its own for negation.
    hyphenated: bool,
    /// A title before a name ("Mr.", "Sen.", "Dr"): neither a name nor a word of the
    /// statement, and its full stop ends no sentence (see [`is_title`]).
    title: bool,
}

/// "NATO's" → "NATO", "we're" → "we", "haven't" stays (the negation is the point), and
/// so does a Ukrainian apostrophe, which is part of its word ("п'ять", "об'єкт"). In
/// French and Italian an elided word comes before the apostrophe and the word it goes
/// with after it ("l'OTAN", "d'euros", "n'est", "dell'Unione"): both are kept, as the
/// elided word and the word, so that the word is read and the elided one still counts
/// ("n'" negates, "d'" joins an amount to its unit).
fn strip_clitic<'a>(word: &'a str, lang: &Language) -> (Option<&'a str>, &'a str) {
    if let Some((elided, rest)) = word.split_once('\'') {
        if !rest.is_empty() && lang.lexicon.is_elision(elided) {
            return (Some(elided), before_apostrophe(rest));
        }
    }
    (None, before_apostrophe(word))
}

/// The part of a word before an English clitic: "NATO's" → "NATO" (see [`strip_clitic`]).
fn before_apostrophe(word: &str) -> &str {
    if word.ends_with("n't") {
        return word;
    }
    let cyrillic = |c: char| ('\u{0400}'..='\u{04FF}').contains(&c);
    match word.find('\'') {
        Some(i) if i > 0 && !word[..i].chars().any(cyrillic) => &word[..i],
        _ => word,
    }
}

/// The words of `sentence` that [`tokens`] reads as capitalised but not initial (not
/// opening the sentence, a quotation or a sentence within it): its name hints. Hints are
/// gathered before the language is known, so words are split as English splits them
/// ("l'OTAN" hints nothing). This is `tokens` cut down to what decides those two marks,
/// because every sentence is scanned for hints before it is read.
fn capitalised_inside(sentence: &str) -> Vec<String> {
    let mut hints = Vec::new();
    let mut previous_end = 0;
    let mut first = true;
    // The token before was a capitalised title ("Mr."): its full stop ends no sentence.
    let mut after_title = false;
    for (offset, word) in sentence.unicode_word_indices() {
        let gap = &sentence[previous_end..offset];
        previous_end = offset + word.len();
        let normalised: Cow<str> = if word.contains('’') {
            Cow::Owned(word.replace('’', "'"))
        } else {
            Cow::Borrowed(word)
        };
        let piece = before_apostrophe(&normalised);
        let stripped = without_abbreviation_dots(piece);
        let Some(first_char) = stripped.chars().next() else {
            continue;
        };
        let capitalised = first_char.is_uppercase();
        let before = sentence[..offset].chars().next_back();
        let last_mark = gap.trim_end().chars().next_back();
        let initial = first
            || matches!(before, Some('“' | '"' | '‘' | '(' | '«'))
            || (matches!(last_mark, Some('.' | '!' | '?' | '…' | ':')) && !after_title);
        first = false;
        after_title = false;
        if capitalised {
            let lower = stripped.to_lowercase();
            after_title = is_title(&lower, sentence[previous_end..].chars().next());
            if !initial {
                hints.push(lower);
            }
        }
    }
    hints
}

/// Whether a capitalised word (lower-cased), followed by the character `after`, is a title
/// before a name: an honorific ("Mr", "Dr"), or an abbreviated title with its full stop
/// ("Sen.", "Gen.").
fn is_title(lower: &str, after: Option<char>) -> bool {
    lexicon::is_honorific(lower) || (after == Some('.') && lexicon::is_abbreviated_title(lower))
}

/// A word without the full stops of an abbreviation: "U.S." is "US", but "6.8" keeps its
/// decimal point.
fn without_abbreviation_dots(piece: &str) -> Cow<'_, str> {
    if piece.starts_with(|c: char| c.is_ascii_digit()) || !piece.contains('.') {
        Cow::Borrowed(piece)
    } else {
        Cow::Owned(piece.replace('.', ""))
    }
}

/// Spaces that may separate the digit groups of a number ("10 000"): a plain space, and
/// the no-break and narrow no-break spaces French and Russian typesetting put there.
const GROUP_SEPARATORS: [char; 3] = [' ', '\u{a0}', '\u{202f}'];

/// A number written in digit groups starting at `words[0]` ("10 000", "1 500 000"): how
/// many words it takes, and the number as English writes it ("10,000"), so that it reads
/// as the same count, and as a count rather than a year. A first group of one to three
/// digits, then groups of exactly three, each after a single [`GROUP_SEPARATORS`] space:
/// "in 2024 100 people" and "3 to 4" are two numbers. Unicode does not break words at a
/// narrow no-break space, so one word may hold several groups.
fn digit_groups(sentence: &str, words: &[(usize, &str)]) -> Option<(usize, String)> {
    let all_digits = |g: &str| g.bytes().all(|b| b.is_ascii_digit());
    let is_group = |g: &str| g.len() == 3 && all_digits(g);
    let &(offset, first) = words.first()?;
    let mut groups = first.split('\u{202f}');
    let head = groups.next()?;
    if !(1..=3).contains(&head.len()) || !all_digits(head) {
        return None;
    }
    let mut number = head.to_string();
    let mut append = |word: &str| {
        for group in word.split('\u{202f}') {
            number.push(',');
            number.push_str(group);
        }
    };
    let rest: Vec<&str> = groups.collect();
    if !rest.iter().all(|g| is_group(g)) {
        return None;
    }
    rest.iter().for_each(|g| append(g));
    let mut end = offset + first.len();
    let mut used = 1;
    for &(next_offset, word) in &words[1..] {
        let mut gap = sentence[end..next_offset].chars();
        let single_space =
            gap.next().is_some_and(|c| GROUP_SEPARATORS.contains(&c)) && gap.next().is_none();
        if !single_space || !word.split('\u{202f}').all(is_group) {
            break;
        }
        append(word);
        end = next_offset + word.len();
        used += 1;
    }
    number.contains(',').then_some((used, number))
}

fn tokens(sentence: &str, lang: &Language) -> Vec<Token> {
    let words: Vec<(usize, &str)> = sentence.unicode_word_indices().collect();
    let mut out: Vec<Token> = Vec::new();
    let mut previous_end = 0;
    let mut next = 0;
    while next < words.len() {
        let (offset, word) = words[next];
        let (used, grouped) = match digit_groups(sentence, &words[next..]) {
            Some((used, number)) => (used, Some(number)),
            None => (1, None),
        };
        next += used;
        let end = words[next - 1].0 + words[next - 1].1.len();
        // Most words have no apostrophe or full stop: they are not copied to be cleaned.
        let normalised: Cow<str> = match grouped {
            Some(number) => Cow::Owned(number),
            None if word.contains('’') => Cow::Owned(word.replace('’', "'")),
            None => Cow::Borrowed(word),
        };
        let (elided, clitic_free) = strip_clitic(&normalised, lang);
        let gap = &sentence[previous_end..offset];
        previous_end = end;
        let before = sentence[..offset].chars().next_back();
        let after = sentence[end..].chars().next();
        // An elided word and its word are two tokens with the apostrophe between them.
        let pieces = match elided {
            Some(elided) => [
                Some((elided, before, Some('\''), gap)),
                Some((clitic_free, Some('\''), after, "")),
            ],
            None => [Some((clitic_free, before, after, gap)), None],
        };
        for (piece, before, after, gap) in pieces.into_iter().flatten() {
            let stripped = without_abbreviation_dots(piece);
            if stripped.is_empty() {
                continue;
            }
            let last_mark = gap.trim_end().chars().next_back();
            let first_char = stripped.chars().next().unwrap_or(' ');
            let mut letters = stripped.chars().filter(|c| c.is_alphabetic());
            let all_caps = letters.clone().nth(1).is_some() && letters.all(char::is_uppercase);
            let lower = stripped.to_lowercase();
            let capitalised = first_char.is_uppercase();
            let title = capitalised && is_title(&lower, after);
            out.push(Token {
                lower,
                capitalised,
                all_caps,
                initial: out.is_empty()
                    || matches!(before, Some('“' | '"' | '‘' | '(' | '«'))
                    || (matches!(last_mark, Some('.' | '!' | '?' | '…' | ':'))
                        // "Mr. Tauzin": the full stop of a title ends no sentence.
                        && !out.last().is_some_and(|t: &Token| t.title)),
                currency: match before {
                    Some('$') => Some("usd"),
                    Some('€') => Some("eur"),
                    Some('£') => Some("gbp"),
                    _ => None,
                },
                percent: after == Some('%'),
                joined: gap == " ",
                possessive: after != Some('\'')
                    && (normalised.ends_with("'s") || normalised.ends_with("s'")),
                comma_before: gap.trim_start().starts_with(','),
                hyphenated: after == Some('-') || before == Some('-'),
                title,
            });
        }
    }
    out
}

/// Sentence readings remembered per thread (see [`super::memo`]): enough for an item to
/// be matched and taken into its story's entry, or for a story of a few hundred sentences
/// to be indexed as documents and as held sentences, without reading a sentence twice. A
/// reading is a few kilobytes: more would be memory spent on sentences not met again.
const READINGS_KEPT: usize = 1024;

/// A sentence as read, with what its reading depended on.
struct RememberedReading {
    language: &'static str,
    sentence: String,
    /// For each of `terms.hint_words`, whether it was a name hint.
    hinted: Vec<bool>,
    /// Shared with every reader: a reading is a few dozen allocations to copy.
    terms: Arc<SentenceTerms>,
}

thread_local! {
    static READINGS: RefCell<Memo<RememberedReading>> = RefCell::new(Memo::new(READINGS_KEPT));
}

/// Analyses one sentence. The reading depends on the sentence, the language and which of
/// its hint words are name hints, so it is remembered for those.
pub fn analyse(sentence: &str, hints: &NameHints, lang: &Language) -> Arc<SentenceTerms> {
    let key = memo::key_of((lang.code, sentence));
    READINGS.with_borrow_mut(|readings| {
        let same = |r: &RememberedReading| {
            r.language == lang.code
                && r.sentence == sentence
                && r.terms
                    .hint_words
                    .iter()
                    .zip(&r.hinted)
                    .all(|(w, &hinted)| hints.contains(w) == hinted)
        };
        let make = || {
            let terms = read_sentence(sentence, hints, lang);
            RememberedReading {
                language: lang.code,
                sentence: sentence.to_string(),
                hinted: terms.hint_words.iter().map(|w| hints.contains(w)).collect(),
                terms: Arc::new(terms),
            }
        };
        Arc::clone(&readings.get_or_insert_with(key, same, make).terms)
    })
}

fn read_sentence(sentence: &str, hints: &NameHints, lang: &Language) -> SentenceTerms {
    let tokens = tokens(sentence, lang);
    let nouns = common_nouns(&tokens, lang);
    // Each plain word's stem and key, worked out once: the plain words are all of them,
    // the words those that are not part of a name, number or date.
    let stems: Vec<Option<Key>> = tokens
        .iter()
        .map(|t| is_plain(t, lang).then(|| lang.with_stem(&t.lower, Key::of)))
        .collect();
    let plain = distinct(stems.iter().flatten().copied().collect());
    let mut word_keys = Vec::new();
    let mut terms = SentenceTerms {
        quotes: quotations(sentence, lang)
            .into_iter()
            .map(SortedSet::from)
            .collect(),
        hint_words: tokens
            .iter()
            .filter(|t| t.initial && t.capitalised && !t.all_caps)
            .map(|t| t.lower.clone())
            .collect(),
        ..SentenceTerms::default()
    };
    // Each entity with the tokens it spans, to find the ones that only attribute.
    let mut spans: Vec<(usize, usize, Entity)> = Vec::new();
    let mut run: Vec<String> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        if !t.joined {
            flush_run(&mut run, i, &mut spans);
        }
        if !t.hyphenated && (lang.lexicon.is_negation(&t.lower) || t.lower.ends_with("n't")) {
            terms.negated = true;
        }
        if let Some(used) = read_date(&tokens[..i], &tokens[i..], lang, &mut terms) {
            flush_run(&mut run, i, &mut spans);
            i += used;
            continue;
        }
        if let Some((used, number)) = read_number(tokens[..i].last(), &tokens[i..], lang) {
            flush_run(&mut run, i, &mut spans);
            let after = tokens.get(i + used..).unwrap_or_default();
            // "Lee, 33, said", "the 54-year-old photographer": a person's age describes
            // someone the sentence is about; it is no fact of the story.
            let named_just_before = spans.last().is_some_and(|(_, end, _)| *end == i);
            let apposition =
                named_just_before && t.comma_before && after.first().is_none_or(|t| t.comma_before);
            let year_old = matches!(after, [y, o, ..] if y.lower == "year" && o.lower == "old");
            let count = number.parse::<f64>().ok().filter(|v| v.fract() == 0.0);
            let age = count.is_some_and(|v| v < 120.0) && (apposition || year_old);
            // "the two sides", "the three unions": "the" presumes a group already named.
            let definite = t.joined
                && i > 0
                && matches!(tokens[i - 1].lower.as_str(), "the" | "these" | "those")
                && count.is_some_and(|v| v < 10.0);
            if age || definite {
                terms.details.insert(number.clone());
            }
            if let Some(side) = hedge(&tokens[..i], lang) {
                terms.approximate.insert(number.clone(), side);
            }
            if let Some(figure) = Figure::of(&number) {
                let key = Key::of(&number);
                if terms.figure(key).is_none() {
                    terms.figures.push((key, figure));
                }
            }
            terms.numbers.insert(number);
            i += used;
            continue;
        }
        // "New Mexico" is a name of its own, not Mexico.
        let after_opener = i > 0
            && t.joined
            && tokens[i - 1].capitalised
            && lexicon::opens_name(&tokens[i - 1].lower);
        if let Some((used, place)) = read_place(&tokens[i..], lang).filter(|_| !after_opener) {
            flush_run(&mut run, i, &mut spans);
            spans.push((i, i + used, place));
            i += used;
            continue;
        }
        // "New" opens a name when one follows ("New York"); alone it is a word.
        let opens_name = lexicon::opens_name(&t.lower)
            && tokens
                .get(i + 1)
                .is_some_and(|next| next.joined && next.capitalised && !next.all_caps);
        let is_name = t.capitalised
            && !nouns.get(i).copied().unwrap_or(false)
            && (opens_name
                || (!lang.is_stop_word(&t.lower)
                    && !lexicon::is_capitalised_common_word(&t.lower)))
            && !t.title
            && !(t.all_caps && lexicon::is_title_acronym(&t.lower))
            && (!t.initial || t.all_caps || hints.0.contains(&t.lower));
        if is_name && t.all_caps && t.lower.chars().count() <= 5 {
            flush_run(&mut run, i, &mut spans);
            spans.push((i, i + 1, Entity::Acronym(t.lower.to_uppercase())));
        } else if is_name {
            run.push(t.lower.clone());
        } else {
            flush_run(&mut run, i, &mut spans);
            // "Mr." is neither a name nor a word of the statement.
            let title = t.title;
            if !title && t.lower.chars().any(char::is_alphabetic) {
                if let Some(key) = stems[i] {
                    word_keys.push(key);
                }
            }
        }
        i += 1;
    }
    flush_run(&mut run, tokens.len(), &mut spans);
    terms.speakers = speakers(&tokens, &spans, lang).into();
    terms.modifiers = modifiers(&tokens, &spans).into();
    terms.addresses = states_of_address(&tokens, &spans).into();
    terms.entities = spans.into_iter().map(|(_, _, e)| e).collect();
    terms.keys = TermKeys::of(&terms, distinct(word_keys), plain);
    // Held by a story for as long as it lives: no room to grow.
    terms.hint_words.shrink_to_fit();
    terms.figures.shrink_to_fit();
    terms
}

/// A capitalised German word this long standing alone is a compound noun
/// ("Sicherheitsgarantien", "Waffenstillstand"): names this long are rare, and mostly
/// written with a hyphen or with a first name before them.
const GERMAN_COMPOUND_CHARS: usize = 15;

/// For each token, whether it is a capitalised common noun in a language that
/// capitalises every noun (see [`Lexicon::capitalises_nouns`]); empty elsewhere. A German
/// capitalised word is a noun where a noun phrase opens before it: after a determiner or a
/// number, with any adjectives between ("die europäischen Verbündeten", "zwei Wochen"), or
/// after an adjective opening the sentence ("Amerikanische Bodentruppen"); or when it
/// stands alone with an ending no name has ("Unterstützung") or as a long compound. A
/// capitalised adjective of the kinds names use opens a name ("im Weißen Haus", "die
/// Vereinigten Staaten"), and the word after it is part of that name. A noun opening a
/// sentence is still read by the name hints, as in any language: one the text
/// capitalises inside a sentence too ("Bodentruppen") is taken for a name there, unless
/// its ending or length says otherwise.
fn common_nouns(tokens: &[Token], lang: &Language) -> Vec<bool> {
    if !lang.lexicon.capitalises_nouns() {
        return Vec::new();
    }
    let capital = |t: &Token| t.capitalised && !t.all_caps;
    let opens_noun_phrase = |t: &Token| {
        lang.lexicon.is_determiner(&t.lower)
            || t.lower.starts_with(|c: char| c.is_ascii_digit())
            || lang.lexicon.number_word(&t.lower).is_some()
            || lang.lexicon.scale_word(&t.lower).is_some()
    };
    let adjective = |t: &Token| lang.lexicon.is_adjective_shaped(&t.lower);
    let opens_name = |i: usize| {
        let t = &tokens[i];
        capital(t)
            && !t.initial
            && lang.lexicon.is_name_adjective(&t.lower)
            && tokens
                .get(i + 1)
                .is_some_and(|next| next.joined && capital(next))
    };
    (0..tokens.len())
        .map(|i| {
            let t = &tokens[i];
            if !capital(t) || opens_name(i) {
                return false;
            }
            // The word before is part of a name this one goes on.
            if i > 0 && t.joined && capital(&tokens[i - 1]) && !tokens[i - 1].initial {
                return false;
            }
            // Back over lower-case adjectives to what opens the phrase.
            let mut j = i;
            while j > 0 && i - j < 3 {
                let before = &tokens[j - 1];
                if before.capitalised || opens_noun_phrase(before) || !adjective(before) {
                    break;
                }
                j -= 1;
            }
            let determined = j > 0 && {
                let before = &tokens[j - 1];
                opens_noun_phrase(before)
                    || (j == i && j == 1 && capital(before) && adjective(before))
            };
            // A title before a name ("dem Sender Fox News") is a noun all the same; a word
            // standing alone is one if it ends as no name does, or is a long compound.
            let alone = !tokens
                .get(i + 1)
                .is_some_and(|next| next.joined && capital(next));
            determined
                || (alone
                    && (lang.lexicon.has_noun_suffix(&t.lower)
                        || t.lower.chars().count() >= GERMAN_COMPOUND_CHARS))
        })
        .collect()
}

fn flush_run(run: &mut Vec<String>, end: usize, spans: &mut Vec<(usize, usize, Entity)>) {
    if !run.is_empty() {
        spans.push((end - run.len(), end, Entity::Name(std::mem::take(run))));
    }
}

/// The states of US addresses ("in Harlingen, Texas", "the Santa Clara, Calif.-based
/// company"): each says where the place before it is, not a place of its own. In a list
/// ("Pennsylvania, Ohio, Indiana and Michigan") each state counts.
fn states_of_address(tokens: &[Token], spans: &[(usize, usize, Entity)]) -> BTreeSet<Entity> {
    let is_state = |(start, end, _): &(usize, usize, Entity)| {
        let name: Vec<&str> = tokens[*start..*end]
            .iter()
            .map(|t| t.lower.as_str())
            .collect();
        lexicon::is_us_state(&name.join(" "))
    };
    (0..spans.len())
        .filter(|&i| {
            let span = &spans[i];
            let next = tokens.get(span.1);
            let closes = next.is_none_or(|t| t.comma_before || t.hyphenated || !t.joined);
            // "Minnesota, New Jersey, Virginia, and Wisconsin" goes on: a list.
            let list_goes_on = next.is_some_and(|t| matches!(t.lower.as_str(), "and" | "or"))
                || spans.get(i + 1).is_some_and(|after| after.0 == span.1);
            i > 0
                && !list_goes_on
                && spans[i - 1].1 == span.0
                && tokens[span.0].comma_before
                && closes
                && is_state(span)
                && !is_state(&spans[i - 1])
        })
        .map(|i| spans[i].2.clone())
        .collect()
}

/// The entities that only say which thing the sentence means: a possessive ("Stewart's
/// company") or the first half of a compound ("the Arizona-based group"). A name before
/// a plain word is not one: "Sprint plans" is the subject and its verb.
fn modifiers(tokens: &[Token], spans: &[(usize, usize, Entity)]) -> BTreeSet<Entity> {
    spans
        .iter()
        .filter(|(_, end, _)| {
            let compound = tokens
                .get(*end)
                .is_some_and(|t| t.hyphenated && !t.capitalised);
            tokens[end - 1].possessive || compound
        })
        .map(|(_, _, e)| e.clone())
        .collect()
}

/// A phrase after "said" or "according to" this many words long or shorter can be the
/// speaker and a title ("said PeopleSoft President and CEO Craig Conway"); a longer one
/// is the statement.
const SPEAKER_PHRASE_WORDS: usize = 7;

/// A clause this many words long or shorter next to a speaker describes the speaker
/// ("said Neal Sonnett, a Miami lawyer who headed an ABA task force", "Rusty Wood,
/// chairman of the Lumber Coalition, said").
const SPEAKER_DESCRIPTION_WORDS: usize = 12;

/// The entities that attribute the sentence to someone: a name just before a reporting
/// verb ("Rumsfeld said", "a Pentagon spokesman said"), or the names of a short phrase
/// that closes a clause after one ("..., said Neal Sonnett, a Miami lawyer"), or after
/// "according to"; and the names of a short clause that describes the speaker.
/// "Fleischer said Bush wanted ..." makes Fleischer the speaker, not Bush.
fn speakers(
    tokens: &[Token],
    spans: &[(usize, usize, Entity)],
    lang: &Language,
) -> BTreeSet<Entity> {
    let is_verb = |i: usize| {
        tokens
            .get(i)
            .is_some_and(|t| lexicon::is_reporting_verb(&t.lower))
    };
    let according =
        |i: usize| i >= 2 && tokens[i - 2].lower == "according" && tokens[i - 1].lower == "to";
    let mut out = BTreeSet::new();
    // Where the first speaker named after a reporting verb ends.
    let mut described_from = None;
    for (start, end, entity) in spans {
        // "X said", "X has said", "X spokesman said".
        let mut next = *end;
        while tokens
            .get(next)
            .is_some_and(|t| t.joined && lexicon::is_speaker_filler(&t.lower))
        {
            next += 1;
        }
        let before_verb = tokens.get(next).is_some_and(|t| t.joined) && is_verb(next);
        // "said X" / "according to X": the phrase from the verb to the clause's end.
        let opens = (0..*start).rev().find(|&i| is_verb(i) || according(i + 1));
        let after_verb = opens.and_then(|open| {
            // `said: "..."` opens a statement, `said in Jordan` a place, and whoever is
            // `told` is the listener: none of them is the speaker.
            let first = &tokens[open + 1];
            let listener = matches!(tokens[open].lower.as_str(), "told" | "tells");
            if !first.joined
                || listener
                || (lang.is_stop_word(&first.lower)
                    && !matches!(first.lower.as_str(), "the" | "a" | "an"))
            {
                return None;
            }
            let phrase_end = (open + 1..tokens.len())
                .find(|&i| i > open + 1 && !tokens[i].joined)
                .unwrap_or(tokens.len());
            let last_word = (open + 1..phrase_end)
                .rev()
                .find(|&i| !lang.is_stop_word(&tokens[i].lower));
            let speaks = phrase_end - open - 1 <= SPEAKER_PHRASE_WORDS
                && *end <= phrase_end
                && (according(open + 1)
                    || last_word
                        .is_some_and(|w| spans.iter().any(|(s, e, _)| (*s..*e).contains(&w))));
            speaks.then_some(phrase_end)
        });
        if let Some(phrase_end) = after_verb {
            described_from = described_from.or(Some(phrase_end));
        }
        if before_verb || after_verb.is_some() {
            out.insert(entity.clone());
        }
    }
    // "Rusty Wood, chairman of the Coalition for Fair Lumber Imports, said ...": a name
    // set off by commas just before a reporting verb is the speaker, and the clause
    // between says who the speaker is.
    for verb in (1..tokens.len()).filter(|&v| is_verb(v) && tokens[v].comma_before) {
        let opens = (1..verb).rev().find(|&i| tokens[i].comma_before);
        let Some(opens) = opens.filter(|&c| verb - c <= SPEAKER_DESCRIPTION_WORDS) else {
            continue;
        };
        if spans.iter().any(|(_, end, _)| *end == opens) {
            out.extend(
                spans
                    .iter()
                    .filter(|(start, end, _)| *end == opens || (*start >= opens && *end <= verb))
                    .map(|(_, _, e)| e.clone()),
            );
        }
    }
    // "..., said Barbara Comstock, Justice Department spokeswoman.": what closes the
    // sentence after the speaker says who the speaker is.
    if let Some(from) = described_from {
        let rest = tokens.get(from..).unwrap_or_default();
        let describes = rest.first().is_some_and(|t| t.comma_before)
            && rest.len() <= SPEAKER_DESCRIPTION_WORDS
            && !rest.iter().any(|t| {
                lexicon::is_reporting_verb(&t.lower)
                    || matches!(t.lower.as_str(), "adding" | "saying")
            });
        if describes {
            out.extend(
                spans
                    .iter()
                    .filter(|(start, _, _)| *start >= from)
                    .map(|(_, _, e)| e.clone()),
            );
        }
    }
    out
}

/// A country or bloc named in one to three words, and how many words name it.
fn read_place(tokens: &[Token], lang: &Language) -> Option<(usize, Entity)> {
    for len in (1..=3.min(tokens.len())).rev() {
        let span = &tokens[..len];
        // A lower-case "us" is the pronoun; the country is written with capitals.
        if !span[0].capitalised {
            continue;
        }
        let name: Vec<&str> = span.iter().map(|t| t.lower.as_str()).collect();
        if let Some(place) = lexicon::gazetteer(&name.join(" ")) {
            return Some((len, Entity::Place(place.to_string())));
        }
    }
    let first = tokens.first()?;
    // Russian and Ukrainian decline their places, and they and the Romance languages
    // write the adjectives in lower case: "Соединенных Штатов", "Украины", "украинские",
    // "les alliés européens".
    if let [a, b, ..] = tokens {
        if a.capitalised && lang.lexicon.declined_united_states(&a.lower, &b.lower) {
            return Some((2, Entity::Place("united states".to_string())));
        }
    }
    if let Some(place) = lang.lexicon.inflected_place(&first.lower) {
        return Some((1, Entity::Place(place.to_string())));
    }
    // German writes a country's adjective in lower case, and inflects it: "die
    // europäischen Verbündeten", "Amerikanische Bodentruppen". Capitalised inside a
    // sentence, it opens a name ("die Europäische Zentralbank").
    if lang.lexicon.capitalises_nouns() && (!first.capitalised || first.initial) {
        let place = lang
            .lexicon
            .adjective_stems(&first.lower)
            .filter(|stem| stem.ends_with("isch"))
            .find_map(lexicon::gazetteer);
        if let Some(place) = place {
            return Some((1, Entity::Place(place.to_string())));
        }
    }
    None
}

/// `August 18`, `18 August`, either with its year (`November 11, 2011`, `11 Nov 2011`),
/// `November 2011`, `2011-11-11`, or a year on its own (see [`is_year`]). `before` is the
/// rest of the sentence before `tokens`.
fn read_date(
    before: &[Token],
    tokens: &[Token],
    lang: &Language,
    terms: &mut SentenceTerms,
) -> Option<usize> {
    let english = lang.is_english();
    // "11" or "11th"; in French "1er".
    let day = |t: &Token| {
        let digits = ["st", "nd", "rd", "th"]
            .iter()
            .find_map(|suffix| t.lower.strip_suffix(suffix))
            .or_else(|| {
                (lang.code == "fr")
                    .then(|| t.lower.strip_suffix("er"))
                    .flatten()
            })
            .unwrap_or(&t.lower);
        digits.parse::<u32>().ok().filter(|d| (1..=31).contains(d))
    };
    // "Sept." is September as news abbreviates it. In another language its own month
    // names are read too, in lower case where it writes them so, but only next to a day
    // (`dated`): "18 августа", "18 de agosto", never a bare "mai" or "march".
    let month = |t: &Token, dated: bool| {
        let name = if t.lower == "sept" { "sep" } else { &t.lower };
        let own = (!english)
            .then(|| lang.lexicon.month_word(&t.lower))
            .flatten()
            .filter(|_| t.capitalised || (dated && lang.lexicon.writes_months_lower_case()));
        own.or_else(|| t.capitalised.then(|| month_number(name)).flatten())
    };
    // The year a date goes on to name: the number right after it (`November 11, 2011`,
    // `November of 2011`, `agosto de 2025`), whatever it would mean on its own.
    let year_after = |rest: &[Token], terms: &mut SentenceTerms| -> usize {
        let (skip, t) = match rest {
            [of, t, ..] if of.lower == "of" || lang.lexicon.is_date_connector(&of.lower) => (1, t),
            [t, ..] => (0, t),
            [] => return 0,
        };
        match calendar_year(t) {
            Some(year) => {
                terms.dates.insert(year_date(year));
                skip + 1
            }
            None => 0,
        }
    };
    // "18 de agosto": a day, its connector, a month.
    if let [a, de, c, ..] = tokens {
        if lang.lexicon.is_date_connector(&de.lower) {
            if let Some((m, d)) = month(c, true).zip(day(a)) {
                terms.dates.insert(format!("{m:02}-{d:02}"));
                return Some(3 + year_after(&tokens[3..], terms));
            }
        }
    }
    if let [a, b, ..] = tokens {
        let month_day = month(a, true)
            .zip(day(b))
            .or_else(|| month(b, true).zip(day(a)));
        if let Some((m, d)) = month_day {
            terms.dates.insert(format!("{m:02}-{d:02}"));
            return Some(2 + year_after(&tokens[2..], terms));
        }
        if let Some(m) = month(a, false) {
            // "November 2011": a month with its year and no day.
            let used = year_after(&tokens[1..], terms);
            if used > 0 {
                terms.dates.insert(month_date(m));
                return Some(1 + used);
            }
        }
    }
    let first = tokens.first()?;
    // "in April", "last May", "the March downturn": a month alone. Not in a name
    // ("Theresa May", "April Ryan", "May Day", "May's cabinet"), nor a first word no
    // other word dates ("April told reporters"). English only: other languages' month
    // words are read next to a day.
    if english && !first.possessive {
        if let Some(m) = month(first, false) {
            let previous = before.last().filter(|_| first.joined);
            let dated = previous.is_some_and(|w| {
                TIME_PREPOSITIONS.contains(&w.lower.as_str())
                    || matches!(w.lower.as_str(), "last" | "next" | "this")
            });
            let after_name =
                previous.is_some_and(|w| w.capitalised && !lang.is_stop_word(&w.lower));
            let before_name = tokens.get(1).is_some_and(|t| t.joined && t.capitalised);
            if !before_name && (dated || !(after_name || first.initial)) {
                terms.dates.insert(month_date(m));
                return Some(1);
            }
        }
    }
    let year = calendar_year(first)?;
    // "2011-11-11": the ISO form, written without spaces, is month then day.
    if let [_, m, d, ..] = tokens {
        let month_then_day = m.lower.len() == 2
            && d.lower.len() == 2
            && first.hyphenated
            && m.hyphenated
            && d.hyphenated;
        let parsed = m.lower.parse::<u32>().ok().zip(d.lower.parse::<u32>().ok());
        if let Some((m, d)) = parsed
            .filter(|&(m, d)| month_then_day && (1..=12).contains(&m) && (1..=31).contains(&d))
        {
            terms.dates.insert(format!("{m:02}-{d:02}"));
            terms.dates.insert(year_date(year));
            return Some(3);
        }
    }
    is_year(before, tokens, lang).then(|| {
        terms.dates.insert(year_date(year));
        1
    })
}

/// The date of a year: `year 2025`.
fn year_date(year: u32) -> String {
    format!("year {year}")
}

/// The year a date of [`SentenceTerms::dates`] is, if it is one (see [`year_date`]).
pub(super) fn year_of_date(date: &str) -> Option<i32> {
    date.strip_prefix("year ")?.parse().ok()
}

/// The date of a month named without a day: `month 04`. A day of the month holds it (see
/// [`months_of`]).
fn month_date(month: u32) -> String {
    format!("month {month:02}")
}

/// The keys of the months a sentence's days fall in (`04-03` is in `month 04`): a story
/// that said "April 3" holds "in April".
fn months_of(dates: &SortedSet<String>) -> Vec<Key> {
    let months = dates.iter().filter_map(|d| {
        let (m, day) = d.split_once('-')?;
        let m: u32 = m.parse().ok().filter(|_| day.len() == 2)?;
        Some(Key::of(&month_date(m)))
    });
    distinct(months.collect())
}

/// A number written as a year could be: four digits from 1900 to 2100, no money or share.
fn calendar_year(t: &Token) -> Option<u32> {
    let year: u32 = t.lower.parse().ok()?;
    let plain = t.lower.len() == 4 && t.currency.is_none() && !t.percent;
    (plain && (1900..=2100).contains(&year)).then_some(year)
}

/// Words after a number that make it a time of day: `at 2045 GMT`, `1800 hours`.
const CLOCK_WORDS: &[&str] = &[
    "gmt", "utc", "bst", "cet", "cest", "eet", "msk", "ist", "hkt", "jst", "sgt", "aest", "est",
    "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "hours", "hrs", "local",
];

/// Words before a number that date something: `in 2011`, `since 2008`, `the end of 2007`.
const TIME_PREPOSITIONS: &[&str] = &[
    "in", "since", "by", "until", "till", "through", "from", "to", "between", "during", "before",
    "after", "of", "early", "late", "mid", "circa",
];

/// Words before a number that make the noun after it a thing of that year, not a count:
/// `the 2005 season`, `his 2000 campaign`, `the 1967 slayings`.
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "that", "his", "her", "its", "their", "our", "my", "your",
];

/// Whether a number that could be a year (`tokens[0]`, after `before`) is one. In news text
/// four digits from 1900 to 2100 are nearly always a year (counts of a thousand and more are
/// written `2,045`), so the number is taken for a year unless what is around it makes it
/// something else: a time of day (`at 2045 GMT`), a street number (`at 2016 Ontario
/// Street`), a rounded count (`more than 2000`), a count of things (`2045 people`).
fn is_year(before: &[Token], tokens: &[Token], lang: &Language) -> bool {
    let Some(first) = tokens.first() else {
        return false;
    };
    if calendar_year(first).is_none() {
        return false;
    }
    let next = tokens.get(1);
    let next_word = next.map(|t| t.lower.as_str());
    // "2045 GMT", "2000 dollars", "2000 million": a time of day or a quantity.
    if next_word.is_some_and(|w| {
        CLOCK_WORDS.contains(&w)
            || lang.lexicon.unit_word(w).is_some()
            || lang.lexicon.scale_word(w).is_some()
    }) {
        return false;
    }
    // "more than 2000", "nearly 2000": a figure rounded above or below counts something;
    // "about" and "around" are said of years too ("around 2005").
    let hedged = hedge(before, lang).filter(|side| *side != Ordering::Equal);
    if hedged.is_some() {
        return false;
    }
    // "at 2045", "at about 2045", "at 2016 Ontario Street": a time or a street number.
    // With a common noun after it ("at 2000 feet"), the noun decides, below.
    let at = match before {
        [.., at, h] if Lexicon::english().hedge(&h.lower).is_some() => at.lower == "at",
        [.., at] => at.lower == "at",
        [] => false,
    };
    let noun_after = next.is_some_and(|t| {
        !t.capitalised && !lang.is_stop_word(&t.lower) && t.lower.chars().all(char::is_alphabetic)
    });
    if at && !noun_after {
        return false;
    }
    let previous = before.last().map(|t| t.lower.as_str());
    if previous.is_some_and(|w| TIME_PREPOSITIONS.contains(&w)) {
        return true;
    }
    // "2045 people", "2000 troops": a bare number right before a plural noun counts it,
    // unless a determiner makes the number the noun's year ("the 1967 slayings").
    let counts_plural = noun_after
        && next.is_some_and(|t| {
            matches!(t.lower.as_str(), "people" | "men" | "women" | "children")
                || (t.lower.ends_with('s') && !t.lower.ends_with("ss"))
        });
    let determined = previous.is_some_and(|w| DETERMINERS.contains(&w))
        || before.last().is_some_and(|t| t.possessive);
    !counts_plural || determined
}

/// Whether the words before a number say it is rounded ("about 300", "more than
/// 2,000"), and on which side of it the figure lies.
fn hedge(before: &[Token], lang: &Language) -> Option<Ordering> {
    let hedge = |words: &str| lang.lexicon.hedge(words);
    match before {
        [.., a, b] => hedge(&format!("{} {}", a.lower, b.lower)).or_else(|| hedge(&b.lower)),
        [b] => hedge(&b.lower),
        [] => None,
    }
}

/// A number in digits or words, with a scale (`billion`) and unit (`%`, `$`, `percent`),
/// and how many tokens it takes.
fn read_number(
    before: Option<&Token>,
    tokens: &[Token],
    lang: &Language,
) -> Option<(usize, String)> {
    let first = tokens.first()?;
    let vague = |t: &Token| lang.lexicon.vague_quantity(&t.lower);
    // "several hundred", "a few thousand": the quantity "hundreds of" and "thousands of"
    // name.
    if matches!(first.lower.as_str(), "several" | "few") {
        let plural = tokens
            .get(1)
            .and_then(|t| lang.lexicon.vague_quantity(&format!("{}s", t.lower)));
        if let Some(quantity) = plural {
            return Some((2, quantity.to_string()));
        }
    }
    if let Some(quantity) = vague(first) {
        // "tens of thousands", "des dizaines de milliers", "десятки тысяч": the larger
        // order of magnitude names the quantity. English, and languages read with its
        // lists, say "of"; the others their own word or none (a genitive).
        let own_lists = lang.lexicon.reads_own_lists();
        let connector = |t: &Token| {
            if own_lists {
                lang.lexicon.is_unit_connector(&t.lower)
            } else {
                t.lower == "of"
            }
        };
        let larger = match &tokens[1..] {
            [of, t, ..] if connector(of) => vague(t).map(|q| (3, q)),
            [t, ..] if own_lists => vague(t).map(|q| (2, q)),
            _ => None,
        };
        let (used, quantity) = larger.unwrap_or((1, quantity));
        return Some((used, quantity.to_string()));
    }
    let ordinal = lang
        .lexicon
        .ordinal_word(&first.lower)
        .filter(|&n| reads_as_ordinal(first, tokens.get(1), n, lang));
    if let Some(n) = ordinal {
        // An ordinal is only a fact together with what it counts: "third line" is not
        // "third country". Without a noun it still counts after an article ("in the
        // sixth", "wounding a third"); otherwise it is an adverb ("first of all", "when
        // they first made them"), unless the language has no articles to tell.
        let noun = tokens[1..]
            .iter()
            .take(3)
            .find(|t| !lang.is_stop_word(&t.lower))
            .map(|t| lang.canonical_stem(&t.lower));
        let counted = lang
            .lexicon
            .is_article(before.map_or("", |t| t.lower.as_str()))
            .unwrap_or(true);
        return match noun {
            Some(noun) => Some((1, format!("#{n} {noun}"))),
            None if counted => Some((1, format!("#{n} "))),
            None => None,
        };
    }
    let mut value: f64;
    let mut used = 1;
    // "one per cent", "one million", "eine Million": "one" counts only before what it
    // counts (see [`Lexicon::is_one`]).
    let counts_one = || {
        let next = tokens.get(1).map(|t| t.lower.as_str());
        let after = tokens.get(2).map(|t| t.lower.as_str());
        next.is_some_and(|w| {
            lang.lexicon.scale_word(w).is_some()
                || lang.lexicon.unit_word(w).is_some()
                || after.is_some_and(|a| lang.lexicon.is_per_cent(w, a))
        })
    };
    if let Some(v) = digits(&first.lower, lang) {
        value = v;
    } else if lang.lexicon.is_one(&first.lower) && counts_one() {
        value = 1.0;
    } else {
        value = lang.lexicon.number_word(&first.lower)?;
        // "twenty five", "двадцать пять"
        if value >= 20.0 && value % 10.0 == 0.0 {
            if let Some(units) = tokens
                .get(1)
                .and_then(|t| lang.lexicon.number_word(&t.lower))
            {
                if units < 10.0 {
                    value += units;
                    used += 1;
                }
            }
        }
    }
    let mut unit = first.currency;
    if tokens[used - 1].percent {
        unit = Some("percent");
    }
    let scale_at = |i: usize| {
        tokens
            .get(i)
            .and_then(|t| lang.lexicon.scale_word(&t.lower))
    };
    if let Some(scale) = scale_at(used) {
        value *= scale;
        used += 1;
        // "mil millones": a thousand millions. English keeps its one scale word.
        if !lang.is_english() {
            if let Some(scale) = scale_at(used).filter(|s| scale < *s) {
                value *= scale;
                used += 1;
            }
        }
    }
    if unit.is_none() {
        let next = tokens.get(used).map(|t| t.lower.as_str());
        let after = tokens.get(used + 1).map(|t| t.lower.as_str());
        if next
            .zip(after)
            .is_some_and(|(a, b)| lang.lexicon.is_per_cent(a, b))
        {
            unit = Some("percent");
            used += 2;
        } else if let Some(u) = next.and_then(|w| lang.lexicon.unit_word(w)) {
            unit = Some(u);
            used += 1;
        } else if let Some(u) = after
            .filter(|_| next.is_some_and(|w| lang.lexicon.is_unit_connector(w)))
            .and_then(|w| lang.lexicon.unit_word(w))
        {
            // "10 milliards de dollars", "mil millones de dólares".
            unit = Some(u);
            used += 2;
        }
    }
    let number = match unit {
        Some(u) => format!("{value} {u}"),
        None => format!("{value}"),
    };
    Some((used, number))
}

/// Whether an ordinal word `first` (of value `n`), followed by `next`, counts something:
/// not "le Premier ministre" (the prime minister), nor an Italian or Portuguese word that
/// is as often "according to", "before" or a weekday unless a lower-case noun follows
/// ("secondo turno", but "secondo il governo", "segundo Lula", "sexta-feira").
fn reads_as_ordinal(first: &Token, next: Option<&Token>, n: u32, lang: &Language) -> bool {
    if n == 1 && next.is_some_and(|t| lang.lexicon.is_title_after_first(&t.lower)) {
        return false;
    }
    if !lang.lexicon.is_ordinal_doubling_as_other_word(&first.lower) {
        return true;
    }
    let noun = next.filter(|t| {
        t.lower.chars().all(char::is_alphabetic)
            && !lang.is_stop_word(&t.lower)
            && (!t.capitalised || (first.capitalised && !first.initial))
    });
    !first.hyphenated && noun.is_some()
}

/// A number written in digits: "2,045" in English; where the language writes a decimal
/// comma, "1,5" is one and a half and "1.000" a thousand. A comma before three digits is
/// read as in English ("1,500"), which most news in those languages also writes.
fn digits(word: &str, lang: &Language) -> Option<f64> {
    // Not "nan", "inf" or "infinity", which Rust would read as numbers.
    if !word.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let comma_decimal = lang.lexicon.reads_own_lists();
    if comma_decimal {
        if let Some((whole, fraction)) = word.split_once(',') {
            let is_digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
            if is_digits(whole) && is_digits(fraction) && fraction.len() != 3 {
                return format!("{whole}.{fraction}").parse().ok();
            }
        }
        let mut groups = word.split('.');
        let head = groups.next().unwrap_or_default();
        let rest: Vec<&str> = groups.collect();
        let grouped = !rest.is_empty()
            && (1..=3).contains(&head.len())
            && head.chars().all(|c| c.is_ascii_digit())
            && rest
                .iter()
                .all(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit()));
        if grouped {
            return word.replace('.', "").parse().ok();
        }
    }
    if word.contains(',') {
        word.replace(',', "").parse().ok()
    } else {
        word.parse().ok()
    }
}

/// Whether a token is a plain word: every word but stop words and negations.
fn is_plain(t: &Token, lang: &Language) -> bool {
    !lang.is_stop_word(&t.lower) && !t.lower.ends_with("n't")
}

/// Every non-stop word, names included, stemmed with synonyms folded.
fn plain_words(tokens: &[Token], lang: &Language) -> BTreeSet<String> {
    tokens
        .iter()
        .filter(|t| is_plain(t, lang))
        .map(|t| lang.canonical_stem(&t.lower))
        .collect()
}

/// Each key once.
fn distinct(mut keys: Vec<Key>) -> Vec<Key> {
    keys.sort_unstable_by_key(|k| k.0);
    keys.dedup();
    keys
}

/// The content words of each quotation of at least [`QUOTE_MIN_WORDS`] words.
fn quotations(sentence: &str, lang: &Language) -> Vec<BTreeSet<String>> {
    let mut quotes = Vec::new();
    let mut rest = sentence;
    while let Some(open) = rest.find(['“', '"', '«']) {
        let after_open = &rest[open + rest[open..].chars().next().map_or(1, char::len_utf8)..];
        let Some(close) = after_open.find(['”', '"', '»']) else {
            break;
        };
        let quoted = &after_open[..close];
        if quoted.unicode_words().count() >= QUOTE_MIN_WORDS {
            quotes.push(plain_words(&tokens(quoted, lang), lang));
        }
        rest = &after_open[close..];
        rest = &rest[rest.chars().next().map_or(0, char::len_utf8)..];
    }
    quotes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reading_keeps_no_room_to_grow() {
        // A story keeps the reading of every sentence it holds for as long as it lives:
        // 600,000 of them for 2,000 live stories in matcher_bench.
        let s = "Kaloma said 40 people were hurt in Izmir on Friday, about 300 fled.";
        // As held: the reading itself, not a copy of it.
        let t = analyse(
            s,
            &NameHints::from_sentences([s]),
            crate::matcher::language::english(),
        );
        assert!(!t.hint_words.is_empty() && !t.figures.is_empty(), "{t:?}");
        assert_eq!(t.hint_words.capacity(), t.hint_words.len());
        assert_eq!(t.figures.capacity(), t.figures.len());
        // Empty sets and key lists cost their handle only (BTreeSet and Vec: 440 bytes).
        assert!(std::mem::size_of::<SentenceTerms>() <= 320);
        // Each word's key is kept once, among the words or the other plain words.
        assert!(t.keys.words.iter().all(|w| !t.keys.other_plain.contains(w)));
        assert!(t.keys.words.iter().all(|&w| t.holds_plain(w)));
    }

    fn terms(s: &str) -> SentenceTerms {
        Arc::unwrap_or_clone(analyse(
            s,
            &NameHints::from_sentences([s]),
            crate::matcher::language::english(),
        ))
    }

    #[test]
    fn name_hints_are_the_capitalised_words_tokens_reads_inside_a_sentence() {
        // The hint scan is a cut-down `tokens`: on every sentence of the seed corpus and
        // on the hard cases below, it must find what `tokens` marks.
        let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let mut sentences: Vec<String> = vec![
            "Mr. Tauzin met Dr. Smith. Then Ms. Lee said: “Yes, Paris” (Reuters).".into(),
            "L'OTAN et l’Europe: d'accord, dit M. Macron à Kyiv.".into(),
            "The U.S. and N.A.T.O. allies, 10 000 Troops, NATO's 3.5 Billion … Done? Yes!".into(),
            "«Мы не отступим», — сказал Зеленский в Киеве 18 августа.".into(),
            "“He said ‘No’ to Washington,” Trump's aide told CNN's Jake Tapper.".into(),
        ];
        for entry in std::fs::read_dir(&seeds).expect("the seed corpus is in seeds/") {
            let text =
                std::fs::read_to_string(entry.expect("a seed file").path()).unwrap_or_default();
            for line in text.lines() {
                sentences.extend(super::super::sentences::split_sentences(line));
            }
        }
        assert!(sentences.len() > 60, "the seeds give sentences to compare");
        for sentence in &sentences {
            let expected: Vec<String> = tokens(sentence, crate::matcher::language::english())
                .into_iter()
                .filter(|t| !t.initial && t.capitalised)
                .map(|t| t.lower)
                .collect();
            assert_eq!(capitalised_inside(sentence), expected, "in {sentence:?}");
        }
    }

    #[test]
    fn the_speaker_is_told_from_who_the_statement_is_about() {
        let t = terms("On Tuesday, Ari Fleischer said Bush wanted to see the landing, aides said.");
        let names = |set: &SortedSet<Entity>| set.iter().map(Entity::label).collect::<Vec<_>>();
        assert_eq!(names(&t.speakers), ["ari fleischer"]);
        let t = terms("The dam held, said Interior Minister Ali Yerlikaya.");
        assert_eq!(names(&t.speakers), ["interior minister ali yerlikaya"]);
        let t = terms("The dam held, according to AFAD.");
        assert_eq!(names(&t.speakers), ["AFAD"]);
        let t = terms("It is legal, said Barbara Comstock, a Justice Department spokeswoman.");
        assert_eq!(
            names(&t.speakers),
            ["barbara comstock", "justice department"]
        );
        let t = terms("The ruling stands, Rusty Wood, chairman of the Lumber Coalition, said.");
        assert_eq!(names(&t.speakers), ["lumber coalition", "rusty wood"]);
        let t = terms("It is legal, said Barbara Comstock, adding that Iran was warned.");
        assert_eq!(names(&t.speakers), ["barbara comstock"]);
        assert!(terms("Powell spoke to a news conference in Jordan.")
            .speakers
            .is_empty());
    }

    #[test]
    fn decimals_details_and_rounded_figures_are_read() {
        assert_eq!(
            terms("Trade reached $33.4 billion.").numbers,
            terms("Trade reached 33.4 bn dollars.").numbers
        );
        assert_ne!(terms("It rose 0.3%.").numbers, terms("It rose 3%.").numbers);
        let t = terms("Robert Walsh, 40, and a 7-year-old boy were hurt.");
        assert_eq!(t.details.len(), 2, "{t:?}");
        assert!(terms("Police arrested 40 people.").details.is_empty());
        assert_eq!(terms("The two sides met.").details.len(), 1);
        assert!(terms("Two people died.").details.is_empty());
        let t = terms("The fire burned more than 2,000 acres.");
        assert_eq!(t.approximate.get("2000"), Some(&Ordering::Greater));
    }

    #[test]
    fn several_hundred_is_the_quantity_hundreds_name() {
        for (a, b) in [
            (
                "The fires threatened several hundred homes.",
                "The fires threatened hundreds of homes.",
            ),
            (
                "A few thousand people marched.",
                "Thousands of people marched.",
            ),
        ] {
            assert_eq!(terms(a).numbers, terms(b).numbers, "{a} / {b}");
            assert!(!terms(a).numbers.is_empty(), "{a}");
        }
        // "Several" alone counts nothing.
        assert!(terms("Several homes burned.").numbers.is_empty());
    }

    #[test]
    fn an_ordinal_counts_only_what_it_names_or_an_article_leaves_out() {
        let numbers = |s: &str| sorted(&terms(s).numbers).join(" | ");
        assert_eq!(numbers("It was the first film in the series."), "#1 film");
        // A noun left out after an article: the round, the coworker.
        assert_eq!(numbers("Thompson went down in the sixth."), "#6 ");
        assert_eq!(
            numbers("She killed two coworkers and wounded a third."),
            "#3  | 2"
        );
        // Adverbs count nothing.
        for s in [
            "First of all, these are made-up stories, Mr. Schwarzenegger said.",
            "He decided to visit the house first.",
            "The claims are as false as when the Democrats first made them.",
        ] {
            assert_eq!(numbers(s), "", "{s}");
        }
    }

    #[test]
    fn numbers_in_words_and_digits_agree() {
        assert_eq!(
            terms("About ten nations are ready.").numbers,
            terms("About 10 countries are ready.").numbers
        );
        let five = [
            "It rose 5%.",
            "It rose 5 percent.",
            "It rose five per cent.",
        ];
        for s in five {
            assert_eq!(
                terms(s).numbers.into_iter().collect::<Vec<_>>(),
                ["5 percent"],
                "{s}"
            );
        }
        assert_eq!(
            terms("Weapons worth $90 billion.").numbers,
            terms("Weapons worth 90 bn dollars.").numbers
        );
        // "One" counts before what it counts, and only there.
        let one = ["It rose one per cent.", "It rose 1 percent.", "It rose 1%."];
        for s in one {
            assert_eq!(sorted(&terms(s).numbers), ["1 percent"], "{s}");
        }
        assert_eq!(
            terms("A fund of one million dollars.").numbers,
            terms("A fund of $1 million.").numbers
        );
        assert!(terms("One of the soldiers said a man was hurt.")
            .numbers
            .is_empty());
        assert_eq!(
            sorted(&terms_in("Un fondo de un millón de dólares.", "es").numbers),
            ["1000000 usd"]
        );
        assert!(terms_in("Un soldado dijo que un hombre murió.", "es")
            .numbers
            .is_empty());
    }

    #[test]
    fn dates_are_read_in_both_orders() {
        assert_eq!(
            terms("Trump spoke on August 18 in Washington.").dates,
            terms("Trump spoke on 18 August.").dates
        );
        assert_eq!(
            terms("It began on September 11th.").dates,
            terms("It began on September 11.").dates
        );
    }

    /// The entities a sentence names, as a reader would write them.
    fn names(s: &str) -> Vec<String> {
        terms(s).entities.into_iter().map(|e| e.label()).collect()
    }

    #[test]
    fn job_title_acronyms_are_words_not_actors() {
        assert_eq!(
            names("Shares fell after Google CEO Sundar Pichai spoke."),
            ["google", "sundar pichai"]
        );
        assert!(names("The company's CFO resigned on the spot.").is_empty());
        let t = terms("The company's CEO resigned on the spot.");
        assert!(t.holds_word(Key::of(
            &crate::matcher::language::english().canonical_stem("ceo")
        )));
        // Other acronyms are still actors.
        assert_eq!(names("Officials at the FBI said no."), ["FBI"]);
    }

    #[test]
    fn abbreviated_titles_are_no_names_and_end_no_sentence() {
        for (s, name) in [
            ("Yesterday Sen. John McCain said no.", "john mccain"),
            (
                "The panel head, former Rep. Tillie Fowler, said no.",
                "tillie fowler",
            ),
            (
                "Officials said Gen. David Petraeus would go.",
                "david petraeus",
            ),
            ("Officials said Lt. Col. Ann Reyes would go.", "ann reyes"),
        ] {
            assert_eq!(names(s), [name], "{s}");
            // The name after the title is no sentence's first word: it hints a name.
            let hints = capitalised_inside(s);
            let first = name.split(' ').next().unwrap_or_default();
            assert!(hints.iter().any(|h| h == first), "{s}: {hints:?}");
        }
        // Without its full stop, it is a name.
        assert_eq!(names("Economist Amartya Sen said no."), ["amartya sen"]);
    }

    #[test]
    fn new_opens_the_names_it_begins() {
        assert_eq!(
            names("Police in New York said the suspect fled."),
            ["new york"]
        );
        assert_eq!(
            names("Trading on the New York Stock Exchange was halted."),
            ["new york stock exchange"]
        );
        assert_eq!(names("Talks in New Jersey ended."), ["new jersey"]);
        // Nor does a country's name after it stand for the country.
        assert_eq!(names("Police in New Mexico said."), ["new mexico"]);
        // Alone, it names no one; nor do the compass words.
        assert!(names("Officials said the New rules apply.").is_empty());
        let western = names("A plan was outlined for the Western Country.");
        assert!(
            !western.iter().any(|n| n.contains("western")),
            "{western:?}"
        );
    }

    #[test]
    fn a_month_named_alone_is_a_date_its_days_hold() {
        let dates = |s: &str| terms(s).dates.into_iter().collect::<Vec<_>>();
        assert_eq!(dates("The strike began in April."), ["month 04"]);
        assert_eq!(
            dates("Prices have risen since March, officials said."),
            ["month 03"]
        );
        assert_eq!(dates("He was elected last May."), ["month 05"]);
        assert_eq!(dates("Early November, the navy caught them."), ["month 11"]);
        assert_eq!(
            dates("It closed in November 2011."),
            ["month 11", "year 2011"]
        );
        assert_eq!(
            dates("The March downturn was the only break."),
            ["month 03"]
        );
        assert_eq!(
            dates("The Dow fell between May and October."),
            ["month 05", "month 10"]
        );
        // A month in a name is a name, and a first word no other word dates may be one.
        for s in [
            "Theresa May said the talks would go on.",
            "Prime Minister May said the talks would go on.",
            "April Ryan asked the first question.",
            "Workers marched on May Day.",
            "It was in May's cabinet.",
            "April told reporters she would stay.",
        ] {
            assert!(dates(s).is_empty(), "{s}: {:?}", dates(s));
        }
        // A day holds its month, in a story and in one sentence.
        let day = terms("The strike began on April 3.");
        let month = terms("The strike began in April.");
        let key = Key::of("month 04");
        assert!(day.holds_date(key));
        let mut story = Knowledge::default();
        story.add(&day);
        assert!(story.holds_date(key));
        assert!(!month.holds_date(Key::of("04-03")));
    }

    /// The years a sentence names.
    fn years(s: &str) -> Vec<String> {
        terms(s)
            .dates
            .into_iter()
            .filter_map(|d| d.strip_prefix("year ").map(str::to_string))
            .collect()
    }

    #[test]
    fn dates_with_their_year_are_read_in_the_forms_news_uses() {
        let forms = [
            "Fri, 11 Nov 2011 at 09:56 IST the ship sailed.",
            "Published on Friday, November 11, 2011.",
            "It sailed on 11 Nov 2011.",
            "It sailed on Nov. 11, 2011.",
            "It sailed on November 11th, 2011, at dawn.",
            "PUBLISHED: FRIDAY, NOVEMBER 11, 2011, 12:38 AM",
            "It sailed on 2011-11-11.",
        ];
        for s in forms {
            let t = terms(s);
            assert!(t.dates.contains("11-11"), "{s}: {:?}", t.dates);
            assert!(t.dates.contains("year 2011"), "{s}: {:?}", t.dates);
        }
        assert_eq!(years("It sailed on 11/11/2011."), ["2011"]);
        assert_eq!(years("The rule was passed in November 2008."), ["2008"]);
        assert_eq!(years("It opens in November of 2013."), ["2013"]);
        // The year of a date is its year even where a bare number would be a count.
        assert_eq!(
            years("Fires broke out on November 11 2011 homes burned."),
            ["2011"]
        );
        // "2009-10": the season's years, not a month and a day.
        assert!(!terms("The 2009-10 season ended.").dates.contains("10-01"));
    }

    #[test]
    fn a_year_is_read_where_the_context_dates_something() {
        for (s, year) in [
            ("In 2008, Klitschko stopped Thompson.", "2008"),
            ("Riots have not been this bad since 1991.", "1991"),
            ("By the end of 2007 the mine had failed.", "2007"),
            ("He was convicted of the 2005 murder of a judge.", "2005"),
            ("She was hit by a 2013 Toyota Camry.", "2013"),
            ("He was charged in the 1967 slayings of two women.", "1967"),
            ("She won it in 2006.", "2006"),
            ("He hosted the 2012 Oscars.", "2012"),
            ("In 2000 elections were held.", "2000"),
            ("She posed for photos around 1950.", "1950"),
            ("It was named 2008's best film.", "2008"),
        ] {
            assert_eq!(years(s), [year], "{s}");
        }
        assert_eq!(
            years("Between 1998 and 2002 the agency agreed."),
            ["1998", "2002"]
        );
    }

    #[test]
    fn a_number_that_only_looks_like_a_year_is_not_one() {
        for s in [
            "The fire broke out at about 2045 GMT.",
            "The fire broke out at 2045 on Friday.",
            "It broke out at 1852 HKT.",
            "He was at home at 2016 Ontario Street.",
            "Some 2045 people were evacuated.",
            "Police said 2000 troops were sent.",
            "More than 2000 were evacuated.",
            "Nearly 1950 homes were hit.",
            "It cost $2011.",
            "It cost 2000 dollars.",
            "Turnout was 2011% of the roll.",
            "They counted 2,045 votes.",
        ] {
            assert!(years(s).is_empty(), "{s}: {:?}", terms(s).dates);
        }
        // Not a year, still a number of the story.
        assert!(terms("Some 2045 people were evacuated.")
            .numbers
            .contains("2045"));
    }

    #[test]
    fn words_that_rust_would_parse_as_numbers_are_words() {
        let t = terms("My nan said infinity is not inf.");
        assert!(t.numbers.is_empty(), "{:?}", t.numbers);
        assert!(t.holds_word(Key::of("nan")));
    }

    #[test]
    fn an_acronym_matches_the_name_it_abbreviates() {
        let mut held = Knowledge::default();
        held.add(&terms(
            "Asked for comment by the FT, the Pentagon declined.",
        ));
        let rewrite = terms("It was reported by the Financial Times on Tuesday.");
        assert!(
            rewrite.entities.iter().all(|e| held.holds_entity(e)),
            "{:?}",
            rewrite.entities
        );
    }

    #[test]
    fn countries_match_their_capitals_and_demonyms() {
        let mut held = Knowledge::default();
        held.add(&terms(
            "Moscow rejected the idea of British troops in Ukraine.",
        ));
        let later = terms("The Kremlin said UK soldiers would not enter Kyiv.");
        assert!(
            later.entities.iter().all(|e| held.holds_entity(e)),
            "{:?}",
            later.entities
        );
    }

    #[test]
    fn a_new_person_is_a_new_entity() {
        let mut held = Knowledge::default();
        held.add(&terms("President Donald Trump spoke to reporters."));
        let later = terms("Defense Secretary Pete Hegseth is skeptical, Trump said.");
        let unknown: Vec<_> = later
            .entities
            .iter()
            .filter(|e| !held.holds_entity(e))
            .collect();
        assert_eq!(unknown.len(), 1, "{unknown:?}");
    }

    fn terms_in(s: &str, code: &str) -> SentenceTerms {
        Arc::unwrap_or_clone(analyse(
            s,
            &NameHints::from_sentences([s]),
            crate::matcher::language::by_code(code),
        ))
    }

    #[test]
    fn places_are_read_in_the_forms_each_language_writes_them() {
        let places = |s: &str, code: &str| {
            let mut labels: Vec<String> = terms_in(s, code)
                .entities
                .iter()
                .filter(|e| matches!(e, Entity::Place(_)))
                .map(Entity::label)
                .collect();
            labels.sort();
            labels
        };
        for (code, s) in [
            ("fr", "Les États-Unis soutiendront les alliés européens, a déclaré le président."),
            ("es", "Los aliados europeos recibirán apoyo de los Estados Unidos, dijo el presidente."),
            ("it", "Gli alleati europei avranno il sostegno degli Stati Uniti, ha detto il presidente."),
            ("ru", "Европейские союзники получат поддержку Соединенных Штатов, заявил президент."),
            ("uk", "Європейські союзники отримають підтримку Сполучених Штатів, заявив президент."),
            ("de", "Die europäischen Verbündeten erhalten Unterstützung der Vereinigten Staaten."),
        ] {
            assert_eq!(places(s, code), ["europe", "united states"], "{code}: {s}");
        }
    }

    #[test]
    fn german_nouns_are_words_and_its_names_and_places_are_read() {
        let entities = |s: &str| {
            let mut labels: Vec<String> = terms_in(s, "de")
                .entities
                .iter()
                .map(Entity::label)
                .collect();
            labels.sort();
            labels
        };
        // Nouns after a determiner, with adjectives between, or ending as no name does,
        // or long compounds: words. Names: runs of capitals, and a capitalised adjective
        // with its noun. Places: the German names of countries, and their adjectives in
        // lower case.
        assert_eq!(
            entities("Das sagte Präsident Donald Trump am Montag nach einem Treffen mit Wolodymyr Selenskyj im Weißen Haus."),
            ["donald trump", "weißen haus", "wolodymyr selenskyj"]
        );
        assert_eq!(
            entities("Die Vereinigten Staaten wollen sich an Sicherheitsgarantien für die Ukraine beteiligen."),
            ["ukraine", "united states"]
        );
        assert_eq!(
            entities("Zuvor hatten die europäischen Verbündeten die Hauptlast der Unterstützung getragen."),
            ["europe"]
        );
        assert_eq!(
            entities(
                "Bodentruppen werde es nicht geben, sagte Trump dem Sender Fox News in Russland."
            ),
            ["fox news", "russia", "trump"]
        );
        assert_eq!(
            entities("Am Dienstag senkte die Europäische Zentralbank in Frankfurt die Zinsen um zwei Punkte."),
            ["europäische zentralbank", "frankfurt"]
        );
        // English keeps reading capitals as names.
        assert_eq!(
            terms_in("The meeting at the White House was brief.", "en")
                .entities
                .iter()
                .map(Entity::label)
                .collect::<Vec<_>>(),
            ["white house"]
        );
    }

    fn sorted(set: &SortedSet<String>) -> Vec<&str> {
        set.iter().map(String::as_str).collect()
    }

    #[test]
    fn number_words_read_as_their_digits_in_each_language() {
        for (code, words, digits) in [
            ("ru", "Погибли пять человек.", "Погибли 5 человек."),
            (
                "ru",
                "Министры двенадцати стран встретились.",
                "Министры 12 стран встретились.",
            ),
            ("ru", "Было двадцать пять раненых.", "Было 25 раненых."),
            ("uk", "Загинули п'ять людей.", "Загинули 5 людей."),
            ("uk", "Загинули пʼять людей.", "Загинули 5 людей."),
            ("de", "Fünf Menschen starben.", "5 Menschen starben."),
            (
                "fr",
                "Cinq personnes sont mortes.",
                "5 personnes sont mortes.",
            ),
            ("es", "Murieron cinco personas.", "Murieron 5 personas."),
            ("it", "Sono morte cinque persone.", "Sono morte 5 persone."),
            ("pl", "Zginęło pięć osób.", "Zginęło 5 osób."),
            ("pt", "Morreram cinco pessoas.", "Morreram 5 pessoas."),
        ] {
            let (w, d) = (terms_in(words, code), terms_in(digits, code));
            assert!(!w.numbers.is_empty(), "{code}: {words}");
            assert_eq!(w.numbers, d.numbers, "{code}: {words}");
        }
        // Each language its own words: "ten" is no number in Spanish ("ten cuidado").
        assert!(terms_in("Ten cuidado.", "es").numbers.is_empty());
        // "One" is an article or pronoun as often as a count, as in English.
        assert!(terms_in("Ein Mann kam.", "de").numbers.is_empty());
    }

    #[test]
    fn scaled_amounts_read_as_the_english_figure() {
        let english = terms("Weapons worth $10 billion were sold.").numbers;
        assert_eq!(sorted(&english), ["10000000000 usd"]);
        for (code, s) in [
            ("ru", "Проданы вооружения на 10 млрд долларов."),
            ("ru", "Проданы вооружения на десять миллиардов долларов."),
            ("ru", "Проданы вооружения на $10 млрд."),
            ("uk", "Продано озброєння на 10 мільярдів доларів."),
            (
                "de",
                "Waffen im Wert von 10 Milliarden Dollar wurden verkauft.",
            ),
            ("de", "Waffen im Wert von 10 Mrd. Dollar wurden verkauft."),
            (
                "fr",
                "Des armes pour 10 milliards de dollars ont été vendues.",
            ),
            ("es", "Se vendieron armas por 10.000 millones de dólares."),
            ("es", "Se vendieron armas por 10 mil millones de dólares."),
            ("it", "Armi per 10 miliardi di dollari sono state vendute."),
            ("pl", "Sprzedano broń za 10 mld dolarów."),
            ("pt", "Foram vendidas armas de 10 bilhões de dólares."),
        ] {
            assert_eq!(terms_in(s, code).numbers, english, "{code}: {s}");
        }
        assert_eq!(
            sorted(&terms_in("Кредит составил 1,5 млрд евро.", "ru").numbers),
            ["1500000000 eur"]
        );
        assert_eq!(
            sorted(&terms_in("Der Kredit beträgt 1,5 Milliarden Euro.", "de").numbers),
            ["1500000000 eur"]
        );
        // A German "Billion" is a million millions.
        assert_eq!(
            sorted(&terms_in("Die Schulden betragen 2 Billionen Euro.", "de").numbers),
            ["2000000000000 eur"]
        );
        assert_eq!(
            sorted(&terms_in("Инфляция составила 5 процентов.", "ru").numbers),
            ["5 percent"]
        );
        assert_eq!(
            sorted(&terms_in("La inflación fue del 5 por ciento.", "es").numbers),
            ["5 percent"]
        );
    }

    #[test]
    fn dates_in_each_language_read_as_the_english_date() {
        let english = terms("They met on August 18 in Washington.").dates;
        assert_eq!(sorted(&english), ["08-18"]);
        for (code, s) in [
            ("ru", "Встреча прошла 18 августа в Вашингтоне."),
            ("uk", "Зустріч відбулася 18 серпня у Вашингтоні."),
            ("de", "Sie trafen sich am 18. August in Washington."),
            ("fr", "Ils se sont rencontrés le 18 août à Washington."),
            ("es", "Se reunieron el 18 de agosto en Washington."),
            ("it", "Si sono incontrati il 18 agosto a Washington."),
            ("pl", "Spotkali się 18 sierpnia w Waszyngtonie."),
            ("pt", "Eles se reuniram em 18 de agosto em Washington."),
        ] {
            assert_eq!(terms_in(s, code).dates, english, "{code}: {s}");
        }
        let t = terms_in("Se reunieron el 18 de agosto de 2025.", "es");
        assert_eq!(sorted(&t.dates), ["08-18", "year 2025"]);
        assert_eq!(
            sorted(&terms_in("Le traité est signé le 1er mai 2025.", "fr").dates),
            ["05-01", "year 2025"]
        );
        // A lower-case month name only next to a day: "mai" alone, "march" in German.
        assert!(terms_in("Il a dit en mai que tout allait bien.", "fr")
            .dates
            .is_empty());
        assert!(terms_in("Der Marsch begann am 18. august.", "de")
            .dates
            .is_empty());
    }

    #[test]
    fn thousands_written_with_spaces_read_as_one_number() {
        let english = terms("Some 10,000 people fled.").numbers;
        assert_eq!(sorted(&english), ["10000"]);
        for (code, s) in [
            ("fr", "Quelque 10 000 personnes ont fui."),
            ("fr", "Quelque 10\u{a0}000 personnes ont fui."),
            ("fr", "Quelque 10\u{202f}000 personnes ont fui."),
            ("ru", "Около 10 000 человек бежали."),
            ("ru", "Около 10\u{a0}000 человек бежали."),
            ("uk", "Близько 10 000 людей втекли."),
            ("pl", "Około 10 000 osób uciekło."),
            ("de", "Etwa 10 000 Menschen flohen."),
            ("en", "Some 10 000 people fled."),
        ] {
            assert_eq!(sorted(&terms_in(s, code).numbers), ["10000"], "{code}: {s}");
        }
        assert_eq!(
            sorted(&terms_in("Il y a 1 500 000 habitants.", "fr").numbers),
            ["1500000"]
        );
        assert_eq!(
            sorted(&terms_in("Il y a 1\u{202f}500\u{a0}000 habitants.", "fr").numbers),
            ["1500000"]
        );
        // A scale or a currency after the groups still reads.
        assert_eq!(
            sorted(&terms_in("Потери составили 1 500 млн рублей.", "ru").numbers),
            ["1500000000 rub"]
        );
        assert_eq!(
            terms_in("Le contrat vaut 2 500 dollars.", "fr").numbers,
            terms("The contract is worth $2,500.").numbers
        );
        // A grouped number is a count, not a year.
        assert!(terms_in("Il y a 2 011 morts.", "fr").dates.is_empty());
        // Not groups: a first group of four digits, words between, a comma between.
        assert_eq!(
            sorted(&terms("The strike in 2024 100 people joined.").numbers),
            ["100"]
        );
        assert_eq!(sorted(&terms("It takes 3 to 4 days.").numbers), ["3", "4"]);
        assert_eq!(
            sorted(&terms_in("Ils étaient 10, 000 selon eux.", "fr").numbers),
            ["0", "10"]
        );
        assert_eq!(
            sorted(&terms_in("Il a 12 ans et 100 amis.", "fr").numbers),
            ["100", "12"]
        );
    }

    #[test]
    fn elided_words_read_as_the_word_after_the_apostrophe() {
        let english = terms("Weapons worth $10 billion were sold.").numbers;
        for (code, s) in [
            ("fr", "Des armes pour 10 milliards d'euros ont été vendues."),
            ("fr", "Des armes pour 10 milliards d’euros ont été vendues."),
        ] {
            let numbers = terms_in(s, code).numbers;
            assert_eq!(sorted(&numbers), ["10000000000 eur"], "{code}: {s}");
            assert_eq!(numbers.len(), english.len());
        }
        let otan = |s: &str, code: &str| {
            terms_in(s, code)
                .entities
                .iter()
                .map(Entity::label)
                .collect::<Vec<_>>()
        };
        // "OTAN" is read, and is NATO.
        assert_eq!(otan("Le sommet de l'OTAN a eu lieu.", "fr"), ["nato"]);
        assert_eq!(otan("Il vertice dell'ONU si è chiuso.", "it"), ["ONU"]);
        assert_eq!(otan("La riunione dell'Unione europea.", "it"), ["europe"]);
        // A common noun after an article is a word, not a name.
        for (code, s, word) in [
            ("fr", "Il a vu l'homme qui courait.", "homme"),
            ("it", "Hanno visto l'aereo.", "aereo"),
        ] {
            let t = terms_in(s, code);
            assert!(t.entities.is_empty(), "{s}: {:?}", t.entities);
            let stem = crate::matcher::language::by_code(code).canonical_stem(word);
            assert!(t.holds_word(Key::of(&stem)), "{s}");
        }
        // "n'" still negates, with or without "pas".
        assert!(terms_in("Il n'a jamais signé.", "fr").negated);
        assert!(terms_in("Ce n'est pas signé.", "fr").negated);
        assert!(!terms_in("C'est signé.", "fr").negated);
        // "jusqu'à" hedges the number after it.
        let t = terms_in("Jusqu'à 300 personnes ont fui.", "fr");
        assert_eq!(t.approximate.get("300"), Some(&Ordering::Less));
        // English keeps the part before the apostrophe.
        let t = terms("The talks with NATO's leaders ended.");
        assert_eq!(
            t.entities.iter().map(Entity::label).collect::<Vec<_>>(),
            ["nato"]
        );
    }

    #[test]
    fn vague_quantities_and_ordinals_are_read_in_each_language() {
        let hundreds = terms("Hundreds of people fled.").numbers;
        assert_eq!(sorted(&hundreds), ["hundreds"]);
        for (code, s) in [
            ("ru", "Сотни людей бежали."),
            ("ru", "Бежали несколько сотен людей."),
            ("uk", "Сотні людей втекли."),
            ("de", "Hunderte Menschen flohen."),
            ("fr", "Des centaines de personnes ont fui."),
            ("es", "Cientos de personas huyeron."),
            ("es", "Centenares de personas huyeron."),
            ("it", "Centinaia di persone sono fuggite."),
            ("pl", "Setki ludzi uciekły."),
            ("pt", "Centenas de pessoas fugiram."),
        ] {
            assert_eq!(terms_in(s, code).numbers, hundreds, "{code}: {s}");
        }
        let thousands = terms("Tens of thousands of people fled.").numbers;
        assert_eq!(sorted(&thousands), ["thousands"]);
        for (code, s) in [
            ("ru", "Десятки тысяч людей бежали."),
            ("uk", "Десятки тисяч людей втекли."),
            ("de", "Zehntausende Menschen flohen."),
            ("fr", "Des dizaines de milliers de personnes ont fui."),
            ("es", "Decenas de miles de personas huyeron."),
            ("es", "Miles de personas huyeron."),
            ("it", "Decine di migliaia di persone sono fuggite."),
            ("pl", "Dziesiątki tysięcy ludzi uciekły."),
            ("pt", "Dezenas de milhares de pessoas fugiram."),
        ] {
            assert_eq!(terms_in(s, code).numbers, thousands, "{code}: {s}");
        }
        // After a number the same words are scales.
        assert_eq!(
            sorted(&terms_in("Es kostet 5 Millionen Euro.", "de").numbers),
            ["5000000 eur"]
        );
        assert_eq!(
            sorted(&terms_in("Llegaron 5 mil personas.", "es").numbers),
            ["5000"]
        );
        assert_eq!(
            sorted(&terms_in("Cela coûte 5 millions d'euros.", "fr").numbers),
            ["5000000 eur"]
        );
        assert_eq!(
            sorted(&terms_in("Погибли 5 тысяч человек.", "ru").numbers),
            ["5000"]
        );
        // Ordinals, in each gender, as "#n" with what they count.
        let ordinal = |s: &str, code: &str| {
            terms_in(s, code)
                .numbers
                .iter()
                .filter_map(|n| n.split_once(' ').map(|(n, _)| n.to_string()))
                .collect::<Vec<_>>()
        };
        assert_eq!(ordinal("The third round begins.", "en"), ["#3"]);
        for (code, s, n) in [
            ("ru", "Начался третий раунд переговоров.", "#3"),
            ("ru", "Это вторая попытка.", "#2"),
            ("ru", "Это первое заседание.", "#1"),
            ("uk", "Почався третій раунд переговорів.", "#3"),
            ("uk", "Це п'ята спроба.", "#5"),
            ("de", "Die dritte Runde beginnt.", "#3"),
            ("de", "Im zweiten Wahlgang siegte er.", "#2"),
            ("fr", "La troisième manche commence.", "#3"),
            ("fr", "La première réunion a eu lieu.", "#1"),
            ("es", "Empieza la tercera ronda.", "#3"),
            ("es", "Fue el primer encuentro.", "#1"),
            ("it", "Inizia il terzo turno.", "#3"),
            ("it", "Al secondo turno ha vinto.", "#2"),
            ("pl", "Zaczyna się trzecia runda.", "#3"),
            ("pt", "Começa a terceira rodada.", "#3"),
            ("pt", "Venceu o segundo turno.", "#2"),
        ] {
            assert_eq!(ordinal(s, code), [n], "{code}: {s}");
        }
        // Not ordinals: the prime minister, "according to", "before", a weekday.
        for (code, s) in [
            ("fr", "Le Premier ministre a parlé."),
            ("it", "Il primo ministro ha parlato."),
            ("it", "Secondo il governo tutto va bene."),
            ("it", "Secondo Reuters tutto va bene."),
            ("it", "Prima di partire ha parlato."),
            ("pt", "Segundo o ministro, tudo vai bem."),
            ("pt", "Ele falou na sexta-feira."),
        ] {
            assert!(ordinal(s, code).is_empty(), "{code}: {s}");
        }
    }

    #[test]
    fn a_denial_is_negated_in_each_language() {
        for (code, denial, statement) in [
            (
                "ru",
                "США не направят войска на Украину.",
                "США направят войска на Украину.",
            ),
            ("ru", "Войск нет.", "Войска есть."),
            (
                "uk",
                "США не надішлють війська в Україну.",
                "США надішлють війська в Україну.",
            ),
            (
                "de",
                "Die USA schicken keine Truppen.",
                "Die USA schicken Truppen.",
            ),
            (
                "de",
                "Die USA schicken die Truppen nicht.",
                "Die USA schicken die Truppen.",
            ),
            (
                "fr",
                "Les États-Unis n'enverront pas de troupes.",
                "Les États-Unis enverront des troupes.",
            ),
            ("fr", "Il ne viendra jamais.", "Il viendra."),
            (
                "es",
                "Estados Unidos no enviará tropas.",
                "Estados Unidos enviará tropas.",
            ),
            ("es", "Nunca enviará tropas.", "Enviará tropas."),
            (
                "it",
                "Gli Stati Uniti non invieranno truppe.",
                "Gli Stati Uniti invieranno truppe.",
            ),
            ("pl", "USA nie wyślą wojsk.", "USA wyślą wojska."),
            (
                "pt",
                "Os EUA não enviarão tropas.",
                "Os EUA enviarão tropas.",
            ),
        ] {
            assert!(terms_in(denial, code).negated, "{code}: {denial}");
            assert!(!terms_in(statement, code).negated, "{code}: {statement}");
        }
    }

    #[test]
    fn long_quotations_and_negation_are_noticed() {
        let t = terms("He said “we will not send troops to the front” on Monday.");
        assert_eq!(t.quotes.len(), 1);
        assert!(t.negated);
        assert!(terms("It is a “security plan” they said.")
            .quotes
            .is_empty());
        assert!(!terms("We will send troops.").negated);
    }
}
