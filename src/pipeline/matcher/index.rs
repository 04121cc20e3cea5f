//! The stories the matcher holds, indexed so that a new article costs a look at its
//! candidate stories, not a pass over every story.
//!
//! Each item a story holds is one document: its headline (for the founder, the story's
//! title) and its sentences, as weighted terms (see [`super::link`]). Per term, the index
//! keeps how many documents use it (so IDF follows the stream as it grows) and which
//! stories use it (an inverted index), so that [`super::link::likeliest_story`] finds the
//! stories sharing an article's rarer terms and measures those that could come first. Per
//! story it keeps the years its items name, and each sentence analysed, so that judging an
//! article's sentences against its story reads nothing again.
//!
//! The index is a cache of the stories it is given: [`StoryIndex::upsert`] takes a story
//! again after it changed and brings its entries up to date, item by item, and
//! [`StoryIndex::extend`] takes only what a story it holds gained. It holds
//! nothing its stories do not say, so an index built from a store's stories at start and
//! one kept up to date item by item give the same decisions.

use super::language::{self, Language, Script, SCRIPTS};
use super::link::{self, Counts};
use super::novelty::Held;
use super::packed::trim;
use super::terms::{self, NameHints};
use crate::model::{HeldSentence, ItemId, Story, StoryId};
use chrono::{Datelike, NaiveDate};
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::BTreeMap;
use std::sync::Arc;

/// At most this many stories are indexed on the caller's thread (see
/// [`StoryIndex::from_stories`]); more on a thread of their own, with this many taken
/// from the caller and waiting to be indexed.
const STORIES_READ_ALONE: usize = 16;
const STORIES_IN_FLIGHT: usize = 64;

/// What the index knows of one term.
#[derive(Debug, Default)]
pub(super) struct TermEntry {
    /// Documents (items, across all stories) that use the term.
    pub documents: u32,
    /// The stories that use it, each once, by slot.
    pub stories: Vec<u32>,
    /// The year it names, for a year term (see [`link::TermCount::year`]).
    pub year: Option<i32>,
    /// A fact, not a plain word (see [`link::TermCount::fact`]), as first met.
    pub fact: bool,
    /// A name word's spelling key (see [`link::TermCount::spelling`]).
    pub spelling: bool,
}

/// One item of a story, as linking reads it.
pub(super) struct Document {
    item: ItemId,
    /// How many of the story's sentences came from the item when it was read, and
    /// whether it carried a headline: it is read again when either changes (an item's
    /// headline is the one it joined with, so it only ever appears).
    sentences: usize,
    headed: bool,
    /// The language it is written in; its sentences are read in it.
    language: &'static Language,
    /// Where its terms are in its story's `terms`.
    terms: std::ops::Range<usize>,
}

/// A story with its entries in the index.
pub(super) struct IndexedStory {
    pub story: Story,
    pub documents: Vec<Document>,
    /// The terms of `documents`, one after the other: (term id, its weight before IDF:
    /// kind × (1 + ln count)), each term once per document. In one pair of vectors, as
    /// scoring reads a story's documents one after the other, and a vector per document
    /// was a cache miss per document; two, not one of pairs, which would be a third
    /// padding. A weight is kept as an index into [`StoryIndex::weights`]: kinds and
    /// counts are few, so weights are few, and an index is half a weight's size.
    terms: Terms,
    /// Per term id, how many of this story's documents use it.
    uses: FxHashMap<u32, u32>,
    /// Per year its documents name, how many name it (see [`IndexedStory::years`]).
    years: BTreeMap<i32, u32>,
    /// Name hints from all of the story's sentences.
    hints: NameHints,
    /// The language each of `story.sentences` is read in (its item's).
    languages: Vec<&'static Language>,
    /// `story.sentences` analysed with `hints`, as judging reads them.
    held: Arc<Held>,
    /// The hint words of held sentences (see [`terms::SentenceTerms::hint_words`]) that are no
    /// hints of the story: an article that makes one a hint reads that sentence anew.
    unresolved: FxHashSet<String>,
    /// The story has gone quiet (see [`StoryIndex::rest_quiet`]): `held` and `unresolved`
    /// are let go, and judging reads its sentences again if an item still joins it.
    resting: bool,
}

/// Term ids and their weights (by index), side by side (see [`IndexedStory::terms`]).
#[derive(Default)]
pub(super) struct Terms {
    ids: Vec<u32>,
    weights: Vec<u32>,
}

