//! A LaTeX document made of several files: `\input{…}`, `\include{…}` and `\subfile{…}` put another
//! file's text where the command stands, so first-use rules read the files as one document, in the
//! order TeX reads them (an acronym defined in chapter 1 is defined in chapter 3).
//!
//! # How
//!
//! The engine reads no file. [`assemble`] takes the main file's text and a loader, a function of the
//! front end that finds a named file and reads it; it splices each included file's text into one text
//! (recursively, at most [`MAX_DEPTH`] files deep), remembering for each byte which file it came from.
//! [`analyze_assembly`] analyses that text once, as LaTeX, and splits the analysis into one per file,
//! each with ranges of that file's own text:
//!
//! - a finding belongs to the file its range lies in;
//! - a related place in another file keeps its range in that file and gets [`Elsewhere`] (the file's
//!   name as the loader gave it, line and column);
//! - a fix that would edit another file than its finding's is left out (each file is fixed on its own);
//! - a line number in a message is a line of the file the place is in.
//!
//! `\include` and `\subfile` start a new page in TeX: the included text stands as paragraphs of its
//! own. `\input` is read in line, as TeX does.
//!
//! # Which commands
//!
//! Only the braced forms with one argument are followed: `\input{chapters/intro}`, `\include{intro}`,
//! `\subfile{intro.tex}` (TeX's primitive `\input file`, without braces, is not). Commands in comments
//! (after an unescaped `%`) and in verbatim environments are not followed. The name is passed to the
//! loader as written; resolving it (TeX reads names relative to the folder it runs in, the main file's,
//! and adds `.tex` when a name has no extension) is the loader's job.
//!
//! # Cycles and missing files
//!
//! A file that is already being read (a cycle: `a.tex` inputs `b.tex`, which inputs `a.tex`) or that the
//! loader cannot give is not followed: the command reads as any other command, and the assembly keeps a
//! [`Problem`] for the front end to tell.

use std::ops::Range;
use std::path::PathBuf;

use super::prose::latex::VERBATIM_ENVIRONMENTS;
use super::{
    analyze_read, Analysis, Cancel, DocKind, Elsewhere, Engine, FixAction, KeptBlocks, Settings,
};
use crate::text::lines::LineIndex;

/// Files included deeper than this are not followed.
pub const MAX_DEPTH: usize = 16;

/// A command that includes another file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Include {
    /// The whole command, `\input{name}`.
    pub range: Range<usize>,
    /// The name as written between the braces, trimmed.
    pub name: String,
    /// `\include` or `\subfile`: the included text is paragraphs of its own.
    pub own_paragraphs: bool,
}

/// The commands that include a file in `text`, in order (none in comments or verbatim environments).
pub fn includes(text: &str) -> Vec<Include> {
    let mut found = Vec::new();
    let mut verbatim: Option<String> = None;
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let start = line_start;
        line_start += line.len();
        let code = without_comment(line);
        if let Some(end_tag) = &verbatim {
            if code.contains(end_tag.as_str()) {
                verbatim = None;
            }
            continue;
        }
        let mut at = 0;
        while let Some(k) = code.get(at..).and_then(|rest| rest.find('\\')) {
            let command = at + k;
            let name_end = command
                + 1
                + code
                    .as_bytes()
                    .get(command + 1..)
                    .unwrap_or_default()
                    .iter()
                    .take_while(|b| b.is_ascii_alphabetic())
                    .count();
            let name = code.get(command + 1..name_end).unwrap_or_default();
            at = name_end.max(command + 1);
            match name {
                "input" | "include" | "subfile" => {
                    if let Some((argument, end)) = braced(code, name_end) {
                        if !argument.is_empty() {
                            found.push(Include {
                                range: start + command..start + end,
                                name: argument.to_string(),
                                own_paragraphs: name != "input",
                            });
                        }
                        at = end;
                    }
                }
                "begin" => {
                    if let Some((environment, end)) = braced(code, name_end) {
                        if VERBATIM_ENVIRONMENTS.contains(&environment) {
                            let end_tag = format!("\\end{{{environment}}}");
                            if !code.get(end..).unwrap_or_default().contains(&end_tag) {
                                verbatim = Some(end_tag);
                            }
                            break;
                        }
                        at = end;
                    }
                }
                _ => {}
            }
        }
    }
    found
}

