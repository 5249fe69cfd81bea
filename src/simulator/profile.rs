//! Device profiles: the panels the simulator can show, with their orientation, margins and the
//! body sizes each offers.
//!
//! The core knows no profile constants; the simulator (and each firmware) picks one of these
//! and passes its numbers in.

use embedded_graphics::geometry::Size;

/// How a panel is held.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Orientation {
    /// Taller than wide.
    Portrait,
    /// Wider than tall.
    Landscape,
}

impl Orientation {
    /// The other orientation (what the `r` key switches to).
    pub const fn rotated(self) -> Self {
        match self {
            Orientation::Portrait => Orientation::Landscape,
            Orientation::Landscape => Orientation::Portrait,
        }
    }

    /// The name used on the command line.
    pub const fn name(self) -> &'static str {
        match self {
            Orientation::Portrait => "portrait",
            Orientation::Landscape => "landscape",
        }
    }

    /// Parses a command-line name.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "portrait" => Some(Orientation::Portrait),
            "landscape" => Some(Orientation::Landscape),
            _ => None,
        }
    }
}

/// Page margins in px, in the orientation the page is read in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Margins {
    /// Left and right.
    pub side: u16,
    /// Above the first line.
    pub top: u16,
    /// Below the last line (the status line sits in it).
    pub bottom: u16,
}

/// A device the simulator shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Profile {
    /// Command-line name, e.g. `pico-epd42`.
    pub name: &'static str,
    /// What the device is.
    pub description: &'static str,
    /// The panel's native size (its controller's RAM layout), landscape for all three.
    pub panel: Size,
    /// The orientation the reader starts in.
    pub orientation: Orientation,
    /// Page margins.
    pub margins: Margins,
    /// Body text sizes offered, in px, smallest first; the first is the default.
    pub body_sizes: &'static [u8],
}

/// Waveshare Pico-ePaper-4.2 on a Raspberry Pi Pico: 400×300, read in portrait.
pub const PICO_EPD42: Profile = Profile {
    name: "pico-epd42",
    description: "Waveshare Pico-ePaper-4.2, 400x300, Raspberry Pi Pico (RP2040)",
    panel: Size::new(400, 300),
    orientation: Orientation::Portrait,
    margins: Margins {
        side: 12,
        top: 12,
        bottom: 20,
    },
    body_sizes: &[16, 20, 24],
};

/// Xteink X4 class: 800×480 (SSD1677) on an ESP32-C3, read in portrait.
pub const X4: Profile = Profile {
    name: "x4",
    description: "Xteink X4 class, 800x480 (SSD1677), ESP32-C3",
    panel: Size::new(800, 480),
    orientation: Orientation::Portrait,
    margins: Margins {
        side: 24,
        top: 24,
        bottom: 32,
    },
    body_sizes: &[24, 28, 32],
};

/// A 2.9" 296×128 panel, read in landscape.
pub const EPD29: Profile = Profile {
    name: "epd29",
    description: "2.9\" e-paper, 296x128",
    panel: Size::new(296, 128),
    orientation: Orientation::Landscape,
    margins: Margins {
        side: 6,
        top: 4,
        bottom: 14,
    },
    body_sizes: &[16],
};

/// Every profile, the default first.
pub const PROFILES: [&Profile; 3] = [&PICO_EPD42, &X4, &EPD29];

