//! `inconsistent-expansion`: one acronym spelled out two different ways in one document ("RL" as
//! "reinforcement learning" and later as "representation learning"). Differences of case, hyphens and
//! spaces, number and -isation/-ization are the same term ([`same_term`]).
//!
//! Across files (`check` over a folder, the server over its workspace; [`crate::analysis::across`])
//! and within one document, a long form that only adds or drops words, or varies one ("Low-rank
//! adaption", "continuous-time recurrent neural networks with time constants"), names the same term
//! ([`same_expansion`]); one with a word of its own where the other has another ("reinforcement" and
//! "representation learning") names another.
//!
//! A document that spells out an acronym as a term the glossary does not know ("Artificial Neural
//! Network (ANN)" where the glossary knows approximate nearest neighbor) gets no finding: it did what
//! the style guides ask, and on the corpora every such definition was a standard meaning from another
//! field (ANN, PI, FAIR, GDS). Hover then shows the document's meaning without the glossary's entry
//! ([`may_mean`]).

use super::{Acronym, Code, Finding, Related, Severity};
use crate::analysis::definitions::DefinitionForm;
use crate::analysis::document::Definition;
use crate::glossary::Entry;

/// A finding at the first definition whose long form is another term than the first definition's.
pub(super) fn finding(subject: &Acronym) -> Option<Finding> {
    within_document(subject)
}

/// Whether `long_form` may be what `entry` means: one of its forms (expansion, name, aliases) shares
/// a word with it ([`same_meaning`]).
pub fn may_mean(long_form: &str, entry: &Entry) -> bool {
    entry
        .expansion
        .iter()
        .chain(std::iter::once(&entry.name))
        .chain(&entry.aliases)
        .any(|form| same_meaning(long_form, form))
}

/// A finding at the first definition whose long form is another term than the first definition's.
fn within_document(subject: &Acronym) -> Option<Finding> {
    let Acronym {
        acronym,
        defs,
        line_of,
        ..
    } = *subject;
    // Someone else's words (a quoted abstract) may spell it out as they like.
    let mut own = defs.iter().filter(|d| !d.quoted);
    let first: &Definition = own.next()?;
    let other: &Definition = own.find(|d| !same_expansion(&d.long_form, &first.long_form))?;
    let line = line_of(first.acronym_range.start);
    // An `<abbr title="…">` element's long form is an attribute, not text the reader sees: the
    // finding goes to the element's text.
    let range = if other.form == DefinitionForm::AbbrElement {
        other.acronym_range.clone()
    } else {
        other.long_form_range.clone()
    };
    Some(Finding {
        code: Code::InconsistentExpansion,
        severity: Severity::Warning,
        range,
        token: other.written.clone(),
        acronym: acronym.to_string(),
        message: format!(
            "`{acronym}` is spelled out as “{}” here but as “{}” on {line}",
            other.long_form, first.long_form
        ),
        expansion: Some(other.long_form.clone()),
        related: vec![Related {
            range: first.long_form_range.clone(),
            message: format!("`{acronym}` is spelled out as “{}” here", first.long_form),
            elsewhere: None,
        }],
        fixes: Vec::new(),
    })
}

/// Whether two long forms name the same term in the same words: the same words but for capitals,
/// hyphens and spaces ("Fine-Tuning", "fine tuning", "finetuning"), a plural ("large language models")
/// and British spelling ("optimisation").
pub fn same_term(a: &str, b: &str) -> bool {
    term_key(a) == term_key(b)
}

