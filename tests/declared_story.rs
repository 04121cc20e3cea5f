//! Stories declared in the config (`[[story]]`): seeded from their documents under their
//! own id when `replay` or the daemon starts, never twice, refused with a clear message
//! when the config or a seed is wrong, and joined by later reports of the same story.

mod common;

use common::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;
use storywatch::config::Config;
use storywatch::model::{EventBody, StoryId};
use storywatch::store::Store;

const ID: &str = "ukraine-guarantees";
const TITLE: &str = "US strategic enablers for Ukraine security guarantees";

/// A project-like layout in a temporary directory: `seeds/` (a copy of the seed corpus),
/// `config/storywatch.toml` declaring the story with `seeds = "../seeds"`, and an empty
/// corpus directory to replay.
struct Layout {
    tmp: tempfile::TempDir,
}

impl Layout {
    fn new() -> Layout {
        let tmp = tempfile::tempdir().unwrap();
        let seeds = tmp.path().join("seeds");
        std::fs::create_dir_all(&seeds).unwrap();
        for file in std::fs::read_dir(seeds_dir()).unwrap() {
            let file = file.unwrap().path();
            std::fs::copy(&file, seeds.join(file.file_name().unwrap())).unwrap();
        }
        std::fs::create_dir_all(tmp.path().join("config")).unwrap();
        std::fs::create_dir_all(tmp.path().join("empty")).unwrap();
        let layout = Layout { tmp };
        layout.write_config(&format!(
            "[[story]]\nid = \"{ID}\"\ntitle = \"{TITLE}\"\nseeds = \"../seeds\"\n"
        ));
        layout
    }

    fn dir(&self, name: &str) -> PathBuf {
        self.tmp.path().join(name)
    }

    fn config(&self) -> PathBuf {
        self.dir("config").join("storywatch.toml")
    }

    fn store(&self) -> PathBuf {
        self.dir("store")
    }

    fn write_config(&self, text: &str) {
        std::fs::write(self.config(), text).unwrap();
    }

    /// `storywatch --config CONFIG replay DIR --store STORE`, run from the project
    /// folder (not the config's), so that `../seeds` only works read from the config.
    fn replay(&self, dir: &Path) -> std::process::Output {
        storywatch(&[
            "--config",
            path(&self.config()),
            "replay",
            path(dir),
            "--store",
            path(&self.store()),
        ])
    }

    fn replay_ok(&self, dir: &Path) -> std::process::Output {
        let out = self.replay(dir);
        assert!(out.status.success(), "replay failed: {}", stderr(&out));
        out
    }
}

/// tests/seed_claims.txt: file name → the claims a careful reader logs for it.
fn expected_claims() -> BTreeMap<String, Vec<String>> {
    let mut claims: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in include_str!("seed_claims.txt").lines() {
        if let Some(file) = line.strip_prefix("## ") {
            current = Some(file.trim().to_string());
        } else if !line.trim().is_empty() && !line.starts_with('#') {
            let file = current.clone().expect("a claim follows a '## file' line");
            claims
                .entry(file)
                .or_default()
                .push(line.trim().to_string());
        }
    }
    claims
}

/// The claims logged, by the file name of the item that reported them.
fn claims_by_file(log: &[Value], prefix: &str) -> BTreeMap<String, Vec<String>> {
    let mut claims: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for e in events_of_kind(log, "claim") {
        let item = e["item"].as_str().unwrap();
        let file = item
            .strip_prefix(prefix)
            .unwrap_or_else(|| panic!("claim from {item}, not from {prefix}..."));
        claims
            .entry(file.to_string())
            .or_default()
            .push(e["text"].as_str().unwrap().to_string());
    }
    claims
}

