//! The matcher's learned decisions: a logistic model over a handful of measured signals.
//!
//! Linking and judging each measure a few signals (see `link.rs` and
//! `novelty.rs`) and combine them by weights learned from the development sets,
//! rather than by rules and thresholds set by hand. The weights are data, committed
//! beside this file (`link.toml`, `novelty.toml`), written by the training program
//! (`cargo run --release --example dev_bench -- train`) from the training rows committed
//! with them (`link_rows.tsv`, `novelty_rows.tsv`); [`Logistic::fit`] is that program's
//! fit, and a test checks that fitting the committed rows gives the committed weights.
//!
//! Entry points: [`Logistic::parse`] reads a model, [`Logistic::probability`] applies it.

use std::collections::BTreeMap;
use thiserror::Error;

/// A logistic model: the probability of "yes" is `1 / (1 + e^-(bias + w·x))`, and the
/// decision is "yes" at or above `threshold`.
#[derive(Debug, Clone, PartialEq)]
pub struct Logistic {
    /// The signals it weighs, in the order the caller measures them.
    pub names: Vec<String>,
    pub weights: Vec<f64>,
    pub bias: f64,
    pub threshold: f64,
    /// For a model that chooses among candidates (the link model): the lower
    /// probability at which the likeliest says "yes" when no other candidate is a rival
    /// (see `link::RIVAL`).
    pub unrivalled_threshold: Option<f64>,
    /// The development sets it was fitted on, and how much each weighs in all (see
    /// [`TrainingRows::fit`]).
    pub sets: Vec<(String, f64)>,
}

#[derive(Debug, Error)]
pub enum ModelError {
    #[error("model {model}: not a model file: {message}")]
    Syntax { model: String, message: String },
    #[error("model {model}: signal {name:?} is not one the matcher measures ({known})")]
    UnknownSignal {
        model: String,
        name: String,
        known: String,
    },
    #[error("model {model}: no weight for signal {name:?}")]
    MissingSignal { model: String, name: String },
}

/// Which way a signal moves the answer, known before any data: a closer cosine never
/// makes a link less likely, more days apart never more likely. The fit learns only how
/// far (see [`TrainingRows::fit`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    TowardYes,
    TowardNo,
}

/// A model file: `bias`, `threshold` and `[weights]`, one per signal.
#[derive(serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
struct ModelFile {
    bias: f64,
    threshold: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    unrivalled_threshold: Option<f64>,
    sets: BTreeMap<String, f64>,
    weights: BTreeMap<String, f64>,
}

impl Logistic {
    /// Reads the model `text` (named `model` in errors) over the signals `names`, in
    /// their order: each must have a weight, and each weight must be one of them.
    pub fn parse(model: &str, text: &str, names: &[&str]) -> Result<Logistic, ModelError> {
        let file: ModelFile = toml::from_str(text).map_err(|e| ModelError::Syntax {
            model: model.to_string(),
            message: e.to_string(),
        })?;
        if let Some(name) = file.weights.keys().find(|n| !names.contains(&n.as_str())) {
            return Err(ModelError::UnknownSignal {
                model: model.to_string(),
                name: name.clone(),
                known: names.join(", "),
            });
        }
        let weights = names
            .iter()
            .map(|&name| {
                file.weights
                    .get(name)
                    .copied()
                    .ok_or_else(|| ModelError::MissingSignal {
                        model: model.to_string(),
                        name: name.to_string(),
                    })
            })
            .collect::<Result<Vec<f64>, _>>()?;
        Ok(Logistic {
            names: names.iter().map(|n| n.to_string()).collect(),
            weights,
            bias: file.bias,
            threshold: file.threshold,
            unrivalled_threshold: file.unrivalled_threshold,
            sets: file.sets.into_iter().collect(),
        })
    }

    /// The model as a file [`Logistic::parse`] reads, after `header` (comment lines).
    pub fn to_toml(&self, header: &str) -> String {
        let file = ModelFile {
            bias: round(self.bias),
            threshold: round(self.threshold),
            unrivalled_threshold: self.unrivalled_threshold.map(round),
            sets: self.sets.iter().cloned().collect(),
            weights: self
                .names
                .iter()
                .cloned()
                .zip(self.weights.iter().map(|&w| round(w)))
                .collect(),
        };
        let body = toml::to_string(&file).expect("a model serialises");
        let comments: String = header.lines().map(|l| format!("# {l}\n")).collect();
        format!("{comments}{body}")
    }

