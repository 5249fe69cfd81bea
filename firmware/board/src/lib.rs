//! The board-independent half of Moye's firmware: everything a board does that can be checked
//! without the board, free of any HAL so that its tests run on the host
//! (`cargo test --lib --target <host triple>`). A board crate (`firmware/pico`) keeps only its
//! pins, clocks and the drivers of its own chips, and plugs them in here through traits:
//!
//! - [`reader`]: the reader itself — the core's UI state machine over the built-in library,
//!   drawn into the packed framebuffer, shown with the refresh the UI asks for, driven by the
//!   buttons and the time, its state saved to flash — generic over the [`panel::Panel`] and the
//!   [`Storage`](moye::persist::Storage).
//! - [`panel`]: the [`panel::Panel`] trait the reader shows pages on, the panel's RAM layout,
//!   and turning a portrait framebuffer into it.
//! - [`epd`]: e-paper controllers behind [`panel::Panel`], over one command [`epd::Bus`]
//!   (with its embedded-hal implementation): the SSD1683 of the Pico-ePaper-4.2 and the SSD1677
//!   of the Xteink X4.
//! - [`storage`]: the core's [`Storage`](moye::persist::Storage) over sectors of any
//!   embedded-storage [`MultiwriteNorFlash`](embedded_storage::nor_flash::MultiwriteNorFlash).
//! - [`library_copy`]: a library file from a memory card, copied once into a region of NOR
//!   flash (committed only once checked) for the core to read in place.
//! - [`two_keys`]: two push buttons as the reader's four buttons, short and long (debouncing,
//!   holds, chords).
//! - [`ladder`]: the Xteink X4's buttons (two ADC resistor ladders and the power button) as the
//!   reader's four buttons, short and long.
//! - [`copy_screen`]: the progress a board shows while it copies a card's library files.
//! - `testing` (feature `testing`): a NOR flash chip model and a recording panel for the
//!   boards' host tests.
#![cfg_attr(not(any(test, feature = "testing")), no_std)]
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

pub mod copy_screen;
pub mod epd;
pub mod ladder;
pub mod library_copy;
pub mod panel;
pub mod reader;
pub mod storage;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod two_keys;
