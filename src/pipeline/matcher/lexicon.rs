//! The English word lists the matcher leans on: stop words, number words, negations,
//! synonym groups common in news paraphrase, and a gazetteer of countries with their
//! demonyms and capitals (news writes "Moscow" and "the Kremlin" for Russia's government).
//! Number, scale, unit and month words, hedges and negations are also listed for the
//! languages of [`READ_LANGUAGES`] (the `_in` functions, which take a language code).
//!
//! These are general lists, not fitted to any corpus: a restatement of a fact in other
//! words should map to the same terms whichever story it comes from.

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::{FxHashMap, FxHashSet};
use std::cmp::Ordering;
use std::sync::LazyLock;

pub static STEMMER: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));

/// Function words, reporting verbs, hedges and relative time words: they carry no fact.
pub const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "according",
    "across",
    "after",
    "again",
    "against",
    "ago",
    "all",
    "almost",
    "along",
    "already",
    "also",
    "although",
    "always",
    "am",
    "among",
    "amid",
    "an",
    "and",
    "another",
    "any",
    "approximately",
    "are",
    "around",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "behind",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "certainly",
    "cite",
    "cited",
    "citing",
    "could",
    "currently",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "either",
    "else",
    "even",
    "ever",
    "every",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "however",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "later",
    "least",
    "less",
    "like",
    "many",
    "may",
    "me",
    "meanwhile",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "near",
    "nearly",
    "nevertheless",
    "next",
    "noted",
    "now",
    "of",
    "off",
    "often",
    "on",
    "once",
    "only",
    "or",
    "other",
    "others",
    "our",
    "ours",
    "out",
    "over",
    "own",
    "per",
    "perhaps",
    "possibly",
    "previously",
    "primarily",
    "probably",
    "quite",
    "rather",
    "really",
    "recently",
    "reportedly",
    "roughly",
    "same",
    "several",
    "shall",
    "she",
    "should",
    "since",
    "so",
    "some",
    "somewhat",
    "still",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "though",
    "through",
    "thus",
    "to",
    "too",
    "toward",
    "towards",
    "under",
    "until",
    "up",
    "upon",
    "very",
    "via",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
    "yet",
    "you",
    "your",
    "yours",
    "ll",
    "re",
    "ve",
    "d",
    "s",
    "t",
    "m",
    "one",
    "ones",
    "week",
    "today",
    "yesterday",
    "tomorrow",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "weekend",
    "said",
    "say",
    "says",
    "saying",
    "told",
    "tell",
    "tells",
    "stated",
    "stating",
    "added",
    "adding",
    "noting",
    "stressed",
    "stressing",
    "reported",
    "reports",
    "reporting",
    "report",
    "announced",
    "explained",
    "insisted",
    "insisting",
    "declared",
    "declaring",
    "indicated",
    "repeatedly",
    "consistently",
    "particularly",
    "particular",
    "especially",
    "mainly",
    "mostly",
    "largely",
    "certain",
    "various",
    "numerous",
    "multiple",
    "number",
    "way",
    "part",
    "make",
    "made",
    "making",
    "take",
    "taken",
    "took",
    "get",
    "got",
    "go",
    "going",
    "went",
    "come",
    "comes",
    "came",
    "give",
    "given",
    "gave",
    "put",
    "set",
    "new",
    "well",
    "following",
    "regarding",
    "concerning",
];

/// Words that turn a statement around: a negated sentence is checked against negated ones.
pub const NEGATIONS: &[&str] = &[
    "not", "no", "never", "nor", "neither", "cannot", "refuse", "refused", "refuses", "reject",
    "rejected", "rejects", "deny", "denied", "denies", "oppose", "opposed", "opposes", "ruled",
    "rules",
];

/// Groups of words news uses for one another; each maps to its first word's stem.
const SYNONYMS: &[&[&str]] = &[
    &["country", "nation", "countries", "nations"],
    &[
        "troop",
        "soldier",
        "forces",
        "personnel",
        "servicemen",
        "force",
    ],
    &[
        "ready",
        "prepared",
        "willing",
        "readiness",
        "willingness",
        "preparedness",
    ],
    &["help", "assist", "aid", "assistance", "support"],
    &[
        "talk",
        "discussion",
        "negotiation",
        "conversation",
        "discuss",
        "negotiate",
    ],
    &["plan", "proposal", "propose", "scheme"],
    &["guarantee", "assurance", "guarantees", "assurances"],
    &[
        "war",
        "conflict",
        "hostilities",
        "fighting",
        "combat",
        "warfare",
    ],
    &[
        "deploy",
        "send",
        "dispatch",
        "deployment",
        "station",
        "stationed",
    ],
    &["ceasefire", "truce", "armistice"],
    &["wide", "broad", "wider", "broader"],
    &["idea", "prospect", "possibility"],
    &["begin", "start", "launch"],
    &["end", "cessation", "cease", "halt", "stop"],
    &["kill", "killed", "dead", "death", "die", "died"],
    &["injure", "wound", "hurt", "injured", "wounded"],
    &["arrest", "detain", "detained", "arrested"],
    &["buy", "purchase", "acquire"],
    &["weapon", "arms", "armament", "weaponry", "armaments"],
    &["aircraft", "plane", "jet", "warplane", "planes"],
    &["resign", "quit", "resignation"],
    &["increase", "raise", "boost", "rise", "hike"],
    &[
        "decrease", "cut", "reduce", "decline", "drop", "wane", "waning", "fall",
    ],
    &["reject", "rule", "oppose", "refuse", "dismiss"],
    &["confirm", "acknowledge", "admit", "concede"],
    &["warn", "caution"],
    &["meeting", "summit", "talks"],
    &["postwar", "post-war", "post-conflict"],
    &["big", "large", "major", "significant", "substantial"],
    &["shield", "umbrella"],
    &["chief", "head", "leader"],
];

/// Countries and blocs as news names them; every form maps to the first.
const GAZETTEER: &[&[&str]] = &[
    &[
        "united states",
        "us",
        "usa",
        "america",
        "american",
        "americans",
        "washington",
        "vereinigte staaten",
        "vereinigten staaten",
        "amerika",
        "amerikanisch",
        "сша",
        "états unis",
        "estados unidos",
        "eeuu",
        "stati uniti",
        "eua",
    ],
    &[
        "united kingdom",
        "uk",
        "britain",
        "british",
        "great britain",
        "london",
        "großbritannien",
        "vereinigtes königreich",
        "vereinigten königreich",
        "britisch",
        "royaume uni",
        "londres",
        "reino unido",
        "regno unito",
        "londra",
    ],
    &[
        "france",
        "french",
        "paris",
        "frankreich",
        "französisch",
        "francia",
        "frança",
        "parigi",
    ],
    &[
        "russia",
        "russian",
        "russians",
        "moscow",
        "kremlin",
        "russian federation",
        "russland",
        "moskau",
        "kreml",
        "russisch",
        "russie",
        "moscou",
        "rusia",
        "moscú",
        "mosca",
        "rússia",
        "moscovo",
    ],
    &[
        "ukraine",
        "ukrainian",
        "ukrainians",
        "kyiv",
        "kiev",
        "kiew",
        "ukrainisch",
        "ucrania",
        "ucraina",
        "ucrânia",
    ],
    &[
        "europe",
        "european",
        "europeans",
        "eu",
        "european union",
        "brussels",
        "europa",
        "europäische union",
        "europäischen union",
        "brüssel",
        "europäisch",
        "ес",
        "єс",
        "ue",
        "bruxelles",
        "bruselas",
        "bruxelas",
        "unione europea",
        "union européenne",
        "unión europea",
        "união europeia",
    ],
    &[
        "germany",
        "german",
        "germans",
        "berlin",
        "deutschland",
        "deutsch",
        "allemagne",
        "alemania",
        "germania",
        "alemanha",
        "berlino",
    ],
    &[
        "italy",
        "italian",
        "italians",
        "rome",
        "italien",
        "rom",
        "italienisch",
    ],
    &[
        "china",
        "chinese",
        "beijing",
        "peking",
        "chinesisch",
        "chine",
        "pékin",
        "cina",
        "pechino",
    ],
    &["japan", "japanese", "tokyo", "japanisch"],
    &[
        "india",
        "indian",
        "new delhi",
        "indien",
        "neu delhi",
        "indisch",
    ],
    &["israel", "israeli", "israelis", "jerusalem", "israelisch"],
    &[
        "iran", "iranian", "iranians", "tehran", "teheran", "iranisch",
    ],
    &[
        "turkey",
        "turkish",
        "ankara",
        "turkiye",
        "türkei",
        "türkisch",
    ],
    &[
        "poland", "polish", "warsaw", "polen", "warschau", "polnisch", "pologne", "varsovie",
        "polonia", "varsovia", "varsavia", "polônia", "polónia",
    ],
    &["canada", "canadian", "ottawa", "kanada", "kanadisch"],
    &["spain", "spanish", "madrid", "spanien", "spanisch"],
    &[
        "syria", "syrian", "damascus", "syrien", "damaskus", "syrisch",
    ],
    &[
        "palestine",
        "palestinian",
        "palestinians",
        "palästina",
        "palästinensisch",
    ],
    &[
        "saudi arabia",
        "saudi",
        "riyadh",
        "saudi arabien",
        "saudisch",
    ],
    &[
        "egypt",
        "egyptian",
        "cairo",
        "ägypten",
        "kairo",
        "ägyptisch",
    ],
    &[
        "belarus",
        "belarusian",
        "minsk",
        "weißrussland",
        "belarussisch",
    ],
    &["hungary", "hungarian", "budapest", "ungarn", "ungarisch"],
    &[
        "netherlands",
        "dutch",
        "the hague",
        "niederlande",
        "den haag",
        "niederländisch",
    ],
    &[
        "australia",
        "australian",
        "canberra",
        "australien",
        "australisch",
    ],
    &["mexico", "mexican", "mexiko", "mexikanisch"],
    &[
        "brazil",
        "brazilian",
        "brasilia",
        "brasilien",
        "brasilianisch",
    ],
    &[
        "north korea",
        "north korean",
        "pyongyang",
        "nordkorea",
        "nordkoreanisch",
    ],
    &[
        "south korea",
        "south korean",
        "seoul",
        "südkorea",
        "südkoreanisch",
    ],
    &["nato", "north atlantic treaty organization", "otan"],
    &[
        "united nations",
        "un",
        "u.n",
        "vereinte nationen",
        "vereinten nationen",
    ],
];