fn story_list(store: &Path) -> Vec<Value> {
    let out = storywatch(&["story", "list", "--store", path(store), "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn replay_seeds_the_declared_story_with_the_claims_replay_logs() {
    let layout = Layout::new();
    let out = layout.replay_ok(&layout.dir("empty"));
    assert!(
        stdout(&out).contains(&format!("founded {ID} \"{TITLE}\"")),
        "{}",
        stdout(&out)
    );

    let log = json_log(&layout.store());
    let created = events_of_kind(&log, "story_created");
    assert_eq!(created.len(), 1, "one story, the declared one");
    assert_eq!(created[0]["story"], ID);
    assert_eq!(created[0]["title"], TITLE);
    assert_eq!(created[0]["declared"], true);
    assert_eq!(
        created[0]["item"],
        format!("seed:{ID}/000_ee459bdfdea0fd13.txt")
    );
    let linked = events_of_kind(&log, "item_linked");
    assert_eq!(linked.len(), 4, "the other four seeds join it");
    for e in &linked {
        assert_eq!(e["story"], ID);
        assert!(e["item_kind"].is_string(), "{e}");
    }
    assert_eq!(linked[0]["item_kind"], "rewrite", "001 adds nothing");

    // Exactly the claims `storywatch replay seeds/` logs, file by file.
    let mut expected = expected_claims();
    expected.retain(|_, claims| !claims.is_empty());
    assert_eq!(claims_by_file(&log, &format!("seed:{ID}/")), expected);
    // ... and the same repetitions of them.
    let plain = tempfile::tempdir().unwrap();
    replay(&seeds_dir(), &plain.path().join("store"));
    assert_eq!(
        events_of_kind(&log, "claim_corroborated").len(),
        events_of_kind(&json_log(&plain.path().join("store")), "claim_corroborated").len()
    );

    let stories = story_list(&layout.store());
    assert_eq!(stories.len(), 1);
    assert_eq!(stories[0]["story"], ID);
    assert_eq!(stories[0]["declared"], true);
    assert_eq!(stories[0]["items"], 5);
    assert_eq!(stories[0]["claims"], 52);
    let text = storywatch(&["story", "list", "--store", path(&layout.store())]);
    assert!(
        stdout(&text).contains(&format!("{ID} (declared)")),
        "{}",
        stdout(&text)
    );

    let store = Store::open_existing(&layout.store()).unwrap();
    let story = store.story(&StoryId(ID.into())).unwrap().unwrap();
    assert!(story.declared);
    assert_eq!(story.title, TITLE);
    assert_eq!(story.items.len(), 5);
}

#[test]
fn seeding_again_adds_nothing_and_a_changed_seed_is_a_new_version() {
    let layout = Layout::new();
    layout.replay_ok(&layout.dir("empty"));
    let before = json_log(&layout.store()).len();

    let again = layout.replay_ok(&layout.dir("empty"));
    assert_eq!(json_log(&layout.store()).len(), before, "nothing added");
    assert_eq!(
        stdout(&again)
            .matches("unchanged, already in the store")
            .count(),
        5
    );

    let edited = layout.dir("seeds").join("004_3622f00dcd344a76.txt");
    let mut text = std::fs::read_to_string(&edited).unwrap();
    text.push_str(
        "\n\nOn Thursday, Poland offered to host 4,000 European troops at Rzeszow airport.\n",
    );
    std::fs::write(&edited, text).unwrap();
    layout.replay_ok(&layout.dir("empty"));
    let log = json_log(&layout.store());
    let added = &log[before..];
    let item = format!("seed:{ID}/004_3622f00dcd344a76.txt");
    let changed = events_of_kind(added, "version_changed");
    assert_eq!(changed.len(), 1, "{added:?}");
    assert_eq!(changed[0]["item"], item.as_str());
    assert_eq!(changed[0]["story"], ID);
    let claims = events_of_kind(added, "claim");
    assert_eq!(claims.len(), 1, "{added:?}");
    assert!(claims[0]["text"].as_str().unwrap().contains("Rzeszow"));
    assert!(events_of_kind(added, "story_created").is_empty());
}

#[test]
fn a_later_report_of_the_story_joins_the_declared_story() {
    let layout = Layout::new();
    layout.replay_ok(&layout.dir("empty"));
    // A wire copy of a seed under another name, and a follow-up with a new fact.
    let later = layout.dir("later");
    std::fs::create_dir_all(&later).unwrap();
    std::fs::copy(
        seeds_dir().join("002_42fdb5741ca79799.txt"),
        later.join("a_copy.txt"),
    )
    .unwrap();
    layout.replay_ok(&later);

    let log = json_log(&layout.store());
    assert_eq!(
        events_of_kind(&log, "story_created").len(),
        1,
        "no new story"
    );
    let joined: Vec<_> = events_of_kind(&log, "item_linked")
        .into_iter()
        .filter(|e| e["item"] == "file:a_copy.txt")
        .collect();
    assert_eq!(joined.len(), 1, "{log:?}");
    assert_eq!(joined[0]["story"], ID);
    assert_eq!(joined[0]["item_kind"], "duplicate");
    assert_eq!(story_list(&layout.store())[0]["items"], 6);
}

#[test]
fn documents_are_read_from_the_config_directory_in_their_order() {
    let layout = Layout::new();
    layout.write_config(&format!(
        "[[story]]\nid = \"{ID}\"\ntitle = \"{TITLE}\"\ndocuments = [\"../seeds/002_42fdb5741ca79799.txt\", \"../seeds/000_ee459bdfdea0fd13.txt\"]\n"
    ));
    layout.replay_ok(&layout.dir("empty"));
    let log = json_log(&layout.store());
    let created = events_of_kind(&log, "story_created");
    assert_eq!(
        created[0]["item"],
        format!("seed:{ID}/002_42fdb5741ca79799.txt")
    );
    let linked = events_of_kind(&log, "item_linked");
    assert_eq!(linked.len(), 1);
    assert_eq!(
        linked[0]["item"],
        format!("seed:{ID}/000_ee459bdfdea0fd13.txt")
    );
}

#[test]
fn a_seed_that_cannot_be_read_is_refused_naming_it_and_nothing_is_seeded() {
    let layout = Layout::new();
    layout.write_config(&format!(
        "[[story]]\nid = \"{ID}\"\ntitle = \"{TITLE}\"\ndocuments = [\"../seeds/000_ee459bdfdea0fd13.txt\", \"../seeds/missing.html\"]\n"
    ));
    let out = layout.replay(&layout.dir("empty"));
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("missing.html") && err.contains(ID),
        "names the file and the story: {err}"
    );
    // The good seed before it was not recorded either.
    assert!(json_log(&layout.store()).is_empty());

    layout.write_config(&format!(
        "[[story]]\nid = \"{ID}\"\ntitle = \"{TITLE}\"\nseeds = \"../no-such-dir\"\n"
    ));
    let out = layout.replay(&layout.dir("empty"));
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("no-such-dir") && err.contains(ID), "{err}");

    let empty_seeds = layout.dir("empty-seeds");
    std::fs::create_dir_all(&empty_seeds).unwrap();
    layout.write_config(&format!(
        "[[story]]\nid = \"{ID}\"\ntitle = \"{TITLE}\"\nseeds = \"../empty-seeds\"\n"
    ));
    let out = layout.replay(&layout.dir("empty"));
    assert!(!out.status.success());
    assert!(stderr(&out).contains("holds no files"), "{}", stderr(&out));
}

