//! The framing layer on arbitrary bytes in arbitrary chunks: never a panic, the same events whatever
//! the chunking, only decodable bodies passed on, and every well-formed frame embedded in garbage
//! recovered, in order.
//!
//! The input is split into segments: each is either garbage (the fuzzer's bytes, without `c`/`C`, so
//! that garbage never contains a `Content-Length` header of its own) or a well-formed frame whose body
//! is a JSON-RPC request carrying the fuzzer's bytes as a string. Headers vary in case and extras.
#![no_main]

use glossary_ls::lsp::framing::{Event, Framer};
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value};

/// Whether tower-lsp-server's codec decodes `body` (UTF-8, then its untagged message enum, which
/// `framing` copies).
fn framework_decodes(body: &[u8]) -> bool {
    std::str::from_utf8(body).is_ok_and(glossary_ls::lsp::framing::framework_decodes)
}

/// Whether the framer passes `body` on, framed alone.
fn passed_on(body: &[u8]) -> bool {
    let mut framer = Framer::new();
    framer.feed(&glossary_ls::lsp::framing::frame(body));
    matches!(framer.next_event(), Some(Event::Message(_)))
}

fn events(input: &[u8], chunks: &[usize]) -> Vec<Event> {
    let mut framer = Framer::new();
    let mut out = Vec::new();
    let mut rest = input;
    let mut sizes = chunks.iter().cycle();
    while !rest.is_empty() {
        let size = (*sizes.next().unwrap_or(&1)).clamp(1, rest.len());
        framer.feed(&rest[..size]);
        rest = &rest[size..];
        while let Some(event) = framer.next_event() {
            out.push(event);
        }
    }
    out
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 2 {
        return;
    }
    // Chunk sizes from the first bytes.
    let chunks: Vec<usize> = data[..4.min(data.len())]
        .iter()
        .map(|&b| usize::from(b) + 1)
        .collect();
    let data = &data[chunks.len()..];

    // 1. Raw bytes: no panic, chunking does not matter, bodies passed on are JSON-RPC messages.
    let raw = events(data, &chunks);
    assert_eq!(raw, events(data, &[usize::MAX]));
    for event in &raw {
        if let Event::Message(body) = event {
            let value: Value = serde_json::from_slice(body).expect("a JSON body");
            assert!(value.is_object(), "{value}");
            assert!(framework_decodes(body), "{value}");
        }
    }

    // 1b. The fuzzer's bytes as a request's params or id: passed on exactly when the framework
    // decodes it (the framing check's fast path, which builds no tree, must agree with the framework
    // on every string escape, number, nesting depth and extra field).
    let params = [br#"{"jsonrpc":"2.0","method":"m","params":"#.as_slice(), data, b"}"].concat();
    let id = [br#"{"jsonrpc":"2.0","method":"m","id":"#.as_slice(), data, b"}"].concat();
    for body in [params, id] {
        assert_eq!(
            passed_on(&body),
            framework_decodes(&body),
            "{:?}",
            String::from_utf8_lossy(&body)
        );
    }

    // 2. Segments: garbage and frames, separated by 0xFE bytes in the input.
    let mut stream = Vec::new();
    let mut expected = Vec::new();
    for (i, segment) in data.split(|&b| b == 0xFE).enumerate() {
        if segment.first().is_some_and(|&b| b % 2 == 0) {
            let text = String::from_utf8_lossy(&segment[1..]);
            let body = json!({ "jsonrpc": "2.0", "id": i, "method": "m", "params": { "s": text } })
                .to_string();
            let header = match segment[0] % 8 {
                0 => format!("content-length: {}\r\n\r\n", body.len()),
                2 => format!(
                    "Content-Length:{}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n",
                    body.len()
                ),
                4 => format!("\r\nContent-Length: {}  \r\n\r\n", body.len()),
                _ => format!("Content-Length: {}\r\n\r\n", body.len()),
            };
            stream.extend_from_slice(header.as_bytes());
            stream.extend_from_slice(body.as_bytes());
            expected.push(body.into_bytes());
        } else {
            stream.extend(segment.iter().filter(|&&b| b != b'c' && b != b'C'));
        }
    }
    let found: Vec<Vec<u8>> = events(&stream, &chunks)
        .into_iter()
        .filter_map(|event| match event {
            Event::Message(body) => Some(body),
            Event::Error(_) => None,
        })
        .collect();
    assert_eq!(
        found.len(),
        expected.len(),
        "stream: {:?}",
        String::from_utf8_lossy(&stream)
    );
    assert_eq!(found, expected);
});
