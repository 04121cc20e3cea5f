//! The matcher: links a new article to the story it belongs to and finds its new claims.
//!
//! Entry point: [`match_article`]. It is pure: given the stories held (as a
//! [`StoryIndex`], see `index.rs`) and the article, it decides; the caller stores the
//! outcome and gives the index the story's new state. The first article founds a story;
//! every next one is measured against its candidate stories (TF-IDF cosines over words
//! and facts, the days or years between them, where each says it happens, their
//! languages: see `link.rs`), and the link model ([`model`], learned from the development
//! sets) gives the probability that it tells each story. It joins the likeliest at or
//! above [`MatchParams::link_threshold`], or at or above the lower
//! [`MatchParams::unrivalled_threshold`] when no other candidate is a rival (see
//! `link.rs`); otherwise it is [`Decision::Unmatched`], and the pipeline has it found a
//! story of its own. A story dated more than [`MatchParams::quiet_after_days`] away from
//! the article's date has gone quiet and is no candidate, unless it was declared. The
//! sentences of a linked article are then judged one by one against everything the story
//! holds (see `novelty.rs`): a restatement in other words adds nothing, a new name,
//! number, date, quotation or a new turn of the story is a new claim.
//!
//! Guide: `docs/matching.md` (how linking and claims are decided).

mod index;
mod kinds;
pub mod language;
mod lexicon;
mod link;
mod memo;
pub mod model;
mod novelty;
mod packed;
pub mod sentences;
mod sorted;
mod spelling;
mod terms;

use crate::model::{Article, HeldSentence, Story, StoryId};
use chrono::NaiveDate;
pub use index::StoryIndex;
pub use kinds::item_kind;
use language::Language;
use model::Logistic;
use novelty::Held;
pub use novelty::{Judgement, NoveltySignals, NOVELTY_SIGNAL_DIRECTIONS, NOVELTY_SIGNAL_NAMES};
use rustc_hash::FxHashSet;
use std::sync::Arc;
use terms::{NameHints, SentenceTerms};

/// Thresholds, from the config, and the learned models.
#[derive(Debug, Clone)]
pub struct MatchParams {
    /// The probability (0..1), by the link model, that an article belongs to a story
    /// for it to join it. Its default is the link model's own threshold, chosen with
    /// the model on the development sets (see [`model`]).
    pub link_threshold: f64,
    /// The lower probability at which an article joins its likeliest story when no other
    /// candidate story is a rival, 10% likely or more (a follow-up weeks later that
    /// resembles its story and nothing else held). Its default is the link model's,
    /// chosen with it; at or above `link_threshold` it changes nothing.
    pub unrivalled_threshold: f64,
    /// A story goes quiet when an article is dated this many days after its latest dated
    /// item (or before its earliest): it is no candidate for it. Within this window the
    /// days between them are a signal the link model weighs (a trial comes months after
    /// the crime; the same kind of news a season later is most often another story).
    /// Undated articles and stories are never held apart by time.
    pub quiet_after_days: u32,
    /// A story with no item dated within this many days of the latest item of any story
    /// rests: the matcher lets go of what judging its sentences needs, and reads them
    /// again if an item still joins it (see [`StoryIndex::rest_quiet`]). What keeps the
    /// matcher's memory following the live stories, not every story ever followed.
    pub rest_after_days: u32,
    /// How linking weighs its signals (see [`link::SIGNAL_NAMES`]).
    pub link_model: Arc<Logistic>,
    /// How the novelty score weighs its signals (see [`NOVELTY_SIGNAL_NAMES`]).
    pub novelty_model: Arc<Logistic>,
}

/// The link model as committed (see [`model`]).
pub fn link_model() -> Logistic {
    Logistic::parse("link.toml", include_str!("link.toml"), &link::SIGNAL_NAMES)
        .expect("the committed link model reads (a test checks it)")
}

/// The novelty model as committed (see [`model`]).
pub fn novelty_model() -> Logistic {
    Logistic::parse(
        "novelty.toml",
        include_str!("novelty.toml"),
        &NOVELTY_SIGNAL_NAMES,
    )
    .expect("the committed novelty model reads (a test checks it)")
}

