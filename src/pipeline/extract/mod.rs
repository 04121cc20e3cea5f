//! The extractor: turns a raw document into clean article text and what the page says
//! about it, dropping site furniture.
//!
//! Entry point: [`extract`]. HTML pages (by Content-Type, or by their first bytes when
//! none is declared) are decoded to UTF-8 (`decode`), rid of their scripts, styles,
//! comments and unread attributes (`prune`: over half the bytes, and the parser's
//! time), parsed with `scraper`, and read for metadata (`metadata`) and body
//! (`html`). Plain-text documents (the
//! seed corpus, pages saved as text) go through `text`; they must be UTF-8 unless
//! their Content-Type declares a charset.
//!
//! The page URL, when known, is the document's item id (`https://…`); it resolves
//! relative links and hints the encoding guess.

mod dates;
pub use dates::{month_number, weekday_number};
pub(crate) mod decode;
mod hints;
mod html;
mod metadata;
mod nesting;
mod prune;
mod text;

use crate::model::{Article, RawDocument};

/// Pages larger than this are refused. Real article pages are well under 2 MiB (the
/// largest of the 181 AEB benchmark pages is about 1.3 MiB); past this size a page is
/// not an article, and parsing it would cost seconds and hundreds of MiB.
pub const MAX_DOCUMENT_BYTES: usize = 10 * 1024 * 1024;

/// Why a document gave no article. The caller names the document.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    #[error("not UTF-8 text (invalid byte at offset {offset}); re-encode it as UTF-8")]
    NotUtf8 { offset: usize },
    #[error(
        "document is {size} bytes, over the {limit}-byte limit for one article page; \
         if it really is one article, save the article part of the page"
    )]
    TooLarge { size: usize, limit: usize },
    #[error(
        "markup nests elements more than {limit} deep, which no article page does; \
         the page is broken or hostile, so it was not parsed"
    )]
    TooDeep { limit: usize },
    #[error("no article text found (the document is empty or all site furniture)")]
    Empty,
}

/// Extracts the article from one raw document.
pub fn extract(doc: &RawDocument) -> Result<Article, ExtractError> {
    if doc.bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(ExtractError::TooLarge {
            size: doc.bytes.len(),
            limit: MAX_DOCUMENT_BYTES,
        });
    }
    let article = if looks_like_html(doc.content_type.as_deref(), &doc.bytes) {
        extract_html(doc)?
    } else {
        extract_plain_text(&doc.bytes, doc.content_type.as_deref())?
    };
    if article.paragraphs.is_empty() {
        return Err(ExtractError::Empty);
    }
    Ok(article)
}

fn extract_html(doc: &RawDocument) -> Result<Article, ExtractError> {
    let page_url = Some(doc.item.0.as_str()).filter(|id| id.starts_with("http"));
    let source = decode::decode_html(&doc.bytes, doc.content_type.as_deref(), page_url);
    let source = prune::prune(&source);
    if nesting::nests_deeper_than(source.as_bytes(), nesting::MAX_NESTING) {
        return Err(ExtractError::TooDeep {
            limit: nesting::MAX_NESTING,
        });
    }
    let parsed = scraper::Html::parse_document(&source);
    let meta = metadata::read_metadata(&parsed, page_url);
    let paragraphs = html::article_paragraphs(&parsed, meta.title.as_deref());
    Ok(Article {
        title: meta.title,
        authors: meta.authors,
        published: meta.published,
        updated: meta.updated,
        canonical_url: meta.canonical_url,
        language: meta.language,
        site_name: meta.site_name,
        image: meta.image,
        paragraphs,
    })
}

/// Plain text must be UTF-8 unless its Content-Type declares another charset: text has
/// no markup to declare one in, and a guess over a few lines would be unreliable.
fn extract_plain_text(bytes: &[u8], content_type: Option<&str>) -> Result<Article, ExtractError> {
    let declared = content_type.and_then(decode::charset_in_content_type);
    if let Some(encoding) = declared.filter(|e| *e != encoding_rs::UTF_8) {
        let (text, _, _) = encoding.decode(bytes);
        return Ok(text::extract_text(&text));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| ExtractError::NotUtf8 {
        offset: e.valid_up_to(),
    })?;
    Ok(text::extract_text(text))
}

/// HTML by the declared media type; without one, by markup at the very start (after
/// any BOM, whitespace, XML declaration or comment) and an HTML element near it.
fn looks_like_html(content_type: Option<&str>, bytes: &[u8]) -> bool {
    if let Some(ct) = content_type {
        return ct.to_ascii_lowercase().contains("html");
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    let head = bytes[start..bytes.len().min(start + 1024)].to_ascii_lowercase();
    head.first() == Some(&b'<')
        && [&b"<!doctype html"[..], b"<html", b"<head", b"<body"]
            .iter()
            .any(|tag| head.windows(tag.len()).any(|w| w == *tag))
}

#[cfg(test)]
mod tests {
    use super::looks_like_html;

    #[test]
    fn plain_text_in_a_declared_legacy_charset_is_decoded() {
        use crate::model::{ItemId, RawDocument};
        let text = "Мост снова открыт для движения, сообщил городской совет в понедельник утром.";
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(text);
        let mut doc = RawDocument {
            item: ItemId::for_file("a.txt"),
            bytes: bytes.into_owned(),
            content_type: Some("text/plain; charset=windows-1251".into()),
            fetched_at: chrono::Utc::now(),
        };
        let article = super::extract(&doc).unwrap();
        assert_eq!(article.text(), text);
        doc.content_type = Some("text/plain".into());
        assert!(matches!(
            super::extract(&doc),
            Err(super::ExtractError::NotUtf8 { .. })
        ));
    }

    #[test]
    fn html_is_recognised_by_its_start_when_no_type_is_declared() {
        for page in [
            "<!DOCTYPE html><html><body>x</body></html>",
            "\n  <html lang=en>",
            "<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">",
            "<!-- saved page --><html>",
        ] {
            assert!(looks_like_html(None, page.as_bytes()), "{page}");
        }
        for text in [
            "Senior officials said <html> tags were not the story.",
            "",
            "<p>",
        ] {
            assert!(!looks_like_html(None, text.as_bytes()), "{text}");
        }
        assert!(looks_like_html(Some("application/xhtml+xml"), b"x"));
        assert!(!looks_like_html(Some("text/plain"), b"<html>"));
    }
}
