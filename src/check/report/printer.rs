//! Printing a report file by file, as `check` hands the files over ([`crate::check::check_each`]),
//! so that memory holds one file's findings at a time however many files have findings. The output
//! is byte for byte what the format's `render` gives for the whole report: both are made of the same
//! pieces (a file's part, then what follows the files).
//!
//! The human, GitHub and diff formats print each file's part as it comes. JSON and SARIF start with
//! what is known only at the end (the number of files checked; whether the run had errors), so their
//! files' parts wait in a spool, in memory up to [`SPOOL_IN_MEMORY`] bytes and in a temporary file
//! past that, and are copied out after the document's head.

use std::io::{self, Seek, Write};
use std::path::PathBuf;

use tempfile::SpooledTempFile;

use super::{diff, github, human, json, sarif};
use crate::check::{FileReport, Report};

/// Spooled output kept in memory before it goes to a temporary file.
pub const SPOOL_IN_MEMORY: usize = 4 << 20;

/// A report format, with what it needs to print a file's part.
#[derive(Debug, Clone)]
pub enum Format {
    Human {
        color: bool,
        width: usize,
    },
    Json,
    /// Paths relative to `cwd`.
    Sarif {
        cwd: PathBuf,
    },
    Github,
    Diff,
}

/// Prints a report to `out` as its files come.
pub struct Printer<W: Write> {
    format: Format,
    out: W,
    /// JSON and SARIF: the files' parts, until the head can be printed.
    spool: Option<SpooledTempFile>,
    /// JSON and SARIF: the array elements written so far.
    written: usize,
    /// JSON and SARIF: a frame built only to place the elements (its head and tail are built again
    /// at the end, from the finished report).
    elements_frame: Option<super::frame::Frame>,
}

impl<W: Write> Printer<W> {
    pub fn new(format: Format, out: W) -> Printer<W> {
        let (spool, elements_frame) = match &format {
            Format::Json => (
                Some(tempfile::spooled_tempfile(SPOOL_IN_MEMORY)),
                Some(json::frame(&Report::default())),
            ),
            Format::Sarif { cwd } => (
                Some(tempfile::spooled_tempfile(SPOOL_IN_MEMORY)),
                Some(sarif::frame(&Report::default(), cwd)),
            ),
            _ => (None, None),
        };
        Printer {
            format,
            out,
            spool,
            written: 0,
            elements_frame,
        }
    }

    /// Prints (or spools) one file's part.
    pub fn file(&mut self, file: &FileReport) -> io::Result<()> {
        let part = match (&self.format, &self.elements_frame) {
            (Format::Human { color, width }, _) => human::file(file, *color, *width),
            (Format::Github, _) => github::file(file),
            (Format::Diff, _) => diff::file(file),
            (Format::Json, Some(frame)) => json::elements(frame, file, &mut self.written),
            (Format::Sarif { .. }, Some(frame)) => sarif::elements(frame, file, &mut self.written),
            (Format::Json | Format::Sarif { .. }, None) => String::new(),
        };
        match &mut self.spool {
            Some(spool) => spool.write_all(part.as_bytes()),
            None => self.out.write_all(part.as_bytes()),
        }
    }

    /// Prints what is left once `report` (whose files went by) is finished; with `summary` false, the
    /// human format's summary line is left out.
    pub fn finish(mut self, report: &Report, summary: bool) -> io::Result<()> {
        let frame = match &self.format {
            Format::Human { .. } => {
                if summary {
                    self.out.write_all(human::tail(report).as_bytes())?;
                }
                None
            }
            Format::Github => {
                self.out.write_all(github::tail(report).as_bytes())?;
                None
            }
            Format::Diff => None,
            Format::Json => Some(json::frame(report)),
            Format::Sarif { cwd } => Some(sarif::frame(report, cwd)),
        };
        if let (Some(frame), Some(mut spool)) = (frame, self.spool.take()) {
            self.out.write_all(frame.head().as_bytes())?;
            spool.rewind()?;
            io::copy(&mut spool, &mut self.out)?;
            self.out.write_all(frame.tail(self.written).as_bytes())?;
        }
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::report::testing;

    /// Each format printed file by file is the format rendered whole.
    #[test]
    fn printing_file_by_file_gives_the_whole_report() {
        let mut report = testing::report();
        report.errors = vec![crate::error::FileError::whole(
            std::path::Path::new("gone.md"),
            "cannot read",
        )];
        report.files[1].fixed = Some("GRPO and GRPO\n".into());
        let cwd = PathBuf::from("/work/project");
        let formats = [
            (
                Format::Human {
                    color: false,
                    width: 60,
                },
                human::render(&report, false, 60),
            ),
            (Format::Json, json::render(&report)),
            (
                Format::Sarif { cwd: cwd.clone() },
                sarif::render(&report, &cwd),
            ),
            (Format::Github, github::render(&report)),
            (Format::Diff, diff::render(&report)),
        ];
        for (format, whole) in formats {
            let mut out = Vec::new();
            let mut printer = Printer::new(format.clone(), &mut out);
            for file in &report.files {
                printer.file(file).expect("print");
            }
            printer.finish(&report, true).expect("finish");
            assert_eq!(String::from_utf8(out).expect("UTF-8"), whole, "{format:?}");
        }
    }
}
