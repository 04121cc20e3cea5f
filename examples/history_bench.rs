//! Months of history: builds a store of 1,000,000 change-log events over 5,000 stories
//! (each `Store::record` transaction as the daemon writes it, stories interleaved as
//! news arrives), then measures what a reader waits for on it, through the real HTTP API
//! on 127.0.0.1: a story's page and `/api/stories/{id}` (p50 and p99 over random
//! stories), a page of `/api/events`, the story list, and the daemon's start. Beside the
//! story's timeline read through the index, the same timeline built by reading the whole
//! log (how every request was served before the index). Peak RSS at the end.
//!
//! The store is written by two processes, as a daemon's runs would: the first writes 90%
//! of the events and stops cleanly, the second the rest and is killed (SIGKILL) while it
//! is still writing. After each, the store is opened as the daemon does at start: sled
//! replays everything written since the store was last opened. Then the matcher's index
//! of every story is read, as the daemon does at start while it already serves and polls.
//!
//!     cargo run --release --example history_bench -- [EVENTS] [STORIES] [DIR]

use chrono::{Duration, TimeZone, Utc};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;
use storywatch::diff::Changes;
use storywatch::model::{Article, BlockKind, ItemId, ItemKind, Paragraph, StoryId};
use storywatch::store::{Arrival, ArrivalSentence, NewClaim, Placement, Store};

/// The daemon's allocator (see `src/main.rs`), so that the figures are the daemon's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Each item logs its arrival and this many claims.
const CLAIMS_PER_ITEM: usize = 4;
/// Requests timed per endpoint.
const SAMPLES: usize = 200;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--write") {
        return write(&args[1..]);
    }
    let events: usize = args.first().map_or(Ok(1_000_000), |a| a.parse())?;
    let stories: usize = args.get(1).map_or(Ok(5_000), |a| a.parse())?;
    let temporary = tempfile::tempdir()?;
    let dir = args
        .get(2)
        .map_or_else(|| temporary.path().join("store"), PathBuf::from);

    let items = events / (1 + CLAIMS_PER_ITEM);
    let first_run = items * 9 / 10;
    let built = Instant::now();
    let writer_rss = run_writer(&dir, 0, first_run, stories, false)?;
    let built = built.elapsed();
    let first_open = Instant::now();
    let store = Store::open(&dir)?;
    let first_open = first_open.elapsed();
    let after_first = store.last_seq()?;
    drop(store);
    println!(
        "store: {after_first} events, {stories} stories, written in {:.0} s by a process that then stopped (peak RSS {} MB)",
        built.as_secs_f64(),
        writer_rss / 1024
    );
    println!(
        "daemon start after a clean stop, {after_first} events written since the store was last opened: store open {:.2} s",
        first_open.as_secs_f64()
    );
    run_writer(&dir, first_run, items, stories, true)?;
    let killed_open = Instant::now();
    let store = Store::open(&dir)?;
    let killed_open = killed_open.elapsed();
    let logged = store.last_seq()?;
    drop(store);
    println!(
        "daemon start after a SIGKILL mid-write, {} events written since the store was last opened: store open {:.2} s ({logged} events survive)",
        logged - after_first,
        killed_open.as_secs_f64()
    );
    let opened = Instant::now();
    let store = Arc::new(Store::open(&dir)?);
    let opened = opened.elapsed();
    println!(
        "store open with nothing written since the last open: {:.2} s",
        opened.as_secs_f64()
    );
    // What the daemon reads for the matcher at start, while it already serves and polls
    // (an item arriving meanwhile waits for it).
    let matching = storywatch::pipeline::Matching::new(Default::default());
    let loaded = Instant::now();
    matching.load(&store, &|| false)?;
    println!(
        "the matcher's index of the {stories} stories, read at start while the daemon serves: {:.2} s (daemon start to matching its first item: {:.2} s after a SIGKILL, {:.2} s after a clean stop)",
        loaded.elapsed().as_secs_f64(),
        (killed_open + loaded.elapsed()).as_secs_f64(),
        (first_open + loaded.elapsed()).as_secs_f64()
    );
    drop(matching);

    // The timeline of one story: through the index, and by reading the whole log.
    let story = StoryId(format!("story-{}", stories / 2));
    let indexed = time(5, || {
        let events = store
            .story_events(&story, 1)
            .collect::<Result<Vec<_>, _>>()?;
        storywatch::timeline::story_timeline(&story, events).expect("the story exists");
        Ok(())
    })?;
    let scanned = time(3, || {
        let events = store.events(1).collect::<Result<Vec<_>, _>>()?;
        storywatch::timeline::story_timeline(&story, events).expect("the story exists");
        Ok(())
    })?;
    println!(
        "one story's timeline: through the index {:.1} ms; reading the whole log {:.0} ms",
        indexed * 1e3,
        scanned * 1e3
    );

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(serve_and_measure(Arc::clone(&store), stories, logged))?;
    println!("peak RSS: {} MB", peak_rss_kb() / 1024);
    Ok(())
}

