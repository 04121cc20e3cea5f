//! Reports: what the command line prints for people (the JSON forms are the model's
//! serde encoding). One line per change-log event, the summary of a replayed item, and an
//! item's history with a word-level diff between consecutive versions.
//!
//! Entry points: [`event_line`], [`write_arrival`], [`write_history`], [`write_stories`],
//! [`write_timeline`].

use crate::diff::{self, word_diff};
use crate::model::{Event, EventBody, TitleChange, Version};
use crate::timeline::{StorySummary, StoryTimeline};
use similar::ChangeTag;
use std::borrow::Cow;
use std::io::{self, Write};

/// How a diff marks deleted and inserted words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marks {
    /// ANSI colours, for a terminal: deleted words red and struck through, inserted green.
    Colour,
    /// `[-deleted-]{+inserted+}`, as `git diff --word-diff=plain` writes it, when piped.
    Plain,
}

impl Marks {
    /// Colour on a terminal unless `NO_COLOR` is set (<https://no-color.org>).
    pub fn for_stdout() -> Marks {
        use std::io::IsTerminal;
        if io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
            Marks::Colour
        } else {
            Marks::Plain
        }
    }

    fn open_close(self, tag: ChangeTag) -> (&'static str, &'static str) {
        match (self, tag) {
            (_, ChangeTag::Equal) => ("", ""),
            (Marks::Colour, ChangeTag::Delete) => ("\x1b[31;9m", "\x1b[0m"),
            (Marks::Colour, ChangeTag::Insert) => ("\x1b[32m", "\x1b[0m"),
            (Marks::Plain, ChangeTag::Delete) => ("[-", "-]"),
            (Marks::Plain, ChangeTag::Insert) => ("{+", "+}"),
        }
    }
}

/// One change-log event as one line: `#seq time story what`.
pub fn event_line(event: &Event) -> String {
    let head = format!("#{:<5} {}", event.seq, event.at.format("%Y-%m-%d %H:%M:%S"));
    let story = event
        .body
        .story()
        .map_or_else(|| "-".to_string(), |s| s.to_string());
    let what = match &event.body {
        EventBody::StoryCreated { item, title, .. } => {
            format!("story created by {item}: {title}")
        }
        EventBody::ItemLinked {
            item,
            score,
            item_kind,
            ..
        } => match item_kind {
            Some(kind) => format!("{item} joined as {kind} (similarity {score:.2})"),
            None => format!("{item} joined (similarity {score:.2})"),
        },
        EventBody::ItemUnmatched {
            item,
            closest_story,
            score,
        } => match closest_story {
            Some(s) => format!("{item} matched no story (closest {s}, {score:.2})"),
            None => format!("{item} matched no story"),
        },
        EventBody::Claim {
            item, claim, text, ..
        } => format!("claim {claim} from {item}: {text}"),
        EventBody::VersionChanged {
            item,
            version,
            title,
            added,
            removed,
            ..
        } => {
            let retitled = if title.is_some() { ", new headline" } else { "" };
            format!(
                "{item} changed: version {version}, {} sentence(s) added, {} removed{retitled}",
                added.len(),
                removed.len()
            )
        }
        EventBody::ExtractSuspect {
            item,
            version,
            words_before,
            words_after,
            ..
        } => format!(
            "{item} came back with {words_after} words instead of {words_before}: extraction suspected, version {version} kept"
        ),
        EventBody::ClaimCorroborated {
            claim, item, text, ..
        } => format!("claim {claim} repeated by {item}: {text}"),
        EventBody::ClaimWithdrawn {
            claim, item, text, ..
        } => format!("claim {claim} withdrawn by {item}: {text}"),
        EventBody::FeedMoved { feed, to, .. } => {
            format!("feed {feed} moved permanently to {to}")
        }
        EventBody::FeedBroken {
            feed,
            failing_since,
            failures,
            error,
        } => format!(
            "feed {feed} is broken: {failures} failed polls since {}, last: {error}; retried rarely",
            failing_since.format("%Y-%m-%d %H:%M")
        ),
        EventBody::FeedRecovered { feed, failures } => {
            format!("feed {feed} answers again after {failures} failed polls")
        }
        EventBody::PageUnavailable {
            item, error, used, ..
        } => format!("{item}: page unavailable ({error}); the feed entry's {used} stands in"),
    };
    printable(&format!("{head}  {story}  {what}")).into_owned()
}

/// Text from outside (titles, sentences, URLs) as it may be printed on a terminal:
/// control characters, which could move the cursor or retitle the window, become U+FFFD,
/// and so do line breaks, so that one event stays one line.
pub fn printable(text: &str) -> Cow<'_, str> {
    if text.chars().any(|c| c.is_control() && c != '\t') {
        Cow::Owned(
            text.chars()
                .map(|c| {
                    if c.is_control() && c != '\t' {
                        '\u{FFFD}'
                    } else {
                        c
                    }
                })
                .collect(),
        )
    } else {
        Cow::Borrowed(text)
    }
}

