//! Replaying the seed corpus end to end, as a user runs it: the binary, a fresh store,
//! the JSON change log.

mod common;

use chrono::DateTime;
use common::*;
use std::collections::BTreeMap;
use storywatch::model::ItemId;
use storywatch::store::Store;

const SEED_FILES: [&str; 5] = [
    "000_ee459bdfdea0fd13.txt",
    "001_3b7a4773e1d3e93a.txt",
    "002_42fdb5741ca79799.txt",
    "003_777be51a4515d054.txt",
    "004_3622f00dcd344a76.txt",
];

/// Site furniture of seed 002 (and 001, 003): none of it may reach a claim or stored text.
const FURNITURE: &[&str] = &[
    "twitter",
    "night_theme",
    "WHAT ARE YOU LOOKING FOR",
    "Any use of materials",
    "Caliber.az ©",
    "A+",
    "By Tamilla Hasanova",
    "Views: 108",
    "Liked the story",
    "copy link",
    "Ссылка скопирована",
    "Follow us on Instagram",
    "The most important world news",
    "By Staff, Agencies",
    "Related News",
    "Oleksandr Bulin",
    "please follow us on X",
];

/// tests/seed_claims.txt: file name → the claims a careful reader logs for it.
fn expected_claims() -> BTreeMap<String, Vec<String>> {
    let text = include_str!("seed_claims.txt");
    let mut claims: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        if let Some(file) = line.strip_prefix("## ") {
            current = Some(file.trim().to_string());
            claims.entry(file.trim().to_string()).or_default();
        } else if !line.trim().is_empty() && !line.starts_with('#') {
            let file = current
                .clone()
                .expect("a claim line comes after a '## file' line");
            claims
                .entry(file)
                .or_default()
                .push(line.trim().to_string());
        }
    }
    claims
}

fn logged_claims(log: &[serde_json::Value]) -> BTreeMap<String, Vec<String>> {
    let mut claims: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for e in events_of_kind(log, "claim") {
        let item = e["item"].as_str().unwrap().strip_prefix("file:").unwrap();
        claims
            .entry(item.to_string())
            .or_default()
            .push(e["text"].as_str().unwrap().to_string());
    }
    claims
}

#[test]
fn replaying_the_seeds_logs_exactly_the_new_claims() {
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("store");
    replay(&seeds_dir(), &store);
    let log = json_log(&store);

    // All five reports are one story, founded by 000.
    let created = events_of_kind(&log, "story_created");
    assert_eq!(created.len(), 1, "one story: {created:?}");
    let story = created[0]["story"].as_str().unwrap();
    assert_eq!(created[0]["item"], format!("file:{}", SEED_FILES[0]));
    let linked: Vec<&str> = events_of_kind(&log, "item_linked")
        .iter()
        .map(|e| {
            assert_eq!(e["story"], story);
            e["item"].as_str().unwrap()
        })
        .collect();
    let expected_linked: Vec<String> = SEED_FILES[1..]
        .iter()
        .map(|f| format!("file:{f}"))
        .collect();
    assert_eq!(linked, expected_linked);
    assert!(events_of_kind(&log, "item_unmatched").is_empty());

    // Exactly the claims a careful reader logs; the rewrite 001 logs none.
    let expected = expected_claims();
    let logged = logged_claims(&log);
    assert!(
        !logged.contains_key(SEED_FILES[1]),
        "001 is a rewrite of 000: {:?}",
        logged.get(SEED_FILES[1])
    );
    for file in SEED_FILES {
        let want = expected.get(file).cloned().unwrap_or_default();
        let got = logged.get(file).cloned().unwrap_or_default();
        let missed: Vec<&String> = want.iter().filter(|c| !got.contains(c)).collect();
        let extra: Vec<&String> = got.iter().filter(|c| !want.contains(c)).collect();
        assert!(
            missed.is_empty() && extra.is_empty(),
            "{file}: claims missed {missed:#?}\nclaims logged that are not new {extra:#?}"
        );
        assert_eq!(got, want, "{file}: claims in article order");
    }
    for e in events_of_kind(&log, "claim") {
        assert_eq!(e["story"], story);
    }

    // No site furniture in any claim.
    for e in events_of_kind(&log, "claim") {
        let text = e["text"].as_str().unwrap();
        for f in FURNITURE {
            assert!(!text.contains(f), "furniture {f:?} in claim {text:?}");
        }
    }

    // ... nor in any stored text.
    let store = Store::open(&store).unwrap();
    for file in SEED_FILES {
        let version = store.version(&ItemId::for_file(file), 1).unwrap().unwrap();
        let text = format!(
            "{}\n{}",
            version.article.title.as_deref().unwrap_or(""),
            version.article.text()
        );
        for f in FURNITURE {
            assert!(!text.contains(f), "furniture {f:?} stored for {file}");
        }
    }
}

