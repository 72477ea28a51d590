//! MyST (mystmd, Jupyter Book, myst-parser): `abbreviations:` maps and `{glossary}` directives.
//!
//! - `myst.yml` holds the project's map under `project:`; mystmd shows it as a tooltip on every page.
//! - A page's front matter holds its own map at the top level; that page only.
//! - A Markdown page may hold `{glossary}` blocks ([`super::glossary_directive`]).
//!
//! ```yaml
//! project:
//!   abbreviations:
//!     MyST: Markedly Structured Text
//! ```

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use super::collector::Collector;
use super::glossary_directive::read_myst;
use super::yaml;
use crate::error::FileError;
use crate::glossary::{Entry, Kind, Origin, SourceSpot};
use crate::text::front_matter;

/// Parses a MyST file: a YAML file (`myst.yml`, by its `.yml`/`.yaml` extension) for its
/// abbreviations, or a Markdown page for its front matter's abbreviations and its `{glossary}` blocks.
pub fn parse_myst(file: &Path, text: &str) -> Result<Vec<Entry>, Vec<FileError>> {
    let is_yaml = file
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yml") || e.eq_ignore_ascii_case("yaml"));
    let mut entries = Vec::new();
    let mut errors = Vec::new();
    let yaml_part = if is_yaml {
        Some((text, 1))
    } else {
        yaml_front_matter(text).map(|range| (text.get(range).unwrap_or_default(), 2))
    };
    if let Some((yaml_text, first_line)) = yaml_part {
        match abbreviations(file, yaml_text, first_line) {
            Ok(mut found) => entries.append(&mut found),
            Err(mut found) => errors.append(&mut found),
        }
    }
    if !is_yaml {
        let mut collector = Collector::new(file, text);
        read_myst(text, &mut collector);
        match collector.finish() {
            Ok(mut found) => entries.append(&mut found),
            Err(mut found) => errors.append(&mut found),
        }
    }
    if errors.is_empty() {
        Ok(entries)
    } else {
        Err(errors)
    }
}

/// The range of the YAML front matter between a page's `---` lines, when the page starts with one.
fn yaml_front_matter(text: &str) -> Option<Range<usize>> {
    front_matter::find(text)
        .filter(|f| f.format == front_matter::Format::Yaml)
        .map(|f| f.body)
}

/// The abbreviations of a YAML text: `project.abbreviations` (myst.yml) or `abbreviations` (a page).
fn abbreviations(file: &Path, text: &str, first_line: u32) -> Result<Vec<Entry>, Vec<FileError>> {
    let Some(root) = yaml::parse(file, text, first_line).map_err(|e| vec![e])? else {
        return Ok(Vec::new());
    };
    let map = yaml::get(&root, "project")
        .and_then(|p| yaml::get(p, "abbreviations"))
        .or_else(|| yaml::get(&root, "abbreviations"));
    let Some(map) = map else {
        return Ok(Vec::new());
    };
    let shared = Arc::new(file.to_path_buf());
    let mut entries: Vec<Entry> = Vec::new();
    let mut errors = Vec::new();
    let error = |node: &yaml::Node, message: String| FileError {
        file: file.to_path_buf(),
        position: Some(yaml::start(node, first_line)),
        message,
    };
    for (key, value) in yaml::entries(map) {
        let Some(acronym) = yaml::text(key) else {
            errors.push(error(key, "an abbreviation must be text".to_string()));
            continue;
        };
        let acronym = acronym.trim();
        let expansion = yaml::text(value)
            .map(|v| v.trim().to_string())
            .unwrap_or_default();
        if expansion.is_empty() {
            errors.push(error(
                value,
                format!("abbreviation `{acronym}` needs its expansion as text"),
            ));
            continue;
        }
        let mut entry = Entry::new(acronym, expansion.clone());
        entry.kind = Kind::Acronym;
        entry.acronym = Some(acronym.to_string());
        entry.expansion = Some(expansion);
        entry.origin = Origin::User;
        let (line, column) = yaml::start(key, first_line);
        entry.spot = Some(SourceSpot {
            file: Arc::clone(&shared),
            line,
            column,
        });
        entries.push(entry);
    }
    if errors.is_empty() {
        Ok(entries)
    } else {
        Err(errors)
    }
}

