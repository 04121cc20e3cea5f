//! The matcher on every development set at once, and the program that trains its models.
//!
//!     cargo run --release --example dev_bench                the table
//!     cargo run --release --example dev_bench -- train       fit the link model, write it
//!     cargo run --release --example dev_bench -- check       whether train would change it
//!     cargo run --release --example dev_bench -- lodo        leave-one-dataset-out table
//!     cargo run --release --example dev_bench -- ablate      the model without each signal
//!     cargo run --release --example dev_bench -- novelty-folds   the claims model across streams
//!     cargo run --release --example dev_bench -- novelty-errors [SET]   its disagreements
//!     cargo run --release --example dev_bench -- novelty-rows    every sentence measured (TSV)
//!     cargo run --release --example dev_bench -- link-errors [ecb|gva]   stories that mix
//!     cargo run --release --example dev_bench -- link-errors [ecb|gva] splits   stories split
//!     cargo run --release --example dev_bench -- link-errors semeval   pairs misjudged
//!     cargo run --release --example dev_bench -- link-rows   every candidate measured (TSV)
//!
//! The table: story linking (`ecbplus-dev`, `gva-dev`, `semeval8-dev`, the seeds) beside
//! the plain TF-IDF baselines, and claims (`claims-judged-dev`, `ecbplus-novelty-dev`,
//! MSRP, the seeds) beside the word-overlap rule. Every item goes through the real
//! pipeline (`replay::replay_jsonl` into a temporary store), with the configuration in
//! the code. The scorers are those of the sets' `score.py` scripts, written again here
//! (see `scoring.rs`) so that the whole table takes seconds.
//!
//! `train` measures the link signals on every linking set (see `training.rs`), writes the
//! training rows to `src/pipeline/matcher/link_rows.tsv`, fits the model on them and chooses its
//! thresholds by replaying the sets (see [`choose_thresholds`]), and writes
//! `src/pipeline/matcher/link.toml`; then the same for the novelty model (`novelty_rows.tsv`,
//! `novelty.toml`), from the sentences a careful reader judged, the seeds and MSRP, its
//! threshold the one whose worse F1 over the two judged streams is best. `lodo` fits the
//! link model on two linking sets and scores the third, for each in turn; `ablate`
//! refits it without each signal in turn; `novelty-folds` fits the novelty model on one
//! judged stream and scores the other. `--signals a,b` and `--novelty-signals a,b` limit
//! the signals fitted (default: all the matcher measures); `--trained-candidates N`
//! fits the link model on each item's N closest candidates (default 1).
//!
//! The development sets are read from `../shared/bench` beside the repository, or from
//! `$STORYWATCH_SHARED/bench`.

mod baseline;
mod fast;
mod scoring;
mod sets;
mod training;

use std::path::PathBuf;
use std::sync::Arc;
use storywatch::matcher::model::{Logistic, TrainingRows};
use storywatch::matcher::{MatchParams, NOVELTY_SIGNAL_NAMES, SIGNAL_DIRECTIONS, SIGNAL_NAMES};

