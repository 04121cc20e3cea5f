//! The store: every version of every item, the stories, their claims, the feeds' polling
//! state and the append-only change log, in one sled database. Only this module touches
//! sled.
//!
//! Entry point: [`Store::open`]; then [`Store::record`] for each arriving version (one
//! transaction: the version, the item's place in a story, its claims and the log events
//! land together or not at all), and the typed readers ([`Store::events`],
//! [`Store::versions`], [`Store::stories`], ...). [`Store::export`] and [`Store::import`]
//! move a whole store through JSON Lines.
//!
//! # Layout of a store directory
//! - `storywatch.lock`: held (flock) by the one process that has the store open. It names
//!   that process, so a second one (writer or reader) is refused with a message saying who
//!   holds the store. sled itself admits one process per database; the lock makes the
//!   refusal clear instead of a sled error.
//! - `storywatch.flushed`: the sequence number of the last event known to be on disk,
//!   rewritten at each [`Store::flush`]. sled recovers a damaged or truncated file by
//!   silently dropping everything after the first bad record; a log that ends before
//!   this mark is reported as damaged instead of being taken for a shorter store.
//! - `storywatch.api`: while a daemon holds the store, the URL of its HTTP API (so that
//!   `storywatch log --follow` can read through it).
//! - `sled/`: the database. One tree per kind of record; keys are typed (big-endian
//!   numbers sort in order), values are JSON:
//!
//! | tree              | key                                   | value                         |
//! |-------------------|---------------------------------------|-------------------------------|
//! | `meta`            | `schema_version`, `next_seq`, `next_story`, `next_claim`; `last_event_at` | u64; the latest event's time |
//! | `feeds`           | feed URL (as configured)              | [`FeedState`](crate::model::FeedState) |
//! | `watch`           | item id                               | [`ArticleWatch`](crate::model::ArticleWatch): when to refetch |
//! | `watch_due`       | due time (ms, u64 BE), item id        | empty: the refetch queue, rebuilt from `watch` on import |
//! | `notify`          | webhook URL                           | u64: the last event delivered (not exported: a restored store's webhooks start at its end) |
//! | `items`           | item id (canonical URL or `file:NAME`)| [`Item`]                      |
//! | `versions`        | item id, 0x00, version (u32 BE)       | [`Version`]                   |
//! | `stories`         | story id                              | the story's header            |
//! | `story_items`     | story id, 0x00, position (u32 BE)     | [`ItemId`]                    |
//! | `story_sentences` | story id, 0x00, position (u64 BE)     | [`HeldSentence`]              |
//! | `story_headlines` | story id, 0x00, item id               | the item's headline as it joined (items with one; filled once from first versions in stores written before) |
//! | `claims`          | claim number (u64 BE)                 | [`Claim`](crate::model::Claim)                     |
//! | `log`             | sequence number (u64 BE)              | [`Event`]; never rewritten    |
//! | `story_events`    | story id, 0x00, sequence number (u64 BE) | empty: the log by story (derived, see `story_index.rs`) |
//! | `story_stats`     | story id                              | [`StoryStats`]: what the story list shows (derived) |
//!
//! New databases are not compressed (see `compresses`: it is what keeps opening a store
//! after a long run quick). A story's items and sentences have trees of their own so that
//! adding to a story appends a few records instead of rewriting a story that grows for
//! months.
//!
//! # Durability
//! Every [`Store::record`] is one sled transaction across all the trees it touches, and
//! the counters that number events, stories and claims are read and advanced inside it,
//! so the log's sequence numbers have no gaps and never repeat. sled writes committed
//! transactions to disk every [`FLUSH_EVERY_MS`] milliseconds, on [`Store::flush`] and
//! when the store is dropped. A crash (power loss, SIGKILL) can lose at most the
//! transactions committed since the last flush, and never part of one: after recovery a
//! version is there with all its claims and events, or none of them is. The crash test
//! (`tests/store_crash.rs`) checks this by killing a writer twenty times. sled's own
//! background flushes do not move the `storywatch.flushed` mark; a long-running writer
//! calls [`Store::flush`] on a timer so that the mark follows.
//!
//! # Schema versions
//! `meta/schema_version` says which layout a store has. A store from a newer build is
//! refused; an older one is migrated on open (see `migrate.rs`).
//!
//! Guide: `docs/store.md` (the store as its users see it).

