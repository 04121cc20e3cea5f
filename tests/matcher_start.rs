//! What the matcher reads at start: the index of every story is read once, whole, and a
//! restart whose declared stories' seeds are unchanged does not wait for it; an item that
//! arrives while the index is being read (the daemon reads it on a thread of its own at
//! start) waits for all of it.

mod common;

use common::seeds_dir;
use std::sync::mpsc;
use storywatch::config::StoryConfig;
use storywatch::model::ItemId;
use storywatch::pipeline::{Matching, Outcome};
use storywatch::replay;
use storywatch::store::Store;

fn declared() -> StoryConfig {
    StoryConfig {
        id: "ukraine-guarantees".into(),
        title: "US strategic enablers for Ukraine security guarantees".into(),
        seeds: Some(seeds_dir()),
        documents: Vec::new(),
    }
}

/// Seeds the declared story through `matching`; per seed, whether it was recorded
/// (`Some(true)`) or found unchanged (`Some(false)`).
fn seed(store: &Store, matching: &Matching) -> Vec<Option<bool>> {
    let mut outcomes = Vec::new();
    replay::seed_stories(
        store,
        matching,
        &[declared()],
        chrono::Utc::now(),
        |_, _, o| {
            outcomes.push(match o {
                Outcome::Recorded(_) => Some(true),
                Outcome::Unchanged => Some(false),
                Outcome::SuspectAgain => None,
            })
        },
    )
    .unwrap();
    outcomes
}

#[test]
fn seeds_held_already_are_not_matched_so_a_restart_does_not_wait_for_the_index() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let first = Matching::new(Default::default());
    let outcomes = seed(&store, &first);
    assert!(!outcomes.is_empty());
    assert!(outcomes.iter().all(|o| *o == Some(true)));
    assert!(first.is_loaded(), "founding the story read the index");

    // The next start: every seed is there as it was.
    let restarted = Matching::new(Default::default());
    let outcomes = seed(&store, &restarted);
    assert!(outcomes.iter().all(|o| *o == Some(false)));
    assert!(
        !restarted.is_loaded(),
        "unchanged seeds leave the index to be read while the daemon runs"
    );
}

#[test]
fn reading_the_index_stopped_half_way_keeps_nothing_and_the_next_item_reads_it_whole() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    seed(&store, &Matching::new(Default::default()));
    let matching = Matching::new(Default::default());
    matching.load(&store, &|| true).unwrap();
    assert!(
        !matching.is_loaded(),
        "a stopped reading keeps no part of the index"
    );
    matching.load(&store, &|| false).unwrap();
    assert!(matching.is_loaded());
    // Once read, it is not read again (a stop asked later changes nothing).
    matching.load(&store, &|| true).unwrap();
    assert!(matching.is_loaded());
}

#[test]
fn an_item_arriving_while_the_index_is_read_waits_for_it_and_joins_its_story() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let files = replay::corpus_files(&seeds_dir()).unwrap();
    let (held, arriving) = (&files[..3], &files[3]);
    let now = chrono::Utc::now();
    let earlier = Matching::new(Default::default());
    for path in held {
        replay::replay_file(path, &store, &earlier, now).unwrap();
    }
    let story_of = |path: &std::path::Path| {
        let name = path.file_name().unwrap().to_string_lossy();
        let item = store.item(&ItemId::for_file(&name)).unwrap().unwrap();
        item.story.expect("every recorded item is in a story")
    };
    let held_story = story_of(&held[0]);

    // The daemon's start: the index is being read (the reader is inside it, holding it,
    // until told to go on) when the next report arrives.
    let matching = Matching::new(Default::default());
    let (reading, is_reading) = mpsc::channel();
    let (go_on, may_go_on) = mpsc::channel::<()>();
    let (matching, store) = (&matching, &store);
    std::thread::scope(|threads| {
        let reader = threads.spawn(move || {
            let first = std::sync::Once::new();
            matching.load(store, &|| {
                first.call_once(|| {
                    reading.send(()).unwrap();
                    may_go_on.recv().unwrap();
                });
                false
            })
        });
        is_reading.recv().unwrap();
        let arrival = threads.spawn(|| replay::replay_file(arriving, store, matching, now));
        go_on.send(()).unwrap();
        reader.join().unwrap().unwrap();
        assert!(matches!(
            arrival.join().unwrap().unwrap(),
            Outcome::Recorded(_)
        ));
    });
    assert_eq!(
        story_of(arriving),
        held_story,
        "matched against every story, not an index half read"
    );
}
