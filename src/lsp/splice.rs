//! The server's output: the framework's frames, and frames the server serialized itself spliced in
//! between them.
//!
//! tower-lsp-server writes a notification by turning its parameters into a `serde_json::Value` tree,
//! sending it to its output task, serializing the tree and copying the text into its buffer. For the
//! diagnostics of a long document (hundreds of them) that was a few million instructions on the
//! protocol thread after every analysis, in the critical path of every keystroke's diagnostics. The server therefore serializes `publishDiagnostics` itself,
//! from the snapshot's diagnostics as they are, and hands the frame to [`Frames::send`]; [`Output`]
//! writes it between two of the framework's frames.
//!
//! The framework's codec writes each message as `Content-Length: N\r\n\r\n{body}` and may hand
//! [`Output`] several messages at once, or the rest of one after a partial write. [`Output`] reads
//! each header as it passes, passes on at most up to the end of the current frame per write, and
//! writes queued frames only at a boundary: the framework waits while a queued frame is part-way
//! (or queued at a boundary), a queued frame waits while the framework's is part-way. The driver
//! ([`Output::new`]) writes queued frames while the framework writes nothing. Should a header ever
//! be unreadable, the framework's bytes pass on as they come, and [`Frames::send`] refuses every
//! frame from then on (the caller publishes through the framework, as before): the stream is never
//! corrupted.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};

use tokio::io::AsyncWrite;

use super::state::lock;

/// The longest header read: the framework's is `Content-Length: ` and at most 20 digits, then CRLF
/// CRLF.
const MAX_HEADER: usize = 256;

/// Where the framework's output is.
#[derive(Debug)]
enum Position {
    /// In a frame's header, at a frame boundary when nothing of it is written yet: the header bytes
    /// written so far.
    Header(Vec<u8>),
    /// Past a frame's header: how many of the frame's bytes are left to write.
    Frame(usize),
    /// A header could not be read: the framework's bytes pass on unchecked and nothing is spliced in.
    Lost,
}

#[derive(Debug)]
struct Splice {
    /// An [`Output`] writes the queued frames.
    attached: bool,
    /// The framework has shut the output down, or `exit` came: no frame is taken any more.
    closed: bool,
    position: Position,
    /// Frames to write, whole, and how much of the first one is written.
    queue: VecDeque<Vec<u8>>,
    offset: usize,
    /// Who waits: the framework's output task, and the driver.
    framework: Option<Waker>,
    driver: Option<Waker>,
}

impl Splice {
    fn at_boundary(&self) -> bool {
        matches!(&self.position, Position::Header(seen) if seen.is_empty())
    }

    /// Follows the framework's frames through `written`, which [`Output::poll_write`] limited to the
    /// current frame.
    fn advance(&mut self, written: &[u8]) {
        match &mut self.position {
            Position::Lost => {}
            Position::Frame(left) => {
                *left = left.saturating_sub(written.len());
                if *left == 0 {
                    self.position = Position::Header(Vec::new());
                }
            }
            Position::Header(seen) => match frame_end(seen, written) {
                Ok(Some(end)) => {
                    let left = end.saturating_sub(written.len());
                    self.position = if left == 0 {
                        Position::Header(Vec::new())
                    } else {
                        Position::Frame(left)
                    };
                }
                Ok(None) => seen.extend_from_slice(written),
                Err(()) => self.position = Position::Lost,
            },
        }
    }
}

fn wake(waker: &mut Option<Waker>) {
    if let Some(waker) = waker.take() {
        waker.wake();
    }
}

/// The frames the server serialized itself, on their way to the client (see the module).
#[derive(Debug)]
pub struct Frames(Mutex<Splice>);

impl Default for Frames {
    fn default() -> Self {
        Frames(Mutex::new(Splice {
            attached: false,
            closed: false,
            position: Position::Header(Vec::new()),
            queue: VecDeque::new(),
            offset: 0,
            framework: None,
            driver: None,
        }))
    }
}

impl Frames {
    /// Queues a whole frame (`Content-Length` header and body) to be written after the framework's
    /// current frame, after the frames queued before it. Gives it back when it cannot be written:
    /// no [`Output`] (a service driven otherwise, as in unit tests), the output closed, or the
    /// framework's output unreadable. The caller then sends the message through the framework.
    pub fn send(&self, frame: Vec<u8>) -> Result<(), Vec<u8>> {
        let mut splice = lock(&self.0);
        if !splice.attached || splice.closed || matches!(splice.position, Position::Lost) {
            return Err(frame);
        }
        splice.queue.push_back(frame);
        wake(&mut splice.driver);
        Ok(())
    }