/// `line` up to its first unescaped `%`.
fn without_comment(line: &str) -> &str {
    let mut escaped = false;
    for (i, b) in line.bytes().enumerate() {
        match b {
            b'%' if !escaped => return line.get(..i).unwrap_or_default(),
            b'\\' => escaped = !escaped,
            _ => escaped = false,
        }
    }
    line
}

/// The trimmed content of a `{…}` group (without nested braces) after optional spaces at `from`, and
/// the offset after its closing brace.
fn braced(code: &str, from: usize) -> Option<(&str, usize)> {
    let rest = code.get(from..)?;
    let open = from + (rest.len() - rest.trim_start_matches([' ', '\t']).len());
    if code.as_bytes().get(open) != Some(&b'{') {
        return None;
    }
    let close = open + 1 + code.get(open + 1..)?.find(['}', '{', '\n'])?;
    if code.as_bytes().get(close) != Some(&b'}') {
        return None;
    }
    Some((code.get(open + 1..close)?.trim(), close + 1))
}

/// A file the loader gave.
pub struct Loaded {
    /// What the file is, whatever the name it was reached by (its canonical path): a file already
    /// being read is not read again.
    pub identity: PathBuf,
    /// The file as the front end shows it (in related places of other files).
    pub shown: PathBuf,
    pub text: String,
}

/// Why an include was not followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    /// The loader could not give the file; its reason.
    Unreadable(String),
    /// The file is already being read: following it would never end.
    Cycle(PathBuf),
    /// Deeper than [`MAX_DEPTH`].
    TooDeep,
}

/// An include that was not followed: in `file` (an index of [`Assembly::files`]), at `range`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: usize,
    pub range: Range<usize>,
    pub name: String,
    pub kind: ProblemKind,
}

/// A run of the assembled text copied from one file.
#[derive(Debug, Clone, Copy)]
struct Piece {
    at: usize,
    len: usize,
    file: usize,
    original: usize,
}

/// The files of a document spliced into one text, and the map back.
pub struct Assembly {
    text: String,
    pieces: Vec<Piece>,
    /// The main file first, then each file in the order it was first read.
    files: Vec<Loaded>,
    problems: Vec<Problem>,
}

/// The document whose main file is `root`, with what `load` gives for each included name. `load`
/// returns the file, or why it cannot.
pub fn assemble(root: Loaded, load: &mut dyn FnMut(&str) -> Result<Loaded, String>) -> Assembly {
    let mut assembly = Assembly {
        text: String::new(),
        pieces: Vec::new(),
        files: vec![root],
        problems: Vec::new(),
    };
    let mut reading = vec![0];
    assembly.splice(0, load, &mut reading);
    assembly
}

impl Assembly {
    /// Appends file `file`'s text with its includes followed; `reading` holds the files being read.
    fn splice(
        &mut self,
        file: usize,
        load: &mut dyn FnMut(&str) -> Result<Loaded, String>,
        reading: &mut Vec<usize>,
    ) {
        let Some(text) = self.files.get(file).map(|f| f.text.as_str()) else {
            return;
        };
        let includes = includes(text);
        let mut copied = 0;
        for include in includes {
            let problem = |kind| Problem {
                file,
                range: include.range.clone(),
                name: include.name.clone(),
                kind,
            };
            if reading.len() > MAX_DEPTH {
                self.problems.push(problem(ProblemKind::TooDeep));
                continue;
            }
            let loaded = match load(&include.name) {
                Ok(loaded) => loaded,
                Err(reason) => {
                    self.problems.push(problem(ProblemKind::Unreadable(reason)));
                    continue;
                }
            };
            let known = self
                .files
                .iter()
                .position(|f| f.identity == loaded.identity);
            if let Some(index) = known.filter(|index| reading.contains(index)) {
                let shown = self.files.get(index).map(|f| f.shown.clone());
                let shown = shown.unwrap_or_default();
                self.problems.push(problem(ProblemKind::Cycle(shown)));
                continue;
            }
            self.copy(file, copied..include.range.start);
            copied = include.range.end;
            let child = known.unwrap_or_else(|| {
                self.files.push(loaded);
                self.files.len() - 1
            });
            let gap = if include.own_paragraphs { "\n\n" } else { "\n" };
            self.text.push_str(gap);
            reading.push(child);
            self.splice(child, load, reading);
            reading.pop();
            self.text.push_str(gap);
        }
        let end = self.files.get(file).map_or(0, |f| f.text.len());
        self.copy(file, copied..end);
    }

