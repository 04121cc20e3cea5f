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

/// Two offers of Western security guarantees for Ukraine, two years apart: the same
/// topic, the same words, another story. And a follow-up a week later, which is the same story.
const TWO_YEARS_APART: &str = r#"{"id": "offer-2024", "time": "2024-08-19T09:00:00Z", "title": "Allies offer Ukraine security guarantees", "text": "European leaders offered Ukraine security guarantees on Monday, promising air defence and training for its armed forces, officials in Brussels said.\nThe guarantees would be backed by a coalition of European countries, the officials said."}
{"id": "offer-2024-followup", "time": "2024-08-26T09:00:00Z", "title": "Ukraine welcomes guarantees", "text": "Ukraine welcomed the security guarantees European leaders offered last week, which promise air defence and training for its armed forces, officials in Brussels said."}
{"id": "offer-2026", "time": "2026-08-17T09:00:00Z", "title": "Allies offer Ukraine security guarantees", "text": "European leaders offered Ukraine security guarantees on Monday, promising air defence and training for its armed forces, officials in Brussels said.\nThe guarantees would be backed by a coalition of European countries, the officials said."}
{"id": "undated", "time": null, "title": "Ukraine security guarantees", "text": "European leaders offered Ukraine security guarantees, promising air defence and training for its armed forces, officials in Brussels said."}
"#;

#[test]
fn a_story_goes_quiet_and_the_same_news_two_years_later_is_another_story() {
    let tmp = tempfile::tempdir().unwrap();
    let stream = tmp.path().join("stream.jsonl");
    std::fs::write(&stream, TWO_YEARS_APART).unwrap();
    let store = tmp.path().join("store");
    let out = storywatch(&["replay", "--jsonl", path(&stream), "--store", path(&store)]);
    assert!(out.status.success(), "{}", stderr(&out));

    let log = json_log(&store);
    let mut story_of: BTreeMap<&str, &str> = BTreeMap::new();
    for e in &log {
        if e["kind"] == "story_created" || e["kind"] == "item_linked" {
            story_of.insert(e["item"].as_str().unwrap(), e["story"].as_str().unwrap());
        }
    }
    // A week later: the same story. Two years later, word for word: a new one, because
    // the first went quiet (the default window is 365 days).
    assert_eq!(story_of["offer-2024"], story_of["offer-2024-followup"]);
    assert_ne!(story_of["offer-2024"], story_of["offer-2026"], "{log:#?}");
    // An undated item is never held apart by time: it joins one of them.
    assert!(
        [story_of["offer-2024"], story_of["offer-2026"]].contains(&story_of["undated"]),
        "{log:#?}"
    );

    // The stories keep the dates of their dated items.
    let opened = storywatch::store::Store::open_existing(&store).unwrap();
    let first = opened
        .story(&storywatch::model::StoryId(story_of["offer-2024"].into()))
        .unwrap()
        .unwrap();
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    assert_eq!(first.first_date, Some(day("2024-08-19")));
    assert_eq!(first.last_date, Some(day("2024-08-26")));
}

/// The same offer reported again two months later.
const TWO_MONTHS_APART: &str = r#"{"id": "offer", "time": "2024-08-19T09:00:00Z", "title": "Allies offer Ukraine security guarantees", "text": "European leaders offered Ukraine security guarantees on Monday, promising air defence and training for its armed forces, officials in Brussels said."}
{"id": "offer-again", "time": "2024-10-18T09:00:00Z", "title": "Allies offer Ukraine security guarantees", "text": "European leaders offered Ukraine security guarantees, promising air defence and training for its armed forces, officials in Brussels said."}
"#;

#[test]
fn a_shorter_quiet_window_in_the_config_closes_the_story_sooner() {
    let stories_with = |config: Option<&str>| {
        let tmp = tempfile::tempdir().unwrap();
        let stream = tmp.path().join("stream.jsonl");
        std::fs::write(&stream, TWO_MONTHS_APART).unwrap();
        let store = tmp.path().join("store");
        let config_path = tmp.path().join("storywatch.toml");
        let mut args = vec![];
        if let Some(config) = config {
            std::fs::write(&config_path, config).unwrap();
            args.extend(["--config", path(&config_path)]);
        }
        args.extend(["replay", "--jsonl", path(&stream), "--store", path(&store)]);
        let out = storywatch(&args);
        assert!(out.status.success(), "{}", stderr(&out));
        events_of_kind(&json_log(&store), "story_created").len()
    };
    assert_eq!(stories_with(None), 1, "two months later: the same story");
    let thirty_days = Some("[matcher]\nquiet_after = \"30d\"\n");
    assert_eq!(stories_with(thirty_days), 2, "quiet after 30 days: another");
}

