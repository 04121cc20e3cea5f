//! Cuts what never holds article text or metadata out of a page's markup before it is
//! parsed: scripts (but JSON-LD), styles and comments, about half a news page's bytes.
//! The parser builds the same tree without them, in less time.
//!
//! The scan follows the HTML tokenizer where it matters: tags (a quoted attribute value
//! may hold a `>`), comments, raw text (`<script>` with its escaped states, `<style>`,
//! `<title>`, `<textarea>`…) and foreign content (`<svg>`, `<math>`), where none of
//! those is raw text. A cut never makes the parser read what is left differently:
//!
//! - the text before and after a cut must not become one run of text where the parser
//!   would treat it otherwise: a cut is made where it touches a tag, or with only
//!   whitespace on both sides (text inside a `<table>` is moved out of it, but
//!   whitespace stays, so a run of text joined to whitespace would take it along; and
//!   no `<` or `&…` is completed across the cut);
//! - not straight after `<pre>` or `<listing>`, whose first line break is dropped;
//! - a script or style only once a doctype, tag or text came first: before one, it puts
//!   the page in quirks mode.
//!
//! `<noscript>` is kept: where it stands between `</head>` and `<body>` it opens the
//! body, which another tag may not. Where the scan cannot be sure of the parser's state
//! (a `<frameset>` or `<plaintext>`, foreign content holding HTML, a template read as a
//! column group, a page ending inside a tag) the rest of the page is kept as it is.
//!
//! Attributes nothing reads (`src`, `srcset`, `data-…`; see [`is_kept_attribute`]) are
//! dropped from most tags too. Formatting elements and `<input>` keep theirs: the
//! parser compares or reads them.

use memchr::memchr;
use std::ops::Range;

/// The page's markup without its scripts (but JSON-LD), styles and comments.
pub fn prune(html: &str) -> String {
    let b = html.as_bytes();
    let mut out = String::with_capacity(html.len());
    // `html[..kept]` is in `out` or cut; the scan goes on at `at`.
    let mut kept = 0;
    let mut at = 0;
    // The text since the last token kept, as the parser will see it: what it holds.
    let mut text = Run::default();
    // A doctype, tag or text came: the parser is past its initial mode.
    let mut started = false;
    // The last token kept was a `<pre>` or `<listing>` start tag, and no text came.
    let mut after_pre = false;
    // The parser may be in a column group: a `<col>` or `<colgroup>` start tag came, and
    // no other tag or text since (but the few the group lets by).
    let mut in_colgroup = false;
    // The open `<template>` elements.
    let mut templates: Vec<Template> = Vec::new();
    while let Some(offset) = memchr(b'<', &b[at..]) {
        let lt = at + offset;
        text.add(&b[at..lt]);
        let Some(token) = read_token(b, lt) else {
            break;
        };
        let (end, cuttable) = match &token {
            Token::Text => {
                text.add(b"<");
                at = lt + 1;
                continue;
            }
            Token::Comment { end } => (*end, true),
            Token::Bogus { end } | Token::Ignored { end } | Token::Doctype { end } => (*end, false),
            Token::EndTag(tag) => (tag.end, false),
            Token::StartTag(tag) => {
                if let Some(template) = templates.last_mut().filter(|t| !t.mode_set) {
                    // A template's first start tag sets how the parser reads it; after
                    // a <col>, it ignores the start tag of a script or style, whose text
                    // is then markup. (Tags of the <head> leave the mode unset.)
                    match tag.kind {
                        Kind::Col => break,
                        Kind::Head | Kind::HeadRawText | Kind::Script | Kind::Style => {}
                        Kind::Template => {}
                        _ => template.mode_set = true,
                    }
                }
                let Some((end, cuttable)) = element_end(b, tag) else {
                    break;
                };
                // In a column group, a script or style start tag closes the group.
                (end, cuttable && !in_colgroup && (started || text.visible))
            }
        };
        if cuttable && !(after_pre && text.is_empty()) && joins_cleanly(b, &text, end) {
            out.push_str(&html[kept..lt]);
            kept = end;
            at = end;
            continue;
        }
        // Comments leave the parser in its initial mode; other tokens do not.
        started |= text.visible
            || matches!(
                token,
                Token::Doctype { .. } | Token::EndTag(_) | Token::StartTag(_)
            );
        after_pre = matches!(&token, Token::StartTag(tag) if tag.kind == Kind::Pre);
        if let Token::StartTag(tag) = &token {
            let plain = matches!(
                tag.kind,
                Kind::Other | Kind::Pre | Kind::Col | Kind::Colgroup | Kind::Head | Kind::Html
            );
            if plain && tag.drops_attributes {
                out.push_str(&html[kept..lt]);
                write_kept_attributes(html, tag, &mut out);
                kept = end;
            }
        }
        in_colgroup &= !text.visible;
        match &token {
            Token::StartTag(tag) => match tag.kind {
                Kind::Col | Kind::Colgroup => in_colgroup = true,
                Kind::Html => {}
                Kind::Template => {
                    templates.push(Template {
                        mode_set: false,
                        in_colgroup,
                    });
                    in_colgroup = false;
                }
                _ => in_colgroup = false,
            },
            Token::EndTag(tag) => match tag.kind {
                Kind::Col => {}
                Kind::Template => {
                    if let Some(template) = templates.pop() {
                        in_colgroup = template.in_colgroup;
                    }
                }
                _ => in_colgroup = false,
            },
            _ => {}
        }
        // A doctype past the start is dropped before it ends a run of text (in a
        // table, where that matters); `</>` is no token at all.
        if !matches!(token, Token::Doctype { .. } | Token::Ignored { .. }) {
            text = Run::default();
        }
        at = end;
    }
    out.push_str(&html[kept..]);
    out
}