/// Whether two long forms of one acronym name the same term: [`same_term`], or every meaningful word
/// of the one with fewer is one of the other's, by stem ("Low-rank adaption", "Low-Rank Adaptation";
/// "Izhikevich spiking network", "Izhikevich Spiking Neural Networks"). "Reinforcement learning" and
/// "representation learning" are two terms.
pub fn same_expansion(a: &str, b: &str) -> bool {
    // A document repeats its long forms word for word: those need no normal form.
    if a == b || same_term(a, b) {
        return true;
    }
    let (words_a, words_b) = (content_words(a), content_words(b));
    let (fewer, more) = if words_a.len() <= words_b.len() {
        (&words_a, &words_b)
    } else {
        (&words_b, &words_a)
    };
    let key = term_key(if words_a.len() <= words_b.len() { b } else { a });
    !fewer.is_empty()
        && fewer.iter().all(|w| {
            more.iter().any(|m| same_stem(w, m)) || (w.len() >= 4 && key.contains(w.as_str()))
        })
}

/// Whether `written` is `right` misspelled: the same letters, case, spaces and punctuation aside, but
/// for a slip or two (a letter wrong, missing, extra, or two swapped), at most one per six letters.
/// "Killback-Liebler" and "Kullback-Liebler" are Kullback–Leibler; "Retrieval Augmented Gen" is the
/// writer's own shortening of retrieval-augmented generation, not a slip.
pub fn misspells(written: &str, right: &str) -> bool {
    let letters = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let (written, right) = (letters(written), letters(right));
    let slips = strsim::damerau_levenshtein(&written, &right);
    slips > 0 && slips * 6 <= right.chars().count()
}

/// Whether a word of `written` is a word of `right` with a slip of the hand in it ([`slips`]).
pub fn holds_a_slip(written: &str, right: &str) -> bool {
    !slips(written, right).is_empty()
}

/// The words of `written` that are words of `right` with a slip of the hand in them, each with its
/// byte range in `written` and the word of `right` it slips from (in lower case): one letter typed
/// for another or two letters swapped ("Adoptation" for "Adaptation", "Liebler" for "Leibler"), or a
/// letter doubled or a double typed single ("Trainning", "Embeding"), in words of five letters or
/// more. Another letter added or dropped is not counted ("Adaption", "neighbour"), nor British
/// spelling ("optimise", "centre", "modelling", "focussed"): those are the writer's choices as often
/// as slips.
pub fn slips(written: &str, right: &str) -> Vec<(std::ops::Range<usize>, String)> {
    let words = |s: &str| -> Vec<(std::ops::Range<usize>, Vec<char>)> {
        let mut out = Vec::new();
        let mut start = None;
        for (at, c) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
            match (c.is_alphanumeric(), start) {
                (true, None) => start = Some(at),
                (false, Some(from)) => {
                    let word: Vec<char> = s
                        .get(from..at)
                        .unwrap_or_default()
                        .chars()
                        .flat_map(char::to_lowercase)
                        .collect();
                    if word.len() >= 5 {
                        out.push((from..at, word));
                    }
                    start = None;
                }
                _ => {}
            }
        }
        out
    };
    let right = words(right);
    words(written)
        .into_iter()
        .filter_map(|(range, w)| {
            let slipped_from = right.iter().find(|(_, r)| is_slip(&w, r))?;
            Some((range, slipped_from.1.iter().collect()))
        })
        .collect()
}

/// Whether the word `w` is `r` with one slip of the hand (see [`slips`]); both in lower case.
fn is_slip(w: &[char], r: &[char]) -> bool {
    if w.len() == r.len() {
        let mut differ = w.iter().zip(r).filter(|(a, b)| a != b);
        let british = differ
            .clone()
            .all(|pair| matches!(pair, ('s', 'z') | ('z', 's')))
            || (w.ends_with(&['r', 'e']) && r.ends_with(&['e', 'r']));
        return differ.next().is_some()
            && !british
            && strsim::generic_damerau_levenshtein(w, r) == 1;
    }
    let (long, short) = if w.len() > r.len() { (w, r) } else { (r, w) };
    if long.len() != short.len() + 1 {
        return false;
    }
    // Where the two part: the longer word's letter there must be one of a double ("nn" in
    // "trainning") and the rest the same. A double "l" or "s" is spelling, not a slip
    // ("modelling", "focussed").
    let at = long.iter().zip(short).take_while(|(a, b)| a == b).count();
    let doubled = long.get(at).is_some_and(|c| {
        !matches!(c, 'l' | 's')
            && (long.get(at + 1) == Some(c)
                || at.checked_sub(1).and_then(|b| long.get(b)) == Some(c))
    });
    doubled && long.get(at + 1..) == short.get(at..)
}

