//! The plain TF-IDF baselines the issue measures against: a single-pass centroid
//! clusterer with incremental IDF for the streams, and a pair cosine for SemEval; each
//! at the threshold that suits its set best, chosen with the labels in view (so the
//! baseline's figures are optimistic). Terms are content words (`\w+`, lower-cased,
//! English stop words dropped), weighted 1 + ln(count) × IDF: on the streams this scores
//! a little above the reference figures in the sets' READMEs (ECB+ 0.896 against 0.888,
//! GVA 0.899 against 0.892), so the margins measured against it are not flattered.

use super::scoring::{self, words, Clustering};
use chrono::NaiveDate;
use std::collections::HashMap;

/// One stream item as the baseline reads it.
pub struct Doc {
    pub id: String,
    pub date: Option<NaiveDate>,
    pub terms: HashMap<u32, f64>,
}

/// Gives each word an id.
#[derive(Default)]
pub struct Vocabulary {
    ids: HashMap<String, u32>,
    /// Every word counts, stop words too (as the SemEval set's own baseline counts).
    pub all_words: bool,
}

impl Vocabulary {
    pub fn doc(&mut self, id: &str, date: Option<NaiveDate>, text: &str) -> Doc {
        let mut terms = HashMap::new();
        for w in words(text) {
            if !self.all_words && STOP.with(|stop| stop.contains(w.as_str())) {
                continue;
            }
            let next = self.ids.len() as u32;
            let id = *self.ids.entry(w).or_insert(next);
            *terms.entry(id).or_insert(0.0) += 1.0;
        }
        Doc {
            id: id.to_string(),
            date,
            terms,
        }
    }
}

thread_local! {
    /// English stop words (stopwords-iso): the baseline counts content words.
    static STOP: std::collections::HashSet<&'static str> =
        stop_words::get("en").iter().copied().collect();
}

fn idf(n: f64, df: f64) -> f64 {
    ((1.0 + n) / (1.0 + df)).ln() + 1.0
}

/// Clusters `docs` in order: each joins the story whose centroid (its items' counts,
/// weighted by the IDF of the moment) is closest, if the cosine reaches `threshold`
/// and (with `window_days`) the story's latest item is that recent; otherwise it
/// founds one.
pub fn cluster(docs: &[Doc], threshold: f64, window_days: Option<i64>) -> HashMap<String, String> {
    let mut df: HashMap<u32, f64> = HashMap::new();
    // Each story: the sum of its items' unit vectors (weighted by the IDF of the moment
    // each arrived), its norm, and its latest date.
    let mut stories: Vec<(HashMap<u32, f64>, f64, Option<NaiveDate>)> = Vec::new();
    let mut out = HashMap::new();
    for (n, doc) in docs.iter().enumerate() {
        for &t in doc.terms.keys() {
            *df.entry(t).or_default() += 1.0;
        }
        let docs_seen = (n + 1) as f64;
        let mut a: Vec<(u32, f64)> = doc
            .terms
            .iter()
            .map(|(&t, &c)| (t, (1.0 + f64::ln(c)) * idf(docs_seen, df[&t])))
            .collect();
        let a_norm = a
            .iter()
            .map(|(_, w)| w * w)
            .sum::<f64>()
            .sqrt()
            .max(f64::MIN_POSITIVE);
        a.iter_mut().for_each(|(_, w)| *w /= a_norm);
        let mut best: Option<(usize, f64)> = None;
        for (slot, (centroid, norm, last)) in stories.iter().enumerate() {
            if let (Some(window), Some(date), Some(last)) = (window_days, doc.date, last) {
                if (date - *last).num_days().abs() > window {
                    continue;
                }
            }
            let dot: f64 = a
                .iter()
                .filter_map(|(t, w)| centroid.get(t).map(|c| w * c))
                .sum();
            let cosine = dot / norm;
            if dot > 0.0 && best.is_none_or(|(_, b)| cosine > b) {
                best = Some((slot, cosine));
            }
        }
        let slot = match best {
            Some((slot, cosine)) if cosine >= threshold => slot,
            _ => {
                stories.push((HashMap::new(), 0.0, None));
                stories.len() - 1
            }
        };
        let (centroid, norm, last) = &mut stories[slot];
        for &(t, w) in &a {
            *centroid.entry(t).or_default() += w;
        }
        *norm = centroid.values().map(|w| w * w).sum::<f64>().sqrt();
        *last = (*last).max(doc.date);
        out.insert(doc.id.clone(), format!("s{slot}"));
    }
    out
}

/// The threshold in 0.05..0.60 (steps of 0.01) with the best B-cubed F1 on `gold`, and
/// its scores.
pub fn best_clustering(
    docs: &[Doc],
    gold: &HashMap<String, String>,
    window_days: Option<i64>,
) -> (f64, Clustering) {
    (5..=60)
        .map(|t| {
            let threshold = f64::from(t) / 100.0;
            let scores = scoring::clustering(gold, &cluster(docs, threshold, window_days));
            (threshold, scores)
        })
        .max_by(|a, b| a.1.b3_f1.total_cmp(&b.1.b3_f1))
        .expect("thresholds to try")
}

/// The TF-IDF cosine of each pair of texts, IDF over all of them, every word counted
/// as often as it occurs (`../shared/bench/semeval8-dev/score.py`).
pub fn pair_cosines(pairs: &[(String, String)]) -> Vec<f64> {
    let mut vocabulary = Vocabulary {
        all_words: true,
        ..Vocabulary::default()
    };
    let docs: Vec<(Doc, Doc)> = pairs
        .iter()
        .map(|(a, b)| (vocabulary.doc("", None, a), vocabulary.doc("", None, b)))
        .collect();
    let mut df: HashMap<u32, f64> = HashMap::new();
    for (a, b) in &docs {
        for t in a.terms.keys().chain(b.terms.keys()) {
            *df.entry(*t).or_default() += 1.0;
        }
    }
    let n = (docs.len() * 2) as f64;
    let unit = |d: &Doc| -> HashMap<u32, f64> {
        let v: HashMap<u32, f64> = d
            .terms
            .iter()
            .map(|(&t, &c)| (t, c * idf(n, df[&t])))
            .collect();
        let norm = v
            .values()
            .map(|w| w * w)
            .sum::<f64>()
            .sqrt()
            .max(f64::MIN_POSITIVE);
        v.into_iter().map(|(t, w)| (t, w / norm)).collect()
    };
    docs.iter()
        .map(|(a, b)| {
            let (va, vb) = (unit(a), unit(b));
            va.iter()
                .filter_map(|(t, w)| vb.get(t).map(|x| w * x))
                .sum()
        })
        .collect()
}

/// The threshold on `scores` (linked = score ≥ it) with the best accuracy on `gold`.
pub fn best_threshold(scores: &[f64], gold: &[bool]) -> f64 {
    let mut points: Vec<f64> = scores.to_vec();
    points.sort_by(f64::total_cmp);
    points.dedup();
    let mut candidates = vec![points[0] - 1e-9];
    candidates.extend(points.windows(2).map(|w| (w[0] + w[1]) / 2.0));
    candidates.push(points[points.len() - 1] + 1e-9);
    let accuracy = |t: f64| {
        scores
            .iter()
            .zip(gold)
            .filter(|(s, g)| (**s >= t) == **g)
            .count()
    };
    let mut best = (0, candidates[0]);
    for t in candidates {
        let a = accuracy(t);
        if a > best.0 {
            best = (a, t);
        }
    }
    best.1
}
