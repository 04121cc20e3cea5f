//! What a page says about its article: title, authors, dates, canonical URL, language,
//! site name and lead image.
//!
//! Structured data wins: JSON-LD (`NewsArticle` and its kin, also inside `@graph`), then
//! OpenGraph / `<meta>` tags / `itemprop`, then `<time datetime>`; page heuristics (the
//! first `<h1>`, the `<title>`, a date in the URL path) only fill what is still missing.
//! Visible relative dates ("updated 2 hours ago") are never read: they depend on when
//! the page was fetched.

use super::dates;
use super::html::attr;
use chrono::NaiveDate;
use scraper::{ElementRef, Html, Node};
use serde_json::Value;

/// Schema.org types whose fields describe the article itself.
const ARTICLE_TYPES: &[&str] = &[
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "ReviewNewsArticle",
    "BlogPosting",
    "LiveBlogPosting",
    "TechArticle",
    "ScholarlyArticle",
    "Report",
];

/// Metadata found on the page; every field may be missing.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct PageMeta {
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub published: Option<NaiveDate>,
    pub updated: Option<NaiveDate>,
    pub canonical_url: Option<String>,
    pub language: Option<String>,
    pub site_name: Option<String>,
    pub image: Option<String>,
}

/// Values by source, each kept in the order the page gives them.
#[derive(Default)]
struct Found {
    ld: PageMeta,
    og_title: Option<String>,
    meta_authors: Vec<String>,
    meta_published: Option<NaiveDate>,
    meta_updated: Option<NaiveDate>,
    canonical_link: Option<String>,
    og_url: Option<String>,
    html_lang: Option<String>,
    meta_language: Option<String>,
    og_site_name: Option<String>,
    meta_image: Option<String>,
    /// A `<time>` inside `<article>` or marked as the publication date.
    time_in_article: Option<NaiveDate>,
    /// Any other `<time>` (header, ticker, sidebar): a weak hint.
    time_on_page: Option<NaiveDate>,
    title_element: Option<String>,
    first_h1: Option<String>,
}

/// Reads the page's metadata; `page_url` resolves relative links.
pub fn read_metadata(doc: &Html, page_url: Option<&str>) -> PageMeta {
    let mut found = Found::default();
    for node in doc.tree.root().descendants() {
        let Node::Element(el) = node.value() else {
            continue;
        };
        match el.name() {
            "html" => found.html_lang = attr(el, "lang").and_then(clean),
            "title" if found.title_element.is_none() => {
                found.title_element = ElementRef::wrap(node).and_then(|e| clean(&text_of(e)));
            }
            "h1" if found.first_h1.is_none() => {
                found.first_h1 = ElementRef::wrap(node).and_then(|e| clean(&text_of(e)));
            }
            "link" => {
                let rel = attr(el, "rel").unwrap_or("").to_ascii_lowercase();
                if rel.split_whitespace().any(|r| r == "canonical") {
                    found
                        .canonical_link
                        .get_or_insert_with(|| attr(el, "href").unwrap_or("").to_string());
                }
            }
            "script" => {
                let is_ld = attr(el, "type")
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"));
                if is_ld {
                    if let Some(script) = ElementRef::wrap(node) {
                        read_json_ld(&text_of(script), &mut found.ld);
                    }
                }
            }
            "meta" => read_meta(el, &mut found),
            name => {
                if name == "time" {
                    if let Some(date) = attr(el, "datetime").and_then(parse_date) {
                        let slot = if ElementRef::wrap(node).is_some_and(time_is_the_articles) {
                            &mut found.time_in_article
                        } else {
                            &mut found.time_on_page
                        };
                        slot.get_or_insert(date);
                    }
                }
                if let Some(prop) = attr(el, "itemprop") {
                    let value = attr(el, "content")
                        .or_else(|| attr(el, "datetime"))
                        .and_then(parse_date);
                    match prop {
                        "datePublished" => found.meta_published = found.meta_published.or(value),
                        "dateModified" => found.meta_updated = found.meta_updated.or(value),
                        _ => {}
                    }
                }
            }
        }
    }
    assemble(found, page_url)
}