impl Default for MatchParams {
    fn default() -> Self {
        let link_model = link_model();
        MatchParams {
            link_threshold: link_model.threshold,
            unrivalled_threshold: link_model
                .unrivalled_threshold
                .unwrap_or(link_model.threshold),
            quiet_after_days: 365,
            rest_after_days: 90,
            link_model: Arc::new(link_model),
            novelty_model: Arc::new(novelty_model()),
        }
    }
}

/// One sentence of the article and the verdict on it.
#[derive(Debug, Clone, PartialEq)]
pub struct SentenceVerdict {
    pub text: String,
    pub judgement: Judgement,
    /// How likely a careful reader is to find in it a fact the story did not hold (0..1),
    /// by the novelty model: how new a claim is, to rank and filter claims by.
    pub novelty: f64,
    /// For a sentence that adds nothing: the index (in the story's `sentences`) of the
    /// logged claim it repeats, if it repeats one.
    pub repeats: Option<usize>,
    /// For a new claim: the fact atoms the story lacked (`name: pete hegseth`,
    /// `number: 90000000000 usd`, `date: 08-18`, `quote: ...`).
    pub atoms: Vec<String>,
    /// For a new claim: the sentence the story already held that comes closest, if any.
    pub closest: Option<String>,
    /// What judging measured of it (see [`NOVELTY_SIGNAL_NAMES`]).
    pub signals: NoveltySignals,
}

impl SentenceVerdict {
    pub fn is_new_claim(&self) -> bool {
        self.judgement.is_new()
    }
}

/// What to do with an article.
#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    /// No story exists yet: the article founds one.
    Found {
        title: String,
        sentences: Vec<SentenceVerdict>,
    },
    /// The article belongs to `story`.
    Linked {
        story: StoryId,
        score: f64,
        sentences: Vec<SentenceVerdict>,
    },
    /// No story is close enough.
    Unmatched { closest: Option<(StoryId, f64)> },
}

/// Decides which story `article` belongs to and which of its sentences are new claims.
pub fn match_article(index: &StoryIndex, article: &Article, params: &MatchParams) -> Decision {
    let sentences = sentences::article_sentences(&article.paragraphs);
    if index.is_empty() {
        let (title, sentences) = founding(article, params);
        return Decision::Found { title, sentences };
    }

    let lang = language_of(article, &sentences);
    let reading = Reading::of(article.title.as_deref().unwrap_or(""), &sentences, lang);
    let doc = link::document_of(reading.title.as_deref(), &reading.sentences, lang);
    let live = |slot: usize| is_live(&index.stories[slot].story, article.published, params);
    let thresholds = link::Thresholds {
        link: params.link_threshold,
        unrivalled: params.unrivalled_threshold,
    };
    let likeliest = link::likeliest_story(
        index,
        &doc,
        article.published,
        live,
        &params.link_model,
        thresholds,
    );
    match likeliest {
        Some(link::Likeliest {
            slot,
            probability: score,
            joins: true,
        }) => {
            let indexed = &index.stories[slot];
            // Linking read the sentences with hints from the article and its title; they
            // are judged with hints from the story and the article's sentences. Most
            // sentences read the same either way, and only the others are read again.
            let mut hints: Option<NameHints> = None;
            let terms = sentences
                .iter()
                .zip(reading.sentences)
                .map(|(text, terms)| {
                    let same = terms.hint_words.iter().all(|w| {
                        reading.hints.contains(w) == indexed.is_hint(w, &reading.own_hints)
                    });
                    if same {
                        terms
                    } else {
                        let hints =
                            hints.get_or_insert_with(|| indexed.hints_with(&reading.own_hints));
                        terms::analyse(text, hints, lang)
                    }
                })
                .collect();
            let held = indexed.held(&reading.own_hints);
            let terms = in_story_spelling(terms, &sentences, indexed, &held, lang, || {
                indexed.hints_with(&reading.own_hints)
            });
            Decision::Linked {
                story: indexed.story.id.clone(),
                score,
                sentences: judge_sentences(
                    &sentences,
                    terms,
                    &held,
                    &params.novelty_model,
                    &indexed.story.sentences,
                    indexed.told_in(lang),
                ),
            }
        }
        Some(link::Likeliest {
            slot, probability, ..
        }) => Decision::Unmatched {
            closest: Some((index.stories[slot].story.id.clone(), probability)),
        },
        None => Decision::Unmatched { closest: None },
    }
}

