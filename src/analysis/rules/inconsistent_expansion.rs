//! `inconsistent-expansion`: one acronym spelled out two different ways in one document ("RL" as
//! "reinforcement learning" and later as "representation learning"). Differences of case, hyphens and
//! spaces, number and -isation/-ization are the same term ([`same_term`]).

use super::{Acronym, Code, Finding, Related, Severity};
use crate::analysis::definitions::DefinitionForm;
use crate::analysis::document::Definition;

/// A finding at the first definition whose long form is another term than the first definition's.
pub(super) fn finding(subject: &Acronym) -> Option<Finding> {
    let Acronym {
        acronym,
        defs,
        line_of,
        ..
    } = *subject;
    // Someone else's words (a quoted abstract) may spell it out as they like.
    let mut own = defs.iter().filter(|d| !d.quoted);
    let first: &Definition = own.next()?;
    let other: &Definition = own.find(|d| !same_term(&d.long_form, &first.long_form))?;
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
            "`{acronym}` is spelled out as “{}” here but as “{}” on line {line}",
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

/// Whether two long forms name the same term: the same words but for capitals, hyphens and spaces
/// ("Fine-Tuning", "fine tuning", "finetuning"), a plural ("large language models") and British
/// spelling ("optimisation"); or one is the other with words left out, the first word kept
/// ("Izhikevich Spiking Network" and "Izhikevich Spiking Neural Networks", "backpropagation" and
/// "backpropagation algorithm"): both fit the same acronym, so the words one adds are qualifiers a
/// reader skips, not another meaning.
pub fn same_term(a: &str, b: &str) -> bool {
    if same_wording(a, b) {
        return true;
    }
    let (a, b) = (term_words(a), term_words(b));
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    !short.is_empty() && short.first() == long.first() && {
        let mut rest = long.iter();
        short.iter().all(|word| rest.any(|w| w == word))
    }
}

/// Whether two long forms are the same words but for capitals, hyphens and spaces, number and British
/// spelling.
pub fn same_wording(a: &str, b: &str) -> bool {
    term_key(a) == term_key(b)
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
    fn a_long_form_with_words_left_out_is_the_same_term() {
        assert!(same_term(
            "Izhikevich Spiking Network",
            "Izhikevich Spiking Neural Networks"
        ));
        assert!(same_term("Backpropagation", "backpropagation algorithm"));
        assert!(!same_wording(
            "Backpropagation",
            "backpropagation algorithm"
        ));
        // Another first word is another term, even when the rest is the same.
        assert!(!same_term(
            "direct preference optimization",
            "distilled direct preference optimization"
        ));
        assert!(!same_term("data parallelism", "data privacy"));
    }
}