/// Every weight a document's term has, each once (see [`IndexedStory::terms`]).
#[derive(Default)]
struct Weights {
    values: Vec<f64>,
    /// By the weight's bits.
    ids: FxHashMap<u64, u32>,
}

impl Weights {
    fn id(&mut self, weight: f64) -> u32 {
        *self.ids.entry(weight.to_bits()).or_insert_with(|| {
            self.values.push(weight);
            (self.values.len() - 1) as u32
        })
    }
}

impl Terms {
    fn len(&self) -> usize {
        self.ids.len()
    }

    fn push(&mut self, (id, weight): (u32, u32)) {
        self.ids.push(id);
        self.weights.push(weight);
    }

    fn extend_from(&mut self, other: &Terms, range: std::ops::Range<usize>) {
        self.ids.extend_from_slice(&other.ids[range.clone()]);
        self.weights.extend_from_slice(&other.weights[range]);
    }

    fn trim(&mut self) {
        trim(&mut self.ids);
        trim(&mut self.weights);
    }

    fn with_capacity(capacity: usize) -> Terms {
        Terms {
            ids: Vec::with_capacity(capacity),
            weights: Vec::with_capacity(capacity),
        }
    }

    /// The terms in `range`: (id, weight), their weights in `weights` by index.
    fn get<'a>(
        &'a self,
        range: std::ops::Range<usize>,
        weights: &'a [f64],
    ) -> impl Iterator<Item = (u32, f64)> + 'a {
        self.ids[range.clone()]
            .iter()
            .copied()
            .zip(self.weights[range].iter().map(|&w| weights[w as usize]))
    }
}

/// The stories held, indexed for linking and judging.
#[derive(Default)]
pub struct StoryIndex {
    term_ids: FxHashMap<u64, u32>,
    pub(super) terms: Vec<TermEntry>,
    /// Documents held, across all stories.
    pub(super) documents: u32,
    /// Of those, how many are written in each alphabet names are read in (by [`Script`]
    /// as a number): an article is measured with its names' spelling keys only when some
    /// are written in another than its own (see [`link::TermCount::spelling`]).
    documents_by_script: [u32; SCRIPTS],
    pub(super) stories: Vec<IndexedStory>,
    slots: FxHashMap<StoryId, usize>,
    /// The weights of the stories' document terms (see [`IndexedStory::terms`]).
    weights: Weights,
    /// The latest date any story's items are dated, and the one stories last rested at.
    latest_date: Option<NaiveDate>,
    rested_at: Option<NaiveDate>,
}

impl StoryIndex {
    pub fn new() -> Self {
        StoryIndex::default()
    }

    /// An index of `stories`. Many stories (more than `STORIES_READ_ALONE`, or an
    /// unknown number, as a store's) are indexed on a thread of their own while the
    /// caller's thread takes them from `stories`: reading a store's stories is a fifth
    /// to a third of the time a daemon takes to index them at start, and is done
    /// meanwhile. The index is the same, its stories taken in the same order.
    pub fn from_stories(stories: impl IntoIterator<Item = Story>) -> Self {
        let stories = stories.into_iter();
        if stories
            .size_hint()
            .1
            .is_some_and(|most| most <= STORIES_READ_ALONE)
        {
            let mut index = StoryIndex::new();
            stories.for_each(|story| index.upsert(story));
            return index;
        }
        std::thread::scope(|scope| {
            let (send, receive) = std::sync::mpsc::sync_channel::<Story>(STORIES_IN_FLIGHT);
            let indexing = scope.spawn(move || {
                let mut index = StoryIndex::new();
                receive.into_iter().for_each(|story| index.upsert(story));
                index
            });
            for story in stories {
                // The indexing thread stopped: it panicked, and `join` says so.
                if send.send(story).is_err() {
                    break;
                }
            }
            drop(send);
            indexing
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        })
    }

    pub fn is_empty(&self) -> bool {
        self.stories.is_empty()
    }

    /// The story with this id, as last given.
    pub fn story(&self, id: &StoryId) -> Option<&Story> {
        self.indexed(id).map(|s| &s.story)
    }

    pub(super) fn indexed(&self, id: &StoryId) -> Option<&IndexedStory> {
        self.slots.get(id).map(|&slot| &self.stories[slot])
    }

