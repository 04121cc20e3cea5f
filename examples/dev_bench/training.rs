//! The matcher's training data, drawn from the development sets.
//!
//! Linking: each stream is replayed with its gold stories (teacher forcing: every item
//! joins its gold story, whatever the matcher would have done), and each item is
//! measured against the candidate stories the index finds for it; a row is one
//! (item, candidate) with its signals, labelled by whether the candidate is its gold
//! story. SemEval pairs give one row each: b against the story a founded.

use super::scoring::Prf;
use super::sets::{DevSets, Stream};
use std::collections::HashMap;
use storywatch::matcher::model::{Logistic, TrainingRow, TrainingRows};
use storywatch::matcher::{self, MatchParams, SentenceVerdict, Signals, StoryIndex};
use storywatch::model::{ItemId, Story, StoryId};
use storywatch::replay;

/// One candidate link, measured.
pub struct LinkRow {
    /// `ecb`, `gva` or `semeval`.
    pub set: &'static str,
    pub item: String,
    pub same_story: bool,
    /// How many items the decision on this row's item carries: for the first item of
    /// a story, every item of it (a story founded within another takes all its items
    /// there), for the others one.
    pub weight: f64,
    pub signals: Signals,
}

pub fn link_rows(dev: &DevSets, params: &MatchParams) -> anyhow::Result<Vec<LinkRow>> {
    let mut rows = stream_rows("ecb", &dev.ecb, params)?;
    rows.extend(stream_rows("gva", &dev.gva, params)?);
    for p in &dev.pairs {
        let mut index = StoryIndex::new();
        let line = |side: &str, s: &super::sets::PairSide| {
            serde_json::json!({"id": format!("{}/{side}", p.pair),
                "time": "2020-01-01T00:00:00Z", "title": s.title, "text": s.text})
            .to_string()
        };
        let now = chrono::Utc::now();
        let (a_id, _, a) = replay::read_stream_line(&line("a", &p.a), now)?;
        let (b_id, _, b) = replay::read_stream_line(&line("b", &p.b), now)?;
        let mut story = Story::default();
        add_to_story(&mut story, "pair", &a_id, &a, params);
        index.upsert(story);
        for (_, signals) in matcher::link_signals(&index, &b, params) {
            rows.push(LinkRow {
                set: "semeval",
                item: b_id.0.clone(),
                same_story: p.same_story,
                weight: 1.0,
                signals,
            });
        }
    }
    Ok(rows)
}

fn stream_rows(
    set: &'static str,
    stream: &Stream,
    params: &MatchParams,
) -> anyhow::Result<Vec<LinkRow>> {
    let text = std::fs::read_to_string(&stream.path)?;
    let mut index = StoryIndex::new();
    let mut stories: HashMap<String, Story> = HashMap::new();
    let mut clock = chrono::Utc::now();
    let mut rows = Vec::new();
    let mut sizes: HashMap<&String, usize> = HashMap::new();
    for story in stream.gold.values() {
        *sizes.entry(story).or_default() += 1;
    }
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let (item, at, article) = replay::read_stream_line(line, clock)?;
        clock = at;
        let gold = &stream.gold[&item.0];
        let story_held = stories.contains_key(gold);
        let weight = if story_held { 1.0 } else { sizes[gold] as f64 };
        for (story, signals) in matcher::link_signals(&index, &article, params) {
            rows.push(LinkRow {
                set,
                item: item.0.clone(),
                same_story: story.0 == *gold,
                weight,
                signals,
            });
        }
        let story = stories.entry(gold.clone()).or_default();
        add_to_story(story, gold, &item, &article, params);
        index.upsert(story.clone());
    }
    Ok(rows)
}

/// Adds `article` to `story` (founding it under `id` if it is new), as the store does.
fn add_to_story(
    story: &mut Story,
    id: &str,
    item: &ItemId,
    article: &storywatch::model::Article,
    params: &MatchParams,
) {
    if story.items.is_empty() {
        let (title, _) = matcher::founding(article, params);
        story.id = StoryId(id.to_string());
        story.title = title;
        story.founded_by = item.clone();
    }
    story.add_item(
        item,
        article.title.as_deref(),
        matcher::sentences::article_sentences(&article.paragraphs),
        article.published,
    );
}

