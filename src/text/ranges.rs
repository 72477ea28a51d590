//! Byte ranges as sets: the prose scanner's exclusions and the engine's regions both need them sorted
//! and disjoint; and looking things up in sorted lists in document order.

use std::cell::Cell;
use std::ops::Range;

/// Sorts ranges and merges the overlapping and touching ones.
pub fn merge(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| r.start);
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

/// How many items [`first_from`] steps over one by one before it searches the rest.
const WALK: usize = 8;

/// `items.partition_point(before)`, for `before` true of a prefix of `items`, found by walking forward
/// from the index the last lookup found (`last`, updated) when that is not past the answer, and by a
/// binary search otherwise. The answer is the same either way; what changes is its cost: places are
/// asked for in document order (tokens, then terms), and a few steps forward from the last answer cost
/// less than a search of thousands of regions for each of thousands of tokens.
pub fn first_from<T>(items: &[T], last: &Cell<usize>, before: impl Fn(&T) -> bool) -> usize {
    let from = last.get();
    let valid = from <= items.len()
        && from
            .checked_sub(1)
            .is_none_or(|i| items.get(i).is_some_and(&before));
    let index = if valid {
        let rest = items.get(from..).unwrap_or_default();
        match rest.iter().take(WALK).position(|item| !before(item)) {
            Some(step) => from + step,
            None => {
                let walked = rest.len().min(WALK);
                from + walked
                    + rest
                        .get(walked..)
                        .unwrap_or_default()
                        .partition_point(&before)
            }
        }
    } else {
        items.partition_point(&before)
    };
    last.set(index);
    index
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lookup_from_the_last_answer_finds_what_a_search_finds() {
        // Regions 0..2, 4..6, 8..10, … and lookups forward, backward, far ahead and past the end.
        let regions: Vec<Range<usize>> = (0..40).map(|i| i * 4..i * 4 + 2).collect();
        let last = Cell::new(0);
        for end in [0, 1, 3, 5, 5, 9, 40, 41, 2, 100, 161, 170, 7, 0, 159, 160] {
            let before = |r: &Range<usize>| r.end < end;
            assert_eq!(
                first_from(&regions, &last, before),
                regions.partition_point(before),
                "end {end}"
            );
        }
    }

    #[test]
    fn sorts_and_merges_overlapping_and_touching_ranges() {
        assert_eq!(merge(vec![8..9, 0..3, 2..5, 5..6]), vec![0..6, 8..9]);
        assert_eq!(merge(vec![0..10, 2..3]), vec![0..10]);
    }
}
