//! Fence lines: CommonMark code fences (```` ``` ````, `~~~`) and the colon fences of MyST and Docusaurus
//! (`:::`).
//!
//! The line pre-scan must know where fenced code is, or it would take `!!! note` or `*[HBM]: …` written
//! inside a code example for the real thing. It follows CommonMark's rules so it agrees with pulldown-cmark
//! on every top-level fence.

use super::lines::block_start;

/// An opening fence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Fence {
    /// `` ` ``, `~` or `:`.
    pub ch: u8,
    /// How many fence characters.
    pub len: usize,
}

/// A fence that opens a block: the fence and where its info string starts within the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Opening {
    pub fence: Fence,
    pub info: usize,
}

/// The run of fence characters at the start of `line` (after up to three spaces), if it is at least three
/// long: the character, the offset where the run starts, its length.
fn run(line: &str, chars: &[u8]) -> Option<(u8, usize, usize)> {
    let rest = block_start(line)?;
    let offset = line.len() - rest.len();
    let ch = *rest.as_bytes().first()?;
    if !chars.contains(&ch) {
        return None;
    }
    let len = rest.bytes().take_while(|&b| b == ch).count();
    (len >= 3).then_some((ch, offset, len))
}

/// A backtick or tilde fence that opens a code block (a backtick fence's info string may not contain a
/// backtick, or the line is inline code, not a fence).
pub(super) fn open_code(line: &str) -> Option<Opening> {
    let (ch, offset, len) = run(line, b"`~")?;
    let info = offset + len;
    if ch == b'`' && line.get(info..).is_some_and(|s| s.contains('`')) {
        return None;
    }
    Some(Opening {
        fence: Fence { ch, len },
        info,
    })
}

/// A colon fence (`:::`, `::::`, …) and where the rest of its line starts.
pub(super) fn open_colon(line: &str) -> Option<Opening> {
    let (ch, offset, len) = run(line, b":")?;
    Some(Opening {
        fence: Fence { ch, len },
        info: offset + len,
    })
}

/// Whether `line` closes a block opened by `fence`: the same character, at least as many, nothing but
/// whitespace after.
pub(super) fn closes(fence: Fence, line: &str) -> bool {
    match run(line, &[fence.ch]) {
        Some((_, offset, len)) => {
            len >= fence.len
                && line
                    .get(offset + len..)
                    .is_some_and(|rest| rest.trim().is_empty())
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_fences_follow_commonmark() {
        let open = open_code("```python").unwrap();
        assert_eq!(open.fence, Fence { ch: b'`', len: 3 });
        assert_eq!(open.info, 3);
        assert_eq!(open_code("   ~~~~").unwrap().fence.len, 4);
        assert_eq!(open_code("    ```"), None);
        assert_eq!(open_code("``"), None);
        assert_eq!(open_code("```a`b"), None);
        assert!(closes(Fence { ch: b'`', len: 3 }, "````  "));
        assert!(!closes(Fence { ch: b'`', len: 4 }, "```"));
        assert!(!closes(Fence { ch: b'`', len: 3 }, "```python"));
        assert!(!closes(Fence { ch: b'`', len: 3 }, "~~~"));
    }

    #[test]
    fn colon_fences() {
        let open = open_colon(":::{note} Title").unwrap();
        assert_eq!(open.fence, Fence { ch: b':', len: 3 });
        assert_eq!(open.info, 3);
        assert!(closes(open.fence, ":::"));
        assert_eq!(open_colon("::"), None);
    }
}
