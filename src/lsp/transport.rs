//! Workarounds for the transport and the framework (tower-lsp-server 0.23), between the byte streams
//! and the handlers: [`Input`] checks every frame before the framework sees it (a bad frame would end
//! the session), and [`Sequenced`] applies document changes in arrival order (the framework runs
//! handlers concurrently), answers what the framework would leave unanswered, and turns a panic in a
//! handler into an error response. Kept apart because none of it is about glossaries: it would go if the
//! framework did these things itself.

use std::collections::VecDeque;
use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use serde::Deserialize;
use serde_json::Value;
use tokio::io::{AsyncRead, ReadBuf};
use tokio::sync::Notify;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Id, Request, Response};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::ExitedError;
use tower_service::Service;

use super::diagnostics::schedule;
use super::documents::Document;
use super::framing::{self, Event, FrameError, Framer};
use super::state::{lock, State};

/// Applies `didOpen`, `didChange` and `didClose`, of text documents and of notebooks — synchronously, in the order they were read.
///
/// tower-lsp (and its fork) run handlers concurrently, notifications included (tower-lsp issue #284):
/// two `didChange` handlers may start in either order, and a lost or reordered change corrupts the
/// document. [`Sequenced`] therefore applies these three notifications itself, inside
/// `Service::call`, which the transport calls once per message, in arrival order, before reading the
/// next one. The text is updated under a plain mutex, no `.await` in sight; only the analysis that
/// follows is asynchronous.
fn apply_sync(state: &Arc<State>, method: &str, params: Option<Value>) {
    let params = params.unwrap_or(Value::Null);
    match method {
        "textDocument/didOpen" => {
            let Ok(params) = serde_json::from_value::<DidOpenTextDocumentParams>(params) else {
                tracing::warn!("ignoring a malformed didOpen");
                return;
            };
            let item = params.text_document;
            let document = Document::new(&item.uri, item.language_id, item.version, &item.text);
            lock(&state.documents).insert(item.uri.clone(), document);
            schedule(state, &item.uri);
        }
        "textDocument/didChange" => {
            let Ok(params) = serde_json::from_value::<DidChangeTextDocumentParams>(params) else {
                tracing::warn!("ignoring a malformed didChange");
                return;
            };
            apply_did_change(state, params);
        }
        "textDocument/didClose" => {
            let Ok(params) = serde_json::from_value::<DidCloseTextDocumentParams>(params) else {
                tracing::warn!("ignoring a malformed didClose");
                return;
            };
            let uri = params.text_document.uri;
            let removed = lock(&state.documents).remove(&uri);
            super::expansion_index::closed(state, &uri);
            let reviewed = removed
                .and_then(|d| d.snapshot)
                .is_some_and(|s| s.kind.is_some());
            if reviewed && !state.caps().pull_diagnostics {
                // The same way as the analyses' diagnostics (`splice`), so that it keeps its place
                // after them.
                let sent = super::diagnostics::publish_frame(&uri, &[], None)
                    .is_some_and(|frame| state.frames.send(frame).is_ok());
                if !sent {
                    let client = state.client.clone();
                    tokio::spawn(
                        async move { client.publish_diagnostics(uri, Vec::new(), None).await },
                    );
                }
            }
        }
        _ if method.starts_with("notebookDocument/") => {
            super::notebooks::apply(state, method, params);
        }
        _ => {}
    }
}

/// Applies a `didChange` to its open document and schedules the document's analysis.
fn apply_did_change(state: &Arc<State>, params: DidChangeTextDocumentParams) {
    let uri = params.text_document.uri;
    {
        let mut documents = lock(&state.documents);
        let Some(document) = documents.get_mut(&uri) else {
            tracing::warn!("didChange for {}, which is not open", uri.as_str());
            return;
        };
        document.apply_changes(
            params.text_document.version,
            &params.content_changes,
            state.caps().encoding,
        );
    }
    schedule(state, &uri);
}

