//! The HTML extractor on small hand-written pages, one per decision it makes: what is
//! article text, what is furniture, and which metadata wins.

use chrono::{NaiveDate, Utc};
use storywatch::extract::{extract, ExtractError};
use storywatch::model::{Article, BlockKind, ItemId, RawDocument};

const URL: &str = "https://news.example/2024/05/02/harbour-bridge";

/// Three paragraphs of an ordinary news report.
const BODY: &str = r#"
<p>The harbour bridge reopened to traffic on Monday morning after three months of repairs, the city council said, ending long detours for thousands of commuters.</p>
<p>Engineers replaced the main deck joints and repainted the steel arches, work that was originally planned to take five months, according to the council's transport office.</p>
<p>Local businesses on both banks welcomed the reopening, saying trade had fallen by almost a third while the crossing was closed to cars and buses.</p>
"#;

fn page_bytes(head: &str, article: &str) -> Vec<u8> {
    format!(
        r#"<!doctype html><html lang="en"><head><title>Harbour bridge reopens after repairs | City News</title>{head}</head>
<body>
<header class="site-header"><a href="/">City News</a><nav><ul><li><a href="/weather">Weather</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
<main><article>
<h1>Harbour bridge reopens after repairs</h1>
{article}
</article></main>
<footer><p>Copyright 2024 City News. All rights reserved. Terms of use and privacy policy apply to this site.</p></footer>
</body></html>"#
    )
    .into_bytes()
}

fn extract_page(head: &str, article: &str) -> Article {
    let doc = RawDocument {
        item: ItemId(URL.into()),
        bytes: page_bytes(head, article),
        content_type: Some("text/html; charset=utf-8".into()),
        fetched_at: Utc::now(),
    };
    extract(&doc).expect("the page has an article")
}

fn body_text(article: &Article) -> String {
    article.text()
}

fn assert_body_kept(text: &str) {
    for needle in [
        "The harbour bridge reopened to traffic",
        "Engineers replaced the main deck joints",
        "Local businesses on both banks",
    ] {
        assert!(text.contains(needle), "lost {needle:?} from:\n{text}");
    }
}

#[test]
fn the_article_is_kept_and_site_navigation_header_and_footer_are_dropped() {
    let a = extract_page("", BODY);
    let text = body_text(&a);
    assert_body_kept(&text);
    for furniture in ["Weather", "Sport", "Copyright", "City News"] {
        assert!(!text.contains(furniture), "kept {furniture:?}:\n{text}");
    }
    assert_eq!(a.paragraphs.len(), 3, "{:#?}", a.paragraphs);
    assert!(
        !text.contains("Harbour bridge reopens after repairs"),
        "the headline is the title, not body text:\n{text}"
    );
    assert_eq!(
        a.title.as_deref(),
        Some("Harbour bridge reopens after repairs")
    );
}

#[test]
fn a_share_bar_is_dropped() {
    let a = extract_page(
        "",
        &format!(
            r#"<div class="share-bar"><a href="https://facebook.com/share">Share on Facebook</a>
            <a href="https://twitter.com/intent">Tweet this story</a><span>Email this article to a friend</span></div>
            {BODY}
            <ul class="social-buttons"><li>Facebook</li><li>Twitter</li><li>WhatsApp</li></ul>"#
        ),
    );
    let text = body_text(&a);
    assert_body_kept(&text);
    for furniture in ["Facebook", "Tweet", "Email this article", "WhatsApp"] {
        assert!(!text.contains(furniture), "kept {furniture:?}:\n{text}");
    }
}

#[test]
fn a_related_links_list_is_dropped_with_its_heading() {
    let a = extract_page(
        "",
        &format!(
            r#"{BODY}
            <div class="related-stories"><h3>Related stories</h3><ul>
              <li><a href="/a">Council approves new budget for schools and libraries</a></li>
              <li><a href="/b">Ferry timetable changes for the summer season</a></li></ul></div>
            <h3>More from City News</h3>
            <ul><li><a href="/c">Tram line extension opens to the public next week</a></li>
              <li><a href="/d">Night buses return to the city centre after a long break</a></li></ul>"#
        ),
    );
    let text = body_text(&a);
    assert_body_kept(&text);
    for furniture in [
        "Related stories",
        "Council approves",
        "More from",
        "Tram line",
        "Night buses",
    ] {
        assert!(!text.contains(furniture), "kept {furniture:?}:\n{text}");
    }
}

