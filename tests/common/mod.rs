//! A small LSP test client: starts the real `glossary-ls` binary and speaks JSON-RPC with
//! Content-Length framing over its stdin/stdout. Every wait has a timeout, so a hung server fails the
//! test instead of hanging CI.
//!
//! Server-to-client requests are answered as a simple editor would: `client/registerCapability` and
//! friends with `null`, `workspace/configuration` with the settings the test set, and
//! `workspace/applyEdit` by applying the edit to the files on disk (and answering `applied: true`), or,
//! with [`LspClient::edits_reach_disk`] off, as Neovim and VS Code do: to an editor buffer, leaving the
//! file on disk as it was. All of them are recorded for the test to inspect.

#![allow(dead_code)]

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use glossary_ls::text::lines::LineIndex;
use serde_json::{json, Value};

/// How long any single wait may take before the test fails.
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// What `character` counts in positions, as negotiated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enc {
    Utf8,
    Utf16,
    Utf32,
}

impl Enc {
    pub fn name(self) -> &'static str {
        match self {
            Enc::Utf8 => "utf-8",
            Enc::Utf16 => "utf-16",
            Enc::Utf32 => "utf-32",
        }
    }

    fn width(self, c: char) -> usize {
        match self {
            Enc::Utf8 => c.len_utf8(),
            Enc::Utf16 => c.len_utf16(),
            Enc::Utf32 => 1,
        }
    }
}

/// The byte offset of an LSP position in `text` (lines split at \n, \r\n, \r, by the crate's one line
/// index), clamped.
pub fn offset_at(text: &str, line: u64, character: u64, enc: Enc) -> usize {
    let lines = LineIndex::new(text);
    let line = usize::try_from(line).unwrap_or(usize::MAX);
    if lines.line_start(line).is_none() {
        return text.len();
    }
    let content = lines.line_content(line);
    let mut units = 0;
    for (i, c) in text[content.clone()].char_indices() {
        if units >= character as usize {
            return content.start + i;
        }
        units += enc.width(c);
        if units > character as usize {
            return content.start + i;
        }
    }
    content.end
}

/// The LSP position of byte `offset` of `text`.
pub fn position_at(text: &str, offset: usize, enc: Enc) -> Value {
    let lines = LineIndex::new(text);
    let line = lines.line_of(offset);
    let line_start = lines.line_start(line).unwrap_or(0);
    let character: usize = text[line_start..offset].chars().map(|c| enc.width(c)).sum();
    json!({ "line": line, "character": character })
}

/// The position of the `nth` (0-based) occurrence of `needle` in `text`, plus `shift` bytes.
pub fn pos_of(text: &str, needle: &str, nth: usize, shift: usize, enc: Enc) -> Value {
    let offset = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("`{needle}` #{nth} not in the text"))
        .0;
    position_at(text, offset + shift, enc)
}

/// A range as JSON.
/// The `didChange` notification of `changes` that makes version `version` of `uri` (to frame and
/// write with other messages at once; [`LspClient::change`] sends one alone).
pub fn change_notification(uri: &str, version: i64, changes: Value) -> Value {
    json!({
        "jsonrpc": "2.0",
        "method": "textDocument/didChange",
        "params": { "textDocument": { "uri": uri, "version": version }, "contentChanges": changes },
    })
}

