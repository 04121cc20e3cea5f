//! The values that flow between the pipeline's stages, defined once.
//!
//! A [`RawDocument`] (bytes from a feed's page or a replayed file) is turned by the
//! extractor into an [`Article`]; the store keeps it as an [`Item`] with its
//! [`Version`]s; the matcher links it to a [`Story`] and finds its new [`Claim`]s;
//! everything that happens is written to the change log as an [`Event`].

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fmt;

/// Names the source of an item: the article's URL, or `file:<file name>` for a replayed file.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ItemId(pub String);

impl ItemId {
    /// The id of a file replayed from a corpus directory.
    pub fn for_file(file_name: &str) -> Self {
        ItemId(format!("file:{file_name}"))
    }

    /// The id of a seed document of a story declared in the config:
    /// `seed:<story id>/<file name>`. The `seed:` prefix keeps it apart from a replayed
    /// corpus (`file:`) and from pages (URLs), so the same file replayed later is another
    /// item, matched like any other.
    pub fn for_seed(story: &StoryId, file_name: &str) -> Self {
        ItemId(format!("seed:{story}/{file_name}"))
    }

    /// The id of an article page: its canonical URL, so that the same article reached
    /// through two links (tracking parameters, a fragment, an upper-case host) is one item.
    pub fn for_url(raw: &str) -> Result<Self, UrlError> {
        canonical_url(raw).map(ItemId)
    }

    /// An item as a user names it (a command-line argument, an API parameter): a replayed
    /// file's id `file:NAME` or a seed document's `seed:STORY/NAME` as it is, else any
    /// link to the article, canonicalised.
    pub fn named(given: &str) -> Result<Self, UrlError> {
        if given.starts_with("file:") || given.starts_with("seed:") {
            return Ok(ItemId(given.to_string()));
        }
        ItemId::for_url(given)
    }
}

/// Why a link cannot name an article.
#[derive(Debug, thiserror::Error)]
pub enum UrlError {
    #[error(transparent)]
    Parse(#[from] url::ParseError),
    #[error("only http and https pages are articles, not {0} links")]
    Scheme(String),
}

/// Query parameters that only say how a reader arrived, never which page they asked for.
const TRACKING_PARAMS: &[&str] = &[
    "fbclid",
    "gclid",
    "dclid",
    "gbraid",
    "wbraid",
    "msclkid",
    "yclid",
    "twclid",
    "igshid",
    "mc_cid",
    "mc_eid",
    "_ga",
    "_gl",
    "_hsenc",
    "_hsmi",
    "mkt_tok",
    "ocid",
    "cmpid",
    "ncid",
    "soc_src",
    "soc_trk",
    "smid",
    "sr_share",
    "at_medium",
    "at_campaign",
];

/// A URL in the form storywatch keys items by: scheme and host lower-cased (and the
/// default port dropped) by the URL parser, no fragment, tracking parameters removed
/// (every `utm_*` and the click ids in `TRACKING_PARAMS`). The other parameters are
/// kept byte for byte and in their order, because some sites select the article with
/// them and re-encoding them (`%20` as `+`) would make one article two items.
pub fn canonical_url(raw: &str) -> Result<String, UrlError> {
    let mut url = url::Url::parse(raw.trim())?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(UrlError::Scheme(url.scheme().to_string()));
    }
    url.set_fragment(None);
    if let Some(query) = url.query() {
        let kept: Vec<&str> = query
            .split('&')
            .filter(|segment| !segment.is_empty() && !is_tracking(segment))
            .collect();
        let kept = kept.join("&");
        url.set_query((!kept.is_empty()).then_some(kept.as_str()));
    }
    Ok(url.into())
}

/// Whether a raw `key=value` query segment is a tracking parameter (judged by its
/// decoded key).
fn is_tracking(segment: &str) -> bool {
    let Some((key, _)) = url::form_urlencoded::parse(segment.as_bytes()).next() else {
        return false;
    };
    let key = key.to_ascii_lowercase();
    key.starts_with("utm_") || TRACKING_PARAMS.contains(&key.as_str())
}

impl fmt::Display for ItemId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A story's id: declared in the config, or `story-<n>` for a story the matcher founded.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct StoryId(pub String);

impl fmt::Display for StoryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A claim's id, unique in a store: `c<n>`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ClaimId(pub String);

impl fmt::Display for ClaimId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Bytes as they arrived, before extraction.
#[derive(Debug, Clone)]
pub struct RawDocument {
    pub item: ItemId,
    pub bytes: Vec<u8>,
    /// The media type the source declared (`text/plain` for replayed `.txt` files).
    pub content_type: Option<String>,
    pub fetched_at: DateTime<Utc>,
}

