//! MSRP benchmark: how often the claim logger's "this sentence adds nothing" decision
//! agrees with human paraphrase labels.
//!
//!     cargo run --release --example msrp_bench -- ../shared/bench/msrp/msr_paraphrase_train.txt
//!
//! For each labelled pair, a story holds sentence 1 (as a claim) and an article says
//! sentence 2: if the matcher judges sentence 2 held (adds nothing), that is a
//! "paraphrase" answer. Prints accuracy, precision and recall of "paraphrase", the
//! always-"paraphrase" baseline, and pairs per second. With `MSRP_WHY=1`, prints to stderr
//! the verdict on each paraphrase judged new, with the pair (to see which rule disagrees
//! with people).

use chrono::Utc;
use std::time::Instant;
use storywatch::matcher;
use storywatch::model::{
    Article, BlockKind, ClaimId, HeldSentence, ItemId, Paragraph, Story, StoryId,
};

/// The daemon's allocator (see `src/main.rs`), so that the figures are the daemon's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> anyhow::Result<()> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/bench/msrp/msr_paraphrase_train.txt".to_string());
    let text = std::fs::read_to_string(&path)?;
    let mut pairs = Vec::new();
    for line in text.trim_start_matches('\u{feff}').lines().skip(1) {
        let fields: Vec<&str> = line.split('\t').collect();
        if let [label, _, _, first, second] = fields[..] {
            pairs.push((label == "1", first.to_string(), second.to_string()));
        }
    }
    let started = Instant::now();
    let (mut tp, mut fp, mut tn, mut fn_) = (0usize, 0usize, 0usize, 0usize);
    for (paraphrase, first, second) in &pairs {
        let story = Story {
            id: StoryId("msrp".into()),
            title: String::new(),
            created_at: Utc::now(),
            founded_by: ItemId("first".into()),
            declared: false,
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
        let verdicts = matcher::judge_against(&story, &article);
        // The splitter may cut sentence 2 in parts: it adds nothing if no part is new.
        let adds_nothing = verdicts.iter().all(|v| !v.is_new_claim());
        if std::env::var_os("MSRP_WHY").is_some() && *paraphrase && !adds_nothing {
            for v in verdicts.iter().filter(|v| v.is_new_claim()) {
                let why = format!("{:?}", v.judgement);
                let kind = why.split(['(', ' ', '{']).next().unwrap_or("").to_string();
                let detail = why.chars().take(60).collect::<String>();
                eprintln!("{kind}\t{detail}\t{first}\t{second}");
            }
        }
        match (adds_nothing, *paraphrase) {
            (true, true) => tp += 1,
            (true, false) => fp += 1,
            (false, false) => tn += 1,
            (false, true) => fn_ += 1,
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let n = pairs.len() as f64;
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_).max(1) as f64;
    println!("{} pairs from {path}", pairs.len());
    println!(
        "agreement {:.1}%  (\"adds nothing\" precision {:.3}, recall {:.3})",
        100.0 * (tp + tn) as f64 / n,
        precision,
        recall
    );
    println!(
        "always \"paraphrase\": {:.1}%",
        100.0 * (tp + fn_) as f64 / n
    );
    println!("{:.0} pairs/s", n / seconds);
    Ok(())
}
