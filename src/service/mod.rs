//! The service: the daemon that runs for months ([`daemon`]), the network it reads
//! ([`poller`]: feeds and pages, politely), the webhooks it pushes ([`notify`]), and its
//! configuration ([`config`], [`opml`] feed lists).
//!
//! Guide: `docs/daemon.md`.

pub mod config;
pub mod daemon;
pub mod notify;
pub mod opml;
pub mod poller;