/// An open `<template>`.
struct Template {
    /// Its first start tag came (but a tag of the `<head>`), which set how it is read.
    mode_set: bool,
    /// The parser was in a column group when it opened.
    in_colgroup: bool,
}

/// The text between two tokens kept.
#[derive(Default)]
struct Run {
    /// Some text came.
    any: bool,
    /// Something other than whitespace came.
    visible: bool,
    /// The last byte is a carriage return.
    ends_in_cr: bool,
}

impl Run {
    fn add(&mut self, text: &[u8]) {
        let Some(&last) = text.last() else {
            return;
        };
        self.any = true;
        self.visible = self.visible || !text.iter().all(|&c| is_space(c));
        self.ends_in_cr = last == b'\r';
    }

    fn is_empty(&self) -> bool {
        !self.any
    }
}

/// Whether cutting up to `end` leaves the text before (`before`) and after the cut read
/// as it was: one side is empty (a token is next to the cut), or both are whitespace
/// (but a carriage return and a line feed, which would make one line break).
fn joins_cleanly(b: &[u8], before: &Run, end: usize) -> bool {
    if !before.any {
        return true;
    }
    let next = memchr(b'<', &b[end..]).map_or(b.len(), |offset| end + offset);
    let markup_next = next == b.len() || starts_markup(b, next);
    let after = &b[end..next];
    markup_next
        && (after.is_empty()
            || (!before.visible
                && after.iter().all(|&c| is_space(c))
                && !(before.ends_in_cr && after[0] == b'\n')))
}

/// Whether the `<` at `lt` starts a token that ends a run of text (not a doctype, not
/// `</>`).
fn starts_markup(b: &[u8], lt: usize) -> bool {
    match b.get(lt + 1) {
        Some(b'!') => !b
            .get(lt + 2..lt + 9)
            .is_some_and(|d| d.eq_ignore_ascii_case(b"doctype")),
        Some(b'?') => true,
        Some(b'/') => b.get(lt + 2).is_some_and(|&c| c != b'>'),
        Some(c) => c.is_ascii_alphabetic(),
        None => false,
    }
}

/// The tokenizer's whitespace (a carriage return is a line feed to it).
fn is_space(c: u8) -> bool {
    matches!(c, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ')
}

/// What starts at a `<` in the page's text; `end` is just past it.
enum Token {
    /// A `<` that starts nothing.
    Text,
    Comment {
        end: usize,
    },
    Doctype {
        end: usize,
    },
    /// `<!…>`, `<?…>`, `</ …>`: read as comments, but kept (one is a doctype's lookalike).
    Bogus {
        end: usize,
    },
    EndTag(StartTag),
    StartTag(StartTag),
    /// `</>`, which the tokenizer drops.
    Ignored {
        end: usize,
    },
}

/// The elements the scan tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Script,
    Style,
    /// Raw text kept: `<noscript>` (the parser runs scripts), `<xmp>`, `<iframe>`,
    /// `<noembed>`, and (with character references) `<textarea>`.
    KeptRawText,
    /// Raw text kept, of elements of the `<head>`: `<noframes>`, `<title>`.
    HeadRawText,
    Foreign,
    Pre,
    Template,
    Col,
    Colgroup,
    Html,
    /// Tags of the `<head>` that may come first in a template: `<base>`, `<basefont>`,
    /// `<bgsound>`, `<link>`, `<meta>`.
    Head,
    /// Elements whose attributes the parser compares or reads: formatting elements
    /// (copies of them are made, and the same three in a row are cut to two) and
    /// `<input>` (`type=hidden` stays in a table).
    AllAttributes,
    /// The rest of the page is not read as markup (`<plaintext>`), or not by the rules
    /// followed here (`<frameset>`).
    Stop,
    Other,
}

