//! A pretty-printed JSON document whose one long array (the findings, the SARIF results) is written
//! element by element, so that a report can be printed as its files come: the document is printed by
//! serde_json as usual with [`HOLE`] as the array's only element, and cut there. The elements, printed
//! apart, get the indentation the hole had; the output is byte for byte what printing the whole
//! document at once gives.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::Formatter;

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

    /// Appends one element, after `written` others, to `out`: on its own lines, after a comma unless
    /// it is the first. Printed straight into `out`, each line starting with the frame's indentation
    /// ([`Framed`]): a report can have tens of thousands of elements, and printing each apart, then
    /// indenting a copy of it line by line, went over every byte twice and allocated twice.
    pub fn push_element(&self, out: &mut String, written: usize, element: &impl Serialize) {
        let mut bytes = std::mem::take(out).into_bytes();
        let kept = bytes.len();
        bytes.extend_from_slice(if written == 0 { b"\n" } else { b",\n" });
        bytes.extend_from_slice(self.indent.as_bytes());
        let framed = Framed {
            frame: self.indent.as_bytes(),
            level: 0,
            has_value: false,
        };
        let mut serializer = serde_json::Serializer::with_formatter(&mut bytes, framed);
        if element.serialize(&mut serializer).is_err() {
            // Not for the report's types; an element that cannot be printed is left out whole.
            bytes.truncate(kept);
        }
        // serde_json writes UTF-8 and `out` was a String, so this cannot fail; if it did, `out`
        // would be left empty rather than broken.
        *out = String::from_utf8(bytes).unwrap_or_default();
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

/// serde_json's pretty printing (two spaces a level), every line after the first starting with
/// `frame` too: what printing the element alone and indenting each of its lines by `frame` gives.
struct Framed<'a> {
    frame: &'a [u8],
    level: usize,
    has_value: bool,
}

impl Framed<'_> {
    fn new_line<W: ?Sized + Write>(&self, writer: &mut W, comma: bool) -> io::Result<()> {
        writer.write_all(if comma { b",\n" } else { b"\n" })?;
        writer.write_all(self.frame)?;
        (0..self.level).try_for_each(|_| writer.write_all(b"  "))
    }
}

impl Formatter for Framed<'_> {
    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.level += 1;
        self.has_value = false;
        writer.write_all(b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.level = self.level.saturating_sub(1);
        if self.has_value {
            self.new_line(writer, false)?;
        }
        writer.write_all(b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.new_line(writer, !first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.level += 1;
        self.has_value = false;
        writer.write_all(b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.level = self.level.saturating_sub(1);
        if self.has_value {
            self.new_line(writer, false)?;
        }
        writer.write_all(b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.new_line(writer, !first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
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
            frame.push_element(&mut apart, n, item);
        }
        apart.push_str(frame.tail(items.len()));
        assert_eq!(apart, whole(items));
        let empty = format!("{}{}", frame.head(), frame.tail(0));
        assert_eq!(empty, whole(Vec::new()));
    }
}
