//! The hardware half of the firmware (built for the RP2040 only): the SSD1683's SPI bus and
//! the flash chip, behind the library's [`Bus`](moye_pico::ssd1683::Bus) and
//! [`RawFlash`](moye_pico::storage::RawFlash) traits.

mod epd_bus;
mod flash;

pub use epd_bus::EpdBus;
pub use flash::PicoFlash;