/// What happened to one arriving item, for `replay`: its story, then its new claims and
/// edits.
pub fn write_arrival(out: &mut impl Write, name: &str, events: &[Event]) -> io::Result<()> {
    let mut out = Printable(out);
    let out = &mut out;
    let mut claims: Vec<&str> = Vec::new();
    let mut repeated = 0usize;
    let mut placed = false;
    for event in events {
        match &event.body {
            EventBody::StoryCreated { story, title, .. } => {
                placed = true;
                writeln!(out, "{name}: founded {story} \"{title}\"")?
            }
            EventBody::ItemLinked {
                story,
                score,
                item_kind,
                ..
            } => {
                placed = true;
                match item_kind {
                    Some(kind) => writeln!(
                        out,
                        "{name}: joined {story} as {kind} (similarity {score:.2})"
                    )?,
                    None => writeln!(out, "{name}: joined {story} (similarity {score:.2})")?,
                }
            }
            EventBody::ItemUnmatched {
                closest_story,
                score,
                ..
            } => match closest_story {
                Some(s) => writeln!(
                    out,
                    "{name}: matched no story (closest {s}, similarity {score:.2})"
                )?,
                None => writeln!(out, "{name}: matched no story")?,
            },
            EventBody::VersionChanged {
                version,
                title,
                added,
                removed,
                ..
            } => {
                placed = true;
                writeln!(out, "{name}: changed, now version {version}")?;
                if let Some(TitleChange { before, after }) = title {
                    writeln!(
                        out,
                        "  headline: {} -> {}",
                        before.as_deref().unwrap_or("(none)"),
                        after.as_deref().unwrap_or("(none)")
                    )?;
                }
                for sentence in removed {
                    writeln!(out, "  - {sentence}")?;
                }
                for sentence in added {
                    writeln!(out, "  > {sentence}")?;
                }
            }
            EventBody::ExtractSuspect {
                version,
                words_before,
                words_after,
                ..
            } => writeln!(
                out,
                "{name}: came back with {words_after} words instead of {words_before}; extraction suspected, version {version} kept"
            )?,
            EventBody::Claim { text, .. } => claims.push(text),
            EventBody::ClaimCorroborated { .. } => repeated += 1,
            EventBody::ClaimWithdrawn { claim, text, .. } => {
                writeln!(out, "  withdrawn {claim}: {text}")?
            }
            EventBody::PageUnavailable { error, used, .. } => writeln!(
                out,
                "{name}: page unavailable ({error}); the feed entry's {used} stands in"
            )?,
            EventBody::FeedMoved { .. }
            | EventBody::FeedBroken { .. }
            | EventBody::FeedRecovered { .. } => writeln!(out, "{}", event_line(event))?,
        }
    }
    if placed {
        if repeated > 0 {
            writeln!(
                out,
                "  {} new claim(s); repeats {repeated} the story held",
                claims.len()
            )?;
        } else {
            writeln!(out, "  {} new claim(s)", claims.len())?;
        }
        for claim in claims {
            writeln!(out, "  + {claim}")?;
        }
    }
    Ok(())
}

/// An item's versions, oldest first, each after the first with what changed: the new
/// headline, and each changed place in the body as a word-level diff.
pub fn write_history(out: &mut impl Write, versions: &[Version], marks: Marks) -> io::Result<()> {
    let mut out = Printable(out);
    let out = &mut out;
    let mut previous: Option<&Version> = None;
    for version in versions {
        writeln!(
            out,
            "version {}  {}  {} words  {}",
            version.number,
            version.fetched_at.format("%Y-%m-%d %H:%M:%S UTC"),
            version.article.word_count(),
            version.article.title.as_deref().unwrap_or("(no headline)")
        )?;
        if let Some(previous) = previous {
            let (title, hunks) = diff::hunks(&previous.article, &version.article);
            if let Some(TitleChange { before, after }) = title {
                write!(out, "  headline: ")?;
                write_word_diff(
                    out,
                    before.as_deref().unwrap_or(""),
                    after.as_deref().unwrap_or(""),
                    marks,
                )?;
            }
            if hunks.is_empty() {
                writeln!(out, "  body unchanged")?;
            }
            for hunk in hunks {
                // "+" only added, "-" only removed, "~" reworded.
                let sign = match (hunk.removed.is_empty(), hunk.added.is_empty()) {
                    (true, _) => '+',
                    (_, true) => '-',
                    _ => '~',
                };
                write!(out, "  {sign} ")?;
                write_word_diff(out, &hunk.removed.join(" "), &hunk.added.join(" "), marks)?;
            }
        }
        previous = Some(version);
    }
    Ok(())
}

fn write_word_diff<W: Write>(
    out: &mut Printable<W>,
    old: &str,
    new: &str,
    marks: Marks,
) -> io::Result<()> {
    for run in word_diff(old, new) {
        let (open, close) = marks.open_close(run.tag);
        out.0.write_all(open.as_bytes())?;
        write!(out, "{}", run.text)?;
        out.0.write_all(close.as_bytes())?;
    }
    writeln!(out)
}

