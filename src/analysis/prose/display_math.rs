//! TeX display math written with one backslash, `\[ … \]`, or as a bare math environment
//! (`\begin{align} … \end{align}`): what MathJax (Jupyter, MkDocs arithmatex, many static sites)
//! renders as display math, which pulldown-cmark knows nothing of. The character pre-scan
//! ([`super::exclusions`]) finds the spans; this module holds the evidence it asks for.
//!
//! `\[` is also Markdown's escaped bracket ("\[1\] Smith et al.", "see \[here\]"), so a span needs
//! evidence that it is math:
//! - where `\[` opens a line (after indentation, block quote markers and list markers) and `\]` ends
//!   one, as display math is written (on one line or several), its content must hold a TeX command
//!   (`\frac`), `^`, `_`, a brace or `=`, which a bracketed label or reference number does not, and
//!   text follows those (`- \[Paper\]\(https://x.org/?a=b\)`, `\[1\] Smith et al.`);
//! - anywhere else, its content must hold a TeX command: an escaped bracket around running text
//!   never does.
//!
//! An environment is math by its name alone (`equation`, `align*`…, not `itemize` or `figure`),
//! and closes at `\end{` of the same name. Like `$$…$$`, which pulldown-cmark reads inline, a span
//! closes before the next blank line (a blank line ends the paragraph a renderer would hand to
//! MathJax, and the incremental reader relies on no pre-scan span crossing one).

/// The math environments, with the closer of each (static, for the cached searches of
/// [`super::exclusions`]).
pub(super) const ENVIRONMENTS: &[(&str, &str)] = &[
    ("equation", "\\end{equation}"),
    ("equation*", "\\end{equation*}"),
    ("align", "\\end{align}"),
    ("align*", "\\end{align*}"),
    ("alignat", "\\end{alignat}"),
    ("alignat*", "\\end{alignat*}"),
    ("flalign", "\\end{flalign}"),
    ("flalign*", "\\end{flalign*}"),
    ("gather", "\\end{gather}"),
    ("gather*", "\\end{gather*}"),
    ("multline", "\\end{multline}"),
    ("multline*", "\\end{multline*}"),
    ("eqnarray", "\\end{eqnarray}"),
    ("eqnarray*", "\\end{eqnarray*}"),
    ("displaymath", "\\end{displaymath}"),
    ("math", "\\end{math}"),
    ("subequations", "\\end{subequations}"),
    ("aligned", "\\end{aligned}"),
    ("gathered", "\\end{gathered}"),
    ("split", "\\end{split}"),
    ("cases", "\\end{cases}"),
    ("array", "\\end{array}"),
    ("matrix", "\\end{matrix}"),
    ("pmatrix", "\\end{pmatrix}"),
    ("bmatrix", "\\end{bmatrix}"),
    ("Bmatrix", "\\end{Bmatrix}"),
    ("vmatrix", "\\end{vmatrix}"),
    ("Vmatrix", "\\end{Vmatrix}"),
    ("smallmatrix", "\\end{smallmatrix}"),
];

/// The longest environment name looked for.
const MAX_NAME: usize = 16;

/// The index in [`ENVIRONMENTS`] of the math environment whose `\begin{` is at `at`, and where
/// its body starts (after the `}`).
pub(super) fn environment(bytes: &[u8], at: usize) -> Option<(usize, usize)> {
    let rest = bytes.get(at..)?.strip_prefix(b"\\begin{")?;
    let len = rest.iter().take(MAX_NAME + 1).position(|&b| b == b'}')?;
    let name = rest.get(..len)?;
    let k = ENVIRONMENTS
        .iter()
        .position(|(n, _)| n.as_bytes() == name)?;
    Some((k, at + "\\begin{".len() + len + 1))
}

