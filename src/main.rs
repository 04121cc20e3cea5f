//! The `storywatch` command line: its arguments, and which command body (in `cli/`)
//! each runs.

use anyhow::Result;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use storywatch::config::Config;
use storywatch::store::Store;

/// mimalloc rather than the system allocator: the matcher reads every sentence into many
/// small sets and strings, and with glibc's allocator a third of its time went to
/// allocating and freeing them; a long-running daemon also fragments less.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod cli;

#[derive(Parser)]
#[command(
    name = "storywatch",
    version,
    about = "Watches news feeds and tracks how a story evolves"
)]
struct Cli {
    /// Config file (see config/storywatch.toml); built-in defaults without it.
    #[arg(long, global = true, value_name = "PATH")]
    config: Option<PathBuf>,
    /// Show debug logs (for replay: the verdict on every sentence; for run: every poll).
    #[arg(short, long, global = true)]
    verbose: bool,
    /// How logs are written to standard error: for people, or one JSON object per line
    /// (for journald and log shippers).
    #[arg(long, global = true, value_enum, default_value_t = LogFormat::Human)]
    log_format: LogFormat,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum LogFormat {
    Human,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Runs the daemon: polls the configured feeds, fetches, extracts, matches and stores
    /// each new article, refetches them to catch edits, until SIGTERM or SIGINT.
    Run {
        /// The store (default: the config's, else the user's data directory).
        #[arg(long, value_name = "PATH")]
        store: Option<PathBuf>,
    },
    /// Shows the whole path working offline: a local news site serving the seed corpus
    /// one report at a time, the real daemon polling it, the change log as it grows.
    Demo {
        /// Keep the demo's store here (default: a temporary one, removed at the end).
        #[arg(long, value_name = "PATH")]
        store: Option<PathBuf>,
        /// When the story is complete, keep serving its timeline page, Atom feed and API
        /// (the addresses are printed) until Ctrl-C.
        #[arg(long)]
        serve: bool,
    },
    /// The feed list: import OPML, list feeds and their health.
    #[command(subcommand)]
    Feeds(FeedsCommand),
    /// Stories: list them, or show one as a timeline of items, claims and their sources.
    #[command(subcommand)]
    Story(StoryCommand),
    /// Replays a directory of saved articles, in file-name order, as newly arrived items;
    /// or, with --jsonl, a JSON Lines stream of items.
    Replay {
        /// The corpus directory.
        #[arg(default_value = "seeds")]
        dir: PathBuf,
        /// Replay this JSON Lines stream of `{id, time, title, text, url?}` items instead
        /// (`-` reads standard input): each is recorded under its `id`, at its `time`.
        #[arg(long, value_name = "PATH", conflicts_with = "dir")]
        jsonl: Option<PathBuf>,
        /// The store to write to (default: the config's, else the user's data directory).
        #[arg(long, value_name = "PATH")]
        store: Option<PathBuf>,
    },
    /// Prints the change log.
    Log {
        #[arg(long, value_name = "PATH")]
        store: Option<PathBuf>,
        /// One JSON object per line (the format documented in the README).
        #[arg(long)]
        json: bool,
        /// Only events of this story.
        #[arg(long, value_name = "ID")]
        story: Option<String>,
        /// Only events of these kinds (repeat or separate with commas: claim,version_changed).
        #[arg(long, value_name = "KIND", value_delimiter = ',', value_parser = clap::builder::PossibleValuesParser::new(storywatch::model::EventBody::KINDS))]
        kind: Vec<String>,
        /// Only events about this item (any link to the article, or file:NAME).
        #[arg(long, value_name = "URL")]
        item: Option<String>,
        /// Only events from this sequence number, or this time (2025-08-28,
        /// 2025-08-28T09:00:00Z), on.
        #[arg(long, value_name = "SEQ|TIME", default_value = "1")]
        since: storywatch::timeline::Since,
        /// Only claims at least this novel (0..1: how likely a careful reader is to find a
        /// fact the story did not hold); other events are not filtered.
        #[arg(long, value_name = "0..1", value_parser = novelty_arg)]
        min_novelty: Option<f64>,
        /// Keep printing new events as they are written (through the daemon's API while
        /// it runs), until interrupted.
        #[arg(short, long)]
        follow: bool,
    },
    /// Lists an item's versions with a word-level diff between consecutive ones.
    History {
        /// The article's URL (any link to it: tracking parameters and fragments are
        /// ignored) or a replayed file's id, `file:NAME`.
        item: String,
        #[arg(long, value_name = "PATH")]
        store: Option<PathBuf>,
        /// The versions as JSON, one per line.
        #[arg(long)]
        json: bool,
    },
    /// Writes the whole store to standard output as JSON Lines.
    Export {
        #[arg(long, value_name = "PATH")]
        store: Option<PathBuf>,
    },
    /// Rebuilds a new, empty store from an export (`-` reads standard input).
    Import {
        file: PathBuf,
        /// The new store (required: an import never goes to a default location).
        #[arg(long, value_name = "PATH")]
        store: PathBuf,
    },
    /// Prints the store's record counts and size on disk.
    Stats {
        #[arg(long, value_name = "PATH")]
        store: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Extracts the article from pages (a URL, or saved HTML, .html.gz or text) and prints
    /// its text.
    Extract {
        /// The page: a URL, a file, or - for standard input; with --out-dir, any number.
        #[arg(required = true, value_name = "FILE|-")]
        inputs: Vec<String>,
        /// Print every field (title, authors, dates, canonical URL, ...) as JSON.
        #[arg(long)]
        json: bool,
        /// Write DIR/<file stem>.txt for each FILE instead of printing.
        #[arg(long, value_name = "DIR")]
        out_dir: Option<PathBuf>,
        /// The page's URL, to resolve its relative links (one input only).
        #[arg(long, value_name = "URL")]
        url: Option<String>,
    },
}

#[derive(Subcommand)]
enum StoryCommand {
    /// One line per story: items, claims, last activity, title.
    List {
        #[arg(long, value_name = "PATH")]
        store: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// A story's timeline: each item as it arrived (outlet, time, copy/rewrite/update),
    /// its new claims, who repeated each claim later, withdrawals and edits.
    Show {
        /// The story id (as `story list` and the change log name it).
        id: String,
        #[arg(long, value_name = "PATH")]
        store: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum FeedsCommand {
    /// Reads an OPML export (from Miniflux, Feedly, NetNewsWire, ...) and appends its
    /// feeds to the config given with --config, or prints them as [[feed]] entries.
    Import { file: PathBuf },
    /// Lists the configured feeds (and any the store knows that the config no longer
    /// names): health (ok, failing, BROKEN, or pending until its first poll ends), last
    /// and next poll, last error.
    List {
        #[arg(long, value_name = "PATH")]
        store: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let filter = if cli.verbose {
        "storywatch=debug"
    } else if matches!(cli.command, Command::Demo { .. }) {
        // The demo prints the change log; the daemon's own progress lines would bury it.
        "storywatch=warn"
    } else {
        "storywatch=info"
    };
    let logs = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(filter)),
        )
        .with_writer(std::io::stderr);
    match cli.log_format {
        LogFormat::Human => logs.init(),
        LogFormat::Json => logs.json().init(),
    }
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("storywatch: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    let config = match &cli.config {
        Some(path) => Config::load(path)?,
        None => Config::default(),
    };
    match cli.command {
        Command::Run { store } => cli::service::run_command(&config, store.as_deref()),
        Command::Demo { store, serve } => {
            cli::demo::demo_command(store.as_deref(), serve, &config.stories)
        }
        Command::Feeds(FeedsCommand::Import { file }) => {
            cli::service::feeds_import(&file, cli.config.as_deref())
        }
        Command::Feeds(FeedsCommand::List { store, json }) => {
            let store = cli::open_existing_store(&config, store.as_deref())?;
            cli::service::feeds_list(&store, &config.feeds, json)
        }
        Command::Story(StoryCommand::List { store, json }) => {
            let store = cli::open_existing_store(&config, store.as_deref())?;
            cli::reading::story_list(&store, json)
        }
        Command::Story(StoryCommand::Show { id, store, json }) => {
            let store = cli::open_existing_store(&config, store.as_deref())?;
            cli::reading::story_show(&store, &id, json)
        }
        Command::Replay {
            jsonl: Some(stream),
            store,
            ..
        } => cli::pipeline::replay_jsonl_command(&config, &stream, store.as_deref()),
        Command::Replay { dir, store, .. } => {
            cli::pipeline::replay_command(&config, &dir, store.as_deref())
        }
        Command::Log {
            store,
            json,
            story,
            kind,
            item,
            since,
            min_novelty,
            follow,
        } => {
            let filter = cli::reading::LogFilter {
                story,
                kinds: kind,
                item,
                since,
                min_novelty,
            };
            cli::reading::log_command(&config, store.as_deref(), filter, json, follow)
        }
        Command::History { item, store, json } => {
            let store = cli::open_existing_store(&config, store.as_deref())?;
            cli::reading::history_command(&store, &item, json)
        }
        Command::Export { store } => {
            let store = cli::open_existing_store(&config, store.as_deref())?;
            cli::reading::export_command(&store)
        }
        Command::Import { file, store } => {
            let store = Store::open(&store)?;
            cli::reading::import_command(&store, &file)
        }
        Command::Stats { store, json } => {
            let store = cli::open_existing_store(&config, store.as_deref())?;
            cli::reading::stats_command(&store, json)
        }
        Command::Extract {
            inputs,
            json,
            out_dir,
            url,
        } => cli::pipeline::extract_command(&config, &inputs, json, out_dir.as_deref(), url),
    }
}

/// A `--min-novelty`: a number from 0 to 1.
fn novelty_arg(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(n) if (0.0..=1.0).contains(&n) => Ok(n),
        _ => Err(format!(
            "\"{text}\" is not a novelty from 0 to 1 (e.g. 0.5)"
        )),
    }
}