/// The names of the signals linking measures of an article against a story.
pub use link::{Signals, SIGNAL_DIRECTIONS, SIGNAL_NAMES};

/// The signals of `article` against each of its candidate stories (those sharing the
/// most of its rarer terms, live ones only), for training the link model.
pub fn link_signals(
    index: &StoryIndex,
    article: &Article,
    params: &MatchParams,
) -> Vec<(StoryId, Signals)> {
    if index.is_empty() {
        return Vec::new();
    }
    let sentences = sentences::article_sentences(&article.paragraphs);
    let lang = language_of(article, &sentences);
    let reading = Reading::of(article.title.as_deref().unwrap_or(""), &sentences, lang);
    let doc = link::document_of(reading.title.as_deref(), &reading.sentences, lang);
    let live = |slot: usize| is_live(&index.stories[slot].story, article.published, params);
    link::candidate_signals(index, &doc, article.published, live)
        .into_iter()
        .map(|(slot, signals)| (index.stories[slot].story.id.clone(), signals))
        .collect()
}

/// An article's title and sentences, analysed for linking.
struct Reading {
    /// Name hints from the sentences alone (a headline capitalises every word).
    own_hints: NameHints,
    /// Name hints from the sentences and the title: what the terms were read with.
    hints: NameHints,
    title: Option<Arc<SentenceTerms>>,
    sentences: Vec<Arc<SentenceTerms>>,
}

impl Reading {
    fn of(title: &str, sentences: &[String], lang: &Language) -> Reading {
        let title = sentences::headline(title);
        let own_hints = NameHints::from_sentences(sentences.iter().map(String::as_str));
        let hints = own_hints.union(&NameHints::from_sentences([title]));
        Reading {
            title: (!title.is_empty()).then(|| terms::analyse(title, &hints, lang)),
            sentences: sentences
                .iter()
                .map(|s| terms::analyse(s, &hints, lang))
                .collect(),
            own_hints,
            hints,
        }
    }
}

/// Whether `story` still attracts an article published on `date`.
fn is_live(story: &Story, date: Option<NaiveDate>, params: &MatchParams) -> bool {
    let (Some(date), Some(first), Some(last)) = (date, story.first_date, story.last_date) else {
        return true;
    };
    let window = chrono::Days::new(u64::from(params.quiet_after_days));
    story.declared
        || (last.checked_add_days(window).is_none_or(|end| date <= end)
            && first
                .checked_sub_days(window)
                .is_none_or(|start| date >= start))
}

/// What an article founding a story brings: the story's title and its sentences, each
/// judged against an empty story (see [`judge_sentences`]).
pub fn founding(article: &Article, params: &MatchParams) -> (String, Vec<SentenceVerdict>) {
    let sentences = sentences::article_sentences(&article.paragraphs);
    let hints = NameHints::from_sentences(sentences.iter().map(String::as_str));
    let lang = language_of(article, &sentences);
    let terms = sentences
        .iter()
        .map(|s| terms::analyse(s, &hints, lang))
        .collect();
    let verdicts = judge_sentences(
        &sentences,
        terms,
        &Held::new(),
        &params.novelty_model,
        &[],
        true,
    );
    (story_title(article, &sentences), verdicts)
}

/// The article's language (whatlang on its title and sentences): its words are stemmed,
/// and the story's read, in that language's terms.
fn language_of(article: &Article, sentences: &[String]) -> &'static Language {
    let title = article.title.as_deref().unwrap_or("");
    language::of_document(title, sentences.iter().map(String::as_str))
}

