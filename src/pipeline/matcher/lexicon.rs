//! The word lists the matcher leans on, per language: stop words, number, scale, unit,
//! month and ordinal words, negations, hedges, synonym groups common in news paraphrase,
//! and a gazetteer of countries with their demonyms and capitals (news writes "Moscow"
//! and "the Kremlin" for Russia's government).
//!
//! Each language with lists of its own has one [`Lexicon`], read once from its file and
//! held by its `Language` (`lang.lexicon`); the reader asks it about each word:
//! `lang.lexicon.number_word(w)`, `lang.lexicon.is_negation(w)`. A language without a
//! file is read with English's lexicon. Some lists are English's only and read for every
//! language, as free functions here: stop words, honorifics, reporting verbs, US states,
//! [`canonical_stem`] with its synonym groups, and the [`gazetteer`].
//!
//! The lists are data, not code: one file per language under `src/pipeline/matcher/data/`
//! (`en.tsv`, `ru.tsv`, ...: everything the matcher knows of a language in one place,
//! for whoever knows that language), and `gazetteer.tsv` for the places, whose names in
//! every language go together. Each file says what it holds and how it is read: a line
//! `[list]` opens a list, each line after it is one entry, its fields separated by a
//! tab. The files are embedded in the program and read once, at first use, into the
//! hash maps and sets asked here; a file that does not read is an error naming the file
//! and line, which the tests reach (see [`DataFile::parse`]).
//!
//! These are general lists, not fitted to any corpus: a restatement of a fact in other
//! words should map to the same terms whichever story it comes from.

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;
use std::cmp::Ordering;
use std::sync::LazyLock;

pub static STEMMER: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));

/// A data file under `src/pipeline/matcher/data/`: its path (for errors) and its text.
macro_rules! data_file {
    ($name:literal) => {
        (
            concat!("src/pipeline/matcher/data/", $name),
            include_str!(concat!("data/", $name)),
        )
    };
}

/// The languages' files, English first: each is read into its language's [`Lexicon`]
/// (Russian, Ukrainian, German, French, Spanish, Italian, Polish, Portuguese); a
/// language not here is read with English's, some of whose lists are read for every
/// language.
const LANGUAGE_FILES: [(&str, (&str, &str)); 9] = [
    ("en", data_file!("en.tsv")),
    ("ru", data_file!("ru.tsv")),
    ("uk", data_file!("uk.tsv")),
    ("de", data_file!("de.tsv")),
    ("fr", data_file!("fr.tsv")),
    ("es", data_file!("es.tsv")),
    ("it", data_file!("it.tsv")),
    ("pl", data_file!("pl.tsv")),
    ("pt", data_file!("pt.tsv")),
];

const GAZETTEER_FILE: (&str, &str) = data_file!("gazetteer.tsv");

// The lists below are English's, read for every language: news in any language is read
// for these with what English news writes.

/// Words written with a capital that name no one: compass adjectives ("Western forces").
pub fn is_capitalised_common_word(word: &str) -> bool {
    english().capitalised_common_words.contains(word)
}

/// A word that is no name alone but opens one: "New York", "New Delhi". Not the compass
/// words: "the Western Country" (a translation's capitals) would be a new actor, and
/// "North Carolina" read as "carolina" is still itself.
pub fn opens_name(word: &str) -> bool {
    english().name_openers.contains(word)
}

/// A name word and the forms it takes as a place and as its people: "iraq", "iraqi",
/// "iraqis"; "taiwanese", "taiwan". The part left must be long enough to be a name.
pub fn demonym_forms(word: &str) -> impl Iterator<Item = String> + '_ {
    let suffixes = &english().demonym_suffixes;
    let shorter = suffixes.iter().filter_map(move |suffix| {
        word.strip_suffix(suffix)
            .filter(|base| base.chars().count() >= 4)
            .map(str::to_string)
    });
    let longer = suffixes.iter().map(move |suffix| format!("{word}{suffix}"));
    std::iter::once(word.to_string())
        .chain(shorter)
        .chain(longer)
}

/// US states by name and by the abbreviation news writes after a city ("Harlingen,
/// Texas", "Fort Lauderdale, Fla.", "Amherst, N.Y."), lower-case without full stops.
pub fn is_us_state(name: &str) -> bool {
    english().us_states.contains(name)
}

/// Titles written before a name ("Mr. Tauzin", "Sir Richard"): part of no name, and their
/// full stop ends no sentence.
pub fn is_honorific(word: &str) -> bool {
    english().honorifics.contains(word)
}

