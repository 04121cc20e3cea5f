//! Linking: which story an article belongs to, by TF-IDF cosine between the article and
//! each candidate story.
//!
//! Every item a story holds is one document (its sentences, and for the founder the
//! story's title). Document frequencies are counted over the documents of all the stories
//! held plus the article, so term weights follow the stream as it grows (incremental
//! IDF). A term is a content word, a name (each word, and the whole name), a place, an
//! acronym, a number with its unit or a date; names, numbers and dates weigh more than
//! words, because two reports of the same kind of event (two earthquakes, two shootings)
//! share their words but not their places, people, tolls and days.
//!
//! Entry point: [`closest_story`]. The stories to score are found through the index's
//! inverted lists (see [`super::index`]): those sharing the most of the article's rarer
//! terms. Each that could still come first is then scored exactly, so the cost of an
//! article grows with the size of its candidates, not with the number of stories held.

use super::index::StoryIndex;
use super::language::Language;
use super::terms::{self, Entity, NameHints, SentenceTerms};
use crate::model::Story;
use chrono::{Datelike, NaiveDate};
use rustc_hash::{FxHashMap, FxHashSet};
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, LazyLock};

/// How much more than a content word each kind of term weighs.
const WORD_WEIGHT: f64 = 1.0;
const NAME_WORD_WEIGHT: f64 = 2.0;
/// A whole name of two words or more, on top of its words: `Tony Thompson` is more
/// than `Tony` and `Thompson`.
const FULL_NAME_WEIGHT: f64 = 2.0;
const PLACE_WEIGHT: f64 = 2.0;
const ACRONYM_WEIGHT: f64 = 1.5;
const NUMBER_WEIGHT: f64 = 1.5;
const DATE_WEIGHT: f64 = 1.5;
/// A headline's terms count this many times: it names what the report is about.
const TITLE_REPEAT: f64 = 2.0;

/// An article of this many sentences or fewer (a brief) is too
/// short for its cosine with a long story to mean much: its new facts are most of it.
/// It is judged instead by the share of its weight the story holds, and this share held
/// counts as meeting the link threshold (its score is the share rescaled, when that is
/// higher than its cosine score).
const SHORT_ARTICLE_SENTENCES: usize = 1;
const SHORT_HELD_SHARE: f64 = 0.2;

/// A document's terms by fingerprint (see [`term_key`]). A hash map with a fixed hasher,
/// so that terms are met (and numbered by the index) in the same order every run, and
/// sums over them come out the same to the last bit.
pub(super) type Counts = FxHashMap<u64, TermCount>;

/// One term of a document.
#[derive(Debug, Clone, Copy)]
pub(super) struct TermCount {
    /// How often the document uses it (a headline's terms count [`TITLE_REPEAT`] times).
    pub count: f64,
    /// The weight of its kind (the highest, for a word also used in a name).
    pub kind: f64,
    /// The year it names, for a year (see [`LATER_YEARS_FACTOR`]).
    pub year: Option<i32>,
    /// A whole name (see [`FULL_NAME_WEIGHT`]).
    pub whole_name: bool,
}

/// The kinds of term, which tell apart terms of the same text.
const WORD: u8 = b'w';
const PLACE: u8 = b'p';
const ACRONYM: u8 = b'a';
const NAME: u8 = b'n';
const NUMBER: u8 = b'#';
const DATE: u8 = b'd';

/// A term's fingerprint: its kind and its words, hashed as [`terms::Key`] is (SipHash,
/// 64 bits), so that an article's terms are counted and looked up without a string made
/// for each. Two terms share one by chance about once in 10^19 pairs.
fn term_key(kind: u8, words: &[&str]) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    kind.hash(&mut hasher);
    // Each word's hash ends with a separator byte: ["a b"] and ["a", "b"] differ.
    words.hash(&mut hasher);
    hasher.finish()
}

/// A document as linking reads it: its terms, and its anchors, the keys (among its
/// terms) of the places it says things happened in (see [`SentenceTerms::located`]): a
/// country's place term, each word of a name.
pub(super) struct DocumentTerms {
    pub counts: Counts,
    pub anchors: Vec<u64>,
}

/// At most this many stories, those sharing the most of an article's rarer terms, are
/// scored exactly: a story outside them shares too little with it to come first.
const CANDIDATES: usize = 12;

/// A story is scored by its latest this many items: what it is about now, at a cost per
/// candidate that stops growing as the story runs (a declared story never goes quiet, and
/// may hold thousands). Its candidates are still found by all of its terms, and its
/// sentences are all held.
const SCORED_DOCUMENTS: usize = 32;

/// A term used by more stories than this (and by more than a tenth of them) is too common
/// to find candidates by; it still counts in their scores.
const COMMON_TERM_STORIES: usize = 64;

/// A report names the year of its event, and earlier ones for background, far more often
/// than a later year, so an article all of whose years (named, or the year it is dated)
/// come more than [`YEARS_APART`] after every year its story named or was dated in most
/// likely tells of a later event of the same kind (the next election, the return fight),
/// whatever its words share. The same reasoning as the quiet window, for undated items;
/// only a lean, since a text may name a later year in passing (a contract to 2017).
/// A brief that names only later years is scored by its cosine, not by the share of it
/// the story holds (see [`SHORT_HELD_SHARE`]): a one-line report of the next election
/// holds little but the words every report of an election uses, and would otherwise be
/// held in full and join the last one.
const LATER_YEARS_FACTOR: f64 = 0.5;
const YEARS_APART: i32 = 1;

/// Two incidents of the same kind (two supermarket fires, two shootings) share their words
/// but happen in different places: an article that says where it happens, to a story that
/// says where it happened, when neither names the other's places anywhere, most likely
/// tells of another incident. A story that moves is spared: its reports mostly recall
/// where it was or name its people in full (a trial moved to another court), and a report
/// dated within [`MOVES_WITHIN_DAYS`] of the story may be the story gone on (a storm in the
/// next state). Only a lean, like [`LATER_YEARS_FACTOR`].
const ANCHOR_CONFLICT_FACTOR: f64 = 0.5;

