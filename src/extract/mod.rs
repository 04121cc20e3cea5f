//! The extractor: turns a raw document into clean article text, dropping site furniture.
//!
//! Entry point: [`extract`]. Plain-text documents (the seed corpus, pages saved as text)
//! go through [`text`]; HTML pages are refused with a clear error until the HTML path lands.

mod dates;
pub use dates::month_number;
mod text;

use crate::model::{Article, RawDocument};

/// Why a document gave no article. The caller names the document.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    #[error("not UTF-8 text (invalid byte at offset {offset}); re-encode it as UTF-8")]
    NotUtf8 { offset: usize },
    #[error("looks like HTML, which this build does not extract yet; save the page as plain text")]
    Html,
    #[error("no article text found (the document is empty or all site furniture)")]
    Empty,
}

/// Extracts the article from one raw document.
pub fn extract(doc: &RawDocument) -> Result<Article, ExtractError> {
    let bytes = doc
        .bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(&doc.bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| ExtractError::NotUtf8 {
        offset: e.valid_up_to(),
    })?;
    if looks_like_html(doc.content_type.as_deref(), text) {
        return Err(ExtractError::Html);
    }
    let article = text::extract_text(text);
    if article.paragraphs.is_empty() {
        return Err(ExtractError::Empty);
    }
    Ok(article)
}

fn looks_like_html(content_type: Option<&str>, text: &str) -> bool {
    if let Some(ct) = content_type {
        return ct.to_ascii_lowercase().contains("html");
    }
    let head: String = text
        .trim_start()
        .chars()
        .take(64)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html")
}
