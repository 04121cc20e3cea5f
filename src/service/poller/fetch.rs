//! The fetcher: one polite, bounded HTTP GET of a feed or an article page.
//!
//! Entry point: [`Fetcher::fetch`]. Every request carries the configured user agent and
//! the validators from the last fetch (a `304 Not Modified` costs no parsing); accepts
//! gzip, brotli and deflate; follows at most [`MAX_REDIRECTS`] redirects itself, checking
//! each hop with the [`AddressGuard`] (as the DNS resolver does for every address a name
//! resolves to); reads the body while counting, cutting it at the configured cap; and
//! gives up after the configured total time, however slowly the server dribbles.

use super::guard::{AddressGuard, Refusal};
use chrono::{DateTime, Utc};
use reqwest::header::{self, HeaderMap, HeaderValue};
use reqwest::StatusCode;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;
use url::Url;

pub use super::resolve::Lookup;
use super::resolve::{LookupError, Resolver};

/// Redirects followed before giving up (a loop, or a chain too long to be honest).
pub const MAX_REDIRECTS: usize = 5;

/// Limits from the config's `[http]` section.
#[derive(Debug, Clone)]
pub struct HttpLimits {
    pub user_agent: String,
    pub connect_timeout: Duration,
    /// For the whole exchange: connecting, every redirect, and reading the body.
    pub total_timeout: Duration,
    pub max_body_bytes: usize,
    pub guard: AddressGuard,
    /// Looks host names up: the system's resolver, or a test's (see [`Resolver`]).
    pub lookup: Lookup,
}

/// Which part of a fetch ran out of time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeoutStage {
    /// Looking the host name up (`[http] connect_timeout_secs`).
    Lookup,
    /// Connecting to the server (`[http] connect_timeout_secs`).
    Connect,
    /// The whole exchange, the answer included (`[http] timeout_secs`).
    Answer,
}

impl TimeoutStage {
    /// What ran out of time, with the limit, and what the user can do.
    fn describe(self, seconds: u64) -> String {
        match self {
            TimeoutStage::Lookup => format!("looking its host name up took longer than {seconds} s (the DNS resolver is slow or down; the limit is [http] connect_timeout_secs)"),
            TimeoutStage::Connect => format!("no connection within {seconds} s (the server is down, or a firewall drops the packets; the limit is [http] connect_timeout_secs)"),
            TimeoutStage::Answer => format!("did not finish answering within {seconds} s (the server is slow or hangs; the limit is [http] timeout_secs)"),
        }
    }
}

/// What the last successful fetch of a URL said about its version.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// A fetched body and what the server said about it.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The URL the body came from, after redirects.
    pub url: String,
    pub status: u16,
    pub content_type: Option<String>,
    /// Validators to send next time.
    pub validators: Validators,
    /// `Cache-Control: max-age`: the server asks not to be polled again sooner.
    pub max_age: Option<Duration>,
    /// Set when every redirect on the way was permanent (301/308): the new address to
    /// keep for this feed.
    pub moved_permanently_to: Option<String>,
    pub body: Vec<u8>,
    /// The body was longer than the cap and was cut there.
    pub truncated: bool,
}

#[derive(Debug)]
pub enum FetchOutcome {
    /// `304`: what we hold is current. A 304 may still renew the validators and say how
    /// long to wait.
    NotModified {
        validators: Validators,
        max_age: Option<Duration>,
    },
    Fetched(Fetched),
}

#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("{url} is not a URL storywatch fetches ({reason})")]
    InvalidUrl { url: String, reason: String },
    #[error("refused to fetch {url}: {host} is {reason}; allow it under [http] allow_networks if you mean it")]
    Refused {
        url: String,
        host: String,
        reason: Refusal,
    },
    #[error("{url} redirected more than {MAX_REDIRECTS} times (a redirect loop?)")]
    TooManyRedirects { url: String },
    #[error("{url}: {}", stage.describe(*seconds))]
    Timeout {
        url: String,
        stage: TimeoutStage,
        seconds: u64,
    },
    #[error("{url} answered HTTP {status}{}", retry_after.map(|d| format!(" (retry after {} s)", d.as_secs())).unwrap_or_default())]
    Status {
        url: String,
        status: u16,
        /// `Retry-After`, on 429 and 503 answers.
        retry_after: Option<Duration>,
    },
    #[error("cannot fetch {url}: {detail}")]
    Network { url: String, detail: String },
}