/// A storm crosses a region, a manhunt a state, within days: a report dated this close to
/// a story's items may tell of it anywhere.
const MOVES_WITHIN_DAYS: u64 = 7;

/// The live story (`live(slot)`) `article` comes closest to, with its similarity; none
/// when no live story shares one of its rarer terms.
///
/// `link_threshold` is only used to put a brief's score on the same scale (see
/// [`SHORT_HELD_SHARE`]); `published` is the day the article is dated, if it is.
///
/// Of the candidates, a story is scored in full only if it could still come first: each
/// has a bound on its score, from the weight of the article's terms it uses at all (see
/// [`Scoring::bound`]), and once the best score so far passes the next bound, no story
/// left can beat it. The answer is the one scoring every candidate would give.
pub(super) fn closest_story(
    index: &StoryIndex,
    article: &DocumentTerms,
    sentences: usize,
    link_threshold: f64,
    published: Option<NaiveDate>,
    live: impl Fn(usize) -> bool,
) -> Option<(usize, f64)> {
    let scoring = Scoring::new(index, article, sentences, link_threshold, published);
    let candidates = scoring.candidates(live);
    Centroid::for_article(|scratch| {
        let mut best: Option<(usize, f64)> = None;
        for candidate in candidates {
            if best.is_some_and(|(_, score)| candidate.bound < score - BOUND_SLACK) {
                break;
            }
            let scored = (candidate.slot, scoring.score(candidate.slot, scratch));
            if best.is_none_or(|best| scoring.comes_before(scored, best)) {
                best = Some(scored);
            }
        }
        best
    })
}

/// What rounding may take off a bound, or add to a score, in the sums behind them: a
/// story whose bound falls short of the best score by less is still scored.
const BOUND_SLACK: f64 = 1e-9;

/// A story worth scoring, and the most it can score (see [`Scoring::bound`]).
struct Candidate {
    slot: usize,
    bound: f64,
}

/// The weight of an article's terms that one story uses (or, for `common`, that every
/// story might), for finding candidates and bounding their scores.
#[derive(Clone, Copy, Default)]
struct SharedWeight {
    /// The weight of the rarer terms shared, each × its IDF again: what ranks candidates.
    rank: f64,
    /// The squared (unit-length) weights of the terms shared: what bounds a score.
    squared: f64,
    /// The same, without whole names, as a brief's held share counts them.
    squared_not_whole: f64,
}

/// One article being scored against stories.
struct Scoring<'a> {
    index: &'a StoryIndex,
    idf: Idf,
    a: Vec<ArticleTerm>,
    anchors: ArticleAnchors,
    earliest_year: Option<i32>,
    short: bool,
    /// The squared weight of the article's terms but whole names: a brief's held share
    /// is of this.
    squared_not_whole: f64,
    link_threshold: f64,
    published: Option<NaiveDate>,
}

impl<'a> Scoring<'a> {
    fn new(
        index: &'a StoryIndex,
        article: &DocumentTerms,
        sentences: usize,
        link_threshold: f64,
        published: Option<NaiveDate>,
    ) -> Scoring<'a> {
        // Incremental IDF: every document held, and the article itself (which holds each
        // term it is asked about).
        let idf = Idf::over(index.documents + 1);
        let a = article_vector(index, &article.counts, &idf);
        let anchors = ArticleAnchors::of(index, &article.anchors, &a);
        let earliest_year = article
            .counts
            .values()
            .filter_map(|term| term.year)
            .chain(published.map(|d| d.year()))
            .min();
        let squared_not_whole = a
            .iter()
            .filter(|t| !t.whole_name)
            .map(|t| t.weight * t.weight)
            .sum();
        Scoring {
            index,
            idf,
            a,
            anchors,
            earliest_year,
            short: sentences <= SHORT_ARTICLE_SENTENCES,
            squared_not_whole,
            link_threshold,
            published,
        }
    }

    /// The live stories sharing the most of the article's rarer terms, at most
    /// [`CANDIDATES`], those that may score highest first.
    fn candidates(&self, live: impl Fn(usize) -> bool) -> Vec<Candidate> {
        let index = self.index;
        let common = COMMON_TERM_STORIES.max(index.stories.len() / 10);
        let mut shared = vec![SharedWeight::default(); index.stories.len()];
        let mut sharing: Vec<usize> = Vec::new();
        // The terms too common to find candidates by: any story may use them.
        let mut common_terms = SharedWeight::default();
        for term in &self.a {
            let Some(id) = term.id else { continue };
            let entry = &index.terms[id as usize];
            let squared = term.weight * term.weight;
            let squared_not_whole = if term.whole_name { 0.0 } else { squared };
            if entry.stories.len() > common {
                common_terms.squared += squared;
                common_terms.squared_not_whole += squared_not_whole;
                continue;
            }
            let rank = term.weight * self.idf.of(entry.documents);
            for &slot in &entry.stories {
                let slot = slot as usize;
                let weight = &mut shared[slot];
                if weight.rank == 0.0 {
                    sharing.push(slot);
                }
                weight.rank += rank;
                weight.squared += squared;
                weight.squared_not_whole += squared_not_whole;
            }
        }
        let mut slots: Vec<(usize, f64)> = sharing
            .into_iter()
            .filter(|&slot| live(slot))
            .map(|slot| (slot, shared[slot].rank))
            .collect();
        if slots.len() > CANDIDATES {
            slots.select_nth_unstable_by(CANDIDATES - 1, |x, y| self.best_first(*x, *y));
            slots.truncate(CANDIDATES);
        }
        let mut candidates: Vec<Candidate> = slots
            .into_iter()
            .map(|(slot, _)| Candidate {
                slot,
                bound: self.bound(shared[slot], common_terms),
            })
            .collect();
        candidates.sort_by(|x, y| self.best_first((x.slot, x.bound), (y.slot, y.bound)));
        candidates
    }

    /// The most a story can score that uses, of the article's terms, those `shared` and
    /// perhaps those `common`. Both cosines behind a score are at most the length of the
    /// (unit) article's part on the story's terms, and so is their geometric mean, before
    /// the leans, which only lower it; a brief's held share is the share of its weight on
    /// them.
    fn bound(&self, shared: SharedWeight, common: SharedWeight) -> f64 {
        let cosine = (shared.squared + common.squared).sqrt();
        if !self.short {
            return cosine;
        }
        let share = if self.squared_not_whole > 0.0 {
            (shared.squared_not_whole + common.squared_not_whole) / self.squared_not_whole
        } else {
            0.0
        };
        cosine.max(held_score(share, self.link_threshold))
    }

    /// The article's similarity to the story at `slot`, leans included.
    fn score(&self, slot: usize, scratch: &mut Centroid) -> f64 {
        let index = self.index;
        let score = story_score(
            index,
            slot,
            &self.a,
            &self.idf,
            self.short,
            self.link_threshold,
            scratch,
        );
        // A declared story never goes quiet, by time or by years, and is followed
        // wherever it happens.
        let declared = index.stories[slot].story.declared;
        let later = !declared
            && self
                .earliest_year
                .zip(index.stories[slot].latest_year())
                .is_some_and(|(article, story)| article > story + YEARS_APART);
        let elsewhere = !declared
            && !within_days(
                &index.stories[slot].story,
                self.published,
                MOVES_WITHIN_DAYS,
            )
            && self.anchors.conflict(index, slot);
        let mut score = if later {
            score.cosine * LATER_YEARS_FACTOR
        } else {
            score.cosine.max(score.held)
        };
        if elsewhere {
            score *= ANCHOR_CONFLICT_FACTOR;
        }
        score
    }

    /// Higher first, and of equals, the story of the lower id: a fixed order.
    fn best_first(&self, x: (usize, f64), y: (usize, f64)) -> std::cmp::Ordering {
        let story_id = |slot: usize| &self.index.stories[slot].story.id;
        y.1.total_cmp(&x.1)
            .then_with(|| story_id(x.0).cmp(story_id(y.0)))
    }

    fn comes_before(&self, x: (usize, f64), y: (usize, f64)) -> bool {
        self.best_first(x, y) == std::cmp::Ordering::Less
    }
}

