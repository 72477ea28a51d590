//! Analysing documents and publishing their diagnostics.
//!
//! Every revision that a request or the client may see is analysed as a whole, on the analysis thread
//! (a short document that analyses quickly: on the protocol thread, see [`analyse_and_publish`]),
//! and analyses of one document are coalesced — at most one runs at a time, and it always takes the
//! latest text. A document's latest revision is analysed once the server has caught up with its
//! input: every message the client has written so far has been read and applied, and reading more
//! would wait (the transport knows: [`Drain`](super::transport::Drain)). A burst of changes (a paste,
//! multi-cursor edits, an editor replaying keystrokes) that the server reads faster than it handles
//! them therefore costs one analysis of its final text; a keystroke, which finds the input drained
//! after it, is analysed at once. Changes that arrive while an analysis runs are picked up, latest
//! only, when it ends; those applied while a job waits for the analysis thread, when it starts (it
//! analyses the latest text, not the one it was scheduled for: [`Job::take_latest`]). Where the
//! input is not read through the transport, or never drains, the latest text is analysed once the
//! changes pause for [`QUIET`].
//!
//! The input may also drain between two changes of one burst, when the server handles them faster
//! than the client writes them; the analysis then started is of a stale revision. It is not wasted
//! work: it stops at its next check (see below), and what it has read by then (the prose; once past
//! the block scan, the blocks and their memos) is kept, so the analysis of the final text does
//! less. Measured on bench-1mb.md (docs/performance.md, session 17), starting at once was no slower
//! than waiting a further 0.15 or 0.3 ms for the burst to go on.
//!
//! Diagnostics are published tagged with the document version, and only when the analysed revision is
//! still the current one: a stale result is never sent.
//!
//! An analysis whose revision a change replaces stops at its next block boundary (the document's
//! [`Latest`](crate::analysis::Latest) tells it), and the latest revision is scheduled at once. Each
//! document keeps what its blocks held ([`KeptBlocks`]), so an analysis after a keystroke reads only
//! the blocks the change touched again.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ropey::Rope;
use serde::Serialize;
use tower_lsp_server::jsonrpc::{Error, Id, Response};
use tower_lsp_server::ls_types::{
    Diagnostic, DocumentDiagnosticParams, DocumentDiagnosticReport, DocumentDiagnosticReportResult,
    FullDocumentDiagnosticReport, RelatedFullDocumentDiagnosticReport,
    RelatedUnchangedDocumentDiagnosticReport, UnchangedDocumentDiagnosticReport, Uri,
};

use super::convert::{diagnostic_at, file_errors, too_large};
use super::documents::{Document, Snapshot};
use super::encoding::Positions;
use super::state::{lock, State};
use crate::analysis::{
    analyze_cell, analyze_incremental, Analysis, Cancel, Cancelled, DocKind, KeptBlocks,
};
use crate::glossary::load::{read_text, MAX_GLOSSARY_BYTES};

/// How long a document's changes must pause before its latest text is analysed even though the input
/// has not drained (a service not driven by the transport, a client that never stops writing): bursts
/// of changes arrive microseconds apart and typing tens of milliseconds apart, so a millisecond tells
/// them apart. tokio's timer makes it 1–2 ms.
pub const QUIET: Duration = Duration::from_millis(1);

/// Analyses of one document that may run at the same time.
pub const MAX_IN_FLIGHT: usize = 1;

/// Threads that run analyses. One dedicated thread rather than tokio's blocking pool: each thread that
/// allocates gets its own malloc arena, and on bench-1mb.md a second analysis thread raised the peak
/// memory from 31 to 38 MB. Running a stale analysis beside the current one bought nothing on two
/// cores shared with the protocol thread: both ran slower.
const ANALYSIS_THREADS: usize = 1;

type Task = Box<dyn FnOnce() + Send>;

/// The analysis threads.
pub struct Pool {
    tasks: Mutex<Option<mpsc::Sender<Task>>>,
}

impl Pool {
    pub fn new() -> Pool {
        let (sender, receiver) = mpsc::channel::<Task>();
        let receiver = Arc::new(Mutex::new(receiver));
        for index in 0..ANALYSIS_THREADS {
            let receiver = Arc::clone(&receiver);
            let spawned = std::thread::Builder::new()
                .name(format!("glossary-ls-analysis-{index}"))
                .spawn(move || {
                    // Created by the protocol thread, it would inherit its short slices.
                    super::slices::default_for_this_thread();
                    loop {
                        let task = lock(&receiver).recv();
                        match task {
                            Ok(task) => task(),
                            Err(_) => return,
                        }
                    }
                });
            if let Err(error) = spawned {
                tracing::error!("cannot start an analysis thread: {error}");
            }
        }
        Pool {
            tasks: Mutex::new(Some(sender)),
        }
    }

