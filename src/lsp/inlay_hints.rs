//! Inlay hints: an acronym's expansion after its uses, " (Proximal Policy Optimization)".
//!
//! The config's `inlay-hints` chooses which uses: `undefined` (the default: uses before the document
//! defines the acronym, or all of them when it never does), `all`, or `off`. The expansion is the
//! document's own definition when it has one, else the glossary's. No hint is shown where the expansion
//! already stands beside the acronym (a definition, "Group Relative Policy Optimization (GRPO)" or
//! "GRPO (Group Relative Policy Optimization)", recognised or not), in headings and names (the engine's
//! [`Place`]s: "### Reinforcement Learning (GRPO)", "Mixtral-MoE"), where the writer turned checking
//! off (`<!-- glossary-ls-disable -->`), on acronyms inside a longer glossary
//! term ("KV" of "KV cache"), on universally known acronyms (API, CPU: no reader needs them spelled
//! out), on acronyms the project's `audience` knows (GPU and FP16 for a practitioner, LLM for an
//! expert), or on ignored tokens.

use std::ops::Range;

use ropey::Rope;
use tower_lsp_server::ls_types::{InlayHint, InlayHintLabel};

use super::documents::Snapshot;
use super::encoding::{position_of, Encoding};
use crate::analysis::{AcronymStatus, Place};
use crate::config::InlayHintMode;
use crate::glossary::Kind;

/// The hints whose position lies in the byte range `within`.
pub fn inlay_hints(
    snapshot: &Snapshot,
    within: Range<usize>,
    encoding: Encoding,
) -> Vec<InlayHint> {
    let mode = snapshot.project.config.inlay_hints;
    if mode == InlayHintMode::Off {
        return Vec::new();
    }
    let analysis = &snapshot.analysis;
    let entries = snapshot.project.glossary.entries();
    let first = analysis
        .acronyms
        .partition_point(|a| a.range.end < within.start);
    let mut hints = Vec::new();
    let mut meaning_of: rustc_hash::FxHashMap<&str, Vec<&crate::glossary::Entry>> =
        rustc_hash::FxHashMap::default();
    // One reading of the document for every acronym of several meanings in the range, and none when
    // there is no such acronym (the document is read the first time one asks).
    let written = super::hover::written_in(&snapshot.rope);
    let document = super::hover::meanings_document(snapshot, &written);
    for token in analysis.acronyms.get(first..).unwrap_or_default() {
        if token.range.end > within.end {
            break;
        }
        let skipped = matches!(token.status, AcronymStatus::Ignored | AcronymStatus::Common);
        let audience = snapshot.project.settings.audience;
        let known_to_audience = token
            .entry
            .and_then(|e| entries.get(e))
            .is_some_and(|e| e.kind == Kind::Acronym && !e.must_spell_out_for(audience));
        // A heading is not running text, and the part of a name ("Mixtral-MoE") is not a use.
        let place = token.surroundings.place;
        if token.defining
            || skipped
            || known_to_audience
            || matches!(place, Place::Heading | Place::Name | Place::Off)
        {
            continue;
        }
        let inside_longer_term = {
            let i = analysis
                .terms
                .partition_point(|t| t.range.start <= token.range.start);
            analysis
                .terms
                .get(..i)
                .unwrap_or_default()
                .iter()
                .rev()
                .take(4)
                .any(|t| t.range.end >= token.range.end && t.range.len() > token.range.len())
        };
        if inside_longer_term {
            continue;
        }
        let definition = analysis.definition_of(&token.acronym);
        if mode == InlayHintMode::Undefined {
            let defined_here = definition
                .is_some_and(|d| d.whole_document || d.acronym_range.start < token.range.start);
            if defined_here {
                continue;
            }
        }
        // Of an acronym the glossary gives several meanings, the one the document's words pick;
        // none when they do not say (the hover lists them).
        let entry = token.entry.and_then(|e| entries.get(e)).and_then(|entry| {
            let meanings = meaning_of
                .entry(&*token.acronym)
                .or_insert_with(|| super::hover::meanings_in(snapshot, &document, entry));
            match meanings.as_slice() {
                [meaning] => Some(*meaning),
                _ => None,
            }
        });
        let glossary_expansion = entry.and_then(|e| e.expansion.as_deref());
        let expansion = definition
            .map(|d| d.long_form.as_str())
            .or(glossary_expansion);
        let Some(expansion) = expansion.filter(|x| !x.is_empty() && **x != *token.acronym) else {
            continue;
        };
        if std::iter::once(expansion)
            .chain(glossary_expansion)
            .any(|x| stands_beside(&snapshot.rope, &token.range, x))
        {
            continue;
        }
        hints.push(InlayHint {
            position: position_of(&snapshot.rope, token.range.end, encoding),
            label: InlayHintLabel::String(format!("({expansion})")),
            kind: None,
            text_edits: None,
            tooltip: None,
            padding_left: Some(true),
            padding_right: None,
            data: None,
        });
    }
    hints
}

/// Whether `expansion` is written right before or right after the acronym at byte `range` of the
/// text, with nothing but brackets, emphasis, quotes, a colon, a comma or a dash between them, as in a
/// definition: "Low-Rank Adaptation (LoRA)", "LoRA (Low-Rank Adaptation)", "**Low-Rank Adaptation**
/// (LoRA)", "LoRA: Low-Rank Adaptation of …". Compared ignoring case, with hyphens and line breaks
/// read as spaces; a sentence end between the two ("… GRPO. Group Relative …") keeps them apart.
fn stands_beside(rope: &Rope, range: &Range<usize>, expansion: &str) -> bool {
    let normal = |s: String| -> String {
        s.chars()
            .map(|c| match c {
                '-' | '\n' | '\r' | '\t' => ' ',
                c => c.to_ascii_lowercase(),
            })
            .collect()
    };
    let between = |c: char| " ([,:—–*_`\"“”'".contains(c);
    let wanted = normal(expansion.to_string());
    let reach = expansion.chars().count() + 8;
    let start = rope.byte_to_char(range.start.min(rope.len_bytes()));
    let end = rope.byte_to_char(range.end.min(rope.len_bytes()));
    let before = normal(rope.slice(start.saturating_sub(reach)..start).to_string());
    let after = normal(
        rope.slice(end..(end + reach).min(rope.len_chars()))
            .to_string(),
    );
    before.trim_end_matches(between).ends_with(&wanted)
        || after.trim_start_matches(between).starts_with(&wanted)
}
