//! Store tests that need to write sled directly (old and future schemas); everything a
//! user does through the command line is tested in `tests/`.

use super::*;
use crate::diff::{Changes, Shrinkage};
use crate::model::{Article, ArticleWatch, BlockKind, EventBody, FeedState, Paragraph};
use chrono::TimeZone;

fn article(title: &str, body: &str) -> Article {
    Article {
        title: Some(title.to_string()),
        published: None,
        paragraphs: vec![Paragraph {
            kind: BlockKind::Paragraph,
            text: body.to_string(),
        }],
        ..Article::default()
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
        sentences: vec![ArrivalSentence::new(body, true)],
        repeats: Vec::new(),
        withdrawn: Vec::new(),
        article,
        based_on,
        changes: Changes::default(),
        placement,
    }
}

/// An arrival of `item` whose article has `title`.
fn titled_arrival(item: &str, title: &str, based_on: u32, placement: Placement) -> Arrival {
    let mut arrival = arrival(item, &format!("What {item} says."), based_on, placement);
    arrival.article.title = Some(title.to_string());
    arrival
}

/// Records `items` (id, title) as one story, the first founding it; returns its id.
fn record_titled_story(store: &Store, items: &[(&str, &str)]) -> StoryId {
    let (founder, title) = items[0];
    let founded = store
        .record(&titled_arrival(
            founder,
            title,
            0,
            Placement::NewStory {
                title: title.into(),
            },
        ))
        .unwrap();
    let EventBody::StoryCreated { story, .. } = &founded[0].body else {
        panic!("expected story_created, got {:?}", founded[0].body);
    };
    for (item, title) in &items[1..] {
        let join = Placement::Join {
            story: story.clone(),
            score: 0.5,
            kind: crate::model::ItemKind::Update,
        };
        store.record(&titled_arrival(item, title, 0, join)).unwrap();
    }
    story.clone()
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

/// Records exactly as a schema-1 build wrote them (JSON written out by hand, not
/// today's types): an item with two versions in a story, and the log of that.
const V1_ITEM: &str =
    r#"{"id":"file:a.txt","first_seen":"2025-08-19T10:00:00Z","versions":2,"story":"story-1"}"#;
const V1_VERSION_1: &str = r#"{"item":"file:a.txt","number":1,"fetched_at":"2025-08-19T10:00:00Z","content_hash":"v1 hash 1","article":{"title":"Quake","published":null,"paragraphs":[{"kind":"paragraph","text":"The quake killed 12 people. Rescuers are searching."}]}}"#;
const V1_VERSION_2: &str = r#"{"item":"file:a.txt","number":2,"fetched_at":"2025-08-19T11:00:00Z","content_hash":"v1 hash 2","article":{"title":"Quake","published":null,"paragraphs":[{"kind":"paragraph","text":"The quake killed 15 people. Rescuers are searching."}]}}"#;
const V1_STORY: &str = r#"{"id":"story-1","title":"Quake","created_at":"2025-08-19T10:00:00Z","founded_by":"file:a.txt","items":["file:a.txt"],"sentences":[{"text":"The quake killed 12 people.","item":"file:a.txt","claim":"c1"},{"text":"Rescuers are searching.","item":"file:a.txt","claim":null},{"text":"The quake killed 15 people.","item":"file:a.txt","claim":"c2"}]}"#;
const V1_EVENTS: [&str; 4] = [
    r#"{"seq":1,"at":"2025-08-19T10:00:00Z","kind":"story_created","story":"story-1","item":"file:a.txt","title":"Quake"}"#,
    r#"{"seq":2,"at":"2025-08-19T10:00:00Z","kind":"claim","story":"story-1","item":"file:a.txt","claim":"c1","text":"The quake killed 12 people."}"#,
    r#"{"seq":3,"at":"2025-08-19T11:00:00Z","kind":"version_changed","item":"file:a.txt","version":2,"story":"story-1"}"#,
    r#"{"seq":4,"at":"2025-08-19T11:00:00Z","kind":"claim","story":"story-1","item":"file:a.txt","claim":"c2","text":"The quake killed 15 people."}"#,
];

#[test]
fn a_schema_1_store_is_migrated_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let item = ItemId("file:a.txt".into());
    let mut records: Vec<(&str, Vec<u8>, Vec<u8>)> = vec![
        ("meta", b"schema_version".to_vec(), encode(&1u64)),
        ("meta", b"next_seq".to_vec(), encode(&5u64)),
        ("meta", b"next_story".to_vec(), encode(&2u64)),
        ("meta", b"next_claim".to_vec(), encode(&3u64)),
        ("items", b"file:a.txt".to_vec(), V1_ITEM.into()),
        ("versions", version_key(&item, 1), V1_VERSION_1.into()),
        ("versions", version_key(&item, 2), V1_VERSION_2.into()),
        ("stories", b"story-1".to_vec(), V1_STORY.into()),
    ];
    for (seq, event) in V1_EVENTS.iter().enumerate() {
        records.push((
            "log",
            (seq as u64 + 1).to_be_bytes().to_vec(),
            event.as_bytes().to_vec(),
        ));
    }
    let borrowed: Vec<(&str, &[u8], Vec<u8>)> = records
        .iter()
        .map(|(t, k, v)| (*t, k.as_slice(), v.clone()))
        .collect();
    write_raw(dir.path(), &borrowed);

    let store = Store::open(dir.path()).unwrap();
    assert!(
        !compresses(dir.path()),
        "schema 1 stores were created uncompressed and stay so"
    );
    assert_eq!(
        store.get::<u64>(&store.meta, b"schema_version").unwrap(),
        Some(SCHEMA_VERSION)
    );
    // The story's items and sentences moved to their own trees, in order.
    let story = store.story(&StoryId("story-1".into())).unwrap().unwrap();
    assert_eq!(story.items, vec![item.clone()]);
    let texts: Vec<&str> = story.sentences.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "The quake killed 12 people.",
            "Rescuers are searching.",
            "The quake killed 15 people."
        ]
    );
    // The schema-1 version_changed event now says what changed.
    let events: Vec<Event> = store.events(1).map(Result::unwrap).collect();
    assert_eq!(events.len(), 4);
    match &events[2].body {
        EventBody::VersionChanged { added, removed, .. } => {
            assert_eq!(removed, &["The quake killed 12 people."]);
            assert_eq!(added, &["The quake killed 15 people."]);
        }
        other => panic!("expected version_changed, got {other:?}"),
    }
    // Hashes are recomputed: the same text arriving again is unchanged, and the next
    // edit continues the counters.
    let latest = store.version(&item, 2).unwrap().unwrap();
    assert_eq!(latest.content_hash, latest.article.content_hash());
    let again = Arrival {
        item: item.clone(),
        fetched_at: at(30),
        article: latest.article.clone(),
        based_on: 2,
        changes: Changes::default(),
        placement: Placement::Stay {
            story: story.id.clone(),
        },
        sentences: Vec::new(),
        repeats: Vec::new(),
        withdrawn: Vec::new(),
    };
    assert!(store.record(&again).unwrap().is_empty());
    let edit = arrival(
        "file:a.txt",
        "The quake killed 17 people.",
        2,
        Placement::Stay { story: story.id },
    );
    let written = store.record(&edit).unwrap();
    assert_eq!(written.first().map(|e| e.seq), Some(5));
    assert!(written
        .iter()
        .any(|e| matches!(&e.body, EventBody::Claim { claim, .. } if claim.0 == "c3")));
}

