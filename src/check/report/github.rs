//! The GitHub Actions report: one workflow command a finding, which the runner turns into an
//! annotation on the pull request's diff, then the summary line.
//!
//! ```text
//! ::warning file=docs/a.md,line=1,col=6,endLine=1,endColumn=9,title=glossary-ls (acronym-not-spelled-out)::`MoE` is used …%0Ahelp: Spell out: …
//! ```
//!
//! Levels: error → `error`, warning → `warning`, information and hint → `notice`. Columns count
//! Unicode scalar values, and `endColumn` is just past the last character; GitHub takes columns only
//! for a range on one line, so they are left out otherwise. Config and file errors are `error`
//! commands too, so that they show on the pull request.
//!
//! Escaping follows the runner's toolkit: in the message `%`, `\r` and `\n` become `%25`, `%0D` and
//! `%0A`; in property values `:` and `,` also become `%3A` and `%2C`.

use std::fmt::Write;

use super::{slashed, summary};
use crate::analysis::Severity;
use crate::check::{FileReport, Report};
use crate::text::lines::LineIndex;

/// Renders `report` as workflow commands.
pub fn render(report: &Report) -> String {
    let mut out: String = report.files.iter().map(self::file).collect();
    out.push_str(&tail(report));
    out
}

/// The commands of one file's findings.
pub fn file(file: &FileReport) -> String {
    let mut out = String::new();
    let index = LineIndex::new(&file.text);
    let path = slashed(&file.path.to_string_lossy());
    for finding in &file.findings {
        let start = index.position(finding.range.start);
        let end = index.position(finding.range.end.max(finding.range.start));
        let mut properties = format!("file={},line={},", property(&path), start.line);
        if start.line == end.line {
            let _ = write!(properties, "col={},", start.column);
        }
        let _ = write!(properties, "endLine={},", end.line);
        if start.line == end.line {
            let _ = write!(properties, "endColumn={},", end.column);
        }
        let _ = write!(
            properties,
            "title={}",
            property(&format!("glossary-ls ({})", finding.code))
        );
        let mut message = finding.message.clone();
        if let Some((fix, applied)) = finding.help() {
            let _ = write!(message, "\nhelp: {}", applied.help_line(fix));
        }
        let _ = writeln!(
            out,
            "::{} {properties}::{}",
            command(finding.severity),
            data(&message)
        );
    }
    out
}

/// What follows the files: the errors, then the summary line.
pub fn tail(report: &Report) -> String {
    let mut out = String::new();
    for error in &report.errors {
        let mut properties = format!("file={}", property(&slashed(&error.file.to_string_lossy())));
        if let Some((line, column)) = error.position {
            let _ = write!(properties, ",line={line},col={column}");
        }
        let _ = writeln!(
            out,
            "::error {properties},title=glossary-ls::{}",
            data(&error.message)
        );
    }
    let _ = writeln!(out, "{}", summary(report));
    out
}

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information | Severity::Hint => "notice",
    }
}

/// Paths with `/` separators, as GitHub shows them (also from a Windows runner).
/// Escapes a command's message.
pub fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command property's value.
pub fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::check::report::testing;
    use crate::error::FileError;

    #[test]
    fn every_finding_is_a_command_with_character_columns() {
        let mut report = testing::report();
        report.errors.push(FileError {
            file: PathBuf::from("docs/bad,1.md"),
            position: Some((3, 7)),
            message: "not valid UTF-8: 100% sure".into(),
        });
        let expected = "\
::warning file=docs/café.md,line=2,col=5,endLine=2,endColumn=8,title=glossary-ls (acronym-used-before-definition)::`MoE` is used before it is defined%0Ahelp: Move the definition here
::notice file=docs/café.md,line=5,col=9,endLine=5,endColumn=12,title=glossary-ls (undefined-acronym)::`ZQX` looks like an acronym, but no glossary knows it%0Ahelp: Ignore `ZQX` in this project
::notice file=notes.txt,line=1,col=49,endLine=1,endColumn=90,title=glossary-ls (redundant-definition)::`GRPO` is already defined%0Ahelp: Remove the second definition
::error file=docs/bad%2C1.md,line=3,col=7,title=glossary-ls::not valid UTF-8: 100%25 sure
1 warning, 1 information, 1 hint in 2 files (12 files checked)
";
        assert_eq!(render(&report), expected);
    }

    #[test]
    fn escaping_follows_the_toolkit() {
        assert_eq!(data("50%\r\nnext: a, b"), "50%25%0D%0Anext: a, b");
        assert_eq!(property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }

    #[test]
    fn a_range_over_lines_has_no_columns() {
        let mut report = testing::report();
        report.files.truncate(1);
        report.files[0].findings.truncate(1);
        let end = report.files[0].text.len() - 1;
        let finding = &mut report.files[0].findings[0];
        finding.range.end = end;
        finding.fixes.clear();
        assert_eq!(
            render(&report).lines().next(),
            Some("::warning file=docs/café.md,line=2,endLine=5,title=glossary-ls (acronym-used-before-definition)::`MoE` is used before it is defined")
        );
    }
}
