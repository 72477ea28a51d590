//! Jupyter notebooks: the Markdown cells, in order, are one document.
//!
//! A notebook is JSON (nbformat 4). Its Markdown cells' `source` is a string or a list of strings,
//! with JSON escapes (`\n`, `\"`, `\u00e9`). We decode those cells into one Markdown text — the cells
//! joined by a blank line, so a definition in cell 2 covers a use in cell 7 — analyse that text as
//! Markdown, and map every range back to the bytes of the JSON file, so `check` reports lines and
//! columns of the `.ipynb` and `--fix` edits it in place (its replacements JSON-escaped) without
//! reformatting anything. Code cells, raw cells and outputs are not prose.
//!
//! Offsets come from serde_json itself: each source string is parsed as a borrowed `RawValue`, a slice
//! of the file, so its position in the file is exact; the decoding of escapes is ours and keeps, for
//! each decoded piece, where it came from. A range that starts or ends inside what one escape decodes
//! to (the two bytes of `é` from `\u00e9`) maps to the whole escape.
//!
//! A file that is not a notebook (invalid JSON, no `cells`) has no prose.

use std::ops::Range;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::prose::Prose;
use super::Analysis;

#[derive(Deserialize)]
struct Notebook<'a> {
    #[serde(borrow, default)]
    cells: Vec<Cell<'a>>,
}

#[derive(Deserialize)]
struct Cell<'a> {
    #[serde(default)]
    cell_type: String,
    #[serde(borrow, default)]
    source: Option<&'a RawValue>,
}

/// A run of the decoded text and where it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Piece {
    /// Start in the decoded text.
    decoded: usize,
    decoded_len: usize,
    /// Start in the original text.
    original: usize,
    /// Equal to `decoded_len` for text copied as is; an escape's length for an escape.
    original_len: usize,
}

/// Pieces of an original text joined into one decoded text, and the map back. Used for a notebook's
/// Markdown cells (original: the JSON file) and, by the server, for the cells of an open notebook.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Joined {
    text: String,
    pieces: Vec<Piece>,
    /// Each part's range in the decoded text, in order.
    parts: Vec<Range<usize>>,
}

/// What separates two cells in the decoded text: a blank line, so each cell starts a block.
const SEPARATOR: &str = "\n\n";

impl Joined {
    /// The decoded text of a notebook's Markdown cells, or `None` when `json` is not a notebook.
    pub fn notebook(json: &str) -> Option<Joined> {
        Cells::read(json).map(|cells| cells.joined)
    }

    /// [`Joined::notebook`], and each part's cell: its 1-based place among all the notebook's cells.
    fn notebook_cells(json: &str) -> Option<(Joined, Vec<usize>)> {
        let notebook: Notebook = serde_json::from_str(json).ok()?;
        let mut joined = Joined::default();
        let mut numbers = Vec::new();
        for (index, cell) in notebook.cells.into_iter().enumerate() {
            if cell.cell_type != "markdown" {
                continue;
            }
            numbers.push(index + 1);
            joined.start_part();
            if let Some(source) = cell.source {
                let raw = source.get();
                if raw.starts_with('[') {
                    let lines: Vec<&RawValue> = serde_json::from_str(raw).ok()?;
                    for line in lines {
                        joined.push_json_string(json, line.get());
                    }
                } else {
                    joined.push_json_string(json, raw);
                }
            }
            joined.end_part();
        }
        Some((joined, numbers))
    }

