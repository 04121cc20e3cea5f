//! HTML pages: the article body out of a news page, in four steps.
//!
//! 1. **Read** ([`Page::read`]): one walk over the parsed tree turns the page into
//!    text blocks (paragraphs, headings, list items, quotes) and a light tree of the
//!    block-level elements holding them, with each element's text, link text and
//!    commas. Markup that never holds article text (scripts, form controls, media,
//!    captions, hidden elements) is skipped; elements that mark furniture by tag
//!    (`nav`, `aside`, `footer`, `header`, `figure`), ARIA role or class/id name
//!    (share bars, related lists, comments, ads — see [`hints`]) are
//!    flagged.
//! 2. **Score** (in the spirit of Mozilla Readability): every paragraph with a
//!    sentence's length gives its container and the container's ancestors points for
//!    its length and commas, decaying with distance; a container's class/id hints and
//!    tag add or take away, and its score is cut by its link density. Paragraphs in
//!    flagged furniture give nothing.
//! 3. **Select**: the best container, moved up to a common ancestor when strong
//!    candidates in other branches share one (an article cut into chunks), plus those
//!    of its siblings that hold article-like text.
//! 4. **Clean** (in the spirit of jusText and Readability's conditional cleaning):
//!    inside the selection, furniture, link lists and link-heavy boxes are dropped;
//!    then, block by block, link-only lines, boilerplate lines ("Advertisement",
//!    "Read more"), the repeated headline, headings that introduce nothing kept, and
//!    short lines before the first real paragraph or after the last one (outside its
//!    container).
//!
//! A flag by name is not trusted on a layout wrapper (an element holding much of the
//! page's text in paragraphs: "content-with-sidebar", a share widget's id on the
//! article's box) nor on an element of running prose (a section anchored
//! "sharing-with-a-single-developer"); comment sections are always furniture. Lists'
//! and tables' parts (items, rows) are never the article's container: a gallery's
//! captions or a live feed's entries pile up score there. Only when every text is
//! flagged do steps 2–4 run with no flags.
//!
//! Cost: one tree walk and a few passes over the element list; no CSS selectors.

use super::hints;
use crate::model::{BlockKind, Paragraph};
use rustc_hash::FxHashMap;
use scraper::{Html, Node};

/// A paragraph shorter than this (in characters) gives its containers no score.
const SCORED_MIN_CHARS: u32 = 25;
/// How many ancestors of a paragraph's container share its score.
const SCORE_LEVELS: usize = 5;
/// How many runners-up sharing an ancestor with the best container move it up.
const SHARED_ANCESTOR_MIN: usize = 3;
/// A runner-up counts when it scores at least this share of the best.
const RUNNER_UP_SHARE: f32 = 0.75;
/// Two chunks of one article make up at least this share of their common ancestor's text.
const CHUNKS_SHARE: f32 = 0.7;
/// The smaller chunk scores at least this share of the best.
const CHUNK_MIN_SHARE: f32 = 0.3;

/// The tags the extractor tells apart; every other tag is inline or [`Tag::Block`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Root,
    Body,
    Article,
    Main,
    Div,
    Section,
    P,
    Pre,
    Td,
    Th,
    Table,
    Li,
    List,
    Dt,
    Dd,
    Heading,
    Blockquote,
    Form,
    Address,
    /// A table's row or row group: one cell's container, never the article's.
    TableRows,
    /// Any other block-level element.
    Block,
}

/// How the walk treats an element.
enum Role {
    /// Never article text: the subtree is skipped.
    Skip,
    /// Ends the line it is in.
    LineBreak,
    /// Starts and ends a block; flagged as furniture by tag when `furniture`.
    Block { tag: Tag, furniture: bool },
    /// Text flows through it; `link` for `<a>`.
    Inline { link: bool },
}

fn role_of(name: &str) -> Role {
    let block = |tag| Role::Block {
        tag,
        furniture: false,
    };
    let furniture = |tag| Role::Block {
        tag,
        furniture: true,
    };
    match name {
        "script" | "style" | "noscript" | "template" | "svg" | "math" | "iframe" | "object"
        | "embed" | "canvas" | "video" | "audio" | "picture" | "img" | "select" | "option"
        | "button" | "input" | "textarea" | "head" | "dialog" | "figcaption" | "map" | "source"
        | "track" => Role::Skip,
        "br" | "hr" => Role::LineBreak,
        "a" => Role::Inline { link: true },
        "body" => block(Tag::Body),
        "article" => block(Tag::Article),
        "main" => block(Tag::Main),
        "div" => block(Tag::Div),
        "section" => block(Tag::Section),
        "p" => block(Tag::P),
        "pre" => block(Tag::Pre),
        "td" => block(Tag::Td),
        "th" => block(Tag::Th),
        "table" => block(Tag::Table),
        "li" => block(Tag::Li),
        "ul" | "ol" | "dl" => block(Tag::List),
        "dt" => block(Tag::Dt),
        "dd" => block(Tag::Dd),
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => block(Tag::Heading),
        "blockquote" => block(Tag::Blockquote),
        "form" => block(Tag::Form),
        "address" => block(Tag::Address),
        "nav" | "aside" | "footer" | "header" | "figure" | "menu" => furniture(Tag::Block),
        "tr" | "tbody" | "thead" | "tfoot" => block(Tag::TableRows),
        "caption" | "center" | "details" | "summary" | "fieldset" | "hgroup" | "html" => {
            block(Tag::Block)
        }
        _ => Role::Inline { link: false },
    }
}