/// Titles news abbreviates before a name, with a full stop: "Sen. John McCain", "Gen.
/// David Petraeus". Only with the full stop: "Amartya Sen" is a name.
pub fn is_abbreviated_title(word: &str) -> bool {
    english().abbreviated_titles.contains(word)
}

/// Acronyms that are job titles, not actors: "CEO Larry Page", "the company's CFO". They
/// are read as words.
pub fn is_title_acronym(word: &str) -> bool {
    english().title_acronyms.contains(word)
}

/// Verbs that attribute a statement to whoever says it.
pub fn is_reporting_verb(word: &str) -> bool {
    english().reporting_verbs.contains(word)
}

/// Words between a speaker and the reporting verb: "X has said", "a Pentagon spokesman said".
pub fn is_speaker_filler(word: &str) -> bool {
    english().speaker_fillers.contains(word)
}

/// Function words, reporting verbs, hedges and relative time words: they carry no fact.
pub fn is_stop_word(word: &str) -> bool {
    english().stop_words.contains(word)
}

/// The canonical term for a lower-case word: its synonym group's stem, or its own stem.
pub fn canonical_stem(word: &str) -> String {
    if let Some(canonical) = SYNONYM_MAP.get(word) {
        return canonical.clone();
    }
    let stem = STEMMER.stem(word).into_owned();
    SYNONYM_MAP.get(&stem).cloned().unwrap_or(stem)
}

/// The country or bloc a lower-case name (one to three words) stands for.
pub fn gazetteer(name: &str) -> Option<&'static str> {
    GAZETTEER_MAP.get(name).copied()
}

/// A list read from a data file, asked for the value it gives a word. The lexicon is
/// asked about every word of every sentence, and most words are in none of its lists: a
/// sketch of the list's words (a bit for each length, first and last letter seen) turns
/// most other words away in a few instructions, and the rest are looked up in an FxHash
/// map (several times faster than SipHash on short keys, and as the lists are fixed no
/// input can crowd it with colliding keys).
pub(super) struct Table<T> {
    sketch: [u64; 4],
    index: FxHashMap<&'static str, T>,
}

/// The bit of a word in a [`Table`]'s sketch.
#[inline(always)]
fn sketch_bit(word: &str) -> usize {
    let bytes = word.as_bytes();
    let (first, last) = match bytes {
        [] => (0, 0),
        [first, .., last] => (*first, *last),
        [only] => (*only, *only),
    };
    (bytes
        .len()
        .wrapping_mul(0x9E37)
        .wrapping_add(usize::from(first).wrapping_mul(0x3B9))
        .wrapping_add(usize::from(last).wrapping_mul(0x61)))
        & 255
}

