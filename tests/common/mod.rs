//! Shared by the integration tests: run the real binary, read its JSON log.

#![allow(dead_code)]

pub mod daemon;
pub mod server;

use chrono::Utc;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use storywatch::matcher::{match_article, Decision, MatchParams, StoryIndex};
use storywatch::model::{Article, HeldSentence, ItemId, Story, StoryId};

pub fn seeds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

/// Runs `storywatch ARGS` and returns its output.
pub fn storywatch(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_storywatch"))
        .args(args)
        .env_remove("RUST_LOG")
        .output()
        .expect("the storywatch binary runs")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// `storywatch replay DIR --store STORE`, which must succeed.
pub fn replay(dir: &Path, store: &Path) -> Output {
    let out = storywatch(&["replay", path(dir), "--store", path(store)]);
    assert!(out.status.success(), "replay failed: {}", stderr(&out));
    out
}

/// The change log as `storywatch log --json` prints it.
pub fn json_log(store: &Path) -> Vec<Value> {
    let out = storywatch(&["log", "--json", "--store", path(store)]);
    assert!(out.status.success(), "log failed: {}", stderr(&out));
    stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("every log line is one JSON object"))
        .collect()
}

pub fn path(p: &Path) -> &str {
    p.to_str().expect("test paths are UTF-8")
}

pub fn events_of_kind<'a>(log: &'a [Value], kind: &str) -> Vec<&'a Value> {
    log.iter().filter(|e| e["kind"] == kind).collect()
}

/// The story `article` founds, holding its sentences as the matcher split them.
pub fn story_founded_by(article: &Article) -> Story {
    let Decision::Found { sentences, .. } =
        match_article(&StoryIndex::new(), article, &MatchParams::default())
    else {
        panic!("the first article founds a story");
    };
    let founder = ItemId("founder".into());
    Story {
        id: StoryId("s".into()),
        title: "test".into(),
        created_at: Utc::now(),
        founded_by: founder.clone(),
        declared: false,
        items: vec![founder.clone()],
        sentences: sentences
            .into_iter()
            .map(|v| HeldSentence {
                text: v.text,
                item: founder.clone(),
                claim: None,
            })
            .collect(),
        ..Story::default()
    }
}