    /// Adds `story`, or brings the index up to date with a new state of a story it holds
    /// (items added, sentences added to an item). Only what changed is read again.
    pub fn upsert(&mut self, story: Story) {
        let slot = self.slot_for(&story.id);
        let entry = &self.stories[slot];
        // Compared here, as `extend` knows it without comparing.
        let extends = self.extends(slot, &story);
        let unchanged_prefix = entry.languages.len() <= story.sentences.len()
            && (entry.story.sentences.iter().zip(&story.sentences))
                .take(entry.languages.len())
                .all(|(a, b)| a.text == b.text);
        self.update(slot, story, extends, unchanged_prefix);
    }

    /// How many items and sentences the index holds of story `id`, if it holds it: what
    /// [`Store::story_after`](crate::store::Store::story_after) is asked for, so that
    /// [`StoryIndex::extend`] can bring the story up to date.
    pub fn held_counts(&self, id: &StoryId) -> Option<(u32, u64)> {
        let story = &self.stories[*self.slots.get(id)?].story;
        Some((story.items.len() as u32, story.sentences.len() as u64))
    }

    /// Brings a story the index holds up to date with `later`: the story's header as it
    /// is now, with only the items, sentences and headlines it gained after those the
    /// index holds (see [`StoryIndex::held_counts`]). The same as [`StoryIndex::upsert`]
    /// of the whole story, without reading or comparing what the index holds already.
    /// Returns false, having changed nothing, if the index holds no such story.
    pub fn extend(&mut self, mut later: Story) -> bool {
        let Some(&slot) = self.slots.get(&later.id) else {
            return false;
        };
        let entry = &mut self.stories[slot];
        let previous = &entry.story;
        // A headline for an item whose document is held (an item that left and came
        // back): that document is read again, as `upsert` would.
        let same_headlines = !later
            .headlines
            .keys()
            .any(|item| entry.documents.iter().any(|d| d.item == *item));
        let same_header = previous.title == later.title
            && previous.founded_by == later.founded_by
            && same_headlines;
        let mut held_story = std::mem::take(&mut entry.story);
        let held = held_story.sentences.len();
        held_story.items.append(&mut later.items);
        held_story.sentences.append(&mut later.sentences);
        held_story.headlines.append(&mut later.headlines);
        // The header as it is now, with all the story's items, sentences and headlines.
        let story = Story {
            items: held_story.items,
            sentences: held_story.sentences,
            headlines: held_story.headlines,
            ..later
        };
        let extends = (same_header && !entry.documents.is_empty()).then_some(held);
        self.update(slot, story, extends, true);
        true
    }

    /// The slot of story `id`, a new empty one if the index does not hold it.
    fn slot_for(&mut self, id: &StoryId) -> usize {
        match self.slots.get(id) {
            Some(&slot) => slot,
            None => {
                self.slots.insert(id.clone(), self.stories.len());
                self.stories.push(IndexedStory {
                    // Set by `update_sentences`.
                    story: Story::default(),
                    documents: Vec::new(),
                    terms: Terms::default(),
                    uses: FxHashMap::default(),
                    years: BTreeMap::new(),
                    hints: NameHints::default(),
                    languages: Vec::new(),
                    held: Arc::new(Held::new()),
                    unresolved: FxHashSet::default(),
                    resting: false,
                });
                self.stories.len() - 1
            }
        }
    }

    /// Brings slot `slot` up to date with `story`. `extends`: the number of sentences
    /// the slot held, if `story` is the story it held with sentences added after them, and
    /// the same headlines for the items it held. `unchanged_prefix`: whether the
    /// sentences the slot has read are still the story's first ones.
    fn update(
        &mut self,
        slot: usize,
        story: Story,
        extends: Option<usize>,
        unchanged_prefix: bool,
    ) {
        self.latest_date = self.latest_date.max(story.last_date);
        if !extends.is_some_and(|held| self.append_documents(slot, &story, held)) {
            self.update_documents(slot, &story);
        }
        self.stories[slot].update_sentences(story, unchanged_prefix);
    }

