//! Decides which sentences are new claims: a sentence that names something specific and
//! carries a fact the story does not hold yet.

use super::model::{Direction, Logistic};
use super::packed::{Packed, PackedSentence};
use super::terms::{Entity, Holds, Knowledge, Measured, SentenceTerms, ATOM_WEIGHT, WORD_WEIGHT};
use super::SentenceVerdict;
use crate::model::HeldSentence;
use std::borrow::Cow;
use std::cell::OnceCell;
use std::sync::Arc;

/// A quotation counts as held when one held sentence has this share of its words.
const QUOTE_HELD: f64 = 0.7;
/// A negated sentence counts as held when one held negated sentence covers this share.
const NEGATION_HELD: f64 = 0.6;
/// A sentence with no new name, number, date or quote is still new when this much of its
/// weight is words the story has never used, and either those words are a large share of
/// it or no single held sentence says most of it (a new combination of known things).
const NOVEL_WEIGHT: f64 = 3.0;
const NOVEL_SHARE: f64 = 0.4;
const NOVEL_WEIGHT_NEW_COMBINATION: f64 = 2.0;
const BEST_SENTENCE_HELD: f64 = 0.5;

/// New modifiers (see [`Held::without_new_modifiers`]) are a detail while they weigh at
/// most this share of the sentence, and the rest of it brings at most this much new
/// weight (the noun they qualify is often new too: "the scandal over Stewart's company").
const DETAIL_SHARE: f64 = 0.25;
const DETAIL_NOVEL: f64 = 2.0;

/// The names of [`NoveltySignals`], in order: what the novelty model weighs.
pub const NOVELTY_SIGNAL_NAMES: [&str; NOVELTY_SIGNALS] =
    ["novel_share", "new_numbers", "new_dates"];
pub const NOVELTY_SIGNALS: usize = 3;

/// The way each of [`NOVELTY_SIGNAL_NAMES`] may move the score: all toward new.
pub const NOVELTY_SIGNAL_DIRECTIONS: [Direction; NOVELTY_SIGNALS] = [Direction::TowardYes; 3];

/// What the novelty score measures of a sentence against what its story holds:
/// - `novel_share`: the share of its weight the story lacks (words weigh 1, facts 2);
/// - `new_numbers`, `new_dates`: ln(1 + how many of its numbers and dates the story
///   lacks; a rounded figure agrees with the figure it rounds).
pub type NoveltySignals = [f64; NOVELTY_SIGNALS];

/// Why a sentence was judged the way it was; shown when replaying with `-v`.
#[derive(Debug, Clone, PartialEq)]
pub enum Judgement {
    NewAtom(String),
    NewNegation,
    NewWording {
        novel: f64,
        total: f64,
    },
    Held {
        novel: f64,
        total: f64,
    },
    NotSpecific,
    /// The article gave the same words in an earlier sentence: logged there.
    SaidBefore,
}

impl Judgement {
    pub fn is_new(&self) -> bool {
        matches!(
            self,
            Judgement::NewAtom(_) | Judgement::NewNegation | Judgement::NewWording { .. }
        )
    }
}

/// A held sentence this close (see [`Held::verdict`]) to a new claim is shown with it.
const CLOSEST_SHOWN: f64 = 0.2;

/// The share of `of`'s weight that `k` holds, given that `k` holds `held_words` of its
/// words.
fn share(k: &impl Holds, of: &impl Measured, held_words: usize) -> f64 {
    let (held, total) = k.coverage_given_words(of, held_words);
    if total > 0.0 {
        held / total
    } else {
        0.0
    }
}

/// A caller's tag, as held.
fn tag_of(tag: usize) -> u32 {
    u32::try_from(tag).expect("a story holds fewer than 2^32 sentences")
}

/// `held / total`, or 0 for a sentence of no weight.
fn bounded_share(held: f64, total: f64) -> f64 {
    if total > 0.0 {
        held / total
    } else {
        0.0
    }
}

/// The harmonic mean of two shares, 0 when both are.
fn harmonic_mean(a: f64, b: f64) -> f64 {
    if a + b > 0.0 {
        2.0 * a * b / (a + b)
    } else {
        0.0
    }
}