/// The daemon's allocator (see `src/main.rs`), so that the speeds are the daemon's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The linking sets, as the training rows name them, each weighing the same.
const LINK_SETS: [(&str, f64); 3] = [("ecb", 1.0), ("gva", 1.0), ("semeval", 1.0)];

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let shared = std::env::var_os("STORYWATCH_SHARED").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"),
        PathBuf::from,
    );
    let dev = sets::DevSets::load(&shared)?;
    let params = MatchParams::default();
    let signals = names_arg(&args, "--signals", &SIGNAL_NAMES);
    match args.first().map(String::as_str) {
        None | Some("table") => {
            let results = dev.run(&params)?;
            results.print(&dev, &dev.baselines());
        }
        Some("train") => {
            let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/pipeline/matcher");
            for (file, contents) in fit_models(&dev, &params, &args)? {
                std::fs::write(dir.join(file), contents)?;
            }
            println!("wrote src/pipeline/matcher/{{link,novelty}}.toml and their rows");
        }
        Some("check") => {
            // Whether `train` would write what is committed; if not, the sentence reader
            // or the signals changed since the models were fitted.
            let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/pipeline/matcher");
            let mut stale = Vec::new();
            for (file, contents) in fit_models(&dev, &params, &args)? {
                if std::fs::read_to_string(dir.join(file)).ok().as_deref() != Some(&contents) {
                    stale.push(file);
                }
            }
            if !stale.is_empty() {
                anyhow::bail!(
                    "{} would change: run `cargo run --release --example dev_bench -- train`",
                    stale.join(", ")
                );
            }
            println!("the committed models are those `train` fits");
        }
        Some("novelty-folds") => {
            // Fitted on one stream's judged sentences (with the seeds and MSRP), its
            // threshold chosen on them, scored on the other stream's.
            let all = training::novelty_rows(&dev, &params)?;
            let signals = names_arg(&args, "--novelty-signals", &NOVELTY_SIGNAL_NAMES);
            for (fit_on, scored) in [("judged-ecb", "judged-gva"), ("judged-gva", "judged-ecb")] {
                let sets: Vec<(&str, f64)> = training::NOVELTY_SETS
                    .into_iter()
                    .filter(|(s, _)| *s != scored)
                    .collect();
                let (_, model) = training::fit_novelty(&all, &sets, &signals);
                let (fit_half, scored_half) = if fit_on == "judged-ecb" {
                    (0, 1)
                } else {
                    (1, 0)
                };
                let t = choose_novelty_threshold(&dev, &params, model.clone(), &[fit_half])?;
                let gold = training::novelty_prf(&model, &all, scored, t);
                let params = MatchParams {
                    novelty_model: Arc::new(model),
                    ..params.clone()
                };
                let play = dev.judged_play(&params)?;
                let end = dev.judged_claims(&play, Some(t))[scored_half];
                println!(
                    "fitted on {fit_on} (threshold {t:.3}), scored on {scored}: end to end P {:.3} R {:.3} F1 {:.3}; against the reports the reader read F1 {:.3}",
                    end.precision(),
                    end.recall(),
                    end.f1(),
                    gold.f1()
                );
            }
        }
        Some("novelty-errors") => {
            // The committed novelty model's disagreements with one set's labels, each
            // sentence against the reports the reader read.
            let set = args.get(1).map_or("judged-ecb", String::as_str);
            let all = training::novelty_rows(&dev, &params)?;
            let model = &params.novelty_model;
            training::print_novelty_errors(model, &all, set, model.threshold);
        }
        Some("novelty-rows") => {
            // Every sentence measured, as TSV, to study the signals outside the program.
            let all = training::novelty_rows(&dev, &params)?;
            println!(
                "set\tunit\tnew\t{}\ttext\trule",
                NOVELTY_SIGNAL_NAMES.join("\t")
            );
            for r in &all {
                let signals: Vec<String> = r.signals.iter().map(|v| format!("{v:.4}")).collect();
                let text = r.text.replace(['\t', '\n'], " ");
                let rule = r.rule.replace(['\t', '\n'], " ");
                println!(
                    "{}\t{}\t{}\t{}\t{text}\t{rule}",
                    r.set,
                    r.unit,
                    u8::from(r.new),
                    signals.join("\t")
                );
            }
        }
        Some("link-errors") => {
            let set = args.get(1).map_or("ecb", String::as_str);
            let splits = args.get(2).is_some_and(|a| a == "splits");
            dev.print_link_errors(&params, set, splits)?;
        }
        Some("link-rows") => {
            // Every candidate of every item, in the replay that puts each item in its gold
            // story (however long ago, as training measures them), with the committed
            // model's probability: to study the signals.
            let open = MatchParams {
                quiet_after_days: u32::MAX,
                ..params.clone()
            };
            let rows = training::link_rows(&dev, &open)?;
            println!("set\titem\tsame\tp\t{}", SIGNAL_NAMES.join("\t"));
            for r in &rows {
                let signals: Vec<String> = r.signals.iter().map(|v| format!("{v:.4}")).collect();
                println!(
                    "{}\t{}\t{}\t{:.4}\t{}",
                    r.set,
                    r.item,
                    u8::from(r.same_story),
                    params.link_model.probability(&r.signals),
                    signals.join("\t")
                );
            }
        }
        Some("lodo") => {
            let rows = link_training_rows(&dev, &params, &args)?;
            let baselines = dev.baselines();
            for (left, _) in LINK_SETS {
                let train: Vec<(&str, f64)> =
                    LINK_SETS.into_iter().filter(|s| s.0 != left).collect();
                let model = rows.fit(&train, &signals, &SIGNAL_DIRECTIONS);
                let (threshold, unrivalled) =
                    choose_thresholds(&dev, &params, model.clone(), &train)?;
                let weights: Vec<String> = (model.names.iter().zip(&model.weights))
                    .map(|(n, w)| format!("{n} {w:.2}"))
                    .collect();
                println!(
                    "without {left}: bias {:.2}, {}",
                    model.bias,
                    weights.join(", ")
                );
                let params = with_model(&params, model, threshold, unrivalled);
                println!(
                    "left out {left} (thresholds {threshold:.2}, unrivalled {unrivalled:.2}): {}",
                    dev.link_summary(&params, left, &baselines)?
                );
            }
        }
        Some("ablate") => {
            // Fitted on every set, its threshold chosen on every set: what each signal is
            // worth, per set.
            let rows = link_training_rows(&dev, &params, &args)?;
            let mut variants: Vec<(String, Vec<&str>)> = vec![("all".into(), signals.clone())];
            for s in &signals {
                let without = signals.iter().copied().filter(|x| x != s).collect();
                variants.push((format!("without {s}"), without));
            }
            for (name, signals) in variants {
                let model = rows.fit(&LINK_SETS, &signals, &SIGNAL_DIRECTIONS);
                let (threshold, unrivalled) =
                    choose_thresholds(&dev, &params, model.clone(), &LINK_SETS)?;
                let params = with_model(&params, model, threshold, unrivalled);
                let mut line =
                    format!("{name} (thresholds {threshold:.2}, unrivalled {unrivalled:.2}):");
                for (set, _) in LINK_SETS {
                    line += &format!(" {set} {:.3}", dev.link_score(&params, set)?);
                }
                println!("{line}");
            }
        }
        Some(other) => {
            anyhow::bail!(
                "unknown command {other:?}: table, train, check, lodo, ablate, novelty-folds, \
                 novelty-errors, novelty-rows, link-errors, link-rows"
            )
        }
    }
    Ok(())
}