    /// The number of sentences slot `slot` holds, if `story` is the story it holds with
    /// sentences added after them, and the same headlines for the items it holds.
    fn extends(&self, slot: usize, story: &Story) -> Option<usize> {
        let entry = &self.stories[slot];
        let previous = &entry.story;
        let held = previous.sentences.len();
        let extends = !entry.documents.is_empty()
            && held <= story.sentences.len()
            && previous.title == story.title
            && previous.founded_by == story.founded_by
            && (previous.sentences.iter().zip(&story.sentences))
                .all(|(a, b)| a.item == b.item && a.text == b.text)
            && (entry.documents.iter())
                .all(|d| previous.headlines.get(&d.item) == story.headlines.get(&d.item));
        extends.then_some(held)
    }

    /// Whether any document held is written in another alphabet than `script`.
    pub(super) fn holds_other_scripts_than(&self, script: Script) -> bool {
        (self.documents_by_script.iter().enumerate())
            .any(|(other, &documents)| other != script as usize && documents > 0)
    }

    /// How many sentences the index holds ready for judging (resting stories' are not).
    pub fn sentences_ready(&self) -> usize {
        self.stories.iter().map(|s| s.held.len()).sum()
    }

    /// Lets go of what judging needs of the stories that rest: those whose latest item
    /// is dated more than `rest_after_days` before the latest item of any story. Most
    /// never take an item again; one that does has its sentences read again. This is
    /// what keeps a daemon's memory from growing with every story it has ever followed.
    /// Declared stories never rest.
    pub fn rest_quiet(&mut self, rest_after_days: u32) {
        let Some(latest) = self.latest_date else {
            return;
        };
        if self.rested_at == Some(latest) {
            return;
        }
        self.rested_at = Some(latest);
        let Some(cutoff) = latest.checked_sub_days(chrono::Days::new(u64::from(rest_after_days)))
        else {
            return;
        };
        for story in &mut self.stories {
            let quiet = !story.story.declared && story.story.last_date.is_some_and(|d| d < cutoff);
            if quiet && !story.resting {
                story.held = Arc::new(Held::new());
                story.unresolved = FxHashSet::default();
                story.resting = true;
            }
        }
    }

    /// Brings the story's documents up to date with `story`: a document with as many
    /// sentences as before, and a headline or none as before, stays; the others are read
    /// (again).
    fn update_documents(&mut self, slot: usize, story: &Story) {
        let (order, by_item) = sentences_by_item(&story.sentences);
        let headed = |item: &ItemId| !headline_of(story, item).is_empty();
        let unchanged = |doc: &Document, sentences: &[&str]| {
            doc.sentences == sentences.len() && doc.headed == headed(&doc.item)
        };
        let old = std::mem::take(&mut self.stories[slot].documents);
        let old_terms = std::mem::take(&mut self.stories[slot].terms);
        let mut old: FxHashMap<ItemId, Document> =
            old.into_iter().map(|d| (d.item.clone(), d)).collect();
        let mut documents = Vec::with_capacity(order.len());
        let mut terms = Terms::with_capacity(old_terms.len());
        for item in order {
            let sentences = &by_item[item];
            match old.remove(item) {
                Some(mut doc) if unchanged(&doc, sentences) => {
                    let start = terms.len();
                    terms.extend_from(&old_terms, doc.terms);
                    doc.terms = start..terms.len();
                    documents.push(doc);
                }
                previous => {
                    if let Some(previous) = previous {
                        self.remove_document(slot, &previous, &old_terms);
                    }
                    documents.push(self.read_document(slot, story, item, sentences, &mut terms));
                }
            }
        }
        // Items the story no longer holds sentences from.
        for doc in old.into_values() {
            self.remove_document(slot, &doc, &old_terms);
        }
        terms.trim();
        self.stories[slot].documents = documents;
        self.stories[slot].terms = terms;
    }

    /// The usual update, an item joining: `story` is the story the entry held, whose
    /// first `held` sentences it has read, with sentences of new items after them (the
    /// store only ever appends to a story). Only the new items are read. Returns false,
    /// having changed nothing, if a new sentence belongs to an item held.
    fn append_documents(&mut self, slot: usize, story: &Story, held: usize) -> bool {
        let entry = &self.stories[slot];
        let (order, by_item) = sentences_by_item(&story.sentences[held..]);
        // A new version of an item held adds sentences to its document: read it all again.
        if entry
            .documents
            .iter()
            .any(|d| by_item.contains_key(&d.item))
        {
            return false;
        }
        let mut terms = std::mem::take(&mut self.stories[slot].terms);
        let mut documents = std::mem::take(&mut self.stories[slot].documents);
        for item in order {
            let doc = self.read_document(slot, story, item, &by_item[item], &mut terms);
            documents.push(doc);
        }
        terms.trim();
        trim(&mut documents);
        self.stories[slot].documents = documents;
        self.stories[slot].terms = terms;
        true
    }