/// Single number words and their values ("one" is left out: it is mostly a pronoun).
pub fn number_word(word: &str) -> Option<f64> {
    const UNITS: &[&str] = &[
        "zero",
        "",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: &[&str] = &[
        "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    if word.is_empty() {
        return None;
    }
    if let Some(i) = UNITS.iter().position(|w| *w == word) {
        return Some(i as f64);
    }
    if let Some(i) = TENS.iter().position(|w| *w == word) {
        return Some(i as f64 * 10.0);
    }
    (word == "dozen").then_some(12.0)
}

/// Plural scale words that name a quantity by its order of magnitude: "hundreds of soldiers".
pub fn vague_quantity(word: &str) -> Option<&'static str> {
    match word {
        "dozens" => Some("dozens"),
        "hundreds" => Some("hundreds"),
        "thousands" => Some("thousands"),
        "millions" => Some("millions"),
        "billions" => Some("billions"),
        _ => None,
    }
}

/// Words written with a capital that name no one: compass adjectives ("Western forces").
pub fn is_capitalised_common_word(word: &str) -> bool {
    matches!(
        word,
        "western" | "eastern" | "northern" | "southern" | "west" | "east" | "north" | "south"
    )
}

/// A word that is no name alone but opens one: "New York", "New Delhi". Not the compass
/// words: "the Western Country" (a translation's capitals) would be a new actor, and
/// "North Carolina" read as "carolina" is still itself.
pub fn opens_name(word: &str) -> bool {
    word == "new"
}

/// A name word and the forms it takes as a place and as its people: "iraq", "iraqi",
/// "iraqis"; "taiwanese", "taiwan". The part left must be long enough to be a name.
pub fn demonym_forms(word: &str) -> impl Iterator<Item = String> + '_ {
    const SUFFIXES: &[&str] = &["i", "is", "ian", "ians", "ese", "ish", "an", "ans"];
    let shorter = SUFFIXES.iter().filter_map(move |suffix| {
        word.strip_suffix(suffix)
            .filter(|base| base.chars().count() >= 4)
            .map(str::to_string)
    });
    let longer = SUFFIXES.iter().map(move |suffix| format!("{word}{suffix}"));
    std::iter::once(word.to_string())
        .chain(shorter)
        .chain(longer)
}

/// US states by name and by the abbreviation news writes after a city ("Harlingen,
/// Texas", "Fort Lauderdale, Fla.", "Amherst, N.Y."), lower-case without full stops.
pub fn is_us_state(name: &str) -> bool {
    const STATES: &[&str] = &[
        "alabama",
        "ala",
        "alaska",
        "arizona",
        "ariz",
        "arkansas",
        "ark",
        "california",
        "calif",
        "colorado",
        "colo",
        "connecticut",
        "conn",
        "delaware",
        "del",
        "florida",
        "fla",
        "georgia",
        "ga",
        "hawaii",
        "idaho",
        "illinois",
        "ill",
        "indiana",
        "ind",
        "iowa",
        "kansas",
        "kan",
        "kentucky",
        "ky",
        "louisiana",
        "la",
        "maine",
        "maryland",
        "md",
        "massachusetts",
        "mass",
        "michigan",
        "mich",
        "minnesota",
        "minn",
        "mississippi",
        "miss",
        "missouri",
        "mo",
        "montana",
        "mont",
        "nebraska",
        "neb",
        "nevada",
        "nev",
        "new hampshire",
        "nh",
        "new jersey",
        "nj",
        "new mexico",
        "nm",
        "new york",
        "ny",
        "north carolina",
        "nc",
        "north dakota",
        "nd",
        "ohio",
        "oklahoma",
        "okla",
        "oregon",
        "ore",
        "pennsylvania",
        "pa",
        "rhode island",
        "ri",
        "south carolina",
        "sc",
        "south dakota",
        "sd",
        "tennessee",
        "tenn",
        "texas",
        "tex",
        "utah",
        "vermont",
        "vt",
        "virginia",
        "va",
        "washington",
        "wash",
        "west virginia",
        "wva",
        "wisconsin",
        "wis",
        "wyoming",
        "wyo",
    ];
    STATES.contains(&name)
}

/// Whether `word` is an article in the language of `code`; `None` for a language that
/// has none (Russian, Ukrainian, Polish), where nothing marks a noun left out.
pub fn is_article_in(code: &str, word: &str) -> Option<bool> {
    let articles: &[&str] = match code {
        "ru" | "uk" | "pl" => return None,
        "de" => &[
            "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer",
            "eines",
        ],
        "fr" => &["le", "la", "les", "l", "un", "une", "des", "du"],
        "es" => &["el", "la", "los", "las", "un", "una"],
        "it" => &["il", "lo", "la", "i", "gli", "le", "l", "un", "una", "uno"],
        "pt" => &["o", "a", "os", "as", "um", "uma"],
        _ => &["the", "a", "an"],
    };
    Some(articles.contains(&word))
}

/// Whether a language capitalises every noun (German): there a capital marks a noun far
/// more often than a name, and a capitalised word is read as a name only where a noun
/// could not stand (see `terms::common_nouns`).
pub fn capitalises_nouns(code: &str) -> bool {
    code == "de"
}

/// German words that open a noun phrase: the articles, their contractions with a
/// preposition ("im", "zum"), and the determiners, possessives and quantifiers that take
/// their place. A capitalised word after one (and any adjectives) is a noun: "die
/// Hauptlast", "nach einem Treffen", "die europäischen Verbündeten".
pub fn is_german_determiner(word: &str) -> bool {
    matches!(
        word,
        "der"
            | "die"
            | "das"
            | "den"
            | "dem"
            | "des"
            | "ein"
            | "eine"
            | "einen"
            | "einem"
            | "einer"
            | "eines"
            | "kein"
            | "keine"
            | "keinen"
            | "keinem"
            | "keiner"
            | "keines"
            | "im"
            | "am"
            | "zum"
            | "zur"
            | "vom"
            | "beim"
            | "ins"
            | "ans"
            | "aufs"
            | "dieser"
            | "diese"
            | "dieses"
            | "diesen"
            | "diesem"
            | "jeder"
            | "jede"
            | "jedes"
            | "jeden"
            | "jedem"
            | "alle"
            | "allen"
            | "aller"
            | "beide"
            | "beiden"
            | "viele"
            | "vielen"
            | "einige"
            | "einigen"
            | "mehrere"
            | "mehreren"
            | "wenige"
            | "wenigen"
            | "seine"
            | "seinen"
            | "seinem"
            | "seiner"
            | "seines"
            | "ihre"
            | "ihren"
            | "ihrem"
            | "ihrer"
            | "ihres"
            | "unsere"
            | "unseren"
            | "unserem"
            | "unserer"
            | "welche"
            | "welcher"
            | "welchen"
            | "solche"
            | "solchen"
    )
}

