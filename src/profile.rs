//! Device profiles: a panel, its default orientation, margins and the body sizes offered.
//!
//! The core's stages never read these constants; the simulator, the tests and each board pick
//! a [`Profile`] and pass it in, so one table describes every device in one place.

use embedded_graphics::prelude::{Point, Size};
use embedded_graphics::primitives::Rectangle;

/// How the panel is held: the reader's setting, shared with the saved state.
pub use crate::persist::Orientation;

/// A device: its panel and how the reader uses it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Profile {
    /// The name used on the command line.
    pub name: &'static str,
    /// The panel's native width and height in pixels.
    pub panel: Size,
    /// The orientation the reader starts in.
    pub default_orientation: Orientation,
    /// The blank border around the text, in pixels.
    pub margin: u16,
    /// The body font sizes offered, smallest first.
    pub body_sizes: &'static [u8],
}

/// Height of the status line at the foot of the reading view, in pixels.
pub const STATUS_HEIGHT: u16 = 16;

/// Waveshare Pico-ePaper-4.2 on a Raspberry Pi Pico: 400×300, read in portrait.
pub const PICO_EPD42: Profile = Profile {
    name: "pico-epd42",
    panel: Size::new(400, 300),
    default_orientation: Orientation::Portrait,
    margin: 12,
    body_sizes: &[16, 20, 24],
};

/// An Xteink X4-class reader: 800×480 (SSD1677), read in portrait.
pub const X4: Profile = Profile {
    name: "x4",
    panel: Size::new(800, 480),
    default_orientation: Orientation::Portrait,
    margin: 20,
    body_sizes: &[24, 28, 32],
};

/// A 2.9-inch 296×128 panel, read in landscape.
pub const EPD29: Profile = Profile {
    name: "epd29",
    panel: Size::new(296, 128),
    default_orientation: Orientation::Landscape,
    margin: 6,
    body_sizes: &[16],
};

/// Every profile, the default first.
pub const PROFILES: [Profile; 3] = [PICO_EPD42, X4, EPD29];

impl Profile {
    /// The profile called `name`.
    pub fn named(name: &str) -> Option<Profile> {
        PROFILES.into_iter().find(|profile| profile.name == name)
    }

    /// The screen's size as the reader draws it in `orientation`.
    pub fn screen(&self, orientation: Orientation) -> Size {
        let (long, short) = if self.panel.width >= self.panel.height {
            (self.panel.width, self.panel.height)
        } else {
            (self.panel.height, self.panel.width)
        };
        match orientation {
            Orientation::Portrait => Size::new(short, long),
            Orientation::Landscape => Size::new(long, short),
        }
    }

    /// Where the page's text goes: the screen less the margins and the status line.
    pub fn text_area(&self, orientation: Orientation) -> Rectangle {
        let screen = self.screen(orientation);
        let margin = u32::from(self.margin);
        let width = screen.width.saturating_sub(2 * margin);
        let height = screen
            .height
            .saturating_sub(2 * margin + u32::from(STATUS_HEIGHT));
        Rectangle::new(
            Point::new(margin as i32, margin as i32),
            Size::new(width, height),
        )
    }

    /// Where the status line goes: the screen's foot, inside the side margins.
    pub fn status_area(&self, orientation: Orientation) -> Rectangle {
        let screen = self.screen(orientation);
        let margin = u32::from(self.margin);
        let top = screen
            .height
            .saturating_sub(margin / 2 + u32::from(STATUS_HEIGHT));
        Rectangle::new(
            Point::new(margin as i32, top as i32),
            Size::new(
                screen.width.saturating_sub(2 * margin),
                u32::from(STATUS_HEIGHT),
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn screens_follow_the_orientation() {
        assert_eq!(
            PICO_EPD42.screen(Orientation::Portrait),
            Size::new(300, 400)
        );
        assert_eq!(
            PICO_EPD42.screen(Orientation::Landscape),
            Size::new(400, 300)
        );
        assert_eq!(X4.screen(Orientation::Portrait), Size::new(480, 800));
        assert_eq!(EPD29.screen(EPD29.default_orientation), Size::new(296, 128));
        assert_eq!(Profile::named("x4"), Some(X4));
        assert_eq!(Profile::named("kindle"), None);
    }

    #[test]
    fn text_and_status_areas_stay_on_screen_and_apart() {
        for profile in PROFILES {
            for orientation in [Orientation::Portrait, Orientation::Landscape] {
                let screen = Rectangle::new(Point::zero(), profile.screen(orientation));
                let text = profile.text_area(orientation);
                let status = profile.status_area(orientation);
                assert!(screen.contains(text.top_left) && screen.contains(status.top_left));
                let text_bottom = text.top_left.y + text.size.height as i32;
                assert!(text_bottom <= status.top_left.y, "{}", profile.name);
                assert!(status.top_left.y + status.size.height as i32 <= screen.size.height as i32);
            }
        }
    }
}
