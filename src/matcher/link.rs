//! Linking: which story an article belongs to, by TF-IDF cosine between the article and
//! each story's centroid.
//!
//! Every item a story holds is one document (its sentences, and for the founder the
//! story's title). Document frequencies are counted over the documents of all the stories
//! given plus the article, so term weights follow the stream as it grows (incremental
//! IDF) while the matcher stays a function of its inputs. A term is a content word, a
//! name (each word, and the whole name), a place, an acronym, a number with its unit or a
//! date; names, numbers and dates weigh more than words, because two reports of the same
//! kind of event (two earthquakes, two shootings) share their words but not their places,
//! people, tolls and days.
//!
//! Analysing a document is the costly part, and a story's documents do not change between
//! articles, so each document's term counts are memoised by a hash of its text: the
//! result is the same as analysing afresh, and the cost per article is a pass over the
//! term counts of the documents held, not over their text.

use super::language::Language;
use super::terms::{self, Entity, NameHints, SentenceTerms};
use crate::model::{Article, Story};
use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, LazyLock, Mutex};

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

/// Memoised documents; cleared when it grows past this many (a few hundred terms each,
/// so tens of kilobytes: this bounds the memo to roughly a gigabyte at worst).
const CACHE_LIMIT: usize = 50_000;

/// A document's terms with their counts (a headline's terms count [`TITLE_REPEAT`] times)
/// and the weight of their kind (the highest, for a word also used in a name).
type Counts = HashMap<String, (f64, f64)>;

static CACHE: LazyLock<Mutex<HashMap<u64, Arc<Counts>>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

/// The article's similarity to each story, in the order given.
///
/// `link_threshold` is only used to put a brief's score on the same scale (see
/// [`SHORT_HELD_SHARE`]).
pub fn scores(
    stories: &[Story],
    article: &Article,
    sentences: &[String],
    link_threshold: f64,
    lang: &Language,
) -> Vec<f64> {
    let title = article.title.as_deref().unwrap_or("");
    let article_doc = counts(title, sentences.iter().map(String::as_str), lang);
    let story_docs: Vec<Vec<Arc<Counts>>> =
        stories.iter().map(|s| story_documents(s, lang)).collect();

    // Incremental IDF: every document held, and the article itself.
    let mut df: HashMap<&str, u32> = HashMap::new();
    let mut n = 1u32;
    for doc in story_docs.iter().flatten() {
        n += 1;
        for term in doc.keys() {
            *df.entry(term.as_str()).or_default() += 1;
        }
    }
    let idf = |term: &str| {
        let d = df.get(term).copied().unwrap_or(0) + 1; // the article holds it
        (f64::from(n + 1) / f64::from(d + 1)).ln() + 1.0
    };
    let a = weighted(&article_doc, &idf);
    let short = sentences.len() <= SHORT_ARTICLE_SENTENCES;
    story_docs
        .iter()
        .map(|docs| {
            let mut centroid: HashMap<&str, f64> = HashMap::new();
            for doc in docs {
                for (term, w) in weighted(doc, &idf) {
                    *centroid.entry(term).or_default() += w;
                }
            }
            // The centroid's cosine alone favours a story whose items say many different
            // things (its centroid is short); the mean cosine to its items does not. Their
            // geometric mean asks an article to be close to the story as a whole and to
            // its items on average.
            let items = docs.len().max(1) as f64;
            let mean_item = dot(&a, &centroid) / items;
            let score = (mean_item * cosine(&a, &centroid)).max(0.0).sqrt();
            if short {
                let held = containment(&a, &centroid) / SHORT_HELD_SHARE * link_threshold;
                score.max(held.min(1.0))
            } else {
                score
            }
        })
        .collect()
}

/// The share of `a`'s weight that `b` holds terms for. Whole names are left out: they
/// repeat their words, and would count a new person twice against a brief.
fn containment(a: &HashMap<&str, f64>, b: &HashMap<&str, f64>) -> f64 {
    let mut held = 0.0;
    let mut total = 0.0;
    for (t, w) in a.iter().filter(|(t, _)| !t.starts_with("n:")) {
        total += w * w;
        if b.contains_key(t) {
            held += w * w;
        }
    }
    if total > 0.0 {
        held / total
    } else {
        0.0
    }
}

fn dot(a: &HashMap<&str, f64>, b: &HashMap<&str, f64>) -> f64 {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    small
        .iter()
        .filter_map(|(t, w)| large.get(t).map(|v| w * v))
        .sum()
}

/// TF-IDF weights of a document, normalised to unit length.
fn weighted<'a>(doc: &'a Counts, idf: &impl Fn(&str) -> f64) -> HashMap<&'a str, f64> {
    let mut v: HashMap<&str, f64> = doc
        .iter()
        .map(|(t, (c, kind))| (t.as_str(), kind * (1.0 + c.ln()) * idf(t)))
        .collect();
    let norm = v.values().map(|w| w * w).sum::<f64>().sqrt();
    if norm > 0.0 {
        v.values_mut().for_each(|w| *w /= norm);
    }
    v
}

