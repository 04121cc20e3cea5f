//! What a sentence says, as comparable terms: content words (stemmed, synonyms folded),
//! named entities, numbers with their units, dates, long quotations, and whether the
//! sentence is negated.

use super::language::Language;
use super::lexicon;
use crate::extract::month_number;
use rustc_hash::FxHashSet;
use std::collections::BTreeSet;
use unicode_segmentation::UnicodeSegmentation;

/// A quotation this many words long is a statement, not a scare-quoted phrase.
const QUOTE_MIN_WORDS: usize = 4;

/// A named actor, place or organisation: a run of capitalised words, or a known country.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
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

    /// The keys under which a story remembers this entity.
    fn keys(&self) -> Vec<String> {
        match self {
            Entity::Place(p) => vec![format!("place:{p}")],
            Entity::Acronym(a) => vec![format!("abbr:{a}")],
            Entity::Name(words) => {
                let mut keys: Vec<String> = words.iter().map(|w| format!("name:{w}")).collect();
                if words.len() >= 2 {
                    let initials: String = words.iter().filter_map(|w| w.chars().next()).collect();
                    keys.push(format!("abbr:{}", initials.to_uppercase()));
                }
                keys
            }
        }
    }

    /// Whether `known` (keys of held entities) already names this entity. A name made
    /// of words the story already uses in lower case ("Armed Forces", "the Alliance") is
    /// a capitalised common phrase, not a new actor.
    fn is_known(&self, known: &FxHashSet<String>, words: &FxHashSet<String>) -> bool {
        match self {
            Entity::Place(_) | Entity::Acronym(_) => self.keys().iter().any(|k| known.contains(k)),
            Entity::Name(name) => {
                let initials: String = name.iter().filter_map(|w| w.chars().next()).collect();
                (name.len() >= 2 && known.contains(&format!("abbr:{}", initials.to_uppercase())))
                    || name.iter().all(|w| {
                        known.contains(&format!("name:{w}"))
                            || words.contains(&lexicon::canonical_stem(w))
                    })
            }
        }
    }
}

/// The comparable content of one sentence.
#[derive(Debug, Clone, Default)]
pub struct SentenceTerms {
    pub words: BTreeSet<String>,
    pub entities: BTreeSet<Entity>,
    /// Normalised numbers with units: `10`, `5 percent`, `90000000000 usd`.
    pub numbers: BTreeSet<String>,
    /// Calendar dates: `08-18`, `year 2025`.
    pub dates: BTreeSet<String>,
    /// The content words of each quotation long enough to be a statement.
    pub quotes: Vec<BTreeSet<String>>,
    /// Every content word, names included, as quotations are compared.
    pub plain: BTreeSet<String>,
    pub negated: bool,
    /// The words whose reading the name hints decided: capitalised words at the start of
    /// the sentence or of a quotation, names only if the hints say so. The analysis stays
    /// right under other hints as long as these are hints in both or in neither.
    pub hint_words: Vec<String>,
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
}

/// Everything a set of sentences has said, for asking "is this already held?".
#[derive(Debug, Default, Clone)]
pub struct Knowledge {
    words: FxHashSet<String>,
    plain: FxHashSet<String>,
    entity_keys: FxHashSet<String>,
    numbers: FxHashSet<String>,
    dates: FxHashSet<String>,
}

/// Entities, numbers and dates weigh more than a plain word: they are what facts hang on.
pub const ATOM_WEIGHT: f64 = 2.0;
pub const WORD_WEIGHT: f64 = 1.0;

impl Knowledge {
    pub fn add(&mut self, terms: &SentenceTerms) {
        self.words.extend(terms.words.iter().cloned());
        self.plain.extend(terms.plain.iter().cloned());
        for e in &terms.entities {
            self.entity_keys.extend(e.keys());
        }
        self.numbers.extend(terms.numbers.iter().cloned());
        self.dates.extend(terms.dates.iter().cloned());
    }

    pub fn of(terms: &SentenceTerms) -> Self {
        let mut k = Knowledge::default();
        k.add(terms);
        k
    }

    pub fn holds_word(&self, word: &str) -> bool {
        self.words.contains(word)
    }

    pub fn holds_entity(&self, entity: &Entity) -> bool {
        entity.is_known(&self.entity_keys, &self.words)
    }

    pub fn holds_number(&self, number: &str) -> bool {
        self.numbers.contains(number)
    }

    pub fn holds_date(&self, date: &str) -> bool {
        self.dates.contains(date)
    }

    /// The weight of `terms` this knowledge holds, and the total weight.
    pub fn coverage(&self, terms: &SentenceTerms) -> (f64, f64) {
        let mut held = 0.0;
        let mut total = 0.0;
        let mut tally = |is_held: bool, weight: f64| {
            total += weight;
            if is_held {
                held += weight;
            }
        };
        terms
            .words
            .iter()
            .for_each(|w| tally(self.holds_word(w), WORD_WEIGHT));
        terms
            .entities
            .iter()
            .for_each(|e| tally(self.holds_entity(e), ATOM_WEIGHT));
        terms
            .numbers
            .iter()
            .for_each(|n| tally(self.holds_number(n), ATOM_WEIGHT));
        terms
            .dates
            .iter()
            .for_each(|d| tally(self.holds_date(d), ATOM_WEIGHT));
        (held, total)
    }

