//! Counting executed instructions under QEMU's `-icount shift=0`, with the platform's counter
//! (the SysTick on Cortex-M, `minstret` on RISC-V; see [`crate::platform`]).
//!
//! With `-icount shift=0` QEMU advances its virtual clock by exactly 1 ns per executed guest
//! instruction, and both counters follow that clock: a SysTick tick is 40 instructions on
//! `mps2-an385`, a `minstret` count is one. [`Clock::calibrate`] checks that relation with a
//! loop of known length instead of trusting it.

use crate::platform;

/// Iterations of the calibration loop (two instructions each).
const CALIBRATION_ITERATIONS: u32 = 4_000_000;

/// Instructions per tick the model predicts.
pub const EXPECTED_INSTRUCTIONS_PER_TICK: u64 = platform::EXPECTED_INSTRUCTIONS_PER_TICK;

/// A running counter and the calibration that turns its ticks into instructions.
pub struct Clock {
    /// Instructions of the calibration loop …
    calibration_instructions: u64,
    /// … and the ticks it took.
    calibration_ticks: u64,
}

impl Clock {
    /// Starts the platform's counter; `None` if it cannot be had (the Cortex-M peripherals
    /// were taken before).
    pub fn start() -> Option<Self> {
        platform::start_counter().then_some(Clock {
            calibration_instructions: EXPECTED_INSTRUCTIONS_PER_TICK,
            calibration_ticks: 1,
        })
    }

    /// Ticks since [`Clock::start`] (on RISC-V: since reset).
    pub fn now(&self) -> u64 {
        platform::ticks()
    }

    /// Times a loop of exactly `2 × CALIBRATION_ITERATIONS` instructions and keeps the ratio;
    /// returns (instructions, ticks).
    pub fn calibrate(&mut self) -> (u64, u64) {
        let start = self.now();
        platform::spin(CALIBRATION_ITERATIONS);
        let ticks = self.now() - start;
        self.calibration_instructions = 2 * u64::from(CALIBRATION_ITERATIONS);
        self.calibration_ticks = ticks.max(1);
        (self.calibration_instructions, ticks)
    }

    /// Whether the calibration matches the model within 0.1 %: `-icount shift=0` is on.
    pub fn calibration_matches(&self) -> bool {
        let expected = self
            .calibration_ticks
            .saturating_mul(EXPECTED_INSTRUCTIONS_PER_TICK);
        expected
            .abs_diff(self.calibration_instructions)
            .saturating_mul(1000)
            <= expected
    }

    /// `ticks` converted to instructions by the calibration.
    pub fn instructions(&self, ticks: u64) -> u64 {
        ticks * self.calibration_instructions / self.calibration_ticks
    }
}