/// ARIA roles of site furniture.
fn furniture_role(role: &str) -> bool {
    matches!(
        role.trim(),
        "navigation"
            | "complementary"
            | "banner"
            | "contentinfo"
            | "menu"
            | "menubar"
            | "dialog"
            | "alertdialog"
            | "search"
            | "toolbar"
    )
}

/// A block-level element as the walk saw it; its numbers cover its whole subtree.
#[derive(Debug, Clone)]
struct Elem {
    parent: Option<usize>,
    tag: Tag,
    /// Flagged as furniture by tag, role or class/id.
    furniture: bool,
    /// Flagged as a comment section by class/id.
    comments: bool,
    /// Flagged by its class or id alone, not by its tag or role.
    named_furniture: bool,
    weight: f32,
    /// A hash of the class attribute, to spot siblings of the same kind.
    class_key: u64,
    chars: u32,
    link_chars: u32,
    commas: u32,
    paragraphs: u32,
    list_items: u32,
    /// Characters inside block quotes.
    quote_chars: u32,
}

impl Elem {
    /// An element with no flags, no weight and nothing counted yet.
    fn new(parent: Option<usize>, tag: Tag) -> Elem {
        Elem {
            parent,
            tag,
            furniture: false,
            comments: false,
            named_furniture: false,
            weight: 0.0,
            class_key: 0,
            chars: 0,
            link_chars: 0,
            commas: 0,
            paragraphs: 0,
            list_items: 0,
            quote_chars: 0,
        }
    }

    fn link_density(&self) -> f32 {
        if self.chars == 0 {
            0.0
        } else {
            self.link_chars as f32 / self.chars as f32
        }
    }
}

/// One line of text and the element holding it.
#[derive(Debug, Clone)]
struct Block {
    text: String,
    kind: BlockKind,
    owner: usize,
    chars: u32,
    link_chars: u32,
    commas: u32,
}

/// The page as blocks of text in a tree of block-level elements.
struct Page {
    elems: Vec<Elem>,
    blocks: Vec<Block>,
    /// One past the last element of each element's subtree (elements are in page
    /// order, so a subtree is a range of indices).
    ends: Vec<usize>,
    /// Each element's child elements, in page order.
    children: Vec<Vec<usize>>,
    /// Whether each element's own text (its blocks joined by spaces) holds ". ".
    own_sentences: Vec<bool>,
}

/// The walk's state while reading text.
#[derive(Default)]
struct Reader {
    text: String,
    pending_space: bool,
    chars: u32,
    link_chars: u32,
    commas: u32,
    link_depth: u32,
    heading_depth: u32,
    quote_depth: u32,
    list_item_depth: u32,
}

impl Reader {
    fn push_text(&mut self, text: &str) {
        for c in text.chars() {
            if c.is_whitespace() {
                self.pending_space = !self.text.is_empty();
                continue;
            }
            // Zero-width and soft-hyphen characters only split words for the scorer.
            if matches!(c, '\u{200b}' | '\u{feff}' | '\u{ad}') {
                continue;
            }
            if self.pending_space {
                self.push_char(' ');
                self.pending_space = false;
            }
            self.push_char(c);
            if is_comma(c) {
                self.commas += 1;
            }
        }
    }

    fn push_char(&mut self, c: char) {
        self.text.push(c);
        self.chars += 1;
        if self.link_depth > 0 {
            self.link_chars += 1;
        }
    }

    fn kind(&self) -> BlockKind {
        if self.heading_depth > 0 {
            BlockKind::Heading
        } else if self.quote_depth > 0 {
            BlockKind::Quote
        } else if self.list_item_depth > 0 {
            BlockKind::ListItem
        } else {
            BlockKind::Paragraph
        }
    }

