//! Errors in the files a user gives us (glossaries, configs, documents): always the file, and where
//! possible the line and column. Neutral: every part may report one, and this module uses only `text`.

use crate::text::lines::LineIndex;
use std::fmt;
use std::path::{Path, PathBuf};

/// A problem in a user's file, printed as `file:line:col: message` so editors and terminals link to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    pub file: PathBuf,
    /// 1-based line and column (columns count characters); `None` for errors about the whole file,
    /// such as one that cannot be read.
    pub position: Option<(u32, u32)>,
    pub message: String,
}

impl FileError {
    /// An error at byte `offset` of `text`, the contents of `file`.
    pub fn at(file: &Path, text: &str, offset: usize, message: impl Into<String>) -> FileError {
        FileError {
            file: file.to_path_buf(),
            position: Some(LineIndex::new(text).line_column(offset)),
            message: message.into(),
        }
    }

    /// An error about the file as a whole.
    pub fn whole(file: &Path, message: impl Into<String>) -> FileError {
        FileError {
            file: file.to_path_buf(),
            position: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some((line, column)) => write!(
                f,
                "{}:{line}:{column}: {}",
                self.file.display(),
                self.message
            ),
            None => write!(f, "{}: {}", self.file.display(), self.message),
        }
    }
}

impl std::error::Error for FileError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_characters_on_any_line_ending() {
        let error = |offset| FileError::at(Path::new("g.toml"), "ab\rçd\r\nx", offset, "m");
        assert_eq!(error(0).position, Some((1, 1)));
        assert_eq!(error(3).position, Some((2, 1)), "a lone CR ends a line");
        assert_eq!(error(5).position, Some((2, 2)));
        assert_eq!(
            error(4).position,
            Some((2, 1)),
            "inside a character: its start"
        );
        assert_eq!(error(8).position, Some((3, 1)));
        assert_eq!(error(999).position, Some((3, 2)));
    }
}
