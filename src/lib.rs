//! storywatch: watches news feeds and tracks how a story evolves.
//!
//! The pipeline, one module per stage:
//! - [`extract`]: raw document → [`model::Article`] (clean text, title, date);
//! - [`matcher`]: article + stories held → which story, which sentences are new claims;
//! - [`store`]: items, versions, stories, claims and the append-only change log (sled);
//! - [`replay`]: runs files through extract → match → store, one item at a time.
//!
//! The values passed between stages are defined once, in [`model`].

pub mod config;
pub mod extract;
pub mod matcher;
pub mod model;
pub mod replay;
pub mod store;
