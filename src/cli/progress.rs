//! Progress of a long `replay` or `import`: a bar on a terminal (indicatif), and plain
//! lines on standard error when it is not one (a log file, CI), at most every few seconds.

use indicatif::{ProgressBar, ProgressStyle};
use std::io::{IsTerminal, Read};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How often a plain progress line is written when standard error is not a terminal.
const PLAIN_EVERY: Duration = Duration::from_secs(5);

/// What is being counted.
#[derive(Clone, Copy)]
pub enum Unit {
    Bytes,
    Files,
}

#[derive(Clone)]
pub struct Progress {
    bar: Option<ProgressBar>,
    plain: Arc<Plain>,
}

struct Plain {
    what: String,
    total: Option<u64>,
    unit: Unit,
    done: AtomicU64,
    last_line: Mutex<Instant>,
    every: Duration,
    /// Lines written, kept by tests instead of going to standard error.
    #[cfg(test)]
    written: Mutex<Vec<String>>,
}

impl Progress {
    /// Progress of `what` over `total` units (unknown for standard input).
    pub fn new(what: &str, total: Option<u64>, unit: Unit) -> Progress {
        Progress::with(
            what,
            total,
            unit,
            std::io::stderr().is_terminal(),
            PLAIN_EVERY,
        )
    }

    fn with(
        what: &str,
        total: Option<u64>,
        unit: Unit,
        terminal: bool,
        every: Duration,
    ) -> Progress {
        let bar = terminal.then(|| {
            let bar = match total {
                Some(total) => ProgressBar::new(total),
                None => ProgressBar::new_spinner(),
            };
            let counts = match unit {
                Unit::Bytes => "{bytes}/{total_bytes} ({bytes_per_sec}, {eta} left)",
                Unit::Files => "{pos}/{len} files ({per_sec}, {eta} left)",
            };
            let template = format!("{{msg}} [{{bar:30}}] {counts}");
            if let Ok(style) = ProgressStyle::with_template(&template) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar.set_message(what.to_string());
            bar
        });
        Progress {
            bar,
            plain: Arc::new(Plain {
                what: what.to_string(),
                total,
                unit,
                done: AtomicU64::new(0),
                last_line: Mutex::new(Instant::now()),
                every,
                #[cfg(test)]
                written: Mutex::new(Vec::new()),
            }),
        }
    }

    pub fn advance(&self, by: u64) {
        let done = self.plain.done.fetch_add(by, Ordering::Relaxed) + by;
        match &self.bar {
            Some(bar) => bar.inc(by),
            None => {
                let mut last = self
                    .plain
                    .last_line
                    .lock()
                    .unwrap_or_else(|e| e.into_inner());
                if last.elapsed() >= self.plain.every {
                    *last = Instant::now();
                    let line = format!(
                        "storywatch: {}: {}",
                        self.plain.what,
                        self.plain.describe(done)
                    );
                    #[cfg(test)]
                    self.plain
                        .written
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push(line);
                    #[cfg(not(test))]
                    eprintln!("{line}");
                }
            }
        }
    }

    /// Runs `write` (output to the terminal) with the bar out of the way.
    pub fn print<T>(&self, write: impl FnOnce() -> T) -> T {
        match &self.bar {
            Some(bar) => bar.suspend(write),
            None => write(),
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }

    /// Wraps a reader so that what it reads advances the progress (in bytes).
    pub fn reader<R: Read>(&self, inner: R) -> ProgressReader<R> {
        ProgressReader {
            inner,
            progress: self.clone(),
        }
    }
}

impl Plain {
    fn describe(&self, done: u64) -> String {
        let amount = |n: u64| match self.unit {
            Unit::Bytes => format!("{:.1} MB", n as f64 / 1e6),
            Unit::Files => format!("{n} files"),
        };
        match self.total {
            Some(total) if total > 0 => format!(
                "{} of {} ({:.0}%)",
                amount(done),
                amount(total),
                100.0 * done as f64 / total as f64
            ),
            _ => amount(done),
        }
    }
}

pub struct ProgressReader<R> {
    inner: R,
    progress: Progress,
}

impl<R: Read> Read for ProgressReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.progress.advance(n as u64);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_terminal_progress_is_plain_lines() {
        let progress = Progress::with(
            "import",
            Some(4_000_000),
            Unit::Bytes,
            false,
            Duration::ZERO,
        );
        let mut reader = progress.reader(&[7u8; 3_000_000][..]);
        let mut sink = Vec::new();
        reader.read_to_end(&mut sink).unwrap();
        let lines = progress.plain.written.lock().unwrap().clone();
        assert!(!lines.is_empty());
        assert_eq!(
            lines.last().unwrap(),
            "storywatch: import: 3.0 MB of 4.0 MB (75%)"
        );
        let files = Progress::with("replay", Some(4), Unit::Files, false, Duration::ZERO);
        files.advance(1);
        assert_eq!(
            files.plain.written.lock().unwrap()[0],
            "storywatch: replay: 1 files of 4 files (25%)"
        );
        // The interval bounds how often a line is written.
        let quiet = Progress::with(
            "replay",
            Some(4),
            Unit::Files,
            false,
            Duration::from_secs(3600),
        );
        quiet.advance(1);
        assert!(quiet.plain.written.lock().unwrap().is_empty());
    }
}