    /// Ends the current line as a block of `owner`.
    fn flush(&mut self, owner: usize, page: &mut Page) {
        self.pending_space = false;
        if self.text.is_empty() {
            return;
        }
        let block = Block {
            text: std::mem::take(&mut self.text),
            kind: self.kind(),
            owner,
            chars: std::mem::take(&mut self.chars),
            link_chars: std::mem::take(&mut self.link_chars),
            commas: std::mem::take(&mut self.commas),
        };
        let elem = &mut page.elems[owner];
        elem.chars += block.chars;
        elem.link_chars += block.link_chars;
        elem.commas += block.commas;
        if block.kind == BlockKind::Quote {
            elem.quote_chars += block.chars;
        }
        match block.kind {
            BlockKind::Paragraph | BlockKind::Quote => elem.paragraphs += 1,
            BlockKind::ListItem => elem.list_items += 1,
            BlockKind::Heading => {}
        }
        page.blocks.push(block);
    }
}

fn is_comma(c: char) -> bool {
    matches!(
        c,
        ',' | '\u{060C}' | '\u{FE50}' | '\u{FE10}' | '\u{FE11}' | '\u{2E41}' | '\u{FF0C}' | '、'
    )
}

/// An open element on the walk's stack, and what it changed. `N` is the tree's node id
/// (generic so the tree crate behind `scraper` need not be named).
struct Open<N> {
    node: N,
    /// The element entry it opened, for block-level elements.
    elem: Option<usize>,
    link: bool,
    tag: Option<Tag>,
}

impl Page {
    fn read<'a>(doc: &'a Html) -> Page {
        let mut page = Page {
            elems: vec![Elem::new(None, Tag::Root)],
            blocks: Vec::new(),
            ends: Vec::new(),
            children: Vec::new(),
            own_sentences: Vec::new(),
        };
        let mut reader = Reader::default();
        let mut stack = Vec::new();
        let mut current = 0usize;
        let mut scratch = String::new();
        // Elements of a kind share their class attribute: its verdict is reached once.
        let mut verdicts: FxHashMap<&str, hints::Hint> = FxHashMap::default();
        let mut judge = |class: Option<&'a str>, id: Option<&str>| match (class, id) {
            (Some(class), None) => *verdicts
                .entry(class)
                .or_insert_with(|| hints::judge(Some(class), None)),
            _ => hints::judge(class, id),
        };

        // Iterative pre-order walk (no recursion: nesting depth is the page's choice).
        let root = doc.tree.root();
        let mut next = root.first_child();
        while let Some(node) = next {
            let mut descend = false;
            match node.value() {
                Node::Text(text) => reader.push_text(text),
                Node::Element(el) => {
                    let role = role_of(el.name());
                    // Skipped elements (scripts, images…) need none of their attributes.
                    let attrs = match role {
                        Role::Skip => WalkAttrs::default(),
                        _ => WalkAttrs::of(el),
                    };
                    match role {
                        Role::Skip => {}
                        _ if attrs.hidden(&mut scratch) => {}
                        Role::LineBreak => reader.flush(current, &mut page),
                        Role::Inline { link } => {
                            let hint = judge(attrs.class, attrs.id);
                            // Inline furniture (a credit span, a share link group) is
                            // dropped in place; a link keeps its text, which may be
                            // part of a sentence.
                            if link || !hint.furniture {
                                if link {
                                    reader.link_depth += 1;
                                }
                                stack.push(Open {
                                    node: node.id(),
                                    elem: None,
                                    link,
                                    tag: None,
                                });
                                descend = true;
                            }
                        }
                        Role::Block { tag, furniture } => {
                            reader.flush(current, &mut page);
                            let hint = judge(attrs.class, attrs.id);
                            let by_role = attrs.role.is_some_and(furniture_role);
                            let container = matches!(tag, Tag::Body | Tag::Main | Tag::Article);
                            let elem = Elem {
                                furniture: !container && (furniture || by_role || hint.furniture),
                                comments: !container && hint.comments,
                                named_furniture: !container
                                    && hint.furniture
                                    && !furniture
                                    && !by_role,
                                weight: hint.weight,
                                class_key: attrs.class.map_or(0, hash_str),
                                ..Elem::new(Some(current), tag)
                            };
                            page.elems.push(elem);
                            current = page.elems.len() - 1;
                            match tag {
                                Tag::Heading => reader.heading_depth += 1,
                                Tag::Blockquote => reader.quote_depth += 1,
                                Tag::Li | Tag::Dt | Tag::Dd => reader.list_item_depth += 1,
                                _ => {}
                            }
                            stack.push(Open {
                                node: node.id(),
                                elem: Some(current),
                                link: false,
                                tag: Some(tag),
                            });
                            descend = true;
                        }
                    }
                }
                _ => {}
            }

            if descend {
                if let Some(child) = node.first_child() {
                    next = Some(child);
                    continue;
                }
            }
            // Leave this node (if it was opened) and every ancestor that has no next
            // sibling, then move on to the next sibling.
            let mut leaving = node;
            loop {
                if stack.last().is_some_and(|o| o.node == leaving.id()) {
                    if let Some(open) = stack.pop() {
                        current = close(open, current, &mut reader, &mut page);
                    }
                }
                if let Some(sibling) = leaving.next_sibling() {
                    next = Some(sibling);
                    break;
                }
                match leaving.parent() {
                    Some(parent) if parent.id() != root.id() => leaving = parent,
                    _ => {
                        next = None;
                        break;
                    }
                }
            }
        }
        reader.flush(current, &mut page);
        // Each element's numbers so far are its own text's; add them up the tree.
        // Children come after their parents, so one backward pass suffices.
        for i in (1..page.elems.len()).rev() {
            let child = page.elems[i].clone();
            if let Some(p) = child.parent {
                let parent = &mut page.elems[p];
                parent.chars += child.chars;
                parent.link_chars += child.link_chars;
                parent.commas += child.commas;
                parent.paragraphs += child.paragraphs;
                parent.list_items += child.list_items;
                parent.quote_chars += child.quote_chars;
            }
        }
        let n = page.elems.len();
        page.ends = (1..=n).collect();
        page.children = vec![Vec::new(); n];
        for i in (1..n).rev() {
            if let Some(p) = page.elems[i].parent {
                page.ends[p] = page.ends[p].max(page.ends[i]);
                page.children[p].push(i);
            }
        }
        for list in &mut page.children {
            list.reverse();
        }
        let mut ends_with_dot = vec![false; n];
        page.own_sentences = vec![false; n];
        for block in &page.blocks {
            let o = block.owner;
            page.own_sentences[o] |= ends_with_dot[o] || block.text.contains(". ");
            ends_with_dot[o] = block.text.ends_with('.');
        }
        page
    }
}