impl<T: Copy> Table<T> {
    fn new(entries: Vec<(&'static str, T)>) -> Self {
        let mut sketch = [0; 4];
        for (word, _) in &entries {
            let bit = sketch_bit(word);
            sketch[bit / 64] |= 1 << (bit % 64);
        }
        Table {
            sketch,
            index: entries.into_iter().collect(),
        }
    }

    #[inline(always)]
    fn get(&self, word: &str) -> Option<T> {
        let bit = sketch_bit(word);
        if self.sketch[bit / 64] & (1 << (bit % 64)) == 0 {
            return None;
        }
        self.index.get(word).copied()
    }
}

impl<T> Default for Table<T> {
    fn default() -> Self {
        Table {
            sketch: [0; 4],
            index: FxHashMap::default(),
        }
    }
}

/// A list of words.
pub(super) type Words = Table<()>;

impl Words {
    #[inline(always)]
    pub(super) fn contains(&self, word: &str) -> bool {
        self.get(word).is_some()
    }
}

/// One language's lists, read once from its file `data/<code>.tsv` and held by its
/// `Language` for the reader to ask about each word (see its methods). Each field is the
/// list of that name in the file (`[numbers]`, ...), empty where the file has none (or
/// `None`, where having none means something).
#[derive(Default)]
pub struct Lexicon {
    stop_words: Words,
    negations: Words,
    /// Each group's words, its first the one the others read as.
    synonyms: Vec<Vec<&'static str>>,
    numbers: Table<f64>,
    ones: Words,
    scales: Table<f64>,
    units: Table<&'static str>,
    per_cent: Option<(&'static str, &'static str)>,
    unit_connectors: Words,
    months: Table<u32>,
    date_connectors: Words,
    vague_quantities: Table<&'static str>,
    ordinals: Table<u32>,
    ordinals_doubling_as_other_words: Words,
    titles_after_first: Words,
    hedges: Table<Ordering>,
    /// `None`: the language has no articles.
    articles: Option<Words>,
    honorifics: Words,
    abbreviated_titles: Words,
    title_acronyms: Words,
    reporting_verbs: Words,
    speaker_fillers: Words,
    capitalised_common_words: Words,
    name_openers: Words,
    /// In the order they are tried.
    name_case_endings: Vec<&'static str>,
    /// In the order they are tried.
    demonym_suffixes: Vec<&'static str>,
    us_states: Words,
    elisions: Vec<&'static str>,
    /// In the order they are tried: the first start a word has wins.
    inflected_places: Vec<(&'static str, &'static str)>,
    united_states: Option<(&'static str, &'static str)>,
    determiners: Words,
    noun_suffixes: Vec<&'static str>,
    /// In the order they are tried.
    adjective_endings: Vec<&'static str>,
    name_adjective_stems: Words,
    name_adjective_stem_endings: Vec<&'static str>,
    /// Set from the language's code, not its file (see `LEXICONS`).
    own_lists: bool,
    capitalises_nouns: bool,
    months_lower_case: bool,
}

impl Lexicon {
    /// A language's lists from its file `path` (named in errors).
    fn parse(path: &'static str, text: &'static str) -> Result<Self, String> {
        let file = DataFile::parse(path, text)?;
        let mut lex = Lexicon::default();
        for s in &file.sections {
            match s.name {
                "stop_words" => lex.stop_words = s.word_set()?,
                "negations" => lex.negations = s.word_set()?,
                "synonyms" => lex.synonyms = s.groups()?,
                "numbers" => lex.numbers = s.map("a number", |v| v.parse().ok())?,
                "ones" => lex.ones = s.word_set()?,
                "scales" => lex.scales = s.map("a number", |v| v.parse().ok())?,
                "units" => lex.units = s.map("a unit", Some)?,
                "per_cent" => lex.per_cent = Some(s.pair()?),
                "unit_connectors" => lex.unit_connectors = s.word_set()?,
                "months" => {
                    lex.months = s.map("a month from 1 to 12", |v| {
                        v.parse().ok().filter(|m| (1..=12).contains(m))
                    })?
                }
                "date_connectors" => lex.date_connectors = s.word_set()?,
                "vague_quantities" => lex.vague_quantities = s.map("a term", Some)?,
                "ordinals" => lex.ordinals = s.map("a whole number", |v| v.parse().ok())?,
                "ordinals_doubling_as_other_words" => {
                    lex.ordinals_doubling_as_other_words = s.word_set()?
                }
                "titles_after_first" => lex.titles_after_first = s.word_set()?,
                "hedges" => lex.hedges = s.map("equal, less or greater", side)?,
                "articles" => lex.articles = Some(s.word_set()?),
                "honorifics" => lex.honorifics = s.word_set()?,
                "abbreviated_titles" => lex.abbreviated_titles = s.word_set()?,
                "title_acronyms" => lex.title_acronyms = s.word_set()?,
                "reporting_verbs" => lex.reporting_verbs = s.word_set()?,
                "speaker_fillers" => lex.speaker_fillers = s.word_set()?,
                "capitalised_common_words" => lex.capitalised_common_words = s.word_set()?,
                "name_openers" => lex.name_openers = s.word_set()?,
                "name_case_endings" => lex.name_case_endings = s.words()?,
                "demonym_suffixes" => lex.demonym_suffixes = s.words()?,
                "us_states" => lex.us_states = s.word_set()?,
                "elisions" => lex.elisions = s.words()?,
                "inflected_places" => lex.inflected_places = s.pairs("a place", Some)?,
                "united_states" => lex.united_states = Some(s.pair()?),
                "determiners" => lex.determiners = s.word_set()?,
                "noun_suffixes" => lex.noun_suffixes = s.words()?,
                "adjective_endings" => lex.adjective_endings = s.words()?,
                "name_adjective_stems" => lex.name_adjective_stems = s.word_set()?,
                "name_adjective_stem_endings" => lex.name_adjective_stem_endings = s.words()?,
                _ => return Err(s.error(s.line, format!("no list is called [{}]", s.name))),
            }
        }
        Ok(lex)
    }
}

/// A hedge's side, as its file writes it.
fn side(value: &str) -> Option<Ordering> {
    match value {
        "equal" => Some(Ordering::Equal),
        "less" => Some(Ordering::Less),
        "greater" => Some(Ordering::Greater),
        _ => None,
    }
}

/// Every language's lists, English first. A file that does not read stops the program
/// at first use; the tests read them all.
static LEXICONS: LazyLock<Vec<Lexicon>> = LazyLock::new(|| {
    LANGUAGE_FILES
        .iter()
        .map(|&(code, (path, text))| {
            let mut lexicon = Lexicon::parse(path, text).unwrap_or_else(|e| panic!("{e}"));
            // What a language's lists do not say of it: whether it has lists of its own
            // (English's are read for every language without), German's capitals, and
            // whether a date writes its month in lower case ("18 августа", "18 de
            // agosto"; German writes "18. August").
            lexicon.own_lists = code != "en";
            lexicon.capitalises_nouns = code == "de";
            lexicon.months_lower_case = code != "en" && code != "de";
            lexicon
        })
        .collect()
});

#[inline]
fn english() -> &'static Lexicon {
    &LEXICONS[0]
}