/// Whether `story` and an article dated `date` are dated within `days` of each other.
fn within_days(story: &Story, date: Option<NaiveDate>, days: u64) -> bool {
    let (Some(date), Some(first), Some(last)) = (date, story.first_date, story.last_date) else {
        return false;
    };
    let days = chrono::Days::new(days);
    last.checked_add_days(days).is_none_or(|end| date <= end)
        && first
            .checked_sub_days(days)
            .is_none_or(|start| date >= start)
}

/// What an article says of where it happens, to weigh against each story's places (see
/// [`ANCHOR_CONFLICT_FACTOR`]).
struct ArticleAnchors {
    /// Its anchors (see [`DocumentTerms::anchors`]) by term id; none for a place no
    /// document held names.
    anchors: Vec<Option<u32>>,
    /// The ids of all its terms held, and of its whole names (see [`FULL_NAME_WEIGHT`]);
    /// left empty when it has no anchors, as nothing asks then.
    terms: FxHashSet<u32>,
    whole_names: Vec<u32>,
}

impl ArticleAnchors {
    fn of(index: &StoryIndex, anchors: &[u64], a: &[ArticleTerm]) -> ArticleAnchors {
        let anchors: Vec<Option<u32>> = anchors.iter().map(|&key| index.known_term(key)).collect();
        if anchors.is_empty() {
            return ArticleAnchors {
                anchors,
                terms: FxHashSet::default(),
                whole_names: Vec::new(),
            };
        }
        ArticleAnchors {
            anchors,
            terms: a.iter().filter_map(|t| t.id).collect(),
            whole_names: a
                .iter()
                .filter(|t| t.whole_name)
                .filter_map(|t| t.id)
                .collect(),
        }
    }

    /// Whether the article and the story at `slot` each say where they happen, neither
    /// names any place of the other, and they share no name of two words or more (a
    /// person, a body: the story is about them wherever it goes).
    fn conflict(&self, index: &StoryIndex, slot: usize) -> bool {
        let story = &index.stories[slot];
        !self.anchors.is_empty()
            && story.has_anchors()
            && !self.anchors.iter().flatten().any(|&id| story.uses_term(id))
            && !story.anchors().any(|id| self.terms.contains(&id))
            && !self.whole_names.iter().any(|&id| story.uses_term(id))
    }
}

/// Document frequencies below this have their logarithm looked up, not worked out: most
/// terms are rare, and an article's scoring asks about a thousand or more of them.
const SMALL_COUNTS: usize = 4096;

static LN_OF_SMALL_COUNTS: LazyLock<Vec<f64>> =
    LazyLock::new(|| (0..SMALL_COUNTS).map(|k| (k as f64).ln()).collect());

/// The IDF of a term over `n` documents: `ln((n + 1) / (documents + 2)) + 1`, smoothed
/// so that a term every document holds still counts a little.
#[derive(Clone, Copy)]
struct Idf {
    ln_all: f64,
}

impl Idf {
    fn over(n: u32) -> Idf {
        Idf {
            ln_all: f64::from(n + 1).ln(),
        }
    }

    /// The IDF of a term `documents` documents use.
    fn of(&self, documents: u32) -> f64 {
        let k = documents as usize + 2;
        let ln_k = LN_OF_SMALL_COUNTS
            .get(k)
            .copied()
            .unwrap_or_else(|| (k as f64).ln());
        self.ln_all - ln_k + 1.0
    }
}

