//! The Moye core on an emulated Cortex-M3 (QEMU `mps2-an385`, semihosting).
//!
//! Parses the built-in library, then runs [`workload`] — every page of every book at every size
//! of the blob, drawn into a static packed framebuffer — and prints over semihosting:
//!
//! - `HASH …` lines: page counts and a hash of all page starts and framebuffers, which
//!   `tests/qemu_hash.rs` computes on the host too; `run.sh` compares them.
//! - measurements: instructions to open a book (its first page shown), to count its pages
//!   (and the longest slice of the count), per page turn and per read-ahead of the next page
//!   (SysTick under `-icount`, see [`clock`]) with an estimate for a 133 MHz Cortex-M0+, the page index's bytes, peak stack (painted stack, see [`memory`]), static RAM
//!   and flash from the linker symbols, the blob apart.
//!
//! Exits QEMU with status 0 after a full run; a panic, a fault, a failed check or a calibration
//! that shows `-icount shift=0` is missing exit with status 1. There is no global allocator:
//! that this links at all shows that nothing allocates.
#![no_std]
#![no_main]

mod clock;
mod memory;
// Shared with the host test `tests/qemu_hash.rs`: each side uses a part of it.
#[allow(dead_code)]
mod workload;

use core::fmt::{self, Write};
use core::ptr::addr_of_mut;

use cortex_m_rt::{entry, exception, ExceptionFrame};
use cortex_m_semihosting::{debug, hio, hprintln};
use moye::format::Library;

use clock::Clock;
use moye::layout::MAX_INDEX_BYTES;
use workload::{PageTimer, Section, FRAMEBUFFER_LEN, INDEX_BYTES};

/// The Rust target this harness was built for (from build.rs).
const TARGET: &str = env!("MOYE_QEMU_TARGET");

/// The RP2040's Cortex-M0+ clock the estimates are for.
const M0PLUS_MHZ: u64 = 133;
/// Cycles per ARMv6-M instruction assumed on the RP2040's Cortex-M0+, in tenths: 2.0, where
/// the core's own figure is about 1.4 (1 cycle for ALU ops and multiplies, 2 for loads, stores
/// and taken branches, 3 for calls) — the rest is room for XIP flash cache misses.
const M0PLUS_CPI_TENTHS: u64 = 20;
/// ARMv6-M instructions per ARMv7-M instruction, in hundredths, for estimates from a thumbv7m
/// build: 1.65, the ratio measured between the two builds' page turns with the real layout
/// before the speed work of issue #3 (1.55 after it, see README.md), kept so that a thumbv7m
/// estimate errs high. A thumbv6m build (what the M0+ runs) is measured directly: 1.00.
#[cfg(armv6m)]
const ISA_FACTOR_HUNDREDTHS: u64 = 100;
#[cfg(not(armv6m))]
const ISA_FACTOR_HUNDREDTHS: u64 = 165;

/// Budget: CPU per page turn on the 133 MHz Cortex-M0+, in microseconds.
const PAGE_TURN_BUDGET_US: u64 = 10_000;
/// Budget: CPU from opening a book to its (saved) first page shown, in microseconds.
const OPEN_BUDGET_US: u64 = 100_000;
/// Budget: one slice of the page count, which a key may wait for, in microseconds.
const SLICE_BUDGET_US: u64 = 50_000;
/// Budget: RAM besides the framebuffer (statics and stack).
const RAM_BUDGET: usize = 32 * 1024;

/// The most (font, book) runs a blob may ask for.
const MAX_RUNS: usize = 32;

/// The panel's framebuffer: the one large buffer, in `.bss`.
static mut FRAMEBUFFER: [u8; FRAMEBUFFER_LEN] = [0; FRAMEBUFFER_LEN];

