//! The whole server in process — framing layer, document store, workspace, handlers — driven by a
//! session of fuzzed messages over in-memory pipes, the way an editor drives it over stdio.
//!
//! The input is a session, one message per line (the seeds are JSON Lines files written by
//! `seed_sessions.py`, which `seed.sh` runs):
//!
//! - a line is a message body; the harness frames it with its correct `Content-Length`, so that the
//!   fuzzer's mutations reach the handlers instead of only breaking frames (the `framing` target
//!   covers broken frames). After a request with a usable id (an integer or a string) the harness
//!   waits for its answer before sending more, as an editor does after `initialize` and as the
//!   server sees from a user who hovers, then types;
//! - a line starting with `!` is a message sent without waiting for its answer: requests that race
//!   the edits after them;
//! - a line starting with `#` is raw bytes, with `~` standing for `\r\n`: bad headers and bodies in
//!   the middle of a session. It cannot contain `{` (replaced by `[`), so it can never be a request
//!   (the server takes only JSON objects as messages).
//!   A broken stream can swallow the frames after it (a header without its blank line takes the
//!   next frame's header in; a `Content-Length` that is too large, the next frames' bytes), and the
//!   server cannot know better. So that the session goes on, numbers in raw lines (and in lines that
//!   are not JSON, where the framing layer resyncs from) keep at most three digits, and each raw line
//!   is followed by `\r\n\r\n` and [`PADDING`] spaces: whatever the raw bytes started ends within
//!   the padding, and the framing layer finds the next frame after it;
//! - a `workspace/executeCommand` request is dropped: the server's one command writes an ignore
//!   list into a config file found from the document's path, and fuzzed paths must not touch this
//!   machine's files. `add_ignored_token`, its text edit, is fuzzed in the `config` target.
//!
//! The harness answers the server's own requests (`client/registerCapability`,
//! `workspace/configuration`, …) with `null`, as a minimal client does, then ends the session with a
//! `shutdown` request of its own and closes the input when that is answered.
//!
//! What must hold, besides no panic anywhere (libFuzzer turns a panic caught by the server's guard
//! into a crash too):
//! - every byte the server writes is a well-formed frame holding a JSON-RPC 2.0 message, and every
//!   response has a result or an error;
//! - each request the harness waits for is answered within [`ANSWER_LIMIT`] (requests wait at most
//!   10 s for an analysis), until the session has sent `exit`;
//! - the server answers the closing request — it is still serving after everything before it —
//!   unless the session has sent `exit`;
//! - its output ends on a frame boundary, unless it stopped after `exit` or after its input ended.
#![no_main]

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value};
use tokio::io::{duplex, AsyncReadExt, AsyncWriteExt, DuplexStream};
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver, UnboundedSender};

/// The id of the harness's closing `shutdown` request.
const CLOSING_ID: &str = "glossary-ls-fuzz-closing";

/// Spaces after a raw line: more than the largest `Content-Length` a raw line can give (999).
const PADDING: usize = 1024;

/// How long a request may go unanswered.
const ANSWER_LIMIT: Duration = Duration::from_secs(15);

fn frame(body: &[u8]) -> Vec<u8> {
    let mut framed = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    framed.extend_from_slice(body);
    framed
}

/// One write of the session, and the id of the request whose answer to wait for after it.
struct Step {
    bytes: Vec<u8>,
    wait_for: Option<Value>,
    /// The step is an `exit` notification.
    exits: bool,
}

/// What the harness sends, read from the fuzzer's input (see the top of the file).
struct Script {
    steps: Vec<Step>,
}

