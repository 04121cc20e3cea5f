//! OPML feed lists, as feed readers export them: the way people move their feeds.
//!
//! Entry point: [`feeds`], which reads every `<outline xmlUrl=...>` at any depth (folders
//! nest outlines) and names what it skipped.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// A feed found in an OPML file.
#[derive(Debug, Clone, PartialEq)]
pub struct OpmlFeed {
    pub url: String,
    pub name: Option<String>,
}

/// What an OPML file held.
#[derive(Debug, Default)]
pub struct Outlines {
    pub feeds: Vec<OpmlFeed>,
    /// Outlines with a feed address storywatch cannot poll, each with the reason.
    pub skipped: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum OpmlError {
    #[error("XML error at byte {position}: {detail}")]
    Xml { position: u64, detail: String },
    #[error("no <opml> element: this is not an OPML file")]
    NotOpml,
}

/// Reads the feeds of an OPML document. Duplicates are listed once.
pub fn feeds(bytes: &[u8]) -> Result<Outlines, OpmlError> {
    let text = String::from_utf8_lossy(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes));
    let mut reader = Reader::from_str(&text);
    let mut outlines = Outlines::default();
    let mut saw_opml = false;
    loop {
        let event = reader.read_event().map_err(|e| OpmlError::Xml {
            position: reader.error_position(),
            detail: e.to_string(),
        })?;
        match event {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "opml" => saw_opml = true,
                "outline" => outline(&e, &mut outlines),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    if !saw_opml {
        return Err(OpmlError::NotOpml);
    }
    Ok(outlines)
}

fn outline(element: &BytesStart<'_>, outlines: &mut Outlines) {
    let mut url = None;
    let mut title = None;
    let mut text = None;
    for attribute in element.attributes().flatten() {
        let Ok(value) = attribute.normalized_value(quick_xml::XmlVersion::default()) else {
            continue;
        };
        let value = value.trim().to_string();
        match attribute.key.local_name().as_ref() {
            "xmlUrl" | "xmlurl" => url = Some(value),
            "title" => title = Some(value),
            "text" => text = Some(value),
            _ => {}
        }
    }
    // An outline without xmlUrl is a folder.
    let Some(url) = url else { return };
    let name = title.or(text).filter(|n| !n.is_empty());
    match url::Url::parse(&url) {
        Ok(parsed) if matches!(parsed.scheme(), "http" | "https") => {
            if !outlines.feeds.iter().any(|f| f.url == url) {
                outlines.feeds.push(OpmlFeed { url, name });
            }
        }
        Ok(parsed) => outlines
            .skipped
            .push(format!("{url}: a {} address, not http(s)", parsed.scheme())),
        Err(e) => outlines.skipped.push(format!("\"{url}\": not a URL ({e})")),
    }
}

/// A feed as a `[[feed]]` entry for the config file.
pub fn as_toml(feed: &OpmlFeed) -> String {
    let mut entry = format!("[[feed]]\nurl = {}\n", toml_string(&feed.url));
    if let Some(name) = &feed.name {
        entry.push_str(&format!("name = {}\n", toml_string(name)));
    }
    entry.push('\n');
    entry
}

/// A TOML basic string: quotes, backslashes and control characters escaped.
fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    const EXPORT: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>Miniflux export</title></head>
  <body>
    <outline text="World">
      <outline title="Kyiv &amp; region" text="Kyiv" type="rss" xmlUrl="https://example.org/kyiv/rss.xml" htmlUrl="https://example.org/"/>
      <outline text="Wire &quot;A&quot;" type="rss" xmlUrl="https://wire.example/atom"/>
    </outline>
    <outline text="Dup" xmlUrl="https://wire.example/atom"/>
    <outline text="Podcast" xmlUrl="ftp://files.example/feed"/>
    <outline text="Local" xmlUrl="not a url"/>
  </body>
</opml>"#;

    #[test]
    fn nested_outlines_are_read_and_bad_ones_named() {
        let outlines = feeds(EXPORT.as_bytes()).unwrap();
        assert_eq!(
            outlines.feeds,
            vec![
                OpmlFeed {
                    url: "https://example.org/kyiv/rss.xml".into(),
                    name: Some("Kyiv & region".into())
                },
                OpmlFeed {
                    url: "https://wire.example/atom".into(),
                    name: Some("Wire \"A\"".into())
                },
            ]
        );
        assert_eq!(outlines.skipped.len(), 2, "{:?}", outlines.skipped);
        assert!(outlines.skipped[0].contains("ftp"));
    }

    #[test]
    fn the_toml_written_loads_as_config() {
        let outlines = feeds(EXPORT.as_bytes()).unwrap();
        let toml: String = outlines.feeds.iter().map(as_toml).collect();
        let config = Config::parse(&toml).unwrap();
        assert_eq!(config.feeds.len(), 2);
        assert_eq!(config.feeds[1].name.as_deref(), Some("Wire \"A\""));
    }

    #[test]
    fn broken_opml_is_an_error_not_a_panic() {
        assert!(feeds(b"<html><body>hello</body></html>").is_err());
        assert!(matches!(
            feeds(b"<opml><body></wrong>"),
            Err(OpmlError::Xml { .. })
        ));
    }
}
