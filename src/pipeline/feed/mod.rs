//! Feed parsing: the bytes of an RSS, Atom or JSON feed → [`ParsedFeed`].
//!
//! Entry point: [`parse`]. Feeds are untrusted: a feed that cannot be read is an error
//! naming why, never a panic, and "parsed but no title and no entries" is a failure, not
//! an empty feed.
//!
//! feed-rs does the parsing; this module wraps it in the steps it lacks:
//! `decode` turns the bytes into UTF-8 (BOM, XML declaration, HTTP charset, detection);
//! `normalise` repairs what feed-rs 3.0.0 rejects, misreads or panics on (XML
//! declarations, the `<rss>` version, the userland / RSS 0.90 / Atom 0.3 namespaces,
//! stray `&`, channel-less `<rss>`, linkless RSS 1.0 items, CDF); feed-rs runs under
//! `catch_unwind`, with two bounded second chances (a truncated document closed, an
//! element it refuses dropped); and `convert` maps its model to ours: absolute links,
//! plain-text titles, and entry keys that survive a headline edit (guid / id, else the
//! canonical link).

mod convert;
mod decode;
mod normalise;

use std::panic::{catch_unwind, AssertUnwindSafe};

use feed_rs::parser::{ParseErrorKind, ParseFeedError};

use crate::model::ParsedFeed;

/// Why a feed body could not be read. Messages are short: the caller logs them next to
/// the feed's URL.
#[derive(Debug, thiserror::Error)]
pub enum FeedError {
    /// Well-formed enough, but no RSS, Atom or JSON Feed root (e.g. an HTML page).
    #[error("not a feed: {0}")]
    NotAFeed(String),
    /// The XML is broken beyond what the normalising step repairs.
    #[error("malformed XML: {0}")]
    Xml(String),
    /// A JSON body that is not a JSON Feed feed-rs reads.
    #[error("malformed JSON feed: {0}")]
    Json(String),
    /// Recognised as a feed, but some required part is missing or unreadable.
    #[error("invalid feed: {0}")]
    Invalid(String),
    /// feed-rs panicked on this input; the panic was caught.
    #[error("feed parser panicked: {0}")]
    Panicked(String),
    #[error("the feed parsed but has no title and no entries")]
    Empty,
}

impl FeedError {
    /// A stable one-word name of the kind, for counting and metrics.
    pub fn kind(&self) -> &'static str {
        match self {
            FeedError::NotAFeed(_) => "not_a_feed",
            FeedError::Xml(_) => "xml",
            FeedError::Json(_) => "json",
            FeedError::Invalid(_) => "invalid",
            FeedError::Panicked(_) => "panicked",
            FeedError::Empty => "empty",
        }
    }
}

/// The id our generator gives entries that have no guid / id. It cannot collide with a
/// real id: XML text cannot contain NUL.
const NO_ID: &str = "\u{0}storywatch:no-id";

/// Parses a feed body. `content_type` is the HTTP header, if any (its charset is a hint);
/// `base_url` is where the feed was fetched from, to resolve relative links.
pub fn parse(
    bytes: &[u8],
    content_type: Option<&str>,
    base_url: Option<&str>,
) -> Result<ParsedFeed, FeedError> {
    let mut text = decode::decode_xml(bytes, content_type, base_url);
    // NUL is never legal in XML, and NULs around ASCII make feed-rs's reader take UTF-8
    // text for UTF-16 (and panic on the declaration it then finds).
    if text.contains('\0') {
        text.retain(|c| c != '\0');
    }
    let is_json = text.trim_start().starts_with('{');
    // JSON has no prolog or root tag to repair.
    let mut text = if is_json {
        text
    } else {
        normalise::normalise(&text)
    };
    let root = if is_json {
        None
    } else {
        normalise::root_name(&text).map(str::to_string)
    };
    match root.as_deref() {
        Some("feed") => text = normalise::atom_text_types(&text),
        Some("RDF") => text = normalise::rss1_item_links(&text),
        Some("rss") => text = normalise::rss_channel(&text),
        Some("CHANNEL") => text = normalise::cdf_to_rss(&text),
        _ => {}
    }
    // feed-rs fails the whole parse on a base it cannot read as a URL.
    let base = base_url.and_then(|b| url::Url::parse(b).ok());
    let base_str = base.as_ref().map(url::Url::as_str);
    let mut salvaged = false;
    let mut removed = 0;
    let feed = loop {
        let error = match run_feed_rs(text.as_bytes(), base_str)? {
            Ok(feed) => break feed,
            Err(e) => e,
        };
        // Second chances, each bounded: a truncated document gets its open elements
        // closed once; an element feed-rs refuses (unknown text type, required text
        // missing) is dropped so the rest of the feed survives.
        let position = match &error {
            ParseFeedError::ParseError(
                ParseErrorKind::UnknownMimeType { position, .. }
                | ParseErrorKind::MissingContent { position, .. },
            ) => Some(*position),
            _ => None,
        };
        let retry = match (&error, position) {
            (ParseFeedError::XmlReader(_), _) if !is_json && !salvaged => {
                salvaged = true;
                Some(normalise::close_open_elements(&text))
            }
            (_, Some(p)) if removed < MAX_REMOVED_ELEMENTS => {
                removed += 1;
                usize::try_from(p)
                    .ok()
                    .and_then(|p| normalise::remove_element_at(&text, p))
            }
            _ => None,
        };
        match retry {
            Some(repaired) if repaired != text => text = repaired,
            // A feed root with nothing feed-rs needs inside (`<rss></rss>`, no channel).
            _ if matches!(
                error,
                ParseFeedError::ParseError(ParseErrorKind::NoFeedRoot)
            ) && matches!(root.as_deref(), Some("rss" | "RDF" | "feed")) =>
            {
                return Err(FeedError::Empty)
            }
            _ => return Err(map_error(error)),
        }
    };
    let parsed = convert::convert(feed, base.as_ref());
    if parsed.title.is_none() && parsed.entries.is_empty() {
        return Err(FeedError::Empty);
    }
    Ok(parsed)
}

/// How many refused elements one feed may lose before it counts as invalid.
const MAX_REMOVED_ELEMENTS: usize = 16;

/// Runs feed-rs with our id generator, turning a panic into [`FeedError::Panicked`].
fn run_feed_rs(
    utf8: &[u8],
    base: Option<&str>,
) -> Result<Result<feed_rs::model::Feed, ParseFeedError>, FeedError> {
    let attempt = catch_unwind(AssertUnwindSafe(|| {
        feed_rs::parser::Builder::new()
            .base_uri(base)
            // Marks entries with no guid / id, so that they get keyed by their link alone.
            .id_generator(|_, _, _| NO_ID.to_string())
            .build()
            .parse(utf8)
    }));
    match attempt {
        Ok(result) => Ok(result),
        Err(payload) => {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string());
            Err(FeedError::Panicked(message))
        }
    }
}

fn map_error(e: ParseFeedError) -> FeedError {
    match e {
        ParseFeedError::ParseError(ParseErrorKind::NoFeedRoot) => {
            FeedError::NotAFeed("no RSS, Atom or JSON Feed root element".to_string())
        }
        ParseFeedError::ParseError(kind) => FeedError::Invalid(kind.to_string()),
        ParseFeedError::IoError(e) => FeedError::Invalid(e.to_string()),
        ParseFeedError::JsonSerde(e) => FeedError::Json(e.to_string()),
        ParseFeedError::JsonUnsupportedVersion(v) => {
            FeedError::Json(format!("unsupported version {v}"))
        }
        ParseFeedError::XmlReader(e) => FeedError::Xml(e.to_string()),
    }
}
