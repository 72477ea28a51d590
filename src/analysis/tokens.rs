//! Acronym-like tokens in prose, and the tokens that look like acronyms but are not: Roman numerals,
//! shouted words and runs of all-caps prose, and acronyms everyone knows.
//!
//! String slices here use offsets of ASCII capitals found by byte search and word ends from
//! `char_indices` of the same text, so they fall on character boundaries (and go through
//! [`Slice::slice`], which checks it in debug builds).

use rustc_hash::FxHashSet;
use std::ops::Range;
use std::sync::OnceLock;

use crate::text::acronym::{is_acronym_like, singular};
use crate::text::slice::Slice;

/// The universally known acronyms (`data/common-acronyms.txt`): never flagged.
pub const COMMON_ACRONYMS_TXT: &str = include_str!("../../data/common-acronyms.txt");

/// Words that documents shout ("NOTE:", "WARNING", "DO NOT") and that are not acronyms. Sorted, for
/// binary search (a test checks).
const SHOUTED_WORDS: &[&str] = &[
    "ALL",
    "ALSO",
    "ALWAYS",
    "AND",
    "ANY",
    "ARE",
    "AS",
    "AT",
    "BE",
    "BETA",
    "BUT",
    "BY",
    "CAUTION",
    "DANGER",
    "DEPRECATED",
    "DISCLAIMER",
    "DO",
    "DON",
    "EDIT",
    "ERROR",
    "EXPERIMENTAL",
    "FIXME",
    "FOR",
    "FREE",
    "FROM",
    "HERE",
    "HINT",
    "HOW",
    "IF",
    "IMPORTANT",
    "IN",
    "INFO",
    "IS",
    "LICENSE",
    "MAY",
    "MUST",
    "NB",
    "NEVER",
    "NEW",
    "NO",
    "NOT",
    "NOTE",
    "NOTICE",
    "NOW",
    "OF",
    "ON",
    "ONLY",
    "OR",
    "PS",
    "READ",
    "SEE",
    "SHOULD",
    "STOP",
    "THE",
    "THIS",
    "TIP",
    "TO",
    "TODO",
    "UPDATE",
    "WARN",
    "WARNING",
    "WE",
    "WHAT",
    "WHY",
    "WIP",
    "WITH",
    "YES",
    "YOU",
];

/// An acronym-like token found in prose (offsets in the flat text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub range: Range<usize>,
    /// How many bytes at the start of the token are the acronym ([`Token::acronym`]): it is always a
    /// prefix of the word ("LLM" of "LLMs", "GPT" of "GPT2"), so it is kept as a length, not a copy.
    /// The server re-reads every token of a document on each keystroke; a `String` per token was a
    /// tenth of that work.
    pub acronym_len: usize,
    pub plural: bool,
    /// A word documents shout as English ("IS", "AS", "DO") that the glossary knows as an acronym (IS:
    /// importance sampling), standing alone rather than in a shouting run: the acronym only where the
    /// document also writes its long form, which the engine checks over the whole document.
    pub english_word: bool,
}

impl Token {
    /// The singular form ("LLM" for "LLMs"), read from `text`, the text the token's range is in.
    pub fn acronym<'t>(&self, text: &'t str) -> &'t str {
        text.slice(self.range.start..self.range.start + self.acronym_len)
    }
}

/// Whether a capital word is shouted, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shouting {
    No,
    /// A word of the shouted-word list on its own ("NOTE:", "This IS important").
    ListedWord,
    /// A word of a run of three or more all-caps words ("THE SOFTWARE IS PROVIDED AS IS").
    Run,
}

/// A word with at least one capital.
struct CapitalWord {
    range: Range<usize>,
    all_caps: bool,
}

/// The words of `text` that hold an ASCII capital. Most words have none, so this jumps from capital to
/// capital and only then finds the word around it: a fraction of the cost of splitting every word.
fn capital_words(text: &str) -> Vec<CapitalWord> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(found) = bytes
        .get(at..)
        .and_then(|rest| rest.iter().position(u8::is_ascii_uppercase))
    {
        let capital = at + found;
        let start = text
            .slice(..capital)
            .char_indices()
            .rev()
            .take_while(|&(_, c)| c.is_alphanumeric() || c == '_')
            .last()
            .map_or(capital, |(i, _)| i);
        let end = text
            .slice(capital..)
            .char_indices()
            .find(|&(_, c)| !(c.is_alphanumeric() || c == '_'))
            .map_or(text.len(), |(i, _)| capital + i);
        let word = bytes.get(start..end).unwrap_or_default();
        out.push(CapitalWord {
            range: start..end,
            all_caps: word.len() >= 2 && !word.iter().any(u8::is_ascii_lowercase),
        });
        at = end.max(capital + 1);
    }
    out
}

