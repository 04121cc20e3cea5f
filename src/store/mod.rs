//! The store: every version of every item, the stories, their claims and the
//! append-only change log, in one sled database. Only this module touches sled.
//!
//! Entry point: [`Store::open`], then [`Store::record`] for each arriving item (one
//! transaction: the version, the story, the claims and the log events land together or
//! not at all) and the readers ([`Store::events`], [`Store::stories`], ...).
//!
//! Layout of a store directory:
//! - `storywatch.lock`: held (flock) by the one process that has the store open; it
//!   names that process so a second one can say who holds it.
//! - `sled/`: the database, one tree per kind of record, values JSON-encoded:
//!   - `meta`: `schema_version`, and the counters `next_seq`, `next_story`, `next_claim`;
//!   - `items`: item id → [`Item`];
//!   - `versions`: item id, 0, version number (u32 big-endian) → [`Version`];
//!   - `stories`: story id → [`Story`];
//!   - `claims`: claim number (u64 big-endian) → [`Claim`];
//!   - `log`: sequence number (u64 big-endian) → [`Event`]; gap-free, never rewritten.

use crate::model::{
    Article, Claim, ClaimId, Event, EventBody, HeldSentence, Item, ItemId, Story, StoryId, Version,
};
use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::Serialize;
use sled::transaction::{ConflictableTransactionError, TransactionError, TransactionalTree};
use sled::Transactional;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// The schema this build writes. Older stores are migrated on open; newer ones refused.
pub const SCHEMA_VERSION: u64 = 1;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("store {path} is in use by another storywatch process ({holder}); stop that process or give another --store")]
    Locked { path: PathBuf, holder: String },
    #[error("cannot open store {path} (check that the directory can be created and written)")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("store {path} cannot be read as a storywatch store ({detail}); restore it from an export or start a new one with --store")]
    Damaged { path: PathBuf, detail: String },
    #[error("store {path} was written by a newer storywatch (schema {found}; this build knows {SCHEMA_VERSION}); upgrade storywatch to read it")]
    NewerSchema { path: PathBuf, found: u64 },
}

/// How an arriving item is placed, as decided by the matcher.
#[derive(Debug, Clone, PartialEq)]
pub enum Placement {
    /// The item founds a new story with this title.
    NewStory { title: String },
    /// The item joins an existing story.
    Join { story: StoryId, score: f64 },
    /// The item (a new version of it) stays in the story it is already in.
    Stay { story: StoryId },
    /// The item matched no story.
    Unmatched {
        closest: Option<StoryId>,
        score: f64,
    },
}

/// An item's new article text with the matcher's verdicts, to be recorded at once.
#[derive(Debug, Clone)]
pub struct Arrival {
    pub item: ItemId,
    pub fetched_at: DateTime<Utc>,
    pub article: Article,
    pub content_hash: String,
    pub placement: Placement,
    /// The article's sentences in order, each with whether it is a new claim.
    pub sentences: Vec<(String, bool)>,
}

pub struct Store {
    path: PathBuf,
    db: sled::Db,
    meta: sled::Tree,
    items: sled::Tree,
    versions: sled::Tree,
    stories: sled::Tree,
    claims: sled::Tree,
    log: sled::Tree,
    _lock: File,
}

impl Store {
    /// Opens (creating if needed) the store at `path`, taking the single-writer lock.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let io_err = |source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        };
        std::fs::create_dir_all(path).map_err(io_err)?;
        let lock = take_lock(path)?;
        let db = sled::Config::new()
            .path(path.join("sled"))
            .open()
            .map_err(|e| sled_error(path, e))?;
        let tree = |name: &str| db.open_tree(name).map_err(|e| sled_error(path, e));
        let store = Store {
            path: path.to_path_buf(),
            meta: tree("meta")?,
            items: tree("items")?,
            versions: tree("versions")?,
            stories: tree("stories")?,
            claims: tree("claims")?,
            log: tree("log")?,
            db,
            _lock: lock,
        };
        store.check_schema()?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn check_schema(&self) -> Result<(), StoreError> {
        match self.get::<u64>(&self.meta, b"schema_version")? {
            Some(found) if found > SCHEMA_VERSION => Err(StoreError::NewerSchema {
                path: self.path.clone(),
                found,
            }),
            Some(_) => Ok(()),
            None => {
                let bytes = encode(&SCHEMA_VERSION);
                self.meta
                    .insert(b"schema_version", bytes)
                    .map_err(|e| sled_error(&self.path, e))?;
                Ok(())
            }
        }
    }

