//! Acronym shape and the Schwartz–Hearst long-form test.
//!
//! Schwartz & Hearst (2003), "A Simple Algorithm for Identifying Abbreviation Definitions in Biomedical
//! Text": every character of the short form must appear, in order, in the long form; the first one must
//! start a word; and the long form may have at most `min(|A| + 5, 2·|A|)` words. Matching right to left
//! finds the shortest long form that satisfies this, which is what a reader means.

/// Whether a word (a maximal run of ASCII letters and digits) looks like an acronym: at least two capitals
/// and not CamelCase. CamelCase words (DeepSpeed, PyTorch, LayerNorm) are names: every capital in them is
/// followed by a lower-case letter, where MoE, RoPE and LoRA have a capital that is not.
pub fn is_acronym_like(word: &str) -> bool {
    let bytes = word.as_bytes();
    if bytes.is_empty() || !bytes.iter().all(u8::is_ascii_alphanumeric) {
        return false;
    }
    let capitals = bytes.iter().filter(|b| b.is_ascii_uppercase()).count();
    capitals >= 2 && !is_camel_case(bytes)
}

fn is_camel_case(bytes: &[u8]) -> bool {
    bytes.iter().enumerate().all(|(i, b)| {
        !b.is_ascii_uppercase() || (bytes.get(i + 1).is_some_and(u8::is_ascii_lowercase))
    })
}

/// Strips a plural `s` written after a capital: `LLMs` → `LLM`, `GPUs` → `GPU`. Other words come back
/// unchanged. Returns the singular and whether an `s` was stripped.
pub fn singular(word: &str) -> (&str, bool) {
    let bytes = word.as_bytes();
    if bytes.len() >= 3
        && bytes[bytes.len() - 1] == b's'
        && bytes[bytes.len() - 2].is_ascii_uppercase()
    {
        (&word[..word.len() - 1], true)
    } else {
        (word, false)
    }
}

/// The most words a long form may have for this acronym (Schwartz–Hearst).
pub fn max_long_form_words(acronym: &str) -> usize {
    let len = acronym.chars().filter(char::is_ascii_alphanumeric).count();
    (len + 5).min(2 * len)
}

/// Finds where, in `long`, the long form of `acronym` starts, by the Schwartz–Hearst rules. The long form
/// is `&long[start..]`: the match always runs to the end of `long`, which is the text just before the
/// parenthesis in `Long Form (ACR)`. Returns `None` when the letters do not fit or the long form has too
/// many words.
///
/// Digits are matched like letters. Acronyms whose digits are written as a separate word ("FP16" for
/// "16-bit floating point") are rare enough that callers who need them try [`letters_only`] too.
pub fn long_form_start(acronym: &str, long: &str) -> Option<usize> {
    let short: Vec<char> = acronym
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let first_short = *short.first()?;
    if !first_short.is_ascii_alphanumeric() {
        return None;
    }
    let chars: Vec<(usize, char)> = long.char_indices().collect();
    let mut l = chars.len();
    for (s_index, &c) in short.iter().enumerate().rev() {
        loop {
            if l == 0 {
                return None;
            }
            l -= 1;
            let (_, here) = chars[l];
            if here.to_ascii_lowercase() != c {
                continue;
            }
            // The acronym's first character must start a word of the long form.
            let starts_word = l == 0 || !chars[l - 1].1.is_alphanumeric();
            if s_index == 0 && !starts_word {
                continue;
            }
            break;
        }
    }
    // Like the original algorithm, the long form starts at the whitespace-delimited word that holds the
    // first letter: "Reward-rAnked Fine-Tuning", not "rAnked Fine-Tuning".
    let start = long[..chars[l].0]
        .rfind(char::is_whitespace)
        .map_or(0, |i| {
            i + long[i..].chars().next().map_or(1, char::len_utf8)
        });
    let words = long[start..]
        .split(|c: char| c.is_whitespace() || c == '-' || c == '–')
        .filter(|w| !w.is_empty())
        .count();
    (words <= max_long_form_words(acronym)).then_some(start)
}

/// Whether `expansion` as a whole can stand for `acronym`: its long form starts at the first word.
/// Acronyms with digits may also match by their letters alone ("FP16" → "16-bit Floating Point").
pub fn expansion_fits(acronym: &str, expansion: &str) -> bool {
    let (acronym, _) = singular(acronym);
    let expansion = expansion.trim();
    if long_form_start(acronym, expansion) == Some(0) {
        return true;
    }
    // "16-bit Floating Point": the words before the letters' long form may only carry the digits.
    acronym.bytes().any(|b| b.is_ascii_digit())
        && long_form_start(&letters_only(acronym), expansion).is_some_and(|start| {
            expansion[..start]
                .split_whitespace()
                .all(|word| word.bytes().any(|b| b.is_ascii_digit()))
        })
}

/// The acronym without its digits: `FP16` → `FP`.
pub fn letters_only(acronym: &str) -> String {
    acronym.chars().filter(char::is_ascii_alphabetic).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronym_shapes() {
        for word in [
            "GRPO", "LLM", "LLMs", "MoE", "RoPE", "CoT", "vLLM", "QLoRA", "FP16", "KV", "BF16",
        ] {
            assert!(is_acronym_like(word), "{word} should look like an acronym");
        }
        for word in [
            "DeepSpeed",
            "PyTorch",
            "LayerNorm",
            "Adam",
            "A",
            "I",
            "word",
            "ByteDance",
            "x86",
        ] {
            assert!(
                !is_acronym_like(word),
                "{word} should not look like an acronym"
            );
        }
    }

    #[test]
    fn plural_s_after_capital_is_stripped() {
        assert_eq!(singular("LLMs"), ("LLM", true));
        assert_eq!(singular("GPUs"), ("GPU", true));
        assert_eq!(singular("GRPO"), ("GRPO", false));
        assert_eq!(singular("Ms"), ("Ms", false));
    }

    #[test]
    fn long_forms_by_schwartz_hearst() {
        fn start<'a>(acronym: &str, long: &'a str) -> Option<&'a str> {
            long_form_start(acronym, long).map(|s| &long[s..])
        }
        assert_eq!(
            start("GRPO", "we use Group Relative Policy Optimization"),
            Some("Group Relative Policy Optimization")
        );
        assert_eq!(
            start("LLM", "large language model"),
            Some("large language model")
        );
        assert_eq!(
            start("RAFT", "Reward-rAnked Fine-Tuning"),
            Some("Reward-rAnked Fine-Tuning")
        );
        assert_eq!(start("RAG", "Foo Bar"), None);
        assert_eq!(
            start("MoE", "Mixture of Experts"),
            Some("Mixture of Experts")
        );
        // Too many words for a two-letter acronym.
        assert_eq!(
            start("KL", "Kullback and some other long winded Leibler"),
            None
        );
    }

    #[test]
    fn expansions_fit_with_digits_by_letters_alone() {
        assert!(expansion_fits("FP16", "16-bit Floating Point"));
        assert!(expansion_fits("BF16", "Brain Floating Point 16"));
        assert!(expansion_fits("LLMs", "large language models"));
        assert!(!expansion_fits("GRPO", "Proximal Policy Optimization"));
    }
}
