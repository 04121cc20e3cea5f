//! The language an article is written in, and what the reader knows of it: its stemmer,
//! stop words and word lists.
//!
//! Entry point: [`detect`] (whatlang on the article's text, unless its function words
//! make it plainly English), giving a [`Language`] whose [`Language::canonical_stem`] and
//! [`Language::is_stop_word`] the analysis uses. English keeps the richer lists of
//! `lexicon.rs` (news synonyms folded, reporting verbs as stop words). Other
//! languages get their Snowball stemmer from rust-stemmers where there is one (Russian,
//! German, French, Spanish, ...; Ukrainian and Polish, which it lacks, get a light
//! stemmer of our own that takes off inflectional endings) and the stopwords-iso list.
//! Each language holds its lexicon (`Language::lexicon`, set once when the languages are
//! set up): the lists of number words, scale and currency words, month names, hedges,
//! negations, ordinals and vague quantities ("сотни", "Tausende") the sentence reader
//! asks about each word. Russian, Ukrainian, German, French, Spanish, Italian, Polish
//! and Portuguese have their own (their files `data/<code>.tsv`), so that "10 млрд
//! долларов" is the figure of "$10 billion" and "18 августа" the date of "August 18";
//! other languages hold English's. German capitalises its nouns, so a capital there
//! marks a name only where no noun could stand (see `terms`). Across languages, reports
//! are linked through what does not depend on the language (see docs/matching.md).

use super::lexicon::{self, Lexicon};
use super::memo::{self, Memo};
use compact_str::CompactString;
use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::{FxHashMap, FxHashSet};
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::LazyLock;
use unicode_segmentation::UnicodeSegmentation;
use whatlang::Lang;

/// Below this confidence, or on too little text, the article is taken for English (the
/// language whose lists are richest), rather than stemmed by a guess.
const MIN_CONFIDENCE: f64 = 0.5;
const MIN_CHARS: usize = 40;

/// Stems remembered per thread and language; forgotten all at once past this many (a
/// few megabytes).
const STEMS_KEPT: usize = 100_000;

thread_local! {
    static STEMS: RefCell<FxHashMap<&'static str, FxHashMap<CompactString, CompactString>>> =
        RefCell::new(FxHashMap::default());
}

pub struct Language {
    /// ISO 639-1 code: `en`, `ru`, `uk`, `de`, ...
    pub code: &'static str,
    /// The language's word lists, or English's where it has none: what the reader asks
    /// about each word (`lang.lexicon.number_word(w)`).
    pub(super) lexicon: &'static Lexicon,
    stemming: Stemming,
    stop_words: FxHashSet<&'static str>,
}

/// How a language's words are stemmed.
enum Stemming {
    /// English: its synonym group's stem or its own (see [`lexicon::canonical_stem`]).
    English,
    Snowball(Stemmer),
    /// A light stemmer of our own, where rust-stemmers has none.
    Light(fn(&str) -> String),
}

impl Language {
    pub fn is_english(&self) -> bool {
        self.code == "en"
    }

    /// The term a lower-case word stands for: in English its synonym group's stem or its
    /// own stem; elsewhere its stem (see `Stemming`).
    pub fn canonical_stem(&self, word: &str) -> String {
        self.with_stem(word, str::to_string)
    }

    /// Calls `f` with the [`Language::canonical_stem`] of `word`, without copying it.
    pub fn with_stem<R>(&self, word: &str, f: impl FnOnce(&str) -> R) -> R {
        // News repeats its words: a word's stem is worked out once per thread.
        STEMS.with_borrow_mut(|stems| {
            let stems = stems.entry(self.code).or_default();
            if let Some(stem) = stems.get(word) {
                return f(stem);
            }
            let stem = match &self.stemming {
                Stemming::English => CompactString::from(lexicon::canonical_stem(word)),
                Stemming::Snowball(stemmer) => CompactString::from(stemmer.stem(word)),
                Stemming::Light(stem) => CompactString::from(stem(word)),
            };
            if stems.len() >= STEMS_KEPT {
                stems.clear();
            }
            let out = f(&stem);
            stems.insert(CompactString::from(word), stem);
            out
        })
    }

    pub fn is_stop_word(&self, word: &str) -> bool {
        if self.is_english() {
            lexicon::is_stop_word(word)
        } else {
            self.stop_words.contains(word) || lexicon::is_stop_word(word)
        }
    }
}

/// The stem a word of a name is known by, whatever the language of the text it is in.
/// Russian and Ukrainian decline names ("Зеленский", "с Зеленским", "Україна", "України"),
/// so a Cyrillic word goes by its Russian stem, which strips the endings the two
/// languages share; any other word by its English [`Language::canonical_stem`].
pub fn name_stem(word: &str) -> String {
    let cyrillic = |c: char| ('\u{0400}'..='\u{04FF}').contains(&c);
    let lang = if word.chars().any(cyrillic) {
        by_code("ru")
    } else {
        english()
    };
    lang.canonical_stem(word)
}

