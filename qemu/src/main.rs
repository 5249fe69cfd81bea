//! The Moye core on an emulated microcontroller: a Cortex-M3 (QEMU `mps2-an385`) for the
//! thumbv7m and thumbv6m builds, a RISC-V hart (QEMU `virt`) for the riscv32imc build, both
//! with semihosting. What differs between the two lives in [`platform`]: the runtime, the
//! instruction counter, the traps and the chip the estimates are for.
//!
//! Parses the built-in library, then runs [`workload`] — every page of every book at every size
//! of the blob, drawn into a static packed framebuffer — and prints over semihosting:
//!
//! - `HASH …` lines: page counts and a hash of all page starts and framebuffers, which
//!   `tests/qemu_hash.rs` computes on the host too; `run.sh` compares them.
//! - measurements: instructions to open a book (its first page shown), to count its pages
//!   (and the longest slice of the count), per page turn and per read-ahead of the next page
//!   (the SysTick or `minstret` under `-icount`, see [`clock`]) with an estimate for the
//!   chip the build is for (a 133 MHz Cortex-M0+ for Arm, a 160 MHz ESP32-C3 for RISC-V), the
//!   page index's bytes, peak stack (painted stack, see [`memory`]), static RAM and flash from
//!   the linker symbols, the blob apart.
//!
//! Exits QEMU with status 0 after a full run; a panic, a fault, a failed check or a calibration
//! that shows `-icount shift=0` is missing exit with status 1. There is no global allocator:
//! that this links at all shows that nothing allocates.
#![no_std]
#![no_main]

mod clock;
mod memory;
#[cfg(target_arch = "arm")]
#[path = "platform/cortex_m.rs"]
mod platform;
#[cfg(target_arch = "riscv32")]
#[path = "platform/riscv.rs"]
mod platform;
// Shared with the host test `tests/qemu_hash.rs`: each side uses a part of it.
#[allow(dead_code)]
mod workload;

use core::fmt::{self, Write};
use core::ptr::addr_of_mut;

use moye::format::Library;
use platform::{debug, entry, hio, ESTIMATE, MACHINE, RAM_BUDGET};

/// `println!` over semihosting, through [`platform::print_line`] (whose crates' own `hprintln!`
/// differ: riscv-semihosting's cannot capture variables in the format string).
macro_rules! hprintln {
    ($($arg:tt)*) => {
        platform::print_line(format_args!($($arg)*))
    };
}

use clock::Clock;
use moye::layout::MAX_INDEX_BYTES;
use workload::{PageTimer, Section, FRAMEBUFFER_LEN, INDEX_BYTES};

/// The Rust target this harness was built for (from build.rs).
const TARGET: &str = env!("MOYE_QEMU_TARGET");

/// The chip an estimate is for, and how its time is estimated from this build's instruction
/// counts: `µs = instructions × isa_factor × cycles per instruction / MHz`.
pub struct Estimate {
    /// Its name in the output lines' keys (`m0plus_ms_mean`, `esp32c3_ms_mean`).
    pub chip: &'static str,
    /// Its instruction set, for the `BUDGET` line.
    pub isa: &'static str,
    /// Its clock.
    pub mhz: u64,
    /// Cycles per instruction of its instruction set, in tenths.
    pub cpi_tenths: u64,
    /// Its instructions per instruction of this build, in hundredths.
    pub isa_factor_hundredths: u64,
}

/// Budget: CPU per page turn on the chip of the estimate, in microseconds.
const PAGE_TURN_BUDGET_US: u64 = 10_000;
/// Budget: CPU from opening a book to its (saved) first page shown, in microseconds.
const OPEN_BUDGET_US: u64 = 100_000;
/// Budget: one slice of the page count, which a key may wait for, in microseconds.
const SLICE_BUDGET_US: u64 = 50_000;

/// The most (font, book) runs a blob may ask for.
const MAX_RUNS: usize = 32;

/// The panel's framebuffer: the one large buffer, in `.bss`.
static mut FRAMEBUFFER: [u8; FRAMEBUFFER_LEN] = [0; FRAMEBUFFER_LEN];

