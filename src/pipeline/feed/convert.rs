//! feed-rs's model → ours: absolute http(s) links, plain-text titles, and entry keys.

use url::Url;

use super::NO_ID;
use crate::model::{Entry, ItemId, ParsedFeed};

pub(super) fn convert(feed: feed_rs::model::Feed, base: Option<&Url>) -> ParsedFeed {
    let mut entries: Vec<Entry> = feed
        .entries
        .into_iter()
        .map(|e| convert_entry(e, base))
        .collect();
    rekey_shared_guids(&mut entries);
    ParsedFeed {
        title: feed.title.as_ref().and_then(plain_title),
        site: pick_link(&feed.links, base),
        entries,
    }
}

fn convert_entry(e: feed_rs::model::Entry, base: Option<&Url>) -> Entry {
    let link = pick_link(&e.links, base);
    let id = e.id.trim();
    let key = if id != NO_ID && !id.is_empty() {
        id.to_string()
    } else if let Some(key) = link
        .as_deref()
        .and_then(|l| ItemId::for_url(l).ok())
        .map(|i| i.0)
    {
        // No guid: the canonical link alone, so that a headline edit keeps the key.
        key
    } else {
        // Neither guid nor usable link: feed-rs's own scheme (first link or base + title).
        feed_rs::parser::generate_id(&e.links, &e.title, base.map(Url::as_str))
    };
    Entry {
        key,
        link,
        title: e.title.as_ref().and_then(plain_title),
        published: e.published,
        updated: e.updated,
        content: e.content.and_then(|c| c.body).and_then(non_blank),
        summary: e.summary.map(|t| t.content).and_then(non_blank),
        authors: e
            .authors
            .into_iter()
            .filter_map(|p| p.name.and_then(non_blank))
            .collect(),
    }
}

/// Some feeds give every entry the same guid (the site's address, say). A key shared by
/// several entries identifies none of them, so those entries are keyed by their canonical
/// link instead (when they have one): otherwise every entry after the first would look
/// already seen.
fn rekey_shared_guids(entries: &mut [Entry]) {
    let mut counts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for entry in entries.iter() {
        *counts.entry(entry.key.clone()).or_default() += 1;
    }
    for entry in entries.iter_mut() {
        if counts.get(&entry.key).is_some_and(|n| *n > 1) {
            if let Some(key) = entry
                .link
                .as_deref()
                .and_then(|l| ItemId::for_url(l).ok())
                .map(|i| i.0)
            {
                entry.key = key;
            }
        }
    }
}

/// The page a feed or entry points at: its `alternate` link, else its first link with no
/// `rel`; resolved against `base` and kept only when it is http(s) (the poller fetches it).
fn pick_link(links: &[feed_rs::model::Link], base: Option<&Url>) -> Option<String> {
    let link = links
        .iter()
        .find(|l| l.rel.as_deref().map(str::trim) == Some("alternate"))
        .or_else(|| links.iter().find(|l| l.rel.is_none()))?;
    absolute(link.href.trim(), base)
}

fn absolute(href: &str, base: Option<&Url>) -> Option<String> {
    if href.is_empty() {
        return None;
    }
    let url = match Url::parse(href) {
        Ok(url) => url,
        Err(url::ParseError::RelativeUrlWithoutBase) => base?.join(href).ok()?,
        Err(_) => return None,
    };
    matches!(url.scheme(), "http" | "https").then(|| url.to_string())
}

/// A title as plain text: tags stripped and entities decoded when it is (or looks like)
/// HTML, whitespace collapsed.
fn plain_title(t: &feed_rs::model::Text) -> Option<String> {
    let is_html = matches!(
        t.content_type.as_str(),
        "text/html" | "application/xhtml+xml"
    );
    let text = if is_html || t.content.contains(['<', '&']) {
        let fragment = scraper::Html::parse_fragment(&t.content);
        fragment.root_element().text().collect::<String>()
    } else {
        t.content.clone()
    };
    non_blank(text.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn non_blank(s: String) -> Option<String> {
    if s.trim().is_empty() {
        None
    } else {
        Some(s.trim().to_string())
    }
}
