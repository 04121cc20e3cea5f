//! Recording an arriving version: one sled transaction over every tree it touches.

use super::story_index;
use super::{
    encode, sled_error, story_headline_key, story_item_key, story_sentence_key, version_key,
    ItemHeadline, Store, StoreError, StoryHeader,
};
use crate::diff::{Changes, Shrinkage};
use crate::model::{
    headline_to_keep, Article, Claim, ClaimId, Event, EventBody, HeldSentence, Item, ItemId,
    ItemKind, StoryId, Version,
};
use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::Serialize;
use sled::transaction::{ConflictableTransactionError, TransactionError, TransactionalTree};
use sled::Transactional;
use std::path::PathBuf;

/// How an arriving item is placed, as decided by the matcher.
#[derive(Debug, Clone, PartialEq)]
pub enum Placement {
    /// The item founds a new story with this title (numbered `story-<n>` by the store).
    NewStory { title: String },
    /// The item (a seed document) founds the story declared in the config with this id
    /// and title. Should the store hold that story by the time it records, it refuses
    /// with [`StoreError::Stale`], so that the caller prepares the item again, to join it.
    Declared { story: StoryId, title: String },
    /// The item joins an existing story, as a copy, rewrite or update.
    Join {
        story: StoryId,
        score: f64,
        kind: ItemKind,
    },
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
    /// The version this one was compared with (0 for a new item). If the store holds a
    /// newer one by the time it records, it refuses with [`StoreError::Stale`] rather
    /// than log a diff against the wrong version.
    pub based_on: u32,
    /// What changed since version `based_on` (empty for a new item).
    pub changes: Changes,
    pub placement: Placement,
    /// The article's sentences in order, each with whether (and why) it is a new claim.
    pub sentences: Vec<ArrivalSentence>,
    /// Claims of the story, reported by other items, that this item repeats, each with
    /// the repeating sentence.
    pub repeats: Vec<(ClaimId, String)>,
    /// Claims this item reported and its new version no longer makes.
    pub withdrawn: Vec<ClaimId>,
}

/// One sentence of an arriving article.
#[derive(Debug, Clone, PartialEq)]
pub struct ArrivalSentence {
    pub text: String,
    /// Set when the sentence is a new claim.
    pub claim: Option<NewClaim>,
}

/// Why a sentence is a new claim, for its `claim` event.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NewClaim {
    /// The fact atoms the story lacked.
    pub atoms: Vec<String>,
    /// The closest sentence the story already held, if any.
    pub closest: Option<String>,
    /// How much of it the story did not hold (0..1), by the novelty model.
    pub novelty: Option<f64>,
}

impl ArrivalSentence {
    /// A sentence that is, or is not, a new claim (with no atoms recorded).
    pub fn new(text: impl Into<String>, is_claim: bool) -> ArrivalSentence {
        ArrivalSentence {
            text: text.into(),
            claim: is_claim.then(NewClaim::default),
        }
    }
}

/// A refetched item whose text lost most of the previous version's.
#[derive(Debug, Clone)]
pub struct SuspectArrival {
    pub item: ItemId,
    pub fetched_at: DateTime<Utc>,
    pub content_hash: String,
    pub shrinkage: Shrinkage,
}

impl Store {
    /// Records an arriving version: the version, its place in a story, its claims and the
    /// events that say so, in one transaction. Returns the events written.
    ///
    /// An item whose latest version has the same content hash is left alone (no events).
    pub fn record(&self, arrival: &Arrival) -> Result<Vec<Event>, StoreError> {
        let content_hash = arrival.article.content_hash();
        self.transact(arrival.fetched_at, |tx| tx.record(arrival, &content_hash))
    }

    /// Reports a suspected extraction failure on a known item without recording a
    /// version. The same suspect text refetched again is counted (`Item::suspect_seen`),
    /// not reported twice.
    pub fn record_suspect(&self, suspect: &SuspectArrival) -> Result<Vec<Event>, StoreError> {
        self.transact(suspect.fetched_at, |tx| tx.record_suspect(suspect))
    }

