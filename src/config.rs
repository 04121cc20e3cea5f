//! The configuration file (`config/storywatch.toml` is the commented example).
//!
//! Entry point: [`Config::load`]. Unknown keys are an error that names the key, so a typo
//! never silently falls back to a default.

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
}

impl Default for MatcherConfig {
    fn default() -> Self {
        MatcherConfig {
            link_threshold: default_link_threshold(),
        }
    }
}

fn default_link_threshold() -> f64 {
    MatchParams::default().link_threshold
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
        Config::parse(&text).map_err(|message| ConfigError::Invalid {
            path: path.to_path_buf(),
            message,
        })
    }

    /// Parses config text; the error message names the offending key and line.
    pub fn parse(text: &str) -> Result<Config, String> {
        let config: Config = toml::from_str(text).map_err(|e| e.to_string())?;
        let t = config.matcher.link_threshold;
        if !(0.0..=1.0).contains(&t) {
            return Err(format!(
                "matcher.link_threshold must be between 0 and 1, not {t}"
            ));
        }
        let http = &config.http;
        if http.timeout_secs == 0 || http.connect_timeout_secs == 0 || http.max_body_bytes == 0 {
            return Err(
                "http.timeout_secs, http.connect_timeout_secs and http.max_body_bytes must be above 0"
                    .to_string(),
            );
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
        }
    }

    pub fn match_params(&self) -> MatchParams {
        MatchParams {
            link_threshold: self.matcher.link_threshold,
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
        let text = include_str!("../config/storywatch.toml");
        Config::parse(text).expect("config/storywatch.toml must stay valid");
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
    fn a_threshold_out_of_range_is_refused() {
        let err = Config::parse("[matcher]\nlink_threshold = 3.0\n").unwrap_err();
        assert!(err.contains("link_threshold"), "{err}");
    }
}
