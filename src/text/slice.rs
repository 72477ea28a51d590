//! String slicing by byte offsets that never panics.
//!
//! The engine computes offsets from `char_indices`, ASCII searches and the term matcher, so a range
//! that does not fall on character boundaries is a bug. In a debug build (the tests, the property tests
//! and the fuzzers, which build with debug assertions) it stops there with the range; in a release
//! build the slice is empty, so the server misses one finding instead of losing the whole analysis.
//! clippy's `string_slice` and `indexing_slicing` are denied in the engine so that every slice goes
//! through here or through `get`.

use std::fmt::Debug;
use std::slice::SliceIndex;

pub trait Slice {
    /// `&self[range]`, or `""` (after a debug assertion) when `range` is out of bounds or splits a
    /// character.
    fn slice<R>(&self, range: R) -> &str
    where
        R: SliceIndex<str, Output = str> + Clone + Debug;
}

impl Slice for str {
    fn slice<R>(&self, range: R) -> &str
    where
        R: SliceIndex<str, Output = str> + Clone + Debug,
    {
        match self.get(range.clone()) {
            Some(slice) => slice,
            None => {
                debug_assert!(
                    false,
                    "{range:?} is not a character range of a {}-byte text",
                    self.len()
                );
                ""
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Slice;

    #[test]
    fn slices_on_character_boundaries() {
        let text = "KV 🦙 cache";
        assert_eq!(text.slice(..2), "KV");
        assert_eq!(text.slice(3..7), "🦙");
        assert_eq!(text.slice(8..), "cache");
    }

    #[test]
    #[cfg_attr(debug_assertions, should_panic(expected = "is not a character range"))]
    fn a_range_inside_a_character_is_a_bug() {
        assert_eq!("🦙".slice(1..), "");
    }
}