    /// The share of a quotation's words this knowledge holds.
    pub fn quote_coverage(&self, quote: &BTreeSet<String>) -> f64 {
        if quote.is_empty() {
            return 1.0;
        }
        quote.iter().filter(|w| self.plain.contains(*w)).count() as f64 / quote.len() as f64
    }
}

/// Words seen capitalised in the middle of a sentence somewhere in a text: a capitalised
/// word at the start of a sentence is a name only if it is one elsewhere too.
#[derive(Debug, Default)]
pub struct NameHints(FxHashSet<String>);

impl NameHints {
    pub fn from_sentences<'a>(sentences: impl IntoIterator<Item = &'a str>) -> Self {
        let mut names = FxHashSet::default();
        for sentence in sentences {
            for token in tokens(sentence)
                .into_iter()
                .filter(|t| !t.initial && t.capitalised)
            {
                names.insert(token.lower);
            }
        }
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
    /// Part of a hyphenated compound ("no-fly"): not a word of its own for negation.
    hyphenated: bool,
}

/// "NATO's" → "NATO", "we're" → "we", "haven't" stays (the negation is the point).
fn strip_clitic(word: &str) -> &str {
    if word.ends_with("n't") {
        return word;
    }
    match word.find('\'') {
        Some(i) if i > 0 => &word[..i],
        _ => word,
    }
}

fn tokens(sentence: &str) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::new();
    let mut previous_end = 0;
    for (offset, word) in sentence.unicode_word_indices() {
        let normalised = word.replace(['’', '\''], "'");
        let stripped = strip_clitic(&normalised).replace('.', "");
        let gap = &sentence[previous_end..offset];
        previous_end = offset + word.len();
        if stripped.is_empty() {
            continue;
        }
        let before = sentence[..offset].chars().next_back();
        let after = sentence[offset + word.len()..].chars().next();
        let last_mark = gap.trim_end().chars().next_back();
        let first_char = stripped.chars().next().unwrap_or(' ');
        let letters: Vec<char> = stripped.chars().filter(|c| c.is_alphabetic()).collect();
        out.push(Token {
            lower: stripped.to_lowercase(),
            capitalised: first_char.is_uppercase(),
            all_caps: letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()),
            initial: out.is_empty()
                || matches!(before, Some('“' | '"' | '‘' | '(' | '«'))
                || matches!(last_mark, Some('.' | '!' | '?' | '…' | ':')),
            currency: match before {
                Some('$') => Some("usd"),
                Some('€') => Some("eur"),
                Some('£') => Some("gbp"),
                _ => None,
            },
            percent: after == Some('%'),
            joined: gap == " ",
            hyphenated: after == Some('-') || before == Some('-'),
        });
    }
    out
}

/// Analyses one sentence.
pub fn analyse(sentence: &str, hints: &NameHints, lang: &Language) -> SentenceTerms {
    let tokens = tokens(sentence);
    let mut terms = SentenceTerms {
        quotes: quotations(sentence, lang),
        plain: plain_words(&tokens, lang),
        hint_words: tokens
            .iter()
            .filter(|t| t.initial && t.capitalised && !t.all_caps)
            .map(|t| t.lower.clone())
            .collect(),
        ..SentenceTerms::default()
    };
    let mut run: Vec<String> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        if !t.joined {
            flush_run(&mut run, &mut terms);
        }
        if !t.hyphenated && (lexicon::is_negation(&t.lower) || t.lower.ends_with("n't")) {
            terms.negated = true;
        }
        if let Some(used) = read_date(&tokens[i..], &mut terms) {
            flush_run(&mut run, &mut terms);
            i += used;
            continue;
        }
        if let Some(used) = read_number(&tokens[i..], &mut terms, lang) {
            flush_run(&mut run, &mut terms);
            i += used;
            continue;
        }
        if let Some(used) = read_place(&tokens[i..], &mut terms) {
            flush_run(&mut run, &mut terms);
            i += used;
            continue;
        }
        let is_name = t.capitalised
            && !lang.is_stop_word(&t.lower)
            && !lexicon::is_capitalised_common_word(&t.lower)
            && (!t.initial || t.all_caps || hints.0.contains(&t.lower));
        if is_name && t.all_caps && t.lower.chars().count() <= 5 {
            flush_run(&mut run, &mut terms);
            terms
                .entities
                .insert(Entity::Acronym(t.lower.to_uppercase()));
        } else if is_name {
            run.push(t.lower.clone());
        } else {
            flush_run(&mut run, &mut terms);
            let is_word = !lang.is_stop_word(&t.lower)
                && !t.lower.ends_with("n't")
                && t.lower.chars().any(char::is_alphabetic);
            if is_word {
                terms.words.insert(lang.canonical_stem(&t.lower));
            }
        }
        i += 1;
    }
    flush_run(&mut run, &mut terms);
    terms
}

