//! The configuration file (`config/storywatch.toml` is the commented example).
//!
//! Entry point: [`Config::load`]. Unknown keys are an error that names the key, so a typo
//! never silently falls back to a default. Relative paths of seed documents
//! (`[[story]]`) are read from the config file's directory, wherever storywatch runs.

use crate::matcher::MatchParams;
use crate::poller::fetch::HttpLimits;
use crate::poller::guard::AddressGuard;
use ipnet::IpNet;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::time::Duration;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub store: StoreConfig,
    #[serde(default)]
    pub matcher: MatcherConfig,
    #[serde(default)]
    pub http: HttpConfig,
    #[serde(default)]
    pub poller: PollerConfig,
    /// The feeds to watch (`[[feed]]`).
    #[serde(default, rename = "feed")]
    pub feeds: Vec<FeedConfig>,
    #[serde(default)]
    pub api: ApiConfig,
    /// Webhooks (`[[notify]]`).
    #[serde(default, rename = "notify")]
    pub webhooks: Vec<NotifyConfig>,
    /// Stories declared up front (`[[story]]`), seeded with their documents.
    #[serde(default, rename = "story")]
    pub stories: Vec<StoryConfig>,
}

/// A story declared in the config: its id and title are the user's, and its seed
/// documents are its first items (see [`crate::replay::seed_stories`]). A declared story
/// never goes quiet.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoryConfig {
    /// A slug (ASCII letters, digits and `-`), unique in the config.
    pub id: String,
    pub title: String,
    /// A directory whose every file (in file-name order, hidden files skipped, as
    /// `storywatch replay DIR` reads a corpus) is a seed document.
    #[serde(default)]
    pub seeds: Option<PathBuf>,
    /// Seed documents, in this order (instead of `seeds`).
    #[serde(default)]
    pub documents: Vec<PathBuf>,
}

impl StoryConfig {
    pub fn story_id(&self) -> crate::model::StoryId {
        crate::model::StoryId(self.id.clone())
    }

    /// Checks one entry; the message names it and says how to fix it.
    fn check(&self) -> Result<(), String> {
        let entry = format!("[[story]] id = \"{}\"", self.id);
        let slug = !self.id.is_empty()
            && self.id.len() <= 100
            && self
                .id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !slug {
            return Err(format!(
                "{entry}: an id is a slug of up to 100 ASCII letters, digits and '-' (e.g. \"ukraine-guarantees\")"
            ));
        }
        if self
            .id
            .strip_prefix("story-")
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
        {
            return Err(format!(
                "{entry}: ids story-<number> are given to the stories storywatch discovers; choose another id"
            ));
        }
        if self.title.trim().is_empty() {
            return Err(format!(
                "{entry}: the title is empty; give the story a title"
            ));
        }
        match (&self.seeds, self.documents.is_empty()) {
            (Some(_), false) => {
                return Err(format!(
                    "{entry}: give either seeds = \"DIR\" or documents = [\"FILE\", ...], not both"
                ))
            }
            (None, true) => {
                return Err(format!(
                    "{entry}: no seed documents; add seeds = \"DIR\" (every file in it) or documents = [\"FILE\", ...]"
                ))
            }
            _ => {}
        }
        // Each document is the item seed:<id>/<file name>, so two with one name would be
        // one item.
        let mut names = std::collections::HashSet::new();
        for document in &self.documents {
            let Some(name) = document.file_name() else {
                return Err(format!(
                    "{entry}: document \"{}\" names no file",
                    document.display()
                ));
            };
            if !names.insert(name) {
                return Err(format!(
                    "{entry}: two documents are named \"{}\"; each seed document needs its own file name",
                    name.to_string_lossy()
                ));
            }
        }
        Ok(())
    }

    /// Reads relative seed paths from `base` (the config file's directory).
    fn resolve(&mut self, base: &Path) {
        if let Some(seeds) = &mut self.seeds {
            *seeds = base.join(&*seeds);
        }
        for document in &mut self.documents {
            *document = base.join(&*document);
        }
    }
}

/// The daemon's HTTP API (`[api]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ApiConfig {
    /// Off: the daemon serves no HTTP (and `log --follow` cannot read through it).
    pub enabled: bool,
    /// Loopback by default. Another address needs a `token`, or `allow_unauthenticated`.
    pub listen: std::net::SocketAddr,
    /// When set, every request needs `Authorization: Bearer <token>`; the timeline page
    /// and the Atom feeds also take it as `?token=` (feed readers cannot send headers).
    pub token: Option<String>,
    /// Serve a non-loopback address without a token (a proxy in front authenticates).
    pub allow_unauthenticated: bool,
}