/// What a [`Lexicon`] tells of a word, in its language. A [`super::language::Language`]
/// holds its lexicon, and the reader asks it about each word: `lang.lexicon.number_word(w)`.
/// Where a language's file has no list of a kind, the method says what is read instead:
/// most read English's too (a scale, a unit, "per cent"); a language with no file at all
/// is read with English's lexicon.
impl Lexicon {
    /// The lists of the language `code`, or English's if it has no file (asked once per
    /// language, when the languages are set up).
    pub fn of(code: &str) -> &'static Lexicon {
        let i = LANGUAGE_FILES.iter().position(|(c, _)| *c == code);
        &LEXICONS[i.unwrap_or(0)]
    }

    /// English's lists.
    pub fn english() -> &'static Lexicon {
        english()
    }

    /// Whether these are a language's own lists, not English's: then its numbers take a
    /// decimal comma ("1,5"), and a vague quantity joins a larger one by the language's
    /// own word or none ("des dizaines de milliers", "десятки тысяч").
    #[inline]
    pub fn reads_own_lists(&self) -> bool {
        self.own_lists
    }

    /// Whether the language capitalises every noun (German): there a capital marks a
    /// noun far more often than a name, and a capitalised word is read as a name only
    /// where a noun could not stand (see `terms::common_nouns`).
    #[inline]
    pub fn capitalises_nouns(&self) -> bool {
        self.capitalises_nouns
    }

    /// Whether the language writes its months in lower case (all with their own lists
    /// but German).
    #[inline]
    pub fn writes_months_lower_case(&self) -> bool {
        self.months_lower_case
    }

    /// A single number word and its value ("one" is left out: it is mostly a pronoun;
    /// see [`Lexicon::is_one`]).
    #[inline]
    pub fn number_word(&self, word: &str) -> Option<f64> {
        self.numbers.get(word)
    }

    /// The words for "one", left out of the number words because they are as often an
    /// article or a pronoun ("one of them", "ein Mann", "un jour"): each is read as 1
    /// only before a scale, a unit or "per cent" ("one per cent", "eine Million", "un
    /// millón").
    #[inline]
    pub fn is_one(&self, word: &str) -> bool {
        self.ones.contains(word)
    }

    /// A scale word that multiplies the number before it, in the language or in English
    /// ("bn", "million"). "Billion" is a million millions in German and French
    /// ("Billion", "billion"), as "billón" is in Spanish.
    #[inline]
    pub fn scale_word(&self, word: &str) -> Option<f64> {
        self.scales.get(word).or_else(|| english().scales.get(word))
    }

    /// A word that gives a number its unit, in the language or in English ("dollars",
    /// "euros", which French, German and others write alike).
    #[inline]
    pub fn unit_word(&self, word: &str) -> Option<&'static str> {
        self.units.get(word).or_else(|| english().units.get(word))
    }

    /// Whether `a` and `b` are the two words the language writes for "per cent" ("pour
    /// cent", "por ciento"); the English where its file lists none.
    #[inline]
    pub fn is_per_cent(&self, a: &str, b: &str) -> bool {
        self.per_cent
            .or(english().per_cent)
            .is_some_and(|(per, cent)| a == per && b == cent)
    }

    /// The word between an amount and its unit: "10 milliards de dollars", "d'euros" (its
    /// elided "d" a token of its own), "di dollari".
    #[inline]
    pub fn is_unit_connector(&self, word: &str) -> bool {
        self.unit_connectors.contains(word)
    }

    /// The month a lower-case word names (none in English: English months are read by
    /// [`crate::extract::month_number`]), in the forms a date takes ("18 августа", "18.
    /// August").
    #[inline]
    pub fn month_word(&self, word: &str) -> Option<u32> {
        self.months.get(word)
    }

    /// The word between a day and its month, or a month and its year: "18 de agosto de
    /// 2025".
    #[inline]
    pub fn is_date_connector(&self, word: &str) -> bool {
        self.date_connectors.contains(word)
    }

    /// A plural scale word that names a quantity by its order of magnitude, as its
    /// English term: "hundreds of soldiers"; "сотни людей", "Tausende Menschen" and "des
    /// milliers de personnes" read as "hundreds" and "thousands" do. After a number the
    /// same words are scales ("5 Millionen", "10 millions"): the number reads them first.
    #[inline]
    pub fn vague_quantity(&self, word: &str) -> Option<&'static str> {
        self.vague_quantities.get(word)
    }

    /// An ordinal word as a number: "a third line" names one line among several. The
    /// first ten are listed in the forms news writes them (genders, and in German the
    /// endings an adjective takes).
    #[inline]
    pub fn ordinal_word(&self, word: &str) -> Option<u32> {
        self.ordinals.get(word)
    }

    /// Ordinals that are as often another word: "secondo il governo" and "segundo o
    /// ministro" are "according to", Italian "prima di" is "before", and the Portuguese
    /// feminine ordinals name the weekdays ("na sexta", "segunda-feira"). They are read
    /// as ordinals only right before a lower-case noun ("secondo turno", "prima guerra").
    #[inline]
    pub fn is_ordinal_doubling_as_other_word(&self, word: &str) -> bool {
        self.ordinals_doubling_as_other_words.contains(word)
    }

    /// The word after "first" that makes it part of a title, not a count: "le Premier
    /// ministre", "el primer ministro", "il primo ministro" are the prime minister.
    #[inline]
    pub fn is_title_after_first(&self, word: &str) -> bool {
        self.titles_after_first.contains(word)
    }

    /// Whether `word` (any case) is elided before the word after its apostrophe: French
    /// "l'OTAN", "d'euros", "n'est"; Italian "l'Italia", "dell'Unione".
    #[inline]
    pub fn is_elision(&self, word: &str) -> bool {
        self.elisions.iter().any(|w| w.eq_ignore_ascii_case(word))
    }

    /// Words (one or two) before a number that say it is rounded, and on which side of
    /// it the true figure lies: `Less` for "nearly 10", `Greater` for "more than 2,000",
    /// `Equal` for "about 300".
    #[inline]
    pub fn hedge(&self, words: &str) -> Option<Ordering> {
        self.hedges.get(words)
    }

    /// Whether `word` turns a statement around.
    #[inline]
    pub fn is_negation(&self, word: &str) -> bool {
        self.negations.contains(word)
    }

    /// Whether `word` is an article; `None` for a language that has none (Russian,
    /// Ukrainian, Polish: their files list no articles), where nothing marks a noun left
    /// out.
    #[inline]
    pub fn is_article(&self, word: &str) -> Option<bool> {
        self.articles
            .as_ref()
            .map(|articles| articles.contains(word))
    }

    /// The place an inflected word names: places by the start of their word where a
    /// language declines them or writes their adjectives in lower case (in Russian and
    /// Ukrainian every case of the name and of its adjective, "Украина", "Украины",
    /// "украинские"; in French, Spanish, Italian and Portuguese the adjectives in all
    /// their genders and numbers, "européens", "estadounidenses", "americani", their
    /// countries' names being in the gazetteer). The first start listed that the word
    /// begins with wins.
    pub fn inflected_place(&self, word: &str) -> Option<&'static str> {
        self.inflected_places
            .iter()
            .find(|(start, _)| word.starts_with(start))
            .map(|&(_, place)| place)
    }

    /// A name word (lower case) without the case ending it takes in this language, if it
    /// has one of those listed (after what the list says must precede it) and keeps three
    /// letters or more: "зеленского" and "зеленским" are "зеленск", "шольцем" "шольц".
    pub fn name_without_case_ending<'w>(&self, word: &'w str) -> &'w str {
        self.name_case_endings
            .iter()
            .filter_map(|entry| {
                let (before, ending) = entry.split_once('|').unwrap_or(("", entry));
                let rest = word.strip_suffix(ending)?;
                rest.ends_with(before).then_some(rest)
            })
            .find(|rest| rest.chars().count() >= 3)
            .unwrap_or(word)
    }

    /// Whether two Russian or Ukrainian words name the United States in any case:
    /// "Соединенные Штаты", "Соединенных Штатов", "Сполучені Штати", "Сполучених Штатів".
    #[inline]
    pub fn declined_united_states(&self, first: &str, second: &str) -> bool {
        self.united_states
            .is_some_and(|(a, b)| first.starts_with(a) && second.starts_with(b))
    }

    // German's noun phrases: these lists are in de.tsv only, and asked only where
    // [`Lexicon::capitalises_nouns`].

    /// German words that open a noun phrase: the articles, their contractions with a
    /// preposition ("im", "zum"), and the determiners, possessives and quantifiers that
    /// take their place. A capitalised word after one (and any adjectives) is a noun:
    /// "die Hauptlast", "nach einem Treffen", "die europäischen Verbündeten".
    #[inline]
    pub fn is_determiner(&self, word: &str) -> bool {
        self.determiners.contains(word)
    }

    /// German noun endings that no person's or place's name has: "Unterstützung",
    /// "Sicherheit", "Mannschaft", "Koalition", "Souveränität".
    pub fn has_noun_suffix(&self, word: &str) -> bool {
        self.noun_suffixes.iter().any(|suffix| {
            word.strip_suffix(suffix)
                .is_some_and(|stem| stem.chars().count() >= 3)
        })
    }

    /// Whether a German word has the shape of an inflected adjective or participle
    /// ("europäischen", "geplante"); verbs and many nouns share it, so it only counts
    /// between a determiner and a noun.
    pub fn is_adjective_shaped(&self, word: &str) -> bool {
        word.chars().count() >= 4 && self.adjective_stems(word).next().is_some()
    }

    /// What is left of a German word without each adjective ending it has
    /// ("europäischen": "europäische", "europäisch"): one of them is its stem if it is an
    /// adjective.
    pub fn adjective_stems<'a>(&'a self, word: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.adjective_endings
            .iter()
            .filter_map(move |ending| word.strip_suffix(ending))
    }

    /// Whether a German word is an inflected adjective of the kinds that open names,
    /// where they are capitalised: of a place or people ("Europäische Union", "Deutsche
    /// Bank"), a participle ("Vereinigte Staaten"), a colour, size or order ("Weißes
    /// Haus", "Rotes Kreuz", "Naher Osten"). A noun ending like an adjective ("Sender",
    /// "Truppen") is none.
    pub fn is_name_adjective(&self, word: &str) -> bool {
        self.adjective_stems(word).any(|stem| {
            self.name_adjective_stems.contains(stem)
                || self
                    .name_adjective_stem_endings
                    .iter()
                    .any(|e| stem.ends_with(e))
        })
    }
}