/// What kind of block a paragraph was in the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    Paragraph,
    Heading,
    ListItem,
    Quote,
}

/// One block of article text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paragraph {
    pub kind: BlockKind,
    pub text: String,
}

/// Clean article text and what the extractor found about it.
///
/// The metadata fields after `published` came with HTML extraction; they are left out
/// of the serialised form when empty, and default when absent, so articles stored by
/// older builds still decode.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    pub published: Option<NaiveDate>,
    /// When the page says it was last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canonical_url: Option<String>,
    /// As the page declares it (`en`, `en-GB`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site_name: Option<String>,
    /// The lead image's URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    pub paragraphs: Vec<Paragraph>,
}

impl Article {
    /// The body as plain text: paragraphs separated by blank lines.
    pub fn text(&self) -> String {
        let blocks: Vec<&str> = self.paragraphs.iter().map(|p| p.text.as_str()).collect();
        blocks.join("\n\n")
    }

    /// SHA-256 over the title and the words of the body. Whitespace, line wrapping,
    /// paragraph breaks and markup that leave the words alone give the same hash, so a
    /// refetch with new markup is not a new version.
    pub fn content_hash(&self) -> String {
        let mut hasher = Sha256::new();
        for word in self.title.as_deref().unwrap_or("").split_whitespace() {
            hasher.update(word.as_bytes());
            hasher.update(b" ");
        }
        // The title cannot contain a newline once split into words, so this separates it.
        hasher.update(b"\n");
        for word in self
            .paragraphs
            .iter()
            .flat_map(|p| p.text.split_whitespace())
        {
            hasher.update(word.as_bytes());
            hasher.update(b" ");
        }
        hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// How many words the body has.
    pub fn word_count(&self) -> usize {
        self.paragraphs
            .iter()
            .map(|p| p.text.split_whitespace().count())
            .sum()
    }
}

/// A source the store tracks (one article page, or one replayed file).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub id: ItemId,
    pub first_seen: DateTime<Utc>,
    /// How many versions the store holds; the latest is number `versions`.
    pub versions: u32,
    /// The story the item was linked to, if any.
    pub story: Option<StoryId>,
    /// The content hash of the last text refused as a suspected extraction failure, so
    /// that refetching the same broken page does not report it again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suspect_hash: Option<String>,
    /// How many fetches in a row returned that suspect text.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub suspect_seen: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// One stored version of an item's article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Version {
    pub item: ItemId,
    /// 1 for the first version.
    pub number: u32,
    pub fetched_at: DateTime<Utc>,
    /// SHA-256 of the title and normalised text: a new version is kept only when it changes.
    pub content_hash: String,
    pub article: Article,
}

/// What the poller keeps about a feed between polls, and across restarts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FeedState {
    /// The feed's URL as configured: its key in the store.
    pub url: String,
    /// Where the feed is fetched from now, when a permanent redirect moved it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moved_to: Option<String>,
    /// Validators for a conditional GET: a 304 answer costs no parsing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_polled: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_due: Option<DateTime<Utc>>,
    /// The polling interval learnt from how often the feed publishes, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval_secs: Option<u64>,
    /// Failed polls in a row; 0 after a success.
    #[serde(default)]
    pub consecutive_failures: u32,
    /// When the current run of failures began.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failing_since: Option<DateTime<Utc>>,
    /// Failing for so long that it is only retried rarely (a `feed_broken` event said so).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub broken: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
    /// The keys of the entries taken so far: those the feed showed at its last successful
    /// poll (in feed order, minus any whose article could not be read yet), then up to
    /// 500 older ones. An entry is new when its key is not here.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub seen: Vec<String>,
    /// New entries whose page and own text could not be read, with the polls they failed
    /// in a row; given up after a few.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub failed_entries: std::collections::BTreeMap<String, u32>,
}

impl FeedState {
    pub fn new(url: &str) -> FeedState {
        FeedState {
            url: url.to_string(),
            ..FeedState::default()
        }
    }

    /// The address to fetch: where the feed moved, else where it was configured.
    pub fn fetch_url(&self) -> &str {
        self.moved_to.as_deref().unwrap_or(&self.url)
    }
}

/// An article the poller refetches on a decaying schedule to catch silent edits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleWatch {
    pub item: ItemId,
    /// The page's URL (the item id is its canonical form; this is the link as given).
    pub url: String,
    /// The feed that brought it.
    pub feed: String,
    pub first_seen: DateTime<Utc>,
    /// How many scheduled refetches are done.
    pub refetches: u32,
    pub next_due: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
}