    /// Runs `work` on an analysis thread; `None` if it panicked or the pool is gone.
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Option<T> {
        let (done, result) = tokio::sync::oneshot::channel();
        let task: Task = Box::new(move || {
            let _ = done.send(catch_unwind(AssertUnwindSafe(work)).ok());
        });
        let sent = lock(&self.tasks)
            .as_ref()
            .is_some_and(|tasks| tasks.send(task).is_ok());
        if !sent {
            return None;
        }
        result.await.ok().flatten()
    }
}

impl Default for Pool {
    fn default() -> Self {
        Pool::new()
    }
}

/// How long an analysis started because the input drained waits for a request that may follow the
/// last change, in a document of more than [`WAIT_AFTER_DRAIN_FROM_BYTES`] (a shorter one is analysed
/// before the request matters).
const WAIT_AFTER_DRAIN: Duration = Duration::from_micros(200);
const WAIT_AFTER_DRAIN_FROM_BYTES: usize = 100_000;

/// A document is analysed on the protocol thread (see [`analyse_and_publish`]) when it is at most
/// this long and its last analysis took at most [`INLINE_MAX_COST`]: a request read meanwhile waits
/// at most about that long (and the analysis stops at its next check for it). trl-dpo-trainer.md
/// (20 KB) analyses in about 1 ms after a keystroke; bench-1mb.md takes 6–10 ms, on its thread.
const INLINE_MAX_BYTES: usize = 64 << 10;
const INLINE_MAX_COST: Duration = Duration::from_millis(2);

/// How often an analysis looks whether the client has written more: on the protocol thread, to stop
/// and read it; on the analysis thread, to give way while the protocol thread reads it.
const LOOK_EVERY: Duration = Duration::from_micros(20);

/// What one analysis needs, taken from the document under the lock.
struct Job {
    uri: Uri,
    opened: u64,
    revision: u64,
    version: i32,
    rope: Rope,
    language_id: String,
    path: Option<PathBuf>,
    /// When the analysed text last changed.
    changed: Instant,
    /// Whether it starts because the input drained (else because the changes paused), for the debug
    /// log.
    drained: bool,
    /// Says when a newer revision replaced this one.
    cancel: Cancel,
    /// The document's last analysis was quick ([`Document::quick`](super::documents::Document)).
    quick: bool,
    kept: Arc<Mutex<KeptBlocks>>,
}

/// What to do next for a document.
enum Next {
    Nothing,
    Start(Box<Job>),
    /// Wait for the input to drain or the changes to pause (for [`QUIET`] from `from` at least),
    /// then decide again.
    Defer {
        opened: u64,
        from: Instant,
    },
}

/// Decides, under the documents lock, whether to analyse the document's latest revision now.
/// `drained`: every message read so far has been handled and the client has sent nothing more.
fn next(uri: &Uri, document: &mut Document, drained: bool) -> Next {
    let revision = document.revision;
    if document.current_snapshot().is_some() || document.in_flight.contains(&revision) {
        return Next::Nothing;
    }
    if document.in_flight.len() >= MAX_IN_FLIGHT {
        // The running analysis decides again when it ends.
        return Next::Nothing;
    }
    let paused = document.last_change.elapsed() >= QUIET;
    if drained || paused {
        document.in_flight.push(revision);
        document.replaced_at = None;
        return Next::Start(Box::new(Job {
            uri: uri.clone(),
            opened: document.opened,
            revision,
            version: document.version,
            rope: document.rope.clone(),
            language_id: document.language_id.clone(),
            path: document.path.clone(),
            changed: document.last_change,
            drained,
            cancel: document.latest.cancel_for(revision),
            quick: document.quick && document.rope.len_bytes() <= INLINE_MAX_BYTES,
            kept: Arc::clone(&document.kept),
        }));
    }
    if document.deferred {
        // Already waiting.
        return Next::Nothing;
    }
    document.deferred = true;
    Next::Defer {
        opened: document.opened,
        from: document.last_change,
    }
}

/// After an analysis on the protocol thread stopped because the client wrote more: wait for that to
/// be read (the input drains), not for the changes to pause, which they may have long done (the
/// client wrote a request, or was slow to write the rest of a burst): starting at once would
/// analyse on the analysis thread a revision the waiting input is about to replace.
fn after_stop(document: &mut Document) -> Next {
    if document.deferred {
        return Next::Nothing;
    }
    document.deferred = true;
    Next::Defer {
        opened: document.opened,
        from: Instant::now(),
    }
}

/// Analyses the latest text of `uri` if nothing is doing so. Call with the documents lock not held.
pub fn schedule(state: &Arc<State>, uri: &Uri) {
    let next = match lock(&state.documents).get_mut(uri) {
        Some(document) => next(uri, document, state.input.is_drained()),
        None => Next::Nothing,
    };
    act(state, uri, next);
}

fn act(state: &Arc<State>, uri: &Uri, next: Next) {
    match next {
        Next::Nothing => {}
        Next::Start(job) => {
            tokio::spawn(analyse_and_publish(Arc::clone(state), *job));
        }
        Next::Defer { opened, from } => {
            tokio::spawn(deferred(Arc::clone(state), uri.clone(), opened, from));
        }
    }
}

