//! LaTeX: one scan over the source that reads text outside commands, and the arguments of the commands
//! that typeset text. No maintained Rust crate gives LaTeX prose as byte ranges of the source, so this is
//! a small scanner of its own; what it does not know it reads as not prose.
//!
//! # Rules
//!
//! - A blank line (or `\par`) ends a paragraph; a line break inside one reads as a space. A comment (`%` to
//!   the end of the line, not `\%`) is not prose and joins what is around it directly, as TeX does.
//! - `\part`, `\chapter`, `\section`, `\subsection`, `\subsubsection`, `\paragraph`, `\subparagraph`
//!   (starred or not; the optional short title is not read) and `\title` are headings. A section titled
//!   "References", "Bibliography"… is a [`RegionKind::Citations`] up to the next one of the same or a
//!   higher level.
//! - The arguments of text commands (`\emph`, `\textit`, `\textbf`, `\textsc`, `\underline`, `\mbox`,
//!   `\enquote`…) are prose joined directly, like Markdown's emphasis; a group `{…}` is read like its
//!   content. `\footnote{…}` is prose joined by a break. `\caption{…}` is a paragraph of its own, also
//!   inside figures and tables. `\item` starts a list item, its `[label]` included. `\href{url}{text}`
//!   keeps its text (a [`RegionKind::LinkText`]).
//! - Any other command is not prose, and nor are the arguments (`{…}`, `[…]`) that follow it directly:
//!   `\cite{…}`, `\ref{…}`, `\label{…}`, `\url{…}`, `\includegraphics[…]{…}`, `\newcommand…`. Escaped
//!   characters (`\%`, `\&`, `\_`…) and accents (`\'e`) are text; `~`, `\,` and `\ ` are spaces.
//! - Math (`$…$`, `$$…$$`, `\(…\)`, `\[…\]`, and the `equation`, `align`, `gather`, `multline`,
//!   `eqnarray`, `math`, `displaymath` environments) and verbatim text (`verbatim`, `lstlisting`,
//!   `minted`, `comment`, `tikzpicture`, `\verb|…|`, `\lstinline|…|`) are not prose.
//! - The bodies of `figure`, `table`, `tabular`, `algorithm` and their variants are not prose, except
//!   their captions. `quote`, `quotation` and `verse` are [`RegionKind::Quotation`]s. Any other
//!   environment (`itemize`, `abstract`, `center`…) is read like its content; its own arguments are not.
//! - Acronym packages: `\newacronym[…]{key}{ACR}{Long Form}` and `\newabbreviation` (glossaries),
//!   `\acro{ACR}[short]{Long Form}` and `\acrodef` (acronym), `\DeclareAcronym{ACR}{short=…, long=…}`
//!   (acro) and `\nomenclature{ACR}{Long Form}` (nomencl) define the acronym for the whole document,
//!   like Markdown's abbreviation lines. Their uses (`\ac{}`, `\acp{}`, `\gls{}`, `\acrshort{}`…) are
//!   commands: the package spells the acronym out at its first use, so they are not prose and get no
//!   finding.

use std::ops::Range;

use super::builder::Collector;
use super::exclusions::{self, Mode};
use super::markdown::names_citation_section;
use super::{slice, trimmed, AbbreviationDef, BlockKind, Join, Prose, Region, RegionKind};

/// Groups nested deeper than this are not read (so that the work per byte stays bounded).
const MAX_DEPTH: usize = 64;

const SECTIONS: &[&str] = &[
    "part",
    "chapter",
    "section",
    "subsection",
    "subsubsection",
    "paragraph",
    "subparagraph",
];

/// Commands whose arguments are text, joined directly.
const TEXT_COMMANDS: &[&str] = &[
    "emph",
    "textit",
    "textbf",
    "textsc",
    "textrm",
    "textsf",
    "textup",
    "textsl",
    "textmd",
    "textnormal",
    "underline",
    "uline",
    "mbox",
    "fbox",
    "enquote",
    "hl",
    "textsuperscript",
    "textsubscript",
];