/// sled 0.34 decompresses every log message it replays on open, one zstd context each:
/// a store written compressed took minutes to open after a long run (`history_bench`).
#[test]
fn a_new_store_is_not_compressed_and_one_created_compressed_stays_readable() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let story = Placement::NewStory {
        title: "Quake".into(),
    };
    store
        .record(&arrival("file:a", "First report of 12 people.", 0, story))
        .unwrap();
    drop(store);
    let conf = std::fs::read(dir.path().join("sled").join("conf")).unwrap();
    assert!(
        String::from_utf8_lossy(&conf).contains("use_compression: false"),
        "a new store is written uncompressed"
    );
    assert!(!compresses(dir.path()));

    // A store from a build that compressed: sled refuses to open it with another
    // setting, so it is opened compressed, and reads and takes writes as before.
    let old = tempfile::tempdir().unwrap();
    let db = sled::Config::new()
        .path(old.path().join("sled"))
        .use_compression(true)
        .open()
        .unwrap();
    db.open_tree("meta")
        .unwrap()
        .insert("schema_version", encode(&SCHEMA_VERSION))
        .unwrap();
    db.flush().unwrap();
    drop(db);
    assert!(compresses(old.path()));
    let store = Store::open(old.path()).unwrap();
    let story = Placement::NewStory {
        title: "Flood".into(),
    };
    let events = store
        .record(&arrival("file:b", "Rivers rose by 3 metres.", 0, story))
        .unwrap();
    drop(store);
    let store = Store::open(old.path()).unwrap();
    assert_eq!(store.last_seq().unwrap(), events.last().unwrap().seq);
    assert_eq!(store.stories().unwrap().len(), 1);
    assert!(compresses(old.path()));
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
                kind: crate::model::ItemKind::Update,
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
fn what_a_story_gained_is_read_from_where_the_reader_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let story = record_titled_story(
        &store,
        &[
            ("file:a", "Quake hits the coast"),
            ("file:b", "Quake toll rises"),
            ("file:c", "Rescuers reach the coast"),
        ],
    );
    // Nine more stories: `story-10`'s records come right after `story-1`'s.
    for n in 2..=10 {
        let item = format!("file:other-{n}");
        record_titled_story(&store, &[(item.as_str(), "Another story")]);
    }
    let whole = store.story(&story).unwrap().unwrap();
    assert_eq!(story.0, "story-1");
    let later = store.story_after(&story, 1, 1).unwrap().unwrap();
    assert_eq!(later.items, whole.items[1..]);
    assert_eq!(later.sentences, whole.sentences[1..]);
    let headlines_after_a: std::collections::BTreeMap<ItemId, String> = whole
        .headlines
        .iter()
        .filter(|(item, _)| item.0 != "file:a")
        .map(|(item, h)| (item.clone(), h.clone()))
        .collect();
    assert_eq!(later.headlines, headlines_after_a);
    assert_eq!(
        (&later.title, &later.founded_by, later.last_date),
        (&whole.title, &whole.founded_by, whole.last_date)
    );
    // A new version's sentences come after the story's others: read from there.
    let mut edit = arrival(
        "file:b",
        "What file:b says now.",
        1,
        Placement::Stay {
            story: story.clone(),
        },
    );
    edit.article.title = Some("Quake toll rises".into());
    store.record(&edit).unwrap();
    let later = store.story_after(&story, 3, 3).unwrap().unwrap();
    assert!(later.items.is_empty() && later.headlines.is_empty());
    let texts: Vec<&str> = later.sentences.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(texts, ["What file:b says now."]);
    // A reader that holds more than the store, or a story the store does not hold.
    assert!(store.story_after(&story, 4, 0).unwrap().is_none());
    assert!(store.story_after(&story, 0, 5).unwrap().is_none());
    let unknown = StoryId("story-99".into());
    assert!(store.story_after(&unknown, 0, 0).unwrap().is_none());
}