static SYNONYM_MAP: LazyLock<FxHashMap<String, String>> = LazyLock::new(|| {
    let mut map = FxHashMap::default();
    for group in &english().synonyms {
        let canonical = STEMMER.stem(group[0]).into_owned();
        for word in group {
            map.insert(word.to_string(), canonical.clone());
            map.insert(STEMMER.stem(word).into_owned(), canonical.clone());
        }
    }
    map
});

/// Every name in the gazetteer, with the place it stands for.
fn parse_gazetteer(
    path: &'static str,
    text: &'static str,
) -> Result<Vec<(&'static str, &'static str)>, String> {
    let file = DataFile::parse(path, text)?;
    let mut seen = FxHashMap::default();
    let mut names = Vec::new();
    for place in &file.sections {
        for (line, name) in place.words_with_lines()? {
            if let Some(first) = seen.insert(name, line) {
                return Err(place.error(
                    line,
                    format!("\"{name}\" is listed already, on line {first}"),
                ));
            }
            names.push((name, place.name));
        }
    }
    Ok(names)
}

static GAZETTEER_MAP: LazyLock<FxHashMap<&'static str, &'static str>> = LazyLock::new(|| {
    let (path, text) = GAZETTEER_FILE;
    parse_gazetteer(path, text)
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .collect()
});