/// One of the article's terms: its id in the index (none when no document held uses it)
/// and its TF-IDF weight, the article's weights having unit length.
struct ArticleTerm {
    id: Option<u32>,
    weight: f64,
    whole_name: bool,
}

fn article_vector(index: &StoryIndex, article: &Counts, idf: &Idf) -> Vec<ArticleTerm> {
    let mut terms: Vec<(u64, ArticleTerm)> = article
        .iter()
        .map(|(&key, term)| {
            let id = index.known_term(key);
            let documents = id.map_or(0, |id| index.terms[id as usize].documents);
            let t = ArticleTerm {
                id,
                weight: term_frequency_weight(term.count, term.kind) * idf.of(documents),
                whole_name: term.whole_name,
            };
            (key, t)
        })
        .collect();
    // A fixed order, so that sums come out the same every run: by id, and terms no
    // document held by their fingerprint.
    terms.sort_unstable_by(|x, y| x.1.id.cmp(&y.1.id).then_with(|| x.0.cmp(&y.0)));
    let norm = terms
        .iter()
        .map(|(_, t)| t.weight * t.weight)
        .sum::<f64>()
        .sqrt();
    terms
        .into_iter()
        .map(|(_, mut t)| {
            if norm > 0.0 {
                t.weight /= norm;
            }
            t
        })
        .collect()
}

/// A term's weight in a document before IDF: its kind's weight, damped by its count.
pub(super) fn term_frequency_weight(count: f64, kind: f64) -> f64 {
    kind * (1.0 + count.ln())
}

/// A story's centroid, summed in a dense vector by term id (with the ids it touched, to
/// read and clear it): scoring sums a dozen stories per article, and a hash map per story
/// cost more than the sums.
#[derive(Default)]
struct Centroid {
    weights: Vec<f64>,
    touched: Vec<u32>,
    /// Each term's IDF as worked out during the article's scoring (`idf_round`), by id:
    /// the dozen stories scored share most of their terms, and a logarithm per term of
    /// each of their items was most of the cost of scoring a story of many items.
    idf: Vec<(u64, f64)>,
    idf_round: u64,
    /// One document's weights, before they are normalised and added.
    document: Vec<(u32, f64)>,
}

impl Centroid {
    /// Runs `f` with this thread's scratch, for scoring one article: the IDFs worked out
    /// for the last one are stale.
    fn for_article<R>(f: impl FnOnce(&mut Centroid) -> R) -> R {
        CENTROID.with_borrow_mut(|centroid| {
            centroid.idf_round += 1;
            f(centroid)
        })
    }

    fn idf(&mut self, id: u32, work_out: impl FnOnce() -> f64) -> f64 {
        let i = id as usize;
        if i >= self.idf.len() {
            self.idf.resize(i + 1, (0, 0.0));
        }
        let (round, value) = &mut self.idf[i];
        if *round != self.idf_round {
            *round = self.idf_round;
            *value = work_out();
        }
        *value
    }

    fn add(&mut self, id: u32, weight: f64) {
        let i = id as usize;
        if i >= self.weights.len() {
            self.weights.resize(i + 1, 0.0);
        }
        if self.weights[i] == 0.0 {
            self.touched.push(id);
        }
        self.weights[i] += weight;
    }

    fn get(&self, id: u32) -> Option<f64> {
        self.weights.get(id as usize).copied().filter(|w| *w != 0.0)
    }

    fn clear(&mut self) {
        for &id in &self.touched {
            self.weights[id as usize] = 0.0;
        }
        self.touched.clear();
    }
}

thread_local! {
    static CENTROID: RefCell<Centroid> = RefCell::new(Centroid::default());
}

/// An article's similarity to one story.
struct StoryScore {
    /// The geometric mean of its cosines to the story's centroid and to its items.
    cosine: f64,
    /// For a brief, the share of its weight the story holds, on the scale of `cosine`
    /// (see [`SHORT_HELD_SHARE`]); 0 for a longer article.
    held: f64,
}

fn story_score(
    index: &StoryIndex,
    slot: usize,
    a: &[ArticleTerm],
    idf: &Idf,
    short: bool,
    link_threshold: f64,
    centroid: &mut Centroid,
) -> StoryScore {
    centroid.clear();
    let story = &index.stories[slot];
    let documents = story.latest_documents(SCORED_DOCUMENTS);
    let items = documents.len().max(1) as f64;
    let mut weights = std::mem::take(&mut centroid.document);
    for doc in documents {
        weights.clear();
        for &(id, tf) in doc {
            let term = &index.terms[id as usize];
            weights.push((id, tf * centroid.idf(id, || idf.of(term.documents))));
        }
        let norm = weights.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
        if norm > 0.0 {
            for &(id, w) in &weights {
                centroid.add(id, w / norm);
            }
        }
    }
    centroid.document = weights;
    let dot: f64 = a
        .iter()
        .filter_map(|t| centroid.get(t.id?).map(|c| c * t.weight))
        .sum();
    let centroid_norm = centroid
        .touched
        .iter()
        .map(|&id| centroid.weights[id as usize].powi(2))
        .sum::<f64>()
        .sqrt();
    let cosine = if centroid_norm > 0.0 {
        dot / centroid_norm
    } else {
        0.0
    };
    // The centroid's cosine alone favours a story whose items say many different
    // things (its centroid is short); the mean cosine to its items does not. Their
    // geometric mean asks an article to be close to the story as a whole and to its
    // items on average.
    let held = if short {
        held_score(containment(a, centroid), link_threshold)
    } else {
        0.0
    };
    StoryScore {
        cosine: (dot / items * cosine).max(0.0).sqrt(),
        held,
    }
}

/// A brief's score for the share of its weight a story holds (see [`SHORT_HELD_SHARE`]).
fn held_score(share: f64, link_threshold: f64) -> f64 {
    (share / SHORT_HELD_SHARE * link_threshold).min(1.0)
}

