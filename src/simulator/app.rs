//! What the simulator's shell drives: the [`App`] trait, the [`Action`]s it is given and the
//! [`Refresh`] it answers with.
//!
//! The window ([`crate::window`]) and headless key scripts ([`play`]) only know this trait. The
//! reader itself (library, UI state machine, layout, persistence) implements it
//! ([`Reader`](crate::reader::Reader)); [`open`] is the one place that builds it from an
//! [`AppConfig`].

use std::path::PathBuf;

use embedded_graphics::pixelcolor::BinaryColor;
use embedded_graphics::prelude::*;
use embedded_graphics_simulator::SimulatorDisplay;
use moye::format::Script;
use moye::glyphs::PunctuationPosition;
use moye::ui::{Input, Press, LONG_PRESS_MS};

use crate::profile::{Orientation, Profile};
use crate::reader::Reader;

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
    /// `w`: the open book 横排 / 直排.
    Writing,
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
    /// Where the full-width marks sit; `None`: the saved setting, else the rendition's default.
    pub punctuation: Option<PunctuationPosition>,
    /// Set `book` vertically (直排).
    pub vertical: bool,
    /// Set one- and two-digit numbers upright in vertical text (縦中横).
    pub upright_digits: bool,
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

    /// Does a slice of background work (measuring the next page, counting the open book's
    /// pages) while no input is waiting, and says how the panel refreshes; `None` when there is none left, so the
    /// window may sleep until the next event.
    fn work_ahead(&mut self) -> Option<Refresh> {
        None
    }

    /// A short description for the window title, e.g. the book and page.
    fn title(&self) -> String {
        String::from("墨页 Moye")
    }

    /// Called once when the session ends (window closed, script done): flush what must persist.
    fn close(&mut self, _now_ms: u32) {}
}

/// Opens the reader for `config`.
pub fn open(config: &AppConfig) -> Result<Box<dyn App>, String> {
    Ok(Box::new(Reader::open(config)?))
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
        // Between keys the reader counts pages, as on a board: one slice per step.
        if let Some(refresh) = app.work_ahead() {
            strongest = strongest.max_with(refresh);
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refreshes_combine_to_the_strongest() {
        assert_eq!(Refresh::None.max_with(Refresh::Partial), Refresh::Partial);
        assert_eq!(Refresh::Full.max_with(Refresh::Partial), Refresh::Full);
        assert_eq!(Refresh::None.max_with(Refresh::None), Refresh::None);
    }
}