/// A light stem of a lower-case Ukrainian word, as rust-stemmers has no Ukrainian: the
/// longest inflectional ending of a noun, adjective or verb taken off, leaving at least
/// three letters, so that a word's cases and persons meet ("гарантії", "гарантіях",
/// "гарантіями"; "заявив", "заявила"). Written here for want of a crate; it strips
/// endings only, and leaves stem alternations ("безпека", "безпеці") apart.
fn ukrainian_stem(word: &str) -> String {
    const ENDINGS: &[&str] = &[
        // Verbs: reflexive, infinitive, present and past.
        "ються",
        "ється",
        "ться",
        "ися",
        "ася",
        "ся",
        "сь",
        "ати",
        "яти",
        "ити",
        "іти",
        "ти",
        "ють",
        "ять",
        "уть",
        "ать",
        "ить",
        "ємо",
        "емо",
        "имо",
        "їмо",
        "єте",
        "ете",
        "ите",
        "їте",
        "еш",
        "єш",
        "иш",
        "їш",
        "ла",
        "ло",
        "ли",
        "в",
        // Adjectives and participles.
        "ього",
        "ьому",
        "ого",
        "ому",
        "ими",
        "іми",
        "ої",
        "ою",
        "ею",
        "єю",
        "их",
        "іх",
        "ий",
        "ій",
        "ім",
        "им",
        // Nouns.
        "ією",
        "іями",
        "іям",
        "іях",
        "ія",
        "ії",
        "ію",
        "ами",
        "ями",
        "ові",
        "еві",
        "єві",
        "ам",
        "ям",
        "ах",
        "ях",
        "ів",
        "їв",
        "ом",
        "ем",
        "єм",
        "ей",
        // One letter.
        "а",
        "я",
        "и",
        "і",
        "ї",
        "у",
        "ю",
        "о",
        "е",
        "є",
        "ь",
    ];
    strip_longest_ending(word, ENDINGS)
}

/// A light stem of a lower-case Polish word, as rust-stemmers has no Polish: its longest
/// inflectional ending taken off, leaving at least three letters ("gwarancje",
/// "gwarancji", "gwarancjami"). Written here as [`ukrainian_stem`] is: Snowball's Polish
/// algorithm is in one Rust crate only (snowstem), too new yet to depend on.
fn polish_stem(word: &str) -> String {
    const ENDINGS: &[&str] = &[
        // Verbs.
        "ować", "ywać", "iwać", "ać", "eć", "ić", "yć", "ował", "owała", "owali", "ała", "ali",
        "ało", "ał", "iła", "ili", "ił", "yła", "yli", "ył", "ą", "ę", "esz", "emy", "ecie",
        // Adjectives.
        "ego", "emu", "ymi", "imi", "ych", "ich", "ej", "ym", "im", "ow", "owa", "owe", "owy",
        "owi", "owych", // Nouns.
        "ami", "ach", "ów", "om", "iem", "em", "ie", // One letter.
        "a", "e", "i", "o", "u", "y",
    ];
    strip_longest_ending(word, ENDINGS)
}

/// `word` without the longest of `endings` it ends with that leaves three letters.
fn strip_longest_ending(word: &str, endings: &[&str]) -> String {
    let letters = word.chars().count();
    endings
        .iter()
        .filter(|ending| word.ends_with(*ending) && letters >= ending.chars().count() + 3)
        .max_by_key(|ending| ending.len())
        .map_or_else(
            || word.to_string(),
            |ending| word[..word.len() - ending.len()].to_string(),
        )
}

/// English, the default.
pub fn english() -> &'static Language {
    by_code("en")
}

/// About this much of a document's text tells its language as well as all of it would.
const SAMPLE_BYTES: usize = 400;

/// The language of a document: its first sentences, and its title when they are short
/// of a sample. The title is left out otherwise so that an item reads the same with its
/// headline (when it is matched) and without it (as one of its story's documents).
pub fn of_document<'a>(title: &str, sentences: impl Iterator<Item = &'a str>) -> &'static Language {
    let mut text = String::new();
    for s in sentences {
        if text.len() > SAMPLE_BYTES {
            break;
        }
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(s);
    }
    if text.len() <= SAMPLE_BYTES && !title.is_empty() {
        text = format!("{title} {text}");
    }
    detect(&text)
}

/// Detections remembered per thread (see [`super::memo`]): an item's language is asked
/// for when it is matched and again when its story's entry takes it in.
const DETECTIONS_KEPT: usize = 1024;

