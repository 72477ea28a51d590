//! Where a token stands, and so whether it is a use of an acronym and whether a fix may edit it. This is
//! the one place that decides.
//!
//! A writer spells an acronym out in their own running text. Other text carries acronyms too, and a
//! finding or a fix there misleads:
//!
//! | place | examples | a use? | editable? |
//! |---|---|---|---|
//! | heading | headings, titles, a bold run-in label (`**Fast SM use**: …`) | no | no |
//! | name | `Mixtral-MoE`, `FP6-LLM`, `Llama-3.1-Tulu-3-8B-SFT`, `JSON-RPC`, `KL-Cov`, `MLC LLM`, `MLX LM`; a word between stray backticks | no | no |
//! | citation | a cited title (`[Low-Rank Adaptation of Large Language Models](…)`, or `[MMMU](…) (A Massive … Benchmark for Expert AGI)`), a citation marker (`[[DNO](…)]`), a reference entry, a References section | no | no |
//! | news | a news or changelog item (`[2025/02] …`, `**v1.0**: …`); its definitions still count | no | no |
//! | quotation | a block quote, a paragraph wholly in italics (a quoted abstract), a quoted sentence | no | no |
//! | off | between `<!-- glossary-ls-disable -->` and `<!-- glossary-ls-enable -->`; its definitions do not count | no | no |
//! | body | everything else | yes | yes, except in a link text, a slash or plus list (`DPO/IPO`, `TP+SP`) or a table laid out by columns (reStructuredText's grid and simple tables) |
//!
//! A use inside a name neither satisfies nor breaks first-use order: "Mixtral-MoE" is a model, and it
//! says nothing about whether the reader knows what an MoE is.

use std::cell::Cell;
use std::ops::Range;

use super::flat::Flat;
use super::prose::{Prose, RegionKind};
use crate::text::ranges::first_from;
use crate::text::slice::Slice;

/// Where a token stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Place {
    /// The author's running text: a use.
    Body,
    /// A heading, a title or a run-in label: never a first use, never a finding.
    Heading,
    /// Part of a hyphenated name (`Mixtral-MoE`): not a use of the acronym.
    Name,
    /// A cited title or a reference entry: not a use, and what it defines is the cited work's.
    Citation,
    /// A news or changelog item (`[2025/02] …`): not a first use, but the author's words, so its
    /// definitions count ("We add Mixture-of-Experts (MoE) support").
    News,
    /// Someone else's words: not a use, never edited.
    Quotation,
    /// Where the writer turned checking off (`<!-- glossary-ls-disable -->`): acronyms mentioned, not
    /// used ("the ML acronyms (LLM, RL, SFT)"). Not a use, never edited, and defines nothing.
    Off,
}

/// What the engine needs to know about one token's surroundings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Surroundings {
    pub place: Place,
    /// A fix may replace the token: body text outside link texts and slash or plus lists.
    pub editable: bool,
    /// The token opens a sentence (or a block), so a spelled-out form starts with a capital.
    pub starts_sentence: bool,
    /// The token stands in a table or a link text, where names of things (benchmarks, products) cluster.
    pub in_table_or_link: bool,
    /// The token is a short table cell's (`| MLA |`, a label: [`Place::Heading`]) and would be a use
    /// anywhere else: not a use a fix may edit, but where the reader first meets the acronym, so a
    /// finding about a later use stands here.
    pub table_label: bool,
}

/// Where a token stands before the words beside it are read: every place but [`Place::Name`] is
/// decided here, and the rest is what [`Places::surroundings`] reads on.
struct Standing {
    block_range: Range<usize>,
    /// The link text around the token.
    link: Option<Range<usize>>,
    /// The place, unless it is [`Place::Body`] or [`Place::Name`] (the words beside it decide), or a
    /// table's label cell makes it [`Place::Heading`] ([`Standing::place`]).
    decided: Option<Place>,
    topic_link: bool,
    in_table: bool,
    aligned: bool,
    set_apart: bool,
    label_cell_only: bool,
    off: bool,
}

impl Standing {
    /// The place, with [`Place::Body`] for a name's too: the place [`Places::surroundings`] gives
    /// whenever it is not one of those two.
    fn place(&self) -> Place {
        labelled(
            self.decided.unwrap_or(Place::Body),
            self.label_cell_only,
            self.off,
        )
    }
}

/// A token in a table's label cell, where checking is on, is a heading's whatever it would be
/// elsewhere (see [`Surroundings::table_label`]).
fn labelled(place: Place, label_cell_only: bool, off: bool) -> Place {
    if label_cell_only && !off {
        Place::Heading
    } else {
        place
    }
}

/// Which words beside a token make it part of a multi-word name (see [`beside_a_name`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NamingNeighbours {
    /// A CamelCase word before it or a capitalised word after it make a multi-word name.
    EitherSide,
    /// Only a capitalised word after it does: an abbreviation writers spell out ("PyTorch FSDP").
    After,
    /// Neither does: a known name's wrong spelling.
    Neither,
}

/// The regions of one kind, merged, sorted and disjoint.
#[derive(Debug, Default)]
struct Ranges {
    ranges: Vec<Range<usize>>,
    /// Where the last lookup landed (see [`first_from`]).
    last: Cell<usize>,
    /// Where the last [`Ranges::clipped_to`] landed.
    walk: Cell<usize>,
    /// Where the last [`Ranges::last_ending_by`] landed.
    ended: Cell<usize>,
}

impl Ranges {
    fn new(ranges: Vec<Range<usize>>) -> Ranges {
        Ranges {
            ranges: crate::text::ranges::merge(ranges),
            last: Cell::new(0),
            walk: Cell::new(0),
            ended: Cell::new(0),
        }
    }

    /// Appends to `out` the ranges that meet `span`, cut to it and relative to its start, tagged
    /// `kind`; with whether every one of them lies wholly inside `span`, and the start of the first
    /// range that does not end before `span` (`usize::MAX` if none); or `None` when an offset does
    /// not fit in 32 bits. Whether a range inside `span` is contained in one of these depends only
    /// on what this lists.
    fn clipped_to(
        &self,
        span: &Range<usize>,
        kind: u8,
        out: &mut Vec<[u32; 3]>,
    ) -> Option<(bool, usize)> {
        let first = first_from(&self.ranges, &self.walk, |r| r.end < span.start);
        let rest = self.ranges.get(first..).unwrap_or_default();
        let mut inside = true;
        for r in rest.iter().take_while(|r| r.start <= span.end) {
            inside &= span.start <= r.start && r.end <= span.end;
            let start = r.start.max(span.start);
            let end = r.end.min(span.end).max(start);
            let narrow = |n: usize| u32::try_from(n - span.start).ok();
            out.push([u32::from(kind), narrow(start)?, narrow(end)?]);
        }
        Some((inside, rest.first().map_or(usize::MAX, |r| r.start)))
    }

    /// The range that holds all of `inner`, if any.
    fn containing(&self, inner: &Range<usize>) -> Option<&Range<usize>> {
        let index = first_from(&self.ranges, &self.last, |r| r.end < inner.end);
        self.ranges
            .get(index)
            .filter(|r| r.start <= inner.start && inner.end <= r.end)
    }

    fn contains(&self, inner: &Range<usize>) -> bool {
        self.containing(inner).is_some()
    }

    /// The last range that ends at or before `at`, if any.
    fn last_ending_by(&self, at: usize) -> Option<&Range<usize>> {
        let index = first_from(&self.ranges, &self.ended, |r| r.end <= at);
        self.ranges.get(index.checked_sub(1)?)
    }
}

/// What a flat block says about the tokens in it. It depends on the block's text alone (offsets are
/// relative to the block's start), so it is worked out once per block text and kept with the block's
/// scan from one analysis to the next ([`super::blocks`]).
#[derive(Debug, Default)]
pub struct BlockFacts {
    /// The block reads as a reference entry or a BibTeX record.
    citation: bool,
    /// The block is a news or changelog item.
    news: bool,
    /// The block is a turn of a recorded conversation ("Human: …", "**Assistant:** …"): a model's or
    /// a user's words, quoted as a whole.
    turn: bool,
    /// Quoted passages of three words or more.
    quoted: Vec<Range<usize>>,
    /// Words in quotation marks, one or two ("the "KV cache" size", "the so-called "LoRA trick""):
    /// the writer's own use, but set apart; a spelled-out form inside the marks would change what
    /// they enclose.
    set_apart: Vec<Range<usize>>,
    /// The lead-in before a colon ("LR scheduler warmup steps: 2000") the block would have as a list
    /// item's first block; it counts only there.
    lead_in: Option<Range<usize>>,
    /// Pandoc citations in square brackets ("[SLiC, @Zhao2022]", "[see IPO, @Azar2023; and KTO,
    /// @Ethayarajh2024]"), which Quarto and Pandoc Markdown render as a parenthetical reference.
    cited: Vec<Range<usize>>,
}

impl BlockFacts {
    /// The facts of a block whose flat text is `text`.
    pub fn of(text: &str) -> BlockFacts {
        let Quoted {
            passages: quoted,
            words: set_apart,
        } = quoted_runs(text);
        BlockFacts {
            lead_in: lead_in(text),
            citation: reads_as_reference(text),
            news: starts_with_date(text) || starts_with_version(text),
            turn: opens_a_turn(text),
            quoted,
            set_apart,
            cited: pandoc_citations(text),
        }
    }
}

/// The facts of each block of a document, by block index (see [`super::blocks::Scans::facts`]).
pub trait FactsOfBlocks {
    /// The facts of block `index` of the flat text, whose text is `text`.
    fn facts(&self, index: usize, text: &str) -> Option<&BlockFacts>;
}

/// Where [`Places::regions_in`] lists link texts among the kinds it walks: last, tagged `u8::MAX`.
const LINK_TEXTS: usize = 8;

/// Decides the place of each token of one document.
pub struct Places<'a> {
    source: &'a str,
    flat: &'a Flat,
    quotations: Ranges,
    off: Ranges,
    link_texts: Ranges,
    labels: Ranges,
    project_links: Ranges,
    topic_links: Ranges,
    citations: Ranges,
    tables: Ranges,
    aligned_tables: Ranges,
    /// The texts of the links to a project (`[PEFT](https://github.com/huggingface/peft)`): the names
    /// this document gives software.
    linked_projects: Vec<&'a str>,
    /// What each block's own text says, kept with the block's scan.
    blocks: &'a dyn FactsOfBlocks,
    /// The block the last token stood in (see [`first_from`]).
    last_block: Cell<usize>,
    /// The start of the last span [`Places::regions_in`] walked the regions for, and the first start
    /// of a range of any kind that had not ended before it: no later span that starts no earlier
    /// and ends before that meets a region.
    quiet: Cell<Option<(usize, usize)>>,
    /// The last block asked for its start in the source, with that start ([`Places::titles_a_link`]).
    block_source: Cell<Option<(usize, usize)>>,
    /// Whether the glossary knows a word as an acronym that writers spell out (for the audience
    /// checked for): two of them joined by a hyphen are a pair of uses, not a name ([`in_name`]).
    spelled_out: &'a dyn Fn(&str) -> bool,
    /// The names asked of [`Places::names_linked_software`] since [`Places::take_linked_asked`],
    /// with the answers: a question about the whole document that a token's place depends on.
    linked_asked: std::cell::RefCell<Vec<(Box<str>, bool)>>,
}

