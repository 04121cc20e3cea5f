//! The values that flow between the pipeline's stages, defined once.
//!
//! A [`RawDocument`] (bytes from a feed's page or a replayed file) is turned by the
//! extractor into an [`Article`]; the store keeps it as an [`Item`] with its
//! [`Version`]s; the matcher links it to a [`Story`] and finds its new [`Claim`]s;
//! everything that happens is written to the change log as an [`Event`].

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Names the source of an item: the article's URL, or `file:<file name>` for a replayed file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ItemId(pub String);

impl ItemId {
    /// The id of a file replayed from a corpus directory.
    pub fn for_file(file_name: &str) -> Self {
        ItemId(format!("file:{file_name}"))
    }
}

impl fmt::Display for ItemId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A story's id: declared in the config, or `story-<n>` for a story the matcher founded.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
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

/// A sentence a story holds, from one of its items.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeldSentence {
    pub text: String,
    pub item: ItemId,
    /// Set when this sentence was logged as a new claim.
    pub claim: Option<ClaimId>,
}

/// A developing story: the items linked to it and every sentence they brought.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Story {
    pub id: StoryId,
    pub title: String,
    pub created_at: DateTime<Utc>,
    pub founded_by: ItemId,
    pub items: Vec<ItemId>,
    pub sentences: Vec<HeldSentence>,
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
    /// An item founded a new story.
    StoryCreated {
        story: StoryId,
        item: ItemId,
        title: String,
    },
    /// An item joined an existing story; `score` is its similarity to the story.
    ItemLinked {
        story: StoryId,
        item: ItemId,
        score: f64,
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
    },
    /// An item already stored came back with different text.
    VersionChanged {
        item: ItemId,
        version: u32,
        #[serde(skip_serializing_if = "Option::is_none")]
        story: Option<StoryId>,
    },
}

impl EventBody {
    /// The story the event belongs to, where one applies.
    pub fn story(&self) -> Option<&StoryId> {
        match self {
            EventBody::StoryCreated { story, .. }
            | EventBody::ItemLinked { story, .. }
            | EventBody::Claim { story, .. } => Some(story),
            EventBody::VersionChanged { story, .. } => story.as_ref(),
            EventBody::ItemUnmatched { .. } => None,
        }
    }
}
