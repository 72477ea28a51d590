//! Which files `check` reads: the files named on the command line, whatever their extension, and the
//! files under the folders named there that the caller wants, skipping what `.gitignore`, `.ignore`
//! and git's exclude files ignore (the `ignore` crate, as ripgrep walks).
//!
//! The walk is sequential and sorted by file name: listing folders is cheap next to analysing files
//! (which [`super::run`] does in parallel), and a sorted walk makes the order in which configs are
//! discovered and errors are met the same on every run.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use ignore::WalkBuilder;

use crate::error::FileError;

/// The files to check, sorted and without duplicates, and the problems met on the way.
#[derive(Debug, Default)]
pub struct Walked {
    pub files: Vec<PathBuf>,
    pub errors: Vec<FileError>,
    /// Folders walked that held no file to check, as they were named: a mistyped CI path
    /// (`check src/` for `check docs/`) must not pass in silence.
    pub empty: Vec<PathBuf>,
}

/// Files under `paths` (the current folder when empty). A path naming a file is taken as it is; a
/// folder is walked, and each file found in it is kept when `wanted` says so (the caller decides by
/// extension, from the config that governs the file).
pub fn walk(paths: &[PathBuf], mut wanted: impl FnMut(&Path) -> bool) -> Walked {
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let mut files = BTreeSet::new();
    let mut errors = Vec::new();
    let mut empty = Vec::new();
    for path in paths {
        let metadata = match std::fs::metadata(path) {
            Ok(metadata) => metadata,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                errors.push(FileError::whole(path, "no such file or folder"));
                continue;
            }
            Err(error) => {
                errors.push(FileError::whole(path, format!("cannot read: {error}")));
                continue;
            }
        };
        if !metadata.is_dir() {
            files.insert(tidy(path));
            continue;
        }
        let walker = WalkBuilder::new(path)
            // Honour .gitignore in folders that are not (or not yet) git repositories too: a docs
            // folder copied out of its repository should be checked the same way.
            .require_git(false)
            .sort_by_file_name(|a, b| a.cmp(b))
            .build();
        let mut found = false;
        for entry in walker {
            match entry {
                Ok(entry) => {
                    if entry.file_type().is_some_and(|kind| kind.is_file()) && wanted(entry.path())
                    {
                        found = true;
                        files.insert(tidy(entry.path()));
                    }
                }
                Err(error) => errors.push(walk_error(path, &error)),
            }
        }
        if !found {
            empty.push(path.clone());
        }
    }
    Walked {
        files: files.into_iter().collect(),
        errors,
        empty,
    }
}

/// `path` without leading `./` components, so `check` and `check .` show `docs/a.md`.
pub fn tidy(path: &Path) -> PathBuf {
    let tidy: PathBuf = path
        .components()
        .skip_while(|component| matches!(component, Component::CurDir))
        .collect();
    if tidy.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        tidy
    }
}

/// A walk error as a [`FileError`] naming the path it is about.
fn walk_error(root: &Path, error: &ignore::Error) -> FileError {
    let mut error = error;
    let mut path = root.to_path_buf();
    loop {
        match error {
            ignore::Error::WithPath { path: at, err } => {
                path = tidy(at);
                error = err;
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                error = err;
            }
            _ => break,
        }
    }
    FileError::whole(&path, error.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leading_current_folder_components_are_dropped() {
        assert_eq!(tidy(Path::new("./docs/a.md")), Path::new("docs/a.md"));
        assert_eq!(tidy(Path::new("././a.md")), Path::new("a.md"));
        assert_eq!(tidy(Path::new(".")), Path::new("."));
        assert_eq!(tidy(Path::new("../x/a.md")), Path::new("../x/a.md"));
    }

    #[test]
    fn folders_are_walked_sorted_honouring_ignore_files() {
        let root = tempfile::tempdir().expect("tempdir");
        let write = |name: &str| {
            let path = root.path().join(name);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, "text").expect("write");
        };
        for name in [
            "b.md",
            "a.md",
            "sub/c.md",
            "skip.md",
            "build/d.md",
            "notes.rs",
        ] {
            write(name);
        }
        std::fs::write(root.path().join(".gitignore"), "build/\n").expect("write");
        std::fs::write(root.path().join(".ignore"), "skip.md\n").expect("write");
        let walked = walk(&[root.path().to_path_buf()], |path| {
            path.extension().is_some_and(|e| e == "md")
        });
        let names: Vec<_> = walked
            .files
            .iter()
            .map(|p| {
                p.strip_prefix(root.path())
                    .expect("under root")
                    .to_path_buf()
            })
            .collect();
        assert_eq!(
            names,
            [
                PathBuf::from("a.md"),
                PathBuf::from("b.md"),
                PathBuf::from("sub/c.md")
            ]
        );
        assert!(walked.errors.is_empty(), "{:?}", walked.errors);
        assert!(walked.empty.is_empty());

        let nothing = walk(
            &[root.path().join("sub"), root.path().to_path_buf()],
            |path| path.extension().is_some_and(|e| e == "txt"),
        );
        assert_eq!(
            nothing.empty,
            [root.path().join("sub"), root.path().to_path_buf()]
        );
        assert!(nothing.files.is_empty());
    }

    #[test]
    fn named_files_are_kept_whatever_their_extension_and_missing_paths_are_errors() {
        let root = tempfile::tempdir().expect("tempdir");
        let file = root.path().join("notes.rs");
        std::fs::write(&file, "text").expect("write");
        let missing = root.path().join("missing.md");
        let walked = walk(&[file.clone(), missing.clone(), file.clone()], |_| false);
        assert_eq!(walked.files, [file]);
        assert_eq!(
            walked.errors,
            [FileError::whole(&missing, "no such file or folder")]
        );
    }
}
