//! Splits article text into sentences: the unit a claim is made of.
//!
//! A sentence ends at `.`, `!`, `?` or `…` followed by a space and a capital, digit or
//! opening quote, except after an abbreviation (`Mr.`, `U.S.`, `Gen.`, an initial) and
//! inside a quotation, so that a quoted statement of several sentences stays with its
//! speaker. A quotation left open at the end of the paragraph does not hold the split.

use crate::model::{BlockKind, Paragraph};

/// Words that end in a full stop without ending the sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "cmdr", "adm", "gov",
    "sen", "rep", "st", "mt", "jr", "sr", "inc", "ltd", "corp", "co", "no", "vs", "etc", "approx",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s",
    "u.k", "u.n", "e.u", "a.m", "p.m", "e.g", "i.e", "pres", "dept", "est", "fig",
];

/// The claim units of an article: the sentences of its paragraphs and block quotes, and
/// each list item whole (a point of a list is one statement, even when written as two
/// sentences). Headings carry no claims.
pub fn article_sentences(paragraphs: &[Paragraph]) -> Vec<String> {
    let mut units = Vec::new();
    for p in paragraphs {
        match p.kind {
            BlockKind::Heading => {}
            BlockKind::ListItem => units.push(p.text.trim().to_string()),
            BlockKind::Paragraph | BlockKind::Quote => units.extend(split_sentences(&p.text)),
        }
    }
    units
}

/// Splits one paragraph into sentences, trimmed.
pub fn split_sentences(text: &str) -> Vec<String> {
    let boundaries = boundaries(text, true);
    let boundaries = if boundaries.quote_left_open {
        self::boundaries(text, false)
    } else {
        boundaries
    };
    let mut sentences = Vec::new();
    let mut start = 0;
    for end in boundaries
        .ends
        .into_iter()
        .chain(std::iter::once(text.len()))
    {
        let sentence = text[start..end].trim();
        if !sentence.is_empty() {
            sentences.push(sentence.to_string());
        }
        start = end;
    }
    sentences
}

struct Boundaries {
    ends: Vec<usize>,
    quote_left_open: bool,
}

fn boundaries(text: &str, respect_quotes: bool) -> Boundaries {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut ends = Vec::new();
    let mut quote_depth: i32 = 0;
    let mut straight_open = false;
    for (i, &(pos, c)) in chars.iter().enumerate() {
        match c {
            '“' | '«' => quote_depth += 1,
            '”' | '»' => quote_depth = (quote_depth - 1).max(0),
            '"' => straight_open = !straight_open,
            _ => {}
        }
        if !matches!(c, '.' | '!' | '?' | '…') {
            continue;
        }
        // Closing punctuation right after the stop belongs to this sentence.
        let mut j = i + 1;
        while j < chars.len() && matches!(chars[j].1, '"' | '”' | '’' | '»' | ')' | '\'') {
            match chars[j].1 {
                '”' | '»' => quote_depth = (quote_depth - 1).max(0),
                '"' => straight_open = !straight_open,
                _ => {}
            }
            j += 1;
        }
        if j >= chars.len() || chars[j].1 != ' ' {
            continue;
        }
        let next = chars[j + 1..].iter().map(|&(_, c)| c).find(|c| *c != ' ');
        let starts_sentence = next.is_some_and(|n| {
            n.is_uppercase() || n.is_ascii_digit() || matches!(n, '“' | '"' | '«' | '‘' | '(')
        });
        if !starts_sentence || (c == '.' && ends_with_abbreviation(&text[..pos])) {
            continue;
        }
        if respect_quotes && (quote_depth > 0 || straight_open) {
            continue;
        }
        let end = chars.get(j).map_or(text.len(), |&(p, _)| p);
        ends.push(end);
    }
    Boundaries {
        ends,
        quote_left_open: quote_depth > 0 || straight_open,
    }
}

fn ends_with_abbreviation(before_stop: &str) -> bool {
    let word = before_stop
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '“' || c == '"')
        .next()
        .unwrap_or("");
    let lower = word.to_lowercase();
    let is_initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    is_initial || ABBREVIATIONS.contains(&lower.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_sentence_ends() {
        assert_eq!(
            split_sentences(
                "The plan was published. It could still be withdrawn! Why? Nobody knows."
            ),
            [
                "The plan was published.",
                "It could still be withdrawn!",
                "Why?",
                "Nobody knows."
            ]
        );
    }

    #[test]
    fn abbreviations_and_initials_do_not_end_a_sentence() {
        assert_eq!(
            split_sentences(
                "Mr. Smith met Gen. J. Doe in the U.S. Capitol on Monday. Talks went on."
            ),
            [
                "Mr. Smith met Gen. J. Doe in the U.S. Capitol on Monday.",
                "Talks went on."
            ]
        );
    }

    #[test]
    fn numbers_with_points_stay_whole() {
        assert_eq!(
            split_sentences("Growth was 2.5 percent in 2024. Prices rose 3.1 percent."),
            [
                "Growth was 2.5 percent in 2024.",
                "Prices rose 3.1 percent."
            ]
        );
    }

    #[test]
    fn a_quoted_statement_stays_with_its_speaker() {
        let text = "A spokesperson said: “We will help. It is not in the national interest to talk.” Talks resumed.";
        assert_eq!(
            split_sentences(text),
            [
                "A spokesperson said: “We will help. It is not in the national interest to talk.”",
                "Talks resumed."
            ]
        );
        let trailing = "“We’ll be involved. We’re going to help them,” Trump said. He left.";
        assert_eq!(
            split_sentences(trailing),
            [
                "“We’ll be involved. We’re going to help them,” Trump said.",
                "He left."
            ]
        );
    }

    #[test]
    fn an_unclosed_quote_does_not_swallow_the_paragraph() {
        assert_eq!(
            split_sentences("He said “we will go. Then we left. Nobody came."),
            ["He said “we will go.", "Then we left.", "Nobody came."]
        );
    }
}
