//! Text-level repairs between decoding and feed-rs: each one turns a feed that feed-rs
//! 3.0.0 rejects, misreads or panics on into one it reads. They touch only the prolog,
//! the root start tag and stray ampersands, never the entries' text.

/// RSS 2.0 under the userland / Harvard namespaces: feed-rs only reads un-namespaced RSS 2.
const RSS2_NAMESPACES: &[&str] = &[
    "http://backend.userland.com/rss2",
    "http://backend.userland.com/rss",
    "http://blogs.law.harvard.edu/tech/rss",
    "http://purl.org/rss/2.0/",
];
/// RSS 0.90 has the RSS 1.0 shape (channel and items side by side under rdf:RDF).
const RSS090_NS: &str = "http://my.netscape.com/rdf/simple/0.9/";
const RSS10_NS: &str = "http://purl.org/rss/1.0/";
/// Atom 0.3 names most elements as Atom 1.0 does; feed-rs knows only the 1.0 namespace.
const ATOM03_NS: &str = "http://purl.org/atom/ns#";
const ATOM10_NS: &str = "http://www.w3.org/2005/Atom";

/// Applies every repair. The input is UTF-8 text (already decoded), so XML declarations
/// are dropped: their `encoding` would make feed-rs decode the text a second time.
pub fn normalise(text: &str) -> String {
    let (prolog, root_at) = strip_prolog(text);
    let rest = &text[root_at..];
    let mut out = String::with_capacity(text.len() + 32);
    out.push_str(&prolog);
    match root_tag_end(rest) {
        Some(end) => {
            out.push_str(&repair_root(&rest[..end]));
            escape_stray_ampersands(&rest[end..], &mut out);
        }
        None => escape_stray_ampersands(rest, &mut out),
    }
    out
}

/// Returns the prolog without XML declarations or DOCTYPE (comments and other processing
/// instructions kept), and where the root element starts in `text`. Only the prolog is
/// touched: `<?xml` inside content (a CDATA code sample) stays.
fn strip_prolog(text: &str) -> (String, usize) {
    let mut kept = String::new();
    let mut at = 0;
    loop {
        let rest = &text[at..];
        let trimmed = rest.trim_start();
        let skip = rest.len() - trimmed.len();
        if let Some(after) = trimmed.strip_prefix("<?") {
            let end = after.find("?>").map_or(trimmed.len(), |e| e + 4);
            if declaration_len(trimmed).is_none() {
                kept.push_str(&trimmed[..end]);
                kept.push('\n');
            }
            at += skip + end;
        } else if trimmed.starts_with("<!--") {
            let end = trimmed[4..].find("-->").map_or(trimmed.len(), |e| e + 7);
            kept.push_str(&trimmed[..end]);
            kept.push('\n');
            at += skip + end;
        } else if trimmed
            .get(..9)
            .is_some_and(|t| t.eq_ignore_ascii_case("<!DOCTYPE"))
        {
            // feed-rs ignores the DTD; an internal subset with `>` inside only confuses.
            at += skip + doctype_len(trimmed);
        } else if !trimmed.is_empty() && !trimmed.starts_with('<') {
            // Junk before the root (e.g. a stray byte or text): skip to the next tag.
            let next = trimmed.find('<').unwrap_or(trimmed.len());
            at += skip + next;
        } else {
            return (kept, at + skip);
        }
    }
}

fn doctype_len(s: &str) -> usize {
    let gt = s.find('>').unwrap_or(s.len());
    match s.find('[') {
        Some(open) if open < gt => s[open..]
            .find(']')
            .and_then(|close| s[open + close..].find('>').map(|g| open + close + g + 1))
            .unwrap_or(s.len()),
        _ => (gt + 1).min(s.len()),
    }
}

