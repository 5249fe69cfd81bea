//! The line breaker: one line at a time from a position, by TYPOGRAPHY.md R1–R5.
//!
//! A line is built in three steps.
//!
//! 1. **Read.** Characters are read forward into a fixed buffer of [`MAX_LINE_GLYPHS`] slots,
//!    each with its advance, its [`CharClass`], the [`Boundary`] before it and R5's ¼ em, until
//!    one overflows the measure. Reading goes on to the end of the unbreakable run that the
//!    overflowing character belongs to, so push-in can see all of it.
//! 2. **Decide where to break.** A legal break before the overflowing character is taken as it
//!    is. A forbidden one (R1, R2, R3) is resolved by push-in first: the whole run joins the line
//!    if compressing punctuation makes room — a mark at the line end shrinks to ½ em, and of two
//!    adjacent marks the first gives up half (`。」`, `）。`). Else, with hanging punctuation on,
//!    a single `、，。` hangs. Else push-out: the line ends at its last legal break and the run
//!    goes down with the character before it — unless the run is a URL or identifier, which
//!    breaks inside, after the last `/ . - ? & =` that fits. Between a number and its Han unit
//!    (`1992年`) the break is legal but taken only if push-in fails. Then, if the rest of the
//!    block would hold fewer than 2 characters besides punctuation, one unit is pulled down.
//! 3. **Place.** Compression is applied only as far as needed (line end first, then pairs from
//!    the right), and a compressed mark whose ink would reach past the ½ em it keeps (a
//!    centred 。 of the Traditional face) is drawn shifted into it ([`PlacedGlyph::ink_shift`],
//!    from [`Fonts::ink_columns`]); a line that is not its block's last is justified by
//!    spreading the slack over the gaps between glyphs (never inside a word, number, `——` or
//!    `……`), the remainder one pixel each to evenly spaced gaps. The line and its glyphs go to a [`LineSink`].
//!
//! Every decision depends only on the text from the line's start onwards, so breaking again from
//! any line's start reproduces the same lines: a [`Checkpoint`] is just a position.

use super::buffer::{Lead, LineBuffer, Slot, Slots, COMPRESSED, QUARTER_BEFORE, UPRIGHT_DIGIT};
use super::class::{self, Boundary, CharClass, Classified, Neighbours};
use super::line::{LineInfo, LineSink, NullSink, PlacedGlyph};
use super::metrics::{Fonts, TextStyle};
use super::params::{BlockSetting, LayoutParams};
use super::plain::{PlainTable, PAIR_BREAK, PAIR_COMPRESSES, PLAIN_CLOSING, PLAIN_HAN, PLAIN_NO};
use super::source::{Source, SourceChar};
use crate::Position;

/// The most characters one line is built from, counting the run read past the margin.
///
/// Sized from the widest measure and the narrowest text: the x4 profile's 480 px at its
/// smallest body size, 24 px, sets 20 Han characters or about 65 Latin glyphs (mean advance
/// ≈ 7 px); the Pico's 300 px at 16 px sets 18 Han or about 45 Latin. A line that would need
/// more ends at its last legal break before the buffer fills — still correct, only looser.
/// Each slot takes 12 bytes, so the buffer is 1,152 bytes of stack while a line is broken.
pub const MAX_LINE_GLYPHS: usize = 96;

/// Where a breaker can resume: the start of the next line. Cheap to copy and to keep.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Checkpoint {
    position: Position,
}

impl Checkpoint {
    /// The position of the next line's first character (or the book's end).
    pub fn position(self) -> Position {
        self.position
    }
}

/// What reading found.
struct Reading<I> {
    /// The first slot whose right edge passes the measure.
    overflow: Option<usize>,
    /// The last slot of the unbreakable run starting at `overflow`, if it was read whole.
    run_end: Option<usize>,
    /// Whether the buffer holds everything left of the block.
    block_ended: bool,
    /// The character after the buffer, classified, then the rest of the block (read only if
    /// R5 needs it).
    ahead: Option<Ahead>,
    rest: I,
    /// The characters from slot `index` on, for the last two slots read near the measure:
    /// where the next line starts when this one ends before such a slot, so
    /// the breaker moves on without decoding the line's characters a second time.
    marks: [Option<(usize, I)>; 2],
}

impl<I: Clone> Reading<I> {
    /// The characters from slot `end` on, if reading kept them.
    fn characters_from(&self, end: usize) -> Option<I> {
        self.marks
            .iter()
            .flatten()
            .find(|(index, _)| *index == end)
            .map(|(_, chars)| chars.clone())
    }
}

/// The ids [`LineBreaker::scan`] keeps of the characters it measured, the last ones: a power
/// of two (the ring is indexed by the count's low bits), more than the [`SEED_BACK`] + 2 that
/// [`LineBreaker::seed`] reads (the break it seeds from, and the pairs before it).
const KEPT: usize = 8;

/// How far back from the scan's end [`LineBreaker::seed`] looks for a break.
const SEED_BACK: usize = 3;

const _: () = assert!(KEPT.is_power_of_two() && KEPT >= SEED_BACK + 2);

/// What [`LineBreaker::scan`] measured of a line's start: how many plain characters, of the
/// `fit` the measure holds; the last one's plain code; how many of their pairs push-in may
/// compress; the ids of the last [`KEPT`] of them (character `i` at `i % KEPT`), from which
/// their codes and pairs follow again; and the characters after them.
struct Scan<I> {
    count: usize,
    fit: usize,
    last: u8,
    compressible: u32,
    kept: [u16; KEPT],
    rest: I,
}

/// A line's end as [`LineBreaker::plain_end`] finds it.
struct PlainEnd<I> {
    end: usize,
    last_in_block: bool,
    chars: I,
}

/// Where reading a line starts: the first character not yet buffered (`None` at the block's
/// end), the characters after it, the class of the buffer's last slot and the pen's position
/// after it.
struct ReadStart<I> {
    next: Option<Ahead>,
    rest: I,
    last_class: CharClass,
    x: i32,
    /// The characters from slot `.0` on, if the line may end there.
    mark: Option<(usize, I)>,
}

/// Where the line ends: it takes slots `..end`; with `hanging`, the last content slot hangs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Decision {
    end: usize,
    hanging: bool,
}

/// Breaks a book's blocks into lines, one [`LineBreaker::break_next`] at a time.
///
/// ```
/// use moye::format::BlockKind;
/// use moye::layout::{FixedMetrics, LayoutParams, LineBreaker, StrSource, TextExport};
/// use moye::Position;
///
/// let blocks = [(BlockKind::Paragraph, "目前，中華人民共和國在哈萨克斯坦阿斯塔纳設有大使馆。")];
/// let (source, fonts) = (StrSource::new(&blocks), FixedMetrics::new(16));
/// let params = LayoutParams::new(16 * 10, 400);
/// let mut breaker = LineBreaker::new(&source, &fonts, params, Position::START);
/// let mut text = TextExport::default();
/// while breaker.break_next(&mut text).is_some() {}
/// assert_eq!(text.lines, ["\u{3000}\u{3000}目前，中華人民共", "和國在哈萨克斯坦阿斯", "塔纳設有大使馆。"]);
/// ```
pub struct LineBreaker<'a, S: Source + ?Sized, F: Fonts + ?Sized> {
    source: &'a S,
    fonts: &'a F,
    params: LayoutParams,
    position: Position,
    /// The characters from `position` to the end of its block.
    chars: S::Chars<'a>,
    /// The source's block count, asked once.
    block_count: u16,
    /// What the block of `position` is, looked up once per block rather than once per line.
    block: BlockState,
    /// Each style's vertical metrics, worked out once rather than once per line: each takes a
    /// division, which the Cortex-M0+ does in software.
    metrics: [StyleMetrics; 3],
    /// The plain ids of the source, when counting with them ([`LineBreaker::counting`]).
    plain: Option<&'a PlainTable>,
}

/// The current block's setting, whether it is a heading, and whether a heading comes right
/// before it.
#[derive(Clone, Copy, Debug)]
struct BlockState {
    index: u16,
    setting: BlockSetting,
    heading: bool,
    follows_heading: bool,
}