/// Makes requests; cheap to share (one connection pool).
#[derive(Clone)]
pub struct Fetcher {
    client: reqwest::Client,
    limits: HttpLimits,
}

impl Fetcher {
    pub fn new(limits: HttpLimits) -> Result<Fetcher, FetchError> {
        let client = reqwest::Client::builder()
            .user_agent(limits.user_agent.clone())
            .connect_timeout(limits.connect_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .dns_resolver(Arc::new(GuardedResolver {
                guard: limits.guard.clone(),
                resolver: Resolver::new(limits.lookup.clone(), limits.connect_timeout),
            }))
            .gzip(true)
            .brotli(true)
            .deflate(true)
            .build()
            .map_err(|e| FetchError::Network {
                url: String::new(),
                detail: format!("cannot set up the HTTP client: {e}"),
            })?;
        Ok(Fetcher { client, limits })
    }

    /// GETs `url`, sending `validators` from the last fetch.
    pub async fn fetch(
        &self,
        url: &str,
        validators: &Validators,
    ) -> Result<FetchOutcome, FetchError> {
        let limit = self.limits.total_timeout;
        match tokio::time::timeout(limit, self.fetch_following(url, validators)).await {
            Ok(outcome) => outcome,
            Err(_) => Err(FetchError::Timeout {
                url: url.to_string(),
                stage: TimeoutStage::Answer,
                seconds: limit.as_secs().max(1),
            }),
        }
    }

    async fn fetch_following(
        &self,
        given: &str,
        validators: &Validators,
    ) -> Result<FetchOutcome, FetchError> {
        let original = parse_http_url(given)?;
        let mut url = original.clone();
        let mut all_permanent = true;
        for _hop in 0..=MAX_REDIRECTS {
            self.check_literal_host(&url)?;
            let response = self
                .client
                .get(url.clone())
                .headers(conditional_headers(validators))
                .send()
                .await
                .map_err(|e| request_error(url.as_str(), e, self.limits.connect_timeout))?;
            let status = response.status();
            if status.is_redirection() && status != StatusCode::NOT_MODIFIED {
                let Some(next) = location(&response, &url) else {
                    return Err(FetchError::Network {
                        url: url.to_string(),
                        detail: format!("HTTP {} without a usable Location", status.as_u16()),
                    });
                };
                all_permanent &= matches!(
                    status,
                    StatusCode::MOVED_PERMANENTLY | StatusCode::PERMANENT_REDIRECT
                );
                url = next;
                continue;
            }
            if status == StatusCode::NOT_MODIFIED {
                let headers = response.headers();
                return Ok(FetchOutcome::NotModified {
                    validators: Validators {
                        etag: header_text(headers, header::ETAG),
                        last_modified: header_text(headers, header::LAST_MODIFIED),
                    },
                    max_age: max_age(headers),
                });
            }
            if !status.is_success() {
                return Err(FetchError::Status {
                    url: url.to_string(),
                    status: status.as_u16(),
                    retry_after: retry_after(response.headers(), Utc::now()),
                });
            }
            let moved = (all_permanent && url != original).then(|| url.to_string());
            return self
                .read(response, url, moved)
                .await
                .map(FetchOutcome::Fetched);
        }
        Err(FetchError::TooManyRedirects {
            url: given.to_string(),
        })
    }

    /// An address written in the URL never goes through DNS, so the guard checks it here.
    fn check_literal_host(&self, url: &Url) -> Result<(), FetchError> {
        let ip = match url.host() {
            Some(url::Host::Ipv4(v4)) => IpAddr::V4(v4),
            Some(url::Host::Ipv6(v6)) => IpAddr::V6(v6),
            _ => return Ok(()),
        };
        self.limits
            .guard
            .check(ip)
            .map_err(|reason| FetchError::Refused {
                url: url.to_string(),
                host: ip.to_string(),
                reason,
            })
    }

    /// Reads the body chunk by chunk, stopping at the cap.
    async fn read(
        &self,
        mut response: reqwest::Response,
        url: Url,
        moved_permanently_to: Option<String>,
    ) -> Result<Fetched, FetchError> {
        let headers = response.headers().clone();
        let cap = self.limits.max_body_bytes;
        let mut body = Vec::new();
        let mut truncated = false;
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| request_error(url.as_str(), e, self.limits.connect_timeout))?
        {
            let room = cap - body.len();
            if chunk.len() > room {
                body.extend_from_slice(&chunk[..room]);
                truncated = true;
                break;
            }
            body.extend_from_slice(&chunk);
        }
        if truncated {
            tracing::warn!(%url, cap, "body cut at the size cap");
        }
        Ok(Fetched {
            url: url.to_string(),
            status: response.status().as_u16(),
            content_type: header_text(&headers, header::CONTENT_TYPE),
            validators: Validators {
                etag: header_text(&headers, header::ETAG),
                last_modified: header_text(&headers, header::LAST_MODIFIED),
            },
            max_age: max_age(&headers),
            moved_permanently_to,
            body,
            truncated,
        })
    }
}

