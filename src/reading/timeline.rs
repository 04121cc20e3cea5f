//! A story as people read it: its items in arrival order, each with its new claims, and
//! for each claim who repeated it later and whether its reporter withdrew it.
//!
//! Entry point: [`story_timeline`], built from a story's events in the change log (the
//! store reads them through its index by story, so the cost is the story's, not the
//! log's). [`story_summaries`] lists the stories; [`EventFilter`] selects events for `storywatch log`. The terminal rendering
//! is in [`crate::report`].

use crate::model::{ClaimId, Event, EventBody, ItemId, ItemKind, StoryId};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::HashMap;

/// One story's timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoryTimeline {
    pub story: StoryId,
    pub title: String,
    pub created_at: DateTime<Utc>,
    /// Declared in the config (`[[story]]`) rather than discovered.
    pub declared: bool,
    pub items: Vec<TimelineItem>,
}

/// One item of a story, where and when it arrived, and what it brought.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimelineItem {
    pub item: ItemId,
    /// Who published it: the site (host without `www.`), or the file name of a replay.
    pub outlet: String,
    pub at: DateTime<Utc>,
    /// `None` for the item that founded the story.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<ItemKind>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// The claims this item reported first, in order.
    pub claims: Vec<TimelineClaim>,
    /// Claims reported first by earlier items that this one repeated.
    pub repeats: Vec<ClaimId>,
    /// Versions after the first: when each came and how many sentences it added/removed.
    pub edits: Vec<Edit>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimelineClaim {
    pub claim: ClaimId,
    pub text: String,
    /// Later items that repeated it, in order, with when.
    pub repeated_by: Vec<Source>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub withdrawn_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Source {
    pub item: ItemId,
    pub outlet: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Edit {
    pub version: u32,
    pub at: DateTime<Utc>,
    pub added: usize,
    pub removed: usize,
    pub retitled: bool,
}

/// One line of the story list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StorySummary {
    pub story: StoryId,
    pub title: String,
    pub created_at: DateTime<Utc>,
    pub last_event_at: DateTime<Utc>,
    pub items: usize,
    pub claims: usize,
    /// Declared in the config (`[[story]]`) rather than discovered.
    pub declared: bool,
}

/// The timeline of `story` from the change log (events in order); `None` if the log
/// never created it.
pub fn story_timeline(
    story: &StoryId,
    events: impl IntoIterator<Item = Event>,
) -> Option<StoryTimeline> {
    let mut timeline: Option<StoryTimeline> = None;
    // Where each item and each claim sits in the timeline.
    let mut item_at: HashMap<ItemId, usize> = HashMap::new();
    let mut claim_at: HashMap<ClaimId, (usize, usize)> = HashMap::new();
    for event in events {
        if event.body.story() != Some(story) {
            continue;
        }
        if let EventBody::StoryCreated {
            item,
            title,
            declared,
            ..
        } = &event.body
        {
            let mut created = StoryTimeline {
                story: story.clone(),
                title: title.clone(),
                created_at: event.at,
                declared: *declared,
                items: Vec::new(),
            };
            created.items.push(arrival(item, event.at, None, None));
            item_at.insert(item.clone(), 0);
            timeline = Some(created);
            continue;
        }
        let Some(line) = timeline.as_mut() else {
            continue; // events before the story was created: a damaged log; skip them
        };
        match event.body {
            EventBody::ItemLinked {
                item,
                score,
                item_kind,
                ..
            } => {
                item_at.insert(item.clone(), line.items.len());
                line.items
                    .push(arrival(&item, event.at, item_kind, Some(score)));
            }
            EventBody::Claim {
                item, claim, text, ..
            } => {
                if let Some(&i) = item_at.get(&item) {
                    claim_at.insert(claim.clone(), (i, line.items[i].claims.len()));
                    line.items[i].claims.push(TimelineClaim {
                        claim,
                        text,
                        repeated_by: Vec::new(),
                        withdrawn_at: None,
                    });
                }
            }
            EventBody::ClaimCorroborated { claim, item, .. } => {
                if let Some(&(i, c)) = claim_at.get(&claim) {
                    line.items[i].claims[c].repeated_by.push(Source {
                        outlet: outlet(&item),
                        item: item.clone(),
                        at: event.at,
                    });
                }
                if let Some(&i) = item_at.get(&item) {
                    line.items[i].repeats.push(claim);
                }
            }
            EventBody::ClaimWithdrawn { claim, .. } => {
                if let Some(&(i, c)) = claim_at.get(&claim) {
                    line.items[i].claims[c].withdrawn_at = Some(event.at);
                }
            }
            EventBody::VersionChanged {
                item,
                version,
                title,
                added,
                removed,
                ..
            } => {
                if let Some(&i) = item_at.get(&item) {
                    line.items[i].edits.push(Edit {
                        version,
                        at: event.at,
                        added: added.len(),
                        removed: removed.len(),
                        retitled: title.is_some(),
                    });
                }
            }
            _ => {}
        }
    }
    timeline
}

/// Every story, in the order they were created, from what the store keeps of each
/// (see [`crate::store::StoryStats`]).
pub fn story_summaries(stories: Vec<crate::store::StoryStats>) -> Vec<StorySummary> {
    stories
        .into_iter()
        .map(|s| StorySummary {
            story: s.story,
            title: s.title,
            created_at: s.created_at,
            last_event_at: s.last_event_at,
            items: s.items,
            claims: s.claims,
            declared: s.declared,
        })
        .collect()
}

fn arrival(
    item: &ItemId,
    at: DateTime<Utc>,
    kind: Option<ItemKind>,
    score: Option<f64>,
) -> TimelineItem {
    TimelineItem {
        item: item.clone(),
        outlet: outlet(item),
        at,
        kind,
        score,
        claims: Vec::new(),
        repeats: Vec::new(),
        edits: Vec::new(),
    }
}

/// Who published an item: its site's host without `www.`, or a replayed file's name.
pub fn outlet(item: &ItemId) -> String {
    if let Some(file) = item.0.strip_prefix("file:") {
        return file.to_string();
    }
    if let Some(seed) = item.0.strip_prefix("seed:") {
        // seed:<story>/<file name>: the file is who published it, as far as we know.
        return seed
            .split_once('/')
            .map_or(seed, |(_, file)| file)
            .to_string();
    }
    url::Url::parse(&item.0)
        .ok()
        .and_then(|u| {
            u.host_str()
                .map(|h| h.trim_start_matches("www.").to_string())
        })
        .unwrap_or_else(|| item.0.clone())
}

/// Which events a reader wants: by story, kind, item and time (all given must match),
/// and of the claims, those at least this novel.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    pub story: Option<StoryId>,
    pub kinds: Vec<String>,
    pub item: Option<ItemId>,
    pub since_time: Option<DateTime<Utc>>,
    /// Leaves out `claim` events whose novelty is below this (and those without one,
    /// written before claims carried it); other events pass.
    pub min_novelty: Option<f64>,
}