/// German noun endings that no person's or place's name has: "Unterstützung",
/// "Sicherheit", "Mannschaft", "Koalition", "Souveränität".
pub fn has_german_noun_suffix(word: &str) -> bool {
    const SUFFIXES: &[&str] = &[
        "ung", "ungen", "heit", "heiten", "keit", "keiten", "schaft", "schaften", "tion", "tionen",
        "sion", "sionen", "ität", "itäten", "ismus", "nis", "nisse", "tum",
    ];
    SUFFIXES.iter().any(|suffix| {
        word.strip_suffix(suffix)
            .is_some_and(|stem| stem.chars().count() >= 3)
    })
}

/// Whether a German word has the shape of an inflected adjective or participle
/// ("europäischen", "geplante"); verbs and many nouns share it, so it only counts between
/// a determiner and a noun.
pub fn is_german_adjective_shaped(word: &str) -> bool {
    word.chars().count() >= 4 && german_adjective_stems(word).next().is_some()
}

/// What is left of a German word without each adjective ending it has ("europäischen":
/// "europäische", "europäisch"): one of them is its stem if it is an adjective.
pub fn german_adjective_stems(word: &str) -> impl Iterator<Item = &str> {
    ["e", "en", "er", "es", "em"]
        .into_iter()
        .filter_map(move |ending| word.strip_suffix(ending))
}

/// Whether a German word is an inflected adjective of the kinds that open names, where
/// they are capitalised: of a place or people ("Europäische Union", "Deutsche Bank"), a
/// participle ("Vereinigte Staaten"), a colour, size or order ("Weißes Haus", "Rotes
/// Kreuz", "Naher Osten"). A noun ending like an adjective ("Sender", "Truppen") is none.
pub fn is_german_name_adjective(word: &str) -> bool {
    const STEM_ENDINGS: &[&str] = &["isch", "sch", "lich", "ig", "igt", "al"];
    const STEMS: &[&str] = &[
        "weiß", "rot", "schwarz", "grün", "blau", "groß", "neu", "nah", "fern", "hoh", "vereint",
        "erst", "zweit", "dritt",
    ];
    german_adjective_stems(word)
        .any(|stem| STEMS.contains(&stem) || STEM_ENDINGS.iter().any(|e| stem.ends_with(e)))
}

/// Titles written before a name ("Mr. Tauzin", "Sir Richard"): part of no name, and their
/// full stop ends no sentence.
pub fn is_honorific(word: &str) -> bool {
    matches!(
        word,
        "mr" | "mrs" | "ms" | "miss" | "mme" | "dr" | "sir" | "dame" | "prof" | "rev"
    )
}

/// Titles news abbreviates before a name, with a full stop: "Sen. John McCain", "Gen.
/// David Petraeus". Only with the full stop: "Amartya Sen" is a name.
pub fn is_abbreviated_title(word: &str) -> bool {
    matches!(
        word,
        "sen"
            | "rep"
            | "gov"
            | "gen"
            | "col"
            | "lt"
            | "sgt"
            | "capt"
            | "cmdr"
            | "adm"
            | "maj"
            | "cpl"
            | "pvt"
            | "supt"
            | "det"
            | "insp"
            | "amb"
            | "pres"
            | "atty"
            | "brig"
    )
}

/// Acronyms that are job titles, not actors: "CEO Larry Page", "the company's CFO". They
/// are read as words.
pub fn is_title_acronym(word: &str) -> bool {
    matches!(
        word,
        "ceo" | "cfo" | "coo" | "cto" | "cio" | "vp" | "mp" | "mps" | "mep" | "meps"
    )
}

/// Verbs that attribute a statement to whoever says it.
pub fn is_reporting_verb(word: &str) -> bool {
    matches!(
        word,
        "said"
            | "says"
            | "say"
            | "told"
            | "tells"
            | "added"
            | "adds"
            | "stated"
            | "noted"
            | "explained"
            | "wrote"
            | "writes"
            | "insisted"
            | "argued"
    )
}

/// Words between a speaker and the reporting verb: "X has said", "a Pentagon spokesman said".
pub fn is_speaker_filler(word: &str) -> bool {
    matches!(
        word,
        "also"
            | "has"
            | "have"
            | "had"
            | "later"
            | "earlier"
            | "previously"
            | "then"
            | "spokesman"
            | "spokeswoman"
            | "spokesperson"
            | "official"
            | "officials"
    )
}

/// Words (one or two) before a number that say it is rounded, and on which side of it
/// the true figure lies: `Less` for "nearly 10", `Greater` for "more than 2,000", `Equal`
/// for "about 300".
pub fn hedge(words: &str) -> Option<Ordering> {
    match words {
        "about" | "around" | "some" | "roughly" | "approximately" | "estimated" => {
            Some(Ordering::Equal)
        }
        "nearly" | "almost" | "under" | "less than" | "fewer than" | "close to" | "up to"
        | "just under" => Some(Ordering::Less),
        "over" | "more than" | "just over" | "upwards of" => Some(Ordering::Greater),
        _ => None,
    }
}

/// Ordinal words as numbers: "a third line" names one line among several.
pub fn ordinal_word(word: &str) -> Option<u32> {
    const ORDINALS: &[&str] = &[
        "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
        "tenth",
    ];
    ORDINALS
        .iter()
        .position(|w| *w == word)
        .map(|i| i as u32 + 1)
}

/// Scale words that multiply the number before them.
pub fn scale_word(word: &str) -> Option<f64> {
    match word {
        "hundred" => Some(1e2),
        "thousand" => Some(1e3),
        "million" | "mn" | "m" => Some(1e6),
        "billion" | "bn" | "b" => Some(1e9),
        "trillion" | "tn" => Some(1e12),
        _ => None,
    }
}

/// Words that give a number its unit.
pub fn unit_word(word: &str) -> Option<&'static str> {
    match word {
        "percent" | "pct" => Some("percent"),
        "dollar" | "dollars" | "usd" => Some("usd"),
        "euro" | "euros" | "eur" => Some("eur"),
        "pound" | "pounds" | "gbp" => Some("gbp"),
        _ => None,
    }
}

pub fn is_stop_word(word: &str) -> bool {
    STOP_SET.contains(word)
}

/// The canonical term for a lower-case word: its synonym group's stem, or its own stem.
pub fn canonical_stem(word: &str) -> String {
    if let Some(canonical) = SYNONYM_MAP.get(word) {
        return canonical.clone();
    }
    let stem = STEMMER.stem(word).into_owned();
    SYNONYM_MAP.get(&stem).cloned().unwrap_or(stem)
}