impl<'a> Places<'a> {
    pub fn new(
        source: &'a str,
        prose: &Prose,
        flat: &'a Flat,
        blocks: &'a dyn FactsOfBlocks,
        spelled_out: &'a dyn Fn(&str) -> bool,
    ) -> Places<'a> {
        let of_kind = |kind: RegionKind| {
            Ranges::new(
                prose
                    .regions
                    .iter()
                    .filter(|r| r.kind == kind)
                    .map(|r| r.range.clone())
                    .collect(),
            )
        };
        let project_links = of_kind(RegionKind::ProjectLink);
        let linked_projects = project_links
            .ranges
            .iter()
            .map(|link| source.slice(link.clone()).trim())
            .collect();
        Places {
            source,
            flat,
            linked_projects,
            quotations: of_kind(RegionKind::Quotation),
            off: of_kind(RegionKind::Off),
            link_texts: of_kind(RegionKind::LinkText),
            labels: of_kind(RegionKind::Label),
            project_links,
            topic_links: of_kind(RegionKind::TopicLink),
            citations: of_kind(RegionKind::Citations),
            tables: of_kind(RegionKind::Table),
            aligned_tables: of_kind(RegionKind::AlignedTable),
            blocks,
            last_block: Cell::new(0),
            quiet: Cell::new(None),
            block_source: Cell::new(None),
            spelled_out,
            linked_asked: Default::default(),
        }
    }

    /// The regions that meet `span` (source offsets), each as (kind, start, end) cut to the span and
    /// relative to its start, in `out`. Where a token of a block whose pieces span `span` stands
    /// depends on the regions only through this list, as long as every link text listed lies inside
    /// the span (its whole text is read): `false` when one does not, or when an offset does not fit
    /// in 32 bits.
    ///
    /// Asked for every block of the document on every analysis, in document order, and most blocks
    /// meet no region: after each answer it keeps the first start among the ranges of every kind that
    /// had not ended before the span, and a later span that starts no earlier and ends before that
    /// meets none. Past that, a kind whose next range starts after the span is passed over.
    pub fn regions_in(&self, span: &Range<usize>, out: &mut Vec<[u32; 3]>) -> bool {
        out.clear();
        let forward = self.quiet.get().filter(|&(from, _)| from <= span.start);
        if forward.is_some_and(|(_, next)| span.end < next) {
            return true;
        }
        let forward = forward.is_some();
        self.quiet.set(None);
        let mut next = usize::MAX;
        for (kind, ranges) in [
            &self.quotations,
            &self.off,
            &self.labels,
            &self.project_links,
            &self.topic_links,
            &self.citations,
            &self.tables,
            &self.aligned_tables,
            &self.link_texts,
        ]
        .into_iter()
        .enumerate()
        {
            // Every range before the last walk's end ended before the last span started, and so
            // before this one: when the range there starts after this span, none of the kind meets it.
            if forward {
                let ahead = ranges.ranges.get(ranges.walk.get()).map(|r| r.start);
                if ahead.is_none_or(|start| start > span.end) {
                    next = next.min(ahead.unwrap_or(usize::MAX));
                    continue;
                }
            }
            // Only containment is asked of all but link texts: they may reach past the block.
            let link = kind == LINK_TEXTS;
            let tag = if link { u8::MAX } else { kind as u8 };
            match ranges.clipped_to(span, tag, out) {
                Some((inside, first)) => {
                    next = next.min(first);
                    if link && !inside {
                        return false;
                    }
                }
                None => return false,
            }
        }
        self.quiet.set(Some((span.start, next)));
        true
    }

    /// The names asked of the document's project links since the last call, with the answers.
    pub fn take_linked_asked(&self) -> Vec<(Box<str>, bool)> {
        std::mem::take(&mut *self.linked_asked.borrow_mut())
    }

    /// Whether the document links a project by the text `name` (see
    /// [`Places::names_linked_software`]).
    pub fn links_project_named(&self, name: &str) -> bool {
        self.linked_projects.contains(&name)
    }

    /// The surroundings of the text at `flat_range` (flat offsets) and `range` (source offsets): a
    /// term, or a token that is not an abbreviation writers spell out.
    pub fn of(&mut self, flat_range: Range<usize>, range: Range<usize>) -> Surroundings {
        self.surroundings(flat_range, range, NamingNeighbours::EitherSide, None)
    }

    /// The surroundings of an acronym token; `spelled_out` says whether the glossary knows it as an
    /// abbreviation writers spell out (FSDP, ZeRO), which after a CamelCase name ("PyTorch FSDP",
    /// "DeepSpeed ZeRO") is still a use of its own (see [`beside_a_name`]). `term_end` is where a
    /// glossary term that the token starts ends (flat offset), when the term goes on after it: its
    /// words are the term's, capitalised or not ("FP8 KV Cache" is the KV cache in Title Case), and
    /// only a word after the term can make a name with it.
    pub fn of_token(
        &mut self,
        flat_range: Range<usize>,
        range: Range<usize>,
        spelled_out: bool,
        term_end: Option<usize>,
    ) -> Surroundings {
        let neighbours = if spelled_out {
            NamingNeighbours::After
        } else {
            NamingNeighbours::EitherSide
        };
        self.surroundings(flat_range, range, neighbours, term_end)
    }

    /// The surroundings of a wrong spelling of a name the glossary knows: capitalised words beside it
    /// make no other name, for the name it misspells is wrong in any longer one ("Huggingface Hub",
    /// "Pytorch Lightning"), nor do the parts of a hyphenated name ("Deepseek-V2").
    pub fn of_wrong_spelling(
        &mut self,
        flat_range: Range<usize>,
        range: Range<usize>,
    ) -> Surroundings {
        self.surroundings(flat_range, range, NamingNeighbours::Neither, None)
    }

    /// [`Places::of`]'s place alone: what makes the token editable, and whether it opens a
    /// sentence, are not read.
    pub fn place_of(&mut self, flat_range: Range<usize>, range: Range<usize>) -> Place {
        let standing = self.standing(flat_range.clone(), range.clone());
        let place = self.place_before_labels(
            standing.decided,
            (&flat_range, &range),
            (
                &standing.block_range,
                standing.link.as_ref(),
                standing.topic_link,
            ),
            NamingNeighbours::EitherSide,
            None,
        );
        labelled(place, standing.label_cell_only, standing.off)
    }

    /// The place of the text at `flat_range` (flat offsets) and `range` (source offsets) as far as
    /// the words beside it decide nothing: [`Place::Body`] stands for [`Place::Name`] too. A
    /// definition's acronym asks only whether it stands in a citation, a heading, a quotation or
    /// where checking is off, and this is the part of [`Places::surroundings`] that decides those.
    pub fn place_apart_from_names(
        &mut self,
        flat_range: Range<usize>,
        range: Range<usize>,
    ) -> Place {
        self.standing(flat_range, range).place()
    }

    fn surroundings(
        &mut self,
        flat_range: Range<usize>,
        range: Range<usize>,
        neighbours: NamingNeighbours,
        term_end: Option<usize>,
    ) -> Surroundings {
        let Standing {
            block_range,
            link,
            decided,
            topic_link,
            in_table,
            aligned,
            set_apart,
            label_cell_only,
            off,
        } = self.standing(flat_range.clone(), range.clone());
        let text = &self.flat.text;
        let place = self.place_before_labels(
            decided,
            (&flat_range, &range),
            (&block_range, link.as_ref(), topic_link),
            neighbours,
            term_end,
        );
        let table_label = label_cell_only && place == Place::Body;
        let place = labelled(place, label_cell_only, off);
        // A link whose whole text is the acronym ("[RSO](…)") reads as well spelled out; a longer link
        // text is a name or a title that a fix must leave alone.
        let whole_link = link.as_ref().is_none_or(|l| {
            self.source.slice(l.clone()).trim() == self.source.slice(range.clone())
        });
        let before_in_block = text.slice(block_range.start..flat_range.start);
        Surroundings {
            place,
            editable: place == Place::Body
                && !aligned
                && !set_apart
                && whole_link
                && !in_slash_or_plus_list(text, &flat_range)
                && reads_well_spelled_out(before_in_block, text.slice(flat_range.end..)),
            starts_sentence: starts_sentence(text.slice(block_range.start..flat_range.start))
                || self.follows_a_label(&range),
            in_table_or_link: link.is_some() || in_table,
            table_label,
        }
    }

    /// The place `decided` by where a token stands, or else whether the words beside it make it part
    /// of a name; before a table's label cell makes it a heading's ([`labelled`]).
    fn place_before_labels(
        &self,
        decided: Option<Place>,
        (flat_range, range): (&Range<usize>, &Range<usize>),
        (block_range, link, topic_link): (&Range<usize>, Option<&Range<usize>>, bool),
        neighbours: NamingNeighbours,
        term_end: Option<usize>,
    ) -> Place {
        let text = &self.flat.text;
        match decided {
            Some(place) => place,
            None if (neighbours != NamingNeighbours::Neither
            // A glossary term the token starts holds its words ("KV-Cache" is the KV cache): only a
            // part after the term can make a name with it.
            && in_name(
                text,
                &(flat_range.start..term_end.unwrap_or(flat_range.end).max(flat_range.end)),
                self.spelled_out,
            ))
            || between_backticks(self.source, range)
            || super::path_segment::in_a_path(self.source, range)
            || super::path_segment::in_a_windows_path(text, flat_range)
            || self.project_links.contains(range)
            || self.names_linked_software(range)
            // A known name's wrong spelling is wrong inside a longer name too ("Huggingface Hub"),
            // in running text as in a link's ("[HuggingFace Hub](…/models)").
            || (!topic_link
                && neighbours != NamingNeighbours::Neither
                && (beside_a_name(
                    text.slice(block_range.start..flat_range.start),
                    text.slice(term_end.unwrap_or(flat_range.end).max(flat_range.end)..),
                    neighbours == NamingNeighbours::After,
                ) || link.is_some_and(|l| is_name_like(self.source.slice(l.clone()))))) =>
            {
                Place::Name
            }
            None => Place::Body,
        }
    }

    /// Where the text at `flat_range` and `range` stands, up to whether it is part of a name (see
    /// [`Standing`]).
    fn standing(&self, flat_range: Range<usize>, range: Range<usize>) -> Standing {
        let block_index = first_from(&self.flat.blocks, &self.last_block, |b| {
            b.range.end < flat_range.start
        });
        let block = self.flat.blocks.get(block_index);
        let block_range = block.map_or(0..0, |b| b.range.clone());
        let starts_item = block.is_some_and(|b| b.starts_list_item);
        // A bold label that opens a list item and says something with the acronym ("- **RAG document
        // injection** - Compromised knowledge bases …") is the item's own words: the reader meets
        // the acronym there, so it is a use, not a heading.
        let item_phrase = starts_item
            && self
                .labels
                .containing(&range)
                .is_some_and(|label| labels_an_item_with_a_phrase(self.source, label, &range));
        let label = self.labels.contains(&range) && !item_phrase;
        let block_heading = block.is_some_and(|b| b.heading);
        let link = self.link_texts.containing(&range).cloned();
        // The block's facts are relative to its start.
        let inside = |r: &Range<usize>| {
            block_range.start + r.start <= flat_range.start
                && flat_range.end <= block_range.start + r.end
        };
        let (cited_block, news, quoted_in_block, in_lead_in, set_apart, cited_in_brackets) =
            match self
                .blocks
                .facts(block_index, self.flat.text.slice(block_range.clone()))
            {
                Some(facts) => (
                    facts.citation,
                    facts.news,
                    facts.turn || facts.quoted.iter().any(inside),
                    starts_item && facts.lead_in.as_ref().is_some_and(inside),
                    facts.set_apart.iter().any(inside),
                    facts.cited.iter().any(inside),
                ),
                None => (false, false, false, false, false, false),
            };
        // "the [QLoRA](…) paper" names a paper by its method.
        let names_a_paper = link.is_some() && {
            let after = self.flat.text.slice(flat_range.end..);
            after.starts_with(" paper") || after.starts_with(" Paper")
        };
        // A short table cell is a label ("| MoE |", "| MMLU-Redux (EM) |"), not running text.
        let in_table = self.tables.contains(&range);
        // A title cited in a news item is still the cited work's; the item's own words are news.
        let cited_here = names_a_paper
            || cited_in_brackets
            || (in_table && self.bold_title_in_a_cell(&block_range, &range))
            || link
                .as_ref()
                .is_some_and(|l| self.cites_in_brackets(l, &block_range))
            || link
                .as_ref()
                .is_some_and(|l| is_title_like(self.source.slice(l.clone())))
            || self.titles_a_link(&block_range, &flat_range, &range);
        let cited_around = cited_block || self.citations.contains(&range);
        // "[PyTorch AC](…/activation-checkpointing-techniques/)": capitalised words beside the acronym
        // look like a name, but the destination spells it out, so the text is about what it stands for.
        let topic_link = link.as_ref().is_some_and(|l| self.topic_links.contains(l));
        let quoted = self.quotations.contains(&range) || quoted_in_block;
        // A spelled-out form would widen a line of a table laid out by columns and break it.
        let aligned = in_table && self.aligned_tables.contains(&range);
        let label_cell = in_table && is_label_cell(self.flat.text.slice(block_range.clone()));
        // A list item's lead-in or a label reads like a heading, but in a reference entry or a
        // References section it is the cited work's ("- LoRA: Low-Rank Adaptation of Large Language
        // Models. Hu et al., 2021."): its "definition" is the paper's title, not the document's.
        let cited = cited_here || cited_block || (cited_around && !news);
        let lead_in_heading = starts_item && in_lead_in && !item_phrase;
        // Only a table's label cell makes this token a heading's: what it would be elsewhere
        // decides whether the reader meets a use of the acronym there.
        // So is a bold label's: "- **PPO**: [Proximal Policy Optimization Algorithms](…)" in a
        // References section names the cited paper.
        let label_cell_only = label_cell && !cited && !block_heading && !label && !lead_in_heading;
        let heading = block_heading || (label || lead_in_heading || label_cell) && !cited;
        let off = self.off.contains(&range);
        let decided = if off {
            Some(Place::Off)
        } else if heading && !label_cell_only {
            Some(Place::Heading)
        } else if quoted {
            Some(Place::Quotation)
        } else if cited_here {
            Some(Place::Citation)
        } else if news {
            Some(Place::News)
        } else if cited_around {
            Some(Place::Citation)
        } else {
            None
        };
        Standing {
            block_range,
            link,
            decided,
            topic_link,
            in_table,
            aligned,
            set_apart,
            label_cell_only,
            off,
        }
    }

    /// Whether the link whose text is `link` (source offsets, in the flat block `block`) stands in
    /// square brackets of its own, alone or in a list of links: "… cyclic preference relations.
    /// [[DNO](…)]", "[[SPPO](…), [DNO](…)]". That is a citation marker, as "[12]" is: it points to
    /// the cited work, and the acronym in it is the work's name, not a use in the writer's sentence.
    /// Only the block's source is read, and the byte after it.
    fn cites_in_brackets(&self, link: &Range<usize>, block: &Range<usize>) -> bool {
        let within = self.flat.range_to_source(block.clone());
        let separated = |between: &str| matches!(between.trim_end(), "," | ";");
        // Back to the opening bracket, over the links listed before this one.
        let mut start = link.start;
        let mut opened = false;
        for _ in 0..CITED_LINKS {
            // The link's own "[", with room before it for the marker's.
            let Some(open) = start.checked_sub(1).filter(|&o| o > within.start) else {
                return false;
            };
            if self
                .source
                .get(within.start..open)
                .is_some_and(|before| before.ends_with('['))
            {
                opened = true;
                break;
            }
            let Some(previous) = self
                .link_texts
                .last_ending_by(open)
                .filter(|p| p.start > within.start)
            else {
                return false;
            };
            let listed = self
                .source
                .get(previous.end..open)
                .and_then(after_a_link)
                .is_some_and(separated);
            if !listed {
                return false;
            }
            start = previous.start;
        }
        if !opened {
            return false;
        }
        // On to the closing bracket, over the links listed after it.
        let Some(mut rest) = self.source.get(link.end..within.end).and_then(after_a_link) else {
            return false;
        };
        for _ in 0..CITED_LINKS {
            if let Some(after) = rest.strip_prefix(']') {
                // "[[DNO](…)](…)" would be a link around the first: its text is no marker.
                let next = after
                    .bytes()
                    .next()
                    .or_else(|| self.source.as_bytes().get(within.end).copied());
                return !matches!(next, Some(b'(' | b'['));
            }
            let Some(next) = rest
                .strip_prefix([',', ';'])
                .map(str::trim_start)
                .and_then(|r| r.strip_prefix('['))
            else {
                return false;
            };
            let Some(after) = unmatched(next.bytes().enumerate(), b'[', b']')
                .and_then(|close| next.get(close..))
                .and_then(after_a_link)
            else {
                return false;
            };
            rest = after;
        }
        false
    }

    /// Whether the token at `flat_range` (in the block that starts at `block_start`) stands in a
    /// parenthesis right after a link's text that reads as a work's title: "[MMMU](…) (A Massive
    /// Multi-discipline Multimodal Understanding and Reasoning Benchmark for Expert AGI): …" cites
    /// the paper the link names, and its words are the paper's, as they are in a link text that
    /// reads so ([`is_title_like`]). It must open with a capital, as a title does ("[vLLM](…) (an LLM
    /// server)" is the writer's own gloss), and it is not a definition in other words ("(Group
    /// Relative Policy Optimization, GRPO)").
    fn titles_a_link(
        &self,
        block: &Range<usize>,
        flat_range: &Range<usize>,
        range: &Range<usize>,
    ) -> bool {
        // Most tokens follow no link in their block: they are told so without reading the text.
        let Some(link) = self.link_texts.last_ending_by(range.start) else {
            return false;
        };
        let block_source = match self.block_source.get() {
            Some((start, source)) if start == block.start => source,
            _ => {
                let source = self.flat.to_source(block.start);
                self.block_source.set(Some((block.start, source)));
                source
            }
        };
        if link.start < block_source {
            return false;
        }
        // What follows the link's closing bracket and destination: a title opens right there.
        let Some(rest) = self
            .source
            .get(link.end..range.start)
            .and_then(after_a_link)
        else {
            return false;
        };
        let rest = rest.strip_prefix(' ').unwrap_or(rest);
        if rest.starts_with(['*', '_']) {
            return self.italic_title_after(rest, block, range).unwrap_or(false);
        }
        if !rest.starts_with('(') {
            return false;
        }
        let text = &self.flat.text;
        let block_start = block.start;
        let before = text.slice(block_start..flat_range.start);
        let Some(open) = open_parenthesis(before) else {
            return false;
        };
        let after = text.slice(flat_range.start..block.end.max(flat_range.start));
        let Some(close) = close_parenthesis(after) else {
            return false;
        };
        let inner = format!("{}{}", before.slice(open + 1..), after.slice(..close));
        let opens_capitalised = inner.starts_with(|c: char| c.is_uppercase());
        let defines = inner
            .rsplit_once([',', ';'])
            .is_some_and(|(_, last)| !last.trim().contains(' '));
        if !opens_capitalised || defines || !is_title_like(&inner) {
            return false;
        }
        // The text before the parenthesis must end a link's text: "MMMU (" in the flat text, whose
        // "U" ends "[MMMU]".
        let Some((last, c)) = before
            .slice(..open)
            .strip_suffix(' ')
            .unwrap_or(before.slice(..open))
            .char_indices()
            .next_back()
        else {
            return false;
        };
        let at = self.flat.to_source(block_start + last);
        let end = at + c.len_utf8();
        self.link_texts
            .containing(&(at..end))
            .is_some_and(|link| link.end == end)
    }

    /// Whether the token at `range` (source offsets) stands in a run in bold that reads as the
    /// title of a work ([`is_title_like`], opening with a capital), in the table cell `block` (flat
    /// offsets): "| GQA | **GQA: Training Generalized Multi-Query Transformer Models from
    /// Multi-Head Checkpoints** [EMNLP 2023] | [[pdf](…)] |" lists a paper, and its words are the
    /// paper's, as a list item's are. Only the cell's source is read (the markers are the source's:
    /// the flat text drops them). `block` is the cell's block.
    fn bold_title_in_a_cell(&self, block: &Range<usize>, range: &Range<usize>) -> bool {
        // The cell's text starts after the bold marker in the flat text: its source is read back
        // to the cell's delimiter, or the start of its line.
        let line = self.source.get(..range.start).unwrap_or_default();
        let start = line.rfind(['|', '\n']).map_or(0, |at| at + 1);
        let before = line.get(start..).unwrap_or_default();
        // Inside a bold run: an odd number of markers before the token in the cell. Most tokens
        // in tables are in none, and are told so here.
        if before.matches("**").count() % 2 == 0 {
            return false;
        }
        let cell = self.flat.range_to_source(block.clone());
        let after = self
            .source
            .get(range.end..cell.end.max(range.end))
            .unwrap_or_default();
        let (Some(open), Some(close)) = (before.rfind("**"), after.find("**")) else {
            return false;
        };
        let title = format!(
            "{}{}{}",
            before.slice(open + 2..),
            self.source.slice(range.clone()),
            after.slice(..close)
        );
        title.starts_with(|c: char| c.is_uppercase()) && is_title_like(&title)
    }

    /// Whether the token at `range` (source offsets) stands in a run in italics right after a
    /// link ("[MMMU](…) *A Massive … Benchmark for Expert AGI*: …"; `rest` is the source from the
    /// run's marker to the token), which reads as a title as [`Places::titles_a_link`] asks; `None`
    /// when no such run holds it (the markers are the source's: the flat text drops them). Only the
    /// block's source is read, up to the end of its pieces (`block`, flat offsets).
    fn italic_title_after(
        &self,
        rest: &str,
        block: &Range<usize>,
        range: &Range<usize>,
    ) -> Option<bool> {
        let marker = rest.chars().next().filter(|c| matches!(c, '*' | '_'))?;
        let opening = rest.get(1..)?;
        // One marker, not bold, and none between it and the token.
        if opening.starts_with(marker) || opening.contains(marker) {
            return None;
        }
        let end = self.flat.range_to_source(block.clone()).end;
        let after = self.source.get(range.end..end.max(range.end))?;
        let closing = after.find(marker)?;
        let title = format!(
            "{opening}{}{}",
            self.source.get(range.clone())?,
            after.get(..closing)?
        );
        Some(title.starts_with(|c: char| c.is_uppercase()) && is_title_like(&title))
    }

    /// Whether the token at `range` (source offsets) comes right after a run-in label and its colon
    /// ("- **Instability:** RL training …", "**What GRPO is and why it matters**: RL optimizer …"):
    /// what follows a label opens a sentence, however many words the label has.
    fn follows_a_label(&self, range: &Range<usize>) -> bool {
        // Most tokens follow no colon: told so from the bytes just before them.
        let before = self.source.get(..range.start).unwrap_or_default();
        if !before.trim_end_matches([' ', '*', '_']).ends_with(':') {
            return false;
        }
        self.labels
            .last_ending_by(range.start)
            .is_some_and(|label| {
                let between = self.source.get(label.end..range.start).unwrap_or_default();
                let colon_inside = self
                    .source
                    .get(label.clone())
                    .is_some_and(|l| l.trim_end_matches(['*', '_', ' ']).ends_with(':'));
                (colon_inside || between.contains(':'))
                    && between
                        .chars()
                        .all(|c| c.is_whitespace() || matches!(c, ':' | '*' | '_'))
            })
    }

    /// Whether `range` (source offsets) stands in the text of a link to a code repository, a package or
    /// a model page, which names that project as the project spells itself.
    pub fn in_project_link(&self, range: &Range<usize>) -> bool {
        self.project_links.contains(range)
    }

    /// Whether the token at `range` (source offsets) names a piece of software the document links to
    /// by that name, followed by a word for what such software has: "the PEFT documentation", beside
    /// "[PEFT](https://hf.co/docs/peft)" in a list of libraries. The acronym is the library's name
    /// there; "PEFT methods" elsewhere in the same document still use it.
    fn names_linked_software(&self, range: &Range<usize>) -> bool {
        const SOFTWARE: &[&str] = &[
            "documentation",
            "docs",
            "library",
            "package",
            "repository",
            "repo",
            "codebase",
            "maintainers",
        ];
        // The next word first: asked of every token, and a document may link hundreds of projects.
        self.source
            .slice(range.end..)
            .strip_prefix(' ')
            .and_then(first_word)
            .is_some_and(|word| SOFTWARE.contains(&word))
            && {
                let name = self.source.slice(range.clone());
                let linked = self.links_project_named(name);
                self.linked_asked.borrow_mut().push((name.into(), linked));
                linked
            }
    }

    /// Whether `range` (source offsets) overlaps the text of a link: a fix must not cut a definition out
    /// of a link's text.
    pub fn touches_link_text(&self, range: &Range<usize>) -> bool {
        let index = self
            .link_texts
            .ranges
            .partition_point(|r| r.end <= range.start);
        self.link_texts
            .ranges
            .get(index)
            .is_some_and(|r| r.start < range.end)
    }
}

