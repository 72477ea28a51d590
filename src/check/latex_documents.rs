//! LaTeX documents of several files: a main file and the files it includes (`\input`, `\include`,
//! `\subfile`), checked as one document ([`crate::analysis::included`]), each finding reported at its
//! own file's path and position.
//!
//! - **Names.** TeX reads an included name relative to the folder it runs in, which is the main
//!   file's: `\input{chapters/intro}` in `paper/main.tex` and in `paper/chapters/ch1.tex` both mean
//!   `paper/chapters/intro.tex`. A name without an extension is tried with `.tex` first.
//! - **Which files are main files.** Of the LaTeX files a run selects, one that another of them includes
//!   (directly or not) is checked as part of that one, not on its own: `check paper/` and
//!   `check paper/main.tex` report the same findings. A file named alone (`check chapters/ch3.tex`) is
//!   checked alone, as it always was. Files that include each other with none outside the cycle are
//!   taken in path order, the first as the main file.
//! - **Settings.** The main file's config governs the whole document, and its size limit applies to
//!   each file.
//! - **Problems.** An include that cannot be followed (no such file, unreadable, a cycle, too deep) is a
//!   note at the include, not an error: the rest of the document is checked.
//! - **`--fix`** fixes each file on its own (a fix never edits two files) and checks the document again.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use super::fix;
use super::resolve::Profile;
use super::run::{self, Checked, NotRead, Outcome};
use super::walk::tidy;
use super::FixMode;
use crate::analysis::included::{self, Loaded, ProblemKind};
use crate::analysis::{Analysis, DocKind, Finding};
use crate::error::FileError;
use crate::fs::write_atomically;

/// Of the files a run checks (each with its profile), those another of them includes: they are
/// checked as parts of a main file, not on their own.
pub fn parts(jobs: &[(PathBuf, &Profile)]) -> HashSet<PathBuf> {
    let latex: Vec<&PathBuf> = jobs
        .iter()
        .filter(|(path, profile)| profile.doc_kind(path) == DocKind::Latex)
        .map(|(path, _)| path)
        .collect();
    if latex.len() < 2 {
        return HashSet::new();
    }
    let walked: HashMap<PathBuf, &PathBuf> = latex.iter().map(|p| (identity(p), *p)).collect();
    let reached: Vec<BTreeSet<PathBuf>> = latex.iter().map(|p| reach(p)).collect();
    let mut parts: HashSet<PathBuf> = HashSet::new();
    for (root, reach) in latex.iter().zip(&reached) {
        let root = identity(root);
        parts.extend(reach.iter().filter(|p| **p != root).cloned());
    }
    // Files in a cycle with no main file outside it: the first in path order is the main file.
    let mut covered: HashSet<PathBuf> = HashSet::new();
    for (path, reach) in latex.iter().zip(&reached) {
        let id = identity(path);
        if !parts.contains(&id) {
            covered.insert(id);
            covered.extend(reach.iter().cloned());
        }
    }
    for (path, reach) in latex.iter().zip(&reached) {
        let id = identity(path);
        if !covered.contains(&id) {
            parts.remove(&id);
            covered.insert(id);
            covered.extend(reach.iter().cloned());
        }
    }
    parts
        .into_iter()
        .filter_map(|id| walked.get(&id).map(|p| (*p).clone()))
        .collect()
}