fn flush_run(run: &mut Vec<String>, terms: &mut SentenceTerms) {
    if !run.is_empty() {
        terms.entities.insert(Entity::Name(std::mem::take(run)));
    }
}

/// A country or bloc named in one to three words.
fn read_place(tokens: &[Token], terms: &mut SentenceTerms) -> Option<usize> {
    for len in (1..=3.min(tokens.len())).rev() {
        let span = &tokens[..len];
        // A lower-case "us" is the pronoun; the country is written with capitals.
        if !span[0].capitalised {
            continue;
        }
        let name: Vec<&str> = span.iter().map(|t| t.lower.as_str()).collect();
        if let Some(place) = lexicon::gazetteer(&name.join(" ")) {
            terms.entities.insert(Entity::Place(place.to_string()));
            return Some(len);
        }
    }
    None
}

/// `August 18`, `18 August`, a year on its own.
fn read_date(tokens: &[Token], terms: &mut SentenceTerms) -> Option<usize> {
    let day = |t: &Token| t.lower.parse::<u32>().ok().filter(|d| (1..=31).contains(d));
    let month = |t: &Token| t.capitalised.then(|| month_number(&t.lower)).flatten();
    if let [a, b, ..] = tokens {
        if let (Some(m), Some(d)) = (month(a), day(b)) {
            terms.dates.insert(format!("{m:02}-{d:02}"));
            return Some(2);
        }
        if let (Some(d), Some(m)) = (day(a), month(b)) {
            terms.dates.insert(format!("{m:02}-{d:02}"));
            return Some(2);
        }
    }
    let first = tokens.first()?;
    let year: u32 = first.lower.parse().ok()?;
    let is_year = (1900..=2100).contains(&year)
        && first.lower.len() == 4
        && first.currency.is_none()
        && !first.percent;
    is_year.then(|| {
        terms.dates.insert(format!("year {year}"));
        1
    })
}

/// A number in digits or words, with a scale (`billion`) and unit (`%`, `$`, `percent`).
fn read_number(tokens: &[Token], terms: &mut SentenceTerms, lang: &Language) -> Option<usize> {
    let first = tokens.first()?;
    if let Some(quantity) = lexicon::vague_quantity(&first.lower) {
        // "tens of thousands": the larger order of magnitude names the quantity.
        let larger = tokens
            .get(1)
            .filter(|t| t.lower == "of")
            .and_then(|_| tokens.get(2))
            .and_then(|t| lexicon::vague_quantity(&t.lower));
        terms.numbers.insert(larger.unwrap_or(quantity).to_string());
        return Some(if larger.is_some() { 3 } else { 1 });
    }
    if let Some(n) = lexicon::ordinal_word(&first.lower) {
        // An ordinal is only a fact together with what it counts: "third line" is not
        // "third country".
        let noun = tokens[1..]
            .iter()
            .take(3)
            .find(|t| !lang.is_stop_word(&t.lower))
            .map(|t| lang.canonical_stem(&t.lower))
            .unwrap_or_default();
        terms.numbers.insert(format!("#{n} {noun}"));
        return Some(1);
    }
    let mut value: f64;
    let mut used = 1;
    if let Ok(v) = first.lower.replace(',', "").parse::<f64>() {
        value = v;
    } else {
        value = lexicon::number_word(&first.lower)?;
        // "twenty five"
        if value >= 20.0 && value % 10.0 == 0.0 {
            if let Some(units) = tokens.get(1).and_then(|t| lexicon::number_word(&t.lower)) {
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
    if let Some(scale) = tokens.get(used).and_then(|t| lexicon::scale_word(&t.lower)) {
        value *= scale;
        used += 1;
    }
    if unit.is_none() {
        let next = tokens.get(used).map(|t| t.lower.as_str());
        let after = tokens.get(used + 1).map(|t| t.lower.as_str());
        if next == Some("per") && after == Some("cent") {
            unit = Some("percent");
            used += 2;
        } else if let Some(u) = next.and_then(lexicon::unit_word) {
            unit = Some(u);
            used += 1;
        }
    }
    let number = match unit {
        Some(u) => format!("{value} {u}"),
        None => format!("{value}"),
    };
    terms.numbers.insert(number);
    Some(used)
}

/// Every non-stop word, names included, stemmed with synonyms folded.
fn plain_words(tokens: &[Token], lang: &Language) -> BTreeSet<String> {
    tokens
        .iter()
        .filter(|t| !lang.is_stop_word(&t.lower) && !t.lower.ends_with("n't"))
        .map(|t| lang.canonical_stem(&t.lower))
        .collect()
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
            quotes.push(plain_words(&tokens(quoted), lang));
        }
        rest = &after_open[close..];
        rest = &rest[rest.chars().next().map_or(0, char::len_utf8)..];
    }
    quotes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(s: &str) -> SentenceTerms {
        analyse(
            s,
            &NameHints::from_sentences([s]),
            crate::matcher::language::english(),
        )
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
    }

    #[test]
    fn dates_are_read_in_both_orders() {
        assert_eq!(
            terms("Trump spoke on August 18 in Washington.").dates,
            terms("Trump spoke on 18 August.").dates
        );
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