mod exchange;
mod feeds;
mod migrate;
mod record;
mod story_index;

pub use exchange::{ExportError, ImportSummary};
pub use record::{Arrival, ArrivalSentence, NewClaim, Placement, SuspectArrival};
pub use story_index::StoryStats;

use crate::model::{headline_to_keep, Event, HeldSentence, Item, ItemId, Story, StoryId, Version};
use chrono::{DateTime, NaiveDate, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// The schema this build writes. Older stores are migrated on open; newer ones refused.
pub const SCHEMA_VERSION: u64 = 2;

/// How often sled writes committed transactions to disk: what a crash can lose.
pub const FLUSH_EVERY_MS: u64 = 500;

/// Set in `meta` while an import runs: a store whose import stopped is refused.
const IMPORTING: &[u8] = b"import_unfinished";

/// Set in `meta` once the items a store held before headlines were kept have theirs (see
/// [`Store::keep_headlines_if_needed`]).
const HEADLINES_KEPT: &[u8] = b"headlines_kept";

/// The file beside the database naming the running daemon's API address.
const API_ADDRESS: &str = "storywatch.api";

/// The file beside the database that records the last event known to be on disk.
const FLUSHED_MARK: &str = "storywatch.flushed";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("store {path} is in use by another storywatch process ({holder}); stop that process or give another --store")]
    Locked { path: PathBuf, holder: String },
    #[error("cannot open store {path} (check that the directory can be created and written)")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("store {path} cannot be read as a storywatch store ({detail}); import an export into a new --store")]
    Damaged { path: PathBuf, detail: String },
    #[error("store {path} was written by a newer storywatch (schema {found}; this build knows up to {SCHEMA_VERSION}); upgrade storywatch to read it")]
    NewerSchema { path: PathBuf, found: u64 },
    #[error(
        "item {item} changed in the store while this version was being prepared; prepare it again"
    )]
    Stale { item: ItemId },
    #[error(
        "cannot import into {path}: the store already holds records; import into a new --store"
    )]
    NotEmpty { path: PathBuf },
    #[error("import line {line}: {detail}")]
    Import { line: usize, detail: String },
    #[error("there is no store at {path} (check --store; replay or the daemon creates one)")]
    NoStore { path: PathBuf },
    #[error("an import into {path} did not finish; delete that directory and import again")]
    ImportUnfinished { path: PathBuf },
}

/// A story's own record; its items and sentences live in their own trees.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct StoryHeader {
    id: StoryId,
    title: String,
    created_at: DateTime<Utc>,
    founded_by: ItemId,
    /// How many records the story has in `story_items` and `story_sentences`.
    item_count: u32,
    sentence_count: u64,
    /// The earliest and latest publication date of its items, where known.
    #[serde(default)]
    first_date: Option<NaiveDate>,
    #[serde(default)]
    last_date: Option<NaiveDate>,
    /// Declared in the config (absent, false, in stores written before).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    declared: bool,
}

/// Counts and size, for `storywatch stats`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoreStats {
    pub feeds: usize,
    pub items: usize,
    pub versions: usize,
    pub stories: usize,
    pub claims: usize,
    pub events: usize,
    pub bytes_on_disk: u64,
}

pub struct Store {
    path: PathBuf,
    db: sled::Db,
    meta: sled::Tree,
    feeds: sled::Tree,
    items: sled::Tree,
    versions: sled::Tree,
    stories: sled::Tree,
    story_items: sled::Tree,
    story_sentences: sled::Tree,
    story_headlines: sled::Tree,
    claims: sled::Tree,
    log: sled::Tree,
    watch: sled::Tree,
    watch_due: sled::Tree,
    notify: sled::Tree,
    /// The log by story (see `story_index.rs`).
    story_events: sled::Tree,
    story_stats: sled::Tree,
    /// Held while the flushed mark is written: the daemon's timer and its webhooks flush
    /// at once, and the mark's temporary file is one.
    marking: std::sync::Mutex<()>,
    _lock: File,
}

impl Store {
    /// Opens the store at `path`, which must exist: for commands that only read, so that
    /// a mistyped path is an error rather than a new, empty store.
    pub fn open_existing(path: &Path) -> Result<Store, StoreError> {
        if !path.join("sled").join("db").is_file() {
            return Err(StoreError::NoStore {
                path: path.to_path_buf(),
            });
        }
        Store::open(path)
    }

