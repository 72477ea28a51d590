//! `glossary-ls check`: the batch review of a docs tree, for people and for CI.
//!
//! The work is split in steps, one module each:
//!
//! 1. [`walk`]: which files to read (named files, and the files of named folders that the governing
//!    config's extensions select, honouring ignore files, less the glossary files it names);
//! 2. [`resolve`]: the config governing each file and the glossary each config builds, each resolved
//!    once however many files share it;
//! 3. [`run`]: reading and analysing each file (and with `--fix`, fixing it; with `--diff`, fixing a
//!    copy of its text), in parallel ([`ordered`]); a LaTeX file is checked with the files it
//!    includes, as one document (`latex_documents`);
//! 4. `across`: comparing files, for what no single file shows (an acronym spelled out as one term
//!    in one file and another in a later one);
//! 5. [`report`]: printing the findings as the chosen format says.
//!
//! The run streams: files are analysed in parallel and handed back in the report's order (sorted
//! paths) as soon as their turn comes, compared with the files before them, and passed on to the
//! caller ([`check_each`]), which prints them and drops them. Memory then holds a few files at a
//! time, not the whole tree's texts and findings, and the report is the same on every run, whatever
//! the thread timing. Analysis is the CPU-bound part and listing folders is cheap, so the walk stays
//! sequential and simple (one config cache, no locks). (The `ignore` crate's parallel walker would
//! also parallelise listing folders, but would need a shared config cache and a sort afterwards, for
//! no gain at this size.)
//!
//! Like the engine, this module knows nothing of LSP.

mod across;
pub mod fix;
mod latex_documents;
mod ordered;
pub mod progress;
pub mod report;
pub mod resolve;
pub mod run;
pub mod walk;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::analysis::matcher::Volume;
use crate::analysis::{DocKind, Finding, Severity};
use crate::error::FileError;
pub use resolve::ConfigChoice;

/// What to check, and how.
#[derive(Debug, Clone)]
pub struct Options {
    /// Files and folders; the current folder when empty.
    pub paths: Vec<PathBuf>,
    pub config: ConfigChoice,
    /// `--glossary` files, added after each config's own glossaries.
    pub glossaries: Vec<PathBuf>,
    /// Whether to apply preferred fixes, and to the files or to copies of their text.
    pub fix: FixMode,
    /// Whether stderr is a terminal (a long run then shows a progress bar there).
    pub progress: bool,
}

/// What to do with the findings' preferred fixes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum FixMode {
    /// Leave them (plain `check`).
    #[default]
    Off,
    /// Apply them and write the files back (`--fix`); the report is of what is left.
    Write,
    /// Apply them to a copy of each file's text and keep it in [`FileReport::fixed`], writing nothing
    /// (`--diff`); the report is of the files as they are.
    Preview,
}

/// The result of a run, ready for any report format.
#[derive(Debug, Default)]
pub struct Report {
    /// Files with findings, sorted by path; their findings sorted by position. Empty when the run
    /// handed them to a caller one by one ([`check_each`]).
    pub files: Vec<FileReport>,
    /// How many findings of each severity the files have, and how many files have any.
    pub tally: Tally,
    /// Files read and analysed (with or without findings).
    pub files_checked: usize,
    /// Config, glossary and file errors: any of them makes the exit code 2.
    pub errors: Vec<FileError>,
    /// Things worth telling that are not errors, such as files skipped for their size.
    pub notes: Vec<String>,
    /// Files the walk selected (named, or found under a named folder), checked or not.
    pub files_found: usize,
    /// Named folders (or the current folder, by default) under which no file was found to check.
    pub empty_folders: Vec<PathBuf>,
    /// What was done with fixes; then, the fixes applied (or, previewing, that would be) and in how
    /// many files. Each applied fix is one finding's preferred fix.
    pub fix: FixMode,
    pub fixes_applied: usize,
    pub files_fixed: usize,
    /// Files whose fixes could not be written back (shown as in `files`), sorted; each also has an
    /// error in `errors`.
    pub unwritten: Vec<PathBuf>,
}

/// One file's findings, with the text they point into.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// As shown to the user: relative to the current folder when the file is under it.
    pub path: PathBuf,
    /// How the file was read: the human report shows a notebook's findings in their cells.
    pub kind: DocKind,
    pub text: String,
    pub findings: Vec<Finding>,
    /// With [`FixMode::Preview`], `text` with the preferred fixes applied, when any applies.
    pub fixed: Option<String>,
}

impl Report {
    /// The most severe finding's severity.
    pub fn worst(&self) -> Option<Severity> {
        self.tally.worst()
    }
}

/// Counts of findings by severity, and of the files that have any: what the summary line and the exit
/// code need, kept while the files themselves are reported and dropped one by one.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    /// Indexed by [`Tally::slot`]: errors, warnings, information, hints.
    by_severity: [usize; 4],
    /// Files with findings (or with a previewed fix, which always belongs to a finding).
    pub files: usize,
}

