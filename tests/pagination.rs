//! The product's acceptance suite for pagination (TYPOGRAPHY.md, "What a test of a layout
//! checks"), on the real books: both books, every rendition, every profile, every body size
//! of that profile and every prohibition level, set horizontally and vertically.
//!
//! The punctuation sets below are written out here from TYPOGRAPHY.md, independently of the
//! layout's own character classes, so a wrong class table cannot hide its own mistakes.

use moye::format::{Library, Rendition, Script};
use moye::glyphs::{FontSet, GlyphForms, PunctuationPosition, WritingMode};
use moye::layout::{
    Fonts, Layout, LayoutParams, LineInfo, LineRecorder, PageIndex, PlacedGlyph, Prohibition,
    SparseIndex, TextStyle,
};
use moye::profile::{Profile, PROFILES};
use moye::Position;

/// R1 (every level): never at the start of a line; with the NS and PO examples of
/// TYPOGRAPHY.md "Levels".
const NO_START: &str =
    "、，。．：；！？,.:;!?）］｝〕〉》」』】〗〙〟’”»›)]}·・‧•–—－～~-‐‑%％‰℃°′″¢々〻ゝヽ‼⁇⁈⁉℉";
/// "Levels": never at the start of a line from GB-style on (IN).
const NO_START_FROM_GB_STYLE: &str = "…‥⋯︙";
/// "Levels": never at the start of a line at Strict (CJ).
const NO_START_AT_STRICT: &str = "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶー";
/// R2 (every level): never at the end of a line; with the PR examples of "Levels".
const NO_END: &str = "（［｛〔〈《「『【〖〘〝‘“«‹([{$＄¥￥£￡€±№";
/// R2 (from GB-style on): the solidus.
const NO_END_FROM_GB_STYLE: &str = "/／";

const LEVELS: [Prohibition; 3] = [
    Prohibition::Basic,
    Prohibition::GbStyle,
    Prohibition::Strict,
];

/// Whether `c` may not start a line at `level`.
fn never_starts(c: char, level: Prohibition) -> bool {
    NO_START.contains(c)
        || (level != Prohibition::Basic && NO_START_FROM_GB_STYLE.contains(c))
        || (level == Prohibition::Strict && NO_START_AT_STRICT.contains(c))
}

/// Whether `c` may not end a line at `level`.
fn never_ends(c: char, level: Prohibition) -> bool {
    NO_END.contains(c) || (level != Prohibition::Basic && NO_END_FROM_GB_STYLE.contains(c))
}

/// Whether a break between two lines falls inside a URL or identifier ("URLs and long Latin
/// runs"): the run of ASCII characters without spaces across it has `/ ? & = # _ @` inside.
fn inside_a_url(end: &[PlacedGlyph], start: &[PlacedGlyph]) -> bool {
    let mut run: Vec<char> = end
        .iter()
        .rev()
        .take_while(|g| g.c.is_ascii_graphic())
        .map(|g| g.c)
        .collect();
    run.reverse();
    run.extend(
        start
            .iter()
            .take_while(|g| g.c.is_ascii_graphic())
            .map(|g| g.c),
    );
    run.len() > 2 && run[1..run.len() - 1].iter().any(|c| "/?&=#_@".contains(*c))
}

type Lines = Vec<(LineInfo, Vec<PlacedGlyph>)>;

struct Laid {
    pages: Vec<Lines>,
    starts: Vec<Position>,
}

fn lay_out(layout: &Layout<'_, Rendition<'_>, FontSet<'_>>) -> Laid {
    let mut buffer = vec![Position::START; 4096];
    let index = PageIndex::build(layout, &mut buffer).unwrap();
    let pages = index
        .starts()
        .iter()
        .map(|&start| {
            let mut recorder = LineRecorder::default();
            layout.lay_out_page(start, &mut recorder);
            recorder.lines
        })
        .collect();
    Laid {
        pages,
        starts: index.starts().to_vec(),
    }
}

/// The layout box of `profile`'s text area: itself, or turned a quarter for columns.
fn params(profile: &Profile, writing: WritingMode) -> LayoutParams {
    let area = profile.text_area(profile.default_orientation);
    let (measure, depth) = writing.layout_box(area.size.width as u16, area.size.height as u16);
    LayoutParams::new(measure, depth)
}

const SCRIPTS: [Script; 3] = [Script::Original, Script::Simplified, Script::Traditional];

