//! Plain-text extraction: pages saved as text, with the site's furniture still in them.
//!
//! Works line by line, in the spirit of jusText: a line with a sentence's length and
//! punctuation is article text; the article is the stretch from the first such line to
//! the last; short lines inside it are headings, short lines before it hold the title,
//! and lines that match the furniture every news site prints (social links, copyright,
//! view counters, share prompts, bylines, "follow us") are dropped wherever they are.

use super::dates;
use crate::model::{Article, BlockKind, Paragraph};
use chrono::NaiveDate;

/// A line is article text with this many words and end punctuation, or this many without.
const BODY_MIN_WORDS_PUNCTUATED: usize = 5;
const BODY_MIN_WORDS_UNPUNCTUATED: usize = 30;
/// A line broken mid-sentence has at least this many words before the break.
const WRAPPED_MIN_WORDS: usize = 8;
/// A headline has at least this many words and at most this many characters.
const TITLE_MIN_WORDS: usize = 3;
const TITLE_MAX_CHARS: usize = 250;
/// A standfirst of up to this many lines may come between the headline and the dateline.
const STANDFIRST_MAX_LINES: usize = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineClass {
    Blank,
    Furniture,
    Date,
    Body,
    Short,
}

struct Line {
    text: String,
    class: LineClass,
}

/// Extracts title, date and paragraphs from a plain-text page.
pub fn extract_text(raw: &str) -> Article {
    // Dates are read from the header only: a date line further down is part of the story
    // (a timeline), not its own date. The header takes in a standfirst, which pages often
    // print before the dateline. The first publication date wins; an `Updated` stamp
    // counts only when there is none.
    let mut published: Option<NaiveDate> = None;
    let mut updated: Option<NaiveDate> = None;
    let mut body_lines = 0;
    let mut lines: Vec<Line> = Vec::new();
    for raw_line in raw.lines() {
        let mut text = normalise_spaces(raw_line);
        if let Some((date, stamp, rest)) = strip_date_label(&text) {
            if body_lines <= STANDFIRST_MAX_LINES {
                match stamp {
                    Stamp::Published => published.get_or_insert(date),
                    Stamp::Updated => updated.get_or_insert(date),
                };
            }
            text = rest;
        } else if body_lines <= STANDFIRST_MAX_LINES {
            // A dateline run into the first text (`27 / 09 / 2013 - Turkmenistan to ...`).
            if let Some((date, rest)) = dates::leading_dateline(&text) {
                published.get_or_insert(date);
                text = rest.to_string();
            }
        }
        let class = classify(&text);
        if class == LineClass::Date && body_lines <= STANDFIRST_MAX_LINES {
            if let Some(date) = dates::line_is_date(&text) {
                published.get_or_insert(date);
            }
        }
        body_lines += usize::from(class == LineClass::Body);
        lines.push(Line { text, class });
    }
    let published = published.or(updated);
    join_wrapped_lines(&mut lines);

    let first_body = lines.iter().position(|l| l.class == LineClass::Body);
    let last_body = lines.iter().rposition(|l| l.class == LineClass::Body);
    let (Some(first), Some(last)) = (first_body, last_body) else {
        return Article {
            published,
            ..Article::default()
        };
    };

    let title = lines[..first]
        .iter()
        .rev()
        .filter(|l| l.class == LineClass::Short)
        .find(|l| looks_like_title(&l.text))
        .map(|l| strip_list_marker(&l.text).to_string());

    let paragraphs = lines[first..=last]
        .iter()
        .filter_map(to_paragraph)
        .collect();
    Article {
        title,
        published,
        paragraphs,
        ..Article::default()
    }
}

