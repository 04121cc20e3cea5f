//! The two paths the daemon runs, each top to bottom in one function:
//!
//! - [`Poller::poll_feed`]: fetch the feed (conditional GET) → not modified? → parse →
//!   take each new entry (fetch its page → extract → match → store, or fall back to the
//!   entry's own text) → record the feed's state and health with its events.
//! - [`Poller::refetch`]: fetch a known article again (conditional GET) → extract →
//!   store a new version if it changed → schedule the next refetch or stop watching.
//!
//! Errors from outside (the network, a feed, a page) are recorded on the feed or logged
//! with the URL they came from and never stop anything else; only a failing store is
//! returned as an error, since then nothing can be kept.

use super::fetch::{FetchError, FetchOutcome, Fetched, Fetcher, Validators};
use super::hosts::HostLimiter;
use super::schedule::{Found, HealthChange, Policy};
use crate::config::{Config, FeedConfig};
use crate::extract::{self, ExtractError};
use crate::feed;
use crate::matcher::MatchParams;
use crate::model::{
    Article, ArticleWatch, Entry, Event, EventBody, FeedState, ItemId, ParsedFeed, RawDocument,
};
use crate::replay::{self, Outcome, ReplayError};
use crate::store::{Store, StoreError};
use chrono::{DateTime, Utc};
use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

/// How many entry keys a feed remembers beyond those it shows now, so that an entry
/// that drops off and comes back is not taken for new.
const SEEN_KEYS_KEPT: usize = 500;

