//! Parsing and validating one config file.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::{Config, GlossaryFile, Layer, Scope};
use crate::error::FileError;
use crate::glossary::load::Format;
use crate::glossary::Audience;
use crate::review::{Code, Severity};

/// Which acronym uses show their expansion as an inlay hint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InlayHintMode {
    /// Every use of a known acronym.
    All,
    /// Only uses the document has not spelled out (yet). The default: a reader of the rest knows them.
    Undefined,
    Off,
}

/// A severity as written in a config: a [`Severity`] or `off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ConfigLevel {
    Error,
    Warning,
    Information,
    Hint,
    Off,
}

impl ConfigLevel {
    pub fn severity(self) -> Option<Severity> {
        match self {
            ConfigLevel::Error => Some(Severity::Error),
            ConfigLevel::Warning => Some(Severity::Warning),
            ConfigLevel::Information => Some(Severity::Information),
            ConfigLevel::Hint => Some(Severity::Hint),
            ConfigLevel::Off => None,
        }
    }
}

/// The schema of a config file and of the client's settings: one struct, read with positions from a
/// file (`S` = `Spanned<String>`, `N` = `Spanned<i64>`, `V` = `Spanned<toml::Value>`) and without
/// from the client (`String`, `i64`, `toml::Value`), so that both are validated by [`validate`] with
/// the same messages.
#[derive(Deserialize)]
#[serde(
    deny_unknown_fields,
    rename_all = "kebab-case",
    bound(deserialize = "S: Deserialize<'de> + Ord, N: Deserialize<'de>, V: Deserialize<'de>")
)]
struct RawConfig<S, N, V> {
    /// Each a path, or a table `{ path = "…", format = "…" }`.
    #[serde(default)]
    glossaries: Vec<V>,
    discover: Option<bool>,
    scope: Option<Scope>,
    #[serde(default)]
    ignore: Vec<S>,
    audience: Option<Audience>,
    inlay_hints: Option<InlayHintMode>,
    max_file_size: Option<N>,
    builtin: Option<RawBuiltin>,
    #[serde(default)]
    severity: BTreeMap<S, ConfigLevel>,
    extensions: Option<RawExtensions>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBuiltin {
    explainer: Option<bool>,
    supplement: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExtensions {
    markdown: Option<Vec<String>>,
    text: Option<Vec<String>>,
}

/// A value as read, and where it starts in the text when it was read from one.
trait Located<T> {
    fn parts(self) -> (T, Option<usize>);
}

impl<T> Located<T> for Spanned<T> {
    fn parts(self) -> (T, Option<usize>) {
        let start = self.span().start;
        (self.into_inner(), Some(start))
    }
}

impl Located<String> for String {
    fn parts(self) -> (String, Option<usize>) {
        (self, None)
    }
}

impl Located<i64> for i64 {
    fn parts(self) -> (i64, Option<usize>) {
        (self, None)
    }
}

impl Located<toml::Value> for toml::Value {
    fn parts(self) -> (toml::Value, Option<usize>) {
        (self, None)
    }
}

/// A `glossaries` item: its path and the format it names, or why it is not one.
fn glossary_item(value: toml::Value) -> Result<(String, Option<Format>), String> {
    match value {
        toml::Value::String(path) => Ok((path, None)),
        toml::Value::Table(mut table) => {
            let path = match table.remove("path") {
                Some(toml::Value::String(path)) => path,
                _ => return Err("a glossary table needs `path = \"…\"`".to_string()),
            };
            let format = match table.remove("format") {
                None => None,
                Some(toml::Value::String(name)) => Some(Format::from_name(&name)?),
                Some(_) => return Err("`format` must be text, such as \"myst\"".to_string()),
            };
            if let Some(key) = table.keys().next() {
                return Err(format!(
                    "unknown key `{key}` in a glossary table; the keys are `path` and `format`"
                ));
            }
            Ok((path, format))
        }
        _ => Err(
            "a glossary is a path or a table such as { path = \"glossary.md\", format = \"glossary-page\" }"
                .to_string(),
        ),
    }
}

/// Parses config `text` read from `path` into the settings it sets. Relative glossary paths resolve
/// against `path`'s folder.
pub fn parse_layer(path: &Path, text: &str) -> Result<Layer, Vec<FileError>> {
    let raw: RawConfig<Spanned<String>, Spanned<i64>, Spanned<toml::Value>> = toml::from_str(text)
        .map_err(|e| vec![crate::glossary::load::toml_error(path, text, &e)])?;
    let folder = path.parent().unwrap_or(Path::new(""));
    validate(raw, folder, |start, message| match start {
        Some(start) => FileError::at(path, text, start, message),
        None => FileError::whole(path, message),
    })
}

/// Parses config `text` read from `path`: the defaults with the file's settings over them.
pub fn parse_config(path: &Path, text: &str) -> Result<Config, Vec<FileError>> {
    let layer = parse_layer(path, text)?;
    Ok(Config {
        path: Some(path.to_path_buf()),
        ..Config::default().with(&layer)
    })
}

/// Why the client's settings were refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingsError {
    /// They are not an object of config keys (an array, a string, …).
    NotAnObject(String),
    /// The messages of every problem, as a config file's would be, without positions.
    Invalid(Vec<String>),
}

impl std::fmt::Display for SettingsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SettingsError::NotAnObject(reason) => write!(
                f,
                "glossary-ls settings must be an object of config keys: {reason}"
            ),
            SettingsError::Invalid(messages) => {
                write!(f, "glossary-ls settings: {}", messages.join("; "))
            }
        }
    }
}

