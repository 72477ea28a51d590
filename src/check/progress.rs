//! The progress bar of a long `check`: on stderr, only when stderr is a terminal, and only when the run
//! is long (more than [`MANY_FILES`] files, or still going after [`SLOW_AFTER`]). A short run, a run
//! in CI or a run whose stderr goes to a file prints nothing on stderr.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// More files than this show the bar from the start.
pub const MANY_FILES: usize = 200;
/// A run still going after this long shows the bar from then on.
pub const SLOW_AFTER: Duration = Duration::from_secs(2);

/// Counts checked files; safe to share between threads.
pub struct Progress {
    bar: ProgressBar,
    terminal: bool,
    shown: AtomicBool,
    start: Instant,
}

impl Progress {
    /// A bar for `total` files; `terminal` says whether stderr is a terminal.
    pub fn new(total: usize, terminal: bool) -> Progress {
        let bar = ProgressBar::with_draw_target(
            Some(u64::try_from(total).unwrap_or(u64::MAX)),
            ProgressDrawTarget::hidden(),
        );
        if let Ok(style) =
            ProgressStyle::with_template("checking {bar:30} {pos}/{len} files ({elapsed})")
        {
            bar.set_style(style);
        }
        let progress = Progress {
            bar,
            terminal,
            shown: AtomicBool::new(false),
            start: Instant::now(),
        };
        if total > MANY_FILES {
            progress.show();
        }
        progress
    }

    /// One more file done.
    pub fn inc(&self) {
        if !self.shown.load(Ordering::Relaxed) && self.start.elapsed() >= SLOW_AFTER {
            self.show();
        }
        self.bar.inc(1);
    }

    fn show(&self) {
        if self.terminal && !self.shown.swap(true, Ordering::Relaxed) {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    /// Runs `print` with the bar hidden, so that what it prints does not mix with the bar.
    pub fn suspend<R>(&self, print: impl FnOnce() -> R) -> R {
        self.bar.suspend(print)
    }

    /// Removes the bar from the terminal, before the report is printed.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
