//! Hostile and broken pages: each gives an article or a clear error, never a panic or
//! a hang. Sizes are kept small where the behaviour allows, so this runs fast in a
//! debug build.

use chrono::Utc;
use std::time::{Duration, Instant};
use storywatch::extract::{extract, ExtractError, MAX_DOCUMENT_BYTES};
use storywatch::model::{Article, ItemId, RawDocument};

/// Far above what these inputs take in a debug build; a regression to quadratic
/// parsing of deep nesting takes minutes.
const BOUND: Duration = Duration::from_secs(10);

fn run(bytes: Vec<u8>, content_type: Option<&str>) -> Result<Article, ExtractError> {
    let doc = RawDocument {
        item: ItemId("file:hostile.html".into()),
        bytes,
        content_type: content_type.map(str::to_string),
        fetched_at: Utc::now(),
    };
    let start = Instant::now();
    let result = extract(&doc);
    assert!(start.elapsed() < BOUND, "took {:?}", start.elapsed());
    result
}

const PARAGRAPH: &str =
    "<p>The council said on Monday that the bridge would reopen, after months of repairs.</p>";

#[test]
fn one_hundred_thousand_nested_open_tags_are_refused_before_parsing() {
    for tag in ["<div>", "<b>", "<span>", "<table>"] {
        let page = format!(
            "<html><body>{}{PARAGRAPH}</body></html>",
            tag.repeat(100_000)
        );
        let err = run(page.into_bytes(), Some("text/html")).unwrap_err();
        assert!(matches!(err, ExtractError::TooDeep { .. }), "{tag}: {err}");
        assert!(err.to_string().contains("nests"), "{err}");
    }
}

#[test]
fn nesting_that_real_pages_use_still_parses() {
    let page = format!(
        "<html><body>{}{PARAGRAPH}</body></html>",
        "<div>".repeat(500)
    );
    let article = run(page.into_bytes(), Some("text/html")).unwrap();
    assert!(article.text().contains("the bridge would reopen"));
    // Thousands of unclosed <p> and <li> are closed by the parser, not nested.
    let page = format!(
        "<html><body>{}</body></html>",
        "<p>Short line<li>item".repeat(3_000)
    );
    assert!(run(page.into_bytes(), Some("text/html")).is_ok());
}

#[test]
fn a_50_mb_page_is_refused_by_size_without_being_parsed() {
    let mut page = b"<html><body>".to_vec();
    while page.len() < 50 * 1024 * 1024 {
        page.extend_from_slice(PARAGRAPH.as_bytes());
    }
    let err = run(page, Some("text/html")).unwrap_err();
    assert!(
        matches!(err, ExtractError::TooLarge { limit, .. } if limit == MAX_DOCUMENT_BYTES),
        "{err}"
    );
    assert!(err.to_string().contains("limit"), "{err}");
}

#[test]
fn a_page_of_nothing_but_scripts_has_no_article() {
    let script = "<script>document.write('<p>' + 'x'.repeat(500) + '</p>');</script>";
    let page = format!(
        "<html><head>{}</head><body>{}</body></html>",
        script.repeat(50),
        script.repeat(50)
    );
    let err = run(page.into_bytes(), Some("text/html")).unwrap_err();
    assert!(matches!(err, ExtractError::Empty), "{err}");
}

#[test]
fn invalid_utf8_becomes_replacement_characters_not_an_error() {
    let mut page = b"<html><head><meta charset=\"utf-8\"></head><body><article><p>The council said on Monday \xff\xfe\xc3 that the bridge would reopen after repairs.</p></article></body></html>".to_vec();
    page.extend_from_slice(b"\x80\x81");
    let article = run(page, None).unwrap();
    assert!(article.text().contains('\u{fffd}'), "{}", article.text());
    assert!(article.text().contains("that the bridge would reopen"));
}

