//! Moye (墨页) on the Xteink X4: an ESP32-C3 with a 4.26-inch 800 × 480 SSD1677 panel
//! (GDEQ0426T82), a microSD card on the panel's SPI bus, two button ladders and a power button.
//!
//! Sets up the clocks (160 MHz), SPI2 shared by the panel and the card, the ADC and the pins,
//! then hands everything to moye-board's [`Reader`] — the core's UI state machine over the
//! built-in library — and feeds it the buttons, decoded by [`LadderKeys`], every 10 ms, and the
//! battery's charge every [`BATTERY_EVERY_MS`]. Once the reader sleeps (a long Back or the
//! power button held, or the UI's inactivity time) and the panel holds the sleep screen, the
//! board powers off through its battery latch, as the stock firmware does ([`power_off`]); on
//! USB, which keeps it powered, the chip goes into deep sleep instead. The power button starts
//! it again either way, and the reader opens where it was (the state is saved before the sleep
//! screen is drawn).
//!
//! Pins (`firmware/x4/X4.md`, section 1; the same in every X4 firmware read):
//!
//! | signal | GPIO | direction |
//! |---|---|---|
//! | SPI2 SCLK (panel and card) | 8 | out |
//! | SPI2 MOSI (panel DIN, card CMD) | 10 | out |
//! | SPI2 MISO (card DAT0) | 7 | in |
//! | panel CS | 21 | out, low: selected |
//! | panel DC | 4 | out, low: command |
//! | panel RST | 5 | out, low: reset |
//! | panel BUSY | 6 | in, high: busy |
//! | card CS | 12 (SPIHD; raw registers) | out, low: selected |
//! | battery latch | 13 (SPIWP; raw registers) | out, high: stay powered on battery |
//! | front ladder: Back, Confirm, Left, Right | 1 (ADC1 channel 1, 11 dB) | analog |
//! | side ladder: Up, Down | 2 (ADC1 channel 2, 11 dB) | analog |
//! | power button | 3 | in, pull-up, low: pressed; wakes from deep sleep |
//! | battery, halved | 0 (ADC1 channel 0, 11 dB, calibrated) | analog |
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

use core::cell::RefCell;

use embedded_hal::delay::DelayNs;
use embedded_hal_bus::spi::RefCellDevice;
use esp_hal::analog::adc::{Adc, AdcCalCurve, AdcConfig, AdcPin, Attenuation};
use esp_hal::clock::CpuClock;
use esp_hal::delay::Delay;
use esp_hal::gpio::{Input, InputConfig, Level, Output, OutputConfig, Pull};
use esp_hal::peripherals::{ADC1, GPIO3, LPWR};
use esp_hal::rtc_cntl::sleep::{RtcioWakeupSource, WakeupLevel};
use esp_hal::rtc_cntl::Rtc;
use esp_hal::spi::master::{Config as SpiConfig, Spi};
use esp_hal::spi::Mode;
use esp_hal::time::{Instant, Rate};
use moye::format::Library;
use moye::layout::SparseIndex;
use moye_board::copy_screen::CopyScreen;
use moye_board::epd::ssd1677::Ssd1677;
use moye_board::epd::SharedEpdBus;
use moye_board::ladder::LadderKeys;
use moye_board::reader::Reader;
use moye_x4::{battery, flash_map, power_off, DEVICE, FRAMEBUFFER_LEN};

use board::RawOutput;

esp_bootloader_esp_idf::esp_app_desc!();

/// The shared SPI clock: pulp-os's and Free-Ink's panel clock (the SSD1677's maximum by
/// Free-Ink's reading of the datasheet); the card takes it too once initialised.
const SPI_MHZ: u32 = 20;

/// Button sampling period while reading, and while the sleep screen is up, in milliseconds
/// (pulp-os polls every 10 ms).
const SAMPLE_MS: u32 = 10;

/// How often the battery is read, in milliseconds.
const BATTERY_EVERY_MS: u32 = 30_000;

/// Pad numbers of the pins esp-hal 1.0 does not offer.
const CARD_CS: u8 = 12;
const BATTERY_LATCH: u8 = 13;

/// The page index and the framebuffer, in `.bss` so that the ELF's sizes show them (the
/// framebuffer under its own name: `sizes.py` counts it apart).
static mut INDEX: SparseIndex = SparseIndex::new();
#[no_mangle]
static mut FRAMEBUFFER: [u8; FRAMEBUFFER_LEN] = [0; FRAMEBUFFER_LEN];

