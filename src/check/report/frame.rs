//! A pretty-printed JSON document whose one long array (the findings, the SARIF results) is written
//! element by element, so that a report can be printed as its files come: the document is printed by
//! serde_json as usual with [`HOLE`] as the array's only element, and cut there. The elements, printed
//! apart, get the indentation the hole had; the output is byte for byte what printing the whole
//! document at once gives.

use serde::Serialize;

/// The stand-in for the elements. No report can hold it: control characters in a file's text are
/// escaped in JSON as `\u0001`, never this string with its words.
pub const HOLE: &str = "\u{1}glossary-ls: the elements go here\u{1}";

/// The document around the array.
pub struct Frame {
    /// Up to and including the array's `[`.
    head: String,
    /// Of each element's lines.
    indent: String,
    /// From the newline before the array's `]` to the document's final newline.
    tail: String,
}

impl Frame {
    /// The frame of `document`, printed with [`HOLE`] as the only element of the array to fill and
    /// ending with a newline, as the reports do.
    pub fn around(document: &impl Serialize) -> Frame {
        let mut text = serde_json::to_string_pretty(document).unwrap_or_default();
        text.push('\n');
        let hole = serde_json::to_string(HOLE).unwrap_or_default();
        let (before, tail) = text.split_once(&hole).unwrap_or((&text, ""));
        let (head, indent) = before.rsplit_once('\n').unwrap_or((before, ""));
        Frame {
            head: head.to_string(),
            indent: indent.to_string(),
            tail: tail.to_string(),
        }
    }

    /// Up to and including the array's `[`.
    pub fn head(&self) -> &str {
        &self.head
    }

    /// One element, after `written` others: on its own lines, after a comma unless it is the first.
    pub fn element(&self, written: usize, element: &impl Serialize) -> String {
        let text = serde_json::to_string_pretty(element).unwrap_or_default();
        let mut out = String::with_capacity(text.len() + text.len() / 8);
        out.push_str(if written == 0 { "\n" } else { ",\n" });
        for (n, line) in text.split('\n').enumerate() {
            if n > 0 {
                out.push('\n');
            }
            out.push_str(&self.indent);
            out.push_str(line);
        }
        out
    }

    /// The rest of the document, after `written` elements: serde_json prints an empty array as `[]`.
    pub fn tail(&self, written: usize) -> &str {
        if written == 0 {
            self.tail.trim_start()
        } else {
            &self.tail
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn elements_written_apart_make_the_document_printed_whole() {
        let whole = |items: Vec<serde_json::Value>| {
            serde_json::to_string_pretty(&json!({"a": 1, "list": items, "z": [true]}))
                .expect("json")
                + "\n"
        };
        let frame = Frame::around(&json!({"a": 1, "list": [HOLE], "z": [true]}));
        let items = vec![json!({"x": [1, 2], "y": "a\nb"}), json!(3), json!([])];
        let mut apart = frame.head().to_string();
        for (n, item) in items.iter().enumerate() {
            apart.push_str(&frame.element(n, item));
        }
        apart.push_str(frame.tail(items.len()));
        assert_eq!(apart, whole(items));
        let empty = format!("{}{}", frame.head(), frame.tail(0));
        assert_eq!(empty, whole(Vec::new()));
    }
}
