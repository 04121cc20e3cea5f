//! Feed parsing: the bytes of an RSS, Atom or JSON feed → [`ParsedFeed`].
//!
//! Entry point: [`parse`]. Feeds are untrusted: a feed that cannot be read is an error
//! naming why, never a panic, and "parsed but no title and no entries" is a failure, not
//! an empty feed.

use crate::model::{Entry, ParsedFeed};

#[derive(Debug, thiserror::Error)]
pub enum FeedError {
    #[error("not a feed: {0}")]
    NotAFeed(String),
    #[error("the feed parsed but has no title and no entries")]
    Empty,
}

/// Parses a feed body. `content_type` is the HTTP header, if any (its charset is a hint);
/// `base_url` is where the feed was fetched from, to resolve relative links.
pub fn parse(
    bytes: &[u8],
    content_type: Option<&str>,
    base_url: Option<&str>,
) -> Result<ParsedFeed, FeedError> {
    let _ = (content_type, base_url);
    let feed = feed_rs::parser::parse(bytes).map_err(|e| FeedError::NotAFeed(e.to_string()))?;
    let entries: Vec<Entry> = feed
        .entries
        .into_iter()
        .map(|e| {
            let link = e.links.first().map(|l| l.href.clone());
            Entry {
                key: e.id,
                link,
                title: e.title.map(|t| t.content),
                published: e.published,
                updated: e.updated,
                content: e.content.and_then(|c| c.body),
                summary: e.summary.map(|t| t.content),
                authors: e.authors.into_iter().filter_map(|p| p.name).collect(),
            }
        })
        .collect();
    let title = feed.title.map(|t| t.content);
    if title.is_none() && entries.is_empty() {
        return Err(FeedError::Empty);
    }
    Ok(ParsedFeed {
        title,
        site: feed.links.first().map(|l| l.href.clone()),
        entries,
    })
}
