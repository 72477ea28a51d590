//! Writing glossary text into Markdown (hover contents, the exported glossary) without it turning into
//! markup.

/// Escapes the characters that Markdown would read as markup in running text.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn markup_characters_are_escaped() {
        assert_eq!(
            super::escape("d_model * 2 [x] <b> #1 a|b `c` \\"),
            "d\\_model \\* 2 \\[x\\] \\<b\\> \\#1 a\\|b \\`c\\` \\\\"
        );
    }
}
