//! Article versions as a user meets them: a real report fetched again and again (here:
//! replayed after each edit), with `version_changed` events saying what changed and
//! `storywatch history` showing it.

mod common;

use common::*;
use serde_json::Value;
use std::path::Path;

const SEED: &str = "003_777be51a4515d054.txt";

const CORRECTED_FROM: &str = "It could still be withdrawn.";
const CORRECTED_TO: &str = "It could still be withdrawn by Washington before the end of September.";
const ADDED: &str = "Hegseth met his British and French counterparts in London on August 27.";
const DROPPED: &str = "The United States remains opposed to sending its own troops to Ukraine.";

fn version_events(log: &[Value]) -> Vec<&Value> {
    events_of_kind(log, "version_changed")
}

fn strings(value: &Value) -> Vec<&str> {
    value
        .as_array()
        .expect("a list of sentences")
        .iter()
        .map(|s| s.as_str().expect("a sentence"))
        .collect()
}

fn history(store: &Path, item: &str) -> String {
    let out = storywatch(&["history", item, "--store", path(store)]);
    assert!(out.status.success(), "history failed: {}", stderr(&out));
    stdout(&out)
}

#[test]
fn two_real_edits_make_three_versions_and_a_refetch_with_new_wrapping_makes_none() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let page = corpus.join(SEED);
    let original = std::fs::read_to_string(seeds_dir().join(SEED)).unwrap();
    std::fs::write(&page, &original).unwrap();
    let store = tmp.path().join("store");
    replay(&corpus, &store);

    // Edit 1: a sentence corrected and a sentence added after it.
    assert!(original.contains(CORRECTED_FROM));
    let edit1 = original.replacen(CORRECTED_FROM, &format!("{CORRECTED_TO} {ADDED}"), 1);
    std::fs::write(&page, &edit1).unwrap();
    replay(&corpus, &store);

    // The same text again, re-wrapped with extra spaces and blank lines: not an edit.
    let rewrapped = edit1
        .replace(". ", ".  ")
        .replace(
            "Some in the Trump administration",
            "\n   Some in the Trump administration",
        )
        .replace('\n', "\n\n");
    std::fs::write(&page, &rewrapped).unwrap();
    let out = replay(&corpus, &store);
    assert!(stdout(&out).contains("unchanged"), "{}", stdout(&out));

    // Edit 2: a sentence dropped.
    assert!(edit1.contains(DROPPED));
    let edit2 = edit1.replacen(&format!("{DROPPED} "), "", 1);
    std::fs::write(&page, &edit2).unwrap();
    replay(&corpus, &store);

    let log = json_log(&store);
    let changes = version_events(&log);
    assert_eq!(changes.len(), 2, "{changes:#?}");

    assert_eq!(changes[0]["version"], 2);
    assert_eq!(strings(&changes[0]["removed"]), [CORRECTED_FROM]);
    assert_eq!(strings(&changes[0]["added"]), [CORRECTED_TO, ADDED]);
    assert!(changes[0].get("title").is_none(), "headline unchanged");

    assert_eq!(changes[1]["version"], 3);
    assert_eq!(strings(&changes[1]["removed"]), [DROPPED]);
    assert!(strings(&changes[1]["added"]).is_empty());

    // The edit's new facts went through the matcher like any new claim.
    let edit_claims: Vec<&str> = events_of_kind(&log, "claim")
        .into_iter()
        .filter(|c| c["seq"].as_u64() > changes[0]["seq"].as_u64())
        .map(|c| c["text"].as_str().unwrap())
        .collect();
    assert!(edit_claims.contains(&ADDED), "{edit_claims:#?}");

    // history lists the three versions and marks the changed words (plain: piped).
    let item = format!("file:{SEED}");
    let shown = history(&store, &item);
    assert!(shown.contains("3 version(s)"), "{shown}");
    for n in 1..=3 {
        assert!(shown.contains(&format!("version {n} ")), "{shown}");
    }
    assert!(
        shown.contains("~ It could still be [-withdrawn.-]{+withdrawn by Washington before"),
        "{shown}"
    );
    assert!(shown.contains(&format!("- [-{DROPPED}-]")), "{shown}");
    assert!(!shown.contains('\x1b'), "no colour when piped");

    let out = storywatch(&["history", &item, "--json", "--store", path(&store)]);
    let versions: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(versions.len(), 3);
    assert_eq!(versions[2]["number"], 3);
}

/// A corpus holding seed 003, replayed once into a new store.
fn replayed_seed(tmp: &Path) -> (std::path::PathBuf, std::path::PathBuf, String) {
    let corpus = tmp.join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let original = std::fs::read_to_string(seeds_dir().join(SEED)).unwrap();
    std::fs::write(corpus.join(SEED), &original).unwrap();
    let store = tmp.join("store");
    replay(&corpus, &store);
    (corpus, store, original)
}

/// What a broken extraction looks like: the headline and the first paragraph only.
fn stub(original: &str) -> String {
    original.lines().take(6).collect::<Vec<_>>().join("\n")
}

#[test]
fn a_page_that_loses_most_of_its_text_is_reported_once_not_recorded() {
    let tmp = tempfile::tempdir().unwrap();
    let (corpus, store, original) = replayed_seed(tmp.path());
    let page = corpus.join(SEED);

    std::fs::write(&page, stub(&original)).unwrap();
    replay(&corpus, &store);
    let again = replay(&corpus, &store);
    assert!(
        stdout(&again).contains("already reported"),
        "{}",
        stdout(&again)
    );
    let log = json_log(&store);
    let suspects = events_of_kind(&log, "extract_suspect");
    assert_eq!(suspects.len(), 1, "{log:#?}");
    assert_eq!(suspects[0]["version"], 1);
    assert!(suspects[0]["words_after"].as_u64() < suspects[0]["words_before"].as_u64());
    assert!(version_events(&log).is_empty(), "not recorded as an edit");

    // The page comes back whole: nothing changed.
    std::fs::write(&page, &original).unwrap();
    let out = replay(&corpus, &store);
    assert!(stdout(&out).contains("unchanged"), "{}", stdout(&out));

    // Broken again later: a new incident, reported again.
    std::fs::write(&page, stub(&original)).unwrap();
    replay(&corpus, &store);
    assert_eq!(
        events_of_kind(&json_log(&store), "extract_suspect").len(),
        2
    );
}

