//! Small text rules shared by the glossary loaders and the analyser: what a word is, what looks like an
//! acronym, and whether a long form can stand for an acronym.

pub mod acronym;
pub mod front_matter;
pub mod lines;
pub mod markdown;
pub mod normalize;
pub mod ranges;
pub mod slice;

/// Replaces the contents of `buffer` with `text`, keeping its allocation when it fits.
///
/// A copy of a whole document kept from one analysis to the next (the last text read, the last
/// text the memos were made from) must not grow as `String::push_str` grows a string: one byte
/// typed past the capacity doubled the buffer, and a 1 MB document then kept 2 MB per copy. The
/// buffer is made exactly as large as the text plus 1/64 of it, so that typing at one place
/// reuses it for about 16,000 bytes before it is made again, and given back when the text shrinks
/// to less than half of it.
pub fn copy_into(buffer: &mut String, text: &str) {
    buffer.clear();
    let fits = buffer.capacity() >= text.len() && buffer.capacity() / 2 <= text.len();
    if !fits {
        *buffer = String::with_capacity(text.len() + text.len() / 64);
    }
    buffer.push_str(text);
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_copied_text_keeps_little_room_and_reuses_it() {
        let mut buffer = String::new();
        let text = "x".repeat(64_000);
        super::copy_into(&mut buffer, &text);
        assert_eq!(buffer, text);
        assert_eq!(buffer.capacity(), 65_000);
        let grown = format!("{text}y");
        let before = buffer.as_ptr();
        super::copy_into(&mut buffer, &grown);
        assert_eq!(buffer, grown);
        assert_eq!(buffer.as_ptr(), before, "one more byte fits the room left");
        super::copy_into(&mut buffer, &"z".repeat(70_000));
        assert_eq!(buffer.capacity(), 71_093);
        super::copy_into(&mut buffer, "short");
        assert_eq!(buffer, "short");
        assert!(
            buffer.capacity() < 64,
            "a text that shrank gives the room back"
        );
    }
}
