//! Acronym shape and the Schwartz–Hearst long-form test.
//!
//! Schwartz & Hearst (2003), "A Simple Algorithm for Identifying Abbreviation Definitions in Biomedical
//! Text": every character of the short form must appear, in order, in the long form; the first one must
//! start a word; and the long form may have at most `min(|A| + 5, 2·|A|)` words. Matching right to left
//! finds the shortest long form that satisfies this, which is what a reader means.

use super::slice::Slice;

/// Whether a word (a maximal run of ASCII letters and digits) looks like an acronym: at least two
/// capitals, and no capital followed by two lower-case letters. That second rule is what separates
/// CamelCase names (DeepSpeed, PyTorch, LayerNorm, SimPO) and identifiers (DPOTrainer, GPUDirect) from
/// acronyms with a small letter inside (MoE, RoPE, LoRA, CoT, vLLM, LLaMA).
pub fn is_acronym_like(word: &str) -> bool {
    let bytes = word.as_bytes();
    if bytes.is_empty() || !bytes.iter().all(u8::is_ascii_alphanumeric) {
        return false;
    }
    let capitals = bytes.iter().filter(|b| b.is_ascii_uppercase()).count();
    capitals >= 2 && !has_capitalised_word(bytes)
}

/// Whether some capital starts a lower-case run of two or more letters ("Speed" in DeepSpeed): no
/// acronym-shaped word holds one, and neither does any word that contains one.
pub fn has_capitalised_word(bytes: &[u8]) -> bool {
    bytes.windows(3).any(|w| {
        matches!(w, [a, b, c] if a.is_ascii_uppercase() && b.is_ascii_lowercase() && c.is_ascii_lowercase())
    })
}

/// Whether a word has at least two capitals: the loosest shape an acronym in a definition may have
/// ("Simple Preference Optimization (SimPO)"); the long form's letters then decide.
pub fn has_two_capitals(word: &str) -> bool {
    word.bytes().filter(u8::is_ascii_uppercase).count() >= 2
}

/// Strips a plural `s` written after a capital: `LLMs` → `LLM`, `GPUs` → `GPU`. Other words come back
/// unchanged. Returns the singular and whether an `s` was stripped.
pub fn singular(word: &str) -> (&str, bool) {
    match (word.as_bytes(), word.strip_suffix('s')) {
        ([_, .., capital, b's'], Some(single)) if capital.is_ascii_uppercase() => (single, true),
        _ => (word, false),
    }
}

/// The most words a long form may have for this acronym (Schwartz–Hearst).
pub fn max_long_form_words(acronym: &str) -> usize {
    let len = acronym.chars().filter(char::is_ascii_alphanumeric).count();
    (len + 5).min(2 * len)
}

/// Finds where, in `long`, the long form of `acronym` starts. The long form is `&long[start..]`: it
/// always runs to the end of `long`, which is the text just before the parenthesis in `Long Form (ACR)`.
/// Returns `None` when the letters do not fit or the long form would have too many words.
///
/// Schwartz & Hearst match right to left and take the first start that fits, which reads
/// "Proximal Policy Optimization (PPO)" as "Policy Optimization" (the second P hides in "Optimization").
/// Here every word that begins with the acronym's first letter, within the word limit, is a candidate
/// start; the one whose alignment puts the most letters on word initials wins, and among equals the
/// shortest. The letters must still all appear in order, as in the original.
pub fn long_form_start(acronym: &str, long: &str) -> Option<usize> {
    let short: Vec<char> = acronym
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let first = *short.first()?;
    let chars: Vec<(usize, char, bool)> = long
        .char_indices()
        .scan(None, |previous: &mut Option<char>, (at, c)| {
            let initial = c.is_alphanumeric() && !previous.is_some_and(char::is_alphanumeric);
            *previous = Some(c);
            Some((at, c.to_ascii_lowercase(), initial))
        })
        .collect();
    let limit = max_long_form_words(acronym);
    // Word starts, from the last one back, as long as the long form stays within the word limit.
    let word_starts: Vec<usize> = (0..chars.len())
        .filter(|&i| is_word_start(long, &chars, i))
        .collect();
    let mut best: Option<(usize, usize)> = None; // (score, char index)
    for (words_from_end, &start) in word_starts.iter().rev().enumerate() {
        if words_from_end >= limit {
            break;
        }
        if chars
            .get(start)
            .is_none_or(|&(_, c, initial)| c != first || !initial)
        {
            continue;
        }
        let rest_of_short = short.get(1..).unwrap_or_default();
        let rest_of_long = chars.get(start + 1..).unwrap_or_default();
        if let Some(score) = alignment_score(rest_of_short, rest_of_long) {
            if best.is_none_or(|(best_score, _)| score + 1 > best_score) {
                best = Some((score + 1, start));
            }
        }
    }
    // Like the original algorithm, the long form starts at the whitespace-delimited word holding the
    // first letter: "Reward-rAnked Fine-Tuning", not "rAnked Fine-Tuning".
    let (_, index) = best?;
    let &(at, _, _) = chars.get(index)?;
    let before = long.get(..at)?;
    Some(before.rfind(char::is_whitespace).map_or(0, |i| {
        i + before
            .get(i..)
            .and_then(|s| s.chars().next())
            .map_or(1, char::len_utf8)
    }))
}

