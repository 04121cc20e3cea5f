//! The development sets: loading them, running the pipeline on them, and the table.

use super::baseline::{self, Vocabulary};
use super::scoring::{self, Clustering, Prf};
use anyhow::Context;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;
use storywatch::matcher::{self, MatchParams};
use storywatch::model::{
    Article, BlockKind, ClaimId, EventBody, HeldSentence, ItemId, Paragraph, Story, StoryId,
};
use storywatch::pipeline::Matching;
use storywatch::replay;
use storywatch::store::Store;

#[derive(Deserialize)]
struct StreamLine {
    id: String,
    time: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    text: String,
}

/// A labelled stream: its lines as given, and each item's gold story.
pub struct Stream {
    pub path: PathBuf,
    pub items: Vec<(String, Option<String>, String)>,
    pub gold: HashMap<String, String>,
}

impl Stream {
    fn load(dir: &Path) -> anyhow::Result<Stream> {
        let path = dir.join("stream.jsonl");
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let mut items = Vec::new();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let item: StreamLine = serde_json::from_str(line)?;
            let body = format!("{}\n{}", item.title.unwrap_or_default(), item.text);
            items.push((item.id, item.time, body));
        }
        Ok(Stream {
            path,
            items,
            gold: read_gold(&dir.join("gold.jsonl"))?,
        })
    }
}

fn read_gold(path: &Path) -> anyhow::Result<HashMap<String, String>> {
    #[derive(Deserialize)]
    struct Gold {
        id: String,
        cluster: serde_json::Value,
    }
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let g: Gold = serde_json::from_str(l)?;
            Ok((g.id, g.cluster.to_string()))
        })
        .collect()
}

fn read_jsonl<T: serde::de::DeserializeOwned>(path: &Path) -> anyhow::Result<Vec<T>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| Ok(serde_json::from_str(l)?))
        .collect()
}

#[derive(Deserialize, Clone)]
pub struct PairSide {
    pub title: String,
    pub text: String,
}

#[derive(Deserialize, Clone)]
pub struct Pair {
    pub pair: String,
    pub lang1: String,
    pub lang2: String,
    pub a: PairSide,
    pub b: PairSide,
    pub overall: f64,
    pub same_story: bool,
}

impl Pair {
    pub fn group(&self) -> String {
        if self.lang1 == self.lang2 {
            self.lang1.clone()
        } else {
            format!("{}-{}", self.lang1, self.lang2)
        }
    }
}

#[derive(Deserialize)]
pub struct Judged {
    pub case: String,
    pub item: String,
    pub text: String,
    pub label: String,
}

#[derive(Deserialize)]
pub struct EarlierReport {
    #[serde(default)]
    pub title: Option<String>,
    pub text: String,
}

#[derive(Deserialize)]
pub struct Case {
    pub case: String,
    pub earlier_reports: Vec<EarlierReport>,
}

#[derive(Deserialize)]
pub struct NoveltyLabel {
    pub item: String,
    pub line: usize,
    pub label: String,
    pub founder: bool,
}

/// Every development set.
pub struct DevSets {
    pub ecb: Stream,
    pub gva: Stream,
    pub pairs: Vec<Pair>,
    pub judged: Vec<Judged>,
    pub cases: Vec<Case>,
    pub novelty: Vec<NoveltyLabel>,
    /// MSRP: (paraphrase, sentence 1, sentence 2).
    pub msrp: Vec<(bool, String, String)>,
    pub seeds: PathBuf,
    /// The seed claims a careful reader logs, per file (`tests/seed_claims.txt`).
    pub seed_claims: BTreeMap<String, Vec<String>>,
}

