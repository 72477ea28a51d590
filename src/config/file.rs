//! Parsing and validating one config file.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::Config;
use crate::error::FileError;
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    #[serde(default)]
    glossaries: Vec<Spanned<String>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    audience: Option<Audience>,
    inlay_hints: Option<InlayHintMode>,
    max_file_size: Option<Spanned<i64>>,
    builtin: Option<RawBuiltin>,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, ConfigLevel>,
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

/// Parses config `text` read from `path`. Relative glossary paths resolve against `path`'s folder.
pub fn parse_config(path: &Path, text: &str) -> Result<Config, Vec<FileError>> {
    let raw: RawConfig = toml::from_str(text)
        .map_err(|e| vec![crate::glossary::load::toml_error(path, text, &e)])?;
    let mut errors = Vec::new();
    let mut config = Config {
        path: Some(path.to_path_buf()),
        ..Config::default()
    };
    let folder = path.parent().unwrap_or(Path::new(""));
    for glossary in raw.glossaries {
        if glossary.get_ref().trim().is_empty() {
            errors.push(FileError::at(
                path,
                text,
                glossary.span().start,
                "empty glossary path",
            ));
        } else {
            config.glossaries.push(folder.join(glossary.get_ref()));
        }
    }
    for token in raw.ignore {
        let trimmed = token.get_ref().trim();
        if trimmed.is_empty() || trimmed.contains(char::is_whitespace) {
            errors.push(FileError::at(
                path,
                text,
                token.span().start,
                "an ignored token must be one word, such as \"ACME\"",
            ));
        } else {
            config.ignore.push(trimmed.to_string());
        }
    }
    if let Some(audience) = raw.audience {
        config.audience = audience;
    }
    if let Some(mode) = raw.inlay_hints {
        config.inlay_hints = mode;
    }
    if let Some(size) = raw.max_file_size {
        match u64::try_from(*size.get_ref()) {
            Ok(bytes) if bytes > 0 => config.max_file_size = bytes,
            _ => errors.push(FileError::at(
                path,
                text,
                size.span().start,
                "`max-file-size` must be a positive number of bytes",
            )),
        }
    }
    if let Some(builtin) = raw.builtin {
        config.builtin.explainer = builtin.explainer.unwrap_or(true);
        config.builtin.supplement = builtin.supplement.unwrap_or(true);
    }
    for (code, level) in raw.severity {
        match code.get_ref().parse::<Code>() {
            Ok(code) => {
                config.severity.insert(code, level.severity());
            }
            Err(message) => errors.push(FileError::at(path, text, code.span().start, message)),
        }
    }
    if let Some(extensions) = raw.extensions {
        let clean = |list: Vec<String>| -> Vec<String> {
            list.into_iter()
                .map(|e| e.trim_start_matches('.').to_ascii_lowercase())
                .collect()
        };
        if let Some(markdown) = extensions.markdown {
            config.markdown_extensions = clean(markdown);
        }
        if let Some(text) = extensions.text {
            config.text_extensions = clean(text);
        }
    }
    if errors.is_empty() {
        Ok(config)
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
        assert_eq!(
            config.glossaries,
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
            "proj/.glossary-ls.toml:2:1: unknown field `colour`, expected one of `glossaries`, `ignore`, `audience`, `inlay-hints`, `max-file-size`, `builtin`, `severity`, `extensions`"
        );
        assert_eq!(
            errors("[severity]\nundefined = \"off\"\n"),
            ["proj/.glossary-ls.toml:2:1: unknown code `undefined`; the codes are acronym-not-spelled-out, acronym-used-before-definition, undefined-acronym, redundant-definition"]
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