/// A page's own abbreviations, from its front matter: the byte ranges of each acronym and its
/// expansion in `text`. The engine reads them as definitions that hold for the whole page. A front
/// matter that is not valid YAML defines nothing (the page's reader is not the place for that error).
pub fn front_matter_abbreviations(text: &str) -> Vec<(Range<usize>, Range<usize>)> {
    let Some(range) = yaml_front_matter(text) else {
        return Vec::new();
    };
    let Some(yaml_text) = text.get(range.clone()) else {
        return Vec::new();
    };
    if !yaml_text.contains("abbreviations") {
        return Vec::new();
    }
    let Ok(Some(root)) = yaml::parse(Path::new(""), yaml_text, 1) else {
        return Vec::new();
    };
    let Some(map) = yaml::get(&root, "abbreviations") else {
        return Vec::new();
    };
    // Markers count characters; the engine wants bytes.
    let byte_of = |char_index: usize| {
        yaml_text
            .char_indices()
            .nth(char_index)
            .map_or(yaml_text.len(), |(b, _)| b)
    };
    let unquoted = |node: &yaml::Node| -> Option<Range<usize>> {
        let start = byte_of(node.span.start.index());
        let end = byte_of(node.span.end.index());
        let written = yaml_text.get(start..end)?;
        let trimmed = written.trim_end();
        let (s, e) = match trimmed.as_bytes().first() {
            Some(b'"' | b'\'') if trimmed.len() >= 2 => (start + 1, start + trimmed.len() - 1),
            _ => (start, start + trimmed.len()),
        };
        (e > s).then(|| range.start + s..range.start + e)
    };
    yaml::entries(map)
        .into_iter()
        .filter(|(k, v)| {
            yaml::text(k).is_some() && yaml::text(v).is_some_and(|t| !t.trim().is_empty())
        })
        .filter_map(|(k, v)| Some((unquoted(k)?, unquoted(v)?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn myst_yml_abbreviations_with_their_lines() {
        let text = "version: 1\nproject:\n  title: Demo\n  abbreviations:\n    MyST: Markedly Structured Text\n    \"LLM\": large language model\nsite:\n  template: book-theme\n";
        let entries = parse_myst(Path::new("myst.yml"), text).expect("valid");
        let got: Vec<_> = entries
            .iter()
            .map(|e| {
                (
                    e.acronym.as_deref(),
                    e.expansion.as_deref(),
                    e.spot.as_ref().map(|s| (s.line, s.column)),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (Some("MyST"), Some("Markedly Structured Text"), Some((5, 5))),
                (Some("LLM"), Some("large language model"), Some((6, 5))),
            ]
        );
    }

    #[test]
    fn a_page_front_matter_and_its_glossary() {
        let text = "---\ntitle: Page\nabbreviations:\n  KV: key-value\n---\n# Page\n\n```{glossary}\nKV cache\n  Stored keys and values.\n```\n";
        let entries = parse_myst(Path::new("page.md"), text).expect("valid");
        let got: Vec<_> = entries
            .iter()
            .map(|e| (e.name.as_str(), e.spot.as_ref().map(|s| s.line)))
            .collect();
        assert_eq!(got, [("KV", Some(4)), ("KV cache", Some(9))]);
        let ranges = front_matter_abbreviations(text);
        let shown: Vec<_> = ranges
            .iter()
            .map(|(a, e)| (&text[a.clone()], &text[e.clone()]))
            .collect();
        assert_eq!(shown, [("KV", "key-value")]);
    }

    #[test]
    fn malformed_yaml_and_values_name_their_place() {
        let errors: Vec<String> = parse_myst(
            Path::new("myst.yml"),
            "project:\n  abbreviations:\n    A: [1\n",
        )
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect();
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].starts_with("myst.yml:4:1: invalid YAML"),
            "{errors:?}"
        );
        let errors: Vec<String> = parse_myst(
            Path::new("myst.yml"),
            "project:\n  abbreviations:\n    API: {a: 1}\n",
        )
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect();
        assert_eq!(
            errors,
            ["myst.yml:3:10: abbreviation `API` needs its expansion as text"]
        );
        let ranges = front_matter_abbreviations("---\nabbreviations:\n  A: [\n---\ntext\n");
        assert!(ranges.is_empty());
    }
}