impl Tally {
    /// The tally of `files`.
    pub fn of(files: &[FileReport]) -> Tally {
        let mut tally = Tally::default();
        files.iter().for_each(|file| tally.add(file));
        tally
    }

    /// Counts one more file and its findings.
    pub fn add(&mut self, file: &FileReport) {
        self.files += 1;
        for finding in &file.findings {
            if let Some(count) = self.by_severity.get_mut(Self::slot(finding.severity)) {
                *count += 1;
            }
        }
    }

    /// Findings of `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.by_severity
            .get(Self::slot(severity))
            .copied()
            .unwrap_or(0)
    }

    /// The most severe finding's severity.
    pub fn worst(&self) -> Option<Severity> {
        [
            Severity::Error,
            Severity::Warning,
            Severity::Information,
            Severity::Hint,
        ]
        .into_iter()
        .find(|&severity| self.count(severity) > 0)
    }

    fn slot(severity: Severity) -> usize {
        match severity {
            Severity::Error => 0,
            Severity::Warning => 1,
            Severity::Information => 2,
            Severity::Hint => 3,
        }
    }
}

/// Runs the check, the report's files kept in [`Report::files`]. Never panics on bad input: every
/// problem is in [`Report::errors`].
pub fn check(options: &Options) -> Report {
    let mut files = Vec::new();
    let mut report = check_each(options, |file| files.push(file));
    report.files = files;
    report
}

/// Input up to this many bytes is little text ([`Volume::Little`]): its engine's automaton builds
/// faster and scans more slowly. Its build saves about 4.9 M instructions and its scan of 1 MB
/// costs about 5.8 M more, more still by the clock (its transitions are spread over more memory):
/// the line is drawn well below where the two meet (docs/performance.md, session 11).
const LITTLE_INPUT: u64 = 256 * 1024;

/// How much text the files at `paths` hold, as the engine is to be built for it: their sizes are
/// summed only until they pass [`LITTLE_INPUT`] (a stat each, only for a short run).
fn volume<'p>(paths: impl Iterator<Item = &'p Path>) -> Volume {
    let mut total = 0;
    for path in paths {
        total += std::fs::metadata(path).map_or(0, |metadata| metadata.len());
        if total > LITTLE_INPUT {
            return Volume::Much;
        }
    }
    Volume::Little
}

