//! Replay: runs saved documents through the pipeline offline, each file as a newly
//! arrived item: read and extract here, then [`crate::pipeline`] (match → store).
//!
//! Entry points: [`replay_dir`] for a corpus directory (files in file-name order) and
//! [`replay_file`] for one item. A file that cannot be read or extracted is reported and
//! skipped; the others still replay. Replaying into a store that already holds a file
//! adds nothing unless the file changed, in which case it becomes a new version.
//!
//! [`seed_stories`] records the seed documents of the stories declared in the config
//! (`[[story]]`): each is read and extracted as a replayed file is, and forced into its
//! story, which the first one founds under the declared id.

use crate::config::StoryConfig;
use crate::extract::{self, ExtractError};
use crate::model::{Article, BlockKind, ItemId, Paragraph, RawDocument, StoryId};
use crate::pipeline::{record_article, record_seed};
use crate::pipeline::{Matching, Outcome};
use crate::store::{Store, StoreError};
use chrono::{DateTime, Utc};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum ReplayError {
    #[error("cannot list corpus directory {path}")]
    Dir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot read {path}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}")]
    Extract { path: PathBuf, source: ExtractError },
    /// A line of a JSON Lines stream that is not an item; the replay goes on without it.
    #[error("line {line}: {message}")]
    Line { line: usize, message: String },
    #[error("cannot read line {line} of the stream")]
    ReadLine { line: usize, source: std::io::Error },
    /// A seed document of a declared story cannot be listed, read or extracted (the
    /// source names the file).
    #[error("story \"{story}\" declared in the config cannot be seeded (fix the file, or the [[story]] entry's seeds or documents)")]
    Seed {
        story: StoryId,
        source: Box<ReplayError>,
    },
    #[error("story \"{story}\" declared in the config has no seed documents: {dir} holds no files (add some, or point seeds at another directory)")]
    NoSeeds { story: StoryId, dir: PathBuf },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl ReplayError {
    /// Errors that stop the whole replay (the store failed), as opposed to one bad file.
    pub fn is_fatal(&self) -> bool {
        matches!(
            self,
            ReplayError::Store(_)
                | ReplayError::Dir { .. }
                | ReplayError::ReadLine { .. }
                | ReplayError::Seed { .. }
                | ReplayError::NoSeeds { .. }
        )
    }
}

