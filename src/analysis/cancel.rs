//! Stopping an analysis that a newer revision of its document has made useless.
//!
//! A front end numbers the revisions of a document and tells a [`Latest`] each new number; an analysis
//! gets a [`Cancel`] for the revision it reads and checks it every few tenths of a millisecond of
//! work (while it finds the prose's windows, before every block it scans, every few hundred blocks of
//! the document-wide step, every few dozen acronyms of the rules and between stages). Once a newer
//! revision is announced, the analysis of the older one stops there and returns [`Cancelled`]
//! instead of finishing work whose result nobody will read: a burst of keystrokes then costs at most
//! that much of the stale analysis, not a whole one. A check is an atomic load (and the pause,
//! below): cheap enough to make a few hundred times per analysis. Plain atomics: the engine knows no
//! async runtime.
//!
//! A front end may also hold an analysis back for a moment at its checks ([`Cancel::with_pause`]):
//! the language server pauses it while a request's round trip is under way, so that the threads the
//! request goes through find a core free. Work that must not stop halfway once begun (it rebuilds
//! what the next analysis starts from: the spliced reading, the flat text, the kept blocks) offers
//! the pause alone every few hundred blocks ([`Cancel::give_way`]): a thread woken behind the
//! analysis on its core waited for a whole time slice there otherwise (4 ms), while the other core
//! sat idle. And it may stop one for a reason of its own
//! ([`Cancel::with_stop`]): the server analyses a short document on the thread that reads the
//! client's messages, and stops that analysis when more of them wait to be read.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// The latest revision of one document, shared by the front end that announces it and the analyses
/// that check it.
#[derive(Debug, Clone, Default)]
pub struct Latest(Arc<AtomicU64>);

impl Latest {
    pub fn new(revision: u64) -> Latest {
        Latest(Arc::new(AtomicU64::new(revision)))
    }

    /// Announces `revision` as the latest: analyses of any other revision stop at their next check.
    pub fn announce(&self, revision: u64) {
        self.0.store(revision, Ordering::Relaxed);
    }

    /// What an analysis of `revision` checks.
    pub fn cancel_for(&self, revision: u64) -> Cancel {
        Cancel {
            latest: Some(Arc::clone(&self.0)),
            revision,
            pause: None,
            stop: None,
        }
    }
}

/// Called at every check, before it decides: may block the analysis for a moment.
pub type Pause = Arc<dyn Fn() + Send + Sync>;

/// Called at every check, after the pause: `true` stops the analysis as if its revision were replaced.
pub type Stop = Arc<dyn Fn() -> bool + Send + Sync>;

/// Whether the analysis holding it should stop.
#[derive(Clone, Default)]
pub struct Cancel {
    latest: Option<Arc<AtomicU64>>,
    revision: u64,
    pause: Option<Pause>,
    stop: Option<Stop>,
}

impl std::fmt::Debug for Cancel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cancel")
            .field("latest", &self.latest)
            .field("revision", &self.revision)
            .field("pause", &self.pause.is_some())
            .field("stop", &self.stop.is_some())
            .finish()
    }
}

/// How many blocks a stretch that gives way ([`Cancel::give_way`]) handles between two offers: some
/// tens of microseconds of work per offer, which costs a few loads (and, while a request is under
/// way, a look at the input at most every few tens of microseconds).
pub const BLOCKS_PER_GIVE_WAY: usize = 256;

/// The analysis stopped because its revision was replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cancelled;

impl Cancel {
    /// Never cancelled (`check`, tests).
    pub fn never() -> Cancel {
        Cancel::default()
    }

    /// The same, calling `pause` at every check first (which may block for a moment).
    pub fn with_pause(self, pause: Pause) -> Cancel {
        Cancel {
            pause: Some(pause),
            ..self
        }
    }

    /// The same, also stopping at the first check where `stop` says so.
    pub fn with_stop(self, stop: Stop) -> Cancel {
        Cancel {
            stop: Some(stop),
            ..self
        }
    }

    /// Calls the pause alone and never stops: a place where a stretch of work that must run to its
    /// end may hand its core over for a moment (the module comment). As cheap as the pause's own
    /// tests.
    pub fn give_way(&self) {
        if let Some(pause) = &self.pause {
            pause();
        }
    }

    /// `Err(Cancelled)` once a newer revision than the analysed one has been announced, or the front
    /// end's `stop` says so.
    pub fn check(&self) -> Result<(), Cancelled> {
        if let Some(pause) = &self.pause {
            pause();
        }
        if self.stop.as_ref().is_some_and(|stop| stop()) {
            return Err(Cancelled);
        }
        match &self.latest {
            Some(latest) if latest.load(Ordering::Relaxed) != self.revision => Err(Cancelled),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_analysis_stops_once_a_newer_revision_is_announced() {
        let latest = Latest::new(3);
        let cancel = latest.cancel_for(3);
        assert_eq!(cancel.check(), Ok(()));
        latest.announce(4);
        assert_eq!(cancel.check(), Err(Cancelled));
        assert_eq!(latest.cancel_for(4).check(), Ok(()));
        assert_eq!(Cancel::never().check(), Ok(()));
    }

    /// A check calls the pause before it decides; giving way calls the pause alone, even for a
    /// replaced revision (its analysis is somewhere it cannot stop).
    #[test]
    fn a_check_calls_the_pause_first_and_giving_way_calls_only_the_pause() {
        let latest = Latest::new(3);
        let calls = Arc::new(AtomicU64::new(0));
        let counted = Arc::clone(&calls);
        let cancel = latest.cancel_for(3).with_pause(Arc::new(move || {
            counted.fetch_add(1, Ordering::Relaxed);
        }));
        assert_eq!(cancel.check(), Ok(()));
        latest.announce(4);
        assert_eq!(cancel.check(), Err(Cancelled));
        assert_eq!(calls.load(Ordering::Relaxed), 2);
        cancel.give_way();
        cancel.give_way();
        assert_eq!(calls.load(Ordering::Relaxed), 4);
        // Without a pause there is nothing to call.
        Cancel::never().give_way();
    }

    #[test]
    fn a_stop_cancels_an_analysis_of_the_latest_revision() {
        let latest = Latest::new(3);
        let stop = Arc::new(AtomicU64::new(0));
        let asked = Arc::clone(&stop);
        let cancel = latest
            .cancel_for(3)
            .with_stop(Arc::new(move || asked.load(Ordering::Relaxed) == 1));
        assert_eq!(cancel.check(), Ok(()));
        stop.store(1, Ordering::Relaxed);
        assert_eq!(cancel.check(), Err(Cancelled));
        // The revision itself is still the latest: another analysis of it, without the stop, goes on.
        assert_eq!(latest.cancel_for(3).check(), Ok(()));
    }
}