/// English prefixes that make a hyphenated compound an ordinary word even when capitalised at a
/// sentence start: "Multi-GPU", "Non-LLM", "Pre-LN" use the acronym.
pub const PREFIXES: &[&str] = &[
    "anti", "co", "cross", "de", "inter", "intra", "mid", "multi", "non", "over", "post", "pre",
    "re", "self", "semi", "sub", "super", "un", "under",
];

/// Whether the token at `range` of `text` is part of a hyphenated name: joined by a hyphen to a part
/// that starts with a capital or holds a digit ("Mixtral-MoE", "GLM-4-MoE", "FP6-LLM", "RLHF-V",
/// "KL-Cov"). A lower-case part makes an ordinary compound that uses the acronym ("MoE-based",
/// "LLM-as-a-judge"), and so do a bare number before it ("8-GPU") and an English prefix ("Multi-GPU").
/// So does a pair of acronyms that writers spell out (`spelled_out` says which), in capitals,
/// and nothing else ("DSA-CP", "MLA-TP"): like "SFT+DPO", a reader meets both; a longer compound
/// ("DSA-CP-V2") is a name.
fn in_name(text: &str, range: &Range<usize>, spelled_out: &dyn Fn(&str) -> bool) -> bool {
    let before = text.slice(..range.start);
    let after = text.slice(range.end..);
    let token = text.slice(range.clone());
    let paired = |part: &str| {
        [token, part]
            .iter()
            .all(|w| w.len() >= 2 && w.bytes().all(|b| b.is_ascii_uppercase()) && spelled_out(w))
    };
    let previous = before.strip_suffix('-').is_some_and(|rest| {
        last_word(rest).is_some_and(|word| {
            let lower = word.to_ascii_lowercase();
            // A bare number is a quantity ("8-GPU"), unless it is itself part of a name ("GLM-4-MoE",
            // "Pass@1-COT").
            let quantity = word.bytes().all(|b| b.is_ascii_digit())
                && rest
                    .slice(..rest.len() - word.len())
                    .chars()
                    .next_back()
                    .is_none_or(|c| c.is_whitespace() || c == '(');
            let pair = paired(word) && !rest.slice(..rest.len() - word.len()).ends_with('-');
            !quantity && !pair && !PREFIXES.contains(&lower.as_str()) && names_a_thing(word)
        })
    });
    let next = after
        .strip_prefix('-')
        .and_then(|rest| first_word(rest).map(|word| (word, rest.slice(word.len()..))));
    let next = next.is_some_and(|(word, rest)| {
        let pair = paired(word) && !before.ends_with('-') && !rest.starts_with('-');
        names_a_thing(word) && !pair && !title_case_head(before, word, rest)
    });
    previous || next || names_a_variant(after)
}