/// A start or end tag.
struct StartTag {
    kind: Kind,
    /// The tag name, as written.
    name: Range<usize>,
    /// Just past the `>`.
    end: usize,
    self_closing: bool,
    /// The first `type` attribute's value.
    type_value: Option<Range<usize>>,
    /// Some attribute is not kept ([`is_kept_attribute`]).
    drops_attributes: bool,
}

/// The token at `b[lt] == b'<'`; `None` when the page ends inside it.
fn read_token(b: &[u8], lt: usize) -> Option<Token> {
    let rest = &b[lt + 1..];
    match rest.first() {
        Some(b'!') if rest.starts_with(b"!--") => Some(Token::Comment {
            end: comment_end(b, lt + 4),
        }),
        Some(b'!') => {
            let end = memchr(b'>', &b[lt..]).map_or(b.len(), |e| lt + e + 1);
            let doctype = rest.len() >= 8 && rest[1..8].eq_ignore_ascii_case(b"doctype");
            Some(if doctype {
                Token::Doctype { end }
            } else {
                Token::Bogus { end }
            })
        }
        Some(b'?') => Some(Token::Bogus {
            end: memchr(b'>', &b[lt..]).map_or(b.len(), |e| lt + e + 1),
        }),
        Some(b'/') => match rest.get(1) {
            Some(c) if c.is_ascii_alphabetic() => read_tag(b, lt + 2).map(Token::EndTag),
            Some(b'>') => Some(Token::Ignored { end: lt + 3 }),
            Some(_) => Some(Token::Bogus {
                end: memchr(b'>', &b[lt..]).map_or(b.len(), |e| lt + e + 1),
            }),
            None => Some(Token::Text),
        },
        Some(c) if c.is_ascii_alphabetic() => read_tag(b, lt + 1).map(Token::StartTag),
        _ => Some(Token::Text),
    }
}

/// Just past a comment whose text starts at `from` (after `<!--`): at the first `-->`
/// or `--!>`, or at once for the abrupt `<!-->` and `<!--->`; the page's end if none.
fn comment_end(b: &[u8], from: usize) -> usize {
    let rest = &b[from.min(b.len())..];
    if rest.starts_with(b">") {
        return from + 1;
    }
    if rest.starts_with(b"->") {
        return from + 2;
    }
    let mut i = from;
    while let Some(offset) = memchr(b'-', &b[i.min(b.len())..]) {
        let d = i + offset;
        if b.get(d + 1) == Some(&b'-') {
            match (b.get(d + 2), b.get(d + 3)) {
                (Some(b'>'), _) => return d + 3,
                (Some(b'!'), Some(b'>')) => return d + 4,
                _ => {}
            }
        }
        i = d + 1;
    }
    b.len()
}

/// A tag whose name starts at `from`, read to its `>` as the tokenizer reads it: the
/// name runs to a space, `/` or `>`; an attribute value in quotes may hold a `>`.
/// `None` when the page ends inside the tag.
fn read_tag(b: &[u8], from: usize) -> Option<StartTag> {
    let mut type_value = None;
    let mut drops_attributes = false;
    let (name, end, self_closing) = scan_tag(b, from, |name, _, value| {
        if type_value.is_none() && name.eq_ignore_ascii_case(b"type") {
            type_value = Some(value);
        }
        drops_attributes |= !is_kept_attribute(name);
    })?;
    Some(StartTag {
        kind: kind_of(&b[name.clone()]),
        name,
        end,
        self_closing,
        type_value,
        drops_attributes,
    })
}