fn parse_http_url(given: &str) -> Result<Url, FetchError> {
    let invalid = |reason: String| FetchError::InvalidUrl {
        url: given.to_string(),
        reason,
    };
    let url = Url::parse(given.trim()).map_err(|e| invalid(e.to_string()))?;
    match url.scheme() {
        "http" | "https" if url.host().is_some() => Ok(url),
        "http" | "https" => Err(invalid("no host".to_string())),
        other => Err(invalid(format!("only http and https, not {other}"))),
    }
}

fn conditional_headers(validators: &Validators) -> HeaderMap {
    let mut headers = HeaderMap::new();
    let mut put = |name, value: &Option<String>| {
        if let Some(value) = value.as_deref().and_then(|v| HeaderValue::from_str(v).ok()) {
            headers.insert(name, value);
        }
    };
    put(header::IF_NONE_MATCH, &validators.etag);
    put(header::IF_MODIFIED_SINCE, &validators.last_modified);
    headers
}

fn location(response: &reqwest::Response, base: &Url) -> Option<Url> {
    let target = response.headers().get(header::LOCATION)?.to_str().ok()?;
    let next = base.join(target).ok()?;
    matches!(next.scheme(), "http" | "https").then_some(next)
}

fn header_text(headers: &HeaderMap, name: header::HeaderName) -> Option<String> {
    let value = headers.get(name)?.to_str().ok()?.trim();
    (!value.is_empty()).then(|| value.to_string())
}

/// `Retry-After` as seconds or as an HTTP date.
fn retry_after(headers: &HeaderMap, now: DateTime<Utc>) -> Option<Duration> {
    let value = header_text(headers, header::RETRY_AFTER)?;
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = DateTime::parse_from_rfc2822(&value).ok()?;
    (at.with_timezone(&Utc) - now).to_std().ok()
}

fn max_age(headers: &HeaderMap) -> Option<Duration> {
    let value = header_text(headers, header::CACHE_CONTROL)?;
    value.split(',').find_map(|directive| {
        let seconds = directive.trim().strip_prefix("max-age=")?;
        seconds
            .trim_matches('"')
            .parse()
            .ok()
            .map(Duration::from_secs)
    })
}

