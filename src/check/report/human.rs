//! The human report: each finding as rustc prints a diagnostic, then a summary line.
//!
//! ```text
//! warning[acronym-not-spelled-out]: `MoE` is used but never spelled out; write “Mixture of Experts (MoE)”
//!  --> docs/intro.md:1:6
//!   |
//! 1 | Most MoE models run on a GPU.
//!   |      ^^^
//!   |
//! help: Spell out: Mixture of Experts (MoE)
//!
//! 1 warning in 1 file (12 files checked)
//! ```
//!
//! Related places ("defined here") are extra annotations in the same snippet, which shows only the
//! lines that matter (annotate-snippets folds the rest). Columns count Unicode scalar values.
//!
//! Lines wider than the output are cut around what they point at ([`super::cut`]), so that every
//! line of a snippet fits in `width` columns; a related place cut out of its line is named in a note
//! instead.
//!
//! A notebook's findings are shown in their Markdown cells, as the writer sees and edits them, not in
//! the JSON file around them (whose lines can be a whole cell long, with `\n` and `\"` escapes):
//! `--> notes.ipynb:cell 4:2:17` is line 2, column 17 of the notebook's fourth cell, as ruff names
//! places in notebooks; a related place in another cell is named in a note. The machine-read reports
//! (JSON, SARIF, GitHub) keep the file's own lines and columns.

use std::borrow::Cow;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use super::cut::Cut;
use super::summary;
use crate::analysis::notebook::Cells;
use crate::analysis::{DocKind, Elsewhere, Finding, Severity};
use crate::check::{FileReport, Report};
use crate::text::lines::{lone_cr_as_lf, LineIndex};
use crate::text::slice::Slice;

/// Related places shown as annotations; more are counted in a note.
const MAX_RELATED: usize = 5;

/// The width when stdout is not a terminal, and the narrowest `--width`.
pub const DEFAULT_WIDTH: usize = 80;
pub const MIN_WIDTH: usize = 20;

/// Renders `report`; `color` adds ANSI colours; source lines are cut to fit in `width` columns.
pub fn render(report: &Report, color: bool, width: usize) -> String {
    let mut out: String = report
        .files
        .iter()
        .map(|file| self::file(file, color, width))
        .collect();
    out.push_str(&tail(report));
    out
}

/// The snippets of one file's findings, as [`render`] prints them.
pub fn file(file: &FileReport, color: bool, width: usize) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
    // Lines are cut to the width here, with "…"; the renderer's own cutting (with "...") must not
    // cut them again.
    .term_width(usize::MAX / 2);
    let mut out = String::new();
    let index = LineIndex::new(&file.text);
    let path = file.path.to_string_lossy();
    let cells = (file.kind == DocKind::Notebook)
        .then(|| Cells::read(&file.text))
        .flatten();
    for finding in &file.findings {
        let in_cell = cells
            .as_ref()
            .and_then(|cells| InCell::new(cells, &path, &index, finding));
        let cell_index = in_cell.as_ref().map(|view| LineIndex::new(view.text));
        let (groups, location) = match (&in_cell, &cell_index) {
            (Some(view), Some(cell_index)) => groups(&view.path, cell_index, &view.finding, width),
            _ => groups(&path, &index, finding, width),
        };
        let mut rendered = renderer.render(&groups);
        if let Some(Location { shown, actual }) = location {
            rendered = rendered.replacen(&shown, &actual, 1);
        }
        out.push_str(&rendered);
        out.push_str("\n\n");
    }
    out
}

/// What follows the files: the summary line.
pub fn tail(report: &Report) -> String {
    format!("{}\n", summary(report))
}

/// The level a severity is printed as. Names match the config's words for severities.
fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Information => Level::INFO.with_name("information"),
        Severity::Hint => Level::NOTE.with_name("hint"),
    }
}

/// The `path:line:column` the renderer shows for a finding whose line was cut on the left (it counts
/// columns in the cut line), and the one it stands for. The renderer offers no way to give the
/// location of a snippet it draws with its path, so the location is mended in its output, where it
/// is the first `path:line:column` (the title before it is a message about an acronym).
struct Location {
    shown: String,
    actual: String,
}