impl BlockState {
    fn of<S: Source + ?Sized>(source: &S, index: u16) -> Self {
        let follows_heading = index
            .checked_sub(1)
            .is_some_and(|previous| source.block_kind(previous).is_heading());
        Self::with(source, index, follows_heading)
    }

    /// The state of the block after `self`, or of block `index` if that is not the next one:
    /// reading on, the kind of the block before is known already (a kind is a search).
    fn next<S: Source + ?Sized>(self, source: &S, index: u16) -> Self {
        if self.index.checked_add(1) == Some(index) {
            Self::with(source, index, self.heading)
        } else {
            Self::of(source, index)
        }
    }

    fn with<S: Source + ?Sized>(source: &S, index: u16, follows_heading: bool) -> Self {
        let kind = source.block_kind(index);
        BlockState {
            index,
            setting: BlockSetting::of(kind),
            heading: kind.is_heading(),
            follows_heading,
        }
    }
}

/// A style's em and the vertical metrics of its lines (see [`LayoutParams`]).
#[derive(Clone, Copy, Debug, Default)]
struct StyleMetrics {
    em: u8,
    height: u16,
    baseline: u16,
    space_before: u16,
    /// How many ems the measure holds.
    ems: u16,
}

impl StyleMetrics {
    fn of<F: Fonts + ?Sized>(fonts: &F, params: &LayoutParams, style: TextStyle) -> Self {
        let em = fonts.size(style);
        StyleMetrics {
            em,
            height: params.line_height(fonts, style),
            baseline: params.baseline(fonts, style),
            space_before: params.space_before(fonts, style),
            ems: params.width.checked_div(u16::from(em)).unwrap_or(0),
        }
    }
}

/// The index of `style` in [`LineBreaker::metrics`].
#[inline]
fn style_index(style: TextStyle) -> usize {
    match style {
        TextStyle::Body => 0,
        TextStyle::Heading2 => 1,
        TextStyle::Heading3 => 2,
    }
}

impl<'a, S: Source + ?Sized, F: Fonts + ?Sized> LineBreaker<'a, S, F> {
    /// A breaker whose first line starts at `start` (moved to the next block's start if
    /// `start` is at or past its block's end).
    pub fn new(source: &'a S, fonts: &'a F, params: LayoutParams, start: Position) -> Self {
        let metrics = [TextStyle::Body, TextStyle::Heading2, TextStyle::Heading3]
            .map(|style| StyleMetrics::of(fonts, &params, style));
        let mut breaker = LineBreaker {
            source,
            fonts,
            params,
            position: start,
            chars: source.chars(start.block, start.offset),
            block_count: source.block_count(),
            block: BlockState::of(source, start.block),
            metrics,
            plain: None,
        };
        breaker.settle();
        breaker
    }

    /// The same breaker, measuring lines with `plain`, the source's plain ids in these fonts
    /// (built by [`PlainTable::build`] for them): the same lines, found faster.
    pub fn counting(self, plain: &'a PlainTable) -> Self {
        LineBreaker {
            plain: Some(plain).filter(|plain| plain.is_built()),
            ..self
        }
    }

    /// Where the next line starts.
    pub fn checkpoint(&self) -> Checkpoint {
        Checkpoint {
            position: self.position,
        }
    }

    /// Continue from `checkpoint` (seeks the source once).
    pub fn resume(&mut self, checkpoint: Checkpoint) {
        self.position = checkpoint.position;
        self.chars = self.source.chars(self.position.block, self.position.offset);
        self.settle();
    }

    /// The position of the next line's first character; at the book's end, the block just
    /// past the last with offset 0.
    pub fn position(&self) -> Position {
        self.position
    }

    /// Whether every line has been delivered.
    pub fn is_finished(&self) -> bool {
        self.position.block >= self.block_count
    }

    /// Break the next line, deliver it and its glyphs to `sink`, and return it; `None` at the
    /// book's end.
    pub fn break_next<K: LineSink + ?Sized>(&mut self, sink: &mut K) -> Option<LineInfo> {
        self.next_line(Some(sink))
    }

    /// Break the next line as [`LineBreaker::break_next`] does, only to count it: the same
    /// line ends, style and vertical metrics (`start`, `end`, `style`, `first_in_block`,
    /// `last_in_block`, `hanging`, `indent`, `space_before`, `height`, `baseline`), without
    /// compressing, justifying or placing anything, so `width`, `glyph_count` and `justified`
    /// are left 0. What [`Layout::measure_page`](super::Layout::measure_page) pages with.
    pub(crate) fn measure_next(&mut self) -> Option<LineInfo> {
        self.next_line::<NullSink>(None)
    }

    /// Break the next line; place it and deliver it to `sink` if there is one.
    #[inline]
    fn next_line<K: LineSink + ?Sized>(&mut self, sink: Option<&mut K>) -> Option<LineInfo> {
        if self.is_finished() {
            return None;
        }
        let setting = self.block.setting;
        let style = setting.style;
        let metrics = self
            .metrics
            .get(style_index(style))
            .copied()
            .unwrap_or_default();
        let em = i32::from(metrics.em);
        let first_in_block = self.position.offset == 0;
        let indent = if setting.indent_first_line && first_in_block {
            2 * em
        } else {
            0
        };
        let mut line = LineBuffer {
            slots: Slots::new(),
            indent,
            measure: i32::from(self.params.width),
            em,
            lead: Lead::default(),
        };
        // Only counting, the line's first characters may be measured without buffering them,
        // and its end often follows from the next few; in the rare line whose end then needs
        // them after all, it is read again, whole.
        let scan = match sink {
            None => self.scan(&line, style),
            Some(_) => None,
        };
        let mut lead = None;
        if let Some(scan) = scan {
            if let Some(end) = self.plain_end(&line, &scan) {
                let mut info = self.line_info(style, &metrics, end.last_in_block);
                let end_offset = u16::try_from(end.end).unwrap_or(u16::MAX);
                info.end.offset = info.start.offset.saturating_add(end_offset);
                info.indent = u16::try_from(line.indent).unwrap_or(0);
                self.position = info.end;
                self.chars = end.chars;
                if end.last_in_block {
                    self.next_block();
                    self.settle();
                }
                return Some(info);
            }
            lead = self.seed(&mut line, scan);
        }
        let start = match lead {
            Some(start) => start,
            None => self.line_start(line.indent),
        };
        let mut reading = self.read(&mut line, style, start);
        let decision = self.decide(&line, &reading);
        let decision = match self.pull_down(&line, &reading, decision) {
            Some(decision) => decision,
            None => {
                line.slots.clear();
                line.lead = Lead::default();
                let start = self.line_start(line.indent);
                reading = self.read(&mut line, style, start);
                let decision = self.decide(&line, &reading);
                self.pull_down(&line, &reading, decision)
                    .unwrap_or(decision)
            }
        };
        let last_in_block = reading.block_ended && decision.end >= line.slots.len();
        let mut info = self.line_info(style, &metrics, last_in_block);
        match sink {
            Some(sink) => {
                info = self.place(
                    &mut line,
                    decision,
                    setting.justify && !last_in_block,
                    sink,
                    info,
                );
            }
            None => {
                let end = line.lead.count + decision.end;
                let end_offset = u16::try_from(end).unwrap_or(u16::MAX);
                info.end.offset = info.start.offset.saturating_add(end_offset);
                info.indent = u16::try_from(line.indent).unwrap_or(0);
                info.hanging = decision.hanging;
            }
        }
        self.position = info.end;
        if last_in_block {
            // Nothing of the block is left: on to the next non-empty block, reading on from
            // this one's end, where reading left off.
            self.chars = reading.rest;
            self.next_block();
            self.settle();
        } else if let Some(chars) = reading.characters_from(decision.end) {
            // Something of the block is left — a character after the buffer, or buffered
            // ones past the line — so there is no need to settle.
            self.chars = chars;
        } else if let Some(last) = (line.lead.count + decision.end).checked_sub(1) {
            // Past the line's characters (`nth` lets a source skip without decoding them
            // all), where reading kept no mark.
            self.chars.nth(last);
        }
        Some(info)
    }