/// Reads a tag whose name starts at `from`; gives each attribute's name, whole text
/// (`name="value"`) and value to `attribute`, and returns the name, where the tag ends
/// (past its `>`) and whether it ends in `/>`.
fn scan_tag(
    b: &[u8],
    from: usize,
    mut attribute: impl FnMut(&[u8], Range<usize>, Range<usize>),
) -> Option<(Range<usize>, usize, bool)> {
    let n = b.len();
    let mut i = from;
    while i < n && !matches!(b[i], b'/' | b'>') && !is_space(b[i]) {
        i += 1;
    }
    let name = from..i;
    loop {
        while i < n && is_space(b[i]) {
            i += 1;
        }
        match b.get(i)? {
            b'>' => return Some((name, i + 1, false)),
            b'/' => {
                i += 1;
                if b.get(i)? == &b'>' {
                    return Some((name, i + 1, true));
                }
                continue;
            }
            _ => {}
        }
        // An attribute name; its first character may be `=`.
        let start = i;
        i += 1;
        while i < n && !matches!(b[i], b'/' | b'>' | b'=') && !is_space(b[i]) {
            i += 1;
        }
        let name_end = i;
        while i < n && is_space(b[i]) {
            i += 1;
        }
        if b.get(i)? != &b'=' {
            attribute(&b[start..name_end], start..name_end, name_end..name_end);
            continue;
        }
        i += 1;
        while i < n && is_space(b[i]) {
            i += 1;
        }
        let value = match *b.get(i)? {
            quote @ (b'"' | b'\'') => {
                let open = i;
                let close = open + 1 + memchr(quote, &b[open + 1..])?;
                i = close + 1;
                open + 1..close
            }
            b'>' => i..i,
            _ => {
                let value_start = i;
                while i < n && b[i] != b'>' && !is_space(b[i]) {
                    i += 1;
                }
                value_start..i
            }
        };
        attribute(&b[start..name_end], start..i, value);
    }
}

/// Whether an attribute is one the extractor reads (`html.rs`, `metadata.rs`) or the
/// parser acts on (`<meta charset>`, `<input type>`, the form owner). Pruning drops the
/// others from most tags: they cost the parser time and the tree memory. Reading
/// another attribute means adding it here.
pub(super) fn is_kept_attribute(name: &[u8]) -> bool {
    let mut lower = [0u8; 11];
    let Some(lower) = lower.get_mut(..name.len()) else {
        return false;
    };
    lower.copy_from_slice(name);
    lower.make_ascii_lowercase();
    matches!(
        &*lower,
        b"class"
            | b"id"
            | b"role"
            | b"style"
            | b"hidden"
            | b"aria-hidden"
            | b"lang"
            | b"rel"
            | b"href"
            | b"type"
            | b"content"
            | b"property"
            | b"name"
            | b"itemprop"
            | b"http-equiv"
            | b"charset"
            | b"datetime"
            | b"pubdate"
            | b"form"
    )
}

/// Writes a start tag with only its kept attributes ([`is_kept_attribute`]), each as
/// written.
fn write_kept_attributes(html: &str, tag: &StartTag, out: &mut String) {
    let b = html.as_bytes();
    out.push('<');
    out.push_str(&html[tag.name.clone()]);
    scan_tag(b, tag.name.start, |name, whole, _| {
        if is_kept_attribute(name) {
            out.push(' ');
            out.push_str(&html[whole]);
        }
    });
    // A space first: after an unquoted value, a `/` would be part of it.
    out.push_str(if tag.self_closing { " />" } else { ">" });
}

fn kind_of(name: &[u8]) -> Kind {
    let mut lower = [0u8; 9];
    let Some(lower) = lower.get_mut(..name.len()) else {
        return Kind::Other;
    };
    lower.copy_from_slice(name);
    lower.make_ascii_lowercase();
    match &*lower {
        b"script" => Kind::Script,
        b"style" => Kind::Style,
        b"noscript" | b"xmp" | b"iframe" | b"noembed" | b"textarea" => Kind::KeptRawText,
        b"title" | b"noframes" => Kind::HeadRawText,
        b"svg" | b"math" => Kind::Foreign,
        b"pre" | b"listing" => Kind::Pre,
        b"template" => Kind::Template,
        b"col" => Kind::Col,
        b"colgroup" => Kind::Colgroup,
        b"html" => Kind::Html,
        b"base" | b"basefont" | b"bgsound" | b"link" | b"meta" => Kind::Head,
        b"plaintext" | b"frameset" => Kind::Stop,
        b"a" | b"b" | b"big" | b"code" | b"em" | b"font" | b"i" | b"nobr" | b"s" | b"small"
        | b"strike" | b"strong" | b"tt" | b"u" | b"input" => Kind::AllAttributes,
        _ => Kind::Other,
    }
}