impl Default for ApiConfig {
    fn default() -> Self {
        ApiConfig {
            enabled: true,
            listen: std::net::SocketAddr::from(([127, 0, 0, 1], 8765)),
            token: None,
            allow_unauthenticated: false,
        }
    }
}

impl ApiConfig {
    /// Why this API must not start, if it must not: an address other machines can reach,
    /// with nothing to keep them out.
    fn check(&self) -> Result<(), String> {
        if self.token.as_deref().is_some_and(|t| t.trim().is_empty()) {
            return Err("[api] token is empty: set a long random string, or remove it".into());
        }
        if self.enabled
            && !self.listen.ip().is_loopback()
            && self.token.is_none()
            && !self.allow_unauthenticated
        {
            return Err(format!(
                "[api] listen = \"{}\" can be reached from other machines, and the API has no token: \
                 set [api] token = \"<a long random string>\" (clients then send \
                 Authorization: Bearer <token>), listen on 127.0.0.1, or set \
                 allow_unauthenticated = true if a proxy in front of it authenticates",
                self.listen
            ));
        }
        Ok(())
    }
}

/// A webhook that is POSTed each matching change-log event as JSON.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotifyConfig {
    pub url: String,
    /// Only events of these stories (all when empty).
    #[serde(default)]
    pub stories: Vec<String>,
    /// Only events of these kinds (all when empty), as the change log names them.
    #[serde(default)]
    pub kinds: Vec<String>,
    /// Only claims at least this novel (0..1); other events are not filtered.
    #[serde(default)]
    pub min_novelty: Option<f64>,
    /// Signs each body: `X-Storywatch-Signature: sha256=<HMAC-SHA256 hex>`.
    #[serde(default)]
    pub secret: Option<String>,
    #[serde(default = "default_notify_timeout")]
    pub timeout_secs: u64,
}

fn default_notify_timeout() -> u64 {
    10
}

impl NotifyConfig {
    pub fn webhook(&self) -> crate::notify::Webhook {
        crate::notify::Webhook {
            url: self.url.clone(),
            filter: crate::timeline::EventFilter {
                // Several stories may be named; `Webhook::stories` checks them.
                story: None,
                kinds: self.kinds.clone(),
                item: None,
                since_time: None,
                min_novelty: self.min_novelty,
            },
            stories: self.stories.clone(),
            secret: self.secret.clone(),
            timeout: Duration::from_secs(self.timeout_secs.max(1)),
        }
    }
}

/// One watched feed.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedConfig {
    pub url: String,
    /// A name for people; the URL is the feed's identity.
    #[serde(default)]
    pub name: Option<String>,
    /// A fixed polling interval ("15m", "2h"); without it the interval adapts to how
    /// often the feed publishes, between `[poller]` min_interval and max_interval.
    #[serde(default, deserialize_with = "optional_duration")]
    pub interval: Option<Duration>,
}

/// How the daemon polls (`[poller]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PollerConfig {
    /// Requests in flight at once, over all sites.
    pub concurrency: usize,
    /// Requests in flight at once to one host, so that one slow site cannot take every
    /// slot and no site is hammered.
    pub per_host: usize,
    /// The adaptive interval stays between these.
    #[serde(deserialize_with = "duration")]
    pub min_interval: Duration,
    #[serde(deserialize_with = "duration")]
    pub max_interval: Duration,
    /// The interval a new feed starts with, before its rhythm is known.
    #[serde(deserialize_with = "duration")]
    pub start_interval: Duration,
    /// A feed failing without a break for this long is marked broken (an event says so)
    /// and then retried only every `broken_retry`.
    #[serde(deserialize_with = "duration")]
    pub broken_after: Duration,
    #[serde(deserialize_with = "duration")]
    pub broken_retry: Duration,
    /// When each new article is fetched again after it was first seen, to catch silent
    /// edits.
    #[serde(deserialize_with = "durations")]
    pub refetch_after: Vec<Duration>,
    /// Each next poll time moves by up to this fraction of the interval, so that feeds
    /// configured together do not poll in lockstep.
    pub jitter: f64,
}