    /// The line starting at the breaker's position, in `style`, before its end is known.
    fn line_info(&self, style: TextStyle, metrics: &StyleMetrics, last_in_block: bool) -> LineInfo {
        let first_in_block = self.position.offset == 0;
        LineInfo {
            start: self.position,
            end: self.position,
            style,
            first_in_block,
            last_in_block,
            // A heading right after another heading takes no space before it: the two
            // read as one unit, and on a short page the space would push the pair apart.
            space_before: if first_in_block && !self.block.follows_heading {
                metrics.space_before
            } else {
                0
            },
            height: metrics.height,
            baseline: metrics.baseline,
            ..LineInfo::default()
        }
    }

    /// Move to the start of the block after the current one, whose characters the source
    /// reads on from the current one's (skipped to their end).
    fn next_block(&mut self) {
        let block = self.position.block.saturating_add(1);
        self.position = Position::new(block, 0);
        self.chars = self.source.next_block_chars(block, self.chars.clone());
    }

    /// Move past the end of the current block (and any empty blocks after it).
    fn settle(&mut self) {
        let count = self.block_count;
        loop {
            if self.position.block >= count {
                self.position = Position::new(count, 0);
                self.chars = self.source.chars(count, 0);
                return;
            }
            if self.chars.clone().next().is_some() {
                break;
            }
            self.next_block();
        }
        if self.block.index != self.position.block {
            self.block = self.block.next(self.source, self.position.block);
        }
    }

    /// The advance of `ahead` in `style`: one em for a plain character when counting with
    /// plain ids, else as the fonts say.
    #[inline]
    fn advance_of(&self, style: TextStyle, ahead: Ahead) -> u8 {
        if let (Some(plain), Some(id), TextStyle::Body) = (self.plain, ahead.id, style) {
            if plain.code(id) != 0 {
                return plain.em();
            }
        }
        self.fonts.advance_of(style, ahead.source_char())
    }