/// Waits until the input drains (every change the client sent is applied and it sent nothing more)
/// or the document's changes pause for [`QUIET`] (counted from `from` at the earliest), then
/// analyses its latest revision.
async fn deferred(state: Arc<State>, uri: Uri, opened: u64, from: Instant) {
    loop {
        let drained = state.input.notify.notified();
        tokio::pin!(drained);
        // Registered before the check below, so that a drain between the two is not missed.
        drained.as_mut().enable();
        let wait = {
            let mut documents = lock(&state.documents);
            let Some(document) = documents.get_mut(&uri).filter(|d| d.opened == opened) else {
                return;
            };
            let since = document.last_change.max(from).elapsed();
            let is_drained = state.input.is_drained();
            if since >= QUIET || is_drained {
                document.deferred = false;
                let next = next(&uri, document, is_drained);
                drop(documents);
                act(&state, &uri, next);
                return;
            }
            QUIET - since
        };
        tokio::select! {
            () = &mut drained => {}
            () = tokio::time::sleep(wait) => {}
        }
    }
}

/// What running a job gives.
struct Outcome {
    /// The analysis, or `Cancelled`.
    result: Result<Snapshot, Cancelled>,
    /// The serialized notification of its diagnostics, for a push client.
    frame: Option<Vec<u8>>,
    /// How long it worked (pauses for requests left out).
    cost: Duration,
    ended: Instant,
    /// The revision and version it analysed: the latest when it started on the analysis thread,
    /// which may be later than the one it was scheduled for ([`Job::take_latest`]).
    revision: u64,
    version: i32,
}

impl Job {
    /// Takes the document's latest text when a change replaced the job's revision while the job
    /// waited for the analysis thread, and counts the latest revision as the one being analysed.
    /// Analysing the revision it was scheduled for would stop at the first check, and the latest
    /// would then wait for a second hand-off to the analysis thread: 0.3–0.5 ms at the median and
    /// several milliseconds in the tail on a busy machine (docs/performance.md, session 27). False
    /// when the job's revision is the latest, or the document is gone or opened again.
    fn take_latest(&mut self, state: &State) -> bool {
        let mut documents = lock(&state.documents);
        let Some(document) = documents
            .get_mut(&self.uri)
            .filter(|d| d.opened == self.opened)
        else {
            return false;
        };
        let latest = document.revision;
        if latest == self.revision
            || document.in_flight.contains(&latest)
            || document.current_snapshot().is_some()
        {
            return false;
        }
        for revision in &mut document.in_flight {
            if *revision == self.revision {
                *revision = latest;
            }
        }
        document.replaced_at = None;
        self.revision = latest;
        self.version = document.version;
        self.rope = document.rope.clone();
        self.changed = document.last_change;
        self.cancel = document.latest.cancel_for(latest);
        true
    }
}