/// Closes an open element; returns the element text now belongs to.
fn close<N>(open: Open<N>, current: usize, reader: &mut Reader, page: &mut Page) -> usize {
    if open.link {
        reader.link_depth = reader.link_depth.saturating_sub(1);
    }
    let Some(elem) = open.elem else {
        return current;
    };
    reader.flush(elem, page);
    match open.tag {
        Some(Tag::Heading) => reader.heading_depth = reader.heading_depth.saturating_sub(1),
        Some(Tag::Blockquote) => reader.quote_depth = reader.quote_depth.saturating_sub(1),
        Some(Tag::Li | Tag::Dt | Tag::Dd) => {
            reader.list_item_depth = reader.list_item_depth.saturating_sub(1)
        }
        _ => {}
    }
    page.elems[elem].parent.unwrap_or(0)
}

/// An attribute's value, as `Element::attr` gives it. A scan of the few attributes an
/// element has: `attr` interns the name (a hash) and binary-searches by comparing names
/// as strings, which cost the walk more than it does with the values.
pub(super) fn attr<'a>(el: &'a scraper::node::Element, name: &str) -> Option<&'a str> {
    debug_assert!(
        super::prune::is_kept_attribute(name.as_bytes()),
        "pruning drops {name}"
    );
    el.attrs
        .iter()
        .find(|(qual, _)| qual.prefix.is_none() && qual.ns.is_empty() && &*qual.local == name)
        .map(|(_, value)| &**value)
}

/// The attributes the walk reads, found in one pass over an element's attributes.
#[derive(Default)]
struct WalkAttrs<'a> {
    class: Option<&'a str>,
    id: Option<&'a str>,
    role: Option<&'a str>,
    style: Option<&'a str>,
    hidden: bool,
    aria_hidden: Option<&'a str>,
}

impl<'a> WalkAttrs<'a> {
    /// The attributes read here are all kept by pruning (see the test
    /// `the_walks_attributes_survive_pruning`).
    fn of(el: &'a scraper::node::Element) -> Self {
        let mut found = WalkAttrs::default();
        for (qual, value) in el.attrs.iter() {
            if qual.prefix.is_some() || !qual.ns.is_empty() {
                continue;
            }
            let value = Some(&**value);
            match &*qual.local {
                "class" => found.class = value,
                "id" => found.id = value,
                "role" => found.role = value,
                "style" => found.style = value,
                "hidden" => found.hidden = true,
                "aria-hidden" => found.aria_hidden = value,
                _ => {}
            }
        }
        found
    }

    /// `scratch` is reused across elements, so a style attribute costs no allocation.
    fn hidden(&self, scratch: &mut String) -> bool {
        if self.hidden || self.aria_hidden == Some("true") {
            return true;
        }
        self.style.is_some_and(|style| {
            scratch.clear();
            scratch.extend(
                style
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .map(|c| c.to_ascii_lowercase()),
            );
            scratch.contains("display:none") || scratch.contains("visibility:hidden")
        })
    }
}

