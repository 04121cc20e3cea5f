//! The command bodies, grouped as the library is: the pipeline's commands (`replay`,
//! `extract`), the service's (`run`, `feeds`, `demo`) and the reading side's (`log`,
//! `story`, `history`, `stats`, `export`, `import`). `main.rs` parses the arguments and
//! calls one of them; what they share is here.

pub mod demo;
pub mod extract;
pub mod pipeline;
pub mod progress;
pub mod reading;
pub mod service;

use anyhow::{Context, Result};
use std::path::Path;
use storywatch::config::Config;
use storywatch::model::ItemId;
use storywatch::store::Store;

/// An item as a user names it: any link to the article, or a replayed file's id.
pub fn item_id(given: &str) -> Result<ItemId> {
    ItemId::named(given)
        .with_context(|| format!("{given:?} is neither a URL nor a replayed file's id (file:NAME)"))
}

/// A closed pipe (`storywatch log | head`) is the reader's choice, not an error.
pub fn ignore_broken_pipe(written: std::io::Result<()>) -> Result<()> {
    match written {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

/// Opens (creating if needed) the store to write to.
pub fn open_store(config: &Config, given: Option<&Path>) -> Result<Store> {
    let path = config.store_path(given)?;
    Ok(Store::open(&path)?)
}

/// Opens a store that must exist already: reading commands never create one.
pub fn open_existing_store(config: &Config, given: Option<&Path>) -> Result<Store> {
    let path = config.store_path(given)?;
    Ok(Store::open_existing(&path)?)
}

/// An error and its causes on one line: "seeds/x.txt: not UTF-8 text ...".
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut line = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        line.push_str(": ");
        line.push_str(&c.to_string());
        cause = c.source();
    }
    line
}
