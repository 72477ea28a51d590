//! The base protocol's framing, checked before tower-lsp-server sees a byte.
//!
//! tower-lsp-server 0.23 ends the session on the first frame it cannot decode: a missing or
//! non-numeric `Content-Length`, a body that is not UTF-8, not JSON, or JSON that is not a JSON-RPC
//! message (its codec returns an error, and `FramedRead` yields nothing after an error). A bogus huge
//! `Content-Length` makes it buffer without limit. A client bug or a stray byte would so end the
//! session, and with it the user's diagnostics.
//!
//! [`Framer`] therefore splits the input into frames itself, byte chunks in, [`Event`]s out, with chunk
//! boundaries anywhere. Each frame is either passed on (its body, to be re-framed canonically for the
//! framework) or answered with a JSON-RPC error whose id is null, as JSON-RPC 2.0 asks:
//!
//! - `-32700` Parse error: a header block that is malformed, too long, lacks `Content-Length` or has
//!   one that is not a decimal number or is over [`MAX_BODY`]; a body that is not UTF-8 or not JSON.
//!   The framer then resyncs: it skips to the next `Content-Length:` header, searching from just after
//!   the start of the bad header, or from the start of the bad body (so a frame swallowed by a
//!   `Content-Length` that was too large is still found);
//! - `-32600` Invalid Request: a body that is JSON but neither a request, a notification nor a
//!   response (with the request's id when it has a usable one). The frame itself was sound, so the
//!   next frame starts right after it.
//!
//! "Is it a JSON-RPC message" is decided with tower-lsp-server's own `Request` and `Response` types in
//! the same untagged enum the framework uses, so every body passed on is one the framework decodes.
//! The common case, a request or notification with nothing but the four fields, is first checked by
//! [`Skim`], which accepts only bodies that enum accepts but builds no tree (see its comment).

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;
use tower_lsp_server::jsonrpc::{Id, Request, Response};

/// The largest body accepted (128 MiB): far above any document worth editing (the analysis limit,
/// `max-file-size`, defaults to 10 MB), low enough that a bogus length cannot exhaust memory.
pub const MAX_BODY: usize = 128 << 20;

/// The longest header block accepted, blank line included.
pub const MAX_HEADER: usize = 8 << 10;

/// The room the input buffer keeps between frames; a larger frame's is given back after it.
const KEEP: usize = 128 << 10;
const CONTENT_LENGTH: &[u8] = b"content-length:";
const HEADER_END: &[u8] = b"\r\n\r\n";

/// JSON-RPC's "Parse error".
pub const PARSE_ERROR: i64 = -32700;
/// JSON-RPC's "Invalid Request".
pub const INVALID_REQUEST: i64 = -32600;

/// What the framer found in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// The body of a well-formed frame: UTF-8 JSON that is a JSON-RPC message.
    Message(Vec<u8>),
    /// A frame that is answered with an error instead.
    Error(FrameError),
}

/// The error answer to a bad frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameError {
    /// [`PARSE_ERROR`] or [`INVALID_REQUEST`].
    pub code: i64,
    /// The request's id (a number or a string) when a body that is JSON has one; else null.
    pub id: Value,
    pub message: String,
}

impl FrameError {
    fn parse(message: impl Into<String>) -> FrameError {
        FrameError {
            code: PARSE_ERROR,
            id: Value::Null,
            message: format!("Parse error: {}", message.into()),
        }
    }
}

/// The same untagged enum as tower-lsp-server's (crate-private) `Message`, so that "decodes here" means
/// "decodes there".
#[derive(Deserialize)]
#[serde(untagged)]
#[allow(dead_code, clippy::large_enum_variant)]
enum Message {
    Response(Response),
    Request(Request),
}