fn hash_str(s: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
}

/// The article body of a parsed page; `title` is the headline found in its metadata,
/// dropped where the body repeats it.
pub fn article_paragraphs(doc: &Html, title: Option<&str>) -> Vec<Paragraph> {
    let page = Page::read(doc);
    // A furniture name on a layout wrapper holding much of the page is wrong for the
    // page ("content-with-sidebar", a share-button id on the article's box, a class on
    // `<html>`): only the flags of smaller elements (real sidebars and share bars are
    // small) and of comment sections (which can outgrow a short article) are trusted.
    let page_text = plain_chars(&page.elems[0]);
    let flagged = inherited(&page.elems, |e| {
        e.furniture
            && (e.comments || !is_layout_wrapper(e, page_text))
            && !(e.named_furniture && !e.comments && holds_prose(e))
    });
    let with_flags = extract_body(&page, title, Some(&flagged));
    if !with_flags.is_empty() {
        return with_flags;
    }
    // Every text on the page is flagged: give what the page has rather than nothing.
    extract_body(&page, title, None)
}

/// Whether an element holds running prose, which no share bar, related list or
/// newsletter box does: a furniture word in its class or id is then a name for
/// something else (a section anchor "sharing-with-a-single-developer").
fn holds_prose(e: &Elem) -> bool {
    e.paragraphs >= PROSE_MIN_PARAGRAPHS
        && plain_chars(e) >= PROSE_MIN_CHARS
        && e.link_density() < PROSE_MAX_LINK_DENSITY
}

const PROSE_MIN_PARAGRAPHS: u32 = 3;
const PROSE_MIN_CHARS: u32 = 400;
const PROSE_MAX_LINK_DENSITY: f32 = 0.2;

/// A layout wrapper: it holds much of the page's text, in paragraphs rather than a
/// list's items (a photo gallery's captions can outweigh a short article).
fn is_layout_wrapper(e: &Elem, page_text: u32) -> bool {
    plain_chars(e) as f32 >= WRAPPER_SHARE * page_text as f32 && e.paragraphs > e.list_items
}

/// An element holding at least this share of the page's text outside links is a
/// layout wrapper, whatever its class says.
const WRAPPER_SHARE: f32 = 0.4;

fn plain_chars(elem: &Elem) -> u32 {
    elem.chars - elem.link_chars
}

/// One extraction attempt; `flagged` marks elements in furniture, whose paragraphs
/// give no score (`None`: every paragraph scores).
fn extract_body(page: &Page, title: Option<&str>, flagged: Option<&[bool]>) -> Vec<Paragraph> {
    let scores = score_candidates(page, flagged);
    let Some(selection) = select(page, &scores) else {
        return Vec::new();
    };
    let kept = clean(page, &selection, &scores, flagged);
    finish(page, &kept, title)
}

/// `flag` of each element or of any of its ancestors.
fn inherited(elems: &[Elem], flag: impl Fn(&Elem) -> bool) -> Vec<bool> {
    let mut out = vec![false; elems.len()];
    for (i, e) in elems.iter().enumerate() {
        out[i] = flag(e) || e.parent.is_some_and(|p| out[p]);
    }
    out
}

fn tag_score(tag: Tag) -> f32 {
    match tag {
        Tag::Div => 5.0,
        Tag::Pre | Tag::Td | Tag::Blockquote => 3.0,
        Tag::Address | Tag::List | Tag::Li | Tag::Dt | Tag::Dd | Tag::Form => -3.0,
        Tag::Heading | Tag::Th => -5.0,
        _ => 0.0,
    }
}

/// Each element's candidate score (link density applied), `None` if nothing scored it.
fn score_candidates(page: &Page, flagged: Option<&[bool]>) -> Vec<Option<f32>> {
    let mut raw: Vec<Option<f32>> = vec![None; page.elems.len()];
    for block in &page.blocks {
        if block.chars < SCORED_MIN_CHARS || flagged.is_some_and(|f| f[block.owner]) {
            continue;
        }
        let owner = &page.elems[block.owner];
        // Paragraph-like tags pass their score to their container; a container with
        // text of its own (text split by <br>) is scored itself.
        let first = match owner.tag {
            Tag::P | Tag::Pre | Tag::Td | Tag::Dd | Tag::Blockquote => owner.parent,
            Tag::Li | Tag::Dt | Tag::Heading | Tag::Th => continue,
            _ => Some(block.owner),
        };
        let points = 1.0 + block.commas as f32 + (block.chars / 100).min(3) as f32;
        let mut at = first;
        for level in 0..SCORE_LEVELS {
            let Some(i) = at else { break };
            let elem = &page.elems[i];
            if elem.tag == Tag::Root {
                break;
            }
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                n => n as f32 * 3.0,
            };
            let score = raw[i].get_or_insert(tag_score(elem.tag) + elem.weight);
            *score += points / divider;
            at = elem.parent;
        }
    }
    raw.iter()
        .zip(&page.elems)
        .map(|(s, e)| s.map(|s| s * (1.0 - e.link_density())))
        .collect()
}

