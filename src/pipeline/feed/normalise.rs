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
/// Atom 0.3 (`http://purl.org/atom/ns#`) names most elements as Atom 1.0 does; feed-rs
/// knows only the 1.0 namespace.
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
        } else if let Some(comment) = trimmed.strip_prefix("<!--") {
            let end = comment.find("-->").map_or(trimmed.len(), |e| e + 7);
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
            // Unbinding the namespace (default or prefixed) leaves the elements with no
            // namespace, which feed-rs reads as RSS 2.
            for ns in RSS2_NAMESPACES {
                tag = remove_namespace_declarations(&tag, ns);
            }
            tag = set_rss_version(&tag, name_end);
        }
        "RDF" => tag = tag.replace(RSS090_NS, RSS10_NS),
        "feed" => {
            // Atom 0.3 and the pre-Atom drafts ("Echo", "necho") put `feed` in other
            // namespaces with the same element names; a `feed` root is Atom.
            tag = match attr_value_range(&tag, "xmlns") {
                Some(r) => format!("{}{ATOM10_NS}{}", &tag[..r.start], &tag[r.end..]),
                None => tag,
            };
        }
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

/// Microsoft's CDF (`<CHANNEL HREF=..><ITEM HREF=..><TITLE>`, 1997) as the RSS 2 it
/// maps onto: feed-rs has no CDF reader. Element names are matched case-insensitively;
/// unknown elements are kept for feed-rs to ignore.
pub fn cdf_to_rss(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut rest = text;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let tail = &rest[lt..];
        let skip_to = if tail.starts_with("<![CDATA[") {
            tail.find("]]>").map(|e| e + 3)
        } else if tail.starts_with("<!--") {
            tail.find("-->").map(|e| e + 3)
        } else {
            None
        };
        if let Some(end) = skip_to {
            out.push_str(&tail[..end]);
            rest = &tail[end..];
            continue;
        }
        let Some(end) = root_tag_end(tail) else {
            out.push_str(tail);
            return out;
        };
        let tag = &tail[..end];
        let closing = tag.starts_with("</");
        let name_start = if closing { 2 } else { 1 };
        let name: String = tag[name_start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let attr = |n: &str| attr_value_range(tag, n).map(|r| tag[r].to_string());
        let renamed = match (name.as_str(), closing) {
            ("channel", false) => {
                let base = attr("BASE")
                    .map(|b| format!(" xml:base=\"{b}\""))
                    .unwrap_or_default();
                let link = attr("HREF")
                    .map(|h| format!("<link>{h}</link>"))
                    .unwrap_or_default();
                Some(format!("<rss version=\"2.0\"{base}><channel>{link}"))
            }
            ("channel", true) => Some("</channel></rss>".to_string()),
            ("item", false) => {
                let link = attr("HREF")
                    .map(|h| format!("<link>{h}</link>"))
                    .unwrap_or_default();
                Some(format!("<item>{link}"))
            }
            ("item", true) => Some("</item>".to_string()),
            ("title", c) => Some(if c { "</title>" } else { "<title>" }.to_string()),
            ("abstract", c) => Some(if c { "</description>" } else { "<description>" }.to_string()),
            _ => None,
        };
        out.push_str(renamed.as_deref().unwrap_or(tag));
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// Items straight under `<rss>` with no `<channel>` (RSS 0.9x-era files): feed-rs needs
/// the channel, so one is put around the root's content.
pub fn rss_channel(text: &str) -> String {
    if text.contains("<channel") || text.contains(":channel") {
        return text.to_string();
    }
    let (_, root_at) = strip_prolog(text);
    let (Some(tag_len), Some(close)) = (root_tag_end(&text[root_at..]), text.rfind("</rss")) else {
        return text.to_string();
    };
    let open_end = root_at + tag_len;
    if close < open_end || text[..open_end].ends_with("/>") {
        return text.to_string();
    }
    format!(
        "{}<channel>{}</channel>{}",
        &text[..open_end],
        &text[open_end..close],
        &text[close..]
    )
}

/// RSS 1.0 items must carry a `<link>`, and feed-rs drops items without one; their
/// `rdf:about` is by the spec the same URI, so it is copied in as the link.
pub fn rss1_item_links(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("<item") {
        let tail = &rest[at..];
        let is_item = tail[5..].starts_with(|c: char| c.is_whitespace() || c == '>');
        let Some(tag_end) = root_tag_end(tail).filter(|_| is_item) else {
            out.push_str(&rest[..at + 5]);
            rest = &rest[at + 5..];
            continue;
        };
        let tag = &tail[..tag_end];
        out.push_str(&rest[..at]);
        out.push_str(tag);
        let body_end = tail[tag_end..]
            .find("</item")
            .map_or(tail.len(), |e| tag_end + e);
        let about = attr_value_range(tag, "rdf:about").map(|r| &tag[r]);
        if let Some(about) = about {
            if !tag.ends_with("/>") && !tail[tag_end..body_end].contains("<link") {
                out.push_str("<link>");
                out.push_str(about);
                out.push_str("</link>");
            }
        }
        rest = &tail[tag_end..];
    }
    out.push_str(rest);
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

/// Removes every `xmlns` / `xmlns:prefix` attribute whose value is `ns`.
fn remove_namespace_declarations(tag: &str, ns: &str) -> String {
    let mut tag = tag.to_string();
    for quote in ['"', '\''] {
        let value = format!("={quote}{ns}{quote}");
        while let Some(v) = tag.find(&value) {
            let Some(name_start) = tag[..v].rfind("xmlns") else {
                break;
            };
            if tag[name_start..v].contains(char::is_whitespace) {
                break;
            }
            tag.replace_range(name_start..v + value.len(), "");
        }
    }
    tag
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
        } else if let Some(after) = tail.strip_prefix('<') {
            out.push('<');
            rest = after;
        } else {
            if tail[1..].starts_with("#X") {
                // quick-xml reads only a lower-case x in hex character references.
                out.push_str("&#x");
                rest = &tail[3..];
                continue;
            } else if is_reference(&tail[1..]) {
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
    fn truncated_document_closed() {
        let out = close_open_elements("<rss><channel><title>T</title><item><title><![CD");
        assert_eq!(
            out,
            "<rss><channel><title>T</title><item><title></title></item></channel></rss>"
        );
    }

    #[test]
    fn refused_element_removed() {
        let text = "<feed><title type=\"x\"><b>a</b></title><entry/></feed>";
        let after_tag = text.find("<b>").unwrap();
        assert_eq!(
            remove_element_at(text, after_tag).as_deref(),
            Some("<feed><entry/></feed>")
        );
    }

    #[test]
    fn prefixed_userland_namespace_unbound_and_cdf_mapped() {
        let out = normalise(r#"<r:rss version="2.0" xmlns:r="http://backend.userland.com/rss2">"#);
        assert_eq!(out, r#"<r:rss version="2.0" >"#);
        let out = cdf_to_rss(
            r#"<CHANNEL HREF="http://e.org/"><ITEM HREF="/1"><TITLE>t</TITLE></ITEM></CHANNEL>"#,
        );
        assert_eq!(
            out,
            r#"<rss version="2.0"><channel><link>http://e.org/</link><item><link>/1</link><title>t</title></item></channel></rss>"#
        );
    }

    #[test]
    fn stray_ampersands_escaped_outside_cdata() {
        let out = normalise("<a>x & y &amp; &#38; &nbsp; <![CDATA[a & b]]></a>");
        assert_eq!(out, "<a>x &amp; y &amp; &#38; &nbsp; <![CDATA[a & b]]></a>");
    }
}
