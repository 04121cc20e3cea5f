//! Runs `feed::parse` over the shared feed corpora and prints, per folder: files, parsed
//! OK, with entries, errors by kind, panics caught, and the time.
//!
//! Usage: `cargo run --release --example feed_corpus -- ../shared/corpora [--verbose]`
//!
//! Folders: `feedparser/{wellformed,illformed,encoding,entities,json}` and `realfeeds`.
//! For feedparser files the `Header:` lines of the leading comment are applied as if the
//! test server had sent them (Content-Type's charset, Content-Location as the base URL).
//! "ok" means `Ok` (a title or entries). Most feedparser files test one feature, and
//! hundreds of them carry neither a title nor an entry (only a copyright, an author, a
//! bare `<rss></rss>`...): for those `FeedError::Empty` is the right answer. So the
//! "accepted" column is `ok` plus the `Empty` results on files with no `title`, `item` or
//! `entry` element anywhere outside comments (a conservative test: a `<title>` inside
//! `<image>` makes an Empty count as a failure). `--verbose` lists every file that was
//! not ok, marking the Empty ones that count as accepted, and the real feeds that gave
//! a title but no entries.

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::Instant;

use storywatch::feed;

/// The daemon's allocator (see `src/main.rs`), so that the figures are the daemon's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The base URL of the feedparser test server, which the expectations assume.
const FEEDPARSER_BASE: &str = "http://127.0.0.1:8097/";

#[derive(Default)]
struct Tally {
    files: usize,
    ok: usize,
    /// `ok` plus Empty on files that have no title / item / entry element.
    accepted: usize,
    with_entries: usize,
    errors: BTreeMap<&'static str, usize>,
    panics_caught: usize,
    panics_escaped: usize,
    failures: Vec<String>,
}

fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().unwrap_or_else(|| "../shared/corpora".into()));
    let verbose = args.any(|a| a == "--verbose" || a == "-v");
    let folders: &[(&str, &str)] = &[
        ("feedparser/wellformed", "feedparser"),
        ("feedparser/illformed", "feedparser"),
        ("feedparser/encoding", "feedparser"),
        ("feedparser/entities", "feedparser"),
        ("feedparser/json", "feedparser"),
        ("realfeeds", "realfeeds"),
    ];
    println!(
        "{:<24} {:>6} {:>6} {:>9} {:>8} {:>7} {:>6}  errors by kind",
        "folder", "files", "ok", "accepted", "entries", "panics", "ms"
    );
    for (folder, kind) in folders {
        let dir = root.join(folder);
        let mut files = Vec::new();
        collect(&dir, &mut files);
        files.sort();
        let started = Instant::now();
        let mut tally = Tally::default();
        for path in &files {
            run_one(path, &dir, *kind == "feedparser", &mut tally);
        }
        let ms = started.elapsed().as_millis();
        let errors: Vec<String> = tally
            .errors
            .iter()
            .map(|(k, n)| format!("{k}={n}"))
            .collect();
        println!(
            "{:<24} {:>6} {:>6} {:>9} {:>8} {:>7} {:>6}  {}{}",
            folder,
            tally.files,
            tally.ok,
            tally.accepted,
            tally.with_entries,
            tally.panics_caught,
            ms,
            if errors.is_empty() {
                "-".to_string()
            } else {
                errors.join(" ")
            },
            if tally.panics_escaped > 0 {
                format!("  ESCAPED PANICS={}", tally.panics_escaped)
            } else {
                String::new()
            },
        );
        if verbose {
            for f in &tally.failures {
                println!("    {f}");
            }
        }
    }
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if path.is_dir() {
            collect(&path, out);
        } else if !name.ends_with(".expected.json")
            && !name.ends_with(".md")
            && !name.starts_with("README")
            && name != "LICENSE"
        {
            out.push(path);
        }
    }
}

fn run_one(path: &Path, dir: &Path, feedparser: bool, tally: &mut Tally) {
    let Ok(bytes) = std::fs::read(path) else {
        return;
    };
    tally.files += 1;
    let rel = path.strip_prefix(dir).unwrap_or(path).display().to_string();
    let (content_type, base) = if feedparser {
        headers(&bytes, &rel)
    } else {
        (None, None)
    };
    let result = catch_unwind(AssertUnwindSafe(|| {
        feed::parse(&bytes, content_type.as_deref(), base.as_deref())
    }));
    match result {
        Ok(Ok(parsed)) => {
            tally.ok += 1;
            tally.accepted += 1;
            if parsed.entries.is_empty() {
                // Single-feature feedparser files are mostly title-only by design.
                if !feedparser {
                    tally.failures.push(format!("{rel}: ok, title only"));
                }
            } else {
                tally.with_entries += 1;
            }
        }
        Ok(Err(e)) => {
            if matches!(e, feed::FeedError::Panicked(_)) {
                tally.panics_caught += 1;
            }
            *tally.errors.entry(e.kind()).or_default() += 1;
            if matches!(e, feed::FeedError::Empty) && !has_title_or_entries(&bytes) {
                tally.accepted += 1;
                tally
                    .failures
                    .push(format!("{rel}: {e} (accepted: none in file)"));
            } else {
                tally.failures.push(format!("{rel}: {e}"));
            }
        }
        Err(_) => {
            tally.panics_escaped += 1;
            tally.failures.push(format!("{rel}: PANIC ESCAPED"));
        }
    }
}

/// True when the file has a `title`, `item` or `entry` element (any prefix) outside
/// comments; decoded leniently, as the markup is ASCII in every encoding in the corpus
/// bar UTF-16/32, whose NULs are dropped.
fn has_title_or_entries(bytes: &[u8]) -> bool {
    let text: String = String::from_utf8_lossy(bytes)
        .chars()
        .filter(|c| *c != '\0')
        .collect();
    let mut rest = text.as_str();
    let mut outside = String::new();
    while let Some(at) = rest.find("<!--") {
        outside.push_str(&rest[..at]);
        rest = rest[at..].find("-->").map_or("", |e| &rest[at + e + 3..]);
    }
    outside.push_str(rest);
    ["title", "item", "entry"].iter().any(|name| {
        outside.match_indices(name).any(|(i, _)| {
            let before = outside[..i].chars().next_back();
            let after = outside[i + name.len()..].chars().next();
            matches!(before, Some('<' | ':'))
                && matches!(after, Some('>' | ' ' | '\t' | '\n' | '\r' | '/'))
        })
    })
}

/// The Content-Type and base URL a feedparser test file would be served with.
fn headers(bytes: &[u8], rel: &str) -> (Option<String>, Option<String>) {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]);
    let mut content_type = None;
    let served_at = format!("{FEEDPARSER_BASE}{rel}");
    let mut base = Some(served_at.clone());
    for line in head.lines() {
        let Some(header) = line.trim().strip_prefix("Header:") else {
            continue;
        };
        let Some((name, value)) = header.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "content-type" => content_type = Some(value.to_string()),
            "content-location" => {
                // Relative to the URL the file was served from; an unsafe or unreadable
                // location is ignored, as a browser would.
                base = url::Url::parse(&served_at)
                    .ok()
                    .and_then(|b| b.join(value).ok())
                    .filter(|u| matches!(u.scheme(), "http" | "https"))
                    .map(|u| u.to_string())
                    .or(base);
            }
            _ => {}
        }
    }
    (content_type, base)
}
