//! `storywatch export` and `storywatch import`: a store moved through JSON Lines comes
//! back whole, and a bad export is refused with the line that is wrong.

mod common;

use common::*;
use std::path::Path;
use storywatch::model::{ArticleWatch, FeedState, ItemId};
use storywatch::store::Store;

fn export(store: &Path) -> String {
    let out = storywatch(&["export", "--store", path(store)]);
    assert!(out.status.success(), "export failed: {}", stderr(&out));
    stdout(&out)
}

fn import(file: &Path, store: &Path) -> std::process::Output {
    storywatch(&["import", path(file), "--store", path(store)])
}

/// A store with a story, claims and an edited item (so versions and diffs too).
fn populated_store(tmp: &Path) -> std::path::PathBuf {
    let corpus = tmp.join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    for entry in std::fs::read_dir(seeds_dir()).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), corpus.join(entry.file_name())).unwrap();
    }
    let store = tmp.join("store");
    replay(&corpus, &store);
    let edited = corpus.join("004_3622f00dcd344a76.txt");
    let mut text = std::fs::read_to_string(&edited).unwrap();
    text.push_str("\nPolish President Karol Nawrocki said on August 29 that Poland would host a logistics hub for the force.\n");
    std::fs::write(&edited, text).unwrap();
    replay(&corpus, &store);
    store
}

#[test]
fn an_imported_export_exports_the_same_bytes_and_carries_on() {
    let tmp = tempfile::tempdir().unwrap();
    let original = populated_store(tmp.path());
    // Polling state and a suspect page travel too.
    {
        let store = Store::open(&original).unwrap();
        store
            .put_feed(&FeedState {
                url: "https://example.org/feed.xml".into(),
                etag: Some("\"e1\"".into()),
                last_modified: None,
                last_polled: None,
                next_due: None,
                consecutive_failures: 3,
                last_error: Some("HTTP 503".into()),
                seen: vec!["entry-1".into()],
                ..FeedState::default()
            })
            .unwrap();
        store
            .put_watch(&ArticleWatch {
                item: ItemId("https://example.org/a".into()),
                url: "https://example.org/a".into(),
                feed: "https://example.org/feed.xml".into(),
                first_seen: chrono::Utc::now(),
                refetches: 0,
                next_due: chrono::Utc::now(),
                etag: Some("\"p1\"".into()),
                last_modified: None,
            })
            .unwrap();
    }
    let stub_corpus = tmp.path().join("stub");
    std::fs::create_dir(&stub_corpus).unwrap();
    let seed = "003_777be51a4515d054.txt";
    let text = std::fs::read_to_string(seeds_dir().join(seed)).unwrap();
    let stub: Vec<&str> = text.lines().take(6).collect();
    std::fs::write(stub_corpus.join(seed), stub.join("\n")).unwrap();
    replay(&stub_corpus, &original);

    let exported = export(&original);
    assert!(
        exported.contains("\"suspect_hash\""),
        "the suspect state is exported"
    );
    let kinds: Vec<String> = exported
        .lines()
        .skip(1)
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["record"].as_str().unwrap().to_string()
        })
        .collect();
    for kind in [
        "counter",
        "item",
        "version",
        "story",
        "story_item",
        "story_sentence",
        "claim",
        "event",
    ] {
        assert!(
            kinds.iter().any(|k| k == kind),
            "the export holds {kind} records"
        );
    }

    let file = tmp.path().join("export.jsonl");
    std::fs::write(&file, &exported).unwrap();
    let copy = tmp.path().join("copy");
    let out = import(&file, &copy);
    assert!(out.status.success(), "import failed: {}", stderr(&out));
    assert!(stdout(&out).contains("imported"), "{}", stdout(&out));

    assert_eq!(export(&copy), exported, "a round trip changes nothing");
    assert_eq!(json_log(&copy), json_log(&original));

    // The copy is a working store: the same corpus replays as unchanged, and new
    // events continue the sequence without a gap.
    let out = replay(&tmp.path().join("corpus"), &copy);
    assert_eq!(
        stdout(&out).matches("unchanged").count(),
        5,
        "{}",
        stdout(&out)
    );
    let extra = tmp.path().join("extra");
    std::fs::create_dir(&extra).unwrap();
    std::fs::write(
        extra.join("005.txt"),
        "Ukraine security guarantees: US offers air defense\n\nThe United States will provide air defense and intelligence for Ukraine's security guarantees, US officials said, as European troops prepare a reassurance force of 10,000 soldiers.\n",
    )
    .unwrap();
    replay(&extra, &copy);
    let log = json_log(&copy);
    for (i, event) in log.iter().enumerate() {
        assert_eq!(event["seq"], i as u64 + 1);
    }
    assert!(log.len() > json_log(&original).len());
}

#[test]
fn import_refuses_a_store_that_holds_records() {
    let tmp = tempfile::tempdir().unwrap();
    let store = populated_store(tmp.path());
    let file = tmp.path().join("export.jsonl");
    std::fs::write(&file, export(&store)).unwrap();
    let before = export(&store);
    let out = import(&file, &store);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("already holds records"),
        "{}",
        stderr(&out)
    );
    assert_eq!(export(&store), before, "the store is untouched");
}

