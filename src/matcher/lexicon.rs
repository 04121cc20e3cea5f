//! The English word lists the matcher leans on: stop words, number words, negations,
//! synonym groups common in news paraphrase, and a gazetteer of countries with their
//! demonyms and capitals (news writes "Moscow" and "the Kremlin" for Russia's government).
//!
//! These are general lists, not fitted to any corpus: a restatement of a fact in other
//! words should map to the same terms whichever story it comes from.

use rust_stemmers::{Algorithm, Stemmer};
use std::cmp::Ordering;
use std::collections::HashMap;
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
    ],
    &[
        "united kingdom",
        "uk",
        "britain",
        "british",
        "great britain",
        "london",
    ],
    &["france", "french", "paris"],
    &[
        "russia",
        "russian",
        "russians",
        "moscow",
        "kremlin",
        "russian federation",
    ],
    &["ukraine", "ukrainian", "ukrainians", "kyiv", "kiev"],
    &[
        "europe",
        "european",
        "europeans",
        "eu",
        "european union",
        "brussels",
    ],
    &["germany", "german", "germans", "berlin"],
    &["italy", "italian", "italians", "rome"],
    &["china", "chinese", "beijing"],
    &["japan", "japanese", "tokyo"],
    &["india", "indian", "new delhi"],
    &["israel", "israeli", "israelis", "jerusalem"],
    &["iran", "iranian", "iranians", "tehran"],
    &["turkey", "turkish", "ankara", "turkiye"],
    &["poland", "polish", "warsaw"],
    &["canada", "canadian", "ottawa"],
    &["spain", "spanish", "madrid"],
    &["syria", "syrian", "damascus"],
    &["palestine", "palestinian", "palestinians"],
    &["saudi arabia", "saudi", "riyadh"],
    &["egypt", "egyptian", "cairo"],
    &["belarus", "belarusian", "minsk"],
    &["hungary", "hungarian", "budapest"],
    &["netherlands", "dutch", "the hague"],
    &["australia", "australian", "canberra"],
    &["mexico", "mexican"],
    &["brazil", "brazilian", "brasilia"],
    &["north korea", "north korean", "pyongyang"],
    &["south korea", "south korean", "seoul"],
    &["nato", "north atlantic treaty organization"],
    &["united nations", "un", "u.n"],
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

/// Titles written before a name ("Mr. Tauzin", "Sir Richard"): part of no name, and their
/// full stop ends no sentence.
pub fn is_honorific(word: &str) -> bool {
    matches!(
        word,
        "mr" | "mrs" | "ms" | "miss" | "mme" | "dr" | "sir" | "dame" | "prof" | "rev"
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
    STOP_SET.contains_key(word)
}

pub fn is_negation(word: &str) -> bool {
    NEGATIONS.contains(&word)
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

static STOP_SET: LazyLock<HashMap<&'static str, ()>> =
    LazyLock::new(|| STOP_WORDS.iter().map(|w| (*w, ())).collect());

static SYNONYM_MAP: LazyLock<HashMap<String, String>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for group in SYNONYMS {
        let canonical = STEMMER.stem(group[0]).into_owned();
        for word in *group {
            map.insert(word.to_string(), canonical.clone());
            map.insert(STEMMER.stem(word).into_owned(), canonical.clone());
        }
    }
    map
});

static GAZETTEER_MAP: LazyLock<HashMap<&'static str, &'static str>> = LazyLock::new(|| {
    GAZETTEER
        .iter()
        .flat_map(|group| group.iter().map(move |name| (*name, group[0])))
        .collect()
});

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
}