    /// Reads the document of `item` (its `sentences` in `story`) and counts it in, its
    /// terms added to `terms`.
    fn read_document(
        &mut self,
        slot: usize,
        story: &Story,
        item: &ItemId,
        sentences: &[&str],
        terms: &mut Terms,
    ) -> Document {
        let title = headline_of(story, item);
        let language = language::of_document(title, sentences.iter().copied());
        let read = link::document(title, sentences.iter().copied(), language);
        let start = terms.len();
        self.add_document(slot, &read.counts, terms);
        if let Some(script) = language::script_of(language.code) {
            self.documents_by_script[script as usize] += 1;
        }
        Document {
            item: item.clone(),
            sentences: sentences.len(),
            headed: !title.is_empty(),
            language,
            terms: start..terms.len(),
        }
    }

    /// Counts a document's terms in, and adds them to `out` by id.
    fn add_document(&mut self, slot: usize, counts: &Counts, terms: &mut Terms) {
        self.documents += 1;
        let mut out = Vec::with_capacity(counts.len());
        for (&key, term) in counts {
            let id = self.term_id(key, term);
            let entry = &mut self.terms[id as usize];
            entry.documents += 1;
            let story = &mut self.stories[slot];
            let uses = story.uses.entry(id).or_default();
            *uses += 1;
            if *uses == 1 {
                entry.stories.push(slot as u32);
            }
            if let Some(year) = entry.year {
                *story.years.entry(year).or_default() += 1;
            }
            let weight = link::term_frequency_weight(term.count, term.kind);
            out.push((id, self.weights.id(weight)));
        }
        // A fixed order, so that sums over a document come out the same every run.
        out.sort_unstable_by_key(|t| t.0);
        out.into_iter().for_each(|t| terms.push(t));
    }

    /// Counts a document's terms out (they are in `terms`, the story's before the update).
    fn remove_document(&mut self, slot: usize, doc: &Document, terms: &Terms) {
        self.documents = self.documents.saturating_sub(1);
        if let Some(script) = language::script_of(doc.language.code) {
            let documents = &mut self.documents_by_script[script as usize];
            *documents = documents.saturating_sub(1);
        }
        for &id in &terms.ids[doc.terms.clone()] {
            let entry = &mut self.terms[id as usize];
            entry.documents = entry.documents.saturating_sub(1);
            let story = &mut self.stories[slot];
            if let Some(year) = entry.year {
                if let Some(uses) = story.years.get_mut(&year) {
                    *uses -= 1;
                    if *uses == 0 {
                        story.years.remove(&year);
                    }
                }
            }
            if let Some(uses) = story.uses.get_mut(&id) {
                *uses -= 1;
                if *uses == 0 {
                    story.uses.remove(&id);
                    entry.stories.retain(|&s| s as usize != slot);
                }
            }
        }
    }

    fn term_id(&mut self, key: u64, term: &link::TermCount) -> u32 {
        if let Some(&id) = self.term_ids.get(&key) {
            return id;
        }
        let id = self.terms.len() as u32;
        self.term_ids.insert(key, id);
        self.terms.push(TermEntry {
            year: term.year,
            fact: term.fact,
            spelling: term.spelling,
            ..TermEntry::default()
        });
        id
    }

    /// The weights [`IndexedStory::latest_documents`] reads.
    pub(super) fn weights(&self) -> &[f64] {
        &self.weights.values
    }

    /// A term's id (by its fingerprint), if any document held uses or used it.
    pub(super) fn known_term(&self, key: u64) -> Option<u32> {
        self.term_ids.get(&key).copied()
    }
}

/// The items of `sentences` in the order they first come, and each one's sentences.
fn sentences_by_item(sentences: &[HeldSentence]) -> (Vec<&ItemId>, FxHashMap<&ItemId, Vec<&str>>) {
    let mut order: Vec<&ItemId> = Vec::new();
    let mut by_item: FxHashMap<&ItemId, Vec<&str>> = FxHashMap::default();
    for s in sentences {
        by_item
            .entry(&s.item)
            .or_insert_with(|| {
                order.push(&s.item);
                Vec::new()
            })
            .push(s.text.as_str());
    }
    (order, by_item)
}