/// The models `train` fits, as the files it writes in `src/pipeline/matcher/`: the link
/// model and its rows, then the novelty model and its rows.
fn fit_models(
    dev: &sets::DevSets,
    params: &MatchParams,
    args: &[String],
) -> anyhow::Result<[(&'static str, String); 4]> {
    let signals = names_arg(args, "--signals", &SIGNAL_NAMES);
    let rows = link_training_rows(dev, params, args)?;
    let mut model = rows.fit(&LINK_SETS, &signals, &SIGNAL_DIRECTIONS);
    let (threshold, unrivalled) = choose_thresholds(dev, params, model.clone(), &LINK_SETS)?;
    model.threshold = threshold;
    model.unrivalled_threshold = Some(unrivalled);
    let header = "The link model, fitted on link_rows.tsv by\n\
        `cargo run --release --example dev_bench -- train` (see src/pipeline/matcher/model.rs).";
    let link_rows = ("link_rows.tsv", rows.to_tsv());
    let link_model = ("link.toml", model.to_toml(header));
    let all = training::novelty_rows(dev, params)?;
    let novelty_signals = names_arg(args, "--novelty-signals", &NOVELTY_SIGNAL_NAMES);
    let (rows, mut model) = training::fit_novelty(&all, &training::NOVELTY_SETS, &novelty_signals);
    // The claims are still the rules' (see the README): the threshold is where the score
    // alone would decide best, end to end, on the two judged streams.
    model.threshold = choose_novelty_threshold(dev, params, model.clone(), &[0, 1])?;
    let header = "The novelty model, fitted on novelty_rows.tsv by\n\
        `cargo run --release --example dev_bench -- train` (see src/pipeline/matcher/model.rs).";
    Ok([
        link_rows,
        link_model,
        ("novelty_rows.tsv", rows.to_tsv()),
        ("novelty.toml", model.to_toml(header)),
    ])
}

/// The link training rows of every linking set. Every story is a candidate, however long
/// ago its last item: the days between them are a signal to learn, not a window to set.
fn link_training_rows(
    dev: &sets::DevSets,
    params: &MatchParams,
    args: &[String],
) -> anyhow::Result<TrainingRows> {
    let open = MatchParams {
        quiet_after_days: u32::MAX,
        ..params.clone()
    };
    let candidates = match flag_value(args, "--trained-candidates") {
        Some(n) => n
            .parse()
            .map_err(|_| anyhow::anyhow!("--trained-candidates {n:?} is not a count"))?,
        None => training::TRAINED_CANDIDATES,
    };
    let rows = training::link_rows(dev, &open)?;
    Ok(training::link_training_rows(&rows, candidates))
}

fn with_model(
    params: &MatchParams,
    model: Logistic,
    threshold: f64,
    unrivalled: f64,
) -> MatchParams {
    MatchParams {
        link_threshold: threshold,
        unrivalled_threshold: unrivalled,
        link_model: Arc::new(model),
        ..params.clone()
    }
}

/// The thresholds for `model` whose worst headline figure over `sets`, replayed end to
/// end, is best (the mean breaks ties): thresholds that suit every kind of stream rather
/// than one kind very well. First the link threshold (0.20 to 0.60, in steps of 0.05),
/// then below it the unrivalled threshold (from 0.10; equal to the link threshold, it
/// changes nothing), the highest whose figures are within [`SAME_FIGURE`] of the best:
/// a lower one must earn its place by more than an item or two.
fn choose_thresholds(
    dev: &sets::DevSets,
    params: &MatchParams,
    model: Logistic,
    sets: &[(&str, f64)],
) -> anyhow::Result<(f64, f64)> {
    let model = Arc::new(model);
    // The worst and the mean figure of the link and unrivalled thresholds `t`.
    let figure = |t: Thresholds| -> anyhow::Result<Figure> {
        let candidate = MatchParams {
            link_threshold: t.0,
            unrivalled_threshold: t.1,
            link_model: model.clone(),
            ..params.clone()
        };
        let mut scores = Vec::new();
        for (set, _) in sets {
            scores.push(dev.link_score(&candidate, set)?);
        }
        let worst = scores.iter().copied().fold(f64::INFINITY, f64::min);
        Ok((worst, scores.iter().sum::<f64>() / scores.len() as f64))
    };
    let measure = |tried: Vec<Thresholds>| -> anyhow::Result<Vec<(Figure, Thresholds)>> {
        tried.into_iter().map(|t| Ok((figure(t)?, t))).collect()
    };
    let top = |measured: &[(Figure, Thresholds)]| {
        measured
            .iter()
            .map(|m| m.0)
            .fold((f64::NEG_INFINITY, f64::NEG_INFINITY), |b, f| {
                if f > b {
                    f
                } else {
                    b
                }
            })
    };
    let step = |k: u32| f64::from(k) * 0.05;
    let links = measure((4..=12).map(|k| (step(k), step(k))).collect())?;
    let best = top(&links);
    let (_, (threshold, _)) = *links
        .iter()
        .find(|m| m.0 == best)
        .expect("thresholds were tried");
    let below = (2..).map(step).take_while(|u| *u < threshold - 1e-9);
    let unrivalled = measure(
        std::iter::once(threshold)
            .chain(below)
            .map(|u| (threshold, u))
            .collect(),
    )?;
    let best = top(&unrivalled);
    let near = |f: Figure| f.0 >= best.0 - SAME_FIGURE && f.1 >= best.1 - SAME_FIGURE;
    Ok(unrivalled
        .iter()
        .filter(|m| near(m.0))
        .map(|m| m.1)
        .fold((threshold, 0.0), |b, t| if t.1 > b.1 { t } else { b }))
}

/// The worst and the mean of the figures of the sets.
type Figure = (f64, f64);
/// The link threshold and the unrivalled threshold.
type Thresholds = (f64, f64);

/// Figures closer than this are one figure: about an item of `ecbplus-dev` in B-cubed.
const SAME_FIGURE: f64 = 0.002;

/// The threshold (0.10 to 0.90, in steps of 0.025) on `model`'s novelty whose worst F1
/// over the judged halves `halves` (0: ECB+, 1: GVA), the streams replayed end to end and
/// each sentence at or above it taken as a claim, is best.
fn choose_novelty_threshold(
    dev: &sets::DevSets,
    params: &MatchParams,
    model: Logistic,
    halves: &[usize],
) -> anyhow::Result<f64> {
    let params = MatchParams {
        novelty_model: Arc::new(model),
        ..params.clone()
    };
    let play = dev.judged_play(&params)?;
    let mut best: Option<(f64, f64)> = None;
    for k in 4..=36 {
        let threshold = f64::from(k) * 0.025;
        let scores = dev.judged_claims(&play, Some(threshold));
        let worst = halves
            .iter()
            .map(|&h| scores[h].f1())
            .fold(f64::INFINITY, f64::min);
        if best.is_none_or(|(b, _)| worst > b) {
            best = Some((worst, threshold));
        }
    }
    Ok(best.expect("thresholds were tried").1)
}

/// The names `--<flag> a,b,c` picks out of `all` (default: all of them).
fn names_arg(args: &[String], flag: &str, all: &[&'static str]) -> Vec<&'static str> {
    match flag_value(args, flag) {
        Some(list) => all
            .iter()
            .copied()
            .filter(|n| list.split(',').any(|s| s == *n))
            .collect(),
        None => all.to_vec(),
    }
}

/// The value after `flag` in `args`, if it is there.
fn flag_value<'a>(args: &'a [String], flag: &str) -> Option<&'a String> {
    args.iter()
        .position(|a| a == flag)
        .and_then(|i| args.get(i + 1))
}
