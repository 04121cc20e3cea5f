//! Real pages (three AEB benchmark pages, see tests/fixtures/aeb/README.md): the
//! extractor keeps their annotated article text, and mutated copies of them (cut,
//! with flipped bytes, with markup removed) never panic it.

use chrono::Utc;
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use storywatch::extract::extract;
use storywatch::model::{ItemId, RawDocument};

struct Fixture {
    url: String,
    html: Vec<u8>,
    gold: String,
}

fn fixtures() -> Vec<Fixture> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/aeb");
    let truth: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("ground-truth.json")).unwrap()).unwrap();
    let mut ids: Vec<&String> = truth.as_object().unwrap().keys().collect();
    ids.sort();
    ids.into_iter()
        .map(|id| {
            let path: PathBuf = dir.join(format!("{id}.html.gz"));
            let mut html = Vec::new();
            flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap())
                .read_to_end(&mut html)
                .unwrap();
            Fixture {
                url: truth[id]["url"].as_str().unwrap().to_string(),
                html,
                gold: truth[id]["articleBody"].as_str().unwrap().to_string(),
            }
        })
        .collect()
}

fn doc(url: &str, bytes: Vec<u8>) -> RawDocument {
    RawDocument {
        item: ItemId(url.to_string()),
        bytes,
        content_type: Some("text/html".into()),
        fetched_at: Utc::now(),
    }
}

/// Word 4-gram F1 of `pred` against `gold`, as the benchmark's scorer counts it.
fn shingle_f1(gold: &str, pred: &str) -> f64 {
    fn bag(text: &str) -> HashMap<Vec<String>, usize> {
        let words: Vec<String> = text
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        let mut bag = HashMap::new();
        for gram in words.windows(4.min(words.len().max(1))) {
            *bag.entry(gram.to_vec()).or_insert(0) += 1;
        }
        bag
    }
    let (g, p) = (bag(gold), bag(pred));
    let tp: usize = g
        .iter()
        .map(|(k, n)| (*n).min(p.get(k).copied().unwrap_or(0)))
        .sum();
    let (gn, pn): (usize, usize) = (g.values().sum(), p.values().sum());
    if tp == 0 {
        return 0.0;
    }
    let (precision, recall) = (tp as f64 / pn as f64, tp as f64 / gn as f64);
    2.0 * precision * recall / (precision + recall)
}

#[test]
fn the_annotated_article_text_is_extracted() {
    for f in fixtures() {
        let article = extract(&doc(&f.url, f.html.clone())).unwrap();
        let f1 = shingle_f1(&f.gold, &article.text());
        assert!(f1 >= 0.9, "{}: F1 {f1:.3}\n{}", f.url, article.text());
        assert!(article.title.is_some(), "{}", f.url);
    }
}

/// A small deterministic generator, so a failure names a reproducible case.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

#[test]
fn mutated_pages_never_panic_the_extractor() {
    let mut rng = Lcg(7);
    for f in fixtures() {
        let len = f.html.len();
        for case in 0..32 {
            let mut bytes = f.html.clone();
            match case % 4 {
                // Cut anywhere, mid-tag and mid-character included.
                0 => bytes.truncate(rng.below(len)),
                // Flip bytes.
                1 => {
                    for _ in 0..50 {
                        let at = rng.below(len);
                        bytes[at] ^= 1 << rng.below(8);
                    }
                }
                // Delete every '>' in a stretch: tags run into each other.
                2 => {
                    let start = rng.below(len);
                    let end = (start + 5_000).min(len);
                    let mut i = start;
                    bytes.retain(|b| {
                        i += 1;
                        !(i > start && i < end && *b == b'>')
                    });
                }
                // Splice a stretch of the page into another place.
                _ => {
                    let from = rng.below(len);
                    let to = rng.below(len);
                    let piece: Vec<u8> = bytes[from..(from + 2_000).min(len)].to_vec();
                    bytes.splice(to..to, piece);
                }
            }
            // Errors are fine; a panic fails the test with the case.
            let _ = extract(&doc(&f.url, bytes));
        }
    }
}
