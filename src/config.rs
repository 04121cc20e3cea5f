//! The configuration file (`config/storywatch.toml` is the commented example).
//!
//! Entry point: [`Config::load`]. Unknown keys are an error that names the key, so a typo
//! never silently falls back to a default.

use crate::matcher::MatchParams;
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub store: StoreConfig,
    #[serde(default)]
    pub matcher: MatcherConfig,
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
        Ok(config)
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
    fn a_threshold_out_of_range_is_refused() {
        let err = Config::parse("[matcher]\nlink_threshold = 3.0\n").unwrap_err();
        assert!(err.contains("link_threshold"), "{err}");
    }
}
