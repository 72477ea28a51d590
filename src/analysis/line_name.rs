//! How a message names a line of the document it is about: "line 12" in a file of text, "line 2 of
//! cell 8" in a notebook, whose writer sees cells, not the JSON file around them.

use std::fmt;

/// A line as messages name it ("defined on line 12", "Spell out on line 2 of cell 8: …").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineName {
    /// 1-based.
    line: usize,
    /// The notebook cell the line is in (1-based among all cells), counting lines from the cell's first.
    cell: Option<usize>,
}

impl LineName {
    /// Line `line` (1-based) of the document.
    pub fn line(line: usize) -> LineName {
        LineName { line, cell: None }
    }

    /// Line `line` (1-based) of notebook cell `cell` (1-based among all cells).
    pub fn in_cell(line: usize, cell: usize) -> LineName {
        LineName {
            line,
            cell: Some(cell),
        }
    }
}

impl fmt::Display for LineName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.cell {
            None => write!(f, "line {}", self.line),
            Some(cell) => write!(f, "line {} of cell {cell}", self.line),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_named_in_the_file_or_in_their_cell() {
        assert_eq!(LineName::line(12).to_string(), "line 12");
        assert_eq!(LineName::in_cell(2, 8).to_string(), "line 2 of cell 8");
    }
}