/// The tokens of `text` that may be acronyms a reader needs explained, or glossary acronyms
/// (`is_known` says which words the glossary knows as acronyms or names, whatever their shape).
pub fn acronym_tokens(text: &str, is_known: impl Fn(&str) -> bool) -> Vec<Token> {
    let capital_words = capital_words(text);
    let shouting = shouted(text, &capital_words);
    let mut tokens = Vec::new();
    for (index, capital) in capital_words.iter().enumerate() {
        let range = &capital.range;
        let word = text.slice(range.clone());
        let (mut single, mut plural) = singular(word);
        // A plural in capitals of a known acronym ("GEMMS", "LLMS") is that acronym.
        if let Some(stem) = word.strip_suffix('S') {
            if stem.len() >= 2 && !is_known(word) && is_known(stem) {
                (single, plural) = (stem, true);
            }
        }
        // A model or product version: "GPT2", "DGX2" are GPT and DGX.
        let prefix = single.trim_end_matches(|c: char| c.is_ascii_digit());
        let version_of = (prefix.len() < single.len() && !prefix.is_empty() && is_known(prefix))
            .then_some(prefix);
        let known = is_known(word) || is_known(single) || version_of.is_some();
        // Quantities and identifiers that start with a digit ("40GB", "8XA100") are not acronyms.
        let starts_with_digit = word.as_bytes().first().is_some_and(u8::is_ascii_digit);
        // Shouting wins even over the glossary: "PROVIDED AS IS" is not importance sampling. A listed
        // word alone ("IS correction metrics") may be a known acronym; the document decides.
        let shout = shouting.get(index).copied().unwrap_or(Shouting::No);
        if shout == Shouting::Run
            || shout == Shouting::ListedWord && !known
            || !known && (starts_with_digit || !is_acronym_like(single) || is_roman_numeral(single))
        {
            continue;
        }
        if text
            .slice(..range.start)
            .ends_with(['$', '@', '\\', '#', '%'])
        {
            continue; // variables, handles, escapes, anchors
        }
        if is_file_name(text.slice(range.end..)) {
            continue; // README.md, RELIABILITY.md, LICENSE.txt
        }
        let (acronym, plural) = match version_of {
            _ if is_known(word) => (word, false),
            Some(prefix) if !is_known(single) => (prefix, false),
            _ => (single, plural),
        };
        // `singular` and the version prefix cut the word's end, so the acronym is the word's start.
        debug_assert!(word.starts_with(acronym));
        tokens.push(Token {
            range: range.clone(),
            acronym_len: acronym.len(),
            plural,
            english_word: shout == Shouting::ListedWord,
        });
    }
    tokens
}

