//! Bad input gets a clear error naming what failed, and nothing is lost.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use storywatch::store::Store;

#[test]
fn a_missing_corpus_directory_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("no-such-corpus");
    let out = storywatch(&[
        "replay",
        path(&missing),
        "--store",
        path(&tmp.path().join("store")),
    ]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("no-such-corpus"), "{}", stderr(&out));
}

#[test]
fn a_non_utf8_file_is_named_and_the_others_still_replay() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::copy(
        seeds_dir().join("000_ee459bdfdea0fd13.txt"),
        corpus.join("000.txt"),
    )
    .unwrap();
    // "Привет" in windows-1251: not UTF-8.
    std::fs::write(
        corpus.join("001_cp1251.txt"),
        b"\xcf\xf0\xe8\xe2\xe5\xf2, this is not UTF-8 text at all.\n",
    )
    .unwrap();
    std::fs::copy(
        seeds_dir().join("001_3b7a4773e1d3e93a.txt"),
        corpus.join("002.txt"),
    )
    .unwrap();
    let store = tmp.path().join("store");

    let out = storywatch(&["replay", path(&corpus), "--store", path(&store)]);
    assert!(
        !out.status.success(),
        "a file that failed makes the exit status non-zero"
    );
    let err = stderr(&out);
    assert!(
        err.contains("001_cp1251.txt") && err.contains("UTF-8"),
        "{err}"
    );

    let log = json_log(&store);
    let items: Vec<&str> = log.iter().map(|e| e["item"].as_str().unwrap()).collect();
    assert!(
        items.contains(&"file:000.txt") && items.contains(&"file:002.txt"),
        "{items:?}"
    );
    assert!(!items.contains(&"file:001_cp1251.txt"));
}

#[test]
fn a_store_held_by_another_process_is_refused_with_its_holder() {
    let tmp = tempfile::tempdir().unwrap();
    let store_path = tmp.path().join("store");
    let held = Store::open(&store_path).unwrap();

    let out = storywatch(&["replay", path(&seeds_dir()), "--store", path(&store_path)]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains(path(&store_path)), "names the store: {err}");
    assert!(
        err.contains("in use") && err.contains(&format!("pid {}", std::process::id())),
        "names the holder: {err}"
    );

    // The holder's store is untouched and still works.
    assert_eq!(held.events(1).count(), 0);
}

#[test]
fn a_store_path_that_cannot_be_created_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("a-file");
    std::fs::write(&file, "not a directory").unwrap();
    let store = file.join("store");
    let out = storywatch(&["replay", path(&seeds_dir()), "--store", path(&store)]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains(path(&store)), "{}", stderr(&out));
}

#[test]
fn an_html_page_replays_as_an_article_and_a_page_of_furniture_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::write(
        corpus.join("page.html"),
        "<html><body><nav><a href=/>Home</a></nav><article><h1>Harbour bridge reopens</h1>\
         <p>The harbour bridge reopened to traffic on Monday after three months of repairs, \
         the city council said.</p></article></body></html>",
    )
    .unwrap();
    std::fs::write(
        corpus.join("scripts.html"),
        "<html><head><script>var a = 1;</script></head><body><script>go()</script></body></html>",
    )
    .unwrap();
    let store = tmp.path().join("store");
    let out = storywatch(&["replay", path(&corpus), "--store", path(&store)]);
    assert!(!out.status.success(), "the page of scripts failed");
    let err = stderr(&out);
    assert!(
        err.contains("scripts.html") && err.contains("no article text"),
        "{err}"
    );
    let log = json_log(&store);
    assert!(log.iter().any(|e| e["item"] == "file:page.html"), "{log:?}");
}

#[test]
fn an_unknown_config_key_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let config = tmp.path().join("storywatch.toml");
    std::fs::write(&config, "[matcher]\nlink_treshold = 0.2\n").unwrap();
    let out = storywatch(&[
        "--config",
        path(&config),
        "replay",
        path(&seeds_dir()),
        "--store",
        path(&tmp.path().join("s")),
    ]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("link_treshold") && err.contains(path(&config)),
        "{err}"
    );
}

/// A store holding the replayed seeds, damaged by `damage(sled database file)`.
fn damaged_store(tmp: &Path, damage: impl FnOnce(&Path)) -> PathBuf {
    let store = tmp.join("store");
    replay(&seeds_dir(), &store);
    damage(&store.join("sled").join("db"));
    store
}

fn assert_refused_naming(store: &Path) {
    for command in ["log", "stats", "export"] {
        let out = storywatch(&[command, "--store", path(store)]);
        let err = stderr(&out);
        assert!(
            !out.status.success(),
            "{command} must not read a damaged store"
        );
        assert!(
            err.contains(path(store)),
            "{command} names the store: {err}"
        );
        assert!(err.contains("truncated or damaged"), "{command}: {err}");
        assert!(!err.contains("panicked"), "{command}: {err}");
    }
}

#[test]
fn a_truncated_store_is_refused_not_taken_for_a_shorter_one() {
    let tmp = tempfile::tempdir().unwrap();
    let store = damaged_store(tmp.path(), |db| {
        let len = std::fs::metadata(db).unwrap().len();
        let file = std::fs::OpenOptions::new().write(true).open(db).unwrap();
        file.set_len(len / 2).unwrap();
    });
    assert_refused_naming(&store);
}

#[test]
fn an_overwritten_or_emptied_store_is_refused_not_taken_for_a_new_one() {
    let tmp = tempfile::tempdir().unwrap();
    let garbled = damaged_store(&tmp.path().join("garbled"), |db| {
        let mut bytes = std::fs::read(db).unwrap();
        for (i, b) in bytes.iter_mut().enumerate().skip(1000) {
            *b = (i as u8).wrapping_mul(31).wrapping_add(7);
        }
        std::fs::write(db, bytes).unwrap();
    });
    assert_refused_naming(&garbled);
    let emptied = damaged_store(&tmp.path().join("emptied"), |db| {
        std::fs::write(db, b"").unwrap();
    });
    assert_refused_naming(&emptied);
}