/// Just past the element a start tag opens, when it holds raw text or foreign content,
/// and whether it may be cut; just past the tag for any other element. `None` when the
/// scan cannot follow the parser from here.
fn element_end(b: &[u8], tag: &StartTag) -> Option<(usize, bool)> {
    let name = &b[tag.name.clone()];
    match tag.kind {
        Kind::Script => {
            let end = script_end(b, tag.end)?;
            let ld_json = tag.type_value.clone().is_some_and(|v| {
                let value = &b[v];
                // A character reference might spell the type: keep the script.
                value.contains(&b'&')
                    || std::str::from_utf8(value)
                        .is_ok_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"))
            });
            Some((end, !ld_json))
        }
        Kind::Style | Kind::KeptRawText | Kind::HeadRawText => {
            let end = raw_text_end(b, tag.end, name)?;
            Some((end, tag.kind == Kind::Style))
        }
        Kind::Foreign if !tag.self_closing => Some((foreign_end(b, tag)?, false)),
        Kind::Stop => None,
        _ => Some((tag.end, false)),
    }
}

/// True when `</name` starts at `b[lt]` and ends where the tokenizer ends a tag name (a
/// space, `/` or `>`): the end tag of raw text named `name`.
fn is_end_tag(b: &[u8], lt: usize, name: &[u8]) -> bool {
    let start = lt + 2;
    b.get(lt + 1) == Some(&b'/')
        && b.get(start..start + name.len())
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
        && b.get(start + name.len())
            .is_some_and(|&c| c == b'/' || c == b'>' || is_space(c))
}

/// Just past the end tag of raw text that starts at `from`.
fn raw_text_end(b: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut i = from;
    while let Some(offset) = memchr(b'<', &b[i..]) {
        let lt = i + offset;
        if is_end_tag(b, lt, name) {
            return Some(read_tag(b, lt + 2)?.end);
        }
        i = lt + 1;
    }
    None
}

/// Just past a script's end tag, its text starting at `from`. A `<!--` in a script
/// starts the tokenizer's escaped states, where a `<script>` hides the next
/// `</script>` (old pages write scripts that write scripts).
fn script_end(b: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while let Some(offset) = memchr(b'<', &b[i..]) {
        let lt = i + offset;
        if is_end_tag(b, lt, b"script") {
            return Some(read_tag(b, lt + 2)?.end);
        }
        i = if b[lt + 1..].starts_with(b"!--") {
            match escaped_script(b, lt + 4)? {
                Escaped::Back(at) => at,
                Escaped::EndTag(lt) => return Some(read_tag(b, lt + 2)?.end),
            }
        } else {
            lt + 1
        };
    }
    None
}

/// How the escaped part of a script ends.
enum Escaped {
    /// Back in plain script text at this index (after a `-->`).
    Back(usize),
    /// The script's end tag starts at this `<`.
    EndTag(usize),
}

/// The tokenizer's script-data escaped states, from just after a `<!--`.
fn escaped_script(b: &[u8], from: usize) -> Option<Escaped> {
    // Dashes seen just before the current character (two or more count as two).
    let mut dashes = 2u8;
    let mut double = false;
    let mut i = from;
    while i < b.len() {
        match b[i] {
            b'-' => dashes = (dashes + 1).min(2),
            b'>' if dashes == 2 => return Some(Escaped::Back(i + 1)),
            b'<' => {
                dashes = 0;
                let after = b.get(i + 1).copied();
                if after == Some(b'/') {
                    if !double && is_end_tag(b, i, b"script") {
                        return Some(Escaped::EndTag(i));
                    }
                    if double && is_end_tag(b, i, b"script") {
                        // `</script` ends the double escape; its delimiter is read too.
                        double = false;
                        i += "</script".len() + 1;
                        continue;
                    }
                    i += 2;
                    continue;
                }
                if !double && after.is_some_and(|c| c.is_ascii_alphabetic()) {
                    let name_end = i
                        + 1
                        + b[i + 1..]
                            .iter()
                            .take_while(|c| c.is_ascii_alphabetic())
                            .count();
                    let delimited = b
                        .get(name_end)
                        .is_some_and(|&c| c == b'/' || c == b'>' || is_space(c));
                    if delimited && b[i + 1..name_end].eq_ignore_ascii_case(b"script") {
                        double = true;
                        i = name_end + 1;
                    } else {
                        i = name_end;
                    }
                    continue;
                }
            }
            _ => dashes = 0,
        }
        i += 1;
    }
    None
}

