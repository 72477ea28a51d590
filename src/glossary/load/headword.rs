//! A glossary headword as documentation projects write it, turned into an entry: "masked language
//! modeling (MLM)" carries its acronym; "GPU" whose definition is "Graphics Processing Unit" is one
//! too; anything else is a term.

use crate::glossary::{Entry, Kind, Origin};
use crate::text::acronym::{expansion_fits, has_two_capitals, is_acronym_like};

/// The entry for a headword and its definition (both already trimmed, the definition not empty).
pub fn entry(headword: &str, definition: &str) -> Entry {
    let mut entry = match carried_acronym(headword) {
        Some((long, acronym)) => {
            let mut entry = Entry::new(long, definition);
            entry.kind = Kind::Acronym;
            entry.acronym = Some(acronym.to_string());
            entry.expansion = Some(long.to_string());
            entry
        }
        None if is_acronym_like(headword) && is_expansion(headword, definition) => {
            let mut entry = Entry::new(headword, definition);
            entry.kind = Kind::Acronym;
            entry.acronym = Some(headword.to_string());
            entry.expansion = Some(definition.trim_end_matches('.').to_string());
            entry
        }
        None => Entry::new(headword, definition),
    };
    entry.origin = Origin::User;
    entry
}

/// `long form (ACR)` → `("long form", "ACR")`, when the part in parentheses has an acronym's shape.
fn carried_acronym(headword: &str) -> Option<(&str, &str)> {
    let inner = headword.strip_suffix(')')?;
    let open = inner.rfind('(')?;
    let acronym = inner.get(open + 1..)?.trim();
    let long = inner.get(..open)?.trim();
    let shaped = is_acronym_like(acronym) || has_two_capitals(acronym);
    (shaped && !long.is_empty() && !acronym.contains(' ')).then_some((long, acronym))
}

/// Whether a definition is only the acronym's expansion ("Graphics Processing Unit").
fn is_expansion(acronym: &str, definition: &str) -> bool {
    let definition = definition.trim_end_matches('.');
    !definition.contains(['.', ':', ';', ',']) && expansion_fits(acronym, definition)
}

/// Inline markup of reStructuredText and MyST reduced to its text: `` :term:`nodes <node>` `` →
/// "nodes", `` {term}`LLM` `` → "LLM", so that a hover reads as prose.
pub fn plain_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(tick) = rest.find('`') {
        let before = rest.get(..tick).unwrap_or_default();
        let role_start = role_start(before);
        out.push_str(before.get(..role_start).unwrap_or_default());
        let after = rest.get(tick + 1..).unwrap_or_default();
        let Some(close) = after.find('`') else {
            out.push_str(rest.get(role_start..).unwrap_or_default());
            return out;
        };
        let inner = after.get(..close).unwrap_or_default();
        if role_start < before.len() {
            // A role: its text without the target.
            let shown = match inner.rfind(" <") {
                Some(at) if inner.ends_with('>') => inner.get(..at).unwrap_or(inner),
                _ => inner,
            };
            out.push_str(shown);
        } else {
            out.push('`');
            out.push_str(inner);
            out.push('`');
        }
        rest = after.get(close + 1..).unwrap_or_default();
        rest = rest.strip_prefix('_').unwrap_or(rest);
    }
    out.push_str(rest);
    out
}

/// Where a role written just before a backtick starts (`:term:` or `{term}`), or `before.len()`.
fn role_start(before: &str) -> usize {
    let bytes = before.as_bytes();
    let name_ok = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.');
    match bytes.last() {
        Some(b':') => {
            let head = bytes.get(..bytes.len() - 1).unwrap_or_default();
            let name_len = head
                .iter()
                .rev()
                .take_while(|b| name_ok(b) && **b != b':')
                .count();
            let at = head.len() - name_len;
            match at.checked_sub(1) {
                Some(colon) if name_len > 0 && head.get(colon) == Some(&b':') => colon,
                _ => before.len(),
            }
        }
        Some(b'}') => match before.rfind('{') {
            Some(open)
                if before
                    .get(open + 1..before.len() - 1)
                    .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| name_ok(&b))) =>
            {
                open
            }
            _ => before.len(),
        },
        _ => before.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headwords_carry_acronyms() {
        let e = entry("masked language modeling (MLM)", "A pretraining task.");
        assert_eq!(e.name, "masked language modeling");
        assert_eq!(e.acronym.as_deref(), Some("MLM"));
        assert_eq!(e.expansion.as_deref(), Some("masked language modeling"));
        assert_eq!(e.kind, Kind::Acronym);
        let e = entry("GPU", "Graphics Processing Unit.");
        assert_eq!(e.expansion.as_deref(), Some("Graphics Processing Unit"));
        let e = entry(
            "CTRNN",
            "A network whose nodes evolve in continuous time, as in the paper.",
        );
        assert_eq!((e.kind, e.acronym), (Kind::Term, None));
        let e = entry("activation function (see node)", "x");
        assert_eq!(e.kind, Kind::Term);
    }

    #[test]
    fn roles_become_their_text() {
        assert_eq!(
            plain_inline(
                "the :term:`nodes <node>` of a :term:`genome`, see {term}`LLM` and `code`"
            ),
            "the nodes of a genome, see LLM and `code`"
        );
        assert_eq!(
            plain_inline("a `link <http://x>`_ here"),
            "a `link <http://x>` here"
        );
        assert_eq!(plain_inline("open ` tick"), "open ` tick");
    }
}