impl DevSets {
    pub fn load(shared: &Path) -> anyhow::Result<DevSets> {
        let bench = shared.join("bench");
        let msrp_text = std::fs::read_to_string(bench.join("msrp/msr_paraphrase_train.txt"))
            .context("cannot read the MSRP training file")?;
        let msrp = msrp_text
            .trim_start_matches('\u{feff}')
            .lines()
            .skip(1)
            .filter_map(|line| match line.split('\t').collect::<Vec<_>>()[..] {
                [label, _, _, first, second] => {
                    Some((label == "1", first.to_string(), second.to_string()))
                }
                _ => None,
            })
            .collect();
        let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let mut seed_claims: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut file = None;
        for line in std::fs::read_to_string(repo.join("tests/seed_claims.txt"))?.lines() {
            if let Some(name) = line.strip_prefix("## ") {
                file = Some(name.trim().to_string());
                seed_claims.entry(name.trim().to_string()).or_default();
            } else if !line.trim().is_empty() && !line.starts_with('#') {
                if let Some(f) = &file {
                    seed_claims
                        .entry(f.clone())
                        .or_default()
                        .push(line.trim().to_string());
                }
            }
        }
        Ok(DevSets {
            ecb: Stream::load(&bench.join("ecbplus-dev"))?,
            gva: Stream::load(&bench.join("gva-dev"))?,
            pairs: read_jsonl(&bench.join("semeval8-dev/pairs.jsonl"))?,
            judged: read_jsonl(&bench.join("claims-judged-dev/judged.jsonl"))?,
            cases: read_jsonl(&bench.join("claims-judged-dev/cases.jsonl"))?,
            novelty: read_jsonl(&bench.join("ecbplus-novelty-dev/labels.jsonl"))?,
            msrp,
            seeds: repo.join("seeds"),
            seed_claims,
        })
    }

    /// Runs the pipeline with `params` on one linking set (`ecb`, `gva`, `semeval`):
    /// its headline figure (B-cubed F1 for a stream, pair accuracy for SemEval).
    pub fn link_score(&self, params: &MatchParams, set: &str) -> anyhow::Result<f64> {
        let clusters = |stream: &Stream| -> anyhow::Result<f64> {
            let text = std::fs::read_to_string(&stream.path)?;
            let played = super::fast::play(text.lines().filter(|l| !l.trim().is_empty()), params)?;
            let pred = played.into_iter().map(|p| (p.item, p.story)).collect();
            Ok(scoring::clustering(&stream.gold, &pred).b3_f1)
        };
        Ok(match set {
            "ecb" => clusters(&self.ecb)?,
            "gva" => clusters(&self.gva)?,
            _ => {
                let pairs = self.fast_pairs(params)?;
                Prf::of(
                    pairs
                        .iter()
                        .zip(&self.pairs)
                        .map(|(d, p)| (d.0, p.same_story)),
                )
                .accuracy()
            }
        })
    }

    /// The SemEval pairs played in memory (see [`super::fast`]).
    fn fast_pairs(&self, params: &MatchParams) -> anyhow::Result<Vec<(bool, f64)>> {
        self.pairs
            .iter()
            .map(|p| {
                let lines = pair_lines(p);
                let played = super::fast::play(lines.iter().map(String::as_str), params)?;
                let linked = played[1].story == played[0].story;
                Ok((linked, played[1].score.filter(|_| linked).unwrap_or(0.0)))
            })
            .collect()
    }

    /// The streams played in memory (see [`super::fast`]): each item's sentences with
    /// their novelty, and its claims.
    pub fn judged_play(&self, params: &MatchParams) -> anyhow::Result<JudgedPlay> {
        let mut items = HashMap::new();
        for stream in [&self.ecb, &self.gva] {
            let text = std::fs::read_to_string(&stream.path)?;
            for p in super::fast::play(text.lines().filter(|l| !l.trim().is_empty()), params)? {
                items.insert(p.item.clone(), p);
            }
        }
        Ok(JudgedPlay(items))
    }

    /// How the claims of `play` do on the judged sentences of each stream (`judged-ecb`,
    /// `judged-gva`): the claims logged, or with `threshold` the sentences whose novelty
    /// reaches it.
    pub fn judged_claims(&self, play: &JudgedPlay, threshold: Option<f64>) -> [Prf; 2] {
        let claims_of = |item: &str| match threshold {
            None => play
                .0
                .get(item)
                .map(|p| p.claims.clone())
                .unwrap_or_default(),
            Some(t) => play.claims_by_score(item, t),
        };
        let of = |prefix: &str| {
            Prf::of(
                self.judged
                    .iter()
                    .filter(|j| j.case.starts_with(prefix))
                    .map(|j| {
                        let logged = claims_of(&j.item);
                        (
                            scoring::judged_line_logged(&j.text, &logged),
                            j.label == "new",
                        )
                    }),
            )
        };
        [of("ecbdev"), of("gvadev")]
    }