/// Furniture that sits inside the article's own container and reads like sentences:
/// neither its place nor its link density gives it away, only its class name.
#[test]
fn share_social_and_related_boxes_inside_the_article_container_are_dropped_by_name() {
    let a = extract_page(
        "",
        &format!(
            r#"<div class="story">
            <div class="share-tools"><p>Tell your friends and neighbours about the harbour bridge reopening with one click today.</p></div>
            {BODY}
            <div class="social-follow"><p>Follow our transport reporters for live updates on the city's roads and crossings every day.</p></div>
            <div class="related-stories">
              <p><a href="/a">School budget</a> The council approved the new budget for schools and libraries after weeks of debate among its members.</p>
              <p><a href="/b">Ferry timetable</a> Ferry crossings will run later in the evening through the summer season, the operator announced on Friday.</p>
            </div>
            </div>"#
        ),
    );
    let text = body_text(&a);
    assert_body_kept(&text);
    for furniture in [
        "Tell your friends",
        "Follow our transport reporters",
        "School budget",
        "approved the new budget",
        "Ferry crossings",
    ] {
        assert!(!text.contains(furniture), "kept {furniture:?}:\n{text}");
    }
}

#[test]
fn a_block_quote_inside_the_article_is_kept_in_place() {
    let a = extract_page(
        "",
        r#"<p>The harbour bridge reopened to traffic on Monday morning after three months of repairs, the city council said, ending long detours.</p>
        <blockquote><p>We promised the city a stronger bridge, and that is what the engineers have delivered this week.</p></blockquote>
        <p>Engineers replaced the main deck joints and repainted the steel arches, work that was originally planned to take five months.</p>
        <p>Local businesses on both banks welcomed the reopening, saying trade had fallen by almost a third while the crossing was closed.</p>"#,
    );
    let kinds: Vec<BlockKind> = a.paragraphs.iter().map(|p| p.kind).collect();
    assert_eq!(
        kinds,
        [
            BlockKind::Paragraph,
            BlockKind::Quote,
            BlockKind::Paragraph,
            BlockKind::Paragraph
        ],
        "{:#?}",
        a.paragraphs
    );
    assert!(a.paragraphs[1].text.starts_with("We promised the city"));
}

#[test]
fn captions_and_photo_credits_are_dropped() {
    let a = extract_page(
        "",
        &format!(
            r#"<figure><img src="/bridge.jpg" alt=""><figcaption>The bridge at dusk on Monday, shortly after it reopened. Photo: Jane Roe / Reuters</figcaption></figure>
            {BODY}
            <div class="image-caption">Workers on the deck in March, when the joints were replaced.</div>
            <p>Traffic was light on the first morning.<span class="photo-credit"> Picture: City Council</span></p>"#
        ),
    );
    let text = body_text(&a);
    assert_body_kept(&text);
    for furniture in ["at dusk", "Jane Roe", "Workers on the deck", "Picture:"] {
        assert!(!text.contains(furniture), "kept {furniture:?}:\n{text}");
    }
}

#[test]
fn headings_and_list_items_inside_the_article_are_kept_in_order() {
    let a = extract_page(
        "",
        r#"<p>The harbour bridge reopened to traffic on Monday morning after three months of repairs, the city council said, ending long detours.</p>
        <h2>What changed on the bridge</h2>
        <p>Engineers replaced the main deck joints and repainted the steel arches, work that was originally planned to take five months.</p>
        <ul><li>The speed limit on the bridge is now 40 km/h for all vehicles, including buses.</li>
        <li>The cycle lane on the east side has been widened to two metres along its whole length.</li></ul>
        <p>Local businesses on both banks welcomed the reopening, saying trade had fallen by almost a third while the crossing was closed.</p>"#,
    );
    let kinds: Vec<BlockKind> = a.paragraphs.iter().map(|p| p.kind).collect();
    assert_eq!(
        kinds,
        [
            BlockKind::Paragraph,
            BlockKind::Heading,
            BlockKind::Paragraph,
            BlockKind::ListItem,
            BlockKind::ListItem,
            BlockKind::Paragraph
        ],
        "{:#?}",
        a.paragraphs
    );
    assert_eq!(a.paragraphs[1].text, "What changed on the bridge");
}