/// An item with `time: null` is dated by the dateline in its text; an item's own time
/// outranks its dateline.
/// A store (in its temporary directory) that `stream` was replayed into, in process.
fn replayed(stream: &str) -> (tempfile::TempDir, storywatch::store::Store) {
    use storywatch::replay;
    let tmp = tempfile::tempdir().unwrap();
    let store = storywatch::store::Store::open(&tmp.path().join("store")).unwrap();
    let matching = storywatch::pipeline::Matching::new(Default::default());
    replay::replay_jsonl(
        stream.as_bytes(),
        &store,
        &matching,
        chrono::Utc::now,
        |_, _, _| {},
    )
    .unwrap();
    (tmp, store)
}

#[test]
fn an_untimed_item_keeps_the_date_in_its_text() {
    use storywatch::model::ItemId;
    let stream = r#"{"id": "timed", "time": "2013-03-14T10:00:00Z", "title": "", "text": "Published on: Fri, 11 Nov 2011 at 09: 56 IST\nA magnitude 6.4 earthquake struck near the city of Izmir on Sunday, the agency said."}
{"id": "untimed", "time": null, "title": "", "text": "PUBLISHED: WEDNESDAY, MARCH 13, 2013, 12: 38 AM\nUPDATED: WEDNESDAY, MARCH 13, 2013, 2: 30 AM\nThe council approved the new budget for the city's schools after a long debate, officials said."}
"#;
    let (_tmp, store) = replayed(stream);
    let published = |id: &str| {
        let version = store.version(&ItemId(id.to_string()), 1).unwrap().unwrap();
        version.article.published
    };
    let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d);
    assert_eq!(published("timed"), day(2013, 3, 14));
    assert_eq!(published("untimed"), day(2013, 3, 13));
}

#[test]
fn a_publication_date_in_the_future_is_no_date() {
    use storywatch::model::ItemId;
    let stream = r#"{"id": "timed", "time": "2013-03-14T10:00:00Z", "title": "", "text": "The council approved the new budget for the city's schools after a long debate, officials said."}
{"id": "untimed", "time": null, "title": "", "text": "PUBLISHED: WEDNESDAY, MARCH 13, 2099\nThe council approved the new budget for the city's schools on Tuesday after a long debate, Mayor Ann Lee said."}
"#;
    let (_tmp, store) = replayed(stream);
    let item = store.item(&ItemId("untimed".into())).unwrap().unwrap();
    let version = store
        .version(&ItemId("untimed".into()), 1)
        .unwrap()
        .unwrap();
    assert_eq!(version.article.published, None);
    // It joined the council story, whose dates stay those of real items.
    let story = store.story(&item.story.unwrap()).unwrap().unwrap();
    let day = chrono::NaiveDate::from_ymd_opt(2013, 3, 14);
    assert_eq!((story.first_date, story.last_date), (day, day));
}

#[test]
fn an_untimed_item_is_dated_by_a_numeric_dateline_whose_order_is_certain() {
    use storywatch::model::ItemId;
    // Both tokenised as the ECB+ stream has them: 14 can only be the day; 8 and 2 could be
    // either, so that date is not read.
    let stream = r#"{"id": "day-above-12", "time": null, "title": "Woman Killed In Queens Hit-And-Run", "text": "Updated 09 / 14 / 2013 01: 03 PM\nA woman has died after being hit by a car that fled the scene in Queens, police said."}
{"id": "ambiguous", "time": null, "title": "", "text": "8 / 2 / 2013\nThe council approved the new budget for the city's schools after a long debate, officials said."}
"#;
    let (_tmp, store) = replayed(stream);
    let published = |id: &str| {
        let version = store.version(&ItemId(id.to_string()), 1).unwrap().unwrap();
        version.article.published
    };
    assert_eq!(
        published("day-above-12"),
        chrono::NaiveDate::from_ymd_opt(2013, 9, 14)
    );
    assert_eq!(published("ambiguous"), None);
}
