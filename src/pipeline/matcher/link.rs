//! Linking: which story an article belongs to.
//!
//! Every item a story holds is one document (its headline as it joined, for the founder
//! the story's title, and its sentences), read as terms: content words and facts (names,
//! each word and the whole name, and each word's spelling key for stories written in
//! another alphabet; places; acronyms; numbers with their units; dates), facts
//! weighing more than words, weighted by TF-IDF with document frequencies counted over the
//! documents of every story held (incremental IDF: term weights follow the stream as it
//! grows).
//!
//! An article is measured against each of its candidate stories (those sharing the most
//! of its rarer terms, found through the index's inverted lists, see [`super::index`]) by
//! a few signals ([`SIGNAL_NAMES`]): how close it is to the story's items on average, to
//! the story's facts alone and to its words alone (two reports of one kind of event share
//! their words, not their people, places, tolls and days); how many days lie between it
//! and the story (for undated ones, between the years they name); whether they are
//! written in different languages. The link model ([`super::model`], learned from the
//! development sets) turns the signals into the probability that the article tells the
//! story. The article joins the likeliest at the link threshold, or at the lower
//! unrivalled threshold when no other candidate is a [`RIVAL`]. Every signal is a mean
//! over the story's latest items, a cosine, a time apart or a flag, never a sum, so that
//! a large story is no easier to join than a small one.
//!
//! Entry points: [`likeliest_story`] (matching) and [`candidate_signals`] (training).
//! Their cost grows with the size of the candidates (at most [`SCORED_DOCUMENTS`] items
//! each), not with the number of stories held.

use super::index::StoryIndex;
use super::language::{self, Language};
use super::model::{Direction, Logistic};
use super::spelling;
use super::terms::{self, Entity, NameHints, SentenceTerms};
use crate::model::Story;
use chrono::{Datelike, NaiveDate};
use rustc_hash::FxHashMap;
use std::cell::RefCell;
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
    /// The year it names, for a year (see [`YEARS_APART`]).
    pub year: Option<i32>,
    /// A fact (anything but a plain content word; a word also used in a name is one).
    pub fact: bool,
    /// A name word's spelling key (see [`spelling`]): measured only between an article
    /// and a story written in different alphabets, where a name's words never meet
    /// (Зеленский, Zelensky). Within one alphabet the words themselves are measured,
    /// and the key would count a name twice.
    pub spelling: bool,
}

/// The kinds of term, which tell apart terms of the same text.
const WORD: u8 = b'w';
const PLACE: u8 = b'p';
const ACRONYM: u8 = b'a';
const NAME: u8 = b'n';
const NUMBER: u8 = b'#';
const DATE: u8 = b'd';
const SPELLING: u8 = b's';

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

/// A document as linking reads it.
pub(super) struct DocumentTerms {
    pub counts: Counts,
    /// The language it is read in (its code).
    pub language: &'static str,
}

/// At most this many stories, those sharing the most of an article's rarer terms, are
/// measured: a story outside them shares too little with it to be its story.
const CANDIDATES: usize = 12;

/// A story is measured by its latest this many items: what it is about now, at a cost
/// per candidate that stops growing as the story runs (a declared story never goes
/// quiet, and may hold thousands). Its candidates are still found by all of its terms,
/// and its sentences are all held.
const SCORED_DOCUMENTS: usize = 32;

/// A term used by more stories than this (and by more than a tenth of them) is too common
/// to find candidates by; it still counts in their signals.
const COMMON_TERM_STORIES: usize = 64;

/// An undated article and a story (or a dated one and an undated story) whose years
/// (those they name, or are dated in) all lie more than this apart are taken to be as
/// many days apart as their closest years: two events of one kind (the next election,
/// the return fight) are held apart by the same `days_apart` as dated reports are.
const YEARS_APART: i32 = 1;

/// The names of [`Signals`], in order: what the link model weighs.
pub const SIGNAL_NAMES: [&str; SIGNALS] = [
    "ln_cos_mean",
    "ln_cos_words",
    "cos_facts",
    "days_apart",
    "other_language",
];
pub const SIGNALS: usize = 5;

/// The way each of [`SIGNAL_NAMES`] may move a link: closer cosines toward it, dates
/// apart away from it, another language toward it (its cosines are lower for the
/// language alone, not for the story).
pub const SIGNAL_DIRECTIONS: [Direction; SIGNALS] = [
    Direction::TowardYes,
    Direction::TowardYes,
    Direction::TowardYes,
    Direction::TowardNo,
    Direction::TowardYes,
];

/// What linking measures of an article against one story (see [`SIGNAL_NAMES`]):
/// - `ln_cos_mean`: the log of its mean TF-IDF cosine with the story's latest items;
/// - `cos_facts`, `ln_cos_words`: its cosine with the story's centroid on facts alone,
///   and the log of the one on words alone;
/// - `days_apart`: ln(1 + the days between its date and the nearest of the story's);
///   when either is undated, 365 times the years between the closest years they name or
///   are dated in, if those lie more than a year (`YEARS_APART`) apart, and 0 otherwise;
/// - `other_language`: 1 when it is written in another language than the story's
///   latest item.
///
/// Cosines below 0.01 count as 0.01 in the logs.
pub type Signals = [f64; SIGNALS];

/// The signals of `article` (`published` on that day, if dated) against each of its
/// candidate stories among the live ones (`live(slot)`), those sharing most first.
pub(super) fn candidate_signals(
    index: &StoryIndex,
    article: &DocumentTerms,
    published: Option<NaiveDate>,
    live: impl Fn(usize) -> bool,
) -> Vec<(usize, Signals)> {
    let scoring = Scoring::new(index, article, published);
    let candidates = scoring.candidates(live);
    Centroid::for_article(|scratch| {
        candidates
            .into_iter()
            .map(|c| (c.slot, scoring.signals(c.slot, scratch)))
            .collect()
    })
}