fn to_paragraph(line: &Line) -> Option<Paragraph> {
    let unmarked = strip_list_marker(&line.text);
    let is_list_item = unmarked.len() != line.text.len();
    let kind = match line.class {
        LineClass::Body if is_list_item => BlockKind::ListItem,
        LineClass::Body => BlockKind::Paragraph,
        LineClass::Short if is_list_item && word_count(unmarked) >= TITLE_MIN_WORDS => {
            BlockKind::ListItem
        }
        LineClass::Short if word_count(unmarked) >= 2 && !ends_sentence(unmarked) => {
            BlockKind::Heading
        }
        _ => return None,
    };
    Some(Paragraph {
        kind,
        text: unmarked.to_string(),
    })
}

fn classify(line: &str) -> LineClass {
    if line.is_empty() {
        return LineClass::Blank;
    }
    if is_furniture(line) {
        return LineClass::Furniture;
    }
    if dates::line_is_date(line).is_some() {
        return LineClass::Date;
    }
    let text = strip_list_marker(line);
    let words = word_count(text);
    // Article text ends its sentences; a long line without an end is a headline, unless it
    // is so long that it can only be a paragraph that lost its full stop.
    let body = if ends_sentence(text) || text.ends_with(':') {
        words >= BODY_MIN_WORDS_PUNCTUATED
    } else {
        words >= BODY_MIN_WORDS_UNPUNCTUATED
    };
    if body && !is_shouting(text) {
        LineClass::Body
    } else {
        LineClass::Short
    }
}

/// Lines every news site prints around its articles. Matched on the whole line, so an
/// article sentence that merely mentions Twitter is kept.
fn is_furniture(line: &str) -> bool {
    let bare = strip_list_marker(line)
        .trim_end_matches([':', '.', '!', '?', ' '])
        .to_lowercase();
    const WHOLE_LINES: &[&str] = &[
        "twitter",
        "x",
        "youtube",
        "instagram",
        "facebook",
        "telegram",
        "whatsapp",
        "linkedin",
        "tiktok",
        "vk",
        "reddit",
        "pinterest",
        "threads",
        "mastodon",
        "rss",
        "email",
        "e-mail",
        "print",
        "share",
        "search",
        "menu",
        "login",
        "log in",
        "sign in",
        "subscribe",
        "comments",
        "comment",
        "related",
        "related news",
        "related articles",
        "read more",
        "read also",
        "more",
        "advertisement",
        "ads",
        "ad",
        "apple store",
        "app store",
        "google play",
        "play market",
        "copy link",
        "loading",
        "back to top",
        "a+",
        "a-",
        "author",
        "date",
        "source",
        "tags",
        "photo",
        "video",
        "listen",
        "share this article",
        "most read",
        "most popular",
        "latest news",
        "top stories",
    ];
    const ANYWHERE: &[&str] = &[
        "©",
        "all rights reserved",
        "any use of materials",
        "liked the story",
        "share it on",
        "follow us on",
        "subscribe to our",
        "sign up for our newsletter",
        "copy link",
        "cookie",
        "views:",
    ];
    if WHOLE_LINES.contains(&bare.as_str()) || ANYWHERE.iter().any(|p| bare.contains(p)) {
        return true;
    }
    is_interface_token(&bare) || is_byline(strip_list_marker(line)) || is_counter(&bare)
}

/// A lone interface label such as `night_theme` or a language switch (`ru`, `arm`).
fn is_interface_token(bare: &str) -> bool {
    let single_word = !bare.is_empty() && !bare.contains(' ');
    single_word
        && (bare.contains('_') || (bare.len() <= 3 && bare.chars().all(|c| c.is_alphabetic())))
}

/// `By Jane Smith`, `By Staff, Agencies`: a short line naming the writer.
fn is_byline(line: &str) -> bool {
    let Some(rest) = line
        .strip_prefix("By ")
        .or_else(|| line.strip_prefix("by "))
    else {
        return false;
    };
    let words: Vec<&str> = rest.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 6
        && !ends_sentence(line)
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
}