/// The largest `didChange` body [`apply_change_at_once`] reads: a keystroke's is ~200 bytes, and a
/// whole new text is lifted out of larger bodies ([`lifted`](super::lifted)) for the framework.
const AT_ONCE_MAX_BYTES: usize = 16 << 10;

/// Applies `body` here, as it is read, when it is a `didChange` notification that [`apply_sync`]
/// would apply, and says whether it did; `false` leaves it to the framework as any other message.
///
/// Only when every message before it has been handled ([`Input`] asks only then), so that the
/// order of changes and requests stays the client's. The framework decodes a message into its
/// untagged `Message` enum through serde's buffered `Content`, then the parameters from a
/// `serde_json::Value`: ~30,000 instructions for a keystroke's `didChange`, against ~10,000 read
/// straight into the parameters here, on the protocol thread, where a burst of keystrokes queues.
fn apply_change_at_once(state: &Arc<State>, body: &[u8]) -> bool {
    #[derive(Deserialize)]
    struct Notification<'a> {
        #[serde(borrow)]
        method: std::borrow::Cow<'a, str>,
        params: DidChangeTextDocumentParams,
        /// Whether it has an id, whatever its value: `"id": null` makes a request too.
        #[serde(default, deserialize_with = "present")]
        id: bool,
    }
    fn present<'de, D: serde::Deserializer<'de>>(value: D) -> Result<bool, D::Error> {
        serde::de::IgnoredAny::deserialize(value).map(|_| true)
    }
    if body.len() > AT_ONCE_MAX_BYTES
        || memchr::memmem::find(body, b"textDocument/didChange").is_none()
        || state.refusal().is_some()
    {
        return false;
    }
    let Ok(notification) = serde_json::from_slice::<Notification>(body) else {
        return false;
    };
    // A request (with an id) is answered by `Sequenced`; a malformed one is warned about there.
    if notification.method != "textDocument/didChange" || notification.id {
        return false;
    }
    if catch_unwind(AssertUnwindSafe(|| {
        apply_did_change(state, notification.params)
    }))
    .is_err()
    {
        tracing::error!(
            "panic while applying textDocument/didChange; the notification was dropped"
        );
    }
    true
}

type ResponseFuture =
    Pin<Box<dyn Future<Output = std::result::Result<Option<Response>, ExitedError>> + Send>>;

/// The service between the transport and tower-lsp-server's router: applies document notifications in
/// order ([`apply_sync`]) and turns a panic in any handler into an error response and a log line.
pub struct Sequenced<S> {
    inner: S,
    state: Arc<State>,
}

impl<S> Sequenced<S> {
    pub fn new(inner: S, state: Arc<State>) -> Sequenced<S> {
        Sequenced { inner, state }
    }
}