/// Whether two long forms may name the same thing: they share a word that is not a function word
/// ("of", "the", …), comparing words singular, in American spelling and by their stem (a common
/// start of five letters or more: "parallel", "parallelism"), or one's letters hold a word of the
/// other ("finetuning", "fine-tuning"). Looser than [`same_term`] on purpose: it only keeps apart terms
/// with nothing in common, such as "data parallelism" and "differential privacy".
pub fn same_meaning(a: &str, b: &str) -> bool {
    if same_term(a, b) {
        return true;
    }
    let (words_a, words_b) = (content_words(a), content_words(b));
    let (key_a, key_b) = (term_key(a), term_key(b));
    words_a
        .iter()
        .any(|wa| words_b.iter().any(|wb| same_stem(wa, wb)))
        || words_a
            .iter()
            .any(|w| w.len() >= 4 && key_b.contains(w.as_str()))
        || words_b
            .iter()
            .any(|w| w.len() >= 4 && key_a.contains(w.as_str()))
}

/// Words that say nothing of what a term is about.
const FUNCTION_WORDS: [&str; 16] = [
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the", "to",
    "with",
];

/// The words of a long form that carry meaning, in [`term_key`]'s normal form.
fn content_words(long_form: &str) -> Vec<String> {
    long_form
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(term_key)
        .filter(|w| w.len() >= 2 && !FUNCTION_WORDS.contains(&w.as_str()))
        .collect()
}

/// The same word, or two words with a common start of five letters or more.
fn same_stem(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    common >= 5
}

/// The letters and digits of a long form in lower case, each word singular and in American spelling.
pub fn term_key(long_form: &str) -> String {
    term_words(long_form).concat()
}