    /// Opens (creating if needed) the store at `path`, taking the single-process lock and
    /// migrating an older schema.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let io_err = |source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        };
        std::fs::create_dir_all(path).map_err(io_err)?;
        let lock = take_lock(path)?;
        wait_for_sled_release(path)?;
        let db = open_sled(path)?;
        let tree = |name: &str| db.open_tree(name).map_err(|e| sled_error(path, e));
        let store = Store {
            path: path.to_path_buf(),
            meta: tree("meta")?,
            feeds: tree("feeds")?,
            items: tree("items")?,
            versions: tree("versions")?,
            stories: tree("stories")?,
            story_items: tree("story_items")?,
            story_sentences: tree("story_sentences")?,
            story_headlines: tree("story_headlines")?,
            claims: tree("claims")?,
            log: tree("log")?,
            watch: tree("watch")?,
            watch_due: tree("watch_due")?,
            notify: tree("notify")?,
            story_events: tree("story_events")?,
            story_stats: tree("story_stats")?,
            marking: std::sync::Mutex::new(()),
            db,
            _lock: lock,
        };
        if store
            .meta
            .contains_key(IMPORTING)
            .map_err(|e| sled_error(path, e))?
        {
            return Err(StoreError::ImportUnfinished {
                path: path.to_path_buf(),
            });
        }
        store.check_flushed_mark()?;
        store.check_schema()?;
        store.index_watches_if_needed()?;
        store.keep_headlines_if_needed()?;
        store.catch_up_story_index()?;
        Ok(store)
    }

    /// Gives the items of a store written before headlines were kept (or imported from
    /// such a store's export) their headlines, once: linking reads them, and the model is
    /// fitted with them. An item's headline is its first version's title, the one it
    /// joined its story with unless it joined on a later version. Idempotent: an item with
    /// a headline keeps it, so a run stopped halfway is finished on the next open.
    fn keep_headlines_if_needed(&self) -> Result<(), StoreError> {
        let kept = self
            .meta
            .contains_key(HEADLINES_KEPT)
            .map_err(|e| sled_error(&self.path, e))?;
        if kept || self.story_items.is_empty() {
            return Ok(());
        }
        self.fill_headlines()?;
        self.meta
            .insert(HEADLINES_KEPT, encode(&true))
            .map_err(|e| sled_error(&self.path, e))?;
        Ok(())
    }

    /// Writes the headline of every story item that has none and whose first version has
    /// a title (see [`Store::keep_headlines_if_needed`]).
    fn fill_headlines(&self) -> Result<(), StoreError> {
        let mut filled = 0;
        for header in self.scan::<StoryHeader>(&self.stories, b"")? {
            let items: Vec<ItemId> =
                self.scan(&self.story_items, &child_prefix(header.id.0.as_bytes()))?;
            for item in items {
                let key = story_headline_key(&header.id, &item);
                let held = self
                    .story_headlines
                    .contains_key(&key)
                    .map_err(|e| sled_error(&self.path, e))?;
                if held {
                    continue;
                }
                let first: Option<Version> = self.get(&self.versions, &version_key(&item, 1))?;
                let title = first.and_then(|v| v.article.title);
                if let Some(headline) = headline_to_keep(title.as_deref()) {
                    let headline = headline.to_string();
                    self.put(
                        &self.story_headlines,
                        &key,
                        &ItemHeadline { item, headline },
                    )?;
                    filled += 1;
                }
            }
        }
        if filled > 0 {
            tracing::info!(
                store = %self.path.display(),
                filled,
                "story items given the headlines of their first versions"
            );
        }
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Records (or, with `None`, removes) where the daemon holding this store serves its
    /// API, so that readers refused by the lock can ask it instead.
    pub fn set_api_address(&self, address: Option<&str>) -> Result<(), StoreError> {
        let file = self.path.join(API_ADDRESS);
        let io_err = |source| StoreError::Io {
            path: file.clone(),
            source,
        };
        match address {
            Some(address) => std::fs::write(&file, format!("{address}\n")).map_err(io_err),
            None => match std::fs::remove_file(&file) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io_err(e)),
                _ => Ok(()),
            },
        }
    }

    /// Where the daemon holding the store at `path` serves its API, if it said so.
    pub fn api_address(path: &Path) -> Option<String> {
        let text = std::fs::read_to_string(path.join(API_ADDRESS)).ok()?;
        Some(text.trim().to_string()).filter(|a| !a.is_empty())
    }

    fn check_schema(&self) -> Result<(), StoreError> {
        match self.get::<u64>(&self.meta, b"schema_version")? {
            Some(found) if found > SCHEMA_VERSION => Err(StoreError::NewerSchema {
                path: self.path.clone(),
                found,
            }),
            Some(SCHEMA_VERSION) => Ok(()),
            Some(found) => migrate::migrate(self, found),
            None if self.is_empty()? => self.put(&self.meta, b"schema_version", &SCHEMA_VERSION),
            None => Err(self.damaged("it holds records but no schema version".to_string())),
        }
    }

    fn is_empty(&self) -> Result<bool, StoreError> {
        Ok(self.meta.is_empty() && !self.holds_records()?)
    }

    /// Whether any tree but `meta` holds a record.
    fn holds_records(&self) -> Result<bool, StoreError> {
        for tree in [
            &self.feeds,
            &self.items,
            &self.versions,
            &self.stories,
            &self.story_items,
            &self.story_sentences,
            &self.story_headlines,
            &self.claims,
            &self.log,
            &self.watch,
            &self.watch_due,
        ] {
            if tree
                .first()
                .map_err(|e| sled_error(&self.path, e))?
                .is_some()
            {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Writes everything committed so far to disk; returns once it is durable, with the
    /// sequence number of the last event known to be on disk (also recorded in
    /// `storywatch.flushed`).
    pub fn flush(&self) -> Result<u64, StoreError> {
        // Read before flushing: an event committed by another thread during the flush
        // may not be on disk yet, so it must not be marked durable.
        let last = self.last_seq()?;
        self.db.flush().map_err(|e| sled_error(&self.path, e))?;
        let _one_at_a_time = self
            .marking
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        // The mark only ever rises: a store found damaged on open (and dropped) must not
        // lower it to what survived.
        if last > self.flushed_mark().unwrap_or(0) {
            let io_err = |source| StoreError::Io {
                path: self.path.clone(),
                source,
            };
            let mark = self.path.join(FLUSHED_MARK);
            let temporary = self.path.join(format!("{FLUSHED_MARK}.tmp"));
            let mut file = File::create(&temporary).map_err(io_err)?;
            writeln!(file, "{last}").map_err(io_err)?;
            file.sync_all().map_err(io_err)?;
            std::fs::rename(&temporary, &mark).map_err(io_err)?;
        }
        Ok(last)
    }

    /// The sequence number of the last event in the log (0 when it is empty).
    pub fn last_seq(&self) -> Result<u64, StoreError> {
        let last = self.log.last().map_err(|e| sled_error(&self.path, e))?;
        Ok(last.and_then(|(key, _)| u64_key(&key)).unwrap_or(0))
    }

    /// The last event known to be on disk, if the mark exists. An unreadable mark counts
    /// as none: it is only a safety net.
    fn flushed_mark(&self) -> Option<u64> {
        let text = std::fs::read_to_string(self.path.join(FLUSHED_MARK)).ok()?;
        text.trim().parse().ok()
    }

    /// sled recovers a damaged or truncated database by dropping everything from the
    /// first bad record on, silently. The mark written at each flush says how far the log
    /// was durable, so that such a loss is reported instead of taken for a shorter (or
    /// new, empty) store.
    fn check_flushed_mark(&self) -> Result<(), StoreError> {
        let Some(flushed) = self.flushed_mark() else {
            return Ok(()); // a new store, or one never flushed
        };
        let last = self.last_seq()?;
        if last < flushed {
            return Err(self.damaged(format!(
                "the database ends at event {last} but events up to {flushed} were written to disk; its files were truncated or damaged. To keep what survived, delete {} (what was lost stays lost)",
                self.path.join(FLUSHED_MARK).display()
            )));
        }
        Ok(())
    }

    pub fn item(&self, id: &ItemId) -> Result<Option<Item>, StoreError> {
        self.get(&self.items, id.0.as_bytes())
    }

    pub fn version(&self, id: &ItemId, number: u32) -> Result<Option<Version>, StoreError> {
        self.get(&self.versions, &version_key(id, number))
    }

    /// Every version of an item, oldest first.
    pub fn versions(&self, id: &ItemId) -> Result<Vec<Version>, StoreError> {
        self.scan(&self.versions, &child_prefix(id.0.as_bytes()))
    }

    pub fn story(&self, id: &StoryId) -> Result<Option<Story>, StoreError> {
        match self.get::<StoryHeader>(&self.stories, id.0.as_bytes())? {
            Some(header) => self.assemble_story(header).map(Some),
            None => Ok(None),
        }
    }

    /// Story `id` with only what it gained after its first `items` items and `sentences`
    /// sentences: its header as it is now, its later items and sentences in order, and
    /// those items' headlines. A story only ever grows at its end (its items and sentences
    /// are numbered as they join), so a reader holding the first ones reads the rest at
    /// the cost of what was added, not of the whole story. `None` if the store holds no
    /// such story, or fewer items or sentences of it than the reader says it holds.
    pub fn story_after(
        &self,
        id: &StoryId,
        items: u32,
        sentences: u64,
    ) -> Result<Option<Story>, StoreError> {
        let Some(header) = self.get::<StoryHeader>(&self.stories, id.0.as_bytes())? else {
            return Ok(None);
        };
        if header.item_count < items || header.sentence_count < sentences {
            return Ok(None);
        }
        let prefix = child_prefix(id.0.as_bytes());
        let later_items: Vec<ItemId> =
            self.scan_from(&self.story_items, &prefix, &story_item_key(id, items))?;
        let later_sentences: Vec<HeldSentence> = self.scan_from(
            &self.story_sentences,
            &prefix,
            &story_sentence_key(id, sentences),
        )?;
        let mut headlines = std::collections::BTreeMap::new();
        for item in &later_items {
            let key = story_headline_key(id, item);
            if let Some(h) = self.get::<ItemHeadline>(&self.story_headlines, &key)? {
                headlines.insert(h.item, h.headline);
            }
        }
        Ok(Some(Story {
            items: later_items,
            sentences: later_sentences,
            headlines,
            ..story_of_header(header)
        }))
    }

    /// Every story, in id order, with its items and sentences.
    pub fn stories(&self) -> Result<Vec<Story>, StoreError> {
        self.each_story().collect()
    }

    /// Every story, in id order, with its items and sentences, each read when it is
    /// asked for.
    pub fn each_story(&self) -> impl Iterator<Item = Result<Story, StoreError>> + '_ {
        self.stories.iter().map(move |kv| {
            let (key, value) = kv.map_err(|e| sled_error(&self.path, e))?;
            self.assemble_story(self.decode(&key, &value)?)
        })
    }

    fn assemble_story(&self, header: StoryHeader) -> Result<Story, StoreError> {
        let prefix = child_prefix(header.id.0.as_bytes());
        let items: Vec<ItemId> = self.scan(&self.story_items, &prefix)?;
        let sentences: Vec<HeldSentence> = self.scan(&self.story_sentences, &prefix)?;
        let headlines: Vec<ItemHeadline> = self.scan(&self.story_headlines, &prefix)?;
        Ok(Story {
            items,
            sentences,
            headlines: headlines
                .into_iter()
                .map(|h| (h.item, h.headline))
                .collect(),
            ..story_of_header(header)
        })
    }

    /// The change log from sequence number `since` (inclusive), in order.
    pub fn events(&self, since: u64) -> impl Iterator<Item = Result<Event, StoreError>> + '_ {
        self.log.range(since.to_be_bytes()..).map(move |kv| {
            let (key, value) = kv.map_err(|e| sled_error(&self.path, e))?;
            self.decode(&key, &value)
        })
    }

    /// The log from its latest event back.
    pub fn events_backwards(&self) -> impl Iterator<Item = Result<Event, StoreError>> + '_ {
        self.log.iter().rev().map(move |kv| {
            let (key, value) = kv.map_err(|e| sled_error(&self.path, e))?;
            self.decode(&key, &value)
        })
    }

    pub fn stats(&self) -> Result<StoreStats, StoreError> {
        Ok(StoreStats {
            feeds: self.feeds.len(),
            items: self.items.len(),
            versions: self.versions.len(),
            stories: self.stories.len(),
            claims: self.claims.len(),
            events: self.log.len(),
            bytes_on_disk: self
                .db
                .size_on_disk()
                .map_err(|e| sled_error(&self.path, e))?,
        })
    }

    fn get<T: DeserializeOwned>(
        &self,
        tree: &sled::Tree,
        key: &[u8],
    ) -> Result<Option<T>, StoreError> {
        match tree.get(key).map_err(|e| sled_error(&self.path, e))? {
            Some(value) => self.decode(key, &value).map(Some),
            None => Ok(None),
        }
    }

    fn put<T: Serialize>(
        &self,
        tree: &sled::Tree,
        key: &[u8],
        value: &T,
    ) -> Result<(), StoreError> {
        tree.insert(key, encode(value))
            .map_err(|e| sled_error(&self.path, e))?;
        Ok(())
    }

    /// Every value under `prefix`, in key order.
    fn scan<T: DeserializeOwned>(
        &self,
        tree: &sled::Tree,
        prefix: &[u8],
    ) -> Result<Vec<T>, StoreError> {
        self.scan_from(tree, prefix, prefix)
    }

    /// The records of `tree` under `prefix` from the key `from` on, in key order.
    fn scan_from<T: DeserializeOwned>(
        &self,
        tree: &sled::Tree,
        prefix: &[u8],
        from: &[u8],
    ) -> Result<Vec<T>, StoreError> {
        tree.range(from..)
            .take_while(|kv| kv.as_ref().map_or(true, |(key, _)| key.starts_with(prefix)))
            .map(|kv| {
                let (key, value) = kv.map_err(|e| sled_error(&self.path, e))?;
                self.decode(&key, &value)
            })
            .collect()
    }

    fn decode<T: DeserializeOwned>(&self, key: &[u8], value: &[u8]) -> Result<T, StoreError> {
        serde_json::from_slice(value).map_err(|e| {
            self.damaged(format!(
                "record {} does not decode: {e}",
                String::from_utf8_lossy(key)
            ))
        })
    }

    fn damaged(&self, detail: String) -> StoreError {
        StoreError::Damaged {
            path: self.path.clone(),
            detail,
        }
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        if let Err(e) = self.flush() {
            tracing::error!(store = %self.path.display(), error = %e, "final flush failed");
        }
    }
}

