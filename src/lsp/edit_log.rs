//! The edits applied to an open document since its latest analysis, so that a request can answer at
//! once from that analysis for the text the edits did not touch, instead of waiting for the analysis
//! of the current text (about 12–15 ms on a 1 MB document, on every keystroke of a burst).
//!
//! [`EditLog`] keeps the byte-range edits of each revision, in the order they were applied;
//! [`OffsetMap`] is the part of it after one analysed revision, and maps an offset of the current text
//! back to that revision's text and a range of that text forward to the current text. Both refuse
//! (`None`) whatever is in or next to changed text: there the analysis may read differently (a letter
//! typed at the end of a word makes another word), and only the analysis of the current text knows.

use std::ops::Range;

/// Edits kept at most; past this the log stops mapping until the next analysis lands (requests then
/// wait, as they do without the log). A burst of typing far outruns no analysis by this much.
const MAX_EDITS: usize = 4096;

/// One edit: the bytes `range` of the text before it were replaced by `inserted` bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub inserted: usize,
}

/// The edits of every revision after `unmappable_through`, oldest first, each with the revision it
/// made.
#[derive(Debug, Default)]
pub struct EditLog {
    edits: Vec<(u64, Edit)>,
    /// Texts of this revision and earlier cannot be mapped to the current text: the whole text was
    /// replaced, or the analysis it would answer from is no longer right for it (settings changed).
    unmappable_through: u64,
}

impl EditLog {
    /// Records an edit that made `revision`.
    pub fn record(&mut self, revision: u64, edit: Edit) {
        if self.edits.len() >= MAX_EDITS {
            self.break_at(revision);
        }
        self.edits.push((revision, edit));
    }

    /// The texts before `revision` can no longer be mapped to the current text.
    pub fn break_at(&mut self, revision: u64) {
        self.edits.clear();
        self.unmappable_through = self.unmappable_through.max(revision.saturating_sub(1));
    }

    /// Forgets the edits up to `revision`, whose analysis landed: no request maps from before it.
    pub fn forget_through(&mut self, revision: u64) {
        self.edits.retain(|(made, _)| *made > revision);
    }

    /// How offsets move between the text of `revision` and the current text; `None` when they
    /// cannot be mapped.
    pub fn since(&self, revision: u64) -> Option<OffsetMap> {
        (revision > self.unmappable_through).then(|| OffsetMap {
            edits: self
                .edits
                .iter()
                .filter(|(made, _)| *made > revision)
                .map(|(_, edit)| edit.clone())
                .collect(),
        })
    }
}

/// The edits between an analysed text and the current text, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OffsetMap {
    edits: Vec<Edit>,
}

impl OffsetMap {
    /// The map of a text to itself.
    pub fn identity() -> OffsetMap {
        OffsetMap::default()
    }

    /// No edit between the two texts.
    pub fn is_identity(&self) -> bool {
        self.edits.is_empty()
    }

    /// The offset in the analysed text of `offset` of the current text; `None` when it falls in or
    /// at either edge of text an edit inserted.
    pub fn back(&self, offset: usize) -> Option<usize> {
        self.edits.iter().rev().try_fold(offset, |offset, edit| {
            let inserted_end = edit.range.start + edit.inserted;
            if offset < edit.range.start {
                Some(offset)
            } else if offset > inserted_end {
                Some(offset - inserted_end + edit.range.end)
            } else {
                None
            }
        })
    }

    /// The range of the analysed text that became `range` of the current text; `None` when an edit
    /// touched it or the character next to either end.
    pub fn back_range(&self, range: Range<usize>) -> Option<Range<usize>> {
        let before = self.back(range.start)?..self.back(range.end)?;
        // Both ends map, but an edit may lie between them.
        self.forward(before.clone()).map(|_| before)
    }

    /// The range of the current text that `range` of the analysed text became; `None` when an edit
    /// touched it or the character next to either end.
    pub fn forward(&self, range: Range<usize>) -> Option<Range<usize>> {
        // A reversed range is the empty range at its start (and cannot underflow below).
        let range = range.start..range.end.max(range.start);
        self.edits.iter().try_fold(range, |range, edit| {
            if range.end < edit.range.start {
                Some(range)
            } else if range.start > edit.range.end {
                let moved =
                    |offset: usize| offset - edit.range.end + edit.range.start + edit.inserted;
                Some(moved(range.start)..moved(range.end))
            } else {
                None
            }
        })
    }

