//! Splits article text into sentences: the unit a claim is made of.
//!
//! A sentence ends at `.`, `!`, `?` or `…` (or Arabic's `؟`, Urdu's `۔`, the Devanagari
//! `।`) followed by a space and a capital, digit, opening quote or a letter of a script
//! without capitals (Arabic, Hebrew, Devanagari: there, every word may open a sentence),
//! and at the full-width stops of Chinese and Japanese (`。`, `！`, `？`), which no space
//! follows; except after an abbreviation (`Mr.`, `U.S.`, `Gen.`, an initial) and
//! inside a quotation, so that a quoted statement of several sentences stays with its
//! speaker. A quotation left open at the end of the paragraph does not hold the split.
//! A byline (`By Sam Jones and Ann Lee`), a time stamp (`Updated: 04/9/2012 8:33 am
//! EDT`) and a copyright notice are not sentences, and a wire dateline (`KYIV, Aug 19
//! (Reuters) -`) is not part of the sentence it opens: none says anything about the
//! story.

use super::lexicon::{self, DataFile, Words};
use crate::model::{BlockKind, Paragraph};
use std::sync::LazyLock;

/// The words the splitter knows, read from `data/sentences.tsv` (see [`Lists::parse`]).
struct Lists {
    /// Words that end in a full stop without ending the sentence, besides the abbreviated
    /// titles before a name (`lexicon::is_abbreviated_title`).
    abbreviations: Words,
    /// Words a byline may hold besides names.
    byline_words: Words,
    /// Words a time stamp may hold besides numbers, months and days, and time zones
    /// (`EDT`, `GMT`: capitals ending in T).
    time_stamp_words: Words,
}

const WORDS_FILE: (&str, &str) = (
    "src/pipeline/matcher/data/sentences.tsv",
    include_str!("data/sentences.tsv"),
);

impl Lists {
    /// The lists of the file `path` (named in errors, with the line).
    fn parse(path: &'static str, text: &'static str) -> Result<Self, String> {
        let mut words = Lists {
            abbreviations: Words::default(),
            byline_words: Words::default(),
            time_stamp_words: Words::default(),
        };
        for s in DataFile::parse(path, text)?.sections {
            let list = match s.name {
                "abbreviations" => &mut words.abbreviations,
                "byline_words" => &mut words.byline_words,
                "time_stamp_words" => &mut words.time_stamp_words,
                _ => return Err(s.error(s.line(), format!("no list is called [{}]", s.name))),
            };
            *list = s.word_set()?;
        }
        Ok(words)
    }
}

/// A file that does not read stops the program at first use; the tests read it.
static WORDS: LazyLock<Lists> = LazyLock::new(|| {
    let (path, text) = WORDS_FILE;
    Lists::parse(path, text).unwrap_or_else(|e| panic!("{e}"))
});

/// The claim units of an article: the sentences of its paragraphs and block quotes, and
/// each list item whole (a point of a list is one statement, even when written as two
/// sentences). Headings carry no claims.
pub fn article_sentences(paragraphs: &[Paragraph]) -> Vec<String> {
    let mut units = Vec::new();
    for p in paragraphs {
        match p.kind {
            BlockKind::Heading => {}
            BlockKind::ListItem => units.push(p.text.trim().to_string()),
            BlockKind::Paragraph | BlockKind::Quote if is_copyright(&p.text) => {}
            BlockKind::Paragraph | BlockKind::Quote => units.extend(
                split_sentences(without_dateline(&p.text))
                    .into_iter()
                    .filter(|s| !is_byline(s) && !is_time_stamp(s)),
            ),
        }
    }
    units
}

/// `By Sam Jones`, `By Staff, Agencies`, `By Ann Lee and Bo Park in Kyiv`: a short run of
/// names after "By". "By Monday, officials said..." and "By 2030 ..." are sentences.
fn is_byline(unit: &str) -> bool {
    let Some(rest) = unit.strip_prefix("By ") else {
        return false;
    };
    let words: Vec<&str> = rest
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    !words.is_empty()
        && words.len() <= 10
        && words.iter().all(|w| {
            let w = w.trim_end_matches('.');
            w.chars().next().is_some_and(char::is_uppercase)
                && !w.chars().any(|c| c.is_ascii_digit())
                || WORDS.byline_words.contains(w.to_lowercase().as_str())
        })
        && !words.iter().any(|w| {
            let w = w.trim_end_matches('.').to_lowercase();
            // A day's full name: "By Sun Li" is a byline.
            crate::extract::month_number(&w).is_some()
                || (w.len() > 3 && crate::extract::weekday_number(&w).is_some())
        })
}