impl Script {
    fn new(data: &[u8]) -> Script {
        let mut script = Script {
            steps: Vec::new(),
        };
        for line in data.split(|&b| b == b'\n') {
            if let Some(raw) = line.strip_prefix(b"#") {
                let mut bytes = Vec::with_capacity(raw.len() + 4 + PADDING);
                for b in short_numbers(raw) {
                    match b {
                        b'~' => bytes.extend_from_slice(b"\r\n"),
                        b'{' => bytes.push(b'['),
                        _ => bytes.push(b),
                    }
                }
                bytes.extend_from_slice(b"\r\n\r\n");
                bytes.resize(bytes.len() + PADDING, b' ');
                script.steps.push(Step {
                    bytes,
                    wait_for: None,
                    exits: false,
                });
                continue;
            }
            let (line, wait) = match line.strip_prefix(b"!") {
                Some(rest) => (rest, false),
                None => (line, true),
            };
            if line.is_empty() {
                continue;
            }
            // A body that is not JSON makes the framing layer look for the next frame from the
            // start of that body, where a `Content-Length` could swallow what follows.
            let body = match serde_json::from_slice::<Value>(line) {
                Ok(_) => line.to_vec(),
                Err(_) => short_numbers(line),
            };
            // What the server will make of the body (it parses with serde_json too, and takes only
            // objects): what is not a JSON object here is no message there.
            let value = serde_json::from_slice::<Value>(&body).unwrap_or(Value::Null);
            let method = value.get("method").and_then(Value::as_str);
            if method == Some("workspace/executeCommand") {
                continue;
            }
            // A body with a result or an error decodes as a response (the framework tries that
            // first), whatever else it holds: nothing answers it.
            let is_response = value.get("result").is_some() || value.get("error").is_some();
            let id = value.get("id");
            let usable_id = id.filter(|id| id.as_i64().is_some() || id.is_string());
            let is_request = method.is_some()
                && !is_response
                && value.get("jsonrpc").and_then(Value::as_str) == Some("2.0")
                && id.is_none_or(|id| id.is_null() || usable_id.is_some());
            script.steps.push(Step {
                bytes: frame(&body),
                wait_for: usable_id.filter(|_| wait && is_request).cloned(),
                exits: is_request && method == Some("exit"),
            });
        }
        script.steps.push(Step {
            bytes: frame(
                json!({ "jsonrpc": "2.0", "id": CLOSING_ID, "method": "shutdown" })
                    .to_string()
                    .as_bytes(),
            ),
            wait_for: None,
            exits: false,
        });
        script
    }
}

/// `bytes` with every run of digits cut to its first three.
fn short_numbers(bytes: &[u8]) -> Vec<u8> {
    let mut digits = 0;
    bytes
        .iter()
        .copied()
        .filter(|b| {
            digits = if b.is_ascii_digit() { digits + 1 } else { 0 };
            digits <= 3
        })
        .collect()
}

/// What the reader of the server's output tells the writer.
enum Seen {
    /// A response with this id.
    Answer(Value),
    /// A frame to send back: the answer to a request from the server.
    Reply(Vec<u8>),
}

/// Reads the server's output to its end: checks every frame, reports answers and replies to the
/// writer, and stops talking to it (which closes the server's input) once the closing request is
/// answered. Returns whether it was.
async fn reader(
    mut from_server: DuplexStream,
    to_writer: UnboundedSender<Seen>,
    exited: Rc<Cell<bool>>,
) -> bool {
    let mut to_writer = Some(to_writer);
    let mut closed = false;
    let mut buffer = Vec::new();
    let mut chunk = vec![0u8; 64 << 10];
    loop {
        let n = from_server
            .read(&mut chunk)
            .await
            .expect("read the server's output");
        if n == 0 {
            // After `exit`, or once the input has ended (after the closing answer), the server stops
            // within a grace period, possibly in the middle of a frame nobody reads any more.
            assert!(
                buffer.is_empty() || exited.get() || closed,
                "the server's output ends inside a frame"
            );
            return closed;
        }
        buffer.extend_from_slice(&chunk[..n]);
        while let Some((body, used)) = next_frame(&buffer) {
            let message: Value = serde_json::from_slice(body).expect("a JSON body");
            if trace() {
                let text = message.to_string();
                eprintln!("<- {}", text.get(..300).unwrap_or(&text));
            }
            assert_eq!(message["jsonrpc"], "2.0", "{message}");
            let id = message.get("id");
            match (message.get("method"), id) {
                // A request from the server: a minimal client's answer.
                (Some(_), Some(id)) => {
                    let reply = json!({ "jsonrpc": "2.0", "id": id, "result": null });
                    if let Some(writer) = &to_writer {
                        let _ = writer.send(Seen::Reply(frame(reply.to_string().as_bytes())));
                    }
                }
                (Some(_), None) => {}
                (None, id) => {
                    let answered =
                        message.get("result").is_some() != message.get("error").is_some();
                    assert!(answered, "a response has a result or an error: {message}");
                    let id = id.cloned().unwrap_or(Value::Null);
                    if id.as_str() == Some(CLOSING_ID) {
                        closed = true;
                        to_writer = None;
                    } else if let Some(writer) = &to_writer {
                        let _ = writer.send(Seen::Answer(id));
                    }
                }
            }
            buffer.drain(..used);
        }
    }
}