    /// Texts of their own (the cells of a notebook open in an editor) joined the same way; the
    /// original is the joined text itself.
    pub fn parts<'a>(texts: impl IntoIterator<Item = &'a str>) -> Joined {
        let mut joined = Joined::default();
        for text in texts {
            joined.start_part();
            let at = joined.text.len();
            joined.push_copy(text, at);
            joined.end_part();
        }
        joined
    }

    /// The decoded text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Each part's range in the decoded text.
    pub fn part_ranges(&self) -> &[Range<usize>] {
        &self.parts
    }

    fn start_part(&mut self) {
        if !self.parts.is_empty() {
            self.text.push_str(SEPARATOR);
        }
        self.parts.push(self.text.len()..self.text.len());
    }

    fn end_part(&mut self) {
        if let Some(last) = self.parts.last_mut() {
            last.end = self.text.len();
        }
    }

    /// Appends `text`, which stands at `original` in the original text, as is.
    fn push_copy(&mut self, text: &str, original: usize) {
        if text.is_empty() {
            return;
        }
        self.pieces.push(Piece {
            decoded: self.text.len(),
            decoded_len: text.len(),
            original,
            original_len: text.len(),
        });
        self.text.push_str(text);
    }

    /// Appends one decoded character that an escape of `original_len` bytes at `original` stands for.
    fn push_escape(&mut self, ch: char, original: usize, original_len: usize) {
        self.pieces.push(Piece {
            decoded: self.text.len(),
            decoded_len: ch.len_utf8(),
            original,
            original_len,
        });
        self.text.push(ch);
    }

    /// Appends the decoded content of `literal`, a JSON string literal (quotes included) that is a
    /// slice of `json`.
    fn push_json_string(&mut self, json: &str, literal: &str) {
        let base = (literal.as_ptr() as usize).wrapping_sub(json.as_ptr() as usize);
        if base > json.len() || literal.len() < 2 {
            return;
        }
        let content = literal.get(1..literal.len() - 1).unwrap_or_default();
        let base = base + 1;
        let bytes = content.as_bytes();
        let mut i = 0;
        while i < content.len() {
            let Some(k) = memchr::memchr(b'\\', bytes.get(i..).unwrap_or_default()) else {
                self.push_copy(content.get(i..).unwrap_or_default(), base + i);
                break;
            };
            self.push_copy(content.get(i..i + k).unwrap_or_default(), base + i);
            let at = i + k;
            let (ch, len) = unescape(content, at);
            self.push_escape(ch, base + at, len);
            i = at + len;
        }
    }

    /// The decoded offset of original offset `at` as the start of a range: within an escape, where
    /// its character starts; between two pieces (the JSON between two lines of a cell), where the
    /// next one starts.
    fn decoded_start(&self, at: usize) -> usize {
        match self.piece_from_original(at) {
            Some(p) if p.original <= at && p.decoded_len == p.original_len => {
                p.decoded + (at - p.original)
            }
            Some(p) => p.decoded,
            None => self.text.len(),
        }
    }

    /// Whether original offset `at` is a byte of the decoded text (not of the JSON around it).
    fn holds(&self, at: usize) -> bool {
        self.piece_from_original(at)
            .is_some_and(|p| p.original <= at)
    }

    /// The first piece that ends after original offset `at`: the one holding it, or the next.
    fn piece_from_original(&self, at: usize) -> Option<&Piece> {
        let i = self
            .pieces
            .partition_point(|p| p.original + p.original_len <= at);
        self.pieces.get(i)
    }

    /// The decoded offset of original offset `at` as the end of a range: within an escape, where
    /// its character ends.
    fn decoded_end(&self, at: usize) -> usize {
        let Some(last) = at.checked_sub(1) else {
            return self.decoded_start(0);
        };
        match self.piece_from_original(last) {
            Some(p) if p.original <= last && p.decoded_len == p.original_len => {
                p.decoded + (at - p.original)
            }
            Some(p) if p.original <= last => p.decoded + p.decoded_len,
            Some(p) => p.decoded,
            None => self.text.len(),
        }
    }

    /// The original offset of decoded offset `at` as the start of a range.
    fn start(&self, at: usize) -> usize {
        let i = self
            .pieces
            .partition_point(|p| p.decoded + p.decoded_len <= at);
        match self.pieces.get(i) {
            Some(p) if p.decoded <= at => {
                if p.decoded_len == p.original_len {
                    p.original + (at - p.decoded)
                } else {
                    p.original
                }
            }
            _ => i
                .checked_sub(1)
                .and_then(|j| self.pieces.get(j))
                .map_or(0, |p| p.original + p.original_len),
        }
    }

    /// The original offset of decoded offset `at` as the end of a range.
    fn end(&self, at: usize) -> usize {
        let Some(last) = at.checked_sub(1) else {
            return self.start(0);
        };
        let i = self
            .pieces
            .partition_point(|p| p.decoded + p.decoded_len <= last);
        match self.pieces.get(i) {
            Some(p) if p.decoded <= last => {
                if p.decoded_len == p.original_len {
                    p.original + (at - p.decoded)
                } else {
                    p.original + p.original_len
                }
            }
            _ => self.start(at),
        }
    }

    /// A range of the decoded text as a range of the original.
    pub fn range(&self, r: &Range<usize>) -> Range<usize> {
        let start = self.start(r.start);
        if r.start >= r.end {
            return start..start;
        }
        start..self.end(r.end).max(start)
    }

    /// Prose read from the decoded text, with ranges of the original.
    pub fn map_prose(&self, mut prose: Prose) -> Prose {
        for block in &mut prose.blocks {
            for segment in &mut block.segments {
                segment.range = self.range(&segment.range);
            }
        }
        for def in &mut prose.abbreviations {
            def.acronym = self.range(&def.acronym);
            def.expansion = self.range(&def.expansion);
        }
        for element in &mut prose.abbr_elements {
            element.title = self.range(&element.title);
            element.text = self.range(&element.text);
        }
        for region in &mut prose.regions {
            region.range = self.range(&region.range);
        }
        prose
    }

    /// An analysis of the decoded text, with ranges of the original; each replacement passes through
    /// `escape` (JSON escaping for a notebook file).
    pub fn map_analysis(
        &self,
        mut analysis: Analysis,
        escape: impl Fn(&str) -> String,
    ) -> Analysis {
        for term in &mut analysis.terms {
            term.range = self.range(&term.range);
        }
        for acronym in &mut analysis.acronyms {
            acronym.range = self.range(&acronym.range);
        }
        for def in &mut analysis.definitions {
            def.acronym_range = self.range(&def.acronym_range);
            def.long_form_range = self.range(&def.long_form_range);
            def.span = self.range(&def.span);
        }
        for finding in &mut analysis.findings {
            finding.range = self.range(&finding.range);
            for related in &mut finding.related {
                related.range = self.range(&related.range);
            }
            for fix in &mut finding.fixes {
                if let super::FixAction::Edit { edits } = &mut fix.action {
                    for edit in edits {
                        edit.range = self.range(&edit.range);
                        edit.replacement = escape(&edit.replacement);
                    }
                }
            }
        }
        analysis
    }
}

