//! Turning the X4 off through its battery latch.
//!
//! On battery the board is powered through a pair of FETs whose gate sees GPIO13 (the latch)
//! diode-OR'ed with USB's VBUS (`firmware/x4/X4.md`, section 1). The stock firmware, as
//! CrossPoint Reader reverse-engineered it (`HalPowerManager.cpp`), powers off by driving the
//! latch low and holding it low into deep sleep; the power button then powers the chip again
//! and it boots afresh.
//!
//! Moye drives the latch low and keeps driving it, awake, for [`CUT_WAIT_MS`]: on battery the
//! power goes within that time and nothing after it runs. If the chip is still running, USB
//! powers it (or the board does not latch): the latch goes high again and the caller sleeps
//! as before, with the power button as the wake source. This needs no pad hold across deep
//! sleep, which esp-hal 1.0 offers only for GPIO0–5, and avoids its deep-sleep isolation of
//! every pad not held, which would take the flash's pins too.

use embedded_hal::delay::DelayNs;
use embedded_hal::digital::OutputPin;

/// How long the latch is held low before concluding that the power stays (milliseconds).
/// The board's rails fall in a few milliseconds once the FETs open; this is a wide margin.
pub const CUT_WAIT_MS: u32 = 500;

/// Cuts the power on battery. Returns only if the chip is still powered after
/// [`CUT_WAIT_MS`] (USB, or a board that does not latch), with the latch high again.
pub fn cut_power<L: OutputPin, D: DelayNs>(latch: &mut L, delay: &mut D) {
    // The latch is a plain output: setting its level cannot fail (`RawOutput`).
    let _ = latch.set_low();
    delay.delay_ms(CUT_WAIT_MS);
    let _ = latch.set_high();
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::convert::Infallible;

    #[derive(Debug, PartialEq)]
    enum Event {
        Latch(bool),
        Wait(u32),
    }

    struct Log(Vec<Event>);

    impl embedded_hal::digital::ErrorType for Log {
        type Error = Infallible;
    }

    impl OutputPin for Log {
        fn set_low(&mut self) -> Result<(), Infallible> {
            self.0.push(Event::Latch(false));
            Ok(())
        }
        fn set_high(&mut self) -> Result<(), Infallible> {
            self.0.push(Event::Latch(true));
            Ok(())
        }
    }

    struct Clock(Vec<Event>);

    impl DelayNs for Clock {
        fn delay_ns(&mut self, ns: u32) {
            self.0.push(Event::Wait(ns / 1_000_000));
        }
        fn delay_ms(&mut self, ms: u32) {
            self.0.push(Event::Wait(ms));
        }
    }

    #[test]
    fn the_latch_goes_low_for_the_whole_wait_then_high_again() {
        let (mut latch, mut clock) = (Log(Vec::new()), Clock(Vec::new()));
        cut_power(&mut latch, &mut clock);
        assert_eq!(latch.0, [Event::Latch(false), Event::Latch(true)]);
        assert_eq!(clock.0, [Event::Wait(CUT_WAIT_MS)]);
        // Long enough for the rails to fall, short enough not to be noticed on USB.
        assert!((100..=2_000).contains(&CUT_WAIT_MS));
    }
}