    /// Where reading a line from its first character starts.
    fn line_start(&self, indent: i32) -> ReadStart<S::Chars<'a>> {
        let mut rest = self.chars.clone();
        let next = Ahead::read(&mut rest);
        ReadStart {
            next,
            rest,
            // No slot yet, and no class settles anything after a space, so the first slot
            // goes to the rules.
            last_class: CharClass::Space,
            x: indent,
            mark: None,
        }
    }

    /// Counting only: measures the line's first characters by their ids alone, without
    /// buffering them, while nothing about them can matter but their widths — plain
    /// characters ([`PlainTable`]: ideographs and full-width marks one em wide) in pairs their
    /// classes settle without a ¼ em — and they end within the measure. `None` if there is
    /// nothing to measure so (body text only, with a table and a source of ids).
    #[inline(never)]
    fn scan(&self, line: &LineBuffer, style: TextStyle) -> Option<Scan<S::Chars<'a>>> {
        let plain = self.plain.filter(|_| style == TextStyle::Body)?;
        let em = line.em;
        if i32::from(plain.em()) != em || em <= 0 {
            return None;
        }
        // Plain characters that end within the measure, after an indent of whole ems.
        let indent_ems = match line.indent {
            0 => 0,
            indent if indent == 2 * em => 2,
            _ => return None,
        };
        let ems = self.metrics.get(style_index(style))?.ems;
        let fit = usize::from(ems.saturating_sub(indent_ems)).min(MAX_LINE_GLYPHS - 1);
        let mut kept = [0u16; KEPT];
        // The compressible pairs so far, four times over (PAIR_COMPRESSES is 4).
        let (mut count, mut code, mut compressible4) = (0usize, 0u8, 0u32);
        let max = u16::try_from(fit).ok()?;
        let mut rest = self.chars.clone();
        self.source.scan_ids(&mut rest, max, |id| {
            let next = plain.code(id);
            let pair = PlainTable::pair(code, next);
            if pair & 3 == 0 {
                return false;
            }
            compressible4 += u32::from(pair & PAIR_COMPRESSES);
            if let Some(at) = kept.get_mut(count % KEPT) {
                *at = id;
            }
            count += 1;
            code = next;
            true
        })?;
        let compressible = compressible4 / 4;
        Some(Scan {
            count,
            fit,
            last: code,
            compressible,
            kept,
            rest,
        })
    }

    /// Counting only: the end of a line whose start [`scan`](Self::scan) measured, when the
    /// next few characters settle it without buffering any (most lines of a novel): the
    /// line's characters, whether it ends its block, and the characters after it. Three
    /// cases, each what [`decide`](Self::decide) and [`pull_down`](Self::pull_down) find:
    /// the block ends within the measure; an ideograph overflows after a break, with another
    /// ideograph after it for R5; a closing mark overflows after an ideograph and push-in
    /// makes room for it, with two ideographs after it.
    #[inline(never)]
    fn plain_end(
        &self,
        line: &LineBuffer,
        scan: &Scan<S::Chars<'a>>,
    ) -> Option<PlainEnd<S::Chars<'a>>> {
        let plain = self.plain?;
        let code_of = |id: u16| plain.code(id);
        // The character after the measured ones, and the two after it, by their codes.
        let mut after_first = scan.rest.clone();
        let mut first = None;
        self.source.scan_ids(&mut after_first, 1, |id| {
            first = Some(code_of(id));
            true
        });
        let Some(first) = first else {
            return (scan.count > 0).then(|| PlainEnd {
                end: scan.count,
                last_in_block: true,
                chars: scan.rest.clone(),
            });
        };
        if scan.count != scan.fit || scan.count == 0 {
            return None;
        }
        let mut following = [PLAIN_NO; 2];
        let mut seen = 0;
        let mut look = after_first.clone();
        self.source.scan_ids(&mut look, 2, |id| {
            if let Some(at) = following.get_mut(seen) {
                *at = code_of(id);
            }
            seen += 1;
            true
        });
        let [second, third] = following;
        let breaks = PlainTable::pair(scan.last, first) & 3 == PAIR_BREAK;
        if first == PLAIN_HAN && breaks && second == PLAIN_HAN {
            return Some(PlainEnd {
                end: scan.count,
                last_in_block: false,
                chars: scan.rest.clone(),
            });
        }
        let em = line.em;
        let half = em - em / 2;
        let count = i32::try_from(scan.count).ok()?;
        let compressible = i32::try_from(scan.compressible).ok()?;
        let pushed_in = line.indent + (count + 1) * em - (compressible + 1) * half;
        if first == PLAIN_CLOSING
            && scan.last == PLAIN_HAN
            && second == PLAIN_HAN
            && third == PLAIN_HAN
            && pushed_in <= line.measure
        {
            return Some(PlainEnd {
                end: scan.count + 1,
                last_in_block: false,
                chars: after_first,
            });
        }
        None
    }

    /// Counting only: puts the last two to four characters [`scan`](Self::scan) measured
    /// into the buffer as its first slots, from a break between two of them, the others
    /// being the line's [`Lead`], so that wherever the line ends the breaker need not look
    /// further back (the one exception, R5's pull-down finding no break in the buffer,
    /// [`pull_down`](Self::pull_down) reports). `None` if there is nothing to gain: then the
    /// line is read from its start.
    #[inline(never)]
    fn seed(
        &self,
        line: &mut LineBuffer,
        scan: Scan<S::Chars<'a>>,
    ) -> Option<ReadStart<S::Chars<'a>>> {
        let plain = self.plain?;
        let Scan {
            count,
            compressible,
            kept,
            rest,
            ..
        } = scan;
        let mut rest = rest;
        let em = line.em;
        // Character `index`'s id, code and pair with the one before, for the last KEPT.
        let id_at = |index: usize| kept.get(index % KEPT).copied();
        let pair_at = |index: usize| -> Option<u8> {
            let before = match index.checked_sub(1) {
                Some(before) => plain.code(id_at(before)?),
                None => PLAIN_NO,
            };
            Some(PlainTable::pair(before, plain.code(id_at(index)?)))
        };
        // The first slot: the last character measured that a break follows.
        let first = (count.saturating_sub(SEED_BACK).max(1)..count)
            .rev()
            .find(|&index| pair_at(index).is_some_and(|pair| pair & 3 == PAIR_BREAK))?
            - 1;
        if first == 0 {
            return None;
        }
        // The compressible pairs up to the first slot's: the line's, less the ones after it.
        let after_first = (first + 1..count)
            .filter(|&index| pair_at(index).is_some_and(|pair| pair & PAIR_COMPRESSES != 0))
            .count();
        let pairs_to_first = usize::try_from(compressible)
            .ok()?
            .checked_sub(after_first)?;
        line.lead = Lead {
            count: first,
            width: em * i32::try_from(first).ok()?,
            shrink: (em - em / 2) * i32::try_from(pairs_to_first).ok()?,
        };
        for index in first..count {
            let id = id_at(index)?;
            let slot = Slot {
                c: self.source.id_char(id)?,
                id: Some(id),
                advance: u8::try_from(em).ok()?,
                class: PlainTable::plain_of(plain.code(id)).class(),
                before: if pair_at(index)? & 3 == PAIR_BREAK {
                    Boundary::Break
                } else {
                    Boundary::Glue
                },
                flags: 0,
            };
            line.slots.push(slot).ok()?;
        }
        // Reading goes on from the character the scan stopped before; where it starts is
        // where the next line starts if this one ends before it.
        let mark = (line.slots.len(), rest.clone());
        let next = Ahead::read(&mut rest);
        Some(ReadStart {
            next,
            rest,
            last_class: line.slots.last()?.class,
            x: line.indent + em * i32::try_from(count).ok()?,
            mark: Some(mark),
        })
    }

    /// Step 1: read slots until one overflows the measure, then to the end of its run.
    ///
    /// Each character is classified once, when it enters the two-character lookahead; the
    /// rules between neighbours then read the classes from the slots and the lookahead.
    fn read(
        &self,
        line: &mut LineBuffer,
        style: TextStyle,
        start: ReadStart<S::Chars<'a>>,
    ) -> Reading<S::Chars<'a>> {
        // The loop carries as little as it can: it has more state than the registers of a
        // Cortex-M0+ hold. The next character is read one ahead (`rest` is just past it); the
        // one after it is peeked at only where a rule needs it, and the two before it are read
        // from the buffer, where they are.
        let ReadStart {
            mut next,
            mut rest,
            mut last_class,
            x: mut reading_x,
            mark,
        } = start;
        let mut overflow = None;
        let mut run_end = None;
        let mut block_ended = false;
        let mut marks = [None, None];
        if let Some(mark) = mark {
            if let Some(at) = marks.get_mut(mark.0 % 2) {
                *at = Some(mark);
            }
        }
        loop {
            let Some(current) = next else {
                block_ended = true;
                break;
            };
            // Two Han characters, or Han and Chinese punctuation, most of a Chinese text:
            // their classes settle the rules ([`class::boundary`] and
            // [`class::quarter_space_between`] say the same, the long way round).
            let (before, quarter) = match class::settled_by_classes(last_class, current.class) {
                Some(settled) => settled,
                None => self.rules_before(line, current, &rest),
            };
            let mut slot = Slot {
                c: current.c,
                id: current.id,
                advance: self.advance_of(style, current),
                class: current.class,
                before,
                flags: if quarter { QUARTER_BEFORE } else { 0 },
            };
            if self.params.upright_digit_pairs {
                upright_digits(&mut slot, line, &rest);
            }
            if line.lead.count + line.slots.len() >= MAX_LINE_GLYPHS
                || line.slots.push(slot).is_err()
            {
                break;
            }
            last_class = slot.class;
            // Near the measure (where the next character may overflow: a rare one wider
            // than 1¼ em only costs the skip) and past it, the line may end before the next
            // slot: keep where its characters start, by turns in the two marks.
            let x = reading_x + i32::from(slot.advance) + line.em + line.quarter();
            if overflow.is_some() || x > line.measure {
                let index = line.slots.len();
                if let Some(mark) = marks.get_mut(index % 2) {
                    *mark = Some((index, rest.clone()));
                }
            }
            next = Ahead::read(&mut rest);
            match overflow {
                None => {
                    if quarter {
                        reading_x += line.quarter();
                    }
                    reading_x += i32::from(slot.advance);
                    if slot.class != CharClass::Space && reading_x > line.measure {
                        overflow = Some(line.slots.len() - 1);
                        if matches!(before, Boundary::Break | Boundary::AfterSpace) {
                            // A legal break: no run to look at.
                            break;
                        }
                    }
                }
                Some(_) if before.is_breakable() => {
                    run_end = line.slots.len().checked_sub(2);
                    break;
                }
                Some(_) => {}
            }
        }
        if block_ended && overflow.is_some() && run_end.is_none() {
            run_end = line.slots.len().checked_sub(1);
        }
        Reading {
            overflow,
            run_end,
            block_ended,
            ahead: next,
            rest,
            marks,
        }
    }

    /// The boundary before `current`, about to join the buffer, and whether R5's ¼ em goes
    /// there: by the buffer's last two slots, `current` and the character after it, the
    /// first of `rest` (read here without moving `rest`).
    #[inline(never)]
    fn rules_before(
        &self,
        line: &LineBuffer,
        current: Ahead,
        rest: &S::Chars<'a>,
    ) -> (Boundary, bool) {
        let count = line.slots.len();
        let Some(previous) = count
            .checked_sub(1)
            .and_then(|index| line.slot(index))
            .map(|slot| slot.classified())
        else {
            return (Boundary::Break, false);
        };
        let after = current.classified();
        let before = class::boundary(
            Neighbours {
                before2: count
                    .checked_sub(2)
                    .and_then(|index| line.slot(index))
                    .map(|slot| slot.classified()),
                before: previous,
                after,
                after2: Ahead::read(&mut rest.clone()).map(Ahead::classified),
            },
            self.params.prohibition,
        );
        (before, class::quarter_space_between(previous, after))
    }

    /// Step 2: where the line ends — legal break, push-in, hanging, or push-out.
    fn decide<I>(&self, line: &LineBuffer, reading: &Reading<I>) -> Decision {
        let taken = |end| Decision {
            end,
            hanging: false,
        };
        let count = line.slots.len();
        let Some(overflow) = reading.overflow else {
            if reading.block_ended {
                return taken(count);
            }
            // The buffer filled before the measure did.
            return taken(line.last_break(count, false).unwrap_or(count));
        };
        let Some(slot) = line.slot(overflow).filter(|_| overflow > 0) else {
            // Not even one glyph fits: take it anyway, so that every line makes progress.
            return taken(1);
        };
        if matches!(slot.before, Boundary::Break | Boundary::AfterSpace) {
            return taken(overflow);
        }
        if let Some(run_end) = reading.run_end {
            if line.fits(run_end + 1) {
                return taken(run_end + 1);
            }
            let single_mark = line.content_end(run_end + 1) == overflow + 1;
            if self.params.hanging_punctuation
                && slot.before == Boundary::Glue
                && single_mark
                && class::is_hangable(slot.c)
                && line.fits(overflow)
            {
                return Decision {
                    end: run_end + 1,
                    hanging: true,
                };
            }
        }
        if slot.before == Boundary::Weak {
            return taken(overflow);
        }
        // A URL or identifier breaks inside rather than moving down whole.
        if let Some(end) = line.url_break(overflow) {
            return taken(end);
        }
        // Push out; a run wider than the whole line breaks where it overflows, or before the
        // closing marks it overflows at.
        taken(
            line.last_break(overflow, false)
                .unwrap_or_else(|| line.forced_break(overflow)),
        )
    }

    /// R5: if the rest of the block would hold fewer than 2 characters besides punctuation,
    /// pull one unit down to it. `None` if the break to pull down to lies before the buffer
    /// (a line with a [`Lead`]).
    fn pull_down<I: Iterator<Item = SourceChar> + Clone>(
        &self,
        line: &LineBuffer,
        reading: &Reading<I>,
        decision: Decision,
    ) -> Option<Decision> {
        let buffered = line.slots.get(decision.end..).unwrap_or_default();
        if reading.block_ended && buffered.is_empty() {
            return Some(decision);
        }
        let word_like = |class: &CharClass| class.is_word_like();
        let mut words = buffered
            .iter()
            .map(|slot| slot.class)
            .filter(word_like)
            .take(2)
            .count();
        // Past the buffer, the block goes on unless reading reached its end (mostly the
        // buffer alone settles it, and the source is not read again).
        if words < 2 && !reading.block_ended {
            let unread = reading
                .ahead
                .iter()
                .map(|ahead| ahead.class)
                .chain(reading.rest.clone().map(|ch| CharClass::of(ch.c)));
            words += unread.filter(word_like).take(2 - words).count();
        }
        if words >= 2 {
            return Some(decision);
        }
        let strong = line.last_break(decision.end, true);
        if strong.is_none() && line.lead.count > 0 {
            return None;
        }
        Some(
            match strong.or_else(|| line.last_break(decision.end, false)) {
                Some(end) => Decision {
                    end,
                    hanging: false,
                },
                None => decision,
            },
        )
    }

    /// Step 3: compress, justify, and deliver the line and its glyphs.
    fn place<K: LineSink + ?Sized>(
        &self,
        line: &mut LineBuffer,
        decision: Decision,
        justify: bool,
        sink: &mut K,
        mut info: LineInfo,
    ) -> LineInfo {
        let content_end = line.content_end(decision.end);
        let measured = if decision.hanging {
            content_end.saturating_sub(1)
        } else {
            content_end
        };
        let natural = line.push_in(measured);
        if decision.hanging {
            line.compress_if(measured, |slot, _| slot.class == CharClass::Closing);
        }
        let slots = line.slots.get(..content_end).unwrap_or_default();
        let gaps = if justify {
            slots
                .iter()
                .take(measured)
                .skip(1)
                .filter(|slot| slot.before != Boundary::Inside)
                .count()
        } else {
            0
        };
        let slack = if gaps > 0 {
            (line.measure - natural).max(0)
        } else {
            0
        };
        let hanging_width = slots
            .get(measured..)
            .unwrap_or_default()
            .iter()
            .map(|&slot| line.width_of(slot))
            .sum::<i32>();
        let end_offset = u16::try_from(decision.end).unwrap_or(u16::MAX);
        info.end.offset = info.start.offset.saturating_add(end_offset);
        info.indent = u16::try_from(line.indent).unwrap_or(0);
        info.width = u16::try_from(natural + slack + hanging_width).unwrap_or(u16::MAX);
        info.glyph_count = u16::try_from(content_end).unwrap_or(u16::MAX);
        info.justified = gaps > 0;
        info.hanging = decision.hanging;
        sink.line(&info);
        if !sink.wants_glyphs() {
            return info;
        }
        let mut x = line.indent;
        let mut shares = GapShares::new(gaps, slack);
        // Most blocks have no emphasis: then the source is not asked glyph by glyph.
        let emphasis = self.source.has_emphasis(info.start.block);
        for (index, &slot) in slots.iter().enumerate() {
            if index > 0 {
                if slot.has(QUARTER_BEFORE) {
                    x += line.quarter();
                }
                if index < measured && gaps > 0 && slot.before != Boundary::Inside {
                    x += shares.next_share();
                }
            }
            let offset = info
                .start
                .offset
                .saturating_add(u16::try_from(index).unwrap_or(u16::MAX));
            let width = line.width_of(slot);
            let ink_shift = if slot.has(COMPRESSED) {
                let ch = SourceChar {
                    c: slot.c,
                    id: slot.id,
                };
                ink_shift(width, self.fonts.ink_columns(info.style, ch))
            } else {
                0
            };
            sink.glyph(&PlacedGlyph {
                c: slot.c,
                id: slot.id,
                offset,
                x: i16::try_from(x).unwrap_or(i16::MAX),
                width: u8::try_from(width).unwrap_or(u8::MAX),
                ink_shift,
                style: info.style,
                emphasized: emphasis && self.source.is_emphasized(info.start.block, offset),
            });
            x += width;
        }
        info
    }
}

