//! Long source lines cut to the width of the terminal around what they point at, as rustc and ruff
//! cut them: Markdown paragraphs are single lines of hundreds of characters, and a snippet that wide
//! wraps into an unreadable block with its markers far to the right.
//!
//! ```text
//! 5 | …ffer. Later, Direct Preference Optimization (DPO) won the comparison on every benchmark we…
//!   |                                              ^^^
//! ```
//!
//! Each line of a snippet is cut on its own, around the parts of the annotated spans that fall on it
//! (all of them when they fit, else the first, which is the primary one), with "…" where text was cut.
//! Widths are display widths (`unicode-width`: 中 and 😀 take two columns, a combining accent none),
//! because that is how the renderer places the markers under the text; cuts fall between characters,
//! never inside one. A span wider than the room left shows its start.

use std::ops::Range;

use unicode_width::UnicodeWidthChar;

use crate::text::slice::Slice;

const ELLIPSIS: &str = "…";

/// The source of a snippet with its long lines cut, and how offsets into it moved.
#[derive(Debug)]
pub struct Cut {
    pub source: String,
    lines: Vec<Line>,
}

/// One line of the original source and the part of it that was kept.
#[derive(Debug)]
struct Line {
    /// The line's text in the original source, without its line ending.
    text: Range<usize>,
    /// The part kept, in the original source.
    kept: Range<usize>,
    /// Where the kept part starts in the cut source.
    at: usize,
}

impl Cut {
    /// Cuts each line of `source` to at most `width` display columns, keeping in view the parts of
    /// `spans` (byte ranges into `source`; the first is the primary one) that fall on it.
    pub fn new(source: &str, spans: &[Range<usize>], width: usize) -> Cut {
        let mut cut = String::with_capacity(source.len().min(width * 8));
        let mut lines = Vec::new();
        let shown = shown_lines(source, spans);
        let mut start = 0;
        for (number, raw) in source.split_inclusive('\n').enumerate() {
            let content = raw.trim_end_matches(['\n', '\r']);
            let text = start..start + content.len();
            if !shown.get(number).copied().unwrap_or(true) {
                // Never shown: copied as it is, which costs a copy, not a reading of every
                // character (a finding whose uses are far apart spans a whole 1 MB document).
                let at = cut.len();
                cut.push_str(raw);
                lines.push(Line {
                    text: text.clone(),
                    kept: text,
                    at,
                });
                start += raw.len();
                continue;
            }
            let focus: Vec<Range<usize>> = spans
                .iter()
                .filter(|span| span.start <= text.end && text.start <= span.end)
                .map(|span| {
                    span.start.max(text.start) - text.start..span.end.min(text.end) - text.start
                })
                .collect();
            let (kept, left, right) = window(content, &focus, width);
            if left {
                cut.push_str(ELLIPSIS);
            }
            let at = cut.len();
            cut.push_str(content.slice(kept.clone()));
            if right {
                cut.push_str(ELLIPSIS);
            }
            cut.push_str(raw.slice(content.len()..));
            lines.push(Line {
                text: text.clone(),
                kept: text.start + kept.start..text.start + kept.end,
                at,
            });
            start += raw.len();
        }
        Cut { source: cut, lines }
    }

    /// Where `offset` (into the original source) is in the cut source: moved to the nearest kept
    /// character when its own was cut.
    pub fn offset(&self, offset: usize) -> usize {
        let index = self
            .lines
            .partition_point(|line| line.text.end < offset)
            .min(self.lines.len().saturating_sub(1));
        match self.lines.get(index) {
            Some(line) => line.at + offset.clamp(line.kept.start, line.kept.end) - line.kept.start,
            None => 0,
        }
    }

    /// `span` in the cut source, or `None` when none of it was kept (it was cut away).
    pub fn span(&self, span: &Range<usize>) -> Option<Range<usize>> {
        let moved = self.offset(span.start)..self.offset(span.end);
        let kept = |offset: usize| {
            self.lines
                .iter()
                .any(|line| line.kept.start <= offset && offset <= line.kept.end)
        };
        // An empty span that was moved, or a span whose ends were both moved to the same place, is
        // out of view.
        let visible = if span.is_empty() {
            kept(span.start)
        } else {
            !moved.is_empty()
        };
        visible.then_some(moved)
    }
}

