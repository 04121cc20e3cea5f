//! The `storywatch` command line.

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use storywatch::config::Config;
use storywatch::model::{ItemId, StoryId};
use storywatch::pipeline::{Matching, Outcome};
use storywatch::replay;
use storywatch::report::{self, Marks};
use storywatch::store::Store;

/// mimalloc rather than the system allocator: the matcher reads every sentence into many
/// small sets and strings, and with glibc's allocator a third of its time went to
/// allocating and freeing them; a long-running daemon also fragments less.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod demo;
mod extract_cli;
mod progress;
mod service_cli;

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
        Command::Run { store } => service_cli::run_command(&config, store.as_deref()),
        Command::Demo { store, serve } => {
            demo::demo_command(store.as_deref(), serve, &config.stories)
        }
        Command::Feeds(FeedsCommand::Import { file }) => {
            service_cli::feeds_import(&file, cli.config.as_deref())
        }
        Command::Feeds(FeedsCommand::List { store, json }) => {
            let store = open_existing_store(&config, store.as_deref())?;
            service_cli::feeds_list(&store, &config.feeds, json)
        }
        Command::Story(StoryCommand::List { store, json }) => {
            let store = open_existing_store(&config, store.as_deref())?;
            let stories = storywatch::timeline::story_summaries(store.story_stats()?);
            let mut out = std::io::stdout().lock();
            let written = if json {
                stories.iter().try_for_each(|s| {
                    serde_json::to_writer(&mut out, s)
                        .map_err(std::io::Error::from)
                        .and_then(|()| writeln!(out))
                })
            } else {
                report::write_stories(&mut out, &stories)
            };
            ignore_broken_pipe(written)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Story(StoryCommand::Show { id, store, json }) => {
            let store = open_existing_store(&config, store.as_deref())?;
            let story = StoryId(id.clone());
            let events = store
                .story_events(&story, 1)
                .collect::<Result<Vec<_>, _>>()?;
            let Some(timeline) = storywatch::timeline::story_timeline(&story, events) else {
                anyhow::bail!(
                    "there is no story {id} in {} (`storywatch story list` names them)",
                    store.path().display()
                );
            };
            let mut out = std::io::stdout().lock();
            let written = if json {
                serde_json::to_writer_pretty(&mut out, &timeline)
                    .map_err(std::io::Error::from)
                    .and_then(|()| writeln!(out))
            } else {
                report::write_timeline(&mut out, &timeline)
            };
            ignore_broken_pipe(written)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Replay {
            jsonl: Some(stream),
            store,
            ..
        } => replay_jsonl_command(&config, &stream, store.as_deref()),
        Command::Replay { dir, store, .. } => replay_command(&config, &dir, store.as_deref()),
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
            let item = match item {
                Some(given) => Some(item_id(&given)?),
                None => None,
            };
            let (first, since_time) = match since {
                storywatch::timeline::Since::Seq(seq) => (seq, None),
                storywatch::timeline::Since::Time(time) => (1, Some(time)),
            };
            let filter = storywatch::timeline::EventFilter {
                story: story.map(StoryId),
                kinds: kind,
                item,
                since_time,
                min_novelty,
            };
            if follow {
                let path = config.store_path(store.as_deref())?;
                let token = config.api.token.as_deref();
                return service_cli::follow_log(&path, &filter, first, json, token);
            }
            let store = open_existing_store(&config, store.as_deref())?;
            print_log(&store, json, &filter, first)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::History { item, store, json } => {
            let store = open_existing_store(&config, store.as_deref())?;
            history_command(&store, &item, json)
        }
        Command::Export { store } => {
            let store = open_existing_store(&config, store.as_deref())?;
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            store
                .export(&mut out)
                .and_then(|_| out.flush().map_err(Into::into))
                .with_context(|| format!("export of {} failed", store.path().display()))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Import { file, store } => {
            let store = Store::open(&store)?;
            import_command(&store, &file)
        }
        Command::Stats { store, json } => {
            let store = open_existing_store(&config, store.as_deref())?;
            let stats = store.stats()?;
            if json {
                println!("{}", serde_json::to_string(&stats)?);
            } else {
                println!("store     {}", store.path().display());
                println!("feeds     {}", stats.feeds);
                println!("items     {}", stats.items);
                println!("versions  {}", stats.versions);
                println!("stories   {}", stats.stories);
                println!("claims    {}", stats.claims);
                println!("events    {}", stats.events);
                println!("on disk   {} bytes", stats.bytes_on_disk);
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Extract {
            inputs,
            json,
            out_dir,
            url,
        } => extract_command(&config, &inputs, json, out_dir.as_deref(), url),
    }
}

/// An item as a user names it: any link to the article, or a replayed file's id.
fn item_id(given: &str) -> Result<ItemId> {
    ItemId::named(given)
        .with_context(|| format!("{given:?} is neither a URL nor a replayed file's id (file:NAME)"))
}

fn history_command(store: &Store, given: &str, json: bool) -> Result<ExitCode> {
    let id = item_id(given)?;
    let versions = store.versions(&id)?;
    if versions.is_empty() {
        anyhow::bail!(
            "the store {} holds no item {id} (storywatch log lists the items it holds)",
            store.path().display()
        );
    }
    let mut out = std::io::stdout().lock();
    let written = if json {
        versions.iter().try_for_each(|v| {
            serde_json::to_writer(&mut out, v)
                .map_err(std::io::Error::from)
                .and_then(|()| writeln!(out))
        })
    } else {
        writeln!(out, "{id}: {} version(s)", versions.len())
            .and_then(|()| report::write_history(&mut out, &versions, Marks::for_stdout()))
    };
    ignore_broken_pipe(written)?;
    Ok(ExitCode::SUCCESS)
}

fn import_command(store: &Store, file: &Path) -> Result<ExitCode> {
    let summary = if file == Path::new("-") {
        let progress = progress::Progress::new("import", None, progress::Unit::Bytes);
        let summary = store.import(std::io::BufReader::new(
            progress.reader(std::io::stdin().lock()),
        ));
        progress.finish();
        summary
    } else {
        let input = std::fs::File::open(file)
            .with_context(|| format!("cannot open export file {}", file.display()))?;
        let size = input.metadata().ok().map(|m| m.len());
        let progress = progress::Progress::new("import", size, progress::Unit::Bytes);
        let summary = store.import(std::io::BufReader::new(progress.reader(input)));
        progress.finish();
        summary
    }
    .with_context(|| {
        format!(
            "import of {} into {} failed",
            file.display(),
            store.path().display()
        )
    })?;
    println!(
        "imported {} records ({} items, {} versions, {} events) into {}",
        summary.records,
        summary.items,
        summary.versions,
        summary.events,
        store.path().display()
    );
    Ok(ExitCode::SUCCESS)
}

/// A closed pipe (`storywatch log | head`) is the reader's choice, not an error.
fn ignore_broken_pipe(written: std::io::Result<()>) -> Result<()> {
    match written {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

fn extract_command(
    config: &Config,
    inputs: &[String],
    json: bool,
    out_dir: Option<&Path>,
    url: Option<String>,
) -> Result<ExitCode> {
    let Some(dir) = out_dir else {
        let [input] = inputs else {
            anyhow::bail!("extract prints one page; to extract many, add --out-dir DIR");
        };
        let article = extract_input(config, input, url)?;
        let mut out = std::io::stdout().lock();
        let written = if json {
            serde_json::to_writer_pretty(&mut out, &extract_cli::ArticleJson::from(&article))
                .map_err(std::io::Error::from)
                .and_then(|()| writeln!(out))
        } else {
            writeln!(out, "{}", article.text())
        };
        match written {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => return Err(e.into()),
            _ => return Ok(ExitCode::SUCCESS),
        }
    };
    if url.is_some() && inputs.len() > 1 {
        anyhow::bail!("--url names one page; give it with a single FILE");
    }
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create output directory {}", dir.display()))?;
    let mut failed = 0usize;
    let mut stems = std::collections::HashSet::new();
    for input in inputs {
        let stem = extract_cli::file_stem(input);
        if !stems.insert(stem.clone()) {
            failed += 1;
            eprintln!(
                "storywatch: {input}: another input already wrote {stem}.txt; \
                 extract same-named files into separate directories"
            );
            continue;
        }
        let written = extract_input(config, input, url.clone()).and_then(|article| {
            let target = dir.join(format!("{stem}.txt"));
            std::fs::write(&target, article.text())
                .with_context(|| format!("cannot write {}", target.display()))
        });
        if let Err(e) = written {
            failed += 1;
            eprintln!("storywatch: {e:#}");
        }
    }
    if failed > 0 {
        eprintln!(
            "storywatch: {failed} of {} file(s) gave no article (see above); the others were written to {}",
            inputs.len(),
            dir.display()
        );
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

fn is_url(input: &str) -> bool {
    let lower = input.to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Reads one input (a URL, a file, or - for standard input) and extracts its article.
fn extract_input(
    config: &Config,
    input: &str,
    url: Option<String>,
) -> Result<storywatch::model::Article> {
    let doc = if is_url(input) {
        fetch_page(config, input)?
    } else {
        storywatch::model::RawDocument {
            item: match url {
                Some(url) => storywatch::model::ItemId(url),
                None => storywatch::model::ItemId::for_file(input),
            },
            bytes: extract_cli::read_input(input)?,
            content_type: extract_cli::content_type_for(input),
            fetched_at: chrono::Utc::now(),
        }
    };
    storywatch::extract::extract(&doc).with_context(|| input.to_string())
}

/// Fetches a page with the poller's fetcher and the config's `[http]` limits (the
/// address guard included: internal addresses need `allow_networks`).
fn fetch_page(config: &Config, url: &str) -> Result<storywatch::model::RawDocument> {
    use storywatch::poller::fetch::{FetchOutcome, Fetcher, Validators};
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let fetcher = Fetcher::new(config.http_limits())?;
    let outcome = runtime.block_on(fetcher.fetch(url, &Validators::default()))?;
    let FetchOutcome::Fetched(page) = outcome else {
        anyhow::bail!("{url} answered 304 Not Modified to a request without validators");
    };
    if page.truncated {
        eprintln!(
            "storywatch: {url}: the page was cut at {} bytes ([http] max_body_bytes)",
            page.body.len()
        );
    }
    Ok(storywatch::model::RawDocument {
        // The id is the page's address: the extractor resolves relative links with it.
        item: storywatch::model::ItemId::for_url(&page.url)
            .unwrap_or_else(|_| storywatch::model::ItemId(page.url.clone())),
        bytes: page.body,
        content_type: page.content_type,
        fetched_at: chrono::Utc::now(),
    })
}

/// Opens (creating if needed) the store to write to.
fn open_store(config: &Config, given: Option<&Path>) -> Result<Store> {
    let path = config.store_path(given)?;
    Ok(Store::open(&path)?)
}

/// Opens a store that must exist already: reading commands never create one.
fn open_existing_store(config: &Config, given: Option<&Path>) -> Result<Store> {
    let path = config.store_path(given)?;
    Ok(Store::open_existing(&path)?)
}

fn replay_command(config: &Config, dir: &Path, store: Option<&Path>) -> Result<ExitCode> {
    if !dir.is_dir() {
        anyhow::bail!(
            "corpus directory {} does not exist (run from the project folder, or name a directory: storywatch replay DIR)",
            dir.display()
        );
    }
    let store = open_store(config, store)?;
    let matching = Matching::new(config.match_params());
    let mut failed = 0usize;
    let mut out = std::io::stdout().lock();
    seed_declared(config, &store, &matching, &mut out)?;
    let total = replay::corpus_files(dir)
        .ok()
        .map(|files| files.len() as u64);
    let progress = progress::Progress::new("replay", total, progress::Unit::Files);
    replay::replay_dir(dir, &store, &matching, chrono::Utc::now, |path, outcome| {
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        progress.print(|| {
            if let Some(e) = print_outcome(&mut out, &name, outcome) {
                failed += 1;
                eprintln!("storywatch: skipped {}", error_chain(e));
            }
        });
        progress.advance(1);
    })
    .with_context(|| format!("replay of {} stopped", dir.display()))?;
    progress.finish();
    ignore_broken_pipe(writeln!(out, "store: {}", store.path().display()))?;
    if failed > 0 {
        eprintln!("storywatch: {failed} file(s) could not be replayed (see above); the others were recorded");
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

fn replay_jsonl_command(config: &Config, stream: &Path, store: Option<&Path>) -> Result<ExitCode> {
    let (input, progress): (Box<dyn std::io::BufRead>, progress::Progress) =
        if stream == Path::new("-") {
            let progress = progress::Progress::new("replay", None, progress::Unit::Bytes);
            let input = std::io::BufReader::new(progress.reader(std::io::stdin().lock()));
            (Box::new(input), progress)
        } else {
            let file = std::fs::File::open(stream)
                .with_context(|| format!("cannot open stream {}", stream.display()))?;
            let size = file.metadata().ok().map(|m| m.len());
            let progress = progress::Progress::new("replay", size, progress::Unit::Bytes);
            (
                Box::new(std::io::BufReader::new(progress.reader(file))),
                progress,
            )
        };
    let store = open_store(config, store)?;
    let matching = Matching::new(config.match_params());
    let mut failed = 0usize;
    let mut out = std::io::stdout().lock();
    seed_declared(config, &store, &matching, &mut out)?;
    replay::replay_jsonl(
        input,
        &store,
        &matching,
        chrono::Utc::now,
        |line, id, outcome| {
            let name = id.map_or_else(|| format!("line {line}"), str::to_string);
            progress.print(|| {
                if let Some(e) = print_outcome(&mut out, &name, outcome) {
                    failed += 1;
                    match id {
                        Some(_) => eprintln!(
                            "storywatch: {}: line {line}: skipped {}",
                            stream.display(),
                            error_chain(e)
                        ),
                        None => eprintln!(
                            "storywatch: {}: skipped {}",
                            stream.display(),
                            error_chain(e)
                        ),
                    }
                }
            })
        },
    )
    .with_context(|| format!("replay of {} stopped", stream.display()))?;
    progress.finish();
    ignore_broken_pipe(writeln!(out, "store: {}", store.path().display()))?;
    if failed > 0 {
        eprintln!(
            "storywatch: {failed} line(s) could not be replayed (see above); the others were recorded"
        );
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// Seeds the stories the config declares that the store lacks (and any seed added or
/// changed since), printing each seed document's outcome as `replay` prints a file's.
fn seed_declared(
    config: &Config,
    store: &Store,
    matching: &Matching,
    out: &mut impl Write,
) -> Result<()> {
    replay::seed_stories(
        store,
        matching,
        &config.stories,
        chrono::Utc::now(),
        |_, item, outcome| {
            // A closed pipe is the reader's choice; the seeding itself goes on.
            let _ = write_outcome(out, &item.0, outcome);
        },
    )
    .context("cannot seed the stories declared in the config; nothing was replayed")
}

/// Prints what happened to one replayed item; returns the error, if it failed, for the
/// caller to report with the input's name.
fn print_outcome<'a>(
    out: &mut impl Write,
    name: &str,
    outcome: &'a std::result::Result<Outcome, replay::ReplayError>,
) -> Option<&'a replay::ReplayError> {
    match outcome {
        Ok(done) => {
            // A closed pipe is the reader's choice; the replay itself goes on.
            let _ = write_outcome(out, name, done);
            None
        }
        Err(e) => Some(e),
    }
}

fn write_outcome(out: &mut impl Write, name: &str, outcome: &Outcome) -> std::io::Result<()> {
    match outcome {
        Outcome::Unchanged => writeln!(out, "{name}: unchanged, already in the store"),
        Outcome::SuspectAgain => writeln!(
            out,
            "{name}: still most of its text gone (extraction suspected, already reported); not recorded"
        ),
        Outcome::Recorded(events) => report::write_arrival(out, name, events),
    }
}

/// An error and its causes on one line: "seeds/x.txt: not UTF-8 text ...".
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut line = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        line.push_str(": ");
        line.push_str(&c.to_string());
        cause = c.source();
    }
    line
}

fn print_log(
    store: &Store,
    json: bool,
    filter: &storywatch::timeline::EventFilter,
    since: u64,
) -> Result<()> {
    let mut out = std::io::stdout().lock();
    for event in store.events_of(filter.story.as_ref(), since) {
        let event = event?;
        if !filter.matches(&event) {
            continue;
        }
        let written = if json {
            serde_json::to_writer(&mut out, &event)
                .map_err(std::io::Error::from)
                .and_then(|()| writeln!(out))
        } else {
            writeln!(out, "{}", report::event_line(&event))
        };
        if let Err(e) = written {
            return ignore_broken_pipe(Err(e));
        }
    }
    Ok(())
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