/// Analyses one revision; stores the snapshot, publishes its diagnostics if it is still current, and
/// decides what to do next.
///
/// A short document whose last analysis was quick ([`Document::quick`](super::documents::Document))
/// is analysed here, on the protocol thread, when the input has drained and can be looked at. On
/// the analysis thread, the final analysis of a burst waited for two wake-ups in turn: the analysis
/// thread's, then the protocol thread's to write the result. Each is a wait for a core, which on a
/// shared machine now and then takes a time slice or more, and a stale analysis's wake-up could
/// hold up the final one the same way (docs/performance.md, session 20). Here there is none: the
/// thread that read the last change analyses and writes. What it does not do meanwhile is read:
/// the analysis therefore stops at its next check when the client has written more (a change, or a
/// request, which must not wait behind it), and the input is read and drains again.
async fn analyse_and_publish(state: Arc<State>, job: Job) {
    let (uri, opened) = (job.uri.clone(), job.opened);
    // A request read with the last change (a hover after a keystroke) has a handler still to run
    // on this thread: an analysis here would run first. Its answer matters more; the analysis
    // thread gives way to it.
    let inline = job.drained && job.quick && state.input.can_look() && !state.requests.answering();
    // Until the result is queued: see `slices::Analysing`.
    let analysing = inline.then(super::slices::Analysing::start);
    let outcome = if inline {
        let state = Arc::clone(&state);
        catch_unwind(AssertUnwindSafe(move || run(&state, job, true))).ok()
    } else {
        let worker_state = Arc::clone(&state);
        state.pool.run(move || run(&worker_state, job, false)).await
    };
    if let Some(Outcome {
        result: Ok(_),
        cost,
        version,
        ..
    }) = &outcome
    {
        tracing::debug!(
            "analysed {} version {version} in {:.1} ms",
            uri.as_str(),
            cost.as_secs_f64() * 1000.0
        );
    }
    let (publish, next, version) = {
        let mut documents = lock(&state.documents);
        let Some(document) = documents.get_mut(&uri).filter(|d| d.opened == opened) else {
            return;
        };
        let Some(Outcome {
            result,
            frame,
            cost,
            ended,
            revision,
            version,
        }) = outcome
        else {
            // Not retried (it would fail again): the next change analyses afresh. The revision
            // it had taken is unknown here; it was the document's one analysis in flight
            // (`MAX_IN_FLIGHT`).
            document.in_flight.clear();
            tracing::error!("the analysis of {} failed", uri.as_str());
            return;
        };
        document.in_flight.retain(|&r| r != revision);
        let stopped = inline && result.is_err();
        let publish = match result {
            Err(Cancelled) if inline => {
                tracing::debug!(
                    "stopped analysing {} version {version} on the protocol thread after {:.2} ms: the client wrote more",
                    uri.as_str(),
                    cost.as_secs_f64() * 1000.0
                );
                None
            }
            Err(Cancelled) => {
                // How long it ran on after the change that replaced it: the stretches the engine
                // runs without a check (from when the job was handed to the analysis thread).
                let after = document.replaced_at.map_or(0.0, |at| {
                    ended.saturating_duration_since(at).as_secs_f64() * 1000.0
                });
                tracing::debug!(
                    "stopped analysing {} version {version}: replaced {after:.2} ms before it stopped, after {:.2} ms of work",
                    uri.as_str(),
                    cost.as_secs_f64() * 1000.0
                );
                None
            }
            Ok(snapshot) => {
                // Of the current revision only: one from before a change of settings says nothing
                // about the next.
                document.quick = cost <= INLINE_MAX_COST
                    && snapshot.rope.len_bytes() <= INLINE_MAX_BYTES
                    && snapshot.revision == document.revision;
                let snapshot = Arc::new(snapshot);
                document.store(&snapshot);
                document.analysed.notify_waiters();
                let current = snapshot.revision == document.revision;
                (current && snapshot.kind.is_some() && !state.caps().pull_diagnostics)
                    .then_some((snapshot, frame))
            }
        };
        let next = if stopped {
            after_stop(document)
        } else {
            next(&uri, document, state.input.is_drained())
        };
        (publish, next, version)
    };
    if let Some((snapshot, frame)) = publish {
        // Written by the transport between the framework's messages (`splice`); through the
        // framework when the transport cannot.
        if frame.is_some_and(|frame| state.frames.send(frame).is_ok()) {
            tracing::debug!("queued {} version {version}", uri.as_str());
        } else {
            state
                .client
                .publish_diagnostics(
                    uri.clone(),
                    snapshot.diagnostics.clone(),
                    Some(snapshot.version),
                )
                .await;
            tracing::debug!("published {} version {version}", uri.as_str());
        }
    }
    drop(analysing);
    act(&state, &uri, next);
    super::expansion_index::refresh_others(&state).await;
    report_file_errors(&state).await;
    state.update_watchers().await;
}

/// Runs one job: on the analysis thread, giving way to requests at its checks; on the protocol
/// thread (`inline`), stopping at a check when the client has written more.
fn run(state: &Arc<State>, mut job: Job, inline: bool) -> Outcome {
    let spent = Arc::new(AtomicU64::new(0));
    if inline {
        // A look is a system call: at most one every `LOOK_EVERY`, however often the engine checks.
        let input = Arc::clone(state);
        let began = Instant::now();
        let looked = AtomicU64::new(0);
        job.cancel = job.cancel.with_stop(Arc::new(move || {
            let now = began.elapsed().as_nanos() as u64;
            if now.saturating_sub(looked.load(Ordering::Relaxed)) < LOOK_EVERY.as_nanos() as u64 {
                return false;
            }
            looked.store(now, Ordering::Relaxed);
            input.input.more_waiting()
        }));
    } else {
        // A client that stops writing to ask something (a hover after a few keystrokes) sends the
        // request a moment after its last change: an analysis started at once would hold a core
        // through the request's round trip. A long document's analysis waits that moment, then
        // gives way to a request under way, as at every check.
        if job.drained && job.rope.len_bytes() > WAIT_AFTER_DRAIN_FROM_BYTES {
            std::thread::sleep(WAIT_AFTER_DRAIN);
            let _ = giving_way(state, &job.cancel, &spent).check();
        }
        let scheduled = job.version;
        if job.take_latest(state) {
            tracing::debug!(
                "analysing {} version {} instead of {scheduled}, which a change replaced before it started",
                job.uri.as_str(),
                job.version
            );
        }
        job.cancel = giving_way(state, &job.cancel, &spent);
    }
    let (revision, version) = (job.revision, job.version);
    let started = Instant::now();
    if inline {
        tracing::debug!(
            "the protocol thread analyses {} version {version} itself",
            job.uri.as_str()
        );
    }
    tracing::debug!(
        "analysing {} version {version}, {:.1} ms after its last change ({})",
        job.uri.as_str(),
        job.changed.elapsed().as_secs_f64() * 1000.0,
        if job.drained {
            "the input drained"
        } else {
            "its changes paused"
        }
    );
    let frame_uri = job.uri.clone();
    let result = analyse(state, job);
    let spent = spent.load(Ordering::Relaxed);
    // The work, without the pauses for requests (which say nothing about the document).
    let cost = started
        .elapsed()
        .saturating_sub(Duration::from_nanos(spent));
    if spent > 0 {
        tracing::debug!(
            "the analysis of version {version} gave way to requests and unread input for {:.2} ms",
            spent as f64 / 1e6
        );
    }
    // The notification, serialized here, where (on the analysis thread) it keeps the protocol
    // thread free for the client's next messages (it is published if the revision is still current,
    // which it nearly always is when the analysis ran to the end).
    let frame = match &result {
        Ok(snapshot) if snapshot.kind.is_some() && !state.caps().pull_diagnostics => {
            let serializing = Instant::now();
            let frame = publish_frame(&frame_uri, &snapshot.diagnostics, Some(snapshot.version));
            tracing::debug!(
                "serialized the diagnostics of version {version} in {:.3} ms",
                serializing.elapsed().as_secs_f64() * 1000.0
            );
            frame
        }
        _ => None,
    };
    Outcome {
        result,
        frame,
        cost,
        ended: Instant::now(),
        revision,
        version,
    }
}