/// The rows the link model is fitted on (see [`training_rows`]), as committed beside it.
pub fn link_training_rows(rows: &[LinkRow], candidates: usize) -> TrainingRows {
    let mut out = TrainingRows {
        names: matcher::SIGNAL_NAMES
            .iter()
            .map(|n| n.to_string())
            .collect(),
        rows: Vec::new(),
    };
    for set in ["ecb", "gva", "semeval"] {
        for r in training_rows(rows, set, candidates) {
            out.rows.push(TrainingRow {
                set: set.to_string(),
                yes: r.same_story,
                weight: r.weight,
                signals: r.signals.to_vec(),
            });
        }
    }
    // As read back from the file, so that a fit of the committed rows gives the
    // committed model to the last bit.
    TrainingRows::parse("link", &out.to_tsv()).expect("rows read back")
}

/// The rows of `set` a link model is fitted on: per item, the `candidates` closest to it
/// (by `ln_cos_mean`; [`TRAINED_CANDIDATES`] unless asked otherwise).
pub fn training_rows<'a>(rows: &'a [LinkRow], set: &str, candidates: usize) -> Vec<&'a LinkRow> {
    let closeness = matcher::SIGNAL_NAMES
        .iter()
        .position(|n| *n == "ln_cos_mean")
        .expect("linking measures ln_cos_mean");
    let of_set: Vec<&LinkRow> = rows.iter().filter(|r| r.set == set).collect();
    let mut out = Vec::new();
    for group in of_set.chunk_by(|a, b| a.item == b.item) {
        let mut group = group.to_vec();
        group.sort_by(|a, b| b.signals[closeness].total_cmp(&a.signals[closeness]));
        out.extend(group.into_iter().take(candidates));
    }
    out
}

/// How many of an item's candidates the link model is fitted on: the closest alone, the
/// one the decision is about (an item joins its likeliest story or none), rather than
/// candidates no decision turns on. With each item's headline read, it is the choice after
/// which no set left out scores lower than before (docs/benchmarks.md).
pub const TRAINED_CANDIDATES: usize = 1;

/// One sentence judged, measured: the claims model's training data.
pub struct NoveltyRow {
    /// `judged-ecb`, `judged-gva`, `novelty`, `msrp` or `seeds`.
    pub set: &'static str,
    /// The unit a label is given to (a judged line, a labelled sentence, a pair): its
    /// rows are the sentences the matcher reads in it, one after the other.
    pub unit: String,
    pub new: bool,
    pub signals: matcher::NoveltySignals,
    /// The sentence, and what the matcher's rules decided and why (to read the errors).
    pub text: String,
    pub rule: String,
}

impl NoveltyRow {
    fn of(set: &'static str, unit: String, new: bool, verdict: SentenceVerdict) -> NoveltyRow {
        NoveltyRow {
            set,
            unit,
            new,
            signals: verdict.signals,
            rule: format!("{:?} {:?}", verdict.judgement, verdict.atoms),
            text: verdict.text,
        }
    }
}

/// A story of `reports` (title, text), each an item, as the pipeline reads them.
fn story_of(reports: &[(String, String)], params: &MatchParams) -> anyhow::Result<Story> {
    let mut story = Story::default();
    for (n, (title, text)) in reports.iter().enumerate() {
        let line =
            serde_json::json!({"id": format!("r{n}"), "time": null, "title": title, "text": text})
                .to_string();
        let (item, _, article) = replay::read_stream_line(&line, chrono::Utc::now())?;
        add_to_story(&mut story, "story", &item, &article, params);
    }
    Ok(story)
}

/// The sentences of `text`, each judged against `story` alone (as the reader judged
/// them: against the earlier reports, not the report's own sentences before them).
fn judged_against(
    story: &Story,
    text: &str,
    params: &MatchParams,
) -> anyhow::Result<Vec<SentenceVerdict>> {
    let line = serde_json::json!({"id": "judged", "time": null, "text": text}).to_string();
    let (_, _, article) = replay::read_stream_line(&line, chrono::Utc::now())?;
    Ok(matcher::judge_against(story, &article, params))
}

