//! The Cortex-M side of the harness: QEMU's `mps2-an385` (a Cortex-M3), cortex-m-rt, the
//! SysTick as the instruction counter, semihosting for output and exit, and the estimate for
//! the RP2040's Cortex-M0+.
//!
//! With `-icount shift=0` QEMU advances its virtual clock by exactly 1 ns per executed guest
//! instruction. The SysTick, clocked from the processor clock (`CLKSOURCE = 1`), decrements
//! once per system clock period of virtual time. On `mps2-an385` that period is 40 ns (QEMU's
//! `hw/arm/mps2.c`: SYSCLK_FRQ is 25 MHz), so one tick is 40 instructions; the harness'
//! calibration checks that relation instead of trusting it. The SysTick is 24 bits wide (0.67 s
//! of virtual time at 40 ns); its exception counts the wraps, so [`ticks`] is a 64-bit count.

use core::arch::asm;
use core::sync::atomic::{AtomicU32, Ordering};

use cortex_m::peripheral::syst::SystClkSource;
use cortex_m::peripheral::{SCB, SYST};
use cortex_m_rt::{exception, ExceptionFrame};

pub use cortex_m_rt::entry;
pub use cortex_m_semihosting::{debug, hio};

use crate::Estimate;

/// The machine and CPU QEMU emulates, for the first line.
pub const MACHINE: &str = "machine=mps2-an385 cpu=cortex-m3";

/// What the estimates are for: the RP2040's Cortex-M0+ at 133 MHz.
///
/// 2.0 cycles per ARMv6-M instruction, where the core's own figure is about 1.5 (1 cycle for
/// ALU ops and multiplies, 2 for loads, stores and taken branches, 3 for calls; `cpi.py`) —
/// the rest is room for XIP flash cache misses.
///
/// ARMv6-M instructions per instruction of the build: a thumbv6m build (what the M0+ runs) is
/// measured directly, 1.00; for a thumbv7m build 1.65, the ratio measured between the two
/// builds' page turns with the real layout before the speed work of issue #3 (1.55 after it,
/// see README.md), kept so that a thumbv7m estimate errs high.
pub const ESTIMATE: Estimate = Estimate {
    chip: "m0plus",
    isa: "ARMv6-M",
    mhz: 133,
    cpi_tenths: 20,
    #[cfg(armv6m)]
    isa_factor_hundredths: 100,
    #[cfg(not(armv6m))]
    isa_factor_hundredths: 165,
};

/// Budget: RAM besides the framebuffer (statics and stack): the Pico's.
pub const RAM_BUDGET: usize = 32 * 1024;

/// Instructions per SysTick tick the model predicts: 40 ns system clock period, 1 ns per
/// instruction.
pub const EXPECTED_INSTRUCTIONS_PER_TICK: u64 = 40;

/// What the counter is, for the calibration's error message.
pub const COUNTER: &str = "the SysTick does not count one tick per 40 instructions";

/// The SysTick's reload value: its full 24 bits.
const RELOAD: u32 = 0x00FF_FFFF;

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

/// Starts the SysTick from the processor clock, wrapping every 2^24 ticks; `false` if the core
/// peripherals were taken already.
pub fn start_counter() -> bool {
    let Some(peripherals) = cortex_m::Peripherals::take() else {
        return false;
    };
    let mut syst = peripherals.SYST;
    syst.set_clock_source(SystClkSource::Core);
    syst.set_reload(RELOAD);
    syst.clear_current();
    syst.enable_interrupt();
    syst.enable_counter();
    // Clearing leaves the counter at 0 until its first tick reloads it: wait for that, or
    // the first reading would count a whole period that has not passed.
    while SYST::get_current() == 0 {}
    true
}

/// SysTick ticks since [`start_counter`].
pub fn ticks() -> u64 {
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

/// Runs `iterations` rounds of a two-instruction loop (`subs`, `bne`).
#[inline(never)]
pub fn spin(iterations: u32) {
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

/// The value cortex-m-rt's `paint-stack` feature fills the stack with before `main`.
pub const STACK_PAINT_VALUE: u32 = cortex_m_rt::STACK_PAINT_VALUE;

extern "C" {
    static __vector_table: u32;
    static _stack_end: u32;
    static _stack_start: u32;
}

/// Where the image starts (the vector table, at the start of flash), and the stack's range
/// `bottom..top` (`_stack_end`, the end of `.bss`/`.uninit`, to `_stack_start`, the top of
/// RAM), from cortex-m-rt's `link.x`.
pub fn image_start_and_stack() -> (usize, usize, usize) {
    use core::ptr::addr_of;
    (
        addr_of!(__vector_table) as usize,
        addr_of!(_stack_end) as usize,
        addr_of!(_stack_start) as usize,
    )
}

/// The stack pointer.
pub fn stack_pointer() -> usize {
    cortex_m::register::msp::read() as usize
}

/// Runs `f` with interrupts masked (no exception frame can be pushed while it runs).
pub fn without_interrupts<R>(f: impl FnOnce() -> R) -> R {
    cortex_m::interrupt::free(|_| f())
}

/// Waits forever (after the exit call, which does not return under QEMU).
pub fn halt() -> ! {
    loop {
        cortex_m::asm::wfi();
    }
}

#[exception]
unsafe fn HardFault(frame: &ExceptionFrame) -> ! {
    // SAFETY: the System Control Block's fault status and address registers of the Cortex-M3
    // QEMU emulates (the thumbv6m build runs on it too); reading them has no side effect.
    let [cfsr, hfsr, bfar] = [0xE000_ED28usize, 0xE000_ED2C, 0xE000_ED38]
        .map(|address| unsafe { core::ptr::read_volatile(address as *const u32) });
    crate::fail(format_args!(
        "HARDFAULT pc={:#010x} lr={:#010x} cfsr={cfsr:#010x} hfsr={hfsr:#010x} bfar={bfar:#010x}",
        frame.pc(),
        frame.lr()
    ))
}

#[exception]
unsafe fn DefaultHandler(irqn: i16) {
    crate::fail(format_args!("unexpected exception or interrupt {irqn}"))
}

/// Prints `line` and a newline on the host's stdout (semihosting).
pub fn print_line(line: core::fmt::Arguments<'_>) {
    cortex_m_semihosting::hprintln!("{}", line);
}