/// One entry of a feed, as the feed parser hands it to the poller.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// What identifies the entry across polls: its guid / id when the feed gives one,
    /// else its canonical link alone (never link + title, or a headline edit would look
    /// like a new entry).
    pub key: String,
    /// The article page, absolute (resolved against the feed's URL).
    pub link: Option<String>,
    pub title: Option<String>,
    pub published: Option<DateTime<Utc>>,
    pub updated: Option<DateTime<Utc>>,
    /// The entry's own full content (HTML or text), when the feed carries it.
    pub content: Option<String>,
    /// The entry's summary or description (HTML or text).
    pub summary: Option<String>,
    pub authors: Vec<String>,
}

/// A feed after parsing: what the poller needs of it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParsedFeed {
    pub title: Option<String>,
    /// The site the feed belongs to, when it says.
    pub site: Option<String>,
    pub entries: Vec<Entry>,
}

/// A sentence a story holds, from one of its items.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeldSentence {
    pub text: String,
    pub item: ItemId,
    /// Set when this sentence was logged as a new claim.
    pub claim: Option<ClaimId>,
}

/// A developing story: the items linked to it and every sentence they brought.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Story {
    pub id: StoryId,
    pub title: String,
    pub created_at: DateTime<Utc>,
    pub founded_by: ItemId,
    pub items: Vec<ItemId>,
    pub sentences: Vec<HeldSentence>,
    /// The earliest and the latest publication date of its items, where known: a story
    /// stops attracting items dated long after (or before) them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_date: Option<NaiveDate>,
    /// Declared in the config (`[[story]]`) rather than discovered by the matcher. A
    /// declared story never goes quiet. Absent (false) in stores written before
    /// declared stories.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub declared: bool,
    /// Each item's headline as it joined (see [`headline_to_keep`]), for the items that
    /// had one: linking reads it with the item's sentences, as it reads an arriving
    /// report's (the founder's document reads the story's title instead).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headlines: BTreeMap<ItemId, String>,
}

/// The headline a story keeps for an item whose article has `title`: the title trimmed,
/// or none when it is blank.
pub fn headline_to_keep(title: Option<&str>) -> Option<&str> {
    title.map(str::trim).filter(|t| !t.is_empty())
}

impl Story {
    /// Takes in `item` with its `headline` and `sentences` (none logged as claims),
    /// published on `published` if dated, as the store takes an item into a story: for
    /// programs and tests that play a stream through the matcher without a store.
    pub fn add_item(
        &mut self,
        item: &ItemId,
        headline: Option<&str>,
        sentences: impl IntoIterator<Item = String>,
        published: Option<NaiveDate>,
    ) {
        self.items.push(item.clone());
        if let Some(headline) = headline_to_keep(headline) {
            self.headlines.insert(item.clone(), headline.to_string());
        }
        self.sentences
            .extend(sentences.into_iter().map(|text| HeldSentence {
                text,
                item: item.clone(),
                claim: None,
            }));
        if let Some(date) = published {
            self.first_date = Some(self.first_date.map_or(date, |d| d.min(date)));
            self.last_date = Some(self.last_date.map_or(date, |d| d.max(date)));
        }
    }
}

/// A sentence carrying a fact its story did not hold before, with who reported it first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub id: ClaimId,
    pub story: StoryId,
    /// The item that reported it first.
    pub item: ItemId,
    /// The claim sentence as the article wrote it.
    pub text: String,
    pub at: DateTime<Utc>,
    /// Later items that repeated it, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub repeated_by: Vec<ItemId>,
    /// When the item that reported it first dropped it from its article.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawn_at: Option<DateTime<Utc>>,
}

/// One line of the change log. Serialised as one JSON object per line: the public
/// contract documented in the README.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Increasing, with no gaps, from 1.
    pub seq: u64,
    pub at: DateTime<Utc>,
    #[serde(flatten)]
    pub body: EventBody,
}

