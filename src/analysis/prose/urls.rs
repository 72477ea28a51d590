//! Bare URLs (`https://…`, `s3://…`, `www.…`) and e-mail addresses written in running text.
//!
//! pulldown-cmark only knows `<…>` autolinks; GitHub and most sites also link bare URLs, and either way a
//! URL is not prose: `https://github.com/NVIDIA/TRT-LLM` must not count as a use of "TRT" or "LLM". The
//! rules follow GFM's extended autolinks: the URL runs to whitespace or `<`, then loses trailing
//! punctuation and any closing parenthesis or bracket it does not open itself, so `(see https://x.org/a).`
//! excludes exactly `https://x.org/a`.
//!
//! Every function here looks at a bounded window around its trigger byte, so a scan over a whole document
//! stays linear even on hostile input.

use std::ops::Range;

/// The longest scheme we look back for (`git+ssh`, `chrome-extension`).
const MAX_SCHEME: usize = 32;
/// RFC 5321's limits on the two halves of an address.
const MAX_LOCAL: usize = 64;
const MAX_DOMAIN: usize = 255;

fn is_scheme_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')
}

/// The URL whose `://` starts at `colon`, if any: a scheme of at least two characters that starts with a
/// letter and does not continue a word (at most [`MAX_SCHEME`] long), then at least one character of
/// address.
pub(super) fn url_with_scheme(text: &str, colon: usize) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    if bytes.get(colon..colon + 3)? != b"://" {
        return None;
    }
    let mut start = colon;
    while start > 0
        && colon - start < MAX_SCHEME
        && bytes.get(start - 1).copied().is_some_and(is_scheme_byte)
    {
        start -= 1;
    }
    while start < colon && !bytes.get(start)?.is_ascii_alphabetic() {
        start += 1;
    }
    if colon - start < 2
        || (start > 0 && bytes.get(start - 1).is_some_and(u8::is_ascii_alphanumeric))
    {
        return None;
    }
    let end = url_end(text, colon + 3);
    (end > colon + 3).then_some(start..end)
}

/// The URL starting with `www.` at `i`, if `i` does not continue a word and a host name follows.
pub(super) fn url_with_www(text: &str, i: usize) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    let prefix = bytes.get(i..i + 4)?;
    if !prefix.eq_ignore_ascii_case(b"www.") {
        return None;
    }
    if i > 0
        && bytes
            .get(i - 1)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'.')
    {
        return None;
    }
    if !bytes.get(i + 4).is_some_and(u8::is_ascii_alphanumeric) {
        return None;
    }
    Some(i..url_end(text, i + 4))
}

/// Where a URL whose address starts at `from` ends: at whitespace (any, a no-break space included) or a
/// character that cannot be in a URL written in text, less trailing punctuation.
fn url_end(text: &str, from: usize) -> usize {
    let bytes = text.as_bytes();
    let mut end = from;
    // Opened minus closed (), [] and {}, counted on the way so that trimming stays linear.
    let mut balance = [0isize; 3];
    while let Some(&b) = bytes.get(end) {
        if b.is_ascii() {
            if b.is_ascii_whitespace()
                || b.is_ascii_control()
                || matches!(b, b'<' | b'>' | b'"' | b'`' | b'|')
            {
                break;
            }
            if let Some((kind, step)) = bracket(b) {
                if let Some(count) = balance.get_mut(kind) {
                    *count += step;
                }
            }
            end += 1;
        } else {
            match text.get(end..).and_then(|rest| rest.chars().next()) {
                Some(c) if !c.is_whitespace() && !c.is_control() => end += c.len_utf8(),
                _ => break,
            }
        }
    }
    // Trailing punctuation ends the sentence, not the URL; a closing bracket the URL did not open belongs
    // to the text around it.
    while let Some(last) = text.get(from..end).and_then(|url| url.chars().next_back()) {
        let trim = match bracket_char(last) {
            Some((kind, -1)) if balance.get(kind).is_some_and(|&count| count < 0) => {
                if let Some(count) = balance.get_mut(kind) {
                    *count += 1;
                }
                true
            }
            Some(_) => false,
            None => {
                matches!(
                    last,
                    '.' | ',' | ':' | ';' | '!' | '?' | '\'' | '*' | '_' | '~'
                ) || (!last.is_ascii() && !last.is_alphanumeric())
            }
        };
        if !trim {
            break;
        }
        end -= last.len_utf8();
    }
    end
}

