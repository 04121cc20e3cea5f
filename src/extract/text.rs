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
    let mut published: Option<NaiveDate> = None;
    let mut lines: Vec<Line> = Vec::new();
    for raw_line in raw.lines() {
        let mut text = normalise_spaces(raw_line);
        if let Some((date, rest)) = strip_date_label(&text) {
            published.get_or_insert(date);
            text = rest;
        }
        let class = classify(&text);
        if class == LineClass::Date {
            if let Some(date) = dates::line_is_date(&text) {
                published.get_or_insert(date);
            }
        }
        lines.push(Line { text, class });
    }
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

/// A `date 2025-08-27` (or `Published: ...`) label in front of the text.
fn strip_date_label(line: &str) -> Option<(NaiveDate, String)> {
    let lower = line.to_lowercase();
    let label = ["date", "published", "updated", "posted"]
        .into_iter()
        .find(|l| lower.starts_with(l))?;
    // `get`, not indexing: lower-casing may change byte lengths before the label.
    let after = line.get(label.len()..)?.trim_start_matches([':', ' ']);
    let (date, used) = dates::parse_leading_date(after)?;
    Some((date, after[used..].trim().to_string()))
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
    fn nothing_but_furniture_gives_no_paragraphs() {
        let article = extract_text("twitter\nfacebook\nComments\n- Related News\n");
        assert!(article.paragraphs.is_empty());
    }
}
