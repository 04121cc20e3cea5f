//! Bytes of an HTML page to UTF-8 text, in the order browsers decide the encoding:
//! a byte-order mark, then the charset the HTTP Content-Type declared, then a
//! `<meta charset>` / `http-equiv` declaration near the top of the page, then a guess
//! from the bytes themselves (chardetng, hinted by the page's top-level domain). One
//! departure: a `<meta>` naming a legacy charset loses to bytes that are valid UTF-8
//! throughout, as the feed reader decides (see `crate::feed::decode`). Sites re-encode their
//! pages and forget the declaration; legacy text that is also valid UTF-8 with its
//! non-ASCII bytes is all but impossible past a few characters.

use encoding_rs::{Encoding, UTF_8};

/// How far into the page a `<meta charset>` declaration is looked for. The HTML
/// standard says 1024 bytes; pages with long comments or scripts first put it later.
const META_PRESCAN_BYTES: usize = 4096;
/// How many bytes chardetng reads for its guess: enough text to be sure, bounded cost.
const DETECT_BYTES: usize = 256 * 1024;

/// Decodes a page; `content_type` is the HTTP header as given, `page_url` hints the
/// guess when nothing is declared. Malformed sequences become U+FFFD.
pub fn decode_html(bytes: &[u8], content_type: Option<&str>, page_url: Option<&str>) -> String {
    let encoding = Encoding::for_bom(bytes)
        .map(|(enc, _)| enc)
        .or_else(|| content_type.and_then(charset_in_content_type))
        .or_else(|| {
            charset_in_meta(&bytes[..bytes.len().min(META_PRESCAN_BYTES)])
                .map(|declared| utf8_over_stale_meta(declared, bytes))
        })
        .unwrap_or_else(|| guess(bytes, page_url));
    // A page cannot really be UTF-16 if its declaration was readable as ASCII.
    let encoding = encoding.output_encoding();
    // `decode` removes a BOM itself (and lets it override the label, as browsers do).
    let (text, _, _) = encoding.decode(bytes);
    text.into_owned()
}

/// UTF-8 instead of the legacy charset a `<meta>` `declared` when the page's bytes are
/// UTF-8 throughout and not all ASCII (where every such charset reads the same).
fn utf8_over_stale_meta(declared: &'static Encoding, bytes: &[u8]) -> &'static Encoding {
    if declared != UTF_8 && !bytes.is_ascii() && std::str::from_utf8(bytes).is_ok() {
        UTF_8
    } else {
        declared
    }
}

/// The charset parameter of a Content-Type header, if it names an encoding.
pub fn charset_in_content_type(content_type: &str) -> Option<&'static Encoding> {
    let lower = content_type.to_ascii_lowercase();
    let at = lower.find("charset")?;
    label_after_charset(&lower.as_bytes()[at + "charset".len()..])
}

/// A `<meta charset=...>` or `<meta http-equiv="Content-Type" content="...; charset=...">`.
fn charset_in_meta(head: &[u8]) -> Option<&'static Encoding> {
    let lower = head.to_ascii_lowercase();
    let mut rest = lower.as_slice();
    while let Some(at) = find(rest, b"<meta") {
        let tag = &rest[at..];
        let end = tag.iter().position(|&b| b == b'>').unwrap_or(tag.len());
        let tag = &tag[..end];
        if let Some(c) = find(tag, b"charset") {
            if let Some(enc) = label_after_charset(&tag[c + "charset".len()..]) {
                return Some(enc);
            }
        }
        rest = &rest[at + end.max(1)..];
    }
    None
}

/// Reads `= "label"` (quotes and spaces optional) and resolves the label.
fn label_after_charset(after: &[u8]) -> Option<&'static Encoding> {
    let after = trim_ascii_start(after);
    let after = trim_ascii_start(after.strip_prefix(b"=")?);
    let after = after
        .strip_prefix(b"\"")
        .or_else(|| after.strip_prefix(b"'"))
        .unwrap_or(after);
    let len = after
        .iter()
        .position(|&b| matches!(b, b'"' | b'\'' | b';' | b' ' | b'>' | b'/' | b'\t'))
        .unwrap_or(after.len());
    Encoding::for_label(&after[..len])
}

fn guess(bytes: &[u8], page_url: Option<&str>) -> &'static Encoding {
    let sample = &bytes[..bytes.len().min(DETECT_BYTES)];
    // Most pages are UTF-8; checking is far cheaper than detection.
    if valid_utf8_prefix(sample, bytes.len() > sample.len()) {
        return UTF_8;
    }
    detect(bytes, page_url)
}