    /// Runs the pipeline with `params` on one linking set (`ecb`, `gva`, `semeval`) and
    /// says how it did, beside the baseline.
    pub fn link_summary(
        &self,
        params: &MatchParams,
        set: &str,
        base: &Baselines,
    ) -> anyhow::Result<String> {
        let c = |x: &Clustering| {
            format!(
                "B3 {:.3} (P {:.3} R {:.3}), pairs {:.3} (P {:.3} R {:.3})",
                x.b3_f1, x.b3_p, x.b3_r, x.pair_f1, x.pair_p, x.pair_r
            )
        };
        Ok(match set {
            "ecb" | "gva" => {
                let (stream, baseline) = if set == "ecb" {
                    (&self.ecb, &base.ecb)
                } else {
                    (&self.gva, &base.gva)
                };
                let run = replay_stream(stream, params)?;
                format!(
                    "{} | baseline {}",
                    c(&scoring::clustering(&stream.gold, &run.clusters)),
                    c(&baseline.1)
                )
            }
            _ => {
                let pairs = self.run_pairs(params)?;
                let groups = pair_groups(&self.pairs);
                let mut out = String::new();
                for (group, members) in groups
                    .iter()
                    .filter(|(g, _)| ["all", "same-language", "de", "de-en"].contains(&g.as_str()))
                {
                    let prf = |d: &[(bool, f64)]| {
                        Prf::of(members.iter().map(|&i| (d[i].0, self.pairs[i].same_story)))
                    };
                    let (ours, theirs) = (prf(&pairs), prf(&base.pairs));
                    out += &format!(
                        "{group} acc {:.3} F1 {:.3} (baseline {:.3} / {:.3}); ",
                        ours.accuracy(),
                        ours.f1(),
                        theirs.accuracy(),
                        theirs.f1()
                    );
                }
                out
            }
        })
    }

    /// Runs the pipeline with `params` on every set.
    pub fn run(&self, params: &MatchParams) -> anyhow::Result<Results> {
        let ecb = replay_stream(&self.ecb, params)?;
        let gva = replay_stream(&self.gva, params)?;
        let pairs = self.run_pairs(params)?;
        let seeds = self.run_seeds(params)?;
        let (msrp, msrp_score) = self.run_msrp(params);
        let threshold = params.novelty_model.threshold;
        let seeds_score = self.seeds_by_score(params)?;
        let judged_of = |prefix: &str| {
            Prf::of(
                self.judged
                    .iter()
                    .filter(|j| j.case.starts_with(prefix))
                    .map(|j| {
                        let claims = ecb
                            .claims
                            .get(&j.item)
                            .or_else(|| gva.claims.get(&j.item))
                            .map_or(&[][..], Vec::as_slice);
                        (
                            scoring::judged_line_logged(&j.text, claims),
                            j.label == "new",
                        )
                    }),
            )
        };
        let lines_of: HashMap<&str, Vec<String>> = self
            .ecb
            .items
            .iter()
            .map(|(id, _, body)| {
                let text = body.split_once('\n').map_or("", |(_, t)| t);
                (id.as_str(), text.split('\n').map(str::to_string).collect())
            })
            .collect();
        let play = self.judged_play(params)?;
        let novelty_of = |claims_of: &dyn Fn(&str) -> Vec<String>| {
            let mut logged_lines: HashMap<&str, HashSet<usize>> = HashMap::new();
            for (item, lines) in &lines_of {
                logged_lines.insert(item, scoring::novelty_lines_logged(lines, &claims_of(item)));
            }
            Prf::of(self.novelty.iter().filter(|l| !l.founder).map(|l| {
                let logged = logged_lines
                    .get(l.item.as_str())
                    .is_some_and(|s| s.contains(&l.line));
                (logged, l.label == "new")
            }))
        };
        let novelty = novelty_of(&|item| ecb.claims.get(item).cloned().unwrap_or_default());
        let novelty_score = novelty_of(&|item| play.claims_by_score(item, threshold));
        let [score_ecb, score_gva] = self.judged_claims(&play, Some(threshold));
        Ok(Results {
            ecb: scoring::clustering(&self.ecb.gold, &ecb.clusters),
            gva: scoring::clustering(&self.gva.gold, &gva.clusters),
            items_per_second: (ecb.items + gva.items) as f64 / (ecb.seconds + gva.seconds),
            pairs,
            seeds,
            judged_ecb: judged_of("ecbdev"),
            judged_gva: judged_of("gvadev"),
            novelty,
            novelty_score,
            seeds_score,
            msrp,
            score_ecb,
            score_gva,
            msrp_score,
        })
    }

