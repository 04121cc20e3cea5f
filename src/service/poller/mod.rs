//! The poller: the only stage that touches the network. It polls feeds and fetches
//! article pages politely and within bounds, and hands what it gets to the rest of the
//! pipeline (feed parsing, extraction, matching, the store).
//!
//! Entry point: [`handler::Poller`], whose [`handler::Poller::poll_feed`] and
//! [`handler::Poller::refetch`] are the two paths the daemon runs. Its parts:
//! - [`fetch`]: one bounded GET (conditional headers, decompression, a body cap,
//!   checked redirects, a total timeout);
//! - [`guard`]: keeps untrusted URLs from reaching loopback, private or metadata
//!   addresses;
//! - [`schedule`]: when each feed is due next (adaptive interval, jitter, backoff,
//!   broken feeds);
//! - [`hosts`]: at most a few requests in flight per host;
//! - [`resolve`]: host name lookups on threads of their own, kept a while, never
//!   holding up the threads that parse, extract and match.

pub mod fetch;
pub mod guard;
pub mod handler;
pub mod hosts;
pub mod resolve;
pub mod schedule;