#[test]
fn each_item_keeps_its_headline_in_its_story_through_export_and_import() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("a")).unwrap();
    let story = &record_titled_story(
        &store,
        &[
            ("file:a", "Fire at the Waitrose in Wellington"),
            ("file:b", " Man charged with arson "),
            ("file:c", "  "),
        ],
    );
    // A new version of b, retitled, stays in the story: its headline is the one it joined
    // with.
    store
        .record(&titled_arrival(
            "file:b",
            "Arson suspect in court",
            1,
            Placement::Stay {
                story: story.clone(),
            },
        ))
        .unwrap();
    let held = store.story(story).unwrap().unwrap();
    let headlines: Vec<(&str, &str)> = held
        .headlines
        .iter()
        .map(|(item, h)| (item.0.as_str(), h.as_str()))
        .collect();
    assert_eq!(
        headlines,
        vec![
            ("file:a", "Fire at the Waitrose in Wellington"),
            ("file:b", "Man charged with arson"),
        ]
    );

    let mut export = Vec::new();
    store.export(&mut export).unwrap();
    let copy = Store::open(&dir.path().join("b")).unwrap();
    copy.import(&export[..]).unwrap();
    assert_eq!(copy.story(story).unwrap().unwrap(), held);
    let mut again = Vec::new();
    copy.export(&mut again).unwrap();
    assert_eq!(String::from_utf8(again), String::from_utf8(export.clone()));
    // An export from before headlines were kept: its items get them from their first
    // versions.
    let old_export: Vec<String> = String::from_utf8(export)
        .unwrap()
        .lines()
        .map(|line| {
            let mut record: serde_json::Value = serde_json::from_str(line).unwrap();
            if let Some(value) = record.get_mut("value").and_then(|v| v.as_object_mut()) {
                value.remove("headline");
            }
            record.to_string()
        })
        .collect();
    assert!(!old_export.join("\n").contains("headline"));
    let old = Store::open(&dir.path().join("c")).unwrap();
    old.import(old_export.join("\n").as_bytes()).unwrap();
    assert_eq!(old.story(story).unwrap().unwrap(), held);
}