#[test]
fn an_empty_document_is_a_clear_error() {
    for content_type in [Some("text/html"), Some("text/plain"), None] {
        let err = run(Vec::new(), content_type).unwrap_err();
        assert!(
            matches!(err, ExtractError::Empty),
            "{content_type:?}: {err}"
        );
    }
    let err = run(b"   \n\t ".to_vec(), Some("text/html")).unwrap_err();
    assert!(matches!(err, ExtractError::Empty), "{err}");
}

#[test]
fn binary_garbage_declared_as_html_does_not_panic() {
    let mut state = 0x2545_f491_u32;
    let bytes: Vec<u8> = (0..200_000)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            (state >> 24) as u8
        })
        .collect();
    match run(bytes, Some("text/html")) {
        Ok(article) => assert!(
            article.text().chars().count() >= 25,
            "an article of almost nothing: {:?}",
            article.text()
        ),
        Err(err) => assert!(
            matches!(err, ExtractError::Empty | ExtractError::TooDeep { .. }),
            "unexpected error: {err}"
        ),
    }
}

/// Shapes that once took time quadratic in the number of elements after parsing: a
/// debug build runs each in about a second now; the old passes took far longer.
const QUADRATIC_BOUND: Duration = Duration::from_secs(5);

fn run_quickly(page: String) -> Result<Article, ExtractError> {
    let start = Instant::now();
    let result = run(page.into_bytes(), Some("text/html"));
    assert!(
        start.elapsed() < QUADRATIC_BOUND,
        "took {:?}",
        start.elapsed()
    );
    result
}

const LONG_PARAGRAPH: &str = "<p>The council said on Monday that the bridge would reopen, after months of repairs, and that the road to the harbour would follow in the spring.</p>";

#[test]
fn an_article_followed_by_twenty_thousand_short_paragraphs_is_quick() {
    let page = format!(
        "<html><body><div class=story>{}</div>{}</body></html>",
        LONG_PARAGRAPH.repeat(3),
        "<p>Ok. Yes.</p>".repeat(20_000)
    );
    let article = run_quickly(page).unwrap();
    assert!(article.text().contains("the bridge would reopen"));
}

#[test]
fn twenty_thousand_headings_are_quick() {
    let page = format!(
        "<html><body><div>{LONG_PARAGRAPH}{}{LONG_PARAGRAPH}</div></body></html>",
        "<h2>Head line here</h2>".repeat(20_000)
    );
    let article = run_quickly(page).unwrap();
    assert!(article.text().contains("the bridge would reopen"));
}

#[test]
fn deep_nesting_holding_many_leaves_is_quick() {
    let leaf = "<div>Some text, with commas, that is long enough to be a sentence.</div>";
    let page = format!(
        "<html><body>{}{}{}</body></html>",
        "<div>".repeat(1_000),
        leaf.repeat(5_000),
        "</div>".repeat(1_000)
    );
    let article = run_quickly(page).unwrap();
    assert!(article.text().contains("long enough to be a sentence"));
}

#[test]
fn an_svg_of_many_paths_and_many_unclosed_links_are_not_deep_nesting() {
    let svg = format!(
        "<html><body><article><svg viewBox=\"0 0 9 9\">{}</svg>{}</article></body></html>",
        "<path d=\"M0 0\"/>".repeat(2_100),
        LONG_PARAGRAPH.repeat(3)
    );
    let article = run_quickly(svg).unwrap();
    assert!(article.text().contains("the bridge would reopen"));
    let links = format!(
        "<html><body><article>{}</article><div>{}</div></body></html>",
        LONG_PARAGRAPH.repeat(3),
        "<a href=x>tag".repeat(2_100)
    );
    let article = run_quickly(links).unwrap();
    assert!(article.text().contains("the bridge would reopen"));
    // Real nesting is still refused.
    let page = format!(
        "<html><body>{}{PARAGRAPH}</body></html>",
        "<div>".repeat(100_000)
    );
    let err = run(page.into_bytes(), Some("text/html")).unwrap_err();
    assert!(matches!(err, ExtractError::TooDeep { .. }), "{err}");
}