/// `cancel` on the analysis thread: it gives way, at each check, to a request being answered and to
/// input the protocol thread has still to read (see `transport::Requests`), adding its pauses to
/// `spent`. A look at the input is a system call: at most one every `LOOK_EVERY` (a pause looks
/// every nap); asked again sooner, the last look answers.
fn giving_way(state: &Arc<State>, cancel: &Cancel, spent: &Arc<AtomicU64>) -> Cancel {
    let plain = cancel.clone();
    let paused = Arc::clone(state);
    let spent = Arc::clone(spent);
    let began = Instant::now();
    let looked = AtomicU64::new(0);
    let seen = AtomicBool::new(false);
    cancel.clone().with_pause(Arc::new(move || {
        // The pause asks twice in a row (whether to pause, then whether to go on pausing): a
        // "no" for the second ask, as this gave before, ended every pause for unread input
        // before its first nap, and a thread woken behind the analysis on its core waited there
        // for the rest of a time slice (hovers 1.5–4 ms late in `keystroke_latency.py
        // --requests-only`, the analysis passing its checks meanwhile).
        let unread = || {
            let now = began.elapsed().as_nanos() as u64;
            if now.saturating_sub(looked.load(Ordering::Relaxed)) < LOOK_EVERY.as_nanos() as u64 {
                return seen.load(Ordering::Relaxed);
            }
            looked.store(now, Ordering::Relaxed);
            let unread = paused.input.unread();
            seen.store(unread, Ordering::Relaxed);
            unread
        };
        paused
            .requests
            .pause(&|| plain.check().is_err(), &unread, &spent);
    }))
}

/// The `textDocument/publishDiagnostics` notification of `diagnostics`, framed: the JSON the
/// framework writes for `Client::publish_diagnostics` (the same message, field for field), serialized
/// from the diagnostics where they are instead of from a `serde_json::Value` tree of a copy of them.
/// `None` if they cannot be serialized (never: a diagnostic's free-form data is a `Value` already).
pub fn publish_frame(
    uri: &Uri,
    diagnostics: &[Diagnostic],
    version: Option<i32>,
) -> Option<Vec<u8>> {
    #[derive(Serialize)]
    struct Notification<'a> {
        jsonrpc: &'static str,
        method: &'static str,
        params: Params<'a>,
    }
    #[derive(Serialize)]
    struct Params<'a> {
        uri: &'a Uri,
        diagnostics: &'a [Diagnostic],
        #[serde(skip_serializing_if = "Option::is_none")]
        version: Option<i32>,
    }
    let body = serde_json::to_vec(&Notification {
        jsonrpc: "2.0",
        method: "textDocument/publishDiagnostics",
        params: Params {
            uri,
            diagnostics,
            version,
        },
    })
    .ok()?;
    Some(super::framing::frame(&body))
}

/// A pull's report, borrowing the snapshot's diagnostics: the one place that decides between a full
/// and an unchanged report. Serialized as the protocol's `DocumentDiagnosticReport` (field for field),
/// or turned into one by [`report`].
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
enum PullReport<'a> {
    Full {
        #[serde(rename = "resultId", skip_serializing_if = "Option::is_none")]
        result_id: Option<String>,
        items: &'a [Diagnostic],
    },
    Unchanged {
        #[serde(rename = "resultId")]
        result_id: String,
    },
}

impl PullReport<'_> {
    /// The report of `snapshot` (the current text's analysis; `None`: a document the server does
    /// not know) for a client that last saw `previous_result_id`: unchanged when that is this
    /// revision's.
    fn of<'a>(snapshot: Option<&'a Snapshot>, previous_result_id: Option<&str>) -> PullReport<'a> {
        let Some(snapshot) = snapshot else {
            return PullReport::Full {
                result_id: None,
                items: &[],
            };
        };
        let result_id = snapshot.revision.to_string();
        if previous_result_id == Some(result_id.as_str()) {
            PullReport::Unchanged { result_id }
        } else {
            PullReport::Full {
                result_id: Some(result_id),
                items: &snapshot.diagnostics,
            }
        }
    }
}

