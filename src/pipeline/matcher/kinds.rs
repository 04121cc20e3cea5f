//! What kind of arrival a linked item is: a copy, a rewrite or an update of its story.

use super::SentenceVerdict;
use crate::model::{ItemKind, Story};
use std::collections::HashSet;

/// A copy says at least this share of its sentences word for word as the story holds them
/// (wire copies add a dateline or a byline, and may drop a paragraph or cut a sentence).
const COPY_SHARE: f64 = 0.8;

/// A sentence found inside another counts as copied only with at least this many words.
const MIN_CONTAINED_WORDS: usize = 6;

/// The kind of an item joining `story`, from the verdicts on its sentences: an update
/// carries a new claim; otherwise it is a copy when its sentences are the story's own,
/// word for word (case, spacing and punctuation aside), and a rewrite when it restates
/// held facts in other words.
pub fn item_kind(story: &Story, verdicts: &[SentenceVerdict]) -> ItemKind {
    if verdicts.iter().any(SentenceVerdict::is_new_claim) {
        return ItemKind::Update;
    }
    if verdicts.is_empty() {
        return ItemKind::Rewrite;
    }
    let held: Vec<String> = story.sentences.iter().map(|s| words(&s.text)).collect();
    let exact: HashSet<&str> = held.iter().map(String::as_str).collect();
    // Word for word, or one inside the other ("KYIV (Reuters) - " before a held sentence,
    // a sentence cut short), as long as the shorter is a sentence in its own right.
    let is_copied = |text: &str| {
        let own = words(text);
        exact.contains(own.as_str())
            || held.iter().any(|h| {
                let (short, long) = if h.len() < own.len() {
                    (h, &own)
                } else {
                    (&own, h)
                };
                short.split(' ').count() >= MIN_CONTAINED_WORDS && long.contains(short.as_str())
            })
    };
    let copied = verdicts.iter().filter(|v| is_copied(&v.text)).count();
    if copied as f64 / verdicts.len() as f64 >= COPY_SHARE {
        ItemKind::Duplicate
    } else {
        ItemKind::Rewrite
    }
}

/// A sentence's words, lower-cased, without punctuation: how a copy, and a sentence a
/// report gives twice, is recognised.
pub(super) fn words(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}