/// A data file's lists as written, before they are read as words or numbers: each
/// `[list]` with its entries, one a line, fields separated by a tab; `#` opens a comment
/// line, blank lines are skipped.
pub(super) struct DataFile {
    pub(super) sections: Vec<Section>,
}

/// One `[list]` of a data file.
pub(super) struct Section {
    path: &'static str,
    pub(super) name: &'static str,
    line: usize,
    /// Each entry's line and fields.
    rows: Vec<(usize, Vec<&'static str>)>,
}

impl DataFile {
    /// Splits the file `path` (named in errors, with the line) into its lists. A line
    /// before any list, an empty field and a list named twice are errors.
    pub(super) fn parse(path: &'static str, text: &'static str) -> Result<Self, String> {
        let mut sections: Vec<Section> = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            let content = raw.trim_end_matches('\r');
            if content.trim().is_empty() || content.starts_with('#') {
                continue;
            }
            if let Some(name) = content
                .strip_prefix('[')
                .and_then(|rest| rest.strip_suffix(']'))
            {
                if let Some(other) = sections.iter().find(|s| s.name == name) {
                    return Err(format!(
                        "{path}:{line}: [{name}] opens a second time (first on line {})",
                        other.line
                    ));
                }
                sections.push(Section {
                    path,
                    name,
                    line,
                    rows: Vec::new(),
                });
                continue;
            }
            let Some(section) = sections.last_mut() else {
                return Err(format!("{path}:{line}: an entry before any [list]"));
            };
            let fields: Vec<&'static str> = content.split('\t').map(str::trim).collect();
            if fields.iter().any(|f| f.is_empty()) {
                return Err(section.error(line, "an empty field (two tabs, or a tab at an end)"));
            }
            section.rows.push((line, fields));
        }
        Ok(DataFile { sections })
    }
}