/// The response to a `textDocument/diagnostic` request, framed: the framework's response with
/// [`report`]'s result (the same JSON, field for field), serialized from the snapshot's diagnostics
/// where they are instead of from a `serde_json::Value` tree of a copy of them.
pub fn report_frame(
    id: &Id,
    snapshot: Option<&Snapshot>,
    previous_result_id: Option<&str>,
) -> Option<Vec<u8>> {
    #[derive(Serialize)]
    struct Answer<'a> {
        jsonrpc: &'static str,
        result: PullReport<'a>,
        id: &'a Id,
    }
    let body = serde_json::to_vec(&Answer {
        jsonrpc: "2.0",
        result: PullReport::of(snapshot, previous_result_id),
        id,
    })
    .ok()?;
    Some(super::framing::frame(&body))
}

/// Answers a diagnostic pull once the current text is analysed: written through
/// [`State::frames`] (`None`: the framework writes nothing), or, when the transport cannot take
/// it, as the framework's response, which the `diagnostic` handler would have given.
pub async fn answer_pull(
    state: &State,
    id: Id,
    params: DocumentDiagnosticParams,
) -> Option<Response> {
    let snapshot = state.snapshot(&params.text_document.uri).await;
    let previous = params.previous_result_id.as_deref();
    let frame = report_frame(&id, snapshot.as_deref(), previous);
    if frame.is_some_and(|frame| state.frames.send(frame).is_ok()) {
        return None;
    }
    let report = report(snapshot.as_deref(), previous);
    Some(match serde_json::to_value(report) {
        Ok(result) => Response::from_ok(id, result),
        Err(_) => Response::from_error(id, Error::internal_error()),
    })
}

/// Analyses one revision (on an analysis thread), or stops with [`Cancelled`] once a newer revision
/// replaced it. Never panics: a panic in the engine is logged and gives an empty analysis.
fn analyse(state: &State, job: Job) -> Result<Snapshot, Cancelled> {
    let project = lock(&state.workspace).project_for(job.path.as_deref());
    let kind = project.doc_kind(&job.language_id, job.path.as_deref());
    let encoding = state.caps().encoding;
    let mut snapshot = Snapshot {
        version: job.version,
        revision: job.revision,
        kind,
        project: Arc::clone(&project),
        analysis: Arc::new(Analysis::default()),
        diagnostics: Vec::new(),
        too_large: None,
        rope: job.rope,
    };
    let Some(kind) = kind else {
        return Ok(snapshot);
    };
    let size = snapshot.rope.len_bytes();
    if size as u64 > project.config.max_file_size {
        snapshot.too_large = Some(size);
        snapshot.diagnostics = vec![too_large(size, project.config.max_file_size)];
        return Ok(snapshot);
    }
    let text = super::documents::text_giving_way(&snapshot.rope, &|| job.cancel.give_way());
    let cells = super::notebooks::cell_texts(state, &job.uri, &text);
    let mut kept = lock(&job.kept);
    let analysis = catch_unwind(AssertUnwindSafe(|| match &cells {
        // A notebook's Markdown cell is read with the cells around it.
        Some((texts, index)) if kind == DocKind::Markdown => {
            let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
            Ok(analyze_cell(
                &texts,
                *index,
                project.engine(),
                &project.settings,
            ))
        }
        _ => analyze_incremental(
            &text,
            kind,
            project.engine(),
            &project.settings,
            &mut kept,
            &job.cancel,
        ),
    }))
    .unwrap_or_else(|_| {
        tracing::error!(
            "the analysis of {} panicked; its diagnostics are empty until the next change",
            job.uri.as_str()
        );
        // What it kept may be half updated: start afresh.
        *kept = KeptBlocks::new();
        Ok(Analysis::default())
    })?;
    let mut analysis = analysis;
    // A fix that spells an acronym out writes the words another file of the project spells it out
    // in (a notebook cell's analysis is the cell's part of a joined document: left as it is).
    if cells.is_none() {
        super::expansion_index::in_project_words(
            state,
            job.path.as_deref(),
            &project,
            kind,
            &text,
            &mut analysis,
        );
    }
    tracing::debug!(
        "read the prose of {} {}; scanned {} blocks afresh, looked up {} by their text; took {} blocks' tokens from their memos",
        job.uri.as_str(),
        if kept.prose_spliced() {
            "only where it was edited"
        } else {
            "in full"
        },
        kept.scanned(),
        kept.looked_up_by_text(),
        kept.tokens_reused()
    );
    drop(kept);
    // Every position at once, in one pass forward through the text (the rope's text).
    let positions = Positions::new(
        &text,
        analysis.findings.iter().flat_map(super::convert::offsets),
        encoding,
    );
    snapshot.diagnostics = analysis
        .findings
        .iter()
        .map(|finding| {
            diagnostic_at(finding, &job.uri, &|range| {
                positions.range(&snapshot.rope, range, encoding)
            })
        })
        .collect();
    // Acronyms spelled out otherwise in an earlier file of the workspace (after the findings, which
    // code actions pair with the first diagnostics).
    snapshot.diagnostics.extend(super::expansion_index::review(
        state,
        &job.uri,
        job.path.as_deref(),
        &project,
        &analysis,
        &snapshot.rope,
    ));
    snapshot.analysis = Arc::new(analysis);
    Ok(snapshot)
}

