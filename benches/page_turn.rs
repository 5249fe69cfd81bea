//! What a page turn costs on the host, and the ecosystem baseline for the same page.
//!
//! - `paginate/<size>`: the whole library (both books, Simplified) paginated for the default
//!   profile at each body size: what opening every book costs. Budget: ≤ 2 ms.
//! - `render/packed`: one full page laid out and drawn into the packed framebuffer (the
//!   byte-blit fast path).
//! - `render/draw_target`: the same page through the generic `DrawTarget` path.
//! - `render/embedded_text_u8g2`: the same page's text drawn by embedded-text's `TextBox` with
//!   u8g2-fonts' 16 px GB2312 font (WenQuanYi) into the same framebuffer: the baseline. Budget:
//!   `render/packed` at least 20× faster.
//!
//! Run: `cargo bench --bench page_turn`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use embedded_graphics::pixelcolor::BinaryColor;
use embedded_graphics::prelude::*;
use embedded_text::TextBox;
use moye::format::{Library, Script};
use moye::glyphs::FontSet;
use moye::layout::{Layout, LayoutParams, PageIndex, TextExport};
use moye::profile::PICO_EPD42;
use moye::render::{PackedFramebuffer, Page};
use moye::Position;
use u8g2_fonts::{fonts::u8g2_font_wqy16_t_gb2312, U8g2TextStyle};

fn params(size: Size) -> LayoutParams {
    LayoutParams::new(size.width as u16, size.height as u16)
}

fn paginate(c: &mut Criterion) {
    let library = Library::builtin().unwrap();
    let profile = PICO_EPD42;
    let area = profile.text_area(profile.default_orientation);
    let mut buffer = vec![Position::START; 4096];
    for &size in profile.body_sizes {
        let fonts = FontSet::new(library, size).unwrap();
        c.bench_function(&format!("paginate/{size}px"), |b| {
            b.iter(|| {
                let mut pages = 0;
                for book in library.books() {
                    let rendition = book.rendition(Script::Simplified);
                    let layout = Layout::try_new(&rendition, &fonts, params(area.size)).unwrap();
                    pages += PageIndex::build(&layout, &mut buffer).unwrap().len();
                }
                black_box(pages)
            })
        });
    }
}

fn render(c: &mut Criterion) {
    let library = Library::builtin().unwrap();
    let profile = PICO_EPD42;
    let orientation = profile.default_orientation;
    let screen = profile.screen(orientation);
    let area = profile.text_area(orientation);
    let fonts = FontSet::new(library, 16).unwrap();
    let rendition = library.book(1).unwrap().rendition(Script::Simplified);
    let layout = Layout::try_new(&rendition, &fonts, params(area.size)).unwrap();
    let mut starts = vec![Position::START; 4096];
    let index = PageIndex::build(&layout, &mut starts).unwrap();
    // A full page of body text: page 5 (§ 汉朝至清朝), with no heading on it. A page turn
    // knows the page's end from the page index and lays it out in one pass.
    let number = 4;
    let start = index.start_of(number).unwrap();
    let page =
        Page::new(&layout, &fonts, start, area.top_left).until(index.end_of(number).unwrap());
    let mut bytes = vec![0u8; PackedFramebuffer::buffer_len(screen.width, screen.height)];

    c.bench_function("render/packed", |b| {
        b.iter(|| {
            let mut fb = PackedFramebuffer::new(&mut bytes, screen).unwrap();
            fb.clear(BinaryColor::Off);
            page.draw_on(&mut fb).unwrap();
            black_box(fb.as_bytes().len())
        })
    });
    c.bench_function("render/draw_target", |b| {
        b.iter(|| {
            let mut fb = PackedFramebuffer::new(&mut bytes, screen).unwrap();
            fb.clear(BinaryColor::Off);
            page.draw(&mut fb).unwrap();
            black_box(fb.as_bytes().len())
        })
    });

    // The baseline draws the same lines: the page's text as the layout exported it.
    let mut export = TextExport::default();
    layout.lay_out_page(start, &mut export);
    let text = export.lines.join("\n");
    let glyphs = text.chars().filter(|c| !c.is_whitespace()).count();
    println!(
        "page {} of 中哈关系 at 16 px: {} lines, {glyphs} glyphs",
        number + 1,
        export.lines.len()
    );
    let style = U8g2TextStyle::new(u8g2_font_wqy16_t_gb2312, BinaryColor::On);
    c.bench_function("render/embedded_text_u8g2", |b| {
        b.iter(|| {
            let mut fb = PackedFramebuffer::new(&mut bytes, screen).unwrap();
            fb.clear(BinaryColor::Off);
            let text_box = TextBox::new(&text, area, style.clone());
            black_box(text_box.draw(&mut fb).unwrap())
        })
    });
}

criterion_group!(benches, paginate, render);
criterion_main!(benches);