/// A writer that makes outside text [`printable`]; line breaks written as whole
/// `\n`-terminated lines pass, stray control characters do not.
struct Printable<W: Write>(W);

impl<W: Write> Write for Printable<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        let (body, newline) = match text.strip_suffix('\n') {
            Some(body) => (body, "\n"),
            None => (text.as_ref(), ""),
        };
        self.0.write_all(printable(body).as_bytes())?;
        self.0.write_all(newline.as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// The story list: one line per story.
pub fn write_stories(out: &mut impl Write, stories: &[StorySummary]) -> io::Result<()> {
    let mut out = Printable(out);
    for s in stories {
        // A declared story says so after its id; a discovered one has no mark.
        let id = if s.declared {
            format!("{} (declared)", s.story.0)
        } else {
            s.story.0.clone()
        };
        writeln!(
            out,
            "{:<10} {:>3} items {:>4} claims  last {}  {}",
            id,
            s.items,
            s.claims,
            s.last_event_at.format("%Y-%m-%d %H:%M"),
            s.title
        )?;
    }
    Ok(())
}

/// A story's timeline for a terminal: each item as it arrived, its new claims, and for
/// each claim who repeated it later.
pub fn write_timeline(out: &mut impl Write, timeline: &StoryTimeline) -> io::Result<()> {
    let mut out = Printable(out);
    let out = &mut out;
    writeln!(out, "{}  {}", timeline.story, timeline.title)?;
    let claims: usize = timeline.items.iter().map(|i| i.claims.len()).sum();
    writeln!(
        out,
        "{} item(s), {claims} claim(s), since {}",
        timeline.items.len(),
        timeline.created_at.format("%Y-%m-%d %H:%M UTC")
    )?;
    for item in &timeline.items {
        writeln!(out)?;
        let how = match (item.kind, item.score) {
            (None, _) => "founded the story".to_string(),
            (Some(kind), Some(score)) => format!("{kind}, similarity {score:.2}"),
            (Some(kind), None) => kind.to_string(),
        };
        writeln!(
            out,
            "{}  {}  ({how})",
            item.at.format("%Y-%m-%d %H:%M"),
            item.outlet
        )?;
        if !item.item.0.starts_with("file:") {
            writeln!(out, "    {}", item.item)?;
        }
        for claim in &item.claims {
            let withdrawn = if claim.withdrawn_at.is_some() {
                "  [withdrawn]"
            } else {
                ""
            };
            writeln!(out, "  + {} {}{withdrawn}", claim.claim, claim.text)?;
            for source in &claim.repeated_by {
                writeln!(
                    out,
                    "      repeated by {} at {}",
                    source.outlet,
                    source.at.format("%Y-%m-%d %H:%M")
                )?;
            }
        }
        if !item.repeats.is_empty() {
            let ids: Vec<&str> = item.repeats.iter().map(|c| c.0.as_str()).collect();
            writeln!(out, "  = repeats {}", ids.join(", "))?;
        }
        for edit in &item.edits {
            let retitled = if edit.retitled { ", new headline" } else { "" };
            writeln!(
                out,
                "  ~ edited {}: version {}, {} sentence(s) added, {} removed{retitled}",
                edit.at.format("%Y-%m-%d %H:%M"),
                edit.version,
                edit.added,
                edit.removed
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Article, BlockKind, ItemId, Paragraph};
    use chrono::{TimeZone, Utc};

    fn version(number: u32, title: &str, body: &str) -> Version {
        let article = Article {
            title: Some(title.to_string()),
            published: None,
            paragraphs: vec![Paragraph {
                kind: BlockKind::Paragraph,
                text: body.to_string(),
            }],
            ..Article::default()
        };
        Version {
            item: ItemId("https://example.org/a".into()),
            number,
            fetched_at: Utc.with_ymd_and_hms(2025, 8, 19, 10, number, 0).unwrap(),
            content_hash: article.content_hash(),
            article,
        }
    }

    #[test]
    fn history_marks_changed_words_plainly_when_piped() {
        let versions = [
            version(
                1,
                "Talks stall",
                "Officials met. The quake killed 12 people.",
            ),
            version(
                2,
                "Talks collapse",
                "Officials met. The quake killed 15 people.",
            ),
        ];
        let mut out = Vec::new();
        write_history(&mut out, &versions, Marks::Plain).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains("headline: Talks [-stall-]{+collapse+}"),
            "{text}"
        );
        assert!(
            text.contains("~ The quake killed [-12-]{+15+} people."),
            "{text}"
        );
        assert!(!text.contains('\x1b'), "no colour codes when piped: {text}");
        assert!(
            !text.contains("Officials met"),
            "unchanged sentences are not repeated"
        );
    }

    #[test]
    fn history_colours_changed_words_on_a_terminal() {
        let versions = [
            version(1, "T", "The quake killed 12 people."),
            version(2, "T", "The quake killed 15 people."),
        ];
        let mut out = Vec::new();
        write_history(&mut out, &versions, Marks::Colour).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains("\x1b[31;9m12\x1b[0m\x1b[32m15\x1b[0m"),
            "{text:?}"
        );
    }
}
