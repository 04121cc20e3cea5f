//! What a page's class and id names say about an element: furniture (share bars,
//! related lists, comments, captions, ads…) or article body. Names are split into
//! words ("relatedArticles", "related-articles", "related_articles" all give
//! `related`), so a hint matches whole words, not accidental substrings.

use rustc_hash::FxHashMap;
use std::sync::LazyLock;

/// Words that mark furniture: an element carrying one is left out of the article
/// unless it is the article's own container (see [`BODY_NAMES`]).
const FURNITURE_WORDS: &[&str] = &[
    "ad",
    "ads",
    "adv",
    "advert",
    "advertisement",
    "advertising",
    "author",
    "banner",
    "breadcrumb",
    "breadcrumbs",
    "byline",
    "caption",
    "comment",
    "comments",
    "consent",
    "cookie",
    "cookies",
    "credit",
    "credits",
    "disqus",
    "footer",
    "gallery",
    "gdpr",
    "menu",
    "modal",
    "nav",
    "navbar",
    "navigation",
    "newsletter",
    "outbrain",
    "pagination",
    "pager",
    "popular",
    "popup",
    "promo",
    "recommended",
    "recommendations",
    "related",
    "share",
    "sharing",
    "sidebar",
    "signup",
    "social",
    "sponsor",
    "sponsored",
    "subscribe",
    "subscription",
    "taboola",
    "tags",
    "toolbar",
    "trending",
];

/// Whole class names (separators removed) that mark furniture without one word that does.
const FURNITURE_NAMES: &[&str] = &["mostread", "mostpopular", "visuallyhidden", "sronly"];

/// Words of [`FURNITURE_WORDS`] that name readers' comments.
const COMMENT_WORDS: &[&str] = &["comment", "comments", "disqus"];

/// Words that lower an element's score without ruling it out.
const WEAK_NEGATIVE_WORDS: &[&str] = &[
    "aside", "contact", "extra", "header", "hidden", "masthead", "media", "meta", "rail", "scroll",
    "shopping", "widget",
];

/// Words that raise an element's score as a body container.
const POSITIVE_WORDS: &[&str] = &[
    "article", "blog", "body", "content", "entry", "hentry", "main", "page", "post", "story",
    "text",
];

/// Whole class names (separators removed) that name an article's body container: such
/// an element is never furniture, whatever else its names say.
const BODY_NAMES: &[&str] = &[
    "articlebody",
    "articlecontent",
    "articletext",
    "bodytext",
    "entrycontent",
    "postbody",
    "postcontent",
    "storybody",
    "storycontent",
];

/// The verdict on an element's class and id.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Hint {
    /// Marked as furniture: left out unless it holds the article.
    pub furniture: bool,
    /// Marked as a comment section: furniture however much text it holds.
    pub comments: bool,
    /// Readability-style weight: +25 body-like, -25 furniture-like, 0 neither.
    pub weight: f32,
}

/// Judges an element by its `class` and `id` attributes.
pub fn judge(class: Option<&str>, id: Option<&str>) -> Hint {
    let mut furniture = false;
    let mut body_name = false;
    let mut positive = false;
    let mut weak_negative = false;
    let mut comments = false;
    let names = class
        .into_iter()
        .flat_map(str::split_ascii_whitespace)
        .chain(id);
    // Class names are short; this runs for every element, so no allocation.
    let mut joined = [0u8; 64];
    for name in names {
        let mut len = 0;
        for b in name
            .bytes()
            .filter(u8::is_ascii_alphanumeric)
            .take(joined.len())
        {
            joined[len] = b.to_ascii_lowercase();
            len += 1;
        }
        let joined = &joined[..len];
        body_name |= BODY_NAMES.iter().any(|b| contains(joined, b.as_bytes()));
        furniture |= FURNITURE_NAMES
            .iter()
            .any(|f| contains(joined, f.as_bytes()));
        for word in words(name) {
            let flags = word_flags(word);
            furniture |= flags & FURNITURE != 0;
            comments |= flags & COMMENT != 0;
            weak_negative |= flags & WEAK_NEGATIVE != 0;
            positive |= flags & POSITIVE != 0;
        }
    }
    if body_name {
        return Hint {
            furniture: false,
            comments: false,
            weight: 25.0,
        };
    }
    let weight = if furniture || weak_negative {
        -25.0
    } else if positive {
        25.0
    } else {
        0.0
    };
    Hint {
        furniture,
        comments: comments && furniture,
        weight,
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    // The first byte first: most positions fail there, without a call to compare.
    haystack
        .windows(needle.len())
        .any(|w| w[0] == needle[0] && w == needle)
}

/// Which word lists a word is in, as bits.
const FURNITURE: u8 = 1;
const COMMENT: u8 = 2;
const WEAK_NEGATIVE: u8 = 4;
const POSITIVE: u8 = 8;
/// No listed word is longer.
const MAX_WORD: usize = 16;

/// The lists a word (ASCII letters and digits, any case) is in: one table lookup
/// instead of a scan of every list, as this runs for every word of every class name.
fn word_flags(word: &[u8]) -> u8 {
    static TABLE: LazyLock<FxHashMap<&'static [u8], u8>> = LazyLock::new(|| {
        let mut table = FxHashMap::default();
        for (list, flag) in [
            (FURNITURE_WORDS, FURNITURE),
            (COMMENT_WORDS, COMMENT),
            (WEAK_NEGATIVE_WORDS, WEAK_NEGATIVE),
            (POSITIVE_WORDS, POSITIVE),
        ] {
            for w in list {
                *table.entry(w.as_bytes()).or_default() |= flag;
            }
        }
        table
    });
    let mut lower = [0u8; MAX_WORD];
    let Some(lower) = lower.get_mut(..word.len()) else {
        return 0;
    };
    lower.copy_from_slice(word);
    lower.make_ascii_lowercase();
    TABLE.get(&*lower).copied().unwrap_or(0)
}