impl EventFilter {
    pub fn matches(&self, event: &Event) -> bool {
        self.story
            .as_ref()
            .is_none_or(|s| event.body.story() == Some(s))
            && (self.kinds.is_empty() || self.kinds.iter().any(|k| k == event.body.kind()))
            && self
                .item
                .as_ref()
                .is_none_or(|i| event.body.item() == Some(i))
            && self.since_time.is_none_or(|t| event.at >= t)
            && self.novel_enough(event)
    }

    fn novel_enough(&self, event: &Event) -> bool {
        match (&event.body, self.min_novelty) {
            (EventBody::Claim { novelty, .. }, Some(least)) => novelty.is_some_and(|n| n >= least),
            _ => true,
        }
    }
}

/// `--since`: a sequence number, or a time (RFC 3339, or a date meaning its midnight UTC).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Since {
    Seq(u64),
    Time(DateTime<Utc>),
}

impl std::str::FromStr for Since {
    type Err = String;

    fn from_str(text: &str) -> Result<Since, String> {
        let text = text.trim();
        if let Ok(seq) = text.parse() {
            return Ok(Since::Seq(seq));
        }
        if let Ok(time) = DateTime::parse_from_rfc3339(text) {
            return Ok(Since::Time(time.with_timezone(&Utc)));
        }
        if let Ok(date) = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            if let Some(midnight) = date.and_hms_opt(0, 0, 0) {
                return Ok(Since::Time(midnight.and_utc()));
            }
        }
        Err(format!(
            "\"{text}\" is neither a sequence number nor a time (e.g. 120, 2025-08-28, 2025-08-28T09:00:00Z)"
        ))
    }
}