/// Whether the `\[` at `at` opens its line: only indentation, block quote markers (`>`) and list
/// markers (`-`, `*`, `+`, `1.`, `1)`, each followed by a space) come before it.
pub(super) fn opens_line(bytes: &[u8], at: usize) -> bool {
    // Back over what may make up such a prefix, to the start of the line; anything else (or a
    // backslash before: `\\[`) means the `\[` does not open the line. Each step back stops at a byte
    // outside the set, so all the walks of a scan are linear together.
    let mut start = at;
    while let Some(&b) = start.checked_sub(1).and_then(|p| bytes.get(p)) {
        match b {
            b'\n' | b'\r' => break,
            b' ' | b'\t' | b'>' | b'-' | b'*' | b'+' | b'.' | b')' | b'0'..=b'9' => start -= 1,
            _ => return false,
        }
    }
    let prefix = bytes.get(start..at).unwrap_or_default();
    let mut i = 0;
    while let Some(&b) = prefix.get(i) {
        i += match b {
            b' ' | b'\t' | b'>' => 1,
            b'-' | b'*' | b'+' if spaced(prefix, i + 1) => 2,
            b'0'..=b'9' => {
                let digits = prefix
                    .get(i..)
                    .unwrap_or_default()
                    .iter()
                    .take_while(|b| b.is_ascii_digit())
                    .count();
                if digits > 9
                    || !matches!(prefix.get(i + digits), Some(b'.' | b')'))
                    || !spaced(prefix, i + digits + 1)
                {
                    return false;
                }
                digits + 2
            }
            _ => return false,
        };
    }
    true
}

/// Whether only spaces and tabs follow `at` on its line.
pub(super) fn ends_line(bytes: &[u8], at: usize) -> bool {
    let rest = bytes.get(at..).unwrap_or_default();
    let n = rest
        .iter()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count();
    matches!(rest.get(n), None | Some(b'\n' | b'\r'))
}

/// Whether the marker ending before `i` is followed by a space or tab (the `\[` itself counts:
/// there must be one before it).
fn spaced(prefix: &[u8], i: usize) -> bool {
    matches!(prefix.get(i), Some(b' ' | b'\t'))
}

/// Whether the content of a `\[ … \]` span is math: see the module comment. `alone`: the span
/// opens its first line and ends its last.
pub(super) fn is_math(content: &[u8], alone: bool) -> bool {
    let command = content
        .windows(2)
        .any(|w| matches!(w, [b'\\', b] if b.is_ascii_alphabetic()));
    command
        || (alone
            && content
                .iter()
                .any(|b| matches!(b, b'^' | b'_' | b'{' | b'}' | b'=')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_openers() {
        let opens = |s: &str| opens_line(s.as_bytes(), s.find("\\[").unwrap());
        for s in [
            "\\[", "  \\[", "> \\[", "> > \\[", "- \\[", "1. \\[", "> 2) \\[", "* > \\[",
        ] {
            assert!(opens(s), "{s}");
        }
        for s in [
            "a \\[",
            "-\\[",
            "1.\\[",
            "\\\\[",
            "x\n> b \\[",
            "1234567890. \\[",
        ] {
            assert!(!opens(s), "{s}");
        }
        assert!(opens("text\n  \\["));
    }

    #[test]
    fn math_needs_evidence() {
        assert!(is_math(b" \\max_\\pi x ", false));
        assert!(is_math(b"x^2", true));
        assert!(is_math(b"a = b", true));
        assert!(!is_math(b"x^2", false));
        assert!(!is_math(b"1", true));
        assert!(!is_math(
            b"Status of ADR e.g. approved, amended, etc.",
            true
        ));
        assert!(!is_math(b"\\*", false));
    }

    #[test]
    fn environments_by_name() {
        let at = |s: &str| environment(s.as_bytes(), 0).map(|(k, body)| (ENVIRONMENTS[k].0, body));
        assert_eq!(at("\\begin{align*}\nx"), Some(("align*", 14)));
        assert_eq!(at("\\begin{equation}"), Some(("equation", 16)));
        assert_eq!(at("\\begin{itemize}"), None);
        assert_eq!(at("\\begin{align"), None);
        assert_eq!(at("\\begin{verylongenvironmentname}"), None);
    }
}