/// What happened, by kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EventBody {
    /// An item founded a new story; for a story declared in the config, its first seed
    /// document, and `declared` is set.
    StoryCreated {
        story: StoryId,
        item: ItemId,
        title: String,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        declared: bool,
    },
    /// An item joined an existing story; `score` is its similarity to the story.
    ItemLinked {
        story: StoryId,
        item: ItemId,
        score: f64,
        /// Copy, rewrite or update (absent in logs written before kinds were recorded).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        item_kind: Option<ItemKind>,
    },
    /// An item matched no story well enough; the closest one is named when there was one.
    ItemUnmatched {
        item: ItemId,
        #[serde(skip_serializing_if = "Option::is_none")]
        closest_story: Option<StoryId>,
        score: f64,
    },
    /// A sentence with a fact the story did not hold.
    Claim {
        story: StoryId,
        item: ItemId,
        claim: ClaimId,
        text: String,
        /// The fact atoms the story lacked: `name: ...`, `place: ...`, `number: ...`,
        /// `date: ...`, `quote: ...` (none when the claim is new in its wording).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        atoms: Vec<String>,
        /// The closest sentence the story already held, when one comes close.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        closest: Option<String>,
        /// How much of what it says the story did not hold (0..1, three decimals), by
        /// the novelty model; absent in stores written before it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        novelty: Option<f64>,
    },
    /// An item already stored came back with different text: what changed since the
    /// version before.
    VersionChanged {
        item: ItemId,
        version: u32,
        #[serde(skip_serializing_if = "Option::is_none")]
        story: Option<StoryId>,
        /// Set when the headline changed.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        title: Option<TitleChange>,
        /// Sentences of the new version that the previous one did not have, in order.
        #[serde(default)]
        added: Vec<String>,
        /// Sentences of the previous version that the new one dropped, in order.
        #[serde(default)]
        removed: Vec<String>,
    },
    /// An item came back with most of its text gone: more likely the extractor failed on
    /// a changed page layout than an edit, so no version was recorded.
    ExtractSuspect {
        item: ItemId,
        #[serde(skip_serializing_if = "Option::is_none")]
        story: Option<StoryId>,
        /// The latest recorded version, which stays current.
        version: u32,
        words_before: usize,
        words_after: usize,
        sentences_before: usize,
        sentences_after: usize,
    },
    /// A later item repeated a claim the story holds (in its own words or not): one more
    /// source for it.
    ClaimCorroborated {
        story: StoryId,
        claim: ClaimId,
        item: ItemId,
        /// The repeating sentence as that item wrote it.
        text: String,
    },
    /// The item that reported a claim dropped it from a new version of its article.
    ClaimWithdrawn {
        story: StoryId,
        claim: ClaimId,
        item: ItemId,
        /// The claim as it was reported.
        text: String,
    },
    /// A feed answered with a permanent redirect on every hop: it is polled at its new
    /// address from now on.
    FeedMoved {
        feed: String,
        from: String,
        to: String,
    },
    /// A feed has failed for so long that it is now only retried rarely.
    FeedBroken {
        feed: String,
        failing_since: DateTime<Utc>,
        failures: u32,
        error: String,
    },
    /// A feed marked broken answered again.
    FeedRecovered { feed: String, failures: u32 },
    /// An entry's page could not be fetched or read, so the entry's own text from the
    /// feed (`used`: "content" or "summary") stands for the article.
    PageUnavailable {
        item: ItemId,
        feed: String,
        error: String,
        used: String,
    },
}

/// What a linked item brings to its story.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// A syndicated or wire copy: the story's own sentences again.
    Duplicate,
    /// The same facts in new words.
    Rewrite,
    /// At least one new claim.
    Update,
}

impl fmt::Display for ItemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ItemKind::Duplicate => "copy",
            ItemKind::Rewrite => "rewrite",
            ItemKind::Update => "update",
        })
    }
}

/// A headline before and after an edit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TitleChange {
    pub before: Option<String>,
    pub after: Option<String>,
}

