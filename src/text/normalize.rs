//! Loose keys for looking a term up by any spelling a person might type: `kv caches`, `Dr. GRPO`,
//! `Goodhart's law`, `mixture-of-experts`.

/// Folds a spelling to its lookup key: lower case, with everything that is not a letter or a digit
/// removed (spaces, hyphens, dashes, dots, quotes and apostrophes of every kind).
pub fn lookup_key(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The keys to try for a query, most exact first: the key itself, then the key without a plural or
/// possessive ending (`caches` → `cache`, `llms` → `llm`, `policies` → `policy`).
pub fn query_keys(text: &str) -> Vec<String> {
    let key = lookup_key(text);
    let mut keys = vec![key.clone()];
    if let Some(stem) = key.strip_suffix("ies") {
        keys.push(format!("{stem}y"));
    }
    if let Some(stem) = key.strip_suffix("es") {
        keys.push(stem.to_string());
    }
    if let Some(stem) = key.strip_suffix('s') {
        keys.push(stem.to_string());
    }
    keys.retain(|k| !k.is_empty());
    keys.dedup();
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_case_punctuation_and_spacing() {
        assert_eq!(lookup_key("Dr. GRPO"), lookup_key("Dr.GRPO"));
        assert_eq!(lookup_key("Goodhart's law"), lookup_key("Goodhart’s law"));
        assert_eq!(
            lookup_key("chain of thought"),
            lookup_key("chain-of-thought")
        );
        assert_eq!(lookup_key("Tülu 3"), "tülu3");
    }

    #[test]
    fn plural_queries_try_the_singular() {
        assert!(query_keys("kv caches").contains(&"kvcache".to_string()));
        assert!(query_keys("LLMs").contains(&"llm".to_string()));
        assert!(query_keys("policies").contains(&"policy".to_string()));
    }
}
