//! What every loader does with what it reads: keep names unique, record where each entry is written,
//! and gather every error rather than stopping at the first.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::FileError;
use crate::glossary::{Entry, SourceSpot};
use crate::text::lines::LineIndex;

pub struct Collector<'a> {
    file: &'a Path,
    text: &'a str,
    shared_file: Arc<PathBuf>,
    /// Line starts, so that each entry's position costs a binary search, not a scan from the top
    /// (a scan per entry made loading a 1,000-entry file quadratic).
    lines: LineIndex<'a>,
    first_line_of: HashMap<String, u32>,
    entries: Vec<Entry>,
    errors: Vec<FileError>,
}

impl<'a> Collector<'a> {
    pub fn new(file: &'a Path, text: &'a str) -> Collector<'a> {
        Collector {
            file,
            text,
            shared_file: Arc::new(file.to_path_buf()),
            lines: LineIndex::new(text),
            first_line_of: HashMap::new(),
            entries: Vec::new(),
            errors: Vec::new(),
        }
    }

    /// Records an error at byte `offset` of the file.
    pub fn error(&mut self, offset: usize, message: impl Into<String>) {
        self.errors
            .push(FileError::at(self.file, self.text, offset, message));
    }

    pub fn push_error(&mut self, error: FileError) {
        self.errors.push(error);
    }

    /// Adds `entry`, whose name is written at byte `name_offset`, unless an earlier entry has the same
    /// name: then it is an error that points at both. `what` names the thing in the message
    /// ("name", "abbreviation").
    pub fn add(&mut self, mut entry: Entry, name_offset: usize, what: &str) {
        let (line, column) = self.lines.line_column(name_offset);
        if let Some(first) = self.first_line_of.get(&entry.name) {
            let message = format!(
                "duplicate {what} `{}`: it is already defined on line {first}",
                entry.name
            );
            self.error(name_offset, message);
            return;
        }
        self.first_line_of.insert(entry.name.clone(), line);
        entry.spot = Some(SourceSpot {
            file: Arc::clone(&self.shared_file),
            line,
            column,
        });
        self.entries.push(entry);
    }

    pub fn finish(self) -> Result<Vec<Entry>, Vec<FileError>> {
        if self.errors.is_empty() {
            Ok(self.entries)
        } else {
            Err(self.errors)
        }
    }
}

/// A TOML syntax or schema error from the `toml` crate, at its position in the file.
pub fn toml_error(file: &Path, text: &str, error: &toml::de::Error) -> FileError {
    let offset = error.span().map_or(0, |span| span.start);
    FileError::at(file, text, offset, error.message().trim_end())
}
