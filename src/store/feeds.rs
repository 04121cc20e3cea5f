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

    pub fn watch(&self, item: &ItemId) -> Result<Option<ArticleWatch>, StoreError> {
        self.get(&self.watch, item.0.as_bytes())
    }

    /// Every article waiting for a refetch.
    pub fn watches(&self) -> Result<Vec<ArticleWatch>, StoreError> {
        self.scan(&self.watch, b"")
    }

    pub fn put_watch(&self, watch: &ArticleWatch) -> Result<(), StoreError> {
        self.put(&self.watch, watch.item.0.as_bytes(), watch)
    }

    /// Stops refetching an article (its schedule is done).
    pub fn remove_watch(&self, item: &ItemId) -> Result<(), StoreError> {
        self.watch
            .remove(item.0.as_bytes())
            .map_err(|e| sled_error(&self.path, e))?;
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