/// For each line of `source`, whether the renderer may show it: the lines `spans` touch, and those
/// within two lines of them. Folding, the renderer shows an annotated line, and a line between two
/// annotated ones only when it is the only one between them (else it writes "..."); the margin of
/// two is one more than that needs.
fn shown_lines(source: &str, spans: &[Range<usize>]) -> Vec<bool> {
    const MARGIN: usize = 2;
    let starts: Vec<usize> = std::iter::once(0)
        .chain(memchr::memchr_iter(b'\n', source.as_bytes()).map(|at| at + 1))
        .collect();
    let mut shown = vec![false; starts.len()];
    let line_of = |offset: usize| {
        starts
            .partition_point(|&start| start <= offset)
            .saturating_sub(1)
    };
    for span in spans {
        let first = line_of(span.start).saturating_sub(MARGIN);
        let last = (line_of(span.end) + MARGIN).min(shown.len().saturating_sub(1));
        for line in shown.get_mut(first..=last).into_iter().flatten() {
            *line = true;
        }
    }
    shown
}

/// Display columns of a character as the renderer counts them (a tab is four).
fn columns(c: char) -> usize {
    if c == '\t' {
        4
    } else {
        c.width().unwrap_or(0)
    }
}

/// The part of `line` to keep (a byte range on character boundaries), and whether text was cut on
/// the left and on the right. `focus` holds byte ranges into `line`, the most important first.
fn window(line: &str, focus: &[Range<usize>], width: usize) -> (Range<usize>, bool, bool) {
    // Column at which each character starts, and the line's total.
    let mut starts: Vec<(usize, usize)> = Vec::with_capacity(line.len());
    let mut total = 0;
    for (byte, c) in line.char_indices() {
        starts.push((byte, total));
        total += columns(c);
    }
    if total <= width {
        return (0..line.len(), false, false);
    }
    let column = |byte: usize| {
        let index = starts.partition_point(|&(b, _)| b < byte);
        starts.get(index).map_or(total, |&(_, column)| column)
    };
    // Room for text between two ellipses.
    let room = width.saturating_sub(2).max(1);
    let all = focus
        .iter()
        .map(|f| f.start)
        .min()
        .zip(focus.iter().map(|f| f.end).max());
    let (focus_start, focus_end) = match (all, focus.first()) {
        (Some((start, end)), _) if column(end) - column(start) <= room => {
            (column(start), column(end))
        }
        (_, Some(first)) => (column(first.start), column(first.end)),
        _ => (0, 0),
    };
    let focus_width = focus_end.saturating_sub(focus_start);
    // Centre the focus; one wider than the room shows its start.
    let mut left = focus_start.saturating_sub(room.saturating_sub(focus_width) / 2);
    let right = if left == 0 {
        width.saturating_sub(1)
    } else if left + room >= total {
        // The end of the line is in view: give the room that the right ellipsis would take to more
        // text on the left.
        left = total.saturating_sub(width.saturating_sub(1));
        total
    } else {
        left + room
    };
    // Characters that start at or after `left` and end at or before `right`.
    let first = starts.partition_point(|&(_, column)| column < left);
    let mut end = first;
    while let Some(&(_, column)) = starts.get(end) {
        let next = starts.get(end + 1).map_or(total, |&(_, next)| next);
        if column >= right || next > right {
            break;
        }
        end += 1;
    }
    let byte = |index: usize| starts.get(index).map_or(line.len(), |&(byte, _)| byte);
    let kept = byte(first)..byte(end);
    (kept.clone(), kept.start > 0, kept.end < line.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    fn cut_line(line: &str, needle: &str, width: usize) -> (String, Range<usize>) {
        let start = line.find(needle).expect("needle");
        let needle = start..start + needle.len();
        let cut = Cut::new(line, std::slice::from_ref(&needle), width);
        let span = cut.span(&needle).expect("in view");
        (cut.source, span)
    }

    #[test]
    fn lines_the_renderer_never_shows_are_copied_uncut() {
        // Two uses far apart: the long line between them, three lines from either, is never shown
        // (the renderer writes "..." there), so it is copied as it is; the lines next to the uses
        // are cut, since a single line between two annotated ones is shown.
        let long = "x".repeat(300);
        let source = format!("DPO here.\n{long}\na\nb\n{long}\nc\nd\nDPO there.\n");
        let first = 0..3;
        let second = source.rfind("DPO").expect("second use");
        let cut = Cut::new(&source, &[first.clone(), second..second + 3], 80);
        let lines: Vec<&str> = cut.source.lines().collect();
        assert!(
            lines[1].ends_with('…'),
            "next to the first use: {}",
            lines[1]
        );
        assert_eq!(lines[4], long, "three lines from either use");
        assert_eq!(cut.span(&first), Some(0..3));
        let moved = cut.span(&(second..second + 3)).expect("in view");
        assert_eq!(&cut.source[moved], "DPO");
    }

    #[test]
    fn a_short_line_is_kept_whole() {
        let (source, span) = cut_line("We tried DPO first.\n", "DPO", 80);
        assert_eq!(source, "We tried DPO first.\n");
        assert_eq!(span, 9..12);
    }

    #[test]
    fn a_long_line_is_cut_around_the_span_to_the_width_with_ellipses() {
        let line = format!("{} DPO {}", "a".repeat(200), "b".repeat(200));
        let (source, span) = cut_line(&line, "DPO", 40);
        assert_eq!(source.width(), 40, "{source}");
        assert!(source.starts_with('…') && source.ends_with('…'), "{source}");
        assert_eq!(source.slice(span), "DPO");
    }

    #[test]
    fn near_either_end_only_that_end_is_kept_uncut() {
        let line = format!("DPO {}", "b".repeat(200));
        let (source, _) = cut_line(&line, "DPO", 30);
        assert_eq!(source, format!("DPO {}…", "b".repeat(25)));
        let line = format!("{} DPO", "a".repeat(200));
        let (source, _) = cut_line(&line, "DPO", 30);
        assert_eq!(source, format!("…{} DPO", "a".repeat(25)));
    }

    #[test]
    fn a_span_wider_than_the_width_shows_its_start() {
        let long = "Group Relative Policy Optimization ".repeat(5);
        let line = format!("{} {long}and more", "x".repeat(100));
        let (source, span) = cut_line(&line, &long, 40);
        assert!(source.starts_with("…Group Relative"), "{source}");
        assert_eq!(source.width(), 40);
        assert_eq!(span.start, "…".len());
    }

    #[test]
    fn cuts_count_display_columns_and_never_split_a_character() {
        // Wide characters (two columns each) on both sides of the span.
        let line = format!("{}DPO{}", "中😀".repeat(50), "文".repeat(50));
        for width in 20..40 {
            let (source, span) = cut_line(&line, "DPO", width);
            assert!(source.width() <= width, "{width}: {source}");
            // A two-column character that would cross the edge is left out, on either side.
            assert!(source.width() >= width - 2, "{width}: {source}");
            assert_eq!(source.slice(span), "DPO");
        }
    }

    #[test]
    fn every_line_is_cut_around_its_own_spans_and_unannotated_lines_from_their_start() {
        let source = format!(
            "{} MoE\n{}\nMixture of Experts (MoE) {}\n",
            "a".repeat(100),
            "c".repeat(100),
            "d".repeat(100)
        );
        let moe = source.find("MoE").expect("MoE");
        let definition = source.find("Mixture").expect("definition");
        let spans = [moe..moe + 3, definition..definition + 24];
        let cut = Cut::new(&source, &spans, 30);
        let lines: Vec<&str> = cut.source.lines().collect();
        assert_eq!(lines[0], format!("…{} MoE", "a".repeat(25)));
        assert_eq!(lines[1], format!("{}…", "c".repeat(29)));
        assert_eq!(
            lines[2],
            format!("Mixture of Experts (MoE) {}…", "d".repeat(4))
        );
        assert_eq!(
            cut.source.slice(cut.span(&spans[0]).expect("in view")),
            "MoE"
        );
        assert_eq!(
            cut.source.slice(cut.span(&spans[1]).expect("in view")),
            "Mixture of Experts (MoE)"
        );
    }

    #[test]
    fn a_span_cut_away_is_out_of_view() {
        let line = format!("DPO {} (DPO)", "b".repeat(200));
        let first = 0..3;
        let far = line.rfind("DPO").expect("far");
        let cut = Cut::new(&line, &[first.clone(), far..far + 3], 40);
        assert_eq!(cut.span(&first), Some(0..3));
        assert_eq!(cut.span(&(far..far + 3)), None);
    }
}