thread_local! {
    static DETECTIONS: RefCell<Memo<(String, &'static Language)>> =
        RefCell::new(Memo::new(DETECTIONS_KEPT));
}

/// Function words of English that no other language whatlang tells apart uses as a word
/// ("to" is Polish, "for" Danish, "was" and "will" German, "is" Dutch, "on" French).
const ENGLISH_MARKERS: [&str; 22] = [
    "the", "and", "of", "that", "with", "from", "were", "have", "had", "has", "said", "this",
    "which", "would", "their", "they", "been", "who", "after", "about", "its", "she",
];

/// A text at least this many words long, this share of which are [`ENGLISH_MARKERS`],
/// is English: running English prose is about a sixth of them, other languages none but
/// in a quoted phrase.
const MARKED_MIN_WORDS: usize = 12;
const MARKED_SHARE: f64 = 0.08;

/// Whether `text` is plainly English by its function words. Most of a news stream is
/// English, and whatlang takes as long (about 0.1 ms) to tell it as any other language:
/// it scores the text against every language's trigrams.
fn plainly_english(text: &str) -> bool {
    let mut words = 0usize;
    let mut marked = 0usize;
    for word in text.unicode_words() {
        words += 1;
        if word.len() <= 5
            && ENGLISH_MARKERS
                .iter()
                .any(|marker| marker.eq_ignore_ascii_case(word))
        {
            marked += 1;
        }
    }
    words >= MARKED_MIN_WORDS && marked as f64 >= MARKED_SHARE * words as f64
}

/// The language of `text` (an article's title and body).
pub fn detect(text: &str) -> &'static Language {
    if text.chars().count() < MIN_CHARS || plainly_english(text) {
        return english();
    }
    let key = memo::key_of(text);
    DETECTIONS.with_borrow_mut(|detections| {
        let make = || {
            let language = match whatlang::detect(text) {
                Some(info) if info.confidence() >= MIN_CONFIDENCE => by_code(code(info.lang())),
                _ => english(),
            };
            (text.to_string(), language)
        };
        detections
            .get_or_insert_with(key, |(seen, _)| seen == text, make)
            .1
    })
}

/// The alphabets names are read in (with capitals): a name's words written in two of them
/// never meet (see `spelling.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    Latin,
    Cyrillic,
    Greek,
}

/// How many [`Script`]s there are.
pub const SCRIPTS: usize = 3;

/// The alphabet the language of an ISO 639-1 code is written in (Latin for a code not
/// known: text in a language without lists is read as English); none for a script
/// without capitals, whose names are not read (Arabic).
pub fn script_of(code: &str) -> Option<Script> {
    match code {
        "ru" | "uk" => Some(Script::Cyrillic),
        "el" => Some(Script::Greek),
        "ar" => None,
        _ => Some(Script::Latin),
    }
}

/// The language of an ISO 639-1 code; English for a code not known.
pub fn by_code(code: &str) -> &'static Language {
    LANGUAGES
        .get(code)
        .or_else(|| LANGUAGES.get("en"))
        .expect("English is always known")
}

/// Languages with a stemmer or a stop list; others are read as English would be.
static LANGUAGES: LazyLock<HashMap<&'static str, Language>> = LazyLock::new(|| {
    let snowball = |algorithm| Stemming::Snowball(Stemmer::create(algorithm));
    let languages: [(&str, Stemming); 19] = [
        ("en", Stemming::English),
        ("ru", snowball(Algorithm::Russian)),
        ("uk", Stemming::Light(ukrainian_stem)),
        ("pl", Stemming::Light(polish_stem)),
        ("de", snowball(Algorithm::German)),
        ("fr", snowball(Algorithm::French)),
        ("es", snowball(Algorithm::Spanish)),
        ("it", snowball(Algorithm::Italian)),
        ("pt", snowball(Algorithm::Portuguese)),
        ("nl", snowball(Algorithm::Dutch)),
        ("sv", snowball(Algorithm::Swedish)),
        ("da", snowball(Algorithm::Danish)),
        ("no", snowball(Algorithm::Norwegian)),
        ("fi", snowball(Algorithm::Finnish)),
        ("hu", snowball(Algorithm::Hungarian)),
        ("ro", snowball(Algorithm::Romanian)),
        ("tr", snowball(Algorithm::Turkish)),
        ("el", snowball(Algorithm::Greek)),
        ("ar", snowball(Algorithm::Arabic)),
    ];
    languages
        .into_iter()
        .map(|(code, stemming)| {
            let stop_words = stop_words::lookup(code)
                .map(|words| words.iter().copied().collect())
                .unwrap_or_default();
            (
                code,
                Language {
                    code,
                    lexicon: Lexicon::of(code),
                    stemming,
                    stop_words,
                },
            )
        })
        .collect()
});

