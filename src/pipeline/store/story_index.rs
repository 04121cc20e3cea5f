//! The change log indexed by story, for the reading side: each story's events (keys
//! only; the events stay in `log`) and a running summary of each story. Written in the
//! transaction that writes the events (`Tx::index_by_story` in `record.rs`), so that a
//! story's timeline, page and feed cost what the story holds, and the story list what
//! the stories are, not what the log holds (a daemon that runs for a year holds millions
//! of events).
//!
//! Derived data: not exported, rebuilt on import and on opening a store written before
//! it existed. `meta/story_index_upto` is the last event indexed; every event of a story
//! up to it is.

use super::{sled_error, u64_key, Store, StoreError};
use crate::model::{Event, EventBody, StoryId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sled::Transactional;
use std::collections::HashMap;

/// The `meta` key of the last event indexed.
pub(super) const INDEXED_UPTO: &[u8] = b"story_index_upto";

/// Events indexed per transaction while catching up a large log.
const CATCH_UP_BATCH: usize = 10_000;

/// What the story list shows of one story, kept as its events are written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoryStats {
    pub story: StoryId,
    pub title: String,
    pub created_at: DateTime<Utc>,
    /// The event that created it: the list's order.
    pub created_seq: u64,
    pub last_event_at: DateTime<Utc>,
    pub items: usize,
    pub claims: usize,
    pub declared: bool,
}

/// A story's summary with `event` (of that story) counted: a new one for the event that
/// created it; `None` for an event of a story the log never created (a damaged log; the
/// timeline skips those too).
pub(super) fn counted(stats: Option<StoryStats>, event: &Event) -> Option<StoryStats> {
    match (&event.body, stats) {
        (
            EventBody::StoryCreated {
                story,
                title,
                declared,
                ..
            },
            None,
        ) => Some(StoryStats {
            story: story.clone(),
            title: title.clone(),
            created_at: event.at,
            created_seq: event.seq,
            last_event_at: event.at,
            items: 1,
            claims: 0,
            declared: *declared,
        }),
        (_, Some(mut stats)) => {
            stats.last_event_at = event.at;
            match event.body {
                EventBody::ItemLinked { .. } => stats.items += 1,
                EventBody::Claim { .. } => stats.claims += 1,
                _ => {}
            }
            Some(stats)
        }
        (_, None) => None,
    }
}

/// The index key of event `seq` of `story`.
pub(super) fn event_key(story: &StoryId, seq: u64) -> Vec<u8> {
    let mut key = story_prefix(story);
    key.extend_from_slice(&seq.to_be_bytes());
    key
}

fn story_prefix(story: &StoryId) -> Vec<u8> {
    let mut key = story.0.as_bytes().to_vec();
    key.push(0);
    key
}

impl Store {
    /// Indexes the events the index lacks: a store written before the index, or an
    /// import. Called on open and after an import; every event written since is indexed
    /// in the transaction that writes it (see `Tx::emit`).
    pub(super) fn catch_up_story_index(&self) -> Result<(), StoreError> {
        loop {
            let upto: u64 = self.get(&self.meta, INDEXED_UPTO)?.unwrap_or(0);
            let batch: Vec<Event> = self
                .events(upto + 1)
                .take(CATCH_UP_BATCH)
                .collect::<Result<_, _>>()?;
            let Some(last) = batch.last().map(|e| e.seq) else {
                return Ok(());
            };
            self.index_batch(&batch, last)?;
        }
    }

    /// Indexes `batch` and moves the mark to `last`, in one transaction.
    fn index_batch(&self, batch: &[Event], last: u64) -> Result<(), StoreError> {
        let mut stats: HashMap<&StoryId, Option<StoryStats>> = HashMap::new();
        for event in batch {
            let Some(story) = event.body.story() else {
                continue;
            };
            let entry = match stats.entry(story) {
                std::collections::hash_map::Entry::Occupied(o) => o.into_mut(),
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(self.get(&self.story_stats, story.0.as_bytes())?)
                }
            };
            *entry = counted(entry.take(), event);
        }
        let encoded: Vec<(Vec<u8>, Vec<u8>)> = stats
            .iter()
            .filter_map(|(story, s)| {
                s.as_ref()
                    .map(|s| (story.0.as_bytes().to_vec(), super::encode(s)))
            })
            .collect();
        let result = (&self.meta, &self.story_events, &self.story_stats).transaction(
            |(meta, story_events, story_stats)| {
                for event in batch {
                    if let Some(story) = event.body.story() {
                        story_events.insert(event_key(story, event.seq), &[])?;
                    }
                }
                for (key, value) in &encoded {
                    story_stats.insert(key.as_slice(), value.as_slice())?;
                }
                meta.insert(INDEXED_UPTO, super::encode(&last))?;
                Ok::<(), sled::transaction::ConflictableTransactionError<StoreError>>(())
            },
        );
        result.map_err(|e| match e {
            sled::transaction::TransactionError::Abort(e) => e,
            sled::transaction::TransactionError::Storage(e) => sled_error(&self.path, e),
        })
    }

    /// The events of `story` from sequence number `since` on, in order, read through the
    /// index: as many reads as the story has events.
    pub fn story_events(
        &self,
        story: &StoryId,
        since: u64,
    ) -> impl DoubleEndedIterator<Item = Result<Event, StoreError>> + '_ {
        let prefix = story_prefix(story);
        let end = {
            let mut end = prefix.clone();
            *end.last_mut().expect("the prefix ends with its separator") = 1;
            end
        };
        self.story_events
            .range(event_key(story, since)..end)
            .map(move |kv| {
                let (key, _) = kv.map_err(|e| sled_error(&self.path, e))?;
                let seq = u64_key(&key[prefix.len()..]).ok_or_else(|| {
                    self.damaged(format!("story index key {key:?} holds no sequence number"))
                })?;
                let value = self
                    .log
                    .get(seq.to_be_bytes())
                    .map_err(|e| sled_error(&self.path, e))?
                    .ok_or_else(|| {
                        self.damaged(format!(
                            "the story index names event {seq}, which the log lacks"
                        ))
                    })?;
                self.decode(&key, &value)
            })
    }

    /// The events from `since` on: of one story through the index, or the whole log.
    pub fn events_of(
        &self,
        story: Option<&StoryId>,
        since: u64,
    ) -> Box<dyn Iterator<Item = Result<Event, StoreError>> + '_> {
        match story {
            Some(story) => Box::new(self.story_events(story, since)),
            None => Box::new(self.events(since)),
        }
    }

    /// Every story, in the order they were created, as the story list shows it.
    pub fn story_stats(&self) -> Result<Vec<StoryStats>, StoreError> {
        let mut stories: Vec<StoryStats> = self.scan(&self.story_stats, b"")?;
        stories.sort_by_key(|s| s.created_seq);
        Ok(stories)
    }
}
