//! Crash safety: a child process writes versions, claims and events without pause from
//! two threads while a third flushes; we
//! kill it with SIGKILL at a random moment, twenty times, and after each kill check that
//! the store opens, that every event the child reported as flushed is there, and that
//! the log's sequence numbers have no gap and no duplicate.
//!
//! This file has its own `main` (`harness = false` in Cargo.toml) so that the same
//! binary can run as the writing child (`store_crash --crash-child STORE`).

use chrono::{TimeZone, Utc};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use storywatch::diff::Changes;
use storywatch::model::{Article, BlockKind, EventBody, ItemId, Paragraph, StoryId};
use storywatch::store::{Arrival, Placement, Store};

const ROUNDS: usize = 20;
/// Threads recording at once in the child.
const WRITERS: u64 = 2;
/// Items the child cycles through, so that most records are new versions.
const ITEMS: u64 = 30;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(pos) = args.iter().position(|a| a == "--crash-child") {
        let store = args.get(pos + 1).expect("--crash-child STORE");
        write_until_killed(Path::new(store));
        return;
    }
    kill_and_check();
    // The line cargo's test output and .ci/run count.
    println!("test result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out");
}

/// A small deterministic generator; the seed is printed so a failure can be replayed.
struct Xorshift(u64);

impl Xorshift {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

fn kill_and_check() {
    let seed = std::env::var("STORE_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
                | 1
        });
    println!("store_crash: seed {seed} (set STORE_CRASH_SEED to replay)");
    let mut random = Xorshift(seed);
    let tmp = tempfile::tempdir().unwrap();
    let store_path = tmp.path().join("store");
    let mut flushed_total = 0u64;
    for round in 1..=ROUNDS {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--crash-child", store_path.to_str().unwrap()])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        // Kill after a random number of the child's reports (0: right after opening),
        // so the kill lands anywhere in the cycle of records and flushes, while the
        // child keeps writing.
        let lines_before_kill = random.below(40);
        let mut last_flushed = 0u64;
        let mut last_recorded = 0u64;
        for (seen, line) in lines.by_ref().enumerate() {
            let line = line.unwrap();
            if let Some(seq) = line.strip_prefix("flushed ") {
                last_flushed = seq.parse().unwrap();
            } else if let Some(seq) = line.strip_prefix("recorded ") {
                last_recorded = seq.parse().unwrap();
            } else {
                assert_eq!(line, "opened", "child said {line:?}");
            }
            if seen as u64 >= lines_before_kill {
                break;
            }
        }
        child.kill().unwrap(); // SIGKILL on Unix
        let status = child.wait().unwrap();
        assert!(
            !status.success(),
            "round {round}: the child was killed, not finished"
        );
        flushed_total = flushed_total.max(last_flushed);

        let store = Store::open(&store_path).unwrap_or_else(|e| {
            panic!("round {round}: the store does not open after SIGKILL: {e}")
        });
        let last = check_consistent(&store, round);
        assert!(
            last >= flushed_total,
            "round {round}: the child reported event {flushed_total} flushed, the log ends at {last}"
        );
        println!(
            "store_crash: round {round}: killed after event {last_recorded} was recorded and {last_flushed} flushed; the log ends at {last}"
        );
    }
    assert!(flushed_total > 0, "the children wrote something");
}

/// Checks the invariants a reader depends on; returns the last sequence number.
fn check_consistent(store: &Store, round: usize) -> u64 {
    let mut expected = 1u64;
    for event in store.events(1) {
        let event = event.unwrap_or_else(|e| panic!("round {round}: {e}"));
        assert_eq!(
            event.seq, expected,
            "round {round}: gap or duplicate in the log"
        );
        expected += 1;
        match &event.body {
            EventBody::VersionChanged { item, version, .. } => {
                assert!(
                    store.version(item, *version).unwrap().is_some(),
                    "round {round}: event {} names version {version} of {item}, which is missing",
                    event.seq
                );
            }
            EventBody::StoryCreated { story, .. } => {
                assert!(store.story(story).unwrap().is_some());
            }
            _ => {}
        }
    }
    for n in 0..ITEMS {
        let id = item_id(n);
        if let Some(item) = store.item(&id).unwrap() {
            let versions = store.versions(&id).unwrap();
            assert_eq!(
                versions.len() as u32,
                item.versions,
                "round {round}: {id} says {} versions, the store holds {}",
                item.versions,
                versions.len()
            );
        }
    }
    let stories = store.stories().unwrap();
    let claims_in_log = store
        .events(1)
        .filter(|e| matches!(e.as_ref().map(|e| &e.body), Ok(EventBody::Claim { .. })))
        .count();
    let claims_in_stories: usize = stories
        .iter()
        .map(|s| s.sentences.iter().filter(|h| h.claim.is_some()).count())
        .sum();
    assert_eq!(
        claims_in_log, claims_in_stories,
        "round {round}: every claim event has its sentence in the story, and only those"
    );
    expected - 1
}

fn item_id(n: u64) -> ItemId {
    ItemId(format!("https://example.org/article/{n}"))
}

/// The child: two threads record versions of their own items without pause, as the
/// daemon's concurrent fetches will, while the main thread flushes in a loop and reports
/// each new durable point. Every record is reported too.
fn write_until_killed(path: &Path) {
    let store = Store::open(path).unwrap();
    println!("opened");
    std::thread::scope(|scope| {
        for writer in 0..WRITERS {
            let store = &store;
            scope.spawn(move || write_items(store, writer));
        }
        let mut reported = 0;
        loop {
            let durable = store.flush().unwrap();
            if durable > reported {
                reported = durable;
                println!("flushed {durable}");
            }
        }
    });
}

/// One writer: records new versions of the items `n` with `n % WRITERS == writer`.
fn write_items(store: &Store, writer: u64) {
    let founding_story = StoryId("story-1".into());
    for step in 0u64.. {
        let n = (step * WRITERS + writer) % ITEMS;
        let id = item_id(n);
        let known = store.item(&id).unwrap();
        let based_on = known.as_ref().map_or(0, |i| i.versions);
        let placement = match known.and_then(|i| i.story) {
            Some(story) => Placement::Stay { story },
            None if store.story(&founding_story).unwrap().is_some() => Placement::Join {
                story: founding_story.clone(),
                score: 0.5,
                kind: storywatch::model::ItemKind::Update,
            },
            None => Placement::NewStory {
                title: "A story".into(),
            },
        };
        let text = format!("Report {step} by writer {writer} says {n} people were counted.");
        let article = Article {
            title: Some(format!("Article {n}")),
            published: None,
            paragraphs: vec![Paragraph {
                kind: BlockKind::Paragraph,
                text: text.clone(),
            }],
            ..Article::default()
        };
        let arrival = Arrival {
            item: id,
            fetched_at: Utc.timestamp_opt(1_755_600_000 + step as i64, 0).unwrap(),
            based_on,
            changes: Changes {
                added: vec![text.clone()],
                ..Changes::default()
            },
            placement,
            sentences: vec![storywatch::store::ArrivalSentence::new(text, step % 2 == 0)],
            repeats: Vec::new(),
            withdrawn: Vec::new(),
            article,
        };
        let events = store.record(&arrival).unwrap();
        if let Some(last) = events.last() {
            println!("recorded {}", last.seq);
        }
    }
}
