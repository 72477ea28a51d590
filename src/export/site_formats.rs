//! The glossary in the formats documentation generators read, so that a project can hand its
//! glossary to its site: MkDocs abbreviation lines, a MyST page (an `abbreviations:` map and a
//! `{glossary}` block), a Sphinx `.. glossary::` block and LaTeX `glossaries` package entries. Each
//! loads back with the loader of the same name.

use crate::glossary::Entry;

/// An entry's text on one line: the formats below are line-based.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The acronym entries as `*[ACR]: Expansion` lines (MkDocs `abbr`, PHP Markdown Extra, kramdown).
/// Entries without an acronym and an expansion have no such line.
pub fn mkdocs_abbr(entries: &[&Entry]) -> String {
    let mut out = String::new();
    for entry in entries {
        if let (Some(acronym), Some(expansion)) = (&entry.acronym, &entry.expansion) {
            if acronym.contains(['[', ']']) {
                continue;
            }
            out.push_str(&format!(
                "*[{}]: {}\n",
                one_line(acronym),
                one_line(expansion)
            ));
        }
    }
    out
}

/// A headword that says both the long form and the acronym when the entry has both.
fn headword(entry: &Entry) -> String {
    match (&entry.acronym, &entry.expansion) {
        (Some(acronym), Some(expansion)) => {
            format!("{} ({})", one_line(expansion), one_line(acronym))
        }
        _ => one_line(&entry.name),
    }
}

/// A YAML double-quoted string: JSON's escapes are YAML's.
fn yaml_string(text: &str) -> String {
    serde_json::Value::String(one_line(text)).to_string()
}

/// A MyST Markdown page: the acronyms in its front matter's `abbreviations:` map (mystmd shows them
/// as tooltips; copied under `project:` in `myst.yml` they hold for the whole site), then every entry
/// in a `{glossary}` block (myst-parser and mystmd), its definition indented below its term.
pub fn myst(entries: &[&Entry]) -> String {
    let mut out = String::from("---\nabbreviations:\n");
    let mut any = false;
    for entry in entries {
        if let (Some(acronym), Some(expansion)) = (&entry.acronym, &entry.expansion) {
            out.push_str(&format!(
                "  {}: {}\n",
                yaml_string(acronym),
                yaml_string(expansion)
            ));
            any = true;
        }
    }
    if !any {
        out = String::from("---\n");
    }
    out.push_str("---\n\n# Glossary\n\n```{glossary}\n");
    for entry in entries {
        out.push_str(&format!(
            "{}\n  {}\n\n",
            headword(entry),
            one_line(&entry.definition)
        ));
    }
    if out.ends_with("\n\n") {
        out.pop();
    }
    out.push_str("```\n");
    out
}

/// A reStructuredText `.. glossary::` block (Sphinx); terms are linked with `` :term:`…` ``.
pub fn sphinx(entries: &[&Entry]) -> String {
    let mut out = String::from(".. glossary::\n\n");
    for entry in entries {
        out.push_str(&format!(
            "   {}\n      {}\n\n",
            headword(entry),
            one_line(&entry.definition)
        ));
    }
    out
}

/// LaTeX text with the characters TeX gives meaning to escaped.
fn latex_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in one_line(text).chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '&' | '%' | '$' | '#' | '_' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            _ => out.push(c),
        }
    }
    out
}

/// A label for `\gls{…}`: letters, digits and hyphens.
fn latex_key(name: &str) -> String {
    let key: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let key = key
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if key.is_empty() {
        "entry".to_string()
    } else {
        key
    }
}

