//! Store benchmark: writes versions of many items with their story placement, claims and
//! events (each one `Store::record` transaction, as the daemon does), flushes, then reads
//! the whole change log back.
//!
//!     cargo run --release --example store_bench -- [ITEMS] [VERSIONS_PER_ITEM] [DIR]
//!
//! Defaults: 20,000 items × 5 versions = 100,000 versions, in a temporary directory.
//! Articles are built from the seed corpus's real sentences (about 600 words each), and
//! every version changes two sentences, so sizes are those of real news text.

use chrono::{Duration, TimeZone, Utc};
use std::path::{Path, PathBuf};
use std::time::Instant;
use storywatch::diff::Changes;
use storywatch::model::{Article, BlockKind, ItemId, Paragraph, StoryId};
use storywatch::store::{Arrival, ArrivalSentence, Placement, Store};

/// The daemon's allocator (see `src/main.rs`), so that the figures are the daemon's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Items per story: a busy story collects a few dozen reports.
const ITEMS_PER_STORY: usize = 40;
const SENTENCES_PER_ARTICLE: usize = 30;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let items: usize = args.first().map_or(Ok(20_000), |a| a.parse())?;
    let versions_per_item: u32 = args.get(1).map_or(Ok(5), |a| a.parse())?;
    let temporary = tempfile::tempdir()?;
    let dir = args
        .get(2)
        .map_or_else(|| temporary.path().join("store"), PathBuf::from);

    let sentences = seed_sentences(Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds"))?;
    anyhow::ensure!(
        sentences.len() > SENTENCES_PER_ARTICLE,
        "the seed corpus gave too few sentences"
    );
    let store = Store::open(&dir)?;
    let start_time = Utc.with_ymd_and_hms(2025, 8, 19, 0, 0, 0).unwrap();

    let started = Instant::now();
    let mut versions_written = 0u64;
    let mut events_written = 0u64;
    for version in 1..=versions_per_item {
        for i in 0..items {
            let story_index = i / ITEMS_PER_STORY;
            let story = StoryId(format!("story-{}", story_index + 1));
            let placement = if version > 1 {
                Placement::Stay { story }
            } else if i % ITEMS_PER_STORY == 0 {
                Placement::NewStory {
                    title: format!("Story {story_index}"),
                }
            } else {
                Placement::Join {
                    story,
                    score: 0.4,
                    kind: storywatch::model::ItemKind::Update,
                }
            };
            let article = article(&sentences, i, version);
            let all: Vec<String> = article.paragraphs.iter().map(|p| p.text.clone()).collect();
            // A first version brings all its sentences (three of them new claims); a
            // later one brings the two it changed (one a new claim).
            let (held, changes) = if version == 1 {
                let held = all
                    .iter()
                    .enumerate()
                    .map(|(n, s)| ArrivalSentence::new(s.clone(), n < 3))
                    .collect();
                (held, Changes::default())
            } else {
                let changed: Vec<String> = all[..2].to_vec();
                let previous = self::article(&sentences, i, version - 1);
                let changes = Changes {
                    title: None,
                    added: changed.clone(),
                    removed: previous.paragraphs[..2]
                        .iter()
                        .map(|p| p.text.clone())
                        .collect(),
                };
                (
                    changed
                        .into_iter()
                        .enumerate()
                        .map(|(n, s)| ArrivalSentence::new(s, n == 0))
                        .collect(),
                    changes,
                )
            };
            let arrival = Arrival {
                item: ItemId(format!("https://news.example.org/2025/08/article-{i}")),
                fetched_at: start_time + Duration::seconds(i64::from(version) * 3600 + i as i64),
                based_on: version - 1,
                changes,
                placement,
                sentences: held,
                repeats: Vec::new(),
                withdrawn: Vec::new(),
                article,
            };
            events_written += store.record(&arrival)?.len() as u64;
            versions_written += 1;
        }
    }
    store.flush()?;
    let write_seconds = started.elapsed().as_secs_f64();

    let started = Instant::now();
    let mut events_read = 0u64;
    for event in store.events(1) {
        event?;
        events_read += 1;
    }
    let read_seconds = started.elapsed().as_secs_f64();
    anyhow::ensure!(
        events_read == events_written,
        "read {events_read} of {events_written} events"
    );

    let stats = store.stats()?;
    let on_disk = directory_bytes(&dir)?;
    println!(
        "store benchmark: {items} items × {versions_per_item} versions, {} stories",
        stats.stories
    );
    println!(
        "write: {versions_written} versions with {events_written} events in {write_seconds:.1} s = {:.0} versions/s ({:.0} events/s)",
        versions_written as f64 / write_seconds,
        events_written as f64 / write_seconds
    );
    println!(
        "read:  {events_read} events in {read_seconds:.2} s = {:.0} events/s",
        events_read as f64 / read_seconds
    );
    println!(
        "disk:  {} bytes on disk (sled reports {}) = {:.0} bytes per stored version (article text averages {} bytes)",
        on_disk,
        stats.bytes_on_disk,
        on_disk as f64 / versions_written as f64,
        average_text_bytes(&sentences)
    );
    Ok(())
}

/// An article for item `i`, version `v`: a window of the seeds' sentences, with the
/// first two sentences marked by version so each version differs from the last.
fn article(sentences: &[String], i: usize, version: u32) -> Article {
    let paragraphs = (0..SENTENCES_PER_ARTICLE)
        .map(|n| {
            let base = &sentences[(i * 7 + n) % sentences.len()];
            let text = if n < 2 {
                format!("{base} (Updated {version}, item {i}.)")
            } else {
                base.clone()
            };
            Paragraph {
                kind: BlockKind::Paragraph,
                text,
            }
        })
        .collect();
    Article {
        title: Some(format!("Report {i}")),
        published: None,
        paragraphs,
        ..Article::default()
    }
}

fn average_text_bytes(sentences: &[String]) -> usize {
    let total: usize = sentences.iter().map(String::len).sum();
    total / sentences.len() * SENTENCES_PER_ARTICLE
}

fn seed_sentences(dir: PathBuf) -> anyhow::Result<Vec<String>> {
    let mut sentences = Vec::new();
    for path in storywatch::replay::corpus_files(&dir)? {
        let text = std::fs::read_to_string(&path)?;
        sentences.extend(
            text.lines()
                .flat_map(storywatch::matcher::sentences::split_sentences)
                .filter(|s| s.split_whitespace().count() >= 8),
        );
    }
    Ok(sentences)
}

fn directory_bytes(dir: &Path) -> std::io::Result<u64> {
    let mut total = 0;
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let meta = entry.metadata()?;
        total += if meta.is_dir() {
            directory_bytes(&entry.path())?
        } else {
            // Allocated blocks, not the apparent length: sled's files can be sparse.
            std::os::unix::fs::MetadataExt::blocks(&meta) * 512
        };
    }
    Ok(total)
}