    /// The probability of "yes" for the signals `x` (in the order of `names`).
    pub fn probability(&self, x: &[f64]) -> f64 {
        let z = self.bias + self.weights.iter().zip(x).map(|(w, x)| w * x).sum::<f64>();
        1.0 / (1.0 + (-z).exp())
    }

    /// Whether the signals `x` say "yes".
    pub fn says_yes(&self, x: &[f64]) -> bool {
        self.probability(x) >= self.threshold
    }

    /// Fits a model to `rows` (signals, yes or no, the row's weight) by Newton's method
    /// on the log-likelihood with an L2 penalty of `l2` on the weights of the signals
    /// scaled to unit variance (the bias is not penalised). Deterministic: the same rows
    /// in the same order give the same weights, to the last bit. The threshold is the
    /// caller's to choose; it is set to 0.5.
    pub fn fit(names: &[&str], rows: &[(Vec<f64>, bool, f64)], l2: f64) -> Logistic {
        let d = names.len();
        let total: f64 = rows.iter().map(|r| r.2).sum::<f64>().max(f64::MIN_POSITIVE);
        // Scale each signal to unit variance, so that one penalty suits them all.
        let mean: Vec<f64> = (0..d)
            .map(|j| rows.iter().map(|r| r.2 * r.0[j]).sum::<f64>() / total)
            .collect();
        let scale: Vec<f64> = (0..d)
            .map(|j| {
                let var = rows
                    .iter()
                    .map(|r| r.2 * (r.0[j] - mean[j]).powi(2))
                    .sum::<f64>()
                    / total;
                if var > 1e-12 {
                    var.sqrt()
                } else {
                    1.0
                }
            })
            .collect();
        let scaled = |x: &[f64]| -> Vec<f64> {
            let mut z = Vec::with_capacity(d + 1);
            z.push(1.0);
            z.extend((0..d).map(|j| (x[j] - mean[j]) / scale[j]));
            z
        };
        let data: Vec<(Vec<f64>, f64, f64)> = rows
            .iter()
            .map(|(x, y, w)| (scaled(x), if *y { 1.0 } else { 0.0 }, w / total))
            .collect();
        let mut beta = vec![0.0; d + 1];
        for _ in 0..100 {
            let mut gradient = vec![0.0; d + 1];
            let mut hessian = vec![vec![0.0; d + 1]; d + 1];
            for (z, y, w) in &data {
                let eta: f64 = beta.iter().zip(z).map(|(b, z)| b * z).sum();
                let p = 1.0 / (1.0 + (-eta).exp());
                for i in 0..=d {
                    gradient[i] += w * (y - p) * z[i];
                    for j in 0..=i {
                        hessian[i][j] += w * p * (1.0 - p) * z[i] * z[j];
                    }
                }
            }
            for i in 0..=d {
                // Only the lower triangle was summed; the matrix is symmetric.
                let (upper, lower) = hessian.split_at_mut(i);
                for (j, row) in upper.iter_mut().enumerate() {
                    row[i] = lower[0][j];
                }
                if i > 0 {
                    gradient[i] -= l2 * beta[i];
                    hessian[i][i] += l2;
                }
            }
            let step = solve(hessian, gradient);
            let size: f64 = step.iter().map(|s| s.abs()).fold(0.0, f64::max);
            beta.iter_mut().zip(&step).for_each(|(b, s)| *b += s);
            if size < 1e-12 {
                break;
            }
        }
        // Back to the signals' own units.
        let weights: Vec<f64> = (0..d).map(|j| beta[j + 1] / scale[j]).collect();
        let bias = beta[0] - (0..d).map(|j| weights[j] * mean[j]).sum::<f64>();
        Logistic {
            names: names.iter().map(|n| n.to_string()).collect(),
            weights,
            bias,
            threshold: 0.5,
            unrivalled_threshold: None,
            sets: Vec::new(),
        }
    }
}

/// The penalty on the (scaled) weights of the committed models: mild, against signals
/// that separate a few rows perfectly.
pub const L2: f64 = 1e-3;