pub fn novelty_rows(dev: &DevSets, params: &MatchParams) -> anyhow::Result<Vec<NoveltyRow>> {
    let mut rows = Vec::new();
    let cases: HashMap<&str, &super::sets::Case> =
        dev.cases.iter().map(|c| (c.case.as_str(), c)).collect();
    let mut stories: HashMap<&str, Story> = HashMap::new();
    for (n, j) in dev.judged.iter().enumerate() {
        let case = cases[j.case.as_str()];
        if !stories.contains_key(j.case.as_str()) {
            let reports: Vec<(String, String)> = case
                .earlier_reports
                .iter()
                .map(|r| (r.title.clone().unwrap_or_default(), r.text.clone()))
                .collect();
            stories.insert(j.case.as_str(), story_of(&reports, params)?);
        }
        let set = if j.case.starts_with("ecbdev") {
            "judged-ecb"
        } else {
            "judged-gva"
        };
        for verdict in judged_against(&stories[j.case.as_str()], &j.text, params)? {
            let unit = format!("{}#{n}", j.case);
            rows.push(NoveltyRow::of(set, unit, j.label == "new", verdict));
        }
    }
    // ECB+ novelty: each labelled sentence against its gold story's earlier items.
    let mut earlier: HashMap<&String, Vec<(String, String)>> = HashMap::new();
    let mut before: HashMap<&str, Vec<(String, String)>> = HashMap::new();
    for (id, _, body) in &dev.ecb.items {
        let story = &dev.ecb.gold[id];
        let reports = earlier.entry(story).or_default();
        before.insert(id.as_str(), reports.clone());
        let (title, text) = body.split_once('\n').unwrap_or(("", body));
        reports.push((title.to_string(), text.to_string()));
    }
    let bodies: HashMap<&str, &str> = dev
        .ecb
        .items
        .iter()
        .map(|(id, _, body)| (id.as_str(), body.split_once('\n').map_or("", |(_, t)| t)))
        .collect();
    for label in dev.novelty.iter().filter(|l| !l.founder) {
        let story = story_of(&before[label.item.as_str()], params)?;
        let line = bodies[label.item.as_str()]
            .split('\n')
            .nth(label.line)
            .unwrap_or("");
        for verdict in judged_against(&story, line, params)? {
            let unit = format!("{}#{}", label.item, label.line);
            rows.push(NoveltyRow::of(
                "novelty",
                unit,
                label.label == "new",
                verdict,
            ));
        }
    }
    // The seeds: each file's sentences against the files before it, read as `replay`
    // reads them; a claim of tests/seed_claims.txt is new, every other sentence held
    // (000 founds the story).
    let mut story = Story::default();
    for path in replay::corpus_files(&dev.seeds)? {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let article = replay::read_file(&path, chrono::Utc::now())?;
        if !story.items.is_empty() {
            let claims = dev.seed_claims.get(&name).cloned().unwrap_or_default();
            for (k, verdict) in matcher::judge_against(&story, &article, params)
                .into_iter()
                .enumerate()
            {
                let new = claims.contains(&verdict.text);
                rows.push(NoveltyRow::of("seeds", format!("{name}#{k}"), new, verdict));
            }
        }
        add_to_story(&mut story, "seeds", &ItemId(name), &article, params);
    }
    for (n, (paraphrase, first, second)) in dev.msrp.iter().enumerate() {
        let story = story_of(&[(String::new(), first.clone())], params)?;
        for verdict in judged_against(&story, second, params)? {
            rows.push(NoveltyRow::of(
                "msrp",
                format!("msrp#{n}"),
                !paraphrase,
                verdict,
            ));
        }
    }
    Ok(rows)
}

