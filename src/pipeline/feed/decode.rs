//! Feed bytes to UTF-8 text. The XML counterpart of [`crate::extract::decode`]: the
//! encoding is decided in this order:
//!
//! 1. a byte-order mark (UTF-8, UTF-16, UTF-32), or the UTF-16/32 shape of `<` in the
//!    first bytes when there is no mark;
//! 2. the bytes themselves when they are valid UTF-8 and not pure ASCII (real feeds
//!    declare Latin-1 over UTF-8 bytes far more often than the reverse can happen);
//! 3. the `encoding` of the XML declaration, then the HTTP `charset` (a server default
//!    is less reliable than what the document says of itself);
//! 4. a guess by chardetng, hinted by the feed URL's top-level domain.
//!
//! Labels that cannot describe the bytes are skipped: UTF-16 declared over ASCII-shaped
//! bytes, UTF-8 declared over invalid UTF-8.

use crate::extract::decode::{charset_in_content_type, detect, find, trim_ascii_start};
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

/// How far into the document the XML declaration is looked for (a comment may precede
/// it in broken feeds).
const DECL_PRESCAN_BYTES: usize = 2048;

/// Decodes a feed body to UTF-8, without a leading BOM. Malformed sequences become U+FFFD.
pub fn decode_xml(bytes: &[u8], content_type: Option<&str>, base_url: Option<&str>) -> String {
    let mut text = match unicode_shape(bytes) {
        Some(Shape::Utf32 { big_endian, skip }) => decode_utf32(&bytes[skip..], big_endian),
        Some(Shape::Encoding(enc, skip)) => enc
            .decode_without_bom_handling(&bytes[skip..])
            .0
            .into_owned(),
        None => {
            let enc = choose_ascii_compatible(bytes, content_type, base_url);
            enc.decode_without_bom_handling(bytes).0.into_owned()
        }
    };
    // A second BOM after decoding (e.g. one per concatenated chunk) is noise, not text.
    if text.starts_with('\u{feff}') {
        text.remove(0);
    }
    text
}

enum Shape {
    Utf32 { big_endian: bool, skip: usize },
    Encoding(&'static Encoding, usize),
}

/// Encodings recognisable from the first bytes alone: BOMs, and `<` / `<?` in UTF-16 or
/// UTF-32 without a BOM (the XML spec's autodetection table).
fn unicode_shape(bytes: &[u8]) -> Option<Shape> {
    // UTF-32 first: its little-endian BOM starts with the UTF-16LE one.
    match bytes {
        [0x00, 0x00, 0xFE, 0xFF, ..] => {
            return Some(Shape::Utf32 {
                big_endian: true,
                skip: 4,
            })
        }
        [0xFF, 0xFE, 0x00, 0x00, ..] => {
            return Some(Shape::Utf32 {
                big_endian: false,
                skip: 4,
            })
        }
        [0x00, 0x00, 0x00, 0x3C, ..] => {
            return Some(Shape::Utf32 {
                big_endian: true,
                skip: 0,
            })
        }
        [0x3C, 0x00, 0x00, 0x00, ..] => {
            return Some(Shape::Utf32 {
                big_endian: false,
                skip: 0,
            })
        }
        _ => {}
    }
    if let Some((enc, len)) = Encoding::for_bom(bytes) {
        return Some(Shape::Encoding(enc, len));
    }
    match bytes {
        [0x00, b, 0x00, c, ..] if b.is_ascii() && c.is_ascii() && *b != 0 => {
            Some(Shape::Encoding(UTF_16BE, 0))
        }
        [b, 0x00, c, 0x00, ..] if b.is_ascii() && c.is_ascii() && *b != 0 => {
            Some(Shape::Encoding(UTF_16LE, 0))
        }
        _ => None,
    }
}

/// encoding_rs has no UTF-32 (browsers dropped it); feeds still use it, rarely.
fn decode_utf32(bytes: &[u8], big_endian: bool) -> String {
    bytes
        .chunks(4)
        .map(|c| {
            let word = match c {
                [a, b, c, d] if big_endian => u32::from_be_bytes([*a, *b, *c, *d]),
                [a, b, c, d] => u32::from_le_bytes([*a, *b, *c, *d]),
                _ => 0xFFFD,
            };
            char::from_u32(word).unwrap_or('\u{fffd}')
        })
        .collect()
}

fn choose_ascii_compatible(
    bytes: &[u8],
    content_type: Option<&str>,
    base_url: Option<&str>,
) -> &'static Encoding {
    let declared = declared_encoding(&bytes[..bytes.len().min(DECL_PRESCAN_BYTES)]);
    let header = content_type.and_then(charset_in_content_type);
    // Only ASCII-compatible labels can describe bytes that showed no UTF-16/32 shape.
    let labels: Vec<&'static Encoding> = [declared, header]
        .into_iter()
        .flatten()
        .filter(|e| e.is_ascii_compatible() || *e == encoding_rs::ISO_2022_JP)
        .collect();
    if bytes.is_ascii() {
        // Every ASCII-compatible encoding reads ASCII the same; only a 7-bit encoding
        // (ISO-2022-JP) differs.
        return match labels.first() {
            Some(&enc) if enc == encoding_rs::ISO_2022_JP => enc,
            _ => UTF_8,
        };
    }
    if std::str::from_utf8(bytes).is_ok() {
        return UTF_8;
    }
    // Not UTF-8, so a UTF-8 label is wrong.
    if let Some(&enc) = labels.iter().find(|e| **e != UTF_8) {
        return enc;
    }
    detect(bytes, base_url)
}