impl<S> Service<Request> for Sequenced<S>
where
    S: Service<Request, Response = Option<Response>, Error = ExitedError, Future = ResponseFuture>,
{
    type Response = Option<Response>;
    type Error = ExitedError;
    type Future = ResponseFuture;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<std::result::Result<(), ExitedError>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> ResponseFuture {
        let method = request.method();
        if method == INPUT_ERROR_METHOD {
            // Put in place of a bad frame by `Input`, which queued the error to answer; a client
            // that sends this method itself finds none queued and is answered as for any unknown
            // `$/` method below.
            if let Some(error) = lock(&self.state.input_errors).pop_front() {
                return ready(Some(frame_error_response(error)));
            }
        }
        let is_sync = matches!(
            method,
            "textDocument/didOpen"
                | "textDocument/didChange"
                | "textDocument/didClose"
                | "notebookDocument/didOpen"
                | "notebookDocument/didChange"
                | "notebookDocument/didClose"
        );
        if is_sync {
            let (method, id, mut params) = request.into_parts();
            if let Some(params) = params.as_mut() {
                lock(&self.state.lifted).restore(&method, params);
            }
            let refused = self.state.refusal();
            if refused.is_none() {
                let state = &self.state;
                if catch_unwind(AssertUnwindSafe(|| apply_sync(state, &method, params))).is_err() {
                    tracing::error!("panic while applying {method}; the notification was dropped");
                }
            }
            // Sent as a request, it is still applied (the text stays in sync) and, as the framework
            // does for every other notification method, answered with Invalid Request: a request
            // left unanswered would hang a client that waits for it.
            let error = refused.unwrap_or_else(Error::invalid_request);
            return ready(id.map(|id| Response::from_error(id, error)));
        }
        // The framework drops every MethodNotFound answer to a `$/` method: right for notifications,
        // which may be ignored, but LSP says a `$/` *request* the server does not know must be answered
        // with MethodNotFound, and a client waiting for the answer would hang (found by the
        // server_messages fuzz target). `$/cancelRequest` is the one the framework knows.
        if method.starts_with("$/") && method != "$/cancelRequest" {
            if let Some(id) = request.id().cloned() {
                let error = self.state.refusal().unwrap_or_else(|| Error {
                    code: ErrorCode::MethodNotFound,
                    message: "Method not found".into(),
                    data: Some(Value::String(method.to_string())),
                });
                return ready(Some(Response::from_error(id, error)));
            }
            if method == INPUT_ERROR_METHOD {
                return ready(None);
            }
        }
        if method == "exit" {
            self.state.input_done.notify_one();
            // The framework's client sends nothing after `exit`, and it cancels its requests.
            self.state.frames.close();
            for cancel in lock(&self.state.pulls).values() {
                cancel.notify_one();
            }
        }
        if method == "$/cancelRequest" {
            let id = request
                .params()
                .and_then(|params| params.get("id"))
                .and_then(|id| Id::deserialize(id).ok());
            if let Some(cancel) = id.and_then(|id| lock(&self.state.pulls).get(&id).cloned()) {
                cancel.notify_one();
            }
        }
        if method == "textDocument/diagnostic" {
            if let Some(future) = self.answer_pull(&request) {
                return future;
            }
        }
        let id = request.id().cloned();
        let method = method.to_string();
        match catch_unwind(AssertUnwindSafe(|| self.inner.call(request))) {
            Ok(future) => Box::pin(CatchPanic {
                _in_flight: id.as_ref().map(|_| self.state.start_request()),
                future,
                id,
                method,
                read: Instant::now(),
                first_poll: None,
            }),
            Err(_) => {
                tracing::error!("panic while dispatching {method}");
                ready(id.map(|id| panic_response(id, &method)))
            }
        }
    }
}

impl<S> Sequenced<S> {
    /// Answers a diagnostic pull here rather than through the framework's handler, when the
    /// transport takes the answer: serialized from the snapshot's diagnostics and written between
    /// the framework's messages (`diagnostics::answer_pull`), which saves the framework's
    /// `serde_json::Value` round trip of a copy of them. `None`: the framework answers as before
    /// (before `initialize` or after `shutdown`, malformed parameters, no transport).
    fn answer_pull(&self, request: &Request) -> Option<ResponseFuture> {
        if self.state.refusal().is_some() || !self.state.frames.is_open() {
            return None;
        }
        let id = request.id()?.clone();
        let params = DocumentDiagnosticParams::deserialize(request.params()?).ok()?;
        // Cancelled, it is answered as the framework answers a cancelled request.
        let cancel = Arc::new(Notify::new());
        lock(&self.state.pulls).insert(id.clone(), Arc::clone(&cancel));
        let state = Arc::clone(&self.state);
        let answer_id = id.clone();
        let future = async move {
            let answer = tokio::select! {
                answer = super::diagnostics::answer_pull(&state, answer_id.clone(), params) => answer,
                () = cancel.notified() => {
                    Some(Response::from_error(answer_id.clone(), Error::request_cancelled()))
                }
            };
            lock(&state.pulls).remove(&answer_id);
            Ok(answer)
        };
        Some(Box::pin(CatchPanic {
            _in_flight: Some(self.state.start_request()),
            future: Box::pin(future),
            id: Some(id),
            method: request.method().to_string(),
            read: Instant::now(),
            first_poll: None,
        }))
    }
}

