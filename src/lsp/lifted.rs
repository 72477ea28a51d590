//! Large document texts kept out of the framework's read buffer.
//!
//! tower-lsp-server reads every message into one buffer (tokio-util's `FramedRead`) that grows by
//! doubling until the largest message fits and never shrinks: once a client opened or replaced a
//! 1 MB document, 2 MiB stayed resident for the rest of the session, about a twentieth of the
//! server's peak memory on bench-1mb.md (docs/performance.md, session 25). [`Input`] therefore takes
//! the texts out of a large `didOpen` or `didChange` before the framework reads it ([`lift`]),
//! leaving the message's number in their place, and [`Sequenced`] puts them back ([`Lifted::restore`])
//! before the parameters are read: what the handlers see is what the client sent.
//!
//! [`Input`]: super::transport::Input
//! [`Sequenced`]: super::transport::Sequenced

use std::collections::VecDeque;
use std::sync::Mutex;

use serde_json::Value;

use super::state::lock;

/// Messages at least this long have their texts lifted; a keystroke's change is far shorter, and a
/// read buffer of twice this stays small.
pub const LIFT_FROM_BYTES: usize = 64 << 10;

/// The parameter under which a lifted message carries its number.
const KEY: &str = "$glossaryLsLifted";

/// The texts lifted out of messages not yet applied, oldest first, by message number.
#[derive(Debug, Default)]
pub struct Lifted {
    next: u64,
    texts: VecDeque<(u64, Vec<String>)>,
}

/// `body` (a message as the client framed it) with the texts of a large `didOpen` or `didChange`
/// taken out into `lifted`, or `body` as it is.
pub fn lift(lifted: &Mutex<Lifted>, body: Vec<u8>) -> Vec<u8> {
    if body.len() < LIFT_FROM_BYTES {
        return body;
    }
    let Ok(mut message) = serde_json::from_slice::<Value>(&body) else {
        return body;
    };
    let method = message
        .get("method")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let Some(params) = message.get_mut("params") else {
        return body;
    };
    let texts: Vec<String> = slots(&method, params)
        .into_iter()
        .filter_map(|slot| match slot {
            Value::String(text) => Some(std::mem::take(text)),
            _ => None,
        })
        .collect();
    let Some(fields) = params.as_object_mut().filter(|_| !texts.is_empty()) else {
        return body;
    };
    let mut lifted = lock(lifted);
    let number = lifted.next;
    fields.insert(KEY.to_string(), Value::from(number));
    let Ok(lighter) = serde_json::to_vec(&message) else {
        return body;
    };
    lifted.next += 1;
    lifted.texts.push_back((number, texts));
    lighter
}

impl Lifted {
    /// Puts the texts lifted out of the message with these parameters back where they were. Messages
    /// are applied in the order they were read, so texts lifted before this message's were never
    /// claimed (the framework answered their messages itself): they are dropped.
    pub fn restore(&mut self, method: &str, params: &mut Value) {
        let Some(number) = params
            .as_object_mut()
            .and_then(|fields| fields.remove(KEY))
            .and_then(|number| number.as_u64())
        else {
            return;
        };
        while self.texts.front().is_some_and(|(n, _)| *n < number) {
            self.texts.pop_front();
        }
        if self.texts.front().is_none_or(|(n, _)| *n != number) {
            return;
        }
        let Some((_, texts)) = self.texts.pop_front() else {
            return;
        };
        let mut texts = texts.into_iter();
        for slot in slots(method, params) {
            if matches!(slot, Value::String(_)) {
                if let Some(text) = texts.next() {
                    *slot = Value::String(text);
                }
            }
        }
    }
}

/// Where the texts of a `didOpen` or `didChange` are in its parameters, in order.
fn slots<'a>(method: &str, params: &'a mut Value) -> Vec<&'a mut Value> {
    match method {
        "textDocument/didOpen" => params
            .pointer_mut("/textDocument/text")
            .into_iter()
            .collect(),
        "textDocument/didChange" => params
            .get_mut("contentChanges")
            .and_then(Value::as_array_mut)
            .into_iter()
            .flatten()
            .filter_map(|change| change.get_mut("text"))
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(message: &Value) -> Value {
        let lifted = Mutex::new(Lifted::default());
        let body = serde_json::to_vec(message).unwrap();
        let lighter = lift(&lifted, body.clone());
        let mut seen: Value = serde_json::from_slice(&lighter).unwrap();
        let method = seen["method"].as_str().unwrap_or_default().to_string();
        if let Some(params) = seen.get_mut("params") {
            lock(&lifted).restore(&method, params);
        }
        assert!(lock(&lifted).texts.is_empty());
        seen
    }

    #[test]
    fn large_texts_are_lifted_and_put_back() {
        let big = "é a\n".repeat(LIFT_FROM_BYTES / 2);
        let open = serde_json::json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params":
            {"textDocument": {"uri": "file:///a.md", "languageId": "markdown", "version": 1, "text": big}}});
        let lifted = Mutex::new(Lifted::default());
        let lighter = lift(&lifted, serde_json::to_vec(&open).unwrap());
        assert!(lighter.len() < 1000, "{}", lighter.len());
        assert_eq!(round_trip(&open), open);
        let change = serde_json::json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params":
            {"textDocument": {"uri": "file:///a.md", "version": 2}, "contentChanges": [
                {"text": big}, {"range": {"start": {"line": 0, "character": 0},
                "end": {"line": 0, "character": 0}}, "text": "x"}, {"text": 7}]}});
        assert_eq!(round_trip(&change), change);
    }

    #[test]
    fn other_messages_pass_as_they_are() {
        let small = serde_json::json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params":
            {"textDocument": {"uri": "file:///a.md", "languageId": "markdown", "version": 1, "text": "a"}}});
        let other = serde_json::json!({"jsonrpc": "2.0", "method": "workspace/didChangeConfiguration",
            "params": {"settings": {"text": "x".repeat(LIFT_FROM_BYTES)}}});
        for message in [small, other] {
            let lifted = Mutex::new(Lifted::default());
            let body = serde_json::to_vec(&message).unwrap();
            assert_eq!(lift(&lifted, body.clone()), body);
        }
        let lifted = Mutex::new(Lifted::default());
        let broken = b"{\"text\": ".repeat(LIFT_FROM_BYTES);
        assert_eq!(lift(&lifted, broken.clone()), broken);
    }

    #[test]
    fn unclaimed_texts_are_dropped_and_a_number_without_texts_takes_none() {
        let big = "a".repeat(LIFT_FROM_BYTES);
        let open = |uri: &str| {
            serde_json::to_vec(&serde_json::json!({"jsonrpc": "2.0", "method": "textDocument/didOpen",
                "params": {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": big}}}))
            .unwrap()
        };
        let lifted = Mutex::new(Lifted::default());
        let _unclaimed = lift(&lifted, open("file:///a.md"));
        let second: Value = serde_json::from_slice(&lift(&lifted, open("file:///b.md"))).unwrap();
        let mut params = second["params"].clone();
        lock(&lifted).restore("textDocument/didOpen", &mut params);
        assert_eq!(params["textDocument"]["text"], Value::String(big.clone()));
        assert!(lock(&lifted).texts.is_empty());
        let mut forged = serde_json::json!({"textDocument": {"text": "mine"}, KEY: 7});
        lock(&lifted).restore("textDocument/didOpen", &mut forged);
        assert_eq!(
            forged,
            serde_json::json!({"textDocument": {"text": "mine"}})
        );
    }
}
