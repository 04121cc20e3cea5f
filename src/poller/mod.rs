//! The poller: the only stage that touches the network. It fetches feeds and article
//! pages politely and within bounds.
//!
//! Built so far: the fetcher ([`fetch::Fetcher::fetch`], one bounded GET with
//! conditional headers, decompression, a body cap, checked redirects and a total
//! timeout) and the address guard ([`guard`]), which keeps untrusted URLs from reaching
//! loopback, private or metadata addresses. The scheduler and feed parsing come with the
//! daemon (issue "The poller and the service").

pub mod fetch;
pub mod guard;
