//! The extractor on the kinds of page it once got wrong on pages it was not tuned on
//! (`../shared/bench/readability-pages`, AEB): one small hand-written page per kind,
//! each failing on the extractor before the fix for its kind.

use chrono::Utc;
use storywatch::extract::extract;
use storywatch::model::{ItemId, RawDocument};

/// The article text of a page.
fn article_text(html: &str) -> String {
    let doc = RawDocument {
        item: ItemId("https://news.example/2024/05/02/story".into()),
        bytes: html.as_bytes().to_vec(),
        content_type: Some("text/html; charset=utf-8".into()),
        fetched_at: Utc::now(),
    };
    extract(&doc).expect("the page has an article").text()
}

/// `n` paragraphs of an ordinary report, each its own sentence, tagged with `label`.
fn paragraphs(label: &str, n: usize) -> String {
    (1..=n)
        .map(|i| {
            format!(
                "<p>{label} paragraph {i}: the council said on Monday that the harbour bridge \
                 would stay open to cars, buses and cyclists while engineers finish the repairs.</p>\n"
            )
        })
        .collect()
}

fn page(body: &str) -> String {
    format!(
        "<!doctype html><html><head><title>Story</title></head><body>\n\
         <nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav>\n{body}\n</body></html>"
    )
}

fn assert_kept(text: &str, label: &str, n: usize) {
    for i in 1..=n {
        let needle = format!("{label} paragraph {i}:");
        assert!(text.contains(&needle), "lost {needle:?} from:\n{text}");
    }
}

#[test]
fn an_article_in_a_box_named_for_sharing_is_still_the_article() {
    // The article's wrapper carries a share widget's id (as a CMS's share buttons
    // attach to it); a smaller unflagged box beside it holds a few hundred characters.
    let html = page(&format!(
        "<div id=\"gigya-share-btns-2_containerParent\"><div class=\"entry\">{}</div></div>\n\
         <div class=\"about\">{}</div>",
        paragraphs("Article", 6),
        paragraphs("About", 4),
    ));
    let text = article_text(&html);
    assert_kept(&text, "Article", 6);
}

#[test]
fn a_live_feed_of_short_items_does_not_outscore_the_article() {
    // A live column in the page's next row: list items whose text sits directly in
    // a div named "content", one of them with more commas than any paragraph of the
    // article, scoring as if it were the article's container.
    let items: String = (1..=15)
        .map(|i| {
            format!(
                "<li class=\"live-item\"><div class=\"live-item-content\">Update {i}: rescuers, \
                 police, firefighters, medics, soldiers, engineers, volunteers, neighbours, \
                 priests, nurses, drivers, cooks, pilots, divers, climbers, guides, farmers, \
                 teachers and students reached the valley, officials said, and more are on the \
                 way.</div></li>\n"
            )
        })
        .collect();
    let html = page(&format!(
        "<div class=\"row\"><div class=\"main\"><div class=\"article-body\">{}</div></div>\
         <div class=\"byline\">By A. Reporter</div></div>\n\
         <div class=\"right\"><div class=\"live-wrapper\"><div class=\"live\">\
         <ul class=\"live-flux\">{items}</ul></div></div></div>",
        paragraphs("Article", 5),
    ));
    let text = article_text(&html);
    assert_kept(&text, "Article", 5);
    assert!(!text.contains("Update 3:"), "{text}");
}

#[test]
fn a_photo_gallerys_captions_are_not_article_text() {
    // The captions of a gallery inside the article's column hold more text than the
    // article itself, in list items.
    let captions: String = (1..=20)
        .map(|i| {
            format!(
                "<li>Caption {i}: a crowd gathers on the quay as the first ferry of the season, \
                 decorated with flags, leaves the harbour for the islands.</li>\n"
            )
        })
        .collect();
    let html = page(&format!(
        "<div class=\"column\">{}<div class=\"full-gallery\"><div class=\"scroller\">\
         <ul class=\"legends\">{captions}</ul></div></div>{}</div>",
        paragraphs("Article", 3),
        paragraphs("More", 2),
    ));
    let text = article_text(&html);
    assert_kept(&text, "Article", 3);
    assert_kept(&text, "More", 2);
    assert!(!text.contains("Caption 5:"), "{text}");
}

#[test]
fn a_schedule_of_short_lines_before_a_closing_note_is_kept() {
    // The article is a list of short lines, written with <br>; its one long line is a
    // closing note. Short lines outweighing the real paragraph are the article.
    let rounds: String = (1..=12)
        .map(|i| format!("Round {i}: {} March – Interlagos<br>\n", i + 9))
        .collect();
    let html = page(&format!(
        "<div class=\"articleBody\"><p>Calendar 2018</p><p>{rounds}</p>\
         <p>The calendar may still change: the organiser has moved rounds in every one of the \
         last five seasons, sometimes weeks before the race.</p></div>"
    ));
    let text = article_text(&html);
    for i in [1, 6, 12] {
        assert!(text.contains(&format!("Round {i}:")), "{text}");
    }
}

#[test]
fn a_section_whose_anchor_names_furniture_keeps_its_prose() {
    // Documentation sections take their ids from their headings; one of them says
    // "sharing", a furniture word, and holds eight paragraphs of the page's prose.
    let html = page(&format!(
        "<div class=\"body\"><div class=\"section\" id=\"a-guide\"><h1>A guide</h1>{}\
         <div class=\"section\" id=\"sharing-with-a-single-developer\">{}</div>\
         <div class=\"section\" id=\"working-in-a-team\">{}</div></div></div>",
        paragraphs("Alone", 5),
        paragraphs("Sharing", 8),
        paragraphs("Team", 5),
    ));
    let text = article_text(&html);
    assert_kept(&text, "Alone", 5);
    assert_kept(&text, "Sharing", 8);
    assert_kept(&text, "Team", 5);
}

#[test]
fn a_list_of_paragraphs_inside_the_article_is_not_dropped_for_its_tag() {
    let items: String = (1..=4)
        .map(|i| format!("<li><p>Step {i} of the repair was done on time</p></li>"))
        .collect();
    let html = page(&format!(
        "<article>{}<ul>{items}</ul>{}</article>",
        paragraphs("Before", 3),
        paragraphs("After", 2),
    ));
    let text = article_text(&html);
    assert_kept(&text, "Before", 3);
    for i in 1..=4 {
        assert!(text.contains(&format!("Step {i} of")), "{text}");
    }
}

#[test]
fn short_chinese_paragraphs_are_real_paragraphs() {
    // 36 characters of Chinese say as much as a long line of English: the opening
    // one is not a kicker to trim.
    let short = "港口大桥在三个月的维修之后于星期一早上重新开放通车，市议会表示。";
    let long = "工程师更换了主桥面的接缝并重新粉刷了钢拱，这项工作原计划需要五个月，\
                据市议会交通办公室称。两岸的商家对重新开放表示欢迎，他们说在大桥对汽车和公共汽车\
                关闭期间，生意下降了近三分之一。";
    let html = page(&format!(
        "<div class=\"content\"><p>{short}</p><p>{long}</p><p>{long}</p></div>"
    ));
    let text = article_text(&html);
    assert!(text.contains(short), "{text}");
}