/// A notebook's finding as shown in its cell: the cell's text, and the finding with ranges in it.
struct InCell<'a> {
    /// "notes.ipynb:cell 4"
    path: String,
    text: &'a str,
    finding: Finding,
}

impl<'a> InCell<'a> {
    /// `finding` (with ranges in the notebook file `index` reads) in its cell, or `None` when it
    /// lies in no Markdown cell. A related place in another cell becomes a place elsewhere, named
    /// by its cell ("cell 9:2:5").
    fn new(
        cells: &'a Cells,
        path: &str,
        index: &LineIndex<'_>,
        finding: &Finding,
    ) -> Option<InCell<'a>> {
        let cell = cells.place(&finding.range)?;
        let mut shown = finding.clone();
        shown.range = cell.range.clone();
        for related in shown.related.iter_mut().filter(|r| r.elsewhere.is_none()) {
            match cells.place(&related.range) {
                Some(other) if other.number == cell.number => related.range = other.range,
                Some(other) => {
                    let other_index = LineIndex::new(other.text);
                    let at = |offset: usize| {
                        let position = other_index.position(offset);
                        (position.line, position.column)
                    };
                    // The note names the cell alone: the file is the one the finding is in.
                    related.elsewhere = Some(Elsewhere {
                        path: format!("cell {}", other.number).into(),
                        start: at(other.range.start),
                        end: at(other.range.end),
                    });
                }
                // Not in a Markdown cell: named by the file's own line and column.
                None => {
                    let at = |offset: usize| {
                        let position = index.position(offset);
                        (position.line, position.column)
                    };
                    related.elsewhere = Some(Elsewhere {
                        path: path.into(),
                        start: at(related.range.start),
                        end: at(related.range.end),
                    });
                }
            }
        }
        Some(InCell {
            path: format!("{path}:cell {}", cell.number),
            text: cell.text,
            finding: shown,
        })
    }
}