/// Runs `check` on every book × rendition × profile × body size × prohibition level, and set
/// vertically (直排, TYPOGRAPHY.md R6) at the default level: columns are the lines of the
/// text area turned a quarter, so every rule below holds per column.
fn for_every_layout(
    mut check: impl FnMut(
        &str,
        &Rendition<'_>,
        &FontSet<'_>,
        &Layout<'_, Rendition<'_>, FontSet<'_>>,
        &Laid,
    ),
) {
    let library = Library::builtin().unwrap();
    let horizontal = LEVELS.map(|level| (WritingMode::Horizontal, level));
    let vertical = (WritingMode::Vertical, Prohibition::GbStyle);
    for profile in PROFILES {
        for &size in profile.body_sizes {
            for (book_index, book) in library.books().enumerate() {
                for script in SCRIPTS {
                    // Each rendition as the reader sets it by default: 繁體 in the
                    // Traditional forms with centred marks.
                    let traditional = script == Script::Traditional;
                    let punctuation = PunctuationPosition::default_for(traditional);
                    let forms = GlyphForms::new(traditional, punctuation);
                    for (writing, level) in horizontal.into_iter().chain([vertical]) {
                        let fonts = FontSet::new(library, size)
                            .unwrap()
                            .with_forms(forms.written(writing));
                        let rendition = book.rendition(script);
                        let params = LayoutParams {
                            prohibition: level,
                            ..params(&profile, writing)
                        };
                        let layout = Layout::try_new(&rendition, &fonts, params).unwrap();
                        let laid = lay_out(&layout);
                        let name = format!(
                            "{} {size}px book {} {script:?} {level:?} {writing:?}",
                            profile.name,
                            book_index + 1
                        );
                        check(&name, &rendition, &fonts, &layout, &laid);
                    }
                }
            }
        }
    }
}

#[test]
fn every_character_appears_exactly_once_in_order() {
    for_every_layout(|name, rendition, _, _, laid| {
        let mut placed = laid
            .pages
            .iter()
            .flatten()
            .flat_map(|(line, glyphs)| {
                glyphs
                    .iter()
                    .map(move |g| (line.start.block, g.offset, g.c))
            })
            .peekable();
        for block in 0..rendition.block_count() {
            let text = rendition.block(block).unwrap().text();
            for (offset, c) in text.chars().enumerate() {
                // Spaces are where Latin words break; a break consumes its space (elsewhere a
                // space is set like any character).
                if c == ' ' && placed.peek() != Some(&(block, offset as u16, c)) {
                    continue;
                }
                let next = placed.next();
                assert_eq!(
                    next,
                    Some((block, offset as u16, c)),
                    "{name}: block {block}"
                );
            }
        }
        assert_eq!(
            placed.next(),
            None,
            "{name}: glyphs past the end of the text"
        );
    });
}

#[test]
fn no_line_starts_or_ends_with_a_prohibited_mark() {
    for_every_layout(|name, _, _, layout, laid| {
        let level = layout.params().prohibition;
        let lines: Vec<_> = laid.pages.iter().flatten().collect();
        for (index, (line, glyphs)) in lines.iter().enumerate() {
            let (Some(first), Some(last)) = (glyphs.first(), glyphs.last()) else {
                continue;
            };
            // R1: a single `—` never starts a line, the dash `——` only not at Strict.
            let dash = glyphs.len() > 1 && first.c == '—' && glyphs[1].c == '—';
            let dash_may_start = dash && level != Prohibition::Strict;
            if !line.first_in_block && !dash_may_start {
                assert!(
                    !never_starts(first.c, level),
                    "{name}: line starts with {}",
                    first.c
                );
            }
            if !line.last_in_block {
                // A URL breaks after its `/` ("URLs and long Latin runs").
                let url_goes_on = lines
                    .get(index + 1)
                    .is_some_and(|(_, next)| inside_a_url(glyphs, next));
                assert!(
                    !never_ends(last.c, level) || (url_goes_on && last.c == '/'),
                    "{name}: line ends with {}",
                    last.c
                );
            }
        }
    });
}

/// Whether `c` belongs to a Latin word or a number (R3: these stay whole).
fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

#[test]
fn no_latin_word_or_number_is_split() {
    for_every_layout(|name, _, fonts, layout, laid| {
        let lines: Vec<_> = laid.pages.iter().flatten().collect();
        for pair in lines.windows(2) {
            let ((before, end), (after, start)) =
                ((&pair[0].0, &pair[0].1), (&pair[1].0, &pair[1].1));
            if before.last_in_block || after.start.block != before.start.block {
                continue;
            }
            let (Some(last), Some(first)) = (end.last(), start.first()) else {
                continue;
            };
            // A break between two word characters with nothing consumed between them splits a
            // word, unless the word alone is wider than the line.
            let consumed = first.offset > last.offset + 1;
            // A URL or identifier may break inside ("URLs and long Latin runs").
            let url = inside_a_url(end, start);
            if is_word_char(last.c) && is_word_char(first.c) && !consumed && !url {
                let word: u32 = end
                    .iter()
                    .rev()
                    .take_while(|g| is_word_char(g.c))
                    .chain(start.iter().take_while(|g| is_word_char(g.c)))
                    .map(|g| u32::from(fonts.advance(g.style, g.c)))
                    .sum();
                assert!(
                    word > u32::from(layout.params().width),
                    "{name}: word split between {} and {}",
                    last.c,
                    first.c
                );
            }
        }
    });
}