/// Judges the sentences of an article (a new version of one of its items) against the
/// story `story` of `index`; `None` if the index holds no such story.
pub fn judge_in(
    index: &StoryIndex,
    story: &StoryId,
    article: &Article,
    params: &MatchParams,
) -> Option<Vec<SentenceVerdict>> {
    let indexed = index.indexed(story)?;
    let sentences = sentences::article_sentences(&article.paragraphs);
    let lang = language_of(article, &sentences);
    let own_hints = NameHints::from_sentences(sentences.iter().map(String::as_str));
    let hints = indexed.hints_with(&own_hints);
    let terms = sentences
        .iter()
        .map(|s| terms::analyse(s, &hints, lang))
        .collect();
    let held = indexed.held(&own_hints);
    let terms = in_story_spelling(terms, &sentences, indexed, &held, lang, || {
        indexed.hints_with(&own_hints)
    });
    Some(judge_sentences(
        &sentences,
        terms,
        &held,
        &params.novelty_model,
        &indexed.story.sentences,
        indexed.told_in(lang),
    ))
}

/// Judges the sentences of `article` against `story` alone.
pub fn judge_against(
    story: &Story,
    article: &Article,
    params: &MatchParams,
) -> Vec<SentenceVerdict> {
    let index = StoryIndex::from_stories([story.clone()]);
    judge_in(&index, &story.id, article, params).unwrap_or_default()
}

/// `terms` (of `sentences`, read in `lang`), with the names of those written in another
/// alphabet than `story`'s read again as the story spells them (see
/// [`spelling::StorySpellings`]), with the name hints `hints` gives: a Russian report's
/// `Зеленский` is the `Zelensky` an English story holds, no new name.
fn in_story_spelling(
    terms: Vec<Arc<SentenceTerms>>,
    sentences: &[String],
    story: &index::IndexedStory,
    held: &Held,
    lang: &'static Language,
    hints: impl FnOnce() -> NameHints,
) -> Vec<Arc<SentenceTerms>> {
    let (Some(article), Some(told)) = (
        language::script_of(lang.code),
        language::script_of(story.language()),
    ) else {
        return terms;
    };
    if article == told {
        return terms;
    }
    let story_lexicon = &language::by_code(story.language()).lexicon;
    let spellings = spelling::StorySpellings::of(held.name_words(), |w| {
        story_lexicon.name_without_case_ending(w)
    });
    let hints = hints();
    // Against a story in Latin letters, the article's Latin words are the story's own
    // spellings already, or none of its names.
    let latin_too = told != language::Script::Latin;
    sentences
        .iter()
        .zip(terms)
        .map(|(text, terms)| {
            match spellings.respelled(
                text,
                |w| lang.lexicon.name_without_case_ending(w),
                latin_too,
            ) {
                Some(respelled) => terms::analyse(&respelled, &hints, lang),
                None => terms,
            }
        })
        .collect()
}

/// Judges sentences (analysed as `terms`) against what the story held before the
/// article, each on its own, as a careful reader does: a fact the story lacked is new
/// wherever the article says it, even when an earlier sentence of the article said
/// part of it. Only a sentence the article already gave word for word (a pull quote, a
/// caption repeated) is logged once. `story` is the sentences of the story `held`
/// holds (none for a story being founded). Unless `same_language` (the story is told
/// in the article's language too), only the sentences' facts can make them new: their
/// words say nothing of what the story holds in other words of another language.
fn judge_sentences(
    sentences: &[String],
    terms: Vec<Arc<SentenceTerms>>,
    held: &Held,
    model: &Logistic,
    story: &[HeldSentence],
    same_language: bool,
) -> Vec<SentenceVerdict> {
    let mut said = FxHashSet::default();
    sentences
        .iter()
        .zip(terms)
        .map(|(text, terms)| {
            let mut verdict = held.verdict(text, &terms, model, story, same_language);
            if !said.insert(kinds::words(text)) && verdict.is_new_claim() {
                verdict.judgement = Judgement::SaidBefore;
                verdict.atoms.clear();
                verdict.closest = None;
            }
            verdict
        })
        .collect()
}

fn story_title(article: &Article, sentences: &[String]) -> String {
    let title = article
        .title
        .clone()
        .or_else(|| sentences.first().cloned())
        .unwrap_or_default();
    if title.chars().count() > 120 {
        let cut: String = title.chars().take(117).collect();
        format!("{cut}...")
    } else {
        title
    }
}
