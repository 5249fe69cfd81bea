//! Moye (墨页) on a Raspberry Pi Pico (RP2040) with a Waveshare Pico-ePaper-4.2 V2 (SSD1683).
//!
//! Sets up the clocks (125 MHz from the 12 MHz crystal), SPI1 and the pins of the module, then
//! hands everything to moye-board's [`Reader`] — the core's UI state machine over the
//! built-in library — and feeds it the two keys, decoded by [`TwoKeys`], every few
//! milliseconds.
//!
//! | signal | Pico pin | direction |
//! |---|---|---|
//! | e-paper DIN (MOSI) | GP11 (SPI1 TX) | out |
//! | e-paper CLK | GP10 (SPI1 SCK) | out |
//! | e-paper CS | GP9 | out, low: selected |
//! | e-paper DC | GP8 | out, low: command |
//! | e-paper RST | GP12 | out, low: reset |
//! | e-paper BUSY | GP13 | in, high: busy |
//! | KEY0 | GP15 | in, pull-up, low: pressed |
//! | KEY1 | GP17 | in, pull-up, low: pressed |
//!
//! There is no global allocator: that this links shows nothing allocates.
#![no_std]
#![no_main]
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod board;

use embedded_hal::delay::DelayNs;
use embedded_hal::digital::InputPin;
use moye::format::Library;
use moye::layout::SparseIndex;
use moye_board::epd::ssd1683::Ssd1683;
use moye_board::epd::EpdBus;
use moye_board::reader::Reader;
use moye_board::two_keys::TwoKeys;
use moye_pico::{flash_map, DEVICE, FRAMEBUFFER_LEN};
use rp2040_hal::fugit::RateExtU32;
use rp2040_hal::gpio::{FunctionSpi, Pins};
use rp2040_hal::{pac, Clock, Sio, Spi, Timer, Watchdog};

use board::PicoFlash;

/// The second-stage boot loader for the Pico's W25Q16JV flash; memory.x puts it first.
#[link_section = ".boot2"]
#[used]
#[no_mangle]
pub static BOOT2_FIRMWARE: [u8; 256] = rp2040_boot2::BOOT_LOADER_W25Q080;

/// The Pico's crystal.
const XTAL_FREQ_HZ: u32 = 12_000_000;

/// The SPI clock: what Waveshare's own code uses with this module (the SSD1683 takes up to
/// 20 MHz; the module's level shifter is the unknown).
const SPI_HZ: u32 = 4_000_000;

/// Key sampling period while reading, and while asleep, in milliseconds.
const SAMPLE_MS: u32 = 5;
const SAMPLE_ASLEEP_MS: u32 = 10;

#[rp2040_hal::entry]
fn main() -> ! {
    let Some(mut pac) = pac::Peripherals::take() else {
        halt()
    };
    let mut watchdog = Watchdog::new(pac.WATCHDOG);
    let Ok(clocks) = rp2040_hal::clocks::init_clocks_and_plls(
        XTAL_FREQ_HZ,
        pac.XOSC,
        pac.CLOCKS,
        pac.PLL_SYS,
        pac.PLL_USB,
        &mut pac.RESETS,
        &mut watchdog,
    ) else {
        halt()
    };
    let sio = Sio::new(pac.SIO);
    let pins = Pins::new(
        pac.IO_BANK0,
        pac.PADS_BANK0,
        sio.gpio_bank0,
        &mut pac.RESETS,
    );
    let timer = Timer::new(pac.TIMER, &mut pac.RESETS, &clocks);

    let mosi = pins.gpio11.into_function::<FunctionSpi>();
    let sck = pins.gpio10.into_function::<FunctionSpi>();
    let spi = Spi::<_, _, _, 8>::new(pac.SPI1, (mosi, sck)).init(
        &mut pac.RESETS,
        clocks.peripheral_clock.freq(),
        SPI_HZ.Hz(),
        embedded_hal::spi::MODE_0,
    );
    let bus = EpdBus {
        spi,
        cs: pins
            .gpio9
            .into_push_pull_output_in_state(rp2040_hal::gpio::PinState::High),
        dc: pins.gpio8.into_push_pull_output(),
        rst: pins
            .gpio12
            .into_push_pull_output_in_state(rp2040_hal::gpio::PinState::High),
        busy: pins.gpio13.into_pull_up_input(),
        delay: timer,
    };
    let mut key0 = pins.gpio15.into_pull_up_input();
    let mut key1 = pins.gpio17.into_pull_up_input();

    let Ok(library) = Library::builtin() else {
        halt()
    };
    let Some(index) = cortex_m::singleton!(: SparseIndex = SparseIndex::new()) else {
        halt()
    };
    let Some(framebuffer) = cortex_m::singleton!(: [u8; FRAMEBUFFER_LEN] = [0xFF; FRAMEBUFFER_LEN])
    else {
        halt()
    };
    let Some(storage) = flash_map::storage(PicoFlash) else {
        halt()
    };
    let now_ms = || (timer.get_counter().ticks() / 1000) as u32;
    let Ok(mut reader) = Reader::start(
        library,
        index,
        framebuffer,
        DEVICE,
        Ssd1683::new(bus),
        storage,
        now_ms(),
    ) else {
        halt()
    };

    let mut keys = TwoKeys::new();
    let mut delay = timer;
    loop {
        // The keys pull the pins to ground; a pin that cannot be read counts as released.
        let levels = [
            key0.is_low().unwrap_or(false),
            key1.is_low().unwrap_or(false),
        ];
        let now = now_ms();
        reader.poll(keys.update(levels, now).into_iter().flatten(), now);
        delay.delay_ms(if reader.is_asleep() {
            SAMPLE_ASLEEP_MS
        } else {
            SAMPLE_MS
        });
    }
}

/// Stops for good: a board set up wrong cannot do anything useful (a debugger finds it here).
fn halt() -> ! {
    loop {
        cortex_m::asm::wfi();
    }
}

/// A bug: restart, and the reader resumes from the state saved last.
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    cortex_m::peripheral::SCB::sys_reset()
}