#[test]
fn no_line_is_wider_than_the_measure() {
    for_every_layout(|name, _, fonts, layout, laid| {
        let measure = i32::from(layout.params().width);
        for (line, glyphs) in laid.pages.iter().flatten() {
            let half_em = i32::from(fonts.size(line.style)) / 2;
            let allowed = if line.hanging {
                measure + half_em
            } else {
                measure
            };
            assert!(
                i32::from(line.width) <= allowed,
                "{name}: line {} px wide",
                line.width
            );
            for glyph in glyphs {
                assert!(glyph.x >= 0, "{name}: glyph left of the margin");
                assert!(
                    i32::from(glyph.x) + i32::from(glyph.width) <= allowed,
                    "{name}"
                );
            }
        }
    });
}

#[test]
fn justified_lines_reach_the_right_margin_and_lines_fit_the_page() {
    for_every_layout(|name, _, _, layout, laid| {
        let params = layout.params();
        for page in &laid.pages {
            for (line, _) in page {
                if line.justified {
                    assert_eq!(line.width, params.width, "{name}");
                }
                assert!(
                    line.top + line.height <= params.height,
                    "{name}: line below the page"
                );
            }
        }
    });
}

#[test]
fn a_heading_is_never_the_last_line_of_a_page() {
    for_every_layout(|name, rendition, _, _, laid| {
        for (number, page) in laid.pages.iter().enumerate() {
            let Some((last, _)) = page.last() else {
                continue;
            };
            let is_book_end = number + 1 == laid.pages.len();
            if last.style != TextStyle::Body && !is_book_end {
                let block = rendition.block(last.start.block).unwrap();
                panic!(
                    "{name}: page {} ends with heading {:?}",
                    number + 1,
                    block.text().chars().collect::<String>()
                );
            }
        }
    });
}

#[test]
fn pages_tile_the_book_and_relaying_from_any_start_reproduces_the_rest() {
    for_every_layout(|name, _, _, layout, laid| {
        assert_eq!(laid.starts.first(), Some(&Position::START), "{name}");
        for (number, start) in laid.starts.iter().enumerate() {
            // The page laid out from its start alone begins there and ends where the next
            // page begins: no page starts with the rest of a line.
            let extent = layout.measure_page(*start);
            let next = laid.starts.get(number + 1).copied().unwrap_or(layout.end());
            assert_eq!(extent.end, next, "{name}: page {}", number + 1);
            let first_line = &laid.pages[number][0].0;
            assert_eq!(first_line.start, *start, "{name}");
            // A page turn lays the page out in one pass up to the known end: same lines.
            let mut one_pass = LineRecorder::default();
            layout.lay_out_page_to(*start, next, &mut one_pass);
            assert_eq!(
                one_pass.lines,
                laid.pages[number],
                "{name}: page {}",
                number + 1
            );
        }
        // Re-laying the whole book from page k's start alone gives the same following pages.
        for k in [
            1usize,
            laid.starts.len() / 2,
            laid.starts.len().saturating_sub(1),
        ] {
            let Some(&start) = laid.starts.get(k) else {
                continue;
            };
            let mut position = start;
            for expected in &laid.starts[k..] {
                assert_eq!(position, *expected, "{name}: re-laid from page {}", k + 1);
                position = layout.measure_page(position).end;
            }
            assert_eq!(position, layout.end(), "{name}");
        }
    });
}

#[test]
fn a_position_survives_a_size_change() {
    let library = Library::builtin().unwrap();
    let profile = PROFILES[0];
    let layouts: Vec<(u8, Vec<Position>, Vec<Position>)> = profile
        .body_sizes
        .iter()
        .map(|&size| {
            let fonts = FontSet::new(library, size).unwrap();
            let rendition = library.book(1).unwrap().rendition(Script::Simplified);
            let layout = Layout::try_new(
                &rendition,
                &fonts,
                params(&profile, WritingMode::Horizontal),
            )
            .unwrap();
            let mut buffer = vec![Position::START; 4096];
            let index = PageIndex::build(&layout, &mut buffer).unwrap();
            let ends = (0..index.len()).map(|p| index.end_of(p).unwrap()).collect();
            (size, index.starts().to_vec(), ends)
        })
        .collect();
    for (from_size, starts, _) in &layouts {
        for position in starts.iter().step_by(3) {
            for (to_size, other_starts, other_ends) in &layouts {
                let page = other_starts.partition_point(|s| s <= position) - 1;
                assert!(
                    other_starts[page] <= *position && *position < other_ends[page],
                    "{position:?} at {from_size}px not on page {page} at {to_size}px"
                );
            }
        }
    }
}