/// Turns reqwest's error into ours, recognising the guard's refusal inside it.
fn request_error(url: &str, e: reqwest::Error, connect_timeout: Duration) -> FetchError {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(&e);
    while let Some(cause) = source {
        if let Some(refused) = cause.downcast_ref::<RefusedHost>() {
            return FetchError::Refused {
                url: url.to_string(),
                host: refused.host.clone(),
                reason: refused.reason,
            };
        }
        if let Some(LookupError::TooSlow { seconds, .. }) = cause.downcast_ref::<LookupError>() {
            return FetchError::Timeout {
                url: url.to_string(),
                stage: TimeoutStage::Lookup,
                seconds: *seconds,
            };
        }
        source = cause.source();
    }
    if e.is_timeout() {
        // Only connecting has a timeout of reqwest's; the whole exchange is timed above.
        return FetchError::Timeout {
            url: url.to_string(),
            stage: TimeoutStage::Connect,
            seconds: connect_timeout.as_secs().max(1),
        };
    }
    let mut detail = e.to_string();
    let mut cause = std::error::Error::source(&e);
    while let Some(c) = cause {
        detail.push_str(": ");
        detail.push_str(&c.to_string());
        cause = c.source();
    }
    FetchError::Network {
        url: url.to_string(),
        detail,
    }
}

/// A host name that resolved only to addresses the guard refuses.
#[derive(Debug, thiserror::Error)]
#[error("{host} resolves only to refused addresses ({reason})")]
struct RefusedHost {
    host: String,
    reason: Refusal,
}

/// Resolves names (see [`Resolver`]) and drops every address the guard refuses, so the
/// connection can only go to an allowed one.
struct GuardedResolver {
    guard: AddressGuard,
    resolver: Resolver,
}

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let guard = self.guard.clone();
        let resolver = self.resolver.clone();
        Box::pin(async move {
            let host = name.as_str().to_string();
            let resolved = resolver.resolve(&host).await?;
            let mut refusal = None;
            let allowed: Vec<SocketAddr> = resolved
                .into_iter()
                .filter(|addr| match guard.check(addr.ip()) {
                    Ok(()) => true,
                    Err(reason) => {
                        refusal.get_or_insert(reason);
                        false
                    }
                })
                .collect();
            match (allowed.is_empty(), refusal) {
                (true, Some(reason)) => Err(Box::new(RefusedHost { host, reason }) as _),
                _ => Ok(Box::new(allowed.into_iter()) as reqwest::dns::Addrs),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn headers(name: header::HeaderName, value: &str) -> HeaderMap {
        let mut map = HeaderMap::new();
        map.insert(name, HeaderValue::from_str(value).unwrap());
        map
    }

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        let now = Utc.with_ymd_and_hms(2025, 8, 19, 10, 0, 0).unwrap();
        let h = headers(header::RETRY_AFTER, "120");
        assert_eq!(retry_after(&h, now), Some(Duration::from_secs(120)));
        let h = headers(header::RETRY_AFTER, "Tue, 19 Aug 2025 10:05:00 GMT");
        assert_eq!(retry_after(&h, now), Some(Duration::from_secs(300)));
        let h = headers(header::RETRY_AFTER, "soon");
        assert_eq!(retry_after(&h, now), None);
    }

    #[test]
    fn max_age_among_other_directives() {
        let h = headers(
            header::CACHE_CONTROL,
            "public, max-age=900, must-revalidate",
        );
        assert_eq!(max_age(&h), Some(Duration::from_secs(900)));
        assert_eq!(max_age(&headers(header::CACHE_CONTROL, "no-cache")), None);
    }

    #[test]
    fn only_http_urls_with_a_host_are_fetched() {
        assert!(parse_http_url("https://example.org/feed").is_ok());
        for bad in [
            "file:///etc/passwd",
            "ftp://example.org/x",
            "not a url",
            "http://",
        ] {
            assert!(
                matches!(parse_http_url(bad), Err(FetchError::InvalidUrl { .. })),
                "{bad}"
            );
        }
    }
}
