//! What the analysis reports: findings with their fixes, as plain data over byte offsets.

use std::ops::Range;

use super::{Code, Severity};

/// One problem in a document, at a byte range of its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub code: Code,
    pub severity: Severity,
    /// The byte range of the token the finding is about (its first body-text use).
    pub range: Range<usize>,
    /// The token as written ("LLMs").
    pub token: String,
    /// The acronym the token stands for ("LLM").
    pub acronym: String,
    /// A sentence for people: "`PPO` is used but never spelled out; write “Proximal Policy Optimization (PPO)”".
    pub message: String,
    /// The expansion the glossary or the document gives, if any.
    pub expansion: Option<String>,
    /// Other places that matter: the definition, later uses.
    pub related: Vec<Related>,
    /// Ways to fix it, the preferred one first.
    pub fixes: Vec<Fix>,
}

impl Finding {
    /// The fix a report names as help, and whether `check --fix` applies it: the preferred fix, or
    /// else the one edit offered (a spelled-out form far below the first use, or below a first use
    /// the writer glossed in their own words), which a writer should still see. When several edits
    /// are offered (an acronym with more than one meaning) none is named: the message lists them.
    pub fn help(&self) -> Option<(&Fix, Applied)> {
        if let Some(fix) = self.fixes.iter().find(|fix| fix.preferred) {
            return Some((fix, Applied::ByFix));
        }
        let mut edits = self
            .fixes
            .iter()
            .filter(|fix| matches!(fix.action, FixAction::Edit { .. }));
        match (edits.next(), edits.next()) {
            (Some(only), None) => Some((only, Applied::LeftToTheWriter)),
            _ => None,
        }
    }
}

/// Whether `check --fix` applies a fix a report names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    ByFix,
    LeftToTheWriter,
}

impl Applied {
    /// The help line's text for `fix`: its title, and a word when `--fix` leaves it to the writer.
    pub fn help_line(self, fix: &Fix) -> String {
        match self {
            Applied::ByFix => fix.title.clone(),
            Applied::LeftToTheWriter => format!("{} — not applied by `--fix`", fix.title),
        }
    }
}

/// A place related to a finding: in the same document, or in another file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    /// Byte range in the finding's document, or in [`Related::elsewhere`]'s file.
    pub range: Range<usize>,
    pub message: String,
    /// The other file, when the place is in one. The engine sees one document and never sets it; a
    /// front end that compares documents (`check` over a folder) does.
    pub elsewhere: Option<Elsewhere>,
}

/// A related place in another file, with its position worked out by the front end that read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Elsewhere {
    /// The file, as the front end shows it.
    pub path: std::path::PathBuf,
    /// 1-based line and column (in characters) of the range's start and end.
    pub start: (usize, usize),
    pub end: (usize, usize),
}

/// A fix: edits to the document, or a token to add to the project's ignore list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// What the fix does, as an editor shows it: "Spell out: Proximal Policy Optimization (PPO)".
    pub title: String,
    /// Whether this is clearly the right fix (editors apply it with one key; `check --fix` applies it).
    pub preferred: bool,
    pub action: FixAction,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FixAction {
    /// Replace byte ranges of the document. Edits do not overlap and are sorted by start.
    Edit { edits: Vec<TextEdit> },
    /// Add `token` to the `ignore` list of the project config file.
    IgnoreToken { token: String },
}

/// Replace `range` of the document with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextEdit {
    pub range: Range<usize>,
    pub replacement: String,
}