/// A notebook's Markdown cells as its reader sees them, for a report that shows a place of the
/// notebook file in its cell ("cell 4, line 2") rather than in the JSON around it.
pub struct Cells {
    joined: Joined,
    /// Each part's cell: its 1-based place among all cells, code cells included, as Jupyter and
    /// other tools (ruff) count them.
    numbers: Vec<usize>,
}

/// Where a range of a notebook file stands in its Markdown cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InCell<'a> {
    /// 1-based, among all the notebook's cells.
    pub number: usize,
    /// The cell's decoded text.
    pub text: &'a str,
    /// The range in `text`.
    pub range: Range<usize>,
}

impl Cells {
    /// The Markdown cells of `json`, or `None` when it is not a notebook.
    pub fn read(json: &str) -> Option<Cells> {
        let (joined, numbers) = Joined::notebook_cells(json)?;
        Some(Cells { joined, numbers })
    }

    /// The decoded text of the Markdown cells and its map back to the file.
    pub fn joined(&self) -> &Joined {
        &self.joined
    }

    /// How a message names the line of the decoded text's `offset`: its line in its cell.
    pub fn line_name(&self, offset: usize) -> crate::analysis::LineName {
        let parts = &self.joined.parts;
        let part = parts.partition_point(|part| part.end < offset);
        match (parts.get(part), self.numbers.get(part)) {
            (Some(cell), Some(&number)) if cell.start <= offset => {
                let before = self.joined.text.get(cell.start..offset).unwrap_or_default();
                let line = memchr::memchr_iter(b'\n', before.as_bytes()).count() + 1;
                crate::analysis::LineName::in_cell(line, number)
            }
            _ => crate::analysis::LineName::line(1),
        }
    }