/// A `<time>` inside `<article>`, or one marked as the publication date.
fn time_is_the_articles(time: ElementRef) -> bool {
    let el = time.value();
    let hinted = attr(el, "pubdate").is_some()
        || attr(el, "itemprop").is_some_and(|p| {
            let p = p.to_ascii_lowercase();
            p.contains("published") || p.contains("datecreated")
        })
        || attr(el, "class").is_some_and(|c| {
            let c = c.to_ascii_lowercase();
            c.contains("publish") || (c.contains("date") && !c.contains("update"))
        });
    hinted
        || time.ancestors().any(|a| {
            a.value()
                .as_element()
                .is_some_and(|e| e.name() == "article")
        })
}

fn read_meta(el: &scraper::node::Element, found: &mut Found) {
    let Some(content) = attr(el, "content").and_then(clean) else {
        return;
    };
    let key = attr(el, "property")
        .or_else(|| attr(el, "name"))
        .or_else(|| attr(el, "itemprop"))
        .or_else(|| attr(el, "http-equiv"))
        .unwrap_or("")
        .to_ascii_lowercase();
    match key.as_str() {
        "og:title" | "twitter:title" => {
            found.og_title.get_or_insert(content);
        }
        // article:author is often a profile URL, which names nobody.
        "author" | "article:author" | "dc.creator" | "parsely-author" | "sailthru.author" => {
            for name in author_names(&content) {
                push_unique(&mut found.meta_authors, name);
            }
        }
        "article:published_time"
        | "og:published_time"
        | "datepublished"
        | "date"
        | "pubdate"
        | "publishdate"
        | "publish-date"
        | "dc.date"
        | "dc.date.issued"
        | "dcterms.created"
        | "sailthru.date"
        | "parsely-pub-date" => {
            found.meta_published = found.meta_published.or(parse_date(&content));
        }
        "article:modified_time" | "og:updated_time" | "datemodified" | "dcterms.modified" => {
            found.meta_updated = found.meta_updated.or(parse_date(&content));
        }
        "og:url" => {
            found.og_url.get_or_insert(content);
        }
        "og:site_name" | "application-name" => {
            found.og_site_name.get_or_insert(content);
        }
        "og:image" | "og:image:url" | "og:image:secure_url" | "twitter:image" => {
            found.meta_image.get_or_insert(content);
        }
        "og:locale" | "content-language" | "language" | "dc.language" => {
            found.meta_language.get_or_insert(content);
        }
        _ => {}
    }
}

fn assemble(found: Found, page_url: Option<&str>) -> PageMeta {
    let ld = found.ld;
    // The page's own canonical link is the most specific claim; a JSON-LD `url` is
    // often the site's home page.
    let canonical_url = found
        .canonical_link
        .filter(|c| !c.trim().is_empty())
        .or(found.og_url)
        .or(ld.canonical_url)
        .and_then(|u| absolute_url(&u, page_url))
        .or_else(|| page_url.map(str::to_string));
    let base = canonical_url.as_deref().or(page_url);
    let published = ld
        .published
        .or(found.meta_published)
        .or(found.time_in_article)
        .or_else(|| page_url.and_then(date_in_url))
        .or_else(|| canonical_url.as_deref().and_then(date_in_url))
        .or(found.time_on_page);
    // An update before the publication is a mistake in the page; it says nothing.
    let updated = ld
        .updated
        .or(found.meta_updated)
        .filter(|u| published.is_none_or(|p| *u >= p));
    let authors = if ld.authors.is_empty() {
        found.meta_authors
    } else {
        ld.authors
    };
    PageMeta {
        title: ld
            .title
            .or(found.og_title.map(|t| strip_site_suffix(&t)))
            .or(found.first_h1)
            .or(found.title_element.map(|t| strip_site_suffix(&t))),
        authors,
        published,
        updated,
        canonical_url: canonical_url.clone(),
        language: ld
            .language
            .or(found.html_lang)
            .or(found.meta_language)
            .map(|l| l.replace('_', "-")),
        site_name: found.og_site_name.or(ld.site_name),
        image: found
            .meta_image
            .or(ld.image)
            .and_then(|u| absolute_url(&u, base)),
    }
}

/// Reads one JSON-LD script: an object, an array of them, or a `@graph`.
fn read_json_ld(script: &str, ld: &mut PageMeta) {
    let trimmed = script
        .trim()
        .trim_start_matches("//<![CDATA[")
        .trim_end_matches("//]]>")
        .trim();
    // Broken JSON-LD is common; it just says nothing.
    let Ok(value) = serde_json::from_str::<Value>(trimmed) else {
        return;
    };
    let mut objects = Vec::new();
    collect_objects(&value, &mut objects, 0);
    for object in objects {
        if is_article(object) {
            read_article_object(object, ld);
        }
    }
}