/// chardetng's guess from the first bytes, with the page's top-level domain as a hint
/// (`.ua` pages lean to windows-1251): for text that declares no encoding (pages and
/// feeds alike).
pub(crate) fn detect(bytes: &[u8], page_url: Option<&str>) -> &'static Encoding {
    let sample = &bytes[..bytes.len().min(DETECT_BYTES)];
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(sample, sample.len() == bytes.len());
    detector.guess(
        top_level_domain(page_url).as_deref().map(str::as_bytes),
        chardetng::Utf8Detection::Allow,
    )
}

/// True when the sample is UTF-8, allowing a sequence cut at the end of a truncated sample.
fn valid_utf8_prefix(sample: &[u8], truncated: bool) -> bool {
    match std::str::from_utf8(sample) {
        Ok(_) => true,
        Err(e) => truncated && e.error_len().is_none(),
    }
}

fn top_level_domain(page_url: Option<&str>) -> Option<String> {
    let url = url::Url::parse(page_url?).ok()?;
    let host = url.host_str()?;
    let tld = host.rsplit('.').next()?;
    Some(tld.to_ascii_lowercase())
}

pub(crate) fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

pub(crate) fn trim_ascii_start(bytes: &[u8]) -> &[u8] {
    let skip = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    &bytes[skip..]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// "Москва — столица России." in windows-1251.
    const MOSCOW_1251: &[u8] =
        b"\xcc\xee\xf1\xea\xe2\xe0 \x97 \xf1\xf2\xee\xeb\xe8\xf6\xe0 \xd0\xee\xf1\xf1\xe8\xe8.";
    const MOSCOW: &str = "Москва — столица России.";

    fn page(head: &str, body: &[u8]) -> Vec<u8> {
        let mut bytes = format!("<html><head>{head}</head><body><p>").into_bytes();
        bytes.extend_from_slice(body);
        bytes.extend_from_slice(b"</p></body></html>");
        bytes
    }

    #[test]
    fn windows_1251_from_the_content_type_header() {
        let text = decode_html(
            &page("", MOSCOW_1251),
            Some("text/html; charset=windows-1251"),
            None,
        );
        assert!(text.contains(MOSCOW), "{text}");
    }

    #[test]
    fn windows_1251_from_a_meta_declaration() {
        let bytes = page(r#"<meta charset="windows-1251">"#, MOSCOW_1251);
        assert!(decode_html(&bytes, None, None).contains(MOSCOW));
        let bytes = page(
            r#"<meta http-equiv="Content-Type" content="text/html; charset=cp1251">"#,
            MOSCOW_1251,
        );
        assert!(decode_html(&bytes, Some("text/html"), None).contains(MOSCOW));
    }

    #[test]
    fn utf8_bytes_win_over_a_stale_meta_but_not_over_the_header() {
        // A page re-encoded as UTF-8 that still says gb2312 (as one Readability test
        // page does): read as GB2312 it is mojibake.
        let bytes = page(r#"<meta charset="gb2312">"#, "新闻 — 北京".as_bytes());
        let text = decode_html(&bytes, Some("text/html"), None);
        assert!(text.contains("新闻 — 北京"), "{text}");
        // The HTTP header is the server's word and still wins.
        let text = decode_html(&bytes, Some("text/html; charset=gb2312"), None);
        assert!(!text.contains("新闻"), "{text}");
        // Real windows-1251 bytes are not valid UTF-8: the meta still decides.
        let bytes = page(r#"<meta charset="windows-1251">"#, MOSCOW_1251);
        assert!(decode_html(&bytes, None, None).contains(MOSCOW));
    }

    #[test]
    fn windows_1251_guessed_when_nothing_is_declared() {
        let sentence = MOSCOW_1251.repeat(20);
        let text = decode_html(&page("", &sentence), None, Some("https://example.ru/a"));
        assert!(text.contains(MOSCOW), "{text}");
    }

    #[test]
    fn a_bom_wins_over_a_wrong_declaration() {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(&page(r#"<meta charset="windows-1251">"#, MOSCOW.as_bytes()));
        let text = decode_html(&bytes, None, None);
        assert!(
            text.contains(MOSCOW) && !text.starts_with('\u{feff}'),
            "{text}"
        );
    }

    #[test]
    fn invalid_utf8_becomes_replacement_characters() {
        let text = decode_html(
            &page("", b"ok \xff\xfe bytes"),
            Some("text/html; charset=utf-8"),
            None,
        );
        assert!(text.contains("ok \u{fffd}\u{fffd} bytes"), "{text}");
    }
}