    /// Forgets a suspect text: the page came back whole, so a later broken fetch is a
    /// new incident worth reporting.
    pub fn clear_suspect(&self, item: &ItemId) -> Result<(), StoreError> {
        self.transact(Utc::now(), |tx| {
            let stored: Option<Item> = tx_get(tx.items, item.0.as_bytes())?;
            if let Some(mut stored) = stored.filter(|i| i.suspect_hash.is_some()) {
                stored.suspect_hash = None;
                stored.suspect_seen = 0;
                tx_put(tx.items, item.0.as_bytes(), &stored)?;
            }
            Ok(())
        })
        .map(|_| ())
    }

    fn transact(
        &self,
        at: DateTime<Utc>,
        work: impl Fn(&mut Tx) -> TxResult<()>,
    ) -> Result<Vec<Event>, StoreError> {
        let trees = (
            &self.meta,
            &self.items,
            &self.versions,
            &self.stories,
            &self.story_items,
            &self.story_sentences,
            &self.story_headlines,
            &self.claims,
            &self.log,
            &self.story_events,
            &self.story_stats,
        );
        let result = trees.transaction(
            |(
                meta,
                items,
                versions,
                stories,
                story_items,
                story_sentences,
                story_headlines,
                claims,
                log,
                story_events,
                story_stats,
            )| {
                // Stories founded and claims withdrawn in this transaction carry the time
                // its events do.
                let at = recording_time(meta, log, at)?;
                let mut tx = Tx {
                    meta,
                    items,
                    versions,
                    stories,
                    story_items,
                    story_sentences,
                    story_headlines,
                    claims,
                    log,
                    story_events,
                    story_stats,
                    events: Vec::new(),
                    at,
                };
                work(&mut tx)?;
                tx.index_by_story()?;
                Ok(tx.events)
            },
        );
        result.map_err(|e| match e {
            TransactionError::Abort(StoreError::Damaged { detail, .. }) => self.damaged(detail),
            TransactionError::Abort(e) => e,
            TransactionError::Storage(e) => sled_error(&self.path, e),
        })
    }
}

pub(super) type TxResult<T> = Result<T, ConflictableTransactionError<StoreError>>;

/// One recording transaction in progress.
struct Tx<'a> {
    meta: &'a TransactionalTree,
    items: &'a TransactionalTree,
    versions: &'a TransactionalTree,
    stories: &'a TransactionalTree,
    story_items: &'a TransactionalTree,
    story_sentences: &'a TransactionalTree,
    story_headlines: &'a TransactionalTree,
    claims: &'a TransactionalTree,
    log: &'a TransactionalTree,
    story_events: &'a TransactionalTree,
    story_stats: &'a TransactionalTree,
    events: Vec<Event>,
    at: DateTime<Utc>,
}

