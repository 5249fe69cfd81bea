//! Golden pages: the first pages of each book in each profile, and every UI screen, drawn
//! headlessly through embedded-graphics-simulator's `SimulatorDisplay`, compared pixel for
//! pixel with the PNGs in tests/golden/. `MOYE_ACCEPT_GOLDEN=1 cargo test --test golden_pages` writes new ones
//! (look at them before committing); a mismatch writes `<name>.actual.png` and
//! `<name>.diff.png` (red: pixels that differ) beside the golden file.

use embedded_graphics::pixelcolor::{BinaryColor, Rgb888};
use embedded_graphics::prelude::*;
use embedded_graphics_simulator::{BinaryColorTheme, OutputSettingsBuilder, SimulatorDisplay};
use moye::format::{Library, Script};
use moye::glyphs::{FontSet, GlyphForms, PunctuationPosition, WritingMode};
use moye::layout::{Layout, LayoutParams, PageIndex};
use moye::profile::{Profile, PROFILES};
use moye::render::ReadingView;
use moye::Position;

const PAGES_PER_BOOK: usize = 2;

fn render(profile: &Profile, book: u16, page: usize) -> SimulatorDisplay<BinaryColor> {
    render_in(
        profile,
        book,
        page,
        Script::Simplified,
        PunctuationPosition::LowLeft,
    )
}

/// Page `page` of `book` in `script`, its marks where `punctuation` says.
fn render_in(
    profile: &Profile,
    book: u16,
    page: usize,
    script: Script,
    punctuation: PunctuationPosition,
) -> SimulatorDisplay<BinaryColor> {
    render_written(
        profile,
        book,
        page,
        script,
        punctuation,
        WritingMode::Horizontal,
        false,
    )
}

/// Page `page` of `book` in `script`, its marks where `punctuation` says, set `writing`, with
/// short numbers upright (縦中横) if `upright_digits`.
fn render_written(
    profile: &Profile,
    book: u16,
    page: usize,
    script: Script,
    punctuation: PunctuationPosition,
    writing: WritingMode,
    upright_digits: bool,
) -> SimulatorDisplay<BinaryColor> {
    let library = Library::builtin().unwrap();
    let orientation = profile.default_orientation;
    let size = profile.body_sizes[0];
    let traditional = script == Script::Traditional;
    let fonts = FontSet::new(library, size)
        .unwrap()
        .with_forms(GlyphForms::new(traditional, punctuation).written(writing));
    let rendition = library.book(book).unwrap().rendition(script);
    let text = profile.text_area(orientation);
    let (measure, depth) = writing.layout_box(text.size.width as u16, text.size.height as u16);
    let params = LayoutParams {
        upright_digit_pairs: upright_digits,
        ..LayoutParams::new(measure, depth)
    };
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

/// Compares `display` with the golden image `name`, or writes it when accepting. On a mismatch
/// leaves `<name>.actual.png` and `<name>.diff.png` and returns what failed.
fn check_golden(name: &str, display: &SimulatorDisplay<BinaryColor>) -> Result<(), String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let path = dir.join(format!("{name}.png"));
    // Ink black on white paper, as the panel shows it.
    let settings = OutputSettingsBuilder::new()
        .scale(1)
        .pixel_spacing(0)
        .theme(BinaryColorTheme::Inverted)
        .build();
    let image = display.to_grayscale_output_image(&settings);
    if std::env::var_os("MOYE_ACCEPT_GOLDEN").is_some() {
        image.save_png(&path).unwrap();
        return Ok(());
    }
    let actual = pixels(display);
    let Some((size, expected)) = load_png(&path) else {
        return Err(format!(
            "{name}: no golden image (run with MOYE_ACCEPT_GOLDEN=1)"
        ));
    };
    if size == display.size() && expected == actual {
        return Ok(());
    }
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
    diff.to_rgb_output_image(&settings)
        .save_png(dir.join(format!("{name}.diff.png")))
        .unwrap();
    let differing = expected.iter().zip(&actual).filter(|(e, a)| e != a).count();
    Err(format!(
        "{name}: {differing} pixels differ; see {name}.diff.png"
    ))
}