/// A sentence judged held repeats a claim when the two say much of each other: the
/// harmonic mean of the share of the sentence the claim says and the share of the claim
/// the sentence says reaches this. One-sided cover is not enough: a short vague sentence
/// ("Washington is working on this") is covered by many long claims and repeats none.
const REPEAT_SHARE: f64 = 0.5;

/// The words one sentence shares with each held sentence (see
/// [`Held::with_shared_words`]), counted once for every question asked of it.
#[derive(Default)]
struct SharedWords(OnceCell<Vec<u32>>);

/// One sentence held: what it says (packed: see [`Packed`]), and the caller's tag for it.
/// Its text is the story's (see [`Held::add_story_sentence`]): a story entry in the
/// index would otherwise hold each of its sentences twice.
#[derive(Clone, Copy)]
struct HeldOne<'a> {
    /// Its terms, which are also all it holds (see [`Holds`]).
    terms: PackedSentence<'a>,
    tag: Option<usize>,
}

/// What a story holds: the union of its sentences, and each sentence on its own, some
/// tagged (the caller's index of a sentence that is a logged claim). A story's entry in
/// the index keeps one, and an article's sentences are judged against it as it is: each
/// on its own against the story (see `judge_sentences`), so nothing is added to it.
#[derive(Clone, Default)]
pub struct Held {
    all: Arc<Knowledge>,
    /// The sentences, packed, and each one's tag.
    own: Packed,
    tags: Vec<Option<u32>>,
}

impl Held {
    pub fn new() -> Self {
        Held::default()
    }

    /// How many sentences it holds.
    pub fn len(&self) -> usize {
        self.own.len()
    }

    /// The words of the names its sentences name (lower case).
    pub fn name_words(&self) -> impl Iterator<Item = &str> {
        self.own
            .entities()
            .iter()
            .flat_map(|e| match e {
                Entity::Name(words) => words.as_slice(),
                _ => &[],
            })
            .map(String::as_str)
    }

    /// The hint words of sentence `i`.
    pub fn hint_words(&self, i: usize) -> impl Iterator<Item = &str> {
        self.own.get(i).hint_words()
    }

