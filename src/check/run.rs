//! Checking one file: read it (within the config's size limit, as UTF-8), analyse it, and with
//! `--fix` apply the preferred fixes, write it back and analyse what is left; with `--diff`, apply them
//! to a copy and keep it beside the untouched file's findings.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use super::fix;
use super::resolve::Profile;
use super::FixMode;
use crate::analysis::{analyze, Analysis, Finding};
use crate::error::FileError;
use crate::fs::write_atomically;

/// What became of one file.
#[derive(Debug)]
pub enum Outcome {
    Checked(Checked),
    /// Not analysed, for a reason worth a note (such as its size).
    Skipped(String),
    /// Could not be read or analysed.
    Failed(FileError),
}

#[derive(Debug)]
pub struct Checked {
    /// The text the findings point into (after fixes, with `--fix`).
    pub text: String,
    /// Sorted by position.
    pub findings: Vec<Finding>,
    /// Fixes applied, or with `--diff` that would be.
    pub fixes_applied: usize,
    /// With `--diff`, `text` with the fixes applied, when any applies.
    pub fixed: Option<String>,
    /// A fix that could not be written back; the findings are then those of the unchanged file.
    pub error: Option<FileError>,
    /// The first spelled-out form of each acronym the file defines in its own words, in `text`, for
    /// comparing files ([`super::across`]).
    pub expansions: Vec<Expansion>,
}

/// An acronym as a file first spells it out (the engine decides what that is).
pub use crate::analysis::across::Expansion;

/// What the project spells out in its own words, for the fixes that spell an acronym out: per
/// acronym, the long form of the first file in path order that spells it out (the file that sets its
/// meaning, [`crate::analysis::across::file_order`]), as the files were before any was fixed.
pub type ProjectWords = std::collections::HashMap<String, String>;

/// Checks the file at `path` with the settings of `profile`; a fix that spells out an acronym
/// `project` names writes the project's long form ([`crate::analysis::across::in_project_words`]).
pub fn check_file(
    path: &Path,
    profile: &Profile,
    mode: FixMode,
    project: Option<&ProjectWords>,
) -> Outcome {
    let text = match read_within_limit(path, profile) {
        Ok(text) => text,
        Err(not_read) => return not_read.into(),
    };
    let (findings, expansions) = match findings(path, &text, profile, project) {
        Ok(found) => found,
        Err(error) => return Outcome::Failed(error),
    };
    if mode == FixMode::Off {
        return Outcome::Checked(Checked {
            text,
            findings,
            fixes_applied: 0,
            fixed: None,
            error: None,
            expansions,
        });
    }
    let (fixed, fixes_applied) = fix::apply(&text, &findings);
    if fixes_applied == 0 {
        return Outcome::Checked(Checked {
            text,
            findings,
            fixes_applied,
            fixed: None,
            error: None,
            expansions,
        });
    }
    if mode == FixMode::Preview {
        return Outcome::Checked(Checked {
            text,
            findings,
            fixes_applied,
            fixed: Some(fixed),
            error: None,
            expansions,
        });
    }
    if let Err(error) = write_atomically(path, &fixed) {
        return Outcome::Checked(Checked {
            text,
            findings,
            fixes_applied: 0,
            fixed: None,
            error: Some(FileError::whole(
                path,
                format!("cannot write the fixes: {error}"),
            )),
            expansions,
        });
    }
    match self::findings(path, &fixed, profile, project) {
        Ok((findings, expansions)) => Outcome::Checked(Checked {
            text: fixed,
            findings,
            fixes_applied,
            fixed: None,
            error: None,
            expansions,
        }),
        Err(error) => Outcome::Failed(error),
    }
}

/// Why a file's text was not read.
#[derive(Debug)]
pub(super) enum NotRead {
    /// Over the config's size limit: a note.
    Skipped(String),
    Failed(FileError),
}