#[esp_hal::main]
fn main() -> ! {
    let peripherals = esp_hal::init(esp_hal::Config::default().with_cpu_clock(CpuClock::max()));
    // Keep the power on while running from the battery (Free-Ink's holdPowerRails: one X4
    // revision does not latch by itself); `switch_off` lets it go.
    let mut latch = RawOutput::new(BATTERY_LATCH, true);
    // The card stays deselected while the panel talks.
    let card_cs = RawOutput::new(CARD_CS, true);

    let spi_config = SpiConfig::default()
        .with_frequency(Rate::from_mhz(SPI_MHZ))
        .with_mode(Mode::_0);
    let Ok(spi) = Spi::new(peripherals.SPI2, spi_config) else {
        halt()
    };
    let spi = RefCell::new(
        spi.with_sck(peripherals.GPIO8)
            .with_mosi(peripherals.GPIO10)
            .with_miso(peripherals.GPIO7),
    );
    let panel_cs = Output::new(peripherals.GPIO21, Level::High, OutputConfig::default());
    // The chip select cannot fail (`Infallible`).
    let Ok(panel_spi) = RefCellDevice::new(&spi, panel_cs, Delay::new());
    let bus = SharedEpdBus {
        spi: panel_spi,
        dc: Output::new(peripherals.GPIO4, Level::High, OutputConfig::default()),
        rst: Output::new(peripherals.GPIO5, Level::High, OutputConfig::default()),
        busy: Input::new(peripherals.GPIO6, InputConfig::default()),
        delay: Delay::new(),
    };

    let mut adc_config = AdcConfig::new();
    let mut front = adc_config.enable_pin(peripherals.GPIO1, Attenuation::_11dB);
    let mut side = adc_config.enable_pin(peripherals.GPIO2, Attenuation::_11dB);
    let mut cell = adc_config
        .enable_pin_with_cal::<_, AdcCalCurve<ADC1<'_>>>(peripherals.GPIO0, Attenuation::_11dB);
    let mut adc = Adc::new(peripherals.ADC1, adc_config);
    let mut gpio3 = peripherals.GPIO3;
    let power = Input::new(gpio3.reborrow(), InputConfig::default().with_pull(Pull::Up));

    let Ok(library) = Library::builtin() else {
        halt()
    };
    // SAFETY: `main` runs once and never returns, so these are its only references.
    let (index, framebuffer) = unsafe {
        (
            &mut *core::ptr::addr_of_mut!(INDEX),
            &mut *core::ptr::addr_of_mut!(FRAMEBUFFER),
        )
    };
    // The card and the panel take turns on the bus, each transaction under its own chip
    // select: the panel shows how far a copy has got while the card is read.
    let mut panel = Ssd1677::new(bus);
    let mut flash = peripherals.FLASH;
    let extra = {
        let mut screen = CopyScreen::new(&mut panel, &mut framebuffer[..], DEVICE, library);
        let extra = board::card_libraries(&spi, &spi_config, card_cs, flash.reborrow(), |at| {
            screen.update(at)
        });
        screen.finish();
        extra
    };
    let Some(storage) = flash_map::storage(esp_storage::FlashStorage::new(flash)) else {
        halt()
    };
    let now_ms = || Instant::now().duration_since_epoch().as_millis() as u32;
    let parts = (index, &mut framebuffer[..], DEVICE, panel, storage);
    let Ok(mut reader) = Reader::start_with(library, extra, parts, now_ms()) else {
        halt()
    };

    let mut keys = LadderKeys::new();
    let mut delay = Delay::new();
    let mut battery_due = now_ms();
    let mut gauge = battery::Gauge::new();
    // The power button that woke the chip is still down: it counts once released.
    let mut power_armed = false;
    loop {
        let now = now_ms();
        if now.wrapping_sub(battery_due) < u32::MAX / 2 {
            battery_due = now.wrapping_add(BATTERY_EVERY_MS);
            let cell_mv = read(&mut adc, &mut cell).and_then(battery::millivolts);
            reader.set_battery(gauge.read(cell_mv), now);
        }
        let front_raw = read(&mut adc, &mut front).unwrap_or(u16::MAX);
        let side_raw = read(&mut adc, &mut side).unwrap_or(u16::MAX);
        let power_down = power.is_low();
        power_armed |= !power_down;
        let inputs = keys.update(front_raw, side_raw, power_down && power_armed, now);
        reader.poll(inputs.into_iter().flatten(), now);
        if reader.is_dormant() && !power_down {
            // The wake source takes the button's pad over (pull-up, held through the sleep):
            // `power` is not read again.
            switch_off(peripherals.LPWR, &mut gpio3, &mut latch, &mut delay);
        }
        delay.delay_ms(SAMPLE_MS);
    }
}

/// One conversion of `pin`, waiting for it (some 10 µs); `None` if the ADC fails.
fn read<'d, PIN, CS>(
    adc: &mut Adc<'d, ADC1<'d>, esp_hal::Blocking>,
    pin: &mut AdcPin<PIN, ADC1<'d>, CS>,
) -> Option<u16>
where
    PIN: esp_hal::analog::adc::AdcChannel,
    CS: esp_hal::analog::adc::AdcCalScheme<ADC1<'d>>,
{
    loop {
        match adc.read_oneshot(pin) {
            Ok(value) => return Some(value),
            Err(nb::Error::WouldBlock) => {}
            Err(nb::Error::Other(())) => return None,
        }
    }
}

/// Powers off, or, where the power stays (on USB), sleeps deeply until the power button is
/// pressed; either way the next start is a fresh boot.
fn switch_off(
    lpwr: LPWR<'_>,
    power: &mut GPIO3<'_>,
    latch: &mut RawOutput,
    delay: &mut Delay,
) -> ! {
    // Let the button go first: while it is down it powers the board itself, and it would
    // wake the chip at once.
    delay.delay_ms(50);
    // On battery nothing after this runs.
    power_off::cut_power(latch, delay);
    let mut rtc = Rtc::new(lpwr);
    let mut pins: [(&mut dyn esp_hal::gpio::RtcPinWithResistors, WakeupLevel); 1] =
        [(power, WakeupLevel::Low)];
    let wake = RtcioWakeupSource::new(&mut pins);
    rtc.sleep_deep(&[&wake])
}

/// Stops for good: a board set up wrong cannot do anything useful.
fn halt() -> ! {
    loop {
        core::hint::spin_loop();
    }
}

/// A bug: restart, and the reader resumes from the state saved last.
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    esp_hal::system::software_reset()
}