/// Commands without arguments that change how text looks: they join directly.
const DECLARATIONS: &[&str] = &[
    "bf",
    "it",
    "em",
    "sc",
    "rm",
    "sf",
    "sl",
    "itshape",
    "bfseries",
    "scshape",
    "upshape",
    "mdseries",
    "rmfamily",
    "sffamily",
    "normalfont",
    "tiny",
    "scriptsize",
    "footnotesize",
    "small",
    "normalsize",
    "large",
    "Large",
    "LARGE",
    "huge",
    "Huge",
    "noindent",
    "indent",
    "centering",
    "raggedright",
    "raggedleft",
    "protect",
    "xspace",
    "hfill",
    "null",
];

const MATH_ENVIRONMENTS: &[&str] = &[
    "equation",
    "align",
    "alignat",
    "flalign",
    "gather",
    "multline",
    "eqnarray",
    "math",
    "displaymath",
    "split",
];

pub(crate) const VERBATIM_ENVIRONMENTS: &[&str] = &[
    "verbatim",
    "Verbatim",
    "lstlisting",
    "minted",
    "comment",
    "filecontents",
    "tikzpicture",
    "alltt",
];

/// Environments whose body is not prose, except captions.
const FLOAT_ENVIRONMENTS: &[&str] = &[
    "figure",
    "table",
    "wrapfigure",
    "wraptable",
    "subfigure",
    "tabular",
    "tabularx",
    "longtable",
    "tabu",
    "algorithm",
    "algorithmic",
    "thebibliography",
];

const QUOTE_ENVIRONMENTS: &[&str] = &["quote", "quotation", "verse"];

/// Whether a scan emits the text it reads.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Reading {
    Text(BlockKind),
    /// A float's body: only captions and definitions count.
    Hidden,
}

struct Tex<'t> {
    text: &'t str,
    col: Collector<'t>,
    abbreviations: Vec<AbbreviationDef>,
    regions: Vec<Region>,
    depth: usize,
    /// The level and start of an open citations section.
    citations: Option<(usize, usize)>,
}

/// The prose of a LaTeX document.
pub(super) fn document(text: &str) -> Prose {
    // A bare URL ends where TeX syntax starts: `\href{https://x.org}{text}`.
    let urls: Vec<Range<usize>> = exclusions::scan(text, Mode::Plain)
        .ranges
        .into_iter()
        .map(|r| {
            let end = slice(text, r.clone())
                .find(['{', '}', '\\', '%'])
                .map_or(r.end, |k| r.start + k);
            r.start..end
        })
        .filter(|r| r.start < r.end)
        .collect();
    let mut tex = Tex {
        text,
        col: Collector::new(text, &urls),
        abbreviations: Vec::new(),
        regions: Vec::new(),
        depth: 0,
        citations: None,
    };
    let from = if text.starts_with('\u{feff}') { 3 } else { 0 };
    tex.run(from, text.len(), Reading::Text(BlockKind::Body));
    if let Some((_, start)) = tex.citations.take() {
        tex.regions.push(Region {
            range: start..text.len(),
            kind: RegionKind::Citations,
        });
    }
    let Tex {
        col,
        abbreviations,
        regions,
        ..
    } = tex;
    let (blocks, abbr_elements) = col.finish();
    Prose {
        blocks,
        abbreviations,
        abbr_elements,
        regions,
    }
}

fn is_letter(b: u8) -> bool {
    b.is_ascii_alphabetic()
}