#[test]
fn the_same_short_text_served_three_times_is_taken_as_a_real_cut() {
    let tmp = tempfile::tempdir().unwrap();
    let (corpus, store, original) = replayed_seed(tmp.path());
    std::fs::write(corpus.join(SEED), stub(&original)).unwrap();
    for _ in 0..3 {
        replay(&corpus, &store);
    }
    let log = json_log(&store);
    assert_eq!(events_of_kind(&log, "extract_suspect").len(), 1);
    let changes = version_events(&log);
    assert_eq!(changes.len(), 1, "recorded on the third fetch");
    assert!(
        strings(&changes[0]["removed"]).contains(&DROPPED),
        "{changes:#?}"
    );
    assert!(strings(&changes[0]["added"]).is_empty());
}

#[test]
fn history_of_an_item_with_one_version_shows_it() {
    let tmp = tempfile::tempdir().unwrap();
    let (_, store, _) = replayed_seed(tmp.path());
    let shown = history(&store, &format!("file:{SEED}"));
    assert!(shown.contains("1 version(s)"), "{shown}");
    assert!(
        shown.contains("version 1 ") && shown.contains("595 words"),
        "{shown}"
    );
}

#[test]
fn history_finds_an_item_by_any_link_to_it_and_names_a_missing_one() {
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("store");
    replay(&seeds_dir(), &store);
    let out = storywatch(&[
        "history",
        "https://Example.org/news/story?id=7&utm_source=x#top",
        "--store",
        path(&store),
    ]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("no item https://example.org/news/story?id=7"),
        "the canonical URL is named: {err}"
    );
}

#[test]
fn reading_commands_never_create_a_store() {
    let tmp = tempfile::tempdir().unwrap();
    let typo = tmp.path().join("stroe");
    for args in [
        vec!["log"],
        vec!["stats"],
        vec!["export"],
        vec!["history", "file:x.txt"],
    ] {
        let mut args = args.clone();
        args.extend(["--store", path(&typo)]);
        let out = storywatch(&args);
        assert!(!out.status.success(), "{args:?} must fail");
        assert!(
            stderr(&out).contains("no store at"),
            "{args:?}: {}",
            stderr(&out)
        );
        assert!(!typo.exists(), "{args:?} created {}", typo.display());
    }
}

const BODY: [&str; 4] = [
    "Officials from the United States and Europe met in Washington on Monday to discuss security guarantees for Ukraine after the war.",
    "The United States said it was ready to provide intelligence, air defence and command systems to a European force on the ground.",
    "European officials said that any deployment of their troops would only be possible with American support behind it.",
    "Some officials in the administration remain sceptical of any involvement in post-war guarantees, two people familiar with the talks said.",
];

fn page(markup: &str) -> String {
    match markup {
        "plain" => format!(
            "<html><head><title>Guarantees for Ukraine</title></head><body><nav><a href=\"/\">Home</a></nav>\
             <article><h1>Guarantees for Ukraine</h1><p>{}</p><p>{}</p><p>{}</p><p>{}</p></article>\
             <footer>Copyright 2025 Example News</footer></body></html>",
            BODY[0], BODY[1], BODY[2], BODY[3]
        ),
        // The same words in a redesigned page: new wrappers, classes, attributes, spacing.
        _ => format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n  <title>Guarantees for Ukraine</title>\n</head>\n<body class=\"v2\">\n\
             <header class=\"site-header\"><ul class=\"menu\"><li><a href=\"/\">Home</a></li></ul></header>\n\
             <main><div class=\"article-wrapper\"><article class=\"story\" data-id=\"42\">\n\
             <h1 class=\"headline\">  Guarantees for   Ukraine </h1>\n\
             <div class=\"story-body\"><p class=\"para\">{}</p>\n<p>\n  {}\n</p><p><span>{}</span></p>\n<p>{}</p></div>\
             </article></div></main>\n<footer><p>Copyright 2025 Example News</p></footer>\n</body></html>",
            BODY[0],
            BODY[1].replace(", ", ",\n   "),
            BODY[2],
            BODY[3]
        ),
    }
}

#[test]
fn an_html_page_refetched_with_new_markup_is_unchanged_and_an_edit_is_a_version() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let file = corpus.join("guarantees.html");
    let store = tmp.path().join("store");
    std::fs::write(&file, page("plain")).unwrap();
    replay(&corpus, &store);

    std::fs::write(&file, page("redesigned")).unwrap();
    let out = replay(&corpus, &store);
    assert!(stdout(&out).contains("unchanged"), "{}", stdout(&out));
    assert!(version_events(&json_log(&store)).is_empty());

    let corrected = "European officials said that any deployment of 10,000 of their troops would only be possible with American support behind it.";
    std::fs::write(&file, page("redesigned").replace(BODY[2], corrected)).unwrap();
    replay(&corpus, &store);
    let log = json_log(&store);
    let changes = version_events(&log);
    assert_eq!(changes.len(), 1, "{log:#?}");
    assert_eq!(strings(&changes[0]["removed"]), [BODY[2]]);
    assert_eq!(strings(&changes[0]["added"]), [corrected]);
}