/// Places by the start of their word where a language declines them or writes their
/// adjectives in lower case: in Russian and Ukrainian every case of the name and of its
/// adjective ("Украина", "Украины", "украинские"; "Росія", "російський"); in French,
/// Spanish, Italian and Portuguese the adjectives in all their genders and numbers
/// ("européens", "estadounidenses", "americani"), their countries' names being in
/// [`GAZETTEER`]. Longest first where one starts another.
const INFLECTED_PLACES: &[(&str, &[(&str, &str)])] = &[
    (
        "ru",
        &[
            ("украин", "ukraine"),
            ("киев", "ukraine"),
            ("росси", "russia"),
            ("москв", "russia"),
            ("москов", "russia"),
            ("кремл", "russia"),
            ("америк", "united states"),
            ("вашингтон", "united states"),
            ("евросоюз", "europe"),
            ("европ", "europe"),
            ("брюссел", "europe"),
            ("германи", "germany"),
            ("немец", "germany"),
            ("немецк", "germany"),
            ("берлин", "germany"),
            ("франци", "france"),
            ("французск", "france"),
            ("париж", "france"),
            ("британи", "united kingdom"),
            ("британск", "united kingdom"),
            ("лондон", "united kingdom"),
            ("польш", "poland"),
            ("польск", "poland"),
            ("варшав", "poland"),
            ("белорус", "belarus"),
            ("минск", "belarus"),
            ("турци", "turkey"),
            ("турецк", "turkey"),
            ("нато", "nato"),
        ],
    ),
    (
        "uk",
        &[
            ("україн", "ukraine"),
            ("київ", "ukraine"),
            ("києв", "ukraine"),
            ("росі", "russia"),
            ("москв", "russia"),
            ("московськ", "russia"),
            ("кремл", "russia"),
            ("америк", "united states"),
            ("вашингтон", "united states"),
            ("євросоюз", "europe"),
            ("європ", "europe"),
            ("брюссел", "europe"),
            ("німеч", "germany"),
            ("німецьк", "germany"),
            ("берлін", "germany"),
            ("франці", "france"),
            ("французьк", "france"),
            ("париж", "france"),
            ("британі", "united kingdom"),
            ("британськ", "united kingdom"),
            ("лондон", "united kingdom"),
            ("польщ", "poland"),
            ("польськ", "poland"),
            ("варшав", "poland"),
            ("білорус", "belarus"),
            ("мінськ", "belarus"),
            ("туреччин", "turkey"),
            ("турецьк", "turkey"),
            ("нато", "nato"),
        ],
    ),
    (
        "fr",
        &[
            ("américain", "united states"),
            ("européen", "europe"),
            ("russe", "russia"),
            ("ukrainien", "ukraine"),
            ("allemand", "germany"),
            ("français", "france"),
            ("britannique", "united kingdom"),
            ("polonais", "poland"),
            ("chinois", "china"),
        ],
    ),
    (
        "es",
        &[
            ("estadounidense", "united states"),
            ("norteamerican", "united states"),
            ("american", "united states"),
            ("europe", "europe"),
            ("ruso", "russia"),
            ("rusa", "russia"),
            ("ucranian", "ukraine"),
            ("alemán", "germany"),
            ("alemana", "germany"),
            ("alemanes", "germany"),
            ("francés", "france"),
            ("frances", "france"),
            ("británic", "united kingdom"),
            ("polaco", "poland"),
            ("polaca", "poland"),
            ("chino", "china"),
        ],
    ),
    (
        "it",
        &[
            ("statunitens", "united states"),
            ("american", "united states"),
            ("europe", "europe"),
            ("russo", "russia"),
            ("russa", "russia"),
            ("russi", "russia"),
            ("russe", "russia"),
            ("ucrain", "ukraine"),
            ("tedesc", "germany"),
            ("frances", "france"),
            ("britannic", "united kingdom"),
            ("polacc", "poland"),
            ("cines", "china"),
        ],
    ),
    (
        "pt",
        &[
            ("estadunidense", "united states"),
            ("american", "united states"),
            ("europe", "europe"),
            ("russo", "russia"),
            ("russa", "russia"),
            ("ucranian", "ukraine"),
            ("alemão", "germany"),
            ("alemã", "germany"),
            ("francês", "france"),
            ("francesa", "france"),
            ("britânic", "united kingdom"),
            ("polonês", "poland"),
            ("polonesa", "poland"),
            ("chinês", "china"),
            ("chinesa", "china"),
        ],
    ),
];

/// The place an inflected word names in its language (see [`INFLECTED_PLACES`]), in
/// either capitalisation: the adjectives are written in lower case.
pub fn inflected_place_in(code: &str, word: &str) -> Option<&'static str> {
    let (_, places) = INFLECTED_PLACES.iter().find(|(c, _)| *c == code)?;
    places
        .iter()
        .find(|(start, _)| word.starts_with(start))
        .map(|&(_, place)| place)
}

/// Whether two Russian or Ukrainian words name the United States in any case:
/// "Соединенные Штаты", "Соединенных Штатов", "Сполучені Штати", "Сполучених Штатів".
pub fn declined_united_states(code: &str, first: &str, second: &str) -> bool {
    let opening = match code {
        "ru" => "соедин",
        "uk" => "сполуч",
        _ => return false,
    };
    first.starts_with(opening) && second.starts_with("штат")
}

/// The country or bloc a lower-case name (one to three words) stands for.
pub fn gazetteer(name: &str) -> Option<&'static str> {
    GAZETTEER_MAP.get(name).copied()
}

// The lexicon's maps are asked about every word of every sentence: FxHash is several
// times faster than SipHash on short keys, and as the tables are fixed lists no input can
// crowd them with colliding keys.
static STOP_SET: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| STOP_WORDS.iter().copied().collect());

static SYNONYM_MAP: LazyLock<FxHashMap<String, String>> = LazyLock::new(|| {
    let mut map = FxHashMap::default();
    for group in SYNONYMS {
        let canonical = STEMMER.stem(group[0]).into_owned();
        for word in *group {
            map.insert(word.to_string(), canonical.clone());
            map.insert(STEMMER.stem(word).into_owned(), canonical.clone());
        }
    }
    map
});

static GAZETTEER_MAP: LazyLock<FxHashMap<&'static str, &'static str>> = LazyLock::new(|| {
    GAZETTEER
        .iter()
        .flat_map(|group| group.iter().map(move |name| (*name, group[0])))
        .collect()
});

/// Languages other than English whose number words, scales, units, months, hedges and
/// negations are listed below; others are read with the English lists.
pub const READ_LANGUAGES: &[&str] = &["ru", "uk", "de", "fr", "es", "it", "pl", "pt"];

/// Negation words by language (their stop lists hold most of them: negation is read
/// before stop words go).
fn negations_of(code: &str) -> &'static [&'static str] {
    match code {
        "ru" => &[
            "не",
            "ни",
            "нет",
            "никогда",
            "отказался",
            "отказались",
            "отверг",
            "отвергли",
        ],
        "uk" => &[
            "не",
            "ні",
            "немає",
            "нема",
            "ніколи",
            "відмовився",
            "відмовилися",
        ],
        "de" => &[
            "nicht", "kein", "keine", "keinen", "keinem", "keiner", "keines", "nie", "niemals",
            "weder",
        ],
        // "n'a pas": the elided "n'" is read as a word "n" of its own.
        "fr" => &["ne", "n", "pas", "jamais", "aucun", "aucune", "non", "ni"],
        "es" => &["no", "nunca", "jamás", "ningún", "ninguna", "ninguno", "ni"],
        "it" => &["non", "mai", "nessun", "nessuna", "nessuno", "né"],
        "pl" => &["nie", "nigdy", "żaden", "żadna", "żadne", "żadnych", "ani"],
        "pt" => &["não", "nunca", "jamais", "nenhum", "nenhuma", "nem"],
        _ => NEGATIONS,
    }
}

/// Whether `word` turns a statement around in the language `code`.
pub fn is_negation_in(code: &str, word: &str) -> bool {
    negations_of(code).contains(&word)
}

