//! How a spelled-out form reads in running prose: "Long Form (ACR)" with the long form in the use's
//! number, a capital at a sentence start, the article that fits the new first word, no word repeated
//! after it, and no stylised capitals of a paper's name.

use super::document::AcronymUse;
use super::TextEdit;
use crate::glossary::forms::{plural_of, FormRole};

/// The edit that spells out the acronym at `target`: "Long Form (ACR)" in place of the token, with a
/// capital at a sentence start. When the words after the token repeat the long form's last word, they
/// are taken in, so that "KL divergence" becomes "Kullback–Leibler divergence (KL)", not
/// "Kullback–Leibler divergence (KL) divergence".
pub fn spell_out_edit(
    text: &str,
    target: &AcronymUse,
    long_form: &str,
    plural_long_form: bool,
) -> TextEdit {
    let as_written = text.get(target.range.clone()).unwrap_or(&target.acronym);
    // "LORA" is spelled out as "Low-Rank Adaptation (LoRA)": the acronym as the glossary writes it.
    let canonical = match crate::text::acronym::singular(as_written) {
        (single, plural)
            if single != target.acronym && single.eq_ignore_ascii_case(&target.acronym) =>
        {
            format!("{}{}", target.acronym, if plural { "s" } else { "" })
        }
        _ => as_written.to_string(),
    };
    let written = canonical.as_str();
    let mut long_form = prose_form(long_form);
    if target.surroundings.starts_sentence && !starts_with_a_variable(&long_form) {
        long_form = capitalised(&long_form);
    }
    let mut range = target.range.clone();
    if let Some(last) = long_form.split_whitespace().next_back() {
        let after = text.get(range.end..).unwrap_or_default();
        let repeated = after
            .strip_prefix(' ')
            .and_then(|rest| {
                rest.get(..last.len())
                    .filter(|w| w.eq_ignore_ascii_case(last))
                    .map(|w| (w, rest))
            })
            .filter(|(w, rest)| {
                !rest
                    .get(w.len()..)
                    .and_then(|tail| tail.chars().next())
                    .is_some_and(|c| c.is_alphanumeric() || c == '-')
            });
        if let Some((word, _)) = repeated {
            if long_form.split_whitespace().count() > 1 {
                range.end += 1 + word.len();
            }
        }
    }
    let mut replacement = spelled_out(&long_form, written, target.plural, plural_long_form);
    // "an RL method" becomes "a reinforcement learning (RL) method": the article follows the sound.
    let before = text.get(..range.start).unwrap_or_default();
    for (article, other) in [("an ", "a "), ("a ", "an "), ("An ", "A "), ("A ", "An ")] {
        let Some(rest) = before.strip_suffix(article) else {
            continue;
        };
        if rest.chars().next_back().is_some_and(char::is_alphanumeric) {
            break;
        }
        let wants_an = replacement
            .chars()
            .next()
            .is_some_and(|c| "aeiouAEIOU".contains(c));
        if wants_an != article.trim_end().eq_ignore_ascii_case("an") {
            range.start -= article.len();
            replacement = format!("{other}{replacement}");
        }
        break;
    }
    TextEdit { range, replacement }
}

/// Whether two long forms are the same words but for capitals and hyphens ("Supervised Finetuning",
/// "supervised fine-tuning").
pub fn same_words(a: &str, b: &str) -> bool {
    let letters = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    letters(a) == letters(b)
}

/// A long form as running prose writes it: stylised capitals of a paper's name are dropped
/// ("Dynamic sAmpling" → "Dynamic Sampling", "fIne-tuNing" → "fine-tuning").
pub fn prose_form(long_form: &str) -> String {
    let words: Vec<&str> = long_form.split(' ').collect();
    let title_case = words
        .iter()
        .filter(|w| w.len() > 3)
        .all(|w| w.starts_with(|c: char| c.is_uppercase()) || is_stylised(w));
    words
        .iter()
        .map(|word| {
            if !is_stylised(word) {
                return (*word).to_string();
            }
            word.split('-')
                .map(|part| {
                    let lower = part.to_lowercase();
                    if title_case {
                        capitalised(&lower)
                    } else {
                        lower
                    }
                })
                .collect::<Vec<_>>()
                .join("-")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A word whose capitals follow no convention: a part that starts in lower case and has a capital
/// followed by lower-case letters inside ("sAmpling", "fIne-tuNing"), as papers write to spell their
/// acronym out of a phrase. Names with a small letter first ("vLLM", "cDPO", "iOS") are not.
fn is_stylised(word: &str) -> bool {
    word.split('-').any(|part| {
        let chars: Vec<char> = part.chars().collect();
        chars.first().is_some_and(|c| c.is_lowercase())
            && chars.windows(3).skip(1).any(|w| {
                matches!(w, [a, b, c] if a.is_uppercase() && b.is_lowercase() && c.is_lowercase())
            })
    })
}

/// Whether `text` opens with a one-letter variable joined by a hyphen ("k-nearest neighbors",
/// "n-gram"): the letter is a symbol, and stays in lower case at a sentence start too.
fn starts_with_a_variable(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase()) && chars.next() == Some('-')
}

/// `text` with its first letter in upper case.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// "Long Form (ACR)", with the long form in the number of the use: "large language models (LLMs)" for a
/// plural use, "large language model (LLM)" for a singular one even when the definition was plural.
pub fn spelled_out(
    long_form: &str,
    written: &str,
    plural_use: bool,
    plural_long_form: bool,
) -> String {
    let long_form = match (plural_use, plural_long_form) {
        (true, false) => {
            plural_of(long_form, FormRole::Expansion).unwrap_or_else(|| long_form.to_string())
        }
        (false, true) => long_form.strip_suffix('s').unwrap_or(long_form).to_string(),
        _ => long_form.to_string(),
    };
    format!("{long_form} ({written})")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stylised_capitals_are_dropped_and_names_kept() {
        assert_eq!(
            prose_form("Decoupled Clip and Dynamic sAmpling Policy Optimization"),
            "Decoupled Clip and Dynamic Sampling Policy Optimization"
        );
        assert_eq!(prose_form("Self-Play fIne-tuNing"), "Self-Play Fine-Tuning");
        assert_eq!(prose_form("serving with vLLM"), "serving with vLLM");
        assert!(same_words(
            "Supervised Finetuning",
            "supervised fine-tuning"
        ));
        assert!(!same_words("Supervised Finetuning", "supervised learning"));
    }
}