impl EventBody {
    /// Every kind, as the change log names them (`kind` in the JSON form).
    pub const KINDS: &'static [&'static str] = &[
        "story_created",
        "item_linked",
        "item_unmatched",
        "claim",
        "claim_corroborated",
        "claim_withdrawn",
        "version_changed",
        "extract_suspect",
        "page_unavailable",
        "feed_moved",
        "feed_broken",
        "feed_recovered",
    ];

    /// The event's kind, as the change log names it.
    pub fn kind(&self) -> &'static str {
        match self {
            EventBody::StoryCreated { .. } => "story_created",
            EventBody::ItemLinked { .. } => "item_linked",
            EventBody::ItemUnmatched { .. } => "item_unmatched",
            EventBody::Claim { .. } => "claim",
            EventBody::ClaimCorroborated { .. } => "claim_corroborated",
            EventBody::ClaimWithdrawn { .. } => "claim_withdrawn",
            EventBody::VersionChanged { .. } => "version_changed",
            EventBody::ExtractSuspect { .. } => "extract_suspect",
            EventBody::PageUnavailable { .. } => "page_unavailable",
            EventBody::FeedMoved { .. } => "feed_moved",
            EventBody::FeedBroken { .. } => "feed_broken",
            EventBody::FeedRecovered { .. } => "feed_recovered",
        }
    }

    /// The item the event is about, where one applies (feed events have none).
    pub fn item(&self) -> Option<&ItemId> {
        match self {
            EventBody::StoryCreated { item, .. }
            | EventBody::ItemLinked { item, .. }
            | EventBody::ItemUnmatched { item, .. }
            | EventBody::Claim { item, .. }
            | EventBody::ClaimCorroborated { item, .. }
            | EventBody::ClaimWithdrawn { item, .. }
            | EventBody::VersionChanged { item, .. }
            | EventBody::ExtractSuspect { item, .. }
            | EventBody::PageUnavailable { item, .. } => Some(item),
            EventBody::FeedMoved { .. }
            | EventBody::FeedBroken { .. }
            | EventBody::FeedRecovered { .. } => None,
        }
    }

    /// The story the event belongs to, where one applies.
    pub fn story(&self) -> Option<&StoryId> {
        match self {
            EventBody::StoryCreated { story, .. }
            | EventBody::ItemLinked { story, .. }
            | EventBody::Claim { story, .. }
            | EventBody::ClaimCorroborated { story, .. }
            | EventBody::ClaimWithdrawn { story, .. } => Some(story),
            EventBody::VersionChanged { story, .. } | EventBody::ExtractSuspect { story, .. } => {
                story.as_ref()
            }
            EventBody::ItemUnmatched { .. }
            | EventBody::FeedMoved { .. }
            | EventBody::FeedBroken { .. }
            | EventBody::FeedRecovered { .. }
            | EventBody::PageUnavailable { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_kinds_are_the_serialised_tags() {
        let item = ItemId("file:a".into());
        let story = StoryId("story-1".into());
        let body = EventBody::ClaimCorroborated {
            story,
            claim: ClaimId("c1".into()),
            item,
            text: "t".into(),
        };
        let json = serde_json::to_value(&body).unwrap();
        assert_eq!(json["kind"], body.kind());
        assert!(EventBody::KINDS.contains(&body.kind()));
        assert_eq!(EventBody::KINDS.len(), 12);
    }

    #[test]
    fn two_links_to_one_article_are_one_item() {
        let plain =
            ItemId::for_url("https://www.example.org/world/2025/08/ukraine-guarantees").unwrap();
        for link in [
            "HTTPS://WWW.Example.ORG/world/2025/08/ukraine-guarantees",
            "https://www.example.org:443/world/2025/08/ukraine-guarantees#comments",
            "https://www.example.org/world/2025/08/ukraine-guarantees?utm_source=twitter&utm_medium=social",
            "https://www.example.org/world/2025/08/ukraine-guarantees?fbclid=IwAR0abc&gclid=xyz",
            "  https://www.example.org/world/2025/08/ukraine-guarantees?UTM_Campaign=x \n",
        ] {
            assert_eq!(ItemId::for_url(link).unwrap(), plain, "{link}");
        }
    }

    #[test]
    fn parameters_that_select_the_article_are_kept_in_order() {
        let id = ItemId::for_url("https://example.org/news.php?id=42&utm_source=rss&page=2#top")
            .unwrap();
        assert_eq!(id.0, "https://example.org/news.php?id=42&page=2");
        // The path keeps its case: servers may tell /News from /news.
        let id = ItemId::for_url("https://Example.org/News/Item").unwrap();
        assert_eq!(id.0, "https://example.org/News/Item");
    }

    #[test]
    fn kept_parameters_keep_their_encoding() {
        for (link, canonical) in [
            ("https://e.org/s?q=a%20b", "https://e.org/s?q=a%20b"),
            (
                "https://e.org/s?q=a%20b&utm_source=x",
                "https://e.org/s?q=a%20b",
            ),
            ("https://e.org/s?q=a/b&fbclid=1", "https://e.org/s?q=a/b"),
            ("https://e.org/s?123&gclid=1", "https://e.org/s?123"),
            ("https://e.org/s?id=%41&utm_x=1", "https://e.org/s?id=%41"),
            ("https://e.org/s?utm_source=x", "https://e.org/s"),
        ] {
            assert_eq!(canonical_url(link).unwrap(), canonical, "{link}");
        }
    }

    #[test]
    fn a_link_that_is_not_a_web_url_is_an_error() {
        for bad in [
            "not a url",
            "/relative/path",
            "file:///etc/passwd",
            "javascript:alert(1)",
        ] {
            assert!(ItemId::for_url(bad).is_err(), "{bad}");
        }
    }
}