fn code(lang: Lang) -> &'static str {
    match lang {
        Lang::Rus => "ru",
        Lang::Ukr => "uk",
        Lang::Pol => "pl",
        Lang::Deu => "de",
        Lang::Fra => "fr",
        Lang::Spa => "es",
        Lang::Ita => "it",
        Lang::Por => "pt",
        Lang::Nld => "nl",
        Lang::Swe => "sv",
        Lang::Dan => "da",
        Lang::Nob => "no",
        Lang::Fin => "fi",
        Lang::Hun => "hu",
        Lang::Ron => "ro",
        Lang::Tur => "tr",
        Lang::Ell => "el",
        Lang::Ara => "ar",
        _ => "en",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_prose_is_told_by_its_function_words_and_other_languages_are_not() {
        // whatlang takes these MSRP sentences for German and Dutch.
        for s in [
            "Hines died of cancer Saturday in Los Angeles, publicist Allen Eichhorn said Sunday.",
            "\"We're a quiet, peaceful town of 862 people and nothing ever happens,\" said Carolyn Greene Bennett, Cedar Grove's town recorder.",
        ] {
            assert!(plainly_english(s), "{s}");
            assert!(detect(s).is_english(), "{s}");
        }
        for (s, code) in [
            ("De Verenigde Staten zijn bereid om inlichtingen te leveren aan de Europese bondgenoten, zei een woordvoerder maandag in Washington. Of de regering dat had verwacht, is niet duidelijk.", "nl"),
            ("Stany Zjednoczone są gotowe przekazać dane wywiadowcze europejskim sojusznikom, powiedział w poniedziałek rzecznik w Waszyngtonie. To jest ważna decyzja.", "pl"),
            // An English phrase quoted in German prose.
            ("Der Sprecher sagte, \"the deal is done\", und fügte hinzu, dass die Verhandlungen mit Moskau noch nicht abgeschlossen seien und die Regierung weitere Gespräche plane.", "de"),
        ] {
            assert!(!plainly_english(s), "{s}");
            assert_eq!(detect(s).code, code, "{s}");
        }
    }

    #[test]
    fn a_name_goes_by_its_stem_in_every_case() {
        assert_eq!(name_stem("зеленским"), name_stem("зеленский"));
        assert_eq!(name_stem("зеленського"), name_stem("зеленський"));
        assert_eq!(name_stem("трампа"), name_stem("трамп"));
        assert_ne!(name_stem("трамп"), name_stem("туск"));
        // Latin names keep the English stem.
        assert_eq!(name_stem("hegseth"), lexicon::canonical_stem("hegseth"));
    }

    #[test]
    fn each_language_gets_its_own_stemmer_and_stop_words() {
        let ru = detect("Соединённые Штаты готовы предоставить разведывательные данные европейским союзникам, сообщили в Вашингтоне.");
        assert_eq!(ru.code, "ru");
        assert_eq!(
            ru.canonical_stem("гарантиями"),
            ru.canonical_stem("гарантии")
        );
        assert!(ru.is_stop_word("и") && ru.is_stop_word("что"));
        let de = detect("Die Vereinigten Staaten sind bereit, den europäischen Verbündeten Geheimdienstinformationen zu liefern.");
        assert_eq!(de.code, "de");
        assert_eq!(
            de.canonical_stem("garantien"),
            de.canonical_stem("garantie")
        );
        assert!(de.is_stop_word("und"));
        let uk = detect("Сполучені Штати готові надати розвідувальні дані європейським союзникам, повідомили у Вашингтоні.");
        assert_eq!(uk.code, "uk");
        // A light stemmer of our own (rust-stemmers has none): cases and persons meet.
        for (a, b) in [
            ("гарантії", "гарантіями"),
            ("гарантій", "гарантіях"),
            ("україни", "україною"),
            ("союзники", "союзників"),
            ("європейські", "європейських"),
            ("заявив", "заявила"),
        ] {
            assert_eq!(uk.canonical_stem(a), uk.canonical_stem(b), "{a} {b}");
        }
        assert_ne!(uk.canonical_stem("гарантії"), uk.canonical_stem("союзники"));
        // Short words stay whole.
        assert_eq!(uk.canonical_stem("мир"), "мир");
        assert!(uk.is_stop_word("що"));
        let pl = by_code("pl");
        for (a, b) in [
            ("gwarancje", "gwarancjami"),
            ("sojuszników", "sojusznikami"),
            ("europejskich", "europejskie"),
        ] {
            assert_eq!(pl.canonical_stem(a), pl.canonical_stem(b), "{a} {b}");
        }
        let en = detect("The United States is ready to provide intelligence to its European allies, officials said.");
        assert!(en.is_english());
        assert_eq!(en.canonical_stem("nations"), en.canonical_stem("countries"));
        // Too little text to tell: English.
        assert!(detect("Київ").is_english());
    }
}