/// Words that open a noun phrase, lowercase: after one of them, "ACR-Word" is a thing of its kind
/// ("the KV-Cache", "a RAG-Pipeline"), where a name mostly stands bare ("ZeRO-Inference comes
/// from", "MT-Bench and AlpacaEval"). "That" is left out: it is as often a conjunction ("Note that
/// MT-Bench"). `spelling::completing_edit` reads the same list.
pub(crate) const DETERMINERS: &[&str] = &[
    "the", "a", "an", "each", "every", "any", "per", "this", "these", "those", "its", "their",
    "our", "your",
];

/// Determiners that make a common noun of what follows whatever comes after it.
const INDEFINITE: &[&str] = &["a", "an", "each", "every", "any", "per"];

/// Short words that may follow a noun phrase and do not extend it ("the KV-Heads of", "the
/// LoRA-Adapter is").
const AFTER_A_NOUN_PHRASE: &[&str] = &[
    "of", "in", "on", "for", "to", "and", "or", "is", "are", "was", "were", "with", "from", "by",
    "at", "as", "has", "have", "can", "will", "may", "must", "should", "would", "could", "does",
    "do", "that", "which", "when", "if", "so", "but",
];

/// Whether "ACR-Word", with `word` the last part of the compound in Title Case ("Cache",
/// "Pipeline", "Heads"), is a thing the acronym names ("the KV-Cache grows", "a RAG-Pipeline") rather
/// than a name of its own ("ZeRO-Inference comes from", "RAG-Fusion", "the ZeRO-Inference
/// technology"). Writers capitalise the head of an ordinary compound as they capitalise "KV Cache":
/// a reader of "the KV-Cache" meets KV as surely as in "the KV-cache". The evidence is the phrase
/// around it: a determiner before it, and after it nothing that the compound would modify, unless
/// the determiner is indefinite ("a RAG-Pipeline fetches"). A bare compound stays a name.
fn title_case_head(before: &str, word: &str, rest: &str) -> bool {
    let mut chars = word.chars();
    let title_case = chars.next().is_some_and(char::is_uppercase)
        && word.len() > 2
        && chars.all(char::is_lowercase);
    // "RAG-Fusion-Pipeline", "KV-Cache-2": a longer compound, or a version, is a name.
    if !title_case || rest.starts_with(|c: char| c == '-' || c == '+' || c.is_alphanumeric()) {
        return false;
    }
    let Some(determiner) = before
        .strip_suffix(' ')
        .and_then(last_word)
        .map(str::to_ascii_lowercase)
        .filter(|w| DETERMINERS.contains(&w.as_str()))
    else {
        return false;
    };
    let modified = rest
        .strip_prefix(' ')
        .and_then(first_word)
        .is_some_and(|next| {
            next.starts_with(|c: char| c.is_lowercase()) && !AFTER_A_NOUN_PHRASE.contains(&next)
        });
    INDEFINITE.contains(&determiner.as_str()) || !modified
}

/// Where the token at `range` is the head of a noun phrase that an indefinite article opens ("use
/// a larger TP for decoding", "build a RAG with LangChain", "This is a RAG."): the article's start.
/// The token is counted there as one thing, which a long form whose head is a mass noun cannot be
/// ("a larger tensor parallelism"). Up to two lower-case words may stand between ("a larger", "a
/// naive 2-way"); after the token, the phrase must end (punctuation, the end of the line) or go on
/// with a word that does not extend it ("for", "with", "is"). `None` where a word after it may be a
/// noun it modifies ("a RAG pipeline", "a TP group"), or no article opens the phrase.
pub(crate) fn counted_by_an_article(text: &str, range: &Range<usize>) -> Option<usize> {
    let after = text.get(range.end..)?;
    let ends_phrase = match after.chars().next() {
        None | Some('\n' | '\r' | '.' | ',' | ';' | ':' | '!' | '?' | ')') => true,
        Some(' ') => first_word(after.trim_start_matches(' '))
            .is_some_and(|next| AFTER_A_NOUN_PHRASE.contains(&next)),
        Some(_) => false,
    };
    if !ends_phrase {
        return None;
    }
    let line_start = text.get(..range.start)?.rfind('\n').map_or(0, |i| i + 1);
    let before = text.get(line_start..range.start)?.strip_suffix(' ')?;
    let mut end = before.len();
    for _ in 0..3 {
        let start = before.get(..end)?.rfind(' ').map_or(0, |i| i + 1);
        let word = before.get(start..end)?;
        if matches!(word, "a" | "an" | "A" | "An") {
            return Some(line_start + start);
        }
        let modifier = word
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && word.starts_with(|c: char| c.is_ascii_alphanumeric())
            && !AFTER_A_NOUN_PHRASE.contains(&word)
            && !DETERMINERS.contains(&word);
        if !modifier || start == 0 {
            return None;
        }
        end = start - 1;
    }
    None
}

/// Whether a plus sign glued to the end of the token makes the name of a variant ("ZeRO++",
/// "LoRA+", as "C++" names a language): the name of a new method, not a use of the old one's acronym.
/// A plus that joins another word ("SFT+DPO") lists two things, each used.
fn names_a_variant(after: &str) -> bool {
    after
        .strip_prefix('+')
        .map(|rest| rest.trim_start_matches('+'))
        .is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphanumeric()))
}

/// Whether the token stands right between two backticks in the source (`` `HYBRID` ``) yet outside
/// code: an unbalanced backtick earlier on the line ("`fp8_format``: … one of `HYBRID` or `E4M3`")
/// turns the writer's code spans inside out. What the writer marked as code is an identifier or a
/// value, not a use of an acronym, whatever the parser made of the line.
fn between_backticks(source: &str, range: &Range<usize>) -> bool {
    source.slice(..range.start).ends_with('`') && source.slice(range.end..).starts_with('`')
}