impl Section {
    /// The line the list opens on.
    pub(super) fn line(&self) -> usize {
        self.line
    }

    pub(super) fn error(&self, line: usize, message: impl std::fmt::Display) -> String {
        format!("{}:{line}: {message} (in [{}])", self.path, self.name)
    }

    /// The entries of `count` fields each, with their lines; a word in the first field
    /// twice is an error.
    fn rows_of(&self, count: usize) -> Result<Vec<(usize, &[&'static str])>, String> {
        let mut seen = FxHashMap::default();
        let mut rows = Vec::with_capacity(self.rows.len());
        for (line, fields) in &self.rows {
            if fields.len() != count {
                let plural = if count == 1 { "" } else { "s" };
                return Err(self.error(
                    *line,
                    format!(
                        "{} fields where {count} field{plural} (separated by a tab) belong",
                        fields.len()
                    ),
                ));
            }
            if let Some(first) = seen.insert(fields[0], *line) {
                return Err(self.error(
                    *line,
                    format!("\"{}\" is listed already, on line {first}", fields[0]),
                ));
            }
            rows.push((*line, fields.as_slice()));
        }
        Ok(rows)
    }

    /// A list of one word a line, with the lines.
    pub(super) fn words_with_lines(&self) -> Result<Vec<(usize, &'static str)>, String> {
        Ok(self
            .rows_of(1)?
            .into_iter()
            .map(|(line, f)| (line, f[0]))
            .collect())
    }

    /// A list of one word a line, in order.
    pub(super) fn words(&self) -> Result<Vec<&'static str>, String> {
        Ok(self.rows_of(1)?.into_iter().map(|(_, f)| f[0]).collect())
    }

    /// A list of one word a line, as a set.
    pub(super) fn word_set(&self) -> Result<Words, String> {
        Ok(Table::new(
            self.words()?.into_iter().map(|w| (w, ())).collect(),
        ))
    }