    /// Whether [`Frames::send`] takes frames now.
    pub fn is_open(&self) -> bool {
        let splice = lock(&self.0);
        splice.attached && !splice.closed && !matches!(splice.position, Position::Lost)
    }

    /// Takes no more frames (after `exit`, the framework's client sends nothing either); those
    /// queued are still written.
    pub fn close(&self) {
        lock(&self.0).closed = true;
    }
}

/// The server's output: the framework's frames with [`Frames`] spliced in between. Also says in
/// the debug log when each write to the client went out: with the timing of each request
/// ("answered … ms after it was read"), it tells a reply the server wrote late (the protocol thread
/// busy, or waiting for a core) from one the client read late.
pub struct Output<W> {
    inner: Rc<RefCell<Pin<Box<W>>>>,
    frames: Arc<Frames>,
}

impl<W: AsyncWrite> Output<W> {
    /// The output for the framework, and the driver that writes `frames`' queue while the framework
    /// writes nothing: poll it alongside the server (it never ends). Both stay on the thread that
    /// runs the server; neither holds the writer across a poll.
    pub fn new(inner: W, frames: Arc<Frames>) -> (Output<W>, impl Future<Output = ()>) {
        lock(&frames.0).attached = true;
        let inner = Rc::new(RefCell::new(Box::pin(inner)));
        let driver = {
            let inner = Rc::clone(&inner);
            let frames = Arc::clone(&frames);
            std::future::poll_fn(move |cx| drive(&frames, &inner, cx))
        };
        (Output { inner, frames }, driver)
    }
}

/// Writes the queued frames, each from a frame boundary of the framework's output to the end.
fn drive<W: AsyncWrite>(
    frames: &Frames,
    inner: &RefCell<Pin<Box<W>>>,
    cx: &mut Context<'_>,
) -> Poll<()> {
    let mut splice = lock(&frames.0);
    loop {
        let may_write = splice.offset > 0 || splice.at_boundary();
        let Some(front) = splice.queue.front().filter(|_| may_write) else {
            splice.driver = Some(cx.waker().clone());
            return Poll::Pending;
        };
        let length = front.len();
        let rest = front.get(splice.offset..).unwrap_or_default();
        let written = inner.borrow_mut().as_mut().poll_write(cx, rest);
        match written {
            Poll::Ready(Ok(n)) if n > 0 => {
                tracing::debug!("wrote {n} bytes to the client");
                splice.offset += n;
                if splice.offset >= length {
                    splice.queue.pop_front();
                    splice.offset = 0;
                    wake(&mut splice.framework);
                    if splice.queue.is_empty() {
                        // A no-op for a pipe; tokio's blocking stdout writes on its own anyway.
                        let _ = inner.borrow_mut().as_mut().poll_flush(cx);
                    }
                }
            }
            Poll::Pending => {
                splice.driver = Some(cx.waker().clone());
                return Poll::Pending;
            }
            Poll::Ready(result) => {
                // The client's end is gone: the framework's next write fails too and ends the
                // server.
                let error = result
                    .err()
                    .unwrap_or_else(|| io::ErrorKind::WriteZero.into());
                tracing::info!(
                    "writing to the client failed ({error}); {} frames dropped",
                    splice.queue.len()
                );
                splice.queue.clear();
                splice.offset = 0;
                splice.closed = true;
                wake(&mut splice.framework);
                splice.driver = Some(cx.waker().clone());
                return Poll::Pending;
            }
        }
    }
}

impl<W: AsyncWrite> AsyncWrite for Output<W> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let mut splice = lock(&this.frames.0);
        let limit = match &splice.position {
            Position::Lost => buf.len(),
            Position::Frame(left) => (*left).min(buf.len()),
            Position::Header(seen) => {
                if seen.is_empty() && !splice.queue.is_empty() {
                    // Queued frames go first at a boundary.
                    splice.framework = Some(cx.waker().clone());
                    wake(&mut splice.driver);
                    return Poll::Pending;
                }
                match frame_end(seen, buf) {
                    Ok(Some(end)) => end.min(buf.len()),
                    Ok(None) => buf.len(),
                    Err(()) => {
                        // Cannot happen with the framework's codec; should it, no frame is
                        // spliced in again, and none in the queue can be (a header is part-way).
                        tracing::error!(
                            "the framework wrote a header this server cannot read: its output now \
                             passes unchecked; {} queued frames dropped",
                            splice.queue.len()
                        );
                        splice.position = Position::Lost;
                        splice.queue.clear();
                        buf.len()
                    }
                }
            }
        };
        let chunk = buf.get(..limit).unwrap_or(buf);
        let written = this.inner.borrow_mut().as_mut().poll_write(cx, chunk);
        match &written {
            Poll::Ready(Ok(n)) => {
                if *n > 0 {
                    tracing::debug!("wrote {n} bytes to the client");
                }
                splice.advance(chunk.get(..*n).unwrap_or(chunk));
                if splice.at_boundary() && !splice.queue.is_empty() {
                    wake(&mut splice.driver);
                }
            }
            // The driver may take the writer's wake-up (one waker per writer): it wakes this task
            // again when it has written a frame.
            Poll::Pending => splice.framework = Some(cx.waker().clone()),
            Poll::Ready(Err(_)) => {}
        }
        written
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let flushed = this.inner.borrow_mut().as_mut().poll_flush(cx);
        if flushed.is_pending() {
            lock(&this.frames.0).framework = Some(cx.waker().clone());
        }
        flushed
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        {
            let mut splice = lock(&this.frames.0);
            splice.closed = true;
            // The frames queued before go out first.
            if splice.at_boundary() && !splice.queue.is_empty() {
                splice.framework = Some(cx.waker().clone());
                wake(&mut splice.driver);
                return Poll::Pending;
            }
        }
        this.inner.borrow_mut().as_mut().poll_shutdown(cx)
    }
}