/// The live candidate story `model` finds likeliest for `article`, with its probability
/// (the one [`candidate_signals`] and `model` would give; of equals, the story of the
/// lower id), and whether the article joins it: at or above `thresholds.link`, or at or
/// above `thresholds.unrivalled` when it stands out from the other candidates (there
/// are some, and none is a [`RIVAL`]; see [`Likeliest::joins`]).
///
/// A candidate is measured in full only if it could still matter: each has a bound on
/// its probability (see [`Scoring::bound`]); once the likeliest so far passes the next
/// bound, no candidate left can beat it; a rival is looked for only when the likeliest
/// lies between the two thresholds, and only among those whose bound reaches [`RIVAL`].
pub(super) fn likeliest_story(
    index: &StoryIndex,
    article: &DocumentTerms,
    published: Option<NaiveDate>,
    live: impl Fn(usize) -> bool,
    model: &Logistic,
    thresholds: Thresholds,
) -> Option<Likeliest> {
    let scoring = Scoring::new(index, article, published);
    let mut candidates: Vec<(Candidate, f64)> = scoring
        .candidates(live)
        .into_iter()
        .map(|c| {
            let bound = scoring.bound(&c, model);
            (c, bound)
        })
        .collect();
    candidates.sort_by(|x, y| scoring.best_first((x.0.slot, x.1), (y.0.slot, y.1)));
    Centroid::for_article(|scratch| {
        let mut best: Option<(usize, f64)> = None;
        // The highest probability of a candidate measured that is not the best so far.
        let mut runner_up = f64::NEG_INFINITY;
        let mut left = candidates.len();
        for (n, (candidate, bound)) in candidates.iter().enumerate() {
            if best.is_some_and(|(_, p)| *bound < p - BOUND_SLACK) {
                left = n;
                break;
            }
            let p = model.probability(&scoring.signals(candidate.slot, scratch));
            let scored = (candidate.slot, p);
            match best {
                Some(b) if scoring.best_first(scored, b).is_lt() => {
                    runner_up = runner_up.max(b.1);
                    best = Some(scored);
                }
                Some(_) => runner_up = runner_up.max(p),
                None => best = Some(scored),
            }
        }
        let (slot, probability) = best?;
        // Whether another candidate is a rival: one measured, or one left whose bound
        // could be.
        let mut rivalled = || {
            runner_up >= RIVAL
                || candidates[left..]
                    .iter()
                    .take_while(|(_, bound)| *bound >= RIVAL - BOUND_SLACK)
                    .any(|(c, _)| model.probability(&scoring.signals(c.slot, scratch)) >= RIVAL)
        };
        // With no other candidate there is nothing for the likeliest to stand out from.
        let joins = probability >= thresholds.link
            || (probability >= thresholds.unrivalled && candidates.len() > 1 && !rivalled());
        Some(Likeliest {
            slot,
            probability,
            joins,
        })
    })
}

/// The probabilities at which an article joins its likeliest story (see
/// [`super::MatchParams`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Thresholds {
    /// Whatever the other candidates.
    pub link: f64,
    /// When no other candidate is a [`RIVAL`].
    pub unrivalled: f64,
}

/// The likeliest story for an article (see [`likeliest_story`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Likeliest {
    pub slot: usize,
    pub probability: f64,
    /// Whether the article joins it: its probability reaches the link threshold, or
    /// reaches the unrivalled threshold and no other candidate is a [`RIVAL`]. A report that
    /// resembles one story and none of the other stories it shares terms with is that
    /// story's more often than one that resembles several as much (a trial weeks after a
    /// shooting, against the other shootings of the stream). With no other candidate,
    /// nothing tells how much resemblance stands out, and the link threshold holds.
    pub joins: bool,
}

/// A candidate at least this likely is a rival to the likeliest: below the link
/// threshold, the likeliest is joined only if no other candidate is one. Set, not
/// fitted: a rival is any story not clearly unlike the article. At 0.15 or 0.2 the
/// development streams gain a little more, but a stream of same-kind events told in the
/// same words (tests/linking.rs) begins to merge (see docs/benchmarks.md).
pub(super) const RIVAL: f64 = 0.1;

/// What rounding may take off a bound, or add to a probability, in the sums behind them:
/// a candidate whose bound falls short of the best so far by less is still measured.
const BOUND_SLACK: f64 = 1e-9;

/// A story worth measuring: its slot, and how much of the (unit) article's weight lies
/// on terms it uses at all, in squares, on words and on facts (see [`Scoring::bound`]).
struct Candidate {
    slot: usize,
    shared: [f64; 2],
}

/// The article as measured against stories written in its own alphabet, or in another
/// (with its names' spelling keys: see [`TermCount::spelling`]).
struct ArticleVector {
    terms: Vec<ArticleTerm>,
    /// The squared length of its (unit) vector on words and on facts.
    norms: [f64; 2],
}

impl ArticleVector {
    fn of(index: &StoryIndex, article: &Counts, idf: &Idf, spelling: bool) -> ArticleVector {
        let terms = article_vector(index, article, idf, spelling);
        let mut norms = [0.0; 2];
        for t in &terms {
            norms[usize::from(t.fact)] += t.weight * t.weight;
        }
        ArticleVector { terms, norms }
    }
}

/// One article being measured against stories.
struct Scoring<'a> {
    index: &'a StoryIndex,
    idf: Idf,
    /// Against a story written in its alphabet.
    a: ArticleVector,
    /// Against a story written in another, when it names someone and some story held is.
    across: Option<ArticleVector>,
    /// The years it names or is dated in.
    years: Vec<i32>,
    published: Option<NaiveDate>,
    language: &'static str,
}

