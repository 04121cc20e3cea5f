//! Matcher speed on one thread: synthetic news items through `match_article` and the
//! story index.
//!
//!     cargo run --release --example matcher_bench -- [ITEMS [LIVE]]
//!
//! (ITEMS=0 runs the first part only.)
//!
//! First, the cost's growth with the number of stories: 2,000 items against 100, 500 and
//! 2,000 stories of 12 sentences each. Then the stream: ITEMS items (default 100,000; each
//! a headline and 6 sentences, nine in ten about one of LIVE live stories, default 2,000)
//! matched one by one; an item that joins a story is held by it and the index brought up
//! to date, as the pipeline does, so the stories grow (to about 300 sentences each by the
//! end; with `20000 20`, twenty stories of a story followed for months, to 5,400). It
//! prints, per tenth of the stream, items/s, median and p99 latency, and the sentences
//! held per story, so that the cost's growth with the sentences held shows. The store is
//! not involved: this is the matcher and its index alone. Last, the process's peak RSS
//! (`VmHWM`), which the index of 2,000 grown stories makes most of.

use chrono::Utc;
use std::time::Instant;
use storywatch::matcher::{match_article, Decision, MatchParams, StoryIndex};
use storywatch::model::{
    Article, BlockKind, ClaimId, HeldSentence, ItemId, Paragraph, Story, StoryId,
};

/// The daemon's allocator (see `src/main.rs`), so that the figures are the daemon's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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

/// A sentence in the shape of news: a speaker, eight of the story's own words and four
/// common ones, held together by English function words as real prose is (a third of
/// its words), and a figure.
fn sentence(rng: &mut Rng, theme: &Theme) -> String {
    let name = &theme.names[rng.below(theme.names.len())];
    let own: Vec<&str> = (0..8)
        .map(|_| theme.words[rng.below(theme.words.len())].as_str())
        .collect();
    // Common vocabulary every story shares.
    let common: Vec<String> = (0..4).map(|_| word(rng.below(800))).collect();
    let figure = theme.numbers[rng.below(3)];
    format!(
        "{name} said that the {} of the {} {} had {} {} with {} and {} {}, {} {} {} {}, {figure} people.",
        own[0], own[1], own[2], own[3], own[4], own[5], own[6], own[7],
        common[0], common[1], common[2], common[3]
    )
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

/// `count` stories, each founded by one item of 12 sentences, and their themes (plus 100
/// themes no story is about).
fn stories(rng: &mut Rng, count: usize) -> (Vec<Theme>, Vec<Story>) {
    let themes: Vec<Theme> = (0..count + 100).map(|i| theme(rng, i)).collect();
    let stories = themes[..count]
        .iter()
        .enumerate()
        .map(|(i, theme)| {
            let founder = ItemId(format!("https://example.org/{i}/0"));
            Story {
                id: StoryId(format!("story-{i}")),
                title: sentence(rng, theme),
                created_at: Utc::now(),
                founded_by: founder.clone(),
                items: vec![founder.clone()],
                sentences: (0..12)
                    .map(|n| HeldSentence {
                        text: sentence(rng, theme),
                        item: founder.clone(),
                        claim: Some(ClaimId(format!("c{i}-{n}"))),
                    })
                    .collect(),
                ..Story::default()
            }
        })
        .collect();
    (themes, stories)
}

/// The next item: nine in ten about a live story (`story-N`, given with it), the rest
/// about none of them.
fn next_item(rng: &mut Rng, themes: &[Theme], live: usize) -> (Option<StoryId>, Article) {
    let (story, theme) = if rng.below(10) < 9 {
        let n = rng.below(live);
        (Some(StoryId(format!("story-{n}"))), &themes[n])
    } else {
        (None, &themes[live + rng.below(100)])
    };
    (story, article(rng, theme))
}

/// Whether the matcher put an item where it belongs: in its story, or in none.
fn is_right(decision: &Decision, story: Option<&StoryId>) -> bool {
    match decision {
        Decision::Linked { story: linked, .. } => Some(linked) == story,
        _ => story.is_none(),
    }
}

/// The process's peak resident set (`VmHWM` in `/proc/self/status`), in MiB; `None` where
/// there is no such file.
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn percentile(sorted: &[f64], q: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * q) as usize]
}

