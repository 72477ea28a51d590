//! The document store's incremental edits against a plain `String` model: arbitrary sequences of range
//! replacements (positions in UTF-8, UTF-16 or UTF-32, clamped, reversed, inside characters, far past
//! the end) and whole-text replacements, with multi-byte text and every kind of line break. After each
//! edit the rope's text must equal the model's, computed independently from the LSP rules:
//! lines end at `\n`, `\r\n` or `\r`; a character past the line's end is the line's end; a line past the
//! end is the text's end; a position inside a character is its start; a reversed range is empty.
//!
//! After each edit the text is also analysed as the server analyses it, reusing the block scans kept
//! from the previous version (`analyze_incremental`), and that analysis must equal the analysis of
//! the text from scratch (`analyze`, as `check` runs it), in the format the input's first byte picks.
#![no_main]

use glossary_ls::analysis::{
    analyze, analyze_incremental, Cancel, DocKind, Engine, KeptBlocks, Settings,
};
use glossary_ls::config::Config;
use std::sync::{Arc, OnceLock};

use glossary_ls::lsp::documents::apply_change;
use glossary_ls::lsp::encoding::Encoding;
use libfuzzer_sys::fuzz_target;
use ropey::Rope;
use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent};

const PIECES: [&str; 24] = [
    "a",
    "b",
    " ",
    "é",
    "漢",
    "😀",
    "\n",
    "\r",
    "\r\n",
    "\u{2028}",
    "\u{c}",
    "x\u{301}",
    "LLM",
    "GRPO",
    " (RL)",
    "Mixture of Experts (MoE)",
    "(",
    ")",
    "`",
    "# ",
    "- ",
    "\n\n",
    "```\n",
    "\\section{",
];

const KINDS: [DocKind; 7] = [
    DocKind::Markdown,
    DocKind::PlainText,
    DocKind::ReStructuredText,
    DocKind::Latex,
    DocKind::Mdx,
    DocKind::Quarto,
    DocKind::Notebook,
];

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Arc<Engine>> = OnceLock::new();
    ENGINE.get_or_init(|| {
        Engine::shared(
            Config::default()
                .glossary()
                .complete()
                .expect("built-in glossary"),
        )
    })
}

/// The server's incremental analysis of `text` equals the analysis from scratch.
fn check_incremental(text: &str, kind: DocKind, kept: &mut KeptBlocks) {
    let settings = Settings::default();
    let incremental = analyze_incremental(text, kind, engine(), &settings, kept, &Cancel::never())
        .expect("never cancelled");
    let full = analyze(text, kind, engine(), &settings);
    assert_eq!(incremental, full, "{kind:?} text {text:?}");
}

struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn byte(&mut self) -> Option<u8> {
        let (&first, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(first)
    }

    fn text(&mut self) -> Option<String> {
        let len = self.byte()? % 16;
        let mut out = String::new();
        for _ in 0..len {
            out.push_str(PIECES[usize::from(self.byte()?) % PIECES.len()]);
        }
        Some(out)
    }

    /// Mostly small numbers; sometimes the largest there is.
    fn number(&mut self) -> Option<u32> {
        Some(match self.byte()? {
            255 => u32::MAX,
            254 => u32::MAX - 1,
            b => u32::from(b % 24),
        })
    }
}

fn width(c: char, encoding: Encoding) -> usize {
    match encoding {
        Encoding::Utf8 => c.len_utf8(),
        Encoding::Utf16 => c.len_utf16(),
        Encoding::Utf32 => 1,
    }
}

/// The byte offset of an LSP position in `text`, by the specification's rules, without ropey.
fn model_offset(text: &str, position: Position, encoding: Encoding) -> usize {
    let bytes = text.as_bytes();
    let mut start = 0;
    for _ in 0..position.line {
        match bytes[start..]
            .iter()
            .position(|&b| b == b'\n' || b == b'\r')
        {
            None => return text.len(),
            Some(i) => {
                let at = start + i;
                start = at
                    + if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                        2
                    } else {
                        1
                    };
            }
        }
    }
    let end = bytes[start..]
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .map_or(text.len(), |i| start + i);
    let column = position.character as usize;
    let mut units = 0;
    for (i, c) in text[start..end].char_indices() {
        let w = width(c, encoding);
        if units + w > column {
            return start + i;
        }
        units += w;
    }
    end
}

fuzz_target!(|data: &[u8]| {
    let mut input = Bytes(data);
    let Some(format) = input.byte() else { return };
    let format = KINDS[usize::from(format) % KINDS.len()];
    let mut kept = KeptBlocks::new();
    let Some(initial) = input.text() else { return };
    check_incremental(&initial, format, &mut kept);
    let mut rope = Rope::from_str(&initial);
    let mut model = initial;
    while let Some(kind) = input.byte() {
        let encoding = match kind % 3 {
            0 => Encoding::Utf8,
            1 => Encoding::Utf16,
            _ => Encoding::Utf32,
        };
        let change = if kind >= 250 {
            let Some(text) = input.text() else { return };
            model = text.clone();
            TextDocumentContentChangeEvent {
                range: None,
                range_length: None,
                text,
            }
        } else {
            let (Some(a), Some(b), Some(c), Some(d), Some(text)) = (
                input.number(),
                input.number(),
                input.number(),
                input.number(),
                input.text(),
            ) else {
                return;
            };
            let range = Range::new(Position::new(a, b), Position::new(c, d));
            let start = model_offset(&model, range.start, encoding);
            let end = model_offset(&model, range.end, encoding).max(start);
            model.replace_range(start..end, &text);
            TextDocumentContentChangeEvent {
                range: Some(range),
                range_length: None,
                text,
            }
        };
        apply_change(&mut rope, &change, encoding);
        assert_eq!(rope.to_string(), model, "after {change:?} in {encoding:?}");
        check_incremental(&model, format, &mut kept);
    }
});
