//! Checks on the real documents of the shared corpus.