    fn copy(&mut self, file: usize, range: Range<usize>) {
        let Some(part) = self.files.get(file).and_then(|f| f.text.get(range.clone())) else {
            return;
        };
        if part.is_empty() {
            return;
        }
        self.pieces.push(Piece {
            at: self.text.len(),
            len: part.len(),
            file,
            original: range.start,
        });
        self.text.push_str(part);
    }

    /// The assembled text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The files read, the main file first.
    pub fn files(&self) -> &[Loaded] {
        &self.files
    }

    /// The includes not followed.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// The file and range that `range` of the assembled text comes from, when it lies in one piece
    /// (an empty range at a piece's end belongs to that piece).
    pub fn locate(&self, range: &Range<usize>) -> Option<(usize, Range<usize>)> {
        let i = self.pieces.partition_point(|p| p.at + p.len < range.end);
        let piece = self.pieces.get(i)?;
        if piece.at > range.start || range.end > piece.at + piece.len || range.start > range.end {
            return None;
        }
        let shift = |offset: usize| piece.original + offset - piece.at;
        Some((piece.file, shift(range.start)..shift(range.end)))
    }
}

/// `message` with its "on line `line`" (the rules' words for a place in the document) naming the file
/// the line is in.
fn name_the_file(message: &str, line: u32, file: &std::path::Path) -> String {
    let words = format!("on line {line}");
    let found = message.match_indices(&words).find(|(at, _)| {
        !message
            .as_bytes()
            .get(at + words.len())
            .is_some_and(u8::is_ascii_digit)
    });
    match found {
        Some((at, _)) => {
            let end = at + words.len();
            format!(
                "{} of {}{}",
                message.get(..end).unwrap_or_default(),
                file.display(),
                message.get(end..).unwrap_or_default()
            )
        }
        None => message.to_string(),
    }
}