/// Objects of the script, looking into arrays, `@graph` and `mainEntity`.
fn collect_objects<'a>(value: &'a Value, out: &mut Vec<&'a Value>, depth: usize) {
    if depth > 4 {
        return;
    }
    match value {
        Value::Array(items) => {
            for item in items {
                collect_objects(item, out, depth + 1);
            }
        }
        Value::Object(map) => {
            out.push(value);
            for key in ["@graph", "mainEntity", "mainEntityOfPage"] {
                if let Some(inner) = map.get(key) {
                    collect_objects(inner, out, depth + 1);
                }
            }
        }
        _ => {}
    }
}

fn is_article(object: &Value) -> bool {
    match object.get("@type") {
        Some(Value::String(t)) => ARTICLE_TYPES.contains(&t.as_str()),
        Some(Value::Array(ts)) => ts
            .iter()
            .any(|t| t.as_str().is_some_and(|t| ARTICLE_TYPES.contains(&t))),
        _ => false,
    }
}

fn read_article_object(object: &Value, ld: &mut PageMeta) {
    let text = |key: &str| object.get(key).and_then(Value::as_str).and_then(clean);
    if ld.title.is_none() {
        ld.title = text("headline").or_else(|| text("name"));
    }
    ld.published = ld
        .published
        .or_else(|| text("datePublished").and_then(|d| parse_date(&d)));
    ld.updated = ld
        .updated
        .or_else(|| text("dateModified").and_then(|d| parse_date(&d)));
    if ld.authors.is_empty() {
        if let Some(author) = object.get("author").or_else(|| object.get("creator")) {
            names_in(author, &mut ld.authors);
        }
    }
    if ld.canonical_url.is_none() {
        ld.canonical_url = text("url").or_else(|| match object.get("mainEntityOfPage") {
            Some(Value::String(u)) => clean(u),
            Some(Value::Object(o)) => o.get("@id").and_then(Value::as_str).and_then(clean),
            _ => None,
        });
    }
    if ld.language.is_none() {
        ld.language = text("inLanguage");
    }
    if ld.site_name.is_none() {
        ld.site_name = object
            .get("publisher")
            .and_then(|p| p.get("name"))
            .and_then(Value::as_str)
            .and_then(clean);
    }
    if ld.image.is_none() {
        ld.image = object.get("image").and_then(image_url);
    }
}

/// Author names: a string, a Person/Organization object, or an array of either.
fn names_in(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(name) => {
            for name in author_names(name) {
                push_unique(out, name);
            }
        }
        Value::Object(map) => {
            // A publisher or news agency credited as author is not a person's byline.
            let is_person = match map.get("@type") {
                None => true,
                Some(Value::String(t)) => t == "Person",
                Some(Value::Array(ts)) => ts.iter().any(|t| t.as_str() == Some("Person")),
                Some(_) => false,
            };
            if !is_person {
                return;
            }
            if let Some(name) = map.get("name").and_then(Value::as_str) {
                for name in author_names(name) {
                    push_unique(out, name);
                }
            }
        }
        Value::Array(items) => {
            for item in items.iter().take(20) {
                if !item.is_array() {
                    names_in(item, out);
                }
            }
        }
        _ => {}
    }
}

fn image_url(value: &Value) -> Option<String> {
    match value {
        Value::String(u) => clean(u),
        Value::Object(map) => map
            .get("url")
            .or_else(|| map.get("contentUrl"))
            .and_then(Value::as_str)
            .and_then(clean),
        Value::Array(items) => items.first().and_then(|first| match first {
            Value::Array(_) => None,
            other => image_url(other),
        }),
        _ => None,
    }
}

/// A date as metadata writes it: ISO 8601 (with or without time), `YYYY/MM/DD`,
/// RFC 2822, or written out ("November 19, 2019"). A time with an offset is taken to
/// UTC first, so one instant gives one date whatever offset the site writes; a date
/// without an offset is kept as written.
pub fn parse_date(value: &str) -> Option<NaiveDate> {
    let value = value.trim();
    if let Some(utc) = iso_datetime_utc(value) {
        return Some(utc);
    }
    if let Some(head) = value.get(..10) {
        for format in ["%Y-%m-%d", "%Y/%m/%d"] {
            if let Ok(date) = NaiveDate::parse_from_str(head, format) {
                return Some(date);
            }
        }
    }
    if let Ok(dt) = chrono::DateTime::parse_from_rfc2822(value) {
        return Some(dt.with_timezone(&chrono::Utc).date_naive());
    }
    dates::parse_leading_date(value).map(|(date, _)| date)
}

