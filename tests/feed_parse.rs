//! `feed::parse` on broken, mis-encoded and unusual feeds: it returns (Ok or a typed
//! error) and never panics; repaired feeds give their entries with stable keys and
//! absolute links. Fixtures: tests/fixtures/feeds (see its README for licences).

use std::path::{Path, PathBuf};

use storywatch::feed::{self, FeedError};
use storywatch::model::ItemId;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/feeds")
}

fn read(rel: &str) -> Vec<u8> {
    std::fs::read(fixtures().join(rel)).expect("fixture present")
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("fixture dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, out);
        } else if path.extension().is_some_and(|e| e == "xml") {
            out.push(path);
        }
    }
}

fn utf16le_with_bom(s: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    for unit in s.encode_utf16() {
        out.extend_from_slice(&unit.to_le_bytes());
    }
    out
}

#[test]
fn illformed_feeds_never_panic_and_most_give_a_title_or_entries() {
    let mut files = Vec::new();
    files_under(&fixtures().join("feedparser/illformed"), &mut files);
    assert_eq!(files.len(), 19);
    let mut ok = 0;
    for path in &files {
        let bytes = std::fs::read(path).expect("readable");
        match feed::parse(&bytes, None, Some("http://127.0.0.1:8097/illformed/")) {
            Ok(parsed) => {
                assert!(parsed.title.is_some() || !parsed.entries.is_empty());
                ok += 1;
            }
            Err(FeedError::Panicked(m)) => panic!("{}: feed-rs panicked: {m}", path.display()),
            Err(_) => {}
        }
    }
    assert!(ok >= 15, "only {ok} of 19 ill-formed feeds parsed");
}

#[test]
fn utf16_bom_with_utf16_declaration_parses() {
    let doc = r#"<?xml version="1.0" encoding="utf-16"?>
<rss version="2.0"><channel><title>Новости</title>
<item><title>Один</title><link>https://example.ru/1</link></item></channel></rss>"#;
    let parsed = feed::parse(&utf16le_with_bom(doc), None, None).expect("parses");
    assert_eq!(parsed.title.as_deref(), Some("Новости"));
    assert_eq!(parsed.entries[0].title.as_deref(), Some("Один"));
}

#[test]
fn two_xml_declarations_parse() {
    let doc = br#"<?xml version="1.0" encoding="utf-8"?>
<?xml version="1.0" encoding="utf-16"?>
<rss version="2.0"><channel><title>Twice declared</title>
<item><title>A</title><link>https://example.com/a</link></item></channel></rss>"#;
    let parsed = feed::parse(doc, None, None).expect("parses");
    assert_eq!(parsed.title.as_deref(), Some("Twice declared"));
    assert_eq!(parsed.entries.len(), 1);
}

#[test]
fn rss_without_or_with_odd_version_parses() {
    for root in [
        "<rss>",
        r#"<rss version="2.0 ">"#,
        r#"<rss version="0.94">"#,
    ] {
        let doc = format!(
            "{root}<channel><title>T</title><item><title>I</title>\
             <link>https://example.com/i</link></item></channel></rss>"
        );
        let parsed =
            feed::parse(doc.as_bytes(), None, None).unwrap_or_else(|e| panic!("{root}: {e}"));
        assert_eq!(parsed.entries.len(), 1, "{root}");
    }
}

#[test]
fn userland_namespace_gives_entries() {
    let doc = br#"<?xml version="1.0"?>
<rss version="2.0" xmlns="http://backend.userland.com/rss2">
<channel><title>Userland</title><link>http://example.com/</link>
<item><title>One</title><link>http://example.com/1</link></item>
<item><title>Two</title><link>http://example.com/2</link></item>
</channel></rss>"#;
    let parsed = feed::parse(doc, None, None).expect("parses");
    assert_eq!(parsed.title.as_deref(), Some("Userland"));
    assert_eq!(parsed.entries.len(), 2);
}

#[test]
fn rss_090_gives_entries() {
    let doc = br#"<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns="http://my.netscape.com/rdf/simple/0.9/">
<channel><title>heise online</title><link>https://www.heise.de/</link>
<description>News</description></channel>
<item><title>Erste Meldung</title><link>https://www.heise.de/1</link></item>
<item><title>Zweite Meldung</title><link>https://www.heise.de/2</link></item>
</rdf:RDF>"#;
    let parsed = feed::parse(doc, None, None).expect("parses");
    assert_eq!(parsed.title.as_deref(), Some("heise online"));
    assert_eq!(parsed.entries.len(), 2);
    assert_eq!(parsed.entries[0].title.as_deref(), Some("Erste Meldung"));
}