impl Default for PollerConfig {
    fn default() -> Self {
        PollerConfig {
            concurrency: 16,
            per_host: 2,
            min_interval: Duration::from_secs(10 * 60),
            max_interval: Duration::from_secs(12 * 3600),
            start_interval: Duration::from_secs(30 * 60),
            broken_after: Duration::from_secs(3 * 24 * 3600),
            broken_retry: Duration::from_secs(24 * 3600),
            refetch_after: [1, 6, 24, 72]
                .iter()
                .map(|h| Duration::from_secs(h * 3600))
                .collect(),
            jitter: 0.1,
        }
    }
}

/// No wait the daemon computes may exceed this (times would overflow).
const LONGEST_DURATION: Duration = Duration::from_secs(365 * 24 * 3600);

/// Reads "90s", "15m", "6h", "3d" (or a bare number of seconds).
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: u64 = number.parse().map_err(|_| {
        format!("\"{text}\" is not a duration (write e.g. \"90s\", \"15m\", \"6h\", \"3d\")")
    })?;
    let seconds = match unit.trim() {
        "" | "s" => 1,
        "m" | "min" => 60,
        "h" => 3600,
        "d" => 86400,
        other => {
            return Err(format!(
                "unknown unit \"{other}\" in \"{text}\" (use s, m, h or d)"
            ))
        }
    };
    number
        .checked_mul(seconds)
        .map(Duration::from_secs)
        .ok_or_else(|| format!("\"{text}\" is too long a duration"))
}

fn duration<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
    let text = String::deserialize(d)?;
    parse_duration(&text).map_err(serde::de::Error::custom)
}

fn optional_duration<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Duration>, D::Error> {
    duration(d).map(Some)
}

fn durations<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Duration>, D::Error> {
    let texts = Vec::<String>::deserialize(d)?;
    texts
        .iter()
        .map(|t| parse_duration(t).map_err(serde::de::Error::custom))
        .collect()
}

/// How storywatch behaves on the network (`[http]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HttpConfig {
    /// Sent with every request, so that site owners can see who polls them.
    pub user_agent: String,
    pub connect_timeout_secs: u64,
    /// For a whole request: connecting, redirects and reading the body.
    pub timeout_secs: u64,
    /// Bodies are cut at this size while they arrive.
    pub max_body_bytes: usize,
    /// Internal networks (CIDR) storywatch may fetch from; none by default, since feed
    /// and article URLs come from outside.
    pub allow_networks: Vec<IpNet>,
    /// How host names are looked up: the system's resolver; no setting (tests inject
    /// their own).
    #[serde(skip)]
    pub lookup: crate::poller::fetch::Lookup,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            user_agent: format!(
                "storywatch/{} (news story tracker)",
                env!("CARGO_PKG_VERSION")
            ),
            connect_timeout_secs: 10,
            timeout_secs: 30,
            max_body_bytes: 10 * 1024 * 1024,
            allow_networks: Vec::new(),
            lookup: crate::poller::fetch::Lookup::System,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoreConfig {
    /// Where the store lives; the default is `storywatch/store` under the user's data
    /// directory (`~/.local/share` on Linux).
    pub path: Option<PathBuf>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatcherConfig {
    /// The similarity (0..1) an item needs to join a story.
    #[serde(default = "default_link_threshold")]
    pub link_threshold: f64,
    /// The lower similarity (0..1) at which an item joins the story it resembles most
    /// when no other story is a rival (10% likely or more).
    #[serde(default = "default_unrivalled_threshold")]
    pub unrivalled_threshold: f64,
    /// How far from a story's dated items an article may be dated and still join it.
    #[serde(default = "default_quiet_after", deserialize_with = "duration")]
    pub quiet_after: Duration,
}

impl Default for MatcherConfig {
    fn default() -> Self {
        MatcherConfig {
            link_threshold: default_link_threshold(),
            unrivalled_threshold: default_unrivalled_threshold(),
            quiet_after: default_quiet_after(),
        }
    }
}

fn default_quiet_after() -> Duration {
    Duration::from_secs(u64::from(MatchParams::default().quiet_after_days) * 24 * 3600)
}

fn default_link_threshold() -> f64 {
    MatchParams::default().link_threshold
}

fn default_unrivalled_threshold() -> f64 {
    MatchParams::default().unrivalled_threshold
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("config file {path} is not valid: {message}")]
    Invalid { path: PathBuf, message: String },
    #[error("no data directory is known for this user; give the store's location with --store or [store] path")]
    NoDataDir,
}