/// What a file is, whatever it is called (its canonical path when it exists).
fn identity(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The file `name` stands for in a document whose main file is in `base`, if one exists.
fn resolve(base: &Path, name: &str) -> Option<PathBuf> {
    let named = tidy(&base.join(name));
    let with_tex = Path::new(name)
        .extension()
        .is_none()
        .then(|| named.with_extension("tex"));
    with_tex
        .into_iter()
        .chain(std::iter::once(named))
        .find(|path| path.is_file())
}

/// The files (as identities) the document whose main file is `root` includes, directly or not. Files
/// that cannot be read are left out; the check itself says why.
fn reach(root: &Path) -> BTreeSet<PathBuf> {
    let base = root.parent().unwrap_or(Path::new("")).to_path_buf();
    let mut seen = BTreeSet::new();
    let mut queue = vec![root.to_path_buf()];
    let mut depth = 0;
    while !queue.is_empty() && depth <= included::MAX_DEPTH {
        depth += 1;
        let mut next = Vec::new();
        for file in queue {
            let Ok(text) = std::fs::read_to_string(&file) else {
                continue;
            };
            for include in included::includes(&text) {
                if let Some(path) = resolve(&base, &include.name) {
                    if seen.insert(identity(&path)) {
                        next.push(path);
                    }
                }
            }
        }
        queue = next;
    }
    seen
}

/// The outcome of each file of the document whose main file is `root` (the main file first), and
/// notes on includes not followed.
pub fn check_document(
    root: &Path,
    profile: &Profile,
    mode: FixMode,
) -> (Vec<(PathBuf, Outcome)>, Vec<String>) {
    let document = match analyse(root, profile) {
        Ok(document) => document,
        Err(not_read) => return (vec![(root.to_path_buf(), not_read.into())], Vec::new()),
    };
    if mode == FixMode::Off {
        return (document.outcomes(&[]), document.notes);
    }
    let mut applied = Vec::new();
    let mut written = false;
    let mut errors: HashMap<PathBuf, FileError> = HashMap::new();
    let mut fixed_texts: HashMap<PathBuf, String> = HashMap::new();
    for file in &document.files {
        let (fixed, count) = fix::apply(&file.text, &file.findings);
        if count == 0 {
            applied.push(0);
            continue;
        }
        if mode == FixMode::Write {
            if let Err(error) = write_atomically(&file.path, &fixed) {
                let message = format!("cannot write the fixes: {error}");
                errors.insert(file.path.clone(), FileError::whole(&file.path, message));
                applied.push(0);
                continue;
            }
            written = true;
        } else {
            fixed_texts.insert(file.path.clone(), fixed);
        }
        applied.push(count);
    }
    let after = if written {
        match analyse(root, profile) {
            Ok(after) => after,
            Err(not_read) => return (vec![(root.to_path_buf(), not_read.into())], Vec::new()),
        }
    } else {
        document
    };
    let mut outcomes = after.outcomes(&applied);
    for (path, outcome) in &mut outcomes {
        if let Outcome::Checked(checked) = outcome {
            checked.fixed = fixed_texts.remove(path);
            if let Some(error) = errors.remove(path) {
                checked.error = Some(error);
            }
        }
    }
    (outcomes, after.notes)
}

/// One file of an analysed document.
struct File {
    path: PathBuf,
    text: String,
    findings: Vec<Finding>,
    analysis: Analysis,
}

struct Document {
    /// In the order the document reads them, the main file first.
    files: Vec<File>,
    notes: Vec<String>,
}

impl Document {
    /// Each file's outcome; `applied[i]` fixes were applied to file `i` (none when missing). Each
    /// acronym's first expansion belongs to the file the document first spells it out in.
    fn outcomes(&self, applied: &[usize]) -> Vec<(PathBuf, Outcome)> {
        let mut seen = HashSet::new();
        self.files
            .iter()
            .enumerate()
            .map(|(i, file)| {
                let expansions = crate::analysis::across::first_expansions(&file.analysis)
                    .into_iter()
                    .filter(|e| seen.insert(e.acronym.clone()))
                    .collect();
                let checked = Checked {
                    text: file.text.clone(),
                    findings: file.findings.clone(),
                    fixes_applied: applied.get(i).copied().unwrap_or(0),
                    fixed: None,
                    error: None,
                    expansions,
                };
                (file.path.clone(), Outcome::Checked(checked))
            })
            .collect()
    }
}

/// Reads and analyses the document whose main file is `root`.
fn analyse(root: &Path, profile: &Profile) -> Result<Document, NotRead> {
    let text = run::read_within_limit(root, profile)?;
    let base = root.parent().unwrap_or(Path::new("")).to_path_buf();
    let loaded = Loaded {
        identity: identity(root),
        shown: root.to_path_buf(),
        text,
    };
    let mut load = |name: &str| -> Result<Loaded, String> {
        let Some(path) = resolve(&base, name) else {
            let tried = tidy(&base.join(name));
            let tried = match tried.extension() {
                None => tried.with_extension("tex"),
                Some(_) => tried,
            };
            return Err(format!("no file {}", tried.display()));
        };
        match run::read_within_limit(&path, profile) {
            Ok(text) => Ok(Loaded {
                identity: identity(&path),
                shown: path,
                text,
            }),
            Err(NotRead::Failed(error)) => Err(error.to_string()),
            Err(NotRead::Skipped(note)) => Err(note),
        }
    };
    let assembly = included::assemble(loaded, &mut load);
    let analyses = catch_unwind(AssertUnwindSafe(|| {
        included::analyze_assembly(&assembly, &profile.engine, &profile.settings)
    }))
    .map_err(|_| {
        NotRead::Failed(FileError::whole(
            root,
            "internal error: the analysis panicked on this document (please report it, with its files)",
        ))
    })?;
    let notes = assembly
        .problems()
        .iter()
        .filter_map(|problem| {
            let file = assembly.files().get(problem.file)?;
            let why = match &problem.kind {
                ProblemKind::Unreadable(reason) => reason.clone(),
                ProblemKind::Cycle(path) => {
                    format!(
                        "{} is already being read (the files include each other)",
                        path.display()
                    )
                }
                ProblemKind::TooDeep => {
                    format!("files are included more than {} deep", included::MAX_DEPTH)
                }
            };
            let command = file.text.get(problem.range.clone()).unwrap_or_default();
            let note = FileError::at(
                &file.shown,
                &file.text,
                problem.range.start,
                format!("`{command}` not followed: {why}"),
            )
            .to_string();
            Some(note)
        })
        .collect();
    let files = assembly
        .files()
        .iter()
        .zip(analyses)
        .map(|(file, analysis)| File {
            path: file.shown.clone(),
            text: file.text.clone(),
            findings: analysis.findings.clone(),
            analysis,
        })
        .collect();
    Ok(Document { files, notes })
}