/// Whether character `i` starts a whitespace-delimited word ("Reward-rAnked" is one word for the limit,
/// as in the original algorithm).
fn is_word_start(long: &str, chars: &[(usize, char, bool)], i: usize) -> bool {
    let _ = long;
    let Some(&(_, c, initial)) = chars.get(i) else {
        return false;
    };
    let previous = i
        .checked_sub(1)
        .and_then(|p| chars.get(p))
        .map(|&(_, p, _)| p);
    match previous {
        None => !c.is_whitespace(),
        Some(p) => {
            !c.is_whitespace() && p.is_whitespace()
                || initial && !p.is_whitespace() && !p.is_alphanumeric()
        }
    }
}

/// The most letters of `letters` that can sit on word initials when all of them are matched, in order,
/// in `text`; `None` when they cannot all be matched.
fn alignment_score(letters: &[char], text: &[(usize, char, bool)]) -> Option<usize> {
    // best[j] = best score for matching letters[j..] in the suffix of text seen so far (right to left).
    let mut best: Vec<Option<usize>> = vec![None; letters.len()];
    best.push(Some(0));
    for &(_, c, initial) in text.iter().rev() {
        for (j, &letter) in letters.iter().enumerate() {
            if letter != c {
                continue;
            }
            // best[j + 1] exists: best has one more slot than letters.
            if let Some(rest) = best.get(j + 1).copied().flatten() {
                let score = rest + usize::from(initial);
                if let Some(slot) = best.get_mut(j) {
                    if slot.is_none_or(|b| score > b) {
                        *slot = Some(score);
                    }
                }
            }
        }
    }
    best.first().copied().flatten()
}

/// Whether `expansion` as a whole can stand for `acronym`: its long form starts at the first word.
/// Acronyms with digits may also match by their letters alone ("FP16" → "16-bit Floating Point").
pub fn expansion_fits(acronym: &str, expansion: &str) -> bool {
    let (acronym, _) = singular(acronym);
    let expansion = expansion.trim();
    let limit = max_long_form_words(acronym);
    if starts_with_letters_of(acronym, expansion, limit) {
        return true;
    }
    // "C4" → "Colossal Clean Crawled Corpus", "FP16" → "16-bit Floating Point": the digits may be left
    // out, or carried by the words before the letters' long form.
    let has_digits = acronym.bytes().any(|b| b.is_ascii_digit());
    if has_digits && starts_with_letters_of(&letters_only(acronym), expansion, limit) {
        return true;
    }
    has_digits
        && expansion
            .split_whitespace()
            .position(|word| !word.bytes().any(|b| b.is_ascii_digit()))
            .and_then(|first_plain| {
                let at = expansion.split_whitespace().nth(first_plain)?.as_ptr() as usize
                    - expansion.as_ptr() as usize;
                Some(starts_with_letters_of(
                    &letters_only(acronym),
                    expansion.slice(at..),
                    limit,
                ))
            })
            .unwrap_or(false)
}

/// Whether `phrase`, as a whole, can be the long form of `acronym`: its first letter starts the phrase,
/// the others follow in order, and the phrase is within the word limit.
fn starts_with_letters_of(acronym: &str, phrase: &str, word_limit: usize) -> bool {
    let mut letters = acronym
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase());
    let Some(first) = letters.next() else {
        return false;
    };
    let mut rest = phrase.chars().map(|c| c.to_ascii_lowercase());
    if rest.next() != Some(first) {
        return false;
    }
    let fits = letters.all(|letter| rest.any(|c| c == letter));
    let words = phrase
        .split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .count();
    fits && words <= word_limit
}

