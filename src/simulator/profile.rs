//! The devices the simulator shows, as the command line and the window need them.
//!
//! The table itself is [`moye::profile`] (one table for the simulator, the tests and the
//! boards; the core's stages never read it). This module adds what only the simulator needs:
//! names for messages, the `--size` check and orientation names.

use embedded_graphics::geometry::Size;
pub use moye::profile::{Orientation, Profile, PROFILES};

/// The default profile, `pico-epd42` (the first of [`PROFILES`]).
pub fn default_profile() -> Profile {
    PROFILES[0]
}

/// The profile called `name`.
pub fn named(name: &str) -> Option<Profile> {
    Profile::named(name)
}

/// The names of all profiles, for messages: `pico-epd42, x4, epd29`.
pub fn names() -> String {
    let names: Vec<&str> = PROFILES.iter().map(|p| p.name).collect();
    names.join(", ")
}

/// The display size of `profile` in `orientation`.
pub fn display_size(profile: &Profile, orientation: Orientation) -> Size {
    profile.screen(orientation)
}

/// The default body size of `profile` (its smallest).
pub fn default_body_size(profile: &Profile) -> u8 {
    profile.body_sizes.first().copied().unwrap_or(16)
}

/// Whether `profile` offers body text at `size` px.
pub fn offers_size(profile: &Profile, size: u8) -> bool {
    profile.body_sizes.contains(&size)
}

/// The body sizes of `profile` for messages: `16, 20, 24`.
pub fn size_list(profile: &Profile) -> String {
    let sizes: Vec<String> = profile.body_sizes.iter().map(u8::to_string).collect();
    sizes.join(", ")
}

/// The other orientation (what the `r` key switches to).
pub const fn rotated(orientation: Orientation) -> Orientation {
    match orientation {
        Orientation::Portrait => Orientation::Landscape,
        Orientation::Landscape => Orientation::Portrait,
    }
}

/// The command-line name of `orientation`.
pub const fn orientation_name(orientation: Orientation) -> &'static str {
    match orientation {
        Orientation::Portrait => "portrait",
        Orientation::Landscape => "landscape",
    }
}

/// Parses a command-line orientation name.
pub fn parse_orientation(name: &str) -> Option<Orientation> {
    match name {
        "portrait" => Some(Orientation::Portrait),
        "landscape" => Some(Orientation::Landscape),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use moye::profile::{EPD29, PICO_EPD42, X4};

    #[test]
    fn pico_is_300_by_400_in_portrait_and_400_by_300_in_landscape() {
        assert_eq!(
            display_size(&PICO_EPD42, Orientation::Portrait),
            Size::new(300, 400)
        );
        assert_eq!(
            display_size(&PICO_EPD42, Orientation::Landscape),
            Size::new(400, 300)
        );
        assert_eq!(PICO_EPD42.default_orientation, Orientation::Portrait);
        assert_eq!(PICO_EPD42.body_sizes, &[16, 20, 24]);
        assert_eq!(default_body_size(&PICO_EPD42), 16);
    }

    #[test]
    fn x4_is_480_by_800_in_portrait() {
        assert_eq!(
            display_size(&X4, Orientation::Portrait),
            Size::new(480, 800)
        );
        assert_eq!(
            display_size(&X4, Orientation::Landscape),
            Size::new(800, 480)
        );
        assert_eq!(X4.default_orientation, Orientation::Portrait);
        assert_eq!(X4.body_sizes, &[24, 28, 32]);
    }

    #[test]
    fn epd29_is_296_by_128_landscape_by_default() {
        assert_eq!(EPD29.default_orientation, Orientation::Landscape);
        assert_eq!(
            display_size(&EPD29, EPD29.default_orientation),
            Size::new(296, 128)
        );
        assert_eq!(
            display_size(&EPD29, Orientation::Portrait),
            Size::new(128, 296)
        );
        assert_eq!(EPD29.body_sizes, &[16]);
    }

    #[test]
    fn profiles_are_found_by_name_and_the_default_is_first() {
        assert_eq!(default_profile(), PICO_EPD42);
        for profile in PROFILES {
            assert_eq!(named(profile.name), Some(profile));
        }
        assert_eq!(named("PICO-EPD42"), None);
        assert_eq!(names(), "pico-epd42, x4, epd29");
    }

    #[test]
    fn sizes_offered_and_listed() {
        assert!(offers_size(&PICO_EPD42, 20));
        assert!(!offers_size(&PICO_EPD42, 28));
        assert_eq!(size_list(&X4), "24, 28, 32");
    }

    #[test]
    fn orientation_names_round_trip() {
        for o in [Orientation::Portrait, Orientation::Landscape] {
            assert_eq!(parse_orientation(orientation_name(o)), Some(o));
            assert_eq!(rotated(rotated(o)), o);
            assert_ne!(rotated(o), o);
        }
        assert_eq!(parse_orientation("sideways"), None);
    }
}
