//! What no single file shows: an acronym spelled out as one term in one file and as another in a later
//! one ("DP" as data parallelism in `a.md`, differential privacy in `b.md`). One
//! `inconsistent-expansion` finding at the later file's definition, with the first file's as related
//! information. Files are compared in the walk's order (sorted paths), so the report is stable.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::resolve::Profile;
use super::run::{Checked, Expansion};
use crate::analysis::{same_term, Code, Elsewhere, Finding, Related};
use crate::text::lines::LineIndex;

/// The first file that spells an acronym out, and where.
struct First {
    path: PathBuf,
    long_form: String,
    range: std::ops::Range<usize>,
    start: (usize, usize),
    end: (usize, usize),
}

/// What the files met so far spell out: the first expansion of each acronym, per config.
#[derive(Default)]
pub struct Across {
    first: HashMap<(*const Profile, String), First>,
}

impl Across {
    /// Adds a finding to `checked` for each acronym it first spells out as another term than the first
    /// file to spell it out did. Files come one by one in walk order (sorted paths, the report's
    /// order), each with its profile (whose `[severity]` decides, as for any finding) and its path as
    /// shown: what a file is compared with is known when its turn comes, so `check` can report it
    /// then. Only files under one config are compared: two projects checked in one run may each mean
    /// their own thing.
    pub fn add(&mut self, path: &Path, profile: &Profile, checked: &mut Checked) {
        let mut found = Vec::new();
        // Most files define nothing: their lines are indexed only when one is first to.
        let mut index: Option<LineIndex> = None;
        let mut position = |offset: usize| {
            let at = index
                .get_or_insert_with(|| LineIndex::new(&checked.text))
                .position(offset);
            (at.line, at.column)
        };
        for expansion in &checked.expansions {
            let key = (
                std::ptr::from_ref::<Profile>(profile),
                expansion.acronym.clone(),
            );
            match self.first.get(&key) {
                None => {
                    self.first.insert(
                        key,
                        First {
                            path: path.to_path_buf(),
                            long_form: expansion.long_form.clone(),
                            range: expansion.range.clone(),
                            start: position(expansion.range.start),
                            end: position(expansion.range.end),
                        },
                    );
                }
                Some(earlier) if !same_term(&earlier.long_form, &expansion.long_form) => {
                    if let Some(severity) =
                        profile.settings.severity_of(Code::InconsistentExpansion)
                    {
                        let mut finding = finding(expansion, earlier);
                        finding.severity = severity;
                        found.push(finding);
                    }
                }
                Some(_) => {}
            }
        }
        if !found.is_empty() {
            checked.findings.extend(found);
            checked.findings.sort_by(|a, b| {
                (a.range.start, a.range.end, a.code).cmp(&(b.range.start, b.range.end, b.code))
            });
        }
    }
}

fn finding(expansion: &Expansion, earlier: &First) -> Finding {
    let acronym = &expansion.acronym;
    let other = earlier.path.display();
    Finding {
        code: Code::InconsistentExpansion,
        severity: Code::InconsistentExpansion.default_severity(),
        range: expansion.range.clone(),
        token: acronym.clone(),
        acronym: acronym.clone(),
        message: format!(
            "`{acronym}` is spelled out as “{}” here but as “{}” in {other}",
            expansion.long_form, earlier.long_form
        ),
        expansion: Some(expansion.long_form.clone()),
        related: vec![Related {
            range: earlier.range.clone(),
            message: format!("`{acronym}` is spelled out as “{}” here", earlier.long_form),
            elsewhere: Some(Elsewhere {
                path: earlier.path.clone(),
                start: earlier.start,
                end: earlier.end,
            }),
        }],
        fixes: Vec::new(),
    }
}