fn one_item(title: &str, guid: &str) -> String {
    format!(
        r#"<rss version="2.0"><channel><title>T</title><item><title>{title}</title>
<link>https://Example.com/world/story?utm_source=rss&amp;id=7#comments</link>{guid}</item></channel></rss>"#
    )
}

#[test]
fn entry_without_guid_is_keyed_by_its_canonical_link_and_survives_a_title_edit() {
    let before = feed::parse(one_item("Old headline", "").as_bytes(), None, None).unwrap();
    let after = feed::parse(one_item("New headline", "").as_bytes(), None, None).unwrap();
    let expected = ItemId::for_url("https://example.com/world/story?id=7")
        .unwrap()
        .0;
    assert_eq!(before.entries[0].key, expected);
    assert_eq!(before.entries[0].key, after.entries[0].key);
    // A real guid is kept as the key.
    let with_guid = one_item("Old headline", "<guid>story-7</guid>");
    let parsed = feed::parse(with_guid.as_bytes(), None, None).unwrap();
    assert_eq!(parsed.entries[0].key, "story-7");
}

/// "Новости дня" and "Москва" in windows-1251.
const NEWS_1251: &[u8] = b"\xcd\xee\xe2\xee\xf1\xf2\xe8 \xe4\xed\xff";
const MOSCOW_1251: &[u8] = b"\xcc\xee\xf1\xea\xe2\xe0";

fn cyrillic_feed(declaration: &str) -> Vec<u8> {
    let mut doc = declaration.as_bytes().to_vec();
    doc.extend_from_slice(b"<rss version=\"2.0\"><channel><title>");
    doc.extend_from_slice(NEWS_1251);
    doc.extend_from_slice(b"</title><item><title>");
    doc.extend_from_slice(MOSCOW_1251);
    doc.extend_from_slice(b"</title><link>https://example.ru/m</link></item></channel></rss>");
    doc
}

#[test]
fn windows_1251_declared_in_the_header_only() {
    let bytes = cyrillic_feed("<?xml version=\"1.0\"?>\n");
    let parsed = feed::parse(
        &bytes,
        Some("application/rss+xml; charset=windows-1251"),
        None,
    )
    .expect("parses");
    assert_eq!(parsed.title.as_deref(), Some("Новости дня"));
    assert_eq!(parsed.entries[0].title.as_deref(), Some("Москва"));
}

#[test]
fn windows_1251_declared_in_the_xml_declaration_only() {
    let bytes = cyrillic_feed("<?xml version=\"1.0\" encoding=\"windows-1251\"?>\n");
    let parsed = feed::parse(&bytes, Some("text/xml"), None).expect("parses");
    assert_eq!(parsed.title.as_deref(), Some("Новости дня"));
    assert_eq!(parsed.entries[0].title.as_deref(), Some("Москва"));
}

#[test]
fn rss_fixture_links_resolved_titles_plain_content_and_summary_split() {
    let parsed = feed::parse(
        &read("news.rss.xml"),
        Some("application/rss+xml"),
        Some("https://news.example.com/feeds/world.xml"),
    )
    .expect("parses");
    assert_eq!(parsed.title.as_deref(), Some("Example News & Views"));
    assert_eq!(parsed.entries.len(), 3);
    let first = &parsed.entries[0];
    assert_eq!(first.key, "example-news-1001");
    assert!(first.content.as_deref().unwrap().contains("6.2 metres"));
    assert!(first.summary.as_deref().unwrap().contains("peaked"));
    assert_eq!(first.authors, vec!["Ana Ruiz".to_string()]);
    // Relative link resolved against the feed URL.
    assert_eq!(
        parsed.entries[1].link.as_deref(),
        Some("https://news.example.com/world/geneva-talks")
    );
    // HTML in a title becomes plain text.
    assert_eq!(
        parsed.entries[2].title.as_deref(),
        Some("Markets rally after rate decision")
    );
}

#[test]
fn atom_fixture_uses_xml_base_and_the_alternate_link() {
    let parsed = feed::parse(
        &read("news.atom.xml"),
        None,
        Some("https://elsewhere.example.com/feed"),
    )
    .expect("parses");
    assert_eq!(parsed.title.as_deref(), Some("Example Atom News"));
    assert_eq!(parsed.site.as_deref(), Some("https://atom.example.org/"));
    assert_eq!(
        parsed.entries[0].link.as_deref(),
        Some("https://atom.example.org/news/2026/11/election-count")
    );
    assert_eq!(
        parsed.entries[1].link.as_deref(),
        Some("https://atom.example.org/news/2026/11/port-strike")
    );
    // A MIME-typed title (Atom 0.3 style) is read, an empty summary does not sink the feed.
    assert_eq!(parsed.entries[1].title.as_deref(), Some("Port strike ends"));
    assert_eq!(parsed.entries[1].summary, None);
}