fn groups<'a>(
    path: &'a str,
    index: &LineIndex<'a>,
    finding: &'a Finding,
    width: usize,
) -> (Vec<Group<'a>>, Option<Location>) {
    let text = index.text();
    let primary = index.clamp(finding.range.start)..index.clamp(finding.range.end);
    let related: Vec<_> = finding
        .related
        .iter()
        .take(MAX_RELATED)
        .filter(|related| related.elsewhere.is_none())
        .map(|related| {
            (
                index.clamp(related.range.start)..index.clamp(related.range.end),
                related.message.as_str(),
            )
        })
        .collect();
    // Only the lines from the first to the last annotated one go to the renderer: its work grows
    // with the source it is given, and a finding in a 1 MB file must not cost a pass over all of it.
    let first = std::iter::once(&primary)
        .chain(related.iter().map(|(range, _)| range))
        .map(|range| index.position(range.start).line)
        .min()
        .unwrap_or(1);
    let last = std::iter::once(&primary)
        .chain(related.iter().map(|(range, _)| range))
        .map(|range| index.position(range.end).line)
        .max()
        .unwrap_or(first);
    let start = index.line_range(first).start;
    let end = index.line_range(last).end;
    let shift = |range: &std::ops::Range<usize>| {
        range.start.clamp(start, end) - start..range.end.clamp(start, end) - start
    };
    // The gutter ("123 | ") takes its share of the width.
    let gutter = last.to_string().len() + 3;
    let spans: Vec<_> = std::iter::once(shift(&primary))
        .chain(related.iter().map(|(range, _)| shift(range)))
        .collect();
    // The cut and the renderer know only LF and CRLF: a line that ends in a bare CR is shown as a line.
    let cut = Cut::new(
        &lone_cr_as_lf(text.slice(start..end)),
        &spans,
        width.saturating_sub(gutter).max(MIN_WIDTH / 2),
    );
    let primary_span = cut.span(&shift(&primary)).unwrap_or_default();
    let at = index.position(primary.start);
    // The column the renderer counts in the cut line: characters from the line's start, plus one.
    let cut_line_start = cut
        .source
        .get(..primary_span.start)
        .and_then(|before| before.rfind('\n'))
        .map_or(0, |newline| newline + 1);
    let shown_column = cut
        .source
        .get(cut_line_start..primary_span.start)
        .map_or(0, |before| before.chars().count())
        + 1;
    let location = (shown_column != at.column).then(|| Location {
        shown: format!("{path}:{}:{shown_column}", at.line),
        actual: format!("{path}:{}:{}", at.line, at.column),
    });
    let mut snippet = Snippet::source(cut.source.clone())
        .line_start(first)
        .path(path)
        .fold(true)
        .annotation(AnnotationKind::Primary.span(primary_span));
    let mut out_of_view = Vec::new();
    for (range, message) in &related {
        match cut.span(&shift(range)) {
            Some(span) => {
                snippet = snippet.annotation(AnnotationKind::Context.span(span).label(*message));
            }
            None => {
                let position = index.position(range.start);
                out_of_view.push(format!(
                    "{message}: line {}, column {}",
                    position.line, position.column
                ));
            }
        }
    }
    let mut group = level(finding.severity)
        .primary_title(finding.message.as_str())
        .id(finding.code.as_str())
        .element(snippet);
    // A place in another file is named in a note: its text is not this snippet's.
    for related in finding.related.iter().take(MAX_RELATED) {
        if let Some(other) = &related.elsewhere {
            out_of_view.push(format!(
                "{}: {}:{}:{}",
                related.message,
                other.path.display(),
                other.start.0,
                other.start.1
            ));
        }
    }
    for note in out_of_view {
        group = group.element(Level::NOTE.message(Cow::Owned(note)));
    }
    if finding.related.len() > MAX_RELATED {
        group = group.element(Level::NOTE.message(Cow::Owned(format!(
            "and {} more related places",
            finding.related.len() - MAX_RELATED
        ))));
    }
    let mut groups = vec![group];
    if let Some((fix, applied)) = finding.help() {
        groups.push(Group::with_title(
            Level::HELP.secondary_title(Cow::Owned(applied.help_line(fix))),
        ));
    }
    (groups, location)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::report::testing;

    #[test]
    fn plain_output_pins_lines_columns_notes_and_help() {
        // The location counts characters (MoE is the 5th on its line); the carets are placed by
        // display width, where 中 and 😀 take two cells each.
        let expected = "\
warning[acronym-used-before-definition]: `MoE` is used before it is defined
 --> docs/café.md:2:5
  |
2 | é中😀 MoE runs; see below.
  |       ^^^
3 |
4 | Mixture of Experts (MoE) is defined here.
  | ------------------------ defined here
  |
help: Move the definition here

information[undefined-acronym]: `ZQX` looks like an acronym, but no glossary knows it
 --> docs/café.md:5:9
  |
5 | We like ZQX.
  |         ^^^
  |
help: Ignore `ZQX` in this project

hint[redundant-definition]: `GRPO` is already defined
 --> notes.txt:1:49
  |
1 | 😀 GRPO (Group Relative Policy Optimization) and GRPO (Group Relative Policy Optimization)
  |    -----------------------------------------     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  |    |
  |    first defined here
  |
help: Remove the second definition

1 warning, 1 information, 1 hint in 2 files (12 files checked)
";
        // Wide enough for every line: the cutting is tested below.
        assert_eq!(render(&testing::report(), false, 100), expected);
    }

    #[test]
    fn many_related_places_are_counted_in_a_note() {
        let mut report = testing::report();
        report.files.truncate(1);
        report.files[0].findings.truncate(1);
        let text = "MoE ".repeat(8);
        report.files[0].text = text.clone();
        let finding = &mut report.files[0].findings[0];
        finding.range = 0..3;
        finding.related = (1..8)
            .map(|i| crate::analysis::Related {
                range: i * 4..i * 4 + 3,
                message: format!("use {i}"),
                elsewhere: None,
            })
            .collect();
        let out = render(&report, false, 80);
        assert!(out.contains("use 5"), "{out}");
        assert!(!out.contains("use 6"), "{out}");
        assert!(out.contains("= note: and 2 more related places\n"), "{out}");
    }

    #[test]
    fn colour_is_only_added_when_asked() {
        let report = testing::report();
        assert!(!render(&report, false, 80).contains('\u{1b}'));
        assert!(render(&report, true, 80).contains("\u{1b}["));
    }

    #[test]
    fn an_empty_report_is_one_summary_line() {
        let report = Report {
            files_checked: 3,
            ..Report::default()
        };
        assert_eq!(
            render(&report, false, 80),
            "No findings (3 files checked)\n"
        );
    }
}
