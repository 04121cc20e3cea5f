//! The matcher on every development set at once, in one table: story linking
//! (`ecbplus-dev`, `gva-dev`, `semeval8-dev`, the seeds) beside the plain TF-IDF
//! baselines, and claims (`claims-judged-dev`, `ecbplus-novelty-dev`, MSRP, the seeds)
//! beside the word-overlap rule. Every item goes through the real pipeline
//! (`replay::replay_jsonl` into a temporary store), with the configuration in the code.
//!
//!     cargo run --release --example dev_bench [-- SHARED_DIR]
//!
//! SHARED_DIR defaults to `../shared` beside the repository. The scorers are those of
//! the sets' `score.py` scripts, written again here (see `scoring.rs`) so that the whole
//! table takes seconds.

mod baseline;
mod scoring;
mod sets;

use std::path::PathBuf;
use storywatch::matcher::MatchParams;

/// The daemon's allocator (see `src/main.rs`), so that the speeds are the daemon's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> anyhow::Result<()> {
    let shared = std::env::args().nth(1).map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"),
        PathBuf::from,
    );
    let dev = sets::DevSets::load(&shared)?;
    let params = MatchParams::default();
    let results = dev.run(&params)?;
    results.print(&dev, &dev.baselines());
    Ok(())
}
