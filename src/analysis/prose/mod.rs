//! TEMPORARY stand-in with the agreed interface; replaced by the real module from the `prose` branch.

use std::ops::Range;

use super::DocKind;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Prose {
    pub blocks: Vec<Block>,
    pub abbreviations: Vec<AbbreviationDef>,
    pub abbr_elements: Vec<AbbrElement>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AbbreviationDef {
    pub acronym: Range<usize>,
    pub expansion: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AbbrElement {
    pub title: Range<usize>,
    pub text: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    pub starts_list_item: bool,
    pub segments: Vec<Segment>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Heading,
    Body,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub range: Range<usize>,
    pub join: Join,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Join {
    Direct,
    Space,
    Break,
}

pub fn prose(text: &str, _kind: DocKind) -> Prose {
    let mut blocks = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim().is_empty() {
            continue;
        }
        let (kind, skip) = if content.starts_with('#') {
            (
                BlockKind::Heading,
                content.len() - content.trim_start_matches('#').trim_start().len(),
            )
        } else if let Some(rest) = content.strip_prefix("- ") {
            let _ = rest;
            (BlockKind::Body, 2)
        } else {
            (BlockKind::Body, 0)
        };
        blocks.push(Block {
            kind,
            starts_list_item: content.starts_with("- "),
            segments: vec![Segment {
                range: start + skip..start + content.len(),
                join: Join::Direct,
            }],
        });
    }
    Prose {
        blocks,
        abbreviations: Vec::new(),
        abbr_elements: Vec::new(),
    }
}
