//! Replay: runs saved documents through the whole pipeline offline, each file as a newly
//! arrived item: read → extract → match → store.
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
use crate::diff::{self, Changes};
use crate::extract::{self, ExtractError};
use crate::matcher::{self, Decision, MatchParams, SentenceVerdict, StoryIndex};
use crate::model::{
    Article, BlockKind, ClaimId, Event, ItemId, ItemKind, Paragraph, RawDocument, Story, StoryId,
};
use crate::store::{
    Arrival, ArrivalSentence, NewClaim, Placement, Store, StoreError, SuspectArrival,
};
use chrono::{DateTime, Utc};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

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

/// What happened to one replayed file.
#[derive(Debug)]
pub enum Outcome {
    /// Recorded; these events were written to the change log.
    Recorded(Vec<Event>),
    /// The store already holds this exact text.
    Unchanged,
    /// The text is a suspected extraction failure already reported; nothing recorded.
    SuspectAgain,
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
    record_article(store, matching, item, article, now)
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
                let outcome = record_article(store, matching, ItemId(item.id.clone()), article, at);
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

/// The matcher's state between items: its thresholds and its index of the store's
/// stories, read from the store on first use and kept in step with every item recorded
/// through it. Items are matched and recorded one at a time, so two items of one new
/// story arriving together cannot found two stories.
pub struct Matching {
    params: MatchParams,
    index: Mutex<Option<StoryIndex>>,
}

impl Matching {
    pub fn new(params: MatchParams) -> Self {
        Matching {
            params,
            index: Mutex::new(None),
        }
    }
}

impl Matching {
    /// Reads the store's stories into the index now, unless it is read already, so that
    /// the first item does not wait for it (the daemon calls this at start, on a thread
    /// of its own, while it serves and polls). Items arriving meanwhile wait for the
    /// whole index: they are matched against every story, never a part. When `stop`
    /// says so, reading stops and nothing is kept: the next item reads it all again.
    pub fn load(&self, store: &Store, stop: &dyn Fn() -> bool) -> Result<(), StoreError> {
        let mut index = self.lock();
        if index.is_none() {
            *index = self.read_index(store, stop)?;
        }
        Ok(())
    }

    /// Whether the index is read (waits while it is being read).
    pub fn is_loaded(&self) -> bool {
        self.lock().is_some()
    }

    /// The index; one a panic left half updated is dropped, to be read again.
    fn lock(&self) -> std::sync::MutexGuard<'_, Option<StoryIndex>> {
        self.index.lock().unwrap_or_else(|poisoned| {
            let mut index = poisoned.into_inner();
            *index = None;
            index
        })
    }

    /// An index of every story the store holds, read one story at a time; `None` when
    /// `stop` said to stop before the last.
    fn read_index(
        &self,
        store: &Store,
        stop: &dyn Fn() -> bool,
    ) -> Result<Option<StoryIndex>, StoreError> {
        let mut failed = None;
        let mut stopped = false;
        let stories = store.each_story().map_while(|story| {
            stopped = stop();
            match story {
                Ok(story) if !stopped => Some(story),
                Ok(_) => None,
                Err(e) => {
                    failed = Some(e);
                    None
                }
            }
        });
        let mut index = StoryIndex::from_stories(stories);
        if let Some(e) = failed {
            return Err(e);
        }
        if stopped {
            return Ok(None);
        }
        index.rest_quiet(self.params.rest_after_days);
        Ok(Some(index))
    }

    /// Runs `record` (which matches with the index and records through the store) with
    /// the index loaded, one item at a time; then brings the index up to date with the
    /// story `item` is in. An arrival the store refuses as stale is prepared again.
    fn record_with(
        &self,
        store: &Store,
        item: &ItemId,
        mut record: impl FnMut(&StoryIndex) -> Result<Outcome, ReplayError>,
    ) -> Result<Outcome, ReplayError> {
        let mut index = self.lock();
        let index = match &mut *index {
            Some(index) => index,
            none => {
                let read = self.read_index(store, &|| false)?;
                none.insert(read.expect("reading that is never stopped ends with an index"))
            }
        };
        let mut attempts = 0;
        let outcome = loop {
            match record(index) {
                Err(ReplayError::Store(StoreError::Stale { .. })) if attempts < 3 => {
                    attempts += 1;
                }
                outcome => break outcome?,
            }
        };
        if let Outcome::Recorded(_) = &outcome {
            if let Some(story) = store.item(item)?.and_then(|i| i.story) {
                if let Some(story) = store.story(&story)? {
                    index.upsert(story);
                    index.rest_quiet(self.params.rest_after_days);
                }
            }
        }
        Ok(outcome)
    }
}

