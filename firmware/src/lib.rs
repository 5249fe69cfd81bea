//! The board-independent half of Moye's firmware for a Raspberry Pi Pico with a Waveshare
//! Pico-ePaper-4.2 (V2): everything that can be checked without the board, kept free of the HAL
//! so that its tests run on the host (`cargo test --lib --target <host triple>`).
//!
//! - [`keys`]: the module's two keys as the reader's four buttons, short and long
//!   (debouncing, holds, chords).
//! - [`storage`]: the [`moye::persist::Storage`] trait over the last sectors of the Pico's
//!   flash, in the flash chip's units (4 KiB erase sectors, 256-byte program pages).
//! - [`panel`]: the panel's RAM layout, and turning the reader's portrait framebuffer into it.
//! - [`ssd1683`]: the SSD1683 controller's command sequences (full and partial refresh, deep
//!   sleep) over a small [`ssd1683::Bus`] trait that the firmware implements with SPI and pins.
//! - [`reader`]: the reader itself — the core's UI state machine over the built-in library,
//!   drawn into the packed framebuffer, shown with the refresh the UI asks for, driven by the
//!   keys and the time, its state saved to flash — generic over the panel and the storage.
//!
//! The firmware binary (`src/main.rs`) wires these to rp2040-hal.
#![cfg_attr(not(test), no_std)]
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

pub mod keys;
pub mod panel;
pub mod reader;
pub mod ssd1683;
pub mod storage;
#[cfg(test)]
mod testing;