/// The `encoding="..."` of the first `<?xml ...?>` declaration in `head`, if it names an
/// encoding encoding_rs knows.
pub fn declared_encoding(head: &[u8]) -> Option<&'static Encoding> {
    let at = find(head, b"<?xml")?;
    let decl = &head[at..];
    let end = find(decl, b"?>").unwrap_or(decl.len());
    let decl = &decl[..end];
    let e = find(decl, b"encoding")?;
    let after = trim_ascii_start(&decl[e + b"encoding".len()..]);
    let after = trim_ascii_start(after.strip_prefix(b"=")?);
    let (quote, rest) = after.split_first()?;
    let label = if matches!(quote, b'"' | b'\'') {
        let len = rest.iter().position(|b| b == quote).unwrap_or(rest.len());
        &rest[..len]
    } else {
        let len = after
            .iter()
            .position(|b| b.is_ascii_whitespace() || *b == b'?')
            .unwrap_or(after.len());
        &after[..len]
    };
    Encoding::for_label(label)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(s: &str, bom: bool) -> Vec<u8> {
        let mut out = if bom { vec![0xFF, 0xFE] } else { vec![] };
        for u in s.encode_utf16() {
            out.extend_from_slice(&u.to_le_bytes());
        }
        out
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let doc = r#"<?xml version="1.0" encoding="utf-16"?><rss>Ж</rss>"#;
        assert_eq!(decode_xml(&utf16le(doc, true), None, None), doc);
        assert_eq!(decode_xml(&utf16le(doc, false), None, None), doc);
    }

    #[test]
    fn utf32_big_endian_with_bom() {
        let doc = "<rss>Ж</rss>";
        let mut bytes = vec![0, 0, 0xFE, 0xFF];
        for c in doc.chars() {
            bytes.extend_from_slice(&(c as u32).to_be_bytes());
        }
        assert_eq!(decode_xml(&bytes, None, None), doc);
    }

    #[test]
    fn valid_utf8_wins_over_a_latin1_declaration() {
        let doc = "<?xml version='1.0' encoding='iso-8859-1'?><rss>café</rss>";
        assert_eq!(decode_xml(doc.as_bytes(), None, None), doc);
    }

    #[test]
    fn declaration_then_header() {
        let bytes = b"<?xml version=\"1.0\" encoding=\"windows-1251\"?><t>\xcc\xee</t>";
        assert!(decode_xml(bytes, Some("text/xml; charset=utf-8"), None).contains("Мо"));
        let bytes = b"<?xml version=\"1.0\"?><t>\xcc\xee</t>";
        assert!(decode_xml(bytes, Some("text/xml; charset=windows-1251"), None).contains("Мо"));
    }
}