/// A part of a hyphenated compound that makes it a name: it starts with a capital or holds a digit.
fn names_a_thing(word: &str) -> bool {
    word.starts_with(|c: char| c.is_uppercase()) || word.bytes().any(|b| b.is_ascii_digit())
}

/// The word (letters, digits, dots between digits) that ends `text`.
fn last_word(text: &str) -> Option<&str> {
    let start = text
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphanumeric() || c == '.')
        .last()
        .map(|(i, _)| i)?;
    Some(text.slice(start..).trim_start_matches('.')).filter(|w| !w.is_empty())
}

/// The word (letters and digits) that starts `text`.
pub fn first_word(text: &str) -> Option<&str> {
    let end = text
        .char_indices()
        .find(|&(_, c)| !c.is_alphanumeric())
        .map_or(text.len(), |(i, _)| i);
    Some(text.slice(..end)).filter(|w| !w.is_empty())
}

/// Whether "Long Form (ACR)" reads well in place of a token with this text around it. Not inside
/// parentheses or right before one ("(… large language model (LLM) …)"), not before a possessive
/// ("(LLM)'s"), a hyphenated suffix ("(DPO)-style"), a value ("FSDP=256") or a cutoff ("MRR@10"),
/// nor after a hyphenated
/// prefix ("non-MoE" would become "non-mixture of experts (MoE)"), nor after a proper noun inside a
/// sentence, with which it names a model or a product ("the Deepseek MoE or Qwen MoE architectures"
/// would become "Deepseek mixture of experts (MoE)").
fn reads_well_spelled_out(before: &str, after: &str) -> bool {
    // Inside parentheses when the nearest parenthesis before it opens one. A parenthesis is a
    // sentence or two long: looking further back would make a long paragraph cost its square.
    const LOOK_BACK: usize = 300;
    let recent = before
        .as_bytes()
        .get(before.len().saturating_sub(LOOK_BACK)..)
        .unwrap_or_default();
    let open = memchr::memrchr2(b'(', b')', recent).is_some_and(|at| recent.get(at) == Some(&b'('));
    let next = after.trim_start_matches(' ');
    // "MRR@10" is the metric at a cutoff: "mean reciprocal rank (MRR)@10" breaks it.
    !open
        && !next.starts_with('(')
        && !after.starts_with(['\'', '’', '=', '-', '@'])
        && !before.ends_with('-')
        && !after_a_proper_noun(before)
        && !used_as_a_verb(before, after)
        && !a_step_between_arrows(before, after)
}

/// Whether the token is a step of an arrow chain ("Query + Context → LLM → Answer", "SFT -> RLHF"):
/// a label in a diagram drawn in text, where a spelled-out form breaks the chain's shape.
fn a_step_between_arrows(before: &str, after: &str) -> bool {
    const ARROWS: &[&str] = &["→", "⇒", "⟶", "->", "=>", "←", "<-"];
    let before = before.trim_end_matches(' ');
    let after = after.trim_start_matches(' ');
    ARROWS
        .iter()
        .any(|arrow| before.ends_with(arrow) || after.starts_with(arrow))
}

/// Whether the token is a verb in the writer's sentence ("We SFT the base model", "how to DPO a
/// model"): after a subject or "to", before what it acts on. The noun long form would make
/// "We supervised fine-tuning (SFT) the base model"; the finding stands, the fix goes elsewhere.
fn used_as_a_verb(before: &str, after: &str) -> bool {
    const DOERS: &[&str] = &[
        "we", "i", "you", "they", "to", "then", "first", "can", "will", "should", "must",
    ];
    const OBJECTS: &[&str] = &[
        "the", "a", "an", "our", "your", "their", "it", "them", "this", "these", "each",
    ];
    let Some(rest) = before.strip_suffix(' ') else {
        return false;
    };
    let doer = rest.rsplit([' ', '\n']).next().unwrap_or_default();
    let object = after
        .strip_prefix(' ')
        .and_then(|a| a.split(' ').next())
        .unwrap_or_default();
    DOERS.iter().any(|d| doer.eq_ignore_ascii_case(d)) && OBJECTS.contains(&object)
}

/// Whether `before` ends with a capitalised word, followed by one space, inside a sentence: a proper
/// noun ("the Mixtral, Deepseek MoE", "or Qwen3.5 MoE"). The word before it must show the sentence
/// going on (a word in lower case, a number, a comma): "Each" or "Most" after a sentence's end, a
/// heading or an emoji opens one, unless the word holds a digit ("Qwen3.5"). A CamelCase product
/// ("PyTorch FSDP") is left to [`beside_a_name`], which decides per acronym.
fn after_a_proper_noun(before: &str) -> bool {
    let Some(rest) = before.strip_suffix(' ') else {
        return false;
    };
    let start = rest.rfind([' ', '\n', '\t']).map_or(0, |at| at + 1);
    let word = rest.slice(start..);
    // "Megatron-Turing NLG": capitalised words joined by hyphens are one proper noun.
    let proper = word.chars().any(char::is_lowercase)
        && word.split('-').all(|part| {
            let mut chars = part.chars();
            chars.next().is_some_and(char::is_uppercase)
                && !part.chars().skip(1).any(char::is_uppercase)
                && part.chars().all(|c| c.is_alphanumeric() || c == '.')
        });
    let going_on = rest
        .slice(..start)
        .strip_suffix(' ')
        .and_then(|earlier| earlier.chars().next_back())
        .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit() || c == ',');
    // Letters and digits in one word make a model's or a version's name wherever it stands
    // ("Qwen3.5 MoE uses …", "Llama3 SFT"): no sentence opens with such a word as a plain word.
    let versioned = word.chars().any(|c| c.is_ascii_digit());
    proper && (going_on || versioned)
}

/// Whether the token stands in a multi-word proper name: after a name with capitals inside ("NeMo
/// Aligner", "EuroHPC JU") or before a capitalised word ("LLM Compressor", "SWE Verified", "German RAG
/// Eval"). A word that opens the sentence ("Unlike PPO, …") does not make a name, nor does a plain
/// capitalised word before the token, which is as often part of a method's name that uses it ("Online
/// DPO").
///
/// After a CamelCase word, an abbreviation writers spell out (`spelled_out`) is still a use: a product
/// or an acronym qualifies it ("PyTorch FSDP", "DeepSpeed ZeRO-3", "OpenAI BPE tokenizer", "LoRA MLP",
/// "ViT LoRA"), as the development documents write them throughout. A product whose name holds an
/// abbreviation is the glossary's to know as a multi-word name ("NeMo RL"): its term then covers
/// the token, which is no use whatever its place.
fn beside_a_name(before: &str, after: &str, spelled_out: bool) -> bool {
    let previous = !spelled_out
        && before.strip_suffix(' ').is_some_and(|rest| {
            let start = rest
                .char_indices()
                .rev()
                .take_while(|&(_, c)| c.is_alphanumeric())
                .last()
                .map_or(rest.len(), |(i, _)| i);
            let word = rest.slice(start..);
            // "NeMo Aligner", "EuroHPC JU": a CamelCase name. A plain capitalised word is as often
            // part of a method's name that uses the acronym ("Online DPO"), and an acronym before it
            // is a use of its own ("CPU DRAM").
            // A CamelCase word is a name even at the start of a sentence ("NeMo JU allows …").
            word.chars().skip(1).any(char::is_uppercase) && word.chars().any(char::is_lowercase)
        });
    // "LLM Compressor", "RAG Eval"; a CamelCase word after it ("MLP MatMul") is a thing the acronym
    // qualifies, not part of a name.
    let next = after
        .strip_prefix(' ')
        .and_then(first_word)
        .is_some_and(is_capitalised_word);
    // "🤗 PEFT", "🤗 Transformers": Hugging Face marks its libraries with its emoji.
    let hugging_face = before.ends_with("🤗 ") || before.ends_with('🤗');
    previous || next || hugging_face
}

/// Whether `word` is capitalised and nothing more: a capital, then small letters or digits ("Cache",
/// "Compressor"; not "MatMul", "GPU" or "A").
pub fn is_capitalised_word(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase)
        && word.len() > 1
        && chars.all(|c| c.is_lowercase() || c.is_ascii_digit())
}

/// Whether the token follows, after one space, a word in capitals that no glossary knows ("MLC LLM",
/// the name of a compiler): two such words side by side name a product, and the unknown one is the
/// name's own. A known word before it ("CPU DRAM", "NVIDIA GPU") is a use of its own and makes no name.
pub fn after_an_unknown_capitalised_word(
    before: &str,
    known: &mut dyn FnMut(&str) -> bool,
) -> bool {
    let Some(rest) = before.strip_suffix(' ') else {
        return false;
    };
    let Some(word) = last_word(rest) else {
        return false;
    };
    word.len() >= 2
        && word.starts_with(|c: char| c.is_ascii_uppercase())
        && word
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        && !known(word)
}

/// Whether the token opens or stands in a list of names in capitals that neither a glossary nor the
/// document knows: "PE, ELF, or Mach-O binaries" lists executable formats, and the PE there is not
/// the glossary's positional encoding. At least two other items, every other item a capitalised
/// word, every one in capitals unknown (`known`), and at least one in capitals. `before` and `after`
/// are the text of the token's block before and after it: a list does not run across blocks.
pub fn listed_with_unknown_names(
    before: &str,
    after: &str,
    known: &mut dyn FnMut(&str) -> bool,
) -> bool {
    // Only a list: the token is separated from its neighbours by commas. Asked of every token in
    // running text, so this is checked first, and the text looked at stays short.
    if !(before.trim_end().ends_with(',') || after.trim_start().starts_with(',')) {
        return false;
    }
    // The items of the list around the token, cut at the clause's ends.
    const NEAR: usize = 240;
    let near_start = (before.len().saturating_sub(NEAR)..=before.len())
        .find(|&at| before.is_char_boundary(at))
        .unwrap_or(before.len());
    let before = before.slice(near_start..);
    let near_end = (NEAR.min(after.len())..=after.len())
        .find(|&at| after.is_char_boundary(at))
        .unwrap_or(after.len());
    let after = after.slice(..near_end);
    let clause_end = after
        .find(['.', ';', ':', '(', ')', '\n'])
        .unwrap_or(after.len());
    let clause_start = before
        .rfind(['.', ';', ':', '(', ')', '\n'])
        .map_or(0, |at| at + 1);
    // The token's own item is the last piece before it and the first after it.
    let before_items = before.slice(clause_start..).rsplit([',', '/']).skip(1);
    let after_items = after.slice(..clause_end).split([',', '/']).skip(1);
    let items: Vec<&str> = before_items
        .chain(after_items)
        .filter_map(|item| {
            let item = item.trim();
            let item = item
                .strip_prefix("or ")
                .or_else(|| item.strip_prefix("and "))
                .unwrap_or(item);
            item.split(' ').next().filter(|w| !w.is_empty())
        })
        .collect();
    if items.len() < 2 {
        return false;
    }
    let in_capitals = |w: &str| {
        w.len() >= 2
            && w.bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
            && w.bytes().any(|b| b.is_ascii_uppercase())
    };
    items
        .iter()
        .all(|w| w.starts_with(|c: char| c.is_ascii_uppercase()))
        && items.iter().any(|w| in_capitals(w))
        && items.iter().filter(|w| in_capitals(w)).all(|w| {
            // A known acronym with a version is known ("FSDP2").
            let unversioned = w.trim_end_matches(|c: char| c.is_ascii_digit());
            !known(w) && (unversioned.len() < 2 || !known(unversioned))
        })
}