#[test]
fn first_pages_match_the_golden_images() {
    let mut failures = Vec::new();
    for profile in PROFILES {
        for book in 0..2u16 {
            for page in 0..PAGES_PER_BOOK {
                let name = format!("{}-book{}-page{}", profile.name, book + 1, page + 1);
                if let Err(failure) = check_golden(&name, &render(&profile, book, page)) {
                    failures.push(failure);
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// 繁體 in the Traditional face, with its marks centred (Taiwan and Hong Kong, the 繁體
/// default) and low-left (mainland), on the default board.
#[test]
fn traditional_pages_in_both_punctuation_styles_match_the_golden_images() {
    let profile = moye::profile::PICO_EPD42;
    let mut failures = Vec::new();
    for (style, punctuation) in [
        ("centred", PunctuationPosition::Centred),
        ("low-left", PunctuationPosition::LowLeft),
    ] {
        for book in 0..2u16 {
            let name = format!("{}-book{}-page1-hant-{style}", profile.name, book + 1);
            let display = render_in(&profile, book, 0, Script::Traditional, punctuation);
            if let Err(failure) = check_golden(&name, &display) {
                failures.push(failure);
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Set vertically (直排): 简体 with its marks in the upper right of their cells, 繁體 with them
/// centred, on the default board and the X4, and pages with Latin words and numbers turned,
/// and with 11月 upright in one cell (縦中横).
#[test]
fn vertical_pages_match_the_golden_images() {
    use moye::profile::{PICO_EPD42, X4};
    let mut failures = Vec::new();
    let pages = [
        (PICO_EPD42, 0, 0, Script::Simplified, "hans", false),
        (PICO_EPD42, 0, 0, Script::Traditional, "hant", false),
        (PICO_EPD42, 0, 1, Script::Simplified, "hans", true),
        (PICO_EPD42, 1, 1, Script::Simplified, "hans", false),
        (X4, 1, 0, Script::Traditional, "hant", false),
    ];
    for (profile, book, page, script, script_name, upright) in pages {
        let name = format!(
            "{}-book{}-page{}-{script_name}-vertical{}",
            profile.name,
            book + 1,
            page + 1,
            if upright { "-upright-digits" } else { "" }
        );
        let punctuation = PunctuationPosition::default_for(script == Script::Traditional);
        let display = render_written(
            &profile,
            book,
            page,
            script,
            punctuation,
            WritingMode::Vertical,
            upright,
        );
        if let Err(failure) = check_golden(&name, &display) {
            failures.push(failure);
        }
    }
    assert!(
        failures.is_empty(),
        "{}",
        failures.join(
            "
"
        )
    );
}

/// Every screen of the UI on the default board, reached with the four buttons from a fresh
/// start, drawn by the same screen drawer the firmware uses.
#[test]
fn ui_screens_match_the_golden_images() {
    use moye::persist::State;
    use moye::profile::PICO_EPD42;
    use moye::ui::{draw_screen, Button, Config, Input, LibraryBooks, Ui};

    let short = Input::short;
    let (next, select, back) = (
        short(Button::Next),
        short(Button::Select),
        short(Button::Back),
    );
    let long_select = Input::long(Button::Select);
    let screens: [(&str, Vec<Input>); 9] = [
        ("library", vec![]),
        ("reading", vec![next, select, next, next, long_select]),
        ("menu", vec![next, select, select]),
        (
            "contents",
            vec![next, select, next, next, next, select, select],
        ),
        (
            "bookmarks",
            vec![next, select, long_select, next, select, next, select],
        ),
        (
            "goto",
            vec![next, select, select, next, next, select, next, next],
        ),
        (
            "settings",
            vec![next, select, select, next, next, next, select, next],
        ),
        (
            "about",
            vec![next, select, select, next, next, next, next, select, next],
        ),
        ("sleep", vec![next, select, back, Input::long(Button::Back)]),
    ];
    let library = Library::builtin().unwrap();
    let mut failures = Vec::new();
    for (name, presses) in screens {
        let mut index = moye::layout::SparseIndex::new();
        let mut books = LibraryBooks::new(library, PICO_EPD42, &mut index);
        let config = Config::try_new(PICO_EPD42.body_sizes).unwrap();
        let mut ui = Ui::new(State::default(), config, &mut books, 0);
        for (i, &input) in presses.iter().enumerate() {
            let _ = ui.handle(input, &mut books, 1000 * (i as u32 + 1));
        }
        let orientation = ui.setup().orientation;
        let mut display = SimulatorDisplay::new(PICO_EPD42.screen(orientation));
        draw_screen(
            &mut moye::render::DrawTargetCanvas::new(&mut display),
            &ui,
            &mut books,
        )
        .unwrap();
        if let Err(failure) = check_golden(&format!("screen-{name}"), &display) {
            failures.push(failure);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The screen a board shows while it copies a memory card's books (the X4's, at its first body
/// size, portrait), and its bar, which fills with the percentage.
#[test]
fn the_copying_screen_matches_the_golden_image_and_its_bar_fills() {
    use moye::profile::X4;
    use moye::ui::{draw_copying, CopyProgress};

    let library = Library::builtin().unwrap();
    let draw = |percent: u8| {
        let mut display = SimulatorDisplay::new(X4.screen(moye::persist::Orientation::Portrait));
        let progress = CopyProgress {
            file: 0,
            files: 2,
            percent,
        };
        draw_copying(
            &mut moye::render::DrawTargetCanvas::new(&mut display),
            library,
            &X4,
            &progress,
        )
        .unwrap();
        display
    };
    let shown = draw(42);
    check_golden("screen-copying", &shown).unwrap();
    // Only the figure and the bar change with the percentage; the bar's ink grows with it.
    let ink =
        |display: &SimulatorDisplay<BinaryColor>| pixels(display).iter().filter(|&&p| p).count();
    let (none, half, all) = (ink(&draw(0)), ink(&draw(50)), ink(&draw(100)));
    assert!(none < half && half < all, "{none} {half} {all}");
    assert_eq!(
        ink(&draw(100)),
        ink(&draw(250)),
        "past 100 % reads as 100 %"
    );
}