/// Runs the check, handing each file with findings to `each` as soon as its turn comes in the
/// report's order (sorted paths), then forgetting it: [`Report::files`] stays empty, and
/// [`Report::tally`] counts what went by. Never panics on bad input: every problem is in
/// [`Report::errors`].
pub fn check_each(options: &Options, mut each: impl FnMut(FileReport)) -> Report {
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut resolver = resolve::Resolver::new(options.config.clone(), &options.glossaries);
    // Under a broken config every file is taken here and left out below, where its errors say why:
    // such a folder is not also reported as holding no file to check. Glossary files are data, not
    // documents (a file named on the command line is checked all the same: the walk does not ask).
    let walked = walk::walk(&options.paths, |path| {
        resolver.governing(path).is_none_or(|(_, config)| {
            resolve::selected(&config, path) && !config.is_data_file(path)
        })
    });
    let files_found = walked.files.len();
    let empty_folders = walked.empty;
    // Files whose config is broken are left out; the config's errors say why.
    let jobs: Vec<(PathBuf, resolve::ConfigKey)> = walked
        .files
        .into_iter()
        .filter_map(|path| {
            let (key, _) = resolver.governing(&path)?;
            Some((path, key))
        })
        .collect();
    let volume = volume(jobs.iter().map(|(path, _)| path.as_path()));
    let (profiles, mut errors) = resolver.finish(jobs.iter().map(|(_, key)| key), volume);
    errors.extend(walked.errors);
    let jobs: Vec<_> = jobs
        .into_iter()
        .filter_map(|(path, key)| Some((path, profiles.get(&key)?)))
        .collect();
    // A LaTeX file another one includes is checked as part of that one.
    let parts = latex_documents::parts(&jobs);
    let mut jobs: Vec<_> = jobs
        .into_iter()
        .filter(|(path, _)| !parts.contains(path))
        .map(|(path, profile)| {
            let shown = shown(&path, &cwd);
            (path, shown, profile)
        })
        .collect();
    // In the order of the paths as shown (made relative, absolute paths can change places), which is
    // the report's order and the order in which files are compared.
    jobs.sort_by(|a, b| a.1.cmp(&b.1));

    let mut report = Report {
        fix: options.fix,
        files_found,
        empty_folders,
        ..Report::default()
    };
    // Acronyms spelled out one way in a file and another way in a later one.
    let mut across = across::Across::default();
    // A fix that spells an acronym out writes the project's long form where another file spells it
    // out (else the next check would report the two as inconsistent), so with fixes the project's
    // expansions are gathered first: one more analysis of each file, which a plain check never pays.
    // A file alone under its config has no other file's words to take.
    let gathering = options.fix != FixMode::Off && {
        let mut per_profile: HashMap<usize, usize> = HashMap::new();
        jobs.iter().any(|(_, _, profile)| {
            let count = per_profile.entry(profile_key(profile)).or_default();
            *count += 1;
            *count > 1
        })
    };
    let progress =
        progress::Progress::new(jobs.len() * if gathering { 2 } else { 1 }, options.progress);
    let project_words = if gathering {
        gather_project_words(&jobs, &progress)
    } else {
        HashMap::new()
    };
    // A file two documents include is reported with the first.
    let mut seen = std::collections::HashSet::new();
    ordered::for_each_in_order(
        &jobs,
        |(path, _, profile)| {
            let files = if profile.doc_kind(path) == DocKind::Latex {
                latex_documents::check_document(path, profile, options.fix)
            } else {
                let project = project_words.get(&profile_key(profile));
                let outcome = run::check_file(path, profile, options.fix, project);
                (vec![(path.clone(), outcome)], Vec::new())
            };
            progress.inc();
            files
        },
        |(_, _, profile), (files, notes)| {
            report.notes.extend(notes);
            for (path, outcome) in files {
                if !seen.insert(path.clone()) {
                    continue;
                }
                // The main file, then the files it includes in the order it reads them.
                let shown = &shown(&path, &cwd);
                match outcome {
                    run::Outcome::Checked(mut checked) => {
                        across.add(shown, profile, &mut checked);
                        report.files_checked += 1;
                        if checked.fixes_applied > 0 {
                            report.fixes_applied += checked.fixes_applied;
                            report.files_fixed += 1;
                        }
                        if let Some(error) = checked.error {
                            report.unwritten.push(shown.clone());
                            errors.push(error);
                        }
                        // A previewed fix belongs to a finding, so such a file always has findings.
                        if !checked.findings.is_empty() || checked.fixed.is_some() {
                            let file = FileReport {
                                path: shown.clone(),
                                kind: profile.doc_kind(&path),
                                text: checked.text,
                                findings: checked.findings,
                                fixed: checked.fixed,
                            };
                            report.tally.add(&file);
                            progress.suspend(|| each(file));
                        }
                    }
                    run::Outcome::Skipped(note) => report.notes.push(note),
                    run::Outcome::Failed(error) => errors.push(error),
                }
            }
        },
    );
    progress.finish();
    report.unwritten.sort();
    report.errors = errors
        .into_iter()
        .map(|mut error| {
            error.file = shown(&error.file, &cwd);
            error
        })
        .collect();
    report
}

/// Per profile (one config, one project), the project's words for each acronym its files spell out:
/// the long form of the first file in the report's order (sorted paths, as [`across`] compares them)
/// that spells it out, as the files are before any fix. A fix in this run that changes a file's
/// expansion does not change what the others write: they write what the project said when the run
/// began, and the next check compares what was written.
fn gather_project_words(
    jobs: &[(PathBuf, PathBuf, &resolve::Profile)],
    progress: &progress::Progress,
) -> HashMap<usize, run::ProjectWords> {
    let mut words: HashMap<usize, run::ProjectWords> = HashMap::new();
    ordered::for_each_in_order(
        jobs,
        |(path, _, profile)| {
            let outcomes = if profile.doc_kind(path) == DocKind::Latex {
                latex_documents::check_document(path, profile, FixMode::Off).0
            } else {
                vec![(
                    path.clone(),
                    run::check_file(path, profile, FixMode::Off, None),
                )]
            };
            progress.inc();
            // Only the expansions are kept: the texts and findings are dropped at once.
            outcomes
                .into_iter()
                .filter_map(|(_, outcome)| match outcome {
                    run::Outcome::Checked(checked) => Some(checked.expansions),
                    _ => None,
                })
                .collect::<Vec<_>>()
        },
        |(_, _, profile), files| {
            let project = words.entry(profile_key(profile)).or_default();
            for expansion in files.into_iter().flatten() {
                project
                    .entry(expansion.acronym)
                    .or_insert(expansion.long_form);
            }
        },
    );
    words
}

/// A profile's identity (one per config in a run), as a key that threads may share.
fn profile_key(profile: &resolve::Profile) -> usize {
    std::ptr::from_ref(profile).addr()
}

/// `path` relative to `cwd` when it is under it (config files are found as absolute paths), else as
/// it is.
pub fn shown(path: &Path, cwd: &Path) -> PathBuf {
    if path.is_absolute() {
        if let Ok(relative) = path.strip_prefix(cwd) {
            if !relative.as_os_str().is_empty() {
                return relative.to_path_buf();
            }
        }
    }
    path.to_path_buf()
}
