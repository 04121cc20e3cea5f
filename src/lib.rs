//! storywatch: watches news feeds and tracks how a story evolves.
//!
//! The pipeline, one module per stage:
//! - [`poller`]: the network: feeds and pages fetched within bounds (the only module
//!   that makes requests);
//! - [`feed`]: feed bytes → [`model::ParsedFeed`] (entries with links and content);
//! - [`extract`]: raw document → [`model::Article`] (clean text, title, date);
//! - [`matcher`]: article + stories held → which story, which sentences are new claims;
//! - [`diff`]: previous version + new version → sentences added and removed, or a
//!   suspected extraction failure;
//! - [`store`]: items, versions, stories, claims and the append-only change log (sled);
//! - [`timeline`]: a story as people read it (items, claims, who repeated them), from
//!   the change log;
//! - [`report`]: what the command line prints for people; [`web`]: the timeline pages
//!   and Atom feeds the daemon serves ([`api`]);
//! - [`pipeline`]: the path every arriving item takes once extracted: match (or judge
//!   against its story) → store, the matcher's index kept in step; its two callers are
//! - [`replay`]: files, JSON Lines streams and declared stories' seeds, read offline; and
//!   the [`poller`]'s feeds and pages;
//! - [`daemon`]: the service: polls feeds and refetches articles on schedule until
//!   stopped;
//! - [`notify`]: webhooks: matching change-log events POSTed as JSON (with the poller,
//!   the only module that makes requests).
//!
//! The values passed between stages are defined once, in [`model`].

pub mod api;
pub mod config;
pub mod daemon;
pub mod diff;
pub mod extract;
pub mod feed;
pub mod matcher;
pub mod metrics;
pub mod model;
pub mod notify;
pub mod opml;
pub mod pipeline;
pub mod poller;
pub mod replay;
pub mod report;
pub mod store;
pub mod timeline;
pub mod web;