/// The UTC date of an ISO 8601 date-time with an offset (`Z`, `+02:00`, `-0500`).
fn iso_datetime_utc(value: &str) -> Option<NaiveDate> {
    if value.len() > 40 || !value.contains('T') {
        return None;
    }
    let normalised = match value.strip_suffix(['Z', 'z']) {
        Some(head) => format!("{head}+00:00"),
        None => value.to_string(),
    };
    [
        "%Y-%m-%dT%H:%M:%S%.f%:z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M%:z",
        "%Y-%m-%dT%H:%M%z",
    ]
    .iter()
    .find_map(|format| chrono::DateTime::parse_from_str(&normalised, format).ok())
    .map(|dt| dt.with_timezone(&chrono::Utc).date_naive())
}

/// A `/2019/11/19/` in a URL's path: news sites put the publication date there.
fn date_in_url(url: &str) -> Option<NaiveDate> {
    let path = url::Url::parse(url).ok()?.path().to_string();
    let parts: Vec<&str> = path.split('/').collect();
    parts.windows(3).find_map(|w| {
        let year: i32 = w[0].parse().ok().filter(|y| (1990..=2100).contains(y))?;
        let month: u32 = w[1].parse().ok().filter(|_| w[1].len() == 2)?;
        let day: u32 = w[2].get(..2)?.parse().ok()?;
        NaiveDate::from_ymd_opt(year, month, day)
    })
}

/// `link` made absolute against `base`; an unresolvable link is dropped.
fn absolute_url(link: &str, base: Option<&str>) -> Option<String> {
    if let Ok(url) = url::Url::parse(link) {
        return Some(url.to_string());
    }
    let base = url::Url::parse(base?).ok()?;
    base.join(link).ok().map(|u| u.to_string())
}

/// "Headline | Site" or "Headline - Site": the headline part.
fn strip_site_suffix(title: &str) -> String {
    for separator in [" | ", " – ", " — ", " - ", " :: "] {
        if let Some((head, _)) = title.rsplit_once(separator) {
            if head.split_whitespace().count() >= 3 {
                return head.trim().to_string();
            }
        }
    }
    title.to_string()
}

fn text_of(el: ElementRef) -> String {
    el.text().collect()
}

/// Whitespace collapsed; `None` when nothing is left.
fn clean(value: &str) -> Option<String> {
    let collapsed = value.split_whitespace().collect::<Vec<_>>().join(" ");
    (!collapsed.is_empty()).then_some(collapsed)
}

fn push_unique(list: &mut Vec<String>, value: String) {
    if !list.contains(&value) {
        list.push(value);
    }
}

/// An author as a byline writes it, without the "By ".
fn author_name(value: &str) -> Option<String> {
    let name = clean(value)?;
    let bare = match (name.get(..3), name.get(3..)) {
        (Some(by), Some(rest)) if by.eq_ignore_ascii_case("by ") => rest.trim_start().to_string(),
        _ => name,
    };
    (!bare.is_empty() && !bare.starts_with("http")).then_some(bare)
}