impl Tx<'_> {
    fn record(&mut self, arrival: &Arrival, content_hash: &str) -> TxResult<()> {
        let previous: Option<Item> = tx_get(self.items, arrival.item.0.as_bytes())?;
        if let Some(item) = &previous {
            let latest: Option<Version> =
                tx_get(self.versions, &version_key(&item.id, item.versions))?;
            if latest.is_some_and(|v| v.content_hash == content_hash) {
                return Ok(());
            }
        }
        let current = previous.as_ref().map_or(0, |i| i.versions);
        if current != arrival.based_on {
            return Err(ConflictableTransactionError::Abort(StoreError::Stale {
                item: arrival.item.clone(),
            }));
        }
        let mut item = previous.clone().unwrap_or(Item {
            id: arrival.item.clone(),
            first_seen: arrival.fetched_at,
            versions: 0,
            story: None,
            suspect_hash: None,
            suspect_seen: 0,
        });
        item.versions += 1;
        item.suspect_hash = None;
        item.suspect_seen = 0;
        let version = Version {
            item: item.id.clone(),
            number: item.versions,
            fetched_at: arrival.fetched_at,
            content_hash: content_hash.to_string(),
            article: arrival.article.clone(),
        };
        tx_put(
            self.versions,
            &version_key(&item.id, version.number),
            &version,
        )?;

        let story = match &arrival.placement {
            Placement::NewStory { title } => Some(self.found_story(&item.id, title)?),
            Placement::Declared { story, title } => {
                Some(self.found_declared_story(story, &item.id, title)?)
            }
            Placement::Stay { story } => Some(self.existing_story(story, &item.id)?),
            Placement::Join { story, score, kind } => {
                let story = self.existing_story(story, &item.id)?;
                self.emit(EventBody::ItemLinked {
                    story: story.id.clone(),
                    item: item.id.clone(),
                    score: *score,
                    item_kind: Some(*kind),
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
                title: arrival.changes.title.clone(),
                added: arrival.changes.added.clone(),
                removed: arrival.changes.removed.clone(),
            })?;
        }
        if let Some(mut story) = story {
            self.add_sentences(&mut story, &item.id, &arrival.sentences)?;
            for (claim, text) in &arrival.repeats {
                let mut record = self.claim(claim)?;
                if record.item != item.id && !record.repeated_by.contains(&item.id) {
                    record.repeated_by.push(item.id.clone());
                    self.put_claim(&record)?;
                    self.emit(EventBody::ClaimCorroborated {
                        story: story.id.clone(),
                        claim: claim.clone(),
                        item: item.id.clone(),
                        text: text.clone(),
                    })?;
                }
            }
            for claim in &arrival.withdrawn {
                let mut record = self.claim(claim)?;
                if record.item == item.id && record.withdrawn_at.is_none() {
                    record.withdrawn_at = Some(self.at);
                    self.put_claim(&record)?;
                    self.emit(EventBody::ClaimWithdrawn {
                        story: story.id.clone(),
                        claim: claim.clone(),
                        item: item.id.clone(),
                        text: record.text.clone(),
                    })?;
                }
            }
            if item.story.as_ref() != Some(&story.id) {
                tx_put(
                    self.story_items,
                    &story_item_key(&story.id, story.item_count),
                    &item.id,
                )?;
                story.item_count += 1;
                if let Some(headline) = headline_to_keep(arrival.article.title.as_deref()) {
                    tx_put(
                        self.story_headlines,
                        &story_headline_key(&story.id, &item.id),
                        &ItemHeadline {
                            item: item.id.clone(),
                            headline: headline.to_string(),
                        },
                    )?;
                }
            }
            if let Some(date) = arrival.article.published {
                story.first_date = Some(story.first_date.map_or(date, |d| d.min(date)));
                story.last_date = Some(story.last_date.map_or(date, |d| d.max(date)));
            }
            item.story = Some(story.id.clone());
            tx_put(self.stories, story.id.0.as_bytes(), &story)?;
        }
        tx_put(self.items, item.id.0.as_bytes(), &item)
    }

    fn record_suspect(&mut self, suspect: &SuspectArrival) -> TxResult<()> {
        let item: Option<Item> = tx_get(self.items, suspect.item.0.as_bytes())?;
        let Some(mut item) = item else {
            return Err(abort_damaged(format!(
                "a suspect version of {} arrived, but the store holds no earlier one",
                suspect.item
            )));
        };
        if item.suspect_hash.as_deref() == Some(suspect.content_hash.as_str()) {
            item.suspect_seen += 1;
            return tx_put(self.items, item.id.0.as_bytes(), &item);
        }
        item.suspect_hash = Some(suspect.content_hash.clone());
        item.suspect_seen = 1;
        let s = suspect.shrinkage;
        self.emit(EventBody::ExtractSuspect {
            item: item.id.clone(),
            story: item.story.clone(),
            version: item.versions,
            words_before: s.words_before,
            words_after: s.words_after,
            sentences_before: s.sentences_before,
            sentences_after: s.sentences_after,
        })?;
        tx_put(self.items, item.id.0.as_bytes(), &item)
    }

    /// A claim by id (`c<number>`, the number being its key).
    fn claim(&self, id: &ClaimId) -> TxResult<Claim> {
        let number = claim_number(id)?;
        let claim: Option<Claim> = tx_get(self.claims, &number.to_be_bytes())?;
        claim.ok_or_else(|| abort_damaged(format!("claim {id} is named but not stored")))
    }

    fn put_claim(&self, claim: &Claim) -> TxResult<()> {
        tx_put(self.claims, &claim_number(&claim.id)?.to_be_bytes(), claim)
    }

    fn existing_story(&self, id: &StoryId, item: &ItemId) -> TxResult<StoryHeader> {
        let story: Option<StoryHeader> = tx_get(self.stories, id.0.as_bytes())?;
        story.ok_or_else(|| {
            abort_damaged(format!(
                "item {item} names story {id}, which the store does not hold"
            ))
        })
    }

    fn found_story(&mut self, founder: &ItemId, title: &str) -> TxResult<StoryHeader> {
        // A number whose id is taken (a story imported or declared under that name) is
        // skipped: a founded story never lands on another.
        let id = loop {
            let number = self.next_counter(b"next_story")?;
            let id = StoryId(format!("story-{number}"));
            if self.stories.get(id.0.as_bytes())?.is_none() {
                break id;
            }
        };
        self.create_story(id, founder, title, false)
    }

    /// Founds the declared story `id` with its first seed document, `founder`.
    fn found_declared_story(
        &mut self,
        id: &StoryId,
        founder: &ItemId,
        title: &str,
    ) -> TxResult<StoryHeader> {
        if self.stories.get(id.0.as_bytes())?.is_some() {
            return Err(ConflictableTransactionError::Abort(StoreError::Stale {
                item: founder.clone(),
            }));
        }
        self.create_story(id.clone(), founder, title, true)
    }

    /// A new story's header, and its `story_created` event.
    fn create_story(
        &mut self,
        id: StoryId,
        founder: &ItemId,
        title: &str,
        declared: bool,
    ) -> TxResult<StoryHeader> {
        let story = StoryHeader {
            id,
            title: title.to_string(),
            created_at: self.at,
            founded_by: founder.clone(),
            item_count: 0,
            sentence_count: 0,
            first_date: None,
            last_date: None,
            declared,
        };
        self.emit(EventBody::StoryCreated {
            story: story.id.clone(),
            item: founder.clone(),
            title: title.to_string(),
            declared,
        })?;
        Ok(story)
    }

    fn add_sentences(
        &mut self,
        story: &mut StoryHeader,
        item: &ItemId,
        sentences: &[ArrivalSentence],
    ) -> TxResult<()> {
        for ArrivalSentence { text, claim: why } in sentences {
            let claim = if let Some(why) = why {
                let number = self.next_counter(b"next_claim")?;
                let claim = Claim {
                    id: ClaimId(format!("c{number}")),
                    story: story.id.clone(),
                    item: item.clone(),
                    text: text.clone(),
                    at: self.at,
                    repeated_by: Vec::new(),
                    withdrawn_at: None,
                };
                tx_put(self.claims, &number.to_be_bytes(), &claim)?;
                self.emit(EventBody::Claim {
                    story: story.id.clone(),
                    item: item.clone(),
                    claim: claim.id.clone(),
                    text: text.clone(),
                    atoms: why.atoms.clone(),
                    closest: why.closest.clone(),
                    novelty: why.novelty,
                })?;
                Some(claim.id)
            } else {
                None
            };
            let held = HeldSentence {
                text: text.clone(),
                item: item.clone(),
                claim,
            };
            tx_put(
                self.story_sentences,
                &story_sentence_key(&story.id, story.sentence_count),
                &held,
            )?;
            story.sentence_count += 1;
        }
        Ok(())
    }

    fn emit(&mut self, body: EventBody) -> TxResult<()> {
        let event = append_event(self.meta, self.log, self.at, body)?;
        self.events.push(event);
        Ok(())
    }

    /// Indexes the transaction's events by story, in it (see `story_index.rs`): every
    /// event of a story is written by a transaction of this kind.
    fn index_by_story(&self) -> TxResult<()> {
        let Some(last) = self.events.last() else {
            return Ok(());
        };
        let mut stats: Vec<(&crate::model::StoryId, Option<story_index::StoryStats>)> = Vec::new();
        for event in &self.events {
            let Some(story) = event.body.story() else {
                continue;
            };
            self.story_events
                .insert(story_index::event_key(story, event.seq), &[])?;
            let at = match stats.iter().position(|(s, _)| *s == story) {
                Some(at) => at,
                None => {
                    stats.push((story, tx_get(self.story_stats, story.0.as_bytes())?));
                    stats.len() - 1
                }
            };
            stats[at].1 = story_index::counted(stats[at].1.take(), event);
        }
        for (story, stats) in stats {
            if let Some(stats) = stats {
                tx_put(self.story_stats, story.0.as_bytes(), &stats)?;
            }
        }
        tx_put(self.meta, story_index::INDEXED_UPTO, &last.seq)
    }

    fn next_counter(&mut self, name: &[u8]) -> TxResult<u64> {
        next_counter(self.meta, name)
    }
}

