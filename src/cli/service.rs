//! `storywatch run` (the daemon) and `storywatch feeds` (the feed list).

use anyhow::{Context, Result};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use storywatch::config::{Config, FeedConfig};
use storywatch::daemon;
use storywatch::model::FeedState;
use storywatch::store::Store;
use tokio::sync::broadcast;

/// Runs the daemon until SIGTERM or SIGINT.
pub fn run_command(config: &Config, store: Option<&Path>) -> Result<ExitCode> {
    if config.feeds.is_empty() {
        anyhow::bail!(
            "no feeds to watch: add [[feed]] entries to the config (see config/storywatch.toml), or import a feed list with `storywatch feeds import FILE.opml --config PATH`"
        );
    }
    let path = config.store_path(store)?;
    let store = Arc::new(Store::open(&path)?);
    let logged_before = store.last_seq()?;
    let runtime = storywatch::daemon::runtime().context("cannot start the async runtime")?;
    let (events, _) = broadcast::channel(1024);
    let result = runtime.block_on(async {
        let stop = stop_signal().context("cannot listen for SIGTERM and SIGINT")?;
        daemon::run(config, Arc::clone(&store), stop, events)
            .await
            .map_err(anyhow::Error::from)
    });
    // Dropping the runtime waits for store writes still running on its blocking threads;
    // then the store is flushed once more so they are durable too, and the closing line
    // counts what the store holds.
    drop(runtime);
    let flushed = store
        .flush()
        .with_context(|| format!("cannot flush {}", path.display()));
    // The daemon's own failure first: a flush that fails after it is its consequence.
    let summary = result?;
    let last = flushed?;
    tracing::info!(
        polls = summary.polls,
        failed = summary.failed_polls,
        refetches = summary.refetches,
        events = last.saturating_sub(logged_before),
        webhook_deliveries = summary.webhook_deliveries,
        webhook_failures = summary.webhook_failures,
        last_event = last,
        "stopped; store flushed"
    );
    Ok(ExitCode::SUCCESS)
}

/// Completes on the first SIGTERM or SIGINT.
fn stop_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut terminate = signal(SignalKind::terminate())?;
    let mut interrupt = signal(SignalKind::interrupt())?;
    Ok(async move {
        tokio::select! {
            _ = terminate.recv() => tracing::info!("SIGTERM received"),
            _ = interrupt.recv() => tracing::info!("SIGINT received"),
        }
    })
}

