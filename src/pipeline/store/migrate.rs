//! Migrations from older schemas, run once on open. Each step rewrites what changed in
//! one transaction and sets the new `schema_version` in it, so a crash mid-migration
//! leaves the store at the old version, to be migrated again on the next open.

use super::{
    encode, sled_error, story_item_key, story_sentence_key, Store, StoreError, StoryHeader,
    SCHEMA_VERSION,
};
use crate::diff;
use crate::model::{Event, EventBody, Story, Version};
use sled::transaction::{ConflictableTransactionError, TransactionError};
use sled::Transactional;

/// Brings a store at schema `from` up to [`SCHEMA_VERSION`].
pub(super) fn migrate(store: &Store, from: u64) -> Result<(), StoreError> {
    let mut version = from;
    while version < SCHEMA_VERSION {
        match version {
            1 => v1_to_v2(store)?,
            unknown => {
                return Err(store.damaged(format!(
                    "schema version {unknown} is not one storywatch ever wrote"
                )))
            }
        }
        version += 1;
        tracing::info!(store = %store.path.display(), schema = version, "store migrated");
    }
    Ok(())
}

/// Schema 1 kept a story's items and sentences inside the story's record, rewritten
/// whole on every arrival; schema 2 moves them to `story_items` and `story_sentences`.
/// Schema 2 also hashes a version's words without its paragraph breaks, so the stored
/// hashes are recomputed (otherwise every item would look edited on its next refetch);
/// and its `version_changed` events say what changed, so the schema-1 ones get the
/// sentences added and removed, computed from the two stored versions. That is the one
/// time log entries are rewritten: their sequence numbers and other fields stay.
/// (Everything is held in memory for one transaction; schema-1 stores were small.)
fn v1_to_v2(store: &Store) -> Result<(), StoreError> {
    let stories: Vec<Story> = store.scan(&store.stories, b"")?;
    let mut versions: Vec<(sled::IVec, Version)> = Vec::new();
    for kv in store.versions.iter() {
        let (key, value) = kv.map_err(|e| sled_error(&store.path, e))?;
        let version: Version = store.decode(&key, &value)?;
        versions.push((key, version));
    }
    let mut changed_events: Vec<Event> = Vec::new();
    for kv in store.log.iter() {
        let (key, value) = kv.map_err(|e| sled_error(&store.path, e))?;
        let mut event: Event = store.decode(&key, &value)?;
        if let EventBody::VersionChanged {
            item,
            version,
            title,
            added,
            removed,
            ..
        } = &mut event.body
        {
            let find = |number: u32| {
                versions
                    .iter()
                    .map(|(_, v)| v)
                    .find(|v| v.item == *item && v.number == number)
            };
            if let (Some(before), Some(after)) = (find(version.saturating_sub(1)), find(*version)) {
                let changes = diff::changes(&before.article, &after.article);
                *title = changes.title;
                *added = changes.added;
                *removed = changes.removed;
                changed_events.push(event);
            }
        }
    }
    let trees = (
        &store.meta,
        &store.log,
        &store.versions,
        &store.stories,
        &store.story_items,
        &store.story_sentences,
    );
    let result = trees.transaction(
        |(meta, log, versions_tx, stories_tx, story_items, story_sentences)| {
            for event in &changed_events {
                log.insert(&event.seq.to_be_bytes(), encode(event))?;
            }
            for story in &stories {
                for (position, item) in story.items.iter().enumerate() {
                    let position = u32::try_from(position).unwrap_or(u32::MAX);
                    story_items.insert(story_item_key(&story.id, position), encode(item))?;
                }
                for (position, held) in story.sentences.iter().enumerate() {
                    story_sentences
                        .insert(story_sentence_key(&story.id, position as u64), encode(held))?;
                }
                let header = StoryHeader {
                    id: story.id.clone(),
                    title: story.title.clone(),
                    created_at: story.created_at,
                    founded_by: story.founded_by.clone(),
                    item_count: u32::try_from(story.items.len()).unwrap_or(u32::MAX),
                    sentence_count: story.sentences.len() as u64,
                    first_date: None,
                    last_date: None,
                    declared: story.declared,
                };
                stories_tx.insert(story.id.0.as_bytes(), encode(&header))?;
            }
            for (key, version) in &versions {
                let mut version = version.clone();
                version.content_hash = version.article.content_hash();
                versions_tx.insert(key, encode(&version))?;
            }
            meta.insert("schema_version", encode(&2u64))?;
            Ok::<(), ConflictableTransactionError<StoreError>>(())
        },
    );
    result.map_err(|e| match e {
        TransactionError::Abort(e) => e,
        TransactionError::Storage(e) => sled_error(&store.path, e),
    })
}
