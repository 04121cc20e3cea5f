//! What a page's class and id names say about an element: furniture (share bars,
//! related lists, comments, captions, ads…) or article body. Names are split into
//! words ("relatedArticles", "related-articles", "related_articles" all give
//! `related`), so a hint matches whole words, not accidental substrings.

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
    /// Readability-style weight: +25 body-like, -25 furniture-like, 0 neither.
    pub weight: f32,
}

/// Judges an element by its `class` and `id` attributes.
pub fn judge(class: Option<&str>, id: Option<&str>) -> Hint {
    let mut furniture = false;
    let mut body_name = false;
    let mut positive = false;
    let mut weak_negative = false;
    let names = class
        .into_iter()
        .flat_map(str::split_ascii_whitespace)
        .chain(id);
    for name in names {
        let joined: String = name
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if BODY_NAMES.iter().any(|b| joined.contains(b)) {
            body_name = true;
        }
        if FURNITURE_NAMES.iter().any(|f| joined.contains(f)) {
            furniture = true;
        }
        for word in words(name) {
            let word = word.as_str();
            furniture |= FURNITURE_WORDS.contains(&word);
            weak_negative |= WEAK_NEGATIVE_WORDS.contains(&word);
            positive |= POSITIVE_WORDS.contains(&word);
        }
    }
    if body_name {
        return Hint {
            furniture: false,
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
    Hint { furniture, weight }
}

/// Lower-case words of a class name, split at separators and camelCase humps.
fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if !c.is_ascii_alphanumeric() {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower && !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        word.push(c.to_ascii_lowercase());
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
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
    }

    #[test]
    fn words_inside_other_words_do_not_match() {
        for class in ["shadow", "header-add", "loaded", "navy", "sharepoint-doc"] {
            assert!(!judge(Some(class), None).furniture, "{class}");
        }
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