/// Writes items `from..to` into the store at `dir` in a child process (this example run
/// with `--write`) and waits for it to stop; with `kill`, kills it (SIGKILL) once those
/// items are flushed, while it goes on writing. Returns the child's peak RSS in kB (0
/// when killed).
fn run_writer(
    dir: &std::path::Path,
    from: usize,
    to: usize,
    stories: usize,
    kill: bool,
) -> anyhow::Result<u64> {
    use std::io::BufRead;
    let mut child = std::process::Command::new(std::env::current_exe()?)
        .arg("--write")
        .arg(dir)
        .args([from, to, stories].map(|n| n.to_string()))
        .arg(if kill { "kill" } else { "stop" })
        .stdout(std::process::Stdio::piped())
        .spawn()?;
    let mut lines = std::io::BufReader::new(child.stdout.take().expect("piped")).lines();
    let said = lines.next().transpose()?.unwrap_or_default();
    if kill {
        anyhow::ensure!(said == "flushed", "the writer said {said:?}");
        std::thread::sleep(std::time::Duration::from_millis(300)); // mid-write
        child.kill()?;
        child.wait()?;
        return Ok(0);
    }
    anyhow::ensure!(child.wait()?.success(), "the writer failed");
    Ok(said.trim().parse().unwrap_or(0))
}

/// The writer process: `DIR FROM TO STORIES stop|kill`.
fn write(args: &[String]) -> anyhow::Result<()> {
    let dir = PathBuf::from(&args[0]);
    let [from, to, stories]: [usize; 3] = [1, 2, 3].map(|i| args[i].parse().unwrap_or(0));
    let store = Store::open(&dir)?;
    let start = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap();
    let record = |i: usize| {
        let n = i % stories;
        let placement = if i < stories {
            Placement::NewStory {
                title: format!("Story {n}"),
            }
        } else {
            Placement::Join {
                story: StoryId(format!("story-{}", n + 1)),
                score: 0.6,
                kind: ItemKind::Update,
            }
        };
        store.record(&arrival(
            i,
            n,
            placement,
            start + Duration::minutes(i as i64),
        ))
    };
    for i in from..to {
        record(i)?;
    }
    store.flush()?;
    if args[4] == "kill" {
        println!("flushed");
        // Goes on writing until killed.
        for i in to.. {
            record(i)?;
        }
    }
    drop(store);
    println!("{}", peak_rss_kb());
    Ok(())
}

/// One item of story `n`: its arrival and its claims.
fn arrival(i: usize, n: usize, placement: Placement, at: chrono::DateTime<Utc>) -> Arrival {
    let sentences: Vec<ArrivalSentence> = (0..CLAIMS_PER_ITEM)
        .map(|k| ArrivalSentence {
            text: format!("Officials in town {n} said on day {i} that {k} more people were hurt in the incident."),
            claim: Some(NewClaim::default()),
        })
        .collect();
    let text: Vec<&str> = sentences.iter().map(|s| s.text.as_str()).collect();
    Arrival {
        item: ItemId(format!("https://news{}.example/{n}/{i}", i % 50)),
        fetched_at: at,
        article: Article {
            title: Some(format!("Report {i} of story {n}")),
            paragraphs: vec![Paragraph {
                kind: BlockKind::Paragraph,
                text: text.join(" "),
            }],
            ..Article::default()
        },
        based_on: 0,
        changes: Changes::default(),
        placement,
        sentences,
        repeats: Vec::new(),
        withdrawn: Vec::new(),
    }
}

async fn serve_and_measure(store: Arc<Store>, stories: usize, logged: u64) -> anyhow::Result<()> {
    let (events, _keep) = tokio::sync::broadcast::channel(16);
    let (_closing, closing) = tokio::sync::watch::channel(false);
    let state = storywatch::api::ApiState {
        store,
        events,
        closing,
        metrics: Arc::new(storywatch::metrics::Metrics::default()),
        token: None,
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let api = format!("http://{}", listener.local_addr()?);
    tokio::spawn(storywatch::api::serve(
        listener,
        state,
        std::future::pending(),
    ));
    let client = reqwest::Client::new();
    // A fixed sequence of stories, spread over the list.
    let picks: Vec<usize> = (0..SAMPLES).map(|k| 1 + (k * 7919) % stories).collect();
    for (name, path) in [
        ("story page", "/stories/story-{}"),
        ("/api/stories/{id}", "/api/stories/story-{}"),
    ] {
        let mut times = Vec::new();
        for &n in &picks {
            let url = format!("{api}{}", path.replace("{}", &n.to_string()));
            times.push(get_ms(&client, &url).await?);
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{name}: p50 {:.1} ms, p99 {:.1} ms ({SAMPLES} stories)",
            times[times.len() / 2],
            times[times.len() * 99 / 100]
        );
    }
    for (name, url) in [
        (
            "/api/events, a page of 1,000 from the middle",
            format!("{api}/api/events?since={}", logged / 2),
        ),
        ("story list (/api/stories)", format!("{api}/api/stories")),
    ] {
        println!("{name}: {:.0} ms", get_ms(&client, &url).await?);
    }
    Ok(())
}

/// The milliseconds a GET of `url` takes, its whole body read.
async fn get_ms(client: &reqwest::Client, url: &str) -> anyhow::Result<f64> {
    let started = Instant::now();
    let response = client.get(url).send().await?;
    anyhow::ensure!(
        response.status().is_success(),
        "{url}: {}",
        response.status()
    );
    response.bytes().await?;
    Ok(started.elapsed().as_secs_f64() * 1e3)
}

/// The mean seconds of `runs` runs of `work`.
fn time(runs: usize, mut work: impl FnMut() -> anyhow::Result<()>) -> anyhow::Result<f64> {
    let started = Instant::now();
    for _ in 0..runs {
        work()?;
    }
    Ok(started.elapsed().as_secs_f64() / runs as f64)
}

/// The process's peak resident set (VmHWM), in kB; 0 where /proc is not there.
fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status.lines().find_map(|l| {
                l.strip_prefix("VmHWM:")
                    .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            })
        })
        .unwrap_or(0)
}
