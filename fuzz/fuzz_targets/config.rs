//! The config parser on arbitrary input: a config or errors with positions, never a panic. And the
//! server's "ignore in this project" edit on the same text: on a valid config it yields a valid config
//! that ignores the token too and keeps every other setting.
#![no_main]

use std::path::Path;

use glossary_ls::config::parse_config;
use glossary_ls::lsp::code_actions::add_ignored_token;
use libfuzzer_sys::fuzz_target;

/// The token to ignore: one word, as the server's quick fix offers them.
fn token_of(text: &str) -> String {
    let token: String = text
        .chars()
        .rev()
        .filter(|c| c.is_ascii_alphanumeric())
        .take(6)
        .collect();
    if token.is_empty() {
        "ACME".into()
    } else {
        token
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let path = Path::new("dir/.glossary-ls.toml");
    let config = match parse_config(path, text) {
        Ok(config) => config,
        Err(errors) => {
            assert!(!errors.is_empty());
            return;
        }
    };
    let token = token_of(text);
    match add_ignored_token(text, &token) {
        Ok(None) => assert!(config.ignore.contains(&token), "{token} said to be ignored already"),
        Ok(Some(new_text)) => {
            let edited = parse_config(path, &new_text)
                .unwrap_or_else(|errors| panic!("the edit broke the config: {errors:?}\n{new_text}"));
            assert!(edited.ignore.contains(&token), "{token} not ignored:\n{new_text}");
            let mut expected = config.ignore.clone();
            expected.push(token.clone());
            assert_eq!(edited.ignore, expected);
            assert_eq!(edited.severity, config.severity);
            assert_eq!(edited.glossaries, config.glossaries);
        }
        // A valid config always has a list of strings (or nothing) as `ignore`.
        Err(message) => panic!("cannot add {token} to a valid config: {message}\n{text}"),
    }
});