/// The files of a corpus directory in file-name order (hidden files and folders skipped).
pub fn corpus_files(dir: &Path) -> Result<Vec<PathBuf>, ReplayError> {
    let dir_err = |source| ReplayError::Dir {
        path: dir.to_path_buf(),
        source,
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(dir_err)? {
        let entry = entry.map_err(dir_err)?;
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if !hidden && entry.file_type().map_err(dir_err)?.is_file() {
            files.push(entry.path());
        }
    }
    files.sort();
    Ok(files)
}

/// Replays every file of `dir`; calls `report` with each file's outcome as it goes.
/// Stops early only when the store fails.
pub fn replay_dir(
    dir: &Path,
    store: &Store,
    matching: &Matching,
    now: impl Fn() -> DateTime<Utc>,
    mut report: impl FnMut(&Path, &Result<Outcome, ReplayError>),
) -> Result<(), ReplayError> {
    for path in corpus_files(dir)? {
        let outcome = replay_file(&path, store, matching, now());
        report(&path, &outcome);
        match outcome {
            Err(e) if e.is_fatal() => return Err(e),
            _ => {}
        }
    }
    store.flush()?;
    Ok(())
}

/// Replays one file as the item `file:<file name>` arriving at `now`.
pub fn replay_file(
    path: &Path,
    store: &Store,
    matching: &Matching,
    now: DateTime<Utc>,
) -> Result<Outcome, ReplayError> {
    let item = ItemId::for_file(&file_name(path));
    let article = read_article(path, &item, now)?;
    Ok(record_article(store, matching, item, article, now)?)
}

/// A path's file name, for an item id (the whole path if it has none).
fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Reads and extracts a saved document (HTML or text, by its extension) as `replay`
/// reads it: for programs that feed the matcher without a store (its training).
pub fn read_file(path: &Path, now: DateTime<Utc>) -> Result<Article, ReplayError> {
    read_article(path, &ItemId::for_file(&file_name(path)), now)
}

/// Reads and extracts a saved document (HTML or text, by its extension) as `item`.
fn read_article(path: &Path, item: &ItemId, now: DateTime<Utc>) -> Result<Article, ReplayError> {
    let bytes = std::fs::read(path).map_err(|source| ReplayError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let doc = RawDocument {
        item: item.clone(),
        bytes,
        content_type: content_type_for(path),
        fetched_at: now,
    };
    extract::extract(&doc).map_err(|source| ReplayError::Extract {
        path: path.to_path_buf(),
        source,
    })
}

/// One item of a JSON Lines stream: `{id, time, title, text, url?}`.
#[derive(Debug, serde::Deserialize)]
struct StreamItem {
    id: String,
    /// RFC 3339, or null: the item then arrives at the previous item's time.
    #[serde(default)]
    time: Option<String>,
    #[serde(default)]
    title: Option<String>,
    text: String,
    #[serde(default)]
    url: Option<String>,
}

/// Replays a JSON Lines stream of `{id, time, title, text, url?}` items, in order. Each
/// item is recorded as `ItemId(id)` exactly, with its `time` as the clock; an item with
/// `time: null` arrives at the previous item's time (the first one at `now()`).
///
/// `report` is called for every non-blank line with its line number (from 1), the item
/// id when the line named one, and the outcome. A line that is not an item (bad JSON, a
/// bad time, no text) is reported as [`ReplayError::Line`] and skipped. Stops early only
/// when the store or the reader fails.
pub fn replay_jsonl(
    input: impl std::io::BufRead,
    store: &Store,
    matching: &Matching,
    now: impl Fn() -> DateTime<Utc>,
    mut report: impl FnMut(usize, Option<&str>, &Result<Outcome, ReplayError>),
) -> Result<(), ReplayError> {
    let mut clock: Option<DateTime<Utc>> = None;
    for (index, line) in input.lines().enumerate() {
        let number = index + 1;
        let line = line.map_err(|source| ReplayError::ReadLine {
            line: number,
            source,
        })?;
        if line.trim().is_empty() {
            continue;
        }
        let parsed = stream_item(&line, number, clock.unwrap_or_else(&now));
        let (id, outcome) = match parsed {
            Ok((item, at, article)) => {
                clock = Some(at);
                let outcome = record_article(store, matching, ItemId(item.id.clone()), article, at)
                    .map_err(ReplayError::from);
                (Some(item.id), outcome)
            }
            Err(e) => (None, Err(e)),
        };
        report(number, id.as_deref(), &outcome);
        match outcome {
            Err(e) if e.is_fatal() => return Err(e),
            _ => {}
        }
    }
    store.flush()?;
    Ok(())
}

/// Reads one line of a JSON Lines stream (see [`replay_jsonl`]) as the pipeline does:
/// the item's id, when it arrives (`previous` for an item without a time), and its
/// article. For programs that feed the matcher without a store (the matcher's training).
pub fn read_stream_line(
    line: &str,
    previous: DateTime<Utc>,
) -> Result<(ItemId, DateTime<Utc>, Article), ReplayError> {
    let (item, at, article) = stream_item(line, 1, previous)?;
    Ok((ItemId(item.id), at, article))
}

/// Reads one stream line: the item, when it arrives, and its article.
fn stream_item(
    line: &str,
    number: usize,
    previous: DateTime<Utc>,
) -> Result<(StreamItem, DateTime<Utc>, Article), ReplayError> {
    let bad = |message: String| ReplayError::Line {
        line: number,
        message,
    };
    let item: StreamItem =
        serde_json::from_str(line).map_err(|e| bad(format!("not a stream item: {e}")))?;
    if item.id.trim().is_empty() {
        return Err(bad("the item has an empty id".into()));
    }
    let at = match item.time.as_deref() {
        Some(time) => stream_time(time).ok_or_else(|| {
            bad(format!(
                "item {}: time {time:?} is neither RFC 3339 nor a date (YYYY-MM-DD)",
                item.id
            ))
        })?,
        None => previous,
    };
    let article = stream_article(&item, at)
        .ok_or_else(|| bad(format!("item {} has neither text nor title", item.id)))?;
    Ok((item, at, article))
}

/// An RFC 3339 time, or a bare date (`2013-08-02`, taken as midnight UTC): streams built
/// from corpora often know only the day.
fn stream_time(time: &str) -> Option<DateTime<Utc>> {
    let time = time.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(time) {
        return Some(t.with_timezone(&Utc));
    }
    let day = chrono::NaiveDate::parse_from_str(time, "%Y-%m-%d").ok()?;
    Some(day.and_hms_opt(0, 0, 0)?.and_utc())
}

/// The article of a stream item: its text read as a plain-text page (paragraphs at line
/// breaks, furniture dropped), with the item's own title and URL. Text the plain-text
/// extractor finds no article in is kept line by line rather than lost; an item with no
/// text at all stands for its title.
fn stream_article(item: &StreamItem, at: DateTime<Utc>) -> Option<Article> {
    let doc = RawDocument {
        item: ItemId(item.id.clone()),
        bytes: item.text.clone().into_bytes(),
        content_type: Some("text/plain; charset=utf-8".to_string()),
        fetched_at: at,
    };
    let mut article = extract::extract(&doc).unwrap_or_default();
    if article.paragraphs.is_empty() {
        article.paragraphs = item
            .text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| Paragraph {
                kind: BlockKind::Paragraph,
                text: l.to_string(),
            })
            .collect();
    }
    let title = item
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty());
    if article.paragraphs.is_empty() {
        // A headline-only item (a wire brief, a video page) is its headline.
        article.paragraphs.push(Paragraph {
            kind: BlockKind::Paragraph,
            text: title?.to_string(),
        });
    }
    if let Some(title) = title {
        article.title = Some(title.to_string());
    }
    // The item's own time dates it; an undated item is never held apart by time.
    if item.time.is_some() {
        article.published = Some(at.date_naive());
    }
    if item.url.is_some() {
        article.canonical_url.clone_from(&item.url);
    }
    Some(article)
}

