//! The glossaries a documentation project already keeps, found from its generator's config when no
//! `.glossary-ls.toml` says otherwise (`discover = false` turns this off):
//!
//! - MkDocs (`mkdocs.yml`): with the `abbr` extension, the files `pymdownx.snippets` appends to every
//!   page (`auto_append`) are abbreviation files whose entries hold on every page;
//! - mystmd (`myst.yml`): its `project.abbreviations` map, shown on every page;
//! - Jupyter Book (`_config.yml`) and Sphinx (`conf.py`, with or without myst-parser): the glossary
//!   directives of their pages;
//! - every site: a page named `glossary` (`glossary.md`, `glossary.rst`, …), read by what it holds
//!   (a directive, or headings with definitions, as Hugging Face's doc-builder writes them).

use std::path::{Path, PathBuf};

use super::GlossaryFile;
use crate::error::FileError;
use crate::glossary::load::{
    parse_yaml, read_text, yaml_entries, yaml_get, yaml_items, yaml_text, Format, YamlNode,
};

/// The files a documentation generator is configured by, in the order they are looked for in a folder.
pub const SITE_FILE_NAMES: [&str; 5] = [
    "mkdocs.yml",
    "mkdocs.yaml",
    "myst.yml",
    "_config.yml",
    "conf.py",
];

/// Generator configs larger than this are not read: real ones are a few kilobytes.
const MAX_SITE_FILE_BYTES: u64 = 1024 * 1024;

/// Pages larger than this are not searched for glossary directives.
const MAX_PAGE_BYTES: u64 = 2 * 1024 * 1024;

/// At most this many pages are searched for glossary directives: a documentation tree, not a disk.
const MAX_PAGES: usize = 5000;

/// Whether `path` is named as a documentation generator's config.
pub fn is_site_file(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|name| SITE_FILE_NAMES.iter().any(|site| name == *site))
}

/// The documentation generator's config in `folder`, or in its `docs/` or `docs/source/` folder
/// (where Sphinx projects keep `conf.py`). A `_config.yml` counts only when it is Jupyter Book's, a
/// `conf.py` only when it is Sphinx's (Jekyll and other Python tools use the same names).
pub fn find_in(folder: &Path) -> Option<PathBuf> {
    [
        folder.to_path_buf(),
        folder.join("docs"),
        folder.join("docs/source"),
    ]
    .into_iter()
    .find_map(|folder| {
        SITE_FILE_NAMES
            .iter()
            .map(|name| folder.join(name))
            .find(|candidate| candidate.is_file() && is_generator_config(candidate))
    })
}

fn is_generator_config(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    match name {
        "_config.yml" | "conf.py" => read_text(path, MAX_SITE_FILE_BYTES).is_ok_and(|text| {
            if name == "conf.py" {
                text.contains("extensions") || text.contains("html_theme")
            } else {
                ["sphinx:", "parse:", "execute:", "myst_enable_extensions"]
                    .iter()
                    .any(|key| text.contains(key))
            }
        }),
        _ => true,
    }
}

/// The glossaries the generator config at `site` names or implies, and the config's errors.
pub fn glossaries(site: &Path) -> (Vec<GlossaryFile>, Vec<FileError>) {
    let folder = site.parent().unwrap_or(Path::new(""));
    let name = site
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let mut found = Vec::new();
    let mut errors = Vec::new();
    let mut pages_under = folder.to_path_buf();
    if name.ends_with(".yml") || name.ends_with(".yaml") {
        match read_text(site, MAX_SITE_FILE_BYTES) {
            Err(error) => errors.push(error),
            Ok(text) => match parse_yaml(site, &text, 1) {
                Err(error) => errors.push(error),
                Ok(None) => {}
                Ok(Some(root)) => {
                    if name.starts_with("mkdocs") {
                        found.extend(mkdocs_appended(folder, &root));
                        let docs_dir = yaml_get(&root, "docs_dir")
                            .and_then(yaml_text)
                            .map_or_else(|| "docs".to_string(), |d| d.into_owned());
                        pages_under = folder.join(docs_dir);
                    } else if name == "myst.yml"
                        && yaml_get(&root, "project")
                            .and_then(|p| yaml_get(p, "abbreviations"))
                            .is_some()
                    {
                        found.push(GlossaryFile {
                            path: site.to_path_buf(),
                            format: Some(Format::Myst),
                            appended: true,
                        });
                    }
                }
            },
        }
    }
    found.extend(glossary_pages(&pages_under, &found));
    (found, errors)
}