/// Whether `text` holds `word` in lower case as a word of its own ("not" for "NOT"), not inside an
/// identifier or a path ("mlc" in `mlc-llm`, `mlc_llm` or `mlc.ai`).
pub fn written_in_lower_case(text: &str, word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    let joins = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || "-_./".contains(c));
    memchr::memmem::find_iter(text.as_bytes(), lower.as_bytes()).any(|at| {
        let mut after = text.slice(at + lower.len()..).chars();
        // A full stop ends a sentence ("… zero."); one followed by more of a name joins (`mlc.ai`).
        let next = match after.next() {
            Some('.') => after.next().filter(|c| !c.is_whitespace()),
            next => next,
        };
        !joins(text.slice(..at).chars().next_back()) && !joins(next)
    })
}

/// The source after a link's closing "](destination)", "][label]" or "]" (`between` starts at the
/// end of the link's text), if it closes so.
fn after_a_link(between: &str) -> Option<&str> {
    let rest = between.strip_prefix(']')?;
    // A destination may hold parentheses of its own ("…/Foo_(bar)").
    let closed = |inner: &str, open, close| unmatched(inner.bytes().enumerate(), open, close);
    if let Some(inner) = rest.strip_prefix('(') {
        inner.get(closed(inner, b'(', b')')? + 1..)
    } else if let Some(inner) = rest.strip_prefix('[') {
        inner.get(closed(inner, b'[', b']')? + 1..)
    } else {
        Some(rest)
    }
}

/// How many links a bracketed citation marker ("[[SPPO](…), [DNO](…)]") is read over either side of
/// a token's: a marker lists a few works, and a longer run of links is something else.
const CITED_LINKS: usize = 8;

/// How far a cited title's parenthesis is looked for either side of a token, in bytes: a title is a
/// line at most, and a token in a long paragraph must not read the whole of it.
const TITLE_REACH: usize = 600;

/// Where the parenthesis that `before` leaves open starts ("… (A Massive" → the "("), if it does
/// within [`TITLE_REACH`].
fn open_parenthesis(before: &str) -> Option<usize> {
    unmatched(
        before.bytes().enumerate().rev().take(TITLE_REACH),
        b')',
        b'(',
    )
}

/// Where the parenthesis open before `after` closes in it ("… AGI): …" → the ")"), if it does
/// within [`TITLE_REACH`].
fn close_parenthesis(after: &str) -> Option<usize> {
    unmatched(after.bytes().enumerate().take(TITLE_REACH), b'(', b')')
}

/// Where, among `bytes` (offsets and bytes, read in either direction), the first `close` stands that
/// no `open` read before it matches: the bracket left open outside them. Brackets are ASCII, and
/// no byte of another character is one: bytes are read, not characters.
fn unmatched(bytes: impl Iterator<Item = (usize, u8)>, open: u8, close: u8) -> Option<usize> {
    let mut depth = 0usize;
    for (at, b) in bytes {
        if b == open {
            depth += 1;
        } else if b == close {
            if depth == 0 {
                return Some(at);
            }
            depth -= 1;
        }
    }
    None
}

/// Whether a table cell is a label rather than running text: six words at most, and no sentence.
fn is_label_cell(cell: &str) -> bool {
    let cell = cell.trim();
    cell.split_whitespace().nth(6).is_none() && !cell.ends_with('.') && !cell.contains(". ")
}

/// Whether a link text of two words or more reads as a proper name, every word capitalised ("Comet
/// ML", "JAX LLM Discord", "HF TRL"): the acronyms in it name things. Not asked for a link whose
/// destination spells one of them out ("[Async TP](…/async-tensor-parallelism)", a
/// [`RegionKind::TopicLink`]): its text describes the linked topic and uses the acronym.
fn is_name_like(link_text: &str) -> bool {
    let words: Vec<&str> = link_text.split_whitespace().collect();
    words.len() >= 2
        && words
            .iter()
            .all(|w| w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()))
}

/// Whether the token at `range` is an item of a slash list ("DPO/IPO/cDPO", "LoRA/QLoRA", "the SFT / RM
/// models") or of a list joined by a bare plus ("TP+SP", "SFT+DPO"): a use, but a spelled-out form
/// inside one reads badly ("tensor parallelism (TP)+SP"). A spaced plus ("TP + SP") separates its
/// items as a word would: "tensor parallelism (TP) + SP" reads well.
fn in_slash_or_plus_list(text: &str, range: &Range<usize>) -> bool {
    let before = text.slice(..range.start);
    let after = text.slice(range.end..);
    let joined = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    ["/", " / ", "+"].iter().any(|slash| {
        (before.ends_with(slash)
            && joined(
                before
                    .strip_suffix(slash)
                    .and_then(|b| b.chars().next_back()),
            ))
            || (after.starts_with(slash)
                && joined(after.strip_prefix(slash).and_then(|a| a.chars().next())))
    })
}

/// Whether the block text before a token ends a sentence (or is empty): a spelled-out form there starts
/// with a capital. A break in the block is where inline code, math or a URL stood: the sentence goes
/// on across it ("uses `K>2` SFT completions"), or such an element opened it ("`K>2` SFT …"). After a
/// colon, a label's ("Note: RLHF …", "**Step 2:** SFT …") opens a sentence; a clause's introduces a
/// list or a phrase, in lower case ("used in modern models: **BPE**, **WordPiece** …").
fn starts_sentence(before: &str) -> bool {
    // The most words a label before a colon has ("Step 2", "Key idea", "Why it matters").
    const LABEL_WORDS: usize = 3;
    // "- 🤖 RLHF — …": an emoji or a symbol that opens a list item starts nothing of its own.
    let before = before.trim_end_matches(|c: char| {
        [' ', '*', '_', '"', '“', '(', '['].contains(&c) || is_pictograph(c)
    });
    if let Some(lead) = before.strip_suffix(':') {
        let sentence = lead
            .rfind(['.', '!', '?', '\n'])
            .map_or(lead, |at| lead.get(at + 1..).unwrap_or_default());
        return sentence.split_whitespace().count() <= LABEL_WORDS;
    }
    before.is_empty() || before.ends_with(['.', '!', '?']) || is_an_enumerator(before)
}

/// Whether the text before a token, at the start of its block, is only an enumerator's label ("(D)",
/// "b)", "(ii)", "**(3)"): a list the writer lettered by hand, whose items start sentences. A label
/// after other words ("three kinds: (a) …") starts nothing of its own.
fn is_an_enumerator(before: &str) -> bool {
    let label = before.trim_start_matches(['*', '_']);
    let label = label.strip_prefix('(').unwrap_or(label);
    label.strip_suffix(')').is_some_and(|label| {
        (1..=4).contains(&label.len()) && label.chars().all(|c| c.is_ascii_alphanumeric())
    })
}

/// Whether a link text reads as the title of a work: four words or more, most of them capitalised, or a
/// colon between a name and a subtitle ("KERPLE: Kernelized Relative Positional Embedding …").
fn is_title_like(link_text: &str) -> bool {
    // "[Multi-Query Attention (MQA)](…)" is a definition a writer (or a fix) put in a link, not a title.
    // "[GRPO (Group Relative Policy Optimization)](…)" too, also first in a slash list of methods
    // ("[DPO (Direct Preference Optimization)/IPO/cDPO](…)").
    let link_text = link_text.trim_end();
    let defining = match link_text.rsplit_once(")/") {
        Some((definition, list)) if !list.contains(char::is_whitespace) => {
            link_text.slice(..definition.len() + 1)
        }
        _ => link_text,
    };
    let defines = defining
        .strip_suffix(')')
        .and_then(|rest| rest.rsplit_once('('))
        .is_some_and(|(before, inner)| {
            let one_word = |s: &str| !s.trim().is_empty() && !s.trim().contains(' ');
            one_word(inner) || one_word(before)
        });
    if defines {
        return false;
    }
    let words: Vec<&str> = link_text
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .collect();
    if words.len() < 4 {
        return false;
    }
    let small = |w: &str| {
        matches!(
            w.to_ascii_lowercase().as_str(),
            "a" | "an"
                | "and"
                | "as"
                | "at"
                | "by"
                | "for"
                | "from"
                | "in"
                | "into"
                | "is"
                | "of"
                | "on"
                | "or"
                | "the"
                | "to"
                | "via"
                | "vs"
                | "vs."
                | "with"
                | "without"
        )
    };
    let content: Vec<&&str> = words.iter().filter(|w| !small(w)).collect();
    let capitalised = content
        .iter()
        .filter(|w| w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()))
        .count();
    let subtitle = link_text
        .split_once(": ")
        .is_some_and(|(name, rest)| !name.contains(' ') && rest.split_whitespace().count() >= 3);
    subtitle || (content.len() >= 3 && capitalised * 4 >= content.len() * 3)
}

/// Whether the bold label at `label` (source offsets, with its markers) opens a list item, text
/// follows it on its line, and it is a phrase of two words or more of which the token at `token` is
/// only a part: "- **RAG document injection** - …" uses RAG. A label that is the acronym alone
/// ("- **RAG**: …") names the term the item explains, and a bold line of its own is a heading.
fn labels_an_item_with_a_phrase(source: &str, label: &Range<usize>, token: &Range<usize>) -> bool {
    let text = source.slice(label.clone());
    let Some(inner) = text.strip_prefix("**").or_else(|| text.strip_prefix("__")) else {
        return false;
    };
    let line_start = source
        .slice(..label.start)
        .rfind('\n')
        .map_or(0, |at| at + 1);
    let marker = source.slice(line_start..label.start).trim_start();
    let bullet = ["- ", "* ", "+ "].contains(&marker)
        || marker
            .strip_suffix(". ")
            .or_else(|| marker.strip_suffix(") "))
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    let rest_of_line = source
        .slice(label.end..)
        .split('\n')
        .next()
        .unwrap_or_default();
    let words_follow = rest_of_line
        .trim_start_matches([' ', '\t', ':', '-', '—', '–', '|'])
        .trim()
        .chars()
        .any(char::is_alphanumeric);
    let inner = inner.trim_end_matches(['*', '_']);
    let words = inner.split_whitespace().count();
    let token_text = source.slice(token.clone());
    bullet
        && words_follow
        && words >= 2
        && inner.trim_end_matches([':', '.', '?']).trim() != token_text
}

/// The lead-in of a list item, the words before a colon that label what follows ("Learning rate:
/// 1e-4", "LR scheduler warmup steps: 2000"), or the whole item when it ends at its colon, a step's
/// title above its code ("1. Train SFT:"): read like a run-in label. At most six words, and no
/// sentence before the colon.
fn lead_in(item: &str) -> Option<Range<usize>> {
    let colon = item
        .find(": ")
        .or_else(|| item.trim_end().strip_suffix(':').map(str::len))?;
    let head = item.slice(..colon);
    let words = head.split_whitespace().count();
    ((1..=6).contains(&words) && !head.contains(['.', '!', '?', ',', '('])).then_some(0..colon)
}