/// The body of the first frame in `buffer` and the bytes it spans, once it is complete. The server
/// writes `Content-Length: N\r\n\r\n` and nothing else as a header.
fn next_frame(buffer: &[u8]) -> Option<(&[u8], usize)> {
    let end = buffer.windows(4).position(|w| w == b"\r\n\r\n")?;
    let header = std::str::from_utf8(&buffer[..end]).expect("a UTF-8 header");
    let length: usize = header
        .strip_prefix("Content-Length: ")
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("a malformed header from the server: {header:?}"));
    let start = end + 4;
    let body = buffer.get(start..start + length)?;
    Some((body, start + length))
}

/// Writes the script, waiting for answers where it says so, and the replies to the server's requests;
/// returns when the reader stops talking to it or the server stops reading.
async fn writer(
    mut to_server: DuplexStream,
    steps: Vec<Step>,
    mut seen: UnboundedReceiver<Seen>,
    exited: Rc<Cell<bool>>,
) {
    let mut steps = steps.into_iter();
    let mut waiting: Option<Value> = None;
    loop {
        while waiting.is_none() {
            let Some(step) = steps.next() else { break };
            // In two writes with a pause between, so that the server also reads frames in pieces.
            let (first, second) = step.bytes.split_at(step.bytes.len() * 3 / 8);
            // Fails once the server has stopped reading (after `exit`).
            if to_server.write_all(first).await.is_err() {
                return;
            }
            tokio::task::yield_now().await;
            if to_server.write_all(second).await.is_err() {
                return;
            }
            waiting = step.wait_for;
            if step.exits {
                exited.set(true);
            }
        }
        let next = match &waiting {
            Some(id) => match tokio::time::timeout(ANSWER_LIMIT, seen.recv()).await {
                Ok(next) => next,
                // Nothing is answered after `exit`.
                Err(_) if exited.get() => return,
                Err(_) => panic!("no answer to request {id} in {ANSWER_LIMIT:?}"),
            },
            None => seen.recv().await,
        };
        match next {
            Some(Seen::Answer(id)) => {
                if waiting.as_ref() == Some(&id) {
                    waiting = None;
                }
            }
            Some(Seen::Reply(bytes)) => {
                if to_server.write_all(&bytes).await.is_err() {
                    return;
                }
            }
            // Dropping the pipe ends the server's input.
            None => return,
        }
    }
}

async fn session(script: Script) {
    let (server_input, client_output) = duplex(64 << 10);
    let (client_input, server_output) = duplex(64 << 10);
    let (to_writer, seen) = unbounded_channel();
    let exited = Rc::new(Cell::new(false));
    let (_, (), closed) = tokio::join!(
        glossary_ls::lsp::serve(server_input, server_output),
        writer(client_output, script.steps, seen, Rc::clone(&exited)),
        reader(client_input, to_writer, Rc::clone(&exited)),
    );
    assert!(
        closed || exited.get(),
        "the server stopped answering before the end of the session"
    );
}

/// `GLOSSARY_LS_FUZZ_TRACE=1` prints the server's log and what it writes, to see how deep a session
/// gets: `GLOSSARY_LS_FUZZ_TRACE=1 fuzz/target/x86_64-unknown-linux-gnu/release/server_messages FILE`.
fn trace() -> bool {
    static TRACE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *TRACE.get_or_init(|| {
        let on = std::env::var_os("GLOSSARY_LS_FUZZ_TRACE").is_some();
        if on {
            let _ = tracing_subscriber::fmt()
                .with_writer(std::io::stderr)
                .with_max_level(tracing::Level::DEBUG)
                .try_init();
        }
        on
    })
}

fuzz_target!(|data: &[u8]| {
    trace();
    let script = Script::new(data);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(session(script));
});
