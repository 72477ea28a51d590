//! `analyze` on arbitrary text, every kind (the first byte chooses: Markdown, plain text, MDX, Quarto, notebook JSON, reStructuredText, LaTeX): no panic, and every range it returns lies inside the text on
//! character boundaries.
#![no_main]

use std::sync::OnceLock;

use glossary_ls::analysis::{analyze, DocKind, Engine, FixAction, Settings};
use libfuzzer_sys::fuzz_target;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<std::sync::Arc<Engine>> = OnceLock::new();
    ENGINE.get_or_init(|| {
        Engine::shared(
            glossary_ls::config::Config::default()
                .glossary()
                .complete()
                .unwrap_or_default(),
        )
    })
}

fn check(text: &str, range: &std::ops::Range<usize>) {
    assert!(range.start <= range.end && text.get(range.clone()).is_some(), "{range:?}");
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest);
    let kind = match selector % 7 {
        0 => DocKind::Markdown,
        1 => DocKind::PlainText,
        2 => DocKind::Mdx,
        3 => DocKind::Quarto,
        4 => DocKind::Notebook,
        5 => DocKind::ReStructuredText,
        _ => DocKind::Latex,
    };
    let analysis = analyze(&text, kind, engine(), &Settings::default());
    for term in &analysis.terms {
        check(&text, &term.range);
    }
    for token in &analysis.acronyms {
        check(&text, &token.range);
    }
    for definition in &analysis.definitions {
        check(&text, &definition.acronym_range);
        check(&text, &definition.long_form_range);
        check(&text, &definition.span);
    }
    for finding in &analysis.findings {
        check(&text, &finding.range);
        for related in &finding.related {
            check(&text, &related.range);
        }
        for fix in &finding.fixes {
            if let FixAction::Edit { edits } = &fix.action {
                for edit in edits {
                    check(&text, &edit.range);
                }
            }
        }
    }
});