/// A request or notification, checked without building it: the fast path of [`check_body`].
///
/// The untagged enum above first buffers the whole body into serde's `Content` tree, then tries
/// `Response`, then `Request`, and the framework builds the params' `serde_json::Value` all over
/// again: for a `didChange` carrying many edits that was most of the protocol thread's work. A body
/// `Skim` accepts is one the enum accepts, field by field against `Request`'s definition
/// (tower-lsp-server 0.23, `jsonrpc/request.rs`):
///
/// - `jsonrpc`: `Version` reads a string and requires `"2.0"`; here a string, compared in
///   [`check_body`];
/// - `method`: `Cow<str>`, any string; the same here (and here it is required);
/// - `params`: any JSON value (`LSPAny`); here [`AnyValue`], which parses every value the same way;
/// - `id`: `Id` itself, optional as there (a `null` id is `Id::Null` there, `None` here: both accepted).
///
/// Anything else (an unknown or duplicate field, a missing `method`, a response) is not decided here:
/// `check_body` falls back on the enum, so `Skim` can only make the check cheaper, never different.
/// Its callers make sure the body is an object (a derived `Deserialize` also reads a struct from an
/// array).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Skim<'a> {
    #[serde(borrow)]
    jsonrpc: Cow<'a, str>,
    #[serde(borrow)]
    method: Cow<'a, str>,
    #[serde(default)]
    params: Option<AnyValue>,
    #[serde(default)]
    id: Option<Id>,
}

/// Any JSON value, parsed and dropped without being built.
///
/// Not serde's `IgnoredAny`: serde_json skips over an ignored value without checking its string escapes
/// (a lone surrogate `"\ud800"` passes), which `Value` rejects. This visitor asks for every value with
/// `deserialize_any`, as `Value` and serde's `Content` do, so strings (keys included), numbers and
/// nesting depth are checked by the same code; only nothing is allocated (strings are borrowed unless
/// they hold escapes).
struct AnyValue;

impl<'de> Deserialize<'de> for AnyValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<AnyValue, D::Error> {
        deserializer.deserialize_any(AnyValue)
    }
}

impl<'de> Visitor<'de> for AnyValue {
    type Value = AnyValue;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<AnyValue, E> {
        Ok(AnyValue)
    }

    fn visit_i64<E>(self, _: i64) -> Result<AnyValue, E> {
        Ok(AnyValue)
    }

    fn visit_u64<E>(self, _: u64) -> Result<AnyValue, E> {
        Ok(AnyValue)
    }

    fn visit_f64<E>(self, _: f64) -> Result<AnyValue, E> {
        Ok(AnyValue)
    }

    fn visit_str<E>(self, _: &str) -> Result<AnyValue, E> {
        Ok(AnyValue)
    }

