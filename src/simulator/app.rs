//! What the simulator's shell drives: the [`App`] trait, the [`Action`]s it is given and the
//! [`Refresh`] it answers with.
//!
//! The window ([`crate::window`]) and headless key scripts ([`play`]) only know this trait. The
//! reader itself (library, UI state machine, layout, persistence) implements it; [`open`] is the
//! one place that builds it from an [`AppConfig`].
//!
//! [`Placeholder`] is a stand-in so the window can be tried before the reader is connected: it
//! shows the profile and a page counter. The lead replaces it (see [`open`]).

use std::path::PathBuf;

use embedded_graphics::mono_font::ascii::{FONT_10X20, FONT_6X10};
use embedded_graphics::mono_font::MonoTextStyle;
use embedded_graphics::pixelcolor::BinaryColor;
use embedded_graphics::prelude::*;
use embedded_graphics::primitives::{PrimitiveStyle, Rectangle};
use embedded_graphics::text::{Baseline, Text};
use embedded_graphics_simulator::SimulatorDisplay;
use moye::format::Script;
use moye::ui::{Button, Input, Press, LONG_PRESS_MS};

use crate::keys;
use crate::profile::{self, Orientation, Profile};

/// A simulator key that has no button on the device: a shortcut to something the buttons
/// also reach through the menus.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Shortcut {
    /// `+`: next larger body size.
    Larger,
    /// `-`: next smaller body size.
    Smaller,
    /// `v`: switch 简体 / 繁體 (and 原文).
    Rendition,
    /// `r`: rotate portrait / landscape.
    Rotate,
    /// `b`: add or remove a bookmark at the current page.
    Bookmark,
    /// `t`: the table of contents.
    Contents,
}

/// One thing the user did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// A device button, short or long.
    Button(Input),
    /// A simulator shortcut.
    Shortcut(Shortcut),
}

/// How the panel is updated after an action, as the device would do it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Refresh {
    /// Nothing changed on screen.
    #[default]
    None,
    /// A partial (fast, no flash) refresh.
    Partial,
    /// A full refresh: the panel flashes, then shows the new image.
    Full,
}

/// What an [`App`] is opened with: the command line, resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppConfig {
    /// The device shown.
    pub profile: Profile,
    /// The orientation to start in.
    pub orientation: Orientation,
    /// Open this book (numbered from 1 in library order) instead of the library screen.
    pub book: Option<u16>,
    /// Start at this page of `book` (from 1).
    pub page: Option<u32>,
    /// Body size in px; `None`: the saved setting, else the profile's default.
    pub size: Option<u8>,
    /// Rendition; `None`: the saved setting, else 简体.
    pub rendition: Option<Script>,
    /// Where settings, positions and bookmarks persist; `None`: nothing persists.
    pub state_file: Option<PathBuf>,
    /// An external library blob to read instead of the built-in one.
    pub library: Option<PathBuf>,
}

/// The reader as the simulator's shell sees it.
pub trait App {
    /// The display size now (it changes when the app rotates).
    fn size(&self) -> Size;

    /// Draws the whole screen into `display`, which is [`App::size`] large and cleared to paper
    /// (`BinaryColor::Off`); `BinaryColor::On` is ink.
    fn draw(&mut self, display: &mut SimulatorDisplay<BinaryColor>);

    /// Handles one action at `now_ms` (milliseconds since the session started) and says how
    /// the panel refreshes.
    fn handle(&mut self, action: Action, now_ms: u32) -> Refresh;

    /// Lets time pass without input (the window calls it about once a second), e.g. so the
    /// reader can fall asleep; says how the panel refreshes.
    fn tick(&mut self, _now_ms: u32) -> Refresh {
        Refresh::None
    }

    /// A short description for the window title, e.g. the book and page.
    fn title(&self) -> String {
        String::from("墨页 Moye")
    }

    /// Called once when the session ends (window closed, script done): flush what must persist.
    fn close(&mut self, _now_ms: u32) {}
}

/// Opens the app for `config`.
///
/// LEAD: replace the body with the real reader (library, UI, persistence at
/// `config.state_file`); the window and `--keys` scripts need nothing else.
pub fn open(config: &AppConfig) -> Result<Box<dyn App>, String> {
    Ok(Box::new(Placeholder::new(config)))
}

