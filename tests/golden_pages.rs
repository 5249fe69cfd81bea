//! Golden pages: the first pages of each book in each profile, drawn headlessly through
//! embedded-graphics-simulator's `SimulatorDisplay`, compared pixel for pixel with the PNGs
//! in tests/golden/. `MOYE_ACCEPT_GOLDEN=1 cargo test --test golden_pages` writes new ones
//! (look at them before committing); a mismatch writes `<name>.actual.png` and
//! `<name>.diff.png` (red: pixels that differ) beside the golden file.

use embedded_graphics::pixelcolor::{BinaryColor, Rgb888};
use embedded_graphics::prelude::*;
use embedded_graphics_simulator::{BinaryColorTheme, OutputSettingsBuilder, SimulatorDisplay};
use moye::format::{Library, Script};
use moye::glyphs::FontSet;
use moye::layout::{Layout, LayoutParams, PageIndex};
use moye::profile::{Profile, PROFILES};
use moye::render::ReadingView;
use moye::Position;

const PAGES_PER_BOOK: usize = 2;

fn render(profile: &Profile, book: u16, page: usize) -> SimulatorDisplay<BinaryColor> {
    let library = Library::builtin().unwrap();
    let orientation = profile.default_orientation;
    let size = profile.body_sizes[0];
    let fonts = FontSet::new(library, size).unwrap();
    let rendition = library.book(book).unwrap().rendition(Script::Simplified);
    let text = profile.text_area(orientation);
    let params = LayoutParams::new(text.size.width as u16, text.size.height as u16);
    let layout = Layout::try_new(&rendition, &fonts, params).unwrap();
    let mut starts = vec![Position::START; 4096];
    let index = PageIndex::build(&layout, &mut starts).unwrap();
    let view = ReadingView {
        layout: &layout,
        fonts: &fonts,
        start: index.start_of(page).unwrap(),
        end: index.end_of(page).unwrap(),
        text_area: text,
        status_area: profile.status_area(orientation),
        title: rendition.title(),
        page: page + 1,
        page_count: index.len(),
        bookmarked: false,
    };
    let mut display = SimulatorDisplay::new(profile.screen(orientation));
    view.draw_on(&mut moye::render::DrawTargetCanvas::new(&mut display))
        .unwrap();
    display
}

fn pixels(display: &SimulatorDisplay<BinaryColor>) -> Vec<bool> {
    let size = display.size();
    (0..size.height as i32)
        .flat_map(|y| (0..size.width as i32).map(move |x| Point::new(x, y)))
        .map(|p| display.get_pixel(p) == BinaryColor::On)
        .collect()
}

fn load_png(path: &std::path::Path) -> Option<(Size, Vec<bool>)> {
    let image = image::open(path).ok()?.to_luma8();
    let size = Size::new(image.width(), image.height());
    Some((size, image.pixels().map(|p| p.0[0] < 128).collect()))
}

#[test]
fn first_pages_match_the_golden_images() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let accept = std::env::var_os("MOYE_ACCEPT_GOLDEN").is_some();
    // Ink black on white paper, as the panel shows it.
    let settings = OutputSettingsBuilder::new()
        .scale(1)
        .pixel_spacing(0)
        .theme(BinaryColorTheme::Inverted)
        .build();
    let mut failures = Vec::new();
    for profile in PROFILES {
        for book in 0..2u16 {
            for page in 0..PAGES_PER_BOOK {
                let name = format!("{}-book{}-page{}", profile.name, book + 1, page + 1);
                let path = dir.join(format!("{name}.png"));
                let display = render(&profile, book, page);
                let image = display.to_grayscale_output_image(&settings);
                if accept {
                    image.save_png(&path).unwrap();
                    continue;
                }
                let actual = pixels(&display);
                let Some((size, expected)) = load_png(&path) else {
                    failures.push(format!(
                        "{name}: no golden image (run with MOYE_ACCEPT_GOLDEN=1)"
                    ));
                    continue;
                };
                if size != display.size() || expected != actual {
                    image
                        .save_png(dir.join(format!("{name}.actual.png")))
                        .unwrap();
                    let mut diff = SimulatorDisplay::<Rgb888>::new(display.size());
                    for (i, (e, a)) in expected.iter().zip(&actual).enumerate() {
                        let p = Point::new(
                            (i % size.width as usize) as i32,
                            (i / size.width as usize) as i32,
                        );
                        let color = match (e, a) {
                            (true, true) => Rgb888::BLACK,
                            (false, false) => Rgb888::WHITE,
                            _ => Rgb888::RED,
                        };
                        diff.draw_iter([Pixel(p, color)]).unwrap();
                    }
                    let diff_image = diff.to_rgb_output_image(&settings);
                    diff_image
                        .save_png(dir.join(format!("{name}.diff.png")))
                        .unwrap();
                    let differing = expected.iter().zip(&actual).filter(|(e, a)| e != a).count();
                    failures.push(format!(
                        "{name}: {differing} pixels differ; see {name}.diff.png"
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
