//! The text-mode extractor on each seed document: the title and date it finds, the
//! article it keeps, the furniture it drops.

use chrono::{NaiveDate, Utc};
use storywatch::extract::extract;
use storywatch::model::{Article, BlockKind, ItemId, RawDocument};

fn extract_seed(name: &str) -> Article {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("seeds")
        .join(name);
    let doc = RawDocument {
        item: ItemId::for_file(name),
        bytes: std::fs::read(path).unwrap(),
        content_type: Some("text/plain".into()),
        fetched_at: Utc::now(),
    };
    extract(&doc).unwrap()
}

fn first_and_last(article: &Article) -> (&str, &str) {
    let p = &article.paragraphs;
    (p[0].text.as_str(), p[p.len() - 1].text.as_str())
}

#[test]
fn seed_000_date_label_is_read_and_removed() {
    let a = extract_seed("000_ee459bdfdea0fd13.txt");
    assert_eq!(a.published, NaiveDate::from_ymd_opt(2025, 8, 27));
    assert_eq!(a.title, None);
    assert_eq!(a.paragraphs.len(), 9);
    let (first, last) = first_and_last(&a);
    assert!(
        first.starts_with("Senior US officials reportedly told"),
        "{first}"
    );
    assert!(last.ends_with("was “absolutely unacceptable.”"), "{last}");
}

#[test]
fn seed_001_title_byline_and_trailing_links() {
    let a = extract_seed("001_3b7a4773e1d3e93a.txt");
    assert_eq!(
        a.title.as_deref(),
        Some("FT: US Signals Willingness to Back NATO-Led Troop Deployment in Ukraine")
    );
    assert_eq!(a.paragraphs.len(), 12);
    let (first, last) = first_and_last(&a);
    assert!(
        first.starts_with("The United States has indicated readiness"),
        "{first}"
    );
    assert!(
        last.starts_with("Russian Foreign Minister Sergey Lavrov"),
        "{last}"
    );
    assert!(
        !a.text().contains("By Staff")
            && !a.text().contains("Related News")
            && !a.text().contains("Comments")
    );
}

#[test]
fn seed_002_page_dump_keeps_only_the_article() {
    let a = extract_seed("002_42fdb5741ca79799.txt");
    assert_eq!(
        a.title.as_deref(),
        Some("FT: US signals willingness to support postwar security framework for Ukraine")
    );
    assert_eq!(a.published, NaiveDate::from_ymd_opt(2025, 8, 28));
    assert_eq!(a.paragraphs.len(), 7);
    assert!(a.paragraphs.iter().all(|p| p.kind == BlockKind::Paragraph));
    let (first, last) = first_and_last(&a);
    assert!(
        first.starts_with("The United States has indicated a major policy shift"),
        "{first}"
    );
    assert!(
        last.starts_with("Diplomatic efforts to secure a peace agreement"),
        "{last}"
    );
    let text = a.text();
    for furniture in [
        "twitter",
        "LOOKING FOR",
        "Caliber",
        "Views",
        "Tamilla",
        "Share it",
        "Follow us",
        "loading",
    ] {
        assert!(!text.contains(furniture), "{furniture} kept");
    }
}

#[test]
fn seed_003_wrapped_line_list_and_heading() {
    let a = extract_seed("003_777be51a4515d054.txt");
    assert!(a
        .title
        .as_deref()
        .unwrap()
        .starts_with("FT: Security guarantees for Ukraine"));
    let text = a.text();
    assert!(text.contains("in numerous conversations with European counterparts that Washington"));
    let items: Vec<&str> = a
        .paragraphs
        .iter()
        .filter(|p| p.kind == BlockKind::ListItem)
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(items.len(), 3, "{items:?}");
    assert!(items[0].starts_with("a demilitarized zone"));
    let headings: Vec<&str> = a
        .paragraphs
        .iter()
        .filter(|p| p.kind == BlockKind::Heading)
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(headings, ["Security guarantees for Ukraine"]);
    assert!(
        !text.contains("Author")
            && !text.contains("Oleksandr Bulin")
            && !text.contains("follow us on X")
    );
    assert!(a
        .paragraphs
        .last()
        .unwrap()
        .text
        .starts_with("And Donald Trump stated on August 20"));
}

#[test]
fn seed_004_title_directly_above_the_text_is_not_joined_to_it() {
    let a = extract_seed("004_3622f00dcd344a76.txt");
    assert_eq!(
        a.title.as_deref(),
        Some("European Leaders Push for Security Guarantees for Ukraine Amid Shifting US Support")
    );
    let (first, last) = first_and_last(&a);
    assert!(
        first.starts_with("This week, a security guarantee package"),
        "{first}"
    );
    assert!(
        last.starts_with("Previously, Italian Prime Minister Giorgia Meloni"),
        "{last}"
    );
    assert_eq!(a.paragraphs.len(), 17);
}
