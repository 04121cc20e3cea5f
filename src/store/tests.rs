//! Store tests that need to write sled directly (old and future schemas); everything a
//! user does through the command line is tested in `tests/`.

use super::*;
use crate::diff::{Changes, Shrinkage};
use crate::model::{Article, BlockKind, EventBody, Paragraph};
use chrono::TimeZone;

fn article(title: &str, body: &str) -> Article {
    Article {
        title: Some(title.to_string()),
        published: None,
        paragraphs: vec![Paragraph {
            kind: BlockKind::Paragraph,
            text: body.to_string(),
        }],
    }
}

fn at(minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 8, 19, 10, minute, 0).unwrap()
}

fn arrival(item: &str, body: &str, based_on: u32, placement: Placement) -> Arrival {
    let article = article("Title", body);
    Arrival {
        item: ItemId(item.to_string()),
        fetched_at: at(based_on),
        content_hash: article.content_hash(),
        sentences: vec![(body.to_string(), true)],
        article,
        based_on,
        changes: Changes::default(),
        placement,
    }
}

/// Writes raw records into a store's sled database, as an older or newer build would
/// (a new database is created uncompressed, as builds before compression did).
fn write_raw(dir: &Path, records: &[(&str, &[u8], Vec<u8>)]) {
    wait_for_sled_release(dir).unwrap();
    let db = sled::Config::new()
        .path(dir.join("sled"))
        .use_compression(dir.join("sled").join("conf").exists() && compresses(dir))
        .open()
        .unwrap();
    for (tree, key, value) in records {
        db.open_tree(tree)
            .unwrap()
            .insert(*key, value.clone())
            .unwrap();
    }
    db.flush().unwrap();
}

#[test]
fn a_store_from_a_newer_schema_is_refused_with_its_path() {
    let dir = tempfile::tempdir().unwrap();
    drop(Store::open(dir.path()).unwrap());
    write_raw(dir.path(), &[("meta", b"schema_version", encode(&99u64))]);
    let err = Store::open(dir.path()).err().expect("refused");
    assert!(matches!(err, StoreError::NewerSchema { found: 99, .. }));
    let message = err.to_string();
    assert!(
        message.contains(&dir.path().display().to_string()),
        "{message}"
    );
    assert!(message.contains("newer storywatch"), "{message}");
}

#[test]
fn records_without_a_schema_version_are_not_taken_for_a_new_store() {
    let dir = tempfile::tempdir().unwrap();
    write_raw(dir.path(), &[("items", b"file:a", b"{}".to_vec())]);
    let err = Store::open(dir.path()).err().expect("refused");
    assert!(matches!(err, StoreError::Damaged { .. }), "{err}");
}

#[test]
fn a_schema_1_store_is_migrated_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let old_article = article("Old", "A sentence with 12 people in it.");
    let v1_version = Version {
        item: ItemId("file:a.txt".into()),
        number: 1,
        fetched_at: at(0),
        content_hash: "hash computed by schema 1".into(),
        article: old_article.clone(),
    };
    let v1_story = Story {
        id: StoryId("story-1".into()),
        title: "Old".into(),
        created_at: at(0),
        founded_by: ItemId("file:a.txt".into()),
        items: vec![ItemId("file:a.txt".into())],
        sentences: vec![HeldSentence {
            text: "A sentence with 12 people in it.".into(),
            item: ItemId("file:a.txt".into()),
            claim: Some(crate::model::ClaimId("c1".into())),
        }],
    };
    let item = Item {
        id: ItemId("file:a.txt".into()),
        first_seen: at(0),
        versions: 1,
        story: Some(StoryId("story-1".into())),
        suspect_hash: None,
    };
    write_raw(
        dir.path(),
        &[
            ("meta", b"schema_version", encode(&1u64)),
            ("items", b"file:a.txt", encode(&item)),
            ("versions", &version_key(&item.id, 1), encode(&v1_version)),
            ("stories", b"story-1", encode(&v1_story)),
        ],
    );

    let store = Store::open(dir.path()).unwrap();
    assert!(
        !compresses(dir.path()),
        "schema 1 stores were created uncompressed and stay so"
    );
    assert_eq!(store.story(&v1_story.id).unwrap(), Some(v1_story.clone()));
    let version = store.version(&item.id, 1).unwrap().unwrap();
    assert_eq!(version.content_hash, old_article.content_hash());
    assert_eq!(
        store.get::<u64>(&store.meta, b"schema_version").unwrap(),
        Some(SCHEMA_VERSION)
    );
    // The same text arriving again is recognised as unchanged under the new hash.
    let mut again = arrival(
        "file:a.txt",
        "A sentence with 12 people in it.",
        1,
        Placement::Stay {
            story: v1_story.id.clone(),
        },
    );
    again.article = old_article.clone();
    again.content_hash = old_article.content_hash();
    assert!(store.record(&again).unwrap().is_empty());
}