    fn run_pairs(&self, params: &MatchParams) -> anyhow::Result<Vec<(bool, f64)>> {
        self.pairs
            .iter()
            .map(|p| {
                let lines = pair_lines(p);
                let stream = format!("{}\n{}\n", lines[0], lines[1]);
                let run = replay_lines(stream.as_bytes(), params)?;
                let a = run.clusters.get(&format!("{}/a", p.pair));
                let b = format!("{}/b", p.pair);
                let linked = a.is_some() && run.clusters.get(&b) == a;
                Ok((
                    linked,
                    if linked {
                        run.scores.get(&b).copied().unwrap_or(0.0)
                    } else {
                        0.0
                    },
                ))
            })
            .collect()
    }

    /// The seed corpus replayed: per file, (claims expected, logged, logged as expected).
    fn run_seeds(&self, params: &MatchParams) -> anyhow::Result<(usize, usize, usize)> {
        let tmp = tempfile::tempdir()?;
        let store = Store::open(&tmp.path().join("store"))?;
        let matching = Matching::new(params.clone());
        replay::replay_dir(&self.seeds, &store, &matching, chrono::Utc::now, |_, _| {})?;
        let mut logged: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for event in store.events(1) {
            if let EventBody::Claim { item, text, .. } = event?.body {
                let file = item.0.trim_start_matches("file:").to_string();
                logged.entry(file).or_default().push(text);
            }
        }
        let expected: usize = self.seed_claims.values().map(Vec::len).sum();
        let total: usize = logged.values().map(Vec::len).sum();
        let right: usize = logged
            .iter()
            .map(|(file, claims)| {
                let want: HashSet<&String> =
                    self.seed_claims.get(file).into_iter().flatten().collect();
                claims.iter().filter(|c| want.contains(c)).count()
            })
            .sum();
        Ok((expected, total, right))
    }

    /// The seed corpus played in memory, its claims taken by the novelty score alone:
    /// (claims expected, logged, logged as expected, logged in `001`).
    fn seeds_by_score(&self, params: &MatchParams) -> anyhow::Result<(usize, usize, usize, usize)> {
        let mut lines = Vec::new();
        for path in replay::corpus_files(&self.seeds)? {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let article = replay::read_file(&path, chrono::Utc::now())?;
            let text: Vec<&str> = article.paragraphs.iter().map(|p| p.text.as_str()).collect();
            lines.push(
                serde_json::json!({"id": name, "time": null,
                    "title": article.title.clone().unwrap_or_default(), "text": text.join("\n")})
                .to_string(),
            );
        }
        let threshold = params.novelty_model.threshold;
        let (mut logged, mut right, mut in_001) = (0, 0, 0);
        for p in super::fast::play(lines.iter().map(String::as_str), params)? {
            let want: HashSet<&String> = self
                .seed_claims
                .get(&p.item)
                .into_iter()
                .flatten()
                .collect();
            let claims: Vec<&String> = p
                .novelty
                .iter()
                .filter(|(_, n)| *n >= threshold)
                .map(|(s, _)| s)
                .collect();
            logged += claims.len();
            right += claims.iter().filter(|c| want.contains(*c)).count();
            if p.item.starts_with("001") {
                in_001 = claims.len();
            }
        }
        let expected = self.seed_claims.values().map(Vec::len).sum();
        Ok((expected, logged, right, in_001))
    }

    /// MSRP: how often "sentence 2 adds nothing to sentence 1" agrees with "paraphrase",
    /// as the claims are logged and by the novelty score alone.
    fn run_msrp(&self, params: &MatchParams) -> (Prf, Prf) {
        let threshold = params.novelty_model.threshold;
        let decisions: Vec<(bool, bool, bool)> = self
            .msrp
            .iter()
            .map(|(paraphrase, first, second)| {
                let story = Story {
                    id: StoryId("msrp".into()),
                    founded_by: ItemId("first".into()),
                    items: vec![ItemId("first".into())],
                    sentences: vec![HeldSentence {
                        text: first.clone(),
                        item: ItemId("first".into()),
                        claim: Some(ClaimId("c1".into())),
                    }],
                    ..Story::default()
                };
                let article = Article {
                    paragraphs: vec![Paragraph {
                        kind: BlockKind::Paragraph,
                        text: second.clone(),
                    }],
                    ..Article::default()
                };
                let verdicts = matcher::judge_against(&story, &article, params);
                let adds_nothing = verdicts.iter().all(|v| !v.is_new_claim());
                let below = verdicts.iter().all(|v| v.novelty < threshold);
                (adds_nothing, below, *paraphrase)
            })
            .collect();
        (
            Prf::of(decisions.iter().map(|&(a, _, p)| (a, p))),
            Prf::of(decisions.iter().map(|&(_, b, p)| (b, p))),
        )
    }

