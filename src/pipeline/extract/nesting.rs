//! A cheap bound on how deeply a page nests its elements, checked before parsing.
//!
//! The HTML parser's tree builder checks "is an element of this kind open?" by walking
//! its stack of open elements, so a page nesting 100,000 `<div>`s costs it billions of
//! steps (minutes). Real pages nest a few dozen levels (the AEB benchmark's deepest
//! page estimates under 100), so a page estimated past [`MAX_NESTING`] is refused
//! before parsing.
//!
//! The estimate counts start tags minus end tags, skipping comments, the raw text of
//! `script`/`style`/…, void elements, and elements that the next sibling closes
//! implicitly (`p`, `li`, `td`…), which unclosed would otherwise pile up. An `<a>`
//! closes an open `<a>` (as the parser's adoption agency does). An inline `<svg>` or
//! `<math>` counts as one level plus its own deepest nesting, where (unlike HTML
//! elements) a tag ending in `/>` is closed.

use memchr::memchr;

/// Pages estimated to nest deeper than this are refused.
pub const MAX_NESTING: usize = 2_000;

/// Elements with no end tag.
const VOID: &[&[u8]] = &[
    b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta",
    b"source", b"track", b"wbr", b"param", b"keygen", b"frame", b"image",
];
/// Elements whose end tag is optional: the parser closes them when a sibling starts.
const SELF_CLOSING: &[&[u8]] = &[
    b"p",
    b"li",
    b"dt",
    b"dd",
    b"option",
    b"optgroup",
    b"tr",
    b"td",
    b"th",
    b"thead",
    b"tbody",
    b"tfoot",
    b"rb",
    b"rt",
    b"rp",
    b"colgroup",
    b"caption",
];
/// Elements whose content is raw text up to their end tag.
const RAW_TEXT: &[&[u8]] = &[
    b"script",
    b"style",
    b"textarea",
    b"title",
    b"xmp",
    b"iframe",
    b"noembed",
    b"noframes",
];

/// True when the markup nests elements deeper than `limit` (estimated).
pub fn nests_deeper_than(html: &[u8], limit: usize) -> bool {
    let mut depth = 0usize;
    let mut at = 0usize;
    let mut link_open = false;
    while let Some(offset) = memchr(b'<', &html[at..]) {
        at += offset + 1;
        let rest = &html[at..];
        if rest.starts_with(b"!--") {
            at += find(rest, b"-->").map_or(rest.len(), |end| end + 3);
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_start = usize::from(closing);
        let name_len = rest[name_start..]
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .unwrap_or(rest.len() - name_start);
        if name_len == 0 {
            continue;
        }
        let mut lower = [0u8; 16];
        let name = if name_len <= lower.len() {
            lower[..name_len].copy_from_slice(&rest[name_start..name_start + name_len]);
            lower[..name_len].make_ascii_lowercase();
            &lower[..name_len]
        } else {
            // Longer than any tag the estimate tells apart: a custom element.
            &rest[name_start..name_start + name_len]
        };
        at += name_start + name_len;
        if VOID.contains(&name) || SELF_CLOSING.contains(&name) {
            continue;
        }
        if name == b"a" {
            // One <a> is open at a time: the next <a> closes the last.
            if closing == link_open {
                link_open = !closing;
                depth = if closing {
                    depth.saturating_sub(1)
                } else {
                    depth + 1
                };
            }
            if depth > limit {
                return true;
            }
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
            continue;
        }
        if name == b"svg" || name == b"math" {
            let mut end_tag = b"</".to_vec();
            end_tag.extend_from_slice(name);
            if let Some(end) = find_ignore_case(&html[at..], &end_tag) {
                if depth + 1 + foreign_depth(&html[at..at + end]) > limit {
                    return true;
                }
                at += end + end_tag.len();
                continue;
            }
        }
        depth += 1;
        if depth > limit {
            return true;
        }
        if RAW_TEXT.contains(&name) {
            // Skip to this element's end tag; its text is not markup.
            let mut end_tag = b"</".to_vec();
            end_tag.extend_from_slice(name);
            match find_ignore_case(&html[at..], &end_tag) {
                Some(end) => {
                    at += end + end_tag.len();
                    depth -= 1;
                }
                None => return false,
            }
        }
    }
    false
}

/// The deepest nesting inside an `<svg>` or `<math>` element, where `<x/>` is closed.
fn foreign_depth(inner: &[u8]) -> usize {
    let (mut depth, mut deepest, mut at) = (0usize, 0usize, 0usize);
    while let Some(offset) = memchr(b'<', &inner[at..]) {
        at += offset + 1;
        let rest = &inner[at..];
        if rest.starts_with(b"!--") {
            at += find(rest, b"-->").map_or(rest.len(), |end| end + 3);
            continue;
        }
        if rest.first() == Some(&b'/') {
            depth = depth.saturating_sub(1);
            continue;
        }
        if !rest.first().is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let Some(end) = memchr(b'>', rest) else {
            break;
        };
        at += end + 1;
        if end > 0 && rest[end - 1] == b'/' {
            continue;
        }
        depth += 1;
        deepest = deepest.max(depth);
    }
    deepest
}

/// Where `needle` starts (scanning for its first byte with `memchr` keeps this fast).
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    find_by(haystack, needle, |a, b| a == b)
}

fn find_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    find_by(haystack, needle, |a, b| a.eq_ignore_ascii_case(b))
}

fn find_by(haystack: &[u8], needle: &[u8], eq: impl Fn(&[u8], &[u8]) -> bool) -> Option<usize> {
    let first = *needle.first()?;
    let mut at = 0;
    while let Some(offset) = memchr(first, &haystack[at..]) {
        let start = at + offset;
        let candidate = haystack.get(start..start + needle.len())?;
        if eq(candidate, needle) {
            return Some(start);
        }
        at = start + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_open_elements_not_closed_voids_or_implicit_closes() {
        let ok = "<html><body><div><p>a<p>b<br><img src=x><ul><li>1<li>2</ul></div></body></html>";
        assert!(!nests_deeper_than(ok.as_bytes(), 4));
        assert!(nests_deeper_than(ok.as_bytes(), 2));
        let deep = "<div>".repeat(50);
        assert!(nests_deeper_than(deep.as_bytes(), 40));
        assert!(!nests_deeper_than("<div></div>".repeat(50).as_bytes(), 2));
    }

    #[test]
    fn svg_paths_and_unclosed_links_do_not_nest() {
        let svg = format!(
            "<div><svg>{}</svg></div>",
            "<path d=\"M0 0\"/>".repeat(3_000)
        );
        assert!(!nests_deeper_than(svg.as_bytes(), 5));
        let deep_svg = format!("<svg>{}</svg>", "<g>".repeat(50));
        assert!(nests_deeper_than(deep_svg.as_bytes(), 40));
        let links = "<p><a href=x>tag".repeat(3_000);
        assert!(!nests_deeper_than(links.as_bytes(), 5));
        // An HTML element's "/>" is ignored by the parser: it stays open.
        assert!(nests_deeper_than("<div/>".repeat(50).as_bytes(), 40));
    }

    #[test]
    fn markup_inside_scripts_and_comments_is_not_counted() {
        let page = format!(
            "<html><script>var s = '{}';</script><!-- {} --><p>x</p></html>",
            "<div>".repeat(100),
            "<div>".repeat(100)
        );
        assert!(!nests_deeper_than(page.as_bytes(), 3));
    }
}