    fn visit_unit<E>(self) -> Result<AnyValue, E> {
        Ok(AnyValue)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<AnyValue, A::Error> {
        while seq.next_element::<AnyValue>()?.is_some() {}
        Ok(AnyValue)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<AnyValue, A::Error> {
        while map.next_key::<AnyValue>()?.is_some() {
            map.next_value::<AnyValue>()?;
        }
        Ok(AnyValue)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Expecting a header block at `pos`.
    Header,
    /// Header read: the body starts at `body` and is `len` bytes long.
    Body { body: usize, len: usize },
    /// After a bad frame: looking for the next `Content-Length:` from `pos`.
    Skip,
}

/// Splits a byte stream into frames. Feed it chunks with [`Framer::feed`], then take events with
/// [`Framer::next_event`] until it returns `None`.
#[derive(Debug)]
pub struct Framer {
    buf: Vec<u8>,
    /// Where the unprocessed input starts in `buf`.
    pos: usize,
    /// How far from `pos` the search for the end of the header block has already looked.
    searched: usize,
    state: State,
}

impl Default for Framer {
    fn default() -> Framer {
        Framer::new()
    }
}

impl Framer {
    pub fn new() -> Framer {
        Framer {
            buf: Vec::new(),
            pos: 0,
            searched: 0,
            state: State::Header,
        }
    }

    /// Appends a chunk of input.
    pub fn feed(&mut self, chunk: &[u8]) {
        if self.pos > 0 {
            self.buf.drain(..self.pos);
            if let State::Body { body, len } = self.state {
                self.state = State::Body {
                    body: body - self.pos,
                    len,
                };
            }
            self.pos = 0;
        }
        // Room for a large body is made up to its end, not by doubling past it: a 1 MB document
        // opened or replaced in one message kept a 2 MB buffer.
        let needed = self.buf.len() + chunk.len();
        if needed > self.buf.capacity() {
            let doubled = needed.max(2 * self.buf.capacity());
            let target = match self.state {
                State::Body { body, len } => needed.max(doubled.min(body.saturating_add(len))),
                _ => doubled,
            };
            self.buf.reserve_exact(target - self.buf.len());
        }
        self.buf.extend_from_slice(chunk);
    }

    /// Bytes held while waiting for the rest of a frame.
    pub fn buffered(&self) -> usize {
        self.buf.len() - self.pos
    }

    /// The input not processed yet.
    fn rest(&self) -> &[u8] {
        self.buf.get(self.pos..).unwrap_or_default()
    }

    /// The next complete event, or `None` until more input arrives.
    pub fn next_event(&mut self) -> Option<Event> {
        loop {
            match self.state {
                State::Skip => {
                    let rest = self.rest();
                    match find_ignore_case(rest, CONTENT_LENGTH) {
                        Some(at) => {
                            self.advance(at);
                            self.state = State::Header;
                        }
                        None => {
                            // Keep what could be the start of a header split across chunks.
                            let keep = rest.len().min(CONTENT_LENGTH.len() - 1);
                            self.advance(rest.len() - keep);
                            return None;
                        }
                    }
                }
                State::Header => {
                    // Line breaks or spaces between frames are tolerated silently.
                    let blank = self
                        .rest()
                        .iter()
                        .take_while(|b| b.is_ascii_whitespace())
                        .count();
                    self.advance(blank);
                    // Borrows only `buf`: `searched` and `state` change below.
                    let rest = self.buf.get(self.pos..).unwrap_or_default();
                    if rest.is_empty() {
                        return None;
                    }
                    let from = self.searched.saturating_sub(HEADER_END.len() - 1);
                    let Some(end) =
                        memchr::memmem::find(rest.get(from..).unwrap_or_default(), HEADER_END)
                            .map(|i| i + from)
                    else {
                        self.searched = rest.len();
                        if rest.len() > MAX_HEADER {
                            return Some(self.bad_header(format!(
                                "no blank line ending the header within {MAX_HEADER} bytes"
                            )));
                        }
                        return None;
                    };
                    if end + HEADER_END.len() > MAX_HEADER {
                        return Some(
                            self.bad_header(format!(
                                "the header is longer than {MAX_HEADER} bytes"
                            )),
                        );
                    }
                    match content_length(rest.get(..end).unwrap_or_default()) {
                        Ok(len) => {
                            self.state = State::Body {
                                body: self.pos + end + HEADER_END.len(),
                                len,
                            };
                        }
                        Err(message) => return Some(self.bad_header(message)),
                    }
                }
                State::Body { body, len } => {
                    // `None` until the whole body has arrived.
                    let bytes = self.buf.get(body..body.checked_add(len)?)?;
                    let checked = check_body(bytes);
                    return Some(match checked {
                        Ok(()) => {
                            let message = bytes.to_vec();
                            self.finish_frame(body + len);
                            Event::Message(message)
                        }
                        Err(error) if error.code == INVALID_REQUEST => {
                            self.finish_frame(body + len);
                            Event::Error(error)
                        }
                        Err(error) => {
                            // Resync inside the body: a `Content-Length` that was too large swallows
                            // the frames after it.
                            self.pos = body;
                            self.searched = 0;
                            self.state = State::Skip;
                            Event::Error(error)
                        }
                    });
                }
            }
        }
    }

    fn advance(&mut self, n: usize) {
        if n > 0 {
            self.pos += n;
            self.searched = 0;
        }
    }

    fn finish_frame(&mut self, end: usize) {
        self.pos = end;
        self.searched = 0;
        self.state = State::Header;
        // A large frame's room is given back once it is read, not kept for the whole session
        // (it counts in the server's peak memory while the document it carried is analysed).
        if self.buf.capacity() > KEEP && self.buf.len() - self.pos <= KEEP / 2 {
            self.buf.drain(..self.pos);
            self.pos = 0;
            self.buf.shrink_to(KEEP);
        }
    }

    /// A bad header block at `pos`: skip to the next `Content-Length:` after its first byte.
    fn bad_header(&mut self, message: String) -> Event {
        self.advance(1);
        self.state = State::Skip;
        Event::Error(FrameError::parse(message))
    }
}

/// The `Content-Length` of a header block (without its closing blank line).
fn content_length(header: &[u8]) -> Result<usize, String> {
    let mut length = None;
    let mut lines = header.split(|&b| b == b'\n').peekable();
    while let Some(line) = lines.next() {
        // The block's last line lost its `\r\n` to the blank line that ends the block.
        let line = match line.strip_suffix(b"\r") {
            Some(line) if lines.peek().is_some() => line,
            _ if lines.peek().is_some() => {
                return Err("header lines must end with \\r\\n".into());
            }
            _ => line,
        };
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            return Err(format!("malformed header line `{}`", shown(line)));
        };
        let (name, value) = line.split_at(colon);
        let value = value.get(1..).unwrap_or_default().trim_ascii();
        if !name.eq_ignore_ascii_case(b"content-length") {
            continue;
        }
        if value.is_empty() || !value.iter().all(u8::is_ascii_digit) {
            return Err(format!(
                "Content-Length `{}` is not a decimal number",
                shown(value)
            ));
        }
        // All digits: parsing fails only on overflow, which is over the limit anyway.
        let parsed = std::str::from_utf8(value)
            .ok()
            .and_then(|v| v.parse::<usize>().ok())
            .unwrap_or(usize::MAX);
        if parsed > MAX_BODY {
            return Err(format!(
                "Content-Length {} is over the {MAX_BODY}-byte limit",
                shown(value)
            ));
        }
        if length.is_some_and(|l| l != parsed) {
            return Err("conflicting Content-Length headers".into());
        }
        length = Some(parsed);
    }
    length.ok_or_else(|| "missing Content-Length header".into())
}

/// Checks that a body is a JSON-RPC message the framework will decode.
fn check_body(body: &[u8]) -> Result<(), FrameError> {
    let Ok(text) = std::str::from_utf8(body) else {
        return Err(FrameError::parse("the body is not valid UTF-8"));
    };
    // serde's derived `Deserialize` also reads a struct from a JSON array, so the framework would
    // take `["2.0", "exit"]` for an `exit` notification; JSON-RPC messages are objects.
    let is_object = text.trim_start().starts_with('{');
    if is_object {
        let skimmed = serde_json::from_str::<Skim>(text).is_ok_and(|m| m.jsonrpc == "2.0");
        if skimmed || framework_decodes(text) {
            return Ok(());
        }
    }
    match serde_json::from_str::<Value>(text) {
        Ok(value) => {
            let id = match value.get("id") {
                Some(id @ Value::String(_)) => id.clone(),
                Some(id) if id.as_i64().is_some() => id.clone(),
                _ => Value::Null,
            };
            Err(FrameError {
                code: INVALID_REQUEST,
                id,
                message: "Invalid Request: the body is JSON but not a JSON-RPC 2.0 request, \
                          notification or response"
                    .into(),
            })
        }
        Err(error) => Err(FrameError::parse(format!("the body is not JSON ({error})"))),
    }
}

/// Whether tower-lsp-server's codec decodes `text` as a message: the check without [`Skim`]'s fast path,
/// public for the framing fuzz target, which checks that the fast path never accepts more.
#[doc(hidden)]
pub fn framework_decodes(text: &str) -> bool {
    serde_json::from_str::<Message>(text).is_ok()
}

/// A header value or line for an error message: lossy, and cut short.
fn shown(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes.get(..40).unwrap_or(bytes));
    if bytes.len() > 40 {
        format!("{text}…")
    } else {
        text.into_owned()
    }
}

/// The first occurrence of `needle` (lowercase ASCII) in `haystack`, ignoring ASCII case.
fn find_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let &first = needle.first()?;
    let mut from = 0;
    while let Some(i) = memchr::memchr2(
        first,
        first.to_ascii_uppercase(),
        haystack.get(from..).unwrap_or_default(),
    ) {
        let at = from + i;
        // `None` when the haystack ends before a whole needle would.
        let candidate = haystack.get(at..at + needle.len())?;
        if candidate.eq_ignore_ascii_case(needle) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// A frame as the framework expects it: `Content-Length`, blank line, body.
pub fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOVER: &str = r#"{"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{}}"#;
    const NOTE: &str = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;

    /// Every event for `input` fed in chunks of `chunk` bytes.
    fn events(input: &[u8], chunk: usize) -> Vec<Event> {
        let mut framer = Framer::new();
        let mut out = Vec::new();
        for piece in input.chunks(chunk.max(1)) {
            framer.feed(piece);
            while let Some(event) = framer.next_event() {
                out.push(event);
            }
        }
        out
    }

    /// A summary: `M:<body>` or `E<code>`.
    fn summary(input: &[u8]) -> Vec<String> {
        let whole = events(input, usize::MAX);
        for chunk in [1, 2, 3, 7, 64] {
            assert_eq!(events(input, chunk), whole, "chunks of {chunk}");
        }
        whole
            .into_iter()
            .map(|event| match event {
                Event::Message(body) => format!("M:{}", String::from_utf8_lossy(&body)),
                Event::Error(error) => format!("E{}", error.code),
            })
            .collect()
    }

    fn m(body: &str) -> String {
        format!("M:{body}")
    }

    fn f(body: &str) -> Vec<u8> {
        frame(body.as_bytes())
    }

    fn cat(parts: &[&[u8]]) -> Vec<u8> {
        parts.concat()
    }

    #[test]
    fn well_formed_frames_pass_in_any_chunking() {
        let input = cat(&[&f(HOVER), &f(NOTE), &f(HOVER)]);
        assert_eq!(summary(&input), [m(HOVER), m(NOTE), m(HOVER)]);
        // Header names in any case, other headers, spaces around the value, CRLF between frames.
        let input = cat(&[
            b"content-length:  ",
            NOTE.len().to_string().as_bytes(),
            b" \r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n",
            NOTE.as_bytes(),
            b"\r\n",
            &f(HOVER),
        ]);
        assert_eq!(summary(&input), [m(NOTE), m(HOVER)]);
    }

    #[test]
    fn a_large_frame_is_buffered_at_its_size_and_its_room_given_back() {
        // A 1 MB document opened in one message, read in the server's 64 KB chunks.
        let text = "x".repeat(1 << 20);
        let open = format!(
            r#"{{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{{"text":"{text}"}}}}"#
        );
        let input = cat(&[&f(&open), &f(HOVER)]);
        let mut framer = Framer::new();
        let (mut out, mut most) = (Vec::new(), 0);
        for piece in input.chunks(64 << 10) {
            framer.feed(piece);
            most = most.max(framer.buf.capacity());
            while let Some(Event::Message(body)) = framer.next_event() {
                out.push(body);
            }
        }
        assert_eq!(out, [open.as_bytes(), HOVER.as_bytes()]);
        let frame_len = f(&open).len();
        assert!(
            most <= frame_len + (64 << 10),
            "{most} bytes of room for a frame of {frame_len}"
        );
        assert!(framer.buf.capacity() <= KEEP, "the room is given back");
    }

    #[test]
    fn bodies_that_are_not_json_are_parse_errors_and_the_next_frame_is_read() {
        let input = cat(&[&f("{not json"), &f(HOVER)]);
        assert_eq!(summary(&input), ["E-32700".to_string(), m(HOVER)]);
        let input = cat(&[&frame(b"{\"a\":\"\xff\xfe\"}"), &f(HOVER)]);
        assert_eq!(summary(&input), ["E-32700".to_string(), m(HOVER)]);
        // Trailing data after the JSON value.
        let input = cat(&[&f(&format!("{NOTE} x")), &f(HOVER)]);
        assert_eq!(summary(&input), ["E-32700".to_string(), m(HOVER)]);
        let input = cat(&[&f(""), &f(HOVER)]);
        assert_eq!(summary(&input), ["E-32700".to_string(), m(HOVER)]);
    }

    #[test]
    fn json_that_is_not_a_message_is_an_invalid_request_with_its_id() {
        let mut framer = Framer::new();
        framer.feed(&cat(&[
            &f(r#"{"jsonrpc":"2.0","id":7,"method":3}"#),
            &f("[1, 2]"),
            &f(r#"{"jsonrpc":"1.0","id":"x","method":"m"}"#),
            // What serde would read as a request: a struct's fields as an array.
            &f(r#"["2.0","exit"]"#),
            &f(HOVER),
        ]));
        let mut ids = Vec::new();
        while let Some(event) = framer.next_event() {
            match event {
                Event::Error(error) => {
                    assert_eq!(error.code, INVALID_REQUEST);
                    ids.push(error.id);
                }
                Event::Message(body) => assert_eq!(body, HOVER.as_bytes()),
            }
        }
        assert_eq!(
            ids,
            [
                serde_json::json!(7),
                Value::Null,
                serde_json::json!("x"),
                Value::Null
            ]
        );
    }

    #[test]
    fn bad_content_lengths_are_parse_errors_then_resync() {
        for length in [
            "abc",
            "-5",
            "+5",
            "",
            "5 5",
            "0x10",
            "99999999999999999999999",
        ] {
            let input = cat(&[
                format!("Content-Length: {length}\r\n\r\n{NOTE}").as_bytes(),
                &f(HOVER),
            ]);
            assert_eq!(
                summary(&input),
                ["E-32700".to_string(), m(HOVER)],
                "{length:?}"
            );
        }
        // Over the limit.
        let input = cat(&[
            format!("Content-Length: {}\r\n\r\n{NOTE}", MAX_BODY + 1).as_bytes(),
            &f(HOVER),
        ]);
        assert_eq!(summary(&input), ["E-32700".to_string(), m(HOVER)]);
        // Missing.
        let input = cat(&[
            format!("Content-Type: application/json\r\n\r\n{NOTE}").as_bytes(),
            &f(HOVER),
        ]);
        assert_eq!(summary(&input), ["E-32700".to_string(), m(HOVER)]);
        // Conflicting: an error, then the second header is read as a frame of its own (whose
        // four-byte body is not JSON).
        let input = cat(&[b"Content-Length: 3\r\nContent-Length: 4\r\n\r\n", &f(HOVER)]);
        assert_eq!(
            summary(&input),
            ["E-32700".to_string(), "E-32700".to_string(), m(HOVER)]
        );
    }

    #[test]
    fn a_length_too_small_or_too_large_costs_only_its_own_frame() {
        // Too small: the cut body is not JSON; its tail is skipped.
        let input = cat(&[
            format!("Content-Length: {}\r\n\r\n{NOTE}", NOTE.len() - 5).as_bytes(),
            &f(HOVER),
        ]);
        assert_eq!(summary(&input), ["E-32700".to_string(), m(HOVER)]);
        // Too large: the body runs into the next frame, which is found again.
        let input = cat(&[
            format!("Content-Length: {}\r\n\r\n{NOTE}", NOTE.len() + 10).as_bytes(),
            &f(HOVER),
            &f(NOTE),
        ]);
        assert_eq!(summary(&input), ["E-32700".to_string(), m(HOVER), m(NOTE)]);
    }

    #[test]
    fn garbage_between_frames_is_skipped() {
        let input = cat(&[
            b"garbage\r\n\r\n",
            &f(HOVER),
            b"\x00\xff more garbage",
            &f(NOTE),
            b"Content-Length: 12\r\n", // a header cut short by the end of input
        ]);
        assert_eq!(
            summary(&input),
            [
                "E-32700".to_string(),
                m(HOVER),
                "E-32700".to_string(),
                m(NOTE)
            ]
        );
        // Garbage glued to the front of a header.
        let input = cat(&[b"xyz", &f(HOVER)]);
        assert_eq!(summary(&input), ["E-32700".to_string(), m(HOVER)]);
    }

    #[test]
    fn endless_headers_are_cut_off() {
        let mut framer = Framer::new();
        framer.feed(&vec![b'a'; MAX_HEADER + 1]);
        assert!(matches!(framer.next_event(), Some(Event::Error(_))));
        assert_eq!(framer.next_event(), None);
        assert!(framer.buffered() < CONTENT_LENGTH.len());
        framer.feed(&f(HOVER));
        assert_eq!(framer.next_event(), Some(Event::Message(HOVER.into())));
        // Bare \n line ends are not the base protocol.
        let input = cat(&[b"Content-Length: 2\n\n{}", &f(HOVER)]);
        assert_eq!(summary(&input), ["E-32700".to_string(), m(HOVER)]);
    }

    /// The fast path accepts only what the framework's enum accepts, and takes the common messages.
    #[test]
    fn the_skim_accepts_only_what_the_framework_decodes() {
        let skims =
            |body: &str| serde_json::from_str::<Skim>(body).is_ok_and(|m| m.jsonrpc == "2.0");
        let decodes = |body: &str| serde_json::from_str::<Message>(body).is_ok();
        let deep = format!(
            r#"{{"jsonrpc":"2.0","method":"m","params":{}1{}}}"#,
            "[".repeat(200),
            "]".repeat(200)
        );
        let common = [
            HOVER,
            NOTE,
            r#"{"jsonrpc":"2.0","method":"m"}"#,
            r#"{"jsonrpc":"2.0","method":"m","id":null,"params":null}"#,
            r#"{"jsonrpc":"2.0","method":"m","id":"x","params":[1,-2,3.5e3,true,null,"\u00e9\ud83d\ude00"]}"#,
            r#"{"id":-7,"params":{"a":{"a":1},"a":2},"method":"m\n","jsonrpc":"2.0"}"#,
            r#"{"jsonrpc":"2\u002e0","method":"m"}"#,
        ];
        for body in common {
            assert!(skims(body), "{body}");
            assert!(decodes(body), "{body}");
        }
        let rejected = [
            // Lone surrogates, which serde's IgnoredAny would let through.
            r#"{"jsonrpc":"2.0","method":"m","params":"\ud800"}"#,
            r#"{"jsonrpc":"2.0","method":"m","params":{"\udc00":1}}"#,
            r#"{"jsonrpc":"2.0","method":"m","params":1e400}"#,
            &deep,
            r#"{"jsonrpc":"2.0","method":"m","params":{"a":1,}}"#,
            r#"{"jsonrpc":"2.0","method":"m","params":"\x"}"#,
            r#"{"jsonrpc":"2.0","method":"m","id":1.5}"#,
            r#"{"jsonrpc":"2.0","method":"m","id":18446744073709551615}"#,
            r#"{"jsonrpc":"2.0","method":"m","id":[1]}"#,
            r#"{"jsonrpc":"2.0","method":3}"#,
            r#"{"jsonrpc":"1.0","method":"m"}"#,
            r#"{"jsonrpc":2.0,"method":"m"}"#,
            r#"{"jsonrpc":"2.0","method":"m","method":"n"}"#,
        ];
        for body in rejected {
            assert!(!skims(body), "{body}");
            assert!(!decodes(body), "{body}");
        }
        // Not decided by the skim; the enum takes them.
        for body in [
            r#"{"jsonrpc":"2.0","id":1}"#,
            r#"{"jsonrpc":"2.0","method":"m","extra":1}"#,
            r#"{"jsonrpc":"2.0","id":1,"result":null}"#,
            r#"{"jsonrpc":"2.0","id":1,"error":{"code":1,"message":"x"}}"#,
        ] {
            assert!(!skims(body), "{body}");
            assert!(check_body(body.as_bytes()).is_ok(), "{body}");
        }
        assert!(check_body(deep.as_bytes()).is_err());
    }

    #[test]
    fn case_insensitive_search() {
        assert_eq!(
            find_ignore_case(b"xxCONTENT-length:", CONTENT_LENGTH),
            Some(2)
        );
        assert_eq!(find_ignore_case(b"content-lengt", CONTENT_LENGTH), None);
        assert_eq!(find_ignore_case(b"", CONTENT_LENGTH), None);
    }
}