/// Just past the end of an `<svg>` or `<math>` element, following the parser through
/// foreign content: there, a `<style>` or `<title>` is an element like any other, a
/// `/>` closes its element, and an end tag closes the open element of its name. `None`
/// where HTML comes into it (an element the parser breaks out of foreign content for,
/// markup in an element whose content is HTML, an end tag of no open element), which
/// this scan does not follow.
fn foreign_end(b: &[u8], root: &StartTag) -> Option<usize> {
    let mut open: Vec<Range<usize>> = vec![root.name.clone()];
    let mut i = root.end;
    while let Some(offset) = memchr(b'<', &b[i..]) {
        let lt = i + offset;
        let rest = &b[lt + 1..];
        if rest.starts_with(b"![CDATA[") {
            let close = memchr::memmem::find(&b[lt..], b"]]>")?;
            i = lt + close + 3;
            continue;
        }
        match read_token(b, lt)? {
            Token::Text => i = lt + 1,
            Token::Comment { end }
            | Token::Doctype { end }
            | Token::Bogus { end }
            | Token::Ignored { end } => i = end,
            Token::EndTag(tag) => {
                let name = &b[tag.name.clone()];
                if name.eq_ignore_ascii_case(b"p") || name.eq_ignore_ascii_case(b"br") {
                    return None;
                }
                let at = open
                    .iter()
                    .rposition(|r| b[r.clone()].eq_ignore_ascii_case(name))?;
                open.truncate(at);
                if open.is_empty() {
                    return Some(tag.end);
                }
                i = tag.end;
            }
            Token::StartTag(tag) => {
                let parent = &b[open.last()?.clone()];
                let name = &b[tag.name.clone()];
                if is_html_integration_point(parent) || breaks_out(name) {
                    return None;
                }
                if !tag.self_closing {
                    open.push(tag.name.clone());
                }
                i = tag.end;
            }
        }
    }
    None
}

/// Foreign elements whose content the parser reads as HTML.
fn is_html_integration_point(name: &[u8]) -> bool {
    [
        &b"foreignobject"[..],
        b"desc",
        b"title",
        b"mi",
        b"mo",
        b"mn",
        b"ms",
        b"mtext",
        b"annotation-xml",
    ]
    .iter()
    .any(|n| n.eq_ignore_ascii_case(name))
}