    /// The baselines, each at its best threshold on its set.
    pub fn baselines(&self) -> Baselines {
        let docs = |stream: &Stream| {
            let mut vocabulary = Vocabulary::default();
            stream
                .items
                .iter()
                .map(|(id, time, body)| {
                    let date = time.as_deref().and_then(|t| {
                        chrono::NaiveDate::parse_from_str(&t[..t.len().min(10)], "%Y-%m-%d").ok()
                    });
                    vocabulary.doc(id, date, body)
                })
                .collect::<Vec<_>>()
        };
        let ecb = baseline::best_clustering(&docs(&self.ecb), &self.ecb.gold, None);
        let gva = baseline::best_clustering(&docs(&self.gva), &self.gva.gold, Some(14));
        let texts: Vec<(String, String)> = self
            .pairs
            .iter()
            .map(|p| {
                (
                    format!("{}\n{}", p.a.title, p.a.text),
                    format!("{}\n{}", p.b.title, p.b.text),
                )
            })
            .collect();
        let cosines = baseline::pair_cosines(&texts);
        let gold: Vec<bool> = self.pairs.iter().map(|p| p.same_story).collect();
        let threshold = baseline::best_threshold(&cosines, &gold);
        let pairs = cosines.iter().map(|&c| (c >= threshold, c)).collect();
        // The claims rule: new when under 60% of its words (3+ letters, not a stop
        // word) appeared in the earlier reports the reader saw.
        let cases: HashMap<&str, HashSet<String>> = self
            .cases
            .iter()
            .map(|c| {
                let seen = c
                    .earlier_reports
                    .iter()
                    .flat_map(|r| {
                        scoring::words(&format!("{}\n{}", r.title.as_deref().unwrap_or(""), r.text))
                    })
                    .collect();
                (c.case.as_str(), seen)
            })
            .collect();
        let rule = |prefix: &str| {
            Prf::of(
                self.judged
                    .iter()
                    .filter(|j| j.case.starts_with(prefix))
                    .map(|j| {
                        let words: HashSet<String> = scoring::words(&j.text)
                            .into_iter()
                            .filter(|w| w.chars().count() > 2 && !RULE_STOP.contains(&w.as_str()))
                            .collect();
                        let seen = words
                            .iter()
                            .filter(|w| cases[j.case.as_str()].contains(*w))
                            .count();
                        let new = !words.is_empty() && (seen as f64) / (words.len() as f64) < 0.6;
                        (new, j.label == "new")
                    }),
            )
        };
        Baselines {
            ecb,
            gva,
            pairs,
            pair_threshold: threshold,
            rule_ecb: rule("ecbdev"),
            rule_gva: rule("gvadev"),
        }
    }
}

/// The stop list of the claims sets' word-overlap rule.
const RULE_STOP: &[&str] = &[
    "the", "and", "for", "that", "with", "was", "were", "are", "has", "have", "had", "his", "her",
    "its", "from", "this", "but", "not", "been", "they", "their", "them", "who", "will", "would",
    "which", "she", "him", "our", "you", "can", "than", "then", "there", "also", "into", "about",
    "after", "said", "says",
];

/// What one replay left in its change log.
struct Run {
    /// Item → the story it founded or first joined.
    clusters: HashMap<String, String>,
    /// Item → its linking score, when it joined a story.
    scores: HashMap<String, f64>,
    /// Item → the text of its claims, in order.
    claims: HashMap<String, Vec<String>>,
    items: usize,
    seconds: f64,
}

fn replay_stream(stream: &Stream, params: &MatchParams) -> anyhow::Result<Run> {
    let bytes = std::fs::read(&stream.path)?;
    replay_lines(&bytes, params)
}

