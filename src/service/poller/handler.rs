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
use crate::metrics::Metrics;
use crate::model::{
    Article, ArticleWatch, Entry, Event, EventBody, FeedState, ItemId, ParsedFeed, RawDocument,
};
use crate::pipeline::{self, Matching, Outcome};
use crate::store::{Store, StoreError};
use chrono::{DateTime, Utc};
use std::collections::HashSet;
use std::sync::{Arc, Mutex};
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
    /// Not polled: the feed's host asked us to wait until then.
    Deferred { until: DateTime<Utc> },
}

/// Everything the daemon's paths need, passed in once.
pub struct Poller {
    fetcher: Fetcher,
    hosts: HostLimiter,
    store: Arc<Store>,
    matching: Arc<Matching>,
    policy: Policy,
    refetch_after: Vec<Duration>,
    /// Items some task is fetching or recording now: two feeds carrying one article must
    /// not both take it.
    taking: Mutex<HashSet<ItemId>>,
    metrics: Arc<Metrics>,
    /// Told of the events of each write as soon as it is made (see [`Poller::on_written`]).
    on_written: Option<WrittenListener>,
}

/// What the daemon does with events as they are written: pass them on to the event
/// streams and wake the webhooks.
pub type WrittenListener = Arc<dyn Fn(&[Event]) + Send + Sync>;

/// Holds an item in [`Poller::taking`]; lets go when dropped, even when the task holding
/// it is cancelled.
struct Taking<'a> {
    poller: &'a Poller,
    item: ItemId,
}

impl Drop for Taking<'_> {
    fn drop(&mut self) {
        lock(&self.poller.taking).remove(&self.item);
    }
}

/// A poisoned lock only means another task panicked while holding it; the set itself is
/// still sound.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// How long a host that answered 429 or 503 without `Retry-After` is left alone.
const HOST_PAUSE: Duration = Duration::from_secs(10 * 60);

impl Poller {
    pub fn new(config: &Config, store: Arc<Store>) -> Result<Poller, FetchError> {
        Ok(Poller {
            fetcher: Fetcher::new(config.http_limits())?,
            hosts: HostLimiter::new(config.poller.concurrency, config.poller.per_host),
            store,
            matching: Arc::new(Matching::new(config.match_params())),
            policy: Policy::from_config(&config.poller),
            refetch_after: config.poller.refetch_after.clone(),
            taking: Mutex::new(HashSet::new()),
            metrics: Arc::new(Metrics::default()),
            on_written: None,
        })
    }

    /// The matcher's state the poller records through (see [`Matching::load`]).
    pub fn matching(&self) -> Arc<Matching> {
        Arc::clone(&self.matching)
    }

    /// Calls `listener` with the events of each store write, right after it, from
    /// whichever thread made it: an event reaches the live readers when it is recorded,
    /// not when the poll that wrote it ends (a poll of a big feed takes minutes).
    pub fn on_written(&mut self, listener: WrittenListener) {
        self.on_written = Some(listener);
    }