/// HTML start tags that end foreign content (`font` only with some attributes; always,
/// here).
fn breaks_out(name: &[u8]) -> bool {
    [
        &b"b"[..],
        b"big",
        b"blockquote",
        b"body",
        b"br",
        b"center",
        b"code",
        b"dd",
        b"div",
        b"dl",
        b"dt",
        b"em",
        b"embed",
        b"h1",
        b"h2",
        b"h3",
        b"h4",
        b"h5",
        b"h6",
        b"head",
        b"hr",
        b"i",
        b"img",
        b"li",
        b"listing",
        b"menu",
        b"meta",
        b"nobr",
        b"ol",
        b"p",
        b"pre",
        b"ruby",
        b"s",
        b"small",
        b"span",
        b"strong",
        b"strike",
        b"sub",
        b"sup",
        b"table",
        b"tt",
        b"u",
        b"ul",
        b"var",
        b"font",
    ]
    .iter()
    .any(|n| n.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::{prune, Kind};
    use scraper::{Html, Node};

    /// The parsed page as a list of events, leaving out what pruning may cut (comments,
    /// scripts but JSON-LD, styles) and joining adjacent text.
    pub(super) fn outline(html: &str) -> Vec<String> {
        let doc = Html::parse_document(html);
        let mut events: Vec<String> = Vec::new();
        let mut stack = vec![(doc.tree.root(), false)];
        while let Some((node, closing)) = stack.pop() {
            if closing {
                events.push(">".into());
                continue;
            }
            match node.value() {
                Node::Comment(_) => continue,
                Node::Text(t) => {
                    // Where a cut may move the parser's implied <head> or <body>, line
                    // breaks land in one or the other: no text is read there.
                    let outside_body = node.parent().is_some_and(|p| match p.value() {
                        Node::Element(e) => matches!(e.name(), "html" | "head"),
                        Node::Document => true,
                        _ => false,
                    });
                    if outside_body && t.trim().is_empty() {
                        continue;
                    }
                    match events.last_mut() {
                        Some(last) if last.starts_with('#') => last.push_str(t),
                        _ => events.push(format!("#{}", &**t)),
                    }
                    continue;
                }
                Node::Element(el) => {
                    let html_ns = &*el.name.ns == "http://www.w3.org/1999/xhtml";
                    let cut = match el.name() {
                        "style" => true,
                        "script" => !el
                            .attr("type")
                            .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")),
                        _ => false,
                    };
                    if cut && html_ns {
                        continue;
                    }
                    let all =
                        !html_ns || super::kind_of(el.name().as_bytes()) == Kind::AllAttributes;
                    let mut attrs: Vec<String> = el
                        .attrs()
                        .filter(|(k, _)| all || super::is_kept_attribute(k.as_bytes()))
                        .map(|(k, v)| format!("{k}={v}"))
                        .collect();
                    attrs.sort();
                    events.push(format!(
                        "<{}:{} {}",
                        &*el.name.ns,
                        el.name(),
                        attrs.join(" ")
                    ));
                }
                other => events.push(format!("{other:?}")),
            }
            stack.push((node, true));
            for child in node.children().rev() {
                stack.push((child, false));
            }
        }
        events
    }

    /// Pruning `html` leaves the parsed tree as it was, but for what was cut.
    fn same_tree(html: &str) -> String {
        let pruned = prune(html);
        assert_eq!(outline(&pruned), outline(html), "{html:?}\n{pruned:?}");
        pruned
    }

    #[test]
    fn scripts_styles_and_comments_are_cut() {
        let page = "<!DOCTYPE html><html><head><title>T</title>\n<script src=a.js></script>\n\
            <style>p { color: red }</style><script type=' application/LD+json '>{\"a\":1}</script>\
            </head><body><!-- c --><p>One</p>\n<noscript><img src=x></noscript>\
            <SCRIPT>if (a < b) x = '</p>';</SCRIPT >\n<p>Two</p></body></html>";
        assert_eq!(
            same_tree(page),
            "<!DOCTYPE html><html><head><title>T</title>\n\n\
            <script type=' application/LD+json '>{\"a\":1}</script>\
            </head><body><p>One</p>\n<noscript><img src=x></noscript>\n<p>Two</p></body></html>"
        );
    }

    #[test]
    fn a_tag_ends_at_a_gt_outside_quotes() {
        let page = "<html><body><div class='a > <script>' id=\"<!--\"><script>x</script>\
            </div><p a=b/>t</p><a =x>y</a></body></html>";
        let pruned = same_tree(page);
        assert!(
            pruned.contains("<div class='a > <script>' id=\"<!--\"></div>"),
            "{pruned}"
        );
    }

    #[test]
    fn attributes_nothing_reads_are_dropped() {
        let page = "<html lang=en><body><div data-x='1' CLASS=\"story\" onclick=f()>\
            <img src=a.jpg srcset='a.jpg 2x' alt=\"A > B\"><br data-y=1/>\
            <a href=x data-track=1>link</a><b data-z=1>b</b><input type=hidden data-q=1>\
            <meta property=og:title content=T data-m=1></div></body></html>";
        assert_eq!(
            same_tree(page),
            "<html lang=en><body><div CLASS=\"story\"><img><br>\
            <a href=x data-track=1>link</a><b data-z=1>b</b><input type=hidden data-q=1>\
            <meta property=og:title content=T></div></body></html>"
        );
        // A `/` after an unquoted value would be read as part of it.
        assert_eq!(
            same_tree("<p><br class=x data-a=\"1\"/>"),
            "<p><br class=x />"
        );
    }

    #[test]
    fn escaped_script_text_hides_an_end_tag() {
        let page = "<html><body><script><!-- document.write('<script>a()</script>'); --></script>\
            <p>x</p><script><!--<script></script>--></script><p>y</p>\
            <script><!-- a --> </script><p>z</p></body></html>";
        assert_eq!(
            same_tree(page),
            "<html><body><p>x</p><p>y</p><p>z</p></body></html>"
        );
    }

    #[test]
    fn raw_text_is_not_read_as_markup() {
        for page in [
            "<html><head><title><!-- not a comment --></title></head><body><p>x</p></body></html>",
            "<html><body><textarea><script>x</script></textarea><p>x</p></body></html>",
            "<html><body><style>a::before { content: '<!--' }</style><p>x</p></body></html>",
            "<html><body><xmp><script></xmp><p>x</p><script>y</script></body></html>",
            "<html><body><iframe><style></iframe><p>x</p></body></html>",
        ] {
            same_tree(page);
        }
    }

    #[test]
    fn cuts_that_would_change_what_the_parser_reads_are_not_made() {
        for page in [
            // A character reference or a tag would be completed across the cut.
            "<html><body><p>a &amp<!-- x -->; b</p></body></html>",
            "<html><body><p>a <<!-- x -->b> c</p></body></html>",
            // The parser drops a line break only straight after <pre>.
            "<html><body><pre><!-- x -->\nfoo</pre></body></html>",
            "<html><body><pre><script>x</script>\nfoo</pre></body></html>",
            // CR LF across a cut would become one line break.
            "<html><body><p>a\r<!-- x -->\nb</p></body></html>",
            // Text in a table is moved out of it, whitespace not: the runs of text on
            // either side must stay apart.
            "<html><body><table>\n<!-- x -->\nfoo<tr><td>a</td></tr></table></body></html>",
            "<html><body><table>foo<script>x</script>\n<tr><td>a</td></tr></table></body></html>",
            "<html><body><table>\n<!-- x --><!DOCTYPE html>foo<tr><td>a</td></tr></table></body></html>",
            // Between </head> and <body>, a <noscript> opens the body.
            "<html><head></head><noscript>x</noscript><title>T</title><body></body></html>",
        ] {
            assert_eq!(same_tree(page), page);
        }
        // Before a doctype, a script puts the page in quirks mode (where a <table>
        // does not close a <p>).
        let quirks = "<script>x</script><!DOCTYPE html><p>a<table><tr><td>b</td></tr></table>";
        assert_eq!(same_tree(quirks), quirks);
    }

    #[test]
    fn foreign_content_is_followed_not_cut() {
        let svg = "<html><body><svg><style>.a{}</style><script>x</script><title>Icon</title>\
            <path d='M0 0'/><g><![CDATA[</svg>]]></g></svg><script>y</script><p>z</p></body></html>";
        assert_eq!(
            same_tree(svg),
            "<html><body><svg><style>.a{}</style><script>x</script><title>Icon</title>\
            <path d='M0 0'/><g><![CDATA[</svg>]]></g></svg><p>z</p></body></html>"
        );
        // HTML inside foreign content: the rest of the page is left as it is.
        for page in [
            "<html><body><svg><p>x</svg><script>y</script></body></html>",
            "<html><body><svg><foreignObject><style>a</style></foreignObject></svg><script>y</script></body></html>",
            "<html><body><math><mi><b>x</b></mi></math><script>y</script></body></html>",
            "<html><body><div><svg></div><script>y</script></body></html>",
        ] {
            assert_eq!(same_tree(page), page);
        }
    }

    #[test]
    fn the_rest_is_kept_where_the_scan_stops() {
        for page in [
            "<html><frameset><script>x</script></frameset></html>",
            "<html><body><plaintext><script>x</script>",
            "<html><body><script>never closed",
            "<html><body><p title='never closed><script>x</script>",
        ] {
            assert_eq!(same_tree(page), page);
        }
    }

    #[test]
    fn random_markup_keeps_its_tree() {
        // Pieces that meet in every way: tags, raw text, comments, escapes, foreign
        // content, quotes, references, line breaks.
        #[rustfmt::skip]
        const PIECES: &[&str] = &[
            "<script>", "</script>", "<script type=application/ld+json>", "<SCRIPT a='>'>",
            "</script x>", "<!--", "-->", "--!>", "-", "<!-->", "<style>", "</style>",
            "<noscript>", "</noscript>", "<p>", "</p>", "<pre>", "<listing>", "\n", "\r",
            " ", "x", "&amp", ";", "<", ">", "<svg>", "</svg>", "<title>", "</title>",
            "<textarea>", "</textarea>", "<b>", "</b>", "<table>", "<td>", "'", "\"",
            "<div class='a", "=", "/", "<!DOCTYPE html>", "<math>", "</math>", "<mi>",
            "<![CDATA[", "]]>", "<a href=x>", "</a>", "<select>", "<template>",
            "</template>", "<iframe>", "</iframe>", "<xmp>", "</xmp>", "<frameset>",
            "<plaintext>", "<? x >", "</ x>", "<br/>", "<foreignObject>", "<path/>", "<g>",
            "</g>", "<html lang=en>", "<head>", "<body>", "<meta name=author content=A>",
            "<h1>", "</h1>", "<span>", "<tr>", "<colgroup>", "<col>", "<caption>",
            "</table>", "<input type=hidden>", "<option>", "</>", "\0", "&#x3c;",
            "<STYLE/>", "</style >", "<script/>", "<!doctype x>", "</head>", "</body>",
            "</html>", "<mtext>", "<desc>", "<font color=red>", "\t", "<img src=x alt='>'>",
            "<p data-x=1/>", "<div id=a data-y=\"</div>\"/>",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for _ in 0..3_000 {
            let len = 2 + next(40);
            let page: String = (0..len).map(|_| PIECES[next(PIECES.len())]).collect();
            same_tree(&page);
        }
    }

    #[test]
    fn comments_end_as_the_tokenizer_ends_them() {
        for page in [
            "<html><body><!--><p>a</p><!---><p>b</p><!-- x --!><p>c</p><!-- -- ->\
            <p>d</p> --><p>e</p><!-- <!-- --><p>f</p></body></html>",
            "<html><body><p>a</p>\n<!-- never closed <p>b</p>",
        ] {
            same_tree(page);
        }
    }
}