/// `\newacronym{key}{ACR}{expansion}` for acronyms and `\newglossaryentry{key}{name=…,description=…}`
/// for terms, as the `glossaries` package reads them (in the preamble, after `\makeglossaries`).
pub fn latex(entries: &[&Entry]) -> String {
    let mut out = String::from(
        "% glossary-ls export: \\usepackage[acronym]{glossaries} and \\makeglossaries first\n",
    );
    let mut keys: Vec<String> = Vec::new();
    for entry in entries {
        let mut key = latex_key(entry.acronym.as_deref().unwrap_or(&entry.name));
        if keys.contains(&key) {
            let mut n = 2;
            while keys.contains(&format!("{key}-{n}")) {
                n += 1;
            }
            key = format!("{key}-{n}");
        }
        keys.push(key.clone());
        match (&entry.acronym, &entry.expansion) {
            (Some(acronym), Some(expansion)) => out.push_str(&format!(
                "\\newacronym{{{key}}}{{{}}}{{{}}}\n",
                latex_text(acronym),
                latex_text(expansion)
            )),
            _ => out.push_str(&format!(
                "\\newglossaryentry{{{key}}}{{name={{{}}},description={{{}}}}}\n",
                latex_text(&entry.name),
                latex_text(&entry.definition)
            )),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::load::{parse_abbreviations, parse_latex, parse_myst, parse_sphinx};
    use crate::glossary::Kind;
    use std::path::Path;

    fn sample() -> Vec<Entry> {
        let mut grpo = Entry::new("GRPO", "Drop PPO's critic;\n use the group's mean reward.");
        grpo.kind = Kind::Acronym;
        grpo.acronym = Some("GRPO".into());
        grpo.expansion = Some("Group Relative Policy Optimization".into());
        let mut kv = Entry::new(
            "KV cache",
            "Keys & values kept: \"cached\" for 50% less work.",
        );
        kv.kind = Kind::Acronym;
        kv.acronym = Some("KV".into());
        kv.expansion = Some("key-value".into());
        let term = Entry::new("dropout", "Zeroing activations at random {p}.");
        vec![grpo, kv, term]
    }

    /// What survives a round trip: the acronym, its expansion and the definition (the headword may
    /// be written as the long form).
    fn meaning(e: &Entry) -> (Option<String>, Option<String>, String) {
        (e.acronym.clone(), e.expansion.clone(), e.definition.clone())
    }

    #[test]
    fn mkdocs_lines_load_back() {
        let entries = sample();
        let refs: Vec<&Entry> = entries.iter().collect();
        let text = mkdocs_abbr(&refs);
        assert_eq!(
            text,
            "*[GRPO]: Group Relative Policy Optimization\n*[KV]: key-value\n"
        );
        let back = parse_abbreviations(Path::new("a.md"), &text).expect("loads");
        let got: Vec<_> = back
            .iter()
            .map(|e| (e.acronym.clone(), e.expansion.clone()))
            .collect();
        let want: Vec<_> = entries[..2]
            .iter()
            .map(|e| (e.acronym.clone(), e.expansion.clone()))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn myst_and_sphinx_load_back() {
        let entries = sample();
        let refs: Vec<&Entry> = entries.iter().collect();
        let want: Vec<_> = entries
            .iter()
            .map(|e| {
                (
                    e.acronym.clone(),
                    e.expansion.clone(),
                    one_line(&e.definition),
                )
            })
            .collect();

        let page = myst(&refs);
        assert!(page.starts_with("---\nabbreviations:\n  \"GRPO\": \"Group Relative Policy Optimization\"\n  \"KV\": \"key-value\"\n---\n"), "{page}");
        assert!(page.contains("```{glossary}\nGroup Relative Policy Optimization (GRPO)\n  Drop PPO's critic; use the group's mean reward.\n\n"), "{page}");
        let back = parse_myst(Path::new("glossary.md"), &page).expect("loads");
        // The front matter's two abbreviations, then the glossary's three entries.
        assert_eq!(back.len(), 5);
        let glossary: Vec<_> = back[2..].iter().map(meaning).collect();
        assert_eq!(glossary, want);

        let rst = sphinx(&refs);
        assert!(rst.starts_with(".. glossary::\n\n   Group Relative Policy Optimization (GRPO)\n      Drop PPO's critic; use the group's mean reward.\n\n"), "{rst}");
        let back = parse_sphinx(Path::new("glossary.rst"), &rst).expect("loads");
        assert_eq!(back.iter().map(meaning).collect::<Vec<_>>(), want);
    }

    #[test]
    fn latex_escapes_and_keys() {
        let entries = sample();
        let refs: Vec<&Entry> = entries.iter().collect();
        assert_eq!(
            latex(&refs).lines().skip(1).collect::<Vec<_>>(),
            [
                "\\newacronym{grpo}{GRPO}{Group Relative Policy Optimization}",
                "\\newacronym{kv}{KV}{key-value}",
                "\\newglossaryentry{dropout}{name={dropout},description={Zeroing activations at random \\{p\\}.}}",
            ]
        );
        let back = parse_latex(Path::new("g.tex"), &latex(&refs)).expect("loads");
        let got: Vec<_> = back
            .iter()
            .map(|e| (e.acronym.clone(), e.expansion.clone()))
            .collect();
        let want: Vec<_> = entries
            .iter()
            .map(|e| (e.acronym.clone(), e.expansion.clone()))
            .collect();
        assert_eq!(got, want);
        assert_eq!(back[2].definition, entries[2].definition);
        let mut twice = Entry::new("KV", "again");
        twice.acronym = None;
        assert!(latex(&[&entries[1], &twice]).contains("\\newglossaryentry{kv-2}"));
        assert_eq!(
            latex_text("50% & $x_1$ ~ ^ \\"),
            "50\\% \\& \\$x\\_1\\$ \\textasciitilde{} \\textasciicircum{} \\textbackslash{}"
        );
    }
}