/// The share of the article's weight that the story holds terms for. Whole names are
/// left out: they repeat their words, and would count a new person twice against a brief.
fn containment(a: &[ArticleTerm], story: &Centroid) -> f64 {
    let mut held = 0.0;
    let mut total = 0.0;
    for t in a.iter().filter(|t| !t.whole_name) {
        total += t.weight * t.weight;
        if t.id.is_some_and(|id| story.get(id).is_some()) {
            held += t.weight * t.weight;
        }
    }
    if total > 0.0 {
        held / total
    } else {
        0.0
    }
}

/// The key of one word of a name: the key of the word as a content word, so that a name
/// that opens a sentence in one report (read as a word there) still matches.
fn name_word_key(word: &str, lang: &Language) -> u64 {
    lang.with_stem(word, |stem| word_term_key(terms::Key::of(stem)))
}

/// The term key of a content word, from the key its sentence read it under (see
/// [`SentenceTerms::word_keys`]).
fn word_term_key(word: terms::Key) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    WORD.hash(&mut hasher);
    word.hash(&mut hasher);
    hasher.finish()
}

/// The terms of a document (title and sentences) as read in `lang`.
pub(super) fn document<'a>(
    title: &'a str,
    sentences: impl Iterator<Item = &'a str> + Clone,
    lang: &Language,
) -> DocumentTerms {
    let hints = NameHints::from_sentences(sentences.clone().chain(std::iter::once(title)));
    let read: Vec<Arc<SentenceTerms>> =
        sentences.map(|s| terms::analyse(s, &hints, lang)).collect();
    let title = (!title.is_empty()).then(|| terms::analyse(title, &hints, lang));
    document_of(title.as_deref(), &read, lang)
}

/// The terms of a document whose title and sentences are analysed already (with name
/// hints from all of them).
pub(super) fn document_of(
    title: Option<&SentenceTerms>,
    sentences: &[Arc<SentenceTerms>],
    lang: &Language,
) -> DocumentTerms {
    let mut doc = Counts::default();
    let mut anchors = BTreeSet::new();
    for terms in sentences {
        add_terms(&mut doc, terms, 1.0, lang);
        add_anchors(&mut anchors, terms, lang);
    }
    if let Some(title) = title {
        add_terms(&mut doc, title, TITLE_REPEAT, lang);
        add_anchors(&mut anchors, title, lang);
    }
    DocumentTerms {
        counts: doc,
        anchors: anchors.into_iter().collect(),
    }
}

/// The keys of the places a sentence says things happen in, as [`add_terms`] keys them.
/// A name stands by each of its words: "Wellington" recalls "Wellington High Street".
fn add_anchors(anchors: &mut BTreeSet<u64>, t: &SentenceTerms, lang: &Language) {
    for e in &t.located {
        match e {
            Entity::Place(p) => {
                anchors.insert(term_key(PLACE, &[p]));
            }
            Entity::Name(words) => {
                anchors.extend(words.iter().map(|w| name_word_key(w, lang)));
            }
            Entity::Acronym(_) => {}
        }
    }
}

