//! Engine types to LSP types. Byte ranges become positions in the negotiated encoding here and
//! nowhere else.

use ropey::Rope;
use tower_lsp_server::ls_types::{
    Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    Position, Range, TextEdit, Uri,
};

use super::encoding::{position_of_line_column, range_of, Encoding};
use crate::analysis::{self, Finding, Severity};
use crate::error::FileError;

/// The `source` of every diagnostic this server publishes.
pub const SOURCE: &str = "glossary-ls";

pub fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Information => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// A finding as a diagnostic of the document at `uri`.
pub fn diagnostic(finding: &Finding, uri: &Uri, rope: &Rope, encoding: Encoding) -> Diagnostic {
    diagnostic_at(finding, uri, &|range| range_of(rope, range, encoding))
}

/// The byte offsets a finding's diagnostic names, for [`Positions`](super::encoding::Positions).
pub fn offsets(finding: &Finding) -> impl Iterator<Item = usize> + '_ {
    let related = finding
        .related
        .iter()
        .filter(|related| related.elsewhere.is_none())
        .flat_map(|related| [related.range.start, related.range.end]);
    [finding.range.start, finding.range.end]
        .into_iter()
        .chain(related)
}

/// A finding as a diagnostic of the document at `uri`, with `range_of` giving its ranges' positions.
pub fn diagnostic_at(
    finding: &Finding,
    uri: &Uri,
    range_of: &dyn Fn(std::ops::Range<usize>) -> Range,
) -> Diagnostic {
    let related: Vec<DiagnosticRelatedInformation> = finding
        .related
        .iter()
        // A place in another file needs that file's text for its position: the caller that compares
        // files adds it (`expansion_index`).
        .filter(|related| related.elsewhere.is_none())
        .map(|related| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), range_of(related.range.clone())),
            message: related.message.clone(),
        })
        .collect();
    Diagnostic {
        range: range_of(finding.range.clone()),
        severity: Some(severity(finding.severity)),
        code: Some(NumberOrString::String(finding.code.as_str().to_string())),
        code_description: None,
        source: Some(SOURCE.to_string()),
        message: finding.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// The one diagnostic of a document over the size limit.
pub fn too_large(size: usize, limit: u64) -> Diagnostic {
    Diagnostic {
        range: Range::default(),
        severity: Some(DiagnosticSeverity::INFORMATION),
        code: Some(NumberOrString::String("file-too-large".to_string())),
        source: Some(SOURCE.to_string()),
        message: format!(
            "This document is {size} bytes, over the {limit}-byte limit, so glossary-ls does not \
             review it; raise `max-file-size` in .glossary-ls.toml to review it"
        ),
        ..Diagnostic::default()
    }
}

/// The diagnostics of a broken config or glossary file whose text is `text` (empty when unreadable).
pub fn file_errors(text: &str, errors: &[FileError], encoding: Encoding) -> Vec<Diagnostic> {
    errors
        .iter()
        .map(|error| {
            let position = error
                .position
                .map_or(Position::default(), |(line, column)| {
                    position_of_line_column(text, line, column, encoding)
                });
            Diagnostic {
                range: Range::new(position, position),
                severity: Some(DiagnosticSeverity::ERROR),
                source: Some(SOURCE.to_string()),
                message: error.message.clone(),
                ..Diagnostic::default()
            }
        })
        .collect()
}

/// Engine text edits as LSP text edits.
pub fn text_edits(edits: &[analysis::TextEdit], rope: &Rope, encoding: Encoding) -> Vec<TextEdit> {
    edits
        .iter()
        .map(|edit| {
            TextEdit::new(
                range_of(rope, edit.range.clone(), encoding),
                edit.replacement.clone(),
            )
        })
        .collect()
}
