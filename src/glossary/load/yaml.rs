//! Reading YAML (`myst.yml`, `mkdocs.yml`, a page's front matter) with `saphyr`, a maintained YAML 1.2
//! parser that keeps every node's position, so that each entry can say where it is written and each
//! error where it is. Tags a Python tool gives meaning to (`!!python/name:…`, `!ENV`) are kept as
//! plain values: a file that uses them is still read.

use std::path::Path;

use saphyr::{LoadableYamlNode, MarkedYaml, Marker, YamlData};

use crate::error::FileError;

/// A parsed YAML document, or `None` for an empty file.
pub type Node<'a> = MarkedYaml<'a>;

/// Parses `text`, which starts on line `first_line` of `file` (1 for a whole file, 2 for front
/// matter after its `---` line). Only the first document counts.
pub fn parse<'a>(
    file: &Path,
    text: &'a str,
    first_line: u32,
) -> Result<Option<Node<'a>>, FileError> {
    match MarkedYaml::load_from_str(text) {
        Ok(documents) => Ok(documents.into_iter().next()),
        Err(error) => Err(FileError {
            file: file.to_path_buf(),
            position: Some(position(error.marker(), first_line)),
            message: format!("invalid YAML: {}", error.info()),
        }),
    }
}

/// The node without its tags.
pub fn untagged<'n, 'a>(node: &'n Node<'a>) -> &'n Node<'a> {
    match &node.data {
        YamlData::Tagged(_, inner) => untagged(inner),
        _ => node,
    }
}

/// The value of `key` in a mapping node.
pub fn get<'n, 'a>(node: &'n Node<'a>, key: &str) -> Option<&'n Node<'a>> {
    match &untagged(node).data {
        YamlData::Mapping(map) => map
            .iter()
            .find(|(k, _)| untagged(k).data.as_str() == Some(key))
            .map(|(_, v)| v),
        _ => None,
    }
}

/// The entries of a mapping node, in file order.
pub fn entries<'n, 'a>(node: &'n Node<'a>) -> Vec<(&'n Node<'a>, &'n Node<'a>)> {
    match &untagged(node).data {
        YamlData::Mapping(map) => map.iter().collect(),
        _ => Vec::new(),
    }
}

/// The items of a sequence node.
pub fn items<'n, 'a>(node: &'n Node<'a>) -> &'n [Node<'a>] {
    match &untagged(node).data {
        YamlData::Sequence(list) => list,
        _ => &[],
    }
}

/// A scalar node as text: strings as they are, numbers and booleans as written.
pub fn text<'n>(node: &'n Node<'_>) -> Option<std::borrow::Cow<'n, str>> {
    use saphyr::Scalar;
    match &untagged(node).data {
        YamlData::Value(Scalar::String(s)) => Some(std::borrow::Cow::Borrowed(s.as_ref())),
        YamlData::Value(Scalar::Integer(i)) => Some(i.to_string().into()),
        YamlData::Value(Scalar::FloatingPoint(f)) => Some(f.to_string().into()),
        YamlData::Value(Scalar::Boolean(b)) => Some(b.to_string().into()),
        YamlData::Representation(s, _, _) => Some(std::borrow::Cow::Borrowed(s.as_ref())),
        _ => None,
    }
}

/// The 1-based line and column of a node's start, for a text that starts on line `first_line`.
pub fn start(node: &Node<'_>, first_line: u32) -> (u32, u32) {
    position(&node.span.start, first_line)
}

fn position(marker: &Marker, first_line: u32) -> (u32, u32) {
    let line = u32::try_from(marker.line()).unwrap_or(u32::MAX).max(1);
    let column = u32::try_from(marker.col()).unwrap_or(u32::MAX - 1) + 1;
    (line.saturating_add(first_line - 1), column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_tags_are_read_as_plain_values() {
        let yaml = "markdown_extensions:\n  - abbr\n  - pymdownx.superfences:\n      custom_fences:\n        - format: !!python/name:pymdownx.superfences.fence_code_format\n  - x: !!python/object/apply:os.getenv [\"KEY\"]\n  - y: !ENV [HOME, '/tmp']\n";
        let root = parse(Path::new("mkdocs.yml"), yaml, 1)
            .expect("valid")
            .expect("a document");
        let list = get(&root, "markdown_extensions").expect("the key");
        assert_eq!(items(list).len(), 4);
        assert_eq!(text(&items(list)[0]).as_deref(), Some("abbr"));
        assert_eq!(start(&items(list)[1], 1), (3, 5));
    }

    #[test]
    fn errors_have_a_line_and_column() {
        let error = parse(Path::new("myst.yml"), "project:\n  a: [1, 2\n", 1).expect_err("bad");
        assert!(error.position.is_some());
        assert!(error.to_string().starts_with("myst.yml:"), "{error}");
        let error = parse(Path::new("p.md"), "a: b\n c: : d\n", 2).expect_err("bad");
        assert_eq!(error.position.map(|p| p.0), Some(3), "{error}");
    }
}