/// How many bytes of `more` reach the end of the frame whose header starts with `seen` (`None`:
/// the header does not end in them), or `Err` if the header cannot be read.
fn frame_end(seen: &[u8], more: &[u8]) -> Result<Option<usize>, ()> {
    let take = more.len().min(MAX_HEADER.saturating_sub(seen.len()));
    let more_head = more.get(..take).unwrap_or_default();
    let joined;
    let head: &[u8] = if seen.is_empty() {
        more_head
    } else {
        joined = [seen, more_head].concat();
        &joined
    };
    let Some(at) = head.windows(4).position(|w| w == b"\r\n\r\n") else {
        return if head.len() >= MAX_HEADER {
            Err(())
        } else {
            Ok(None)
        };
    };
    let header = std::str::from_utf8(head.get(..at).unwrap_or_default()).map_err(|_| ())?;
    let length = header
        .split("\r\n")
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.trim().parse::<usize>().ok())
        .ok_or(())?;
    let total = (at + 4).checked_add(length).ok_or(())?;
    Ok(Some(total.saturating_sub(seen.len())))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `AsyncWriteExt::write_all` (tokio's `io-util`, which the server does not otherwise need).
    async fn write_all<W: AsyncWrite>(output: &mut Output<W>, mut buf: &[u8]) {
        while !buf.is_empty() {
            let n = std::future::poll_fn(|cx| Pin::new(&mut *output).poll_write(cx, buf))
                .await
                .expect("written");
            assert!(n > 0, "a write of nothing");
            buf = buf.get(n..).unwrap_or_default();
        }
    }

    async fn shutdown<W: AsyncWrite>(output: &mut Output<W>) {
        std::future::poll_fn(|cx| Pin::new(&mut *output).poll_shutdown(cx))
            .await
            .expect("shut down");
    }

    /// A writer that takes at most a few bytes per write, and now and then none (Pending, waking
    /// the task at once).
    struct Choppy {
        out: Rc<RefCell<Vec<u8>>>,
        sizes: Vec<usize>,
        calls: usize,
    }

    impl AsyncWrite for Choppy {
        fn poll_write(
            self: Pin<&mut Self>,
            cx: &mut Context<'_>,
            buf: &[u8],
        ) -> Poll<io::Result<usize>> {
            let this = self.get_mut();
            this.calls += 1;
            if this.calls.is_multiple_of(5) {
                cx.waker().wake_by_ref();
                return Poll::Pending;
            }
            let size = this
                .sizes
                .get(this.calls % this.sizes.len().max(1))
                .copied()
                .unwrap_or(1);
            let n = size.min(buf.len());
            this.out
                .borrow_mut()
                .extend_from_slice(buf.get(..n).unwrap_or_default());
            Poll::Ready(Ok(n))
        }

        fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
            Poll::Ready(Ok(()))
        }

        fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
            Poll::Ready(Ok(()))
        }
    }

    fn frame(text: &str) -> Vec<u8> {
        super::super::framing::frame(text.as_bytes())
    }

    /// Splits a byte stream into frame bodies; panics on anything else.
    fn bodies(mut stream: &[u8]) -> Vec<String> {
        let mut bodies = Vec::new();
        while !stream.is_empty() {
            let end = frame_end(&[], stream)
                .expect("a readable header")
                .expect("a whole header");
            let whole = stream.get(..end).expect("a whole frame");
            let at = whole
                .windows(4)
                .position(|w| w == b"\r\n\r\n")
                .expect("a header");
            let body = whole.get(at + 4..).expect("a body");
            bodies.push(String::from_utf8(body.to_vec()).expect("UTF-8"));
            stream = stream.get(end..).unwrap_or_default();
        }
        bodies
    }

    /// The framework's frames (written several at a time, as its codec buffers them) and frames
    /// sent meanwhile, through writers that take 1 byte, 7 bytes or varying amounts per write:
    /// every frame arrives whole, none is lost, and each source's order is kept.
    fn splice_with(sizes: Vec<usize>, seed: u64) {
        let out = Rc::new(RefCell::new(Vec::new()));
        let writer = Choppy {
            out: Rc::clone(&out),
            sizes,
            calls: 0,
        };
        let frames = Arc::new(Frames::default());
        let (mut output, driver) = Output::new(writer, Arc::clone(&frames));
        let framework: Vec<String> = (0..40)
            .map(|i| {
                format!(
                    "{{\"framework\":{i},\"pad\":\"{}\"}}",
                    "x".repeat(i * 7 % 23)
                )
            })
            .collect();
        let sent: Vec<String> = (0..40)
            .map(|i| format!("{{\"sent\":{i},\"pad\":\"{}\"}}", "y".repeat(i * 11 % 31)))
            .collect();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime");
        let mut state = seed;
        let mut next = move || {
            // xorshift: a fixed, varied schedule.
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let batches: Vec<usize> = (0..40).map(|_| (next() % 3 + 1) as usize).collect();
        let pauses: Vec<usize> = (0..40).map(|_| (next() % 4) as usize).collect();
        runtime.block_on(async {
            let session = async {
                let write = async {
                    let mut i = 0;
                    for batch in &batches {
                        let mut buffer = Vec::new();
                        for text in framework.iter().skip(i).take(*batch) {
                            buffer.extend(frame(text));
                        }
                        i += batch;
                        write_all(&mut output, &buffer).await;
                        tokio::task::yield_now().await;
                    }
                };
                let send = async {
                    for (text, pause) in sent.iter().zip(&pauses) {
                        for _ in 0..*pause {
                            tokio::task::yield_now().await;
                        }
                        frames.send(frame(text)).expect("taken");
                    }
                };
                tokio::join!(write, send);
                // The frames still queued go out before the output shuts down.
                shutdown(&mut output).await;
            };
            tokio::select! {
                () = session => {}
                () = driver => {}
            }
        });
        let got = bodies(&out.borrow());
        let of = |prefix: &str| -> Vec<String> {
            got.iter()
                .filter(|b| b.starts_with(prefix))
                .cloned()
                .collect()
        };
        assert_eq!(of("{\"framework\""), framework);
        // Every sent frame was queued before the output shut down: all of them went out first.
        assert_eq!(of("{\"sent\""), sent);
        assert_eq!(got.len(), 80);
        // And they went out between the framework's, not after them all.
        let first_sent = got.iter().position(|b| b.starts_with("{\"sent\""));
        let last_framework = got.iter().rposition(|b| b.starts_with("{\"framework\""));
        assert!(first_sent < last_framework, "{got:?}");
    }

    #[test]
    fn spliced_frames_stay_whole_with_one_byte_writes() {
        splice_with(vec![1], 1);
    }

    #[test]
    fn spliced_frames_stay_whole_with_seven_byte_writes() {
        splice_with(vec![7], 2);
    }

    #[test]
    fn spliced_frames_stay_whole_with_varied_writes() {
        for seed in 1..20u64 {
            let sizes = (0..17)
                .map(|i| ((seed * 31 + i * 7) % 90 + 1) as usize)
                .collect();
            splice_with(sizes, seed);
        }
    }

    #[test]
    fn spliced_frames_stay_whole_with_whole_writes() {
        splice_with(vec![1 << 20], 3);
    }

    #[test]
    fn an_unreadable_header_passes_through_and_refuses_frames() {
        let out = Rc::new(RefCell::new(Vec::new()));
        let writer = Choppy {
            out: Rc::clone(&out),
            sizes: vec![5],
            calls: 0,
        };
        let frames = Arc::new(Frames::default());
        let (mut output, _driver) = Output::new(writer, Arc::clone(&frames));
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime");
        let junk = [b"X-Unknown: 1\r\n\r\n{}".as_slice(), &frame("{}")].concat();
        runtime.block_on(async {
            write_all(&mut output, &junk).await;
        });
        assert_eq!(*out.borrow(), junk);
        assert!(frames.send(frame("{}")).is_err());
    }

    #[test]
    fn without_an_output_frames_are_refused() {
        let frames = Frames::default();
        assert_eq!(frames.send(b"x".to_vec()), Err(b"x".to_vec()));
    }
}