/// The words of a long form in lower case, each singular and in American spelling.
fn term_words(long_form: &str) -> Vec<String> {
    long_form
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|word| {
            let word = word.to_lowercase().replace("isation", "ization");
            match word.strip_suffix('s') {
                Some(stem) if stem.chars().count() >= 3 && !stem.ends_with('s') => stem.to_string(),
                _ => word,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slip_or_two_misspells_a_long_form_other_words_do_not() {
        assert!(misspells("Killback-Liebler", "Kullback–Leibler"));
        assert!(misspells("Kullback-Liebler", "Kullback–Leibler"));
        assert!(misspells("reinforcment learning", "reinforcement learning"));
        assert!(!misspells("Kullback–Leibler", "Kullback–Leibler"));
        assert!(!misspells(
            "Retrieval Augmented Gen",
            "retrieval-augmented generation"
        ));
        assert!(!misspells("data parallel", "data parallelism"));
        assert!(!misspells(
            "Rotary Positional Encoding",
            "Rotary Position Embedding"
        ));
        assert!(!misspells("ROPE", "RoPE"));
    }

    #[test]
    fn a_word_typed_wrong_is_a_slip_a_choice_of_spelling_is_not() {
        assert!(holds_a_slip(
            "Low Rank Adoptation of LLM Models",
            "Low-Rank Adaptation"
        ));
        assert!(holds_a_slip("Kullback-Liebler", "Kullback–Leibler"));
        assert!(!holds_a_slip("Low-rank Adaptation", "Low-Rank Adaptation"));
        assert!(!holds_a_slip(
            "Direct Preference Optimisation",
            "direct preference optimization"
        ));
        assert!(!holds_a_slip(
            "approximate nearest neighbour",
            "approximate nearest neighbor"
        ));
        assert!(!holds_a_slip("centre of mass", "center of mass"));
        assert!(!holds_a_slip(
            "Rotary Positional Encoding",
            "Rotary Position Embedding"
        ));
        assert!(!holds_a_slip("Low-Rank Adaption", "Low-Rank Adaptation"));
        assert!(!holds_a_slip("mixture of expert", "mixture of experts"));
        assert!(holds_a_slip(
            "Quantization-Aware Trainning",
            "quantization-aware training"
        ));
        assert!(holds_a_slip("Token Embeding", "token embedding"));
        assert!(!holds_a_slip("neural modelling", "neural modeling"));
        assert!(!holds_a_slip("focussed attention", "focused attention"));
        assert!(!holds_a_slip("Trainings", "training"));
    }

    #[test]
    fn a_slip_names_its_word_and_where_it_stands() {
        assert_eq!(
            slips("Low Rank Adoptation of LLM Models", "Low-Rank Adaptation"),
            vec![(9..19, "adaptation".to_string())]
        );
        assert_eq!(
            slips("Kullback-Liebler", "Kullback–Leibler"),
            vec![(9..16, "leibler".to_string())]
        );
        assert!(slips("Kullback–Leibler", "Kullback–Leibler").is_empty());
    }

    #[test]
    fn case_hyphens_spaces_number_and_british_spelling_are_one_term() {
        assert!(same_term(
            "Reinforcement Learning",
            "reinforcement-learning"
        ));
        assert!(same_term("fine-tuning", "finetuning"));
        assert!(same_term("large language model", "Large Language Models"));
        assert!(same_term(
            "Proximal Policy Optimisation",
            "proximal policy optimization"
        ));
        assert!(!same_term("data parallelism", "differential privacy"));
        assert!(!same_term(
            "reinforcement learning",
            "representation learning"
        ));
    }

    #[test]
    fn a_long_form_that_adds_drops_or_varies_words_is_the_same_expansion() {
        for (a, b) in [
            ("Low-rank adaption", "Low-Rank Adaptation"),
            (
                "Continuous-Time Recurrent Neural Networks with time constants",
                "continuous-time recurrent neural network",
            ),
            (
                "Izhikevich Spiking Neural Networks",
                "Izhikevich Spiking Network",
            ),
            ("backpropagation algorithm", "Backpropagation"),
            (
                "Low-Rank Adaptation",
                "low-rank adaptation of large language models",
            ),
            ("fine tuning", "finetuning"),
            (
                "policy optimization, proximal",
                "Proximal Policy Optimisation",
            ),
        ] {
            assert!(same_expansion(a, b), "{a} / {b}");
            assert!(same_expansion(b, a), "{b} / {a}");
        }
        for (a, b) in [
            ("reinforcement learning", "representation learning"),
            ("data parallelism", "differential privacy"),
            ("data parallelism", "distributed parallelism"),
        ] {
            assert!(!same_expansion(a, b), "{a} / {b}");
        }
    }

    #[test]
    fn variants_of_a_term_may_mean_it_and_terms_with_nothing_in_common_may_not() {
        for (a, b) in [
            (
                "Low-Rank Adaptation",
                "low-rank adaptation of large language models",
            ),
            ("data parallelism", "Data-Parallel training"),
            ("supervised fine-tuning", "Supervised Finetuning"),
            ("key-value", "key–value"),
            (
                "Proximal Policy Optimisation",
                "proximal policy optimization",
            ),
            ("mixture of experts", "Mixture-of-Expert layers"),
            (
                "retrieval-augmented generation",
                "generation augmented by retrieval",
            ),
            (
                "direct preference optimization",
                "Direct Policy Optimisation",
            ),
        ] {
            assert!(same_meaning(a, b), "{a} / {b}");
            assert!(same_meaning(b, a), "{b} / {a}");
        }
        for (a, b) in [
            ("data parallelism", "differential privacy"),
            ("reinforcement learning", "rate limiting"),
            ("pipeline parallelism", "perplexity"),
            ("the state of the art", "on a role"),
        ] {
            assert!(!same_meaning(a, b), "{a} / {b}");
        }
    }
}
