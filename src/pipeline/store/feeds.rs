//! The poller's records: each feed's polling state (with the events it causes, in one
//! transaction) and the articles waiting to be refetched.

use super::record::{append_event, TxResult};
use super::{encode, sled_error, Store, StoreError};
use crate::model::{ArticleWatch, Event, EventBody, FeedState, ItemId};
use chrono::{DateTime, Utc};
use sled::transaction::TransactionError;
use sled::Transactional;

impl Store {
    pub fn feed(&self, url: &str) -> Result<Option<FeedState>, StoreError> {
        self.get(&self.feeds, url.as_bytes())
    }

    /// Every feed the store has polling state for, by URL.
    pub fn feeds(&self) -> Result<Vec<FeedState>, StoreError> {
        self.scan(&self.feeds, b"")
    }

    /// Saves a feed's polling state without events.
    pub fn put_feed(&self, feed: &FeedState) -> Result<(), StoreError> {
        self.put(&self.feeds, feed.url.as_bytes(), feed)
    }

    /// Saves a feed's polling state and logs the events the poll caused (a move, a
    /// breakdown, a recovery), together or not at all.
    pub fn record_feed(
        &self,
        feed: &FeedState,
        events: Vec<EventBody>,
        at: DateTime<Utc>,
    ) -> Result<Vec<Event>, StoreError> {
        let value = encode(feed);
        let result = (&self.meta, &self.feeds, &self.log).transaction(|(meta, feeds, log)| {
            feeds.insert(feed.url.as_bytes(), value.as_slice())?;
            let mut written = Vec::with_capacity(events.len());
            for body in &events {
                written.push(append_event(meta, log, at, body.clone())?);
            }
            Ok(written)
        });
        self.finish(result)
    }

    /// Logs one event on its own (a page that could not be fetched, say).
    pub fn log_event(&self, body: EventBody, at: DateTime<Utc>) -> Result<Event, StoreError> {
        let result = (&self.meta, &self.log).transaction(|(meta, log)| {
            let event: TxResult<Event> = append_event(meta, log, at, body.clone());
            event
        });
        self.finish(result)
    }

    /// Every article waiting for a refetch, by item.
    pub fn watches(&self) -> Result<Vec<ArticleWatch>, StoreError> {
        self.scan(&self.watch, b"")
    }

    /// The articles whose refetch is due at `now`, earliest first: a range read of the
    /// due-time index, however many articles are watched.
    pub fn due_watches(&self, now: DateTime<Utc>) -> Result<Vec<ArticleWatch>, StoreError> {
        let end = due_key(now, &ItemId(String::new()));
        let mut due = Vec::new();
        for kv in self.watch_due.range(..end) {
            let (key, _) = kv.map_err(|e| sled_error(&self.path, e))?;
            let item = key.get(DUE_PREFIX..).unwrap_or_default();
            match self.get::<ArticleWatch>(&self.watch, item)? {
                Some(watch) => due.push(watch),
                None => {
                    return Err(self.damaged(format!(
                        "the refetch index names {} but no watch for it exists",
                        String::from_utf8_lossy(item)
                    )))
                }
            }
        }
        Ok(due)
    }

    /// The earliest refetch: when it is due and for which item, if any article is watched.
    pub fn next_watch_due(&self) -> Result<Option<(DateTime<Utc>, ItemId)>, StoreError> {
        let first = self
            .watch_due
            .first()
            .map_err(|e| sled_error(&self.path, e))?;
        Ok(first.and_then(|(key, _)| {
            let millis = u64::from_be_bytes(key.get(..DUE_PREFIX)?.try_into().ok()?);
            let due = DateTime::from_timestamp_millis(i64::try_from(millis).ok()?)?;
            let item = String::from_utf8(key.get(DUE_PREFIX..)?.to_vec()).ok()?;
            Some((due, ItemId(item)))
        }))
    }

    /// Saves an article's refetch schedule (and its place in the due-time index).
    pub fn put_watch(&self, watch: &ArticleWatch) -> Result<(), StoreError> {
        let value = encode(watch);
        let item = watch.item.0.as_bytes();
        let result = (&self.watch, &self.watch_due).transaction(|(watches, due)| {
            if let Some(old) = watches.insert(item, value.as_slice())? {
                if let Ok(old) = serde_json::from_slice::<ArticleWatch>(&old) {
                    due.remove(due_key(old.next_due, &old.item))?;
                }
            }
            due.insert(due_key(watch.next_due, &watch.item), &[])?;
            Ok(())
        });
        self.finish(result)
    }

    /// Stops refetching an article (its schedule is done).
    pub fn remove_watch(&self, item: &ItemId) -> Result<(), StoreError> {
        let result = (&self.watch, &self.watch_due).transaction(|(watches, due)| {
            if let Some(old) = watches.remove(item.0.as_bytes())? {
                if let Ok(old) = serde_json::from_slice::<ArticleWatch>(&old) {
                    due.remove(due_key(old.next_due, &old.item))?;
                }
            }
            Ok(())
        });
        self.finish(result)
    }

    /// Where a webhook's deliveries stand: the last event it was given (or skipped).
    pub fn notify_cursor(&self, webhook: &str) -> Result<Option<u64>, StoreError> {
        self.get(&self.notify, webhook.as_bytes())
    }

    pub fn set_notify_cursor(&self, webhook: &str, seq: u64) -> Result<(), StoreError> {
        self.put(&self.notify, webhook.as_bytes(), &seq)
    }

    /// Builds the due-time index from the watches when a store has watches but no index
    /// (written by a build that had no index yet).
    pub(super) fn index_watches_if_needed(&self) -> Result<(), StoreError> {
        if self.watch_due.is_empty() && !self.watch.is_empty() {
            for watch in self.watches()? {
                self.watch_due
                    .insert(due_key(watch.next_due, &watch.item), &[])
                    .map_err(|e| sled_error(&self.path, e))?;
            }
        }
        Ok(())
    }

    fn finish<T>(&self, result: Result<T, TransactionError<StoreError>>) -> Result<T, StoreError> {
        result.map_err(|e| match e {
            TransactionError::Abort(StoreError::Damaged { detail, .. }) => self.damaged(detail),
            TransactionError::Abort(e) => e,
            TransactionError::Storage(e) => sled_error(&self.path, e),
        })
    }
}

/// The bytes of the due time in a `watch_due` key.
const DUE_PREFIX: usize = 8;

/// `watch_due` key: the due time (milliseconds, big-endian, so keys sort by time), then
/// the item id.
fn due_key(at: DateTime<Utc>, item: &ItemId) -> Vec<u8> {
    let millis = u64::try_from(at.timestamp_millis()).unwrap_or(0);
    let mut key = Vec::with_capacity(DUE_PREFIX + item.0.len());
    key.extend_from_slice(&millis.to_be_bytes());
    key.extend_from_slice(item.0.as_bytes());
    key
}