impl Profile {
    /// The default profile, `pico-epd42`.
    pub const fn default_profile() -> &'static Profile {
        &PICO_EPD42
    }

    /// Finds a profile by its command-line name.
    pub fn from_name(name: &str) -> Option<&'static Profile> {
        PROFILES.iter().copied().find(|p| p.name == name)
    }

    /// The names of all profiles, for messages: `pico-epd42, x4, epd29`.
    pub fn names() -> String {
        let names: Vec<&str> = PROFILES.iter().map(|p| p.name).collect();
        names.join(", ")
    }

    /// The display size in `orientation`: the panel as is in landscape, turned in portrait.
    pub const fn size(&self, orientation: Orientation) -> Size {
        let (long, short) = if self.panel.width >= self.panel.height {
            (self.panel.width, self.panel.height)
        } else {
            (self.panel.height, self.panel.width)
        };
        match orientation {
            Orientation::Landscape => Size::new(long, short),
            Orientation::Portrait => Size::new(short, long),
        }
    }

    /// The display size in the profile's own orientation.
    #[allow(dead_code)] // for the reader the lead connects
    pub const fn default_size(&self) -> Size {
        self.size(self.orientation)
    }

    /// The default body size (the smallest offered).
    pub fn default_body_size(&self) -> u8 {
        self.body_sizes.first().copied().unwrap_or(16)
    }

    /// Whether `size` px is one of the body sizes offered.
    pub fn offers_size(&self, size: u8) -> bool {
        self.body_sizes.contains(&size)
    }

    /// The body sizes for messages: `16, 20, 24`.
    pub fn size_list(&self) -> String {
        let sizes: Vec<String> = self.body_sizes.iter().map(u8::to_string).collect();
        sizes.join(", ")
    }

    /// The content box in `orientation` (the display minus the margins).
    #[allow(dead_code)] // for the reader the lead connects
    pub fn content_size(&self, orientation: Orientation) -> Size {
        let size = self.size(orientation);
        let m = self.margins;
        Size::new(
            size.width.saturating_sub(2 * u32::from(m.side)),
            size.height
                .saturating_sub(u32::from(m.top) + u32::from(m.bottom)),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pico_is_300_by_400_in_portrait_and_400_by_300_in_landscape() {
        assert_eq!(PICO_EPD42.size(Orientation::Portrait), Size::new(300, 400));
        assert_eq!(PICO_EPD42.size(Orientation::Landscape), Size::new(400, 300));
        assert_eq!(PICO_EPD42.default_size(), Size::new(300, 400));
        assert_eq!(PICO_EPD42.body_sizes, &[16, 20, 24]);
        assert_eq!(PICO_EPD42.default_body_size(), 16);
    }

    #[test]
    fn x4_is_480_by_800_in_portrait() {
        assert_eq!(X4.size(Orientation::Portrait), Size::new(480, 800));
        assert_eq!(X4.size(Orientation::Landscape), Size::new(800, 480));
        assert_eq!(X4.default_size(), Size::new(480, 800));
        assert_eq!(X4.body_sizes, &[24, 28, 32]);
    }

    #[test]
    fn epd29_is_landscape_by_default() {
        assert_eq!(EPD29.default_size(), Size::new(296, 128));
        assert_eq!(EPD29.size(Orientation::Portrait), Size::new(128, 296));
        assert_eq!(EPD29.body_sizes, &[16]);
    }

    #[test]
    fn profiles_are_found_by_name_and_the_default_is_first() {
        assert_eq!(Profile::default_profile().name, "pico-epd42");
        assert_eq!(PROFILES[0].name, "pico-epd42");
        for profile in PROFILES {
            assert_eq!(Profile::from_name(profile.name), Some(profile));
        }
        assert_eq!(Profile::from_name("PICO-EPD42"), None);
        assert_eq!(Profile::names(), "pico-epd42, x4, epd29");
    }

    #[test]
    fn sizes_offered_and_listed() {
        assert!(PICO_EPD42.offers_size(20));
        assert!(!PICO_EPD42.offers_size(28));
        assert_eq!(X4.size_list(), "24, 28, 32");
    }

    #[test]
    fn content_box_is_inside_the_display() {
        for profile in PROFILES {
            for orientation in [Orientation::Portrait, Orientation::Landscape] {
                let content = profile.content_size(orientation);
                let size = profile.size(orientation);
                assert!(content.width > 0 && content.width < size.width);
                assert!(content.height > 0 && content.height < size.height);
            }
        }
        assert_eq!(
            PICO_EPD42.content_size(Orientation::Portrait),
            Size::new(276, 368)
        );
    }

    #[test]
    fn orientation_round_trips() {
        for o in [Orientation::Portrait, Orientation::Landscape] {
            assert_eq!(Orientation::from_name(o.name()), Some(o));
            assert_eq!(o.rotated().rotated(), o);
            assert_ne!(o.rotated(), o);
        }
        assert_eq!(Orientation::from_name("sideways"), None);
    }
}