fn ready(response: Option<Response>) -> ResponseFuture {
    Box::pin(std::future::ready(Ok(response)))
}

fn panic_response(id: Id, method: &str) -> Response {
    Response::from_error(
        id,
        Error {
            code: ErrorCode::InternalError,
            message: format!("glossary-ls failed on {method}; see the server log").into(),
            data: None,
        },
    )
}

/// A handler's future with panics turned into an internal-error response.
struct CatchPanic {
    future: ResponseFuture,
    id: Option<Id>,
    method: String,
    /// When the request was read, and when its handler first ran: the debug log says how long each
    /// answer took and how much of it the handler waited to run at all.
    read: Instant,
    first_poll: Option<Instant>,
    /// Counts the request as under way until its handler is done (or dropped).
    _in_flight: Option<InFlight>,
}

impl Future for CatchPanic {
    type Output = std::result::Result<Option<Response>, ExitedError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let first_poll = *this.first_poll.get_or_insert_with(Instant::now);
        match catch_unwind(AssertUnwindSafe(|| this.future.as_mut().poll(cx))) {
            Ok(Poll::Ready(response)) => {
                if let Some(id) = &this.id {
                    let ms =
                        |since: Instant| since.duration_since(this.read).as_secs_f64() * 1000.0;
                    tracing::debug!(
                        "{} {id}: answered {:.3} ms after it was read (its handler ran after {:.3} ms)",
                        this.method,
                        ms(Instant::now()),
                        ms(first_poll)
                    );
                }
                Poll::Ready(response)
            }
            Ok(poll) => poll,
            Err(_) => {
                tracing::error!("panic in the {} handler", this.method);
                let method = std::mem::take(&mut this.method);
                Poll::Ready(Ok(this.id.take().map(|id| panic_response(id, &method))))
            }
        }
    }
}

/// The requests under way, for the analysis thread to give way to ([`Requests::pause`]).
///
/// A hover or completion during a burst of edits is a round trip through three threads: the
/// client's writer, the protocol thread, the client's reader. The debug log's timeline showed most
/// slow ones waiting 3–4 ms (a time slice) for a core at one of those steps, while the analysis of
/// the burst so far held one. The analysis therefore sleeps at its checks while a request is being
/// answered and for [`Requests::GRACE`] after an answer (the client reads it and may send the next
/// request), but never while a request waits for the analysis of the current text, never longer
/// than [`Requests::MAX_PAUSE`] at one check, and never longer than [`Requests::BUDGET`] in all in
/// one analysis (a request whose handler waits for the analysis thread otherwise, such as a reload,
/// must not hold it back for long). No request, no pause: the diagnostics of a burst are not held
/// back.
#[derive(Debug)]
pub struct Requests {
    /// Requests read whose handler has not finished.
    in_flight: AtomicUsize,
    /// Of those, the ones waiting for the analysis of the current text.
    waiting: AtomicUsize,
    /// When the last handler finished, in ns since `start` (0: never).
    answered: AtomicU64,
    start: Instant,
}

impl Default for Requests {
    fn default() -> Self {
        Requests {
            in_flight: AtomicUsize::new(0),
            waiting: AtomicUsize::new(0),
            answered: AtomicU64::new(0),
            start: Instant::now(),
        }
    }
}

/// Counts a request as under way while it lives.
pub struct InFlight(Arc<State>);

impl Drop for InFlight {
    fn drop(&mut self) {
        let requests = &self.0.requests;
        requests.in_flight.fetch_sub(1, Ordering::Relaxed);
        let now = requests.start.elapsed().as_nanos() as u64;
        requests.answered.store(now.max(1), Ordering::Relaxed);
    }
}

