//! Export and import: a whole store as JSON Lines, one record per line, in key order, so
//! that exporting an imported export gives the same bytes. The first line names the
//! format and schema; every other line is `{"record": KIND, "value": {...}}` with KIND one
//! of `counter`, `feed`, `item`, `version`, `story`, `story_item`, `story_sentence`,
//! `claim`, `event`. This is also the way to read a store while a daemon holds it: take
//! an export through the daemon, or stop it for a moment.

use super::{
    child_prefix, sled_error, story_headline_key, story_item_key, story_sentence_key, u64_key,
    version_key, ItemHeadline, Store, StoreError, StoryHeader, IMPORTING, SCHEMA_VERSION,
};
use crate::model::{
    ArticleWatch, Claim, Event, FeedState, HeldSentence, Item, ItemId, StoryId, Version,
};
use chrono::{DateTime, NaiveDate, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::{BufRead, Write};

const FORMAT: &str = "storywatch-export";
const COUNTERS: [&str; 3] = ["next_claim", "next_seq", "next_story"];

#[derive(Debug, Serialize, Deserialize)]
struct Header {
    format: String,
    schema_version: u64,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "record", content = "value", rename_all = "snake_case")]
enum Record {
    Counter {
        name: String,
        value: u64,
    },
    Feed(FeedState),
    Watch(ArticleWatch),
    Item(Item),
    Version(Version),
    Story(StoryRecord),
    StoryItem {
        story: StoryId,
        item: ItemId,
        /// Its headline as it joined (absent in exports from before headlines were kept).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        headline: Option<String>,
    },
    StorySentence {
        story: StoryId,
        sentence: HeldSentence,
    },
    Claim {
        number: u64,
        claim: Claim,
    },
    Event(Event),
}

/// A story's header as exported; its counts are rebuilt from the lines that follow.
#[derive(Debug, Serialize, Deserialize)]
struct StoryRecord {
    id: StoryId,
    title: String,
    created_at: DateTime<Utc>,
    founded_by: ItemId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    first_date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    last_date: Option<NaiveDate>,
    /// Declared in the config (absent, false, in exports written before).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    declared: bool,
}

/// The highest numbers an import has seen, and the counters its export gave.
#[derive(Default)]
struct Counters {
    given: HashMap<String, u64>,
    events: u64,
    claims: u64,
    stories: u64,
}

/// What an import brought in.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ImportSummary {
    pub records: usize,
    pub items: usize,
    pub versions: usize,
    pub events: usize,
}

impl Store {
    /// Writes the whole store to `out` as JSON Lines. Returns the number of lines.
    pub fn export(&self, out: &mut impl Write) -> Result<usize, ExportError> {
        let mut lines = Lines { out, count: 0 };
        lines.write(&Header {
            format: FORMAT.to_string(),
            schema_version: SCHEMA_VERSION,
        })?;
        for name in COUNTERS {
            // A counter not yet used is at 1, where it starts.
            let value = self.get::<u64>(&self.meta, name.as_bytes())?.unwrap_or(1);
            lines.write(&Record::Counter {
                name: name.to_string(),
                value,
            })?;
        }
        self.each(&self.feeds, |feed: FeedState| {
            lines.write(&Record::Feed(feed))
        })?;
        self.each(&self.watch, |watch: ArticleWatch| {
            lines.write(&Record::Watch(watch))
        })?;
        self.each(&self.items, |item: Item| lines.write(&Record::Item(item)))?;
        self.each(&self.versions, |v: Version| {
            lines.write(&Record::Version(v))
        })?;
        for header in self.scan::<StoryHeader>(&self.stories, b"")? {
            let prefix = child_prefix(header.id.0.as_bytes());
            let story = header.id.clone();
            lines.write(&Record::Story(StoryRecord {
                id: header.id,
                title: header.title,
                created_at: header.created_at,
                founded_by: header.founded_by,
                first_date: header.first_date,
                last_date: header.last_date,
                declared: header.declared,
            }))?;
            self.each_under(&self.story_items, &prefix, |item: ItemId| {
                let headline = self
                    .get::<ItemHeadline>(&self.story_headlines, &story_headline_key(&story, &item))?
                    .map(|h| h.headline);
                lines.write(&Record::StoryItem {
                    story: story.clone(),
                    item,
                    headline,
                })
            })?;
            self.each_under(&self.story_sentences, &prefix, |sentence: HeldSentence| {
                lines.write(&Record::StorySentence {
                    story: story.clone(),
                    sentence,
                })
            })?;
        }
        for kv in self.claims.iter() {
            let (key, value) = kv.map_err(|e| sled_error(&self.path, e))?;
            let number = u64_key(&key)
                .ok_or_else(|| self.damaged("a claim key is not a number".to_string()))?;
            let claim: Claim = self.decode(&key, &value)?;
            lines.write(&Record::Claim { number, claim })?;
        }
        self.each(&self.log, |e: Event| lines.write(&Record::Event(e)))?;
        Ok(lines.count)
    }