/// Publishes diagnostics on config and glossary files whose errors changed, and tells the user about
/// new ones.
pub async fn report_file_errors(state: &State) {
    let reports = lock(&state.workspace).take_reports();
    for (path, errors) in reports {
        let Some(uri) = Uri::from_file_path(&path) else {
            continue;
        };
        let text = read_text(&path, MAX_GLOSSARY_BYTES).unwrap_or_default();
        let diagnostics = file_errors(&text, &errors, state.caps().encoding);
        if let Some(first) = errors.first() {
            let more = match errors.len() {
                1 => String::new(),
                n => format!(" (and {} more)", n - 1),
            };
            state
                .show_error(format!(
                    "glossary-ls: {first}{more}. The last good configuration stays in force."
                ))
                .await;
        }
        state
            .client
            .publish_diagnostics(uri, diagnostics, None)
            .await;
    }
}

/// The pull-diagnostics report of a snapshot (`None`: a document this server does not know).
pub fn report(
    snapshot: Option<&Snapshot>,
    previous_result_id: Option<&str>,
) -> DocumentDiagnosticReportResult {
    let report = match PullReport::of(snapshot, previous_result_id) {
        PullReport::Unchanged { result_id } => {
            DocumentDiagnosticReport::Unchanged(RelatedUnchangedDocumentDiagnosticReport {
                related_documents: None,
                unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                    result_id,
                },
            })
        }
        PullReport::Full { result_id, items } => {
            DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    result_id,
                    items: items.to_vec(),
                },
            })
        }
    };
    DocumentDiagnosticReportResult::Report(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::jsonrpc::Request;
    use tower_lsp_server::ls_types::notification::{self, PublishDiagnostics};
    use tower_lsp_server::ls_types::*;
    use tower_lsp_server::LspService;

    use super::super::encoding::Encoding;
    use super::super::server::Backend;
    use super::super::transport::Requests;

    /// Unread input makes the analysis pause at a check until the input is read (here: never, so
    /// for the longest pause at one check), though the look at the input is rate-limited and the
    /// pause asks twice in a row. The second ask once found the look "too soon" and answered no:
    /// no pause at all.
    #[test]
    fn an_analysis_pauses_for_unread_input_though_its_looks_are_rate_limited() {
        let (service, _socket) = LspService::build(Backend::new).finish();
        let state = Arc::clone(&service.inner().state);
        state.input.look_with(|| true);
        let spent = Arc::new(AtomicU64::new(0));
        let cancel = giving_way(&state, &Cancel::never(), &spent);
        // The first look comes `LOOK_EVERY` after the analysis starts.
        std::thread::sleep(LOOK_EVERY * 2);
        assert_eq!(cancel.check(), Ok(()));
        let paused = Duration::from_nanos(spent.load(Ordering::Relaxed));
        assert!(paused >= Requests::MAX_PAUSE, "{paused:?}");
        // The pause alone, at a place that cannot stop, gives way as long.
        cancel.give_way();
        let paused = Duration::from_nanos(spent.load(Ordering::Relaxed));
        assert!(paused >= Requests::MAX_PAUSE * 2, "{paused:?}");
    }

    /// A job that a change replaced before it started takes the latest text and counts it as the
    /// revision in flight; one of the latest revision, or of a document closed meanwhile, is left
    /// as it is.
    #[test]
    fn a_job_takes_the_latest_revision_when_it_starts() {
        let (service, _socket) = LspService::build(Backend::new).finish();
        let state = Arc::clone(&service.inner().state);
        let uri: Uri = "file:///tmp/a.md".parse().expect("a URI");
        let opened = Document::new(&uri, "markdown".into(), 1, "An LLM.\n");
        lock(&state.documents).insert(uri.clone(), opened);
        let start = |drained| match lock(&state.documents).get_mut(&uri) {
            Some(document) => next(&uri, document, drained),
            None => Next::Nothing,
        };
        let Next::Start(mut job) = start(true) else {
            panic!("a drained input starts the analysis");
        };
        assert!(!job.take_latest(&state), "nothing newer");
        let change = TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(0, 0), Position::new(0, 0))),
            range_length: None,
            text: "So ".into(),
        };
        let latest = {
            let mut documents = lock(&state.documents);
            let document = documents.get_mut(&uri).expect("open");
            document.apply_changes(2, std::slice::from_ref(&change), Encoding::Utf16);
            document.revision
        };
        assert!(
            matches!(start(true), Next::Nothing),
            "one analysis in flight"
        );
        assert!(job.cancel.check().is_err(), "its revision was replaced");
        assert!(job.take_latest(&state));
        assert_eq!((job.revision, job.version), (latest, 2));
        assert_eq!(job.rope.to_string(), "So An LLM.\n");
        assert!(job.cancel.check().is_ok(), "the latest revision's cancel");
        assert_eq!(
            lock(&state.documents)
                .get(&uri)
                .map(|d| d.in_flight.clone()),
            Some(vec![latest])
        );
        // Closed and opened again: the job belongs to the old document and takes nothing.
        lock(&state.documents).insert(uri.clone(), Document::new(&uri, "markdown".into(), 1, "x"));
        lock(&state.documents)
            .get_mut(&uri)
            .expect("open")
            .apply_changes(2, std::slice::from_ref(&change), Encoding::Utf16);
        assert!(!job.take_latest(&state));
        assert_eq!(job.revision, latest);
    }

    /// What the client reads from the server's own serialization is what the framework would have
    /// written: the same JSON, whatever the diagnostics hold, with a right `Content-Length`.
    #[test]
    fn publish_frame_is_the_frameworks_notification() {
        let uri: Uri = "file:///tmp/a%20b/%C3%A9t%C3%A9.md".parse().expect("a URI");
        let range = Range::new(Position::new(3, 1), Position::new(3, 9));
        let full = Diagnostic {
            range,
            severity: Some(DiagnosticSeverity::WARNING),
            code: Some(NumberOrString::String("undefined-acronym".into())),
            code_description: Some(CodeDescription {
                href: "https://example.com/rules#x".parse().expect("a URI"),
            }),
            source: Some("glossary-ls".into()),
            message: "“LLM” — \"quoted\", tab\t, newline\n, control \u{1} and 🦀".into(),
            related_information: Some(vec![DiagnosticRelatedInformation {
                location: Location::new(uri.clone(), range),
                message: "defined here".into(),
            }]),
            tags: Some(vec![DiagnosticTag::UNNECESSARY]),
            data: Some(serde_json::json!({"fix": ["a", 1, null, 2.5]})),
        };
        let bare = Diagnostic {
            code: Some(NumberOrString::Number(-7)),
            ..Diagnostic::default()
        };
        for (diagnostics, version) in [
            (vec![full.clone(), bare.clone(), full], Some(42)),
            (vec![bare], None),
            (Vec::new(), None),
        ] {
            let frame = publish_frame(&uri, &diagnostics, version).expect("serialized");
            let text = String::from_utf8(frame).expect("UTF-8");
            let (header, body) = text.split_once("\r\n\r\n").expect("a header");
            assert_eq!(header, format!("Content-Length: {}", body.len()));
            // As the framework's `Request::from_notification` (private) builds it.
            let params = PublishDiagnosticsParams::new(uri.clone(), diagnostics, version);
            let framework =
                Request::build(<PublishDiagnostics as notification::Notification>::METHOD)
                    .params(serde_json::to_value(params).expect("JSON"))
                    .finish();
            let ours: serde_json::Value = serde_json::from_str(body).expect("JSON");
            assert_eq!(ours, serde_json::to_value(&framework).expect("JSON"));
        }
    }

    /// A pull's answer, serialized by the server, is the framework's response to the `diagnostic`
    /// handler's result: full, unchanged, and for a document the server does not know.
    #[test]
    fn report_frame_is_the_frameworks_response() {
        let diagnostic = Diagnostic {
            message: "“KV” \"cache\"\n".into(),
            code: Some(NumberOrString::String("undefined-acronym".into())),
            ..Diagnostic::default()
        };
        let snapshot = Snapshot {
            version: 3,
            revision: 17,
            kind: Some(DocKind::Markdown),
            project: Arc::new(super::super::workspace::Project::new(
                crate::config::Config::default(),
                Arc::default(),
            )),
            analysis: Arc::default(),
            diagnostics: vec![diagnostic.clone(), diagnostic],
            too_large: None,
            rope: Rope::new(),
        };
        for (id, snapshot, previous) in [
            (Id::Number(4), Some(&snapshot), None),
            (Id::String("a\"b".into()), Some(&snapshot), Some("16")),
            (Id::Number(5), Some(&snapshot), Some("17")),
            (Id::Number(6), None, None),
            (Id::Number(7), None, Some("17")),
        ] {
            let frame = report_frame(&id, snapshot, previous).expect("serialized");
            let text = String::from_utf8(frame).expect("UTF-8");
            let (header, body) = text.split_once("\r\n\r\n").expect("a header");
            assert_eq!(header, format!("Content-Length: {}", body.len()));
            let result = serde_json::to_value(report(snapshot, previous)).expect("JSON");
            let framework = Response::from_ok(id, result);
            let ours: serde_json::Value = serde_json::from_str(body).expect("JSON");
            assert_eq!(ours, serde_json::to_value(&framework).expect("JSON"));
        }
    }
}