/// What the article is: the best container and the subtrees (it and some of its
/// siblings, or an ancestor) whose text makes the article.
struct Selection {
    best: usize,
    roots: Vec<usize>,
}

fn select(page: &Page, scores: &[Option<f32>]) -> Option<Selection> {
    // A list's or a table's parts hold items, not the article: a gallery's captions or
    // a feed's entries pile up score in them, and an article's list sits in a
    // container that also scores.
    let in_item = inherited(&page.elems, |e| e.tag == Tag::Li);
    let scores: Vec<Option<f32>> = scores
        .iter()
        .zip(&page.elems)
        .enumerate()
        .map(|(i, (s, e))| {
            let part = matches!(e.tag, Tag::List | Tag::Dt | Tag::Dd | Tag::TableRows);
            s.filter(|_| !in_item[i] && !part)
        })
        .collect();
    let mut ranked: Vec<(usize, f32)> = scores
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.map(|s| (i, s)))
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
    let Some(&(best, best_score)) = ranked.first() else {
        // Nothing had a sentence's length: the body as a whole, cleaned.
        let body = page.elems.iter().position(|e| e.tag == Tag::Body)?;
        return Some(Selection {
            best: body,
            roots: vec![body],
        });
    };

    // Several strong candidates in other branches under one ancestor: the article is
    // split into sections, and the ancestor holds them all. (The best container's own
    // ancestors and descendants share its paragraphs' score, so they say nothing.)
    let others: Vec<(usize, f32)> = ranked[1..]
        .iter()
        .filter(|(i, _)| !is_ancestor(page, *i, best) && !is_ancestor(page, best, *i))
        .take(5)
        .copied()
        .collect();
    let runners_up: Vec<usize> = others
        .iter()
        .filter(|(_, s)| *s >= best_score * RUNNER_UP_SHARE)
        .map(|(i, _)| *i)
        .collect();
    let mut top = best;
    if runners_up.len() >= SHARED_ANCESTOR_MIN {
        let mut at = page.elems[best].parent;
        while let Some(a) = at {
            if matches!(page.elems[a].tag, Tag::Root | Tag::Body) {
                break;
            }
            let under = runners_up
                .iter()
                .filter(|&&r| is_ancestor(page, a, r))
                .count();
            if under >= SHARED_ANCESTOR_MIN {
                top = a;
                break;
            }
            at = page.elems[a].parent;
        }
    }
    // A good candidate in another branch, where the two make up most of their common
    // ancestor's text: the article is cut in two chunks (an ad or a pull-quote box
    // between them), and the ancestor holds both.
    if top == best {
        for &(r, _) in others
            .iter()
            .filter(|(_, s)| *s >= best_score * CHUNK_MIN_SHARE)
        {
            let Some(common) = common_ancestor(page, best, r) else {
                continue;
            };
            let both = page.elems[best].chars + page.elems[r].chars;
            if !matches!(page.elems[common].tag, Tag::Root | Tag::Body)
                && both as f32 >= CHUNKS_SHARE * page.elems[common].chars as f32
            {
                top = common;
                break;
            }
        }
    }
    // A container that is its parent's only child says nothing more than its parent.
    while let Some(p) = page.elems[top].parent {
        let only_child = !matches!(page.elems[p].tag, Tag::Body | Tag::Root)
            && page.elems[p].chars == page.elems[top].chars
            && page.children[p].len() == 1;
        if !only_child {
            break;
        }
        top = p;
    }

    let top_score = scores[top].unwrap_or(best_score);
    let Some(parent) = page.elems[top].parent else {
        return Some(Selection {
            best,
            roots: vec![top],
        });
    };
    // A sibling is judged by the best candidate it holds: a chunk of the article a
    // few wrappers deep has no score of its own (scores reach five levels up).
    let mut subtree_best = scores.to_vec();
    for i in (1..page.elems.len()).rev() {
        if let (Some(p), Some(s)) = (page.elems[i].parent, subtree_best[i]) {
            subtree_best[p] = Some(subtree_best[p].map_or(s, |ps| ps.max(s)));
        }
    }
    let threshold = (top_score * 0.2).max(10.0);
    let top_class = page.elems[top].class_key;
    let mut roots = Vec::new();
    for &sibling in &page.children[parent] {
        if sibling == top {
            roots.push(sibling);
            continue;
        }
        let elem = &page.elems[sibling];
        if elem.furniture {
            continue;
        }
        let bonus = if top_class != 0 && elem.class_key == top_class {
            top_score * 0.2
        } else {
            0.0
        };
        let good_score = subtree_best[sibling].is_some_and(|s| s + bonus >= threshold);
        let good_paragraph = elem.tag == Tag::P && {
            let density = elem.link_density();
            (elem.chars > 80 && density < 0.25)
                || (elem.chars > 0 && density == 0.0 && page.own_sentences[sibling])
        };
        if good_score || good_paragraph {
            roots.push(sibling);
        }
    }
    Some(Selection { best, roots })
}