/// The words of a class name (ASCII letters and digits), split at anything else and at
/// camelCase humps. Bytes, not `str`: a split may fall inside a non-ASCII character.
fn words(name: &str) -> impl Iterator<Item = &[u8]> {
    let bytes = name.as_bytes();
    let mut start = 0;
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() {
            let b = bytes[at];
            let hump = at > start && b.is_ascii_uppercase() && !bytes[at - 1].is_ascii_uppercase();
            if !b.is_ascii_alphanumeric() || hump {
                let word = &bytes[start..at];
                start = if hump { at } else { at + 1 };
                at += 1;
                if !word.is_empty() {
                    return Some(word);
                }
                continue;
            }
            at += 1;
        }
        if start < bytes.len() {
            let word = &bytes[start..];
            start = bytes.len();
            return Some(word);
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn furniture_words_match_in_any_spelling() {
        for class in [
            "share-bar",
            "relatedArticles",
            "related_links",
            "c-comments",
            "ad",
            "most-read",
        ] {
            assert!(judge(Some(class), None).furniture, "{class}");
        }
        assert!(judge(None, Some("sidebar")).furniture);
        assert!(judge(Some("comments-area"), None).comments);
        assert!(!judge(Some("sidebar"), None).comments);
    }

    #[test]
    fn words_inside_other_words_do_not_match() {
        for class in ["shadow", "header-add", "loaded", "navy", "sharepoint-doc"] {
            assert!(!judge(Some(class), None).furniture, "{class}");
        }
    }

    #[test]
    fn listed_words_are_lower_case_and_fit_the_lookup() {
        for list in [
            FURNITURE_WORDS,
            COMMENT_WORDS,
            WEAK_NEGATIVE_WORDS,
            POSITIVE_WORDS,
        ] {
            for word in list {
                assert!(word.len() <= MAX_WORD, "{word}");
                assert_eq!(word.to_ascii_lowercase(), *word);
            }
        }
        assert_eq!(word_flags(b"Comments"), FURNITURE | COMMENT);
        assert_eq!(word_flags(b"STORY"), POSITIVE);
        assert_eq!(word_flags(b"shadow"), 0);
    }

    #[test]
    fn class_names_split_into_words() {
        let split: Vec<&[u8]> = words("relatedArticles--top_box2 URL").collect();
        let expected: [&[u8]; 5] = [b"related", b"Articles", b"top", b"box2", b"URL"];
        assert_eq!(split, expected);
        assert_eq!(words("кнопка-share").last(), Some(&b"share"[..]));
        assert!(judge(Some("кнопка-share"), Some("ссылки")).furniture);
    }

    #[test]
    fn the_article_container_is_never_furniture() {
        let hint = judge(Some("article-body has-share-bar"), None);
        assert!(!hint.furniture);
        assert_eq!(hint.weight, 25.0);
        assert_eq!(judge(Some("post entry"), None).weight, 25.0);
        assert_eq!(judge(Some("widget"), None).weight, -25.0);
    }
}