/// How far to move a compressed mark's glyph so that its ink, `ink` (columns from its pen
/// position), lies inside the `width` it keeps: TYPOGRAPHY.md's "compression removes the empty
/// half on the side where the ink is not". Ink already inside stays where it is (a low-left
/// 。 gives up its blank right half); ink reaching past (a centred 。, a blank quarter on each
/// side) is centred in the kept width, rounding left. Unknown ink stays.
fn ink_shift(width: i32, ink: Option<(i16, i16)>) -> i8 {
    let Some((left, right)) = ink else {
        return 0;
    };
    let (left, right) = (i32::from(left), i32::from(right));
    if left >= 0 && right <= width {
        return 0;
    }
    let shift = (width - (right - left)).div_euclid(2) - left;
    i8::try_from(shift).unwrap_or(0)
}

/// A character read ahead from the source, with its class (12 bytes, moved along a lot).
#[derive(Clone, Copy)]
struct Ahead {
    c: char,
    id: Option<u16>,
    class: CharClass,
}

impl Ahead {
    /// The next character of `chars`, classified.
    fn read(chars: &mut impl Iterator<Item = SourceChar>) -> Option<Ahead> {
        chars.next().map(|ch| Ahead {
            c: ch.c,
            id: ch.id,
            class: CharClass::of(ch.c),
        })
    }

    #[inline]
    fn classified(self) -> Classified {
        Classified {
            c: self.c,
            class: self.class,
        }
    }

    fn source_char(self) -> SourceChar {
        SourceChar {
            c: self.c,
            id: self.id,
        }
    }
}

/// 縦中横: a number of one or two ASCII digits, with no other Latin letter, digit or sign
/// beside it, stands upright in one cell of the column, one em tall, its digits side by side.
/// Its last digit takes the em and the first of two takes nothing, so the renderer knows a pair
/// from its first digit; no ¼ em parts it from the characters around it, as none parts two
/// ideographs. `slot` is the character joining `line`, `rest` what follows it.
fn upright_digits(
    slot: &mut Slot,
    line: &LineBuffer,
    rest: &(impl Iterator<Item = SourceChar> + Clone),
) {
    let previous = line.slots.last().copied();
    let upright_before = previous.is_some_and(|p| p.has(UPRIGHT_DIGIT));
    if !slot.c.is_ascii_digit() {
        if upright_before {
            slot.flags &= !QUARTER_BEFORE;
        }
        return;
    }
    let joins = |c: char| c.is_ascii_graphic();
    let em = u8::try_from(line.em).unwrap_or(u8::MAX);
    if let Some(previous) = previous.filter(|p| p.c.is_ascii_digit()) {
        // The second digit of a pair takes the cell its first left to it.
        if previous.has(UPRIGHT_DIGIT) && previous.advance == 0 {
            slot.advance = em;
            slot.flags = UPRIGHT_DIGIT;
        }
        return;
    }
    if previous.is_some_and(|p| joins(p.c)) {
        return;
    }
    let mut after = rest.clone().map(|ch| ch.c);
    let (advance, end) = match after.next() {
        Some(second) if second.is_ascii_digit() => (0, after.next()),
        next => (em, next),
    };
    if end.is_some_and(joins) {
        return;
    }
    slot.advance = advance;
    slot.flags = UPRIGHT_DIGIT;
}

/// Hands out `slack` pixels over `gaps` gaps, one gap at a time from the left: an even share
/// each, the remainder one pixel each to evenly spaced gaps (Bresenham), so the result is
/// deterministic. Gap `g` receives ⌊(g + 1)·slack / gaps⌋ − ⌊g·slack / gaps⌋, worked out
/// by carrying the remainder instead of dividing for every gap.
struct GapShares {
    share: i32,
    remainder: i32,
    gaps: i32,
    carried: i32,
}

