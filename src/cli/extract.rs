//! Helpers of `storywatch extract`: reading saved pages (plain or gzip) and printing
//! an article with all its fields.

use anyhow::{Context, Result};
use serde::Serialize;
use std::io::Read;
use storywatch::extract::MAX_DOCUMENT_BYTES;
use storywatch::model::{Article, Paragraph};

/// The bytes of a file, or of standard input for `-`; gzip data is decompressed.
pub fn read_input(input: &str) -> Result<Vec<u8>> {
    let mut raw = Vec::new();
    // One byte over the limit is enough for the extractor to refuse the page by size.
    let cap = MAX_DOCUMENT_BYTES as u64 + 1;
    if input == "-" {
        std::io::stdin()
            .lock()
            .take(cap)
            .read_to_end(&mut raw)
            .context("cannot read standard input")?;
    } else {
        let file = std::fs::File::open(input).with_context(|| format!("cannot open {input}"))?;
        file.take(cap)
            .read_to_end(&mut raw)
            .with_context(|| format!("cannot read {input}"))?;
    }
    if !raw.starts_with(&[0x1f, 0x8b]) {
        return Ok(raw);
    }
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(raw.as_slice())
        .take(cap)
        .read_to_end(&mut bytes)
        .with_context(|| {
            format!("{input}: gzip data is truncated or corrupt; download or copy the file again")
        })?;
    Ok(bytes)
}

/// The media type a saved file's name implies; `None` lets the extractor sniff.
pub fn content_type_for(input: &str) -> Option<String> {
    let lower = input.to_ascii_lowercase();
    let name = lower.strip_suffix(".gz").unwrap_or(&lower);
    if name.ends_with(".html") || name.ends_with(".htm") || name.ends_with(".xhtml") {
        Some("text/html".to_string())
    } else if name.ends_with(".txt") {
        Some("text/plain".to_string())
    } else {
        None
    }
}

/// `page.html.gz` → `page`: the file name without its page and compression extensions.
pub fn file_stem(input: &str) -> String {
    if input == "-" {
        return "stdin".to_string();
    }
    let name = std::path::Path::new(input)
        .file_name()
        .map_or_else(|| "stdin".to_string(), |n| n.to_string_lossy().into_owned());
    let mut stem = name.as_str();
    for ext in [".gz", ".html", ".htm", ".xhtml", ".txt"] {
        if let Some(s) = stem.strip_suffix(ext).filter(|s| !s.is_empty()) {
            stem = s;
        }
    }
    stem.to_string()
}

/// Every field of an article, empty ones as `null` / `[]` (the stored form omits them).
#[derive(Serialize)]
pub struct ArticleJson<'a> {
    title: &'a Option<String>,
    authors: &'a [String],
    published: Option<chrono::NaiveDate>,
    updated: Option<chrono::NaiveDate>,
    canonical_url: &'a Option<String>,
    language: &'a Option<String>,
    site_name: &'a Option<String>,
    image: &'a Option<String>,
    paragraphs: &'a [Paragraph],
}

impl<'a> From<&'a Article> for ArticleJson<'a> {
    fn from(a: &'a Article) -> Self {
        ArticleJson {
            title: &a.title,
            authors: &a.authors,
            published: a.published,
            updated: a.updated,
            canonical_url: &a.canonical_url,
            language: &a.language,
            site_name: &a.site_name,
            image: &a.image,
            paragraphs: &a.paragraphs,
        }
    }
}