fn cosine(a: &HashMap<&str, f64>, b: &HashMap<&str, f64>) -> f64 {
    let dot = dot(a, b);
    let na = a.values().map(|w| w * w).sum::<f64>().sqrt();
    let nb = b.values().map(|w| w * w).sum::<f64>().sqrt();
    if na == 0.0 || nb == 0.0 {
        0.0
    } else {
        dot / (na * nb)
    }
}

/// A story's documents: the sentences of each of its items, in order of arrival; the
/// founder's with the story's title.
fn story_documents(story: &Story, lang: &Language) -> Vec<Arc<Counts>> {
    let mut order: Vec<&str> = Vec::new();
    let mut by_item: HashMap<&str, Vec<&str>> = HashMap::new();
    for s in &story.sentences {
        by_item
            .entry(s.item.0.as_str())
            .or_insert_with(|| {
                order.push(s.item.0.as_str());
                Vec::new()
            })
            .push(s.text.as_str());
    }
    order
        .iter()
        .map(|item| {
            let title = if *item == story.founded_by.0 {
                story.title.as_str()
            } else {
                ""
            };
            counts(title, by_item[item].iter().copied(), lang)
        })
        .collect()
}

/// The terms of a document (title and sentences) as read in `lang`, memoised by its
/// text and the language.
fn counts<'a>(
    title: &'a str,
    sentences: impl Iterator<Item = &'a str> + Clone,
    lang: &Language,
) -> Arc<Counts> {
    let mut hasher = DefaultHasher::new();
    lang.code.hash(&mut hasher);
    title.hash(&mut hasher);
    for s in sentences.clone() {
        s.hash(&mut hasher);
    }
    let key = hasher.finish();
    if let Some(hit) = CACHE.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return hit;
    }
    let hints = NameHints::from_sentences(sentences.clone().chain(std::iter::once(title)));
    let mut doc = Counts::new();
    for s in sentences {
        add_terms(&mut doc, &terms::analyse(s, &hints, lang), 1.0, lang);
    }
    if !title.is_empty() {
        add_terms(
            &mut doc,
            &terms::analyse(title, &hints, lang),
            TITLE_REPEAT,
            lang,
        );
    }
    let doc = Arc::new(doc);
    if let Ok(mut cache) = CACHE.lock() {
        if cache.len() >= CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(key, Arc::clone(&doc));
    }
    doc
}

fn add_terms(doc: &mut Counts, t: &SentenceTerms, times: f64, lang: &Language) {
    let mut add = |term: String, weight: f64| {
        let entry = doc.entry(term).or_insert((0.0, weight));
        entry.0 += times;
        entry.1 = entry.1.max(weight);
    };
    for w in &t.words {
        add(format!("w:{w}"), WORD_WEIGHT);
    }
    for e in &t.entities {
        match e {
            Entity::Place(p) => add(format!("p:{p}"), PLACE_WEIGHT),
            Entity::Acronym(a) => add(format!("a:{a}"), ACRONYM_WEIGHT),
            Entity::Name(words) => {
                // A name's words share the words' key: a name that opens a sentence
                // in one report is read as a word there, and must still match.
                for w in words {
                    add(format!("w:{}", lang.canonical_stem(w)), NAME_WORD_WEIGHT);
                }
                if words.len() >= 2 {
                    add(format!("n:{}", words.join(" ")), FULL_NAME_WEIGHT);
                }
            }
        }
    }
    for n in &t.numbers {
        add(format!("#:{n}"), NUMBER_WEIGHT);
    }
    for d in &t.dates {
        add(format!("d:{d}"), DATE_WEIGHT);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{BlockKind, HeldSentence, ItemId, Paragraph, StoryId};

    fn article(title: &str, text: &str) -> Article {
        Article {
            title: Some(title.to_string()),
            paragraphs: vec![Paragraph {
                kind: BlockKind::Paragraph,
                text: text.to_string(),
            }],
            ..Article::default()
        }
    }

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
        }
    }

    fn english() -> &'static Language {
        super::super::language::english()
    }

    fn sentences(a: &Article) -> Vec<String> {
        super::super::sentences::article_sentences(&a.paragraphs)
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
        let update = article(
            "Qeshm quake damages villages",
            "The earthquake on Qeshm island in southern Iran damaged houses in three villages and injured five people, Iranian state television said on Friday.",
        );
        let s = scores(
            &[izmir, qeshm],
            &update,
            &sentences(&update),
            0.25,
            english(),
        );
        assert!(s[1] > s[0] + 0.1, "{s:?}");
        assert!(s[1] >= 0.25, "{s:?}");
    }

    #[test]
    fn memoised_documents_give_the_same_scores() {
        let s = story(
            "s",
            "ECB holds rates",
            &["The European Central Bank kept interest rates unchanged on Thursday, President Christine Lagarde said in Frankfurt."],
        );
        let a = article(
            "",
            "Christine Lagarde said the European Central Bank would keep rates where they are.",
        );
        let first = scores(
            std::slice::from_ref(&s),
            &a,
            &sentences(&a),
            0.25,
            english(),
        );
        let again = scores(&[s], &a, &sentences(&a), 0.25, english());
        // Equal up to the order floating-point sums were taken in.
        assert!((first[0] - again[0]).abs() < 1e-12, "{first:?} {again:?}");
        assert!(first[0] <= 1.0, "{first:?}");
        assert!(first[0] > 0.25, "{first:?}");
    }
}
