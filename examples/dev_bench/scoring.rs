//! The dev sets' scorers, as their `score.py` scripts compute them (checked against
//! them: the same figures to the last digit printed).

use std::collections::{HashMap, HashSet};

/// Precision, recall, F1 and accuracy of a yes/no decision.
#[derive(Debug, Clone, Copy, Default)]
pub struct Prf {
    pub n: usize,
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Prf {
    pub fn of(pairs: impl IntoIterator<Item = (bool, bool)>) -> Prf {
        let mut s = Prf::default();
        for (predicted, gold) in pairs {
            s.n += 1;
            match (predicted, gold) {
                (true, true) => s.tp += 1,
                (true, false) => s.fp += 1,
                (false, true) => s.fn_ += 1,
                (false, false) => {}
            }
        }
        s
    }
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        }
    }
    pub fn accuracy(&self) -> f64 {
        ratio(self.n - self.fp - self.fn_, self.n)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// B-cubed and pairwise scores of a clustering (`../shared/bench/ecbplus-dev/score.py`).
#[derive(Debug, Clone, Copy)]
pub struct Clustering {
    pub b3_p: f64,
    pub b3_r: f64,
    pub b3_f1: f64,
    pub pair_p: f64,
    pub pair_r: f64,
    pub pair_f1: f64,
}

/// Scores `pred` against `gold` (item → cluster); items missing from `pred` are
/// singletons.
pub fn clustering(gold: &HashMap<String, String>, pred: &HashMap<String, String>) -> Clustering {
    let mut cell: HashMap<(&str, String), usize> = HashMap::new();
    let mut gsize: HashMap<&str, usize> = HashMap::new();
    let mut psize: HashMap<String, usize> = HashMap::new();
    for (item, g) in gold {
        let p = pred
            .get(item)
            .cloned()
            .unwrap_or_else(|| format!("single:{item}"));
        *cell.entry((g.as_str(), p.clone())).or_default() += 1;
        *gsize.entry(g).or_default() += 1;
        *psize.entry(p).or_default() += 1;
    }
    let n = gold.len() as f64;
    let sq = |c: usize| (c * c) as f64;
    let b3_p = cell
        .iter()
        .map(|((_, p), &c)| sq(c) / psize[p] as f64)
        .sum::<f64>()
        / n;
    let b3_r = cell
        .iter()
        .map(|((g, _), &c)| sq(c) / gsize[g] as f64)
        .sum::<f64>()
        / n;
    let pairs = |c: usize| (c * c.saturating_sub(1) / 2) as f64;
    let tp: f64 = cell.values().map(|&c| pairs(c)).sum();
    let predicted: f64 = psize.values().map(|&c| pairs(c)).sum();
    let golden: f64 = gsize.values().map(|&c| pairs(c)).sum();
    let pair_p = if predicted > 0.0 { tp / predicted } else { 0.0 };
    let pair_r = if golden > 0.0 { tp / golden } else { 1.0 };
    Clustering {
        b3_p,
        b3_r,
        b3_f1: harmonic(b3_p, b3_r),
        pair_p,
        pair_r,
        pair_f1: harmonic(pair_p, pair_r),
    }
}

fn harmonic(a: f64, b: f64) -> f64 {
    if a + b > 0.0 {
        2.0 * a * b / (a + b)
    } else {
        0.0
    }
}

/// Lower-cased `\w+` words, as the scorers split text.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' {
            word.extend(c.to_lowercase());
        } else if !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// Whether a judged line counts as logged by one of `claims`
/// (`../shared/bench/claims-judged-dev/score.py`): a claim inside the line or holding
/// it, or most words of each in the other.
pub fn judged_line_logged(line: &str, claims: &[String]) -> bool {
    let tw = words(line).join(" ");
    let ts: HashSet<String> = words(line).into_iter().collect();
    claims.iter().any(|claim| {
        let cw = words(claim).join(" ");
        if !cw.is_empty() && (tw.contains(&cw) || cw.contains(&tw)) {
            return true;
        }
        let cs: HashSet<String> = words(claim).into_iter().collect();
        let shared = cs.intersection(&ts).count() as f64;
        !cs.is_empty() && shared / cs.len() as f64 >= 0.8 && shared / ts.len().max(1) as f64 >= 0.6
    })
}

/// The lines of an item that its claims map to (`../shared/bench/ecbplus-novelty-dev/
/// score.py`): the first line after the previous claim's that holds the claim as a run
/// of whole words, else one holding 80% of its words.
pub fn novelty_lines_logged(lines: &[String], claims: &[String]) -> HashSet<usize> {
    let normed: Vec<Vec<String>> = lines.iter().map(|l| words(l)).collect();
    let joined: Vec<String> = normed
        .iter()
        .map(|w| format!(" {} ", w.join(" ")))
        .collect();
    let mut logged = HashSet::new();
    let mut cursor = 0;
    for claim in claims {
        let cw = words(claim);
        if cw.is_empty() {
            continue;
        }
        let needle = format!(" {} ", cw.join(" "));
        let mut candidates: Vec<usize> = (0..lines.len())
            .filter(|&i| joined[i].contains(&needle))
            .collect();
        if candidates.is_empty() {
            let cs: HashSet<&String> = cw.iter().collect();
            let shares: Vec<f64> = normed
                .iter()
                .map(|lw| {
                    let ls: HashSet<&String> = lw.iter().collect();
                    cs.intersection(&ls).count() as f64 / cs.len() as f64
                })
                .collect();
            let best = shares.iter().copied().fold(0.0, f64::max);
            if best >= 0.8 {
                candidates = (0..lines.len()).filter(|&i| shares[i] == best).collect();
            }
        }
        let Some(&first) = candidates.first() else {
            continue;
        };
        let line = candidates
            .iter()
            .copied()
            .find(|&i| i >= cursor)
            .unwrap_or(first);
        cursor = line;
        logged.insert(line);
    }
    logged
}

/// Spearman's rank correlation.
pub fn spearman(xs: &[f64], ys: &[f64]) -> f64 {
    fn ranks(xs: &[f64]) -> Vec<f64> {
        let mut order: Vec<usize> = (0..xs.len()).collect();
        order.sort_by(|&a, &b| xs[a].total_cmp(&xs[b]));
        let mut r = vec![0.0; xs.len()];
        let mut i = 0;
        while i < order.len() {
            let mut j = i;
            while j + 1 < order.len() && xs[order[j + 1]] == xs[order[i]] {
                j += 1;
            }
            for k in i..=j {
                r[order[k]] = (i + j) as f64 / 2.0 + 1.0;
            }
            i = j + 1;
        }
        r
    }
    if xs.len() < 3 {
        return f64::NAN;
    }
    let (rx, ry) = (ranks(xs), ranks(ys));
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let (mx, my) = (mean(&rx), mean(&ry));
    let sxy: f64 = rx.iter().zip(&ry).map(|(a, b)| (a - mx) * (b - my)).sum();
    let sxx: f64 = rx.iter().map(|a| (a - mx).powi(2)).sum();
    let syy: f64 = ry.iter().map(|b| (b - my).powi(2)).sum();
    if sxx > 0.0 && syy > 0.0 {
        sxy / (sxx * syy).sqrt()
    } else {
        f64::NAN
    }
}