/// Draws `app` into a new display of its size.
pub fn render(app: &mut dyn App) -> SimulatorDisplay<BinaryColor> {
    let mut display = SimulatorDisplay::new(app.size());
    app.draw(&mut display);
    display
}

/// Time a scripted short press takes (press, release, pause), in ms.
pub const SCRIPT_STEP_MS: u32 = 200;

/// Plays `script` into `app` on a simulated clock starting at `*now_ms`, as if typed: each step
/// advances the clock ([`SCRIPT_STEP_MS`], a long press [`LONG_PRESS_MS`] more). Returns the
/// strongest refresh seen, so the caller knows whether a full refresh happened.
pub fn play(app: &mut dyn App, script: &[Action], now_ms: &mut u32) -> Refresh {
    let mut strongest = Refresh::None;
    for &action in script {
        if let Action::Button(Input {
            press: Press::Long, ..
        }) = action
        {
            *now_ms = now_ms.saturating_add(LONG_PRESS_MS);
        }
        *now_ms = now_ms.saturating_add(SCRIPT_STEP_MS);
        let refresh = app.handle(action, *now_ms);
        strongest = strongest.max_with(refresh);
    }
    strongest
}

impl Refresh {
    /// The stronger of two refreshes (Full > Partial > None).
    pub fn max_with(self, other: Refresh) -> Refresh {
        match (self, other) {
            (Refresh::Full, _) | (_, Refresh::Full) => Refresh::Full,
            (Refresh::Partial, _) | (_, Refresh::Partial) => Refresh::Partial,
            _ => Refresh::None,
        }
    }
}

/// PLACEHOLDER, replaced by the lead with the real reader: shows the profile, the orientation
/// and a page counter that `Next`/`Prev` change, so the window can be tried now.
#[derive(Debug)]
pub struct Placeholder {
    profile: Profile,
    orientation: Orientation,
    page: u32,
    body_size: u8,
    last: Option<Action>,
}

impl Placeholder {
    /// A placeholder for `config`, at its page (or 1).
    pub fn new(config: &AppConfig) -> Self {
        Placeholder {
            profile: config.profile,
            orientation: config.orientation,
            page: config.page.unwrap_or(1),
            body_size: config
                .size
                .unwrap_or_else(|| profile::default_body_size(&config.profile)),
            last: None,
        }
    }

    /// The page counter.
    #[cfg(test)]
    pub fn page(&self) -> u32 {
        self.page
    }

    fn step_size(&mut self, larger: bool) -> Refresh {
        let sizes = self.profile.body_sizes;
        let at = sizes.iter().position(|&s| s == self.body_size).unwrap_or(0);
        let next = if larger {
            sizes.get(at + 1)
        } else {
            at.checked_sub(1).and_then(|i| sizes.get(i))
        };
        match next {
            Some(&size) => {
                self.body_size = size;
                Refresh::Full
            }
            None => Refresh::None,
        }
    }
}

impl App for Placeholder {
    fn size(&self) -> Size {
        profile::display_size(&self.profile, self.orientation)
    }

    fn draw(&mut self, display: &mut SimulatorDisplay<BinaryColor>) {
        let size = display.size();
        let big = MonoTextStyle::new(&FONT_10X20, BinaryColor::On);
        let small = MonoTextStyle::new(&FONT_6X10, BinaryColor::On);
        let frame = Rectangle::new(Point::new(2, 2), size.saturating_sub(Size::new(4, 4)));
        // Drawing into a SimulatorDisplay cannot fail.
        let _ = frame
            .into_styled(PrimitiveStyle::with_stroke(BinaryColor::On, 1))
            .draw(display);
        let last = match self.last {
            None => String::from("-"),
            Some(action) => keys::script_word(action),
        };
        let lines = [
            (big, format!("Moye {}", self.profile.name)),
            (
                small,
                format!(
                    "{} {}x{}",
                    profile::orientation_name(self.orientation),
                    size.width,
                    size.height
                ),
            ),
            (big, format!("page {}", self.page)),
            (small, format!("body {} px", self.body_size)),
            (small, format!("last: {last}")),
            (small, String::from("placeholder app")),
        ];
        let mut y = 10;
        for (style, line) in &lines {
            let _ =
                Text::with_baseline(line, Point::new(10, y), *style, Baseline::Top).draw(display);
            y += style.font.character_size.height as i32 + 4;
        }
        // A bar as long as the page number, so page turns show as ink moving.
        let bar = Rectangle::new(
            Point::new(10, y + 4),
            Size::new((self.page * 8).min(size.width.saturating_sub(20)), 8),
        );
        let _ = bar
            .into_styled(PrimitiveStyle::with_fill(BinaryColor::On))
            .draw(display);
    }

