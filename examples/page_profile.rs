//! The page-turn benchmark's work without criterion, for instruction counts:
//!
//!     valgrind --tool=callgrind target/release/examples/page_profile packed 1000
//!
//! `packed`, `draw_target` or `baseline` draw page 5 of 中哈关系 at 16 px that many times,
//! exactly as `benches/page_turn.rs` does; `paginate` pages the whole library at 16 px, and
//! `paginate-vertical` does so set vertically (直排), as `packed-vertical` draws page 5.

use std::hint::black_box;

use embedded_graphics::pixelcolor::BinaryColor;
use embedded_graphics::prelude::*;
use embedded_text::TextBox;
use moye::format::{Library, Script};
use moye::glyphs::{FontSet, GlyphForms, WritingMode};
use moye::layout::{Layout, LayoutParams, PageIndex, TextExport};
use moye::profile::PICO_EPD42;
use moye::render::{PackedFramebuffer, Page};
use moye::Position;
use u8g2_fonts::{fonts::u8g2_font_wqy16_t_gb2312, U8g2TextStyle};

fn main() {
    let mut args = std::env::args().skip(1);
    let what = args.next().unwrap_or_else(|| "packed".into());
    let times: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(1000);

    let library = Library::builtin().unwrap();
    let profile = PICO_EPD42;
    let orientation = profile.default_orientation;
    let screen = profile.screen(orientation);
    let area = profile.text_area(orientation);
    let (width, height) = (area.size.width as u16, area.size.height as u16);
    let mut params = LayoutParams::new(width, height);
    let mut fonts = FontSet::new(library, 16).unwrap();
    let mut starts = vec![Position::START; 4096];

    if what.ends_with("-vertical") {
        let (measure, depth) = WritingMode::Vertical.layout_box(width, height);
        params = LayoutParams::new(measure, depth);
        fonts = fonts.with_forms(GlyphForms::MAIN.written(WritingMode::Vertical));
    }
    if what.starts_with("paginate") {
        for _ in 0..times {
            let mut pages = 0;
            for book in library.books() {
                let rendition = book.rendition(Script::Simplified);
                let layout = Layout::try_new(&rendition, &fonts, params).unwrap();
                pages += PageIndex::build(&layout, &mut starts).unwrap().len();
            }
            black_box(pages);
        }
        return;
    }

    let rendition = library.book(1).unwrap().rendition(Script::Simplified);
    let layout = Layout::try_new(&rendition, &fonts, params).unwrap();
    let index = PageIndex::build(&layout, &mut starts).unwrap();
    let number = 4;
    let start = index.start_of(number).unwrap();
    let page =
        Page::new(&layout, &fonts, start, area.top_left).until(index.end_of(number).unwrap());
    let mut bytes = vec![0u8; PackedFramebuffer::buffer_len(screen.width, screen.height)];
    let mut export = TextExport::default();
    layout.lay_out_page(start, &mut export);
    let text = export.lines.join("\n");
    let style = U8g2TextStyle::new(u8g2_font_wqy16_t_gb2312, BinaryColor::On);

    for _ in 0..times {
        let mut fb = PackedFramebuffer::new(&mut bytes, screen).unwrap();
        fb.clear(BinaryColor::Off);
        match what.as_str() {
            "packed" | "packed-vertical" => page.draw_on(&mut fb).unwrap(),
            "draw_target" => page.draw(&mut fb).unwrap(),
            _ => {
                TextBox::new(&text, area, style.clone())
                    .draw(&mut fb)
                    .unwrap();
            }
        }
        black_box(fb.as_bytes());
    }
}
