//! What no single file shows: an acronym spelled out as one term in one file and as another in a later
//! one ("DP" as data parallelism in `a.md`, differential privacy in `b.md`). One
//! `inconsistent-expansion` finding at the later file's definition, with the first file's as related
//! information. Which file is first and when two expansions disagree is the engine's decision
//! ([`crate::analysis::across`], which the server takes too); here files come in the walk's order
//! (sorted paths, the engine's `file_order`), so the report is stable.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::resolve::Profile;
use super::run::{Checked, Expansion};
use crate::analysis::across::conflict;
use crate::analysis::Elsewhere;
use crate::text::lines::LineIndex;

/// The first file that spells an acronym out, and where.
struct First {
    path: PathBuf,
    expansion: Expansion,
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
                            expansion: expansion.clone(),
                            start: position(expansion.range.start),
                            end: position(expansion.range.end),
                        },
                    );
                }
                Some(earlier) => {
                    let place = Elsewhere {
                        path: earlier.path.clone(),
                        start: earlier.start,
                        end: earlier.end,
                    };
                    found.extend(conflict(
                        expansion,
                        &earlier.expansion,
                        place,
                        &profile.settings,
                    ));
                }
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