fn common_ancestor(page: &Page, a: usize, b: usize) -> Option<usize> {
    let mut at = page.elems[a].parent;
    while let Some(x) = at {
        if is_ancestor(page, x, b) {
            return Some(x);
        }
        at = page.elems[x].parent;
    }
    None
}

/// A range check: a subtree is a run of indices after its root.
fn is_ancestor(page: &Page, ancestor: usize, of: usize) -> bool {
    ancestor < of && of < page.ends[ancestor]
}

/// Which elements' own text is kept: inside the selection, outside furniture and
/// link-heavy boxes. The best container and its ancestors are always kept. Furniture
/// is what `flagged` (the attempt's flags) says it is.
fn clean(
    page: &Page,
    selection: &Selection,
    scores: &[Option<f32>],
    flagged: Option<&[bool]>,
) -> Vec<bool> {
    let mut on_path = vec![false; page.elems.len()];
    let mut at = Some(selection.best);
    while let Some(i) = at {
        on_path[i] = true;
        at = page.elems[i].parent;
    }
    let mut is_root = vec![false; page.elems.len()];
    for &r in &selection.roots {
        is_root[r] = true;
    }
    let mut kept = vec![false; page.elems.len()];
    for (i, elem) in page.elems.iter().enumerate() {
        let parent_kept = elem.parent.is_some_and(|p| kept[p]);
        let furniture = elem.furniture && flagged.is_none_or(|f| f[i]);
        kept[i] = is_root[i]
            || (parent_kept && (on_path[i] || !drop_inside_article(elem, furniture, scores[i])));
    }
    kept
}

/// An element inside the selected article that is still not article text.
fn drop_inside_article(elem: &Elem, furniture: bool, score: Option<f32>) -> bool {
    if furniture {
        return true;
    }
    if elem.chars == 0 {
        return false;
    }
    let density = elem.link_density();
    // A furniture-like name, unless the paragraphs the element holds outweigh it (a
    // list or a definition list is not furniture for its tag alone).
    let negative = elem.weight < 0.0 && score.is_none_or(|s| s < 0.0);
    match elem.tag {
        Tag::List => density > 0.5 || negative,
        Tag::Div
        | Tag::Section
        | Tag::Table
        | Tag::TableRows
        | Tag::Form
        | Tag::Block
        | Tag::Article => {
            if elem.commas >= 10 {
                return false;
            }
            negative
                || density > 0.5
                || (density > 0.2 && elem.weight < 25.0)
                || (elem.list_items > elem.paragraphs + 1 && density > 0.1)
        }
        _ => false,
    }
}

/// Lines that are boilerplate wherever they appear: short, and starting with one of
/// these (lower-cased).
const BOILERPLATE_STARTS: &[&str] = &[
    "advertisement",
    "sponsored",
    "share this",
    "share on",
    "share:",
    "read more",
    "read also",
    "see also",
    "related:",
    "related articles",
    "related stories",
    "click here",
    "sign up",
    "subscribe",
    "follow us",
    "copyright",
    "©",
    "all rights reserved",
    "photo:",
    "image:",
    "credit:",
    "loading",
    "more from",
    "most read",
    "top stories",
    "recommended",
    "you may also like",
    "see more",
    "don't miss",
    "don’t miss",
    "you might also like",
];
/// A line of at most this many words that is 70% link is a link to another page.
const LINK_LINE_MAX_WORDS: usize = 15;
/// A boilerplate line has at most this many words.
const BOILERPLATE_MAX_WORDS: usize = 10;

/// A block is a real paragraph when it is this long, or has this many words and ends
/// a sentence.
const GOOD_MIN_CHARS: u32 = 80;
const GOOD_MIN_WORDS: usize = 6;

fn is_good(block: &Block) -> bool {
    if block.kind == BlockKind::Heading || block.link_chars * 2 > block.chars {
        return false;
    }
    // A Chinese, Japanese or Korean character says about as much as a short word.
    let wide = block.text.chars().filter(|&c| is_wide_script(c)).count() as u32;
    block.chars + 2 * wide >= GOOD_MIN_CHARS
        || (block.text.split_whitespace().count() >= GOOD_MIN_WORDS
            && block
                .text
                .trim_end()
                .ends_with(['.', '!', '?', ':', ';', '"', '”', '’', ')', '…', '»', '。']))
}