/// `Posted: 04 / 9 / 2012 8: 33 am`, `Friday, Sep 10, 2010 | Updated 9:28 AM EDT`,
/// `UPDATE @ 4:02 p.m.:`: a unit of numbers, months, days, time zones and the words
/// pages stamp an article's time with, and nothing else. When a page was stamped is no
/// fact of the story.
fn is_time_stamp(unit: &str) -> bool {
    let words = unit
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty());
    let mut numbers = 0;
    for word in words {
        let digits = word.trim_end_matches(|c: char| c.is_alphabetic());
        let suffix = &word[digits.len()..].to_lowercase();
        if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
            // `28th`, `1st`: a day.
            if !matches!(suffix.as_str(), "" | "st" | "nd" | "rd" | "th") {
                return false;
            }
            numbers += 1;
            continue;
        }
        let lower = word.to_lowercase();
        let time_zone = (3..=4).contains(&word.len())
            && word.ends_with('T')
            && word.chars().all(|c| c.is_ascii_uppercase());
        let known = crate::extract::month_number(&lower).is_some()
            || crate::extract::weekday_number(&lower).is_some()
            || WORDS.time_stamp_words.contains(lower.as_str());
        if !(known || time_zone) {
            return false;
        }
    }
    numbers > 0
}

/// `Copyright 2015 The Associated Press. All rights reserved.`: a short paragraph
/// opening with a copyright mark says who owns the page, not what happened.
fn is_copyright(unit: &str) -> bool {
    let lower = unit.trim_start().to_lowercase();
    ["copyright", "©", "(c)"]
        .iter()
        .any(|mark| lower.starts_with(mark))
        && unit.split_whitespace().count() <= 12
}

/// A paragraph without its wire dateline: a place in capitals, perhaps a date and the
/// agency, then a dash (`WASHINGTON (Reuters) - `, `KYIV, Aug 19 (AP) — `, `LONDON -- `).
fn without_dateline(text: &str) -> &str {
    const DASHES: [&str; 4] = [" - ", " — ", " – ", " -- "];
    let Some((at, dash)) = DASHES
        .iter()
        .filter_map(|d| text.find(d).map(|at| (at, *d)))
        .min_by_key(|(at, _)| *at)
    else {
        return text;
    };
    if at > 60 {
        return text;
    }
    let prefix = &text[..at];
    // The agency in parentheses, if any, may be in any case.
    let outside = match (prefix.find('('), prefix.rfind(')')) {
        (Some(open), Some(close)) if open < close => {
            format!("{}{}", &prefix[..open], &prefix[close + 1..])
        }
        _ => prefix.to_string(),
    };
    let words: Vec<&str> = outside
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let place_in_capitals = words.first().is_some_and(|w| {
        let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
        letters.len() >= 3 && letters.iter().all(|c| c.is_uppercase())
    });
    let rest_is_place_or_date = words.iter().skip(1).all(|w| {
        let w = w.trim_end_matches('.');
        w.chars().all(|c| !c.is_alphabetic() || c.is_uppercase())
            || crate::extract::month_number(&w.to_lowercase()).is_some()
    });
    let after = &text[at + dash.len()..];
    let opens_sentence = after
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || matches!(c, '“' | '"'));
    if place_in_capitals && rest_is_place_or_date && opens_sentence {
        after
    } else {
        text
    }
}

