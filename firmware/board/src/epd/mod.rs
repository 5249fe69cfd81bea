//! E-paper controllers, each behind the reader's [`Panel`](crate::panel::Panel) trait, over one
//! command [`Bus`]: Solomon Systech's controllers all take a command byte with the
//! data/command line low, then its data with the line high, on a write-only SPI, and report
//! a running reset or update on a busy line.
//!
//! - [`ssd1683`]: the Waveshare Pico-ePaper-4.2 V2 (400 × 300).
//! - [`ssd1677`]: the Xteink X4's GDEQ0426T82 (800 × 480).
//! - [`spi_bus`]: the [`Bus`] over embedded-hal SPI and pins, as a board wires it; and
//!   [`shared_bus`], the same on an SPI bus shared with other chips (the X4's microSD card).

pub mod shared_bus;
pub mod spi_bus;
pub mod ssd1677;
pub mod ssd1683;

pub use shared_bus::SharedEpdBus;
pub use spi_bus::{EpdBus, EpdError};

/// What a controller is wired through: SPI with chip select, the data/command line, the reset
/// line and the busy line. [`EpdBus`] implements it with embedded-hal; tests record it.
pub trait Bus {
    /// What can go wrong (SPI errors, the busy line never falling).
    type Error;

    /// Pulses the reset line and waits for the controller to come up (some 10 ms).
    fn reset(&mut self) -> Result<(), Self::Error>;

    /// Sends `command` (data/command line low), then `data` (line high).
    fn command(&mut self, command: u8, data: &[u8]) -> Result<(), Self::Error>;

    /// Sends more data for the last command.
    fn data(&mut self, data: &[u8]) -> Result<(), Self::Error>;

    /// Waits until the busy line is low: the controller finished a reset or an update.
    fn wait_until_idle(&mut self) -> Result<(), Self::Error>;

    /// Whether the busy line is high now.
    fn is_busy(&mut self) -> Result<bool, Self::Error>;

    /// Waits `ms` milliseconds (for a controller that raises its busy line late).
    fn delay_ms(&mut self, ms: u32);
}