#[test]
fn a_store_written_before_headlines_were_kept_gets_them_from_first_versions() {
    let dir = tempfile::tempdir().unwrap();
    let story = {
        let store = Store::open(dir.path()).unwrap();
        let story = record_titled_story(
            &store,
            &[
                ("file:a", "Fire at the Waitrose"),
                ("file:b", "Man charged with arson"),
            ],
        );
        // As a build that kept no headlines left it.
        store.story_headlines.clear().unwrap();
        store.meta.remove(HEADLINES_KEPT).unwrap();
        story
    };
    let store = Store::open(dir.path()).unwrap();
    let held = store.story(&story).unwrap().unwrap();
    let headlines: Vec<&str> = held.headlines.values().map(String::as_str).collect();
    assert_eq!(
        headlines,
        vec!["Fire at the Waitrose", "Man charged with arson"]
    );
    // The fill runs once, not at every open (it reads every story item).
    store.story_headlines.clear().unwrap();
    drop(store);
    let store = Store::open(dir.path()).unwrap();
    assert!(store.story(&story).unwrap().unwrap().headlines.is_empty());
}

#[test]
fn a_declared_story_keeps_its_id_and_survives_export_and_import() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("a")).unwrap();
    let declared = StoryId("quake-2025".into());
    let founded = store
        .record(&arrival(
            "seed:quake-2025/a.txt",
            "First report of 12 people.",
            0,
            Placement::Declared {
                story: declared.clone(),
                title: "The quake".into(),
            },
        ))
        .unwrap();
    assert!(matches!(
        &founded[0].body,
        EventBody::StoryCreated { story, declared: true, .. } if *story == declared
    ));
    // Declaring it again (another writer got there first) is stale: prepare it again.
    let again = store.record(&arrival(
        "seed:quake-2025/b.txt",
        "Second report of 15 people.",
        0,
        Placement::Declared {
            story: declared.clone(),
            title: "The quake".into(),
        },
    ));
    assert!(matches!(again, Err(StoreError::Stale { .. })), "{again:?}");
    // A discovered story is numbered as before, and is not declared.
    let other = store
        .record(&arrival(
            "file:c",
            "Another story of 3 boats.",
            0,
            Placement::NewStory {
                title: "Boats".into(),
            },
        ))
        .unwrap();
    assert!(matches!(
        &other[0].body,
        EventBody::StoryCreated { story, declared: false, .. } if story.0 == "story-1"
    ));
    let held = store.story(&declared).unwrap().unwrap();
    assert!(held.declared);
    assert_eq!(held.title, "The quake");
    assert!(
        !store
            .story(&StoryId("story-1".into()))
            .unwrap()
            .unwrap()
            .declared
    );

    let mut export = Vec::new();
    store.export(&mut export).unwrap();
    let copy = Store::open(&dir.path().join("b")).unwrap();
    copy.import(&export[..]).unwrap();
    assert!(copy.story(&declared).unwrap().unwrap().declared);
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
    let item = store.item(&ItemId("file:a".into())).unwrap().unwrap();
    assert_eq!(item.suspect_seen, 2, "the second fetch is counted");
    assert_eq!(store.versions(&item.id).unwrap().len(), 1);
    // Once the page came back whole, the same broken text is a new incident.
    store.clear_suspect(&item.id).unwrap();
    assert_eq!(store.record_suspect(&suspect).unwrap().len(), 1);
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
        seen: vec!["guid-2".into(), "guid-1".into()],
        ..FeedState::default()
    };
    let watch = ArticleWatch {
        item: ItemId("https://example.org/a".into()),
        url: "https://example.org/a?utm_source=x".into(),
        feed: feed.url.clone(),
        first_seen: at(1),
        refetches: 1,
        next_due: at(6),
        etag: None,
        last_modified: None,
    };
    {
        let store = Store::open(dir.path()).unwrap();
        let events = store
            .record_feed(
                &feed,
                vec![EventBody::FeedRecovered {
                    feed: feed.url.clone(),
                    failures: 3,
                }],
                at(1),
            )
            .unwrap();
        assert_eq!(events[0].seq, 1);
        store.put_watch(&watch).unwrap();
        store.flush().unwrap();
    }
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.feed(&feed.url).unwrap(), Some(feed.clone()));
    assert_eq!(store.feeds().unwrap(), vec![feed]);
    assert_eq!(store.stats().unwrap().feeds, 1);
    assert_eq!(store.watches().unwrap(), vec![watch.clone()]);
    store.remove_watch(&watch.item).unwrap();
    assert!(store.watches().unwrap().is_empty());
    let events: Vec<_> = store.events(1).collect::<Result<_, _>>().unwrap();
    assert!(matches!(
        events[0].body,
        EventBody::FeedRecovered { failures: 3, .. }
    ));
}

