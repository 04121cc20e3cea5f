//! The service: runs the poller's paths on schedule, for months, until asked to stop.
//!
//! Entry point: [`run`]. It first seeds the stories declared in the config (see
//! [`crate::replay::seed_stories`]), and refuses to start when a seed document cannot be
//! read. Then each configured feed is polled when its state in the store says
//! it is due (a new feed at once), each watched article is refetched when due, and the
//! store is flushed on a timer so that a crash loses at most a few seconds. When the
//! `shutdown` future completes (SIGTERM or SIGINT in `storywatch run`), no new work
//! starts; work in flight gets [`SHUTDOWN_GRACE`] to finish, the rest is cancelled at
//! its next network wait (a store write in progress always completes), and the store is
//! flushed.
//!
//! Guide: `docs/daemon.md` (the daemon as its operator sees it).

use crate::api;
use crate::config::{Config, FeedConfig};
use crate::model::{Event, ItemId};
use crate::notify;
use crate::poller::fetch::FetchError;
use crate::poller::handler::{PollError, PollOutcome, PollReport, Poller};
use crate::store::{Store, StoreError};
use chrono::{DateTime, Utc};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet};
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{broadcast, Notify};
use tokio::task::JoinSet;

/// How long work in flight may take to finish once a stop is asked for.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// How often the store's durable mark is moved forward.
const FLUSH_EVERY: Duration = Duration::from_secs(5);

/// The longest the loop goes without looking at the refetch queue (it also wakes when
/// the earliest refetch is due).
const WATCH_SCAN_EVERY: Duration = Duration::from_secs(30);

/// Threads for blocking work (parsing feeds, extracting pages, matching, store writes).
/// More would only add memory: the work is CPU-bound, and a task beyond the bound waits
/// its turn without holding a network slot.
const BLOCKING_THREADS: usize = 8;

/// The runtime the daemon runs on (`storywatch run`, the demo, the poll benchmark).
pub fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .max_blocking_threads(BLOCKING_THREADS)
        .enable_all()
        .build()
}