impl Config {
    /// Reads and checks a config file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let mut config = Config::parse(&text).map_err(|message| ConfigError::Invalid {
            path: path.to_path_buf(),
            message,
        })?;
        let base = path.parent().unwrap_or(Path::new(""));
        for story in &mut config.stories {
            story.resolve(base);
        }
        Ok(config)
    }

    /// Parses config text; the error message names the offending key and line. Relative
    /// seed paths stay as written (relative to the working directory); [`Config::load`]
    /// reads them from the config file's directory.
    pub fn parse(text: &str) -> Result<Config, String> {
        let config: Config = toml::from_str(text).map_err(|e| e.to_string())?;
        for (name, t) in [
            ("link_threshold", config.matcher.link_threshold),
            ("unrivalled_threshold", config.matcher.unrivalled_threshold),
        ] {
            if !(0.0..=1.0).contains(&t) {
                return Err(format!("matcher.{name} must be between 0 and 1, not {t}"));
            }
        }
        config.api.check()?;
        let http = &config.http;
        if http.timeout_secs == 0 || http.connect_timeout_secs == 0 || http.max_body_bytes == 0 {
            return Err(
                "http.timeout_secs, http.connect_timeout_secs and http.max_body_bytes must be above 0"
                    .to_string(),
            );
        }
        let poller = &config.poller;
        if poller.concurrency == 0 || poller.per_host == 0 {
            return Err("poller.concurrency and poller.per_host must be above 0".to_string());
        }
        if poller.min_interval.is_zero() || poller.min_interval > poller.max_interval {
            return Err(format!(
                "poller.min_interval ({} s) must be above 0 and at most poller.max_interval ({} s)",
                poller.min_interval.as_secs(),
                poller.max_interval.as_secs()
            ));
        }
        if poller.broken_retry < poller.min_interval || poller.broken_after.is_zero() {
            return Err(format!(
                "poller.broken_retry ({} s) must be at least poller.min_interval ({} s), and poller.broken_after above 0",
                poller.broken_retry.as_secs(),
                poller.min_interval.as_secs()
            ));
        }
        if poller.start_interval.is_zero() {
            return Err("poller.start_interval must be above 0".to_string());
        }
        if poller.refetch_after.windows(2).any(|w| w[0] >= w[1])
            || poller.refetch_after.first().is_some_and(|d| d.is_zero())
        {
            return Err(
                "poller.refetch_after must be rising durations above 0, e.g. [\"1h\", \"6h\", \"24h\"] (or [] for no refetches)"
                    .to_string(),
            );
        }
        if !(0.0..=0.5).contains(&poller.jitter) {
            return Err(format!(
                "poller.jitter must be between 0 and 0.5, not {}",
                poller.jitter
            ));
        }
        let longest = std::iter::once(poller.max_interval)
            .chain([poller.min_interval, poller.start_interval])
            .chain([poller.broken_after, poller.broken_retry])
            .chain(poller.refetch_after.iter().copied())
            .chain(config.feeds.iter().filter_map(|f| f.interval))
            .chain([config.matcher.quiet_after])
            .max()
            .unwrap_or_default();
        if longest > LONGEST_DURATION {
            return Err(format!(
                "durations in [poller], [matcher] and [[feed]] must be at most 365 days, not {} s",
                longest.as_secs()
            ));
        }
        let mut urls = std::collections::HashSet::new();
        for feed in &config.feeds {
            url::Url::parse(&feed.url)
                .ok()
                .filter(|u| matches!(u.scheme(), "http" | "https"))
                .ok_or_else(|| format!("[[feed]] url \"{}\" is not an http(s) URL", feed.url))?;
            if !urls.insert(feed.url.as_str()) {
                return Err(format!("[[feed]] url \"{}\" is listed twice", feed.url));
            }
            if feed.interval.is_some_and(|i| i.is_zero()) {
                return Err(format!(
                    "[[feed]] \"{}\": interval must be above 0",
                    feed.url
                ));
            }
        }
        for hook in &config.webhooks {
            url::Url::parse(&hook.url)
                .ok()
                .filter(|u| matches!(u.scheme(), "http" | "https"))
                .ok_or_else(|| format!("[[notify]] url \"{}\" is not an http(s) URL", hook.url))?;
            if let Some(n) = hook.min_novelty.filter(|n| !(0.0..=1.0).contains(n)) {
                return Err(format!(
                    "[[notify]] \"{}\": min_novelty must be between 0 and 1, not {n}",
                    hook.url
                ));
            }
            let known = crate::model::EventBody::KINDS;
            if let Some(kind) = hook.kinds.iter().find(|k| !known.contains(&k.as_str())) {
                return Err(format!(
                    "[[notify]] \"{}\": unknown kind \"{kind}\" (known: {})",
                    hook.url,
                    known.join(", ")
                ));
            }
        }
        let mut ids = std::collections::HashSet::new();
        for story in &config.stories {
            story.check()?;
            if !ids.insert(story.id.as_str()) {
                return Err(format!(
                    "[[story]] id = \"{}\" is declared twice; give each story its own id",
                    story.id
                ));
            }
        }
        Ok(config)
    }

    pub fn http_limits(&self) -> HttpLimits {
        let http = &self.http;
        HttpLimits {
            user_agent: http.user_agent.clone(),
            connect_timeout: Duration::from_secs(http.connect_timeout_secs),
            total_timeout: Duration::from_secs(http.timeout_secs),
            max_body_bytes: http.max_body_bytes,
            guard: AddressGuard::allowing(http.allow_networks.clone()),
            lookup: http.lookup.clone(),
        }
    }

    pub fn match_params(&self) -> MatchParams {
        MatchParams {
            link_threshold: self.matcher.link_threshold,
            unrivalled_threshold: self.matcher.unrivalled_threshold,
            // Story dates are days: a part of a day counts as a whole one.
            quiet_after_days: u32::try_from(self.matcher.quiet_after.as_secs().div_ceil(24 * 3600))
                .unwrap_or(u32::MAX),
            ..MatchParams::default()
        }
    }

    /// The store path: the one given, else the config's, else the default location.
    pub fn store_path(&self, given: Option<&Path>) -> Result<PathBuf, ConfigError> {
        if let Some(p) = given.or(self.store.path.as_deref()) {
            return Ok(p.to_path_buf());
        }
        dirs::data_dir()
            .map(|d| d.join("storywatch").join("store"))
            .ok_or(ConfigError::NoDataDir)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_config_parses() {
        let text = include_str!("../../config/storywatch.toml");
        let config = Config::parse(text).expect("config/storywatch.toml must stay valid");
        // It says its values are the defaults: the thresholds follow the committed model.
        let defaults = MatchParams::default();
        assert_eq!(config.matcher.link_threshold, defaults.link_threshold);
        assert_eq!(
            config.matcher.unrivalled_threshold,
            defaults.unrivalled_threshold
        );
    }

    #[test]
    fn an_unknown_key_is_named() {
        let err = Config::parse("[store]\npaht = \"/tmp/x\"\n").unwrap_err();
        assert!(err.contains("paht"), "{err}");
        let err = Config::parse("[matchr]\n").unwrap_err();
        assert!(err.contains("matchr"), "{err}");
    }

    #[test]
    fn allowed_networks_are_parsed_and_bad_ones_named() {
        let config =
            Config::parse("[http]\nallow_networks = [\"127.0.0.1/32\", \"10.0.0.0/8\"]\n").unwrap();
        let guard = config.http_limits().guard;
        assert!(guard.check("10.1.2.3".parse().unwrap()).is_ok());
        assert!(guard.check("192.168.0.1".parse().unwrap()).is_err());
        let err = Config::parse("[http]\nallow_networks = [\"localhost\"]\n").unwrap_err();
        assert!(err.contains("allow_networks"), "{err}");
    }

    #[test]
    fn feeds_and_durations_are_read() {
        let config = Config::parse(
            "[poller]\nmin_interval = \"90s\"\nrefetch_after = [\"1h\", \"3d\"]\n\n[[feed]]\nurl = \"https://example.org/rss\"\ninterval = \"15m\"\n\n[[feed]]\nurl = \"https://example.net/atom\"\nname = \"Net\"\n",
        )
        .unwrap();
        assert_eq!(config.poller.min_interval, Duration::from_secs(90));
        assert_eq!(
            config.poller.refetch_after,
            vec![Duration::from_secs(3600), Duration::from_secs(3 * 86400)]
        );
        assert_eq!(config.feeds.len(), 2);
        assert_eq!(config.feeds[0].interval, Some(Duration::from_secs(900)));
        assert_eq!(config.feeds[1].name.as_deref(), Some("Net"));
        let err = Config::parse("[poller]\nmax_interval = \"12 weeks\"\n").unwrap_err();
        assert!(err.contains("weeks"), "{err}");
        let err = Config::parse("[[feed]]\nurl = \"ftp://example.org/rss\"\n").unwrap_err();
        assert!(err.contains("ftp://example.org/rss"), "{err}");
        let err = Config::parse(
            "[[feed]]\nurl = \"https://a.org/\"\n[[feed]]\nurl = \"https://a.org/\"\n",
        )
        .unwrap_err();
        assert!(err.contains("twice"), "{err}");
        // Settings that would make the daemon hammer a site are refused.
        let err = Config::parse("[poller]\nbroken_retry = \"0s\"\n").unwrap_err();
        assert!(err.contains("broken_retry"), "{err}");
        let err = Config::parse("[poller]\nrefetch_after = [\"6h\", \"1h\"]\n").unwrap_err();
        assert!(err.contains("refetch_after"), "{err}");
        assert!(Config::parse("[poller]\nrefetch_after = []\n").is_ok());
        let err = Config::parse("[[notify]]\nurl = \"https://h.org/\"\nkinds = [\"claims\"]\n")
            .unwrap_err();
        assert!(
            err.contains("claims") && err.contains("claim_corroborated"),
            "{err}"
        );
        let err = Config::parse("[[feed]]\nurl = \"https://a.org/\"\ninterval = \"99999999d\"\n")
            .unwrap_err();
        assert!(err.contains("365 days"), "{err}");
        let err = Config::parse("[matcher]\nquiet_after = \"400d\"\n").unwrap_err();
        assert!(err.contains("365 days"), "{err}");
        assert!(Config::parse("[matcher]\nquiet_after = \"365d\"\n").is_ok());
    }

    #[test]
    fn declared_stories_are_read_and_their_paths_taken_from_the_config_directory() {
        let dir = tempfile::tempdir().unwrap();
        let config_dir = dir.path().join("config");
        std::fs::create_dir_all(&config_dir).unwrap();
        let file = config_dir.join("storywatch.toml");
        std::fs::write(
            &file,
            "[[story]]\nid = \"ukraine-guarantees\"\ntitle = \"Guarantees\"\nseeds = \"../seeds\"\n\n[[story]]\nid = \"quake-2025\"\ntitle = \"Quake\"\ndocuments = [\"a.html\", \"/abs/b.txt\"]\n",
        )
        .unwrap();
        let config = Config::load(&file).unwrap();
        assert_eq!(config.stories.len(), 2);
        assert_eq!(config.stories[0].story_id().0, "ukraine-guarantees");
        assert_eq!(
            config.stories[0].seeds.as_deref(),
            Some(config_dir.join("../seeds").as_path())
        );
        assert_eq!(
            config.stories[1].documents,
            vec![config_dir.join("a.html"), PathBuf::from("/abs/b.txt")]
        );
    }

    #[test]
    fn a_bad_story_declaration_is_refused_naming_the_entry() {
        let entry =
            |id: &str, rest: &str| format!("[[story]]\nid = \"{id}\"\ntitle = \"T\"\n{rest}\n");
        for (text, expected) in [
            (entry("a_b", "seeds = \"s\""), "\"a_b\": an id is a slug"),
            (entry("", "seeds = \"s\""), "an id is a slug"),
            (entry("story-12", "seeds = \"s\""), "story-<number>"),
            (entry("a", ""), "\"a\": no seed documents"),
            (entry("a", "seeds = \"s\"\ndocuments = [\"x\"]"), "not both"),
            (
                entry("a", "seeds = \"s\"") + &entry("a", "seeds = \"t\""),
                "\"a\" is declared twice",
            ),
            (
                "[[story]]\nid = \"a\"\ntitle = \" \"\nseeds = \"s\"\n".to_string(),
                "title is empty",
            ),
            (entry("a", "seeds = \"s\"\nwindow = \"3d\""), "window"),
        ] {
            let err = Config::parse(&text).unwrap_err();
            assert!(err.contains(expected), "{text}\n-> {err}");
        }
        // story-like ids that are not the store's own pattern are fine.
        assert!(Config::parse(&entry("story-one", "seeds = \"s\"")).is_ok());
    }

    #[test]
    fn a_threshold_out_of_range_is_refused() {
        let err = Config::parse("[matcher]\nlink_threshold = 3.0\n").unwrap_err();
        assert!(err.contains("link_threshold"), "{err}");
        let err = Config::parse("[matcher]\nunrivalled_threshold = -0.1\n").unwrap_err();
        assert!(err.contains("unrivalled_threshold"), "{err}");
    }
}