impl Tex<'_> {
    fn byte(&self, i: usize) -> Option<u8> {
        self.text.as_bytes().get(i).copied()
    }

    fn emit(&mut self, reading: Reading, range: Range<usize>) {
        if let Reading::Text(kind) = reading {
            if range.start < range.end {
                self.col.text(kind, range);
            }
        }
    }

    fn join(&mut self, reading: Reading, join: Join) {
        if matches!(reading, Reading::Text(_)) {
            self.col.join(join);
        }
    }

    /// Reads `from..to` (never past it).
    fn run(&mut self, from: usize, to: usize, reading: Reading) {
        let to = to.min(self.text.len());
        let mut run = from;
        let mut i = from;
        while i < to {
            let Some(b) = self.byte(i) else { break };
            match b {
                b'%' => {
                    self.emit(reading, run..i);
                    i = self.line_end(i, to);
                    // The line break and the next line's indentation belong to the comment.
                    i = self.after_line_break(i, to);
                    while matches!(self.byte(i), Some(b' ' | b'\t')) && i < to {
                        i += 1;
                    }
                    run = i;
                }
                b'\n' | b'\r' => {
                    self.emit(reading, run..i);
                    let next = self.after_line_break(i, to);
                    if self.blank_line_at(next, to) {
                        self.col.close();
                    } else {
                        self.join(reading, Join::Space);
                    }
                    i = next;
                    run = i;
                }
                b'~' => {
                    self.emit(reading, run..i);
                    self.join(reading, Join::Space);
                    i += 1;
                    run = i;
                }
                b'$' => {
                    self.emit(reading, run..i);
                    i = self.math_end(i, to);
                    self.join(reading, Join::Break);
                    run = i;
                }
                b'{' => {
                    self.emit(reading, run..i);
                    let end = self.group_end(i, to);
                    self.group(i + 1, end, reading);
                    i = (end + 1).min(to);
                    run = i;
                }
                b'}' | b'&' => {
                    self.emit(reading, run..i);
                    if b == b'&' {
                        self.join(reading, Join::Space);
                    }
                    i += 1;
                    run = i;
                }
                b'\\' => {
                    self.emit(reading, run..i);
                    let (next, text_from) = self.command(i, to, reading);
                    i = next.max(i + 1);
                    run = text_from.unwrap_or(i);
                }
                _ => i += 1,
            }
        }
        self.emit(reading, run..to.max(run));
    }

    /// Reads the content of a group (the braces join directly).
    fn group(&mut self, from: usize, to: usize, reading: Reading) {
        if self.depth >= MAX_DEPTH {
            self.join(reading, Join::Break);
            return;
        }
        self.depth += 1;
        self.run(from, to, reading);
        self.depth -= 1;
    }

    /// The end of the line at `i` (the offset of its line break, or `to`).
    fn line_end(&self, i: usize, to: usize) -> usize {
        let rest = self.text.as_bytes().get(i..to).unwrap_or_default();
        memchr::memchr2(b'\n', b'\r', rest).map_or(to, |k| i + k)
    }

    /// The offset after the line break at `i` (CRLF is one break).
    fn after_line_break(&self, i: usize, to: usize) -> usize {
        match (self.byte(i), self.byte(i + 1)) {
            (Some(b'\r'), Some(b'\n')) => (i + 2).min(to),
            (Some(b'\n' | b'\r'), _) => (i + 1).min(to),
            _ => i,
        }
    }

    /// Whether the line starting at `i` holds only whitespace (a paragraph break).
    fn blank_line_at(&self, i: usize, to: usize) -> bool {
        let end = self.line_end(i, to);
        i < to
            && self
                .text
                .as_bytes()
                .get(i..end)
                .unwrap_or_default()
                .iter()
                .all(|b| matches!(b, b' ' | b'\t'))
            && end < to
    }

    /// The offset of the `}` closing the group opened at `open`, or `to` when it is not closed.
    fn group_end(&self, open: usize, to: usize) -> usize {
        let bytes = self.text.as_bytes();
        let mut depth = 0usize;
        let mut i = open;
        while i < to {
            match bytes.get(i) {
                Some(b'\\') => i += 1,
                Some(b'{') => depth += 1,
                Some(b'}') => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return i;
                    }
                }
                Some(b'%') => i = self.line_end(i, to),
                _ => {}
            }
            i += 1;
        }
        to
    }

    /// The offset after the `]` closing the optional argument opened at `open`, or `None`.
    fn bracket_end(&self, open: usize, to: usize) -> Option<usize> {
        let bytes = self.text.as_bytes();
        let mut depth = 0usize;
        let mut i = open + 1;
        while i < to {
            match bytes.get(i) {
                Some(b'\\') => i += 1,
                Some(b'{') => depth += 1,
                Some(b'}') => depth = depth.saturating_sub(1),
                Some(b']') if depth == 0 => return Some(i + 1),
                Some(b'\n') if self.blank_line_at(i + 1, to) => return None,
                _ => {}
            }
            i += 1;
        }
        None
    }

    /// The end of the math span opened by `$` or `$$` at `i`.
    fn math_end(&self, i: usize, to: usize) -> usize {
        let bytes = self.text.as_bytes();
        let double = bytes.get(i + 1) == Some(&b'$');
        let mut j = i + if double { 2 } else { 1 };
        while j < to {
            match bytes.get(j) {
                Some(b'\\') => j += 1,
                Some(b'$') => {
                    return if double && bytes.get(j + 1) == Some(&b'$') {
                        j + 2
                    } else {
                        j + 1
                    };
                }
                _ => {}
            }
            j += 1;
        }
        to
    }

    /// The arguments right after `i` (`*`, `[…]`, `{…}`, only spaces and tabs before each): their
    /// ranges, braces and brackets included, and where they end.
    fn arguments(&self, mut i: usize, to: usize, max: usize) -> (Vec<Range<usize>>, usize) {
        let mut args = Vec::new();
        if self.byte(i) == Some(b'*') {
            i += 1;
        }
        while args.len() < max {
            let mut j = i;
            while matches!(self.byte(j), Some(b' ' | b'\t')) && j < to {
                j += 1;
            }
            match self.byte(j) {
                Some(b'{') if j < to => {
                    let end = self.group_end(j, to);
                    args.push(j..(end + 1).min(to));
                    i = (end + 1).min(to);
                }
                Some(b'[') if j < to => match self.bracket_end(j, to) {
                    Some(end) => {
                        args.push(j..end);
                        i = end;
                    }
                    None => break,
                },
                _ => break,
            }
        }
        (args, i)
    }

    /// The inside of an argument (without its braces or brackets).
    fn inner(&self, arg: &Range<usize>) -> Range<usize> {
        let start = (arg.start + 1).min(arg.end);
        let end = if matches!(self.byte(arg.end.saturating_sub(1)), Some(b'}' | b']'))
            && arg.end > start
        {
            arg.end - 1
        } else {
            arg.end
        };
        start..end
    }

    fn is_brace(&self, arg: &Range<usize>) -> bool {
        self.byte(arg.start) == Some(b'{')
    }

    /// Reads the command at `i` (a backslash); returns where reading goes on, and where the next text
    /// run starts when it is not there (an escaped character is text).
    fn command(&mut self, i: usize, to: usize, reading: Reading) -> (usize, Option<usize>) {
        let Some(first) = self.byte(i + 1).filter(|_| i + 1 < to) else {
            return (i + 1, None);
        };
        if !is_letter(first) {
            return self.symbol(i, first, to, reading);
        }
        let bytes = self.text.as_bytes();
        let mut end = i + 1;
        while end < to && bytes.get(end).copied().is_some_and(is_letter) {
            end += 1;
        }
        let name = slice(self.text, i + 1..end);
        // The spaces after a control word are part of it.
        let mut after = end;
        while matches!(self.byte(after), Some(b' ' | b'\t')) && after < to {
            after += 1;
        }
        match name {
            "begin" => (self.environment(end, to, reading), None),
            "end" => {
                let (_, next) = self.arguments(end, to, 1);
                self.col.close();
                (next, None)
            }
            "par" => {
                self.col.close();
                (after, None)
            }
            "item" => {
                self.col.item_starts();
                let (args, next) = self.arguments(end, to, 1);
                if let Some(label) = args.first().filter(|a| !self.is_brace(a)) {
                    let inner = self.inner(label);
                    self.group(inner.start, inner.end, reading);
                    self.join(reading, Join::Space);
                    return (next, None);
                }
                (after, None)
            }
            "title" => {
                self.heading(end, to, reading);
                (self.arguments(end, to, 2).1, None)
            }
            _ if SECTIONS.contains(&name) => {
                let level = SECTIONS.iter().position(|s| *s == name).unwrap_or(0);
                self.section(i, end, to, level, reading)
            }
            "caption" => {
                let (args, next) = self.arguments(end, to, 2);
                if let Some(arg) = args.iter().find(|a| self.is_brace(a)) {
                    let inner = self.inner(arg);
                    self.col.close();
                    self.col.non_prose_block();
                    self.group(inner.start, inner.end, Reading::Text(BlockKind::Body));
                    self.col.close();
                }
                (next, None)
            }
            "footnote" | "footnotetext" | "thanks" => {
                let (args, next) = self.arguments(end, to, 2);
                self.join(reading, Join::Break);
                if let Some(arg) = args.iter().find(|a| self.is_brace(a)) {
                    let inner = self.inner(arg);
                    self.group(inner.start, inner.end, reading);
                }
                self.join(reading, Join::Break);
                (next, None)
            }
            "href" | "hyperref" => {
                let (args, next) = self.arguments(end, to, 2);
                self.join(reading, Join::Direct);
                if let Some(text) = args.get(1) {
                    let inner = self.inner(text);
                    if let Some(range) = trimmed(self.text, inner.clone()) {
                        self.regions.push(Region {
                            range,
                            kind: RegionKind::LinkText,
                        });
                    }
                    self.group(inner.start, inner.end, reading);
                }
                (next, None)
            }
            "verb" | "lstinline" => (self.inline_verbatim(end, to, reading), None),
            "newacronym" | "newabbreviation" => {
                let (args, next) = self.arguments(end, to, 4);
                let braces: Vec<_> = args.iter().filter(|a| self.is_brace(a)).collect();
                if let (Some(short), Some(long)) = (braces.get(1), braces.get(2)) {
                    self.define(self.inner(short), self.inner(long));
                }
                self.join(reading, Join::Break);
                (next, None)
            }
            "acro" | "acrodef" => {
                let (args, next) = self.arguments(end, to, 3);
                let short = args
                    .iter()
                    .find(|a| !self.is_brace(a))
                    .or_else(|| args.first());
                if let (Some(short), Some(long)) = (short, args.iter().rfind(|a| self.is_brace(a)))
                {
                    if args.len() >= 2 {
                        self.define(self.inner(short), self.inner(long));
                    }
                }
                self.join(reading, Join::Break);
                (next, None)
            }
            "DeclareAcronym" => {
                let (args, next) = self.arguments(end, to, 2);
                if let (Some(key), Some(options)) = (args.first(), args.get(1)) {
                    let options = self.inner(options);
                    let short = self.key_value(options.clone(), "short");
                    let long = self.key_value(options, "long");
                    if let Some(long) = long {
                        self.define(short.unwrap_or_else(|| self.inner(key)), long);
                    }
                }
                self.join(reading, Join::Break);
                (next, None)
            }
            "nomenclature" => {
                let (args, next) = self.arguments(end, to, 3);
                let braces: Vec<_> = args.iter().filter(|a| self.is_brace(a)).collect();
                if let (Some(symbol), Some(long)) = (braces.first(), braces.get(1)) {
                    let symbol = self.innermost(self.inner(symbol));
                    if crate::text::acronym::is_acronym_like(slice(self.text, symbol.clone())) {
                        self.define(symbol, self.inner(long));
                    }
                }
                self.join(reading, Join::Break);
                (next, None)
            }
            _ if TEXT_COMMANDS.contains(&name) => {
                let (args, next) = self.arguments(end, to, 2);
                if let Some(arg) = args.iter().find(|a| self.is_brace(a)) {
                    let inner = self.inner(arg);
                    self.group(inner.start, inner.end, reading);
                }
                (next, None)
            }
            _ if DECLARATIONS.contains(&name) => (after, None),
            "newline" | "linebreak" => {
                self.join(reading, Join::Space);
                (after, None)
            }
            "def" | "gdef" | "edef" | "xdef" => {
                // `\def\name#1#2{body}`: nothing up to the end of the body is prose.
                let open = self
                    .text
                    .get(end..to)
                    .and_then(|rest| rest.find('{'))
                    .map_or(to, |k| end + k);
                self.join(reading, Join::Break);
                ((self.group_end(open, to) + 1).min(to), None)
            }
            _ => {
                let (_, next) = self.arguments(end, to, 9);
                self.join(reading, Join::Break);
                // A command without arguments swallows the spaces after it; a space is still read.
                (next, None)
            }
        }
    }

    /// `\%`, `\\`, `\,`, `\'e`, `\(`…`\)`, `\[`…`\]`.
    fn symbol(&mut self, i: usize, c: u8, to: usize, reading: Reading) -> (usize, Option<usize>) {
        match c {
            b'%' | b'&' | b'_' | b'$' | b'#' | b'{' | b'}' => {
                self.join(reading, Join::Direct);
                (i + 2, Some(i + 1))
            }
            b'\\' => {
                self.join(reading, Join::Space);
                let (_, next) = self.arguments(i + 2, to, 1);
                (next, None)
            }
            b' ' | b',' | b';' | b':' | b'!' | b'>' | b'\n' => {
                self.join(reading, Join::Space);
                (i + 2, None)
            }
            b'\'' | b'"' | b'^' | b'`' | b'~' | b'=' | b'.' | b'-' | b'/' | b'@' => {
                self.join(reading, Join::Direct);
                (i + 2, None)
            }
            b'(' | b'[' => {
                let close = if c == b'(' { "\\)" } else { "\\]" };
                let end = self
                    .text
                    .get(i + 2..to)
                    .and_then(|rest| rest.find(close))
                    .map_or(to, |k| i + 2 + k + 2);
                self.join(reading, Join::Break);
                (end, None)
            }
            _ => {
                self.join(reading, Join::Break);
                let width = self
                    .text
                    .get(i + 1..)
                    .and_then(|s| s.chars().next())
                    .map_or(1, char::len_utf8);
                (i + 1 + width, None)
            }
        }
    }

    /// `\verb|…|`, `\lstinline|…|` (or `\lstinline[opts]{…}`): not prose.
    fn inline_verbatim(&mut self, end: usize, to: usize, reading: Reading) -> usize {
        self.join(reading, Join::Break);
        let mut i = end;
        if self.byte(i) == Some(b'*') {
            i += 1;
        }
        if self.byte(i) == Some(b'[') {
            i = self.bracket_end(i, to).unwrap_or(i);
        }
        match self.byte(i) {
            Some(b'{') => (self.group_end(i, to) + 1).min(to),
            Some(delimiter) if i < to && delimiter.is_ascii() && delimiter != b'\n' => {
                let rest = self.text.as_bytes().get(i + 1..to).unwrap_or_default();
                memchr::memchr(delimiter, rest).map_or(to, |k| i + 1 + k + 1)
            }
            _ => i,
        }
    }

    /// A `\title{…}` or a section title: a heading block.
    fn heading(&mut self, end: usize, to: usize, reading: Reading) -> Option<Range<usize>> {
        let (args, _) = self.arguments(end, to, 2);
        let arg = args.iter().find(|a| self.is_brace(a))?;
        let inner = self.inner(arg);
        self.col.close();
        self.col.non_prose_block();
        if reading != Reading::Hidden {
            self.group(inner.start, inner.end, Reading::Text(BlockKind::Heading));
        }
        self.col.close();
        Some(inner)
    }

    fn section(
        &mut self,
        start: usize,
        end: usize,
        to: usize,
        level: usize,
        reading: Reading,
    ) -> (usize, Option<usize>) {
        if let Some((open, from)) = self.citations {
            if level <= open {
                self.citations = None;
                self.regions.push(Region {
                    range: from..start,
                    kind: RegionKind::Citations,
                });
            }
        }
        let title = self.heading(end, to, reading);
        let (_, next) = self.arguments(end, to, 2);
        if let Some(title) = title {
            if self.citations.is_none() && names_citation_section(slice(self.text, title)) {
                self.citations = Some((level, next));
            }
        }
        (next, None)
    }

    /// `\begin{name}` (`end` is after `\begin`): returns where reading goes on.
    fn environment(&mut self, end: usize, to: usize, reading: Reading) -> usize {
        let (args, after_name) = self.arguments(end, to, 1);
        let Some(name_arg) = args.first().filter(|a| self.is_brace(a)) else {
            self.join(reading, Join::Break);
            return after_name;
        };
        let name = slice(self.text, self.inner(name_arg)).trim().to_string();
        let base = name.trim_end_matches('*');
        self.col.close();
        if MATH_ENVIRONMENTS.contains(&base) || VERBATIM_ENVIRONMENTS.contains(&base) {
            // Nothing inside is read, not even what looks like an `\end` of something else.
            return self.end_of_environment(&name, after_name, to, false).1;
        }
        let (_, body_start) = self.arguments(after_name, to, 9);
        let (body_end, next) = self.end_of_environment(&name, body_start, to, true);
        if FLOAT_ENVIRONMENTS.contains(&base) {
            self.group(body_start, body_end, Reading::Hidden);
        } else if QUOTE_ENVIRONMENTS.contains(&base) {
            if let Some(range) = trimmed(self.text, body_start..body_end) {
                self.regions.push(Region {
                    range,
                    kind: RegionKind::Quotation,
                });
            }
            self.group(body_start, body_end, reading);
        } else {
            self.group(body_start, body_end, reading);
        }
        self.col.close();
        next
    }

    /// Where the body of environment `name` ends (the `\end{name}` matching, counting nested
    /// `\begin{name}` when `nested`) and the offset after that `\end{name}`.
    fn end_of_environment(
        &self,
        name: &str,
        from: usize,
        to: usize,
        nested: bool,
    ) -> (usize, usize) {
        let end_tag = format!("\\end{{{name}}}");
        let begin_tag = format!("\\begin{{{name}}}");
        let mut depth = 0usize;
        let mut at = from;
        loop {
            let Some(hay) = self.text.get(at..to) else {
                return (to, to);
            };
            let next_end = hay.find(&end_tag);
            let next_begin = if nested { hay.find(&begin_tag) } else { None };
            match (next_begin, next_end) {
                (Some(b), Some(e)) if b < e => {
                    depth += 1;
                    at += b + begin_tag.len();
                }
                (_, Some(e)) => {
                    if depth == 0 {
                        return (at + e, at + e + end_tag.len());
                    }
                    depth -= 1;
                    at += e + end_tag.len();
                }
                (_, None) => return (to, to),
            }
        }
    }

    /// The value of `key` in a `key=value, …` list (braces around the value removed), trimmed.
    fn key_value(&self, list: Range<usize>, key: &str) -> Option<Range<usize>> {
        let s = slice(self.text, list.clone());
        let bytes = s.as_bytes();
        let mut depth = 0usize;
        let mut item_start = 0;
        for k in 0..=bytes.len() {
            match bytes.get(k) {
                Some(b'{') => depth += 1,
                Some(b'}') => depth = depth.saturating_sub(1),
                Some(b',') | None if depth == 0 => {
                    let item = s.get(item_start..k).unwrap_or("");
                    if let Some((name, _)) = item.split_once('=') {
                        if name.trim() == key {
                            let eq = item_start + item.find('=').unwrap_or(0) + 1;
                            let value = trimmed(self.text, list.start + eq..list.start + k)?;
                            let v = slice(self.text, value.clone());
                            if v.starts_with('{') && v.ends_with('}') && v.len() >= 2 {
                                return trimmed(self.text, value.start + 1..value.end - 1);
                            }
                            return Some(value);
                        }
                    }
                    item_start = k + 1;
                }
                _ => {}
            }
        }
        None
    }

    /// `Adam` in `\textbf{Adam}`: the inside of the last group of a command, or the range itself.
    fn innermost(&self, range: Range<usize>) -> Range<usize> {
        let s = slice(self.text, range.clone());
        match (s.rfind('{'), s.find('}')) {
            (Some(open), Some(close)) if s.starts_with('\\') && open < close => {
                range.start + open + 1..range.start + close
            }
            _ => range,
        }
    }

    /// Records a definition when both parts are plain text (no command, no group).
    fn define(&mut self, acronym: Range<usize>, expansion: Range<usize>) {
        let (Some(acronym), Some(expansion)) =
            (trimmed(self.text, acronym), trimmed(self.text, expansion))
        else {
            return;
        };
        let plain = |r: &Range<usize>| !slice(self.text, r.clone()).contains(['\\', '{', '}']);
        if plain(&acronym) && plain(&expansion) {
            self.abbreviations
                .push(AbbreviationDef { acronym, expansion });
        }
    }
}
