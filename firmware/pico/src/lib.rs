//! The Raspberry Pi Pico's side of Moye's firmware that needs no HAL, so that its tests run on
//! the host (`cargo test --lib --target <host triple>`): where the saved state lives in the
//! Pico's flash ([`flash_map`], checked against `memory.x`) and how the board is set up
//! ([`DEVICE`]). The reader, the key decoding, the SSD1683 driver and the flash storage are
//! moye-board's; the firmware binary (`src/main.rs`) wires them to rp2040-hal.
#![cfg_attr(not(test), no_std)]
#![deny(missing_docs)]
#![forbid(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

pub mod flash_map;

use moye::profile::PICO_EPD42;
use moye_board::panel::Rotation;
use moye_board::reader::{framebuffer_len, Device};

/// The Pico-ePaper-4.2, read in portrait at 16, 20 or 24 px.
///
/// How a portrait page lies on the panel is untested on hardware: if pages come out upside
/// down on your module, switch to `Rotation::Counterclockwise` (`Clockwise` runs the page's
/// top along the panel's left edge, its RAM column 0).
pub const DEVICE: Device = Device {
    profile: PICO_EPD42,
    rotation: Rotation::Clockwise,
};

/// Bytes of the framebuffer: the portrait screen, 38 × 400 (a landscape one needs 50 × 300).
pub const FRAMEBUFFER_LEN: usize = framebuffer_len(PICO_EPD42.panel);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_framebuffer_is_the_portrait_screens() {
        assert_eq!(FRAMEBUFFER_LEN, 15_200);
        assert_eq!(DEVICE.profile.panel, moye_board::epd::ssd1683::SIZE);
    }
}