/// Words that name where a work was published.
const VENUE_WORDS: &[&str] = &[
    "arXiv",
    "preprint",
    "Proceedings",
    "Conference",
    "Workshop",
    "Journal",
    "Transactions",
    "NeurIPS",
    "ICML",
    "ICLR",
    "ACL",
    "EMNLP",
    "NAACL",
    "CVPR",
];

/// Whether a block reads as a reference entry (authors, a quoted title, a venue and a year) or a
/// BibTeX record.
/// The Pandoc citations of a block: square brackets that hold a citation key, an `@` that opens a
/// word ("[SLiC, @Zhao2022]", "[see @vaswani2017, p. 4]", "[-@Hu2021]"). The words beside the key
/// name the cited work or say where in it to look: they are the citation's, not a use in the
/// writer's sentence. A bracket followed by a link's destination or by another bracket is a link's
/// text, and an `@` inside a word is an address or a handle's, not a key.
fn pandoc_citations(block: &str) -> Vec<Range<usize>> {
    // A citation is short; a longer bracket is something else (a link's text spanning a sentence).
    const LONGEST: usize = 300;
    let mut out = Vec::new();
    let bytes = block.as_bytes();
    for open in memchr::memchr_iter(b'[', bytes) {
        let Some(inner) = block.get(open + 1..) else {
            continue;
        };
        let Some(close) = inner.bytes().take(LONGEST).position(|b| b == b']') else {
            continue;
        };
        let content = inner.get(..close).unwrap_or_default();
        let after = bytes.get(open + close + 2);
        if content.contains('[') || matches!(after, Some(b'(' | b'[')) {
            continue;
        }
        let cites = content.match_indices('@').any(|(at, _)| {
            let before = content.get(..at).and_then(|b| b.chars().next_back());
            let key = content.get(at + 1..).and_then(|k| k.chars().next());
            before.is_none_or(|c| c.is_whitespace() || matches!(c, ';' | '-' | ','))
                && key.is_some_and(|c| c.is_alphanumeric() || matches!(c, '_' | '{'))
        });
        if cites {
            out.push(open..open + close + 2);
        }
    }
    out
}

fn reads_as_reference(block: &str) -> bool {
    /// A reference entry is a line or two; a long paragraph is running text.
    const MAX_ENTRY_BYTES: usize = 800;
    if block.len() > MAX_ENTRY_BYTES {
        return false;
    }
    // Every BibTeX marker holds a brace, which running text seldom does: one byte search first.
    if memchr::memchr(b'{', block.as_bytes()).is_some()
        && [
            "@article{",
            "@inproceedings{",
            "@misc{",
            "title={",
            "title = {",
        ]
        .iter()
        .any(|marker| block.contains(marker))
    {
        return true;
    }
    // The three tests, cheapest and most often failing first: most blocks quote nothing and cite
    // no one, and are told so without the year's byte walk or the venues' fourteen searches (a
    // block's facts are worked out for every block scanned afresh that holds a token).
    let has_title_or_authors = memchr::memchr2(b'"', 0xE2, block.as_bytes())
        .is_some_and(|_| block.contains('“') || block.contains('"'))
        || block.contains("et al");
    let has_year = || {
        block.as_bytes().windows(4).any(|w| {
            matches!(w, [a, b, c, d] if (a == &b'1' && b == &b'9' || a == &b'2' && b == &b'0')
                && c.is_ascii_digit() && d.is_ascii_digit())
        })
    };
    let has_venue = || VENUE_WORDS.iter().any(|venue| block.contains(venue));
    has_title_or_authors && has_year() && has_venue()
}

