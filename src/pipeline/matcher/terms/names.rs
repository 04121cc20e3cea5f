//! Who and where a sentence names, beyond its runs of capitalised words: German nouns
//! that are not names, the states of US addresses, names that only qualify a noun, the
//! speakers a statement is attributed to, and the countries of the gazetteer.

use super::*;

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
pub(super) fn common_nouns(tokens: &[Token], lang: &Language) -> Vec<bool> {
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

/// The states of US addresses ("in Harlingen, Texas", "the Santa Clara, Calif.-based
/// company"): each says where the place before it is, not a place of its own. In a list
/// ("Pennsylvania, Ohio, Indiana and Michigan") each state counts.
pub(super) fn states_of_address(
    tokens: &[Token],
    spans: &[(usize, usize, Entity)],
) -> BTreeSet<Entity> {
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
pub(super) fn modifiers(tokens: &[Token], spans: &[(usize, usize, Entity)]) -> BTreeSet<Entity> {
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
pub(super) fn speakers(
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
pub(super) fn read_place(tokens: &[Token], lang: &Language) -> Option<(usize, Entity)> {
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
