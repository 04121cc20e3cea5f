//! What the matcher reads at start: the index of every story is read once, whole, and a
//! restart whose declared stories' seeds are unchanged does not wait for it.

mod common;

use common::seeds_dir;
use storywatch::config::StoryConfig;
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
