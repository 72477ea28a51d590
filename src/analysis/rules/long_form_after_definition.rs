//! `long-form-after-definition` (off by default): the long form spelled out again after the document
//! introduced its acronym, in the same section. The fix writes the acronym.

use super::{Code, Finding, Fix, FixAction, Related, Severity, TextEdit};
use crate::analysis::document::{DocumentFacts, LongFormAgain};

pub(super) fn findings(
    text: &str,
    facts: &DocumentFacts,
    line_of: &dyn Fn(usize) -> crate::analysis::LineName,
) -> Vec<Finding> {
    facts
        .long_forms_again
        .iter()
        .filter_map(|again| finding(text, again, line_of))
        .collect()
}

fn finding(
    text: &str,
    again: &LongFormAgain,
    line_of: &dyn Fn(usize) -> crate::analysis::LineName,
) -> Option<Finding> {
    let written = text.get(again.range.clone())?;
    let acronym = &again.acronym;
    let replacement = if again.plural {
        format!("{acronym}s")
    } else {
        acronym.clone()
    };
    let line = line_of(again.definition.start);
    let fixes = (again.editable && article_fits(text.get(..again.range.start)?, acronym))
        .then(|| Fix {
            title: format!("Write `{replacement}`"),
            preferred: true,
            action: FixAction::Edit {
                edits: vec![TextEdit {
                    range: again.range.clone(),
                    replacement: replacement.clone(),
                }],
            },
        })
        .into_iter()
        .collect();
    Some(Finding {
        code: Code::LongFormAfterDefinition,
        severity: Severity::Hint,
        range: again.range.clone(),
        token: written.to_string(),
        acronym: acronym.clone(),
        message: format!("`{acronym}` is defined on {line}: write `{replacement}` here"),
        expansion: Some(written.to_string()),
        related: vec![Related {
            range: again.definition.clone(),
            message: format!("`{acronym}` is defined here"),
            elsewhere: None,
        }],
        fixes,
    })
}

/// Whether an article before the long form still fits the acronym read letter by letter: "a large
/// language model" would become "a LLM", so a fix there is left to the writer. Letters whose names
/// start with a vowel sound take "an" (an LLM, an RL agent, an SFT run).
fn article_fits(before: &str, acronym: &str) -> bool {
    let wants_an = acronym
        .chars()
        .next()
        .is_some_and(|c| "AEFHILMNORSX".contains(c));
    let lower = before.to_ascii_lowercase();
    let word_before = |article: &str| {
        lower
            .strip_suffix(article)
            .is_some_and(|rest| !rest.chars().next_back().is_some_and(char::is_alphanumeric))
    };
    if word_before("an ") {
        wants_an
    } else if word_before("a ") {
        !wants_an
    } else {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::article_fits;

    #[test]
    fn articles_follow_the_letters_sound() {
        assert!(article_fits("Train an ", "LLM"));
        assert!(!article_fits("Train a ", "LLM"));
        assert!(article_fits("Use a ", "GPU"));
        assert!(!article_fits("Use an ", "GPU"));
        assert!(article_fits("Then ", "GPU"));
        assert!(article_fits("Bana ", "LLM"), "not an article");
    }
}