/// The one path every arriving article takes once extracted: unchanged? a suspect
/// extraction? match (or judge against its story), store, and keep the index in step.
pub fn record_article(
    store: &Store,
    matching: &Matching,
    item: ItemId,
    mut article: Article,
    now: DateTime<Utc>,
) -> Result<Outcome, ReplayError> {
    // A publication date more than a day past both the item's clock and today is a page's
    // wrong metadata: taken at its word it would hold the item's story open until then and
    // let every other story go quiet. The item is read as undated instead.
    let latest_plausible = now
        .max(Utc::now())
        .date_naive()
        .checked_add_days(chrono::Days::new(1));
    if let Some(date) = article
        .published
        .filter(|d| latest_plausible.is_some_and(|limit| *d > limit))
    {
        tracing::warn!(item = %item, published = %date, "publication date in the future; the item is read as undated");
        article.published = None;
    }
    matching.record_with(store, &item, |index| {
        prepare_and_record(store, &matching.params, index, &item, &article, now)
    })
}

fn prepare_and_record(
    store: &Store,
    params: &MatchParams,
    index: &StoryIndex,
    item: &ItemId,
    article: &Article,
    now: DateTime<Utc>,
) -> Result<Outcome, ReplayError> {
    let content_hash = article.content_hash();
    let known = store.item(item)?;
    let latest = match &known {
        Some(known) => store.version(item, known.versions)?,
        None => None,
    };
    // Checked here to skip the matcher's work; Store::record checks again inside its
    // transaction, so recording stays idempotent on its own.
    if latest
        .as_ref()
        .is_some_and(|v| v.content_hash == content_hash)
    {
        if known.as_ref().is_some_and(|k| k.suspect_hash.is_some()) {
            store.clear_suspect(item)?; // the page came back whole
        }
        return Ok(Outcome::Unchanged);
    }
    let changes = match &latest {
        Some(previous) => {
            if let Some(shrinkage) = diff::suspect(&previous.article, article) {
                let seen_before = known
                    .as_ref()
                    .filter(|k| k.suspect_hash.as_deref() == Some(content_hash.as_str()))
                    .map_or(0, |k| k.suspect_seen);
                // The same short text served again and again is what the page now says.
                if seen_before + 1 < diff::SUSPECT_ACCEPT_AFTER {
                    let events = store.record_suspect(&SuspectArrival {
                        item: item.clone(),
                        fetched_at: now,
                        content_hash,
                        shrinkage,
                    })?;
                    return Ok(if events.is_empty() {
                        Outcome::SuspectAgain
                    } else {
                        Outcome::Recorded(events)
                    });
                }
            }
            diff::changes(&previous.article, article)
        }
        None => Changes::default(),
    };
    let based_on = known.as_ref().map_or(0, |i| i.versions);
    let known_story = known.and_then(|i| i.story).and_then(|id| index.story(&id));
    let (placement, verdicts, story) = match known_story {
        // A new version of an item already in a story is judged against that story, and
        // only its sentences the story does not hold from this item yet are added.
        Some(story) => {
            let held_from_item: HashSet<String> = story
                .sentences
                .iter()
                .filter(|h| h.item == *item)
                .map(|h| normalise_spaces(&h.text))
                .collect();
            let mut verdicts =
                matcher::judge_in(index, &story.id, article, params).unwrap_or_default();
            verdicts.retain(|v| !held_from_item.contains(&normalise_spaces(&v.text)));
            (
                Placement::Stay {
                    story: story.id.clone(),
                },
                verdicts,
                Some(story),
            )
        }
        None => match matcher::match_article(index, article, params) {
            Decision::Found { title, sentences } => {
                (Placement::NewStory { title }, sentences, None)
            }
            Decision::Linked {
                story,
                score,
                sentences,
            } => {
                let held = index.story(&story);
                let kind = held.map_or(ItemKind::Update, |held| {
                    matcher::item_kind(held, &sentences)
                });
                let placement = Placement::Join {
                    story,
                    score: round3(score),
                    kind,
                };
                (placement, sentences, held)
            }
            // No story is close enough: the item founds its own (streaming clustering).
            Decision::Unmatched { closest } => {
                if let Some((story, score)) = closest {
                    tracing::debug!(item = %item, closest = %story, score, "founds a new story");
                }
                let (title, sentences) = matcher::founding(article, params);
                (Placement::NewStory { title }, sentences, None)
            }
        },
    };
    let (repeats, withdrawn) = match story {
        Some(story) => provenance(story, item, &verdicts, &changes),
        None => (Vec::new(), Vec::new()),
    };
    let arrival = Arrival {
        item: item.clone(),
        fetched_at: now,
        based_on,
        changes,
        placement,
        sentences: arrival_sentences(verdicts),
        repeats,
        withdrawn,
        article: article.clone(),
    };
    Ok(Outcome::Recorded(store.record(&arrival)?))
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

/// Records one seed document of the story `declared`, forced into it.
///
/// Kept apart from [`record_article`] on purpose: a seed is never matched against other
/// stories. A seed the store holds already is in its story, so a new text of it takes
/// [`record_article`]'s path for a known item (judged against that story, or unchanged).
fn record_seed(
    store: &Store,
    matching: &Matching,
    declared: &StoryConfig,
    item: &ItemId,
    article: &Article,
    now: DateTime<Utc>,
) -> Result<Outcome, ReplayError> {
    // Every start reads every seed again: one the store holds as it is needs no matcher,
    // so that a restart does not wait for the index of every story (the daemon reads it
    // while it runs). A changed one, or one held as suspect, takes the full path.
    if let Some(known) = store.item(item)?.filter(|k| k.suspect_hash.is_none()) {
        let latest = store.version(item, known.versions)?;
        if latest.is_some_and(|v| v.content_hash == article.content_hash()) {
            return Ok(Outcome::Unchanged);
        }
    }
    matching.record_with(store, item, |index| {
        if store.item(item)?.is_some() {
            prepare_and_record(store, &matching.params, index, item, article, now)
        } else {
            record_new_seed(store, &matching.params, index, declared, item, article, now)
        }
    })
}

/// A seed the store does not hold yet: it founds its declared story, or joins it.
fn record_new_seed(
    store: &Store,
    params: &MatchParams,
    index: &StoryIndex,
    declared: &StoryConfig,
    item: &ItemId,
    article: &Article,
    now: DateTime<Utc>,
) -> Result<Outcome, ReplayError> {
    let story = &declared.story_id();
    let title = &declared.title;
    let (placement, verdicts, held) = match index.story(story) {
        None => {
            let (_, verdicts) = matcher::founding(article, params);
            let placement = Placement::Declared {
                story: story.clone(),
                title: title.to_string(),
            };
            (placement, verdicts, None)
        }
        Some(held) => {
            // Matched against its own story only, for the similarity the event reports;
            // it joins whatever the score.
            let own = StoryIndex::from_stories([held.clone()]);
            let (score, verdicts) = match matcher::match_article(&own, article, params) {
                Decision::Linked {
                    score, sentences, ..
                } => (score, sentences),
                Decision::Unmatched { closest } => (
                    closest.map_or(0.0, |(_, score)| score),
                    matcher::judge_in(index, story, article, params).unwrap_or_default(),
                ),
                Decision::Found { .. } => (
                    0.0,
                    matcher::judge_in(index, story, article, params).unwrap_or_default(),
                ),
            };
            let placement = Placement::Join {
                story: story.clone(),
                score: round3(score),
                kind: matcher::item_kind(held, &verdicts),
            };
            (placement, verdicts, Some(held))
        }
    };
    let changes = Changes::default();
    let (repeats, withdrawn) = match held {
        Some(held) => provenance(held, item, &verdicts, &changes),
        None => (Vec::new(), Vec::new()),
    };
    let arrival = Arrival {
        item: item.clone(),
        fetched_at: now,
        based_on: 0,
        changes,
        placement,
        sentences: arrival_sentences(verdicts),
        repeats,
        withdrawn,
        article: article.clone(),
    };
    Ok(Outcome::Recorded(store.record(&arrival)?))
}

/// The verdicts on an article's sentences as the store records them.
fn arrival_sentences(verdicts: Vec<SentenceVerdict>) -> Vec<ArrivalSentence> {
    verdicts
        .into_iter()
        .map(|v| {
            tracing::debug!(sentence = %v.text, judgement = ?v.judgement, novelty = v.novelty, "judged");
            let claim = v.is_new_claim().then_some(NewClaim {
                atoms: v.atoms,
                closest: v.closest,
                novelty: Some(round3(v.novelty)),
            });
            ArrivalSentence {
                text: v.text,
                claim,
            }
        })
        .collect()
}

/// Which of the story's claims from other items this item repeats (each once, with the
/// first sentence that repeats it), and which of its own claims a new version dropped:
/// removed from the text and said by none of its sentences in other words.
fn provenance(
    story: &Story,
    item: &ItemId,
    verdicts: &[SentenceVerdict],
    changes: &Changes,
) -> (Vec<(ClaimId, String)>, Vec<ClaimId>) {
    let mut repeats: Vec<(ClaimId, String)> = Vec::new();
    let mut still_made: HashSet<&ClaimId> = HashSet::new();
    for verdict in verdicts {
        let Some(held) = verdict.repeats.and_then(|i| story.sentences.get(i)) else {
            continue;
        };
        let Some(claim) = &held.claim else { continue };
        still_made.insert(claim);
        if held.item != *item && !repeats.iter().any(|(c, _)| c == claim) {
            repeats.push((claim.clone(), verdict.text.clone()));
        }
    }
    let removed: HashSet<String> = changes
        .removed
        .iter()
        .map(|s| normalise_spaces(s))
        .collect();
    let withdrawn = story
        .sentences
        .iter()
        .filter(|h| h.item == *item && removed.contains(&normalise_spaces(&h.text)))
        .filter_map(|h| h.claim.clone())
        .filter(|claim| !still_made.contains(claim))
        .collect();
    (repeats, withdrawn)
}

fn normalise_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Similarity is a judgement, not a measurement: three decimals are all a reader needs.
fn round3(score: f64) -> f64 {
    (score * 1000.0).round() / 1000.0
}

fn content_type_for(path: &Path) -> Option<String> {
    let ext = path.extension()?.to_string_lossy().to_lowercase();
    match ext.as_str() {
        "txt" | "text" => Some("text/plain".to_string()),
        "html" | "htm" => Some("text/html".to_string()),
        _ => None,
    }
}