    /// The ranges of the current text the edits wrote, oldest edit first (an empty range where an
    /// edit only deleted), each widened over whatever later edits wrote into or next to it. Outside
    /// them the current text is the analysed text.
    pub fn changed(&self) -> Vec<Range<usize>> {
        let mut changed: Vec<Range<usize>> = Vec::with_capacity(self.edits.len());
        for edit in &self.edits {
            let written_end = edit.range.start + edit.inserted;
            let moved = |offset: usize| offset - edit.range.end + written_end;
            for range in &mut changed {
                if range.start > edit.range.end {
                    *range = moved(range.start)..moved(range.end);
                } else if range.end >= edit.range.start {
                    // In or next to the edit: the range takes the edit in.
                    let end = if range.end > edit.range.end {
                        moved(range.end)
                    } else {
                        written_end
                    };
                    *range = range.start.min(edit.range.start)..end.max(written_end);
                }
            }
            changed.push(edit.range.start..written_end);
        }
        changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn edit(range: Range<usize>, inserted: usize) -> Edit {
        Edit { range, inserted }
    }

    fn map(edits: &[Edit]) -> OffsetMap {
        OffsetMap {
            edits: edits.to_vec(),
        }
    }

    #[test]
    fn offsets_before_an_edit_stay_and_after_it_shift() {
        // "alpha beta gamma" → "alpha BETA! gamma": bytes 6..10 became 5 bytes.
        let map = map(&[edit(6..10, 5)]);
        assert_eq!(map.back(2), Some(2));
        assert_eq!(map.back(14), Some(13));
        // "alpha" and "gamma" keep the space between them and the edit.
        assert_eq!(map.forward(0..5), Some(0..5));
        assert_eq!(map.forward(11..16), Some(12..17));
        assert_eq!(map.forward(0..6), None, "ends where the edit starts");
        assert_eq!(map.forward(10..16), None, "starts where the edit ends");
    }

    #[test]
    fn offsets_in_or_at_the_edge_of_inserted_text_do_not_map() {
        let map = map(&[edit(6..10, 5)]);
        for offset in 6..=11 {
            assert_eq!(map.back(offset), None, "offset {offset}");
        }
        assert_eq!(map.back(5), Some(5));
        assert_eq!(map.back(12), Some(11));
        // A range across the edit does not map either, in either direction.
        assert_eq!(map.forward(2..14), None);
        assert_eq!(map.back_range(2..14), None);
        assert_eq!(map.back_range(12..15), Some(11..14));
        #[allow(clippy::reversed_empty_ranges)]
        let reversed = 14..12;
        assert_eq!(map.forward(reversed), Some(15..15));
    }

    #[test]
    fn changed_ranges_are_where_the_edits_wrote_in_the_current_text() {
        // "alpha beta gamma": "beta" → "BETA!" (6..10 → 6..11), then "X" inserted at 0, then
        // "gamma" deleted (13..18 of the text then), then "!" typed right after "BETA!".
        let map = map(&[
            edit(6..10, 5),
            edit(0..0, 1),
            edit(13..18, 0),
            edit(12..12, 1),
        ]);
        assert_eq!(map.changed(), vec![7..13, 0..1, 14..14, 12..13]);
        assert_eq!(OffsetMap::identity().changed(), Vec::<Range<usize>>::new());
        // Text outside them, and not next to them, maps back unchanged: "lpha" is at 2..6.
        assert_eq!(map.back_range(2..6), Some(1..5));
    }

    #[test]
    fn edits_compose_in_order() {
        // Insert 3 bytes at 10, then delete bytes 0..2 of the result.
        let map = map(&[edit(10..10, 3), edit(0..2, 0)]);
        assert_eq!(map.back(20), Some(19));
        assert_eq!(map.forward(19..21), Some(20..22));
        assert_eq!(map.back(5), Some(7));
        assert_eq!(map.forward(6..8), Some(4..6));
    }

    #[test]
    fn the_log_maps_only_from_revisions_it_covers() {
        let mut log = EditLog::default();
        log.record(5, edit(0..0, 1));
        log.record(6, edit(4..4, 1));
        assert_eq!(log.since(4).map(|m| m.back(10)), Some(Some(8)));
        assert_eq!(log.since(5).map(|m| m.back(10)), Some(Some(9)));
        assert_eq!(log.since(6), Some(OffsetMap::identity()));
        log.forget_through(5);
        assert_eq!(log.since(5).map(|m| m.back(10)), Some(Some(9)));
        // A whole-text replacement (or a settings change) at revision 7: nothing before maps.
        log.break_at(7);
        log.record(7, edit(0..0, 2));
        assert_eq!(log.since(6), None);
        assert_eq!(log.since(7), Some(OffsetMap::identity()));
        log.record(8, edit(0..0, 2));
        assert_eq!(log.since(7).map(|m| m.back(10)), Some(Some(8)));
    }

    #[test]
    fn a_log_that_grows_past_its_bound_stops_mapping_older_texts() {
        let mut log = EditLog::default();
        for revision in 1..=(MAX_EDITS as u64 + 1) {
            log.record(revision, edit(0..0, 1));
        }
        assert_eq!(log.since(0), None);
        assert_eq!(log.since(MAX_EDITS as u64 - 1), None);
        assert_eq!(log.since(MAX_EDITS as u64 + 1), Some(OffsetMap::identity()));
    }

    /// Random edits applied to a random text, as the document applies them.
    fn edited() -> impl Strategy<Value = (String, String, Vec<Edit>)> {
        let text = "[a-c ]{0,40}";
        let edits =
            prop::collection::vec((any::<prop::sample::Index>(), 0usize..6, "[xy]{0,4}"), 0..8);
        (text, edits).prop_map(|(text, raw)| {
            let mut current = text.clone();
            let mut edits = Vec::new();
            for (at, removed, inserted) in raw {
                let start = at.index(current.len() + 1);
                let end = (start + removed).min(current.len());
                current.replace_range(start..end, &inserted);
                edits.push(edit(start..end, inserted.len()));
            }
            (text, current, edits)
        })
    }

    proptest! {
        #[test]
        fn unedited_text_maps_back_and_forward_to_itself((before, after, edits) in edited()) {
            let map = map(&edits);
            for offset in 0..=after.len() {
                let Some(back) = map.back(offset) else { continue };
                // The same byte on both sides, and forward undoes back.
                prop_assert_eq!(before.as_bytes().get(back), after.as_bytes().get(offset));
                prop_assert_eq!(map.forward(back..back), Some(offset..offset));
            }
            for start in 0..=after.len() {
                for end in start..=after.len() {
                    if let Some(range) = map.back_range(start..end) {
                        prop_assert_eq!(&before[range.clone()], &after[start..end]);
                        prop_assert_eq!(map.forward(range), Some(start..end));
                    }
                }
            }
            for start in 0..=before.len() {
                for end in start..=before.len() {
                    if let Some(range) = map.forward(start..end) {
                        prop_assert_eq!(&after[range.clone()], &before[start..end]);
                        prop_assert_eq!(map.back(range.start), Some(start));
                        prop_assert_eq!(map.back(range.end), Some(end));
                    }
                }
            }
        }

        #[test]
        fn text_away_from_every_edit_always_maps((before, after, edits) in edited()) {
            let map = map(&edits);
            // With no edits the map is the identity everywhere.
            if edits.is_empty() {
                prop_assert_eq!(before.clone(), after.clone());
                for offset in 0..=after.len() {
                    prop_assert_eq!(map.back(offset), Some(offset));
                }
            }
            // A single edit leaves every offset more than one byte from it mappable.
            if let [only] = edits.as_slice() {
                for offset in 0..only.range.start {
                    prop_assert_eq!(map.back(offset), Some(offset));
                }
                for offset in only.range.start + only.inserted + 1..=after.len() {
                    prop_assert!(map.back(offset).is_some());
                }
            }
        }
    }
}
