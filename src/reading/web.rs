//! What the daemon serves for people and feed readers: a timeline page per story (plain
//! server-rendered HTML and CSS, readable on a phone) and Atom feeds of changes.
//!
//! Entry points: [`index_page`], [`story_page`], [`atom_feed`]. Pure functions of the
//! timeline and the events; the API module serves them.
//!
//! Guide: `docs/api.md` (the page and the feeds as readers see them).

use crate::diff::Hunk;
use crate::model::{Event, EventBody, ItemId, TitleChange};
use crate::timeline::{StorySummary, StoryTimeline};
use maud::{html, Markup, PreEscaped, Render, DOCTYPE};
use std::collections::HashMap;
use std::fmt::Write;

/// An item's edits as diffs: for each version after the first, its number, the headline
/// change and the changed places.
pub type ItemDiffs = HashMap<ItemId, Vec<(u32, Option<TitleChange>, Vec<Hunk>)>>;

const STYLE: &str = r#"
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1d1d1f; background: #fafafa; }
main { max-width: 46rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.35rem; line-height: 1.3; margin: .5rem 0; }
.meta, time, .source { color: #6e6e73; font-size: .875rem; }
ol.timeline { list-style: none; padding: 0; margin: 1.5rem 0; border-left: 3px solid #d2d2d7; }
ol.timeline > li { position: relative; margin: 0 0 1.5rem; padding-left: 1rem; }
ol.timeline > li::before { content: ""; position: absolute; left: -.5rem; top: .45rem; width: .7rem; height: .7rem; border-radius: 50%; background: #0071e3; }
ol.timeline > li.rewrite::before, ol.timeline > li.duplicate::before { background: #a1a1a6; }
.outlet { font-weight: 600; }
.kind { font-size: .75rem; text-transform: uppercase; letter-spacing: .04em; padding: .05rem .4rem; border-radius: .3rem; background: #e8e8ed; }
.kind.update { background: #d8ecff; }
ul.claims { list-style: none; padding: 0; margin: .5rem 0; }
li.claim { background: #fff7d6; border-left: 4px solid #f5b700; padding: .5rem .6rem; margin: .4rem 0; border-radius: .25rem; }
li.claim.withdrawn { background: #f2f2f2; border-left-color: #a1a1a6; text-decoration: line-through; }
.claim-id { font-size: .75rem; color: #6e6e73; margin-right: .3rem; }
ul.sources { list-style: none; padding: 0; margin: .3rem 0 0; font-size: .875rem; color: #1d6b2f; }
ul.sources li::before { content: "✓ "; }
.repeats { font-size: .875rem; color: #6e6e73; }
.edit { margin: .5rem 0; padding: .5rem .6rem; background: #fff; border: 1px solid #e8e8ed; border-radius: .25rem; font-size: .9rem; }
del { color: #b3261e; background: #fde7e6; }
ins { color: #1d6b2f; background: #e4f6e7; text-decoration: none; }
a { color: #0066cc; overflow-wrap: anywhere; }
"#;

/// Text from outside with its control characters (other than tab and newline) replaced
/// by U+FFFD: XML forbids them, and a feed holding one is refused by feed readers.
fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let control = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !text.chars().any(control) {
        return std::borrow::Cow::Borrowed(text);
    }
    let replaced = text
        .chars()
        .map(|c| if control(c) { '\u{FFFD}' } else { c });
    std::borrow::Cow::Owned(replaced.collect())
}

/// Text from outside, rendered escaped by maud, its control characters replaced (see
/// `printable`): how the pages here, and the demo's site, write text they did not write
/// themselves.
pub struct Printable<'a>(pub &'a str);

impl Render for Printable<'_> {
    fn render_to(&self, buffer: &mut String) {
        printable(self.0).render_to(buffer);
    }
}

/// A page around `body`, titled `title`.
fn page(title: &str, body: Markup, links: &LinkQuery) -> String {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (Printable(title)) }
                style { (PreEscaped(STYLE)) }
                link rel="alternate" type="application/atom+xml"
                    href={ "/atom.xml" (links) } title="All changes";
            }
            body { main { (body) } }
        }
    }
    .into_string()
}

/// What the page's links to other pages and feeds carry: the API token when the page
/// was opened with `?token=`, so that following a link needs no header either.
#[derive(Debug, Default, Clone)]
pub struct LinkQuery(String);

impl LinkQuery {
    pub fn with_token(token: Option<&str>) -> LinkQuery {
        LinkQuery(token.map_or_else(String::new, |token| {
            let query: String = url::form_urlencoded::Serializer::new(String::new())
                .append_pair("token", token)
                .finish();
            format!("?{query}")
        }))
    }
}

impl Render for LinkQuery {
    fn render_to(&self, buffer: &mut String) {
        Printable(&self.0).render_to(buffer);
    }
}

const TIME: &str = "%Y-%m-%d %H:%M UTC";

/// The list of stories.
pub fn index_page(stories: &[StorySummary], links: &LinkQuery) -> String {
    let body = html! {
        h1 { "Stories" }
        ul {
            @for s in stories {
                li {
                    a href={ "/stories/" (Printable(&s.story.0)) (links) } { (Printable(&s.title)) }
                    " "
                    span.meta {
                        @if s.declared { "declared · " }
                        (s.items) " items, " (s.claims) " claims, last "
                        (s.last_event_at.format(TIME))
                    }
                }
            }
            @if stories.is_empty() {
                li { "No stories yet." }
            }
        }
        p.meta { a href={ "/atom.xml" (links) } { "Atom feed of every change" } }
    };
    page("storywatch", body, links)
}

/// One story as a vertical timeline: each item, its new claims highlighted with who
/// repeated them, and its edits as diffs.
pub fn story_page(timeline: &StoryTimeline, diffs: &ItemDiffs, links: &LinkQuery) -> String {
    let id = Printable(&timeline.story.0);
    let claims: usize = timeline.items.iter().map(|i| i.claims.len()).sum();
    let body = html! {
        p.meta {
            a href={ "/" (links) } { "Stories" }
            " · "
            a href={ "/stories/" (id) "/atom.xml" (links) } { "Atom feed" }
        }
        h1 { (Printable(&timeline.title)) }
        p.meta {
            @if timeline.declared { "declared in the config · " }
            (timeline.items.len()) " reports, " (claims) " claims, since "
            (timeline.created_at.format(TIME))
        }
        ol.timeline {
            @for item in &timeline.items {
                (timeline_item(item, diffs.get(&item.item).map(Vec::as_slice).unwrap_or(&[])))
            }
        }
    };
    page(&timeline.title, body, links)
}

/// One item of a story's timeline, with its claims, the claims it repeats and its edits.
fn timeline_item(
    item: &crate::timeline::TimelineItem,
    edits: &[(u32, Option<TitleChange>, Vec<Hunk>)],
) -> Markup {
    let (class, label) = match item.kind {
        None => ("founder", "first report".to_string()),
        Some(kind) => (
            match kind {
                crate::model::ItemKind::Duplicate => "duplicate",
                crate::model::ItemKind::Rewrite => "rewrite",
                crate::model::ItemKind::Update => "update",
            },
            kind.to_string(),
        ),
    };
    let is_web = |item: &ItemId| item.0.starts_with("http");
    html! {
        li class=(class) {
            div {
                span.outlet { (Printable(&item.outlet)) }
                " "
                span class={ "kind " (class) } { (label) }
                " "
                time datetime=(item.at.to_rfc3339()) { (item.at.format(TIME)) }
            }
            @if is_web(&item.item) {
                div.source {
                    a href=(Printable(&item.item.0)) rel="nofollow noopener" {
                        (Printable(&item.item.0))
                    }
                }
            }
            @if !item.claims.is_empty() {
                ul.claims {
                    @for claim in &item.claims {
                        li.claim.withdrawn[claim.withdrawn_at.is_some()] id=(Printable(&claim.claim.0)) {
                            span.claim-id { (Printable(&claim.claim.0)) }
                            (Printable(&claim.text))
                            @if let Some(at) = claim.withdrawn_at {
                                " "
                                span.meta { "(withdrawn " (at.format("%Y-%m-%d %H:%M")) ")" }
                            }
                            @if !claim.repeated_by.is_empty() {
                                ul.sources {
                                    @for source in &claim.repeated_by {
                                        li {
                                            "repeated by "
                                            @if is_web(&source.item) {
                                                a href=(Printable(&source.item.0)) rel="nofollow noopener" {
                                                    (Printable(&source.outlet))
                                                }
                                            } @else {
                                                (Printable(&source.outlet))
                                            }
                                            " at " (source.at.format("%Y-%m-%d %H:%M"))
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            @if !item.repeats.is_empty() {
                div.repeats {
                    "Repeats "
                    @for (n, claim) in item.repeats.iter().enumerate() {
                        @if n > 0 { ", " }
                        a href={ "#" (Printable(&claim.0)) } { (Printable(&claim.0)) }
                    }
                }
            }
            @for (version, title, hunks) in edits {
                div.edit {
                    div.meta { "Edited: version " (version) }
                    @if let Some(change) = title {
                        div {
                            "Headline: "
                            del { (Printable(change.before.as_deref().unwrap_or(""))) }
                            " "
                            ins { (Printable(change.after.as_deref().unwrap_or(""))) }
                        }
                    }
                    @for hunk in hunks {
                        @for removed in &hunk.removed {
                            div { del { (Printable(removed)) } }
                        }
                        @for added in &hunk.added {
                            div { ins { (Printable(added)) } }
                        }
                    }
                }
            }
        }
    }
}

/// An Atom feed of changes: every new claim, corroboration, withdrawal and article edit
/// is an entry carrying the claim or the diff itself. `self_url` is the feed's own URL.
/// Each entry's id is the event's sequence number, stable across requests.
pub fn atom_feed(title: &str, self_url: &str, events: &[Event]) -> String {
    use atom_syndication::{Content, Entry, Feed, Generator, Link, Text};
    let updated = events.last().map_or_else(chrono::Utc::now, |e| e.at);
    let self_link = Link {
        href: printable(self_url).into_owned(),
        rel: "self".to_string(),
        ..Link::default()
    };
    // Newest first, as feed readers expect.
    let entries = events.iter().rev().filter_map(|event| {
        let (entry_title, content) = entry(event)?;
        let links = event
            .body
            .item()
            .filter(|i| i.0.starts_with("http"))
            .map(|i| Link {
                href: printable(&i.0).into_owned(),
                ..Link::default()
            });
        Some(Entry {
            id: format!("tag:storywatch,2025:event:{}", event.seq),
            title: Text::plain(printable(&entry_title)),
            updated: event.at.fixed_offset(),
            links: links.into_iter().collect(),
            content: Some(Content {
                value: Some(printable(&content).into_owned()),
                content_type: Some("text".to_string()),
                ..Content::default()
            }),
            ..Entry::default()
        })
    });
    let feed = Feed {
        title: Text::plain(printable(title)),
        id: printable(self_url).into_owned(),
        updated: updated.fixed_offset(),
        links: vec![self_link],
        generator: Some(Generator {
            value: "storywatch".to_string(),
            ..Generator::default()
        }),
        entries: entries.collect(),
        ..Feed::default()
    };
    feed.to_string()
}

/// Whether an event is one a change feed carries.
pub fn in_feed(event: &Event) -> bool {
    entry(event).is_some()
}

/// The events a feed carries, as a title and a text; `None` for the others.
fn entry(event: &Event) -> Option<(String, String)> {
    let outlet = |item: &ItemId| crate::timeline::outlet(item);
    Some(match &event.body {
        EventBody::Claim {
            item, claim, text, ..
        } => (
            format!("New claim {claim} from {}", outlet(item)),
            text.clone(),
        ),
        EventBody::ClaimCorroborated {
            item, claim, text, ..
        } => (
            format!("Claim {claim} repeated by {}", outlet(item)),
            text.clone(),
        ),
        EventBody::ClaimWithdrawn {
            item, claim, text, ..
        } => (
            format!("Claim {claim} withdrawn by {}", outlet(item)),
            text.clone(),
        ),
        EventBody::VersionChanged {
            item,
            version,
            title,
            added,
            removed,
            ..
        } => {
            let mut diff = String::new();
            if let Some(TitleChange { before, after }) = title {
                let _ = writeln!(
                    diff,
                    "Headline: {} -> {}",
                    before.as_deref().unwrap_or(""),
                    after.as_deref().unwrap_or("")
                );
            }
            for line in removed {
                let _ = writeln!(diff, "- {line}");
            }
            for line in added {
                let _ = writeln!(diff, "+ {line}");
            }
            (
                format!("{} edited its article (version {version})", outlet(item)),
                diff,
            )
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ClaimId, StoryId};

    #[test]
    fn text_from_outside_is_escaped_in_pages_and_feeds() {
        let event = Event {
            seq: 7,
            at: chrono::Utc::now(),
            body: EventBody::Claim {
                story: StoryId("story-1".into()),
                item: ItemId("https://example.org/a?x=1&y=2".into()),
                claim: ClaimId("c1".into()),
                text: "<script>alert(1)</script> & \"quotes\"\u{1}".into(),
                atoms: Vec::new(),
                closest: None,
                novelty: Some(0.9),
            },
        };
        let feed = atom_feed("All changes", "http://127.0.0.1:8765/atom.xml", &[event]);
        assert!(
            feed.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;\u{FFFD}")
        );
        assert!(feed.contains("href=\"https://example.org/a?x=1&amp;y=2\""));
        assert!(feed.contains("<id>tag:storywatch,2025:event:7</id>"));
        assert!(!feed.contains("<script>"));
        // A feed reader gets back what was written.
        let read = atom_syndication::Feed::read_from(feed.as_bytes()).expect("the feed reads");
        assert_eq!(read.title.as_str(), "All changes");
        assert_eq!(read.links[0].rel, "self");
        let [entry] = &read.entries[..] else {
            panic!("one entry: {feed}");
        };
        assert_eq!(entry.id, "tag:storywatch,2025:event:7");
        assert_eq!(entry.title.as_str(), "New claim c1 from example.org");
        assert_eq!(entry.links[0].href, "https://example.org/a?x=1&y=2");
        let content = entry.content.as_ref().and_then(|c| c.value.as_deref());
        // A control character, which XML forbids, is replaced.
        assert_eq!(
            content,
            Some("<script>alert(1)</script> & \"quotes\"\u{FFFD}")
        );
    }

    #[test]
    fn the_story_list_marks_declared_stories() {
        let summary = |id: &str, declared: bool| StorySummary {
            story: StoryId(id.into()),
            title: format!("title of {id}"),
            created_at: chrono::Utc::now(),
            last_event_at: chrono::Utc::now(),
            items: 5,
            claims: 50,
            declared,
        };
        let html = index_page(
            &[
                summary("ukraine-guarantees", true),
                summary("story-2", false),
            ],
            &LinkQuery::default(),
        );
        let line = |id: &str| {
            html.split("<li>")
                .find(|l| l.contains(&format!("/stories/{id}\"")))
                .unwrap_or_default()
                .to_string()
        };
        assert!(
            line("ukraine-guarantees").contains("declared · 5 items"),
            "{html}"
        );
        assert!(!line("story-2").contains("declared"), "{html}");
    }

    #[test]
    fn a_story_page_says_whether_the_story_was_declared() {
        let page = |declared: bool| {
            let timeline = StoryTimeline {
                story: StoryId("ukraine-guarantees".into()),
                title: "US strategic enablers".into(),
                created_at: chrono::Utc::now(),
                declared,
                items: Vec::new(),
            };
            story_page(&timeline, &ItemDiffs::new(), &LinkQuery::default())
        };
        assert!(page(true).contains("declared in the config · 0 reports"));
        assert!(!page(false).contains("declared"));
    }

    #[test]
    fn a_page_opened_with_the_token_links_on_with_it() {
        // A browser that opened the page with ?token= follows its links with it too.
        let links = LinkQuery::with_token(Some("s3cret&x=1"));
        let html = index_page(&[], &links);
        assert!(
            html.contains("href=\"/atom.xml?token=s3cret%26x%3D1\""),
            "{html}"
        );
        assert!(!index_page(&[], &LinkQuery::default()).contains("token"));
    }
}