fn main() {
    let arg = |n: usize| std::env::args().nth(n).and_then(|a| a.parse().ok());
    let items: usize = arg(1).unwrap_or(100_000);
    let live: usize = arg(2).unwrap_or(2000);
    let params = MatchParams::default();

    println!("Cost with the number of stories (stories fixed at 12 sentences, 2,000 items):");
    println!("stories   items/s   median ms   p99 ms   right");
    for story_count in [100usize, 500, 2000] {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let (themes, stories) = stories(&mut rng, story_count);
        let index = StoryIndex::from_stories(stories);
        let mut latencies = Vec::with_capacity(2000);
        let mut right = 0;
        let mut timed = 0.0;
        for _ in 0..2000 {
            let (story, item) = next_item(&mut rng, &themes, story_count);
            let t = Instant::now();
            let decision = match_article(&index, &item, &params);
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            timed += ms / 1000.0;
            latencies.push(ms);
            right += usize::from(is_right(&decision, story.as_ref()));
        }
        latencies.sort_by(f64::total_cmp);
        println!(
            "{story_count:>7} {:>9.0} {:>11.2} {:>8.2} {:>6.1}%",
            2000.0 / timed,
            percentile(&latencies, 0.5),
            percentile(&latencies, 0.99),
            right as f64 / 20.0
        );
    }

    if items == 0 {
        return;
    }

    // The stream: every linked item joins its story (its sentences are held, the index is
    // brought up to date as the pipeline does), so the stories grow as it goes. Items
    // about none of the stories are left out, so that LIVE stories stay live.
    println!();
    println!("{items} items streamed through {live} live stories that grow as items join:");
    println!("items so far   items/s   median ms   p99 ms   sentences per story");
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let (themes, stories) = stories(&mut rng, live);
    let mut index = StoryIndex::from_stories(stories);
    let mut all = Vec::with_capacity(items);
    let mut held_sentences = live * 12;
    let tenth = (items / 10).max(1);
    let mut part = Vec::with_capacity(tenth);
    let mut right = 0;
    let started = Instant::now();
    for n in 1..=items {
        let (story, item) = next_item(&mut rng, &themes, live);
        let t = Instant::now();
        let decision = match_article(&index, &item, &params);
        let mut elapsed = t.elapsed();
        right += usize::from(is_right(&decision, story.as_ref()));
        let joined = match &decision {
            Decision::Linked {
                story, sentences, ..
            } => index.story(story).map(|held| {
                // What the daemon reads back from the store once the item is recorded:
                // the story's header as it is now, and the item it gained, with its
                // headline, which linking reads with its sentences.
                let mut later = Story {
                    id: held.id.clone(),
                    title: held.title.clone(),
                    created_at: held.created_at,
                    founded_by: held.founded_by.clone(),
                    first_date: held.first_date,
                    last_date: held.last_date,
                    declared: held.declared,
                    ..Story::default()
                };
                let id = ItemId(format!("https://example.org/item/{n}"));
                let texts = sentences.iter().map(|v| v.text.clone());
                later.add_item(&id, item.title.as_deref(), texts, item.published);
                later
            }),
            _ => None,
        };
        if let Some(later) = joined {
            held_sentences += later.sentences.len();
            // Building `later` above (the store's read) is not timed: only
            // `match_article` and `extend` are.
            let t = Instant::now();
            index.extend(later);
            elapsed += t.elapsed();
        }
        let ms = elapsed.as_secs_f64() * 1000.0;
        part.push(ms);
        all.push(ms);
        if n % tenth == 0 {
            let seconds = part.iter().sum::<f64>() / 1000.0;
            part.sort_by(f64::total_cmp);
            println!(
                "{n:>13} {:>9.0} {:>11.2} {:>8.2} {:>21.0}",
                part.len() as f64 / seconds,
                percentile(&part, 0.5),
                percentile(&part, 0.99),
                held_sentences as f64 / live as f64
            );
            part.clear();
        }
    }
    let timed = all.iter().sum::<f64>() / 1000.0;
    all.sort_by(f64::total_cmp);
    println!(
        "all {items} items: {:.0} items/s matched and indexed ({:.0} s wall with item generation), median {:.2} ms, p99 {:.2} ms; {:.1}% put where they belong",
        items as f64 / timed,
        started.elapsed().as_secs_f64(),
        percentile(&all, 0.5),
        percentile(&all, 0.99),
        100.0 * right as f64 / items as f64
    );
    match peak_rss_mib() {
        Some(mib) => println!("peak RSS {mib:.0} MiB"),
        None => println!("peak RSS unknown (no /proc/self/status)"),
    }
}