    /// The cell that holds `range` of the notebook file, and the range in that cell's text; `None`
    /// when the range does not lie within one Markdown cell.
    pub fn place(&self, range: &Range<usize>) -> Option<InCell<'_>> {
        let last = range.end.max(range.start + 1) - 1;
        if !(self.joined.holds(range.start) && self.joined.holds(last)) {
            return None;
        }
        let start = self.joined.decoded_start(range.start);
        let end = self.joined.decoded_end(range.end).max(start);
        let parts = &self.joined.parts;
        let part = parts.partition_point(|part| part.end < start);
        let cell = parts.get(part)?;
        if !(cell.start <= start && end <= cell.end) {
            return None;
        }
        Some(InCell {
            number: *self.numbers.get(part)?,
            text: self.joined.text.get(cell.clone())?,
            range: start - cell.start..end - cell.start,
        })
    }
}

/// What of `analysis` lies within `part`, with ranges relative to its start: the analysis of one
/// part (a notebook cell) of a joined text. Findings keep their related places and fixes within the
/// part only.
pub fn restrict(analysis: Analysis, part: &Range<usize>) -> Analysis {
    let inside = |r: &Range<usize>| part.start <= r.start && r.end <= part.end;
    let shift = |r: &mut Range<usize>| *r = r.start - part.start..r.end - part.start;
    let mut out = Analysis::default();
    for mut term in analysis.terms.into_iter().filter(|t| inside(&t.range)) {
        shift(&mut term.range);
        out.terms.push(term);
    }
    for mut acronym in analysis.acronyms.into_iter().filter(|a| inside(&a.range)) {
        shift(&mut acronym.range);
        out.acronyms.push(acronym);
    }
    for mut def in analysis.definitions.into_iter().filter(|d| inside(&d.span)) {
        shift(&mut def.acronym_range);
        shift(&mut def.long_form_range);
        shift(&mut def.span);
        out.definitions.push(def);
    }
    for mut finding in analysis.findings.into_iter().filter(|f| inside(&f.range)) {
        shift(&mut finding.range);
        finding.related.retain(|r| inside(&r.range));
        finding.related.iter_mut().for_each(|r| shift(&mut r.range));
        finding.fixes.retain(|fix| match &fix.action {
            super::FixAction::Edit { edits } => edits.iter().all(|e| inside(&e.range)),
            super::FixAction::IgnoreToken { .. } => true,
        });
        for fix in &mut finding.fixes {
            if let super::FixAction::Edit { edits } = &mut fix.action {
                edits.iter_mut().for_each(|e| shift(&mut e.range));
            }
        }
        out.findings.push(finding);
    }
    out
}

/// The character the escape at `at` of a JSON string's content stands for, and the escape's length.
/// Invalid escapes (serde_json has already rejected them in a file it parsed) decode to U+FFFD.
fn unescape(content: &str, at: usize) -> (char, usize) {
    let b = content.as_bytes().get(at + 1).copied().unwrap_or(0);
    let simple = match b {
        b'"' => Some('"'),
        b'\\' => Some('\\'),
        b'/' => Some('/'),
        b'b' => Some('\u{8}'),
        b'f' => Some('\u{c}'),
        b'n' => Some('\n'),
        b'r' => Some('\r'),
        b't' => Some('\t'),
        _ => None,
    };
    if let Some(ch) = simple {
        return (ch, 2);
    }
    let hex = |from: usize| {
        content
            .get(from..from + 4)
            .and_then(|h| u32::from_str_radix(h, 16).ok())
    };
    match hex(at + 2) {
        Some(high @ 0xD800..=0xDBFF) => {
            let low = content
                .get(at + 6..at + 8)
                .filter(|s| *s == "\\u")
                .and_then(|_| hex(at + 8))
                .filter(|low| (0xDC00..=0xDFFF).contains(low));
            match low {
                Some(low) => {
                    let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                    (char::from_u32(code).unwrap_or('\u{fffd}'), 12)
                }
                None => ('\u{fffd}', 6),
            }
        }
        Some(code) => (char::from_u32(code).unwrap_or('\u{fffd}'), 6),
        None => ('\u{fffd}', 2.min(content.len().saturating_sub(at))),
    }
}