/// The abbreviation files `pymdownx.snippets` appends to every page, when `abbr` is on.
fn mkdocs_appended(folder: &Path, root: &YamlNode) -> Vec<GlossaryFile> {
    let Some(extensions) = yaml_get(root, "markdown_extensions") else {
        return Vec::new();
    };
    // Each item is a name, or a one-key map from the name to its options.
    let named: Vec<(String, Option<&YamlNode>)> = yaml_items(extensions)
        .iter()
        .flat_map(|item| match yaml_text(item) {
            Some(name) => vec![(name.into_owned(), None)],
            None => yaml_entries(item)
                .into_iter()
                .filter_map(|(k, v)| Some((yaml_text(k)?.into_owned(), Some(v))))
                .collect(),
        })
        .collect();
    let abbr = named
        .iter()
        .any(|(name, _)| name == "abbr" || name == "markdown.extensions.abbr");
    if !abbr {
        return Vec::new();
    }
    let mut files = Vec::new();
    for (_, options) in named.iter().filter(|(n, _)| n == "pymdownx.snippets") {
        let Some(options) = options else { continue };
        let base_paths: Vec<PathBuf> = match yaml_get(options, "base_path") {
            Some(node) => match yaml_text(node) {
                Some(one) => vec![folder.join(one.as_ref())],
                None => yaml_items(node)
                    .iter()
                    .filter_map(yaml_text)
                    .map(|p| folder.join(p.as_ref()))
                    .collect(),
            },
            None => vec![folder.to_path_buf()],
        };
        let appended = yaml_get(options, "auto_append")
            .map(yaml_items)
            .unwrap_or_default();
        for item in appended.iter().filter_map(yaml_text) {
            let path = base_paths
                .iter()
                .map(|base| base.join(item.as_ref()))
                .find(|p| p.is_file())
                .unwrap_or_else(|| folder.join(item.as_ref()));
            files.push(GlossaryFile {
                path,
                format: Some(Format::Abbreviations),
                appended: true,
            });
        }
    }
    files
}

/// The pages under `root` that hold a glossary: a page named `glossary`, or any page with a glossary
/// directive. Hidden folders, `.gitignore`d files and build output are skipped.
fn glossary_pages(root: &Path, already: &[GlossaryFile]) -> Vec<GlossaryFile> {
    let mut pages = Vec::new();
    let walk = ignore::WalkBuilder::new(root)
        .max_depth(Some(8))
        .filter_entry(|e| {
            !matches!(
                e.file_name().to_str(),
                Some("_build" | "site" | "node_modules" | "_site")
            )
        })
        .build();
    for entry in walk.flatten().take(MAX_PAGES * 4) {
        let path = entry.path();
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        if !matches!(extension.as_str(), "md" | "mdx" | "markdown" | "rst") || !path.is_file() {
            continue;
        }
        if already.iter().any(|g| g.path == path) {
            continue;
        }
        let named_glossary = path
            .file_stem()
            .and_then(|s| s.to_str())
            .is_some_and(|s| s.eq_ignore_ascii_case("glossary"));
        let Ok(text) = read_text(path, MAX_PAGE_BYTES) else {
            continue;
        };
        let format = if extension == "rst" {
            text.contains(".. glossary::").then_some(Format::Sphinx)
        } else if text.contains("{glossary}") {
            Some(Format::Myst)
        } else {
            named_glossary.then_some(Format::GlossaryPage)
        };
        if let Some(format) = format {
            pages.push(GlossaryFile {
                path: path.to_path_buf(),
                format: Some(format),
                appended: false,
            });
        }
        if pages.len() >= MAX_PAGES {
            break;
        }
    }
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    pages
}
