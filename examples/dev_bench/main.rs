//! The matcher on every development set at once, and the program that trains its models.
//!
//!     cargo run --release --example dev_bench                the table
//!     cargo run --release --example dev_bench -- train       fit the link model, write it
//!     cargo run --release --example dev_bench -- lodo        leave-one-dataset-out table
//!     cargo run --release --example dev_bench -- ablate      the model without each signal
//!
//! The table: story linking (`ecbplus-dev`, `gva-dev`, `semeval8-dev`, the seeds) beside
//! the plain TF-IDF baselines, and claims (`claims-judged-dev`, `ecbplus-novelty-dev`,
//! MSRP, the seeds) beside the word-overlap rule. Every item goes through the real
//! pipeline (`replay::replay_jsonl` into a temporary store), with the configuration in
//! the code. The scorers are those of the sets' `score.py` scripts, written again here
//! (see `scoring.rs`) so that the whole table takes seconds.
//!
//! `train` measures the link signals on every linking set (see `training.rs`), writes the
//! training rows to `src/matcher/link_rows.tsv`, fits the model on them and chooses its
//! threshold by replaying the sets (see [`choose_threshold`]), and writes
//! `src/matcher/link.toml`. `lodo` does the same on two sets and scores the third, for
//! each in turn; `ablate` refits without each signal in turn. `--signals a,b` limits the
//! signals fitted (default: all the matcher measures).
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
use storywatch::matcher::{MatchParams, SIGNAL_NAMES};

/// The daemon's allocator (see `src/main.rs`), so that the speeds are the daemon's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The linking sets, as the training rows name them.
const LINK_SETS: [&str; 3] = ["ecb", "gva", "semeval"];

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let shared = std::env::var_os("STORYWATCH_SHARED").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"),
        PathBuf::from,
    );
    let dev = sets::DevSets::load(&shared)?;
    let params = MatchParams::default();
    let signals = signals_arg(&args);
    match args.first().map(String::as_str) {
        None | Some("table") => {
            let results = dev.run(&params)?;
            results.print(&dev, &dev.baselines());
        }
        Some("train") => {
            let rows = link_training_rows(&dev, &params)?;
            let mut model = rows.fit(&LINK_SETS, &signals);
            model.threshold = choose_threshold(&dev, &params, model.clone(), &LINK_SETS)?;
            let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/matcher");
            std::fs::write(dir.join("link_rows.tsv"), rows.to_tsv())?;
            let header = "The link model, fitted on link_rows.tsv by\n\
                `cargo run --release --example dev_bench -- train` (see src/matcher/model.rs).";
            std::fs::write(dir.join("link.toml"), model.to_toml(header))?;
            println!("wrote src/matcher/link.toml and src/matcher/link_rows.tsv");
        }
        Some("lodo") => {
            let rows = link_training_rows(&dev, &params)?;
            let baselines = dev.baselines();
            for left in LINK_SETS {
                let train: Vec<&str> = LINK_SETS.into_iter().filter(|s| *s != left).collect();
                let model = rows.fit(&train, &signals);
                let threshold = choose_threshold(&dev, &params, model.clone(), &train)?;
                let params = with_model(&params, model, threshold);
                println!(
                    "left out {left} (threshold {threshold:.2}): {}",
                    dev.link_summary(&params, left, &baselines)?
                );
            }
        }
        Some("ablate") => {
            // Fitted on every set, its threshold chosen on every set: what each signal is
            // worth, per set.
            let rows = link_training_rows(&dev, &params)?;
            let mut variants: Vec<(String, Vec<&str>)> = vec![("all".into(), signals.clone())];
            for s in &signals {
                let without = signals.iter().copied().filter(|x| x != s).collect();
                variants.push((format!("without {s}"), without));
            }
            for (name, signals) in variants {
                let model = rows.fit(&LINK_SETS, &signals);
                let threshold = choose_threshold(&dev, &params, model.clone(), &LINK_SETS)?;
                let params = with_model(&params, model, threshold);
                let mut line = format!("{name} (threshold {threshold:.2}):");
                for set in LINK_SETS {
                    line += &format!(" {set} {:.3}", dev.link_score(&params, set)?);
                }
                println!("{line}");
            }
        }
        Some("novelty-rows") => {
            let rows = training::novelty_rows(&dev)?;
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            training::write_novelty_rows(&rows, &mut out)?;
        }
        Some(other) => {
            anyhow::bail!("unknown command {other:?}: table, train, lodo, ablate, novelty-rows")
        }
    }
    Ok(())
}

/// The link training rows of every linking set. Every story is a candidate, however long
/// ago its last item: the days between them are a signal to learn, not a window to set.
fn link_training_rows(dev: &sets::DevSets, params: &MatchParams) -> anyhow::Result<TrainingRows> {
    let open = MatchParams {
        quiet_after_days: u32::MAX,
        ..params.clone()
    };
    Ok(training::link_training_rows(&training::link_rows(
        dev, &open,
    )?))
}

fn with_model(params: &MatchParams, model: Logistic, threshold: f64) -> MatchParams {
    MatchParams {
        link_threshold: threshold,
        link_model: Arc::new(model),
        ..params.clone()
    }
}

/// The threshold (0.20 to 0.60, in steps of 0.05) for `model` whose worst headline figure
/// over `sets`, replayed end to end, is best: a threshold that suits every kind of stream
/// rather than one that suits one kind very well (the mean breaks ties).
fn choose_threshold(
    dev: &sets::DevSets,
    params: &MatchParams,
    model: Logistic,
    sets: &[&str],
) -> anyhow::Result<f64> {
    let model = Arc::new(model);
    let mut best: Option<((f64, f64), f64)> = None;
    for step in 4..=12 {
        let threshold = f64::from(step) * 0.05;
        let candidate = MatchParams {
            link_threshold: threshold,
            link_model: model.clone(),
            ..params.clone()
        };
        let mut scores = Vec::new();
        for set in sets {
            scores.push(dev.link_score(&candidate, set)?);
        }
        let worst = scores.iter().copied().fold(f64::INFINITY, f64::min);
        let mean = scores.iter().sum::<f64>() / scores.len() as f64;
        if best.is_none_or(|(b, _)| (worst, mean) > b) {
            best = Some(((worst, mean), threshold));
        }
    }
    Ok(best.expect("thresholds were tried").1)
}

/// The signals named by `--signals a,b,c` (default: all the matcher measures).
fn signals_arg(args: &[String]) -> Vec<&'static str> {
    let given = args
        .iter()
        .position(|a| a == "--signals")
        .and_then(|i| args.get(i + 1));
    match given {
        Some(list) => SIGNAL_NAMES
            .into_iter()
            .filter(|n| list.split(',').any(|s| s == *n))
            .collect(),
        None => SIGNAL_NAMES.to_vec(),
    }
}
