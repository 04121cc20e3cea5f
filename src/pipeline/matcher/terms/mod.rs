//! What a sentence says, as comparable terms: content words (stemmed, synonyms folded),
//! named entities, numbers with their units, dates, long quotations, and whether the
//! sentence is negated.
//!
//! The reader asks about each word in the sentence's language through the lexicon that
//! language holds, `lang.lexicon` (its number, scale, unit, month and ordinal words, its
//! hedges and negations, in German its noun phrases; see `lexicon::Lexicon`), and the
//! lists English has for every language through `lexicon`'s free functions (honorifics,
//! reporting verbs, the gazetteer).
//!
//! The entry point is [`analyse`] (one sentence, remembered per thread); this file holds
//! the terms themselves, the reading that assembles them ([`read_sentence`]), and the
//! tests of the whole reading, every part's included. The parts it reads with: `tokens` (the words, and the name hints a text gives), `names`
//! (what is and is not a name, speakers, modifiers, addresses, countries), `figures`
//! (numbers, rounded figures, dates and years); and `knowledge`, what a story holds and
//! the questions asked of it.

use super::language::{self, Language};
use super::lexicon::{self, Lexicon};
use super::memo::{self, Memo};
use super::sentences;
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

mod figures;
mod knowledge;
mod names;
mod tokens;
pub(super) use figures::year_of_date;
pub use figures::Figure;
use figures::*;
pub(super) use knowledge::KeyParts;
pub use knowledge::{Holds, Knowledge, Measured, NumberFact, ATOM_WEIGHT, WORD_WEIGHT};
use names::*;
pub use tokens::NameHints;
use tokens::*;

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
    /// Written in a script without capitals (Arabic, Hebrew, Chinese): its names cannot be
    /// told from its other words, so whether it names something cannot be read.
    pub caseless: bool,
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
    /// or a quoted statement. A sentence without one carries no checkable fact. In a
    /// script without capitals the names are not read, so every sentence may name one.
    pub fn is_specific(&self) -> bool {
        self.caseless
            || !(self.entities.is_empty()
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

/// Whether most of a sentence's words are in a script without capitals (counted in
/// words, as Unicode segments them: a Chinese character is a word).
fn is_caseless(sentence: &str) -> bool {
    let (mut caseless, mut cased) = (0usize, 0usize);
    for word in sentence.unicode_words() {
        match word.chars().find(|c| c.is_alphabetic()) {
            Some(c) if sentences::is_caseless_letter(c) => caseless += 1,
            Some(_) => cased += 1,
            None => {}
        }
    }
    caseless > cased
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
        caseless: is_caseless(sentence),
        ..SentenceTerms::default()
    };
    // Each entity with the tokens it spans, to find the ones that only attribute.
    let mut spans: Vec<(usize, usize, Entity)> = Vec::new();
    let mut run: Vec<String> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        if !t.joined || t.phone {
            flush_run(&mut run, i, &mut spans);
        }
        if t.phone {
            i += 1;
            continue;
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
            && (!t.initial || t.all_caps || hints.contains(&t.lower));
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

/// Closes the run of capitalised words that ended before token `end`, if any: a name.
fn flush_run(run: &mut Vec<String>, end: usize, spans: &mut Vec<(usize, usize, Entity)>) {
    if !run.is_empty() {
        spans.push((end - run.len(), end, Entity::Name(std::mem::take(run))));
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
    fn a_telephone_number_is_no_figure() {
        for s in [
            "Anyone with information is asked to call county police at 412-473-1300.",
            "Call the sheriff's office at (412) 473-1300 or 412.473.1300 with tips.",
            "Tipsters can call +1 412-473-1300 or toll-free 1-877-903-STOP.",
        ] {
            let t = terms(s);
            assert!(t.numbers.is_empty(), "{s}: {:?}", t.numbers);
            assert!(!t.entities.iter().any(|e| e.label() == "STOP"), "{s}");
        }
        // A date before one keeps its day, and the number runs into no digits of it.
        let t = terms("Police asked on March 12 412-473-1300 for tips.");
        assert!(t.numbers.is_empty(), "{:?}", t.numbers);
        assert_eq!(t.dates.len(), 1, "{:?}", t.dates);
        // Ranges, scores, records, codes, dates and house numbers are still figures.
        for (s, n) in [
            ("The death toll rose to 500-1000, officials said.", "500"),
            ("Crowds of 100-1000-strong marched.", "100"),
            ("The 88-72 loss left them at 9-14.", "88"),
            (
                "Police at 9200 Hosmer Street said 737-8200 ballots were cast.",
                "9200",
            ),
            ("Part 123-4567-89 failed.", "123"),
        ] {
            assert!(terms(s).numbers.contains(n), "{s}: {:?}", terms(s).numbers);
        }
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