#[test]
fn cookie_subscription_and_comment_sections_are_dropped() {
    let a = extract_page(
        "",
        &format!(
            r#"<div id="cookie-consent">We use cookies to improve your experience on our site. By continuing you agree to our use of cookies.</div>
            {BODY}
            <div class="newsletter-signup"><p>Get the morning briefing in your inbox every day, free of charge, from our newsroom.</p></div>
            <section id="comments"><h2>Comments</h2><p>This is outrageous, the bridge should have been replaced years ago, and the council knows it.</p></section>"#
        ),
    );
    let text = body_text(&a);
    assert_body_kept(&text);
    for furniture in ["cookies", "morning briefing", "outrageous", "Comments"] {
        assert!(!text.contains(furniture), "kept {furniture:?}:\n{text}");
    }
}

#[test]
fn the_json_ld_date_wins_over_a_visible_relative_date() {
    let head = r#"<script type="application/ld+json">
      {"@context":"https://schema.org","@type":"NewsArticle","headline":"Harbour bridge reopens after repairs",
       "datePublished":"2024-05-02T07:30:00+01:00","dateModified":"2024-05-03T18:00:00+01:00",
       "author":{"@type":"Person","name":"Sam Jones"}}</script>"#;
    let a = extract_page(
        head,
        &format!(
            r#"<p class="byline">By Sam Jones</p><p class="updated">Updated 2 hours ago</p>
            <time datetime="2024-06-30">30 June</time>{BODY}"#
        ),
    );
    assert_eq!(a.published, NaiveDate::from_ymd_opt(2024, 5, 2));
    assert_eq!(a.updated, NaiveDate::from_ymd_opt(2024, 5, 3));
    assert_eq!(a.authors, ["Sam Jones"]);
    let text = body_text(&a);
    assert!(
        !text.contains("2 hours ago") && !text.contains("By Sam Jones"),
        "{text}"
    );
}

#[test]
fn page_metadata_is_read_from_opengraph_and_link_tags() {
    let head = r#"<meta property="og:site_name" content="City News">
      <meta property="og:image" content="/images/bridge.jpg">
      <meta name="author" content="Alex Kim">
      <meta property="article:published_time" content="2024-05-02T07:30:00Z">
      <link rel="canonical" href="https://news.example/2024/05/02/harbour-bridge">"#;
    let a = extract_page(head, BODY);
    assert_eq!(a.site_name.as_deref(), Some("City News"));
    assert_eq!(
        a.image.as_deref(),
        Some("https://news.example/images/bridge.jpg")
    );
    assert_eq!(a.authors, ["Alex Kim"]);
    assert_eq!(a.language.as_deref(), Some("en"));
    assert_eq!(a.canonical_url.as_deref(), Some(URL));
    assert_eq!(a.published, NaiveDate::from_ymd_opt(2024, 5, 2));
}

#[test]
fn a_windows_1251_page_comes_out_as_utf8() {
    let text = "Мост через гавань снова открыт для движения после трёх месяцев ремонта, сообщил городской совет в понедельник.";
    let (encoded, _, unmappable) = encoding_rs::WINDOWS_1251.encode(text);
    assert!(!unmappable);
    let mut bytes =
        b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\"></head><body><article><p>"
            .to_vec();
    bytes.extend_from_slice(&encoded);
    bytes.extend_from_slice(b"</p></article></body></html>");
    let doc = RawDocument {
        item: ItemId("file:page.html".into()),
        bytes,
        content_type: None,
        fetched_at: Utc::now(),
    };
    let article = extract(&doc).unwrap();
    assert_eq!(article.text(), text);
}

#[test]
fn a_page_of_furniture_only_is_a_clear_error() {
    let doc = RawDocument {
        item: ItemId("file:nav.html".into()),
        bytes: br#"<html><body><nav><a href="/">Home</a><a href="/news">News</a></nav>
            <footer>All rights reserved</footer></body></html>"#
            .to_vec(),
        content_type: Some("text/html".into()),
        fetched_at: Utc::now(),
    };
    let err = extract(&doc).unwrap_err();
    assert!(matches!(err, ExtractError::Empty), "{err}");
}

#[test]
fn a_short_article_stays_short_beside_a_long_comment_section() {
    let comment = "<li><p>I drive over that bridge every day, and honestly, the repairs took far too long, cost far too much, and nobody at the council ever explained why.</p></li>";
    let a = extract_page(
        "",
        &format!(
            r#"<p>The harbour bridge reopened to traffic on Monday morning after three months of repairs, the city council said.</p>
            <section class="comments"><h2>Comments</h2><ol>{}</ol></section>"#,
            comment.repeat(20)
        ),
    );
    let text = body_text(&a);
    assert!(text.starts_with("The harbour bridge reopened"), "{text}");
    assert!(!text.contains("I drive over that bridge"), "{text}");
}