    fn each<T: DeserializeOwned>(
        &self,
        tree: &sled::Tree,
        f: impl FnMut(T) -> Result<(), ExportError>,
    ) -> Result<(), ExportError> {
        self.each_under(tree, b"", f)
    }

    /// Calls `f` with every record of `tree` under `prefix` in key order, without
    /// holding them all in memory.
    fn each_under<T: DeserializeOwned>(
        &self,
        tree: &sled::Tree,
        prefix: &[u8],
        mut f: impl FnMut(T) -> Result<(), ExportError>,
    ) -> Result<(), ExportError> {
        for kv in tree.scan_prefix(prefix) {
            let (key, value) = kv.map_err(|e| sled_error(&self.path, e))?;
            f(self.decode(&key, &value)?)?;
        }
        Ok(())
    }

    /// Rebuilds this (empty) store from an export. Stops at the first bad line, naming
    /// it; the partial store is then refused on open until it is deleted.
    pub fn import(&self, input: impl BufRead) -> Result<ImportSummary, StoreError> {
        if !self.is_empty_but_schema()? {
            return Err(StoreError::NotEmpty {
                path: self.path.clone(),
            });
        }
        // Marked until the end, so that a store whose import stopped is refused on open
        // instead of passing for a healthy one.
        self.put(&self.meta, IMPORTING, &true)?;
        let mut summary = ImportSummary::default();
        let mut counters = Counters::default();
        let mut counts: HashMap<StoryId, (u32, u64)> = HashMap::new();
        let mut stories: Vec<StoryRecord> = Vec::new();
        let mut seen_header = false;
        for (index, line) in input.lines().enumerate() {
            let number = index + 1;
            let bad = |detail: String| StoreError::Import {
                line: number,
                detail,
            };
            let line = line.map_err(|e| bad(format!("cannot read: {e}")))?;
            if line.trim().is_empty() {
                continue;
            }
            if !seen_header {
                let header: Header = parse(&line).map_err(&bad)?;
                if header.format != FORMAT {
                    return Err(bad(format!(
                        "not a storywatch export (format {:?})",
                        header.format
                    )));
                }
                if header.schema_version != SCHEMA_VERSION {
                    return Err(bad(format!(
                        "the export has schema {}; this build imports schema {SCHEMA_VERSION} (use the storywatch that wrote it, or a newer one)",
                        header.schema_version
                    )));
                }
                seen_header = true;
                continue;
            }
            let record: Record = parse(&line).map_err(&bad)?;
            summary.records += 1;
            match record {
                Record::Counter { name, value } => {
                    if !COUNTERS.contains(&name.as_str()) {
                        return Err(bad(format!("unknown counter {name:?}")));
                    }
                    counters.given.insert(name, value);
                }
                Record::Feed(feed) => self.put_feed(&feed)?,
                Record::Watch(watch) => self.put_watch(&watch)?,
                Record::Item(item) => {
                    summary.items += 1;
                    self.put(&self.items, item.id.0.as_bytes(), &item)?;
                }
                Record::Version(v) => {
                    summary.versions += 1;
                    self.put(&self.versions, &version_key(&v.item, v.number), &v)?;
                }
                Record::Story(story) => {
                    if let Some(n) = story
                        .id
                        .0
                        .strip_prefix("story-")
                        .and_then(|n| n.parse().ok())
                    {
                        counters.stories = counters.stories.max(n);
                    }
                    counts.insert(story.id.clone(), (0, 0));
                    stories.push(story);
                }
                Record::StoryItem {
                    story,
                    item,
                    headline,
                } => {
                    let count = counts
                        .get_mut(&story)
                        .ok_or_else(|| bad(format!("story {story} has not been declared")))?;
                    self.put(&self.story_items, &story_item_key(&story, count.0), &item)?;
                    count.0 += 1;
                    if let Some(headline) = headline {
                        let key = story_headline_key(&story, &item);
                        self.put(
                            &self.story_headlines,
                            &key,
                            &ItemHeadline { item, headline },
                        )?;
                    }
                }
                Record::StorySentence { story, sentence } => {
                    let count = counts
                        .get_mut(&story)
                        .ok_or_else(|| bad(format!("story {story} has not been declared")))?;
                    self.put(
                        &self.story_sentences,
                        &story_sentence_key(&story, count.1),
                        &sentence,
                    )?;
                    count.1 += 1;
                }
                Record::Claim { number, claim } => {
                    counters.claims = counters.claims.max(number);
                    self.put(&self.claims, &number.to_be_bytes(), &claim)?;
                }
                Record::Event(event) => {
                    if event.seq != counters.events + 1 {
                        return Err(bad(format!(
                            "event {} follows event {}: the log in an export has no gaps",
                            event.seq, counters.events
                        )));
                    }
                    counters.events = event.seq;
                    summary.events += 1;
                    self.put(&self.log, &event.seq.to_be_bytes(), &event)?;
                }
            }
        }
        if !seen_header {
            return Err(StoreError::Import {
                line: 1,
                detail: "the file is empty, not a storywatch export".to_string(),
            });
        }
        for story in stories {
            let (item_count, sentence_count) = counts.get(&story.id).copied().unwrap_or((0, 0));
            let header = StoryHeader {
                id: story.id,
                title: story.title,
                created_at: story.created_at,
                founded_by: story.founded_by,
                item_count,
                sentence_count,
                first_date: story.first_date,
                last_date: story.last_date,
                declared: story.declared,
            };
            self.put(&self.stories, header.id.0.as_bytes(), &header)?;
        }
        // The counters continue after the highest number imported whatever the export
        // said, so that no event, claim or story number is ever given out twice.
        let given = |name: &str| counters.given.get(name).copied().unwrap_or(1);
        for (name, next) in [
            ("next_seq", counters.events + 1),
            ("next_claim", given("next_claim").max(counters.claims + 1)),
            ("next_story", given("next_story").max(counters.stories + 1)),
        ] {
            self.put(&self.meta, name.as_bytes(), &next)?;
        }
        self.meta
            .remove(IMPORTING)
            .map_err(|e| sled_error(&self.path, e))?;
        // An export from before headlines were kept gets them as such a store does.
        self.keep_headlines_if_needed()?;
        self.catch_up_story_index()?;
        self.flush()?;
        Ok(summary)
    }

    /// True when the store holds nothing but its schema version (a new store).
    fn is_empty_but_schema(&self) -> Result<bool, StoreError> {
        let meta_keys = self.meta.len();
        let schema_only = meta_keys == 0
            || (meta_keys == 1 && self.meta.contains_key(b"schema_version").unwrap_or(false));
        Ok(schema_only && !self.holds_records()?)
    }
}

fn parse<T: DeserializeOwned>(line: &str) -> Result<T, String> {
    serde_json::from_str(line).map_err(|e| format!("not a valid export record: {e}"))
}

/// Why an export stopped.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot write the export")]
    Write(#[from] std::io::Error),
}

/// Counts the lines it writes.
struct Lines<'a, W: Write> {
    out: &'a mut W,
    count: usize,
}

impl<W: Write> Lines<'_, W> {
    fn write<T: Serialize>(&mut self, value: &T) -> Result<(), ExportError> {
        serde_json::to_writer(&mut *self.out, value).map_err(std::io::Error::from)?;
        self.out.write_all(b"\n")?;
        self.count += 1;
        Ok(())
    }
}
