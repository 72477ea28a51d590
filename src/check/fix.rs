//! `check --fix`: apply each finding's preferred edit; the run writes the file back atomically
//! ([`crate::fs::write_atomically`]).
//!
//! Only [`FixAction::Edit`] fixes marked `preferred` are applied; adding a token to the ignore list
//! changes the project's config, which is a decision for a person, not for a batch run.
//!
//! A fix is applied whole or not at all: a fix that moves a definition deletes it in one place and
//! writes it in another, and half of that would damage the text. Fixes are taken from the end of the
//! text towards its start, and one whose edits overlap an edit already taken is skipped (the next run
//! of `check` reports what is left). Edits that do not fit the text (past its end, inside a
//! character, overlapping each other) are skipped rather than trusted.

use std::ops::Range;

use crate::analysis::{Finding, FixAction, TextEdit};

/// The text with the preferred edit fixes of `findings` applied, and how many fixes were applied.
pub fn apply(text: &str, findings: &[Finding]) -> (String, usize) {
    let mut fixes: Vec<&[TextEdit]> = findings
        .iter()
        .filter_map(|finding| {
            finding.fixes.iter().find_map(|fix| match &fix.action {
                FixAction::Edit { edits } if fix.preferred && !edits.is_empty() => {
                    Some(edits.as_slice())
                }
                _ => None,
            })
        })
        .filter(|edits| well_formed(text, edits))
        .collect();
    // From the end: the fix whose first edit starts last goes first.
    fixes.sort_by_key(|edits| std::cmp::Reverse(first_start(edits)));
    let mut taken: Vec<&TextEdit> = Vec::new();
    let mut applied = 0;
    for edits in fixes {
        let clashes = edits
            .iter()
            .any(|edit| taken.iter().any(|done| overlap(&edit.range, &done.range)));
        if !clashes {
            taken.extend(edits);
            applied += 1;
        }
    }
    // Apply from the end so that earlier offsets stay valid.
    taken.sort_by_key(|edit| std::cmp::Reverse((edit.range.start, edit.range.end)));
    let mut out = text.to_string();
    for edit in taken {
        out.replace_range(edit.range.clone(), &edit.replacement);
    }
    (out, applied)
}

fn first_start(edits: &[TextEdit]) -> usize {
    edits.iter().map(|edit| edit.range.start).min().unwrap_or(0)
}

/// Every edit lies inside the text on character boundaries, and no two of them overlap.
fn well_formed(text: &str, edits: &[TextEdit]) -> bool {
    let inside = edits.iter().all(|edit| {
        edit.range.start <= edit.range.end
            && text.is_char_boundary(edit.range.start)
            && text.is_char_boundary(edit.range.end)
    });
    inside
        && edits.iter().enumerate().all(|(i, a)| {
            edits
                .get(i + 1..)
                .unwrap_or_default()
                .iter()
                .all(|b| !overlap(&a.range, &b.range))
        })
}

/// Whether two edits touch the same text. Two insertions at one point clash (their order would be a
/// guess); an insertion clashes with a replacement only strictly inside it.
fn overlap(a: &Range<usize>, b: &Range<usize>) -> bool {
    match (a.is_empty(), b.is_empty()) {
        (true, true) => a.start == b.start,
        (true, false) => b.start < a.start && a.start < b.end,
        (false, true) => a.start < b.start && b.start < a.end,
        (false, false) => a.start < b.end && b.start < a.end,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Code, Fix, Severity};

    fn edit(range: Range<usize>, replacement: &str) -> TextEdit {
        TextEdit {
            range,
            replacement: replacement.to_string(),
        }
    }

    fn finding(fixes: Vec<Fix>) -> Finding {
        Finding {
            code: Code::AcronymNotSpelledOut,
            severity: Severity::Warning,
            range: 0..0,
            token: "X".into(),
            acronym: "X".into(),
            message: "m".into(),
            expansion: None,
            related: Vec::new(),
            fixes,
        }
    }

    fn edit_fix(preferred: bool, edits: Vec<TextEdit>) -> Fix {
        Fix {
            title: "t".into(),
            preferred,
            action: FixAction::Edit { edits },
        }
    }

    #[test]
    fn preferred_edits_apply_from_the_end() {
        let text = "Most MoE models run on a GPU; 中 PPO too.";
        let findings = [
            finding(vec![edit_fix(
                true,
                vec![edit(5..8, "Mixture of Experts (MoE)")],
            )]),
            finding(vec![edit_fix(
                true,
                vec![edit(34..37, "Proximal Policy Optimization (PPO)")],
            )]),
        ];
        let (fixed, applied) = apply(text, &findings);
        assert_eq!(
            fixed,
            "Most Mixture of Experts (MoE) models run on a GPU; 中 Proximal Policy Optimization (PPO) too."
        );
        assert_eq!(applied, 2);
    }

    #[test]
    fn ignore_token_fixes_and_fixes_not_preferred_are_not_applied() {
        let text = "We use FOO.";
        let findings = [
            finding(vec![
                Fix {
                    title: "Ignore".into(),
                    preferred: true,
                    action: FixAction::IgnoreToken {
                        token: "FOO".into(),
                    },
                },
                edit_fix(false, vec![edit(7..10, "Foo Object (FOO)")]),
            ]),
            finding(Vec::new()),
        ];
        assert_eq!(apply(text, &findings), (text.to_string(), 0));
    }

    #[test]
    fn a_fix_overlapping_one_already_taken_is_skipped_whole() {
        let text = "aaa bbb ccc";
        let findings = [
            // Considered last (it starts first); its second edit clashes with the CCC fix, so none of it applies.
            finding(vec![edit_fix(
                true,
                vec![edit(0..3, "AAA"), edit(9..11, "CC")],
            )]),
            finding(vec![edit_fix(true, vec![edit(8..11, "CCC")])]),
            finding(vec![edit_fix(true, vec![edit(4..4, "new ")])]),
        ];
        let (fixed, applied) = apply(text, &findings);
        assert_eq!(fixed, "aaa new bbb CCC");
        assert_eq!(applied, 2);
    }

    #[test]
    fn a_move_applies_both_edits() {
        // "move the definition to the first use": insert at the use, delete the later definition.
        let text = "Use DPO. Later, Direct Preference Optimization (DPO) won.";
        let findings = [finding(vec![edit_fix(
            true,
            vec![
                edit(4..7, "Direct Preference Optimization (DPO)"),
                edit(16..52, "DPO"),
            ],
        )])];
        assert_eq!(
            apply(text, &findings).0,
            "Use Direct Preference Optimization (DPO). Later, DPO won."
        );
    }

    #[test]
    fn edits_that_do_not_fit_the_text_are_skipped() {
        let text = "é MoE";
        let findings = [
            finding(vec![edit_fix(true, vec![edit(1..2, "x")])]),
            finding(vec![edit_fix(true, vec![edit(3..99, "x")])]),
            finding(vec![edit_fix(true, vec![edit(3..5, "x"), edit(4..6, "y")])]),
        ];
        assert_eq!(apply(text, &findings), (text.to_string(), 0));
    }

    #[test]
    fn insertions_at_one_point_clash_but_touching_edits_do_not() {
        assert!(overlap(&(3..3), &(3..3)));
        assert!(overlap(&(3..3), &(1..5)));
        assert!(!overlap(&(3..3), &(3..5)));
        assert!(!overlap(&(1..3), &(3..5)));
        assert!(overlap(&(1..4), &(3..5)));
    }
}
