//! The gazetteer: the country or bloc a name stands for ("iraqi" and "Baghdad" are
//! Iraq, "the Kremlin" is Russia's government), so that a report naming a place by its
//! people or its capital shares that fact with one naming the country.
//!
//! Entry point: [`place`]. Two sources: `data/gazetteer.tsv`, kept by hand, for the
//! places news names most, each with every name it goes by in the languages the matcher
//! reads (capitals, seats of government, blocs, plurals, short forms such as "US"); and
//! the `keshvar` crate for every other country and name it knows in English: the
//! country's name, its ISO short name and its people's adjective ("indonesian"). A
//! country the file lists goes by the file's place ("russian federation" is "russia").
//! keshvar's translations are not used: read in their own languages they cost a German,
//! a Spanish and a German-English pair of `semeval8-dev` (docs/benchmarks.md).

use super::lexicon::DataFile;
use rustc_hash::FxHashMap;
use std::sync::LazyLock;
use unicode_segmentation::UnicodeSegmentation;

/// The hand-kept names: what the crate lacks.
const GAZETTEER_FILE: (&str, &str) = (
    "src/pipeline/matcher/data/gazetteer.tsv",
    include_str!("data/gazetteer.tsv"),
);

/// The country or bloc a lower-case name (one to three words, separated by a space)
/// stands for.
pub fn place(name: &str) -> Option<&'static str> {
    GAZETTEER.get(name).copied()
}

/// Every name, hand-kept first, with the place it stands for.
static GAZETTEER: LazyLock<FxHashMap<&'static str, &'static str>> = LazyLock::new(|| {
    let (path, text) = GAZETTEER_FILE;
    let hand = parse_hand_kept(path, text).unwrap_or_else(|e| panic!("{e}"));
    let mut map: FxHashMap<&'static str, &'static str> = hand.into_iter().collect();
    for (name, place) in country_names(&map) {
        map.entry(name).or_insert(place);
    }
    map
});

/// Every name in the hand-kept file, with the place it stands for.
fn parse_hand_kept(
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

/// A name as the reader meets it: lower-case words separated by a space, at most three
/// (the reader looks at no longer name); none for a formal name ("Iran (Islamic Republic
/// of)", "Korea, Republic of").
fn as_read(name: &str) -> Option<String> {
    if name.contains(['(', ',', '[']) {
        return None;
    }
    let words: Vec<String> = name.unicode_words().map(str::to_lowercase).collect();
    (!words.is_empty() && words.len() <= 3).then(|| words.join(" "))
}

/// keshvar's English names of every country, with the place each stands for: the
/// hand-kept place where `hand` lists one of the country's names, else the country's
/// English name. A name several countries share ("chinese": China and Macao) stands for
/// the most populous.
fn country_names(
    hand: &FxHashMap<&'static str, &'static str>,
) -> Vec<(&'static str, &'static str)> {
    let mut best: FxHashMap<String, (u64, &'static str)> = FxHashMap::default();
    for country in keshvar::CountryIterator::new() {
        let english = country.translations().get("en").and_then(|n| as_read(n));
        let mut names: Vec<String> = [
            english.clone(),
            as_read(country.iso_short_name()),
            country.maybe_nationality().and_then(as_read),
        ]
        .into_iter()
        .flatten()
        .collect();
        names.sort();
        names.dedup();
        let place = match names.iter().find_map(|n| hand.get(n.as_str())) {
            Some(&place) => place,
            None => match english.or_else(|| as_read(country.iso_short_name())) {
                Some(name) => leak(name),
                None => continue,
            },
        };
        let population = country.maybe_population().unwrap_or(0);
        for name in names {
            let entry = best.entry(name).or_insert((population, place));
            if population > entry.0 {
                *entry = (population, place);
            }
        }
    }
    let mut names: Vec<(&'static str, &'static str)> = best
        .into_iter()
        .map(|(name, (_, place))| (leak(name), place))
        .collect();
    names.sort_unstable();
    names
}

/// The map lives as long as the program, read once.
fn leak(name: String) -> &'static str {
    Box::leak(name.into_boxed_str())
}

/// The places the gazetteer knows, each once.
#[cfg(test)]
pub(super) fn places() -> rustc_hash::FxHashSet<&'static str> {
    GAZETTEER.values().copied().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hand_kept_file_reads_and_a_repeated_name_is_an_error() {
        let (path, text) = GAZETTEER_FILE;
        if let Err(e) = parse_hand_kept(path, text) {
            panic!("{e}");
        }
        let e = parse_hand_kept("g.tsv", "[a]\na\n[b]\nb\na\n")
            .err()
            .unwrap();
        assert!(e.starts_with("g.tsv:5:"), "{e}");
    }

    #[test]
    fn names_capitals_and_demonyms_stand_for_their_country() {
        assert_eq!(place("kremlin"), Some("russia"));
        assert_eq!(place("russian"), Some("russia"));
        assert_eq!(place("british"), Some("united kingdom"));
        assert_eq!(place("washington"), Some("united states"));
        assert_eq!(place("american"), Some("united states"));
        assert_eq!(place("états unis"), Some("united states"));
        assert_eq!(place("allemagne"), Some("germany"));
        // From the crate alone: every country, by its name and its people.
        assert_eq!(place("indonesia"), Some("indonesia"));
        assert_eq!(place("indonesian"), Some("indonesia"));
        assert_eq!(place("chinese"), Some("china"));
        assert_eq!(place("nigerian"), Some("nigeria"));
        assert_eq!(place("atlantis"), None);
    }
}