#[test]
fn a_counter_behind_the_log_stops_the_write_instead_of_overwriting_an_event() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = Store::open(dir.path()).unwrap();
        store
            .record(&arrival(
                "file:a",
                "One.",
                0,
                Placement::Unmatched {
                    closest: None,
                    score: 0.0,
                },
            ))
            .unwrap();
    }
    write_raw(dir.path(), &[("meta", b"next_seq", encode(&1u64))]);
    let store = Store::open(dir.path()).unwrap();
    let err = store
        .record(&arrival(
            "file:b",
            "Two.",
            0,
            Placement::Unmatched {
                closest: None,
                score: 0.0,
            },
        ))
        .unwrap_err();
    assert!(matches!(err, StoreError::Damaged { .. }), "{err}");
    assert!(err.to_string().contains(&dir.path().display().to_string()));
    let events: Vec<Event> = store.events(1).map(Result::unwrap).collect();
    assert_eq!(events.len(), 1);
    assert!(matches!(&events[0].body, EventBody::ItemUnmatched { item, .. } if item.0 == "file:a"));
}

#[test]
fn due_watches_come_from_the_due_time_index_and_follow_rescheduling() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let at = |hour: i64| at(0) + chrono::Duration::hours(hour);
    let watch = |name: &str, due: i64| ArticleWatch {
        item: ItemId(format!("https://example.org/{name}")),
        url: format!("https://example.org/{name}"),
        feed: "https://example.org/feed.xml".into(),
        first_seen: at(0),
        refetches: 0,
        next_due: at(due),
        etag: None,
        last_modified: None,
    };
    store.put_watch(&watch("late", 72)).unwrap();
    store.put_watch(&watch("soon", 1)).unwrap();
    store.put_watch(&watch("mid", 6)).unwrap();
    let due = |h: i64| -> Vec<String> {
        store
            .due_watches(at(h))
            .unwrap()
            .into_iter()
            .map(|w| w.item.0)
            .collect()
    };
    assert!(due(0).is_empty());
    assert_eq!(
        due(6),
        ["https://example.org/soon"],
        "due strictly before now"
    );
    assert_eq!(
        due(7),
        ["https://example.org/soon", "https://example.org/mid"]
    );
    // Rescheduled: the old due time no longer lists it.
    store.put_watch(&watch("soon", 24)).unwrap();
    assert_eq!(due(7), ["https://example.org/mid"]);
    store
        .remove_watch(&ItemId("https://example.org/mid".into()))
        .unwrap();
    assert!(due(7).is_empty());
    assert_eq!(due(100).len(), 2);
}

