//! The AEB article-extraction benchmark: extracts every page on one thread, scores the
//! predictions with the benchmark's reference scorer, and prints precision, recall, F1
//! and pages per second.
//!
//! ```text
//! cargo run --release --example aeb -- ../shared/bench/aeb [--keep DIR]
//! ```
//!
//! Timing covers `extract` (decoding, parsing, metadata and body), not reading or
//! decompressing the files. The page's URL from the ground truth is passed as the item
//! id, as the poller will. `--keep DIR` keeps the predictions (`DIR/<id>.txt`) for
//! `python3 score.py DIR --per-page`.

use anyhow::{bail, Context, Result};
use chrono::Utc;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use storywatch::extract::extract;
use storywatch::model::{ItemId, RawDocument};

/// The daemon's allocator (see `src/main.rs`), so that the figures are the daemon's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let mut aeb = PathBuf::from("../shared/bench/aeb");
    let mut keep: Option<PathBuf> = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--keep" => keep = Some(args.next().context("--keep needs a directory")?.into()),
            _ => aeb = arg.into(),
        }
    }
    let truth_path = aeb.join("ground-truth.json");
    let truth: serde_json::Map<String, serde_json::Value> = serde_json::from_slice(
        &std::fs::read(&truth_path)
            .with_context(|| format!("cannot read {}", truth_path.display()))?,
    )
    .with_context(|| format!("{} is not the AEB ground truth", truth_path.display()))?;

    let temp = tempfile::tempdir()?;
    let pred_dir = match &keep {
        Some(dir) => {
            std::fs::create_dir_all(dir)?;
            dir.clone()
        }
        None => temp.path().to_path_buf(),
    };

    let mut elapsed = Duration::ZERO;
    let mut empty = 0usize;
    for (id, entry) in &truth {
        let bytes = read_gz(&aeb.join("html").join(format!("{id}.html.gz")))?;
        let url = entry["url"].as_str().unwrap_or("").to_string();
        let doc = RawDocument {
            item: ItemId(url),
            bytes,
            content_type: Some("text/html".into()),
            fetched_at: Utc::now(),
        };
        let start = Instant::now();
        let result = extract(&doc);
        elapsed += start.elapsed();
        let text = match result {
            Ok(article) => article.text(),
            Err(_) => {
                empty += 1;
                String::new()
            }
        };
        std::fs::write(pred_dir.join(format!("{id}.txt")), text)?;
    }
    let pages = truth.len();
    let pages_per_second = pages as f64 / elapsed.as_secs_f64();

    let scorer = aeb.join("score.py");
    let out = std::process::Command::new("python3")
        .arg(&scorer)
        .arg(&aeb)
        .arg(&pred_dir)
        .output()
        .with_context(|| format!("cannot run python3 {}", scorer.display()))?;
    if !out.status.success() {
        bail!(
            "{} failed: {}",
            scorer.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let summary = String::from_utf8_lossy(&out.stdout);
    let figure = |name: &str| -> Option<f64> {
        let mut words = summary.split_whitespace();
        words.find(|w| *w == name)?;
        words.next()?.parse().ok()
    };
    let (Some(p), Some(r), Some(f1)) = (figure("precision"), figure("recall"), figure("F1")) else {
        bail!("unexpected output from score.py: {summary}");
    };
    println!(
        "pages {pages}  no article {empty}  extraction {:.2} s",
        elapsed.as_secs_f64()
    );
    println!(
        "storywatch  precision {p:.4}  recall {r:.4}  F1 {f1:.4}  {pages_per_second:.0} pages/s (one thread)"
    );
    Ok(())
}

fn read_gz(path: &Path) -> Result<Vec<u8>> {
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(file)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot decompress {}", path.display()))?;
    Ok(bytes)
}