    fn handle(&mut self, action: Action, _now_ms: u32) -> Refresh {
        self.last = Some(action);
        match action {
            Action::Button(Input { button, press }) => match (button, press) {
                (Button::Next, Press::Short) => {
                    self.page = self.page.saturating_add(1);
                    Refresh::Partial
                }
                (Button::Next, Press::Long) => {
                    self.page = self.page.saturating_add(10);
                    Refresh::Full
                }
                (Button::Prev, Press::Short) if self.page > 1 => {
                    self.page -= 1;
                    Refresh::Partial
                }
                (Button::Prev, Press::Long) if self.page > 1 => {
                    self.page = self.page.saturating_sub(10).max(1);
                    Refresh::Full
                }
                (Button::Select, _) | (Button::Back, _) => Refresh::Full,
                _ => Refresh::Partial,
            },
            Action::Shortcut(Shortcut::Rotate) => {
                self.orientation = profile::rotated(self.orientation);
                Refresh::Full
            }
            Action::Shortcut(Shortcut::Larger) => self.step_size(true),
            Action::Shortcut(Shortcut::Smaller) => self.step_size(false),
            Action::Shortcut(_) => Refresh::Partial,
        }
    }

    fn title(&self) -> String {
        format!(
            "墨页 Moye — {} — page {} (placeholder)",
            self.profile.name, self.page
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use moye::profile::{EPD29, PICO_EPD42};

    fn config(profile: Profile) -> AppConfig {
        AppConfig {
            profile,
            orientation: profile.default_orientation,
            book: None,
            page: None,
            size: None,
            rendition: None,
            state_file: None,
            library: None,
        }
    }

    #[test]
    fn placeholder_counts_pages_and_rotates() {
        let mut app = Placeholder::new(&config(PICO_EPD42));
        assert_eq!(app.size(), Size::new(300, 400));
        let next = Action::Button(Input::short(Button::Next));
        let mut now = 0;
        let refresh = play(&mut app, &[next, next, next], &mut now);
        assert_eq!(refresh, Refresh::Partial);
        assert_eq!(app.page(), 4);
        assert_eq!(now, 3 * SCRIPT_STEP_MS);
        let refresh = play(&mut app, &[Action::Shortcut(Shortcut::Rotate)], &mut now);
        assert_eq!(refresh, Refresh::Full);
        assert_eq!(app.size(), Size::new(400, 300));
    }

    #[test]
    fn a_long_press_takes_longer_on_the_script_clock() {
        let mut app = Placeholder::new(&config(EPD29));
        let mut now = 0;
        play(
            &mut app,
            &[Action::Button(Input::long(Button::Next))],
            &mut now,
        );
        assert_eq!(now, LONG_PRESS_MS + SCRIPT_STEP_MS);
        assert_eq!(app.page(), 11);
    }

    #[test]
    fn rendering_draws_ink_and_leaves_paper() {
        let mut app = Placeholder::new(&config(PICO_EPD42));
        let display = render(&mut app);
        let size = display.size();
        assert_eq!(size, Size::new(300, 400));
        let ink = display
            .bounding_box()
            .points()
            .filter(|&p| display.get_pixel(p) == BinaryColor::On)
            .count();
        assert!(ink > 100 && ink < (size.width * size.height / 2) as usize);
    }

    #[test]
    fn refreshes_combine_to_the_strongest() {
        assert_eq!(Refresh::None.max_with(Refresh::Partial), Refresh::Partial);
        assert_eq!(Refresh::Full.max_with(Refresh::Partial), Refresh::Full);
        assert_eq!(Refresh::None.max_with(Refresh::None), Refresh::None);
    }
}
