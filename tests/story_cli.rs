//! `storywatch story list` and `storywatch story show`: a story read as a timeline of its
//! items, their new claims, and who repeated each claim later.

mod common;

use common::*;
use serde_json::Value;

#[test]
fn the_seed_story_reads_as_a_timeline_with_its_sources() {
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("store");
    replay(&seeds_dir(), &store);

    let list = storywatch(&["story", "list", "--store", path(&store), "--json"]);
    assert!(list.status.success(), "{}", stderr(&list));
    let stories: Vec<Value> = stdout(&list)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(stories.len(), 1);
    assert_eq!(stories[0]["items"], 5);
    let claims_logged = events_of_kind(&json_log(&store), "claim").len();
    assert_eq!(stories[0]["claims"], claims_logged);

    let show = storywatch(&[
        "story",
        "show",
        "story-1",
        "--store",
        path(&store),
        "--json",
    ]);
    assert!(show.status.success(), "{}", stderr(&show));
    let timeline: Value = serde_json::from_str(&stdout(&show)).unwrap();
    let items = timeline["items"].as_array().unwrap();
    let outlets: Vec<&str> = items
        .iter()
        .map(|i| i["outlet"].as_str().unwrap())
        .collect();
    assert_eq!(outlets.len(), 5);
    assert!(outlets[0].starts_with("000_"));
    assert!(items[0].get("kind").is_none(), "the founder has no kind");
    assert_eq!(items[1]["kind"], "rewrite");
    assert!(items[1]["claims"].as_array().unwrap().is_empty());
    for item in &items[2..] {
        assert_eq!(item["kind"], "update");
    }
    // 000's first claim was repeated by 001.
    let first_claim = &items[0]["claims"][0];
    assert_eq!(first_claim["claim"], "c1");
    let repeaters: Vec<&str> = first_claim["repeated_by"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["item"].as_str().unwrap())
        .collect();
    assert!(
        repeaters.contains(&"file:001_3b7a4773e1d3e93a.txt"),
        "{repeaters:?}"
    );
    let claims_shown: usize = items
        .iter()
        .map(|i| i["claims"].as_array().unwrap().len())
        .sum();
    assert_eq!(claims_shown, claims_logged);

    // The terminal form names the sources under each claim.
    let text = stdout(&storywatch(&[
        "story",
        "show",
        "story-1",
        "--store",
        path(&store),
    ]));
    assert!(text.contains("(founded the story)"), "{text}");
    assert!(
        text.contains("repeated by 001_3b7a4773e1d3e93a.txt"),
        "{text}"
    );
    assert!(text.contains("(rewrite, similarity"), "{text}");

    let missing = storywatch(&["story", "show", "story-9", "--store", path(&store)]);
    assert!(!missing.status.success());
    assert!(
        stderr(&missing).contains("story list"),
        "{}",
        stderr(&missing)
    );
}

#[test]
fn the_log_filters_by_kind_item_and_time() {
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("store");
    replay(&seeds_dir(), &store);
    let all = json_log(&store);
    let lines = |args: &[&str]| -> Vec<Value> {
        let mut full = vec!["log", "--json", "--store", path(&store)];
        full.extend_from_slice(args);
        let out = storywatch(&full);
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let item = "file:001_3b7a4773e1d3e93a.txt";
    let picked = lines(&["--kind", "claim_corroborated,item_linked", "--item", item]);
    let expected: Vec<&Value> = all
        .iter()
        .filter(|e| {
            (e["kind"] == "claim_corroborated" || e["kind"] == "item_linked") && e["item"] == item
        })
        .collect();
    assert!(expected.len() > 1);
    assert_eq!(picked.iter().collect::<Vec<_>>(), expected);

    // A time: everything since a date in the past, nothing since one in the future.
    assert_eq!(lines(&["--since", "2020-01-01"]).len(), all.len());
    assert!(lines(&["--since", "2999-01-01T00:00:00Z"]).is_empty());
    let bad = storywatch(&["log", "--store", path(&store), "--since", "yesterday"]);
    assert!(!bad.status.success());
    assert!(
        stderr(&bad).contains("sequence number nor a time"),
        "{}",
        stderr(&bad)
    );
    let bad = storywatch(&["log", "--store", path(&store), "--kind", "claims"]);
    assert!(
        stderr(&bad).contains("claim_corroborated"),
        "the valid kinds are listed"
    );
}
