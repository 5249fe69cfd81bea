//! A novel at scale: 水浒传 (tests/books/, ≈ 900,000 characters), compiled at bench start
//! the way `moye compile` does, on pico-epd42 at 16 px (≈ 3,600 pages).
//!
//! - `novel/open`: opening the book in the reader (`LibraryBooks::open`: the sparse index
//!   reset, one counting slice of `OPEN_SLICE_CHARS`, the character total) and drawing its
//!   first page into the packed framebuffer — what the reader waits for.
//! - `novel/count`: counting every page in `WORK_SLICE_CHARS` slices, from the first page to
//!   the end (what runs in the background after opening).
//! - `novel/turn/5` and `novel/turn/3000`: a page turn forward at page 5 and at page 3,000
//!   (the reader arrived by turning, so the index's window holds the page): the next page's
//!   start and end from the index, and the page drawn. Budget: the two within ±10 %.
//! - `novel/turn_cold/…`: the same with the window empty (after a jump), re-laying from the
//!   nearest kept start.
//!
//! Run: `cargo bench --bench novel`.

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use embedded_graphics::pixelcolor::BinaryColor;
use moye::format::{Library, Script};
use moye::glyphs::FontSet;
use moye::layout::{Layout, LayoutParams, SparseIndex};
use moye::persist::Settings;
use moye::profile::PICO_EPD42;
use moye::render::{PackedFramebuffer, Page};
use moye::ui::{Books, LibraryBooks, PageSetup, WORK_SLICE_CHARS};

fn novel_blob() -> Vec<u8> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let options = moye_compiler::Options {
        ui_strings: Some(root.join("src/ui/strings.rs")),
        fallback_font: Some(root.join("fonts/HanaMinB.ttf.gz")),
        ..moye_compiler::Options::new(
            vec![root.join("tests/books/水浒传.txt")],
            root.join("fonts/NotoSansCJKsc-Regular.otf"),
            vec![16],
        )
    };
    moye_compiler::compile(&options)
        .unwrap_or_else(|e| panic!("{e}"))
        .blob
}

fn novel(c: &mut Criterion) {
    let blob: &'static [u8] = Box::leak(novel_blob().into_boxed_slice());
    let library = Library::parse(blob).unwrap();
    let profile = PICO_EPD42;
    let orientation = profile.default_orientation;
    let screen = profile.screen(orientation);
    let area = profile.text_area(orientation);
    let fonts = FontSet::new(library, 16).unwrap();
    let rendition = library.book(0).unwrap().rendition(Script::Simplified);
    let params = LayoutParams::new(area.size.width as u16, area.size.height as u16);
    let layout = Layout::try_new(&rendition, &fonts, params).unwrap();
    let mut bytes = vec![0u8; PackedFramebuffer::buffer_len(screen.width, screen.height)];
    let mut draw = |start, end| {
        let mut fb = PackedFramebuffer::new(&mut bytes, screen).unwrap();
        fb.clear(BinaryColor::Off);
        Page::new(&layout, &fonts, start, area.top_left)
            .until(end)
            .draw_on(&mut fb)
            .unwrap();
        black_box(fb.as_bytes().len());
    };

    let setup = PageSetup::new(&Settings::default(), 16);
    let index: &'static mut SparseIndex = Box::leak(Box::new(SparseIndex::new()));
    let mut books = LibraryBooks::new(library, profile, index);
    // Two setups taken in turn, so that every open lays the book out anew.
    let setups = [
        setup,
        PageSetup {
            line_spacing_percent: 175,
            ..setup
        },
    ];
    let mut turn = 0;
    c.bench_function("novel/open", |b| {
        b.iter(|| {
            turn += 1;
            let count = books.open(0, &setups[turn % 2], None).unwrap();
            let (start, end) = books.page_bounds(0).unwrap();
            draw(start, end);
            black_box(count);
        })
    });

    let mut index = SparseIndex::new();
    let mut slices = 0;
    c.bench_function("novel/count", |b| {
        b.iter(|| {
            index.reset(&layout);
            slices = 0;
            while !index.is_complete() {
                index.step(&layout, WORK_SLICE_CHARS);
                slices += 1;
            }
            black_box(index.total())
        })
    });
    // Counted even when a filter skipped the benchmark above (a new index is of no pages).
    if index.total().unwrap_or(0) == 0 {
        index.reset(&layout);
        while !index.is_complete() {
            index.step(&layout, WORK_SLICE_CHARS);
            slices += 1;
        }
    }
    let chars = layout.chars_between(layout.start(), layout.end());
    println!(
        "novel at 16 px: {} pages, {chars} characters, {slices} slices of {WORK_SLICE_CHARS}, \
         stride {}, index {} bytes",
        index.total().unwrap_or(0),
        index.stride(),
        core::mem::size_of::<SparseIndex>()
    );

    for page in [5u32, 3000] {
        // Arrived by turning: the window holds the page and its end.
        c.bench_function(&format!("novel/turn/{page}"), |b| {
            b.iter_batched(
                || {
                    let warm = index.clone();
                    let _ = warm.start_of(&layout, page);
                    let _ = warm.end_of(&layout, page);
                    warm
                },
                |warm| {
                    let start = warm.start_of(&layout, page + 1).unwrap();
                    let end = warm.end_of(&layout, page + 1).unwrap();
                    draw(start, end);
                    warm
                },
                BatchSize::SmallInput,
            )
        });
        c.bench_function(&format!("novel/turn_cold/{page}"), |b| {
            b.iter_batched(
                || index.clone(),
                |cold| {
                    let start = cold.start_of(&layout, page + 1).unwrap();
                    let end = cold.end_of(&layout, page + 1).unwrap();
                    draw(start, end);
                    cold
                },
                BatchSize::SmallInput,
            )
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = novel
}
criterion_main!(benches);