/// Counts a request as waiting for an analysis while it lives.
#[derive(Debug)]
pub struct Waiting<'a>(&'a Requests);

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.waiting.fetch_sub(1, Ordering::Relaxed);
    }
}

impl Requests {
    /// How long after an answer the analysis keeps giving way: the client reads the answer and, as
    /// an editor does after a hover, may send the next request at once.
    pub const GRACE: Duration = Duration::from_micros(500);
    /// The longest pause at one check.
    pub const MAX_PAUSE: Duration = Duration::from_millis(2);
    /// The longest pause in all in one analysis.
    pub const BUDGET: Duration = Duration::from_millis(4);
    /// How long the analysis sleeps before it looks again.
    const NAP: Duration = Duration::from_micros(50);

    /// Whether a request read from the client is being answered without waiting for an analysis: its
    /// handler runs on the protocol thread, which must not start analysing before it.
    pub fn answering(&self) -> bool {
        self.in_flight.load(Ordering::Relaxed) > self.waiting.load(Ordering::Relaxed)
    }

    /// Marks a request as waiting for the analysis of the current text (for as long as the guard lives).
    pub fn waiting(&self) -> Waiting<'_> {
        self.waiting.fetch_add(1, Ordering::Relaxed);
        Waiting(self)
    }

    fn give_way(&self) -> bool {
        let in_flight = self.in_flight.load(Ordering::Relaxed);
        let waiting = self.waiting.load(Ordering::Relaxed);
        if waiting > 0 {
            return false;
        }
        if in_flight > 0 {
            return true;
        }
        let answered = self.answered.load(Ordering::Relaxed);
        answered > 0
            && (self.start.elapsed().as_nanos() as u64).saturating_sub(answered)
                < Self::GRACE.as_nanos() as u64
    }

    /// Called at the analysis's checks: sleeps while a request's round trip is under way (see the
    /// type) or `unread` says the client has written bytes the protocol thread has not read yet,
    /// unless `replaced` says the analysis is stale anyway. `spent` counts the analysis's pauses so
    /// far, in ns, against [`Requests::BUDGET`].
    ///
    /// Unread input is a request (or a change) written while the analysis holds a core: the
    /// protocol thread, woken to read it, waited for a core for up to a time slice (3–10 ms) while
    /// the analysis ran on, and no request was under way yet to give way to (the debug log of
    /// `keystroke_latency.py --requests-only`: most hovers over 1 ms were read late while an
    /// analysis ran). Sleeping at the next check hands the core over within a check's stretch.
    /// A change read then replaces the analysis, which stops at once.
    pub fn pause(&self, replaced: &dyn Fn() -> bool, unread: &dyn Fn() -> bool, spent: &AtomicU64) {
        // The analysis checks every few tenths of a millisecond: with no request under way, a few
        // loads and no clock (the common case; `give_way` reads the clock only after an answer),
        // and `unread`, which looks at the input at most every few tens of microseconds.
        let give_way =
            || self.give_way() || (self.waiting.load(Ordering::Relaxed) == 0 && unread());
        if !give_way() {
            return;
        }
        let already = Duration::from_nanos(spent.load(Ordering::Relaxed));
        let Some(left) = Self::BUDGET.checked_sub(already) else {
            return;
        };
        let started = Instant::now();
        let deadline = started + left.min(Self::MAX_PAUSE);
        while give_way() && !replaced() && Instant::now() < deadline {
            std::thread::sleep(Self::NAP);
        }
        let paused = started.elapsed().as_nanos() as u64;
        if paused > 0 {
            spent.fetch_add(paused, Ordering::Relaxed);
        }
    }
}

impl State {
    /// Counts a request as under way (for as long as the guard lives).
    fn start_request(self: &Arc<Self>) -> InFlight {
        self.requests.in_flight.fetch_add(1, Ordering::Relaxed);
        InFlight(Arc::clone(self))
    }
}

