//! Replay: runs saved documents through the whole pipeline offline, each file as a newly
//! arrived item: read → extract → match → store.
//!
//! Entry points: [`replay_dir`] for a corpus directory (files in file-name order) and
//! [`replay_file`] for one item. A file that cannot be read or extracted is reported and
//! skipped; the others still replay. Replaying into a store that already holds a file
//! adds nothing unless the file changed, in which case it becomes a new version.

use crate::extract::{self, ExtractError};
use crate::matcher::{self, Decision, MatchParams};
use crate::model::{Article, Event, ItemId, RawDocument};
use crate::store::{Arrival, Placement, Store, StoreError};
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
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
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl ReplayError {
    /// Errors that stop the whole replay (the store failed), as opposed to one bad file.
    pub fn is_fatal(&self) -> bool {
        matches!(self, ReplayError::Store(_) | ReplayError::Dir { .. })
    }
}

/// What happened to one replayed file.
#[derive(Debug)]
pub enum Outcome {
    /// Recorded; these events were written to the change log.
    Recorded(Vec<Event>),
    /// The store already holds this exact text.
    Unchanged,
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
    params: &MatchParams,
    now: impl Fn() -> DateTime<Utc>,
    mut report: impl FnMut(&Path, &Result<Outcome, ReplayError>),
) -> Result<(), ReplayError> {
    for path in corpus_files(dir)? {
        let outcome = replay_file(&path, store, params, now());
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
    params: &MatchParams,
    now: DateTime<Utc>,
) -> Result<Outcome, ReplayError> {
    let bytes = std::fs::read(path).map_err(|source| ReplayError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let doc = RawDocument {
        item: ItemId::for_file(&name),
        bytes,
        content_type: content_type_for(path),
        fetched_at: now,
    };
    let article = extract::extract(&doc).map_err(|source| ReplayError::Extract {
        path: path.to_path_buf(),
        source,
    })?;
    record_article(store, params, doc.item, article, now)
}

/// The one path every arriving article takes once extracted: unchanged? match, store.
pub fn record_article(
    store: &Store,
    params: &MatchParams,
    item: ItemId,
    article: Article,
    now: DateTime<Utc>,
) -> Result<Outcome, ReplayError> {
    let content_hash = content_hash(&article);
    let known = store.item(&item)?;
    // Checked here to skip the matcher's work; Store::record checks again inside its
    // transaction, so recording stays idempotent on its own.
    if let Some(known) = &known {
        let latest = store.version(&item, known.versions)?;
        if latest.is_some_and(|v| v.content_hash == content_hash) {
            return Ok(Outcome::Unchanged);
        }
    }
    let known_story = match known.and_then(|i| i.story) {
        Some(id) => store.story(&id)?,
        None => None,
    };
    let (placement, verdicts) = match known_story {
        // A new version of an item already in a story is judged against that story.
        Some(story) => {
            let verdicts = matcher::judge_against(&story, &article);
            (Placement::Stay { story: story.id }, verdicts)
        }
        None => match matcher::match_article(&store.stories()?, &article, params) {
            Decision::Found { title, sentences } => (Placement::NewStory { title }, sentences),
            Decision::Linked {
                story,
                score,
                sentences,
            } => (
                Placement::Join {
                    story,
                    score: round3(score),
                },
                sentences,
            ),
            Decision::Unmatched { closest } => {
                let (closest, score) =
                    closest.map_or((None, 0.0), |(s, score)| (Some(s), round3(score)));
                (Placement::Unmatched { closest, score }, Vec::new())
            }
        },
    };
    let arrival = Arrival {
        item,
        fetched_at: now,
        content_hash,
        placement,
        sentences: verdicts
            .into_iter()
            .map(|v| {
                let is_new = v.is_new_claim();
                tracing::debug!(sentence = %v.text, judgement = ?v.judgement, "judged");
                (v.text, is_new)
            })
            .collect(),
        article,
    };
    Ok(Outcome::Recorded(store.record(&arrival)?))
}

/// Similarity is a judgement, not a measurement: three decimals are all a reader needs.
fn round3(score: f64) -> f64 {
    (score * 1000.0).round() / 1000.0
}

/// SHA-256 over the title and the normalised text: markup or whitespace changes that
/// leave the words alone do not make a new version.
pub fn content_hash(article: &Article) -> String {
    let mut hasher = Sha256::new();
    hasher.update(article.title.as_deref().unwrap_or("").as_bytes());
    for p in &article.paragraphs {
        hasher.update(b"\n");
        hasher.update(
            p.text
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .as_bytes(),
        );
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn content_type_for(path: &Path) -> Option<String> {
    let ext = path.extension()?.to_string_lossy().to_lowercase();
    match ext.as_str() {
        "txt" | "text" => Some("text/plain".to_string()),
        "html" | "htm" => Some("text/html".to_string()),
        _ => None,
    }
}
