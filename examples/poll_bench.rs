//! Poll benchmark: the real daemon against 10,000 feeds served by a local server.
//!
//!     cargo run --release --example poll_bench -- [FEEDS]
//!
//! The server runs as a child process (this example started with `--serve`), so the
//! CPU time and peak memory reported are the daemon's alone. Three cycles, each started
//! with every feed due and ended when every feed has been polled:
//! 1. warm-up: every feed answers 200 with 20 entries and an ETag;
//! 2. mixed: even feeds answer 304, odd feeds 200 with 20 fresh entries;
//! 3. all 304: the cost of a poll that finds nothing new.
//!
//! Entries carry no article link, so the figures are the polling path (fetch, 304 or
//! parse, new-entry detection, state write), not article extraction and matching,
//! which have benchmarks of their own (`examples/aeb.rs`, the matcher's).

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;
use storywatch::config::{Config, FeedConfig};
use storywatch::store::Store;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The daemon's allocator (see `src/main.rs`), so that the figures are the daemon's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const ENTRIES: usize = 20;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--serve") {
        let feeds: usize = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(10_000);
        return serve(feeds);
    }
    let feeds: usize = args.first().and_then(|n| n.parse().ok()).unwrap_or(10_000);

    let mut server = Command::new(std::env::current_exe()?)
        .args(["--serve", &feeds.to_string()])
        .stdout(Stdio::piped())
        .spawn()?;
    let mut lines = BufReader::new(server.stdout.take().expect("piped")).lines();
    let port: u16 = lines.next().expect("the server prints its port")?.parse()?;
    // The server prints the number of feed requests answered at each multiple of FEEDS.
    let (cycle_tx, cycle_rx) = std::sync::mpsc::channel::<u64>();
    std::thread::spawn(move || {
        for line in lines.map_while(Result::ok) {
            if let Ok(n) = line.parse() {
                let _ = cycle_tx.send(n);
            }
        }
    });
    let cycle_rx = Arc::new(std::sync::Mutex::new(cycle_rx));

    let dir = tempfile::tempdir()?;
    let mut config = Config::parse(
        "[api]\nenabled = false\n[http]\nallow_networks = [\"127.0.0.1/32\"]\n[poller]\nconcurrency = 256\nper_host = 256\nmin_interval = \"1s\"\njitter = 0.0\n",
    )
    .map_err(anyhow::Error::msg)?;
    config.feeds = (0..feeds)
        .map(|n| FeedConfig {
            url: format!("http://127.0.0.1:{port}/f/{n}"),
            name: None,
            interval: Some(std::time::Duration::from_secs(3600)),
        })
        .collect();
    let store = Arc::new(Store::open(&dir.path().join("store"))?);
    let runtime = storywatch::daemon::runtime()?;

    println!("{feeds} feeds on 127.0.0.1, concurrency 256");
    println!("cycle              wall s   CPU s   CPU ms/poll   polls/s");
    for name in ["warm-up (200)", "mixed 304/200", "all 304"] {
        // Every feed due now (the interval is an hour, so none comes due twice).
        for mut feed in store.feeds()? {
            feed.next_due = None;
            store.put_feed(&feed)?;
        }
        let cpu_before = cpu_seconds();
        let started = Instant::now();
        let cycle_rx = Arc::clone(&cycle_rx);
        let done = async move {
            let _ = tokio::task::spawn_blocking(move || cycle_rx.lock().unwrap().recv()).await;
        };
        let (events, _) = tokio::sync::broadcast::channel(16);
        let summary = runtime.block_on(storywatch::daemon::run(
            &config,
            Arc::clone(&store),
            done,
            events,
        ))?;
        let wall = started.elapsed().as_secs_f64();
        let cpu = cpu_seconds() - cpu_before;
        println!(
            "{name:<16} {wall:>8.2} {cpu:>7.2} {:>13.3} {:>9.0}   ({} polls, {} failed)",
            cpu * 1000.0 / summary.polls.max(1) as f64,
            summary.polls as f64 / wall,
            summary.polls,
            summary.failed_polls
        );
    }
    println!("peak RSS: {:.1} MiB", peak_rss_kib() as f64 / 1024.0);
    let stats = store.stats()?;
    println!(
        "store: {} feeds, {:.1} MiB on disk",
        stats.feeds,
        stats.bytes_on_disk as f64 / 1_048_576.0
    );
    let _ = server.kill();
    Ok(())
}

/// User + system CPU seconds of this process so far.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which is in parentheses and may hold spaces).
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are fields 14 and 15 of stat, 12 and 13 after the name.
    (ticks(11) + ticks(12)) / 100.0
}

fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// The feed server: `/f/N` answers by how often feed N was asked for.
fn serve(feeds: usize) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        println!("{}", listener.local_addr()?.port());
        std::io::stdout().flush()?;
        let asked: Arc<Vec<AtomicU32>> = Arc::new((0..feeds).map(|_| AtomicU32::new(0)).collect());
        let answered = Arc::new(AtomicU64::new(0));
        loop {
            let (mut stream, _) = listener.accept().await?;
            let asked = Arc::clone(&asked);
            let answered = Arc::clone(&answered);
            tokio::spawn(async move {
                // Keep-alive: a connection answers requests until the client closes it.
                let mut buf = vec![0u8; 4096];
                let mut pending: Vec<u8> = Vec::new();
                loop {
                    let end = loop {
                        if let Some(at) = pending.windows(4).position(|w| w == b"\r\n\r\n") {
                            break at + 4;
                        }
                        match stream.read(&mut buf).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => pending.extend_from_slice(&buf[..n]),
                        }
                    };
                    let head: Vec<u8> = pending.drain(..end).collect();
                    let text = String::from_utf8_lossy(&head);
                    let n: usize = text
                        .split_whitespace()
                        .nth(1)
                        .and_then(|p| p.strip_prefix("/f/"))
                        .and_then(|n| n.parse().ok())
                        .unwrap_or(0)
                        .min(asked.len() - 1);
                    let time = asked[n].fetch_add(1, Ordering::SeqCst) + 1;
                    let not_modified = time == 3 || (time == 2 && n.is_multiple_of(2));
                    let response = if not_modified {
                        "HTTP/1.1 304 Not Modified\r\nContent-Length: 0\r\n\r\n".to_string()
                    } else {
                        let body = feed_body(n, time);
                        format!(
                            "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nETag: \"{n}-{time}\"\r\nContent-Length: {}\r\n\r\n{body}",
                            body.len()
                        )
                    };
                    if stream.write_all(response.as_bytes()).await.is_err() {
                        return;
                    }
                    let total = answered.fetch_add(1, Ordering::SeqCst) + 1;
                    if total.is_multiple_of(asked.len() as u64) {
                        println!("{total}");
                        let _ = std::io::stdout().flush();
                    }
                }
            });
        }
        #[allow(unreachable_code)]
        Ok::<(), anyhow::Error>(())
    })
}

/// A feed of 20 entries, fresh at every 200 (new guids each time).
fn feed_body(n: usize, time: u32) -> String {
    let mut items = String::new();
    for e in 0..ENTRIES {
        items.push_str(&format!(
            "<item><guid isPermaLink=\"false\">f{n}-t{time}-e{e}</guid><title>Report {e} of feed {n}, poll {time}</title><pubDate>Thu, 28 Aug 2025 {:02}:{:02}:00 GMT</pubDate><description>Officials said on Thursday that talks on security guarantees would continue next week in Brussels.</description></item>",
            (e / 60) % 24,
            e % 60
        ));
    }
    format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Feed {n}</title><link>http://example.org/{n}</link><description>bench</description>{items}</channel></rss>")
}