#[test]
fn the_json_log_keeps_its_documented_shape() {
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("store");
    replay(&seeds_dir(), &store);
    let log = json_log(&store);
    assert!(!log.is_empty());
    for (i, e) in log.iter().enumerate() {
        assert_eq!(
            e["seq"].as_u64(),
            Some(i as u64 + 1),
            "seq counts up from 1 with no gap: {e}"
        );
        let at = e["at"].as_str().expect("at is a string");
        DateTime::parse_from_rfc3339(at).expect("at is RFC 3339");
        assert!(e["item"].is_string(), "every event names its item: {e}");
        match e["kind"].as_str().unwrap() {
            "story_created" => assert!(e["story"].is_string() && e["title"].is_string()),
            "item_linked" => assert!(e["story"].is_string() && e["score"].is_f64()),
            "claim" => {
                assert!(e["story"].is_string() && e["text"].is_string() && e["claim"].is_string());
                let novelty = e["novelty"].as_f64().expect("a claim carries its novelty");
                assert!((0.0..=1.0).contains(&novelty), "{e}");
            }
            "claim_corroborated" => {
                assert!(e["story"].is_string() && e["text"].is_string() && e["claim"].is_string())
            }
            other => panic!("unexpected event kind {other} in a seed replay"),
        }
    }

    // --story and --since filter; the human form prints one line per event.
    let story = log[0]["story"].as_str().unwrap();
    let out = storywatch(&[
        "log",
        "--store",
        path(&store),
        "--story",
        story,
        "--since",
        "5",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let lines: Vec<String> = stdout(&out).lines().map(str::to_string).collect();
    assert_eq!(lines.len(), log.len() - 4);
    assert!(lines[0].starts_with("#5 "), "{}", lines[0]);
    let none = storywatch(&["log", "--store", path(&store), "--story", "no-such-story"]);
    assert!(stdout(&none).is_empty());

    // --min-novelty keeps the claims at least that novel, and every other event.
    let novelty: Vec<f64> = events_of_kind(&log, "claim")
        .iter()
        .map(|e| e["novelty"].as_f64().unwrap())
        .collect();
    let mut sorted = novelty.clone();
    sorted.sort_by(f64::total_cmp);
    let median = sorted[sorted.len() / 2];
    let out = storywatch(&[
        "log",
        "--store",
        path(&store),
        "--json",
        "--min-novelty",
        &median.to_string(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let kept: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let claims_kept = events_of_kind(&kept, "claim").len();
    assert_eq!(
        claims_kept,
        novelty.iter().filter(|&&n| n >= median).count()
    );
    assert!(claims_kept < novelty.len());
    assert_eq!(kept.len() - claims_kept, log.len() - novelty.len());
    let bad = storywatch(&["log", "--store", path(&store), "--min-novelty", "2"]);
    assert!(!bad.status.success());
    assert!(
        stderr(&bad).contains("not a novelty from 0 to 1"),
        "{}",
        stderr(&bad)
    );
}

#[test]
fn a_second_replay_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("store");
    replay(&seeds_dir(), &store);
    let first = json_log(&store);
    let again = replay(&seeds_dir(), &store);
    assert_eq!(
        stdout(&again).matches("unchanged").count(),
        SEED_FILES.len(),
        "{}",
        stdout(&again)
    );
    assert_eq!(json_log(&store), first);
}

#[test]
fn an_edited_file_becomes_a_new_version_with_its_new_claims() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    for f in SEED_FILES {
        std::fs::copy(seeds_dir().join(f), corpus.join(f)).unwrap();
    }
    let store = tmp.path().join("store");
    replay(&corpus, &store);
    let before = json_log(&store).len();

    let edited = corpus.join(SEED_FILES[4]);
    let mut text = std::fs::read_to_string(&edited).unwrap();
    text.push_str("\nPolish President Karol Nawrocki said on August 29 that Poland would host a logistics hub for the force.\n");
    std::fs::write(&edited, text).unwrap();
    replay(&corpus, &store);

    let log = json_log(&store);
    let new_events = &log[before..];
    let kinds: Vec<&str> = new_events
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["version_changed", "claim"], "{new_events:#?}");
    assert_eq!(new_events[0]["version"], 2);
    assert!(new_events[1]["text"]
        .as_str()
        .unwrap()
        .starts_with("Polish President Karol Nawrocki"));
}
