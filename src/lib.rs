//! storywatch: watches news feeds and tracks how a story evolves.
//!
//! Three parts, each a folder of `src/`:
//! - [`pipeline`]: what happens to a report, one module per stage: [`feed`] (feed bytes →
//!   entries), [`extract`] (page → [`model::Article`]), [`matcher`] (article + stories
//!   held → which story, which sentences are new claims; pure), [`diff`] (versions →
//!   sentences added and removed), [`store`] (sled: items, versions, stories, claims, the
//!   append-only change log), and the path every item takes through them
//!   ([`pipeline::record_article`]); [`replay`] feeds it saved documents;
//! - [`service`]: the daemon ([`daemon`]), the network it reads ([`poller`], with
//!   [`notify`]'s webhooks the only modules that make requests), its [`config`];
//! - [`reading`]: the change log as people read it: [`timeline`], [`report`], the HTTP
//!   [`api`] with its pages and feeds ([`web`]) and [`metrics`].
//!
//! The values passed between stages are defined once, in [`model`]. Guides: `docs/`.

pub mod model;
pub mod pipeline;
pub mod reading;
pub mod service;

// Each module also at the crate's root (`storywatch::matcher`), as the code names them.
pub use pipeline::{diff, extract, feed, matcher, replay, store};
pub use reading::{api, metrics, report, timeline, web};
pub use service::{config, daemon, notify, opml, poller};
