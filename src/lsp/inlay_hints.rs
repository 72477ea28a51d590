//! Inlay hints: an acronym's expansion after its uses, " (Proximal Policy Optimization)".
//!
//! The config's `inlay-hints` chooses which uses: `all`, `undefined` (uses before the document defines
//! the acronym, or all of them when it never does), or `off`. The expansion is the document's own
//! definition when it has one, else the glossary's. No hint is shown on the acronym of a definition
//! itself, on acronyms inside a longer glossary term ("KV" of "KV cache"), on universally known
//! acronyms (API, CPU: no reader needs them spelled out), on acronyms the project's `audience` knows
//! (GPU and FP16 for a practitioner, LLM for an expert), or on ignored tokens.

use std::ops::Range;

use tower_lsp_server::ls_types::{InlayHint, InlayHintLabel};

use super::documents::Snapshot;
use super::encoding::{position_of, Encoding};
use crate::analysis::AcronymStatus;
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
        if token.defining || skipped || known_to_audience {
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
        let expansion = definition.map(|d| d.long_form.as_str()).or_else(|| {
            token
                .entry
                .and_then(|e| entries.get(e))
                .and_then(|e| e.expansion.as_deref())
        });
        let Some(expansion) = expansion.filter(|x| !x.is_empty() && *x != token.acronym) else {
            continue;
        };
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