#[test]
fn a_position_survives_a_rendition_orientation_or_writing_mode_change() {
    use moye::profile::Orientation;
    let library = Library::builtin().unwrap();
    let profile = PROFILES[0];
    let fonts = FontSet::new(library, 16).unwrap();
    for book in library.books() {
        // The renditions share their block structure, character for character, so a position
        // (block, offset) means the same place in each.
        let renditions = SCRIPTS.map(|script| book.rendition(script));
        for block in 0..renditions[0].block_count() {
            let lengths = renditions.map(|r| r.block(block).unwrap().len());
            assert!(
                lengths.iter().all(|&n| n == lengths[0]),
                "block {block}: {lengths:?}"
            );
        }
        // Every page start of one layout lies on the page of the other layout that holds it.
        let layouts: Vec<(Vec<Position>, Position)> = SCRIPTS
            .iter()
            .zip(&renditions)
            .flat_map(|(_, rendition)| {
                let ways = [Orientation::Portrait, Orientation::Landscape]
                    .into_iter()
                    .flat_map(|o| [(o, WritingMode::Horizontal), (o, WritingMode::Vertical)]);
                ways.map(|(orientation, writing)| {
                    let area = profile.text_area(orientation);
                    let (width, height) = (area.size.width as u16, area.size.height as u16);
                    let (measure, depth) = writing.layout_box(width, height);
                    let params = LayoutParams::new(measure, depth);
                    let fonts = fonts.clone().with_forms(GlyphForms::MAIN.written(writing));
                    let layout = Layout::try_new(rendition, &fonts, params).unwrap();
                    let mut buffer = vec![Position::START; 4096];
                    let index = PageIndex::build(&layout, &mut buffer).unwrap();
                    (index.starts().to_vec(), layout.end())
                })
            })
            .collect();
        for (starts, _) in &layouts {
            for position in starts {
                for (other, end) in &layouts {
                    let page = other.partition_point(|s| s <= position) - 1;
                    let page_end = other.get(page + 1).unwrap_or(end);
                    assert!(other[page] <= *position && position < page_end);
                }
            }
        }
    }
}

/// Checks that `layout`'s sparse index, counted in slices of `slice` characters, gives exactly
/// the whole-book pagination's page starts: every page by number, every page start and a
/// position inside each page by `page_of`, and the count.
fn sparse_matches_whole<S: moye::layout::Source, F: Fonts>(
    layout: &Layout<'_, S, F>,
    starts: &[Position],
    slice: u32,
    what: &str,
) {
    let mut index = SparseIndex::new();
    index.reset(layout);
    let mut slices = 0;
    while !index.is_complete() {
        index.step(layout, slice);
        slices += 1;
    }
    assert_eq!(
        index.total(),
        Some(starts.len() as u32),
        "{what}: page count"
    );
    assert!(slices >= 1);
    for (i, &kept) in index.kept().iter().enumerate() {
        assert_eq!(
            kept,
            starts[i * index.stride() as usize],
            "{what}: kept {i}"
        );
    }
    for (page, &start) in starts.iter().enumerate() {
        let page = page as u32;
        assert_eq!(
            index.start_of(layout, page),
            Some(start),
            "{what}: page {page}"
        );
        assert_eq!(
            index.page_of(layout, start),
            Some(page),
            "{what}: {start:?}"
        );
        let next = starts
            .get(page as usize + 1)
            .copied()
            .unwrap_or(layout.end());
        assert_eq!(
            index.end_of(layout, page),
            Some(next),
            "{what}: end of {page}"
        );
        if next.block == start.block && next.offset > start.offset + 1 {
            let inside = Position::new(start.block, start.offset + 1);
            assert_eq!(
                index.page_of(layout, inside),
                Some(page),
                "{what}: {inside:?}"
            );
        }
    }
}

#[test]
fn the_sparse_index_gives_the_whole_paginations_pages_at_every_profile_and_size() {
    let library = Library::builtin().unwrap();
    for profile in PROFILES {
        for &size in profile.body_sizes {
            let fonts = FontSet::new(library, size).unwrap();
            for (b, book) in library.books().enumerate() {
                let rendition = book.rendition(Script::Simplified);
                let layout = Layout::try_new(
                    &rendition,
                    &fonts,
                    params(&profile, WritingMode::Horizontal),
                )
                .unwrap();
                let laid = lay_out(&layout);
                let what = format!("{} {size}px book {b}", profile.name);
                // Slices of about a page, and of a few characters (one page at a time).
                sparse_matches_whole(&layout, &laid.starts, 300, &what);
                sparse_matches_whole(&layout, &laid.starts, 1, &what);
            }
        }
    }
}
