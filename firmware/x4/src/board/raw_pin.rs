//! GPIO12 and GPIO13 as outputs, through the GPIO matrix's registers.
//!
//! esp-hal 1.0 offers the ESP32-C3's GPIO0–10 and 18–21 only (`esp-metadata`'s
//! `esp32c3.toml`): GPIO11–17 are the SPI flash's pins on most modules. The X4's flash runs in
//! DIO mode, which leaves its SPIHD (GPIO12) and SPIWP (GPIO13) lines free, and the X4 uses them
//! for the microSD card's chip select and the battery latch (`firmware/x4/X4.md`, section 1).
//! This drives such a pin as a plain output: the IO MUX gives the pad function 1 (GPIO on every
//! C3 pad), the GPIO matrix its simple output (signal 128), and the set/clear registers its
//! level.

use core::convert::Infallible;

use esp_hal::peripherals::{GPIO, IO_MUX};

/// Signal 128 of the GPIO matrix: the pin's level comes from the `GPIO_OUT` register.
const SIMPLE_OUTPUT: u8 = 128;

/// IO MUX function 1: the pad is a GPIO.
const FUNCTION_GPIO: u8 = 1;

/// A pad driven as a push-pull output by register writes.
#[derive(Debug)]
pub struct RawOutput {
    mask: u32,
}

impl RawOutput {
    /// Takes pad `pin` (12 or 13: the flash's SPIHD and SPIWP, free in DIO mode) as an output at
    /// `high`.
    ///
    /// The caller owns the pad: nothing else may drive it, and the flash must not be in QIO
    /// mode.
    pub fn new(pin: u8, high: bool) -> Self {
        let output = RawOutput { mask: 1 << pin };
        let n = usize::from(pin);
        // Level first, so the pad never shows the other one.
        if high {
            output.set(true);
        } else {
            output.set(false);
        }
        // SAFETY (for the `bits` writes): 128 is a valid signal index of FUNC_OUT_SEL and 1 a
        // valid MCU_SEL function; the registers belong to this pad alone.
        GPIO::regs()
            .func_out_sel_cfg(n)
            .write(|w| unsafe { w.out_sel().bits(SIMPLE_OUTPUT) });
        IO_MUX::regs().gpio(n).modify(|_, w| unsafe {
            w.mcu_sel().bits(FUNCTION_GPIO);
            w.fun_ie().clear_bit();
            w.fun_wpu().clear_bit();
            w.fun_wpd().clear_bit()
        });
        GPIO::regs()
            .enable_w1ts()
            .write(|w| unsafe { w.bits(output.mask) });
        output
    }

    fn set(&self, high: bool) {
        // SAFETY: the set and clear registers change only the bits written as 1, this pad's.
        if high {
            GPIO::regs()
                .out_w1ts()
                .write(|w| unsafe { w.bits(self.mask) });
        } else {
            GPIO::regs()
                .out_w1tc()
                .write(|w| unsafe { w.bits(self.mask) });
        }
    }
}

impl embedded_hal::digital::ErrorType for RawOutput {
    type Error = Infallible;
}

impl embedded_hal::digital::OutputPin for RawOutput {
    fn set_low(&mut self) -> Result<(), Infallible> {
        self.set(false);
        Ok(())
    }

    fn set_high(&mut self) -> Result<(), Infallible> {
        self.set(true);
        Ok(())
    }
}
