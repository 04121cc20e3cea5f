//! Versions: what changed between two versions of an article, and whether the change
//! looks like an edit at all.
//!
//! Entry points, all pure: [`changes`] gives the sentences added and removed (a
//! sentence-level diff, so a reworded sentence shows as the old one removed and the new
//! one added) and the headline change; [`suspect`] is the extraction-health check: when
//! the new text lost most of the old one, a page whose layout changed under the
//! extractor is reported instead of recorded as a drastic edit, until the same short
//! text has come back [`SUSPECT_ACCEPT_AFTER`] times.
//! [`word_diff`] gives the word-level diff a reader sees in `storywatch history`.

use crate::matcher::sentences::split_sentences;
use crate::model::{Article, TitleChange};
use similar::{capture_diff_slices, Algorithm, ChangeTag, DiffOp, TextDiff};

/// A new version counts as a suspected extraction failure when it keeps less than this
/// share of the previous version's words or of its sentences...
const SUSPECT_KEPT_SHARE: f64 = 0.5;
/// ...and the previous version was long enough for the share to mean something (a
/// three-sentence brief that grows or shrinks is news, not a broken extractor).
const SUSPECT_MIN_WORDS_BEFORE: usize = 80;
/// The same suspect text fetched this many times in a row is what the publisher now
/// serves (an article really cut, a retraction): it is then recorded as an edit.
pub const SUSPECT_ACCEPT_AFTER: u32 = 3;

/// What changed from one version to the next.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Changes {
    pub title: Option<TitleChange>,
    pub added: Vec<String>,
    pub removed: Vec<String>,
}

/// How much a suspect version lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shrinkage {
    pub words_before: usize,
    pub words_after: usize,
    pub sentences_before: usize,
    pub sentences_after: usize,
}

/// Whether `new` lost so much of `old` that the extractor more likely failed than the
/// publisher cut the article; then how much it lost.
pub fn suspect(old: &Article, new: &Article) -> Option<Shrinkage> {
    let shrinkage = Shrinkage {
        words_before: old.word_count(),
        words_after: new.word_count(),
        sentences_before: diff_units(old).len(),
        sentences_after: diff_units(new).len(),
    };
    shrinkage.is_suspect().then_some(shrinkage)
}

/// What changed from `old` to `new`: the headline, and the sentences removed and added.
pub fn changes(old: &Article, new: &Article) -> Changes {
    let (title, hunks) = hunks(old, new);
    let mut changes = Changes {
        title,
        ..Changes::default()
    };
    for hunk in hunks {
        changes.removed.extend(hunk.removed);
        changes.added.extend(hunk.added);
    }
    changes
}

impl Shrinkage {
    fn is_suspect(&self) -> bool {
        let kept = |after: usize, before: usize| after as f64 / before.max(1) as f64;
        self.words_before >= SUSPECT_MIN_WORDS_BEFORE
            && (kept(self.words_after, self.words_before) < SUSPECT_KEPT_SHARE
                || kept(self.sentences_after, self.sentences_before) < SUSPECT_KEPT_SHARE)
    }
}

/// One place where two versions differ: the run of sentences the old version had there
/// and the run the new one has (either may be empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hunk {
    pub removed: Vec<String>,
    pub added: Vec<String>,
}

/// The headline change and the places where the body changed, in order, for display.
pub fn hunks(old: &Article, new: &Article) -> (Option<TitleChange>, Vec<Hunk>) {
    (
        title_change(old, new),
        sentence_hunks(&diff_units(old), &diff_units(new)),
    )
}

fn title_change(old: &Article, new: &Article) -> Option<TitleChange> {
    (normalise(old.title.as_deref()) != normalise(new.title.as_deref())).then(|| TitleChange {
        before: old.title.clone(),
        after: new.title.clone(),
    })
}

fn sentence_hunks(old: &[String], new: &[String]) -> Vec<Hunk> {
    capture_diff_slices(Algorithm::Myers, old, new)
        .into_iter()
        .filter(|op| !matches!(op, DiffOp::Equal { .. }))
        .map(|op| {
            let (_, old_range, new_range) = op.as_tag_tuple();
            Hunk {
                removed: old[old_range].to_vec(),
                added: new[new_range].to_vec(),
            }
        })
        .collect()
}

/// The units a version is compared in: every block's sentences (headings included, since
/// a changed subheading is an edit too), whitespace-normalised so that re-wrapping and
/// new markup are not changes.
fn diff_units(article: &Article) -> Vec<String> {
    article
        .paragraphs
        .iter()
        .flat_map(|p| split_sentences(&p.text))
        .map(|s| normalise(Some(&s)))
        .collect()
}