impl From<NotRead> for Outcome {
    fn from(not_read: NotRead) -> Outcome {
        match not_read {
            NotRead::Skipped(note) => Outcome::Skipped(note),
            NotRead::Failed(error) => Outcome::Failed(error),
        }
    }
}

/// The file's text, or why it is not checked: over the config's size limit, or unreadable.
pub(super) fn read_within_limit(path: &Path, profile: &Profile) -> Result<String, NotRead> {
    match read(path, profile.config.max_file_size) {
        Ok(Some(text)) => Ok(text),
        Ok(None) => {
            let size = std::fs::metadata(path).map_or(0, |m| m.len());
            Err(NotRead::Skipped(format!(
                "{}: skipped: {size} bytes is over the limit of {} (`max-file-size` in the config)",
                path.display(),
                profile.config.max_file_size
            )))
        }
        Err(error) => Err(NotRead::Failed(error)),
    }
}

/// The file's text, `None` when it is larger than `limit` bytes.
fn read(path: &Path, limit: u64) -> Result<Option<String>, FileError> {
    let cannot_read =
        |error: std::io::Error| FileError::whole(path, format!("cannot read: {error}"));
    let metadata = std::fs::metadata(path).map_err(cannot_read)?;
    if !metadata.is_file() {
        return Err(FileError::whole(path, "not a regular file"));
    }
    if metadata.len() > limit {
        return Ok(None);
    }
    let bytes = std::fs::read(path).map_err(cannot_read)?;
    // The size can change between the two calls; the limit is about what was read.
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > limit {
        return Ok(None);
    }
    String::from_utf8(bytes).map(Some).map_err(|error| {
        let offset = error.utf8_error().valid_up_to();
        let valid = String::from_utf8_lossy(error.as_bytes().get(..offset).unwrap_or_default());
        FileError::at(
            path,
            &valid,
            offset,
            "not valid UTF-8: only UTF-8 text can be checked (convert the file, or add it to .ignore)",
        )
    })
}

/// Analyses `text`: its findings and its expansions. A panic in the engine becomes an error for this
/// file rather than the end of the whole run.
type Found = (Vec<Finding>, Vec<Expansion>);

fn findings(
    path: &Path,
    text: &str,
    profile: &Profile,
    project: Option<&ProjectWords>,
) -> Result<Found, FileError> {
    let mut expansions = Vec::new();
    let findings = contained(path, || {
        let kind = profile.doc_kind(path);
        let mut analysis = analyze(text, kind, &profile.engine, &profile.settings);
        expansions = crate::analysis::across::first_expansions(&analysis);
        if let Some(project) = project.filter(|project| !project.is_empty()) {
            crate::analysis::across::in_project_words(
                text,
                kind,
                &profile.engine,
                &mut analysis,
                |acronym| project.get(acronym).cloned(),
            );
        }
        analysis
    })?;
    Ok((findings, expansions))
}

/// Runs `analyze`, turning a panic into an error about `path`.
fn contained(path: &Path, analyze: impl FnOnce() -> Analysis) -> Result<Vec<Finding>, FileError> {
    let analysis = catch_unwind(AssertUnwindSafe(analyze)).map_err(|_| {
        FileError::whole(
            path,
            "internal error: the analysis panicked on this file (please report it, with the file)",
        )
    })?;
    let mut findings = analysis.findings;
    findings.sort_by(|a, b| {
        (a.range.start, a.range.end, a.code).cmp(&(b.range.start, b.range.end, b.code))
    });
    Ok(findings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_in_the_analysis_becomes_an_error_for_the_file() {
        let error = contained(Path::new("docs/a.md"), || panic!("engine bug"))
            .expect_err("the panic is contained");
        assert_eq!(
            error.to_string(),
            "docs/a.md: internal error: the analysis panicked on this file (please report it, with the file)"
        );
        assert_eq!(
            contained(Path::new("a.md"), Analysis::default),
            Ok(Vec::new())
        );
    }
}