/// Appends one event to the log inside a transaction, numbering it from the counter.
pub(super) fn append_event(
    meta: &TransactionalTree,
    log: &TransactionalTree,
    at: DateTime<Utc>,
    body: EventBody,
) -> TxResult<Event> {
    let seq = next_counter(meta, b"next_seq")?;
    // The log is append-only: a counter behind the log (a damaged or hand-edited store)
    // must stop the write, not overwrite an event.
    if log.get(seq.to_be_bytes())?.is_some() {
        return Err(abort_damaged(format!(
            "the event counter is at {seq}, which the log already holds"
        )));
    }
    let at = recording_time(meta, log, at)?;
    tx_put(meta, LAST_EVENT_AT, &at)?;
    let event = Event { seq, at, body };
    tx_put(log, &seq.to_be_bytes(), &event)?;
    Ok(event)
}

/// The `meta` key of the latest event's time.
const LAST_EVENT_AT: &[u8] = b"last_event_at";

/// The time to record an event written at `at`: never before the latest event's, so that
/// times never decrease with sequence numbers (writers' clocks race, and a replayed
/// stream's clock may lie behind what the store holds), and `log --since` misses nothing.
fn recording_time(
    meta: &TransactionalTree,
    log: &TransactionalTree,
    at: DateTime<Utc>,
) -> TxResult<DateTime<Utc>> {
    let latest: Option<DateTime<Utc>> = match tx_get(meta, LAST_EVENT_AT)? {
        Some(latest) => Some(latest),
        // A store written before the key was kept, or just imported: its last event.
        None => {
            #[derive(serde::Deserialize)]
            struct At {
                at: DateTime<Utc>,
            }
            let next: Option<u64> = tx_get(meta, b"next_seq")?;
            match next.and_then(|n| n.checked_sub(1)).filter(|&seq| seq > 0) {
                Some(seq) => tx_get::<At>(log, &seq.to_be_bytes())?.map(|e| e.at),
                None => None,
            }
        }
    };
    Ok(latest.map_or(at, |latest| at.max(latest)))
}

/// Takes the next number of a counter (starting at 1) inside the transaction, so numbers
/// have no gaps and never repeat.
fn next_counter(meta: &TransactionalTree, name: &[u8]) -> TxResult<u64> {
    let current: Option<u64> = tx_get(meta, name)?;
    let next = current.unwrap_or(1);
    tx_put(meta, name, &(next + 1))?;
    Ok(next)
}

fn claim_number(id: &ClaimId) -> TxResult<u64> {
    id.0.strip_prefix('c')
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| abort_damaged(format!("{id} is not a claim id")))
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

/// Aborts the transaction; [`Store::transact`] fills in the store's path.
pub(super) fn abort_damaged(detail: String) -> ConflictableTransactionError<StoreError> {
    ConflictableTransactionError::Abort(StoreError::Damaged {
        path: PathBuf::new(),
        detail,
    })
}