    /// A list of a word and its value a line, in order; `read` reads the value, which is
    /// `what` (named in errors).
    fn pairs<T>(
        &self,
        what: &str,
        read: impl Fn(&'static str) -> Option<T>,
    ) -> Result<Vec<(&'static str, T)>, String> {
        self.rows_of(2)?
            .into_iter()
            .map(|(line, f)| {
                read(f[1])
                    .map(|value| (f[0], value))
                    .ok_or_else(|| self.error(line, format!("\"{}\" is not {what}", f[1])))
            })
            .collect()
    }

    /// A list of a word and its value a line, as a map.
    fn map<T: Copy>(
        &self,
        what: &str,
        read: impl Fn(&'static str) -> Option<T>,
    ) -> Result<Table<T>, String> {
        Ok(Table::new(self.pairs(what, read)?))
    }

    /// A list of one entry of two words.
    fn pair(&self) -> Result<(&'static str, &'static str), String> {
        match self.pairs("a word", Some)?.as_slice() {
            [pair] => Ok(*pair),
            _ => Err(self.error(self.line, "one entry of two words belongs here")),
        }
    }

    /// A list of groups of words, one group a line; a word in two groups is an error.
    fn groups(&self) -> Result<Vec<Vec<&'static str>>, String> {
        let mut seen = FxHashMap::default();
        let mut groups = Vec::with_capacity(self.rows.len());
        for (line, fields) in &self.rows {
            for word in fields {
                if let Some(first) = seen.insert(*word, *line) {
                    return Err(self.error(
                        *line,
                        format!("\"{word}\" is in a group already, on line {first}"),
                    ));
                }
            }
            groups.push(fields.clone());
        }
        Ok(groups)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_data_file_reads() {
        for (_, (path, text)) in LANGUAGE_FILES {
            if let Err(e) = Lexicon::parse(path, text) {
                panic!("{e}");
            }
        }
        let (path, text) = GAZETTEER_FILE;
        if let Err(e) = parse_gazetteer(path, text) {
            panic!("{e}");
        }
        // English first: its lists are the ones read where a language has none.
        assert_eq!(LANGUAGE_FILES[0].0, "en");
        assert!(std::ptr::eq(Lexicon::of("nl"), Lexicon::english()));
        assert!(!Lexicon::english().reads_own_lists());
        assert!(Lexicon::of("ru").reads_own_lists());
        assert!(Lexicon::of("de").capitalises_nouns());
        assert!(!Lexicon::of("de").writes_months_lower_case());
        assert!(Lexicon::of("fr").writes_months_lower_case());
        // The places inflected words name are the gazetteer's.
        let places: rustc_hash::FxHashSet<&str> = GAZETTEER_MAP.values().copied().collect();
        for (lexicon, (code, _)) in LEXICONS.iter().zip(LANGUAGE_FILES) {
            for (start, place) in &lexicon.inflected_places {
                assert!(places.contains(place), "{code}: {start} {place}");
            }
        }
    }

    #[test]
    fn a_bad_line_is_an_error_naming_file_and_line() {
        let error = |text: &'static str| Lexicon::parse("data/xx.tsv", text).err().unwrap();
        // A value that is not a number, the wrong number of fields, a word twice.
        let e = error("# numbers\n[numbers]\nzwei\t2\ndrei\tthree\n");
        assert!(
            e.starts_with("data/xx.tsv:4: \"three\" is not a number"),
            "{e}"
        );
        let e = error("[numbers]\nzwei 2\n");
        assert!(
            e.starts_with("data/xx.tsv:2: 1 fields where 2 fields"),
            "{e}"
        );
        let e = error("[negations]\nnicht\n\nnie\nnicht\n");
        assert!(
            e.starts_with("data/xx.tsv:5: \"nicht\" is listed already, on line 2"),
            "{e}"
        );
        let e = error("[hedges]\netwa\tabout\n");
        assert!(e.starts_with("data/xx.tsv:2:"), "{e}");
        let e = error("[months]\njanuar\t13\n");
        assert!(e.starts_with("data/xx.tsv:2:"), "{e}");
        // An entry before any list, a list no one reads, a list opened twice, an empty field.
        assert!(error("nicht\n").starts_with("data/xx.tsv:1:"));
        assert!(error("\n[negation]\nnicht\n").starts_with("data/xx.tsv:2: no list"));
        assert!(error("[ones]\nein\n[ones]\n").starts_with("data/xx.tsv:3:"));
        assert!(error("[scales]\nmillion\t\n").starts_with("data/xx.tsv:2:"));
        let e = parse_gazetteer("g.tsv", "[a]\na\n[b]\nb\na\n")
            .err()
            .unwrap();
        assert!(e.starts_with("g.tsv:5:"), "{e}");
    }

    #[test]
    fn synonyms_share_a_term() {
        assert_eq!(canonical_stem("nations"), canonical_stem("countries"));
        assert_eq!(canonical_stem("prepared"), canonical_stem("ready"));
        assert_eq!(canonical_stem("soldiers"), canonical_stem("troops"));
        assert_ne!(canonical_stem("troops"), canonical_stem("countries"));
    }

    #[test]
    fn gazetteer_maps_capitals_and_demonyms() {
        assert_eq!(gazetteer("kremlin"), Some("russia"));
        assert_eq!(gazetteer("british"), Some("united kingdom"));
        assert_eq!(gazetteer("washington"), Some("united states"));
        assert_eq!(gazetteer("atlantis"), None);
    }

    #[test]
    fn inflected_places_share_their_start() {
        for word in ["украины", "украине", "украинские", "киеве"] {
            assert_eq!(
                Lexicon::of("ru").inflected_place(word),
                Some("ukraine"),
                "{word}"
            );
        }
        for word in ["росії", "російські", "москві"] {
            assert_eq!(
                Lexicon::of("uk").inflected_place(word),
                Some("russia"),
                "{word}"
            );
        }
        assert_eq!(Lexicon::of("ru").inflected_place("гарантии"), None);
        assert_eq!(
            Lexicon::of("fr").inflected_place("européennes"),
            Some("europe")
        );
        assert_eq!(
            Lexicon::of("es").inflected_place("estadounidenses"),
            Some("united states")
        );
        assert_eq!(
            Lexicon::of("it").inflected_place("americani"),
            Some("united states")
        );
        assert_eq!(gazetteer("états unis"), Some("united states"));
        assert_eq!(gazetteer("allemagne"), Some("germany"));
        assert_eq!(Lexicon::of("en").inflected_place("украины"), None);
        assert!(Lexicon::of("ru").declined_united_states("соединенных", "штатов"));
        assert!(Lexicon::of("uk").declined_united_states("сполучених", "штатів"));
        assert!(!Lexicon::of("ru").declined_united_states("объединенных", "наций"));
    }
}
