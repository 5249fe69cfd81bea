//! A controller on an SPI bus it shares with other chips: the Xteink X4's panel and its microSD
//! card both hang on the ESP32-C3's SPI2 (SCLK GPIO8, MOSI GPIO10; the card's MISO GPIO7, its
//! chip select GPIO12, the panel's GPIO21). The bus is an embedded-hal [`SpiDevice`], which
//! selects the panel for each transaction and lets an arbiter (embedded-hal-bus) hand the bus
//! to the card between them; the data/command, reset and busy lines are the panel's own.

use embedded_hal::delay::DelayNs;
use embedded_hal::digital::{InputPin, OutputPin};
use embedded_hal::spi::SpiDevice;

use super::spi_bus::{pulse_reset, set_data_command, wait_while_busy};
use super::{Bus, EpdError};

/// A controller's bus shared with other chips: an [`SpiDevice`] (mode 0, write only; it drives
/// the chip select), data/command (low: command), reset (low: reset) and busy (high: busy),
/// and a delay for the reset pulse and polling.
pub struct SharedEpdBus<Spi, Dc, Rst, Busy, Delay> {
    /// The panel's device on the shared bus.
    pub spi: Spi,
    /// Data/command, low: command.
    pub dc: Dc,
    /// Reset, low: reset.
    pub rst: Rst,
    /// Busy, high: busy.
    pub busy: Busy,
    /// The reset pulse's and the busy polling's delays.
    pub delay: Delay,
}

impl<Spi, Dc, Rst, Busy, Delay> SharedEpdBus<Spi, Dc, Rst, Busy, Delay>
where
    Spi: SpiDevice<u8>,
    Dc: OutputPin,
{
    /// Sends `bytes` with the data/command line at `data`, as one transaction: the device
    /// deselects the panel only once the last bit is out, so the line may change after.
    fn frame(&mut self, data: bool, bytes: &[u8]) -> Result<(), EpdError> {
        if bytes.is_empty() {
            return Ok(());
        }
        set_data_command(&mut self.dc, data)?;
        self.spi.write(bytes).map_err(|_| EpdError::Spi)
    }
}

impl<Spi, Dc, Rst, Busy, Delay> Bus for SharedEpdBus<Spi, Dc, Rst, Busy, Delay>
where
    Spi: SpiDevice<u8>,
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

#[cfg(test)]
mod tests {
    use super::*;
    use core::convert::Infallible;
    use embedded_hal::spi::Operation;
    use std::cell::RefCell;
    use std::rc::Rc;

    /// What crossed the wires, in order.
    #[derive(Clone, Debug, PartialEq, Eq)]
    enum Wire {
        /// The data/command line's level (high: data).
        Dc(bool),
        /// The reset line's level.
        Rst(bool),
        /// One transaction's bytes.
        Transaction(Vec<u8>),
        /// A delay, in milliseconds.
        Delay(u32),
    }

    type Log = Rc<RefCell<Vec<Wire>>>;

    struct Device(Log);
    struct Line(Log, fn(bool) -> Wire);
    /// A busy line that reads high for its first `high` reads.
    struct BusyLine(u32);
    struct Clock(Log);

    impl embedded_hal::spi::ErrorType for Device {
        type Error = Infallible;
    }

    impl SpiDevice<u8> for Device {
        fn transaction(&mut self, operations: &mut [Operation<'_, u8>]) -> Result<(), Infallible> {
            let mut bytes = Vec::new();
            for operation in operations {
                match operation {
                    Operation::Write(data) => bytes.extend_from_slice(data),
                    other => panic!("the panel is only written: {other:?}"),
                }
            }
            self.0.borrow_mut().push(Wire::Transaction(bytes));
            Ok(())
        }
    }

    impl embedded_hal::digital::ErrorType for Line {
        type Error = Infallible;
    }

    impl OutputPin for Line {
        fn set_low(&mut self) -> Result<(), Infallible> {
            self.0.borrow_mut().push((self.1)(false));
            Ok(())
        }
        fn set_high(&mut self) -> Result<(), Infallible> {
            self.0.borrow_mut().push((self.1)(true));
            Ok(())
        }
    }

    impl embedded_hal::digital::ErrorType for BusyLine {
        type Error = Infallible;
    }

    impl InputPin for BusyLine {
        fn is_high(&mut self) -> Result<bool, Infallible> {
            let high = self.0 > 0;
            self.0 = self.0.saturating_sub(1);
            Ok(high)
        }
        fn is_low(&mut self) -> Result<bool, Infallible> {
            self.is_high().map(|high| !high)
        }
    }

    impl DelayNs for Clock {
        fn delay_ns(&mut self, ns: u32) {
            self.0.borrow_mut().push(Wire::Delay(ns / 1_000_000));
        }
        fn delay_ms(&mut self, ms: u32) {
            self.0.borrow_mut().push(Wire::Delay(ms));
        }
    }

    fn bus(busy_reads: u32) -> (SharedEpdBus<Device, Line, Line, BusyLine, Clock>, Log) {
        let log = Log::default();
        let bus = SharedEpdBus {
            spi: Device(log.clone()),
            dc: Line(log.clone(), Wire::Dc),
            rst: Line(log.clone(), Wire::Rst),
            busy: BusyLine(busy_reads),
            delay: Clock(log.clone()),
        };
        (bus, log)
    }

    #[test]
    fn a_command_is_one_transaction_with_dc_low_and_its_data_another_with_dc_high() {
        let (mut bus, log) = bus(0);
        bus.command(0x44, &[0x00, 0x00, 0x1F, 0x03]).unwrap();
        bus.command(0x20, &[]).unwrap();
        bus.data(&[0xFF; 3]).unwrap();
        assert_eq!(
            *log.borrow(),
            vec![
                Wire::Dc(false),
                Wire::Transaction(vec![0x44]),
                Wire::Dc(true),
                Wire::Transaction(vec![0x00, 0x00, 0x1F, 0x03]),
                Wire::Dc(false),
                Wire::Transaction(vec![0x20]),
                Wire::Dc(true),
                Wire::Transaction(vec![0xFF; 3]),
            ]
        );
    }

    #[test]
    fn reset_pulses_20_2_20_ms_and_the_busy_line_is_polled_every_millisecond() {
        let (mut bus, log) = bus(3);
        bus.reset().unwrap();
        assert!(bus.is_busy().unwrap());
        bus.wait_until_idle().unwrap();
        assert!(!bus.is_busy().unwrap());
        assert_eq!(
            *log.borrow(),
            vec![
                Wire::Rst(true),
                Wire::Delay(20),
                Wire::Rst(false),
                Wire::Delay(2),
                Wire::Rst(true),
                Wire::Delay(20),
                // High twice more after the first read, then low.
                Wire::Delay(1),
                Wire::Delay(1),
            ]
        );
    }

    #[test]
    fn a_busy_line_that_never_falls_times_out() {
        let (mut bus, _) = bus(u32::MAX);
        assert_eq!(bus.wait_until_idle(), Err(EpdError::Timeout));
    }
}