/// Whether the server has caught up with its input: every message the client has written so far has
/// been read and handled (a `didChange` applied), and reading more would wait for the client.
///
/// [`Input`] knows it: the framework asks it for more bytes only after it has decoded every frame
/// already handed on and called the service with each (which applies document changes at once, in
/// [`Sequenced::call`]); when the underlying read then has nothing, and no partial frame is buffered,
/// the input is drained. It is busy again as soon as a read returns bytes. The scheduler
/// (`diagnostics`) starts a deferred analysis when the input drains instead of guessing from the time
/// since the last change that a burst has ended.
#[derive(Debug, Default)]
pub struct Drain {
    drained: AtomicBool,
    /// Woken each time the input drains.
    pub notify: Notify,
    /// Whether the client has written bytes not read yet, where the input can tell (stdin as a pipe).
    waiting: OnceLock<fn() -> bool>,
}

impl Drain {
    /// Whether every message written so far has been read and handled. False until an [`Input`]
    /// reads the client's messages: a service driven otherwise (unit tests) never drains and its
    /// scheduler falls back on time.
    pub fn is_drained(&self) -> bool {
        self.drained.load(Ordering::Relaxed)
    }

    /// Lets [`Drain::more_waiting`] look at the input with `waiting`.
    pub fn look_with(&self, waiting: fn() -> bool) {
        let _ = self.waiting.set(waiting);
    }

    /// Whether the client has written bytes not read yet (or closed the input), where the input can
    /// tell: a look only, from any thread (the analysis thread gives way to unread input,
    /// [`Requests::pause`]).
    pub fn unread(&self) -> bool {
        self.waiting.get().is_some_and(|waiting| waiting())
    }

    /// Whether the input can be looked at ([`Drain::more_waiting`]).
    pub fn can_look(&self) -> bool {
        self.waiting.get().is_some()
    }

    /// Whether the client has written more since the input drained: then the input is busy again
    /// (it drains, and wakes [`Drain::notify`], once that is read). False where the input cannot
    /// be looked at.
    pub fn more_waiting(&self) -> bool {
        let more = self.waiting.get().is_some_and(|waiting| waiting());
        if more {
            self.set_busy();
        }
        more
    }

    fn set_drained(&self) {
        if !self.drained.swap(true, Ordering::Relaxed) {
            self.notify.notify_waiters();
        }
    }

    fn set_busy(&self) {
        self.drained.store(false, Ordering::Relaxed);
    }
}

/// The method of the notification [`Input`] puts in place of a bad frame, after queueing the frame's
/// error in [`State`]; [`Sequenced`] answers it with that error. The notification carries nothing, so
/// a client that sends it cannot make the server answer anything but its own request (with
/// MethodNotFound).
pub const INPUT_ERROR_METHOD: &str = "$/glossary-ls/inputError";

/// The size of each read from the underlying input.
const READ_CHUNK: usize = 64 << 10;

/// The server's input: the bytes from the client, checked frame by frame ([`Framer`]). Well-formed
/// frames are passed on re-framed canonically (the texts of a large document notification lifted
/// out: [`lifted`](super::lifted)); each bad frame becomes an [`INPUT_ERROR_METHOD`]
/// notification, so that its error answer is written by the framework's own writer, in order with its
/// other output. Signals [`State::input_done`] when the input ends.
pub struct Input<R> {
    inner: R,
    state: Arc<State>,
    framer: Framer,
    /// Canonical frames ready for the framework, and how much of the first one it has read.
    ready: VecDeque<Vec<u8>>,
    offset: usize,
    scratch: Box<[u8]>,
    ended: bool,
}

impl<R> Input<R> {
    pub fn new(inner: R, state: Arc<State>) -> Input<R> {
        Input {
            inner,
            state,
            framer: Framer::new(),
            ready: VecDeque::new(),
            offset: 0,
            scratch: vec![0; READ_CHUNK].into_boxed_slice(),
            ended: false,
        }
    }