/// The store failed: the only error that stops the daemon.
#[derive(Debug, thiserror::Error)]
pub enum PollError {
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What one poll of a feed did.
#[derive(Debug)]
pub struct PollReport {
    pub feed: String,
    pub outcome: PollOutcome,
    /// When the feed is due again.
    pub next_due: Option<DateTime<Utc>>,
    /// Every event the poll wrote, in order.
    pub events: Vec<Event>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PollOutcome {
    /// `304`: nothing parsed, nothing new.
    NotModified,
    /// The feed was parsed: how many entries it holds and how many were new.
    Parsed { entries: usize, new: usize },
    /// The poll failed; the error is recorded on the feed.
    Failed { error: String },
}

/// Everything the daemon's paths need, passed in once.
pub struct Poller {
    fetcher: Fetcher,
    hosts: HostLimiter,
    store: Arc<Store>,
    params: MatchParams,
    policy: Policy,
    refetch_after: Vec<Duration>,
}

impl Poller {
    pub fn new(config: &Config, store: Arc<Store>) -> Result<Poller, FetchError> {
        Ok(Poller {
            fetcher: Fetcher::new(config.http_limits())?,
            hosts: HostLimiter::new(config.poller.concurrency, config.poller.per_host),
            store,
            params: config.match_params(),
            policy: Policy::from_config(&config.poller),
            refetch_after: config.poller.refetch_after.clone(),
        })
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Polls one feed at `now`: see the module documentation for the steps.
    pub async fn poll_feed(
        &self,
        feed: &FeedConfig,
        now: DateTime<Utc>,
    ) -> Result<PollReport, PollError> {
        let mut state = self
            .store
            .feed(&feed.url)?
            .unwrap_or_else(|| FeedState::new(&feed.url));
        let validators = Validators {
            etag: state.etag.clone(),
            last_modified: state.last_modified.clone(),
        };
        let fetch_url = state.fetch_url().to_string();
        let fetched = {
            let _slot = self.hosts.acquire(&fetch_url).await;
            self.fetcher.fetch(&fetch_url, &validators).await
        };
        let mut events = Vec::new();
        let fetched = match fetched {
            Ok(FetchOutcome::NotModified) => {
                let found = Found::default();
                let change = self
                    .policy
                    .after_success(&mut state, feed.interval, &found, now);
                events.extend(self.save_feed(&state, change, Vec::new(), now)?);
                return Ok(report(feed, &state, PollOutcome::NotModified, events));
            }
            Ok(FetchOutcome::Fetched(fetched)) => fetched,
            Err(e) => {
                let retry_after = match &e {
                    FetchError::Status { retry_after, .. } => *retry_after,
                    _ => None,
                };
                return self.fail(feed, state, e.to_string(), retry_after, now);
            }
        };

        let mut feed_events = Vec::new();
        if let Some(to) = &fetched.moved_permanently_to {
            if to != state.fetch_url() {
                feed_events.push(EventBody::FeedMoved {
                    feed: feed.url.clone(),
                    from: state.fetch_url().to_string(),
                    to: to.clone(),
                });
                state.moved_to = Some(to.clone());
            }
        }
        let mut parsed = match feed::parse(
            &fetched.body,
            fetched.content_type.as_deref(),
            Some(&fetched.url),
        ) {
            Ok(parsed) => parsed,
            Err(e) => {
                let cut = if fetched.truncated {
                    format!(" (the body was cut at {} bytes)", fetched.body.len())
                } else {
                    String::new()
                };
                let error = format!(
                    "{} is not a feed storywatch can read: {e}{cut}",
                    fetched.url
                );
                // The move is real even if the body is not: it is recorded with the failure.
                return self.fail_with(feed, state, error, None, now, feed_events);
            }
        };

        if fetched.truncated {
            // The entries before the cut are whole; the one it went through may have a
            // link cut short, so it waits until the feed is small enough to read whole.
            tracing::warn!(feed = %feed.url, bytes = fetched.body.len(), "feed cut at the body cap ([http] max_body_bytes); its last entry is left out");
            parsed.entries.pop();
        }
        let new_entries = new_entries(&parsed, &state.seen);
        let mut not_taken = HashSet::new();
        for entry in &new_entries {
            match self.take_entry(feed, entry, now).await? {
                Taken::Yes(written) => events.extend(written),
                // Neither its page nor its own text could be read: it stays new, so the
                // next poll tries again rather than losing it.
                Taken::No(written) => {
                    events.extend(written);
                    not_taken.insert(entry.key.clone());
                }
            }
        }
        remember(&mut state, &parsed, &not_taken);
        state.etag = fetched.validators.etag.clone();
        state.last_modified = fetched.validators.last_modified.clone();
        let dates: Vec<DateTime<Utc>> = parsed
            .entries
            .iter()
            .filter_map(|e| e.published.or(e.updated))
            .collect();
        let found = Found {
            modified: true,
            new_entries: new_entries.len(),
            entry_dates: &dates,
            max_age: fetched.max_age,
        };
        let change = self
            .policy
            .after_success(&mut state, feed.interval, &found, now);
        events.extend(self.save_feed(&state, change, feed_events, now)?);
        let outcome = PollOutcome::Parsed {
            entries: parsed.entries.len(),
            new: new_entries.len(),
        };
        Ok(report(feed, &state, outcome, events))
    }

    /// Fetches a watched article again and schedules the next refetch (or stops).
    pub async fn refetch(
        &self,
        mut watch: ArticleWatch,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, PollError> {
        let validators = Validators {
            etag: watch.etag.clone(),
            last_modified: watch.last_modified.clone(),
        };
        let fetched = {
            let _slot = self.hosts.acquire(&watch.url).await;
            self.fetcher.fetch(&watch.url, &validators).await
        };
        let mut events = Vec::new();
        match fetched {
            Ok(FetchOutcome::NotModified) => {
                tracing::debug!(item = %watch.item, "refetch: not modified")
            }
            Ok(FetchOutcome::Fetched(page)) => {
                watch.etag = page.validators.etag.clone();
                watch.last_modified = page.validators.last_modified.clone();
                match self.article_from_page(&watch.item, page, now).await {
                    Ok(article) => match self.record(watch.item.clone(), article, now).await? {
                        Some(Outcome::Recorded(written)) => {
                            tracing::info!(item = %watch.item, events = written.len(), "article changed");
                            events = written;
                        }
                        _ => tracing::debug!(item = %watch.item, "refetch: unchanged"),
                    },
                    Err(e) => tracing::warn!(item = %watch.item, "refetch: {e}"),
                }
            }
            Err(e) => tracing::warn!(item = %watch.item, "refetch failed: {e}"),
        }
        // A failed refetch is not retried early: the next one in the schedule comes.
        watch.refetches += 1;
        match self.refetch_after.get(watch.refetches as usize) {
            Some(after) => {
                watch.next_due = watch.first_seen + *after;
                self.store.put_watch(&watch)?;
            }
            None => self.store.remove_watch(&watch.item)?,
        }
        Ok(events)
    }

    /// One new entry: its page, else its own text; then the matcher and the store.
    async fn take_entry(
        &self,
        feed: &FeedConfig,
        entry: &Entry,
        now: DateTime<Utc>,
    ) -> Result<Taken, PollError> {
        // An entry without a usable link names no article; there is nothing to retry.
        let Some(link) = entry.link.clone() else {
            tracing::warn!(feed = %feed.url, entry = %entry.key, "entry has no link to an article page; skipped");
            return Ok(Taken::Yes(Vec::new()));
        };
        let item = match ItemId::for_url(&link) {
            Ok(item) => item,
            Err(e) => {
                tracing::warn!(feed = %feed.url, %link, "entry link is not an article page: {e}");
                return Ok(Taken::Yes(Vec::new()));
            }
        };
        // Another feed (or this one before a restart) brought it already: its refetch
        // schedule covers it.
        if self.store.item(&item)?.is_some() {
            return Ok(Taken::Yes(Vec::new()));
        }
        let fetched = {
            let _slot = self.hosts.acquire(&link).await;
            self.fetcher.fetch(&link, &Validators::default()).await
        };
        let mut events = Vec::new();
        let mut validators = Validators::default();
        let from_page = match fetched {
            Ok(FetchOutcome::Fetched(page)) => {
                validators = page.validators.clone();
                self.article_from_page(&item, page, now)
                    .await
                    .map_err(|e| e.to_string())
            }
            Ok(FetchOutcome::NotModified) => Err(format!("{link} answered 304 to a first GET")),
            Err(e) => Err(e.to_string()),
        };
        let article = match from_page {
            Ok(article) => article,
            Err(error) => match article_from_entry(&item, entry, now) {
                Some((article, used)) => {
                    tracing::warn!(%item, "page unavailable, using the feed entry's {used}: {error}");
                    events.push(self.store.log_event(
                        EventBody::PageUnavailable {
                            item: item.clone(),
                            feed: feed.url.clone(),
                            error,
                            used: used.to_string(),
                        },
                        now,
                    )?);
                    article
                }
                None => {
                    tracing::warn!(%item, feed = %feed.url, "page unavailable and the entry has no text of its own; tried again at the next poll: {error}");
                    return Ok(Taken::No(events));
                }
            },
        };
        let article = with_entry_defaults(article, entry);
        if let Some(Outcome::Recorded(written)) = self.record(item.clone(), article, now).await? {
            tracing::info!(%item, feed = %feed.url, events = written.len(), "new item");
            events.extend(written);
        }
        if let Some(first) = self.refetch_after.first() {
            self.store.put_watch(&ArticleWatch {
                item,
                url: link,
                feed: feed.url.clone(),
                first_seen: now,
                refetches: 0,
                next_due: now + *first,
                etag: validators.etag,
                last_modified: validators.last_modified,
            })?;
        }
        Ok(Taken::Yes(events))
    }

    async fn article_from_page(
        &self,
        item: &ItemId,
        page: Fetched,
        now: DateTime<Utc>,
    ) -> Result<Article, PageError> {
        let doc = RawDocument {
            item: item.clone(),
            bytes: page.body,
            content_type: page.content_type,
            fetched_at: now,
        };
        // Extraction is CPU work on untrusted markup: off the async threads, and a panic
        // in it stays a failed page.
        match tokio::task::spawn_blocking(move || extract::extract(&doc)).await {
            Ok(result) => result.map_err(|source| PageError::Extract {
                url: page.url,
                source,
            }),
            Err(e) => Err(PageError::Crashed {
                url: page.url,
                detail: e.to_string(),
            }),
        }
    }

    /// Matches and stores an article off the async threads. `None` when the work
    /// crashed (logged); a store failure is an error.
    async fn record(
        &self,
        item: ItemId,
        article: Article,
        now: DateTime<Utc>,
    ) -> Result<Option<Outcome>, PollError> {
        let store = Arc::clone(&self.store);
        let params = self.params.clone();
        let shown = item.clone();
        let work = move || replay::record_article(&store, &params, item, article, now);
        match tokio::task::spawn_blocking(work).await {
            Ok(Ok(outcome)) => Ok(Some(outcome)),
            Ok(Err(ReplayError::Store(e))) => Err(PollError::Store(e)),
            Ok(Err(e)) => {
                tracing::warn!(item = %shown, "not recorded: {e}");
                Ok(None)
            }
            Err(e) => {
                tracing::error!(item = %shown, "matching crashed: {e}");
                Ok(None)
            }
        }
    }

    fn fail(
        &self,
        feed: &FeedConfig,
        state: FeedState,
        error: String,
        retry_after: Option<Duration>,
        now: DateTime<Utc>,
    ) -> Result<PollReport, PollError> {
        self.fail_with(feed, state, error, retry_after, now, Vec::new())
    }

    fn fail_with(
        &self,
        feed: &FeedConfig,
        mut state: FeedState,
        error: String,
        retry_after: Option<Duration>,
        now: DateTime<Utc>,
        feed_events: Vec<EventBody>,
    ) -> Result<PollReport, PollError> {
        tracing::warn!(feed = %feed.url, failures = state.consecutive_failures + 1, "poll failed: {error}");
        let change =
            self.policy
                .after_failure(&mut state, feed.interval, error.clone(), retry_after, now);
        let events = self.save_feed(&state, change, feed_events, now)?;
        Ok(report(feed, &state, PollOutcome::Failed { error }, events))
    }

    fn save_feed(
        &self,
        state: &FeedState,
        change: Option<HealthChange>,
        mut events: Vec<EventBody>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, PollError> {
        match change {
            Some(HealthChange::Broke { since, failures }) => {
                tracing::error!(feed = %state.url, failures, "feed marked broken; retried rarely from now on");
                events.push(EventBody::FeedBroken {
                    feed: state.url.clone(),
                    failing_since: since,
                    failures,
                    error: state.last_error.clone().unwrap_or_default(),
                })
            }
            Some(HealthChange::Recovered { failures }) => {
                tracing::info!(feed = %state.url, failures, "broken feed answers again");
                events.push(EventBody::FeedRecovered {
                    feed: state.url.clone(),
                    failures,
                })
            }
            None => {}
        }
        Ok(self.store.record_feed(state, events, now)?)
    }
}

/// Whether a new entry was dealt with, with the events it caused either way.
enum Taken {
    Yes(Vec<Event>),
    No(Vec<Event>),
}

#[derive(Debug, thiserror::Error)]
enum PageError {
    #[error("{url}: {source}")]
    Extract { url: String, source: ExtractError },
    #[error("{url}: extraction crashed ({detail})")]
    Crashed { url: String, detail: String },
}

fn report(
    feed: &FeedConfig,
    state: &FeedState,
    outcome: PollOutcome,
    events: Vec<Event>,
) -> PollReport {
    match &outcome {
        PollOutcome::NotModified => tracing::debug!(feed = %feed.url, "not modified"),
        PollOutcome::Parsed { entries, new } => {
            tracing::debug!(feed = %feed.url, entries, new, "polled")
        }
        PollOutcome::Failed { .. } => {} // logged where it failed, with the error
    }
    PollReport {
        feed: feed.url.clone(),
        outcome,
        next_due: state.next_due,
        events,
    }
}

/// The entries not seen before, oldest first, so that who reported a claim first follows
/// publishing order.
fn new_entries(parsed: &ParsedFeed, seen: &[String]) -> Vec<Entry> {
    let seen: HashSet<&str> = seen.iter().map(String::as_str).collect();
    let mut fresh: Vec<Entry> = parsed
        .entries
        .iter()
        .filter(|e| !seen.contains(e.key.as_str()))
        .cloned()
        .collect();
    // Feeds list newest first; entries without dates keep their (reversed) feed order.
    fresh.reverse();
    fresh.sort_by_key(|e| e.published.or(e.updated));
    fresh
}

/// Remembers the keys the feed shows now (but those not taken), then the older ones up to
/// a bound.
fn remember(state: &mut FeedState, parsed: &ParsedFeed, not_taken: &HashSet<String>) {
    let mut keys: Vec<String> = parsed
        .entries
        .iter()
        .map(|e| e.key.clone())
        .filter(|k| !not_taken.contains(k))
        .collect();
    let shown: HashSet<String> = parsed.entries.iter().map(|e| e.key.clone()).collect();
    let older = std::mem::take(&mut state.seen)
        .into_iter()
        .filter(|k| !shown.contains(k));
    keys.extend(older.take(SEEN_KEYS_KEPT));
    state.seen = keys;
}

/// The entry's own text as an article: its content, else its summary.
fn article_from_entry(
    item: &ItemId,
    entry: &Entry,
    now: DateTime<Utc>,
) -> Option<(Article, &'static str)> {
    let (text, used) = match (&entry.content, &entry.summary) {
        (Some(content), _) if !content.trim().is_empty() => (content, "content"),
        (_, Some(summary)) if !summary.trim().is_empty() => (summary, "summary"),
        _ => return None,
    };
    let html = format!("<html><body><article>{text}</article></body></html>");
    let doc = RawDocument {
        item: item.clone(),
        bytes: html.into_bytes(),
        content_type: Some("text/html; charset=utf-8".to_string()),
        fetched_at: now,
    };
    extract::extract(&doc).ok().map(|article| (article, used))
}

/// Fills what the page did not say from the entry: the headline, the date, the authors.
fn with_entry_defaults(mut article: Article, entry: &Entry) -> Article {
    if article.title.as_deref().is_none_or(|t| t.trim().is_empty()) {
        article.title = entry.title.clone();
    }
    if article.published.is_none() {
        article.published = entry.published.or(entry.updated).map(|d| d.date_naive());
    }
    if article.authors.is_empty() {
        article.authors = entry.authors.clone();
    }
    article
}
