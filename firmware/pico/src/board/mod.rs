//! The hardware half of the firmware (built for the RP2040 only): the flash chip, behind
//! embedded-storage's NOR-flash traits. The panel's SPI bus is moye-board's
//! [`EpdBus`](moye_board::epd::EpdBus) over rp2040-hal's SPI and pins.

mod flash;

pub use flash::PicoFlash;