#[test]
fn json_feed_parses() {
    let parsed =
        feed::parse(&read("news.json"), Some("application/feed+json"), None).expect("parses");
    assert_eq!(parsed.title.as_deref(), Some("Example JSON News"));
    assert_eq!(parsed.entries.len(), 2);
    assert_eq!(parsed.entries[0].key, "json-1");
    assert_eq!(
        parsed.entries[0].link.as_deref(),
        Some("https://json.example.net/2026/11/bridge-reopens")
    );
}

#[test]
fn no_title_and_no_entries_is_empty() {
    for doc in [
        "<rss version=\"2.0\"><channel><description>d</description></channel></rss>",
        "<rss></rss>",
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"></feed>",
    ] {
        assert!(
            matches!(
                feed::parse(doc.as_bytes(), None, None),
                Err(FeedError::Empty)
            ),
            "{doc}"
        );
    }
    assert!(matches!(
        feed::parse(b"<html><body>hi</body></html>", None, None),
        Err(FeedError::NotAFeed(_))
    ));
}

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const INSERTS: &[&[u8]] = &[
    b"<![CDATA[",
    b"]]>",
    b"<rss>",
    b"</channel>",
    b"<item>",
    b"&",
    b"&#x;",
    b"<?xml version=\"1.0\" encoding=\"utf-16\"?>",
    b"<?xml version=\"1.0\" encoding=\"bogus\"?>",
    b"\0",
    b"\xFF\xFE",
    b"<feed xmlns=\"http://www.w3.org/2005/Atom\">",
    b"xml:base=\"::\"",
    b"<",
    b"\"",
];

#[test]
fn mutated_feeds_never_panic() {
    let mut seeds: Vec<Vec<u8>> = vec![
        read("news.rss.xml"),
        read("news.atom.xml"),
        read("news.json"),
        read("feedparser/illformed/rss_item_link_corrupted_ampersands.xml"),
        read("feedparser/illformed/chardet/koi8r.xml"),
        cyrillic_feed("<?xml version=\"1.0\" encoding=\"windows-1251\"?>"),
        read("feedparser/illformed/rdf_channel_empty_textinput.xml"),
        read("feedparser/illformed/always_strip_doctype.xml"),
    ];
    seeds.push(utf16le_with_bom(&String::from_utf8_lossy(&seeds[0])));
    let mut rng = Rng(0x5EED_F00D_1234_5678);
    let mut runs = 0;
    for seed in &seeds {
        let len = seed.len();
        // Truncation at many offsets.
        for cut in (0..len).step_by((len / 120).max(1)) {
            check(&seed[..cut]);
            runs += 1;
        }
        for _ in 0..500 {
            let mut m = seed.clone();
            match rng.below(3) {
                0 => {
                    // Byte flips.
                    for _ in 0..1 + rng.below(4) {
                        let at = rng.below(m.len());
                        m[at] ^= 1 << rng.below(8);
                    }
                }
                1 => {
                    let at = rng.below(m.len());
                    let insert = INSERTS[rng.below(INSERTS.len())];
                    m.splice(at..at, insert.iter().copied());
                }
                _ => {
                    // Delete a run of bytes.
                    let at = rng.below(m.len());
                    let end = (at + 1 + rng.below(40)).min(m.len());
                    m.drain(at..end);
                }
            }
            check(&m);
            runs += 1;
        }
    }
    assert!(runs > 2000, "{runs} mutations");
}

fn check(bytes: &[u8]) {
    let result = std::panic::catch_unwind(|| {
        feed::parse(bytes, Some("text/xml"), Some("https://example.com/feed"))
    });
    match result {
        Ok(Err(FeedError::Panicked(m))) => panic!(
            "feed-rs panicked ({m}) on {:?}",
            String::from_utf8_lossy(bytes)
        ),
        Ok(_) => {}
        Err(_) => panic!(
            "panic escaped feed::parse on {:?}",
            String::from_utf8_lossy(bytes)
        ),
    }
}

#[test]
fn entries_sharing_one_guid_are_keyed_by_their_links() {
    let feed = br#"<rss version="2.0"><channel><title>Same guid</title>
<item><guid>https://example.org/</guid><title>One</title><link>https://example.org/a</link></item>
<item><guid>https://example.org/</guid><title>Two</title><link>https://example.org/b</link></item>
<item><guid>unique-3</guid><title>Three</title><link>https://example.org/c</link></item>
</channel></rss>"#;
    let parsed = storywatch::feed::parse(feed, None, Some("https://example.org/rss")).unwrap();
    let keys: Vec<&str> = parsed.entries.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(
        keys,
        ["https://example.org/a", "https://example.org/b", "unique-3"]
    );
}