/// Whether the text right after a word makes it a file name: a dot, one to five lower-case letters or
/// digits, then the end of the word ("RELIABILITY.md", "LICENSE.txt").
fn is_file_name(after: &str) -> bool {
    let Some(extension) = after.strip_prefix('.') else {
        return false;
    };
    let length = extension
        .bytes()
        .take_while(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        .count();
    let ends = extension
        .get(length..)
        .and_then(|rest| rest.chars().next())
        .is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
    (1..=5).contains(&length) && ends
}

/// Marks the capital words that are shouted: a word of the shouted-word list, and every word of a run of
/// three or more adjacent all-caps words not broken by punctuation ("THE SOFTWARE IS PROVIDED AS IS").
///
/// One-letter words ("A", "I") neither join nor break a run ("FITNESS FOR A PARTICULAR PURPOSE"), and
/// a comma breaks one only between two words that are not on the shouted-word list: "GPU, CPU, TPU"
/// is a list of acronyms, "ARISING FROM, OUT OF" is shouting.
fn shouted(text: &str, words: &[CapitalWord]) -> Vec<Shouting> {
    // Each word looked up once: whether it is on the list, both to mark it and for the comma rule.
    // Every listed word is in capitals: a word with a small letter is not looked up.
    let on_list: Vec<bool> = words
        .iter()
        .map(|w| {
            w.all_caps
                && SHOUTED_WORDS
                    .binary_search(&text.slice(w.range.clone()))
                    .is_ok()
        })
        .collect();
    let mut shouted: Vec<Shouting> = on_list
        .iter()
        .map(|&listed| {
            if listed {
                Shouting::ListedWord
            } else {
                Shouting::No
            }
        })
        .collect();
    let is_on_list = |index: usize| on_list.get(index).copied().unwrap_or(false);
    let mut run: Vec<usize> = Vec::new();
    let close = |run: &mut Vec<usize>, shouted: &mut Vec<Shouting>| {
        if run.len() >= 3 {
            for &i in run.iter() {
                if let Some(word) = shouted.get_mut(i) {
                    *word = Shouting::Run;
                }
            }
        }
        run.clear();
    };
    for (index, word) in words.iter().enumerate() {
        if word.range.len() == 1 {
            continue;
        }
        let continues = run
            .last()
            .and_then(|&previous| Some((previous, words.get(previous)?)))
            .is_some_and(|(previous_index, previous)| {
                // Adjacent: nothing but spaces, one-letter capital words and harmless punctuation
                // between the two words.
                let gap = text.slice(previous.range.end..word.range.start);
                let comma_joins = is_on_list(previous_index) || is_on_list(index);
                let breaks = |c: char| {
                    // A slash or a plus lists acronyms ("SFT/DPO/RM", "TP + PP + DP"): no shouting.
                    matches!(
                        c,
                        '\n' | '.' | ':' | ';' | '(' | ')' | '/' | '+' | '|' | '='
                    ) || (c == ',' && !comma_joins)
                };
                !gap.contains(breaks)
                    && gap.split(|c: char| !c.is_alphanumeric()).all(|part| {
                        part.is_empty()
                            || part.len() == 1 && part.bytes().all(|b| b.is_ascii_uppercase())
                    })
            });
        if !continues {
            close(&mut run, &mut shouted);
        }
        if word.all_caps {
            run.push(index);
        } else {
            close(&mut run, &mut shouted);
        }
    }
    close(&mut run, &mut shouted);
    shouted
}

/// Roman numerals as used for numbering (II, III, IV, VII, XII …, up to 39).
pub fn is_roman_numeral(word: &str) -> bool {
    const NUMERALS: [&str; 10] = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"];
    let tens = word.bytes().take_while(|&b| b == b'X').count();
    tens <= 3 && NUMERALS.contains(&word.slice(tens..)) && !word.is_empty()
}

/// The built-in list of universally known acronyms.
pub fn common_acronyms() -> &'static FxHashSet<&'static str> {
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        COMMON_ACRONYMS_TXT
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<(&str, &str, bool)> {
        acronym_tokens(text, |w| w == "vLLM" || w == "FP16" || w == "GPT")
            .into_iter()
            .map(|t| (&text[t.range.clone()], t.acronym(text), t.plural))
            .collect()
    }

    #[test]
    fn finds_acronyms_and_strips_plurals() {
        assert_eq!(
            tokens("LLMs use MoE, RoPE and vLLM; FP16 too."),
            [
                ("LLMs", "LLM", true),
                ("MoE", "MoE", false),
                ("RoPE", "RoPE", false),
                ("vLLM", "vLLM", false),
                ("FP16", "FP16", false),
            ]
        );
    }

    #[test]
    fn versions_of_known_names_are_those_names() {
        assert_eq!(
            tokens("GPT2 and GPT-3"),
            [("GPT2", "GPT", false), ("GPT", "GPT", false)]
        );
        assert_eq!(tokens("FP16"), [("FP16", "FP16", false)]);
    }

    #[test]
    fn names_numerals_and_shouting_are_not_acronyms() {
        assert!(tokens("DeepSpeed and PyTorch. Chapter IV, part XII.").is_empty());
        assert_eq!(
            tokens("NOTE: see (Table 2). THE SOFTWARE IS PROVIDED AS IS."),
            []
        );
        assert!(tokens("Set $HOME and @OpenAI, max_LR").is_empty());
        assert!(tokens("on 8XA100 40GB nodes, 1TB of RAM")
            .iter()
            .all(|t| t.0 == "RAM"));
        assert_eq!(tokens("WARNING: PPO is slow")[0].0, "PPO");
        let known_is = acronym_tokens("THE SOFTWARE IS PROVIDED AS IS.", |w| w == "IS");
        assert_eq!(known_is, [], "shouting hides even known acronyms");
    }

    #[test]
    fn a_shouted_english_word_alone_may_be_a_known_acronym() {
        // "IS" alone, known to the glossary (importance sampling): a candidate the document decides on.
        let known = acronym_tokens("IS correction metrics need a mode.", |w| w == "IS");
        assert_eq!(
            known,
            [Token {
                range: 0..2,
                acronym_len: 2,
                plural: false,
                english_word: true,
            }]
        );
        // Unknown, it is English in capitals; and an ordinary acronym is not an English word.
        assert!(acronym_tokens("IS correction metrics.", |_| false).is_empty());
        assert!(!acronym_tokens("PPO is slow", |w| w == "PPO")[0].english_word);
    }

    #[test]
    fn legal_shouting_with_one_letter_words_and_commas() {
        let license = "WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND \
                       NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS BE LIABLE FOR ANY CLAIM, \
                       WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR \
                       IN CONNECTION WITH THE SOFTWARE.";
        assert_eq!(tokens(license), []);
        // A list of acronyms is not shouting, and a one-letter word does not make two acronyms a run.
        assert_eq!(
            tokens("Compare GPU, CPU, TPU. Use RL A KL.")
                .iter()
                .map(|t| t.0)
                .collect::<Vec<_>>(),
            ["GPU", "CPU", "TPU", "RL", "KL"]
        );
    }

    #[test]
    fn a_plural_in_capitals_of_a_known_acronym_is_that_acronym() {
        let found = acronym_tokens("two GEMMS and GEMM", |w| w == "GEMM");
        assert_eq!(found[0].acronym("two GEMMS and GEMM"), "GEMM");
        assert!(found[0].plural);
    }

    #[test]
    fn slash_and_plus_lists_are_not_shouting() {
        assert_eq!(
            tokens("data for SFT/DPO/RM training, TP + PP + DP")
                .iter()
                .map(|t| t.0)
                .collect::<Vec<_>>(),
            ["SFT", "DPO", "RM", "TP", "PP", "DP"]
        );
    }

    #[test]
    fn file_names_are_not_acronyms() {
        assert_eq!(
            tokens("See RELIABILITY.md, DESIGN.md §3 and LICENSE.txt; PPO.")
                .iter()
                .map(|t| t.0)
                .collect::<Vec<_>>(),
            ["PPO"]
        );
        // A sentence's full stop, or a word after it, is not an extension.
        assert_eq!(tokens("We use PPO.Then DPO.")[0].0, "PPO");
        assert_eq!(tokens("Uses PPO.")[0].0, "PPO");
        assert!(is_file_name(".md"));
        assert!(!is_file_name(".markdown"));
        assert!(!is_file_name(". next"));
    }

    #[test]
    fn shouted_words_are_sorted_for_binary_search() {
        assert!(SHOUTED_WORDS.windows(2).all(|pair| pair[0] < pair[1]));
        // `shouted` looks up only words in capitals.
        assert!(SHOUTED_WORDS
            .iter()
            .all(|w| w.len() >= 2 && !w.bytes().any(|b| b.is_ascii_lowercase())));
    }

    #[test]
    fn roman_numerals() {
        for word in ["II", "III", "IV", "IX", "XIV", "XXXIX"] {
            assert!(is_roman_numeral(word), "{word}");
        }
        for word in ["IIII", "XXXX", "IVX", "MIX", "CLI"] {
            assert!(!is_roman_numeral(word), "{word}");
        }
    }

    #[test]
    fn the_common_list_has_vales_54_and_ours() {
        let common = common_acronyms();
        for word in ["API", "CPU", "JSON", "YAML", "ZIP", "AI", "GB"] {
            assert!(common.contains(word), "{word}");
        }
        // GPU is a glossary entry of familiarity "general": spelled out for a newcomer audience only.
        for word in ["LLM", "GPU"] {
            assert!(!common.contains(word), "{word}");
        }
    }
}