#[derive(Debug, thiserror::Error)]
pub enum DaemonError {
    #[error("cannot set up the HTTP client")]
    Client(#[source] FetchError),
    #[error("cannot serve the API on {address} (another storywatch running? change [api] listen, or set [api] enabled = false)")]
    Api {
        address: std::net::SocketAddr,
        source: std::io::Error,
    },
    #[error("the store failed; stopped so that nothing more is lost")]
    Store(#[from] StoreError),
    #[error("cannot seed the stories declared in the config, so storywatch did not start")]
    Seed(#[source] crate::replay::ReplayError),
}

/// What a run did, for the closing log line.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct RunSummary {
    pub polls: u64,
    pub failed_polls: u64,
    pub refetches: u64,
    pub events: u64,
    pub webhook_deliveries: u64,
    /// Delivery attempts that failed (each was retried).
    pub webhook_failures: u64,
}

struct WebhookTask {
    stop: Arc<Notify>,
    task: tokio::task::JoinHandle<Result<notify::Deliveries, StoreError>>,
}

enum Done {
    Feed {
        index: usize,
        result: Result<PollReport, PollError>,
    },
    Refetch {
        item: ItemId,
        result: Result<Vec<Event>, PollError>,
    },
}

/// Runs until `shutdown` completes (or the store fails). Every event written is also
/// sent on `events`, for whoever listens (the demo, later the HTTP API).
pub async fn run(
    config: &Config,
    store: Arc<Store>,
    shutdown: impl Future<Output = ()>,
    events: broadcast::Sender<Event>,
) -> Result<RunSummary, DaemonError> {
    let logged_before = store.last_seq()?;
    let mut poller = Poller::new(config, Arc::clone(&store)).map_err(DaemonError::Client)?;
    // Seeding and polling record through one matcher state: the index is read once.
    let seeded = seed_declared(config, &store, poller.matching()).await?;
    // The index of every story is read now, while the daemon serves and polls, not when
    // the first item arrives (it takes seconds on a store of months); an item that comes
    // before it is read waits for it. Stopping stops the reading.
    let stop_loading = StopOnDrop::default();
    let loading = tokio::task::spawn_blocking({
        let (store, matching) = (Arc::clone(&store), poller.matching());
        let stop = Arc::clone(&stop_loading.0);
        move || {
            let started = std::time::Instant::now();
            match matching.load(&store, &|| stop.load(std::sync::atomic::Ordering::Relaxed)) {
                Ok(()) => tracing::info!(
                    seconds = started.elapsed().as_secs_f64(),
                    "the matcher has read the stories"
                ),
                // The first item reads them again and stops the daemon if that fails too.
                Err(e) => tracing::error!(error = %e, "cannot read the stories for the matcher"),
            }
        }
    });
    // One wake per webhook delivery task, rung whenever events are written.
    let wakes: Vec<Arc<Notify>> = config
        .webhooks
        .iter()
        .map(|_| Arc::new(Notify::new()))
        .collect();
    poller.on_written(Arc::new({
        let (events, wakes) = (events.clone(), wakes.clone());
        move |written: &[Event]| pass_on(written, &events, &wakes)
    }));
    let poller = Arc::new(poller);
    // The counter says how many events the store holds, as `storywatch_events_total`.
    poller
        .metrics()
        .events
        .inner()
        .store(store.last_seq()?, std::sync::atomic::Ordering::Relaxed);
    let api_stop = Arc::new(Notify::new());
    let (api_closing, closing) = tokio::sync::watch::channel(false);
    let api = if config.api.enabled {
        let address = config.api.listen;
        let listener = tokio::net::TcpListener::bind(address)
            .await
            .map_err(|source| DaemonError::Api { address, source })?;
        let bound = listener
            .local_addr()
            .map_err(|source| DaemonError::Api { address, source })?;
        store.set_api_address(Some(&format!("http://{bound}")))?;
        tracing::info!(api = %format!("http://{bound}/api/stories"), "serving the API");
        if !bound.ip().is_loopback() && config.api.token.is_none() {
            // Only with allow_unauthenticated (the config refuses it otherwise).
            tracing::warn!(%bound, "the API is open to other machines without a token ([api] allow_unauthenticated = true)");
        }
        let state = api::ApiState {
            store: Arc::clone(&store),
            events: events.clone(),
            closing,
            metrics: poller.metrics(),
            token: config.api.token.as_deref().map(Arc::from),
        };
        let stop = Arc::clone(&api_stop);
        Some(tokio::spawn(api::serve(listener, state, async move {
            stop.notified().await
        })))
    } else {
        None
    };
    let feeds = Arc::new(config.feeds.clone());
    let mut due: BinaryHeap<Reverse<(DateTime<Utc>, usize)>> = BinaryHeap::new();
    let start = Utc::now();
    for (index, feed) in feeds.iter().enumerate() {
        let state = store.feed(&feed.url)?;
        let mut next = state.as_ref().and_then(|s| s.next_due).unwrap_or(start);
        // A fixed interval shortened in the config takes effect now, not after the
        // longer wait already scheduled (a failing feed keeps its backoff).
        if let (Some(interval), Some(state)) = (feed.interval, &state) {
            let shortened = state
                .interval_secs
                .is_some_and(|secs| interval.as_secs() < secs);
            if let (true, Some(last), 0) =
                (shortened, state.last_polled, state.consecutive_failures)
            {
                let by_config = chrono::Duration::from_std(interval)
                    .ok()
                    .and_then(|i| last.checked_add_signed(i));
                if let Some(by_config) = by_config {
                    next = next.min(by_config);
                }
            }
        }
        due.push(Reverse((next, index)));
    }
    tracing::info!(
        feeds = feeds.len(),
        store = %store.path().display(),
        "storywatch is running"
    );

    let mut tasks: JoinSet<Done> = JoinSet::new();
    let mut refetching: HashSet<ItemId> = HashSet::new();
    // Which feed each poll task is for, so that a poll that panics is rescheduled too.
    let mut polling: HashMap<tokio::task::Id, usize> = HashMap::new();
    let mut summary = RunSummary::default();
    pass_on(&seeded, &events, &wakes);
    let mut next_watch_scan = start;
    // One delivery task per webhook, each woken when events are written.
    let mut webhooks = Vec::new();
    for (hook, wake) in config.webhooks.iter().zip(&wakes) {
        let stop = Arc::new(Notify::new());
        let task = tokio::spawn(notify::run_webhook(
            hook.webhook(),
            Arc::clone(&store),
            poller.metrics(),
            Arc::clone(wake),
            Arc::clone(&stop),
        ));
        webhooks.push(WebhookTask { stop, task });
    }
    let (flush_failed, mut flush_failure) = tokio::sync::mpsc::channel::<StoreError>(1);
    let stop_flushing = Arc::new(Notify::new());
    let flusher = tokio::spawn(flush_periodically(
        Arc::clone(&store),
        flush_failed,
        Arc::clone(&stop_flushing),
    ));
    let mut failure: Option<StoreError> = None;
    tokio::pin!(shutdown);

    loop {
        let now = Utc::now();
        while let Some(Reverse((at, index))) = due.peek().copied() {
            if at > now {
                break;
            }
            due.pop();
            let poller = Arc::clone(&poller);
            let feeds = Arc::clone(&feeds);
            let task = tasks.spawn(async move {
                let result = poller.poll_feed(&feeds[index], Utc::now()).await;
                Done::Feed { index, result }
            });
            polling.insert(task.id(), index);
        }
        if now >= next_watch_scan {
            let watches = match store.due_watches(now) {
                Ok(watches) => watches,
                Err(e) => {
                    failure = Some(e);
                    break;
                }
            };
            for watch in watches {
                if refetching.insert(watch.item.clone()) {
                    let poller = Arc::clone(&poller);
                    tasks.spawn(async move {
                        let item = watch.item.clone();
                        let result = poller.refetch(watch, Utc::now()).await;
                        Done::Refetch { item, result }
                    });
                }
            }
            next_watch_scan = now + WATCH_SCAN_EVERY;
        }
        // Articles are watched by the polls that run now; the earliest refetch sets the
        // next look, at the latest after WATCH_SCAN_EVERY. One already due is looked at
        // now, unless it is in flight (waking for it again would only spin).
        match store.next_watch_due() {
            Ok(Some((due, item))) if due < next_watch_scan => {
                if due > now {
                    next_watch_scan = due;
                } else if !refetching.contains(&item) {
                    next_watch_scan = now;
                }
            }
            Ok(_) => {}
            Err(e) => {
                failure = Some(e);
                break;
            }
        }
        let wake = due.peek().map_or(next_watch_scan, |Reverse((at, _))| {
            (*at).min(next_watch_scan)
        });
        let sleep = (wake - now).to_std().unwrap_or(Duration::ZERO);

        tokio::select! {
            _ = &mut shutdown => break,
            Some(done) = tasks.join_next_with_id() => {
                let mut state = Bookkeeping { poller: &poller, feeds: &feeds, due: &mut due, polling: &mut polling, refetching: &mut refetching, summary: &mut summary };
                if let Err(e) = finish(done, &mut state) {
                    failure = Some(e);
                    break;
                }
            }
            _ = tokio::time::sleep(sleep) => {}
            Some(e) = flush_failure.recv() => {
                failure = Some(e);
                break;
            }
        }
    }

    // Stopped and awaited, not aborted: a task aborted is dropped later, and its hold on
    // the store would outlive this function.
    drop(stop_loading);
    let _ = loading.await;
    stop_flushing.notify_one();
    let _ = flusher.await;
    tracing::info!(in_flight = tasks.len(), "stopping");
    let grace = tokio::time::sleep(SHUTDOWN_GRACE);
    tokio::pin!(grace);
    loop {
        tokio::select! {
            next = tasks.join_next_with_id() => match next {
                Some(done) => {
                    let mut state = Bookkeeping { poller: &poller, feeds: &feeds, due: &mut due, polling: &mut polling, refetching: &mut refetching, summary: &mut summary };
                    if let Err(e) = finish(done, &mut state) {
                        failure.get_or_insert(e);
                    }
                }
                None => break,
            },
            _ = &mut grace => {
                tracing::warn!(cancelled = tasks.len(), "work still in flight after {} s; cancelled (it is redone at the next start)", SHUTDOWN_GRACE.as_secs());
                tasks.abort_all();
                while tasks.join_next().await.is_some() {}
                break;
            }
        }
    }
    // Webhooks finish the delivery in hand (a cancelled one is redelivered at the next
    // start: the cursor moves only after a webhook accepted an event).
    for hook in &webhooks {
        hook.stop.notify_one();
    }
    for hook in webhooks {
        let abort = hook.task.abort_handle();
        match tokio::time::timeout(SHUTDOWN_GRACE, hook.task).await {
            Ok(Ok(Ok(deliveries))) => {
                summary.webhook_deliveries += deliveries.delivered;
                summary.webhook_failures += deliveries.failed_attempts;
            }
            Ok(Ok(Err(e))) => {
                failure.get_or_insert(e);
            }
            Ok(Err(e)) => tracing::error!("a webhook task crashed: {e}"),
            Err(_) => {
                abort.abort();
                tracing::warn!("a webhook delivery was still running at shutdown; it is redone at the next start")
            }
        }
    }
    if let Some(api) = api {
        let _ = api_closing.send(true);
        api_stop.notify_one();
        // Open event streams end with the server; a stuck client does not hold us up.
        if tokio::time::timeout(SHUTDOWN_GRACE, api).await.is_err() {
            tracing::warn!("the API did not stop within {} s", SHUTDOWN_GRACE.as_secs());
        }
        store.set_api_address(None)?;
    }
    let last = store.flush()?;
    // Store writes cancelled tasks began may still finish on the blocking threads after
    // this (`storywatch run` waits for them before its closing line).
    summary.events = last.saturating_sub(logged_before);
    match failure {
        Some(e) => Err(DaemonError::Store(e)),
        None => Ok(summary),
    }
}

/// Set when dropped: however `run` ends, the matcher stops reading the stories.
#[derive(Default)]
struct StopOnDrop(Arc<std::sync::atomic::AtomicBool>);

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        self.0.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

/// Seeds the stories declared in the config (on a blocking thread: extraction and
/// matching are CPU work); returns the events written.
async fn seed_declared(
    config: &Config,
    store: &Arc<Store>,
    matching: Arc<crate::pipeline::Matching>,
) -> Result<Vec<Event>, DaemonError> {
    if config.stories.is_empty() {
        return Ok(Vec::new());
    }
    let store = Arc::clone(store);
    let stories = config.stories.clone();
    let seeding = tokio::task::spawn_blocking(move || {
        let mut written = Vec::new();
        crate::replay::seed_stories(&store, &matching, &stories, Utc::now(), |declared, item, outcome| {
            if let crate::pipeline::Outcome::Recorded(events) = outcome {
                tracing::info!(story = %declared.id, item = %item, events = events.len(), "seeded");
                written.extend(events.iter().cloned());
            }
        })
        .map(|()| written)
    });
    match seeding.await {
        Ok(Ok(written)) => Ok(written),
        Ok(Err(crate::replay::ReplayError::Store(e))) => Err(DaemonError::Store(e)),
        Ok(Err(e)) => Err(DaemonError::Seed(e)),
        Err(e) => std::panic::resume_unwind(e.into_panic()),
    }
}

/// Moves the store's durable mark forward every [`FLUSH_EVERY`], on a task of its own so
/// that an fsync never holds up the scheduling loop; reports a failure and stops.
async fn flush_periodically(
    store: Arc<Store>,
    failed: tokio::sync::mpsc::Sender<StoreError>,
    stop: Arc<Notify>,
) {
    let mut every = tokio::time::interval(FLUSH_EVERY);
    every.tick().await; // the first tick is immediate
    loop {
        tokio::select! {
            _ = every.tick() => {}
            () = stop.notified() => return,
        }
        let store = Arc::clone(&store);
        match tokio::task::spawn_blocking(move || store.flush()).await {
            Ok(Ok(_)) => {}
            Ok(Err(e)) => {
                let _ = failed.send(e).await;
                return;
            }
            Err(e) => tracing::error!("flushing the store crashed: {e}"),
        }
    }
}

/// The loop's state that finished tasks update.
struct Bookkeeping<'a> {
    poller: &'a Poller,
    feeds: &'a [FeedConfig],
    due: &'a mut BinaryHeap<Reverse<(DateTime<Utc>, usize)>>,
    polling: &'a mut HashMap<tokio::task::Id, usize>,
    refetching: &'a mut HashSet<ItemId>,
    summary: &'a mut RunSummary,
}

/// How long a feed whose poll crashed waits: a bug must not become a hot loop.
const AFTER_CRASH: chrono::Duration = chrono::Duration::hours(1);

/// Takes one finished task's result: counts it and reschedules its feed (its events
/// were passed on as they were written).
fn finish(
    done: Result<(tokio::task::Id, Done), tokio::task::JoinError>,
    state: &mut Bookkeeping<'_>,
) -> Result<(), StoreError> {
    match done {
        Ok((id, Done::Feed { index, result })) => {
            state.polling.remove(&id);
            state.summary.polls += 1;
            match result {
                Ok(report) => {
                    if matches!(report.outcome, PollOutcome::Failed { .. }) {
                        state.summary.failed_polls += 1;
                    }
                    let next = report.next_due.unwrap_or_else(|| Utc::now() + AFTER_CRASH);
                    state.due.push(Reverse((next, index)));
                }
                Err(PollError::Store(e)) => return Err(e),
            }
        }
        Ok((_, Done::Refetch { item, result })) => {
            state.summary.refetches += 1;
            state.refetching.remove(&item);
            if let Err(PollError::Store(e)) = result {
                return Err(e);
            }
        }
        Err(e) => {
            if let Some(index) = state.polling.remove(&e.id()) {
                if !e.is_panic() {
                    // Cancelled at shutdown: redone at the next start.
                    return Ok(());
                }
                // A bug: recorded as the feed's failure, so that it backs off, shows in
                // `feeds list` and can break, instead of failing silently every hour.
                let feed = &state.feeds[index];
                tracing::error!(feed = %feed.url, "a poll crashed (a bug; please report it): {e}");
                let error = format!("storywatch crashed polling this feed: {e}");
                let report = match state.poller.record_crash(feed, error, Utc::now()) {
                    Ok(report) => report,
                    Err(PollError::Store(e)) => return Err(e),
                };
                state.summary.failed_polls += 1;
                let next = report.next_due.unwrap_or_else(|| Utc::now() + AFTER_CRASH);
                state.due.push(Reverse((next, index)));
            } else if e.is_panic() {
                // A refetch that crashed stays in `refetching`, so it is not retried
                // before the next start.
                tracing::error!("a refetch crashed (a bug; please report it): {e}");
            }
        }
    }
    Ok(())
}

/// Sends events just written to whoever listens and wakes the webhooks (which read the
/// store from their own cursor).
fn pass_on(written: &[Event], listeners: &broadcast::Sender<Event>, wakes: &[Arc<Notify>]) {
    if written.is_empty() {
        return;
    }
    for event in written {
        // Nobody listening is fine.
        let _ = listeners.send(event.clone());
    }
    for wake in wakes {
        wake.notify_one();
    }
}
