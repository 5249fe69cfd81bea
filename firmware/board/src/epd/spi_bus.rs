//! A controller's wiring as boards have it: write-only SPI with chip select, a data/command
//! line, a reset line and a busy line, over the embedded-hal 1.0 traits (the Pico's rp2040-hal
//! implements them; so does esp-hal).

use super::Bus;
use embedded_hal::delay::DelayNs;
use embedded_hal::digital::{InputPin, OutputPin};
use embedded_hal::spi::SpiBus;

/// How long a refresh may keep the busy line high before the driver gives up. A full refresh
/// takes about 4 s at room temperature on the Pico-ePaper-4.2 (some 2 s on the X4's panel),
/// longer in the cold.
const BUSY_TIMEOUT_MS: u32 = 20_000;

/// What can go wrong on the bus.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EpdError {
    /// The SPI peripheral failed.
    Spi,
    /// A GPIO failed (the RP2040's never do).
    Pin,
    /// The busy line stayed high: no panel, or a controller whose busy line is low while busy
    /// (the Pico-ePaper-4.2 V1's UC8176).
    Timeout,
}

/// A controller's bus of its own: SPI (mode 0, write only), chip select, data/command (low:
/// command), reset (low: reset) and busy (high: busy), and a delay for the reset pulse and
/// polling. On a bus shared with other chips, use [`SharedEpdBus`](super::SharedEpdBus).
pub struct EpdBus<Spi, Cs, Dc, Rst, Busy, Delay> {
    /// The SPI bus, mode 0; only written.
    pub spi: Spi,
    /// Chip select, low: selected.
    pub cs: Cs,
    /// Data/command, low: command.
    pub dc: Dc,
    /// Reset, low: reset.
    pub rst: Rst,
    /// Busy, high: busy.
    pub busy: Busy,
    /// The reset pulse's and the busy polling's delays.
    pub delay: Delay,
}

impl<Spi, Cs, Dc, Rst, Busy, Delay> EpdBus<Spi, Cs, Dc, Rst, Busy, Delay>
where
    Spi: SpiBus<u8>,
    Cs: OutputPin,
    Dc: OutputPin,
    Busy: InputPin,
{
    /// Sends `bytes` with the data/command line at `data`, inside one chip-select frame.
    fn frame(&mut self, data: bool, bytes: &[u8]) -> Result<(), EpdError> {
        if bytes.is_empty() {
            return Ok(());
        }
        set_data_command(&mut self.dc, data)?;
        self.cs.set_low().map_err(|_| EpdError::Pin)?;
        // The data/command line must not change before the last bit is out: flush.
        let sent = self.spi.write(bytes).and_then(|()| self.spi.flush());
        self.cs.set_high().map_err(|_| EpdError::Pin)?;
        sent.map_err(|_| EpdError::Spi)
    }
}

impl<Spi, Cs, Dc, Rst, Busy, Delay> Bus for EpdBus<Spi, Cs, Dc, Rst, Busy, Delay>
where
    Spi: SpiBus<u8>,
    Cs: OutputPin,
    Dc: OutputPin,
    Rst: OutputPin,
    Busy: InputPin,
    Delay: DelayNs,
{
    type Error = EpdError;

    fn reset(&mut self) -> Result<(), EpdError> {
        pulse_reset(&mut self.rst, &mut self.delay)
    }

    fn command(&mut self, command: u8, data: &[u8]) -> Result<(), EpdError> {
        self.frame(false, &[command])?;
        self.frame(true, data)
    }

    fn data(&mut self, data: &[u8]) -> Result<(), EpdError> {
        self.frame(true, data)
    }

    fn wait_until_idle(&mut self) -> Result<(), EpdError> {
        wait_while_busy(&mut self.busy, &mut self.delay)
    }

    fn is_busy(&mut self) -> Result<bool, EpdError> {
        self.busy.is_high().map_err(|_| EpdError::Pin)
    }

    fn delay_ms(&mut self, ms: u32) {
        self.delay.delay_ms(ms);
    }
}

/// Sets the data/command line: high for data, low for a command.
pub(super) fn set_data_command(dc: &mut impl OutputPin, data: bool) -> Result<(), EpdError> {
    let set = if data { dc.set_high() } else { dc.set_low() };
    set.map_err(|_| EpdError::Pin)
}

/// High, a short low pulse, high again; the controller needs some 10 ms after it. The SSD1683
/// (Waveshare's code) and the SSD1677 take the same 20/2/20 ms (community-sdk
/// `EInkDisplay::resetDisplay`, pulp-os `ssd1677.rs` `reset`; Free-Ink uses 10/10/10).
pub(super) fn pulse_reset(
    rst: &mut impl OutputPin,
    delay: &mut impl DelayNs,
) -> Result<(), EpdError> {
    rst.set_high().map_err(|_| EpdError::Pin)?;
    delay.delay_ms(20);
    rst.set_low().map_err(|_| EpdError::Pin)?;
    delay.delay_ms(2);
    rst.set_high().map_err(|_| EpdError::Pin)?;
    delay.delay_ms(20);
    Ok(())
}

/// Polls the busy line every millisecond until it is low, for at most [`BUSY_TIMEOUT_MS`].
pub(super) fn wait_while_busy(
    busy: &mut impl InputPin,
    delay: &mut impl DelayNs,
) -> Result<(), EpdError> {
    for _ in 0..BUSY_TIMEOUT_MS {
        if !busy.is_high().map_err(|_| EpdError::Pin)? {
            return Ok(());
        }
        delay.delay_ms(1);
    }
    Err(EpdError::Timeout)
}