/// The authors one byline names: "Ann Lee, Bo Chen" and "Ann Lee and Bo Chen" are two,
/// but "Lee, Ann" is one (a split is made only when every part has two words or more).
fn author_names(value: &str) -> Vec<String> {
    let Some(name) = author_name(value) else {
        return Vec::new();
    };
    let parts: Vec<&str> = name
        .split([',', ';', '&'])
        .flat_map(|part| part.split(" and "))
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect();
    if parts.len() > 1 && parts.iter().all(|p| p.split_whitespace().count() >= 2) {
        parts.into_iter().filter_map(author_name).collect()
    } else {
        vec![name]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(html: &str, url: Option<&str>) -> PageMeta {
        read_metadata(&Html::parse_document(html), url)
    }

    fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn json_ld_in_a_graph_gives_dates_authors_and_publisher() {
        let m = meta(
            r#"<html lang="en-GB"><head>
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
              {"@type":"WebSite","name":"Example"},
              {"@type":["NewsArticle"],"headline":"Bridge reopens",
               "datePublished":"2024-03-05T08:00:00+00:00","dateModified":"2024-03-06T10:00:00Z",
               "author":[{"@type":"Person","name":"Ann Lee"},{"@type":"Person","name":"Bo Chen"}],
               "publisher":{"@type":"Organization","name":"Daily Example"},
               "image":{"@type":"ImageObject","url":"/img/bridge.jpg"},
               "mainEntityOfPage":{"@id":"https://example.com/news/bridge"}}]}
            </script></head><body></body></html>"#,
            None,
        );
        assert_eq!(m.title.as_deref(), Some("Bridge reopens"));
        assert_eq!(m.published, date(2024, 3, 5));
        assert_eq!(m.updated, date(2024, 3, 6));
        assert_eq!(m.authors, ["Ann Lee", "Bo Chen"]);
        assert_eq!(m.site_name.as_deref(), Some("Daily Example"));
        assert_eq!(
            m.canonical_url.as_deref(),
            Some("https://example.com/news/bridge")
        );
        assert_eq!(
            m.image.as_deref(),
            Some("https://example.com/img/bridge.jpg")
        );
        assert_eq!(m.language.as_deref(), Some("en-GB"));
    }

    #[test]
    fn opengraph_and_meta_tags_fill_in_without_json_ld() {
        let m = meta(
            r#"<html><head><title>Storm hits coast | The Herald</title>
            <meta property="og:site_name" content="The Herald">
            <meta property="og:locale" content="en_US">
            <meta property="article:published_time" content="2023-10-01T06:00:00Z">
            <meta name="author" content="By Kim Park">
            <meta property="og:image" content="https://cdn.example.com/a.jpg">
            <link rel="canonical" href="/2023/10/01/storm">
            </head><body><h1>Storm hits the coast</h1></body></html>"#,
            Some("https://herald.example/2023/10/01/storm?ref=rss"),
        );
        assert_eq!(m.title.as_deref(), Some("Storm hits the coast"));
        assert_eq!(m.published, date(2023, 10, 1));
        assert_eq!(m.authors, ["Kim Park"]);
        assert_eq!(m.site_name.as_deref(), Some("The Herald"));
        assert_eq!(m.language.as_deref(), Some("en-US"));
        assert_eq!(
            m.canonical_url.as_deref(),
            Some("https://herald.example/2023/10/01/storm")
        );
    }

    #[test]
    fn the_url_dates_a_page_with_no_date_metadata() {
        let m = meta(
            "<title>Council votes on budget - Local News</title>",
            Some("https://news.example/2019/11/19/council-votes"),
        );
        assert_eq!(m.published, date(2019, 11, 19));
        assert_eq!(m.title.as_deref(), Some("Council votes on budget"));
    }

    #[test]
    fn dates_in_the_forms_metadata_uses() {
        assert_eq!(parse_date("2019-11-19T17:04:00-05:00"), date(2019, 11, 19));
        assert_eq!(parse_date("2019/11/19"), date(2019, 11, 19));
        assert_eq!(
            parse_date("Tue, 19 Nov 2019 17:04:00 +0000"),
            date(2019, 11, 19)
        );
        assert_eq!(parse_date("November 19, 2019"), date(2019, 11, 19));
        assert_eq!(parse_date("2 hours ago"), None);
    }

    #[test]
    fn the_canonical_link_outranks_the_json_ld_url() {
        let m = meta(
            r#"<html><head><link rel="canonical" href="/2024/05/02/bridge">
            <script type="application/ld+json">{"@type":"NewsArticle","headline":"Bridge",
              "url":"https://news.example/"}</script></head><body></body></html>"#,
            Some("https://news.example/2024/05/02/bridge?ref=rss"),
        );
        assert_eq!(
            m.canonical_url.as_deref(),
            Some("https://news.example/2024/05/02/bridge")
        );
        let og = meta(
            r#"<html><head><meta property="og:url" content="https://news.example/a/b">
            <script type="application/ld+json">{"@type":"NewsArticle","headline":"Bridge",
              "url":"https://news.example/"}</script></head><body></body></html>"#,
            None,
        );
        assert_eq!(
            og.canonical_url.as_deref(),
            Some("https://news.example/a/b")
        );
    }

    #[test]
    fn a_time_in_the_article_outranks_one_in_the_header_and_the_url_outranks_both_kinds() {
        let page = r#"<html><body><header><time datetime="1999-12-31">Today</time></header>
            <article><h1>Bridge</h1><time datetime="2024-05-02T09:00Z">May 2</time></article>
            </body></html>"#;
        assert_eq!(meta(page, None).published, date(2024, 5, 2));
        let header_only = r#"<html><body><header><time datetime="1999-12-31">Today</time>
            </header><h1>Bridge</h1></body></html>"#;
        let m = meta(header_only, Some("https://news.example/2024/05/02/bridge"));
        assert_eq!(m.published, date(2024, 5, 2));
        assert_eq!(meta(header_only, None).published, date(1999, 12, 31));
        let marked = r#"<html><body><div><time class="x" datetime="1999-12-31">x</time>
            <time class="published-date" datetime="2024-05-03">y</time></div></body></html>"#;
        let m = meta(marked, Some("https://news.example/2024/05/02/bridge"));
        assert_eq!(m.published, date(2024, 5, 3));
        let updated = r#"<div><time class="updated" datetime="2024-06-01">x</time></div>"#;
        let m = meta(updated, Some("https://news.example/2024/05/02/bridge"));
        assert_eq!(m.published, date(2024, 5, 2));
    }

    #[test]
    fn organizations_are_not_authors_and_joint_bylines_are_split() {
        let m = meta(
            r#"<script type="application/ld+json">{"@type":"NewsArticle","headline":"B",
              "author":[{"@type":"Organization","name":"Reuters"},"Ann Lee and Bo Chen"]}
            </script>"#,
            None,
        );
        assert_eq!(m.authors, ["Ann Lee", "Bo Chen"]);
        let m = meta(
            r#"<script type="application/ld+json">{"@type":"NewsArticle","headline":"B",
              "author":{"@type":"Organization","name":"Reuters"}}</script>
            <meta name="author" content="By Ann Lee, Bo Chen">"#,
            None,
        );
        assert_eq!(m.authors, ["Ann Lee", "Bo Chen"]);
        assert_eq!(author_names("Lee, Ann"), ["Lee, Ann"]);
        assert_eq!(author_names("Ann Lee & Bo Chen"), ["Ann Lee", "Bo Chen"]);
        assert_eq!(author_names("Reuters"), ["Reuters"]);
    }

    #[test]
    fn datetimes_with_an_offset_are_dated_in_utc() {
        assert_eq!(parse_date("2024-05-02T23:30-05:00"), date(2024, 5, 3));
        assert_eq!(parse_date("2024-05-03T04:30:00Z"), date(2024, 5, 3));
        assert_eq!(
            parse_date("2024-05-03T06:30:00.000+02:00"),
            date(2024, 5, 3)
        );
        assert_eq!(parse_date("2024-05-02T23:30:00-0500"), date(2024, 5, 3));
        assert_eq!(
            parse_date("Thu, 02 May 2024 23:30:00 -0500"),
            date(2024, 5, 3)
        );
        // No offset: the date as written.
        assert_eq!(parse_date("2024-05-02T23:30:00"), date(2024, 5, 2));
        assert_eq!(parse_date("2024-05-02"), date(2024, 5, 2));
    }

    #[test]
    fn an_update_before_the_publication_is_dropped() {
        let m = meta(
            r#"<meta property="article:published_time" content="2024-05-02">
            <meta property="article:modified_time" content="2024-05-01">"#,
            None,
        );
        assert_eq!(m.published, date(2024, 5, 2));
        assert_eq!(m.updated, None);
    }

    #[test]
    fn the_json_ld_headline_outranks_og_title_which_loses_its_site_suffix() {
        let page = r#"<html><head><meta property="og:title" content="Bridge reopens after repairs | City News">
            <script type="application/ld+json">{"@type":"NewsArticle","headline":"Bridge reopens"}
            </script></head></html>"#;
        assert_eq!(meta(page, None).title.as_deref(), Some("Bridge reopens"));
        let og_only =
            r#"<meta property="og:title" content="Bridge reopens after repairs | City News">"#;
        assert_eq!(
            meta(og_only, None).title.as_deref(),
            Some("Bridge reopens after repairs")
        );
    }

    #[test]
    fn odd_input_does_not_panic() {
        for s in [
            "",
            "é",
            "By",
            "by é",
            "ééééééééééé",
            "2024-05-02T",
            "T+",
            "Ä, Ö and Ü",
        ] {
            let _ = parse_date(s);
            let _ = author_names(s);
            let _ = strip_site_suffix(s);
        }
        let _ = date_in_url("https://x.example/2024/05/é/");
    }
}
