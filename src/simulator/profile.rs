//! The devices the simulator shows, as the command line and the window need them.
//!
//! The table itself is [`moye::profile`] (one table for the simulator, the tests and the
//! boards; the core's stages never read it). This module adds what only the simulator needs:
//! names for messages and the `--size` check (orientation names are the command line's).

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

#[cfg(test)]
mod tests {
    use super::*;
    use moye::profile::{PICO_EPD42, X4};

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
}