#[test]
fn a_bad_export_is_refused_with_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    let store = populated_store(tmp.path());
    let exported = export(&store);

    let mut lines: Vec<&str> = exported.lines().collect();
    lines[3] = "{\"record\": \"item\", \"value\": {\"id\": 42}}";
    let broken = tmp.path().join("broken.jsonl");
    std::fs::write(&broken, lines.join("\n")).unwrap();
    let out = import(&broken, &tmp.path().join("a"));
    assert!(!out.status.success());
    assert!(stderr(&out).contains("line 4"), "{}", stderr(&out));

    let future = tmp.path().join("future.jsonl");
    std::fs::write(
        &future,
        exported.replacen("\"schema_version\":2", "\"schema_version\":99", 1),
    )
    .unwrap();
    let out = import(&future, &tmp.path().join("b"));
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("line 1") && err.contains("schema 99"), "{err}");

    let not_an_export = tmp.path().join("feed.xml");
    std::fs::write(&not_an_export, "<rss version=\"2.0\"></rss>").unwrap();
    let out = import(&not_an_export, &tmp.path().join("c"));
    assert!(!out.status.success());
    assert!(stderr(&out).contains("line 1"), "{}", stderr(&out));
}

#[test]
fn stats_counts_what_the_store_holds() {
    let tmp = tempfile::tempdir().unwrap();
    let store = populated_store(tmp.path());
    let out = storywatch(&["stats", "--json", "--store", path(&store)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let stats: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(stats["items"], 5);
    assert_eq!(stats["versions"], 6, "five files, one edited once");
    assert_eq!(stats["stories"], 1);
    let log = json_log(&store);
    assert_eq!(stats["events"], log.len());
    assert_eq!(stats["claims"], events_of_kind(&log, "claim").len());
    assert!(stats["bytes_on_disk"].as_u64().unwrap() > 0);
}

#[test]
fn an_export_without_counters_still_never_reuses_a_number() {
    let tmp = tempfile::tempdir().unwrap();
    let store = populated_store(tmp.path());
    let last_seq = json_log(&store).len() as u64;
    let exported = export(&store);
    let without: Vec<&str> = exported
        .lines()
        .filter(|l| !l.contains("\"record\":\"counter\""))
        .collect();
    assert!(
        without.len() < exported.lines().count(),
        "counters were removed"
    );
    let file = tmp.path().join("no-counters.jsonl");
    std::fs::write(&file, without.join("\n")).unwrap();
    let copy = tmp.path().join("copy");
    assert!(import(&file, &copy).status.success());

    let extra = tmp.path().join("extra");
    std::fs::create_dir(&extra).unwrap();
    std::fs::write(
        extra.join("005.txt"),
        "US offers air defense for Ukraine\n\nThe United States will provide air defense and intelligence for Ukraine's security guarantees, and Poland will host a logistics hub of 2,000 soldiers, officials said on August 30.\n",
    )
    .unwrap();
    replay(&extra, &copy);
    let log = json_log(&copy);
    for (i, event) in log.iter().enumerate() {
        assert_eq!(
            event["seq"],
            i as u64 + 1,
            "no event overwritten or skipped"
        );
    }
    assert!(log.len() as u64 > last_seq);
    let claims: Vec<&str> = events_of_kind(&log, "claim")
        .iter()
        .map(|c| c["claim"].as_str().unwrap())
        .collect();
    let mut unique = claims.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), claims.len(), "claim ids are never reused");
}

#[test]
fn an_import_that_stops_leaves_a_store_that_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let store = populated_store(tmp.path());
    let exported = export(&store);
    let mut lines: Vec<&str> = exported.lines().collect();
    let middle = lines.len() / 2;
    lines[middle] = "{\"record\": \"nonsense\"}";
    let file = tmp.path().join("broken.jsonl");
    std::fs::write(&file, lines.join("\n")).unwrap();
    let partial = tmp.path().join("partial");
    let out = import(&file, &partial);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains(&format!("line {}", middle + 1)),
        "{}",
        stderr(&out)
    );
    for command in ["log", "replay"] {
        let out = if command == "replay" {
            storywatch(&["replay", path(&seeds_dir()), "--store", path(&partial)])
        } else {
            storywatch(&[command, "--store", path(&partial)])
        };
        assert!(
            !out.status.success(),
            "{command} must refuse a half-imported store"
        );
        assert!(stderr(&out).contains("did not finish"), "{}", stderr(&out));
    }
}

#[test]
fn an_empty_store_round_trips() {
    let tmp = tempfile::tempdir().unwrap();
    let empty = tmp.path().join("empty");
    Store::open(&empty).unwrap();
    let exported = export(&empty);
    assert_eq!(
        exported.lines().count(),
        4,
        "the header and three counters: {exported}"
    );
    let file = tmp.path().join("empty.jsonl");
    std::fs::write(&file, &exported).unwrap();
    let copy = tmp.path().join("copy");
    assert!(import(&file, &copy).status.success());
    assert_eq!(export(&copy), exported);
}
