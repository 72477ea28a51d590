//! Backticked code on the lines of an HTML block.
//!
//! CommonMark reads an HTML block's lines as raw HTML: `` `x` `` there is no code span, and GitHub
//! shows the backticks. But a writer who puts backticks around `train(mode="SFT")` in a table
//! inside `<div>` (or a component that CommonMark takes for HTML) meant code, and a reader sees
//! code-like text between literal backticks: it is no more prose than a code span. So on each line
//! of an HTML block, a run of backticks and the next run of the same length on the same line, with
//! what lies between, are cut out of the prose with a [`super::Join::Break`], as a code span is; the
//! rest of the line goes to the HTML block reader as before. A run without a match is text.

use std::ops::Range;

use super::builder::Collector;
use super::html_block::HtmlBlockReader;
use super::Join;

/// Reads one HTML block line (`range` of `src`) with `reader`, its backticked code cut out.
pub(super) fn line(
    reader: &mut HtmlBlockReader,
    src: &str,
    range: Range<usize>,
    col: &mut Collector,
) {
    let mut at = range.start;
    for span in code_spans(src.as_bytes(), range.clone()) {
        reader.line(src, at..span.start, col);
        // Inside a code-like element (`<pre>`) nothing is read on either side: the break joins
        // nothing.
        col.join(Join::Break);
        at = span.end;
    }
    reader.line(src, at..range.end, col);
}

/// The code spans in `range` of `bytes`: a backtick run and the next run of the same length on the
/// same line. A run without a match is text, and, unlike CommonMark, the runs after it on its line
/// are then too (it waits for its match to the end of the line): linear, and rare in HTML.
fn code_spans(bytes: &[u8], range: Range<usize>) -> Vec<Range<usize>> {
    let run = |at: usize| {
        bytes
            .get(at..range.end)
            .unwrap_or_default()
            .iter()
            .take_while(|&&b| b == b'`')
            .count()
    };
    let mut spans = Vec::new();
    let mut i = range.start;
    let mut open: Option<(usize, usize)> = None;
    while let Some(&b) = bytes.get(i).filter(|_| i < range.end) {
        match b {
            b'`' => {
                let n = run(i);
                match open {
                    Some((start, m)) if m == n => {
                        spans.push(start..i + n);
                        open = None;
                    }
                    Some(_) => {}
                    None => open = Some((i, n)),
                }
                i += n;
            }
            b'\n' | b'\r' => {
                open = None;
                i += 1;
            }
            _ => i += 1,
        }
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(s: &str) -> Vec<&str> {
        code_spans(s.as_bytes(), 0..s.len())
            .into_iter()
            .map(|r| &s[r])
            .collect()
    }

    #[test]
    fn runs_of_the_same_length_on_one_line() {
        assert_eq!(
            spans("| a | `x(\"SFT\")` | ``b`c`` |"),
            ["`x(\"SFT\")`", "``b`c``"]
        );
        assert!(spans("a ` b\nc ` d").is_empty());
        assert!(spans("lone ` tick").is_empty());
    }
}