#[entry]
fn main() -> ! {
    let Some(peripherals) = cortex_m::Peripherals::take() else {
        fail(format_args!("the core peripherals were taken before main"));
    };
    hprintln!("MOYE-QEMU target={TARGET} machine=mps2-an385 cpu=cortex-m3");
    let mut clock = Clock::start(peripherals.SYST);
    let (instructions, ticks) = clock.calibrate();
    hprintln!(
        "CALIBRATION loop_instructions={instructions} ticks={ticks} expected_instructions_per_tick={}",
        clock::EXPECTED_INSTRUCTIONS_PER_TICK
    );
    if !clock.calibration_matches() {
        fail(format_args!(
            "the SysTick does not count one tick per 40 instructions: run QEMU with -icount shift=0"
        ));
    }

    // Measured alone: what the core needs below this frame, without the harness' printing.
    memory::repaint_stack();
    let caller_depth = memory::stack_depth();
    let start = clock.now();
    let library = Library::builtin();
    let parse = clock.instructions(clock.now() - start);
    let library = match library {
        Ok(library) => library,
        Err(error) => fail(format_args!(
            "the built-in library does not parse: {error:?}"
        )),
    };
    // SAFETY: the only reference to FRAMEBUFFER ever made; main runs once and never returns.
    let buffer: &'static mut [u8] = unsafe { &mut *addr_of_mut!(FRAMEBUFFER) };
    let mut timer = Timer::new(&clock);
    let mut runs = [None; MAX_RUNS];
    let mut count = 0;
    let outcome = workload::run_library(&library, buffer, &mut timer, |run, timer| {
        if let Some(slot) = runs.get_mut(count) {
            *slot = Some((*run, timer.take()));
        }
        count += 1;
    });
    let stack_total = memory::stack_peak();
    let stack_core = stack_total - caller_depth;
    if let Err(error) = outcome {
        fail(format_args!("the workload failed: {error}"));
    }
    if count > MAX_RUNS {
        fail(format_args!("{count} runs, room for {MAX_RUNS}"));
    }

    memory::repaint_stack();
    hprintln!(
        "LIBRARY blob_bytes={} fonts={} books={} parse_instructions={parse}",
        library.size(),
        library.font_count(),
        library.book_count()
    );
    let mut worst = Stats::default();
    let (mut worst_open, mut worst_slice) = (0, 0);
    for (run, stats) in runs.iter().flatten() {
        hprintln!("{run}");
        hprintln!(
            "TURN size={} book={} reading={} turns={} glyphs_per_page={} instructions_per_glyph={} instructions_mean={} instructions_max={} m0plus_ms_mean={} m0plus_ms_max={}",
            run.size,
            run.book,
            run.reading,
            stats.turn.count,
            run.glyphs / run.pages.max(1),
            stats.turn.total / u64::from(run.glyphs.max(1)),
            stats.turn.mean(),
            stats.turn.max,
            Millis(m0plus_us(stats.turn.mean())),
            Millis(m0plus_us(stats.turn.max)),
        );
        hprintln!(
            "AHEAD size={} book={} reading={} read_aheads={} instructions_mean={} instructions_max={} m0plus_ms_mean={} m0plus_ms_max={}",
            run.size,
            run.book,
            run.reading,
            stats.ahead.count,
            stats.ahead.mean(),
            stats.ahead.max,
            Millis(m0plus_us(stats.ahead.mean())),
            Millis(m0plus_us(stats.ahead.max)),
        );
        hprintln!(
            "OPEN size={} book={} reading={} instructions={} m0plus_ms_to_first_page={}",
            run.size,
            run.book,
            run.reading,
            stats.open.total,
            Millis(m0plus_us(stats.open.total)),
        );
        // The whole count: the opening's first slice (without its page drawn) is not
        // separable, so the opening is included — an overestimate by one page draw.
        let counting = stats.open.total + stats.count.total;
        hprintln!(
            "COUNT size={} book={} reading={} pages={} chars={} slices={} instructions={} instructions_per_char={} m0plus_ms_to_exact_count={} m0plus_ms_slice_max={}",
            run.size,
            run.book,
            run.reading,
            run.pages,
            run.chars,
            stats.count.count,
            counting,
            counting / u64::from(run.chars.max(1)),
            Millis(m0plus_us(counting)),
            Millis(m0plus_us(stats.count.max)),
        );
        worst.max = worst.max.max(stats.turn.max);
        worst_open = worst_open.max(stats.open.total);
        // Reading ahead is background work too: a key waits for it as for a slice.
        worst_slice = worst_slice.max(stats.count.max).max(stats.ahead.max);
    }
    let stack_printing = memory::stack_peak();

    let layout = memory::Layout::get();
    let statics = layout.data + layout.bss;
    let ram_besides_framebuffer = statics - FRAMEBUFFER_LEN + stack_total;
    hprintln!(
        "STACK core_peak={stack_core} with_harness={stack_total} printing_peak={stack_printing} region={}",
        layout.stack_top - layout.stack_bottom
    );
    hprintln!(
        "RAM data={} bss={} static={statics} framebuffer={FRAMEBUFFER_LEN} besides_framebuffer={ram_besides_framebuffer}",
        layout.data,
        layout.bss
    );
    hprintln!(
        "FLASH text={} rodata={} data_image={} total={} blob={} besides_blob={}",
        layout.text,
        layout.rodata,
        layout.data,
        layout.flash,
        library.size(),
        layout.flash - library.size()
    );
    hprintln!("INDEX page_index_bytes={INDEX_BYTES} of {MAX_INDEX_BYTES}");
    let worst_us = m0plus_us(worst.max);
    hprintln!(
        "BUDGET page_turn_m0plus_ms={} of {} {} open_m0plus_ms={} of {} {} count_slice_m0plus_ms={} of {} {} page_index_bytes={INDEX_BYTES} of {MAX_INDEX_BYTES} {} ram_besides_framebuffer={ram_besides_framebuffer} of {RAM_BUDGET} {} (estimate: {TARGET} instructions x {}.{:02} ARMv6-M per instruction x {}.{} cycles per instruction / {M0PLUS_MHZ} MHz)",
        Millis(worst_us),
        Millis(PAGE_TURN_BUDGET_US),
        verdict(worst_us <= PAGE_TURN_BUDGET_US),
        Millis(m0plus_us(worst_open)),
        Millis(OPEN_BUDGET_US),
        verdict(m0plus_us(worst_open) <= OPEN_BUDGET_US),
        Millis(m0plus_us(worst_slice)),
        Millis(SLICE_BUDGET_US),
        verdict(m0plus_us(worst_slice) <= SLICE_BUDGET_US),
        verdict(INDEX_BYTES <= MAX_INDEX_BYTES),
        verdict(ram_besides_framebuffer <= RAM_BUDGET),
        ISA_FACTOR_HUNDREDTHS / 100,
        ISA_FACTOR_HUNDREDTHS % 100,
        M0PLUS_CPI_TENTHS / 10,
        M0PLUS_CPI_TENTHS % 10,
    );
    hprintln!("DONE");
    debug::exit(debug::EXIT_SUCCESS);
    loop {
        cortex_m::asm::wfi();
    }
}