/// Whether the capitals of a mixed-case acronym all start words of `long_form`, its other letters
/// following in order anywhere. Writing an acronym in mixed case shows which letters are the words'
/// initials: "Low-Rank Adaptation (LoRA)", "Mixture of Experts (MoE)", "Decoupled Clip and Dynamic
/// sAmpling Policy Optimization (DAPO)", "Quantized LoRA (QLoRA)": any capital marks an initial. A phrase
/// that merely holds the letters, "low rank matrices (LoRA)", names something else. All-capital
/// acronyms say nothing of the kind ("BiLingual Evaluation Understudy" for BLEU) and always pass.
pub fn capitals_start_words(acronym: &str, long_form: &str) -> bool {
    let mixed = acronym.bytes().any(|b| b.is_ascii_lowercase())
        && acronym.bytes().any(|b| b.is_ascii_uppercase());
    if !mixed {
        return true;
    }
    // Matching each letter at its earliest allowed place finds a match whenever one exists.
    let mut chars = long_form.chars();
    let mut previous: Option<char> = None;
    'letters: for letter in acronym.chars().filter(char::is_ascii_alphanumeric) {
        for c in chars.by_ref() {
            let starts_word = c.is_alphanumeric()
                && (c.is_uppercase() || previous.is_none_or(|p| !p.is_alphanumeric()));
            previous = Some(c);
            if c.eq_ignore_ascii_case(&letter) && (!letter.is_ascii_uppercase() || starts_word) {
                continue 'letters;
            }
        }
        return false;
    }
    true
}

/// Whether a long form carries enough of the acronym's letters as initials of its words or of the
/// capitalised parts of a word ("DeepSpeed", "TensorRT") to stand for it: two, once the acronym has
/// three characters or more. Other letters may sit inside words ("negative loglikelihood" for NLL),
/// but a single word that merely holds them is a name, not a long form: "Llama-1/2/3" holds the
/// letters of LLM in order ("LLMs (Llama-1/2/3, OPT, …)" lists models, it does not define LLM).
pub fn enough_initials(acronym: &str, long_form: &str) -> bool {
    let letters: Vec<char> = acronym
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if letters.len() < 3 {
        return true;
    }
    let chars: Vec<(usize, char, bool)> = long_form
        .char_indices()
        .scan(None, |previous: &mut Option<char>, (at, c)| {
            let initial = c.is_alphanumeric()
                && previous
                    .is_none_or(|p| !p.is_alphanumeric() || (p.is_lowercase() && c.is_uppercase()));
            *previous = Some(c);
            Some((at, c.to_ascii_lowercase(), initial))
        })
        .collect();
    alignment_score(&letters, &chars).is_some_and(|initials| initials >= 2)
}

/// The acronym without its digits: `FP16` → `FP`.
pub fn letters_only(acronym: &str) -> String {
    acronym.chars().filter(char::is_ascii_alphabetic).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_form_carries_two_initials_once_the_acronym_has_three_letters() {
        assert!(enough_initials("LLM", "large language models"));
        assert!(enough_initials("BLEU", "BiLingual Evaluation Understudy"));
        assert!(enough_initials("NLL", "negative loglikelihood"));
        assert!(enough_initials("TRT", "TensorRT"));
        assert!(enough_initials("BF", "bfloat16"));
        assert!(enough_initials("KV", "key"));
        assert!(!enough_initials("LLM", "Llama-1/2/3"));
        assert!(!enough_initials("GPT", "GPTQ"));
    }

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
    fn capitals_of_mixed_case_acronyms_start_words() {
        for (acronym, long_form) in [
            ("LoRA", "Low-Rank Adaptation"),
            ("LoRA", "low rank adaption"),
            ("MoE", "Mixture of Experts"),
            ("QLoRA", "Quantized LoRA"),
            (
                "DAPO",
                "Decoupled Clip and Dynamic sAmpling Policy Optimization",
            ),
            ("SHiRA", "Sparse High Rank Adapters"),
            ("RoPE", "rotary position embedding"),
            ("BLEU", "BiLingual Evaluation Understudy"),
            ("GEMM", "general matrix multiply"),
        ] {
            assert!(
                capitals_start_words(acronym, long_form),
                "{acronym}: {long_form}"
            );
        }
        for (acronym, long_form) in [
            ("LoRA", "low rank matrices"),
            ("MoE", "mixture of models"),
            ("RoPE", "rotary positions"),
        ] {
            assert!(
                !capitals_start_words(acronym, long_form),
                "{acronym}: {long_form}"
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
            start("PPO", "trained with Proximal Policy Optimization"),
            Some("Proximal Policy Optimization")
        );
        assert_eq!(
            start("LLM", "big large language model"),
            Some("large language model")
        );
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
        assert!(expansion_fits("PPO", "Proximal Policy Optimization"));
        assert!(expansion_fits(
            "DAPO",
            "Decoupled Clip and Dynamic sAmpling Policy Optimization"
        ));
        assert!(expansion_fits("C4", "Colossal Clean Crawled Corpus"));
    }
}