#[entry]
fn main() -> ! {
    let Some(mut clock) = Clock::start() else {
        fail(format_args!(
            "no instruction counter: the core peripherals were taken before main"
        ));
    };
    hprintln!("MOYE-QEMU target={TARGET} {MACHINE}");
    let (instructions, ticks) = clock.calibrate();
    hprintln!(
        "CALIBRATION loop_instructions={instructions} ticks={ticks} expected_instructions_per_tick={}",
        clock::EXPECTED_INSTRUCTIONS_PER_TICK
    );
    if !clock.calibration_matches() {
        fail(format_args!(
            "{}: run QEMU with -icount shift=0",
            platform::COUNTER
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
            "TURN size={} book={} reading={} turns={} glyphs_per_page={} instructions_per_glyph={} instructions_mean={} instructions_max={} {chip}_ms_mean={} {chip}_ms_max={}",
            run.size,
            run.book,
            run.reading,
            stats.turn.count,
            run.glyphs / run.pages.max(1),
            stats.turn.total / u64::from(run.glyphs.max(1)),
            stats.turn.mean(),
            stats.turn.max,
            Millis(estimate_us(stats.turn.mean())),
            Millis(estimate_us(stats.turn.max)),
            chip = ESTIMATE.chip,
        );
        hprintln!(
            "AHEAD size={} book={} reading={} read_aheads={} instructions_mean={} instructions_max={} {chip}_ms_mean={} {chip}_ms_max={}",
            run.size,
            run.book,
            run.reading,
            stats.ahead.count,
            stats.ahead.mean(),
            stats.ahead.max,
            Millis(estimate_us(stats.ahead.mean())),
            Millis(estimate_us(stats.ahead.max)),
            chip = ESTIMATE.chip,
        );
        hprintln!(
            "OPEN size={} book={} reading={} instructions={} {chip}_ms_to_first_page={}",
            run.size,
            run.book,
            run.reading,
            stats.open.total,
            Millis(estimate_us(stats.open.total)),
            chip = ESTIMATE.chip,
        );
        // The whole count: the opening's first slice (without its page drawn) is not
        // separable, so the opening is included — an overestimate by one page draw.
        let counting = stats.open.total + stats.count.total;
        hprintln!(
            "COUNT size={} book={} reading={} pages={} chars={} slices={} instructions={} instructions_per_char={} {chip}_ms_to_exact_count={} {chip}_ms_slice_max={}",
            run.size,
            run.book,
            run.reading,
            run.pages,
            run.chars,
            stats.count.count,
            counting,
            counting / u64::from(run.chars.max(1)),
            Millis(estimate_us(counting)),
            Millis(estimate_us(stats.count.max)),
            chip = ESTIMATE.chip,
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
    let worst_us = estimate_us(worst.max);
    hprintln!(
        "BUDGET page_turn_{chip}_ms={} of {} {} open_{chip}_ms={} of {} {} count_slice_{chip}_ms={} of {} {} page_index_bytes={INDEX_BYTES} of {MAX_INDEX_BYTES} {} ram_besides_framebuffer={ram_besides_framebuffer} of {RAM_BUDGET} {} (estimate: {TARGET} instructions x {}.{:02} {isa} per instruction x {}.{} cycles per instruction / {mhz} MHz)",
        Millis(worst_us),
        Millis(PAGE_TURN_BUDGET_US),
        verdict(worst_us <= PAGE_TURN_BUDGET_US),
        Millis(estimate_us(worst_open)),
        Millis(OPEN_BUDGET_US),
        verdict(estimate_us(worst_open) <= OPEN_BUDGET_US),
        Millis(estimate_us(worst_slice)),
        Millis(SLICE_BUDGET_US),
        verdict(estimate_us(worst_slice) <= SLICE_BUDGET_US),
        verdict(INDEX_BYTES <= MAX_INDEX_BYTES),
        verdict(ram_besides_framebuffer <= RAM_BUDGET),
        ESTIMATE.isa_factor_hundredths / 100,
        ESTIMATE.isa_factor_hundredths % 100,
        ESTIMATE.cpi_tenths / 10,
        ESTIMATE.cpi_tenths % 10,
        chip = ESTIMATE.chip,
        isa = ESTIMATE.isa,
        mhz = ESTIMATE.mhz,
    );
    hprintln!("DONE");
    debug::exit(debug::EXIT_SUCCESS);
    platform::halt()
}

/// Instructions of this build → estimated microseconds on the chip of [`ESTIMATE`].
fn estimate_us(instructions: u64) -> u64 {
    instructions * ESTIMATE.isa_factor_hundredths * ESTIMATE.cpi_tenths / (1000 * ESTIMATE.mhz)
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
    platform::halt()
}

#[panic_handler]
fn panic(info: &core::panic::PanicInfo<'_>) -> ! {
    // A fresh host stream: the panic may have happened while hprintln! held the shared one.
    fail(format_args!("PANIC {info}"))
}