const MONTHS: &[&str] = &[
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Who speaks in a recorded conversation, as transcripts label the turns. Not "Model", "Prompt" or
/// "System": documentation lists parameters by those names ("- model: the model to train").
const SPEAKERS: &[&str] = &["AI", "Assistant", "Bot", "Chatbot", "Human", "User"];

/// Whether a block opens with a speaker's label, as a turn of a transcript does: "Human: Please
/// introduce the game GTA5", "**Assistant:** GTA5, or Grand Theft Auto V, is …", "User: …". The
/// label is capitalised as a speaker's name is ("user: …" lists a parameter).
fn opens_a_turn(block: &str) -> bool {
    let head = block.trim_start_matches(['*', '_', ' ']);
    let end = head
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(head.len());
    let speaker = head.slice(..end);
    let after = head.slice(end..).trim_start_matches(['*', '_']);
    after.starts_with(':') && SPEAKERS.contains(&speaker)
}

/// Where a block's label would start: after the brackets and emphasis around it and the emoji a
/// news list puts first ("🔥 [2024/05] …", "🎉 **v1.0**: …").
fn label_head(block: &str) -> &str {
    block.trim_start_matches(|c: char| matches!(c, '[' | '*' | '_' | '(' | ' ') || is_pictograph(c))
}

/// Emoji and the symbols used as such: the pictographic planes, the dingbats and miscellaneous symbols,
/// and the joiners and variation selector that build emoji sequences.
fn is_pictograph(c: char) -> bool {
    matches!(c,
        '\u{1F000}'..='\u{1FAFF}'
        | '\u{2300}'..='\u{23FF}'
        | '\u{2600}'..='\u{27BF}'
        | '\u{2B00}'..='\u{2BFF}'
        | '\u{200D}'
        | '\u{20E3}'
        | '\u{FE0F}')
}

/// Whether a block opens with a date as its label, as a news item or changelog entry does:
/// "[2025/02] …", "**[9/9/2024]** …", "2024-06-01: …", "**January 18, 2024:** …", "*April 2025*: …".
fn starts_with_date(block: &str) -> bool {
    let head = label_head(block);
    // A date starts with a digit or a month's capital: most blocks are done here.
    if !head.starts_with(|c: char| c.is_ascii_digit() || "JFMASOND".contains(c)) {
        return false;
    }
    let end = head
        .char_indices()
        .find(|&(_, c)| matches!(c, ']' | ':' | ')' | '*' | '_' | '\n'))
        .map(|(i, _)| i);
    let Some(end) = end.filter(|&e| e <= 24) else {
        return false;
    };
    let label = head.slice(..end);
    let words: Vec<&str> = label
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let year = |w: &&str| {
        w.len() == 4
            && (w.starts_with("19") || w.starts_with("20"))
            && w.bytes().all(|b| b.is_ascii_digit())
    };
    let month_or_number = |w: &&str| {
        w.bytes().all(|b| b.is_ascii_digit()) || MONTHS.iter().any(|m| m.eq_ignore_ascii_case(w))
    };
    words.iter().any(year) && words.iter().all(month_or_number)
}

/// Whether a block opens with a release as its label, as a changelog entry does: "**v1.0**: …",
/// "[v0.3.2] …", "2.1.0: …". Without a "v" the version needs two dots, so that "3.14 GB: …" or a
/// decimal is not read as one.
fn starts_with_version(block: &str) -> bool {
    let head = label_head(block);
    let (prefixed, number) = match head.strip_prefix(['v', 'V']) {
        Some(rest) => (true, rest),
        None => (false, head),
    };
    if !number.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let end = number
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(number.len());
    let version = number.slice(..end).trim_end_matches('.');
    let dots = version.matches('.').count();
    let label_ends = number
        .slice(end..)
        .trim_start_matches(['*', '_', ']', ')'])
        .starts_with(':')
        || number.slice(end..).starts_with([']', ')']);
    !version.contains("..") && (if prefixed { dots >= 1 } else { dots >= 2 }) && label_ends
}

/// The runs between quotation marks of one block, by length.
#[derive(Debug, Default, PartialEq, Eq)]
struct Quoted {
    /// Three words or more: a quoted sentence, or the quoted name of a dataset or a paper ("the
    /// ``Curated Breast Imaging Subset of DDSM'' dataset").
    passages: Vec<Range<usize>>,
    /// One or two words: a term set apart ("the "KV cache" size").
    words: Vec<Range<usize>>,
}

/// Runs between quotation marks (“…”, "…" or LaTeX's ``…''), within one block.
fn quoted_runs(block: &str) -> Quoted {
    let mut out = Quoted::default();
    // '“' starts with the byte 0xE2; most blocks have no mark at all.
    if memchr::memchr3(b'"', 0xE2, b'`', block.as_bytes()).is_none() {
        return out;
    }
    let bytes = block.as_bytes();
    let mut open: Option<(usize, &str)> = None;
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        // A mark starts with one of these bytes (0xE2 only ever leads a UTF-8 sequence).
        if !matches!(byte, b'`' | b'\'' | b'"' | 0xE2) {
            at += 1;
            continue;
        }
        let rest = block.slice(at..);
        let mark = ["``", "''", "“", "”", "\""]
            .into_iter()
            .find(|mark| rest.starts_with(mark));
        let Some(mark) = mark else {
            at += 1;
            continue;
        };
        match (open, mark) {
            (None, "``" | "“" | "\"") => open = Some((at + mark.len(), mark)),
            (Some((start, "``")), "''")
            | (Some((start, "“")), "”")
            | (Some((start, "\"")), "\"") => {
                if block.slice(start..at).split_whitespace().count() >= 3 {
                    out.passages.push(start..at);
                } else {
                    out.words.push(start..at);
                }
                open = None;
            }
            _ => {}
        }
        at += mark.len();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name_at(text: &str, token: &str) -> bool {
        let start = text.find(token).expect("token");
        let spelled_out = |w: &str| ["DSA", "CP", "MLA", "TP", "RLHF", "KL", "SFT"].contains(&w);
        in_name(text, &(start..start + token.len()), &spelled_out)
    }

    #[test]
    fn hyphenated_names_hold_acronyms_that_are_not_uses() {
        for (text, token) in [
            ("the Mixtral-MoE model", "MoE"),
            ("GLM-4-MoE weights", "MoE"),
            ("GLM-4-MoE weights", "GLM"),
            ("Llama-3.1-Tulu-3-8B-SFT", "SFT"),
            ("Megatron-FSDP is", "FSDP"),
            ("DeepSpeed-FP6 and FP6-LLM", "LLM"),
            ("the RLHF-V dataset", "RLHF"),
            ("KL-Cov method", "KL"),
            ("DAPO-MATH data", "DAPO"),
            ("over JSON-RPC", "RPC"),
            ("Pass@1-COT scores", "COT"),
            ("ZeRO++ is a system of communication optimizations", "ZeRO"),
            ("Mixed Precision ZeRO++ (MixZ++)", "ZeRO"),
            ("we train with LoRA+, a variant", "LoRA"),
        ] {
            assert!(name_at(text, token), "{token} in {text}");
        }
        for (text, token) in [
            ("MoE-based models", "MoE"),
            ("LLM-as-a-judge", "LLM"),
            ("a non-LLM baseline", "LLM"),
            ("Multi-GPU training", "GPU"),
            ("an 8-GPU node", "GPU"),
            ("Pre-LN blocks", "LN"),
            ("plain PPO here", "PPO"),
            ("an SFT+DPO pipeline", "SFT"),
            ("an SFT+DPO pipeline", "DPO"),
            // A Title Case head after a determiner: a thing of its kind.
            ("Long prompts grow the KV-Cache.", "KV"),
            ("A RAG-Pipeline fetches documents", "RAG"),
            ("the KV-Heads of each layer", "KV"),
            ("load the LoRA-Adapter and", "LoRA"),
            ("each LoRA-Adapter is small", "LoRA"),
            // Two acronyms writers spell out, in capitals: a pair of uses.
            ("DSA-CP is separate", "DSA"),
            ("DSA-CP is separate", "CP"),
            ("shard MLA-TP weights", "MLA"),
        ] {
            assert!(!name_at(text, token), "{token} in {text}");
        }
        // A bare compound, one that modifies a noun after it, or a longer one is a name.
        for (text, token) in [
            ("RAG-Fusion reranks the results", "RAG"),
            ("ZeRO-Inference comes from", "ZeRO"),
            ("has developed the ZeRO-Inference technology", "ZeRO"),
            ("Note that MT-Bench and AlpacaEval rely", "MT"),
            ("the RAG-Fusion-Plus method", "RAG"),
            // A longer compound of them, or one with a part no glossary spells out, is a name.
            ("the DSA-CP-V2 kernel", "DSA"),
            ("the X-DSA-CP kernel", "CP"),
            ("the DSA-XYZ kernel", "DSA"),
            ("the XYZ-DSA kernel", "DSA"),
        ] {
            assert!(name_at(text, token), "{token} in {text}");
        }
    }

    #[test]
    fn proper_names_and_places_a_fix_would_read_badly() {
        for spelled_out in [false, true] {
            assert!(beside_a_name("Use the ", " Compressor to", spelled_out));
            assert!(!beside_a_name("Unlike ", ", GRPO", spelled_out));
            assert!(!beside_a_name("It works. Using ", " we", spelled_out));
            assert!(!beside_a_name("we use ", " for", spelled_out));
            assert!(!beside_a_name(
                "methods like GRPO and Online ",
                " use",
                spelled_out
            ));
        }
        // An unknown token after a CamelCase word is the name's; an abbreviation is a use.
        assert!(beside_a_name("included in 🤗 ", " and", false));
        assert!(beside_a_name("🤗 ", " provides methods", true));
        assert!(beside_a_name("funded by the EuroHPC ", " and", false));
        assert!(beside_a_name("NeMo ", " allows users", false));
        assert!(!beside_a_name("works with PyTorch ", " and", true));
        assert!(!beside_a_name("If ViT ", " is enabled", true));
        let mut known = |w: &str| ["CPU", "NVIDIA", "PPO"].contains(&w);
        assert!(after_an_unknown_capitalised_word(
            "Introduction to MLC ",
            &mut known
        ));
        assert!(!after_an_unknown_capitalised_word("fast CPU ", &mut known));
        assert!(!after_an_unknown_capitalised_word("on NVIDIA ", &mut known));
        assert!(!after_an_unknown_capitalised_word("the PPO ", &mut known));
        assert!(!after_an_unknown_capitalised_word("with MLC, ", &mut known));
        assert!(!after_an_unknown_capitalised_word("we use ", &mut known));
        // A list of names in capitals nobody knows is of another kind than the glossary's.
        let mut known = |w: &str| ["FSDP", "DPO", "KTO", "S3"].contains(&w);
        assert!(listed_with_unknown_names(
            "Hidden ",
            ", ELF, or Mach-O binaries.",
            &mut known
        ));
        assert!(listed_with_unknown_names(
            "Executables (",
            ", ELF, Mach-O) are scanned",
            &mut known
        ));
        assert!(!listed_with_unknown_names(
            "We compare ",
            ", DPO, and KTO.",
            &mut known
        ));
        assert!(!listed_with_unknown_names(
            "(including the ",
            ", DeepSpeed, and FSDP2 settings)",
            &mut known
        ));
        assert!(!listed_with_unknown_names(
            "Stores like ",
            ", S3, Azure Blob",
            &mut known
        ));
        assert!(!listed_with_unknown_names(
            "Use ",
            " with ELF and ABC.",
            &mut known
        ));
        assert!(written_in_lower_case("It is not fast.", "NOT"));
        assert!(!written_in_lower_case(
            "pip install mlc-llm; import mlc_llm",
            "MLC"
        ));
        assert!(!written_in_lower_case("nothing here", "NOT"));
        assert!(written_in_lower_case("We pay nothing, zero.", "ZERO"));
        assert!(!written_in_lower_case("see mlc.ai for more", "MLC"));
        assert!(is_name_like("JAX LLM Discord"));
        assert!(!is_name_like("the LLM guide"));
        assert!(!reads_well_spelled_out("results (with ", " on)"));
        assert!(!reads_well_spelled_out("the ", "'s weights"));
        assert!(!reads_well_spelled_out("a ", "-style loss"));
        assert!(!reads_well_spelled_out("set ", "=256"));
        assert!(!reads_well_spelled_out("the ", " (see below)"));
        assert!(!reads_well_spelled_out("for non-", " models"));
        assert!(reads_well_spelled_out("we use ", " here"));
        // A step of an arrow chain is a diagram's label.
        assert!(!reads_well_spelled_out("Query + Context → ", " → Answer"));
        assert!(!reads_well_spelled_out("then SFT -> ", " and"));
        assert!(!reads_well_spelled_out("The ", " → answer"));
        // A verb takes no noun's long form.
        assert!(!reads_well_spelled_out("We ", " the base model"));
        assert!(!reads_well_spelled_out("how to ", " a model"));
        assert!(reads_well_spelled_out("We use ", " the most"));
        assert!(reads_well_spelled_out("We ", " models"));
    }

    #[test]
    fn list_item_lead_ins() {
        assert_eq!(lead_in("LR scheduler warmup steps: 2000"), Some(0..25));
        assert_eq!(lead_in("We train with PPO, then: more"), None);
        assert_eq!(lead_in("no colon here"), None);
        assert_eq!(lead_in("Train SFT:"), Some(0..9));
        assert_eq!(lead_in("Train SFT:\n"), Some(0..9));
        assert_eq!(
            lead_in("First we train the SFT model on the demonstrations:"),
            None
        );
    }

    #[test]
    fn slash_and_plus_lists() {
        let text = "DPO/IPO/cDPO and w/ LoRA, the SFT / RM models, NLP / LLM-savvy readers, \
                    TP+SP and KTO + ORPO, GPT-4+ and C++ MoE";
        let at = |t: &str| {
            let s = text.find(t).expect("token");
            in_slash_or_plus_list(text, &(s..s + t.len()))
        };
        assert!(at("TP"));
        assert!(at("SP"));
        assert!(!at("KTO"));
        assert!(!at("ORPO"));
        assert!(!at("GPT"));
        assert!(!at("MoE"));
        assert!(at("DPO"));
        assert!(at("IPO"));
        assert!(!at("LoRA"));
        assert!(at("SFT"));
        assert!(at("RM"));
        assert!(at("NLP"));
    }

    #[test]
    fn titles_references_and_quotes() {
        assert!(is_title_like(
            "Computational Limits of Low-Rank Adaptation (LoRA) for Transformer-Based Models"
        ));
        assert!(is_title_like(
            "KERPLE: Kernelized Relative Positional Embedding for Length Extrapolation"
        ));
        assert!(!is_title_like("the LoRA guide"));
        assert!(!is_title_like("Noise Contrastive Alignment (NCA)"));
        assert!(!is_title_like("GRPO (Group Relative Policy Optimization)"));
        assert!(!is_title_like(
            "DPO (Direct Preference Optimization)/IPO/cDPO"
        ));
        assert!(!is_title_like("see how we trained the reward model"));
        assert!(reads_as_reference(
            "Ta-Chung Chi and Ting-Han Fan. \"KERPLE: Kernelized Relative Positional Embedding\". In Advances in NeurIPS, 2022."
        ));
        assert!(starts_with_date("[2025/02] We release LMM-R1"));
        assert!(starts_with_date("[9/9/2024] We release RLHF"));
        assert!(starts_with_date("January 18, 2024: New GRPO recipe"));
        assert!(starts_with_date("April 2025: PPO support"));
        assert!(!starts_with_date("2 GPUs: enough for PPO"));
        assert!(!starts_with_date("Step 1: run PPO in 2024"));
        assert!(starts_with_date("🔥 [2024/05] We release DPO recipes"));
        assert!(starts_with_date("🎉🎉 **April 2025**: PPO support"));
        assert!(!starts_with_date("🔥 Step 1: run PPO in 2024"));
        assert!(starts_with_version(
            "**v1.0**: Innovation number tracking implemented per the NEAT paper"
        ));
        assert!(starts_with_version("[v0.3.2] GRPO support"));
        assert!(starts_with_version("2.1.0: FSDP2 by default"));
        assert!(starts_with_version("✨ **v0.4.0**: GRPO support"));
        assert!(opens_a_turn("Human: Please introduce the game GTA5"));
        assert!(opens_a_turn(
            "**Assistant:** GTA5, or Grand Theft Auto V, is a game"
        ));
        assert!(opens_a_turn("**User**: what is RLHF?"));
        assert!(!opens_a_turn("Users: people who run PPO"));
        assert!(!opens_a_turn("Note: the model is trained with PPO"));
        assert!(!opens_a_turn("Human feedback: PPO needs it"));
        assert!(!opens_a_turn("model: the instruct model trained with SFT"));
        assert!(!opens_a_turn("user: the name to log in with"));
        assert!(!starts_with_version("3.14 GB: enough for PPO"));
        assert!(!starts_with_version("v2 of the PPO recipe: faster"));
        assert!(!starts_with_version("1.5 times faster: GRPO"));
        assert!(!starts_with_version("version 1.0: GRPO"));
        assert!(!reads_as_reference(
            "As Shao et al. (2024) show, GRPO drops the critic."
        ));
        assert_eq!(
            quoted_runs("He said “we use RLHF here” and \"PPO\"."),
            Quoted {
                passages: vec![Range { start: 11, end: 27 }],
                words: vec![Range { start: 36, end: 39 }]
            }
        );
        assert_eq!(
            quoted_runs("the ``Curated Breast Imaging Subset of DDSM'' set, it's ``one''"),
            Quoted {
                passages: vec![Range { start: 6, end: 43 }],
                words: vec![Range { start: 58, end: 61 }]
            }
        );
        assert!(starts_sentence(""));
        assert!(starts_sentence("It works. "));
        assert!(!starts_sentence("We use "));
        // Inline code in the flat text is a break: the sentence goes on across it.
        assert!(!starts_sentence("The full method uses \n "));
        assert!(!starts_sentence("\n "));
        assert!(starts_sentence("Run \n. "));
        // A label the writer lettered by hand opens the item's sentence.
        assert!(starts_sentence("(D) "));
        assert!(starts_sentence("(D) **"));
        // After a label's colon, a sentence; after a clause's, a list or a phrase.
        assert!(starts_sentence("Note: "));
        assert!(starts_sentence("It works. **Step 2:** "));
        assert!(!starts_sentence(
            "This tutorial covers the algorithms used in modern models: **"
        ));
        assert!(starts_sentence("**(ii) "));
        assert!(starts_sentence("b) "));
        assert!(!starts_sentence("Three kinds: (a) VLM and (b) "));
        assert!(!starts_sentence("Three kinds (a) "));
        assert!(!starts_sentence("(see the figure) "));
    }
}