/// The length of the root start tag (`<` to `>` inclusive), quotes respected.
fn root_tag_end(s: &str) -> Option<usize> {
    if !s.starts_with('<') {
        return None;
    }
    let mut quote = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// Rewrites the root start tag so feed-rs dispatches it to the right parser.
fn repair_root(tag: &str) -> String {
    let name_end = tag[1..]
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .map_or(tag.len(), |e| e + 1);
    let name = &tag[1..name_end];
    let local = name.rsplit(':').next().unwrap_or(name);
    let mut tag = tag.to_string();
    match local {
        "rss" => {
            for ns in RSS2_NAMESPACES {
                tag = remove_attr_with_value(&tag, "xmlns", ns);
            }
            tag = set_rss_version(&tag, name_end);
        }
        "RDF" => tag = tag.replace(RSS090_NS, RSS10_NS),
        "feed" => tag = tag.replace(ATOM03_NS, ATOM10_NS),
        _ => {}
    }
    tag
}

/// The local name of the root element, if the text has one.
pub fn root_name(text: &str) -> Option<&str> {
    let (_, at) = strip_prolog(text);
    let rest = &text[at..];
    let name_end = rest
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(rest.len());
    rest.get(1..name_end)
        .and_then(|n| n.rsplit(':').next())
        .filter(|n| !n.is_empty())
}

/// feed-rs fails a whole Atom feed on a text construct typed with a MIME type instead of
/// `text` / `html` / `xhtml` (Atom 0.3 style); the MIME names map onto the short ones.
pub fn atom_text_types(text: &str) -> String {
    let mut out = text.to_string();
    for (from, to) in [("text/plain", "text"), ("application/xhtml+xml", "xhtml")] {
        for q in ['"', '\''] {
            out = out.replace(&format!("type={q}{from}{q}"), &format!("type={q}{to}{q}"));
        }
    }
    out
}

/// Where feed-rs reported an unreadable element (the byte just after its start tag),
/// removes that element, start to end tag, so the rest of the feed can be read.
pub fn remove_element_at(text: &str, after_start_tag: usize) -> Option<String> {
    let head = text.get(..after_start_tag)?;
    let start = head.rfind('<')?;
    let tag = &head[start..];
    let name_end = tag[1..]
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .map_or(tag.len(), |e| e + 1);
    let name = &tag[1..name_end];
    if name.is_empty() || name.starts_with(['/', '!', '?']) {
        return None;
    }
    let end = if tag.trim_end().ends_with("/>") {
        after_start_tag
    } else {
        let open = format!("<{name}");
        let close = format!("</{name}");
        let mut depth = 1usize;
        let mut at = after_start_tag;
        loop {
            let rest = &text[at..];
            let next_close = rest.find(&close)?;
            match rest.find(&open) {
                Some(o) if o < next_close => {
                    depth += 1;
                    at += o + open.len();
                }
                _ => {
                    depth -= 1;
                    let gt = rest[next_close..].find('>')?;
                    at += next_close + gt + 1;
                    if depth == 0 {
                        break at;
                    }
                }
            }
        }
    };
    Some(format!("{}{}", &text[..start], &text[end..]))
}

/// Salvages a truncated or unclosed document: cuts an unfinished tag, comment or CDATA
/// section at the end, and closes every element still open, innermost first.
pub fn close_open_elements(text: &str) -> String {
    let mut stack: Vec<&str> = Vec::new();
    let mut at = 0;
    let mut cut = text.len();
    while let Some(lt) = text[at..].find('<') {
        let start = at + lt;
        let rest = &text[start..];
        let (end, kind) = if rest.starts_with("<![CDATA[") {
            (rest.find("]]>").map(|e| e + 3), 0)
        } else if rest.starts_with("<!--") {
            (rest.find("-->").map(|e| e + 3), 0)
        } else if rest.starts_with("<?") || rest.starts_with("<!") {
            (rest.find('>').map(|e| e + 1), 0)
        } else if rest.starts_with("</") {
            (rest.find('>').map(|e| e + 1), 2)
        } else {
            (root_tag_end(rest), 1)
        };
        let Some(end) = end else {
            cut = start;
            break;
        };
        let tag = &rest[..end];
        match kind {
            1 if !tag.ends_with("/>") => {
                let name = tag[1..]
                    .split(|c: char| c.is_whitespace() || c == '>' || c == '/')
                    .next()
                    .unwrap_or("");
                if !name.is_empty() {
                    stack.push(name);
                }
            }
            2 => {
                let name = tag[2..].trim_end_matches('>').trim();
                if let Some(pos) = stack.iter().rposition(|n| *n == name) {
                    stack.truncate(pos);
                }
            }
            _ => {}
        }
        at = start + end;
    }
    let mut out = text[..cut].to_string();
    for name in stack.iter().rev() {
        out.push_str("</");
        out.push_str(name);
        out.push('>');
    }
    out
}

/// feed-rs accepts only `2.0`, `0.91`, `0.92` and an empty version: anything else (none,
/// `2.0 `, `0.94`, `2`) is read as RSS 2, which is what such feeds are in practice.
fn set_rss_version(tag: &str, name_end: usize) -> String {
    let (value_range, current) = match attr_value_range(tag, "version") {
        Some(r) => (Some(r.clone()), tag[r].trim().to_string()),
        None => (None, String::new()),
    };
    let version = match current.as_str() {
        "0.91" | "0.92" | "2.0" => current.as_str(),
        _ => "2.0",
    };
    match value_range {
        Some(r) => format!("{}{}{}", &tag[..r.start], version, &tag[r.end..]),
        None => format!(
            "{} version=\"{version}\"{}",
            &tag[..name_end],
            &tag[name_end..]
        ),
    }
}

/// The byte range of an attribute's value (inside its quotes) in a start tag.
fn attr_value_range(tag: &str, attr: &str) -> Option<std::ops::Range<usize>> {
    let mut search = 0;
    while let Some(found) = tag[search..].find(attr) {
        let at = search + found;
        search = at + attr.len();
        let before_ok = tag[..at].ends_with(|c: char| c.is_whitespace());
        let after = &tag[at + attr.len()..];
        let trimmed = after.trim_start();
        let Some(eq) = trimmed.strip_prefix('=') else {
            continue;
        };
        if !before_ok {
            continue;
        }
        let value = eq.trim_start();
        let quote = value.chars().next()?;
        if quote != '"' && quote != '\'' {
            continue;
        }
        let start = tag.len() - value.len() + 1;
        let len = tag[start..].find(quote)?;
        return Some(start..start + len);
    }
    None
}

fn remove_attr_with_value(tag: &str, attr: &str, value: &str) -> String {
    match attr_value_range(tag, attr) {
        Some(r) if tag[r.clone()].trim() == value => {
            let name_start = tag[..r.start].rfind(attr).unwrap_or(r.start);
            format!(
                "{}{}",
                &tag[..name_start],
                &tag[(r.end + 1).min(tag.len())..]
            )
        }
        _ => tag.to_string(),
    }
}

/// `&` that starts no entity or character reference becomes `&amp;` (a raw `&` in a
/// link's query string is the most common well-formedness error in real feeds). CDATA
/// sections and comments are copied as they are.
fn escape_stray_ampersands(s: &str, out: &mut String) {
    let mut rest = s;
    while let Some(i) = rest.find(['&', '<']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if let Some(after) = tail.strip_prefix("<![CDATA[") {
            let end = after.find("]]>").map_or(tail.len(), |e| e + 12);
            out.push_str(&tail[..end]);
            rest = &tail[end..];
        } else if let Some(after) = tail.strip_prefix("<!--") {
            let end = after.find("-->").map_or(tail.len(), |e| e + 7);
            out.push_str(&tail[..end]);
            rest = &tail[end..];
        } else if let Some(len) = declaration_len(tail) {
            // A declaration past the prolog is illegal, and feed-rs 3.0.0 panics
            // switching encodings mid-stream on one.
            rest = &tail[len..];
        } else if tail.starts_with('<') {
            out.push('<');
            rest = &tail[1..];
        } else {
            if is_reference(&tail[1..]) {
                out.push('&');
            } else {
                out.push_str("&amp;");
            }
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
}

/// The length of an `<?xml ...?>` declaration at the start of `s` (not `<?xml-stylesheet`).
fn declaration_len(s: &str) -> Option<usize> {
    let after = s.strip_prefix("<?")?;
    let target = after.get(..3)?;
    let next = after[3..].chars().next();
    if !target.eq_ignore_ascii_case("xml") || next.is_some_and(|c| !c.is_whitespace() && c != '?') {
        return None;
    }
    Some(after.find("?>").map_or(s.len(), |e| e + 4))
}

/// True when `s` (what follows a `&`) starts with `name;`, `#digits;` or `#xhex;`.
fn is_reference(s: &str) -> bool {
    let Some(semi) = s.bytes().take(40).position(|b| b == b';') else {
        return false;
    };
    let body = &s[..semi];
    if let Some(num) = body.strip_prefix('#') {
        return match num.strip_prefix(['x', 'X']) {
            Some(hex) => !hex.is_empty() && hex.chars().all(|c| c.is_ascii_hexdigit()),
            None => !num.is_empty() && num.chars().all(|c| c.is_ascii_digit()),
        };
    }
    let mut chars = body.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declarations_dropped_and_version_set() {
        let out =
            normalise("<?xml version=\"1.0\"?>\n<?xml version=\"1.0\"?><rss><channel/></rss>");
        assert_eq!(out, "<rss version=\"2.0\"><channel/></rss>");
        let out = normalise("<rss version=\"2.0 \" xmlns=\"http://backend.userland.com/rss2\">");
        assert_eq!(out, "<rss version=\"2.0\" >");
    }

    #[test]
    fn rss090_and_atom03_namespaces_mapped() {
        let out = normalise(r#"<rdf:RDF xmlns="http://my.netscape.com/rdf/simple/0.9/">"#);
        assert!(out.contains(RSS10_NS), "{out}");
        let out = normalise(r#"<feed version="0.3" xmlns="http://purl.org/atom/ns#">"#);
        assert!(out.contains(ATOM10_NS), "{out}");
    }

    #[test]
    fn stray_ampersands_escaped_outside_cdata() {
        let out = normalise("<a>x & y &amp; &#38; &nbsp; <![CDATA[a & b]]></a>");
        assert_eq!(out, "<a>x &amp; y &amp; &#38; &nbsp; <![CDATA[a & b]]></a>");
    }
}