/// Kana, CJK ideographs and Hangul syllables.
fn is_wide_script(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{9fff}' | '\u{ac00}'..='\u{d7af}')
}

fn is_boilerplate_line(text: &str) -> bool {
    if text.split_whitespace().count() > BOILERPLATE_MAX_WORDS {
        return false;
    }
    let lower = text.to_lowercase();
    BOILERPLATE_STARTS.iter().any(|s| lower.starts_with(s))
}

/// A text reduced to what [`same_text`] compares: its letters and digits, lower-cased.
fn normalised(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
}

/// Whether `text` reads as `normalised_title` (the title through [`normalised`], made
/// once per page: this runs for every block). Stops at the first difference.
fn same_text(normalised_title: &str, text: &str) -> bool {
    normalised(text).eq(normalised_title.chars())
}

/// The kept blocks, in page order, with the block-level judgements applied.
fn finish(page: &Page, kept: &[bool], title: Option<&str>) -> Vec<Paragraph> {
    let title = title.map(|t| normalised(t).collect::<String>());
    let mut keep: Vec<bool> = page
        .blocks
        .iter()
        .map(|b| {
            // A line that is (almost) all link points elsewhere: "Read: <headline>".
            let short = b.text.split_whitespace().count() <= LINK_LINE_MAX_WORDS;
            let link_share = if short { 7 } else { 9 };
            let link_only =
                b.kind != BlockKind::Heading && b.link_chars * 10 >= b.chars * link_share;
            let repeats_title = title.as_deref().is_some_and(|t| same_text(t, &b.text));
            kept[b.owner] && !link_only && !repeats_title && !is_boilerplate_line(&b.text)
        })
        .collect();
    // A heading introduces what follows it: with nothing kept after it, it goes too.
    // One backward pass finds each block's next non-heading block.
    let mut next_text: Option<usize> = None;
    for i in (0..page.blocks.len()).rev() {
        if page.blocks[i].kind != BlockKind::Heading {
            next_text = Some(i);
        } else if keep[i] && !next_text.is_some_and(|n| keep[n]) {
            keep[i] = false;
        }
    }
    // Short lines before the first real paragraph (kicker, byline, date) are furniture
    // that escaped the flags; so are short lines after the last one (tags, sign-offs),
    // unless they sit beside it in the same container (a closing list of dates).
    let good: Vec<bool> = page
        .blocks
        .iter()
        .zip(&keep)
        .map(|(b, k)| *k && is_good(b))
        .collect();
    let first = good.iter().position(|g| *g);
    let last = good.iter().rposition(|g| *g);
    if let (Some(first), Some(last)) = (first, last) {
        let container = |i: usize| page.elems[page.blocks[i].owner].parent;
        let last_container = container(last);
        let beside_last = |i: usize| {
            i > last
                && page.blocks[i].kind != BlockKind::Heading
                && (page.blocks[i].owner == page.blocks[last].owner
                    || container(i) == last_container)
        };
        // What would go, before and after: furniture is a minor part of what is kept.
        // Short lines outweighing the real paragraphs are the article (a schedule, a
        // list of results) and its real paragraph a closing note.
        let kept_chars = |range: std::ops::Range<usize>, trimmed: bool| -> u32 {
            range
                .filter(|&i| keep[i] && (!trimmed || (!good[i] && !beside_last(i))))
                .map(|i| page.blocks[i].chars)
                .sum()
        };
        let middle = kept_chars(first..last + 1, false);
        let before = kept_chars(0..first, true);
        let after = kept_chars(last + 1..keep.len(), true);
        for (i, k) in keep.iter_mut().enumerate() {
            let trim = (i < first && before <= middle) || (i > last && after <= middle);
            if trim && !beside_last(i) {
                *k = *k && good[i];
            }
        }
    }
    page.blocks
        .iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(b, _)| Paragraph {
            kind: b.kind,
            text: b.text.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::WalkAttrs;
    use scraper::Html;

    #[test]
    fn the_walks_attributes_survive_pruning() {
        let page = "<div class=c id=i role=r style=s hidden aria-hidden=true data-x=1>x</div>";
        let doc = Html::parse_document(&super::super::prune::prune(page));
        let div = doc
            .tree
            .nodes()
            .find_map(|n| n.value().as_element().filter(|e| e.name() == "div"))
            .unwrap();
        assert_eq!(div.attrs.len(), 6);
        let attrs = WalkAttrs::of(div);
        assert_eq!(
            (attrs.class, attrs.id, attrs.role, attrs.style),
            (Some("c"), Some("i"), Some("r"), Some("s"))
        );
        assert!(attrs.hidden && attrs.aria_hidden == Some("true"));
    }
}
