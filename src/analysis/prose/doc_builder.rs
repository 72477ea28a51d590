//! Hugging Face doc-builder directives: `[[autodoc]] trl.DPOTrainer` (followed by indented `- method`
//! lines naming the members to document) and `[[open-in-colab]]`.
//!
//! The builder replaces them with generated API docs or a button; their text is identifiers, not prose.
//! CommonMark would read the directive and its indented member list as one paragraph.

use super::lines::block_start;

/// Whether `line` is a doc-builder directive: `[[name]]` at the start of a block, `name` made of ASCII
/// letters, digits, `-` and `_`, followed by the end of the line or whitespace.
pub(super) fn is_directive(line: &str) -> bool {
    let Some(rest) = block_start(line).and_then(|r| r.strip_prefix("[[")) else {
        return false;
    };
    let name_len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(rest.len());
    name_len > 0
        && rest.get(name_len..).is_some_and(|after| {
            after
                .strip_prefix("]]")
                .is_some_and(|tail| tail.is_empty() || tail.starts_with([' ', '\t']))
        })
}

#[cfg(test)]
mod tests {
    use super::is_directive;

    #[test]
    fn directives() {
        assert!(is_directive("[[autodoc]] trl.DPOTrainer"));
        assert!(is_directive("[[open-in-colab]]"));
        assert!(!is_directive("[[autodoc]]x"));
        assert!(!is_directive("[[Some Page]]"));
        assert!(!is_directive("[link](x)"));
        assert!(!is_directive("[[]]"));
    }
}
