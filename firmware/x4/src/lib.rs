//! The Xteink X4's side of Moye's firmware that needs no HAL, so that its tests run on the host
//! (`cargo test --lib --target <host triple>`): where the saved state and a card's book live in
//! the X4's 16 MB flash ([`flash_map`], checked against the stock partition table), how the
//! board is set up ([`DEVICE`]), what the battery's voltage means ([`battery`]), how it powers
//! off ([`power_off`]) and how the card is put to rest ([`card_idle`]). The reader,
//! the button ladders, the SSD1677 driver and the flash storage are moye-board's; the firmware
//! binary (`src/main.rs`) wires them to esp-hal.
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

pub mod battery;
pub mod card_idle;
pub mod flash_map;
pub mod power_off;

use moye::profile::X4;
use moye_board::panel::Rotation;
use moye_board::reader::{framebuffer_len, Device};

/// The X4's 800 × 480 panel, read in portrait at 24, 28 or 32 px.
///
/// `Clockwise` puts the page's pixel (x, y) at the panel's (y, 479 − x): what GxEPD2's
/// rotation 3 does in open-x4-epaper/sample-firmware, and pulp-os's `Deg270`. Untested on a
/// device: if pages come out upside down, switch to `Rotation::Counterclockwise`.
pub const DEVICE: Device = Device {
    profile: X4,
    rotation: Rotation::Clockwise,
};

/// Bytes of the framebuffer: 480 × 800 in portrait, 800 × 480 in landscape, 48,000 either way.
pub const FRAMEBUFFER_LEN: usize = framebuffer_len(X4.panel);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_framebuffer_is_the_whole_panel() {
        assert_eq!(FRAMEBUFFER_LEN, 48_000);
        assert_eq!(DEVICE.profile.panel, moye_board::epd::ssd1677::SIZE);
    }
}