/// sled 0.34 closes its database file on background threads some milliseconds after the
/// last handle is dropped, so a store closed and reopened in one process (tests, or a
/// daemon restarting its store) can find sled's own file lock still held. We hold the
/// storywatch lock, so no other storywatch process can be the holder: wait a bounded
/// time for our own threads to let go.
fn wait_for_sled_release(path: &Path) -> Result<(), StoreError> {
    const WAIT: std::time::Duration = std::time::Duration::from_millis(10);
    const ATTEMPTS: u32 = 500;
    let db_file = path.join("sled").join("db");
    let Ok(file) = File::open(&db_file) else {
        return Ok(()); // a new store: nothing holds it
    };
    for _ in 0..ATTEMPTS {
        match file.try_lock() {
            Ok(()) => return Ok(()), // released when `file` closes
            Err(std::fs::TryLockError::WouldBlock) => std::thread::sleep(WAIT),
            Err(std::fs::TryLockError::Error(source)) => {
                return Err(StoreError::Io {
                    path: db_file,
                    source,
                })
            }
        }
    }
    Err(StoreError::Locked {
        path: path.to_path_buf(),
        holder: format!(
            "{} is locked by a process that is not storywatch",
            db_file.display()
        ),
    })
}

/// New stores are not compressed by sled. sled 0.34 decompresses every message of its log
/// while it recovers on open (creating a zstd context for each, which asks the CPU for
/// its features: a trap to the hypervisor on a virtual machine), and it replays
/// everything written since the database was last opened: after a run that wrote a
/// million events, the first open took 73 to 110 s compressed, 2 s uncompressed
/// (`history_bench`). Writes and reads are several times faster too; the price is disk
/// (about 2.5 times as much). sled cannot change this for an existing database, so a
/// store created compressed (by the builds that compressed) stays so: its setting is
/// read from sled's own `conf` file. Export and import it into a new store to drop it.
fn compresses(path: &Path) -> bool {
    match std::fs::read(path.join("sled").join("conf")) {
        Ok(conf) => String::from_utf8_lossy(&conf).contains("use_compression: true"),
        Err(_) => false,
    }
}