impl GapShares {
    /// Shares of `slack` (at least 0) over `gaps` gaps (at least 1).
    fn new(gaps: usize, slack: i32) -> Self {
        let gaps = i32::try_from(gaps).unwrap_or(i32::MAX).max(1);
        let slack = slack.max(0);
        GapShares {
            share: slack / gaps,
            remainder: slack % gaps,
            gaps,
            carried: 0,
        }
    }

    /// The next gap's pixels.
    fn next_share(&mut self) -> i32 {
        self.carried += self.remainder;
        if self.carried >= self.gaps {
            self.carried -= self.gaps;
            self.share + 1
        } else {
            self.share
        }
    }
}

#[cfg(all(test, feature = "std"))]
mod tests {
    use super::super::tests::support::{export, record, set, set_with};
    use super::*;
    use crate::format::BlockKind;
    use crate::layout::{FixedMetrics, Prohibition, StrSource};
    use crate::layout::{NullSink, PlainTable};

    const EM: i16 = 16;

    /// A source over one block of text whose characters have ids, as a library's do: each
    /// its index among the text's distinct characters.
    struct IdSource<'a> {
        text: &'a str,
        ids: Vec<char>,
    }

    #[derive(Clone)]
    struct IdChars<'a> {
        chars: core::str::Chars<'a>,
        ids: &'a [char],
    }

    impl Iterator for IdChars<'_> {
        type Item = SourceChar;

        fn next(&mut self) -> Option<SourceChar> {
            let c = self.chars.next()?;
            let id = self.ids.iter().position(|&known| known == c)?;
            Some(SourceChar {
                c,
                id: u16::try_from(id).ok(),
            })
        }
    }

    impl Source for IdSource<'_> {
        type Chars<'s>
            = IdChars<'s>
        where
            Self: 's;

        fn block_count(&self) -> u16 {
            1
        }
        fn block_kind(&self, _: u16) -> BlockKind {
            BlockKind::Paragraph
        }
        fn block_len(&self, block: u16) -> u16 {
            if block == 0 {
                self.text.chars().count() as u16
            } else {
                0
            }
        }
        fn chars(&self, block: u16, from: u16) -> IdChars<'_> {
            let text = if block == 0 { self.text } else { "" };
            let mut chars = IdChars {
                chars: text.chars(),
                ids: &self.ids,
            };
            chars.chars.by_ref().take(usize::from(from)).for_each(drop);
            chars
        }
        fn is_emphasized(&self, _: u16, _: u16) -> bool {
            false
        }
        fn id_count(&self) -> u16 {
            self.ids.len() as u16
        }
        fn id_char(&self, id: u16) -> Option<char> {
            self.ids.get(usize::from(id)).copied()
        }
        fn scan_ids<'s>(
            &'s self,
            chars: &mut IdChars<'s>,
            max: u16,
            mut take: impl FnMut(u16) -> bool,
        ) -> Option<u16> {
            let mut read = 0;
            while read < max {
                let mut ahead = chars.clone();
                match ahead.next() {
                    Some(ch) if take(ch.id.unwrap()) => *chars = ahead,
                    _ => break,
                }
                read += 1;
            }
            Some(read)
        }
    }

    /// The lines of `text` (one paragraph) on a `width` px measure, as each of breaking,
    /// measuring and counting with plain ids ends them.
    fn three_ways(text: &str, width: u16) -> [Vec<String>; 3] {
        let mut ids: Vec<char> = text.chars().collect();
        ids.sort_unstable();
        ids.dedup();
        let source = IdSource { text, ids };
        let fonts = FixedMetrics::new(16);
        let params = crate::layout::LayoutParams::new(width, 800);
        let mut plain = PlainTable::new();
        plain.build(&source, &fonts);
        assert!(plain.is_built());
        let chars: Vec<char> = text.chars().collect();
        let cut = |info: LineInfo| -> String {
            let (start, end) = (usize::from(info.start.offset), usize::from(info.end.offset));
            chars[start..end].iter().collect()
        };
        let breaker = || LineBreaker::new(&source, &fonts, params, Position::START);
        let mut broken = breaker();
        let mut sink = NullSink;
        let mut measured = breaker();
        let mut counted = breaker().counting(&plain);
        [
            core::iter::from_fn(|| broken.break_next(&mut sink))
                .map(cut)
                .collect(),
            core::iter::from_fn(|| measured.measure_next())
                .map(cut)
                .collect(),
            core::iter::from_fn(|| counted.measure_next())
                .map(cut)
                .collect(),
        ]
    }

    #[test]
    fn counting_ends_lines_where_breaking_does_when_the_end_reaches_back() {
        // A paragraph: 2 em of indent, then 8 em of 一…，fill the 160 px measure exactly, so
        // counting measures them by their ids without buffering them. `，」』` cannot be
        // pushed in (1.5 em of room for 2 em) and goes down with 七; the break before 七 lies
        // among the characters counting did not buffer.
        let lines = ["一二三四五六", "七，」』八九十"];
        assert_eq!(
            three_ways("一二三四五六七，」』八九十", 160),
            [lines; 3].map(Vec::from)
        );
        // The same at the paragraph's end: R5 then leaves 七 no companion word and pulls 六
        // down too, from further back still.
        let lines = ["一二三四五", "六七，」』"];
        assert_eq!(
            three_ways("一二三四五六七，」』", 160),
            [lines; 3].map(Vec::from)
        );
        // Marks inside the measured start count for push-in: `。」` leaves ½ em of room, the
        // line's last mark `，` another ½ em, just what `，` needs to be pushed in.
        let lines = ["一二三。」四五六，", "八九十"];
        assert_eq!(
            three_ways("一二三。」四五六，八九十", 160),
            [lines; 3].map(Vec::from)
        );
        // On 168 px `，` is pushed in after 八, which would leave 九 alone on the last line:
        // R5 pulls 八 down instead.
        let lines = ["一二三四五六七", "八，九。"];
        assert_eq!(
            three_ways("一二三四五六七八，九。", 168),
            [lines; 3].map(Vec::from)
        );
    }

    #[test]
    fn push_in_compresses_the_line_end_mark() {
        // 10 Han fill 160 px; with 168 px the 。 fits at ½ em.
        let lines = set(BlockKind::Meta, "一二三四五六七八九十。後面的字", 168);
        assert_eq!(export(&lines), ["一二三四五六七八九十。", "後面的字"]);
        let (info, glyphs) = &lines.lines[0];
        let stop = glyphs.last().unwrap();
        assert_eq!((stop.c, stop.x, stop.width), ('。', 160, 8));
        assert_eq!(info.width, 168);
    }

    #[test]
    fn push_out_moves_the_last_character_down_with_the_mark() {
        let lines = set(BlockKind::Meta, "一二三四五六七八九十。後", 160);
        assert_eq!(export(&lines), ["一二三四五六七八九", "十。後"]);
        // The pushed-out line is justified: 16 px over 8 gaps.
        let xs: Vec<i16> = lines.lines[0].1.iter().map(|g| g.x).collect();
        assert_eq!(xs, [0, 18, 36, 54, 72, 90, 108, 126, 144]);
        assert!(lines.lines[0].0.justified);
    }

    #[test]
    fn adjacent_marks_take_one_and_a_half_em() {
        // `。」` at the end: 」 shrinks first, then 。 gives up its right half.
        let lines = set(BlockKind::Meta, "一二三四五六七八是。」後面", 160);
        assert_eq!(export(&lines), ["一二三四五六七八是。」", "後面"]);
        let placed: Vec<(char, i16, u8)> = lines.lines[0].1[8..]
            .iter()
            .map(|g| (g.c, g.x, g.width))
            .collect();
        assert_eq!(placed, [('是', 128, 16), ('。', 144, 8), ('」', 152, 8)]);
        // `（4%）。` as in the article: `）。` takes 1.5 em.
        let lines = set(BlockKind::Meta, "一二三四五六七（4%）。後面", 160);
        assert_eq!(export(&lines)[0], "一二三四五六七（4%）。");
        let tail: Vec<(char, u8)> = lines.lines[0].1.iter().map(|g| (g.c, g.width)).collect();
        assert_eq!(&tail[10..], [('）', 8), ('。', 8)]);
    }

    /// FixedMetrics whose 。 and ， have their ink centred in the em, columns 6..11 of 16, as
    /// the TC face draws them; the other marks' ink is unknown.
    struct CentredMarks(FixedMetrics);

    impl Fonts for CentredMarks {
        fn size(&self, style: TextStyle) -> u8 {
            self.0.size(style)
        }
        fn advance(&self, style: TextStyle, c: char) -> u8 {
            self.0.advance(style, c)
        }
        fn line_box(&self, style: TextStyle) -> crate::layout::LineBox {
            self.0.line_box(style)
        }
        fn ink_columns(&self, _: TextStyle, ch: SourceChar) -> Option<(i16, i16)> {
            matches!(ch.c, '。' | '，').then_some((6, 11))
        }
    }

    fn set_centred(text: &str, width: u16) -> crate::layout::LineRecorder {
        let blocks = [(BlockKind::Meta, text)];
        let fonts = CentredMarks(FixedMetrics::new(16));
        record(
            &StrSource::new(&blocks),
            &fonts,
            crate::layout::LayoutParams::new(width, 800),
        )
    }

    /// Each glyph of `text` set in one wide line with 縦中横 on: (character, x, width).
    fn upright(text: &str) -> Vec<(char, i16, u8)> {
        let blocks = [(BlockKind::Meta, text)];
        let params = crate::layout::LayoutParams {
            upright_digit_pairs: true,
            ..crate::layout::LayoutParams::new(800, 800)
        };
        let lines = record(&StrSource::new(&blocks), &FixedMetrics::new(16), params);
        lines.lines[0]
            .1
            .iter()
            .map(|g| (g.c, g.x, g.width))
            .collect()
    }

    #[test]
    fn numbers_of_one_or_two_digits_take_one_upright_cell() {
        // 11月: the pair takes one em, its first digit none, and no ¼ em beside it.
        assert_eq!(
            upright("在11月"),
            [('在', 0, 16), ('1', 16, 0), ('1', 16, 16), ('月', 32, 16)]
        );
        // One digit takes the em alone.
        assert_eq!(
            upright("第5章"),
            [('第', 0, 16), ('5', 16, 16), ('章', 32, 16)]
        );
        // Longer numbers, and numbers with a sign, a separator or a letter beside them, lie
        // turned as Latin: their own advances (½ em here) and R5's ¼ em (4 px) around them.
        let turned = [
            ('于', 0, 16),
            ('1', 20, 8),
            ('9', 28, 8),
            ('9', 36, 8),
            ('2', 44, 8),
        ];
        assert_eq!(upright("于1992")[..], turned[..]);
        assert_eq!(upright("约68%")[1], ('6', 20, 8));
        assert_eq!(upright("约3.7亿")[1], ('3', 20, 8));
        assert_eq!(upright("G20峰会")[1], ('2', 8, 8));
        // Off (the default), digits keep their advances.
        let blocks = [(BlockKind::Meta, "在11月")];
        let lines = record(
            &StrSource::new(&blocks),
            &FixedMetrics::new(16),
            crate::layout::LayoutParams::new(800, 800),
        );
        assert_eq!(lines.lines[0].1[1].width, 8);
    }

    #[test]
    fn a_compressed_centred_mark_moves_its_ink_into_the_half_em_it_keeps() {
        // At the line end: the 。 keeps 160..168, its ink (166..171 unshifted) moves by -5
        // to 161..166, clear of both edges.
        let lines = set_centred("一二三四五六七八九十。後面的字", 168);
        let stop = *lines.lines[0].1.last().unwrap();
        assert_eq!(
            (stop.c, stop.x, stop.width, stop.ink_shift),
            ('。', 160, 8, -5)
        );
        // The first of a pair: 。」 at 144..152..160; the 」 (ink unknown) stays.
        let lines = set_centred("一二三四五六七八是。」後面", 160);
        let placed: Vec<(char, i16, u8, i8)> = lines.lines[0].1[9..]
            .iter()
            .map(|g| (g.c, g.x, g.width, g.ink_shift))
            .collect();
        assert_eq!(placed, [('。', 144, 8, -5), ('」', 152, 8, 0)]);
        // Uncompressed marks and the main face's low-left marks are drawn where they stand.
        assert!(lines.lines[1].1.iter().all(|g| g.ink_shift == 0));
        let low_left = set(BlockKind::Meta, "一二三四五六七八九十。後面的字", 168);
        assert_eq!(low_left.lines[0].1.last().unwrap().ink_shift, 0);
    }

    #[test]
    fn ink_shift_keeps_ink_that_fits_and_centres_ink_that_does_not() {
        assert_eq!(ink_shift(8, Some((1, 6))), 0, "low-left ink fits");
        assert_eq!(
            ink_shift(8, Some((6, 11))),
            -5,
            "centred at 16 px: 1..6 of 8"
        );
        assert_eq!(
            ink_shift(12, Some((8, 16))),
            -6,
            "centred at 24 px: 2..10 of 12"
        );
        assert_eq!(ink_shift(8, None), 0);
        assert_eq!(
            ink_shift(8, Some((-2, 3))),
            3,
            "ink left of the pen moves right"
        );
    }

    #[test]
    fn opening_marks_never_end_a_line() {
        let lines = set(BlockKind::Meta, "一二三四五六七八九（十）後", 160);
        assert_eq!(export(&lines), ["一二三四五六七八九", "（十）後"]);
        let lines = set(BlockKind::Meta, "一二三四五六七八九“和平使命-2014”", 160);
        assert_eq!(export(&lines), ["一二三四五六七八九", "“和平使命-2014”"]);
    }

    #[test]
    fn the_solidus_stays_with_the_number_from_gb_style_on() {
        let text = "一二三四五六人民幣/2,000億";
        let gb = set(BlockKind::Meta, text, 160);
        assert_eq!(export(&gb), ["一二三四五六人民幣", "/2,000億"]);
        let basic = set_with(BlockKind::Meta, text, 160, |p| {
            p.prohibition = Prohibition::Basic
        });
        assert_eq!(export(&basic), ["一二三四五六人民幣/", "2,000億"]);
    }

    #[test]
    fn latin_words_break_only_at_spaces_which_vanish() {
        let lines = set(BlockKind::Meta, "General Zhandarbek Zhanzakov", 160);
        assert_eq!(export(&lines), ["General Zhandarbek", "Zhanzakov"]);
        // The consumed space is inside the first line's range but has no glyph.
        assert_eq!(lines.lines[0].0.end.offset, 19);
        // Justification widens the gaps around the space, never inside a word.
        let xs: Vec<i16> = lines.lines[0].1.iter().map(|g| g.x).collect();
        assert_eq!(&xs[..8], [0, 8, 16, 24, 32, 40, 48, 64]);
        assert_eq!(xs[8], 80);
        assert_eq!(lines.lines[0].0.width, 160);
    }

    #[test]
    fn a_word_wider_than_the_line_breaks_anywhere() {
        let word = "Pneumonoultramicroscopicsilicovolcanoconiosis";
        let lines = set(BlockKind::Meta, word, 160);
        assert_eq!(
            export(&lines),
            ["Pneumonoultramicrosc", "opicsilicovolcanocon", "iosis"]
        );
    }

    #[test]
    fn numbers_stay_whole() {
        let lines = set(BlockKind::Meta, "一二三四五六七八約3.7亿元", 160);
        assert_eq!(export(&lines), ["一二三四五六七八約", "3.7亿元"]);
        for (text, first) in [
            ("一二三四五六七八九12,000節", "一二三四五六七八九"),
            ("一二三四五六七八了68%。", "一二三四五六七八了"),
            ("一二三四五六七八九令-2014年", "一二三四五六七八九"),
        ] {
            let lines = set(BlockKind::Meta, text, 160);
            assert_eq!(export(&lines)[0], first, "{text}");
        }
    }

    #[test]
    fn a_number_keeps_its_unit_when_push_in_allows() {
        let text = "一「二」，三四1992年後面";
        let kept = set(BlockKind::Meta, text, 160);
        assert_eq!(export(&kept), ["一「二」，三四1992年", "後面"]);
        let parted = set(BlockKind::Meta, text, 152);
        assert_eq!(export(&parted), ["一「二」，三四1992", "年後面"]);
    }

    #[test]
    fn dashes_and_ellipses_are_one_unit() {
        let text = "一二三四五六七八九——十一";
        assert_eq!(
            export(&set(BlockKind::Meta, text, 160)),
            ["一二三四五六七八九", "——十一"]
        );
        let strict = set_with(BlockKind::Meta, text, 160, |p| {
            p.prohibition = Prohibition::Strict
        });
        assert_eq!(export(&strict), ["一二三四五六七八", "九——十一"]);
        // `……` (UAX #14 IN) starts a line only at Basic (CSS `loose`).
        let text = "一二三四五六七八九……十一";
        assert_eq!(
            export(&set(BlockKind::Meta, text, 160)),
            ["一二三四五六七八", "九……十一"]
        );
        let basic = set_with(BlockKind::Meta, text, 160, |p| {
            p.prohibition = Prohibition::Basic
        });
        assert_eq!(export(&basic), ["一二三四五六七八九", "……十一"]);
    }

    #[test]
    fn closing_runs_travel_with_the_character_before() {
        let lines = set(BlockKind::Meta, "一二三四五六七八九說」，然後", 160);
        assert_eq!(export(&lines), ["一二三四五六七八九", "說」，然後"]);
    }

    #[test]
    fn hanging_punctuation_when_enabled() {
        let text = "一二三四五六七八九十。後面";
        let lines = set_with(BlockKind::Meta, text, 160, |p| p.hanging_punctuation = true);
        assert_eq!(export(&lines), ["一二三四五六七八九十。", "後面"]);
        let (info, glyphs) = &lines.lines[0];
        assert!(info.hanging);
        let stop = glyphs.last().unwrap();
        assert_eq!((stop.x, stop.width, info.width), (160, 8, 168));
        // Two marks never hang.
        let text = "一二三四五六七八九十。」後面";
        let lines = set_with(BlockKind::Meta, text, 160, |p| p.hanging_punctuation = true);
        assert_eq!(export(&lines)[0], "一二三四五六七八九");
    }

    #[test]
    fn quarter_em_between_han_and_latin_only_inside_a_line() {
        let lines = set(BlockKind::Meta, "於1992年建交，GNews", 400);
        let xs: Vec<(char, i16)> = lines.lines[0].1.iter().map(|g| (g.c, g.x)).collect();
        assert_eq!(
            &xs[..7],
            [
                ('於', 0),
                ('1', 20),
                ('9', 28),
                ('9', 36),
                ('2', 44),
                ('年', 56),
                ('建', 72)
            ]
        );
        // No ¼ em next to full-width punctuation.
        assert_eq!(xs[9], ('G', 120));
        // None at a line start: `1992` starts the second line at x = 0.
        let lines = set(BlockKind::Meta, "一二三四五六七八九十1992年", 160);
        assert_eq!(lines.lines[1].1[0].x, 0);
    }

    #[test]
    fn paragraphs_indent_two_em_and_justify_all_but_the_last_line() {
        let text =
            "目前，中華人民共和國在哈萨克斯坦阿斯塔纳設有大使馆，哈萨克斯坦驻华大使馆則位於北京。";
        let lines = set(BlockKind::Paragraph, text, 200);
        let (first, glyphs) = &lines.lines[0];
        assert_eq!((first.indent, glyphs[0].x), (2 * EM as u16, 2 * EM));
        for (info, glyphs) in &lines.lines[..lines.lines.len() - 1] {
            let last = glyphs.last().unwrap();
            assert_eq!(last.x + i16::from(last.width), 200, "{info:?}");
            assert!(info.justified);
        }
        let (last, glyphs) = lines.lines.last().unwrap();
        assert!(last.last_in_block && !last.justified);
        assert!(glyphs.windows(2).all(|w| w[1].x == w[0].x + EM));
        let meta = set(BlockKind::Meta, "墨尔本雅典娜农场 轉載自GNews", 400);
        assert_eq!(meta.lines[0].0.indent, 0);
    }

    #[test]
    fn headings_are_larger_and_neither_indented_nor_justified() {
        let lines = set(
            BlockKind::Heading2,
            "哈萨克斯坦与中共国正在渐行渐远的原因",
            160,
        );
        assert!(lines.lines.len() > 1);
        for (info, glyphs) in &lines.lines {
            assert_eq!((info.indent, info.justified), (0, false));
            assert_eq!(info.style, TextStyle::Heading2);
            assert!(glyphs.iter().all(|g| g.width == 24));
        }
        assert_eq!(lines.lines[0].0.space_before, 24);
        assert_eq!(lines.lines[1].0.space_before, 0);
    }

    #[test]
    fn the_last_line_keeps_two_characters_besides_punctuation() {
        let lines = set(BlockKind::Meta, "一二三四五六七八九十後。", 160);
        assert_eq!(export(&lines), ["一二三四五六七八九", "十後。"]);
        let lines = set(BlockKind::Meta, "一二三四五六七八九十後面。", 160);
        assert_eq!(export(&lines), ["一二三四五六七八九十", "後面。"]);
    }

    #[test]
    fn emphasis_reaches_the_glyphs() {
        let blocks = [(BlockKind::Meta, "到2040年將下降")];
        let spans = [crate::layout::EmphasisSpan {
            block: 0,
            start: 1,
            end: 5,
        }];
        let source = StrSource::new(&blocks).with_emphasis(&spans);
        let lines = record(&source, &FixedMetrics::new(16), LayoutParams::new(400, 400));
        let marked: String = lines.lines[0]
            .1
            .iter()
            .filter(|g| g.emphasized)
            .map(|g| g.c)
            .collect();
        assert_eq!(marked, "2040");
    }

    #[test]
    fn resuming_from_a_checkpoint_gives_the_same_lines() {
        let blocks = [
            (BlockKind::Paragraph, "自從两国於1992年建交後，两国在政治、经济、文化等领域的关系得到了良好且稳定的发展。"),
            (BlockKind::Paragraph, ""),
            (BlockKind::Paragraph, "目前，中華人民共和國在哈萨克斯坦阿斯塔纳設有大使馆。"),
        ];
        let (source, fonts) = (StrSource::new(&blocks), FixedMetrics::new(16));
        let params = LayoutParams::new(176, 400);
        let mut breaker = LineBreaker::new(&source, &fonts, params, Position::START);
        let mut checkpoints = Vec::new();
        let mut all = crate::layout::LineRecorder::default();
        loop {
            checkpoints.push(breaker.checkpoint());
            if breaker.break_next(&mut all).is_none() {
                break;
            }
        }
        assert!(breaker.is_finished());
        assert_eq!(breaker.position(), Position::new(3, 0));
        for (index, checkpoint) in checkpoints.iter().enumerate().take(all.lines.len()) {
            let mut again = LineBreaker::new(&source, &fonts, params, Position::START);
            again.resume(*checkpoint);
            let mut one = crate::layout::LineRecorder::default();
            again.break_next(&mut one);
            assert_eq!(one.lines[0], all.lines[index]);
        }
        // The empty block is skipped.
        assert!(all.lines.iter().all(|(info, _)| info.start.block != 1));
    }

    #[test]
    fn gap_shares_add_up_and_spread_evenly() {
        let mut spreader = GapShares::new(5, 7);
        let shares: Vec<i32> = (0..5).map(|_| spreader.next_share()).collect();
        assert_eq!(shares, [1, 1, 2, 1, 2]);
        assert_eq!(GapShares::new(0, 9).next_share(), 9);
        // Each gap gets the difference of the running floors of the exact shares.
        for gaps in 1..40usize {
            for slack in 0..200 {
                let mut spreader = GapShares::new(gaps, slack);
                let mut given = 0;
                for gap in 0..gaps {
                    let share = spreader.next_share();
                    given += share;
                    let exact = ((gap + 1) as i32 * slack) / gaps as i32;
                    assert_eq!(given, exact, "gap {gap} of {gaps}, slack {slack}");
                }
                assert_eq!(given, slack);
            }
        }
    }
}
