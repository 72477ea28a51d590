//! Go to definition, references and document highlight.
//!
//! Definition of an acronym is its definition in the document ("Group Relative Policy Optimization
//! (GRPO)"), else the entry in the project glossary file that defines it. References and highlights
//! are the occurrences of the term under the cursor: the uses of the same acronym and of the same
//! glossary entry.

use std::ops::Range;

use tower_lsp_server::ls_types::{
    DocumentHighlight, DocumentHighlightKind, Location, Position, Range as LspRange, Uri,
};

use super::coordinates::{Coordinates, Moved};
use super::documents::Snapshot;
use super::encoding::position_of_line_column;
use super::hover::{target_at, Target};
use crate::glossary::load::{read_text, MAX_GLOSSARY_BYTES};

/// Where the term at `offset` is defined (`None`: nowhere); [`Moved`] when the term or its definition
/// in the document cannot be placed in the current text.
pub fn definition(
    snapshot: &Snapshot,
    uri: &Uri,
    offset: usize,
    coordinates: &Coordinates,
) -> Result<Option<Location>, Moved> {
    let analysis = &snapshot.analysis;
    let Some(target) = target_at(analysis, offset) else {
        return Ok(None);
    };
    // An edit next to the term may have made another word of it.
    coordinates.bytes(target.range())?;
    if let Target::Acronym {
        definition: Some(definition),
        ..
    } = &target
    {
        return Ok(Some(Location::new(
            uri.clone(),
            coordinates.range(definition.span.clone())?,
        )));
    }
    Ok(glossary_definition(snapshot, &target, coordinates))
}

/// Where the project glossary file defines the target's entry.
fn glossary_definition(
    snapshot: &Snapshot,
    target: &Target<'_>,
    coordinates: &Coordinates,
) -> Option<Location> {
    let entry = snapshot.project.glossary.entries().get(target.entry()?)?;
    let spot = entry.spot.as_ref()?;
    let file = spot.file.as_path();
    let text = read_text(file, MAX_GLOSSARY_BYTES).unwrap_or_default();
    let position = position_of_line_column(&text, spot.line, spot.column, coordinates.encoding());
    Some(Location::new(
        Uri::from_file_path(file)?,
        LspRange::new(position, Position::new(position.line, position.character)),
    ))
}

/// Byte ranges of the occurrences of the term at `offset`, sorted, each with whether it is a definition.
pub fn occurrences(snapshot: &Snapshot, offset: usize) -> Vec<(Range<usize>, bool)> {
    let analysis = &snapshot.analysis;
    let Some(target) = target_at(analysis, offset) else {
        return Vec::new();
    };
    let entry = target.entry();
    let acronym = match &target {
        Target::Acronym { token, .. } => Some(&*token.acronym),
        Target::Term(_) => None,
    };
    let mut out: Vec<(Range<usize>, bool)> = Vec::new();
    if entry.is_some() {
        out.extend(
            analysis
                .terms
                .iter()
                .filter(|t| Some(t.entry) == entry)
                .map(|t| (t.range.clone(), false)),
        );
    }
    out.extend(
        analysis
            .acronyms
            .iter()
            .filter(|a| Some(&*a.acronym) == acronym || (a.entry.is_some() && a.entry == entry))
            .map(|a| (a.range.clone(), a.defining)),
    );
    out.sort_by_key(|(range, defining)| (range.start, range.end, !defining));
    out.dedup_by(|later, earlier| {
        if later.0 == earlier.0 {
            earlier.1 |= later.1;
            true
        } else {
            false
        }
    });
    out
}

/// The places of the term at `offset` (`None`: no term there); [`Moved`] when one of them cannot be
/// placed in the current text.
pub fn references(
    snapshot: &Snapshot,
    uri: &Uri,
    offset: usize,
    include_declaration: bool,
    coordinates: &Coordinates,
) -> Result<Option<Vec<Location>>, Moved> {
    let occurrences = occurrences(snapshot, offset);
    if occurrences.is_empty() {
        return Ok(None);
    }
    occurrences
        .into_iter()
        .filter(|(_, defining)| include_declaration || !defining)
        .map(|(range, _)| Ok(Location::new(uri.clone(), coordinates.range(range)?)))
        .collect::<Result<_, _>>()
        .map(Some)
}

/// The places of the term at `offset` to highlight, as [`references`] finds them.
pub fn highlights(
    snapshot: &Snapshot,
    offset: usize,
    coordinates: &Coordinates,
) -> Result<Option<Vec<DocumentHighlight>>, Moved> {
    let occurrences = occurrences(snapshot, offset);
    if occurrences.is_empty() {
        return Ok(None);
    }
    occurrences
        .into_iter()
        .map(|(range, defining)| {
            Ok(DocumentHighlight {
                range: coordinates.range(range)?,
                kind: Some(if defining {
                    DocumentHighlightKind::WRITE
                } else {
                    DocumentHighlightKind::READ
                }),
            })
        })
        .collect::<Result<_, _>>()
        .map(Some)
}