    /// Every sentence held, in order.
    fn sentences(&self) -> impl Iterator<Item = HeldOne<'_>> {
        self.tags.iter().enumerate().map(|(i, &tag)| HeldOne {
            terms: self.own.get(i),
            tag: tag.map(|t| t as usize),
        })
    }

    /// Every sentence held (in the order of [`Held::sentences`]), with how many of the
    /// words of `s` it uses; the same count is how many of its words `s` uses. The
    /// counts are made on the first question asked of `s` and kept in `shared` for the
    /// others: `s` is one of the sentences `shared` was made for, or shares its words.
    fn with_shared_words<'a, 'c>(
        &'a self,
        s: &SentenceTerms,
        shared: &'c SharedWords,
    ) -> impl Iterator<Item = (HeldOne<'a>, usize)> + use<'a, 'c> {
        let counts = shared.0.get_or_init(|| {
            let mut counts = vec![0u32; self.len()];
            for &key in s.word_keys() {
                self.own.for_each_using(key, |i| counts[i as usize] += 1);
            }
            counts
        });
        self.sentences()
            .zip(counts.iter().map(|&count| count as usize))
    }

    /// Holds the story's next sentence, read as `terms`, without a copy of its text:
    /// [`Held::verdict`] is given the story's sentences to show it from.
    pub fn add_story_sentence(&mut self, terms: Arc<SentenceTerms>, tag: Option<usize>) {
        self.add(&terms, tag);
    }

    /// Holds sentence `i` of `from` as it was read there, as the story's next sentence
    /// (see [`Held::add_story_sentence`]).
    pub fn add_story_sentence_of(&mut self, from: &Held, i: usize, tag: Option<usize>) {
        let terms = from.own.get(i);
        let words = terms.word_keys();
        Arc::make_mut(&mut self.all).add_parts(&terms.parts(&words), terms.all_numbers());
        self.own.push_copy(&from.own, i, &words);
        self.tags.push(tag.map(tag_of));
    }

    fn add(&mut self, terms: &SentenceTerms, tag: Option<usize>) {
        Arc::make_mut(&mut self.all).add(terms);
        self.own.push(terms);
        self.tags.push(tag.map(tag_of));
    }

    /// Lets go of most of the room its lists keep to grow (see [`super::packed::trim`]):
    /// a story's entry in the index holds them as long as the story lives, and takes a
    /// few sentences at a time.
    pub fn trim(&mut self) {
        self.own.trim();
        super::packed::trim(&mut self.tags);
        if self.all.unsettled() {
            Arc::make_mut(&mut self.all).settle();
        }
    }

    /// The verdict on one sentence (`text`, read as `s`): its judgement, its novelty by
    /// `model`, and for a sentence that adds nothing the tag of the claim it repeats, for
    /// a new one its atoms and the held sentence closest to it. `story` is the story's
    /// sentences, whose texts those added by [`Held::add_story_sentence`] are. Unless
    /// `same_language` (the story has sentences in the sentence's language), its words
    /// cannot be compared with the story's, and only its facts can make it new.
    pub fn verdict(
        &self,
        text: &str,
        s: &SentenceTerms,
        model: &Logistic,
        story: &[HeldSentence],
        same_language: bool,
    ) -> SentenceVerdict {
        let shared = SharedWords::default();
        let judgement = self.judge(s, &shared, same_language);
        let repeats = match judgement {
            Judgement::Held { .. } => self.repeated(s, &shared),
            _ => None,
        };
        let (atoms, closest) = if judgement.is_new() {
            (self.new_atoms(s), self.closest(s, &shared, story))
        } else {
            (Vec::new(), None)
        };
        let signals = self.signals(s);
        SentenceVerdict {
            text: text.to_string(),
            judgement,
            novelty: model.probability(&signals),
            repeats,
            atoms,
            closest: closest.map(str::to_string),
            signals,
        }
    }

    /// The tag of the tagged held sentence that `s` repeats most closely, if it reaches
    /// [`REPEAT_SHARE`]: the claim a held sentence repeats.
    fn repeated(&self, s: &SentenceTerms, shared: &SharedWords) -> Option<usize> {
        self.most_mutual(s, shared, REPEAT_SHARE, |h| h.tag.is_some())
            .and_then(|(_, h)| h.tag)
    }

    /// The held sentence (of those `eligible`) that says most of `s` and of which `s`
    /// says most: the harmonic mean of the two shares, if it reaches `at_least`; the last
    /// of equals; with its position among those held. A held sentence that could not
    /// come first even if it held every atom of `s` and `s` every one of its own is not
    /// compared: on a long story, most.
    fn most_mutual(
        &self,
        s: &SentenceTerms,
        shared: &SharedWords,
        at_least: f64,
        eligible: impl Fn(&HeldOne) -> bool,
    ) -> Option<(usize, HeldOne<'_>)> {
        let (s_atoms, s_total) = (s.atom_weight(), s.total_weight());
        let mut best: Option<((usize, HeldOne), f64)> = None;
        for (i, (h, shared_words)) in self.with_shared_words(s, shared).enumerate() {
            if !eligible(&h) {
                continue;
            }
            let words = shared_words as f64 * WORD_WEIGHT;
            let bound = harmonic_mean(
                bounded_share(words + s_atoms, s_total),
                bounded_share(words + h.terms.atom_weight(), h.terms.total_weight()),
            );
            // Float error is far below a word's weight in a share.
            let to_beat = best.map_or(at_least, |(_, score)| score);
            if bound < to_beat - 1e-9 {
                continue;
            }
            let score = harmonic_mean(
                share(&h.terms, s, shared_words),
                share(s, &h.terms, shared_words),
            );
            if score >= at_least && best.is_none_or(|(_, b)| score >= b) {
                best = Some(((i, h), score));
            }
        }
        best.map(|(found, _)| found)
    }

    /// What the novelty score measures of one sentence against what is held (see
    /// [`NOVELTY_SIGNAL_NAMES`]).
    fn signals(&self, s: &SentenceTerms) -> NoveltySignals {
        let (held, total) = self.all.coverage(s);
        let count = |n: usize| (n as f64).ln_1p();
        [
            bounded_share(total - held, total),
            count(self.all.unheld_numbers(s).count()),
            count(self.all.unheld_dates(s).count()),
        ]
    }

    /// Judges one sentence against what is held; by its facts alone unless
    /// `same_language` (a negation or new wording is read in words).
    fn judge(&self, s: &SentenceTerms, shared: &SharedWords, same_language: bool) -> Judgement {
        if !s.is_specific() {
            return Judgement::NotSpecific;
        }
        let statement = self.statement(s);
        let detail = self.without_new_modifiers(&statement);
        let s = detail.as_ref().unwrap_or(statement.as_ref());
        if let Some(atom) = self.new_atom(s) {
            return Judgement::NewAtom(atom);
        }
        // `statement` and `detail` differ from the sentence read in entities only: their
        // words are its words, and so are the counts in `shared`.
        if s.negated && same_language && !self.holds_negation(s, shared) {
            return Judgement::NewNegation;
        }
        let (held, total) = self.all.coverage(s);
        let novel = total - held;
        let new_wording = same_language
            && ((novel >= NOVEL_WEIGHT && novel / total >= NOVEL_SHARE)
                || (novel >= NOVEL_WEIGHT_NEW_COMBINATION
                    && self.best_sentence_share(s, shared) < BEST_SENTENCE_HELD));
        if new_wording {
            Judgement::NewWording { novel, total }
        } else {
            Judgement::Held { novel, total }
        }
    }

    /// `s` without the speakers and address states the story lacks: who says a statement
    /// is not what it says, so a held statement newly attributed ("..., Hughes said") adds
    /// nothing; nor does the state of a held town ("Harlingen, Texas").
    fn statement<'a>(&self, s: &'a SentenceTerms) -> Cow<'a, SentenceTerms> {
        let kept = |e: &Entity| {
            !(s.speakers.contains(e) || s.addresses.contains(e)) || self.all.holds_entity(e)
        };
        if s.entities.iter().all(kept) {
            return Cow::Borrowed(s);
        }
        let mut statement = s.clone();
        statement.entities.retain(kept);
        Cow::Owned(statement)
    }

    /// `s` without its new modifiers, when they are all the new atoms it has and the rest
    /// is held: a name that only says which thing is meant ("Stewart's company", "the
    /// Arizona-based group") in a long sentence that otherwise restates the story adds no
    /// fact. A new
    /// place, number, date or quote is never a detail; nor is a name the sentence needs
    /// to say anything specific.
    fn without_new_modifiers(&self, s: &SentenceTerms) -> Option<SentenceTerms> {
        let new: Vec<&Entity> = s
            .entities
            .iter()
            .filter(|e| !self.all.holds_entity(e))
            .collect();
        let details = !new.is_empty()
            && new
                .iter()
                .all(|e| s.modifiers.contains(*e) && !matches!(e, Entity::Place(_)));
        if !details {
            return None;
        }
        let mut rest = s.clone();
        rest.entities.retain(|e| self.all.holds_entity(e));
        if self.new_atom(&rest).is_some() || !rest.is_specific() {
            return None;
        }
        let (held, total) = self.all.coverage(&rest);
        let weight = ATOM_WEIGHT * new.len() as f64;
        let small = weight / (total + weight) <= DETAIL_SHARE && total - held <= DETAIL_NOVEL;
        small.then_some(rest)
    }

    /// Every fact atom of `s` the story lacks, as a reader would write it: `name: pete
    /// hegseth`, `number: 90000000000 usd`, `date: 08-18`, `quote: ... (said by lavrov)`
    /// (a quotation's content words, with its speaker when the sentence names one).
    pub fn new_atoms(&self, s: &SentenceTerms) -> Vec<String> {
        let quote_held = |q: usize| {
            self.sentences()
                .any(|h| h.terms.quote_coverage(s, q) >= QUOTE_HELD)
        };
        // The speaker of a new quotation is named with it.
        let new_quote = (0..s.quotes.len()).any(|q| !quote_held(q));
        let mut atoms: Vec<String> = s
            .entities
            .iter()
            .filter(|e| !self.all.holds_entity(e))
            .filter(|e| !(new_quote && s.speakers.contains(e)))
            .map(|e| match e {
                super::terms::Entity::Place(_) => format!("place: {}", e.label()),
                _ => format!("name: {}", e.label()),
            })
            .collect();
        atoms.extend(self.all.unheld_numbers(s).map(|n| format!("number: {n}")));
        atoms.extend(self.all.unheld_dates(s).map(|d| format!("date: {d}")));
        let new_quotes = s.quotes.iter().enumerate().filter(|&(i, _)| !quote_held(i));
        atoms.extend(new_quotes.map(|(_, q)| {
            let words: Vec<&str> = q.iter().map(String::as_str).collect();
            // A quoted statement is a fact with its speaker.
            let speakers: Vec<String> = s.speakers.iter().map(Entity::label).collect();
            if speakers.is_empty() {
                format!("quote: {}", words.join(" "))
            } else {
                format!(
                    "quote: {} (said by {})",
                    words.join(" "),
                    speakers.join(", ")
                )
            }
        }));
        atoms
    }

    /// The held sentence closest to `s` (the harmonic mean of the share of each that the
    /// other says), if it shares anything worth showing; a story's own sentence shown
    /// from `story`.
    fn closest<'a>(
        &'a self,
        s: &SentenceTerms,
        shared: &SharedWords,
        story: &'a [HeldSentence],
    ) -> Option<&'a str> {
        let (i, _) = self.most_mutual(s, shared, CLOSEST_SHOWN, |_| true)?;
        Some(&story[i].text)
    }

    fn new_atom(&self, s: &SentenceTerms) -> Option<String> {
        if let Some(e) = s.entities.iter().find(|e| !self.all.holds_entity(e)) {
            return Some(format!("{e:?}"));
        }
        if let Some(n) = self.all.unheld_numbers(s).next() {
            return Some(format!("number {n}"));
        }
        if let Some(d) = self.all.unheld_dates(s).next() {
            return Some(format!("date {d}"));
        }
        let quote_held = |q| {
            self.sentences()
                .any(|h| h.terms.quote_coverage(s, q) >= QUOTE_HELD)
        };
        s.quotes
            .iter()
            .enumerate()
            .find(|&(i, _)| !quote_held(i))
            .map(|(_, q)| format!("quote {q:?}"))
    }

    /// The largest share of `s` that one held sentence says.
    fn best_sentence_share(&self, s: &SentenceTerms, shared: &SharedWords) -> f64 {
        let (atoms, total) = (s.atom_weight(), s.total_weight());
        let mut best = 0.0;
        for (h, words) in self.with_shared_words(s, shared) {
            // A held sentence that could not beat the best even holding every atom of
            // `s` is not compared.
            if bounded_share(words as f64 * WORD_WEIGHT + atoms, total) < best - 1e-9 {
                continue;
            }
            best = f64::max(best, share(&h.terms, s, words));
        }
        best
    }

    fn holds_negation(&self, s: &SentenceTerms, shared: &SharedWords) -> bool {
        self.with_shared_words(s, shared)
            .any(|(h, shared)| h.terms.negated() && share(&h.terms, s, shared) >= NEGATION_HELD)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matcher::language::english;
    use crate::matcher::terms::{analyse, NameHints};

    #[test]
    fn words_shared_with_every_held_sentence_are_counted_in_one_pass() {
        // The counts through the postings must be the words each held sentence holds of
        // a new one, for sentences copied from another `Held` and read afresh alike: on
        // the seed corpus.
        let (read, held, _) = seed_corpus_held();
        for s in &read {
            for (h, shared) in held.with_shared_words(s, &SharedWords::default()) {
                let holds = s.word_keys().iter().filter(|&&k| h.terms.holds_word(k));
                assert_eq!(shared, holds.count());
                assert_eq!(
                    h.terms.coverage(s),
                    h.terms.coverage_given_words(&**s, shared)
                );
                let words = h.terms.word_keys();
                assert_eq!(shared, words.iter().filter(|&&k| s.holds_word(k)).count());
            }
        }
    }

    #[test]
    fn held_sentences_skipped_as_unable_to_come_first_change_no_answer() {
        // Every held sentence compared, without bounds, on the seed corpus.
        let (read, held, story) = seed_corpus_held();
        for s in &read {
            let shared = SharedWords::default();
            let all: Vec<(usize, f64, f64)> = held
                .with_shared_words(s, &shared)
                .enumerate()
                .map(|(i, (h, words))| {
                    let (a, b) = (share(&h.terms, &**s, words), share(&**s, &h.terms, words));
                    (i, a, harmonic_mean(a, b))
                })
                .collect();
            let best = all.iter().map(|&(_, a, _)| a).fold(0.0, f64::max);
            assert_eq!(held.best_sentence_share(s, &shared), best);
            let closest = all
                .iter()
                .filter(|&&(_, _, m)| m >= CLOSEST_SHOWN)
                .max_by(|x, y| x.2.total_cmp(&y.2))
                .map(|&(i, _, _)| story[i].text.as_str());
            assert_eq!(held.closest(s, &shared, &story), closest);
        }
    }

    /// The seed corpus's sentences read, and held: the first half copied from another
    /// `Held` (as the index reads a story again), the rest read; and the story of them
    /// all.
    fn seed_corpus_held() -> (Vec<Arc<SentenceTerms>>, Held, Vec<HeldSentence>) {
        let sentences = super::super::sentences::seed_corpus_sentences();
        let hints = NameHints::from_sentences(sentences.iter().map(String::as_str));
        let read: Vec<_> = sentences
            .iter()
            .map(|s| analyse(s, &hints, english()))
            .collect();
        let (first, rest) = read.split_at(read.len() / 2);
        let mut earlier = Held::new();
        for t in first {
            earlier.add_story_sentence(Arc::clone(t), None);
        }
        let mut held = Held::new();
        for i in 0..earlier.len() {
            held.add_story_sentence_of(&earlier, i, None);
        }
        for t in rest {
            held.add_story_sentence(Arc::clone(t), None);
        }
        assert!(held.sentences().count() > 60);
        (read, held, story_of(&sentences))
    }

    /// A story's sentences, from their texts.
    fn story_of(texts: &[impl AsRef<str>]) -> Vec<HeldSentence> {
        texts
            .iter()
            .map(|t| HeldSentence {
                text: t.as_ref().to_string(),
                item: crate::model::ItemId("item".into()),
                claim: None,
            })
            .collect()
    }

    /// Whether `later` is a new claim for a story that holds `held`.
    fn is_new(held: &str, later: &str) -> bool {
        let hints = NameHints::from_sentences([held, later]);
        let mut story = Held::new();
        story.add_story_sentence(analyse(held, &hints, english()), None);
        story
            .verdict(
                later,
                &analyse(later, &hints, english()),
                &crate::matcher::novelty_model(),
                &story_of(&[held]),
                true,
            )
            .judgement
            .is_new()
    }

    #[test]
    fn a_held_statement_given_a_speaker_adds_nothing() {
        let held = "The ceasefire in Gaza collapsed on Tuesday after militants fired 12 rockets.";
        assert!(!is_new(
            held,
            "The ceasefire in Gaza collapsed on Tuesday after militants fired 12 rockets, \
             army spokesman Avi Cohen said."
        ));
        // What the speaker says is still judged.
        assert!(is_new(
            held,
            "Army spokesman Avi Cohen said 40 rockets were fired at Gaza."
        ));
    }

    #[test]
    fn a_title_or_first_name_adds_no_person() {
        let held = "Rumsfeld rejected calls to send more troops to Iraq.";
        assert!(!is_new(
            held,
            "Defense Secretary Donald Rumsfeld rejected calls to send more troops to Iraq."
        ));
        assert!(!is_new(
            "Tauzin said the bill would pass the House in May.",
            "Mr. Tauzin said the bill would pass the House in May."
        ));
        assert!(is_new(
            held,
            "Senator John Warner rejected calls to send more troops to Iraq."
        ));
    }

    #[test]
    fn a_rounded_figure_agrees_with_the_figure_it_rounds() {
        let held = "The fire has burned about 12,000 acres near Tucson.";
        assert!(!is_new(
            held,
            "The fire has burned 12,400 acres near Tucson."
        ));
        assert!(is_new(
            held,
            "The fire has burned 13,400 acres near Tucson."
        ));
        // Unhedged figures are counts: a toll of 30 after 27 is a new toll.
        assert!(is_new(
            "The earthquake in Izmir killed 27 people.",
            "The earthquake in Izmir killed 30 people."
        ));
        // "More than 2,000" is not 1,900.
        assert!(is_new(
            "Officials said more than 2,000 insurgents took part in the attack on Kandahar.",
            "Officials said 1,900 insurgents took part in the attack on Kandahar."
        ));
    }

    #[test]
    fn an_age_is_no_new_fact() {
        let held = "Police arrested Walsh on Friday in Brooklyn after the shooting.";
        assert!(!is_new(
            held,
            "Police arrested Robert Walsh, 40, on Friday in Brooklyn after the shooting."
        ));
        assert!(is_new(
            held,
            "Police arrested 40 people on Friday in Brooklyn after the shooting."
        ));
    }

    #[test]
    fn a_possessive_detail_of_a_held_statement_adds_nothing() {
        let held = "The decision to issue new guidance was prompted by intelligence passed \
                    to Britain by the FBI in late July.";
        assert!(!is_new(
            held,
            "Scotland Yard's decision to issue new guidance was prompted by intelligence \
             passed to Britain by the FBI in late July."
        ));
        // A new place where something happens is a fact, not a detail.
        assert!(is_new(
            "Fires in Extremadura forced hundreds of people to leave their homes.",
            "Fires in Extremadura and Avila forced hundreds of people to leave their homes."
        ));
    }

    #[test]
    fn the_state_of_a_us_address_is_no_new_place() {
        let held = "A federal judge in Fort Lauderdale ordered Zuccarini held without bail.";
        assert!(!is_new(
            held,
            "A federal judge in Fort Lauderdale, Fla., ordered Zuccarini held without bail."
        ));
        // States in a list are places of their own.
        assert!(is_new(
            "Police searched areas in Pennsylvania and Ohio for the fugitive.",
            "Police searched areas in Pennsylvania, Ohio, Indiana and Michigan for the fugitive."
        ));
    }

    #[test]
    fn the_size_of_a_named_group_is_no_new_count() {
        assert!(!is_new(
            "Argentina and the IMF struck a $6.8 billion debt rollover deal in August.",
            "In August the two sides struck a $6.8 billion debt rollover deal, Argentina said."
        ));
        assert!(is_new(
            "Gunmen attacked a checkpoint near Kandahar on Monday.",
            "Two gunmen attacked a checkpoint near Kandahar on Monday."
        ));
    }

    #[test]
    fn a_demonym_names_its_place() {
        assert!(!is_new(
            "Authorities in Taiwan quarantined hundreds of people at two hospitals.",
            "Taiwanese authorities quarantined hundreds of people at two hospitals."
        ));
    }

    #[test]
    fn the_closest_held_sentence_is_shown_from_the_story_when_copied_too() {
        // The index holds a story's sentences without their text: the closest one is
        // shown from the story's, whether read or copied from another `Held`.
        let texts = [
            "Crews from three states joined the fight against the fire on Monday.",
            "The fire has burned about 12,000 acres near Tucson.",
        ];
        let later = "The fire near Tucson has burned 30,000 acres, officials said.";
        let hints = NameHints::from_sentences(texts.into_iter().chain([later]));
        let story = story_of(&texts);
        let mut held = Held::new();
        for t in texts {
            held.add_story_sentence(analyse(t, &hints, english()), None);
        }
        let s = analyse(later, &hints, english());
        let model = crate::matcher::novelty_model();
        let direct = held.verdict(later, &s, &model, &story, true);
        assert!(direct.is_new_claim());
        assert_eq!(direct.closest.as_deref(), Some(texts[1]));
        let mut copied = Held::new();
        for i in 0..held.len() {
            copied.add_story_sentence_of(&held, i, None);
        }
        assert_eq!(copied.verdict(later, &s, &model, &story, true), direct);
    }

    #[test]
    fn a_new_quotation_is_logged_with_its_speaker() {
        let hints = NameHints::from_sentences([]);
        let read = |s: &str| analyse(s, &hints, english());
        let mut held = Held::new();
        held.add_story_sentence(read("Russia rejected any foreign troops in Ukraine."), None);
        let quoted = read(
            "“We will never accept troops from NATO countries in Ukraine,” Sergei Lavrov said.",
        );
        let atoms = held.new_atoms(&quoted);
        assert!(
            atoms.iter().any(|a| a.starts_with("quote: ")
                && a.contains("accept")
                && a.ends_with("(said by sergei lavrov)")),
            "{atoms:?}"
        );
        // The speaker is who said it, not a new fact of the statement.
        assert!(
            !atoms.iter().any(|a| a == "name: sergei lavrov"),
            "{atoms:?}"
        );
    }
}