/// Seeds the stories declared in the config: each seed document (the files of `seeds`
/// in file-name order, or `documents` in their order) is recorded as the item
/// `seed:<story id>/<file name>` arriving at `now`, forced into its story. The first
/// seed of a story the store does not hold founds it, with the declared id and title
/// (a `story_created` event with `declared: true`); the others join it (`item_linked`,
/// with their similarity and kind), and every seed's sentences are judged against the
/// story so far, so its new claims are logged like any item's.
///
/// Seeding again adds nothing; a seed file whose text changed becomes a new version, and
/// a file added to a seed directory joins the story. Every seed document of every story
/// is read and extracted before anything is recorded: one that cannot be is a
/// [`ReplayError::Seed`] naming the story and the file, and nothing is seeded.
/// `report` is called with each seed's story, item and outcome.
pub fn seed_stories(
    store: &Store,
    matching: &Matching,
    stories: &[StoryConfig],
    now: DateTime<Utc>,
    mut report: impl FnMut(&StoryConfig, &ItemId, &Outcome),
) -> Result<(), ReplayError> {
    let mut seeds: Vec<(&StoryConfig, Vec<(ItemId, Article)>)> = Vec::new();
    for declared in stories {
        let story = declared.story_id();
        let in_story = |source: ReplayError| ReplayError::Seed {
            story: story.clone(),
            source: Box::new(source),
        };
        let files = match &declared.seeds {
            Some(dir) => {
                let files = corpus_files(dir).map_err(in_story)?;
                if files.is_empty() {
                    return Err(ReplayError::NoSeeds {
                        story,
                        dir: dir.clone(),
                    });
                }
                files
            }
            None => declared.documents.clone(),
        };
        let mut documents = Vec::new();
        for path in files {
            let item = ItemId::for_seed(&story, &file_name(&path));
            let article = read_article(&path, &item, now).map_err(in_story)?;
            documents.push((item, article));
        }
        seeds.push((declared, documents));
    }
    for (declared, documents) in seeds {
        for (item, article) in documents {
            let outcome = record_seed(store, matching, declared, &item, &article, now)?;
            report(declared, &item, &outcome);
        }
    }
    store.flush()?;
    Ok(())
}

fn content_type_for(path: &Path) -> Option<String> {
    let ext = path.extension()?.to_string_lossy().to_lowercase();
    match ext.as_str() {
        "txt" | "text" => Some("text/plain".to_string()),
        "html" | "htm" => Some("text/html".to_string()),
        _ => None,
    }
}
