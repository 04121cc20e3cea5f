//! `storywatch replay --jsonl`: a JSON Lines stream replayed with its own ids and times.

mod common;

use common::*;
use std::collections::BTreeMap;

const STREAM: &str = r#"{"id": "quake-1", "time": "2024-03-04T08:00:00Z", "title": "Earthquake kills 12 in Izmir", "text": "A magnitude 6.4 earthquake struck near the city of Izmir in western Turkey on Sunday, killing at least 12 people, the disaster agency AFAD said.\nRescue teams from Ankara were searching collapsed buildings in the Bayrakli district of Izmir.\n\nInterior Minister Ali Yerlikaya said 300 people had been injured in Izmir.", "url": "https://example.org/quake-1"}
{"id": "bank-1", "time": "2024-03-04T09:30:00+01:00", "title": "ECB holds rates", "text": "The European Central Bank kept interest rates unchanged on Thursday, President Christine Lagarde told reporters in Frankfurt.\nLagarde said inflation in the euro zone was expected to ease to 2.1 percent next year as energy prices fall."}
this line is not JSON
{"id": "quake-2", "time": null, "title": "Izmir earthquake toll rises to 27", "text": "The death toll from the magnitude 6.4 earthquake in Izmir rose to 27 on Monday, the disaster agency AFAD said.\nRescue teams from Ankara kept searching collapsed buildings in the Bayrakli district of Izmir, Interior Minister Ali Yerlikaya said."}
{"id": "bank-2", "time": "2024-03-05", "title": "", "text": "European Central Bank President Christine Lagarde said in Frankfurt that interest rates would stay unchanged while inflation in the euro zone eases to 2.1 percent."}
"#;

#[test]
fn a_jsonl_stream_is_recorded_under_its_ids_at_its_times() {
    let tmp = tempfile::tempdir().unwrap();
    let stream = tmp.path().join("stream.jsonl");
    std::fs::write(&stream, STREAM).unwrap();
    let store = tmp.path().join("store");
    let out = storywatch(&["replay", "--jsonl", path(&stream), "--store", path(&store)]);
    // The bad line is reported with its number and skipped; the rest are recorded.
    assert!(!out.status.success());
    assert!(stderr(&out).contains("line 3"), "{}", stderr(&out));

    let log = json_log(&store);
    let mut story_of: BTreeMap<&str, &str> = BTreeMap::new();
    let mut at_of: BTreeMap<&str, &str> = BTreeMap::new();
    for e in &log {
        let item = e["item"].as_str().unwrap();
        at_of.entry(item).or_insert(e["at"].as_str().unwrap());
        if e["kind"] == "story_created" || e["kind"] == "item_linked" {
            story_of.insert(item, e["story"].as_str().unwrap());
        }
    }
    assert_eq!(
        story_of.keys().copied().collect::<Vec<_>>(),
        ["bank-1", "bank-2", "quake-1", "quake-2"],
        "{log:#?}"
    );
    // Two stories: the quake reports together, the bank reports together.
    assert_eq!(story_of["quake-1"], story_of["quake-2"], "{log:#?}");
    assert_eq!(story_of["bank-1"], story_of["bank-2"], "{log:#?}");
    assert_ne!(story_of["quake-1"], story_of["bank-1"]);
    assert_eq!(events_of_kind(&log, "story_created").len(), 2);

    // Each item's time is the clock; a null time is the previous item's.
    let at = |item: &str| chrono::DateTime::parse_from_rfc3339(at_of[item]).unwrap();
    let t = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap();
    assert_eq!(at("quake-1"), t("2024-03-04T08:00:00Z"));
    assert_eq!(at("bank-1"), t("2024-03-04T08:30:00Z"));
    assert_eq!(at("quake-2"), t("2024-03-04T08:30:00Z"));
    assert_eq!(at("bank-2"), t("2024-03-05T00:00:00Z"));
}

#[test]
fn replaying_a_stream_twice_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let stream = tmp.path().join("stream.jsonl");
    let good: String = STREAM
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&stream, good).unwrap();
    let store = tmp.path().join("store");
    let first = storywatch(&["replay", "--jsonl", path(&stream), "--store", path(&store)]);
    assert!(first.status.success(), "{}", stderr(&first));
    let log = json_log(&store);
    let again = storywatch(&["replay", "--jsonl", path(&stream), "--store", path(&store)]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(stdout(&again).matches("unchanged").count(), 4);
    assert_eq!(json_log(&store), log);
}
