//! The RISC-V side of the harness: QEMU's `virt` machine running a riscv32imc build (the
//! ESP32-C3's instruction set) in machine mode, riscv-rt, the `minstret` CSR as the instruction
//! counter, semihosting for output and exit, and the estimate for the ESP32-C3.
//!
//! QEMU's RISC-V `minstret` (and `mcycle`) read its virtual clock when `-icount` is on
//! (`target/riscv/csr.c`: `get_ticks`, `icount_get()`), and with `-icount shift=0` that clock
//! advances by exactly 1 ns per executed guest instruction: one count per instruction. The
//! harness' calibration checks it (without `-icount` the counter follows the host's clock and
//! the ratio is off). It is 64 bits wide (`minstreth:minstret`): no wraps to count, and so no
//! interrupt: the harness runs with interrupts disabled, as riscv-rt leaves them.
//!
//! Semihosting, as on the Cortex-M side, rather than the virt machine's 16550 UART and its
//! `sifive_test` finisher: the same `hprintln!`, host stderr stream and exit call
//! (`-semihosting-config enable=on`), the exit status from `SYS_EXIT`, and no driver of our own.

use core::arch::asm;
use core::ptr::addr_of;

pub use riscv_rt::entry;
pub use riscv_semihosting::{debug, hio};

use crate::Estimate;

/// The machine and CPU QEMU emulates, for the first line.
pub const MACHINE: &str = "machine=virt cpu=rv32";

/// What the estimates are for: the ESP32-C3 (the Xteink X4's chip) at 160 MHz.
///
/// The build is the C3's own instruction set (RV32IMC), so its instructions are counted
/// directly: 1.00. 2.0 cycles per instruction: see README.md (`How it measures`).
pub const ESTIMATE: Estimate = Estimate {
    chip: "esp32c3",
    isa: "RV32IMC",
    mhz: 160,
    cpi_tenths: 20,
    isa_factor_hundredths: 100,
};

/// Budget: RAM besides the framebuffer (statics and stack): the X4 firmware's (issue 12).
pub const RAM_BUDGET: usize = 64 * 1024;

/// Instructions per `minstret` count the model predicts.
pub const EXPECTED_INSTRUCTIONS_PER_TICK: u64 = 1;

/// What the counter is, for the calibration's error message.
pub const COUNTER: &str = "minstret does not count one per instruction";

/// Nothing to start: `minstret` runs from reset. Always `true`.
pub fn start_counter() -> bool {
    true
}

/// Instructions retired since reset (`minstret`, both halves).
pub fn ticks() -> u64 {
    riscv::register::minstret::read64()
}

/// Runs `iterations` rounds of a two-instruction loop (`addi`, `bnez`).
#[inline(never)]
pub fn spin(iterations: u32) {
    // SAFETY: the loop only counts a0 down to zero; it touches no memory and no stack, and a0
    // is declared clobbered.
    unsafe {
        asm!(
            "2:",
            "addi a0, a0, -1",
            "bnez a0, 2b",
            inout("a0") iterations => _,
            options(nomem, nostack),
        );
    }
}

/// The value the stack is painted with (riscv-rt paints nothing: the harness does, below its
/// stack pointer, before what it measures); the same as cortex-m-rt's.
pub const STACK_PAINT_VALUE: u32 = 0xCCCC_CCCC;

extern "C" {
    static __stext: u32;
    static __estack: u32;
    static __sstack: u32;
}

/// Where the image starts (`.text`, with the reset code first), and the stack's range
/// `bottom..top` (riscv-rt's `.stack`: from the end of the statics to the top of RAM), from
/// riscv-rt's `link.x`.
pub fn image_start_and_stack() -> (usize, usize, usize) {
    (
        addr_of!(__stext) as usize,
        addr_of!(__estack) as usize,
        addr_of!(__sstack) as usize,
    )
}

/// The stack pointer.
pub fn stack_pointer() -> usize {
    let sp: usize;
    // SAFETY: copies the stack pointer into a register; no memory is touched.
    unsafe { asm!("mv {}, sp", out(reg) sp, options(nomem, nostack, preserves_flags)) };
    sp
}

/// Runs `f`; interrupts are never enabled here (riscv-rt starts with them off and nothing
/// turns them on), so no trap frame can be pushed while it runs unless `f` faults.
pub fn without_interrupts<R>(f: impl FnOnce() -> R) -> R {
    f()
}

/// Waits forever (after the exit call, which does not return under QEMU).
pub fn halt() -> ! {
    loop {
        riscv::asm::wfi();
    }
}

/// Any exception (riscv-rt's default handler for every one of them): reports it and fails.
#[export_name = "ExceptionHandler"]
fn exception_handler(frame: &riscv_rt::TrapFrame) -> ! {
    crate::fail(format_args!(
        "EXCEPTION mcause={:#010x} mepc={:#010x} mtval={:#010x} ra={:#010x}",
        riscv::register::mcause::read().bits(),
        riscv::register::mepc::read(),
        riscv::register::mtval::read(),
        frame.ra
    ))
}

/// Prints `line` and a newline on the host's stdout (semihosting).
pub fn print_line(line: core::fmt::Arguments<'_>) {
    riscv_semihosting::hprintln!("{}", line);
}