/// Opens the sled database, turning a panic inside sled on a damaged file into an error
/// that names the store (sled 0.34 can panic while recovering some corrupt logs).
fn open_sled(path: &Path) -> Result<sled::Db, StoreError> {
    let config = sled::Config::new()
        .path(path.join("sled"))
        .flush_every_ms(Some(FLUSH_EVERY_MS))
        .use_compression(compresses(path))
        .compression_factor(1);
    let opened = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| config.open()));
    match opened {
        Ok(result) => result.map_err(|e| sled_error(path, e)),
        Err(panic) => {
            let detail = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "the database failed while recovering".to_string());
            Err(StoreError::Damaged {
                path: path.to_path_buf(),
                detail,
            })
        }
    }
}

fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    // Serialising our own plain data types to JSON cannot fail.
    serde_json::to_vec(value).expect("store records serialise to JSON")
}

/// The prefix of every child record of a parent key: the key and a 0 byte. Ids never
/// hold a 0 byte (URLs percent-encode it, file names cannot contain it).
fn child_prefix(parent: &[u8]) -> Vec<u8> {
    let mut key = parent.to_vec();
    key.push(0);
    key
}

/// A child record's key: the parent's key, a 0 byte, the child's big-endian number.
fn child_key(parent: &str, number: &[u8]) -> Vec<u8> {
    let mut key = child_prefix(parent.as_bytes());
    key.extend_from_slice(number);
    key
}