/// The rows a model is fitted on, as committed beside it (`*_rows.tsv`): a header
/// (`set`, `label`, `weight`, then the signals' names), then one row per example: the
/// development set it comes from, 1 or 0, how much it counts within its set, and its
/// signals to four decimals.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainingRows {
    pub names: Vec<String>,
    pub rows: Vec<TrainingRow>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TrainingRow {
    pub set: String,
    pub yes: bool,
    pub weight: f64,
    pub signals: Vec<f64>,
}

impl TrainingRows {
    /// Reads rows written by [`TrainingRows::to_tsv`].
    pub fn parse(model: &str, text: &str) -> Result<TrainingRows, ModelError> {
        let bad = |line: usize, what: &str| ModelError::Syntax {
            model: model.to_string(),
            message: format!("training rows, line {line}: {what}"),
        };
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
        if header.get(..3) != Some(&["set", "label", "weight"][..]) {
            return Err(bad(1, "the header is not set, label, weight, signals..."));
        }
        let names: Vec<String> = header[3..].iter().map(|n| n.to_string()).collect();
        let mut rows = Vec::new();
        for (n, line) in lines.enumerate() {
            let fields: Vec<&str> = line.split('\t').collect();
            if fields.len() != names.len() + 3 {
                return Err(bad(n + 2, "wrong number of fields"));
            }
            let number = |f: &str| f.parse::<f64>().map_err(|_| bad(n + 2, "not a number"));
            rows.push(TrainingRow {
                set: fields[0].to_string(),
                yes: fields[1] == "1",
                weight: number(fields[2])?,
                signals: fields[3..]
                    .iter()
                    .map(|f| number(f))
                    .collect::<Result<_, _>>()?,
            });
        }
        Ok(TrainingRows { names, rows })
    }

    /// The rows as [`TrainingRows::parse`] reads them.
    pub fn to_tsv(&self) -> String {
        let mut out = format!("set\tlabel\tweight\t{}\n", self.names.join("\t"));
        for r in &self.rows {
            out += &format!("{}\t{}\t{}", r.set, u8::from(r.yes), r.weight);
            for v in &r.signals {
                out += &format!("\t{v:.4}");
            }
            out.push('\n');
        }
        out
    }

    /// Fits a model on the rows of `sets`, each set's rows weighing its share in all
    /// (within a set, each row its own weight), over the signals `signals` (the others
    /// get no weight); its threshold is 0.5. `directions` gives, for each of the rows'
    /// signals, the way it may move the answer: a signal whose weight comes out pointing
    /// the other way is one the data cannot place (it fires on a handful of rows, or
    /// stands in for another), and it is left out, the strongest such first, until every
    /// weight points its own way. What is left generalises to sets the fit never saw.
    pub fn fit(
        &self,
        sets: &[(&str, f64)],
        signals: &[&str],
        directions: &[Direction],
    ) -> Logistic {
        assert_eq!(directions.len(), self.names.len(), "a direction per signal");
        let mut used: Vec<usize> = signals
            .iter()
            .filter_map(|s| self.names.iter().position(|n| n == s))
            .collect();
        let mut data = Vec::new();
        for &(set, share) in sets {
            let of_set: Vec<&TrainingRow> = self.rows.iter().filter(|r| r.set == set).collect();
            let total: f64 = of_set.iter().map(|r| r.weight).sum();
            for r in of_set {
                data.push((&r.signals, r.yes, share * r.weight / total));
            }
        }
        loop {
            let columns: Vec<(Vec<f64>, bool, f64)> = data
                .iter()
                .map(|(x, y, w)| (used.iter().map(|&c| x[c]).collect(), *y, *w))
                .collect();
            let names: Vec<&str> = used.iter().map(|&c| self.names[c].as_str()).collect();
            let fitted = Logistic::fit(&names, &columns, L2);
            // The contrary weight that moves answers most: weight times spread.
            let contrary = used
                .iter()
                .zip(&fitted.weights)
                .enumerate()
                .filter(|(_, (&c, &w))| match directions[c] {
                    Direction::TowardYes => w < 0.0,
                    Direction::TowardNo => w > 0.0,
                })
                .map(|(i, (_, &w))| (i, w.abs() * spread(columns.iter().map(|r| (r.0[i], r.2)))))
                .max_by(|a, b| a.1.total_cmp(&b.1));
            if let Some((i, _)) = contrary {
                used.remove(i);
                continue;
            }
            let mut weights = vec![0.0; self.names.len()];
            for (&c, &w) in used.iter().zip(&fitted.weights) {
                weights[c] = w;
            }
            return Logistic {
                names: self.names.clone(),
                weights,
                bias: fitted.bias,
                threshold: 0.5,
                unrivalled_threshold: None,
                sets: sets.iter().map(|&(s, w)| (s.to_string(), w)).collect(),
            };
        }
    }

