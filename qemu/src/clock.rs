//! Counting executed instructions with the SysTick timer under QEMU's `-icount shift=0`.
//!
//! With `-icount shift=0` QEMU advances its virtual clock by exactly 1 ns per executed guest
//! instruction. The SysTick, clocked from the processor clock (`CLKSOURCE = 1`), decrements
//! once per system clock period of virtual time. On `mps2-an385` that period is 40 ns (QEMU's
//! `hw/arm/mps2.c`: SYSCLK_FRQ is 25 MHz), so one tick is 40 instructions. [`Clock::calibrate`]
//! checks that relation with a loop of known length instead of trusting it.
//!
//! The SysTick is 24 bits wide (0.67 s of virtual time at 40 ns); its exception counts the
//! wraps, so [`Clock::now`] is a 64-bit tick count.

use core::arch::asm;
use core::sync::atomic::{AtomicU32, Ordering};

use cortex_m::peripheral::syst::SystClkSource;
use cortex_m::peripheral::{SCB, SYST};
use cortex_m_rt::exception;

/// The SysTick's reload value: its full 24 bits.
const RELOAD: u32 = 0x00FF_FFFF;

/// Iterations of the calibration loop (two instructions each).
const CALIBRATION_ITERATIONS: u32 = 4_000_000;

/// Instructions per tick the model predicts: 40 ns system clock period, 1 ns per instruction.
pub const EXPECTED_INSTRUCTIONS_PER_TICK: u64 = 40;

/// SysTick wraps counted so far (written only by the SysTick exception).
static WRAPS: AtomicU32 = AtomicU32::new(0);

#[exception]
fn SysTick() {
    // Load and store, not fetch_add: ARMv6-M has no atomic read-modify-write, and this
    // exception is the only writer.
    WRAPS.store(
        WRAPS.load(Ordering::Relaxed).wrapping_add(1),
        Ordering::Relaxed,
    );
}

/// A running SysTick and the calibration that turns its ticks into instructions.
pub struct Clock {
    /// Instructions of the calibration loop …
    calibration_instructions: u64,
    /// … and the ticks it took.
    calibration_ticks: u64,
}

impl Clock {
    /// Starts the SysTick from the processor clock, wrapping every 2^24 ticks.
    pub fn start(mut syst: SYST) -> Self {
        syst.set_clock_source(SystClkSource::Core);
        syst.set_reload(RELOAD);
        syst.clear_current();
        syst.enable_interrupt();
        syst.enable_counter();
        // Clearing leaves the counter at 0 until its first tick reloads it: wait for that, or
        // the first reading would count a whole period that has not passed.
        while SYST::get_current() == 0 {}
        Clock {
            calibration_instructions: EXPECTED_INSTRUCTIONS_PER_TICK,
            calibration_ticks: 1,
        }
    }

    /// Ticks since [`Clock::start`].
    pub fn now(&self) -> u64 {
        cortex_m::interrupt::free(|_| {
            // With interrupts masked the wrap count cannot change under us; a wrap that
            // happened but is not counted yet shows as a pending SysTick exception.
            let mut wraps = u64::from(WRAPS.load(Ordering::Relaxed));
            let mut current = SYST::get_current();
            if SCB::is_pendst_pending() {
                wraps += 1;
                current = SYST::get_current();
            }
            wraps * (u64::from(RELOAD) + 1) + u64::from(RELOAD - current)
        })
    }

    /// Times a loop of exactly `2 × CALIBRATION_ITERATIONS` instructions (`subs`, `bne`) and
    /// keeps the ratio; returns (instructions, ticks).
    pub fn calibrate(&mut self) -> (u64, u64) {
        let start = self.now();
        spin(CALIBRATION_ITERATIONS);
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

/// Runs `iterations` rounds of a two-instruction loop.
#[inline(never)]
fn spin(iterations: u32) {
    // SAFETY: the loop only counts r0 down to zero; it touches no memory and no stack, and r0
    // is declared clobbered.
    unsafe {
        asm!(
            "2:",
            "subs r0, r0, #1",
            "bne 2b",
            inout("r0") iterations => _,
            options(nomem, nostack),
        );
    }
}