/// Number words by language, each with its value. "One" is left out as in English: its
/// word is an article or a pronoun as often as a count ("ein", "un", "uno", "один из").
const NUMBER_WORDS: &[(&str, &[(&str, f64)])] = &[
    (
        "ru",
        &[
            ("ноль", 0.0),
            ("нуль", 0.0),
            ("два", 2.0),
            ("две", 2.0),
            ("двух", 2.0),
            ("двум", 2.0),
            ("двумя", 2.0),
            ("три", 3.0),
            ("трёх", 3.0),
            ("трех", 3.0),
            ("трём", 3.0),
            ("трем", 3.0),
            ("тремя", 3.0),
            ("четыре", 4.0),
            ("четырёх", 4.0),
            ("четырех", 4.0),
            ("четырьмя", 4.0),
            ("пять", 5.0),
            ("пяти", 5.0),
            ("пятью", 5.0),
            ("шесть", 6.0),
            ("шести", 6.0),
            ("шестью", 6.0),
            ("семь", 7.0),
            ("семи", 7.0),
            ("восемь", 8.0),
            ("восьми", 8.0),
            ("восемью", 8.0),
            ("девять", 9.0),
            ("девяти", 9.0),
            ("девятью", 9.0),
            ("десять", 10.0),
            ("десяти", 10.0),
            ("десятью", 10.0),
            ("одиннадцать", 11.0),
            ("одиннадцати", 11.0),
            ("двенадцать", 12.0),
            ("двенадцати", 12.0),
            ("двадцать", 20.0),
            ("двадцати", 20.0),
            ("тридцать", 30.0),
            ("тридцати", 30.0),
            ("сорок", 40.0),
            ("пятьдесят", 50.0),
            ("шестьдесят", 60.0),
            ("семьдесят", 70.0),
            ("восемьдесят", 80.0),
            ("девяносто", 90.0),
        ],
    ),
    (
        "uk",
        &[
            ("нуль", 0.0),
            ("два", 2.0),
            ("дві", 2.0),
            ("двох", 2.0),
            ("двом", 2.0),
            ("двома", 2.0),
            ("три", 3.0),
            ("трьох", 3.0),
            ("трьом", 3.0),
            ("трьома", 3.0),
            ("чотири", 4.0),
            ("чотирьох", 4.0),
            ("чотирма", 4.0),
            ("п'ять", 5.0),
            ("пʼять", 5.0),
            ("п'яти", 5.0),
            ("пʼяти", 5.0),
            ("шість", 6.0),
            ("шести", 6.0),
            ("сім", 7.0),
            ("семи", 7.0),
            ("вісім", 8.0),
            ("восьми", 8.0),
            ("дев'ять", 9.0),
            ("девʼять", 9.0),
            ("дев'яти", 9.0),
            ("девʼяти", 9.0),
            ("десять", 10.0),
            ("десяти", 10.0),
            ("одинадцять", 11.0),
            ("дванадцять", 12.0),
            ("дванадцяти", 12.0),
            ("двадцять", 20.0),
            ("тридцять", 30.0),
            ("сорок", 40.0),
            ("п'ятдесят", 50.0),
            ("пʼятдесят", 50.0),
        ],
    ),
    (
        "de",
        &[
            ("zwei", 2.0),
            ("drei", 3.0),
            ("vier", 4.0),
            ("fünf", 5.0),
            ("sechs", 6.0),
            ("sieben", 7.0),
            ("acht", 8.0),
            ("neun", 9.0),
            ("zehn", 10.0),
            ("elf", 11.0),
            ("zwölf", 12.0),
            ("zwanzig", 20.0),
            ("dreißig", 30.0),
            ("vierzig", 40.0),
            ("fünfzig", 50.0),
        ],
    ),
    (
        "fr",
        &[
            ("zéro", 0.0),
            ("deux", 2.0),
            ("trois", 3.0),
            ("quatre", 4.0),
            ("cinq", 5.0),
            ("six", 6.0),
            ("sept", 7.0),
            ("huit", 8.0),
            ("neuf", 9.0),
            ("dix", 10.0),
            ("onze", 11.0),
            ("douze", 12.0),
            ("vingt", 20.0),
            ("trente", 30.0),
            ("quarante", 40.0),
            ("cinquante", 50.0),
            ("douzaine", 12.0),
        ],
    ),
    (
        "es",
        &[
            ("cero", 0.0),
            ("dos", 2.0),
            ("tres", 3.0),
            ("cuatro", 4.0),
            ("cinco", 5.0),
            ("seis", 6.0),
            ("siete", 7.0),
            ("ocho", 8.0),
            ("nueve", 9.0),
            ("diez", 10.0),
            ("once", 11.0),
            ("doce", 12.0),
            ("veinte", 20.0),
            ("treinta", 30.0),
            ("cuarenta", 40.0),
            ("cincuenta", 50.0),
            ("docena", 12.0),
        ],
    ),
    (
        "it",
        &[
            ("zero", 0.0),
            ("due", 2.0),
            ("tre", 3.0),
            ("quattro", 4.0),
            ("cinque", 5.0),
            ("sei", 6.0),
            ("sette", 7.0),
            ("otto", 8.0),
            ("nove", 9.0),
            ("dieci", 10.0),
            ("undici", 11.0),
            ("dodici", 12.0),
            ("venti", 20.0),
            ("trenta", 30.0),
            ("quaranta", 40.0),
            ("cinquanta", 50.0),
        ],
    ),
    (
        "pl",
        &[
            ("zero", 0.0),
            ("dwa", 2.0),
            ("dwie", 2.0),
            ("dwóch", 2.0),
            ("dwu", 2.0),
            ("trzy", 3.0),
            ("trzech", 3.0),
            ("cztery", 4.0),
            ("czterech", 4.0),
            ("pięć", 5.0),
            ("pięciu", 5.0),
            ("sześć", 6.0),
            ("sześciu", 6.0),
            ("siedem", 7.0),
            ("siedmiu", 7.0),
            ("osiem", 8.0),
            ("ośmiu", 8.0),
            ("dziewięć", 9.0),
            ("dziewięciu", 9.0),
            ("dziesięć", 10.0),
            ("dziesięciu", 10.0),
            ("jedenaście", 11.0),
            ("dwanaście", 12.0),
            ("dwudziestu", 20.0),
            ("dwadzieścia", 20.0),
            ("trzydzieści", 30.0),
            ("czterdzieści", 40.0),
            ("pięćdziesiąt", 50.0),
        ],
    ),
    (
        "pt",
        &[
            ("zero", 0.0),
            ("dois", 2.0),
            ("duas", 2.0),
            ("três", 3.0),
            ("quatro", 4.0),
            ("cinco", 5.0),
            ("seis", 6.0),
            ("sete", 7.0),
            ("oito", 8.0),
            ("nove", 9.0),
            ("dez", 10.0),
            ("onze", 11.0),
            ("doze", 12.0),
            ("vinte", 20.0),
            ("trinta", 30.0),
            ("quarenta", 40.0),
            ("cinquenta", 50.0),
            ("dúzia", 12.0),
        ],
    ),
];

fn table_of<T: Copy>(
    tables: &[(&str, &'static [(&'static str, T)])],
    code: &str,
    word: &str,
) -> Option<T> {
    tables
        .iter()
        .find(|(c, _)| *c == code)
        .and_then(|(_, table)| table.iter().find(|(w, _)| *w == word))
        .map(|(_, v)| *v)
}

/// The words for "one", left out of the number words because they are as often an
/// article or a pronoun ("one of them", "ein Mann", "un jour"): each is read as 1 only
/// before a scale, a unit or "per cent" ("one per cent", "eine Million", "un millón").
pub fn is_one_in(code: &str, word: &str) -> bool {
    let ones: &[&str] = match code {
        "ru" => &["один", "одна", "одно", "одного", "одной"],
        "uk" => &["один", "одна", "одне", "одного", "однієї"],
        "de" => &["ein", "eine", "einen", "einem", "einer"],
        "fr" => &["un", "une"],
        "es" => &["un", "una", "uno"],
        "it" => &["un", "una", "uno"],
        "pl" => &["jeden", "jedna", "jedno", "jednego", "jednej"],
        "pt" => &["um", "uma"],
        _ => &["one"],
    };
    ones.contains(&word)
}

/// A single number word in the language `code`; languages not listed read English ones.
pub fn number_word_in(code: &str, word: &str) -> Option<f64> {
    if code == "en" || !READ_LANGUAGES.contains(&code) {
        return number_word(word);
    }
    table_of(NUMBER_WORDS, code, word)
}

/// Scale words by language. "Billion" is a million millions in German and French
/// ("Billion", "billion"), as "billón" is in Spanish.
const SCALE_WORDS: &[(&str, &[(&str, f64)])] = &[
    (
        "ru",
        &[
            ("тысяча", 1e3),
            ("тысячи", 1e3),
            ("тысяч", 1e3),
            ("тыс", 1e3),
            ("миллион", 1e6),
            ("миллиона", 1e6),
            ("миллионов", 1e6),
            ("млн", 1e6),
            ("миллиард", 1e9),
            ("миллиарда", 1e9),
            ("миллиардов", 1e9),
            ("млрд", 1e9),
            ("триллион", 1e12),
            ("триллиона", 1e12),
            ("триллионов", 1e12),
            ("трлн", 1e12),
        ],
    ),
    (
        "uk",
        &[
            ("тисяча", 1e3),
            ("тисячі", 1e3),
            ("тисяч", 1e3),
            ("тис", 1e3),
            ("мільйон", 1e6),
            ("мільйона", 1e6),
            ("мільйони", 1e6),
            ("мільйонів", 1e6),
            ("млн", 1e6),
            ("мільярд", 1e9),
            ("мільярда", 1e9),
            ("мільярди", 1e9),
            ("мільярдів", 1e9),
            ("млрд", 1e9),
            ("трильйон", 1e12),
            ("трильйонів", 1e12),
            ("трлн", 1e12),
        ],
    ),
    (
        "de",
        &[
            ("tausend", 1e3),
            ("million", 1e6),
            ("millionen", 1e6),
            ("mio", 1e6),
            ("milliarde", 1e9),
            ("milliarden", 1e9),
            ("mrd", 1e9),
            ("billion", 1e12),
            ("billionen", 1e12),
            ("bio", 1e12),
        ],
    ),
    (
        "fr",
        &[
            ("mille", 1e3),
            ("million", 1e6),
            ("millions", 1e6),
            ("milliard", 1e9),
            ("milliards", 1e9),
            ("md", 1e9),
            ("mds", 1e9),
            ("billion", 1e12),
            ("billions", 1e12),
        ],
    ),
    (
        "es",
        &[
            ("mil", 1e3),
            ("millón", 1e6),
            ("millon", 1e6),
            ("millones", 1e6),
            ("billón", 1e12),
            ("billones", 1e12),
        ],
    ),
    (
        "it",
        &[
            ("mila", 1e3),
            ("mille", 1e3),
            ("milione", 1e6),
            ("milioni", 1e6),
            ("mln", 1e6),
            ("miliardo", 1e9),
            ("miliardi", 1e9),
            ("mld", 1e9),
        ],
    ),
    (
        "pl",
        &[
            ("tysiąc", 1e3),
            ("tysiące", 1e3),
            ("tysięcy", 1e3),
            ("tys", 1e3),
            ("milion", 1e6),
            ("miliony", 1e6),
            ("milionów", 1e6),
            ("mln", 1e6),
            ("miliard", 1e9),
            ("miliardy", 1e9),
            ("miliardów", 1e9),
            ("mld", 1e9),
            ("bilion", 1e12),
            ("biliony", 1e12),
            ("bilionów", 1e12),
        ],
    ),
    (
        "pt",
        &[
            ("mil", 1e3),
            ("milhão", 1e6),
            ("milhões", 1e6),
            // Brazilian usage, as most Portuguese news is written.
            ("bilhão", 1e9),
            ("bilhões", 1e9),
        ],
    ),
];