#[test]
fn bad_declarations_are_refused_saying_what_to_fix() {
    let layout = Layout::new();
    let story = |extra: &str| format!("[[story]]\nid = \"{ID}\"\ntitle = \"{TITLE}\"\n{extra}\n");
    for (config, expected) in [
        (
            format!(
                "{}{}",
                story("seeds = \"../seeds\""),
                story("seeds = \"../seeds\"")
            ),
            "declared twice",
        ),
        (
            "[[story]]\nid = \"Ukraine guarantees!\"\ntitle = \"t\"\nseeds = \"../seeds\"\n"
                .to_string(),
            "Ukraine guarantees!",
        ),
        (
            "[[story]]\nid = \"story-3\"\ntitle = \"t\"\nseeds = \"../seeds\"\n".to_string(),
            "story-3",
        ),
        (story(""), "no seed documents"),
        (
            story("seeds = \"../seeds\"\ndocuments = [\"a.txt\"]"),
            "not both",
        ),
        (story("seed = \"../seeds\""), "unknown field `seed`"),
        (
            story("documents = [\"a/x.txt\", \"b/x.txt\"]"),
            "two documents are named \"x.txt\"",
        ),
    ] {
        layout.write_config(&config);
        let out = layout.replay(&layout.dir("empty"));
        assert!(!out.status.success(), "accepted:\n{config}");
        let err = stderr(&out);
        assert!(err.contains(expected), "{config}\n→ {err}");
    }
    assert!(
        !layout.store().join("sled").exists(),
        "no store was written"
    );
}

fn daemon_config(seeds: &str) -> Config {
    Config::parse(&format!(
        "[api]\nenabled = false\n\n[[story]]\nid = \"{ID}\"\ntitle = \"{TITLE}\"\nseeds = \"{seeds}\"\n"
    ))
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_daemon_seeds_declared_stories_when_it_starts() {
    let tmp = tempfile::tempdir().unwrap();
    let store_dir = tmp.path().join("store");
    let config = daemon_config(path(&seeds_dir()));
    let (running, mut listen) = common::daemon::start(config.clone(), &store_dir);
    let mut placed = Vec::new();
    let seeded = async {
        while placed.len() < 5 {
            let event = listen.recv().await.unwrap();
            match event.body {
                EventBody::StoryCreated {
                    story, declared, ..
                } => placed.push((story, declared)),
                EventBody::ItemLinked { story, .. } => placed.push((story, false)),
                _ => {}
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(60), seeded)
        .await
        .expect("the five seeds are placed");
    let summary = running.stop().await;
    assert_eq!(placed[0], (StoryId(ID.into()), true));
    assert!(placed.iter().all(|(story, _)| story.0 == ID));
    assert_eq!(summary.events, 72, "every seeding event counted");

    // Started again, it seeds nothing.
    let (running, _listen) = common::daemon::start(config, &store_dir);
    let summary = running.stop().await;
    assert_eq!(summary.events, 0);
    let store = Store::open_existing(&store_dir).unwrap();
    let story = store.story(&StoryId(ID.into())).unwrap().unwrap();
    assert!(story.declared);
    assert_eq!(story.items.len(), 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_daemon_refuses_to_start_with_an_unreadable_seed() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("nowhere");
    let config = daemon_config(path(&missing));
    let store = std::sync::Arc::new(Store::open(&tmp.path().join("store")).unwrap());
    let (events, _) = tokio::sync::broadcast::channel(16);
    let result = storywatch::daemon::run(&config, store, std::future::pending(), events).await;
    let err = result.expect_err("refused");
    let mut chain = err.to_string();
    let mut source = std::error::Error::source(&err);
    while let Some(s) = source {
        chain.push_str(": ");
        chain.push_str(&s.to_string());
        source = s.source();
    }
    assert!(
        chain.contains("nowhere") && chain.contains(ID) && chain.contains("did not start"),
        "{chain}"
    );
}
