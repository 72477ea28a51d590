//! Byte ranges as sets: the prose scanner's exclusions and the engine's regions both need them sorted
//! and disjoint.

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_and_merges_overlapping_and_touching_ranges() {
        assert_eq!(merge(vec![8..9, 0..3, 2..5, 5..6]), vec![0..6, 8..9]);
        assert_eq!(merge(vec![0..10, 2..3]), vec![0..10]);
    }
}