/// A scale word in the language `code`, or an English one ("bn", "million").
pub fn scale_word_in(code: &str, word: &str) -> Option<f64> {
    table_of(SCALE_WORDS, code, word).or_else(|| scale_word(word))
}

/// Unit words by language.
const UNIT_WORDS: &[(&str, &[(&str, &str)])] = &[
    (
        "ru",
        &[
            ("доллар", "usd"),
            ("доллара", "usd"),
            ("долларов", "usd"),
            ("долл", "usd"),
            ("евро", "eur"),
            ("фунт", "gbp"),
            ("фунта", "gbp"),
            ("фунтов", "gbp"),
            ("рубль", "rub"),
            ("рубля", "rub"),
            ("рублей", "rub"),
            ("руб", "rub"),
            ("процент", "percent"),
            ("процента", "percent"),
            ("процентов", "percent"),
        ],
    ),
    (
        "uk",
        &[
            ("долар", "usd"),
            ("долара", "usd"),
            ("долари", "usd"),
            ("доларів", "usd"),
            ("євро", "eur"),
            ("фунт", "gbp"),
            ("фунтів", "gbp"),
            ("гривня", "uah"),
            ("гривні", "uah"),
            ("гривень", "uah"),
            ("грн", "uah"),
            ("відсоток", "percent"),
            ("відсотки", "percent"),
            ("відсотків", "percent"),
        ],
    ),
    ("de", &[("prozent", "percent"), ("pfund", "gbp")]),
    ("fr", &[]),
    (
        "es",
        &[("dólar", "usd"), ("dólares", "usd"), ("libras", "gbp")],
    ),
    (
        "it",
        &[("dollaro", "usd"), ("dollari", "usd"), ("sterline", "gbp")],
    ),
    (
        "pl",
        &[
            ("dolar", "usd"),
            ("dolary", "usd"),
            ("dolarów", "usd"),
            ("dolara", "usd"),
            ("funtów", "gbp"),
            ("procent", "percent"),
            ("proc", "percent"),
        ],
    ),
    (
        "pt",
        &[("dólar", "usd"), ("dólares", "usd"), ("libras", "gbp")],
    ),
];

/// A unit word in the language `code`, or an English one ("dollars", "euros", which
/// French, German and others write alike).
pub fn unit_word_in(code: &str, word: &str) -> Option<&'static str> {
    table_of(UNIT_WORDS, code, word).or_else(|| unit_word(word))
}

/// The two words a language writes for "per cent" ("pour cent", "por ciento").
pub fn is_per_cent(code: &str, a: &str, b: &str) -> bool {
    match code {
        "fr" => a == "pour" && b == "cent",
        "es" => a == "por" && b == "ciento",
        "pt" => a == "por" && b == "cento",
        "it" => a == "per" && b == "cento",
        _ => a == "per" && b == "cent",
    }
}

/// The word between an amount and its unit: "10 milliards de dollars", "d'euros" (its
/// elided "d" a token of its own), "di dollari".
pub fn is_unit_connector(code: &str, word: &str) -> bool {
    matches!(
        (code, word),
        ("fr" | "es" | "pt", "de") | ("fr", "d") | ("it", "di")
    )
}

/// Month names by language, in the forms a date takes ("18 августа", "18. August").
const MONTHS: &[(&str, &[(&str, u32)])] = &[
    (
        "ru",
        &[
            ("январь", 1),
            ("января", 1),
            ("февраль", 2),
            ("февраля", 2),
            ("март", 3),
            ("марта", 3),
            ("апрель", 4),
            ("апреля", 4),
            ("май", 5),
            ("мая", 5),
            ("июнь", 6),
            ("июня", 6),
            ("июль", 7),
            ("июля", 7),
            ("август", 8),
            ("августа", 8),
            ("сентябрь", 9),
            ("сентября", 9),
            ("октябрь", 10),
            ("октября", 10),
            ("ноябрь", 11),
            ("ноября", 11),
            ("декабрь", 12),
            ("декабря", 12),
        ],
    ),
    (
        "uk",
        &[
            ("січень", 1),
            ("січня", 1),
            ("лютий", 2),
            ("лютого", 2),
            ("березень", 3),
            ("березня", 3),
            ("квітень", 4),
            ("квітня", 4),
            ("травень", 5),
            ("травня", 5),
            ("червень", 6),
            ("червня", 6),
            ("липень", 7),
            ("липня", 7),
            ("серпень", 8),
            ("серпня", 8),
            ("вересень", 9),
            ("вересня", 9),
            ("жовтень", 10),
            ("жовтня", 10),
            ("листопад", 11),
            ("листопада", 11),
            ("грудень", 12),
            ("грудня", 12),
        ],
    ),
    (
        "de",
        &[
            ("januar", 1),
            ("jänner", 1),
            ("februar", 2),
            ("märz", 3),
            ("april", 4),
            ("mai", 5),
            ("juni", 6),
            ("juli", 7),
            ("august", 8),
            ("september", 9),
            ("oktober", 10),
            ("november", 11),
            ("dezember", 12),
        ],
    ),
    (
        "fr",
        &[
            ("janvier", 1),
            ("février", 2),
            ("mars", 3),
            ("avril", 4),
            ("mai", 5),
            ("juin", 6),
            ("juillet", 7),
            ("août", 8),
            ("septembre", 9),
            ("octobre", 10),
            ("novembre", 11),
            ("décembre", 12),
        ],
    ),
    (
        "es",
        &[
            ("enero", 1),
            ("febrero", 2),
            ("marzo", 3),
            ("abril", 4),
            ("mayo", 5),
            ("junio", 6),
            ("julio", 7),
            ("agosto", 8),
            ("septiembre", 9),
            ("setiembre", 9),
            ("octubre", 10),
            ("noviembre", 11),
            ("diciembre", 12),
        ],
    ),
    (
        "it",
        &[
            ("gennaio", 1),
            ("febbraio", 2),
            ("marzo", 3),
            ("aprile", 4),
            ("maggio", 5),
            ("giugno", 6),
            ("luglio", 7),
            ("agosto", 8),
            ("settembre", 9),
            ("ottobre", 10),
            ("novembre", 11),
            ("dicembre", 12),
        ],
    ),
    (
        "pl",
        &[
            ("styczeń", 1),
            ("stycznia", 1),
            ("luty", 2),
            ("lutego", 2),
            ("marzec", 3),
            ("marca", 3),
            ("kwiecień", 4),
            ("kwietnia", 4),
            ("maj", 5),
            ("maja", 5),
            ("czerwiec", 6),
            ("czerwca", 6),
            ("lipiec", 7),
            ("lipca", 7),
            ("sierpień", 8),
            ("sierpnia", 8),
            ("wrzesień", 9),
            ("września", 9),
            ("październik", 10),
            ("października", 10),
            ("listopad", 11),
            ("listopada", 11),
            ("grudzień", 12),
            ("grudnia", 12),
        ],
    ),
    (
        "pt",
        &[
            ("janeiro", 1),
            ("fevereiro", 2),
            ("março", 3),
            ("abril", 4),
            ("maio", 5),
            ("junho", 6),
            ("julho", 7),
            ("agosto", 8),
            ("setembro", 9),
            ("outubro", 10),
            ("novembro", 11),
            ("dezembro", 12),
        ],
    ),
];