/// `body` in a frame of the base protocol: its `Content-Length` header, a blank line, the body.
pub fn framed(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

pub fn range(start: (u64, u64), end: (u64, u64)) -> Value {
    json!({
        "start": { "line": start.0, "character": start.1 },
        "end": { "line": end.0, "character": end.1 },
    })
}

/// Applies LSP text edits (in `enc` positions, all against the original text) to `text`.
pub fn apply_edits(text: &str, edits: &[Value], enc: Enc) -> String {
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|edit| {
            let r = &edit["range"];
            let at = |p: &Value| {
                offset_at(
                    text,
                    p["line"].as_u64().expect("line"),
                    p["character"].as_u64().expect("character"),
                    enc,
                )
            };
            (
                at(&r["start"]),
                at(&r["end"]),
                edit["newText"].as_str().expect("newText").to_string(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (start, end, new_text) in spans {
        out.replace_range(start..end, &new_text);
    }
    out
}

pub fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

pub fn uri_path(uri: &str) -> PathBuf {
    PathBuf::from(uri.strip_prefix("file://").expect("a file URI"))
}

/// Applies a `WorkspaceEdit` to files on disk (creating files as asked).
pub fn apply_workspace_edit(edit: &Value, enc: Enc) {
    let edit_file = |uri: &str, edits: &[Value]| {
        let path = uri_path(uri);
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        std::fs::write(&path, apply_edits(&text, edits, enc)).expect("write edited file");
    };
    if let Some(changes) = edit["changes"].as_object() {
        for (uri, edits) in changes {
            edit_file(uri, edits.as_array().expect("edits"));
        }
    }
    for change in edit["documentChanges"].as_array().into_iter().flatten() {
        match change["kind"].as_str() {
            Some("create") => {
                let path = uri_path(change["uri"].as_str().expect("uri"));
                if !path.exists() {
                    std::fs::write(&path, "").expect("create file");
                }
            }
            Some(other) => panic!("unexpected resource operation {other}"),
            None => edit_file(
                change["textDocument"]["uri"].as_str().expect("uri"),
                change["edits"].as_array().expect("edits"),
            ),
        }
    }
}

/// A running server and the client end of its pipes.
pub struct LspClient {
    child: Child,
    stdin: Option<ChildStdin>,
    messages: Receiver<Value>,
    next_id: i64,
    /// Notifications received and not yet consumed.
    pub notifications: VecDeque<Value>,
    /// Requests the server sent us, in order.
    pub server_requests: Vec<Value>,
    /// Responses to no request we are waiting for (such as errors with a null id), in order.
    pub stray_responses: VecDeque<Value>,
    /// What to answer to `workspace/configuration`.
    pub configuration: Value,
    /// `workspace/applyEdit` changes the files on disk (as if the editor saved at once); off, the
    /// edit stays in the editor's buffers and the files do not change.
    pub edits_reach_disk: bool,
    /// The negotiated encoding (set by `initialize`).
    pub enc: Enc,
    stderr: Arc<Mutex<String>>,
}

impl LspClient {
    /// Starts `glossary-ls` with `args` in folder `cwd`.
    pub fn start(args: &[&str], cwd: &Path) -> LspClient {
        let mut child = Command::new(env!("CARGO_BIN_EXE_glossary-ls"))
            .args(args)
            .current_dir(cwd)
            .env("GLOSSARY_LS_LOG", "debug")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start glossary-ls");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let mut stderr_pipe = child.stderr.take().expect("stderr");
        let stderr = Arc::new(Mutex::new(String::new()));
        let stderr_sink = Arc::clone(&stderr);
        std::thread::spawn(move || {
            let mut buffer = [0u8; 4096];
            while let Ok(n) = stderr_pipe.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                let mut sink = stderr_sink.lock().unwrap_or_else(|e| e.into_inner());
                sink.push_str(&String::from_utf8_lossy(&buffer[..n]));
            }
        });
        let (sender, messages) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if sender.send(message).is_err() {
                    break;
                }
            }
        });
        LspClient {
            child,
            stdin: Some(stdin),
            messages,
            next_id: 1,
            notifications: VecDeque::new(),
            server_requests: Vec::new(),
            stray_responses: VecDeque::new(),
            configuration: Value::Null,
            edits_reach_disk: true,
            enc: Enc::Utf16,
            stderr,
        }
    }

    /// Starts the server and initializes it with these client capabilities and options.
    pub fn initialized(cwd: &Path, capabilities: Value, options: Value) -> LspClient {
        let mut client = LspClient::start(&[], cwd);
        client.initialize(cwd, capabilities, options);
        client
    }

    pub fn initialize(&mut self, root: &Path, capabilities: Value, options: Value) -> Value {
        self.initialize_as(root, Value::Null, capabilities, options)
    }

    /// Initializes as the client `client_info` names (`{ "name": "Neovim", "version": "0.11.4" }`).
    pub fn initialize_as(
        &mut self,
        root: &Path,
        client_info: Value,
        capabilities: Value,
        options: Value,
    ) -> Value {
        let result = self.request(
            "initialize",
            json!({
                "processId": null,
                "clientInfo": client_info,
                "rootUri": file_uri(root),
                "workspaceFolders": [{ "uri": file_uri(root), "name": "root" }],
                "capabilities": capabilities,
                "initializationOptions": options,
            }),
        );
        self.enc = match result["capabilities"]["positionEncoding"].as_str() {
            Some("utf-8") => Enc::Utf8,
            Some("utf-32") => Enc::Utf32,
            _ => Enc::Utf16,
        };
        self.notify("initialized", json!({}));
        result
    }

    pub fn stderr(&self) -> String {
        self.stderr
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The server's stderr once it holds `needle` (or after [`TIMEOUT`]).
    pub fn stderr_once_it_holds(&self, needle: &str) -> String {
        self.stderr_once(|log| log.contains(needle))
    }

    /// The server's stderr once `holds` says it is complete (or after [`TIMEOUT`]): stderr is read by
    /// another thread than stdout, so a line the server logged before a message it then sent may not
    /// have been read yet when the message arrives.
    pub fn stderr_once(&self, holds: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let stderr = self.stderr();
            if holds(&stderr) || Instant::now() > deadline {
                return stderr;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    pub fn send(&mut self, message: &Value) {
        let body = serde_json::to_vec(message).expect("json");
        self.send_raw(&framed(&body));
    }

    /// Writes raw bytes to the server, framed or not.
    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin is open");
        stdin
            .write_all(bytes)
            .and_then(|()| stdin.flush())
            .expect("write to the server");
    }

    /// Waits for a response that answers no request of ours (an error with a null id, say).
    pub fn stray_response(&mut self) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(response) = self.stray_responses.pop_front() {
                return response;
            }
            let message = self.next_message(deadline);
            self.dispatch(message);
        }
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and returns its id without waiting.
    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        id
    }

    /// The next message from the server, answering server requests on the way.
    fn next_message(&mut self, deadline: Instant) -> Value {
        let now = Instant::now();
        let wait = deadline.saturating_duration_since(now);
        match self.messages.recv_timeout(wait) {
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) => panic!(
                "the server did not answer in time; its log:\n{}",
                self.stderr()
            ),
            Err(RecvTimeoutError::Disconnected) => {
                panic!("the server closed its output; its log:\n{}", self.stderr())
            }
        }
    }

    /// Handles a message that is not the response being waited for.
    fn dispatch(&mut self, message: Value) {
        if message.get("id").is_some() && message.get("method").is_some() {
            let id = message["id"].clone();
            let result = match message["method"].as_str() {
                Some("workspace/configuration") => {
                    let items = message["params"]["items"].as_array().map_or(0, Vec::len);
                    Value::Array(vec![self.configuration.clone(); items])
                }
                Some("workspace/applyEdit") => {
                    if self.edits_reach_disk {
                        apply_workspace_edit(&message["params"]["edit"], self.enc);
                    }
                    json!({ "applied": true })
                }
                _ => Value::Null,
            };
            self.server_requests.push(message);
            self.send(&json!({ "jsonrpc": "2.0", "id": id, "result": result }));
        } else if message.get("method").is_some() {
            self.notifications.push_back(message);
        } else {
            self.stray_responses.push_back(message);
        }
    }

    /// Waits for the response to request `id` (the whole response object).
    pub fn response(&mut self, id: i64) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let message = self.next_message(deadline);
            if message.get("method").is_none() && message["id"] == json!(id) {
                return message;
            }
            self.dispatch(message);
        }
    }

    /// Sends a request and returns its result; panics on an error response.
    /// The code actions the server offers at `line:character` (an empty range, no diagnostics passed).
    pub fn code_actions_at(&mut self, uri: &str, line: u64, character: u64) -> Value {
        self.request(
            "textDocument/codeAction",
            json!({
                "textDocument": { "uri": uri },
                "range": range((line, character), (line, character)),
                "context": { "diagnostics": [] },
            }),
        )
    }

    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params);
        let response = self.response(id);
        if let Some(error) = response.get("error") {
            panic!("{method} failed: {error}");
        }
        response["result"].clone()
    }

    /// Waits for a notification matching `method` and `accept`; earlier ones stay queued.
    pub fn wait_notification(&mut self, method: &str, accept: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(index) = self
                .notifications
                .iter()
                .position(|n| n["method"] == method && accept(&n["params"]))
            {
                return self.notifications.remove(index).expect("present")["params"].clone();
            }
            let message = self.next_message(deadline);
            self.dispatch(message);
        }
    }

    /// Waits for the diagnostics of `uri` at `version` (dropping older ones for it).
    pub fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let params = self.wait_notification("textDocument/publishDiagnostics", |p| {
            p["uri"] == uri && p["version"] == json!(version)
        });
        self.notifications.retain(|n| {
            !(n["method"] == "textDocument/publishDiagnostics" && n["params"]["uri"] == uri)
        });
        params["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// Waits for diagnostics of `uri` published without a version (config and glossary files).
    pub fn file_diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let params = self.wait_notification("textDocument/publishDiagnostics", |p| {
            p["uri"] == uri && p["version"].is_null()
        });
        params["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// Every message that arrives within `quiet` (answering server requests) goes to the queues.
    pub fn drain(&mut self, quiet: Duration) {
        while let Ok(message) = self.messages.recv_timeout(quiet) {
            self.dispatch(message);
        }
    }

    pub fn open(&mut self, uri: &str, language_id: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": {
                "uri": uri, "languageId": language_id, "version": version, "text": text,
            }}),
        );
    }

    /// Sends one `didChange` with these content changes.
    pub fn change(&mut self, uri: &str, version: i64, changes: Value) {
        self.send(&change_notification(uri, version, changes));
    }

    /// `shutdown` then `exit`; the server's exit status.
    pub fn shutdown_and_exit(mut self) -> ExitStatus {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        self.wait_exit()
    }

    /// Waits for the process to end (killing it after the timeout, which fails the test).
    pub fn wait_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("the server did not exit; its log:\n{}", self.stderr());
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Closes the server's stdin.
    pub fn close_stdin(&mut self) {
        self.stdin = None;
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for LspClient {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Reads one Content-Length framed message; `None` at the end of the stream.
fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse::<usize>().ok();
            }
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

/// Client capabilities of a capable editor, with the given position encodings offered.
pub fn capabilities(encodings: &[&str]) -> Value {
    json!({
        "general": { "positionEncodings": encodings },
        "textDocument": {
            "hover": { "contentFormat": ["markdown", "plaintext"] },
            "completion": { "completionItem": { "documentationFormat": ["markdown"] } },
        },
        "workspace": {
            "applyEdit": true,
            "workspaceEdit": { "documentChanges": true, "resourceOperations": ["create"] },
            "didChangeWatchedFiles": { "dynamicRegistration": true, "relativePatternSupport": true },
            "configuration": true,
        },
    })
}

/// A temporary project folder.
pub fn project() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("glossary-ls-test")
        .tempdir()
        .expect("tempdir")
}