    /// The development sets the rows come from, in order of first appearance.
    pub fn sets(&self) -> Vec<&str> {
        let mut sets: Vec<&str> = Vec::new();
        for r in &self.rows {
            if !sets.contains(&r.set.as_str()) {
                sets.push(&r.set);
            }
        }
        sets
    }
}

/// The standard deviation of values with weights.
fn spread(values: impl Iterator<Item = (f64, f64)> + Clone) -> f64 {
    let total: f64 = values
        .clone()
        .map(|(_, w)| w)
        .sum::<f64>()
        .max(f64::MIN_POSITIVE);
    let mean = values.clone().map(|(v, w)| v * w).sum::<f64>() / total;
    (values.map(|(v, w)| w * (v - mean).powi(2)).sum::<f64>() / total).sqrt()
}

/// Rounds a weight for its file: nine significant decimals are far below what the
/// data can tell, and keep the file readable.
fn round(x: f64) -> f64 {
    (x * 1e9).round() / 1e9
}

/// Solves `a x = b` for a symmetric positive definite `a` (Gaussian elimination with
/// partial pivoting: the systems are a dozen unknowns).
fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Vec<f64> {
    let n = b.len();
    for col in 0..n {
        let pivot = (col..n)
            .max_by(|&x, &y| a[x][col].abs().total_cmp(&a[y][col].abs()))
            .unwrap_or(col);
        a.swap(col, pivot);
        b.swap(col, pivot);
        let p = a[col][col];
        if p.abs() < 1e-300 {
            continue;
        }
        let (pivot_rows, rows) = a.split_at_mut(col + 1);
        let pivot_row = &pivot_rows[col];
        for (offset, row) in rows.iter_mut().enumerate() {
            let f = row[col] / p;
            if f != 0.0 {
                for (x, pivot) in row[col..].iter_mut().zip(&pivot_row[col..]) {
                    *x -= f * pivot;
                }
                b[col + 1 + offset] -= f * b[col];
            }
        }
    }
    let mut x = vec![0.0; n];
    for row in (0..n).rev() {
        let s: f64 = (row + 1..n).map(|k| a[row][k] * x[k]).sum();
        x[row] = if a[row][row].abs() < 1e-300 {
            0.0
        } else {
            (b[row] - s) / a[row][row]
        };
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_model_reads_back_as_written() {
        let model = Logistic {
            names: vec!["a".into(), "b".into()],
            weights: vec![1.5, -0.25],
            bias: -2.0,
            threshold: 0.4,
            unrivalled_threshold: None,
            sets: vec![("gva".into(), 1.0)],
        };
        let text = model.to_toml("made by a test");
        assert!(text.starts_with("# made by a test\n"));
        assert_eq!(Logistic::parse("test", &text, &["a", "b"]).unwrap(), model);
    }

    #[test]
    fn a_model_must_weigh_exactly_the_signals_measured() {
        let text = "bias = 0.0\nthreshold = 0.5\n[sets]\ngva = 1.0\n[weights]\na = 1.0\n";
        let missing = Logistic::parse("link", text, &["a", "b"]).unwrap_err();
        assert!(
            missing.to_string().contains("no weight for signal \"b\""),
            "{missing}"
        );
        let unknown = Logistic::parse("link", text, &["b"]).unwrap_err();
        assert!(
            unknown.to_string().contains("signal \"a\" is not one"),
            "{unknown}"
        );
    }

    /// Refits `rows` as `model` says it was fitted, and checks that the fit gives its
    /// weights (its threshold was chosen by replaying the sets).
    fn assert_is_the_fit_of(model: &Logistic, rows: &str, directions: &[Direction]) {
        let rows = TrainingRows::parse("committed", rows).unwrap();
        assert_eq!(rows.names, model.names);
        let names: Vec<&str> = rows.names.iter().map(String::as_str).collect();
        let sets: Vec<(&str, f64)> = model.sets.iter().map(|(s, w)| (s.as_str(), *w)).collect();
        assert!(!sets.is_empty());
        let used: Vec<&str> = names
            .iter()
            .zip(&model.weights)
            .filter(|(_, w)| **w != 0.0)
            .map(|(n, _)| *n)
            .collect();
        let fitted = rows.fit(&sets, &used, directions);
        for (name, (a, b)) in names.iter().zip(fitted.weights.iter().zip(&model.weights)) {
            assert!((a - b).abs() < 1e-8, "{name}: fitted {a}, committed {b}");
        }
        assert!((fitted.bias - model.bias).abs() < 1e-8);
        assert!(model.threshold > 0.0 && model.threshold < 1.0);
    }

    #[test]
    fn the_committed_models_are_the_fits_of_their_committed_rows() {
        // What `cargo run --release --example dev_bench -- train` wrote.
        assert_is_the_fit_of(
            &crate::matcher::link_model(),
            include_str!("link_rows.tsv"),
            &crate::matcher::SIGNAL_DIRECTIONS,
        );
        assert_is_the_fit_of(
            &crate::matcher::novelty_model(),
            include_str!("novelty_rows.tsv"),
            &crate::matcher::NOVELTY_SIGNAL_DIRECTIONS,
        );
    }

    #[test]
    fn training_rows_read_back_as_written() {
        let rows = TrainingRows {
            names: vec!["a".into(), "b".into()],
            rows: vec![TrainingRow {
                set: "gva".into(),
                yes: true,
                weight: 3.0,
                signals: vec![0.25, -4.6052],
            }],
        };
        assert_eq!(TrainingRows::parse("t", &rows.to_tsv()).unwrap(), rows);
        let err = TrainingRows::parse("t", "set\tlabel\tweight\ta\ngva\t1\t1\n").unwrap_err();
        assert!(err.to_string().contains("line 2"), "{err}");
    }

    #[test]
    fn a_signal_fitted_against_its_direction_is_left_out() {
        // "near" says yes; "rare" fires on three rows, all yes, though it is declared to
        // point toward no (a signal that fires on a handful of rows teaches nothing):
        // the fit must not learn that it says yes.
        let mut rows = TrainingRows {
            names: vec!["near".into(), "rare".into()],
            rows: Vec::new(),
        };
        for i in 0..200 {
            let near = f64::from(i % 20) / 20.0;
            let yes = near > 0.5;
            let rare = if yes && i < 60 && i % 20 == 19 {
                1.0
            } else {
                0.0
            };
            rows.rows.push(TrainingRow {
                set: "a".into(),
                yes: yes || rare == 1.0,
                weight: 1.0,
                signals: vec![near, rare],
            });
        }
        let free = rows.fit(&[("a", 1.0)], &["near", "rare"], &[Direction::TowardYes; 2]);
        assert!(free.weights[1] > 0.0, "{free:?}");
        let directed = [Direction::TowardYes, Direction::TowardNo];
        let model = rows.fit(&[("a", 1.0)], &["near", "rare"], &directed);
        assert_eq!(model.weights[1], 0.0, "{model:?}");
        assert!(model.weights[0] > 0.0, "{model:?}");
        assert_eq!(model, rows.fit(&[("a", 1.0)], &["near"], &directed));
    }

    #[test]
    fn the_fit_finds_the_weights_that_made_the_data() {
        // Rows drawn from a known model: the fit recovers its weights closely.
        let truth = [2.0, -1.0];
        let bias = 0.5;
        let mut rows = Vec::new();
        let mut seed = 12345u64;
        let mut uniform = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        for _ in 0..20_000 {
            let x = vec![uniform() * 4.0 - 2.0, uniform() * 4.0 - 2.0];
            let z = bias + truth[0] * x[0] + truth[1] * x[1];
            let y = uniform() < 1.0 / (1.0 + (-z).exp());
            rows.push((x, y, 1.0));
        }
        let model = Logistic::fit(&["a", "b"], &rows, 0.0);
        assert!((model.weights[0] - 2.0).abs() < 0.1, "{model:?}");
        assert!((model.weights[1] + 1.0).abs() < 0.1, "{model:?}");
        assert!((model.bias - 0.5).abs() < 0.1, "{model:?}");
        // And again, to the last bit.
        assert_eq!(Logistic::fit(&["a", "b"], &rows, 0.0), model);
    }
}