    fn take_events(&mut self) {
        while let Some(event) = self.framer.next_event() {
            match event {
                Event::Message(body) => {
                    // Every message before it handled: the framework has read every frame handed
                    // on (it reads more only when it has no whole frame left) and called the
                    // service for each before reading on.
                    let handled = self.ready.is_empty() && self.offset == 0;
                    if handled && apply_change_at_once(&self.state, &body) {
                        continue;
                    }
                    let body = super::lifted::lift(&self.state.lifted, body);
                    self.ready
                        .push_back(format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes());
                    self.ready.push_back(body);
                }
                Event::Error(error) => {
                    tracing::warn!("bad input from the client: {}", error.message);
                    lock(&self.state.input_errors).push_back(error);
                    let note =
                        serde_json::json!({ "jsonrpc": "2.0", "method": INPUT_ERROR_METHOD });
                    self.ready
                        .push_back(framing::frame(note.to_string().as_bytes()));
                }
            }
        }
    }
}

impl<R: AsyncRead + Unpin> AsyncRead for Input<R> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let this = self.get_mut();
        if buf.remaining() == 0 {
            return Poll::Ready(Ok(()));
        }
        loop {
            if let Some(front) = this.ready.front() {
                let unread = front.get(this.offset..).unwrap_or_default();
                let n = buf.remaining().min(unread.len());
                buf.put_slice(unread.get(..n).unwrap_or_default());
                this.offset += n;
                if this.offset == front.len() {
                    this.ready.pop_front();
                    this.offset = 0;
                }
                return Poll::Ready(Ok(()));
            }
            if this.ended {
                return Poll::Ready(Ok(()));
            }
            let mut chunk = ReadBuf::new(&mut this.scratch);
            match Pin::new(&mut this.inner).poll_read(cx, &mut chunk) {
                Poll::Pending => {
                    // Every frame handed on has been handled (the framework asks for more only
                    // then); unless one is half read, the client has nothing more for now.
                    if this.framer.buffered() == 0 {
                        this.state.input.set_drained();
                    }
                    return Poll::Pending;
                }
                Poll::Ready(Err(error)) => {
                    tracing::info!("input failed: {error}");
                    this.state.input.set_drained();
                    this.ended = true;
                    this.state.input_done.notify_one();
                    return Poll::Ready(Err(error));
                }
                Poll::Ready(Ok(())) if chunk.filled().is_empty() => {
                    tracing::info!("input ended");
                    if this.framer.buffered() > 0 {
                        tracing::warn!(
                            "{} bytes of an incomplete frame at the end of input",
                            this.framer.buffered()
                        );
                    }
                    this.ended = true;
                    // Nothing more will come.
                    this.state.input.set_drained();
                    this.state.input_done.notify_one();
                }
                Poll::Ready(Ok(())) => {
                    this.state.input.set_busy();
                    this.framer.feed(chunk.filled());
                    this.take_events();
                }
            }
        }
    }
}

