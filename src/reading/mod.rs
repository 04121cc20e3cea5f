//! The reading side: the change log as people and programs read it. A story's timeline
//! and the event filters ([`timeline`]), what the command line prints ([`report`]), the
//! daemon's HTTP API ([`api`]) with its pages and Atom feeds ([`web`]), and its counters
//! ([`metrics`]).
//!
//! Guide: `docs/api.md`.

pub mod api;
pub mod metrics;
pub mod report;
pub mod timeline;
pub mod web;