fn replay_lines(input: &[u8], params: &MatchParams) -> anyhow::Result<Run> {
    let tmp = tempfile::tempdir()?;
    let store = Store::open(&tmp.path().join("store"))?;
    let matching = Matching::new(params.clone());
    let mut items = 0;
    let started = Instant::now();
    replay::replay_jsonl(
        input,
        &store,
        &matching,
        chrono::Utc::now,
        |_, _, outcome| match outcome {
            Ok(_) => items += 1,
            Err(e) => eprintln!("{e}"),
        },
    )?;
    let seconds = started.elapsed().as_secs_f64();
    let mut run = Run {
        clusters: HashMap::new(),
        scores: HashMap::new(),
        claims: HashMap::new(),
        items,
        seconds,
    };
    for event in store.events(1) {
        match event?.body {
            EventBody::StoryCreated { story, item, .. } => {
                run.clusters.entry(item.0).or_insert(story.0);
            }
            EventBody::ItemLinked {
                story, item, score, ..
            } => {
                run.scores.entry(item.0.clone()).or_insert(score);
                run.clusters.entry(item.0).or_insert(story.0);
            }
            EventBody::Claim { item, text, .. } => {
                run.claims.entry(item.0).or_default().push(text);
            }
            _ => {}
        }
    }
    Ok(run)
}

/// Each item of the streams as played.
pub struct JudgedPlay(HashMap<String, super::fast::Played>);

impl JudgedPlay {
    /// The sentences of `item` whose novelty reaches `threshold`.
    pub fn claims_by_score(&self, item: &str, threshold: f64) -> Vec<String> {
        self.0.get(item).map_or_else(Vec::new, |p| {
            p.novelty
                .iter()
                .filter(|(_, n)| *n >= threshold)
                .map(|(s, _)| s.clone())
                .collect()
        })
    }
}

pub struct Baselines {
    ecb: (f64, Clustering),
    gva: (f64, Clustering),
    pairs: Vec<(bool, f64)>,
    pair_threshold: f64,
    rule_ecb: Prf,
    rule_gva: Prf,
}

pub struct Results {
    pub ecb: Clustering,
    pub gva: Clustering,
    pub items_per_second: f64,
    /// Per SemEval pair: linked, and the score.
    pub pairs: Vec<(bool, f64)>,
    /// Seeds: (claims expected, logged, logged as expected).
    pub seeds: (usize, usize, usize),
    pub judged_ecb: Prf,
    pub judged_gva: Prf,
    pub novelty: Prf,
    pub msrp: Prf,
    /// The same, with the claims the novelty score alone would log (at its threshold).
    pub novelty_score: Prf,
    pub seeds_score: (usize, usize, usize, usize),
    pub score_ecb: Prf,
    pub score_gva: Prf,
    pub msrp_score: Prf,
}