/// `108 views`, `12 comments`.
fn is_counter(bare: &str) -> bool {
    let mut words = bare.split_whitespace();
    matches!(
        (words.next(), words.next(), words.next()),
        (Some(n), Some("views" | "comments" | "shares"), None) if n.chars().all(|c| c.is_ascii_digit())
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stamp {
    Published,
    Updated,
}

/// A dated label in front of the text: `date 2025-08-27`, `Published on: Fri, 11 Nov
/// 2011 at 09: 56 IST`, `Last updated on: ...`, `Posted August 2nd, 2013`. Returns the
/// date, whether it is an update stamp, and the text after it; other stamps after a `|`
/// (`PUBLISHED: ... | UPDATED: ...`) are dropped with it.
fn strip_date_label(line: &str) -> Option<(NaiveDate, Stamp, String)> {
    let rest = strip_word(line, &["last", "first", "originally"]).map_or(line, |(_, r)| r);
    let (label, rest) = strip_word(rest, &["published", "updated", "posted", "date"])?;
    let rest = strip_word(rest, &["on"]).map_or(rest, |(_, r)| r);
    let (date, used) = dates::parse_leading_date(rest)?;
    let stamp = if label == "updated" {
        Stamp::Updated
    } else {
        Stamp::Published
    };
    let after = rest[used..].trim_start_matches([',', ' ']);
    let after = if after.starts_with('|') { "" } else { after };
    Some((date, stamp, after.trim().to_string()))
}

/// One of `words` (any case) as the first word of `text`, and the text after it and
/// after a colon that follows it.
fn strip_word<'a>(text: &'a str, words: &[&'static str]) -> Option<(&'static str, &'a str)> {
    words.iter().find_map(|&word| {
        // `get`: the text may have a multi-byte character where the word would end.
        let head = text.get(..word.len())?;
        let rest = &text[word.len()..];
        let whole_word = rest.is_empty() || rest.starts_with([' ', ':']);
        (head.eq_ignore_ascii_case(word) && whole_word)
            .then(|| (word, rest.trim_start_matches([':', ' '])))
    })
}

/// A sentence broken over two lines (a stray line break after "with") is one line again.
/// A break is taken for a wrap when the first line stops on a small word or a comma, or
/// the next one goes on in lower case; a headline followed by its text does neither.
fn join_wrapped_lines(lines: &mut Vec<Line>) {
    let mut joined: Vec<Line> = Vec::with_capacity(lines.len());
    // Kept alongside so that a paragraph wrapped over thousands of lines is not re-counted
    // and re-classified at every join (quadratic on a long file).
    let mut joined_words: Vec<usize> = Vec::with_capacity(lines.len());
    let mut grew: Vec<bool> = Vec::with_capacity(lines.len());
    for line in lines.drain(..) {
        let words = word_count(&line.text);
        if let (Some(prev), Some(prev_words)) = (joined.last_mut(), joined_words.last_mut()) {
            // A joined line stays Body or Short while it grows: it is classified again
            // once it is complete, below.
            let continues = matches!(prev.class, LineClass::Body | LineClass::Short)
                && *prev_words >= WRAPPED_MIN_WORDS
                && !ends_sentence(&prev.text)
                && !prev.text.ends_with(':')
                && matches!(line.class, LineClass::Body | LineClass::Short)
                && strip_list_marker(&line.text).len() == line.text.len()
                && (ends_mid_sentence(&prev.text) || line.text.starts_with(char::is_lowercase));
            if continues {
                prev.text.push(' ');
                prev.text.push_str(&line.text);
                *prev_words += words;
                if let Some(g) = grew.last_mut() {
                    *g = true;
                }
                continue;
            }
        }
        joined.push(line);
        joined_words.push(words);
        grew.push(false);
    }
    for (line, grew) in joined.iter_mut().zip(grew) {
        if grew {
            line.class = classify(&line.text);
        }
    }
    *lines = joined;
}

/// The line stops on a comma or a function word: the sentence goes on.
fn ends_mid_sentence(text: &str) -> bool {
    const FUNCTION_WORDS: &[&str] = &[
        "a", "an", "the", "and", "or", "but", "of", "in", "on", "at", "to", "for", "with", "by",
        "from", "that", "which", "who", "as", "than", "into", "about", "its", "their", "his",
        "her", "is", "are", "was", "were", "has", "have", "had", "be", "been", "will", "would",
    ];
    if text.ends_with(',') {
        return true;
    }
    let last = text.rsplit(' ').next().unwrap_or("").to_lowercase();
    FUNCTION_WORDS.contains(&last.as_str())
}

/// Mostly capitals: an interface label or a shouted section name, not article text.
fn is_shouting(text: &str) -> bool {
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    let upper = letters.iter().filter(|c| c.is_uppercase()).count();
    letters.len() >= 4 && upper * 10 >= letters.len() * 8
}

fn looks_like_title(line: &str) -> bool {
    let text = strip_list_marker(line);
    word_count(text) >= TITLE_MIN_WORDS
        && text.chars().count() <= TITLE_MAX_CHARS
        && !text.ends_with('.')
        && !text.ends_with(':')
}

fn strip_list_marker(line: &str) -> &str {
    for marker in ["- ", "* ", "• ", "– ", "— "] {
        if let Some(rest) = line.strip_prefix(marker) {
            return rest.trim_start();
        }
    }
    line
}

fn ends_sentence(text: &str) -> bool {
    let trimmed = text.trim_end_matches(['"', '”', '’', '»', ')', '\'']);
    trimmed.ends_with(['.', '!', '?', '…', ';'])
}

fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

/// One line with non-breaking and zero-width spaces folded and runs of blanks collapsed.
fn normalise_spaces(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for word in line
        .split(|c: char| c.is_whitespace() || c == '\u{a0}')
        .filter(|w| !w.is_empty())
    {
        let word: String = word
            .chars()
            .filter(|c| !matches!(c, '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}'))
            .collect();
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(article: &Article) -> Vec<&str> {
        article.paragraphs.iter().map(|p| p.text.as_str()).collect()
    }

    #[test]
    fn drops_furniture_around_and_inside_the_article() {
        let page = "twitter\nfacebook\nnight_theme\nru\nWORLD\n\
            Big Storm Hits the Coast Overnight\n\n28 August 2025 15:24\n\n\
            A storm with winds of 150 km/h hit the coast overnight, officials said.\n\
            By Jane Doe\n\
            Thousands of homes lost power and two bridges were closed until morning.\n\
            Views: 108\nshare-lineLiked the story? Share it on social media!\n\
            Follow us on Instagram\nCaliber.az © 2025.\n";
        let article = extract_text(page);
        assert_eq!(
            article.title.as_deref(),
            Some("Big Storm Hits the Coast Overnight")
        );
        assert_eq!(article.published, NaiveDate::from_ymd_opt(2025, 8, 28));
        assert_eq!(
            texts(&article),
            [
                "A storm with winds of 150 km/h hit the coast overnight, officials said.",
                "Thousands of homes lost power and two bridges were closed until morning."
            ]
        );
    }

    #[test]
    fn keeps_headings_and_list_items_inside_the_article() {
        let page = "The council published a plan for the river on Monday morning. It includes:\n\
            - a new flood wall along the eastern bank of the river;\n\
            - two pumping stations near the old harbour.\n\
            Costs and timing\n\
            The work is expected to cost 40 million euros over three years.\n";
        let article = extract_text(page);
        let kinds: Vec<BlockKind> = article.paragraphs.iter().map(|p| p.kind).collect();
        assert_eq!(
            kinds,
            [
                BlockKind::Paragraph,
                BlockKind::ListItem,
                BlockKind::ListItem,
                BlockKind::Heading,
                BlockKind::Paragraph
            ]
        );
        assert_eq!(
            article.paragraphs[2].text,
            "two pumping stations near the old harbour."
        );
    }

    #[test]
    fn rejoins_a_sentence_broken_over_two_lines() {
        let page = "Officials said in numerous conversations over the past week with\n\
            European counterparts that they were ready to help.\n";
        let article = extract_text(page);
        assert_eq!(
            texts(&article),
            ["Officials said in numerous conversations over the past week with European counterparts that they were ready to help."]
        );
    }

    #[test]
    fn a_sentence_that_mentions_a_network_is_kept() {
        let page = "The minister announced the decision on Twitter late on Sunday evening.\n";
        assert_eq!(texts(&extract_text(page)).len(), 1);
    }

    #[test]
    fn reads_a_date_label_in_front_of_the_text() {
        let article =
            extract_text(" date 2025-08-27 Senior officials met in Paris to discuss the plan.");
        assert_eq!(article.published, NaiveDate::from_ymd_opt(2025, 8, 27));
        assert_eq!(
            texts(&article),
            ["Senior officials met in Paris to discuss the plan."]
        );
    }

    #[test]
    fn reads_labelled_and_plain_datelines_in_the_header() {
        let body = "\nThe storm hit the coast overnight, officials said on Friday.\n";
        let cases = [
            (
                "Published on: Fri, 11 Nov 2011 at 09: 56 IST",
                (2011, 11, 11),
            ),
            (
                "Last updated on: November 11, 2011 19: 04 IST",
                (2011, 11, 11),
            ),
            ("Tuesday 28 April 2009 22. 34 BST", (2009, 4, 28)),
            ("PUBLISHED: WEDNESDAY, MARCH 13, 2013", (2013, 3, 13)),
            ("Published: 5:33PM GMT 12 Mar 2013", (2013, 3, 12)),
            ("Posted August 2nd, 2013 at 5: 19 pm", (2013, 8, 2)),
            ("Updated: Dec 19, 2008", (2008, 12, 19)),
            (
                "PUBLISHED: 02: 31 GMT, 12 March 2013 | UPDATED: 22: 19 GMT, 12 March 2013",
                (2013, 3, 12),
            ),
            // Numeric, in an order the numbers or the zone make certain.
            ("Updated 11 / 27 / 2005 3: 41 PM", (2005, 11, 27)),
            ("11 / 28 / 05", (2005, 11, 28)),
            ("Posted: 04 / 9 / 2012 8: 33 am EDT", (2012, 4, 9)),
            ("POSTED: 04 / 02 / 07, 9: 00 PM PDT |", (2007, 4, 2)),
            ("8: 13 AM PDT 8 / 2 / 2013", (2013, 8, 2)),
            ("Published 27.09.2013 10: 20 GMT", (2013, 9, 27)),
            (
                "UPDATED 05 / 03 / 2013 at 11: 00 AM EDT\n\
                 Originally published 05 / 02 / 2013 at 10: 20 AM EDT",
                (2013, 5, 2),
            ),
        ];
        for (line, (y, m, d)) in cases {
            let article = extract_text(&format!("Storm Hits the Coast Overnight\n{line}{body}"));
            assert_eq!(
                article.published,
                NaiveDate::from_ymd_opt(y, m, d),
                "{line}"
            );
            assert_eq!(
                article.title.as_deref(),
                Some("Storm Hits the Coast Overnight"),
                "{line}"
            );
            assert_eq!(texts(&article).len(), 1, "{line}");
        }
    }

    #[test]
    fn a_dateline_after_a_standfirst_is_read() {
        let page = "Storm Hits the Coast Overnight\n\
            Winds of 150 km/h cut power to thousands of homes along the coast.\n\
            Posted: May 24, 2005\n\
            The storm hit the coast overnight, officials said on Friday.\n";
        let article = extract_text(page);
        assert_eq!(article.published, NaiveDate::from_ymd_opt(2005, 5, 24));
        assert!(texts(&article).iter().all(|t| !t.contains("Posted")));
    }

    #[test]
    fn a_numeric_dateline_after_a_standfirst_is_read() {
        let page = "Red Sox extend offer to Teixeira\n\
            Boston reportedly looks to ink free - agent slugger for eight years\n\
            12 / 16 / 08 1: 30 AM EST\n\
            Though the Red Sox continue to operate in secrecy, they made an offer.\n";
        assert_eq!(
            extract_text(page).published,
            NaiveDate::from_ymd_opt(2008, 12, 16)
        );
    }

    #[test]
    fn a_dateline_run_into_the_first_text_is_read_and_dropped() {
        let cases = [
            (
                "04 / 28 / 09 07: 35 PM ET Federal agencies again will have to consult wildlife experts.",
                (2009, 4, 28),
                "Federal agencies again will have to consult wildlife experts.",
            ),
            (
                "27 / 09 / 2013 - Turkmenistan to hold first - ever parliamentary elections on Sunday.",
                (2013, 9, 27),
                "Turkmenistan to hold first - ever parliamentary elections on Sunday.",
            ),
        ];
        for (page, (y, m, d), text) in cases {
            let article = extract_text(page);
            assert_eq!(
                article.published,
                NaiveDate::from_ymd_opt(y, m, d),
                "{page}"
            );
            assert_eq!(texts(&article), [text]);
        }
        // Well inside the article, such a line is a timeline entry: kept, and not its date.
        let page = "The storm hit the coast overnight, officials said.\n\
             Thousands of homes lost power, the utility said.\n\
             Two bridges were closed until the morning, police said.\n\
             27 / 06 / 2005 - The first storm of the year hit the coast.\n";
        let article = extract_text(page);
        assert_eq!(article.published, None);
        assert_eq!(texts(&article).len(), 4);
    }

    #[test]
    fn the_publication_date_wins_over_an_update() {
        let page = "UPDATED: FRIDAY, MAY 3, 2013, 9: 56 AM\n\
            PUBLISHED: THURSDAY, MAY 2, 2013, 1: 32 PM\n\
            The storm hit the coast overnight, officials said on Friday.\n";
        assert_eq!(
            extract_text(page).published,
            NaiveDate::from_ymd_opt(2013, 5, 2)
        );
        let page = "Updated 11 / 28 / 2005 3: 41 PM\n\
            Posted 11 / 27 / 2005 7: 21 AM\n\
            An earthquake struck southern Iran on Sunday, officials said.\n";
        assert_eq!(
            extract_text(page).published,
            NaiveDate::from_ymd_opt(2005, 11, 27)
        );
    }

    #[test]
    fn dates_that_are_not_header_datelines_are_not_read() {
        let undated = [
            // In a sentence.
            "Page was born on April 22, 1923, in Nashville, Tennessee.\n",
            // Numeric, day and month order unknown.
            "Updated 05 / 03 / 2013 at 11: 00 AM\nThe storm hit the coast, officials said.\n",
            "8 / 2 / 2013\nThe storm hit the coast overnight, officials said.\n",
            "8 / 2 / 2013 - The storm hit the coast overnight, officials said.\n",
            // Not a publication label.
            "End of Watch: Friday, June 24, 2005\nThe storm hit the coast, officials said.\n",
            // A timeline entry well inside the article text.
            "The storm hit the coast overnight, officials said.\n\
             Thousands of homes lost power, the utility said.\n\
             Two bridges were closed until the morning, police said.\nJune 24, 2005\n\
             It was the second storm to hit the coast this year.\n",
        ];
        for page in undated {
            assert_eq!(extract_text(page).published, None, "{page}");
        }
    }

    #[test]
    fn nothing_but_furniture_gives_no_paragraphs() {
        let article = extract_text("twitter\nfacebook\nComments\n- Related News\n");
        assert!(article.paragraphs.is_empty());
    }
}