/// A headline without the outlet many pages and feeds put after it ("Man charged in
/// shooting - KSLA News 12 Shreveport"): the part after the last " - ", " | ", " – " or
/// " — ", when what comes before it is a headline of four words or more. The outlet
/// says who published the report, not what it is about, and is shared by every report
/// of the outlet.
pub fn headline(title: &str) -> &str {
    let cut = [" - ", " | ", " – ", " — "]
        .iter()
        .filter_map(|sep| title.rfind(sep))
        .max();
    match cut {
        Some(at) if title[..at].split_whitespace().count() >= 4 => title[..at].trim_end(),
        _ => title,
    }
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
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        match c {
            '“' | '«' | '「' | '『' => quote_depth += 1,
            '”' | '»' | '」' | '』' => quote_depth = (quote_depth - 1).max(0),
            '"' => straight_open = !straight_open,
            _ => {}
        }
        if !is_stop(c) {
            i += 1;
            continue;
        }
        let full_width = matches!(c, '。' | '！' | '？');
        // Closing punctuation right after the stop belongs to this sentence, and so do
        // more stops ("?!", "。」", "……"). They are counted here, once.
        let mut j = i + 1;
        while j < chars.len() && (is_closing(chars[j].1) || is_stop(chars[j].1)) {
            match chars[j].1 {
                '”' | '»' | '」' | '』' => quote_depth = (quote_depth - 1).max(0),
                '"' => straight_open = !straight_open,
                _ => {}
            }
            j += 1;
        }
        let ends_here = if full_width {
            j < chars.len()
        } else {
            let spaced = j < chars.len() && chars[j].1 == ' ';
            let next = chars[j..].iter().map(|&(_, c)| c).find(|c| *c != ' ');
            let starts_sentence = next.is_some_and(|n| {
                n.is_uppercase()
                    || is_caseless_letter(n)
                    || n.is_ascii_digit()
                    || matches!(n, '“' | '"' | '«' | '‘' | '(')
            });
            spaced && starts_sentence && !(c == '.' && ends_with_abbreviation(&text[..pos]))
        };
        if ends_here && !(respect_quotes && (quote_depth > 0 || straight_open)) {
            ends.push(chars[j].0);
        }
        i = j;
    }
    Boundaries {
        ends,
        quote_left_open: quote_depth > 0 || straight_open,
    }
}

/// A mark that may end a sentence: `.`, `!`, `?`, `…`, Arabic's `؟`, Urdu's `۔`, the
/// Devanagari `।`, and the full-width stops of Chinese and Japanese.
fn is_stop(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '…' | '؟' | '۔' | '।' | '。' | '！' | '？'
    )
}

/// A closing quotation mark or bracket, which stays with the sentence it closes.
fn is_closing(c: char) -> bool {
    matches!(c, '"' | '”' | '’' | '»' | ')' | '\'' | '」' | '』' | '）')
}

/// A letter of a script without capitals (Arabic, Hebrew, Devanagari, Chinese), where
/// no capital marks a sentence's first word.
pub(super) fn is_caseless_letter(c: char) -> bool {
    c.is_alphabetic() && !c.is_uppercase() && !c.is_lowercase()
}

fn ends_with_abbreviation(before_stop: &str) -> bool {
    let word = before_stop
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '“' || c == '"')
        .next()
        .unwrap_or("");
    let lower = word.to_lowercase();
    // `J. Doe`, and in a script without capitals `د. محمد` (Dr. Mohammed).
    let is_initial = word.chars().count() == 1
        && word
            .chars()
            .all(|c| c.is_uppercase() || is_caseless_letter(c));
    is_initial
        || WORDS.abbreviations.contains(lower.as_str())
        || lexicon::is_abbreviated_title(&lower)
}