impl<'a> Scoring<'a> {
    fn new(
        index: &'a StoryIndex,
        article: &'a DocumentTerms,
        published: Option<NaiveDate>,
    ) -> Scoring<'a> {
        // Incremental IDF: every document held, and the article itself (which holds each
        // term it is asked about).
        let idf = Idf::over(index.documents + 1);
        let a = ArticleVector::of(index, &article.counts, &idf, false);
        let across = language::script_of(article.language)
            .filter(|&script| {
                article.counts.values().any(|t| t.spelling)
                    && index.holds_other_scripts_than(script)
            })
            .map(|_| ArticleVector::of(index, &article.counts, &idf, true));
        let years = article
            .counts
            .values()
            .filter_map(|term| term.year)
            .chain(published.map(|d| d.year()))
            .collect();
        Scoring {
            index,
            idf,
            a,
            across,
            years,
            published,
            language: article.language,
        }
    }

    /// The article as measured against the story at `slot`, and whether that is
    /// written in another alphabet (its names' spelling keys count).
    fn vector_for(&self, slot: usize) -> (&ArticleVector, bool) {
        match &self.across {
            Some(across) if self.spelled_apart(slot) => (across, true),
            _ => (&self.a, false),
        }
    }

    /// Whether the story at `slot` (its latest item) and the article write names in
    /// different alphabets.
    fn spelled_apart(&self, slot: usize) -> bool {
        let story = language::script_of(self.index.stories[slot].language());
        let article = language::script_of(self.language);
        matches!((story, article), (Some(s), Some(a)) if s != a)
    }

    /// The live stories sharing the most of the article's rarer terms, at most
    /// [`CANDIDATES`], those sharing most first.
    fn candidates(&self, live: impl Fn(usize) -> bool) -> Vec<Candidate> {
        SHARES.with_borrow_mut(|[own, spelled]| {
            let stories = self.index.stories.len();
            // The terms too common to find candidates by: any story may use them.
            let mut common_shared = [[0.0; 2]; 2];
            own.ready(stories);
            self.share(&self.a, own, &mut common_shared[0]);
            if let Some(across) = &self.across {
                // Stories in another alphabet are measured with the names' spellings:
                // their shares are counted again, those of the stories in the article's
                // alphabet left as they were.
                spelled.ready(stories);
                self.share(across, spelled, &mut common_shared[1]);
                for &slot in &spelled.sharing {
                    if !self.spelled_apart(slot) {
                        continue;
                    }
                    if own.rank[slot] == 0.0 {
                        own.sharing.push(slot);
                    }
                    own.rank[slot] = spelled.rank[slot];
                    own.shared[slot] = spelled.shared[slot];
                }
            }
            let mut slots: Vec<(usize, f64)> = (own.sharing.iter())
                .filter(|&&slot| live(slot))
                .map(|&slot| (slot, own.rank[slot]))
                .collect();
            if slots.len() > CANDIDATES {
                slots.select_nth_unstable_by(CANDIDATES - 1, |x, y| self.best_first(*x, *y));
                slots.truncate(CANDIDATES);
            }
            slots.sort_by(|x, y| self.best_first(*x, *y));
            slots
                .into_iter()
                .map(|(slot, _)| {
                    let common = common_shared[usize::from(self.vector_for(slot).1)];
                    let shared = own.shared[slot];
                    Candidate {
                        slot,
                        shared: [shared[0] + common[0], shared[1] + common[1]],
                    }
                })
                .collect()
        })
    }

    /// Adds up, for each story sharing a term of `a` that is rare enough to find
    /// candidates by, the IDF-weighted article weight it shares (`shares.rank`) and the
    /// squared weight on words and on facts (`shares.shared`); `shares.sharing` lists
    /// those stories, and `common` gets the squared weight of the common terms.
    fn share(&self, a: &ArticleVector, shares: &mut Shares, common: &mut [f64; 2]) {
        let Shares {
            rank,
            shared,
            sharing,
        } = shares;
        let index = self.index;
        let too_common = COMMON_TERM_STORIES.max(index.stories.len() / 10);
        for term in &a.terms {
            let Some(id) = term.id else { continue };
            let entry = &index.terms[id as usize];
            let class = usize::from(term.fact);
            let squared = term.weight * term.weight;
            if entry.stories.len() > too_common {
                common[class] += squared;
                continue;
            }
            let weight = term.weight * self.idf.of(entry.documents);
            for &slot in &entry.stories {
                let slot = slot as usize;
                if rank[slot] == 0.0 {
                    sharing.push(slot);
                }
                rank[slot] += weight;
                shared[slot][class] += squared;
            }
        }
    }

    /// The most `model` can give the candidate. Every cosine behind the signals is at
    /// most what the article's (unit) vector weighs on the terms the story uses (its mean
    /// cosine with the items: that length; its cosine on words or facts alone: that
    /// length on words or facts over the article's own), and the other signals are
    /// measured exactly: each signal is set to the end of its range `model` weighs most.
    fn bound(&self, candidate: &Candidate, model: &Logistic) -> f64 {
        let [words, facts] = candidate.shared;
        let part = |shared: f64, own: f64| {
            if own > 0.0 {
                (shared / own).sqrt().min(1.0)
            } else {
                0.0
            }
        };
        let mut x = self.exact_signals(candidate.slot);
        let norms = self.vector_for(candidate.slot).0.norms;
        let highest = [
            (words + facts).sqrt().min(1.0),
            part(words, norms[0]),
            part(facts, norms[1]),
        ];
        // The cosine signals come first, in the order of SIGNAL_NAMES.
        let ln = |cosine: f64| cosine.max(0.01).ln();
        let ranges = [
            (ln(0.0), ln(highest[0])),
            (ln(0.0), ln(highest[1])),
            (0.0, highest[2]),
        ];
        for (k, (low, high)) in ranges.into_iter().enumerate() {
            x[k] = if model.weights[k] >= 0.0 { high } else { low };
        }
        model.probability(&x)
    }

    /// The article's signals against the story at `slot` (see [`SIGNAL_NAMES`]).
    fn signals(&self, slot: usize, scratch: &mut Centroid) -> Signals {
        let (a, across) = self.vector_for(slot);
        let mean = story_centroid(self.index, slot, &a.terms, across, &self.idf, scratch);
        let [words, facts] = class_cosines(self.index, &a.terms, scratch);
        let mut x = self.exact_signals(slot);
        let ln = |cosine: f64| cosine.max(0.01).ln();
        x[0] = ln(mean);
        x[1] = ln(words);
        x[2] = facts;
        x
    }

    /// The signals that need no cosine (time, language), with the cosines' left at 0.
    fn exact_signals(&self, slot: usize) -> Signals {
        let indexed = &self.index.stories[slot];
        let story = &indexed.story;
        // Undated, the years named stand for the dates: when all of them lie more than
        // YEARS_APART apart, as many days apart as the closest two. How much time apart
        // weighs is then learned where reports are dated.
        let days = days_apart(story, self.published).or_else(|| {
            let story_years = indexed.years();
            self.years
                .iter()
                .flat_map(|y| story_years.iter().map(move |s| i64::from((y - s).abs())))
                .min()
                .filter(|&gap| gap > i64::from(YEARS_APART))
                .map(|gap| gap * 365)
        });
        // A declared story is followed whenever it goes: time does not lean away from it.
        let days = days.filter(|_| !story.declared);
        [
            0.0,
            0.0,
            0.0,
            days.map_or(0.0, |d| (d as f64).ln_1p()),
            if indexed.language() == self.language {
                0.0
            } else {
                1.0
            },
        ]
    }

    /// Higher first, and of equals, the story of the lower id: a fixed order.
    fn best_first(&self, x: (usize, f64), y: (usize, f64)) -> std::cmp::Ordering {
        let story_id = |slot: usize| &self.index.stories[slot].story.id;
        y.1.total_cmp(&x.1)
            .then_with(|| story_id(x.0).cmp(story_id(y.0)))
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
    fact: bool,
}