/// The month a lower-case word names in the language `code` (not English: English
/// months are read by [`crate::extract::month_number`]).
pub fn month_word_in(code: &str, word: &str) -> Option<u32> {
    table_of(MONTHS, code, word)
}

/// Whether the language writes its months in lower case (all listed but German).
pub fn writes_months_lower_case(code: &str) -> bool {
    READ_LANGUAGES.contains(&code) && code != "de"
}

/// The word between a day and its month, or a month and its year: "18 de agosto de 2025".
pub fn is_date_connector(code: &str, word: &str) -> bool {
    matches!((code, word), ("es" | "pt", "de") | ("es", "del"))
}

/// Plural scale words by language (see [`vague_quantity`]), each with the English word
/// that is its term: "сотни людей", "Tausende Menschen" and "des milliers de personnes"
/// read as "hundreds" and "thousands" do. After a number the same words are scales
/// ("5 Millionen", "10 millions"): the number reads them first.
const VAGUE_QUANTITIES: &[(&str, &[(&str, &str)])] = &[
    (
        "ru",
        &[
            ("десятки", "dozens"),
            ("десятков", "dozens"),
            ("десятками", "dozens"),
            ("сотни", "hundreds"),
            ("сотен", "hundreds"),
            ("сотнями", "hundreds"),
            ("тысячи", "thousands"),
            ("тысяч", "thousands"),
            ("тысячами", "thousands"),
            ("миллионы", "millions"),
            ("миллионов", "millions"),
            ("миллионами", "millions"),
            ("миллиарды", "billions"),
            ("миллиардов", "billions"),
        ],
    ),
    (
        "uk",
        &[
            ("десятки", "dozens"),
            ("десятків", "dozens"),
            ("сотні", "hundreds"),
            ("сотень", "hundreds"),
            ("тисячі", "thousands"),
            ("тисяч", "thousands"),
            ("мільйони", "millions"),
            ("мільйонів", "millions"),
            ("мільярди", "billions"),
            ("мільярдів", "billions"),
        ],
    ),
    (
        "de",
        &[
            ("dutzende", "dozens"),
            ("dutzenden", "dozens"),
            ("hunderte", "hundreds"),
            ("hunderten", "hundreds"),
            ("tausende", "thousands"),
            ("tausenden", "thousands"),
            // "tens of thousands", "hundreds of thousands": the larger order names it.
            ("zehntausende", "thousands"),
            ("zehntausenden", "thousands"),
            ("hunderttausende", "thousands"),
            ("hunderttausenden", "thousands"),
            ("millionen", "millions"),
            ("milliarden", "billions"),
        ],
    ),
    (
        "fr",
        &[
            ("dizaines", "dozens"),
            ("douzaines", "dozens"),
            ("centaines", "hundreds"),
            ("milliers", "thousands"),
            ("millions", "millions"),
            // Not "billions", which is a million millions in French.
            ("milliards", "billions"),
        ],
    ),
    (
        "es",
        &[
            ("decenas", "dozens"),
            ("docenas", "dozens"),
            ("cientos", "hundreds"),
            ("centenares", "hundreds"),
            ("miles", "thousands"),
            ("millares", "thousands"),
            ("millones", "millions"),
        ],
    ),
    (
        "it",
        &[
            ("decine", "dozens"),
            ("dozzine", "dozens"),
            ("centinaia", "hundreds"),
            ("migliaia", "thousands"),
            ("milioni", "millions"),
            ("miliardi", "billions"),
        ],
    ),
    (
        "pl",
        &[
            ("dziesiątki", "dozens"),
            ("dziesiątek", "dozens"),
            ("setki", "hundreds"),
            ("setek", "hundreds"),
            ("tysiące", "thousands"),
            ("tysięcy", "thousands"),
            ("miliony", "millions"),
            ("milionów", "millions"),
            ("miliardy", "billions"),
            ("miliardów", "billions"),
        ],
    ),
    (
        "pt",
        &[
            ("dezenas", "dozens"),
            ("dúzias", "dozens"),
            ("centenas", "hundreds"),
            ("milhares", "thousands"),
            ("milhões", "millions"),
            ("bilhões", "billions"),
        ],
    ),
];

/// A vague quantity in the language `code`, as its English term; languages not listed
/// read English ones.
pub fn vague_quantity_in(code: &str, word: &str) -> Option<&'static str> {
    if code == "en" || !READ_LANGUAGES.contains(&code) {
        return vague_quantity(word);
    }
    table_of(VAGUE_QUANTITIES, code, word)
}

/// Ordinal words by language, the first ten in the forms news writes them (genders,
/// and in German the endings an adjective takes).
const ORDINALS: &[(&str, &[(&str, u32)])] = &[
    (
        "ru",
        &[
            ("первый", 1),
            ("первая", 1),
            ("первое", 1),
            ("первые", 1),
            ("второй", 2),
            ("вторая", 2),
            ("второе", 2),
            ("вторые", 2),
            ("третий", 3),
            ("третья", 3),
            ("третье", 3),
            ("третьи", 3),
            ("четвёртый", 4),
            ("четвертый", 4),
            ("четвёртая", 4),
            ("четвертая", 4),
            ("четвёртое", 4),
            ("четвертое", 4),
            ("пятый", 5),
            ("пятая", 5),
            ("пятое", 5),
            ("шестой", 6),
            ("шестая", 6),
            ("шестое", 6),
            ("седьмой", 7),
            ("седьмая", 7),
            ("седьмое", 7),
            ("восьмой", 8),
            ("восьмая", 8),
            ("восьмое", 8),
            ("девятый", 9),
            ("девятая", 9),
            ("девятое", 9),
            ("десятый", 10),
            ("десятая", 10),
            ("десятое", 10),
        ],
    ),
    (
        "uk",
        &[
            ("перший", 1),
            ("перша", 1),
            ("перше", 1),
            ("перші", 1),
            ("другий", 2),
            ("друга", 2),
            ("друге", 2),
            ("третій", 3),
            ("третя", 3),
            ("третє", 3),
            ("четвертий", 4),
            ("четверта", 4),
            ("четверте", 4),
            ("п'ятий", 5),
            ("пʼятий", 5),
            ("п'ята", 5),
            ("пʼята", 5),
            ("п'яте", 5),
            ("пʼяте", 5),
            ("шостий", 6),
            ("шоста", 6),
            ("шосте", 6),
            ("сьомий", 7),
            ("сьома", 7),
            ("сьоме", 7),
            ("восьмий", 8),
            ("восьма", 8),
            ("восьме", 8),
            ("дев'ятий", 9),
            ("девʼятий", 9),
            ("дев'ята", 9),
            ("девʼята", 9),
            ("дев'яте", 9),
            ("девʼяте", 9),
            ("десятий", 10),
            ("десята", 10),
            ("десяте", 10),
        ],
    ),
    (
        "de",
        &[
            ("erste", 1),
            ("ersten", 1),
            ("erster", 1),
            ("erstes", 1),
            ("erstem", 1),
            ("zweite", 2),
            ("zweiten", 2),
            ("zweiter", 2),
            ("zweites", 2),
            ("zweitem", 2),
            ("dritte", 3),
            ("dritten", 3),
            ("dritter", 3),
            ("drittes", 3),
            ("drittem", 3),
            ("vierte", 4),
            ("vierten", 4),
            ("vierter", 4),
            ("viertes", 4),
            ("fünfte", 5),
            ("fünften", 5),
            ("fünfter", 5),
            ("fünftes", 5),
            ("sechste", 6),
            ("sechsten", 6),
            ("sechster", 6),
            ("sechstes", 6),
            ("siebte", 7),
            ("siebten", 7),
            ("siebter", 7),
            ("siebtes", 7),
            ("achte", 8),
            ("achten", 8),
            ("achter", 8),
            ("achtes", 8),
            ("neunte", 9),
            ("neunten", 9),
            ("neunter", 9),
            ("neuntes", 9),
            ("zehnte", 10),
            ("zehnten", 10),
            ("zehnter", 10),
            ("zehntes", 10),
        ],
    ),
    (
        "fr",
        &[
            ("premier", 1),
            ("première", 1),
            ("premiers", 1),
            ("premières", 1),
            ("deuxième", 2),
            ("second", 2),
            ("seconde", 2),
            ("troisième", 3),
            ("quatrième", 4),
            ("cinquième", 5),
            ("sixième", 6),
            ("septième", 7),
            ("huitième", 8),
            ("neuvième", 9),
            ("dixième", 10),
        ],
    ),
    (
        "es",
        &[
            ("primero", 1),
            ("primera", 1),
            ("primer", 1),
            ("segundo", 2),
            ("segunda", 2),
            ("tercero", 3),
            ("tercera", 3),
            ("tercer", 3),
            ("cuarto", 4),
            ("cuarta", 4),
            ("quinto", 5),
            ("quinta", 5),
            ("sexto", 6),
            ("sexta", 6),
            ("séptimo", 7),
            ("séptima", 7),
            ("octavo", 8),
            ("octava", 8),
            ("noveno", 9),
            ("novena", 9),
            ("décimo", 10),
            ("décima", 10),
        ],
    ),
    (
        "it",
        &[
            ("primo", 1),
            ("prima", 1),
            ("secondo", 2),
            ("seconda", 2),
            ("terzo", 3),
            ("terza", 3),
            ("quarto", 4),
            ("quarta", 4),
            ("quinto", 5),
            ("quinta", 5),
            ("sesto", 6),
            ("sesta", 6),
            ("settimo", 7),
            ("settima", 7),
            ("ottavo", 8),
            ("ottava", 8),
            ("nono", 9),
            ("nona", 9),
            ("decimo", 10),
            ("decima", 10),
        ],
    ),
    (
        "pl",
        &[
            ("pierwszy", 1),
            ("pierwsza", 1),
            ("pierwsze", 1),
            ("drugi", 2),
            ("druga", 2),
            ("drugie", 2),
            ("trzeci", 3),
            ("trzecia", 3),
            ("trzecie", 3),
            ("czwarty", 4),
            ("czwarta", 4),
            ("czwarte", 4),
            ("piąty", 5),
            ("piąta", 5),
            ("piąte", 5),
            ("szósty", 6),
            ("szósta", 6),
            ("szóste", 6),
            ("siódmy", 7),
            ("siódma", 7),
            ("siódme", 7),
            ("ósmy", 8),
            ("ósma", 8),
            ("ósme", 8),
            ("dziewiąty", 9),
            ("dziewiąta", 9),
            ("dziewiąte", 9),
            ("dziesiąty", 10),
            ("dziesiąta", 10),
            ("dziesiąte", 10),
        ],
    ),
    (
        "pt",
        &[
            ("primeiro", 1),
            ("primeira", 1),
            ("segundo", 2),
            ("segunda", 2),
            ("terceiro", 3),
            ("terceira", 3),
            ("quarto", 4),
            ("quarta", 4),
            ("quinto", 5),
            ("quinta", 5),
            ("sexto", 6),
            ("sexta", 6),
            ("sétimo", 7),
            ("sétima", 7),
            ("oitavo", 8),
            ("oitava", 8),
            ("nono", 9),
            ("nona", 9),
            ("décimo", 10),
            ("décima", 10),
        ],
    ),
];

