//! Where the program sits in memory, from the symbols of the runtime's `link.x` (cortex-m-rt's
//! or riscv-rt's: the section symbols have the same names, the image's start and the stack's
//! range come from [`crate::platform`]), and how deep the stack has been.
//!
//! The stack grows down from its top (the top of RAM) towards its bottom (the end of the
//! statics). On Cortex-M, cortex-m-rt's `paint-stack` feature fills that whole range with
//! [`STACK_PAINT_VALUE`] in the reset handler, before `main`; on RISC-V the harness' first
//! [`repaint_stack`] does. [`stack_peak`] finds the lowest word that no longer holds it.
//! [`repaint_stack`] paints again below the current stack pointer so that one section of the
//! program can be measured alone.

use core::ptr::addr_of;

use crate::platform::{self, STACK_PAINT_VALUE};

extern "C" {
    static __etext: u32;
    static __srodata: u32;
    static __erodata: u32;
    static __sdata: u32;
    static __edata: u32;
    static __sidata: u32;
    static __sbss: u32;
    static __ebss: u32;
}

/// Section addresses, as the linker placed them.
#[derive(Clone, Copy, Debug)]
pub struct Layout {
    /// Vector table (Cortex-M) or reset and trap code (RISC-V) and code: flash from its start
    /// to the end of `.text`.
    pub text: usize,
    /// Constants, the library blob included.
    pub rodata: usize,
    /// Initialized statics: RAM, and their initial values in flash.
    pub data: usize,
    /// Zeroed statics.
    pub bss: usize,
    /// Flash used: everything up to the end of `.data`'s load image.
    pub flash: usize,
    /// The stack's range: `bottom..top`.
    pub stack_bottom: usize,
    /// The initial stack pointer.
    pub stack_top: usize,
}

/// The address of a linker symbol (only the address: the "static" is never read).
macro_rules! symbol {
    ($name:ident) => {
        addr_of!($name) as usize
    };
}

impl Layout {
    /// Reads the linker symbols.
    pub fn get() -> Self {
        let (start, stack_bottom, stack_top) = platform::image_start_and_stack();
        let data = symbol!(__edata) - symbol!(__sdata);
        Layout {
            text: symbol!(__etext) - start,
            rodata: symbol!(__erodata) - symbol!(__srodata),
            data,
            bss: symbol!(__ebss) - symbol!(__sbss),
            flash: symbol!(__sidata) + data - start,
            stack_bottom,
            stack_top,
        }
    }
}

/// The deepest the stack has been since it was last painted, in bytes below its top.
pub fn stack_peak() -> usize {
    let layout = Layout::get();
    let mut at = layout.stack_bottom;
    while at < layout.stack_top {
        // SAFETY: `at` is a word-aligned address inside the stack region of RAM (both ends
        // 4-byte aligned by link.x); reading it has no side effect.
        let word = unsafe { core::ptr::read_volatile(at as *const u32) };
        if word != STACK_PAINT_VALUE {
            break;
        }
        at += 4;
    }
    layout.stack_top - at
}

/// How deep the stack is now, in bytes below its top.
pub fn stack_depth() -> usize {
    Layout::get().stack_top - platform::stack_pointer()
}

/// Paints the unused stack below the current stack pointer again, so that [`stack_peak`] then
/// measures what runs after this call.
pub fn repaint_stack() {
    let layout = Layout::get();
    platform::without_interrupts(|| {
        let end = platform::stack_pointer() & !3;
        let mut at = layout.stack_bottom;
        while at < end {
            // SAFETY: `at` is word-aligned and lies between the end of the statics and the
            // stack pointer, with no interrupt that could push a frame there: nothing live is
            // below the stack pointer, and this loop calls nothing, so it needs no stack below
            // it either (neither ARM nor RISC-V has a red zone).
            unsafe { core::ptr::write_volatile(at as *mut u32, STACK_PAINT_VALUE) };
            at += 4;
        }
    });
}