/// The article's terms, each weighted (see [`ArticleTerm`]); its names' spelling keys
/// only if `spelling`.
fn article_vector(
    index: &StoryIndex,
    article: &Counts,
    idf: &Idf,
    spelling: bool,
) -> Vec<ArticleTerm> {
    let mut terms: Vec<(u64, ArticleTerm)> = article
        .iter()
        .filter(|(_, term)| spelling || !term.spelling)
        .map(|(&key, term)| {
            let id = index.known_term(key);
            let documents = id.map_or(0, |id| index.terms[id as usize].documents);
            let t = ArticleTerm {
                id,
                weight: term_frequency_weight(term.count, term.kind) * idf.of(documents),
                fact: term.fact,
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
/// read and clear it): an article is measured against a dozen stories, and a hash map per
/// story cost more than the sums.
#[derive(Default)]
struct Centroid {
    weights: Vec<f64>,
    touched: Vec<u32>,
    /// Each term's IDF as worked out during the article's measuring (`idf_round`), by
    /// id: the dozen stories measured share most of their terms, and a logarithm per term
    /// of each of their items was most of the cost of measuring a story of many items.
    idf: Vec<(u64, f64)>,
    idf_round: u64,
    /// One document's weights, before they are normalised and added.
    document: Vec<(u32, f64)>,
}

impl Centroid {
    /// Runs `f` with this thread's scratch, for measuring one article: the IDFs worked
    /// out for the last one are stale.
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
    static SHARES: RefCell<[Shares; 2]> = RefCell::default();
}

/// One article's sums by story slot (see [`Scoring::share`]), kept per thread and
/// cleared by [`Shares::ready`] before each use, so that an article costs what it
/// shares, not what the index holds. Each thread that matches keeps 24 bytes a story
/// (48 once it has matched a report in another alphabet) while it lives.
#[derive(Default)]
struct Shares {
    rank: Vec<f64>,
    shared: Vec<[f64; 2]>,
    /// Every slot whose sums may not be zero, perhaps twice: a slot is listed before
    /// its sums first change.
    sharing: Vec<usize>,
}

impl Shares {
    /// Zero for every one of `stories` slots. Cleared here, before use, so that an
    /// article whose matching stopped half-way leaves the next one nothing.
    fn ready(&mut self, stories: usize) {
        for &slot in &self.sharing {
            self.rank[slot] = 0.0;
            self.shared[slot] = [0.0; 2];
        }
        self.sharing.clear();
        if self.rank.len() < stories {
            self.rank.resize(stories, 0.0);
            self.shared.resize(stories, [0.0; 2]);
        }
    }
}

/// Sums the centroid of the story at `slot` into `centroid` (its latest
/// [`SCORED_DOCUMENTS`] items, each of unit length) and returns the article's mean cosine
/// with those items: its dot product with the centroid over their number. A mean, not a
/// sum or a maximum, so that a story's size is no pull of its own.
fn story_centroid(
    index: &StoryIndex,
    slot: usize,
    a: &[ArticleTerm],
    spelling: bool,
    idf: &Idf,
    centroid: &mut Centroid,
) -> f64 {
    centroid.clear();
    let story = &index.stories[slot];
    let documents = story.latest_documents(SCORED_DOCUMENTS, index.weights());
    let items = documents.len().max(1) as f64;
    let mut weights = std::mem::take(&mut centroid.document);
    for doc in documents {
        weights.clear();
        for (id, tf) in doc {
            let term = &index.terms[id as usize];
            if term.spelling && !spelling {
                continue;
            }
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
    (dot / items).max(0.0)
}

/// The cosine of the article and the centroid in `centroid` on words alone and on facts
/// alone; 0 where either has none.
fn class_cosines(index: &StoryIndex, a: &[ArticleTerm], centroid: &Centroid) -> [f64; 2] {
    let class = |fact: bool| usize::from(fact);
    let mut dot = [0.0; 2];
    let mut a_norm = [0.0; 2];
    let mut c_norm = [0.0; 2];
    for t in a {
        let c = t.id.and_then(|id| centroid.get(id)).unwrap_or(0.0);
        let k = class(t.fact);
        dot[k] += t.weight * c;
        a_norm[k] += t.weight * t.weight;
    }
    for &id in &centroid.touched {
        let w = centroid.weights[id as usize];
        c_norm[class(index.terms[id as usize].fact)] += w * w;
    }
    std::array::from_fn(|k| {
        if a_norm[k] > 0.0 && c_norm[k] > 0.0 {
            (dot[k] / (a_norm[k] * c_norm[k]).sqrt()).max(0.0)
        } else {
            0.0
        }
    })
}

/// How many days lie between an article dated `date` and the nearest of `story`'s
/// dates (0 within them); none when either is undated.
fn days_apart(story: &Story, date: Option<NaiveDate>) -> Option<i64> {
    let (date, first, last) = (date?, story.first_date?, story.last_date?);
    Some(if date < first {
        (first - date).num_days()
    } else if date > last {
        (date - last).num_days()
    } else {
        0
    })
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
    for terms in sentences {
        add_terms(&mut doc, terms, 1.0, lang);
    }
    if let Some(title) = title {
        add_terms(&mut doc, title, TITLE_REPEAT, lang);
    }
    DocumentTerms {
        counts: doc,
        language: lang.code,
    }
}

fn add_terms(doc: &mut Counts, t: &SentenceTerms, times: f64, lang: &Language) {
    let mut add = |key: u64, weight: f64, year: Option<i32>| {
        let entry = doc.entry(key).or_insert(TermCount {
            count: 0.0,
            kind: weight,
            year,
            fact: false,
            spelling: false,
        });
        entry.count += times;
        entry.kind = entry.kind.max(weight);
        entry.fact |= weight != WORD_WEIGHT;
    };
    let mut spelled = Vec::new();
    for &key in t.word_keys() {
        add(word_term_key(key), WORD_WEIGHT, None);
    }
    for e in &t.entities {
        match e {
            Entity::Place(p) => add(term_key(PLACE, &[p]), PLACE_WEIGHT, None),
            Entity::Acronym(a) => add(term_key(ACRONYM, &[a]), ACRONYM_WEIGHT, None),
            Entity::Name(words) => {
                for w in words {
                    add(name_word_key(w, lang), NAME_WORD_WEIGHT, None);
                    let word = lang.lexicon.name_without_case_ending(w);
                    if let Some(key) = spelling::spelling_key(word) {
                        spelled.push(term_key(SPELLING, &[&key]));
                    }
                }
                if words.len() >= 2 {
                    let words: Vec<&str> = words.iter().map(String::as_str).collect();
                    add(term_key(NAME, &words), FULL_NAME_WEIGHT, None);
                }
            }
        }
    }
    for n in &t.numbers {
        add(term_key(NUMBER, &[n]), NUMBER_WEIGHT, None);
    }
    for d in &t.dates {
        add(term_key(DATE, &[d]), DATE_WEIGHT, terms::year_of_date(d));
    }
    // A name word's spelling weighs what the word does.
    for key in spelled {
        let entry = doc.entry(key).or_insert(TermCount {
            count: 0.0,
            kind: NAME_WORD_WEIGHT,
            year: None,
            fact: true,
            spelling: true,
        });
        entry.count += times;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matcher::link_model;
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

    /// The link model's probability per candidate story (by id), for an article of
    /// `title` and `text` dated `published`.
    fn probabilities_on(
        index: &StoryIndex,
        title: &str,
        text: &str,
        published: Option<NaiveDate>,
    ) -> HashMap<String, f64> {
        let model = link_model();
        let paragraphs = [Paragraph {
            kind: BlockKind::Paragraph,
            text: text.to_string(),
        }];
        let sentences = super::super::sentences::article_sentences(&paragraphs);
        let lang = super::super::language::of_document(title, sentences.iter().map(String::as_str));
        let doc = document(title, sentences.iter().map(String::as_str), lang);
        candidate_signals(index, &doc, published, |_| true)
            .into_iter()
            .map(|(slot, signals)| {
                let id = index.stories[slot].story.id.0.clone();
                (id, model.probability(&signals))
            })
            .collect()
    }

    fn probabilities(index: &StoryIndex, title: &str, text: &str) -> HashMap<String, f64> {
        probabilities_on(index, title, text, None)
    }

    /// The committed model's threshold: an article joins a story at or above it.
    fn threshold() -> f64 {
        link_model().threshold
    }

    #[test]
    fn a_story_reads_each_items_headline_with_its_sentences() {
        // The follow-up that names the town and the shop did so in its headline only.
        let mut fire = story(
            "fire",
            "Fire destroys supermarket",
            &[
                "A fire destroyed a supermarket on Saturday. Firefighters fought the blaze for hours.",
                "Police arrested a man on Monday. He is due in court on Friday.",
            ],
        );
        let bare = StoryIndex::from_stories([fire.clone()]);
        fire.headlines.insert(
            ItemId("fire-1".to_string()),
            "Man charged with arson over Waitrose fire in Wellington".to_string(),
        );
        let headed = StoryIndex::from_stories([fire.clone()]);
        let title = "Wellington Waitrose arson suspect appears in court";
        let text =
            "The man charged with arson over the Waitrose fire in Wellington appeared in court.";
        let without = probabilities(&bare, title, text)["fire"];
        let with = probabilities(&headed, title, text)["fire"];
        assert!(with > without + 0.05, "{without} then {with}");
        // A story whose item gains its headline is read again.
        let mut updated = bare;
        updated.upsert(fire);
        assert_eq!(probabilities(&updated, title, text)["fire"], with);
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
        let s = probabilities(
            &index,
            "Qeshm quake damages villages",
            "The earthquake on Qeshm island in southern Iran damaged houses in three villages and injured five people, Iranian state television said on Friday.",
        );
        let izmir = s.get("izmir").copied().unwrap_or(0.0);
        assert!(s["qeshm"] >= threshold(), "{s:?}");
        assert!(izmir < threshold(), "{s:?}");
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
        let undated = probabilities(&index, "", &format!("{text} The crowd cheered."))["fight"];
        let later =
            probabilities(&index, "", &format!("{text} The crowd cheered in 2012."))["fight"];
        assert!(undated >= threshold(), "{undated}");
        assert!(later < undated * 0.6, "{undated} {later}");
    }

    #[test]
    fn years_named_stand_for_dates_when_a_report_is_undated() {
        // Two captures of pirates by one navy, three years apart: undated, the years they
        // name count as the days between them, as dates would.
        let capture = "The Indian Navy captured 23 pirates in the Gulf of Aden in 2008, a navy spokesman said.";
        let days_of = |index: &StoryIndex, text: &str, published| {
            let model = link_model();
            let paragraphs = [Paragraph {
                kind: BlockKind::Paragraph,
                text: text.to_string(),
            }];
            let sentences = super::super::sentences::article_sentences(&paragraphs);
            let lang = super::super::language::english();
            let doc = document("", sentences.iter().map(String::as_str), lang);
            let signals = candidate_signals(index, &doc, published, |_| true);
            assert_eq!(signals.len(), 1);
            let days = SIGNAL_NAMES
                .iter()
                .position(|n| *n == "days_apart")
                .unwrap();
            (signals[0].1[days], model.probability(&signals[0].1))
        };
        let undated = StoryIndex::from_stories([story("navy", "", &[capture])]);
        let later =
            "The Indian Navy captured pirates in the Gulf of Aden in 2011, a navy spokesman said.";
        let (days, undated_p) = days_of(&undated, later, None);
        assert!((days - (3.0f64 * 365.0).ln_1p()).abs() < 1e-9, "{days}");
        // A year on is no evidence either way (December and January).
        let (days, near_p) = days_of(&undated, &later.replace("2011", "2009"), None);
        assert_eq!(days, 0.0);
        assert!(undated_p < near_p, "{undated_p} {near_p}");
        // Dated, the dates decide, and three years between dates weigh as three years
        // between the years named.
        let mut dated = story("navy", "", &[capture]);
        let date = |y| NaiveDate::from_ymd_opt(y, 12, 13);
        (dated.first_date, dated.last_date) = (date(2008), date(2008));
        let dated = StoryIndex::from_stories([dated]);
        let (days, dated_p) = days_of(&dated, later, date(2011));
        assert!((days - 1095f64.ln_1p()).abs() < 1e-9, "{days}");
        assert!((dated_p - undated_p).abs() < 0.01, "{dated_p} {undated_p}");
        // A dated report against an undated story: its year against the years named.
        let plain_later = later.replace(" in 2011", "");
        let (days, _) = days_of(&undated, &plain_later, date(2011));
        assert!((days - (3.0f64 * 365.0).ln_1p()).abs() < 1e-9, "{days}");
        // A declared story is followed whenever it goes.
        let mut declared = story("navy", "", &[capture]);
        declared.declared = true;
        let declared = StoryIndex::from_stories([declared]);
        assert_eq!(days_of(&declared, later, None).0, 0.0);
    }

    /// Asserts that an article of `title` and `text` measures the same against every
    /// candidate of `kept` as of `fresh` (up to the order floating-point sums were taken
    /// in); returns `kept`'s probabilities.
    fn assert_measure_alike(
        kept: &StoryIndex,
        fresh: &StoryIndex,
        title: &str,
        text: &str,
    ) -> HashMap<String, f64> {
        let (a, b) = (
            probabilities(kept, title, text),
            probabilities(fresh, title, text),
        );
        assert_eq!(a.len(), b.len(), "{a:?} {b:?}");
        for (story, score) in &a {
            assert!((score - b[story]).abs() < 1e-12, "{a:?} {b:?}");
        }
        a
    }

    #[test]
    fn an_index_kept_up_to_date_measures_as_one_built_afresh() {
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
        let a = assert_measure_alike(&kept, &fresh, title, text);
        assert!(a["ecb"] >= threshold(), "{a:?}");
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
        let text = format!("{text} Analysts expect a cut in the spring.");
        let a = assert_measure_alike(&kept, &fresh, title, &text);
        assert!(a["ecb"] >= threshold(), "{a:?}");
        assert_eq!(kept.documents, fresh.documents);
    }

    #[test]
    fn an_item_held_that_gains_sentences_or_a_headline_is_read_again_not_added() {
        // The store appends a new version's sentences after the story's others, and keeps
        // an item's headline; an index kept up to date reads that item's document again.
        let other = story(
            "fed",
            "Fed cuts rates",
            &["The Federal Reserve cut its benchmark rate by a quarter point on Wednesday, Chair Jerome Powell said in Washington."],
        );
        let before = story("ecb", "ECB holds rates", &[ECB_FIRST, ECB_SECOND]);
        let mut longer = before.clone();
        longer.sentences.push(HeldSentence {
            text: "Wages in Frankfurt were rising more slowly, Lagarde said.".to_string(),
            item: ItemId("ecb-1".to_string()),
            claim: None,
        });
        let mut headed = longer.clone();
        (headed.headlines).insert(
            ItemId("ecb-1".to_string()),
            "Lagarde: wages slow".to_string(),
        );
        let mut kept = StoryIndex::from_stories([before, other.clone()]);
        for grown in [longer, headed] {
            kept.upsert(grown.clone());
            let fresh = StoryIndex::from_stories([grown, other.clone()]);
            assert_eq!(kept.documents, fresh.documents);
            let text = "Lagarde said wages were slowing, and the bank kept its rates.";
            let a = assert_measure_alike(&kept, &fresh, "Lagarde: wages slow", text);
            assert!(a.contains_key("ecb"), "{a:?}");
        }
    }

    #[test]
    fn an_index_given_only_what_a_story_gained_measures_as_one_given_all_of_it() {
        let other = story(
            "fed",
            "Fed cuts rates",
            &["The Federal Reserve cut its benchmark rate by a quarter point on Wednesday, Chair Jerome Powell said in Washington."],
        );
        let third = "Analysts in Frankfurt expect the bank to cut rates in the spring.";
        let mut whole = story("ecb", "ECB holds rates", &[ECB_FIRST, ECB_SECOND, third]);
        whole.last_date = NaiveDate::from_ymd_opt(2025, 3, 7);
        (whole.headlines).insert(ItemId("ecb-2".into()), "Spring cut expected".into());
        // A new version of the second item, its sentence after the others (as the store
        // keeps it): that item's document is read again.
        let mut edited = whole.clone();
        edited.sentences.push(HeldSentence {
            text: "Wages in Frankfurt were rising more slowly, Lagarde said.".to_string(),
            item: ItemId("ecb-1".to_string()),
            claim: None,
        });
        let first = story("ecb", "ECB holds rates", &[ECB_FIRST]);
        let mut kept = StoryIndex::from_stories([first, other.clone()]);
        for grown in [whole, edited.clone()] {
            let (items, sentences) = kept.held_counts(&grown.id).unwrap();
            let later = Story {
                items: grown.items[items as usize..].to_vec(),
                sentences: grown.sentences[sentences as usize..].to_vec(),
                headlines: (grown.headlines.iter())
                    .filter(|(item, _)| !grown.items[..items as usize].contains(item))
                    .map(|(item, h)| (item.clone(), h.clone()))
                    .collect(),
                ..grown.clone()
            };
            assert!(kept.extend(later));
            let fresh = StoryIndex::from_stories([grown.clone(), other.clone()]);
            assert_eq!(kept.documents, fresh.documents);
            assert_eq!(
                kept.held_counts(&grown.id),
                Some((grown.items.len() as u32, grown.sentences.len() as u64))
            );
            let text = "Lagarde said wages were slowing; analysts expect a cut in the spring.";
            let a = assert_measure_alike(&kept, &fresh, "Spring cut expected", text);
            assert!(a.contains_key("ecb"), "{a:?}");
        }
        // A headline, and nothing else, for an item held (one that left and came back).
        let mut headed = edited;
        let wages = "Lagarde: wages slow".to_string();
        (headed.headlines).insert(ItemId("ecb-1".into()), wages.clone());
        let later = Story {
            items: Vec::new(),
            sentences: Vec::new(),
            headlines: [(ItemId("ecb-1".into()), wages)].into(),
            ..headed.clone()
        };
        assert!(kept.extend(later));
        let fresh = StoryIndex::from_stories([headed, other]);
        let a = assert_measure_alike(&kept, &fresh, "Lagarde: wages slow", "Wages slowed.");
        assert!(a.contains_key("ecb"), "{a:?}");
        assert!(!kept.extend(story("boe", "BoE holds", &[ECB_FIRST])));
    }

    const ECB_FIRST: &str = "The European Central Bank kept interest rates unchanged on Thursday, President Christine Lagarde said in Frankfurt.";
    const ECB_SECOND: &str = "Lagarde told reporters in Frankfurt that inflation was falling towards the bank's 2 percent target.";

    #[test]
    fn a_long_story_is_measured_by_its_latest_items_and_all_its_years() {
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
        let s = probabilities(&index, "", text);
        assert!(s["long"] >= threshold(), "{s:?}");
        // Equal up to the order floating-point sums were taken in.
        assert!((s["long"] - s["recent"]).abs() < 1e-12, "{s:?}");
        // A later year leans away from the story that named 2019 in an early item.
        let s = probabilities(&index, "", &text.replace("next week", "in 2023"));
        assert!(
            s["long"] < threshold() && s["long"] < s["recent"] * 0.6,
            "{s:?}"
        );
    }

    #[test]
    fn an_articles_candidates_do_not_depend_on_the_articles_matched_before_it() {
        // The sums behind the candidates are kept per thread from one article to the
        // next (see `Shares`): nothing one article added may be left for the next, in
        // either pass (a Russian report is measured again with its names' spellings
        // against the English stories).
        let latin = ["Zelensky", "Scholz", "Macron", "Petrov", "Ivanov", "Volkov"];
        let cyrillic = ["Зеленский", "Шольц", "Макрон", "Петров", "Иванов", "Волков"];
        let stories: Vec<Story> = (0..40)
            .map(|n| {
                let text = if n % 5 == 0 {
                    format!("Вчера мэр {} открыл новый мост номер {n}.", cyrillic[n % 6])
                } else {
                    let (name, kind) = (latin[n % 6], n % 4);
                    format!(
                        "Mayor {name} opened the w{kind}x bridge in Town{n} on day {}.",
                        n % 9
                    )
                };
                story(&format!("s{n}"), "", &[&text])
            })
            .collect();
        let index = StoryIndex::from_stories(stories);
        let candidates = |n: usize| {
            let text = if n % 2 == 1 {
                format!("Сегодня мэр {} говорил о мосте номер {n}.", cyrillic[n % 6])
            } else {
                let (name, kind) = (latin[n % 6], n % 4);
                format!(
                    "Mayor {name} spoke about the w{kind}x bridge in Town{} today.",
                    n + 1
                )
            };
            let language = super::super::language::of_document("", [text.as_str()].into_iter());
            let doc = document("", [text.as_str()].into_iter(), language);
            let scoring = Scoring::new(&index, &doc, None);
            let found = scoring.candidates(|_| true);
            let found: Vec<_> = found.iter().map(|c| (c.slot, c.shared)).collect();
            (scoring.across.is_some(), found)
        };
        let each_on_a_fresh_thread: Vec<_> = (0..40)
            .map(|n| std::thread::scope(|s| s.spawn(|| candidates(n)).join().unwrap()))
            .collect();
        let one_after_another: Vec<_> = (0..40).map(candidates).collect();
        // The Russian reports meet English stories through their names' spellings.
        let english_found = |(across, found): &(bool, Vec<(usize, [f64; 2])>)| {
            *across && found.iter().any(|(slot, _)| slot % 5 != 0)
        };
        assert!(
            each_on_a_fresh_thread
                .iter()
                .filter(|c| english_found(c))
                .count()
                >= 10
        );
        assert!(each_on_a_fresh_thread
            .iter()
            .all(|(_, found)| found.len() > 1));
        assert_eq!(one_after_another, each_on_a_fresh_thread);
    }

    #[test]
    fn the_candidates_hold_the_likeliest_story_of_all() {
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
            let scoring = Scoring::new(&index, &doc, None);
            let model = link_model();
            let likeliest = |slots: &mut dyn Iterator<Item = usize>, scratch: &mut Centroid| {
                slots
                    .map(|slot| (slot, model.probability(&scoring.signals(slot, scratch))))
                    .min_by(|&x, &y| scoring.best_first(x, y))
                    .expect("a story")
            };
            let (of_all, of_candidates) = Centroid::for_article(|scratch| {
                let of_all = likeliest(&mut (0..index.stories.len()), scratch);
                let candidates = scoring.candidates(|_| true);
                (
                    of_all,
                    likeliest(&mut candidates.into_iter().map(|c| c.slot), scratch),
                )
            });
            assert_eq!(of_candidates.0, of_all.0, "article {n}");
            assert!(of_all.1 >= model.threshold, "article {n}: {of_all:?}");
        }
    }

    #[test]
    fn no_candidate_is_likelier_than_its_bound_and_the_likeliest_and_its_rivals_are_found() {
        // 100 stories, each with its own people, words and town, all using one common
        // vocabulary: its words are too common to find candidates by, but count in the
        // cosines.
        let common: Vec<String> = (0..12).map(|i| format!("c{i}x")).collect();
        let item = |n: usize, seed: usize| {
            let words: Vec<&str> = (0..6).map(|i| common[(seed + i) % 12].as_str()).collect();
            format!(
                "Person{n} Surname{n} said the {} of w{n}a w{n}b{seed} in Town{n} on day {}.",
                words.join(" "),
                3 + seed
            )
        };
        let stories: Vec<Story> = (0..100)
            .map(|n| {
                let items: Vec<String> = (0..1 + 2 * (n % 2)).map(|seed| item(n, seed)).collect();
                let refs: Vec<&str> = items.iter().map(String::as_str).collect();
                story(&format!("s{n:03}"), "", &refs)
            })
            .collect();
        let index = StoryIndex::from_stories(stories);
        let english = super::super::language::english();
        let model = link_model();
        // A model that weighs every cosine against the story too: the bound must hold
        // whatever the signs.
        let mut contrary = model.clone();
        contrary.weights[1] = -contrary.weights[1];
        contrary.weights[2] = -contrary.weights[2];
        let articles = |n: usize| {
            let c = common[..8].join(" ");
            [
                vec![format!("They said the {c} of w{n}a.")],
                vec![format!(
                    "Person{n} Surname{n} spoke of w{}a and w{}b1.",
                    n + 1,
                    n + 1
                )],
                vec![item(n, 4), item(n + 1, 5)],
                vec![item(n, 0)],
                vec![item(n, 0), item(n, 1)],
            ]
        };
        let mut measured = 0;
        let mut between = 0;
        for model in [&model, &contrary] {
            for n in (0..99).step_by(3) {
                for sentences in articles(n) {
                    let doc = document("", sentences.iter().map(String::as_str), english);
                    let scoring = Scoring::new(&index, &doc, None);
                    let all = Centroid::for_article(|scratch| {
                        let mut all = Vec::new();
                        for c in scoring.candidates(|_| true) {
                            let p = model.probability(&scoring.signals(c.slot, scratch));
                            let bound = scoring.bound(&c, model);
                            assert!(p <= bound + BOUND_SLACK, "{sentences:?} {p} {bound}");
                            all.push((c.slot, p));
                            measured += 1;
                        }
                        all
                    });
                    let best = all
                        .iter()
                        .copied()
                        .min_by(|&x, &y| scoring.best_first(x, y));
                    // Whether it joins, as every candidate measured would say, at the
                    // committed thresholds and at others, so that some articles lie
                    // between the two.
                    for (link, unrivalled) in [(0.45, 0.25), (0.9, 0.2), (0.6, 0.3), (0.999, 0.12)]
                    {
                        let thresholds = Thresholds { link, unrivalled };
                        let found =
                            likeliest_story(&index, &doc, None, |_| true, model, thresholds);
                        assert_eq!(found.map(|f| f.slot), best.map(|b| b.0), "{sentences:?}");
                        let Some((slot, p)) = best else { continue };
                        let rivals: Vec<f64> =
                            all.iter().filter(|c| c.0 != slot).map(|c| c.1).collect();
                        let stands_out = !rivals.is_empty() && rivals.iter().all(|&q| q < RIVAL);
                        let joins = p >= link || (p >= unrivalled && stands_out);
                        between += usize::from(p < link && p >= unrivalled);
                        assert_eq!(
                            found.map(|f| (f.probability, f.joins)),
                            Some((p, joins)),
                            "{sentences:?} {link} {unrivalled} {rivals:?}"
                        );
                    }
                }
            }
        }
        assert!(measured > 300, "{measured}");
        assert!(between > 10, "{between}");
    }
}