/// An ordinal word in the language `code`; languages not listed read English ones.
pub fn ordinal_word_in(code: &str, word: &str) -> Option<u32> {
    if code == "en" || !READ_LANGUAGES.contains(&code) {
        return ordinal_word(word);
    }
    table_of(ORDINALS, code, word)
}

/// Ordinals that are as often another word: "secondo il governo" and "segundo o
/// ministro" are "according to", Italian "prima di" is "before", and the Portuguese
/// feminine ordinals name the weekdays ("na sexta", "segunda-feira"). They are read as
/// ordinals only right before a lower-case noun ("secondo turno", "prima guerra").
pub fn is_ordinal_doubling_as_other_word(code: &str, word: &str) -> bool {
    matches!(
        (code, word),
        ("it", "prima" | "secondo") | ("pt", "segundo" | "segunda" | "quarta" | "quinta" | "sexta")
    )
}

/// The word after "first" that makes it part of a title, not a count: "le Premier
/// ministre", "el primer ministro", "il primo ministro" are the prime minister.
pub fn is_title_after_first(code: &str, word: &str) -> bool {
    matches!(
        (code, word),
        ("fr", "ministre") | ("es" | "it" | "pt", "ministro" | "ministra")
    )
}

/// Words elided before a vowel, written with an apostrophe before the word they go
/// with: French "l'OTAN", "d'euros", "n'est"; Italian "l'Italia", "dell'Unione".
const ELISIONS: &[(&str, &[&str])] = &[
    (
        "fr",
        &[
            "l", "d", "qu", "j", "n", "s", "c", "m", "t", "jusqu", "lorsqu", "puisqu", "quoiqu",
            "presqu",
        ],
    ),
    (
        "it",
        &[
            "l", "d", "un", "dell", "all", "nell", "sull", "dall", "quell", "quest", "c", "nessun",
        ],
    ),
];

/// Whether `word` (any case) is elided before the word after its apostrophe in the
/// language `code`.
pub fn is_elision_in(code: &str, word: &str) -> bool {
    ELISIONS
        .iter()
        .find(|(c, _)| *c == code)
        .is_some_and(|(_, words)| words.iter().any(|w| w.eq_ignore_ascii_case(word)))
}

/// Hedges by language (see [`hedge`]), one or two words.
pub fn hedge_in(code: &str, words: &str) -> Option<Ordering> {
    use Ordering::*;
    let side = match code {
        "ru" => match words {
            "около" | "примерно" | "порядка" => Equal,
            "почти" | "менее" | "меньше" => Less,
            "более" | "больше" | "свыше" | "более чем" => Greater,
            _ => return None,
        },
        "uk" => match words {
            "близько" | "приблизно" | "майже" => Equal,
            "менше" => Less,
            "понад" | "більше" | "більш ніж" => Greater,
            _ => return None,
        },
        "de" => match words {
            "etwa" | "rund" | "ungefähr" | "circa" | "ca" => Equal,
            "fast" | "knapp" | "weniger als" | "bis zu" => Less,
            "über" | "mehr als" => Greater,
            _ => return None,
        },
        "fr" => match words {
            "environ" | "quelque" | "quelques" => Equal,
            // "jusqu'à" is read as the elided "jusqu" and "à".
            "près de" | "presque" | "moins de" | "jusqu à" => Less,
            "plus de" => Greater,
            _ => return None,
        },
        "es" => match words {
            "unos" | "unas" | "alrededor de" | "aproximadamente" => Equal,
            "casi" | "menos de" | "hasta" => Less,
            "más de" => Greater,
            _ => return None,
        },
        "it" => match words {
            "circa" => Equal,
            "quasi" | "meno di" => Less,
            "oltre" | "più di" => Greater,
            _ => return None,
        },
        "pl" => match words {
            "około" | "ok" => Equal,
            "prawie" | "niemal" | "mniej niż" => Less,
            "ponad" | "więcej niż" => Greater,
            _ => return None,
        },
        "pt" => match words {
            "cerca de" | "aproximadamente" => Equal,
            "quase" | "menos de" => Less,
            "mais de" => Greater,
            _ => return None,
        },
        _ => return hedge(words),
    };
    Some(side)
}

#[cfg(test)]
mod tests {
    use super::*;

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
            assert_eq!(inflected_place_in("ru", word), Some("ukraine"), "{word}");
        }
        for word in ["росії", "російські", "москві"] {
            assert_eq!(inflected_place_in("uk", word), Some("russia"), "{word}");
        }
        assert_eq!(inflected_place_in("ru", "гарантии"), None);
        assert_eq!(inflected_place_in("fr", "européennes"), Some("europe"));
        assert_eq!(
            inflected_place_in("es", "estadounidenses"),
            Some("united states")
        );
        assert_eq!(inflected_place_in("it", "americani"), Some("united states"));
        assert_eq!(gazetteer("états unis"), Some("united states"));
        assert_eq!(gazetteer("allemagne"), Some("germany"));
        assert_eq!(inflected_place_in("en", "украины"), None);
        assert!(declined_united_states("ru", "соединенных", "штатов"));
        assert!(declined_united_states("uk", "сполучених", "штатів"));
        assert!(!declined_united_states("ru", "объединенных", "наций"));
    }
}