fn normalise(text: Option<&str>) -> String {
    text.unwrap_or("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// One run of words in a word-level diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordRun {
    pub tag: ChangeTag,
    pub text: String,
}

/// The word-level diff from `old` to `new` text, as runs of kept, deleted and inserted
/// words (whitespace included, so the runs concatenate back into readable text).
pub fn word_diff(old: &str, new: &str) -> Vec<WordRun> {
    let diff = TextDiff::from_words(old, new);
    let mut runs: Vec<WordRun> = Vec::new();
    for change in diff.iter_all_changes() {
        match runs.last_mut() {
            Some(last) if last.tag == change.tag() => last.text.push_str(change.value()),
            _ => runs.push(WordRun {
                tag: change.tag(),
                text: change.value().to_string(),
            }),
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{BlockKind, Paragraph};

    fn article(title: &str, paragraphs: &[&str]) -> Article {
        Article {
            title: Some(title.to_string()),
            published: None,
            paragraphs: paragraphs
                .iter()
                .map(|t| Paragraph {
                    kind: BlockKind::Paragraph,
                    text: t.to_string(),
                })
                .collect(),
            ..Article::default()
        }
    }

    fn edited(old: &Article, new: &Article) -> Changes {
        assert_eq!(suspect(old, new), None);
        changes(old, new)
    }

    #[test]
    fn a_corrected_number_is_one_sentence_removed_and_one_added() {
        let old = article(
            "Quake hits",
            &["The quake killed 12 people. Rescuers are searching the rubble."],
        );
        let new = article(
            "Quake hits",
            &["The quake killed 15 people. Rescuers are searching the rubble."],
        );
        let changes = edited(&old, &new);
        assert_eq!(changes.removed, vec!["The quake killed 12 people."]);
        assert_eq!(changes.added, vec!["The quake killed 15 people."]);
        assert_eq!(changes.title, None);
    }

    #[test]
    fn rewrapping_and_paragraph_breaks_change_nothing() {
        let old = article("T", &["One sentence here. Another   one\nthere."]);
        let new = article("T", &["One sentence here.", "Another one there."]);
        assert_eq!(edited(&old, &new), Changes::default());
        assert_eq!(old.content_hash(), new.content_hash());
    }

    #[test]
    fn a_new_headline_is_reported() {
        let old = article("Talks stall", &["Officials met. Nothing was agreed."]);
        let new = article("Talks collapse", &["Officials met. Nothing was agreed."]);
        let changes = edited(&old, &new);
        assert_eq!(
            changes.title,
            Some(TitleChange {
                before: Some("Talks stall".into()),
                after: Some("Talks collapse".into())
            })
        );
        assert!(changes.added.is_empty() && changes.removed.is_empty());
    }

    #[test]
    fn losing_most_of_a_long_article_is_suspect_but_a_short_one_may_shrink() {
        let long: Vec<String> = (0..20)
            .map(|i| format!("Sentence number {i} of the report has several words in it."))
            .collect();
        let long_refs: Vec<&str> = long.iter().map(String::as_str).collect();
        let old = article("T", &long_refs);
        let new = article("T", &long_refs[..3]);
        let shrinkage = suspect(&old, &new).expect("suspect");
        assert_eq!(
            (shrinkage.sentences_before, shrinkage.sentences_after),
            (20, 3)
        );
        // Half a long article kept is still an edit.
        assert_eq!(suspect(&old, &article("T", &long_refs[..12])), None);
        let brief = article("T", &["A short brief. It has two sentences."]);
        let briefer = article("T", &["A short brief."]);
        assert_eq!(suspect(&brief, &briefer), None);
    }

    #[test]
    fn word_diff_marks_only_the_changed_words() {
        let runs = word_diff("The quake killed 12 people.", "The quake killed 15 people.");
        let changed: Vec<(ChangeTag, &str)> = runs
            .iter()
            .filter(|r| r.tag != ChangeTag::Equal)
            .map(|r| (r.tag, r.text.as_str()))
            .collect();
        assert_eq!(
            changed,
            vec![(ChangeTag::Delete, "12"), (ChangeTag::Insert, "15")]
        );
        let joined_new: String = runs
            .iter()
            .filter(|r| r.tag != ChangeTag::Delete)
            .map(|r| r.text.as_str())
            .collect();
        assert_eq!(joined_new, "The quake killed 15 people.");
    }
}