impl Layer {
    /// The settings a client sends (`initializationOptions`, `workspace/didChangeConfiguration`), with
    /// the config file's keys and checks. Relative glossary paths resolve against `base` (the first
    /// workspace folder; `""` keeps them as they are). Read from the value itself, not from TOML text.
    pub fn from_settings(value: &serde_json::Value, base: &Path) -> Result<Layer, SettingsError> {
        let table =
            toml::Table::try_from(value).map_err(|e| SettingsError::NotAnObject(e.to_string()))?;
        let raw: RawConfig<String, i64, toml::Value> = toml::Value::Table(table)
            .try_into()
            .map_err(|e: toml::de::Error| {
                SettingsError::Invalid(vec![e.message().trim_end().to_string()])
            })?;
        let settings = Path::new("settings");
        validate(raw, base, |_, message| FileError::whole(settings, message)).map_err(|errors| {
            SettingsError::Invalid(errors.into_iter().map(|e| e.message).collect())
        })
    }
}

/// Checks what was read and turns it into a [`Layer`]; `error` makes an error at a value's start.
fn validate<S: Located<String>, N: Located<i64>, V: Located<toml::Value>>(
    raw: RawConfig<S, N, V>,
    folder: &Path,
    error: impl Fn(Option<usize>, &str) -> FileError,
) -> Result<Layer, Vec<FileError>> {
    let mut errors = Vec::new();
    let mut layer = Layer::default();
    for glossary in raw.glossaries {
        let (glossary, start) = glossary.parts();
        match glossary_item(glossary) {
            Err(message) => errors.push(error(start, &message)),
            Ok((path, _)) if path.trim().is_empty() => {
                errors.push(error(start, "empty glossary path"));
            }
            Ok((path, format)) => layer.glossaries.push(GlossaryFile {
                path: folder.join(path),
                format,
                appended: false,
            }),
        }
    }
    layer.discover = raw.discover;
    layer.scope = raw.scope;
    for token in raw.ignore {
        let (token, start) = token.parts();
        let trimmed = token.trim();
        if trimmed.is_empty() || trimmed.contains(char::is_whitespace) {
            errors.push(error(
                start,
                "an ignored token must be one word, such as \"ACME\"",
            ));
        } else {
            layer.ignore.push(trimmed.to_string());
        }
    }
    layer.audience = raw.audience;
    layer.inlay_hints = raw.inlay_hints;
    if let Some(size) = raw.max_file_size {
        let (size, start) = size.parts();
        match u64::try_from(size) {
            Ok(bytes) if bytes > 0 => layer.max_file_size = Some(bytes),
            _ => errors.push(error(
                start,
                "`max-file-size` must be a positive number of bytes",
            )),
        }
    }
    if let Some(builtin) = raw.builtin {
        layer.explainer = builtin.explainer;
        layer.supplement = builtin.supplement;
    }
    for (code, level) in raw.severity {
        let (code, start) = code.parts();
        match code.parse::<Code>() {
            Ok(code) => {
                layer.severity.insert(code, level.severity());
            }
            Err(message) => errors.push(error(start, &message)),
        }
    }
    if let Some(extensions) = raw.extensions {
        let clean = |list: Vec<String>| -> Vec<String> {
            list.into_iter()
                .map(|e| e.trim_start_matches('.').to_ascii_lowercase())
                .collect()
        };
        layer.markdown_extensions = extensions.markdown.map(clean);
        layer.text_extensions = extensions.text.map(clean);
    }
    if errors.is_empty() {
        Ok(layer)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<String> {
        parse_config(Path::new("proj/.glossary-ls.toml"), text)
            .expect_err("should fail")
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn reads_every_key() {
        let text = r#"
glossaries = ["team.toml", "docs/abbr.md"]
ignore = ["ACME"]
audience = "expert"
inlay-hints = "undefined"
max-file-size = 1000
[builtin]
supplement = false
[severity]
undefined-acronym = "off"
acronym-not-spelled-out = "error"
[extensions]
markdown = [".md"]
"#;
        let config = parse_config(Path::new("proj/.glossary-ls.toml"), text).expect("valid");
        let paths: Vec<&Path> = config.glossaries.iter().map(|g| g.path.as_path()).collect();
        assert_eq!(
            paths,
            [Path::new("proj/team.toml"), Path::new("proj/docs/abbr.md")]
        );
        assert_eq!(config.ignore, ["ACME"]);
        assert_eq!(config.audience, Audience::Expert);
        assert_eq!(config.inlay_hints, InlayHintMode::Undefined);
        assert_eq!(config.max_file_size, 1000);
        assert!(config.builtin.explainer && !config.builtin.supplement);
        assert_eq!(config.severity_of(Code::UndefinedAcronym), None);
        assert_eq!(
            config.severity_of(Code::AcronymNotSpelledOut),
            Some(Severity::Error)
        );
        assert_eq!(
            config.severity_of(Code::RedundantDefinition),
            Some(Severity::Hint)
        );
        assert_eq!(config.markdown_extensions, ["md"]);
    }

    #[test]
    fn glossaries_take_a_format_and_scope_and_discover_are_read() {
        let text = "glossaries = [\"a.md\", { path = \"terms.md\", format = \"glossary-page\" }]\n\
                    discover = false\nscope = \"site\"\n";
        let config = parse_config(Path::new("proj/.glossary-ls.toml"), text).expect("valid");
        assert_eq!(
            config.glossaries,
            [
                GlossaryFile::plain("proj/a.md"),
                GlossaryFile {
                    path: "proj/terms.md".into(),
                    format: Some(Format::GlossaryPage),
                    appended: false,
                },
            ]
        );
        assert!(!config.discover);
        assert_eq!(config.scope, Scope::Site);
        let client = Layer::from_settings(
            &serde_json::json!({ "glossaries": [{ "path": "terms.md", "format": "glossary-page" }] }),
            Path::new("proj"),
        )
        .expect("valid");
        assert_eq!(client.glossaries, config.glossaries[1..]);
        assert_eq!(
            errors("glossaries = [{ file = \"x\" }, 3, { path = \"y\", format = \"myst\", scope = 1 }]\nscope = \"world\"\n"),
            ["proj/.glossary-ls.toml:2:9: unknown variant `world`, expected `page` or `site`"]
        );
        assert_eq!(
            errors("glossaries = [{ file = \"x\" }, 3, { path = \"y\", format = \"myst\", scope = 1 }]\n"),
            [
                "proj/.glossary-ls.toml:1:15: a glossary table needs `path = \"…\"`",
                "proj/.glossary-ls.toml:1:31: a glossary is a path or a table such as { path = \"glossary.md\", format = \"glossary-page\" }",
                "proj/.glossary-ls.toml:1:34: unknown key `scope` in a glossary table; the keys are `path` and `format`",
            ]
        );
    }

    #[test]
    fn audience_defaults_to_practitioner_and_names_its_values() {
        let config = parse_config(Path::new("proj/.glossary-ls.toml"), "").expect("valid");
        assert_eq!(config.audience, Audience::Practitioner);
        let config = parse_config(
            Path::new("proj/.glossary-ls.toml"),
            "audience = \"newcomer\"\n",
        )
        .expect("valid");
        assert_eq!(config.audience, Audience::Newcomer);
        assert_eq!(
            errors("ignore = []\naudience = \"beginner\"\n"),
            ["proj/.glossary-ls.toml:2:12: unknown variant `beginner`, expected one of `newcomer`, `practitioner`, `expert`"]
        );
    }

    #[test]
    fn bad_keys_and_values_name_their_position() {
        assert_eq!(
            errors("ignore = [\"ok\"]\ncolour = 1\n")[0],
            "proj/.glossary-ls.toml:2:1: unknown field `colour`, expected one of `glossaries`, `discover`, `scope`, `ignore`, `audience`, `inlay-hints`, `max-file-size`, `builtin`, `severity`, `extensions`"
        );
        assert_eq!(
            errors("[severity]\nundefined = \"off\"\n"),
            ["proj/.glossary-ls.toml:2:1: unknown code `undefined`; the codes are acronym-not-spelled-out, acronym-used-before-definition, undefined-acronym, redundant-definition, non-canonical-spelling, inconsistent-expansion, acronym-used-once, long-form-after-definition"]
        );
        assert_eq!(
            errors("[severity]\nundefined-acronym = \"loud\"\n")[0],
            "proj/.glossary-ls.toml:2:21: unknown variant `loud`, expected one of `error`, `warning`, `information`, `hint`, `off`"
        );
        assert_eq!(
            errors("ignore = [\"two words\"]\nmax-file-size = -1\n"),
            [
                "proj/.glossary-ls.toml:1:11: an ignored token must be one word, such as \"ACME\"",
                "proj/.glossary-ls.toml:2:17: `max-file-size` must be a positive number of bytes",
            ]
        );
    }
}