/// Every sentence of the seed corpus, file by file in name order: test material.
#[cfg(test)]
pub(super) fn seed_corpus_sentences() -> Vec<String> {
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut files: Vec<_> = std::fs::read_dir(&seeds)
        .expect("the seed corpus is in seeds/")
        .map(|e| e.expect("a seed file").path())
        .collect();
    files.sort();
    let mut sentences = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("a seed file reads");
        for line in text.lines() {
            sentences.extend(split_sentences(line));
        }
    }
    sentences
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_words_file_reads_and_a_bad_line_is_named() {
        let (path, text) = WORDS_FILE;
        let words = Lists::parse(path, text).unwrap();
        assert!(words.abbreviations.contains("u.s"));
        assert!(words.byline_words.contains("staff") && !words.byline_words.contains("sun"));
        let err = Lists::parse("bad.tsv", "[byline_words]\nstaff\n\n[weekend]\nsaturday\n")
            .err()
            .unwrap();
        assert!(err.starts_with("bad.tsv:4:"), "{err}");
        let err = Lists::parse("bad.tsv", "# words\n[byline_words]\nstaff\tagencies\n")
            .err()
            .unwrap();
        assert!(err.starts_with("bad.tsv:3:"), "{err}");
    }

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
    fn splits_scripts_without_capitals_and_at_full_width_stops() {
        // Arabic: no capital follows the stop; `د.` (Dr.) is an abbreviation.
        assert_eq!(
            split_sentences(
                "قال د. محمد علي إن الحكومة وافقت على الخطة. وسيبدأ التنفيذ الشهر المقبل؟ لا أحد يعرف."
            ),
            [
                "قال د. محمد علي إن الحكومة وافقت على الخطة.",
                "وسيبدأ التنفيذ الشهر المقبل؟",
                "لا أحد يعرف."
            ]
        );
        // Chinese: no space after `。`; a quotation's closing bracket stays with it.
        assert_eq!(
            split_sentences("地震已造成4人死亡。官员说：「救援仍在进行。」受灾群众已得到安置！"),
            [
                "地震已造成4人死亡。",
                "官员说：「救援仍在进行。」",
                "受灾群众已得到安置！"
            ]
        );
        // A run of stops is one end; a quotation inside a quotation holds the split.
        assert_eq!(
            split_sentences("真的吗？！他问道。「我说『我们会赢。』大家都很高兴。」还有更多。"),
            [
                "真的吗？！",
                "他问道。",
                "「我说『我们会赢。』大家都很高兴。」",
                "还有更多。"
            ]
        );
        // A number's decimal point is no full stop in any script.
        assert_eq!(
            split_sentences("الزلزال بلغت قوته 6.1 درجات."),
            ["الزلزال بلغت قوته 6.1 درجات."]
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
        // Every title the reader takes for one (`lexicon::is_abbreviated_title`).
        assert_eq!(
            split_sentences(
                "He shot a carjacker with his partner, Det. Colin Orpe. Atty. Steve Cooley spoke."
            ),
            [
                "He shot a carjacker with his partner, Det. Colin Orpe.",
                "Atty. Steve Cooley spoke."
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
    fn a_closing_quote_is_counted_once() {
        // The straight quote closing "We won." was counted twice and left the next
        // quotation open; a second quoted statement then split inside.
        let text = "He said \"We won.\" Then he left. \"Next,\" she said, \"is war. Really.\"";
        assert_eq!(
            split_sentences(text),
            [
                "He said \"We won.\"",
                "Then he left.",
                "\"Next,\" she said, \"is war. Really.\""
            ]
        );
        assert_eq!(
            split_sentences("Wait... Then it came?! Nobody knew."),
            ["Wait...", "Then it came?!", "Nobody knew."]
        );
    }

    #[test]
    fn an_unclosed_quote_does_not_swallow_the_paragraph() {
        assert_eq!(
            split_sentences("He said “we will go. Then we left. Nobody came."),
            ["He said “we will go.", "Then we left.", "Nobody came."]
        );
    }

    #[test]
    fn bylines_time_stamps_and_copyrights_are_not_sentences_nor_datelines_part_of_them() {
        let paragraphs = |texts: &[&str]| -> Vec<Paragraph> {
            texts
                .iter()
                .map(|t| Paragraph {
                    kind: BlockKind::Paragraph,
                    text: t.to_string(),
                })
                .collect()
        };
        assert_eq!(
            article_sentences(&paragraphs(&[
                "By Sam Jones and Ann Lee in Kyiv",
                "By Staff, Agencies",
                "Posted: 04 / 9 / 2012 8: 33 am Updated: 04 / 9 / 2012 8: 33 am",
                "Friday, Sep 10, 2010 | Updated 9: 28 AM EDT",
                "November 28th, 2005, 09:11 GMT",
                "Copyright 2015 The Associated Press. All rights reserved.",
                "© 2024 Reuters",
                "KYIV, Aug 19 (Reuters) - Ukraine asked for air defence. Talks went on.",
                "WASHINGTON — The U.S. will send 10 jets.",
            ])),
            [
                "Ukraine asked for air defence.",
                "Talks went on.",
                "The U.S. will send 10 jets.",
            ]
        );
        // Sentences that open like a byline or hold a dash stay whole.
        let kept = [
            "Updated figures on Monday showed 40 dead.",
            "Posted guards stood at 12 gates.",
            "Copyright lawyers for the 3 firms met on Friday to discuss the claims.",
            "By Monday, officials said, the plan was ready.",
            "By 2030 Ukraine will join.",
            "By Sam Jones' account the talks failed badly on Monday.",
            "NATO - the alliance - met in Brussels.",
            "The plan - a no-fly zone - was discussed.",
        ];
        for text in kept {
            assert_eq!(article_sentences(&paragraphs(&[text])), [text], "{text}");
        }
    }
}