/// Which bracket pair a byte belongs to, and +1 for opening, -1 for closing.
fn bracket(b: u8) -> Option<(usize, isize)> {
    match b {
        b'(' => Some((0, 1)),
        b')' => Some((0, -1)),
        b'[' => Some((1, 1)),
        b']' => Some((1, -1)),
        b'{' => Some((2, 1)),
        b'}' => Some((2, -1)),
        _ => None,
    }
}

fn bracket_char(c: char) -> Option<(usize, isize)> {
    u8::try_from(c).ok().and_then(bracket)
}

fn is_local_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'%' | b'+' | b'-')
}

fn is_domain_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-')
}

/// The e-mail address around the `@` at `at`, if any (with a `mailto:` before it): a local part, and a
/// domain of at least two labels whose last is at least two letters.
pub(super) fn email(bytes: &[u8], at: usize) -> Option<Range<usize>> {
    if bytes.get(at) != Some(&b'@') {
        return None;
    }
    let mut start = at;
    while start > 0
        && at - start <= MAX_LOCAL
        && bytes.get(start - 1).copied().is_some_and(is_local_byte)
    {
        start -= 1;
    }
    if start == at || at - start > MAX_LOCAL || bytes.get(start) == Some(&b'.') {
        return None;
    }
    let mut end = at + 1;
    while end - at <= MAX_DOMAIN && bytes.get(end).copied().is_some_and(is_domain_byte) {
        end += 1;
    }
    while end > at + 1 && matches!(bytes.get(end - 1), Some(b'.' | b'-')) {
        end -= 1;
    }
    let domain = bytes.get(at + 1..end)?;
    let last_dot = domain.iter().rposition(|&b| b == b'.')?;
    let tld = domain.get(last_dot + 1..)?;
    if last_dot == 0
        || tld.len() < 2
        || !tld.iter().all(u8::is_ascii_alphabetic)
        || domain.windows(2).any(|w| w == b"..")
    {
        return None;
    }
    if start >= 7
        && bytes
            .get(start - 7..start)
            .is_some_and(|p| p.eq_ignore_ascii_case(b"mailto:"))
    {
        start -= 7;
    }
    Some(start..end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scheme_url(text: &str) -> Option<&str> {
        let colon = text.find("://")?;
        url_with_scheme(text, colon).map(|r| &text[r])
    }

    #[test]
    fn urls_lose_trailing_punctuation_and_unopened_brackets() {
        assert_eq!(scheme_url("see https://x.org/a."), Some("https://x.org/a"));
        assert_eq!(
            scheme_url("(see https://x.org/a)."),
            Some("https://x.org/a")
        );
        assert_eq!(
            scheme_url("https://en.wikipedia.org/wiki/A_(b)"),
            Some("https://en.wikipedia.org/wiki/A_(b)")
        );
        assert_eq!(scheme_url("**https://x.org/a**"), Some("https://x.org/a"));
        assert_eq!(scheme_url("| https://x.org|b |"), Some("https://x.org"));
        assert_eq!(scheme_url("s3://bucket/key"), Some("s3://bucket/key"));
        assert_eq!(
            scheme_url("git+https://github.com/a/b.git"),
            Some("git+https://github.com/a/b.git")
        );
        assert_eq!(
            scheme_url("(https://x.org/a)\u{a0}| next"),
            Some("https://x.org/a")
        );
        assert_eq!(scheme_url("«https://x.org/a»."), Some("https://x.org/a"));
        assert_eq!(scheme_url("https://x.org/é"), Some("https://x.org/é"));
        assert_eq!(scheme_url("x://y"), None);
        assert_eq!(scheme_url("https://"), None);
        assert_eq!(scheme_url("://x"), None);
    }

    #[test]
    fn www_needs_a_word_start() {
        let text = "visit www.example.com, or wwww.x";
        assert_eq!(
            url_with_www(text, 6).map(|r| &text[r]),
            Some("www.example.com")
        );
        assert_eq!(url_with_www(text, 27), None);
        assert_eq!(url_with_www("www.", 0), None);
    }

    fn mail(text: &str) -> Option<&str> {
        email(text.as_bytes(), text.find('@')?).map(|r| &text[r])
    }

    #[test]
    fn emails() {
        assert_eq!(
            mail("write to deepspeed-info@microsoft.com."),
            Some("deepspeed-info@microsoft.com")
        );
        assert_eq!(mail("mailto:a.b@c.co.uk"), Some("mailto:a.b@c.co.uk"));
        assert_eq!(mail("@decorator"), None);
        assert_eq!(mail("user@localhost"), None);
        assert_eq!(mail("pkg@1.2.3"), None);
        assert_eq!(mail("a@b..com"), None);
        assert_eq!(mail(".a@b.com"), None);
    }
}