/// Instructions of this build → estimated microseconds on the 133 MHz Cortex-M0+.
fn m0plus_us(instructions: u64) -> u64 {
    instructions * ISA_FACTOR_HUNDREDTHS * M0PLUS_CPI_TENTHS / (1000 * M0PLUS_MHZ)
}

fn verdict(within: bool) -> &'static str {
    if within {
        "ok"
    } else {
        "OVER-BUDGET"
    }
}

/// Microseconds shown as milliseconds with three decimals.
struct Millis(u64);

impl fmt::Display for Millis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:03}", self.0 / 1000, self.0 % 1000)
    }
}

/// Instruction counts of one kind of section.
#[derive(Clone, Copy, Debug, Default)]
struct Stats {
    count: u32,
    total: u64,
    max: u64,
}

impl Stats {
    fn add(&mut self, instructions: u64) {
        self.count += 1;
        self.total += instructions;
        self.max = self.max.max(instructions);
    }

    fn mean(&self) -> u64 {
        self.total / u64::from(self.count.max(1))
    }
}

/// What one book at one size measured.
#[derive(Clone, Copy, Debug, Default)]
struct BookStats {
    turn: Stats,
    ahead: Stats,
    open: Stats,
    count: Stats,
}

/// Times the workload's sections with the [`Clock`].
struct Timer<'c> {
    clock: &'c Clock,
    started: u64,
    book: BookStats,
}

impl<'c> Timer<'c> {
    fn new(clock: &'c Clock) -> Self {
        Timer {
            clock,
            started: 0,
            book: BookStats::default(),
        }
    }

    /// The book's figures so far; starts the next book's.
    fn take(&mut self) -> BookStats {
        core::mem::take(&mut self.book)
    }
}

// Never inlined: `cpi.py` finds the measured sections by these functions' addresses.
impl PageTimer for Timer<'_> {
    #[inline(never)]
    fn begin(&mut self, _: Section) {
        self.started = self.clock.now();
    }

    #[inline(never)]
    fn end(&mut self, section: Section) {
        let instructions = self.clock.instructions(self.clock.now() - self.started);
        match section {
            Section::Open => self.book.open.add(instructions),
            Section::Count => self.book.count.add(instructions),
            Section::PageTurn => self.book.turn.add(instructions),
            Section::ReadAhead => self.book.ahead.add(instructions),
        }
    }
}

/// Prints `message` to the host's stderr and exits QEMU with a failure status.
fn fail(message: fmt::Arguments<'_>) -> ! {
    if let Ok(mut stderr) = hio::hstderr() {
        let _ = writeln!(stderr, "ERROR {message}");
    }
    debug::exit(debug::EXIT_FAILURE);
    loop {
        cortex_m::asm::wfi();
    }
}

#[panic_handler]
fn panic(info: &core::panic::PanicInfo<'_>) -> ! {
    // A fresh host stream: the panic may have happened while hprintln! held the shared one.
    fail(format_args!("PANIC {info}"))
}

#[exception]
unsafe fn HardFault(frame: &ExceptionFrame) -> ! {
    // SAFETY: the System Control Block's fault status and address registers of the Cortex-M3
    // QEMU emulates (the thumbv6m build runs on it too); reading them has no side effect.
    let [cfsr, hfsr, bfar] = [0xE000_ED28usize, 0xE000_ED2C, 0xE000_ED38]
        .map(|address| unsafe { core::ptr::read_volatile(address as *const u32) });
    fail(format_args!(
        "HARDFAULT pc={:#010x} lr={:#010x} cfsr={cfsr:#010x} hfsr={hfsr:#010x} bfar={bfar:#010x}",
        frame.pc(),
        frame.lr()
    ))
}

#[exception]
unsafe fn DefaultHandler(irqn: i16) {
    fail(format_args!("unexpected exception or interrupt {irqn}"))
}