fn add_terms(doc: &mut Counts, t: &SentenceTerms, times: f64, lang: &Language) {
    let mut add = |key: u64, weight: f64, year: Option<i32>, whole_name: bool| {
        let entry = doc.entry(key).or_insert(TermCount {
            count: 0.0,
            kind: weight,
            year,
            whole_name,
        });
        entry.count += times;
        entry.kind = entry.kind.max(weight);
    };
    for &key in t.word_keys() {
        add(word_term_key(key), WORD_WEIGHT, None, false);
    }
    for e in &t.entities {
        match e {
            Entity::Place(p) => add(term_key(PLACE, &[p]), PLACE_WEIGHT, None, false),
            Entity::Acronym(a) => add(term_key(ACRONYM, &[a]), ACRONYM_WEIGHT, None, false),
            Entity::Name(words) => {
                for w in words {
                    add(name_word_key(w, lang), NAME_WORD_WEIGHT, None, false);
                }
                if words.len() >= 2 {
                    let words: Vec<&str> = words.iter().map(String::as_str).collect();
                    add(term_key(NAME, &words), FULL_NAME_WEIGHT, None, true);
                }
            }
        }
    }
    for n in &t.numbers {
        add(term_key(NUMBER, &[n]), NUMBER_WEIGHT, None, false);
    }
    for d in &t.dates {
        add(
            term_key(DATE, &[d]),
            DATE_WEIGHT,
            terms::year_of_date(d),
            false,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{BlockKind, HeldSentence, ItemId, Paragraph, Story, StoryId};
    use std::collections::HashMap;

    fn story(id: &str, title: &str, items: &[&str]) -> Story {
        let mut sentences = Vec::new();
        for (i, text) in items.iter().enumerate() {
            for s in super::super::sentences::split_sentences(text) {
                sentences.push(HeldSentence {
                    text: s,
                    item: ItemId(format!("{id}-{i}")),
                    claim: None,
                });
            }
        }
        Story {
            id: StoryId(id.to_string()),
            title: title.to_string(),
            created_at: chrono::Utc::now(),
            founded_by: ItemId(format!("{id}-0")),
            declared: false,
            items: (0..items.len())
                .map(|i| ItemId(format!("{id}-{i}")))
                .collect(),
            sentences,
            ..Story::default()
        }
    }

    /// Scores by story id, for an article of `title` and `text`.
    fn scores(index: &StoryIndex, title: &str, text: &str) -> HashMap<String, f64> {
        scores_on(index, title, text, None)
    }

    /// Scores by story id, for an article of `title` and `text` dated `published`.
    fn scores_on(
        index: &StoryIndex,
        title: &str,
        text: &str,
        published: Option<NaiveDate>,
    ) -> HashMap<String, f64> {
        let paragraphs = [Paragraph {
            kind: BlockKind::Paragraph,
            text: text.to_string(),
        }];
        let sentences = super::super::sentences::article_sentences(&paragraphs);
        let lang = super::super::language::of_document(title, sentences.iter().map(String::as_str));
        let doc = document(title, sentences.iter().map(String::as_str), lang);
        let scoring = Scoring::new(index, &doc, sentences.len(), 0.25, published);
        Centroid::for_article(|scratch| {
            (0..index.stories.len())
                .map(|slot| {
                    let id = index.stories[slot].story.id.0.clone();
                    (id, scoring.score(slot, scratch))
                })
                .collect()
        })
    }

    #[test]
    fn the_same_kind_of_event_elsewhere_is_another_story() {
        let izmir = story(
            "izmir",
            "Earthquake kills 12 in Izmir",
            &["A magnitude 6.4 earthquake struck near Izmir in western Turkey on Sunday, killing 12 people, the disaster agency AFAD said. Rescue teams searched collapsed buildings in the Bayrakli district."],
        );
        let qeshm = story(
            "qeshm",
            "Quake hits Qeshm island off southern Iran",
            &["A magnitude 5.6 earthquake hit Qeshm island in the Gulf off southern Iran on Thursday, injuring five people, state television said. Houses in the villages of Qeshm were damaged."],
        );
        let index = StoryIndex::from_stories([izmir, qeshm]);
        let s = scores(
            &index,
            "Qeshm quake damages villages",
            "The earthquake on Qeshm island in southern Iran damaged houses in three villages and injured five people, Iranian state television said on Friday.",
        );
        let izmir = s.get("izmir").copied().unwrap_or(0.0);
        assert!(s["qeshm"] > izmir + 0.1, "{s:?}");
        assert!(s["qeshm"] >= 0.25, "{s:?}");
    }

    #[test]
    fn a_report_naming_only_later_years_leans_to_another_story() {
        let fight = story(
            "fight",
            "Klitschko stops Thompson",
            &["Wladimir Klitschko stopped Tony Thompson in the eleventh round in Hamburg in July 2008 to keep his IBF and WBO heavyweight titles."],
        );
        let index = StoryIndex::from_stories([fight]);
        let text = "Klitschko stopped Thompson in Hamburg to keep his heavyweight titles.";
        let undated = scores(&index, "", &format!("{text} The crowd cheered."))["fight"];
        let later = scores(&index, "", &format!("{text} The crowd cheered in 2012."))["fight"];
        assert!(undated >= 0.25, "{undated}");
        assert!(later < undated * 0.6, "{undated} {later}");
    }

    #[test]
    fn a_brief_naming_only_later_years_is_not_held_by_the_earlier_story() {
        let vote = story(
            "vote",
            "",
            &["Voters in Turkmenistan elected a new parliament on Sunday in the first elections held under the constitution adopted in 2008. The Central Elections Commission said turnout was 90 per cent.",
              "Western observers said the parliamentary elections in Turkmenistan offered voters no real choice, as every candidate backed the president.",
              "Polling stations in Ashgabat opened at eight in the morning, and officials in the gas-rich Central Asian nation reported queues of voters by noon.",
              "The opposition, most of it in exile, called the vote a farce and urged foreign governments not to recognise the new parliament."],
        );
        let index = StoryIndex::from_stories([vote]);
        // One sentence whose words the story holds nearly all of: held, it joins.
        let brief = "Parliamentary elections in Turkmenistan will be held on a two-party basis, the Central Elections Commission said";
        let held = scores(&index, "", &format!("{brief}."))["vote"];
        assert!(held >= 0.25, "{held}");
        // The same brief of the elections of 2013 tells of the next ones.
        let later = scores(&index, "", &format!("{brief} of the elections of 2013."))["vote"];
        assert!(later < 0.25, "{later}");
    }

    /// The score of the index's one story for an article of `title` and `text`, which say
    /// where it happens with `place`, and for the same article without it: nothing else
    /// tells it from the story.
    fn placed_and_unplaced(index: &StoryIndex, title: &str, text: &str, place: &str) -> (f64, f64) {
        let only = |s: HashMap<String, f64>| s.into_values().next().unwrap_or(0.0);
        let placed = only(scores(index, title, text));
        let unplaced = only(scores(
            index,
            &title.replace(place, ""),
            &text.replace(place, ""),
        ));
        (placed, unplaced)
    }

    #[test]
    fn the_same_kind_of_incident_in_another_town_is_another_story() {
        let kendal = story(
            "kendal",
            "",
            &["A large fire destroyed the Tesco supermarket in Kendal on Friday night. Firefighters from Cumbria fought the blaze in the roof for six hours and nearby homes were evacuated. Police said the fire was being treated as suspicious.",
              "Residents evacuated after the fire at the Tesco store in Kendal were allowed home on Saturday. The supermarket was a total loss, the fire service said."],
        );
        let index = StoryIndex::from_stories([kendal]);
        let (elsewhere, unplaced) = placed_and_unplaced(
            &index,
            "Fire at Tesco in Whitby",
            "A large fire broke out at the Tesco supermarket in Whitby early on Sunday. Firefighters fought the blaze in the roof and the store was badly damaged.",
            " in Whitby",
        );
        assert!(unplaced >= 0.25, "{unplaced}");
        assert!(elsewhere < 0.25, "{elsewhere}");
    }

    #[test]
    fn the_same_kind_of_incident_in_another_town_is_another_story_in_other_languages_too() {
        let kassel = story(
            "kassel",
            "",
            &["Ein Großbrand hat in der Nacht zum Freitag den Supermarkt in Kassel zerstört. Die Feuerwehr kämpfte sechs Stunden lang gegen die Flammen im Dach, Anwohner mussten ihre Häuser verlassen. Die Polizei ermittelt wegen Brandstiftung.",
              "Nach dem Großbrand im Supermarkt in Kassel durften die Anwohner am Samstag in ihre Häuser zurückkehren. Der Markt sei völlig zerstört, sagte ein Sprecher der Feuerwehr."],
        );
        let index = StoryIndex::from_stories([kassel]);
        let (elsewhere, unplaced) = placed_and_unplaced(
            &index,
            "Großbrand im Supermarkt in Marburg",
            "Ein Großbrand ist am Sonntag im Supermarkt in Marburg ausgebrochen. Die Feuerwehr kämpfte gegen die Flammen im Dach, der Markt wurde schwer beschädigt.",
            " in Marburg",
        );
        assert!(unplaced >= 0.25, "{unplaced}");
        // Saying where it happened leans it away, as in English.
        assert!(elsewhere < unplaced * 0.6, "{elsewhere} {unplaced}");
    }

    #[test]
    fn a_story_that_moves_stays_one_story() {
        let day = |d: u32| NaiveDate::from_ymd_opt(2024, 10, d);
        let mut storm = story(
            "storm",
            "Hurricane Milton makes landfall in Florida",
            &["Hurricane Milton made landfall near Siesta Key in Florida on Wednesday night as a Category 3 storm, knocking out power to two million homes. Governor Ron DeSantis said rescue crews were ready.",
              "Residents of Tampa woke to flooded streets after Hurricane Milton tore through overnight, spawning tornadoes across the state. At least four people were killed, officials said."],
        );
        (storm.first_date, storm.last_date) = (day(9), day(10));
        let trial = story(
            "trial",
            "",
            &["The fraud trial of former executive Martin Kessler opened in Trenton on Monday. Prosecutors told the jury that Martin Kessler hid losses of 40 million dollars from investors."],
        );
        let index = StoryIndex::from_stories([storm, trial]);
        // It goes on elsewhere, naming none of its places, a day later.
        let (title, text) = (
            "Milton weakens in Georgia",
            "Milton weakened to a tropical storm in Georgia on Thursday after crossing the state, still knocking out power to thousands of homes as rescue crews waited for the flooded streets to clear.",
        );
        let dated = scores_on(&index, title, text, day(11))["storm"];
        assert!(dated >= 0.25, "{dated}");
        // Undated, it leans away (no date says the story moved), and needs more to tell it
        // is the same storm: the storm's name in full,
        let undated = scores(&index, title, text)["storm"];
        assert!(undated < dated * 0.6, "{undated} {dated}");
        let named = text.replace("after crossing", "after Hurricane Milton crossed");
        let s = scores(&index, title, &named);
        assert!(s["storm"] >= 0.25, "{s:?}");
        // or where the story was.
        let recalled = format!("{text} The storm made landfall in Florida on Wednesday.");
        let s = scores(&index, title, &recalled);
        assert!(s["storm"] >= 0.25, "{s:?}");
        // The trial moves to another court.
        let s = scores(
            &index,
            "",
            "The fraud trial of Martin Kessler was moved to a federal court in Newark on Tuesday, where prosecutors said he hid losses from investors.",
        );
        assert!(s["trial"] >= 0.25, "{s:?}");
    }

    #[test]
    fn an_index_kept_up_to_date_scores_as_one_built_afresh() {
        let first = story("ecb", "ECB holds rates", &[ECB_FIRST]);
        let grown = story("ecb", "ECB holds rates", &[ECB_FIRST, ECB_SECOND]);
        let other = story(
            "fed",
            "Fed cuts rates",
            &["The Federal Reserve cut its benchmark rate by a quarter point on Wednesday, Chair Jerome Powell said in Washington."],
        );
        let mut kept = StoryIndex::from_stories([first, other.clone()]);
        kept.upsert(grown.clone());
        let fresh = StoryIndex::from_stories([grown, other.clone()]);
        let (title, text) = (
            "",
            "Christine Lagarde said the European Central Bank would keep rates where they are.",
        );
        let (a, b) = (scores(&kept, title, text), scores(&fresh, title, text));
        assert_eq!(a.len(), b.len(), "{a:?} {b:?}");
        for (story, score) in &a {
            // Equal up to the order floating-point sums were taken in.
            assert!((score - b[story]).abs() < 1e-12, "{a:?} {b:?}");
        }
        assert!(a["ecb"] > 0.25 && a["ecb"] <= 1.0, "{a:?}");
        assert_eq!(kept.documents, 3);

        // An item edited (its document read again) between two that stay.
        let third = "Analysts in Frankfurt expect the bank to cut rates in the spring.";
        let before = story("ecb", "ECB holds rates", &[ECB_FIRST, ECB_SECOND, third]);
        let edited = story(
            "ecb",
            "ECB holds rates",
            &[
                ECB_FIRST,
                &format!("{ECB_SECOND} She said wages were rising more slowly."),
                third,
            ],
        );
        let mut kept = StoryIndex::from_stories([before, other.clone()]);
        kept.upsert(edited.clone());
        let fresh = StoryIndex::from_stories([edited, other]);
        // Two sentences: a brief's score may be capped at 1 (see [`SHORT_HELD_SHARE`]).
        let text = format!("{text} Analysts expect a cut in the spring.");
        let (a, b) = (scores(&kept, title, &text), scores(&fresh, title, &text));
        assert_eq!(a.len(), b.len(), "{a:?} {b:?}");
        assert!(a["ecb"] > 0.25 && a["ecb"] < 1.0, "{a:?}");
        for (story, score) in &a {
            assert!((score - b[story]).abs() < 1e-12, "{a:?} {b:?}");
        }
        assert_eq!(kept.documents, fresh.documents);
    }

    const ECB_FIRST: &str = "The European Central Bank kept interest rates unchanged on Thursday, President Christine Lagarde said in Frankfurt.";
    const ECB_SECOND: &str = "Lagarde told reporters in Frankfurt that inflation was falling towards the bank's 2 percent target.";

    #[test]
    fn a_long_story_is_scored_by_its_latest_items_and_all_its_years() {
        let early = [
            "Engineers inspected the Harbour Bridge in Kelby in 2019 and found cracks in its steel cables.",
            "The Kelby council closed the Harbour Bridge to lorries after the inspection.",
        ];
        let late: Vec<String> = (0..SCORED_DOCUMENTS)
            .map(|i| format!("Councillor Mara Voss said the Kelby council would vote on the bridge repair budget at meeting {}.", i + 1))
            .collect();
        let all: Vec<&str> = early
            .iter()
            .copied()
            .chain(late.iter().map(String::as_str))
            .collect();
        let long = story("long", "", &all);
        let latest: Vec<&str> = late.iter().map(String::as_str).collect();
        let recent = story("recent", "", &latest);
        let index = StoryIndex::from_stories([long, recent]);
        let text = "Mara Voss said the council would vote on the bridge repair budget next week. The budget has grown since the last meeting.";
        let s = scores(&index, "", text);
        assert!(s["long"] >= 0.25, "{s:?}");
        // Equal up to the order floating-point sums were taken in.
        assert!((s["long"] - s["recent"]).abs() < 1e-12, "{s:?}");
        // A later year leans away from the story that named 2019 in an early item.
        let s = scores(&index, "", &text.replace("next week", "in 2023"));
        assert!(s["long"] < s["recent"] * 0.6, "{s:?}");
    }

    #[test]
    fn no_candidate_scores_above_its_bound() {
        // 100 stories, each with its own people, words and town, all using one common
        // vocabulary: its words are too common to find candidates by, but count in scores.
        let common: Vec<String> = (0..12).map(|i| format!("c{i}x")).collect();
        let item = |n: usize, seed: usize| {
            let words: Vec<&str> = (0..6).map(|i| common[(seed + i) % 12].as_str()).collect();
            format!(
                "Person{n} Surname{n} said the {} of w{n}a w{n}b{seed} in Town{n} on day {}.",
                words.join(" "),
                3 + seed
            )
        };
        // Every other story holds one item, for copies of it to score 1.
        let stories: Vec<Story> = (0..100)
            .map(|n| {
                let items: Vec<String> = (0..1 + 2 * (n % 2)).map(|seed| item(n, seed)).collect();
                let refs: Vec<&str> = items.iter().map(String::as_str).collect();
                story(&format!("s{n:03}"), "", &refs)
            })
            .collect();
        let index = StoryIndex::from_stories(stories);
        let english = super::super::language::english();
        let articles = |n: usize| {
            let c = common[..8].join(" ");
            [
                // Mostly common words, with one of the story's own.
                vec![format!("They said the {c} of w{n}a.")],
                vec![
                    format!("They said the {c} of w{n}a."),
                    format!("The {c} held."),
                ],
                // Its people and the next story's words.
                vec![format!(
                    "Person{n} Surname{n} spoke of w{}a and w{}b1.",
                    n + 1,
                    n + 1
                )],
                vec![item(n, 4), item(n + 1, 5)],
                // Copies.
                vec![item(n, 0)],
                vec![item(n, 0), item(n, 1)],
            ]
        };
        let mut scored = 0;
        for n in (0..99).step_by(3) {
            for sentences in articles(n) {
                let doc = document("", sentences.iter().map(String::as_str), english);
                let scoring = Scoring::new(&index, &doc, sentences.len(), 0.25, None);
                Centroid::for_article(|scratch| {
                    for c in scoring.candidates(|_| true) {
                        let score = scoring.score(c.slot, scratch);
                        assert!(
                            score <= c.bound + BOUND_SLACK,
                            "{sentences:?} {score} {}",
                            c.bound
                        );
                        scored += 1;
                    }
                });
            }
        }
        assert!(scored > 300, "{scored}");
    }

    #[test]
    fn the_candidates_hold_the_best_story_of_all() {
        // 300 stories on 30 topics: each topic's stories share its words, each story has
        // its own people and places, and every story uses some of a common vocabulary.
        let word = |n: usize| format!("w{n}x");
        let name = |n: usize| format!("Person{n} Surname{n}");
        let text = |story: usize, seed: usize| {
            let topic = story % 30;
            let mut words: Vec<String> = (0..6)
                .map(|i| word(1000 + topic * 10 + (seed + i) % 10))
                .collect();
            words.extend((0..4).map(|i| word((story * 7 + seed * 3 + i) % 200)));
            format!(
                "{} said {} in {} on day {}.",
                name(story),
                words.join(" "),
                name(5000 + story),
                3 + story % 20
            )
        };
        let stories: Vec<Story> = (0..300)
            .map(|n| {
                let items: Vec<String> = (0..3).map(|seed| text(n, seed)).collect();
                let refs: Vec<&str> = items.iter().map(String::as_str).collect();
                story(&format!("s{n:03}"), "", &refs)
            })
            .collect();
        let index = StoryIndex::from_stories(stories);
        let english = super::super::language::english();
        for n in (0..300).step_by(7) {
            let sentences = [text(n, 5), text(n + 30, 6)];
            let doc = document("", sentences.iter().map(String::as_str), english);
            let scoring = Scoring::new(&index, &doc, sentences.len(), 0.25, None);
            let best_of_all = Centroid::for_article(|scratch| {
                (0..index.stories.len())
                    .map(|slot| (slot, scoring.score(slot, scratch)))
                    .min_by(|&x, &y| scoring.best_first(x, y))
                    .unwrap()
            });
            let found = closest_story(&index, &doc, sentences.len(), 0.25, None, |_| true);
            assert_eq!(found.map(|f| f.0), Some(best_of_all.0), "article {n}");
            assert!(found.is_some_and(|f| (f.1 - best_of_all.1).abs() < 1e-12));
        }
    }
}