impl Results {
    pub fn print(&self, dev: &DevSets, base: &Baselines) {
        println!("| set | measure | storywatch | baseline |");
        println!("| --- | --- | --- | --- |");
        let c = |x: &Clustering| {
            format!(
                "B3 {:.3} (P {:.3} R {:.3}); pairs {:.3} (P {:.3} R {:.3})",
                x.b3_f1, x.b3_p, x.b3_r, x.pair_f1, x.pair_p, x.pair_r
            )
        };
        println!(
            "| ecbplus-dev | B-cubed; pairwise | {} | {} (TF-IDF at {:.2}) |",
            c(&self.ecb),
            c(&base.ecb.1),
            base.ecb.0
        );
        println!(
            "| gva-dev | B-cubed; pairwise | {} | {} (TF-IDF at {:.2}, 14-day window) |",
            c(&self.gva),
            c(&base.gva.1),
            base.gva.0
        );
        println!(
            "| streams | items/s end to end | {:.0} | |",
            self.items_per_second
        );
        for (group, members) in pair_groups(&dev.pairs) {
            let prf = |decisions: &[(bool, f64)]| {
                Prf::of(
                    members
                        .iter()
                        .map(|&i| (decisions[i].0, dev.pairs[i].same_story)),
                )
            };
            let spearman = |decisions: &[(bool, f64)]| {
                let scores: Vec<f64> = members.iter().map(|&i| decisions[i].1).collect();
                let similar: Vec<f64> = members.iter().map(|&i| -dev.pairs[i].overall).collect();
                scoring::spearman(&scores, &similar)
            };
            let (ours, theirs) = (prf(&self.pairs), prf(&base.pairs));
            println!(
                "| semeval8-dev {group} ({}) | acc / F1 (P R); Spearman | {:.3} / {:.3} ({:.3} {:.3}); {:.3} | {:.3} / {:.3}; {:.3} (cosine at {:.3}) |",
                members.len(),
                ours.accuracy(),
                ours.f1(),
                ours.precision(),
                ours.recall(),
                spearman(&self.pairs),
                theirs.accuracy(),
                theirs.f1(),
                spearman(&base.pairs),
                base.pair_threshold
            );
        }
        let p = |x: &Prf| {
            format!(
                "P {:.3} R {:.3} F1 {:.3} acc {:.3}",
                x.precision(),
                x.recall(),
                x.f1(),
                x.accuracy()
            )
        };
        let both = |a: &Prf, b: &Prf| Prf {
            n: a.n + b.n,
            tp: a.tp + b.tp,
            fp: a.fp + b.fp,
            fn_: a.fn_ + b.fn_,
        };
        println!(
            "| claims-judged-dev all | claims vs reader | {} | {} (60% rule) |",
            p(&both(&self.judged_ecb, &self.judged_gva)),
            p(&both(&base.rule_ecb, &base.rule_gva))
        );
        println!(
            "| claims-judged-dev ECB+ half | claims vs reader | {} | {} |",
            p(&self.judged_ecb),
            p(&base.rule_ecb)
        );
        println!(
            "| claims-judged-dev GVA half | claims vs reader | {} | {} |",
            p(&self.judged_gva),
            p(&base.rule_gva)
        );
        println!(
            "| claims-judged-dev, the novelty score alone | ECB+ half; GVA half | {}; {} | |",
            p(&self.score_ecb),
            p(&self.score_gva)
        );
        println!(
            "| ecbplus-novelty-dev | claims vs derived labels | {} | always new: F1 0.863 |",
            p(&self.novelty)
        );
        println!(
            "| ecbplus-novelty-dev, the novelty score alone | claims vs derived labels | {} | |",
            p(&self.novelty_score)
        );
        println!(
            "| msrp train | \"adds nothing\" agreement | {:.3} (P {:.3} R {:.3}) | always paraphrase: {:.3} |",
            self.msrp.accuracy(),
            self.msrp.precision(),
            self.msrp.recall(),
            (self.msrp.tp + self.msrp.fn_) as f64 / self.msrp.n as f64
        );
        println!(
            "| msrp train, the novelty score alone | \"adds nothing\" agreement | {:.3} | |",
            self.msrp_score.accuracy()
        );
        let (expected, logged, right, in_001) = self.seeds_score;
        println!(
            "| seeds, the novelty score alone | claims as tests/seed_claims.txt | {right} of {expected} expected, {logged} logged ({in_001} in 001) | |"
        );
        let (expected, logged, right) = self.seeds;
        println!(
            "| seeds | claims as tests/seed_claims.txt | {right} of {expected} expected, {logged} logged | |"
        );
    }
}

/// A SemEval pair as the two stream lines its scorer replays: a, then b, at one time.
fn pair_lines(p: &Pair) -> [String; 2] {
    let line = |side: &str, s: &PairSide| {
        serde_json::json!({"id": format!("{}/{side}", p.pair),
            "time": "2020-01-01T00:00:00Z", "title": s.title, "text": s.text})
        .to_string()
    };
    [line("a", &p.a), line("b", &p.b)]
}

/// The SemEval pairs by language group, as its scorer prints them: all, same-language,
/// each language, cross-language and each combination.
fn pair_groups(pairs: &[Pair]) -> Vec<(String, Vec<usize>)> {
    let all: Vec<usize> = (0..pairs.len()).collect();
    let (same, cross): (Vec<usize>, Vec<usize>) =
        all.iter().partition(|&&i| pairs[i].lang1 == pairs[i].lang2);
    // Each language (or combination) of `members`, in the scorer's order.
    let by_group = |members: &[usize]| -> Vec<(String, Vec<usize>)> {
        let order = ["en", "de", "es", "pl", "tr", "ar", "fr"];
        let mut names: Vec<String> = members.iter().map(|&i| pairs[i].group()).collect();
        names.sort_by_key(|l| {
            let rank = order.iter().position(|o| o == l).unwrap_or(order.len());
            (rank, l.clone())
        });
        names.dedup();
        names
            .into_iter()
            .map(|name| {
                let of: Vec<usize> = members
                    .iter()
                    .copied()
                    .filter(|&i| pairs[i].group() == name)
                    .collect();
                (name, of)
            })
            .collect()
    };
    let mut groups = vec![("all".to_string(), all.clone())];
    groups.push(("same-language".to_string(), same.clone()));
    groups.extend(by_group(&same));
    if !cross.is_empty() {
        groups.push(("cross-language".to_string(), cross.clone()));
    }
    groups.extend(by_group(&cross));
    groups
}