    /// Counts events just written and tells the listener.
    fn written(metrics: &Metrics, listener: Option<&WrittenListener>, events: &[Event]) {
        if events.is_empty() {
            return;
        }
        metrics.events.inc_by(events.len() as u64);
        if let Some(listener) = listener {
            listener(events);
        }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The counters this poller keeps (served at `/metrics`).
    pub fn metrics(&self) -> Arc<Metrics> {
        Arc::clone(&self.metrics)
    }

    /// One request, counted by its answer.
    async fn get(&self, url: &str, validators: &Validators) -> Result<FetchOutcome, FetchError> {
        let outcome = self.fetcher.fetch(url, validators).await;
        match &outcome {
            Ok(FetchOutcome::NotModified { .. }) => self.metrics.http_status(304),
            Ok(FetchOutcome::Fetched(page)) => self.metrics.http_status(page.status),
            Err(FetchError::Status { status, .. }) => self.metrics.http_status(*status),
            Err(FetchError::Timeout { .. }) => self.metrics.http_class("timeout"),
            Err(FetchError::Refused { .. } | FetchError::InvalidUrl { .. }) => {
                self.metrics.http_class("refused")
            }
            Err(FetchError::TooManyRedirects { .. } | FetchError::Network { .. }) => {
                self.metrics.http_class("network")
            }
        }
        outcome
    }

    /// Polls one feed at `now`: see the module documentation for the steps.
    pub async fn poll_feed(
        &self,
        feed: &FeedConfig,
        now: DateTime<Utc>,
    ) -> Result<PollReport, PollError> {
        let report = self.poll_feed_steps(feed, now).await?;
        self.metrics.poll(match report.outcome {
            PollOutcome::NotModified => "not_modified",
            PollOutcome::Parsed { .. } => "parsed",
            PollOutcome::Failed { .. } => "failed",
            PollOutcome::Deferred { .. } => "deferred",
        });
        Ok(report)
    }

    async fn poll_feed_steps(
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
        let clock = PollClock::start(now);
        if let Some(until) = self.hosts.paused_until(&fetch_url, now) {
            // Its host asked us to wait (a 429 or 503 on one of its pages).
            state.next_due = Some(state.next_due.map_or(until, |due| due.max(until)));
            self.store.put_feed(&state)?;
            return Ok(report(
                feed,
                &state,
                PollOutcome::Deferred { until },
                Vec::new(),
            ));
        }
        // The slot is held until the body is parsed: bodies waiting for the parser would
        // otherwise pile up, one per feed, with nothing to bound them.
        let slot = self.hosts.acquire(&fetch_url).await;
        let fetched = self.get(&fetch_url, &validators).await;
        let mut fetched = match fetched {
            Ok(FetchOutcome::NotModified {
                validators,
                max_age,
            }) => {
                // A 304 may renew the validators; keep the old ones where it does not.
                state.etag = validators.etag.or(state.etag.take());
                state.last_modified = validators.last_modified.or(state.last_modified.take());
                let found = Found {
                    max_age,
                    ..Found::default()
                };
                let change =
                    self.policy
                        .after_success(&mut state, feed.interval, &found, clock.now());
                let events = self.save_feed(&state, change, Vec::new(), clock.now())?;
                return Ok(report(feed, &state, PollOutcome::NotModified, events));
            }
            Ok(FetchOutcome::Fetched(fetched)) => fetched,
            Err(e) => {
                let retry_after = match &e {
                    FetchError::Status { retry_after, .. } => *retry_after,
                    _ => None,
                };
                return self.fail(
                    feed,
                    state,
                    e.to_string(),
                    retry_after,
                    clock.now(),
                    Vec::new(),
                );
            }
        };

        // Parsing is CPU work on an untrusted body of up to the cap: off the async
        // threads, and a panic anywhere in it is this feed's error.
        let body = std::mem::take(&mut fetched.body);
        let body_len = body.len();
        let (content_type, base) = (fetched.content_type.clone(), fetched.url.clone());
        let parsed = tokio::task::spawn_blocking(move || {
            feed::parse(&body, content_type.as_deref(), Some(&base))
        })
        .await;
        drop(slot);
        let cut = if fetched.truncated {
            format!(" (the body was cut at {body_len} bytes)")
        } else {
            String::new()
        };
        let mut parsed = match parsed {
            Ok(Ok(parsed)) => parsed,
            Ok(Err(e)) => {
                let error = format!(
                    "{} is not a feed storywatch can read: {e}{cut}",
                    fetched.url
                );
                return self.fail(feed, state, error, None, clock.now(), Vec::new());
            }
            Err(e) => {
                let error = format!("reading the feed at {} crashed: {e}{cut}", fetched.url);
                return self.fail(feed, state, error, None, clock.now(), Vec::new());
            }
        };
        // A move is kept only once the new address gave a feed: a feed moved to a
        // homepage stays where it was.
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
        if fetched.truncated {
            // The entries before the cut are whole; the one it went through may have a
            // link cut short, so it waits until the feed is small enough to read whole.
            tracing::warn!(feed = %feed.url, bytes = body_len, "feed cut at the body cap ([http] max_body_bytes); its last entry is left out");
            parsed.entries.pop();
        }

        let mut events = Vec::new();
        // Entries to try again at the next poll, and the failures counted against them.
        let mut pending = HashSet::new();
        let mut failures = std::collections::BTreeMap::new();
        let fresh = new_entries(&parsed, &state.seen);
        for entry in &fresh {
            let failed_before = state.failed_entries.get(&entry.key).copied().unwrap_or(0);
            match self.take_entry(feed, entry, clock).await? {
                Taken::Yes(written) => events.extend(written),
                Taken::Later => {
                    pending.insert(entry.key.clone());
                    if failed_before > 0 {
                        failures.insert(entry.key.clone(), failed_before);
                    }
                }
                Taken::Failed(error) if failed_before + 1 >= ENTRY_ATTEMPTS => {
                    tracing::warn!(feed = %feed.url, entry = %entry.key, "given up after {ENTRY_ATTEMPTS} polls: {error}");
                }
                Taken::Failed(_) => {
                    pending.insert(entry.key.clone());
                    failures.insert(entry.key.clone(), failed_before + 1);
                }
            }
        }
        state.failed_entries = failures;
        remember(&mut state, &parsed, &pending);
        if pending.is_empty() {
            state.etag = fetched.validators.etag.clone();
            state.last_modified = fetched.validators.last_modified.clone();
        } else {
            // Without validators the next poll reads the feed again rather than getting
            // a 304 that would leave the pending entries behind.
            state.etag = None;
            state.last_modified = None;
        }
        let dates: Vec<DateTime<Utc>> = parsed
            .entries
            .iter()
            .filter_map(|e| e.published.or(e.updated))
            .collect();
        let found = Found {
            modified: true,
            new_entries: fresh.len() - pending.len(),
            entry_dates: &dates,
            max_age: fetched.max_age,
        };
        let change = self
            .policy
            .after_success(&mut state, feed.interval, &found, clock.now());
        events.extend(self.save_feed(&state, change, feed_events, clock.now())?);
        let outcome = PollOutcome::Parsed {
            entries: parsed.entries.len(),
            new: fresh.len(),
        };
        Ok(report(feed, &state, outcome, events))
    }

    /// Records a poll that crashed (a bug) as a failure of its feed, so that it backs
    /// off, shows in `feeds list` and can break, rather than retrying silently.
    pub fn record_crash(
        &self,
        feed: &FeedConfig,
        error: String,
        now: DateTime<Utc>,
    ) -> Result<PollReport, PollError> {
        let state = self
            .store
            .feed(&feed.url)?
            .unwrap_or_else(|| FeedState::new(&feed.url));
        self.fail(feed, state, error, None, now, Vec::new())
    }

    /// Fetches a watched article again and schedules the next refetch (or stops).
    pub async fn refetch(
        &self,
        mut watch: ArticleWatch,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, PollError> {
        if let Some(until) = self.hosts.paused_until(&watch.url, now) {
            // The site asked us to wait: come back then, without losing the refetch.
            watch.next_due = until;
            self.store.put_watch(&watch)?;
            return Ok(Vec::new());
        }
        let clock = PollClock::start(now);
        let validators = Validators {
            etag: watch.etag.clone(),
            last_modified: watch.last_modified.clone(),
        };
        // Held until the page is extracted, as in `poll_feed`.
        let slot = self.hosts.acquire(&watch.url).await;
        let fetched = self.get(&watch.url, &validators).await;
        let mut events = Vec::new();
        match fetched {
            Ok(FetchOutcome::NotModified { validators, .. }) => {
                watch.etag = validators.etag.or(watch.etag.take());
                watch.last_modified = validators.last_modified.or(watch.last_modified.take());
                tracing::debug!(item = %watch.item, "refetch: not modified")
            }
            Ok(FetchOutcome::Fetched(page)) => {
                let validators = page.validators.clone();
                let article = self.article_from_page(&watch.item, page, clock.now()).await;
                drop(slot);
                match article {
                    Ok(article) => {
                        let recorded = Recording {
                            item: watch.item.clone(),
                            article,
                            unavailable: None,
                            watch: None,
                        };
                        if let Some(written) = self.record(recorded, clock).await? {
                            if written.is_empty() {
                                tracing::debug!(item = %watch.item, "refetch: unchanged");
                            } else {
                                tracing::info!(item = %watch.item, events = written.len(), "article changed");
                            }
                            events = written;
                        }
                        watch.etag = validators.etag;
                        watch.last_modified = validators.last_modified;
                    }
                    Err(e) => tracing::warn!(item = %watch.item, "refetch: {e}"),
                }
            }
            Err(e) => {
                if let Some(until) = self.pause_if_asked(&watch.url, &e, clock.now()) {
                    // The site asked us to wait: this refetch is done later, not lost.
                    tracing::info!(item = %watch.item, "refetch deferred: {e}");
                    watch.next_due = until;
                    self.store.put_watch(&watch)?;
                    return Ok(events);
                }
                tracing::warn!(item = %watch.item, "refetch failed: {e}");
            }
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
        clock: PollClock,
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
        let Some(_taking) = self.start_taking(&item) else {
            return Ok(Taken::Later);
        };
        // Another feed (or this one before a restart) brought it already: its refetch
        // schedule covers it.
        if self.store.item(&item)?.is_some() {
            return Ok(Taken::Yes(Vec::new()));
        }
        // Held until the page is extracted, as in `poll_feed`.
        let slot = self.hosts.acquire(&link).await;
        // Checked once the slot is ours: a pause may have begun while we waited.
        if self.hosts.paused_until(&link, clock.now()).is_some() {
            return Ok(Taken::Later);
        }
        let fetched = self.get(&link, &Validators::default()).await;
        let mut validators = Validators::default();
        let from_page = match fetched {
            Ok(FetchOutcome::Fetched(page)) => {
                validators = page.validators.clone();
                self.article_from_page(&item, page, clock.now())
                    .await
                    .map_err(|e| e.to_string())
            }
            Ok(FetchOutcome::NotModified { .. }) => Err(format!(
                "{link} answered 304 to a request without validators"
            )),
            Err(e) => {
                if self.pause_if_asked(&link, &e, clock.now()).is_some() {
                    // The page is there; the site wants a pause. Take it later rather
                    // than settle for the summary.
                    tracing::info!(%item, "site asks to wait; the entry is taken at a later poll: {e}");
                    return Ok(Taken::Later);
                }
                Err(e.to_string())
            }
        };
        drop(slot);
        let now = clock.now();
        let (article, unavailable) = match from_page {
            Ok(article) => (article, None),
            Err(error) => {
                let (entry_item, owned_entry) = (item.clone(), entry.clone());
                let from_entry = tokio::task::spawn_blocking(move || {
                    article_from_entry(&entry_item, &owned_entry, now)
                })
                .await
                .ok()
                .flatten();
                match from_entry {
                    Some((article, used)) => {
                        tracing::warn!(%item, "page unavailable, using the feed entry's {used}: {error}");
                        let event = EventBody::PageUnavailable {
                            item: item.clone(),
                            feed: feed.url.clone(),
                            error,
                            used: used.to_string(),
                        };
                        (article, Some(event))
                    }
                    None => {
                        tracing::warn!(%item, feed = %feed.url, "page unavailable and the entry has no text of its own; tried again at the next poll: {error}");
                        return Ok(Taken::Failed(error));
                    }
                }
            }
        };
        let watch = self.refetch_after.first().map(|first| ArticleWatch {
            item: item.clone(),
            url: link,
            feed: feed.url.clone(),
            // Refetches follow the poll that found the article.
            first_seen: clock.began_at,
            refetches: 0,
            next_due: clock.began_at + *first,
            etag: validators.etag,
            last_modified: validators.last_modified,
        });
        let recording = Recording {
            item: item.clone(),
            article: with_entry_defaults(article, entry),
            unavailable,
            watch,
        };
        match self.record(recording, clock).await? {
            Some(written) => {
                tracing::info!(%item, feed = %feed.url, events = written.len(), "new item");
                Ok(Taken::Yes(written))
            }
            None => Ok(Taken::Failed("not recorded (see the log)".to_string())),
        }
    }

    /// Marks `item` as being taken; `None` if another task is taking it.
    fn start_taking(&self, item: &ItemId) -> Option<Taking<'_>> {
        lock(&self.taking).insert(item.clone()).then(|| Taking {
            poller: self,
            item: item.clone(),
        })
    }

    /// A 429 or 503 pauses requests to that host (for its `Retry-After`, else
    /// [`HOST_PAUSE`], at most [`LONGEST_HOST_PAUSE`]); returns until when.
    fn pause_if_asked(
        &self,
        url: &str,
        error: &FetchError,
        now: DateTime<Utc>,
    ) -> Option<DateTime<Utc>> {
        let FetchError::Status {
            status: 429 | 503,
            retry_after,
            ..
        } = error
        else {
            return None;
        };
        let wait = retry_after.unwrap_or(HOST_PAUSE).min(LONGEST_HOST_PAUSE);
        let until = now + chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::zero());
        self.hosts.pause(url, until);
        Some(until)
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
        let metrics = Arc::clone(&self.metrics);
        let work = move || {
            let started = std::time::Instant::now();
            let article = extract::extract(&doc);
            metrics.extracted(started.elapsed());
            article
        };
        match tokio::task::spawn_blocking(work).await {
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

    /// Matches and stores an article, with its `page_unavailable` event and its refetch
    /// schedule, in one blocking task: once started it runs to the end even if the poll
    /// is cancelled, so an item is never stored without its watch. Returns the events
    /// written; `None` when it could not be recorded this time (logged); a store failure
    /// is an error.
    /// Matches and stores an article on the blocking pool, at the time it is recorded.
    async fn record(
        &self,
        recording: Recording,
        clock: PollClock,
    ) -> Result<Option<Vec<Event>>, PollError> {
        let store = Arc::clone(&self.store);
        let matching = Arc::clone(&self.matching);
        let shown = recording.item.clone();
        let metrics = Arc::clone(&self.metrics);
        let listener = self.on_written.clone();
        let work = move || -> Result<Vec<Event>, StoreError> {
            let started = std::time::Instant::now();
            let now = clock.now();
            let outcome =
                pipeline::record_article(&store, &matching, recording.item, recording.article, now);
            metrics.matched(started.elapsed());
            let outcome = outcome?;
            let mut events = match outcome {
                Outcome::Recorded(written) => written,
                Outcome::Unchanged | Outcome::SuspectAgain => Vec::new(),
            };
            Poller::written(&metrics, listener.as_ref(), &events);
            // Logged once the item is recorded, so that a failed attempt leaves no trace
            // and a retried one no duplicate.
            if !events.is_empty() {
                if let Some(body) = recording.unavailable {
                    let unavailable = store.log_event(body, now)?;
                    Poller::written(
                        &metrics,
                        listener.as_ref(),
                        std::slice::from_ref(&unavailable),
                    );
                    events.push(unavailable);
                }
            }
            if let Some(watch) = recording.watch {
                store.put_watch(&watch)?;
            }
            Ok(events)
        };
        match tokio::task::spawn_blocking(work).await {
            Ok(Ok(events)) => Ok(Some(events)),
            // Other writers kept changing the item; it is tried again later.
            Ok(Err(e @ StoreError::Stale { .. })) => {
                tracing::warn!(item = %shown, "not recorded this time: {e}");
                Ok(None)
            }
            Ok(Err(e)) => Err(PollError::Store(e)),
            Err(e) => {
                tracing::error!(item = %shown, "matching crashed (a bug; please report it): {e}");
                Ok(None)
            }
        }
    }

    fn fail(
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
        let written = self.store.record_feed(state, events, now)?;
        Poller::written(&self.metrics, self.on_written.as_ref(), &written);
        Ok(written)
    }
}

/// The time of a poll's steps: when it began (passed in, so that tests set it) and the
/// time since, so that what it records carries when it was recorded, not when the poll
/// began, and a server's `Retry-After` counts from its answer.
#[derive(Debug, Clone, Copy)]
struct PollClock {
    began_at: DateTime<Utc>,
    began: std::time::Instant,
}

impl PollClock {
    fn start(at: DateTime<Utc>) -> PollClock {
        PollClock {
            began_at: at,
            began: std::time::Instant::now(),
        }
    }

    fn now(&self) -> DateTime<Utc> {
        self.began_at + chrono::Duration::from_std(self.began.elapsed()).unwrap_or_default()
    }
}

/// What became of a new entry.
enum Taken {
    /// Recorded (with the events written), or nothing to record.
    Yes(Vec<Event>),
    /// Not now, through no fault of the entry: its host asked us to wait, or another feed
    /// is taking the same article.
    Later,
    /// Neither its page nor its own text could be read (or recording failed); counts
    /// towards giving up on it.
    Failed(String),
}

/// A new entry that fails this many polls in a row is given up (logged), so that a dead
/// link does not cost a full feed download at every poll for ever.
const ENTRY_ATTEMPTS: u32 = 5;

/// The longest a host's `Retry-After` pauses it: a server's typo must not silence a site.
const LONGEST_HOST_PAUSE: Duration = Duration::from_secs(24 * 3600);

/// What [`Poller::record`] writes together.
struct Recording {
    item: ItemId,
    article: Article,
    unavailable: Option<EventBody>,
    watch: Option<ArticleWatch>,
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
        PollOutcome::Deferred { until } => {
            tracing::debug!(feed = %feed.url, %until, "deferred: its host asked us to wait")
        }
        PollOutcome::Failed { .. } => {} // logged where it failed, with the error
    }
    PollReport {
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
    // Feeds list newest first, so reversed feed order is the best guess for entries
    // without dates; the stable sort then puts those first (no date sorts lowest) and the
    // dated ones in date order.
    fresh.reverse();
    fresh.sort_by_key(|e| e.published.or(e.updated));
    fresh
}

/// Remembers the keys the feed shows now (but those still pending), then the older ones
/// up to a bound.
fn remember(state: &mut FeedState, parsed: &ParsedFeed, pending: &HashSet<String>) {
    let mut keys: Vec<String> = parsed
        .entries
        .iter()
        .map(|e| e.key.clone())
        .filter(|k| !pending.contains(k))
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