/// Lists every configured feed, in the config's order, with what the store knows of it
/// (a feed whose first poll has not finished shows as `pending`), then the feeds the
/// store knows that the config no longer names.
pub fn feeds_list(store: &Store, configured: &[FeedConfig], json: bool) -> Result<ExitCode> {
    let mut stored: Vec<FeedState> = store.feeds()?;
    let mut feeds: Vec<FeedState> = configured
        .iter()
        .map(|c| match stored.iter().position(|s| s.url == c.url) {
            Some(i) => stored.remove(i),
            None => FeedState::new(&c.url),
        })
        .collect();
    feeds.append(&mut stored);
    let mut out = std::io::stdout().lock();
    for feed in feeds {
        let written = if json {
            serde_json::to_writer(&mut out, &feed)
                .map_err(std::io::Error::from)
                .and_then(|()| writeln!(out))
        } else {
            let health = if feed.broken {
                "BROKEN"
            } else if feed.consecutive_failures > 0 {
                "failing"
            } else if feed.last_polled.is_none() {
                "pending"
            } else {
                "ok"
            };
            let when = |t: Option<chrono::DateTime<chrono::Utc>>| {
                t.map_or_else(
                    || "-".to_string(),
                    |t| t.format("%Y-%m-%d %H:%M").to_string(),
                )
            };
            let mut line = format!(
                "{health:<7} {}  polled {}  next {}",
                storywatch::report::printable(&feed.url),
                when(feed.last_polled),
                when(feed.next_due)
            );
            if let Some(to) = &feed.moved_to {
                line.push_str(&format!("  moved to {}", storywatch::report::printable(to)));
            }
            if let Some(error) = &feed.last_error {
                line.push_str(&format!(
                    "  {} failure(s), last: {}",
                    feed.consecutive_failures,
                    storywatch::report::printable(error)
                ));
            }
            writeln!(out, "{line}")
        };
        if let Err(e) = written {
            return super::ignore_broken_pipe(Err(e)).map(|()| ExitCode::SUCCESS);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes `text` to a temporary file beside `path`, then renames it over `path`: a
/// crash leaves the old file or the new one, never half of one. A symlinked config is
/// replaced where it points, and keeps its permissions.
fn replace_file(path: &Path, text: &str) -> std::io::Result<()> {
    let target = std::fs::canonicalize(path)?;
    let mut temporary = target.as_os_str().to_owned();
    temporary.push(format!(".import-{}", std::process::id()));
    let temporary = std::path::PathBuf::from(temporary);
    let written = (|| {
        let mut file = std::fs::File::create(&temporary)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        std::fs::set_permissions(&temporary, std::fs::metadata(&target)?.permissions())?;
        std::fs::rename(&temporary, &target)?;
        // The rename is durable once the directory is.
        if let Some(dir) = target.parent() {
            std::fs::File::open(dir)?.sync_all()?;
        }
        Ok(())
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

/// Reads an OPML feed list; with a config file, appends the feeds it does not list yet,
/// else prints them as `[[feed]]` entries.
pub fn feeds_import(opml: &Path, config_path: Option<&Path>) -> Result<ExitCode> {
    let text = std::fs::read(opml).with_context(|| format!("cannot read {}", opml.display()))?;
    let outlines = storywatch::opml::feeds(&text)
        .with_context(|| format!("{} is not an OPML feed list", opml.display()))?;
    let known: Vec<String> = match config_path {
        Some(path) => Config::load(path)?
            .feeds
            .into_iter()
            .map(|f| f.url)
            .collect(),
        None => Vec::new(),
    };
    let mut toml = String::new();
    let (mut added, mut skipped) = (0usize, 0usize);
    for feed in &outlines.feeds {
        if known.iter().any(|k| k == &feed.url) {
            skipped += 1;
            continue;
        }
        toml.push_str(&storywatch::opml::as_toml(feed));
        added += 1;
    }
    for problem in &outlines.skipped {
        eprintln!("storywatch: skipped {problem}");
    }
    match config_path {
        Some(path) => {
            if added > 0 {
                let mut text = std::fs::read_to_string(path)
                    .with_context(|| format!("cannot read {}", path.display()))?;
                if !text.is_empty() && !text.ends_with('\n') {
                    text.push('\n');
                }
                text.push_str(&format!(
                    "\n# Imported from {} on {}\n",
                    opml.display(),
                    chrono::Utc::now().format("%Y-%m-%d")
                ));
                text.push_str(&toml);
                // Checked before anything is written, then replaced in one rename: a
                // failed import leaves the config as it was.
                Config::parse(&text).map_err(|e| {
                    anyhow::anyhow!(
                        "the import would make {} invalid ({e}); nothing was written",
                        path.display()
                    )
                })?;
                replace_file(path, &text)
                    .with_context(|| format!("cannot write {}", path.display()))?;
            }
            println!(
                "{added} feed(s) added to {}; {skipped} already listed; {} outline(s) skipped",
                path.display(),
                outlines.skipped.len()
            );
        }
        None => {
            super::ignore_broken_pipe(std::io::stdout().lock().write_all(toml.as_bytes()))?;
            eprintln!(
                "storywatch: {added} feed(s); add them to your config, or run with --config PATH to append them"
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `storywatch log --follow`: prints the log, then each new event as it is written,
/// until interrupted. While a daemon holds the store, events come through its API (its
/// server-sent-events stream); while none does, the store is read directly, and released
/// between reads so that a daemon can start, after which the stream takes over. `token`
/// is the API's (`[api] token` of the same config).
pub fn follow_log(
    store_path: &Path,
    filter: &storywatch::timeline::EventFilter,
    first: u64,
    json: bool,
    token: Option<&str>,
) -> Result<ExitCode> {
    use storywatch::store::StoreError;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let mut next = first;
    loop {
        match Store::open_existing(store_path) {
            Ok(store) => {
                for event in store.events(next) {
                    let event = event?;
                    next = event.seq + 1;
                    if filter.matches(&event) && !print_event(&event, json)? {
                        return Ok(ExitCode::SUCCESS);
                    }
                }
                drop(store);
                // Nothing writes while no daemon runs; look again in a second.
                std::thread::sleep(std::time::Duration::from_secs(1));
            }
            Err(StoreError::Locked { .. }) => {
                let Some(api) = Store::api_address(store_path) else {
                    anyhow::bail!(
                        "{} is held by another process that serves no API ([api] enabled = false?); stop it to read the log",
                        store_path.display()
                    );
                };
                match runtime.block_on(stream_events(&api, token, filter, next, json))? {
                    Streamed::Until(seq) => next = seq,
                    Streamed::ReaderGone => return Ok(ExitCode::SUCCESS),
                }
            }
            Err(e) => return Err(e.into()),
        }
    }
}

enum Streamed {
    /// The daemon went away; the events before this sequence number were printed.
    Until(u64),
    /// Whoever reads our output stopped (a closed pipe).
    ReaderGone,
}

/// Prints events from the daemon's stream until it ends.
async fn stream_events(
    api: &str,
    token: Option<&str>,
    filter: &storywatch::timeline::EventFilter,
    mut next: u64,
    json: bool,
) -> Result<Streamed> {
    let mut url = url::Url::parse(&format!("{api}/api/events/stream"))
        .with_context(|| format!("the daemon's API address {api} is not a URL"))?;
    {
        let mut query = url.query_pairs_mut();
        query.append_pair("since", &next.to_string());
        if let Some(story) = &filter.story {
            query.append_pair("story", &story.0);
        }
        if !filter.kinds.is_empty() {
            query.append_pair("kind", &filter.kinds.join(","));
        }
        if let Some(item) = &filter.item {
            query.append_pair("item", &item.0);
        }
    }
    let mut request = reqwest::Client::new().get(url.as_str());
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let mut response = match request.send().await {
        Ok(response) if response.status().is_success() => response,
        Ok(response) if response.status() == reqwest::StatusCode::UNAUTHORIZED => anyhow::bail!(
            "the daemon's API wants a token: run log --follow with the daemon's config (its [api] token)"
        ),
        Ok(response) => anyhow::bail!("the daemon's API answered HTTP {}", response.status()),
        // The daemon is stopping or gone: back to the store.
        Err(_) => return Ok(Streamed::Until(next)),
    };
    let mut pending = String::new();
    while let Ok(Some(chunk)) = response.chunk().await {
        pending.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = pending.find("\n\n") {
            let message: String = pending.drain(..end + 2).collect();
            let data: String = message
                .lines()
                .filter_map(|l| l.strip_prefix("data:"))
                .map(str::trim)
                .collect();
            if data.is_empty() {
                continue; // a keep-alive
            }
            let event: storywatch::model::Event = serde_json::from_str(&data)
                .with_context(|| format!("the daemon sent an event that does not parse: {data}"))?;
            next = event.seq + 1;
            // The daemon filtered by story, kind and item; time is checked here.
            if filter.matches(&event) && !print_event(&event, json)? {
                return Ok(Streamed::ReaderGone);
            }
        }
    }
    Ok(Streamed::Until(next))
}

/// Prints one event and flushes; `false` when the reader has gone (a closed pipe).
fn print_event(event: &storywatch::model::Event, json: bool) -> Result<bool> {
    let mut out = std::io::stdout().lock();
    let written = if json {
        serde_json::to_writer(&mut out, event)
            .map_err(std::io::Error::from)
            .and_then(|()| writeln!(out))
    } else {
        writeln!(out, "{}", storywatch::report::event_line(event))
    }
    .and_then(|()| out.flush());
    match written {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(false),
        Err(e) => Err(e.into()),
    }
}
