//! `glossary-ls check [PATH...]`: the batch review, for terminals and CI. The work is in
//! [`crate::check`]; this file is the command line around it.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::{report, GlobalArgs};
use crate::analysis::Severity;
use crate::check::report::fix_summary;
use crate::check::report::human;
use crate::check::report::printer::{Format, Printer};
use crate::check::{self, ConfigChoice, FixMode, Options, Report};
use crate::error::FileError;

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Source snippets as rustc prints them, and a summary line.
    Human,
    /// One JSON object (schema: docs/check-json.md).
    Json,
    /// SARIF 2.1.0, for code-scanning services.
    Sarif,
    /// GitHub Actions workflow commands (annotations on pull requests).
    Github,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// When stdout is a terminal and NO_COLOR is not set.
    Auto,
    Always,
    Never,
}

/// The least severe finding that fails the run.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DenyLevel {
    Error,
    Warning,
    Information,
    Hint,
}

impl DenyLevel {
    fn severity(self) -> Severity {
        match self {
            DenyLevel::Error => Severity::Error,
            DenyLevel::Warning => Severity::Warning,
            DenyLevel::Information => Severity::Information,
            DenyLevel::Hint => Severity::Hint,
        }
    }
}

#[derive(Args)]
pub struct CheckArgs {
    /// Files and folders to check (default: the current folder). In folders, the files whose extension
    /// the governing config lists (Markdown: md, markdown, mdx; text: txt) or that has a reader of its
    /// own (reStructuredText: rst; LaTeX: tex, ltx) are checked, skipping
    /// hidden files and folders (names starting with "."), symbolic links, what .gitignore, .ignore,
    /// .git/info/exclude and git's global excludes file ignore (also from parent folders, in a git
    /// repository or not), and the glossary files that the config names or --glossary adds (a
    /// glossary is data, not a document). Files named here are checked
    /// whatever their extension. A folder with no file to check is a warning, and a run that finds no
    /// file at all an error (exit status 2).
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Output format. Not with --diff, whose diff is the output.
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    format: CheckFormat,
    /// Colour in the human format.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// Cut the human format's source lines to N columns, around what they point at (default: the
    /// terminal's width, or 80 when stdout is not a terminal).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(human::MIN_WIDTH as i64..))]
    width: Option<u16>,
    /// Apply each finding's preferred fix in place, then report what is left, and end with
    /// "fixed N findings in M files" on stderr (naming any file that could not be written). Adding a
    /// token to the ignore list is never done by --fix.
    #[arg(long)]
    fix: bool,
    /// Print what --fix would change as a unified diff (`--- a/PATH`, `+++ b/PATH`, hunks with 3
    /// lines of context) on stdout instead of the report, and "would fix N findings in M files" on
    /// stderr; write nothing. The exit status is the one without --diff. Not with --fix or --format.
    #[arg(long, conflicts_with_all = ["fix", "format"])]
    diff: bool,
    /// Exit with status 1 when a finding is this severe or more.
    #[arg(long, value_enum, value_name = "LEVEL", default_value_t = DenyLevel::Warning)]
    deny: DenyLevel,
}

/// Exit status: 0 clean, 1 findings at or above `--deny`, 2 config, glossary or file errors, or no file
/// found to check.
pub fn run(global: &GlobalArgs, args: &CheckArgs) -> Result<ExitCode, Vec<FileError>> {
    let config = if global.no_config {
        ConfigChoice::Defaults
    } else if let Some(path) = &global.config {
        ConfigChoice::File(path.clone())
    } else {
        ConfigChoice::Discover
    };
    let options = Options {
        paths: args.paths.clone(),
        config,
        glossaries: global.glossaries.clone(),
        fix: if args.fix {
            FixMode::Write
        } else if args.diff {
            FixMode::Preview
        } else {
            FixMode::Off
        },
        progress: std::io::stderr().is_terminal(),
    };
    let format = if args.diff {
        Format::Diff
    } else {
        match args.format {
            CheckFormat::Human => Format::Human {
                color: color(args.color),
                width: width(args.width),
            },
            CheckFormat::Json => Format::Json,
            CheckFormat::Sarif => Format::Sarif {
                cwd: std::env::current_dir().unwrap_or_default(),
            },
            CheckFormat::Github => Format::Github,
        }
    };
    // The files' findings are printed as their turn comes and then dropped (a closed pipe, as in
    // `check | head`, is not an error: what is left goes nowhere).
    let mut printer = Printer::new(format, std::io::BufWriter::new(std::io::stdout().lock()));
    let mut printing = Ok(());
    let report_ = check::check_each(&options, |file| {
        if printing.is_ok() {
            printing = printer.file(&file);
        }
    });
    for note in &report_.notes {
        eprintln!("note: {note}");
    }
    report(&report_.errors);
    // Nothing found anywhere fails the run (see `exit_code`), so it is an error; an empty folder next
    // to others with files is only worth a warning.
    let level = if report_.files_found == 0 {
        "error"
    } else {
        "warning"
    };
    for folder in &report_.empty_folders {
        eprintln!(
            "{level}: no Markdown or text files found under {}",
            folder.display()
        );
    }
    // "No findings (0 files checked)" under an error reads as a pass: when no file was checked
    // because of an error, or because there was none, stderr has said why and the human report (then
    // only that line) is left out. The machine formats always print theirs (GitHub's carries the
    // errors as `::error` commands).
    let nothing_checked =
        report_.files_checked == 0 && (!report_.errors.is_empty() || report_.files_found == 0);
    if printing.is_ok() {
        let _ = printer.finish(&report_, !nothing_checked);
    }
    // On stderr, so that stdout stays the report (or the diff) alone; last, so that it ends the run.
    if let Some(line) = fix_summary(&report_) {
        eprintln!("{line}");
    }
    Ok(exit_code(&report_, args.deny))
}

fn color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
        }
    }
}

/// The width to cut source lines to: `--width`, else the terminal's, else 80.
fn width(choice: Option<u16>) -> usize {
    if let Some(width) = choice {
        return usize::from(width);
    }
    let stdout = std::io::stdout();
    if !stdout.is_terminal() {
        return human::DEFAULT_WIDTH;
    }
    terminal_size::terminal_size_of(&stdout).map_or(human::DEFAULT_WIDTH, |(w, _)| {
        usize::from(w.0).max(human::MIN_WIDTH)
    })
}

fn exit_code(report: &Report, deny: DenyLevel) -> ExitCode {
    if !report.errors.is_empty() || report.files_found == 0 {
        ExitCode::from(2)
    } else if report.worst().is_some_and(|worst| worst <= deny.severity()) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