/// The headline the document of `item` carries (empty if none): the founding item's is
/// the story's title (a declared story's, the title it was declared with), every other
/// item's its own as it joined.
fn headline_of<'a>(story: &'a Story, item: &ItemId) -> &'a str {
    let headline = if *item == story.founded_by {
        story.title.as_str()
    } else {
        story.headlines.get(item).map_or("", String::as_str)
    };
    super::sentences::headline(headline)
}

impl IndexedStory {
    /// The terms of each of the story's latest `count` documents, oldest first: (term id,
    /// its weight before IDF), each once; `weights` are [`StoryIndex::weights`].
    pub(super) fn latest_documents<'a>(
        &'a self,
        count: usize,
        weights: &'a [f64],
    ) -> impl ExactSizeIterator<Item = impl Iterator<Item = (u32, f64)> + 'a> + 'a {
        let latest = &self.documents[self.documents.len().saturating_sub(count)..];
        latest
            .iter()
            .map(move |doc| self.terms.get(doc.terms.clone(), weights))
    }

    /// The language of its latest item.
    pub(super) fn language(&self) -> &'static str {
        self.documents.last().map_or("", |d| d.language.code)
    }

    /// The years it is dated in or its items name.
    pub(super) fn years(&self) -> Vec<i32> {
        let dates = [self.story.first_date, self.story.last_date];
        self.years
            .keys()
            .copied()
            .chain(dates.into_iter().flatten().map(|d| d.year()))
            .collect()
    }

    /// Brings the analysed sentences up to date with `story`: sentences are only ever
    /// added, so the ones analysed stay, except those whose reading new name hints change.
    fn update_sentences(&mut self, mut story: Story, unchanged_prefix: bool) {
        // A resting story taking an item wakes up: all of it is read again.
        if !unchanged_prefix || self.resting {
            self.resting = false;
            self.languages.clear();
            self.hints = NameHints::default();
            self.held = Arc::new(Held::new());
            self.unresolved.clear();
        }
        let known = self.languages.len();
        // Held in the story's order, so that a held sentence's text is the story's.
        debug_assert_eq!(self.held.len(), known);
        let new_hints =
            NameHints::from_sentences(story.sentences[known..].iter().map(|s| s.text.as_str()));
        let mut hints = std::mem::take(&mut self.hints);
        hints.extend(new_hints);
        // Sentences read before whose reading the new hints change: read again.
        if self.unresolved.iter().any(|w| hints.contains(w)) {
            let mut held = Held::new();
            for (i, s) in story.sentences[..known].iter().enumerate() {
                let changed = self
                    .held
                    .hint_words(i)
                    .any(|w| self.unresolved.contains(w) && hints.contains(w));
                let tag = s.claim.is_some().then_some(i);
                if changed {
                    let terms = terms::analyse(&s.text, &hints, self.languages[i]);
                    held.add_story_sentence(terms, tag);
                } else {
                    held.add_story_sentence_of(&self.held, i, tag);
                }
            }
            self.held = Arc::new(held);
            self.unresolved.retain(|w| !hints.contains(w));
        }
        let languages: FxHashMap<&ItemId, &'static Language> = self
            .documents
            .iter()
            .map(|d| (&d.item, d.language))
            .collect();
        let held = Arc::make_mut(&mut self.held);
        for (i, s) in story.sentences.iter().enumerate().skip(known) {
            let language = languages
                .get(&s.item)
                .copied()
                .unwrap_or_else(language::english);
            let terms = terms::analyse(&s.text, &hints, language);
            self.unresolved.extend(
                terms
                    .hint_words
                    .iter()
                    .filter(|w| !hints.contains(w))
                    .cloned(),
            );
            held.add_story_sentence(terms, s.claim.is_some().then_some(i));
            self.languages.push(language);
        }
        // Kept until the story changes again, a few sentences at a time: little room to
        // grow (a story read from the store and given an item has room for as many again).
        held.trim();
        trim(&mut self.languages);
        trim(&mut story.sentences);
        self.hints = hints;
        self.story = story;
    }

    /// What the story holds, for judging sentences whose name hints are `incoming`: its
    /// sentences as analysed, shared with this entry; read again where those hints change
    /// them (rarely: a sentence's first word that only the article shows to be a name).
    pub(super) fn held(&self, incoming: &NameHints) -> Arc<Held> {
        if !self.resting && !self.unresolved.iter().any(|w| incoming.contains(w)) {
            return Arc::clone(&self.held);
        }
        let both = self.hints.union(incoming);
        // A resting story holds no readings: each of its sentences is read anew.
        let readings = self.held.len();
        let mut held = Held::new();
        for (i, s) in self.story.sentences.iter().enumerate() {
            let tag = s.claim.is_some().then_some(i);
            if i < readings && !changes_reading(self.held.hint_words(i), &self.hints, incoming) {
                held.add_story_sentence_of(&self.held, i, tag);
            } else {
                let language = self
                    .languages
                    .get(i)
                    .copied()
                    .unwrap_or_else(language::english);
                held.add_story_sentence(terms::analyse(&s.text, &both, language), tag);
            }
        }
        Arc::new(held)
    }

    /// Whether any of its items is written in `language` (or it holds none yet): if not,
    /// an article in that language shares no words with it to compare.
    pub(super) fn told_in(&self, language: &Language) -> bool {
        self.documents.is_empty()
            || self
                .documents
                .iter()
                .any(|d| d.language.code == language.code)
    }

    /// Whether a word is a name hint for judging sentences whose own hints are `incoming`.
    pub(super) fn is_hint(&self, word: &str, incoming: &NameHints) -> bool {
        self.hints.contains(word) || incoming.contains(word)
    }

    /// The story's hints and `incoming` at once.
    pub(super) fn hints_with(&self, incoming: &NameHints) -> NameHints {
        self.hints.union(incoming)
    }
}