/// The answer to a bad frame.
fn frame_error_response(error: FrameError) -> Response {
    let id = serde_json::from_value::<Id>(error.id).unwrap_or(Id::Null);
    Response::from_error(
        id,
        Error {
            code: ErrorCode::from(error.code),
            message: error.message.into(),
            data: None,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::super::server::Backend;
    use super::*;
    use tower_lsp_server::LspService;

    /// A service whose handlers panic: synchronously in `call`, or when their future is polled.
    struct Panicking;

    impl Service<Request> for Panicking {
        type Response = Option<Response>;
        type Error = ExitedError;
        type Future = ResponseFuture;

        fn poll_ready(
            &mut self,
            _: &mut Context<'_>,
        ) -> Poll<std::result::Result<(), ExitedError>> {
            Poll::Ready(Ok(()))
        }

        fn call(&mut self, request: Request) -> ResponseFuture {
            if request.method() == "now" {
                panic!("in call");
            }
            Box::pin(async { panic!("in the handler") })
        }
    }

    /// An analysis on the protocol thread asks whether the client wrote more: when it did, the input
    /// is busy again (so that the next drain wakes the scheduler), and the analysis stops.
    #[test]
    fn more_input_waiting_makes_a_drained_input_busy() {
        static WRITTEN: AtomicBool = AtomicBool::new(false);
        let drain = Drain::default();
        assert!(!drain.can_look());
        drain.set_drained();
        assert!(!drain.more_waiting(), "no look: nothing known to wait");
        drain.look_with(|| WRITTEN.load(Ordering::Relaxed));
        assert!(drain.can_look());
        assert!(!drain.more_waiting());
        assert!(drain.is_drained());
        WRITTEN.store(true, Ordering::Relaxed);
        assert!(drain.more_waiting());
        assert!(!drain.is_drained());
    }

    /// The analysis gives way at its checks to input the protocol thread has still to read (a request
    /// written while the analysis held a core), until it is read, within the pause's bounds; never
    /// while a request waits for that analysis, and never once the analysis is stale.
    #[test]
    fn an_analysis_gives_way_to_unread_input() {
        let requests = Requests::default();
        let spent = AtomicU64::new(0);
        let never = || false;
        let always = || true;
        // Nothing written, nothing under way: no pause.
        requests.pause(&never, &never, &spent);
        assert_eq!(spent.load(Ordering::Relaxed), 0);
        // Input read 1 ms after the check: the pause lasts about that long.
        let read_at = Instant::now() + Duration::from_millis(1);
        let unread = || Instant::now() < read_at;
        requests.pause(&never, &unread, &spent);
        let paused = Duration::from_nanos(spent.load(Ordering::Relaxed));
        assert!(paused >= Duration::from_millis(1), "{paused:?}");
        // Input never read: `MAX_PAUSE` at a check, then nothing once `BUDGET` is spent.
        let spent = AtomicU64::new(0);
        requests.pause(&never, &always, &spent);
        let paused = Duration::from_nanos(spent.load(Ordering::Relaxed));
        assert!(paused >= Requests::MAX_PAUSE, "{paused:?}");
        requests.pause(&never, &always, &spent);
        let paused = spent.load(Ordering::Relaxed);
        assert!(Duration::from_nanos(paused) >= Requests::BUDGET);
        requests.pause(&never, &always, &spent);
        assert_eq!(
            spent.load(Ordering::Relaxed),
            paused,
            "over budget: no pause"
        );
        // A request waiting for this analysis, or an analysis already replaced: no pause.
        let spent = AtomicU64::new(0);
        {
            let _waiting = requests.waiting();
            requests.pause(&never, &always, &spent);
        }
        assert_eq!(spent.load(Ordering::Relaxed), 0);
        requests.pause(&always, &always, &spent);
        assert!(Duration::from_nanos(spent.load(Ordering::Relaxed)) < Requests::NAP);
    }

    #[test]
    fn panics_become_internal_errors() {
        let (service, _socket) = LspService::build(Backend::new).finish();
        let state = Arc::clone(&service.inner().state);
        let mut sequenced = Sequenced::new(Panicking, state);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime");
        for method in ["now", "later"] {
            let request = Request::build(method).id(7).finish();
            let response = runtime
                .block_on(sequenced.call(request))
                .expect("a response")
                .expect("requests get one");
            let error = response.error().expect("an error");
            assert_eq!(error.code, ErrorCode::InternalError, "{method}");
            assert!(error.message.contains(method), "{}", error.message);
        }
        // A notification that panics has no response.
        let notification = Request::build("later").finish();
        assert_eq!(
            runtime.block_on(sequenced.call(notification)).ok(),
            Some(None)
        );
    }
}