fn version_key(item: &ItemId, number: u32) -> Vec<u8> {
    child_key(&item.0, &number.to_be_bytes())
}

fn story_item_key(story: &StoryId, position: u32) -> Vec<u8> {
    child_key(&story.0, &position.to_be_bytes())
}

fn story_sentence_key(story: &StoryId, position: u64) -> Vec<u8> {
    child_key(&story.0, &position.to_be_bytes())
}

fn story_headline_key(story: &StoryId, item: &ItemId) -> Vec<u8> {
    child_key(&story.0, item.0.as_bytes())
}

/// A story with its header's fields and none of its items, sentences or headlines.
fn story_of_header(header: StoryHeader) -> Story {
    Story {
        id: header.id,
        title: header.title,
        created_at: header.created_at,
        founded_by: header.founded_by,
        first_date: header.first_date,
        last_date: header.last_date,
        declared: header.declared,
        ..Story::default()
    }
}

/// An item's headline in its story (`story_headlines`).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct ItemHeadline {
    item: ItemId,
    headline: String,
}

fn u64_key(key: &[u8]) -> Option<u64> {
    Some(u64::from_be_bytes(key.try_into().ok()?))
}

fn sled_error(path: &Path, e: sled::Error) -> StoreError {
    match e {
        sled::Error::Io(source) => StoreError::Io {
            path: path.to_path_buf(),
            source,
        },
        other => StoreError::Damaged {
            path: path.to_path_buf(),
            detail: other.to_string(),
        },
    }
}

/// Takes the store's lock file, or says which process holds it.
fn take_lock(path: &Path) -> Result<File, StoreError> {
    let lock_path = path.join("storywatch.lock");
    let io_err = |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&lock_path)
        .map_err(io_err)?;
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            let mut holder = String::new();
            let _ = file.read_to_string(&mut holder);
            let holder = holder.trim();
            return Err(StoreError::Locked {
                path: path.to_path_buf(),
                holder: if holder.is_empty() {
                    "unknown process".to_string()
                } else {
                    holder.to_string()
                },
            });
        }
        Err(std::fs::TryLockError::Error(e)) => return Err(io_err(e)),
    }
    let command: Vec<String> = std::env::args().collect();
    let note = format!(
        "pid {} since {}: {}",
        std::process::id(),
        Utc::now().to_rfc3339(),
        command.join(" ")
    );
    file.set_len(0).map_err(io_err)?;
    file.seek(SeekFrom::Start(0)).map_err(io_err)?;
    file.write_all(note.as_bytes()).map_err(io_err)?;
    Ok(file)
}

#[cfg(test)]
mod tests;