    /// Writes everything that is on its way to disk; returns once it is durable.
    pub fn flush(&self) -> Result<(), StoreError> {
        self.db.flush().map_err(|e| sled_error(&self.path, e))?;
        Ok(())
    }

    pub fn item(&self, id: &ItemId) -> Result<Option<Item>, StoreError> {
        self.get(&self.items, id.0.as_bytes())
    }

    pub fn version(&self, id: &ItemId, number: u32) -> Result<Option<Version>, StoreError> {
        self.get(&self.versions, &version_key(id, number))
    }

    pub fn story(&self, id: &StoryId) -> Result<Option<Story>, StoreError> {
        self.get(&self.stories, id.0.as_bytes())
    }

    /// Every story, in id order.
    pub fn stories(&self) -> Result<Vec<Story>, StoreError> {
        self.stories
            .iter()
            .map(|kv| {
                let (key, value) = kv.map_err(|e| sled_error(&self.path, e))?;
                self.decode(&key, &value)
            })
            .collect()
    }

    /// The change log from sequence number `since` (inclusive), in order.
    pub fn events(&self, since: u64) -> impl Iterator<Item = Result<Event, StoreError>> + '_ {
        self.log.range(since.to_be_bytes()..).map(move |kv| {
            let (key, value) = kv.map_err(|e| sled_error(&self.path, e))?;
            self.decode(&key, &value)
        })
    }

    /// Records an arriving item: its version, its place in a story, its claims and the
    /// events that say so, in one transaction. Returns the events written.
    ///
    /// An item whose latest version has the same content hash is left alone (no events).
    pub fn record(&self, arrival: &Arrival) -> Result<Vec<Event>, StoreError> {
        let trees = (
            &self.meta,
            &self.items,
            &self.versions,
            &self.stories,
            &self.claims,
            &self.log,
        );
        let result = trees.transaction(|(meta, items, versions, stories, claims, log)| {
            let mut tx = Tx {
                meta,
                items,
                versions,
                stories,
                claims,
                log,
                events: Vec::new(),
                at: arrival.fetched_at,
            };
            tx.record(arrival)?;
            Ok(tx.events)
        });
        result.map_err(|e| match e {
            TransactionError::Abort(StoreError::Damaged { detail, .. }) => StoreError::Damaged {
                path: self.path.clone(),
                detail,
            },
            TransactionError::Abort(e) => e,
            TransactionError::Storage(e) => sled_error(&self.path, e),
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

    fn decode<T: DeserializeOwned>(&self, key: &[u8], value: &[u8]) -> Result<T, StoreError> {
        serde_json::from_slice(value).map_err(|e| StoreError::Damaged {
            path: self.path.clone(),
            detail: format!(
                "record {} does not decode: {e}",
                String::from_utf8_lossy(key)
            ),
        })
    }
}

type TxResult<T> = Result<T, ConflictableTransactionError<StoreError>>;

/// One recording transaction in progress.
struct Tx<'a> {
    meta: &'a TransactionalTree,
    items: &'a TransactionalTree,
    versions: &'a TransactionalTree,
    stories: &'a TransactionalTree,
    claims: &'a TransactionalTree,
    log: &'a TransactionalTree,
    events: Vec<Event>,
    at: DateTime<Utc>,
}

impl Tx<'_> {
    fn record(&mut self, arrival: &Arrival) -> TxResult<()> {
        let previous: Option<Item> = tx_get(self.items, arrival.item.0.as_bytes())?;
        if let Some(item) = &previous {
            let latest: Option<Version> =
                tx_get(self.versions, &version_key(&item.id, item.versions))?;
            if latest.is_some_and(|v| v.content_hash == arrival.content_hash) {
                return Ok(());
            }
        }
        let mut item = previous.clone().unwrap_or(Item {
            id: arrival.item.clone(),
            first_seen: arrival.fetched_at,
            versions: 0,
            story: None,
        });
        item.versions += 1;
        let version = Version {
            item: item.id.clone(),
            number: item.versions,
            fetched_at: arrival.fetched_at,
            content_hash: arrival.content_hash.clone(),
            article: arrival.article.clone(),
        };
        tx_put(
            self.versions,
            &version_key(&item.id, version.number),
            &version,
        )?;

        let story = match &arrival.placement {
            Placement::NewStory { title } => Some(self.found_story(&item.id, title)?),
            Placement::Stay { story } => Some(self.existing_story(story, &item.id)?),
            Placement::Join { story, score } => {
                let story = self.existing_story(story, &item.id)?;
                self.emit(EventBody::ItemLinked {
                    story: story.id.clone(),
                    item: item.id.clone(),
                    score: *score,
                })?;
                Some(story)
            }
            Placement::Unmatched { closest, score } => {
                self.emit(EventBody::ItemUnmatched {
                    item: item.id.clone(),
                    closest_story: closest.clone(),
                    score: *score,
                })?;
                None
            }
        };
        if previous.is_some() {
            self.emit(EventBody::VersionChanged {
                item: item.id.clone(),
                version: version.number,
                story: story.as_ref().map(|s| s.id.clone()),
            })?;
        }
        if let Some(mut story) = story {
            self.add_sentences(&mut story, &item.id, &arrival.sentences)?;
            if !story.items.contains(&item.id) {
                story.items.push(item.id.clone());
            }
            item.story = Some(story.id.clone());
            tx_put(self.stories, story.id.0.as_bytes(), &story)?;
        }
        tx_put(self.items, item.id.0.as_bytes(), &item)
    }

    fn existing_story(&self, id: &StoryId, item: &ItemId) -> TxResult<Story> {
        let story: Option<Story> = tx_get(self.stories, id.0.as_bytes())?;
        story.ok_or_else(|| {
            abort_damaged(format!(
                "item {item} names story {id}, which the store does not hold"
            ))
        })
    }

    fn found_story(&mut self, founder: &ItemId, title: &str) -> TxResult<Story> {
        let number = self.next_counter(b"next_story")?;
        let story = Story {
            id: StoryId(format!("story-{number}")),
            title: title.to_string(),
            created_at: self.at,
            founded_by: founder.clone(),
            items: Vec::new(),
            sentences: Vec::new(),
        };
        self.emit(EventBody::StoryCreated {
            story: story.id.clone(),
            item: founder.clone(),
            title: title.to_string(),
        })?;
        Ok(story)
    }

    fn add_sentences(
        &mut self,
        story: &mut Story,
        item: &ItemId,
        sentences: &[(String, bool)],
    ) -> TxResult<()> {
        for (text, is_claim) in sentences {
            let claim = if *is_claim {
                let number = self.next_counter(b"next_claim")?;
                let claim = Claim {
                    id: ClaimId(format!("c{number}")),
                    story: story.id.clone(),
                    item: item.clone(),
                    text: text.clone(),
                    at: self.at,
                };
                tx_put(self.claims, &number.to_be_bytes(), &claim)?;
                self.emit(EventBody::Claim {
                    story: story.id.clone(),
                    item: item.clone(),
                    claim: claim.id.clone(),
                    text: text.clone(),
                })?;
                Some(claim.id)
            } else {
                None
            };
            story.sentences.push(HeldSentence {
                text: text.clone(),
                item: item.clone(),
                claim,
            });
        }
        Ok(())
    }

    fn emit(&mut self, body: EventBody) -> TxResult<()> {
        let seq = self.next_counter(b"next_seq")?;
        let event = Event {
            seq,
            at: self.at,
            body,
        };
        tx_put(self.log, &seq.to_be_bytes(), &event)?;
        self.events.push(event);
        Ok(())
    }

    /// Takes the next number of a counter (starting at 1) inside the transaction, so
    /// numbers have no gaps and never repeat.
    fn next_counter(&mut self, name: &[u8]) -> TxResult<u64> {
        let current: Option<u64> = tx_get(self.meta, name)?;
        let next = current.unwrap_or(1);
        tx_put(self.meta, name, &(next + 1))?;
        Ok(next)
    }
}

fn tx_get<T: DeserializeOwned>(tree: &TransactionalTree, key: &[u8]) -> TxResult<Option<T>> {
    match tree.get(key)? {
        Some(bytes) => serde_json::from_slice(&bytes).map(Some).map_err(|e| {
            abort_damaged(format!(
                "record {} does not decode: {e}",
                String::from_utf8_lossy(key)
            ))
        }),
        None => Ok(None),
    }
}

fn tx_put<T: Serialize>(tree: &TransactionalTree, key: &[u8], value: &T) -> TxResult<()> {
    tree.insert(key, encode(value))?;
    Ok(())
}

/// Aborts the transaction; [`Store::record`] fills in the store's path.
fn abort_damaged(detail: String) -> ConflictableTransactionError<StoreError> {
    ConflictableTransactionError::Abort(StoreError::Damaged {
        path: PathBuf::new(),
        detail,
    })
}

fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    // Serialising our own plain data types to JSON cannot fail.
    serde_json::to_vec(value).expect("store records serialise to JSON")
}

fn version_key(item: &ItemId, number: u32) -> Vec<u8> {
    let mut key = item.0.as_bytes().to_vec();
    key.push(0);
    key.extend_from_slice(&number.to_be_bytes());
    key
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