impl DevSets {
    /// Prints how the stories found in stream `set` (`ecb` or `gva`) mix the gold
    /// stories: each found story that holds items of more than one, or with `splits` each
    /// gold story told in more than one found story; its items in stream order, with
    /// their score, date and title. For `semeval`, the pairs decided wrongly.
    pub fn print_link_errors(
        &self,
        params: &MatchParams,
        set: &str,
        splits: bool,
    ) -> anyhow::Result<()> {
        if set == "semeval" {
            return self.print_pair_errors(params);
        }
        let stream = match set {
            "ecb" => &self.ecb,
            "gva" => &self.gva,
            _ => anyhow::bail!("unknown set {set:?}: ecb, gva or semeval"),
        };
        let run = replay_stream(stream, params)?;
        let titles: HashMap<&str, &str> = stream
            .items
            .iter()
            .map(|(id, _, body)| (id.as_str(), body.split('\n').next().unwrap_or("")))
            .collect();
        let order: HashMap<&str, usize> = stream
            .items
            .iter()
            .enumerate()
            .map(|(i, (id, _, _))| (id.as_str(), i))
            .collect();
        // Found stories that mix gold ones, or with `splits` gold stories told in several
        // found ones: each group, and in it each item with the story it has on the other
        // side.
        let (grouped_by, shown, kind, other) = if splits {
            (&stream.gold, &run.clusters, "gold", "found")
        } else {
            (&run.clusters, &stream.gold, "found", "gold")
        };
        let mut groups: HashMap<&str, Vec<&str>> = HashMap::new();
        for (item, group) in grouped_by {
            groups
                .entry(group.as_str())
                .or_default()
                .push(item.as_str());
        }
        let mut groups: Vec<_> = groups.into_iter().collect();
        groups.sort();
        for (group, mut items) in groups {
            let others: HashSet<&str> = items.iter().map(|i| shown[*i].as_str()).collect();
            if others.len() < 2 {
                continue;
            }
            items.sort_by_key(|i| order[i]);
            println!(
                "{kind} {group}: {} items in {} {other} stories",
                items.len(),
                others.len()
            );
            for i in items {
                let score = run
                    .scores
                    .get(i)
                    .map_or("founder".into(), |s| format!("{s:.2}"));
                let date = stream.items[order[i]].1.as_deref().unwrap_or("-");
                let title: String = titles[i].chars().take(100).collect();
                println!("   {} [{score}] {i} {date} {title}", shown[i]);
            }
        }
        Ok(())
    }

    /// Prints each SemEval pair the link decision gets wrong: its language, its rating,
    /// the link model's probability (measured with no threshold) and both headlines.
    fn print_pair_errors(&self, params: &MatchParams) -> anyhow::Result<()> {
        let open = MatchParams {
            link_threshold: 0.0,
            ..params.clone()
        };
        let probabilities = self.fast_pairs(&open)?;
        let mut wrong: Vec<(String, &Pair, f64)> = self
            .pairs
            .iter()
            .zip(probabilities)
            .filter(|(p, (_, prob))| (*prob >= params.link_threshold) != p.same_story)
            .map(|(p, (_, prob))| (p.group(), p, prob))
            .collect();
        wrong.sort_by(|a, b| a.0.cmp(&b.0).then(a.2.total_cmp(&b.2)));
        let head = |s: &PairSide| -> String {
            let t = if s.title.is_empty() {
                &s.text
            } else {
                &s.title
            };
            t.trim().chars().take(90).collect()
        };
        for (group, p, prob) in wrong {
            println!(
                "{group} {} overall {:.2} p {prob:.2}\n   a: {}\n   b: {}",
                p.pair,
                p.overall,
                head(&p.a),
                head(&p.b)
            );
        }
        Ok(())
    }
}
