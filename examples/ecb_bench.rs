//! Story-linking quality on the ECB+ development stream: replays the stream through
//! `replay_jsonl` into a temporary store, reads the clusters off the change log and scores
//! them with the benchmark's own `score.py`.
//!
//!     cargo run --release --example ecb_bench -- [BENCH_DIR] [LINK_THRESHOLD] [PRED_OUT]
//!
//! PRED_OUT, when given, keeps the predicted `{id, cluster}` lines there. The environment
//! variable QUIET_AFTER_DAYS overrides the matcher's quiet window.
//! LINK_THRESHOLD defaults to the matcher's own (`MatchParams::default()`). BENCH_DIR defaults to `../shared/bench/ecbplus-dev` (it holds `stream.jsonl`,
//! `gold.jsonl` and `score.py`). Each item's cluster is the story it founded
//! (`story_created`) or joined (`item_linked`); an `item_unmatched` item is a singleton.

use anyhow::Context;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;
use storywatch::matcher::MatchParams;
use storywatch::model::EventBody;
use storywatch::replay::{self, ReplayError};
use storywatch::store::Store;

/// The daemon's allocator (see `src/main.rs`), so that the figures are the daemon's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> anyhow::Result<()> {
    let bench = std::env::args().nth(1).map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/ecbplus-dev"),
        PathBuf::from,
    );
    let mut params = MatchParams::default();
    if let Some(t) = std::env::args().nth(2) {
        params.link_threshold = t.parse().context("LINK_THRESHOLD is a number")?;
    }
    if let Some(days) = std::env::var_os("QUIET_AFTER_DAYS") {
        let days = days.to_string_lossy();
        params.quiet_after_days = days.parse().context("QUIET_AFTER_DAYS is a number")?;
    }
    let matching = replay::Matching::new(params);
    let stream = bench.join("stream.jsonl");
    let tmp = tempfile::tempdir()?;
    let store = Store::open(&tmp.path().join("store"))?;
    let input = std::io::BufReader::new(
        std::fs::File::open(&stream)
            .with_context(|| format!("cannot open {}", stream.display()))?,
    );

    let started = Instant::now();
    let mut items = 0usize;
    let mut bad = 0usize;
    replay::replay_jsonl(
        input,
        &store,
        &matching,
        chrono::Utc::now,
        |_, _, outcome: &Result<_, ReplayError>| match outcome {
            Ok(_) => items += 1,
            Err(e) => {
                bad += 1;
                eprintln!("{e}");
            }
        },
    )?;
    let elapsed = started.elapsed().as_secs_f64();

    let mut cluster: BTreeMap<String, String> = BTreeMap::new();
    for event in store.events(1) {
        match event?.body {
            EventBody::StoryCreated { story, item, .. }
            | EventBody::ItemLinked { story, item, .. } => {
                cluster.insert(item.0, story.0);
            }
            EventBody::ItemUnmatched { item, .. } => {
                let own = format!("single:{}", item.0);
                cluster.insert(item.0, own);
            }
            _ => {}
        }
    }
    let stories = cluster
        .values()
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    let pred = std::env::args()
        .nth(3)
        .map_or_else(|| tmp.path().join("pred.jsonl"), PathBuf::from);
    let mut out = std::io::BufWriter::new(std::fs::File::create(&pred)?);
    for (id, story) in &cluster {
        serde_json::to_writer(&mut out, &serde_json::json!({"id": id, "cluster": story}))?;
        writeln!(out)?;
    }
    out.flush()?;
    drop(out);

    println!(
        "{items} items ({bad} bad lines) in {elapsed:.2} s: {:.1} items/s; {stories} predicted clusters",
        items as f64 / elapsed
    );
    let status = std::process::Command::new("python3")
        .arg(bench.join("score.py"))
        .arg(bench.join("gold.jsonl"))
        .arg(&pred)
        .status()
        .context("cannot run python3 score.py")?;
    anyhow::ensure!(status.success(), "score.py failed: {status}");
    Ok(())
}
