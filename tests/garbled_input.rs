//! Untrusted text never panics the extractor or the matcher: every truncation and a
//! sweep of byte flips of the seed corpus go through both.

mod common;

use chrono::Utc;
use common::story_founded_by;
use storywatch::extract::extract;
use storywatch::matcher::{match_article, MatchParams, StoryIndex};
use storywatch::model::{ItemId, RawDocument, Story};

fn seed_bytes() -> Vec<Vec<u8>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

fn doc(bytes: Vec<u8>) -> RawDocument {
    RawDocument {
        item: ItemId("garbled".into()),
        bytes,
        content_type: Some("text/plain".into()),
        fetched_at: Utc::now(),
    }
}

/// A story holding every sentence of seed 000, to match garbled text against.
fn story() -> Story {
    story_founded_by(&extract(&doc(seed_bytes()[0].clone())).unwrap())
}

/// Runs the bytes through extraction and matching; errors are fine, panics are not.
fn run(bytes: Vec<u8>, stories: &StoryIndex) -> bool {
    match extract(&doc(bytes)) {
        Ok(article) => {
            let _ = match_article(stories, &article, &MatchParams::default());
            true
        }
        Err(_) => false,
    }
}

#[test]
fn truncations_and_byte_flips_of_the_seeds_do_not_panic() {
    let stories = StoryIndex::from_stories([story()]);
    let mut extracted = 0;
    let mut refused = 0;
    for bytes in seed_bytes() {
        for cut in (0..bytes.len()).step_by(41) {
            if run(bytes[..cut].to_vec(), &stories) {
                extracted += 1
            } else {
                refused += 1
            }
        }
        for (i, flip) in (0..bytes.len())
            .step_by(53)
            .zip([0xff_u8, 0x22, 0x2e, 0x0a, 0x20, 0xe2].iter().cycle())
        {
            let mut mutated = bytes.clone();
            mutated[i] = *flip;
            if run(mutated, &stories) {
                extracted += 1
            } else {
                refused += 1
            }
        }
    }
    // Both paths were exercised: most variants still extract, some are refused (bad UTF-8).
    assert!(
        extracted > 300 && refused > 10,
        "extracted {extracted}, refused {refused}"
    );
}

#[test]
fn pathological_text_does_not_panic() {
    let stories = StoryIndex::from_stories([story()]);
    let cases: Vec<Vec<u8>> = vec![
        Vec::new(),
        b"\xEF\xBB\xBF".to_vec(),
        "“".repeat(5000).into_bytes(),
        "A. B. C. D. ".repeat(2000).into_bytes(),
        "$ % 1,2,3 ... ten-twenty $90bn 5%% per cent of the August 31 2025 \n"
            .repeat(200)
            .into_bytes(),
        format!("{}.", "Word ".repeat(50_000)).into_bytes(),
        "- \n* \n• \n".repeat(1000).into_bytes(),
        "date 2025-13-45 Published: 31 February 2025 x\n"
            .repeat(100)
            .into_bytes(),
    ];
    for case in cases {
        run(case, &stories);
    }
}

/// A paragraph wrapped over 20,000 lines (a text dump with hard line breaks) is joined in
/// linear time: joining used to re-read the whole growing paragraph at every line, which
/// took minutes on a few megabytes.
#[test]
fn a_paragraph_wrapped_over_thousands_of_lines_is_joined_in_bounded_time() {
    let mut text = String::from(
        "A headline for the test\n\nThis is the first line of a long paragraph and it goes on\n",
    );
    for _ in 0..20_000 {
        text.push_str("and then they went on talking about the things with\n");
    }
    text.push_str("the end of it all.\n");
    let started = std::time::Instant::now();
    let article = extract(&doc(text.into_bytes())).expect("an article");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(10),
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(article.paragraphs.len(), 1, "one paragraph, joined");
    assert!(article.paragraphs[0].text.ends_with("the end of it all."));
}
