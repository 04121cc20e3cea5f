//! The pipeline: its stages, one module each ([`feed`], [`extract`], [`matcher`],
//! [`diff`], [`store`]), [`replay`] for saved documents, and here the path every arriving
//! item takes once read and extracted: is it unchanged, a
//! suspect extraction, a new version? Match it against the stories (or judge it against
//! its own), record it and its events in the store, and keep the matcher's index in step.
//!
//! Entry points: [`record_article`] for any item (the poller's feeds and pages, replayed
//! files and JSON Lines streams), and [`record_seed`] for a seed document of a story
//! declared in the config, forced into that story. [`Matching`] is the matcher's state
//! between items. The callers are `replay` (files, streams, declared stories) and the
//! poller; neither knows the steps below.

pub mod diff;
pub mod extract;
pub mod feed;
pub mod matcher;
pub mod replay;
pub mod store;

use crate::config::StoryConfig;
use crate::diff::Changes;
use crate::matcher::{Decision, MatchParams, SentenceVerdict, StoryIndex};
use crate::model::{Article, ClaimId, Event, ItemId, ItemKind, Story};
use crate::store::{
    Arrival, ArrivalSentence, NewClaim, Placement, Store, StoreError, SuspectArrival,
};
use chrono::{DateTime, Utc};
use std::collections::HashSet;
use std::sync::Mutex;

/// What happened to one arriving item.
#[derive(Debug)]
pub enum Outcome {
    /// Recorded; these events were written to the change log.
    Recorded(Vec<Event>),
    /// The store already holds this exact text.
    Unchanged,
    /// The text is a suspected extraction failure already reported; nothing recorded.
    SuspectAgain,
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
        mut record: impl FnMut(&StoryIndex) -> Result<Outcome, StoreError>,
    ) -> Result<Outcome, StoreError> {
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
                Err(StoreError::Stale { .. }) if attempts < 3 => {
                    attempts += 1;
                }
                outcome => break outcome?,
            }
        };
        if let Outcome::Recorded(_) = &outcome {
            if let Some(story) = store.item(item)?.and_then(|i| i.story) {
                // What the story gained is read, not all of it: a story followed for
                // months holds thousands of sentences.
                let later = match index.held_counts(&story) {
                    Some((items, sentences)) => store.story_after(&story, items, sentences)?,
                    None => None,
                };
                let updated = match later {
                    Some(later) => index.extend(later),
                    None => store.story(&story)?.map(|s| index.upsert(s)).is_some(),
                };
                if updated {
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
) -> Result<Outcome, StoreError> {
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
) -> Result<Outcome, StoreError> {
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
    let arrival = arrival_of(
        item,
        article,
        now,
        (based_on, changes),
        (placement, verdicts, story),
    );
    Ok(Outcome::Recorded(store.record(&arrival)?))
}

/// Records one seed document of the story `declared`, forced into it.
///
/// Kept apart from [`record_article`] on purpose: a seed is never matched against other
/// stories. A seed the store holds already is in its story, so a new text of it takes
/// [`record_article`]'s path for a known item (judged against that story, or unchanged).
pub fn record_seed(
    store: &Store,
    matching: &Matching,
    declared: &StoryConfig,
    item: &ItemId,
    article: &Article,
    now: DateTime<Utc>,
) -> Result<Outcome, StoreError> {
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
) -> Result<Outcome, StoreError> {
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
    // A new item: compared with no version, nothing changed.
    let arrival = arrival_of(
        item,
        article,
        now,
        (0, Changes::default()),
        (placement, verdicts, held),
    );
    Ok(Outcome::Recorded(store.record(&arrival)?))
}

/// The arrival of `article` (the item `item`, fetched `now`) as the store records it:
/// `compared` is the version it was compared with and what changed since (0 and nothing
/// for a new item); `judged` where it goes, the verdicts on its sentences, and the story
/// it stays in or joins if the index holds it, whose claims its sentences repeat or its
/// new version withdraws (see [`provenance`]).
fn arrival_of(
    item: &ItemId,
    article: &Article,
    now: DateTime<Utc>,
    compared: (u32, Changes),
    judged: (Placement, Vec<SentenceVerdict>, Option<&Story>),
) -> Arrival {
    let (based_on, changes) = compared;
    let (placement, verdicts, story) = judged;
    let (repeats, withdrawn) = match story {
        Some(story) => provenance(story, item, &verdicts, &changes),
        None => (Vec::new(), Vec::new()),
    };
    Arrival {
        item: item.clone(),
        fetched_at: now,
        based_on,
        changes,
        placement,
        sentences: arrival_sentences(verdicts),
        repeats,
        withdrawn,
        article: article.clone(),
    }
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