#[test]
fn a_story_grows_by_appending_its_items_and_sentences() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let founded = store
        .record(&arrival(
            "file:a",
            "First report of 12 people.",
            0,
            Placement::NewStory {
                title: "Quake".into(),
            },
        ))
        .unwrap();
    let story = match &founded[0].body {
        EventBody::StoryCreated { story, .. } => story.clone(),
        other => panic!("expected story_created, got {other:?}"),
    };
    store
        .record(&arrival(
            "file:b",
            "Second report of 15 people.",
            0,
            Placement::Join {
                story: story.clone(),
                score: 0.5,
            },
        ))
        .unwrap();
    let held = store.story(&story).unwrap().unwrap();
    assert_eq!(
        held.items,
        vec![ItemId("file:a".into()), ItemId("file:b".into())]
    );
    let texts: Vec<&str> = held.sentences.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(
        texts,
        vec!["First report of 12 people.", "Second report of 15 people."]
    );
    // A new version of b stays in the story without listing b twice.
    store
        .record(&arrival(
            "file:b",
            "Second report of 16 people.",
            1,
            Placement::Stay {
                story: story.clone(),
            },
        ))
        .unwrap();
    assert_eq!(store.story(&story).unwrap().unwrap().items.len(), 2);
}

#[test]
fn an_arrival_prepared_against_an_older_version_is_refused_as_stale() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let unmatched = || Placement::Unmatched {
        closest: None,
        score: 0.0,
    };
    store
        .record(&arrival("file:a", "One.", 0, unmatched()))
        .unwrap();
    store
        .record(&arrival("file:a", "Two.", 1, unmatched()))
        .unwrap();
    // Prepared when the store held version 1; it now holds version 2.
    let err = store
        .record(&arrival("file:a", "Three.", 1, unmatched()))
        .unwrap_err();
    assert!(matches!(err, StoreError::Stale { .. }), "{err}");
    assert_eq!(store.versions(&ItemId("file:a".into())).unwrap().len(), 2);
}

#[test]
fn the_same_suspect_text_is_reported_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    store
        .record(&arrival(
            "file:a",
            "Long text.",
            0,
            Placement::Unmatched {
                closest: None,
                score: 0.0,
            },
        ))
        .unwrap();
    let suspect = SuspectArrival {
        item: ItemId("file:a".into()),
        fetched_at: at(5),
        content_hash: "broken page".into(),
        shrinkage: Shrinkage {
            words_before: 500,
            words_after: 20,
            sentences_before: 30,
            sentences_after: 1,
        },
    };
    let first = store.record_suspect(&suspect).unwrap();
    assert!(matches!(
        first.as_slice(),
        [Event {
            body: EventBody::ExtractSuspect { version: 1, .. },
            ..
        }]
    ));
    assert!(store.record_suspect(&suspect).unwrap().is_empty());
    assert_eq!(store.versions(&ItemId("file:a".into())).unwrap().len(), 1);
}

#[test]
fn feed_state_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let feed = FeedState {
        url: "https://example.org/feed.xml".into(),
        etag: Some("\"abc\"".into()),
        last_modified: Some("Tue, 19 Aug 2025 10:00:00 GMT".into()),
        last_polled: Some(at(1)),
        next_due: Some(at(31)),
        consecutive_failures: 2,
        last_error: Some("timed out".into()),
    };
    {
        let store = Store::open(dir.path()).unwrap();
        store.put_feed(&feed).unwrap();
    }
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.feed(&feed.url).unwrap(), Some(feed));
    assert_eq!(store.stats().unwrap().feeds, 1);
}