/// The sets the novelty model is fitted on, and each one's share: the sentences a
/// careful reader judged (one fold per stream), the seeds, and MSRP's paraphrases (a
/// paraphrase adds nothing; MSRP's "not a paraphrase" is weaker evidence of a new fact,
/// as a sentence may say less than the other, so it weighs less).
pub const NOVELTY_SETS: [(&str, f64); 4] = [
    ("judged-ecb", 1.0),
    ("judged-gva", 1.0),
    ("seeds", 1.0),
    ("msrp", 0.3),
];

/// The units of `rows` (a judged line, a labelled sentence, a pair): the rows of each.
fn units(rows: &[NoveltyRow]) -> Vec<&[NoveltyRow]> {
    rows.chunk_by(|a, b| a.set == b.set && a.unit == b.unit)
        .collect()
}

/// The rows a novelty model is fitted on: every sentence of a unit judged held (none of
/// it is new), and of a unit judged new the one sentence `pick` finds likeliest new (a
/// line is new if any part of it is: its other sentences may be held).
fn novelty_training_rows(rows: &[NoveltyRow], pick: impl Fn(&NoveltyRow) -> f64) -> TrainingRows {
    let mut out = TrainingRows {
        names: matcher::NOVELTY_SIGNAL_NAMES
            .iter()
            .map(|n| n.to_string())
            .collect(),
        rows: Vec::new(),
    };
    let row = |r: &NoveltyRow| TrainingRow {
        set: r.set.to_string(),
        yes: r.new,
        weight: 1.0,
        signals: r.signals.to_vec(),
    };
    for unit in units(rows) {
        if unit[0].new {
            let likeliest = unit
                .iter()
                .max_by(|a, b| pick(a).total_cmp(&pick(b)))
                .expect("a unit has a sentence");
            out.rows.push(row(likeliest));
        } else {
            out.rows.extend(unit.iter().map(row));
        }
    }
    TrainingRows::parse("novelty", &out.to_tsv()).expect("rows read back")
}

/// Fits the novelty model on `sets` over `signals`: first with each new unit's sentence
/// that has the most the story lacks, then with the one that first model finds likeliest
/// new. Returns the rows of the second fit and the model.
pub fn fit_novelty(
    rows: &[NoveltyRow],
    sets: &[(&str, f64)],
    signals: &[&str],
) -> (TrainingRows, Logistic) {
    let share = matcher::NOVELTY_SIGNAL_NAMES
        .iter()
        .position(|n| *n == "novel_share")
        .expect("judging measures novel_share");
    let first = novelty_training_rows(rows, |r| r.signals[share]).fit(
        sets,
        signals,
        &matcher::NOVELTY_SIGNAL_DIRECTIONS,
    );
    let training = novelty_training_rows(rows, |r| first.probability(&r.signals));
    let model = training.fit(sets, signals, &matcher::NOVELTY_SIGNAL_DIRECTIONS);
    (training, model)
}

/// How `model` at `threshold` does on the units of `set`: a unit is logged when any of
/// its sentences reaches the threshold.
pub fn novelty_prf(model: &Logistic, rows: &[NoveltyRow], set: &str, threshold: f64) -> Prf {
    Prf::of(
        units(rows)
            .into_iter()
            .filter(|u| u[0].set == set)
            .map(|u| {
                let logged = u.iter().any(|r| model.probability(&r.signals) >= threshold);
                (logged, u[0].new)
            }),
    )
}

/// Prints the units of `set` on which `model` at `threshold` disagrees with the label:
/// the label, each sentence's novelty and signals, and what the rules decided.
pub fn print_novelty_errors(model: &Logistic, rows: &[NoveltyRow], set: &str, threshold: f64) {
    for unit in units(rows).into_iter().filter(|u| u[0].set == set) {
        let logged = unit
            .iter()
            .any(|r| model.probability(&r.signals) >= threshold);
        if logged == unit[0].new {
            continue;
        }
        let kind = if unit[0].new { "MISSED" } else { "FALSE" };
        println!("{kind} {}", unit[0].unit);
        for r in unit {
            let signals: Vec<String> = r.signals.iter().map(|v| format!("{v:.2}")).collect();
            println!(
                "  {:.3} [{}] {}\n      rule: {}",
                model.probability(&r.signals),
                signals.join(" "),
                r.text,
                r.rule
            );
        }
    }
}