/// `s` as the content of a JSON string (without the quotes).
pub fn json_escape(s: &str) -> String {
    let quoted = serde_json::to_string(s).unwrap_or_default();
    quoted
        .get(1..quoted.len().saturating_sub(1))
        .unwrap_or_default()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_cells_decode_and_map_back_through_escapes() {
        let json = r##"{"cells": [
 {"cell_type": "markdown", "source": ["# Caf\u00e9 \"LLM\"\n", "Tab\there 😀"]},
 {"cell_type": "code", "source": "print('RLHF')", "outputs": []},
 {"cell_type": "markdown", "source": "Second \ud83d\ude00 cell"}
]}"##;
        let joined = Joined::notebook(json).unwrap();
        assert_eq!(
            joined.text(),
            "# Café \"LLM\"\nTab\there 😀\n\nSecond 😀 cell"
        );
        let find = |needle: &str| {
            let at = joined.text().find(needle).unwrap();
            &json[joined.range(&(at..at + needle.len()))]
        };
        assert_eq!(find("LLM"), "LLM");
        assert_eq!(find("\"LLM\""), "\\\"LLM\\\"");
        assert_eq!(find("Café"), "Caf\\u00e9");
        assert_eq!(find("é"), "\\u00e9");
        assert_eq!(find("here 😀"), "here 😀");
        assert_eq!(find("😀 cell"), "\\ud83d\\ude00 cell");
        assert_eq!(find("cell"), "cell");
        let parts: Vec<&str> = joined
            .part_ranges()
            .iter()
            .map(|r| &joined.text()[r.clone()])
            .collect();
        assert_eq!(parts, ["# Café \"LLM\"\nTab\there 😀", "Second 😀 cell"]);
    }

    #[test]
    fn places_of_the_file_are_found_in_their_cells() {
        let json = r##"{"cells": [
 {"cell_type": "markdown", "source": ["# Caf\u00e9\n", "The \"LLM\" line"]},
 {"cell_type": "code", "source": "print('RLHF')", "outputs": []},
 {"cell_type": "markdown", "source": "Cell \ud83d\ude00 three\nA GPU here"}
]}"##;
        let cells = Cells::read(json).unwrap();
        let at = |needle: &str| {
            let start = json.find(needle).unwrap();
            cells.place(&(start..start + needle.len())).unwrap()
        };
        let llm = at("LLM");
        assert_eq!((llm.number, llm.text), (1, "# Café\nThe \"LLM\" line"));
        assert_eq!(&llm.text[llm.range], "LLM");
        let quoted = at("\\\"LLM\\\"");
        assert_eq!(&quoted.text[quoted.range], "\"LLM\"");
        let accent = at("\\u00e9");
        assert_eq!(&accent.text[accent.range], "é");
        let gpu = at("GPU");
        assert_eq!((gpu.number, &gpu.text[gpu.range]), (3, "GPU"));
        let emoji = at("\\ud83d\\ude00 three");
        assert_eq!(&emoji.text[emoji.range], "😀 three");
        // Code cells and the JSON around the cells are in no Markdown cell.
        let rlhf = json.find("RLHF").unwrap();
        assert_eq!(cells.place(&(rlhf..rlhf + 4)), None);
        assert_eq!(cells.place(&(0..5)), None);
    }

    #[test]
    fn not_a_notebook() {
        assert_eq!(Joined::notebook("{\"cells\": 3}"), None);
        assert_eq!(Joined::notebook("not json"), None);
        assert_eq!(Joined::notebook("{}").unwrap().text(), "");
    }

    #[test]
    fn parts_are_laid_out_as_in_the_joined_text() {
        let joined = Joined::parts(["a", "bc"]);
        assert_eq!(joined.text(), "a\n\nbc");
        assert_eq!(joined.part_ranges(), [0..1, 3..5]);
    }

    #[test]
    fn escaping_for_json() {
        assert_eq!(json_escape("a \"b\"\\\n é"), "a \\\"b\\\"\\\\\\n é");
    }
}
