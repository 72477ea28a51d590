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

use std::borrow::Cow;
use std::fmt::Write;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use super::summary;
use crate::analysis::{Finding, Severity};
use crate::check::position::LineIndex;
use crate::check::{FileReport, Report};
use crate::text::slice::Slice;

/// Related places shown as annotations; more are counted in a note.
const MAX_RELATED: usize = 5;

/// Renders `report`; `color` adds ANSI colours.
pub fn render(report: &Report, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for file in &report.files {
        let index = LineIndex::new(&file.text);
        for finding in &file.findings {
            out.push_str(&renderer.render(&groups(file, &index, finding)));
            out.push_str("\n\n");
        }
    }
    let _ = writeln!(out, "{}", summary(report));
    out
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

fn groups<'a>(file: &'a FileReport, index: &LineIndex<'a>, finding: &'a Finding) -> Vec<Group<'a>> {
    let text = index.text();
    let primary = index.clamp(finding.range.start)..index.clamp(finding.range.end);
    let related: Vec<_> = finding
        .related
        .iter()
        .take(MAX_RELATED)
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
    let mut snippet = Snippet::source(text.slice(start..end))
        .line_start(first)
        .path(file.path.to_string_lossy())
        .fold(true)
        .annotation(AnnotationKind::Primary.span(shift(&primary)));
    for (range, message) in &related {
        snippet = snippet.annotation(AnnotationKind::Context.span(shift(range)).label(*message));
    }
    let mut group = level(finding.severity)
        .primary_title(finding.message.as_str())
        .id(finding.code.as_str())
        .element(snippet);
    if finding.related.len() > MAX_RELATED {
        group = group.element(Level::NOTE.message(Cow::Owned(format!(
            "and {} more related places",
            finding.related.len() - MAX_RELATED
        ))));
    }
    let mut groups = vec![group];
    if let Some(fix) = finding.fixes.iter().find(|fix| fix.preferred) {
        groups.push(Group::with_title(
            Level::HELP.secondary_title(fix.title.as_str()),
        ));
    }
    groups
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
        assert_eq!(render(&testing::report(), false), expected);
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
            })
            .collect();
        let out = render(&report, false);
        assert!(out.contains("use 5"), "{out}");
        assert!(!out.contains("use 6"), "{out}");
        assert!(out.contains("= note: and 2 more related places\n"), "{out}");
    }

    #[test]
    fn colour_is_only_added_when_asked() {
        let report = testing::report();
        assert!(!render(&report, false).contains('\u{1b}'));
        assert!(render(&report, true).contains("\u{1b}["));
    }

    #[test]
    fn an_empty_report_is_one_summary_line() {
        let report = Report {
            files_checked: 3,
            ..Report::default()
        };
        assert_eq!(render(&report, false), "No findings (3 files checked)\n");
    }
}