#[test]
fn an_event_written_with_an_earlier_clock_is_never_dated_before_the_one_before_it() {
    // Writers' clocks race (two feeds recording at once; a replayed stream behind the
    // store): the log's times never go back, across a restart too, so `log --since`
    // misses nothing.
    let dir = tempfile::tempdir().unwrap();
    let recovered = |n| EventBody::FeedRecovered {
        feed: "http://example.org/feed".to_string(),
        failures: n,
    };
    {
        let store = Store::open(dir.path()).unwrap();
        assert_eq!(store.log_event(recovered(1), at(5)).unwrap().at, at(5));
        assert_eq!(store.log_event(recovered(2), at(3)).unwrap().at, at(5));
        store.flush().unwrap();
    }
    let store = Store::open(dir.path()).unwrap();
    let founded = store
        .record(&arrival(
            "file:a",
            "Troops were sent to the border on Monday.",
            0,
            Placement::NewStory {
                title: "Troops".into(),
            },
        ))
        .unwrap();
    assert!(founded.iter().all(|e| e.at == at(5)), "{founded:?}");
    let created = store.stories().unwrap().pop().expect("a story was founded");
    assert_eq!(
        created.created_at,
        at(5),
        "the story is created when its event is"
    );
    assert_eq!(store.log_event(recovered(3), at(7)).unwrap().at, at(7));
}

#[test]
fn each_story_reads_its_own_events_and_summary_through_the_index_even_after_an_upgrade() {
    let dir = tempfile::tempdir().unwrap();
    let new_story = |title: &str| Placement::NewStory {
        title: title.into(),
    };
    let (quake, fire) = {
        let store = Store::open(dir.path()).unwrap();
        let quake = store
            .record(&arrival(
                "file:a",
                "The quake killed 12 people.",
                0,
                new_story("Quake"),
            ))
            .unwrap()[0]
            .body
            .story()
            .cloned()
            .unwrap();
        let fire = store
            .record(&arrival(
                "file:b",
                "A fire destroyed 3 homes.",
                0,
                new_story("Fire"),
            ))
            .unwrap()[0]
            .body
            .story()
            .cloned()
            .unwrap();
        let joined = Placement::Join {
            story: quake.clone(),
            score: 0.8,
            kind: crate::model::ItemKind::Update,
        };
        store
            .record(&arrival("file:c", "The quake killed 15 people.", 0, joined))
            .unwrap();
        store.flush().unwrap();
        (quake, fire)
    };
    let check = |store: &Store| {
        let all: Vec<Event> = store.events(1).map(Result::unwrap).collect();
        for story in [&quake, &fire] {
            let indexed: Vec<Event> = store.story_events(story, 1).map(Result::unwrap).collect();
            let scanned: Vec<Event> = all
                .iter()
                .filter(|e| e.body.story() == Some(story))
                .cloned()
                .collect();
            assert_eq!(indexed, scanned, "{story:?}");
            let latest: Vec<Event> = store
                .story_events(story, 1)
                .rev()
                .map(Result::unwrap)
                .collect();
            assert_eq!(latest.first(), scanned.last());
        }
        let stats = store.story_stats().unwrap();
        let listed: Vec<(&str, usize, usize)> = stats
            .iter()
            .map(|s| (s.title.as_str(), s.items, s.claims))
            .collect();
        assert_eq!(listed, [("Quake", 2, 2), ("Fire", 1, 1)]);
        assert_eq!(stats[0].last_event_at, all.last().unwrap().at);
    };
    check(&Store::open(dir.path()).unwrap());
    // A store written before the index: it is built when the store opens.
    {
        let store = Store::open(dir.path()).unwrap();
        store.story_events.clear().unwrap();
        store.story_stats.clear().unwrap();
        store.meta.remove(b"story_index_upto").unwrap();
        store.flush().unwrap();
    }
    check(&Store::open(dir.path()).unwrap());
}

#[test]
fn flushes_from_several_threads_at_once_all_succeed_and_the_mark_rises() {
    // The daemon's timer and each webhook flush whenever they need to.
    let dir = tempfile::tempdir().unwrap();
    let store = std::sync::Arc::new(Store::open(dir.path()).unwrap());
    let threads: Vec<_> = (0..4)
        .map(|n| {
            let store = std::sync::Arc::clone(&store);
            std::thread::spawn(move || {
                for k in 0..50 {
                    let body = EventBody::FeedRecovered {
                        feed: format!("http://example.org/{n}"),
                        failures: k,
                    };
                    store.log_event(body, at(1)).unwrap();
                    store.flush().unwrap();
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
    assert_eq!(store.flush().unwrap(), 200);
    assert_eq!(store.flushed_mark(), Some(200));
}
