//! Matcher speed: synthetic news items streamed through `match_article` against a growing
//! number of live stories, on one thread.
//!
//!     cargo run --release --example matcher_bench -- [ITEMS_PER_RUN]
//!
//! For 100, 500 and 2,000 stories (each holding 12 sentences), it matches ITEMS_PER_RUN
//! items (default 1,000; each 6 sentences, mostly about one of the stories, some about
//! none) and prints items/s and the median and p99 latency per item, so that the cost's
//! growth with the number of stories shows. Stories do not grow during a run (the store
//! is not involved): this is the matcher alone.

use chrono::Utc;
use std::time::Instant;
use storywatch::matcher::{match_article, MatchParams, StoryIndex};
use storywatch::model::{
    Article, BlockKind, ClaimId, HeldSentence, ItemId, Paragraph, Story, StoryId,
};

/// A deterministic generator (xorshift64*), so that runs are comparable.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A made-up word from a number: pronounceable, unique.
fn word(n: usize) -> String {
    const SYLLABLES: [&str; 16] = [
        "ka", "lo", "mi", "ne", "su", "ta", "ri", "vo", "de", "pa", "gu", "ze", "bo", "fi", "ha",
        "ju",
    ];
    let mut n = n + 16;
    let mut out = String::new();
    while n > 0 {
        out.push_str(SYLLABLES[n % 16]);
        n /= 16;
    }
    out
}

/// A story's theme: its own words, people, places and figures.
struct Theme {
    words: Vec<String>,
    names: Vec<String>,
    numbers: Vec<u32>,
}

fn theme(rng: &mut Rng, id: usize) -> Theme {
    Theme {
        words: (0..30).map(|i| word(1000 + id * 40 + i)).collect(),
        names: (0..5)
            .map(|i| {
                let w = word(200_000 + id * 8 + i);
                let mut c = w.chars();
                c.next().map_or(w.clone(), |f| {
                    f.to_uppercase().collect::<String>() + c.as_str()
                })
            })
            .collect(),
        numbers: (0..3).map(|_| 2 + rng.below(5000) as u32).collect(),
    }
}

fn sentence(rng: &mut Rng, theme: &Theme) -> String {
    let mut parts = vec![theme.names[rng.below(theme.names.len())].clone()];
    parts.push("said".into());
    for _ in 0..8 {
        parts.push(theme.words[rng.below(theme.words.len())].clone());
    }
    // Common vocabulary every story shares.
    for _ in 0..4 {
        parts.push(word(rng.below(800)));
    }
    parts.push(format!("{} people", theme.numbers[rng.below(3)]));
    format!("{}.", parts.join(" "))
}

fn article(rng: &mut Rng, theme: &Theme) -> Article {
    Article {
        title: Some(sentence(rng, theme)),
        paragraphs: (0..6)
            .map(|_| Paragraph {
                kind: BlockKind::Paragraph,
                text: sentence(rng, theme),
            })
            .collect(),
        ..Article::default()
    }
}

fn main() {
    let items: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(1000);
    let params = MatchParams::default();
    println!("stories  items   items/s   median ms   p99 ms");
    for story_count in [100usize, 500, 2000] {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let themes: Vec<Theme> = (0..story_count + 100).map(|i| theme(&mut rng, i)).collect();
        let stories: Vec<Story> = themes[..story_count]
            .iter()
            .enumerate()
            .map(|(i, theme)| {
                let founder = ItemId(format!("https://example.org/{i}/0"));
                Story {
                    id: StoryId(format!("story-{i}")),
                    title: sentence(&mut rng, theme),
                    created_at: Utc::now(),
                    founded_by: founder.clone(),
                    declared: false,
                    items: vec![founder.clone()],
                    sentences: (0..12)
                        .map(|n| HeldSentence {
                            text: sentence(&mut rng, theme),
                            item: founder.clone(),
                            claim: Some(ClaimId(format!("c{i}-{n}"))),
                        })
                        .collect(),
                    ..Story::default()
                }
            })
            .collect();
        let stories = StoryIndex::from_stories(stories);
        let mut latencies = Vec::with_capacity(items);
        let started = Instant::now();
        for _ in 0..items {
            // Nine items in ten are about a live story; the rest about none of them.
            let theme = if rng.below(10) < 9 {
                &themes[rng.below(story_count)]
            } else {
                &themes[story_count + rng.below(100)]
            };
            let item = article(&mut rng, theme);
            let t = Instant::now();
            let decision = match_article(&stories, &item, &params);
            latencies.push(t.elapsed().as_secs_f64() * 1000.0);
            if std::env::var_os("SLOW").is_some() && t.elapsed().as_secs_f64() > 0.002 {
                let d = format!("{decision:?}");
                eprintln!("slow {:?} {}", t.elapsed(), &d[..80.min(d.len())]);
            }
            std::hint::black_box(decision);
        }
        let seconds = started.elapsed().as_secs_f64();
        latencies.sort_by(f64::total_cmp);
        let at = |q: f64| latencies[((latencies.len() - 1) as f64 * q) as usize];
        println!(
            "{story_count:>7} {items:>6} {:>9.0} {:>11.2} {:>8.2}",
            items as f64 / seconds,
            at(0.5),
            at(0.99)
        );
    }
}