/// Analyses the assembled document as one LaTeX document; the analysis of each of its files, in the
/// order of [`Assembly::files`], with ranges of that file's text (see the module's comment).
pub fn analyze_assembly(
    assembly: &Assembly,
    engine: &Engine,
    settings: &Settings,
) -> Vec<Analysis> {
    let lines: Vec<LineIndex> = assembly
        .files
        .iter()
        .map(|f| LineIndex::new(&f.text))
        .collect();
    let line_of = |offset: usize| {
        super::LineName::line(
            assembly
                .locate(&(offset..offset))
                .and_then(|(file, r)| Some(lines.get(file)?.line_of(r.start)))
                .unwrap_or(0)
                + 1,
        )
    };
    // A document joined from several files is analysed whole each time: nothing to keep or cancel.
    let analysis = analyze_read(
        &assembly.text,
        DocKind::Latex,
        engine,
        settings,
        &line_of,
        &mut KeptBlocks::new(),
        &Cancel::never(),
    )
    .unwrap_or_default();
    let mut split: Vec<Analysis> = assembly.files.iter().map(|_| Analysis::default()).collect();
    let place = |range: &Range<usize>| assembly.locate(range);
    for mut term in analysis.terms {
        if let Some((file, range)) = place(&term.range) {
            term.range = range;
            if let Some(split) = split.get_mut(file) {
                split.terms.push(term);
            }
        }
    }
    for mut acronym in analysis.acronyms {
        if let Some((file, range)) = place(&acronym.range) {
            acronym.range = range;
            if let Some(split) = split.get_mut(file) {
                split.acronyms.push(acronym);
            }
        }
    }
    for mut def in analysis.definitions {
        let (Some((file, acronym)), Some((_, long_form))) =
            (place(&def.acronym_range), place(&def.long_form_range))
        else {
            continue;
        };
        def.span = place(&def.span).map_or(
            acronym.start.min(long_form.start)..acronym.end.max(long_form.end),
            |(_, r)| r,
        );
        def.acronym_range = acronym;
        def.long_form_range = long_form;
        if let Some(split) = split.get_mut(file) {
            split.definitions.push(def);
        }
    }
    for mut finding in analysis.findings {
        let Some((file, range)) = place(&finding.range) else {
            continue;
        };
        finding.range = range;
        let mut message = std::mem::take(&mut finding.message);
        finding.related = std::mem::take(&mut finding.related)
            .into_iter()
            .filter_map(|mut related| {
                let (other, range) = place(&related.range)?;
                if other != file {
                    let (lines, shown) = (lines.get(other)?, &assembly.files.get(other)?.shown);
                    let (start, end) =
                        (lines.line_column(range.start), lines.line_column(range.end));
                    message = name_the_file(&message, start.0, shown);
                    related.elsewhere = Some(Elsewhere {
                        path: shown.clone(),
                        start: (start.0 as usize, start.1 as usize),
                        end: (end.0 as usize, end.1 as usize),
                    });
                }
                related.range = range;
                Some(related)
            })
            .collect();
        finding.message = message;
        finding.fixes.retain_mut(|fix| match &mut fix.action {
            FixAction::Edit { edits } => edits.iter_mut().all(|edit| match place(&edit.range) {
                Some((f, range)) if f == file => {
                    edit.range = range;
                    true
                }
                _ => false,
            }),
            FixAction::IgnoreToken { .. } => true,
        });
        if let Some(split) = split.get_mut(file) {
            split.findings.push(finding);
        }
    }
    // A file included twice (not a cycle) is read twice: its places once.
    for analysis in &mut split {
        let key = |r: &Range<usize>| (r.start, r.end);
        analysis.terms.sort_by_key(|t| key(&t.range));
        analysis.terms.dedup_by_key(|t| key(&t.range));
        analysis.acronyms.sort_by_key(|a| key(&a.range));
        analysis.acronyms.dedup_by_key(|a| key(&a.range));
        analysis.definitions.sort_by_key(|d| key(&d.acronym_range));
        analysis.definitions.dedup_by_key(|d| key(&d.acronym_range));
        analysis.findings.sort_by_key(|f| (key(&f.range), f.code));
        analysis.findings.dedup_by_key(|f| (key(&f.range), f.code));
    }
    split
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<(&str, String, bool)> {
        includes(text)
            .into_iter()
            .map(|i| (&text[i.range], i.name, i.own_paragraphs))
            .collect()
    }

    #[test]
    fn includes_outside_comments_and_verbatim() {
        let text = "\\input{a}\\include { b/c } % \\input{commented}\n\
            \\includegraphics{fig.png}\\includeonly{a}\\input{}\n\
            \\begin{verbatim}\n\\input{shown}\n\\end{verbatim}\n\
            50\\% \\subfile{d.tex}\n";
        assert_eq!(
            names(text),
            [
                ("\\input{a}", "a".to_string(), false),
                ("\\include { b/c }", "b/c".to_string(), true),
                ("\\subfile{d.tex}", "d.tex".to_string(), true),
            ]
        );
    }

    fn file(name: &str, text: &str) -> Loaded {
        Loaded {
            identity: PathBuf::from(name),
            shown: PathBuf::from(name),
            text: text.to_string(),
        }
    }

    #[test]
    fn assembly_splices_and_maps_back() {
        let mut load = |name: &str| match name {
            "b" => Ok(file("b.tex", "Bee \\input{a}")),
            "a" => Ok(file("a.tex", "")),
            _ => Err(format!("no file {name}.tex")),
        };
        let assembly = assemble(file("a.tex", "A \\input{b} C \\include{z}"), &mut load);
        // What is not followed stays, read as any other command.
        assert_eq!(assembly.text(), "A \nBee \\input{a}\n C \\include{z}");
        let at = assembly.text().find("Bee").unwrap();
        assert_eq!(assembly.locate(&(at..at + 3)), Some((1, 0..3)));
        let at = assembly.text().find("C").unwrap();
        assert_eq!(assembly.locate(&(at..at + 1)), Some((0, 12..13)));
        // The separators come from no file.
        assert_eq!(assembly.locate(&(2..4)), None);
        let kinds: Vec<_> = assembly
            .problems()
            .iter()
            .map(|p| (p.file, p.kind.clone()))
            .collect();
        assert_eq!(
            kinds,
            [
                (1, ProblemKind::Cycle(PathBuf::from("a.tex"))),
                (0, ProblemKind::Unreadable("no file z.tex".to_string())),
            ]
        );
    }

    #[test]
    fn naming_the_file_of_a_line() {
        let file = std::path::Path::new("ch1.tex");
        assert_eq!(
            name_the_file("used before its definition on line 2", 2, file),
            "used before its definition on line 2 of ch1.tex"
        );
        assert_eq!(name_the_file("on line 23", 2, file), "on line 23");
    }
}