/// Whether adding the hints `more` to `hints` changes how a sentence analysed with
/// `hints`, whose hint words are `hint_words`, reads.
fn changes_reading<'a>(
    mut hint_words: impl Iterator<Item = &'a str>,
    hints: &NameHints,
    more: &NameHints,
) -> bool {
    hint_words.any(|w| more.contains(w) && !hints.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{HeldSentence, StoryId};

    #[test]
    fn many_stories_indexed_on_a_thread_of_their_own_index_as_one_at_a_time() {
        let places = ["Kandahar", "Tucson", "Izmir", "Harlingen", "Gaza", "Avila"];
        let stories: Vec<Story> = (0..40)
            .map(|i| {
                let place = places[i % places.len()];
                let items: Vec<ItemId> = (0..3).map(|n| ItemId(format!("item-{i}-{n}"))).collect();
                Story {
                    id: StoryId(format!("story-{i}")),
                    title: format!("Fire near {place} burns {i}00 acres"),
                    founded_by: items[0].clone(),
                    sentences: (0..9)
                        .map(|n| HeldSentence {
                            text: format!(
                                "Crews in {place} fought the fire on day {n} as {} people left in {}.",
                                (i + 1) * (n + 2),
                                2000 + n
                            ),
                            item: items[n % 3].clone(),
                            claim: None,
                        })
                        .collect(),
                    items,
                    ..Story::default()
                }
            })
            .collect();
        // An iterator of unknown length, as a store's.
        let threaded = StoryIndex::from_stories(stories.iter().filter(|_| true).cloned());
        let mut alone = StoryIndex::new();
        stories.iter().cloned().for_each(|s| alone.upsert(s));
        assert_eq!(threaded.documents, alone.documents);
        assert_eq!(threaded.documents_by_script, alone.documents_by_script);
        assert_eq!(threaded.sentences_ready(), alone.sentences_ready());
        assert_eq!(threaded.weights(), alone.weights());
        // Each term's documents, stories, year and kinds, in the order of their ids.
        let entries = |index: &StoryIndex| {
            let t = index.terms.iter();
            t.map(|e| (e.documents, e.stories.clone(), e.year, e.fact, e.spelling))
                .collect::<Vec<_>>()
        };
        assert_eq!(entries(&threaded), entries(&alone));
        for story in &stories {
            let (a, b) = (
                threaded.indexed(&story.id).unwrap(),
                alone.indexed(&story.id).unwrap(),
            );
            assert_eq!(a.story, b.story);
            assert_eq!(a.years(), b.years());
            let terms = |s: &IndexedStory, w| -> Vec<Vec<(u32, f64)>> {
                s.latest_documents(usize::MAX, w)
                    .map(|d| d.collect())
                    .collect()
            };
            assert_eq!(terms(a, threaded.weights()), terms(b, alone.weights()));
        }
    }
}
