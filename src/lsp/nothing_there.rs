//! "Nothing here", answered at once on a line the edits since the latest analysis touched, where
//! the current text alone shows that no term or acronym can be read at the cursor
//! ([`crate::analysis::nothing_can_be_at`]: an identifier such as `DPOTrainer` in code or prose).
//! Elsewhere on such a line only the analysis of the current text can say there is nothing.

use tower_lsp_server::ls_types::Position;

use super::coordinates::Coordinates;
use super::documents::Snapshot;
use crate::analysis::nothing_can_be_at;

/// Lines read back from the cursor's looking for the blank line before its paragraph; past them,
/// or past [`MAX_BYTES`], the question is not answered (the request waits, as before).
const MAX_LINES: usize = 32;
const MAX_BYTES: usize = 64 * 1024;

/// Whether no term or acronym can be read at `position` of the current text, whatever the
/// analysis of it will find elsewhere: the answer of a hover, a definition, references or
/// highlights there is nothing.
pub fn nothing_there(snapshot: &Snapshot, coordinates: &Coordinates, position: Position) -> bool {
    let Some(kind) = snapshot.kind else {
        return false;
    };
    let rope = coordinates.text();
    let offset = coordinates.cursor(position);
    let line = rope.byte_to_line(offset);
    let end = rope.line_to_byte((line + 1).min(rope.len_lines()));
    // Back to the blank line before the cursor's paragraph, if it is near.
    let mut first = line;
    while first > 0 && line - first < MAX_LINES {
        first -= 1;
        if rope
            .line(first)
            .chars()
            .all(|c| matches!(c, ' ' | '\t' | '\n'))
        {
            break;
        }
    }
    let start = rope.line_to_byte(first);
    if end.saturating_sub(start) > MAX_BYTES {
        return false;
    }
    let Some(window) = rope.get_byte_slice(start..end) else {
        return false;
    };
    let window: String = window.chunks().collect();
    nothing_can_be_at(
        snapshot.project.engine(),
        kind,
        &window,
        offset.saturating_sub(start),
        first == 0,
    )
}
