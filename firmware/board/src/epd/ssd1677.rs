//! The SSD1677 e-paper controller of the Xteink X4's panel (Good Display GDEQ0426T82, 4.26",
//! 800 × 480), with full, fast and partial refresh and deep sleep.
//!
//! # Where the command sequences come from
//!
//! Nobody here has the GDEQ0426T82's datasheet or an X4 on the bench: every byte below was read
//! from the three firmwares that drive this panel on the X4, at the commits named in
//! `firmware/x4/X4.md` — **CS** (open-x4-epaper/community-sdk `EInkDisplay.cpp`, the driver of
//! CrossPoint Reader), **FI** (Free-Ink/freeink-sdk `Ssd1677Driver.cpp`, whose X4 defaults
//! reproduce the stock firmware's sequences) and **PO** (hansmrtn/pulp-os
//! `kernel/src/drivers/ssd1677.rs`, in Rust). Where they disagree this driver takes the stock
//! firmware's value as FI reports it (it is what every X4 ships with), and each constant says
//! what the others send.
//!
//! | step | this driver | CS | FI (stock) | PO |
//! |---|---|---|---|---|
//! | after SWRESET 0x12 | 10 ms, then BUSY | BUSY | 10 ms, BUSY | 10 ms |
//! | booster 0x0C | AE C7 C3 C0 **80** | … **40** | … 80 | … 80 |
//! | border 0x3C at init | **80** | 01 | 80 | 01 |
//! | border before each refresh | **C0** | – | C0 | – |
//! | full: 0x21, 0x22 | 40; F7 | 40; 34 (+C0) | 40; F7 | 40 00; F7 |
//! | fast: 0x21, 0x1A, 0x22 | 40; 5A; D7 | 40; 5A; D4 | 40; 5A; D7 | – |
//! | partial: 0x21, 0x22 | 00; **FC** | 00; 1C | 00; FC | 00 00; FC |
//! | power off before sleep | 3C=80, 22=03 | 21=40, 22=03 | 3C=80, 22=03 | 22=83 |
//! | deep sleep 0x10 | **01** | 01 | 03 | 01 |
//!
//! The update sequences (data of 0x22) are bit sets, as CS decodes them: 0x80 clock on, 0x40
//! analog on, 0x20 load the temperature, 0x10 load the waveform, 0x08 display mode 2, 0x04
//! display, 0x02 analog off, 0x01 clock off.
//!
//! - **Full** (0xF7, about 1.6–1.8 s, flashes): the image goes into both RAMs and the whole
//!   panel is driven through the full waveform (RAM 0x26 bypassed: 0x21 = 0x40), which clears
//!   ghosting; clock and analog go off afterwards.
//! - **Fast** (0xD7): the same, without loading the temperature: the temperature register is
//!   written 0x5A (90 °C) first, which selects the waveform's short high-temperature variant.
//!   CS calls it "half" refresh; FI says it is the stock firmware's only clean refresh.
//! - **Partial** (0xFC, about 0.4–0.6 s, no flash): display mode 2 drives only the pixels that
//!   differ between RAM 0x26 (the image shown) and RAM 0x24 (the new one). Analog stays on
//!   (the low bits are clear), as in the stock firmware. Afterwards [`Ssd1677::finish`] writes
//!   the new image into RAM 0x26 too, so the next partial refresh compares against what the
//!   panel shows (CS's single-buffer mode does the same).
//!
//! 0x1C, CS's partial sequence, skips loading the temperature and cycling the clock; FI reports
//! ghosting with it on some panels, hence 0xFC. CS's one-byte 0x21 is kept (PO also sends a
//! second byte, 00, which is the register's reset value).
//!
//! # RAM layout
//!
//! X runs along the 800-pixel side, in pixels (100 bytes a row, the most significant bit
//! leftmost, a set bit white); the 480 gates are wired in reverse, so all three firmwares count
//! Y down (data entry mode 0x11 = 0x01: X increments, Y decrements) from row 479: the first row
//! written is the panel's top row. The window is the whole panel, set at init; the counters are
//! set before every RAM write.
//!
//! # Not waiting for the panel
//!
//! As the SSD1683 driver: [`Ssd1677::show`] starts a refresh and returns; the caller polls
//! [`Ssd1677::is_busy`] and then hands the image back to [`Ssd1677::finish`]. The first refresh
//! after power-up or deep sleep resets and initialises the controller and is never partial.

use embedded_graphics::prelude::Size;
use moye::ui::Refresh;

use super::Bus;
use crate::panel::{Panel, PanelImage};

/// The panel's native size: 800 × 480, rows along the 800-pixel side.
pub const SIZE: Size = Size::new(WIDTH, HEIGHT);
/// The panel's width in pixels (its long side, the controller's X).
pub const WIDTH: u32 = 800;
/// The panel's height in pixels (the gates, the controller's Y).
pub const HEIGHT: u32 = 480;
/// Bytes per panel row.
pub const STRIDE: usize = WIDTH as usize / 8;
/// Bytes of one of the controller's RAMs used by the panel.
pub const RAM_BYTES: usize = STRIDE * HEIGHT as usize;

/// The controller's commands used here.
pub mod command {
    /// Driver output control: gate count and scan order.
    pub const DRIVER_OUTPUT: u8 = 0x01;
    /// Booster soft-start control.
    pub const BOOSTER_SOFT_START: u8 = 0x0C;
    /// Deep sleep mode.
    pub const DEEP_SLEEP: u8 = 0x10;
    /// Data entry mode: how the RAM address counter moves.
    pub const DATA_ENTRY_MODE: u8 = 0x11;
    /// Software reset.
    pub const SW_RESET: u8 = 0x12;
    /// Temperature sensor selection.
    pub const TEMPERATURE_SENSOR: u8 = 0x18;
    /// Write the temperature register (instead of reading the sensor).
    pub const WRITE_TEMPERATURE: u8 = 0x1A;
    /// Run the update sequence chosen with [`UPDATE_CONTROL_2`].
    pub const MASTER_ACTIVATION: u8 = 0x20;
    /// Display update control 1: RAM options (bypass RAM 0x26 for full refreshes).
    pub const UPDATE_CONTROL_1: u8 = 0x21;
    /// Display update control 2: which update sequence [`MASTER_ACTIVATION`] runs.
    pub const UPDATE_CONTROL_2: u8 = 0x22;
    /// Write the black/white RAM: the image to show.
    pub const WRITE_RAM_BW: u8 = 0x24;
    /// Write the second ("red") RAM: the image shown, for partial refreshes.
    pub const WRITE_RAM_PREVIOUS: u8 = 0x26;
    /// Border waveform.
    pub const BORDER_WAVEFORM: u8 = 0x3C;
    /// RAM X start and end, in pixels (two bytes each, little-endian).
    pub const RAM_X_RANGE: u8 = 0x44;
    /// RAM Y start and end, in rows (two bytes each, little-endian).
    pub const RAM_Y_RANGE: u8 = 0x45;
    /// Fill the black/white RAM with a regular pattern.
    pub const AUTO_WRITE_BW: u8 = 0x46;
    /// Fill the second RAM with a regular pattern.
    pub const AUTO_WRITE_PREVIOUS: u8 = 0x47;
    /// RAM X address counter, in pixels.
    pub const RAM_X_COUNTER: u8 = 0x4E;
    /// RAM Y address counter, in rows.
    pub const RAM_Y_COUNTER: u8 = 0x4F;
}

/// Update sequences (data of [`command::UPDATE_CONTROL_2`]).
pub mod sequence {
    /// Full refresh: clock and analog on, load temperature and waveform, display (mode 1),
    /// analog and clock off. CS assembles 0x34 (+0xC0 when off, +0x03 to power off).
    pub const FULL: u8 = 0xF7;
    /// Fast refresh: [`FULL`] without loading the temperature (the register is written
    /// first). CS sends 0xD4 (the same, powers nothing off).
    pub const FAST: u8 = 0xD7;
    /// Partial refresh: clock and analog on, load temperature and waveform, display mode 2;
    /// analog stays on. CS sends 0x1C (no temperature, no power sequencing).
    pub const PARTIAL: u8 = 0xFC;
    /// Analog and clock off, before deep sleep. PO sends 0x83 (with clock on first).
    pub const POWER_OFF: u8 = 0x03;
}

/// Driver output control: 480 gates (479 = 0x01DF, little-endian), then 0x02: interlaced
/// scan (SM = 1), top to bottom (TB = 0). All three firmwares.
pub const DRIVER_OUTPUT: [u8; 3] = [0xDF, 0x01, 0x02];
/// Booster soft-start, GDEQ0426T82 values; the last byte is FI's and PO's (CS: 0x40).
pub const BOOSTER: [u8; 5] = [0xAE, 0xC7, 0xC3, 0xC0, 0x80];
/// The internal temperature sensor (0x18 = 0x80). All three firmwares.
pub const INTERNAL_SENSOR: u8 = 0x80;
/// How long the controller may take to raise BUSY after SWRESET (FI, PO: 10 ms; FI notes that
/// BUSY is not yet high at the first sample).
pub const SW_RESET_SETTLE_MS: u32 = 10;
/// Border at init and before power-off: follow VCOM (FI's stock value; CS and PO: 0x01).
pub const BORDER_IDLE: u8 = 0x80;
/// Border during a refresh: floating (FI's stock value; CS and PO leave the init value).
pub const BORDER_REFRESH: u8 = 0xC0;
/// Display update control 1 for full and fast refreshes: RAM 0x26 read as 0.
pub const BYPASS_PREVIOUS: u8 = 0x40;
/// Display update control 1 for partial refreshes: RAM 0x26 and 0x24 compared.
pub const COMPARE_PREVIOUS: u8 = 0x00;
/// The temperature written for a fast refresh: 90 °C (0x5A), CS and FI.
pub const FAST_TEMPERATURE: u8 = 0x5A;
/// Auto-write pattern filling a RAM with white (CS and FI clear both RAMs with it at init).
pub const AUTO_WRITE_WHITE: u8 = 0xF7;
/// Data entry mode: X increments, Y decrements (the gates are wired in reverse).
pub const X_INCREMENT_Y_DECREMENT: u8 = 0x01;
/// Deep sleep mode 1: RAM kept, a hardware reset wakes it. CS, PO, FI before its stock-parity
/// change to mode 2 (0x03, RAM lost); this driver re-initialises after waking either way.
pub const DEEP_SLEEP_MODE_1: u8 = 0x01;

/// The refreshes the controller offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Update {
    /// The full waveform (about 1.6–1.8 s, flashes): clears ghosting.
    Full,
    /// The full waveform's high-temperature variant: quicker, flashes less, clears less.
    Fast,
    /// Only the pixels that changed (about 0.5 s, no flash); ghosting builds up.
    Partial,
}

/// The controller's state as the driver knows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Power {
    /// Not initialised since power-up, or in deep sleep: the next refresh resets it.
    Off,
    /// Awake and idle, with the image shown in RAM 0x26.
    On,
    /// Running an update; a partial one still owes RAM 0x26 the new image.
    Refreshing(Update),
    /// Awake and idle, but RAM 0x26 does not hold the image shown: the next refresh is not
    /// partial.
    Stale,
}

/// The SSD1677 driver.
#[derive(Debug)]
pub struct Ssd1677<B> {
    bus: B,
    power: Power,
    /// The last update left the analog supply on (a partial one does).
    analog_on: bool,
    /// What a full refresh asked for by the reader runs: [`Update::Full`] or [`Update::Fast`].
    clean: Update,
}

impl<B: Bus> Ssd1677<B> {
    /// A driver over `bus` whose full refreshes are [`Update::Full`]; the controller is
    /// initialised by the first refresh.
    pub fn new(bus: B) -> Self {
        Ssd1677 {
            bus,
            power: Power::Off,
            analog_on: false,
            clean: Update::Full,
        }
    }

    /// The same driver, running `clean` where the reader asks for a full refresh (a
    /// [`Update::Partial`] here counts as [`Update::Fast`]: a clean refresh must not be partial).
    pub fn with_clean_update(mut self, clean: Update) -> Self {
        self.clean = match clean {
            Update::Partial => Update::Fast,
            other => other,
        };
        self
    }

    /// Starts showing `image` (of the 800 × 480 panel) with `update` (not partial after
    /// power-up, deep sleep or an unfinished partial refresh: then it is the clean update) and
    /// returns the update started, without waiting for it: see [`is_busy`](Self::is_busy) and
    /// [`finish`](Self::finish).
    pub fn start(&mut self, image: &PanelImage<'_>, update: Update) -> Result<Update, B::Error> {
        if let Power::Refreshing(started) = self.power {
            self.wait_or_reset()?;
            // A full or fast refresh wrote RAM 0x26 itself; a partial one still owes it.
            self.power = match started {
                Update::Full | Update::Fast => Power::On,
                Update::Partial => Power::Stale,
            };
        }
        let update = match (self.power, update) {
            (Power::On, update) => update,
            (Power::Stale, Update::Partial) => self.clean,
            (Power::Stale, update) => update,
            (Power::Off | Power::Refreshing(_), update) => {
                self.power = Power::Off;
                self.wake()?;
                match update {
                    Update::Partial => self.clean,
                    update => update,
                }
            }
        };
        let started = self.write_and_update(image, update);
        // Whatever failed half-way, the controller is reset before the next refresh.
        self.power = match started {
            Ok(()) => Power::Refreshing(update),
            Err(_) => Power::Off,
        };
        started.map(|()| update)
    }

    /// Writes `image` for `update` and starts it.
    fn write_and_update(&mut self, image: &PanelImage<'_>, update: Update) -> Result<(), B::Error> {
        self.write_ram(command::WRITE_RAM_BW, image)?;
        let ram_option = match update {
            Update::Full | Update::Fast => {
                self.write_ram(command::WRITE_RAM_PREVIOUS, image)?;
                BYPASS_PREVIOUS
            }
            Update::Partial => COMPARE_PREVIOUS,
        };
        self.bus.command(command::UPDATE_CONTROL_1, &[ram_option])?;
        self.bus
            .command(command::BORDER_WAVEFORM, &[BORDER_REFRESH])?;
        let sequence = match update {
            Update::Full => sequence::FULL,
            Update::Fast => {
                self.bus
                    .command(command::WRITE_TEMPERATURE, &[FAST_TEMPERATURE])?;
                sequence::FAST
            }
            Update::Partial => sequence::PARTIAL,
        };
        self.bus.command(command::UPDATE_CONTROL_2, &[sequence])?;
        self.bus.command(command::MASTER_ACTIVATION, &[])?;
        // The low two bits power analog and clock off at the end of the sequence.
        self.analog_on = sequence & sequence::POWER_OFF == 0;
        Ok(())
    }

    /// Whether the refresh last started still runs.
    pub fn is_busy(&mut self) -> Result<bool, B::Error> {
        match self.power {
            Power::Refreshing(_) => self.bus.is_busy(),
            Power::Off | Power::On | Power::Stale => Ok(false),
        }
    }

    /// Waits for the refresh last started, then, after a partial one, writes `shown` — the
    /// image that refresh showed — into RAM 0x26 for the next partial refresh to compare
    /// against. Does nothing when no refresh was started since the last `finish`.
    pub fn finish(&mut self, shown: &PanelImage<'_>) -> Result<(), B::Error> {
        let Power::Refreshing(update) = self.power else {
            return Ok(());
        };
        self.wait_or_reset()?;
        self.power = Power::Stale;
        if update == Update::Partial {
            self.write_ram(command::WRITE_RAM_PREVIOUS, shown)?;
        }
        self.power = Power::On;
        Ok(())
    }

    /// Gives up on the running refresh without waiting (its busy line never fell): the
    /// controller is reset before the next refresh, which is clean.
    pub fn abandon(&mut self) {
        if let Power::Refreshing(_) = self.power {
            self.power = Power::Off;
        }
    }

    /// Puts the controller into deep sleep once its refresh is done, powering analog and clock
    /// off first if the refresh left them on. The image stays on the panel; the next
    /// [`start`](Self::start) resets the controller.
    pub fn sleep(&mut self) -> Result<(), B::Error> {
        if let Power::Refreshing(_) = self.power {
            self.wait_or_reset()?;
            self.power = Power::Stale;
        }
        if self.power == Power::Off {
            return Ok(());
        }
        if self.analog_on {
            self.bus.command(command::BORDER_WAVEFORM, &[BORDER_IDLE])?;
            self.bus
                .command(command::UPDATE_CONTROL_2, &[sequence::POWER_OFF])?;
            self.bus.command(command::MASTER_ACTIVATION, &[])?;
            self.wait_or_reset()?;
            self.analog_on = false;
        }
        self.bus
            .command(command::DEEP_SLEEP, &[DEEP_SLEEP_MODE_1])?;
        self.power = Power::Off;
        Ok(())
    }

    /// The bus, for the firmware's own use.
    pub fn bus_mut(&mut self) -> &mut B {
        &mut self.bus
    }

    /// Resets and initialises the controller (CS `initDisplayController`, FI `initController`):
    /// both RAMs white, the window the whole panel. RAM 0x26 holds nothing shown afterwards,
    /// so the refresh that follows must not be partial.
    fn wake(&mut self) -> Result<(), B::Error> {
        self.analog_on = false;
        self.bus.reset()?;
        self.bus.wait_until_idle()?;
        self.bus.command(command::SW_RESET, &[])?;
        self.bus.delay_ms(SW_RESET_SETTLE_MS);
        self.bus.wait_until_idle()?;
        self.bus
            .command(command::TEMPERATURE_SENSOR, &[INTERNAL_SENSOR])?;
        self.bus.command(command::BOOSTER_SOFT_START, &BOOSTER)?;
        self.bus.command(command::DRIVER_OUTPUT, &DRIVER_OUTPUT)?;
        self.bus.command(command::BORDER_WAVEFORM, &[BORDER_IDLE])?;
        self.bus
            .command(command::DATA_ENTRY_MODE, &[X_INCREMENT_Y_DECREMENT])?;
        let [last_x_low, last_x_high] = ((WIDTH - 1) as u16).to_le_bytes();
        let [last_y_low, last_y_high] = ((HEIGHT - 1) as u16).to_le_bytes();
        self.bus
            .command(command::RAM_X_RANGE, &[0x00, 0x00, last_x_low, last_x_high])?;
        // Y counts down: from the last row to the first.
        self.bus
            .command(command::RAM_Y_RANGE, &[last_y_low, last_y_high, 0x00, 0x00])?;
        self.set_counters()?;
        self.bus
            .command(command::AUTO_WRITE_BW, &[AUTO_WRITE_WHITE])?;
        self.bus.wait_until_idle()?;
        self.bus
            .command(command::AUTO_WRITE_PREVIOUS, &[AUTO_WRITE_WHITE])?;
        self.bus.wait_until_idle()
    }

    /// Points the RAM address counters at the window's start: X 0, Y the last row.
    fn set_counters(&mut self) -> Result<(), B::Error> {
        let [last_y_low, last_y_high] = ((HEIGHT - 1) as u16).to_le_bytes();
        self.bus.command(command::RAM_X_COUNTER, &[0x00, 0x00])?;
        self.bus
            .command(command::RAM_Y_COUNTER, &[last_y_low, last_y_high])
    }

    /// Writes `image` into RAM `ram` from the panel's top row.
    fn write_ram(&mut self, ram: u8, image: &PanelImage<'_>) -> Result<(), B::Error> {
        self.set_counters()?;
        self.bus.command(ram, &[])?;
        image.send_rows(|bytes| self.bus.data(bytes))
    }

    /// Waits for the running update; if the busy line never falls, the controller is reset
    /// before the next refresh.
    fn wait_or_reset(&mut self) -> Result<(), B::Error> {
        let waited = self.bus.wait_until_idle();
        if waited.is_err() {
            self.power = Power::Off;
        }
        waited
    }
}

impl<B: Bus> Panel for Ssd1677<B> {
    type Error = B::Error;

    /// A full refresh is the driver's clean update ([`Ssd1677::with_clean_update`]), a partial
    /// one [`Update::Partial`].
    fn show(&mut self, image: &PanelImage<'_>, refresh: Refresh) -> Result<Refresh, B::Error> {
        let update = match refresh {
            Refresh::Full => self.clean,
            Refresh::Partial => Update::Partial,
        };
        Ok(match self.start(image, update)? {
            Update::Partial => Refresh::Partial,
            Update::Full | Update::Fast => Refresh::Full,
        })
    }

    fn is_busy(&mut self) -> Result<bool, B::Error> {
        Ssd1677::is_busy(self)
    }

    fn finish(&mut self, shown: &PanelImage<'_>) -> Result<(), B::Error> {
        Ssd1677::finish(self, shown)
    }

    fn abandon(&mut self) {
        Ssd1677::abandon(self)
    }

    fn sleep(&mut self) -> Result<(), B::Error> {
        Ssd1677::sleep(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::panel::Rotation;

    /// What the controller was sent, as it would act on it: its two RAMs (written through the
    /// address counters inside the window, X counting up in pixels, Y down in rows), what the
    /// panel shows, and the calls in order, a RAM write as its command and byte count.
    struct Controller {
        log: Vec<String>,
        /// RAM 0x24 and RAM 0x26, row-major, 100 bytes a row, 480 rows.
        ram: [Vec<u8>; 2],
        /// The panel's rows, top first, as the last update left them.
        shown: Vec<u8>,
        /// The RAM being written, and the bytes written to it.
        writing: Option<(usize, usize)>,
        entry_mode: u8,
        x_range: (usize, usize),
        y_range: (usize, usize),
        x: usize,
        y: usize,
        busy: bool,
        asleep: bool,
        /// The busy line never falls.
        stuck: bool,
    }

    impl Controller {
        fn new() -> Self {
            Controller {
                log: Vec::new(),
                ram: [vec![0; RAM_BYTES], vec![0; RAM_BYTES]],
                shown: Vec::new(),
                writing: None,
                entry_mode: 0x03,
                x_range: (0, 0),
                y_range: (0, 0),
                x: 0,
                y: 0,
                busy: false,
                asleep: true,
                stuck: false,
            }
        }

        /// The gates are wired in reverse: the panel's top row is RAM row 479.
        fn panel_rows(ram: &[u8]) -> Vec<u8> {
            ram.chunks(STRIDE).rev().flatten().copied().collect()
        }

        /// The log since the last clear, with the waits and delays.
        fn take_log(&mut self) -> Vec<String> {
            std::mem::take(&mut self.log)
        }
    }

    fn word(data: &[u8], at: usize) -> usize {
        usize::from(u16::from_le_bytes([data[at], data[at + 1]]))
    }

    impl Bus for Controller {
        type Error = String;

        fn reset(&mut self) -> Result<(), String> {
            self.log.push("reset".into());
            self.asleep = false;
            self.busy = true;
            Ok(())
        }

        fn command(&mut self, command: u8, data: &[u8]) -> Result<(), String> {
            if self.busy {
                return Err(format!("command {command:#04x} while busy"));
            }
            if self.asleep {
                return Err(format!("command {command:#04x} in deep sleep"));
            }
            self.log.push(format!("{command:02x} {data:02x?}"));
            self.writing = None;
            match command {
                command::DATA_ENTRY_MODE => self.entry_mode = data[0],
                command::RAM_X_RANGE => self.x_range = (word(data, 0), word(data, 2)),
                command::RAM_Y_RANGE => self.y_range = (word(data, 0), word(data, 2)),
                command::RAM_X_COUNTER => self.x = word(data, 0),
                command::RAM_Y_COUNTER => self.y = word(data, 0),
                command::WRITE_RAM_BW => self.writing = Some((0, 0)),
                command::WRITE_RAM_PREVIOUS => self.writing = Some((1, 0)),
                command::AUTO_WRITE_BW | command::AUTO_WRITE_PREVIOUS => {
                    assert_eq!(data, [AUTO_WRITE_WHITE]);
                    let ram = usize::from(command == command::AUTO_WRITE_PREVIOUS);
                    self.ram[ram].fill(0xFF);
                    self.busy = true;
                }
                command::MASTER_ACTIVATION => {
                    self.shown = Self::panel_rows(&self.ram[0]);
                    self.busy = true;
                }
                command::SW_RESET => self.busy = true,
                command::DEEP_SLEEP => self.asleep = true,
                _ => {}
            }
            Ok(())
        }

        fn data(&mut self, data: &[u8]) -> Result<(), String> {
            let Some((ram, count)) = self.writing.as_mut() else {
                return Err("data after a command that takes none".into());
            };
            assert_eq!(self.entry_mode, X_INCREMENT_Y_DECREMENT);
            for &byte in data {
                if self.y >= HEIGHT as usize || self.x >= WIDTH as usize {
                    return Err(format!("RAM write at ({}, {})", self.x, self.y));
                }
                self.ram[*ram][self.y * STRIDE + self.x / 8] = byte;
                // X counts up a byte (8 pixels) at a time to the window's end, then Y down.
                self.x += 8;
                if self.x > self.x_range.1 {
                    self.x = self.x_range.0;
                    self.y = if self.y == self.y_range.1 {
                        self.y_range.0
                    } else {
                        self.y.wrapping_sub(1)
                    };
                }
            }
            *count += data.len();
            let name = if *ram == 0 { "24" } else { "26" };
            let entry = format!("{name} +{count}");
            if self.log.last().is_some_and(|last| last.starts_with(name)) {
                *self.log.last_mut().unwrap() = entry;
            }
            Ok(())
        }

        fn wait_until_idle(&mut self) -> Result<(), String> {
            self.log.push("wait".into());
            if self.stuck {
                return Err("busy line stuck high".into());
            }
            self.busy = false;
            Ok(())
        }

        fn is_busy(&mut self) -> Result<bool, String> {
            Ok(self.busy)
        }

        fn delay_ms(&mut self, ms: u32) {
            self.log.push(format!("delay {ms}"));
        }
    }

    fn image(bytes: &[u8]) -> PanelImage<'_> {
        PanelImage::new(bytes, SIZE, SIZE, Rotation::Clockwise).unwrap()
    }

    fn page(seed: u8) -> Vec<u8> {
        (0..RAM_BYTES)
            .map(|i| (i as u8).wrapping_mul(31) ^ (i / 97) as u8 ^ seed)
            .collect()
    }

    fn strings(lines: &[&str]) -> Vec<String> {
        lines.iter().map(|line| line.to_string()).collect()
    }

    /// Reset and init, byte for byte: CS `initDisplayController` and FI `initController`
    /// (booster and border as FI's stock defaults), then CS's `setRamArea(0, 0, 800, 480)`
    /// (entry 01; X 0..=799 = 00 00 1F 03; Y from 479 = DF 01 down to 0; counters X 0, Y 479)
    /// and both RAMs cleared to white.
    const INIT: [&str; 18] = [
        "reset",
        "wait",
        "12 []",
        "delay 10",
        "wait",
        "18 [80]",
        "0c [ae, c7, c3, c0, 80]",
        "01 [df, 01, 02]",
        "3c [80]",
        "11 [01]",
        "44 [00, 00, 1f, 03]",
        "45 [df, 01, 00, 00]",
        "4e [00, 00]",
        "4f [df, 01]",
        "46 [f7]",
        "wait",
        "47 [f7]",
        "wait",
    ];

    fn init() -> Vec<String> {
        strings(&INIT)
    }

    /// Both RAMs, then the full waveform: FI's stock FULL (21=40, 3C=C0, 22=F7, 20).
    const FULL: [&str; 10] = [
        "4e [00, 00]",
        "4f [df, 01]",
        "24 +48000",
        "4e [00, 00]",
        "4f [df, 01]",
        "26 +48000",
        "21 [40]",
        "3c [c0]",
        "22 [f7]",
        "20 []",
    ];

    /// Both RAMs, then FI's stock HALF (21=40, 3C=C0, 1A=5A, 22=D7, 20).
    const FAST: [&str; 11] = [
        "4e [00, 00]",
        "4f [df, 01]",
        "24 +48000",
        "4e [00, 00]",
        "4f [df, 01]",
        "26 +48000",
        "21 [40]",
        "3c [c0]",
        "1a [5a]",
        "22 [d7]",
        "20 []",
    ];

    /// RAM 0x24 only, then FI's stock PART (21=00, 3C=C0, 22=FC, 20).
    const PARTIAL: [&str; 7] = [
        "4e [00, 00]",
        "4f [df, 01]",
        "24 +48000",
        "21 [00]",
        "3c [c0]",
        "22 [fc]",
        "20 []",
    ];

    /// After a partial refresh: wait, then the image shown into RAM 0x26.
    const AFTER_PARTIAL: [&str; 4] = ["wait", "4e [00, 00]", "4f [df, 01]", "26 +48000"];

    #[test]
    fn the_first_refresh_resets_initialises_and_runs_the_full_waveform() {
        let mut epd = Ssd1677::new(Controller::new());
        let first = page(1);
        assert_eq!(epd.start(&image(&first), Update::Partial), Ok(Update::Full));
        let mut expected = init();
        expected.extend(strings(&FULL));
        assert_eq!(epd.bus.take_log(), expected);
        assert_eq!(
            epd.bus.shown, first,
            "the first row written is the panel's top"
        );
        assert_eq!(
            Controller::panel_rows(&epd.bus.ram[1]),
            first,
            "RAM 0x26 holds the image shown"
        );
        assert_eq!(epd.is_busy(), Ok(true));
        epd.finish(&image(&first)).unwrap();
        assert_eq!(epd.bus.take_log(), strings(&["wait"]));
        assert_eq!(epd.is_busy(), Ok(false));
    }

    #[test]
    fn partial_refreshes_write_the_new_image_then_the_shown_one() {
        let mut epd = Ssd1677::new(Controller::new());
        let pages = [page(1), page(2), page(3)];
        epd.start(&image(&pages[0]), Update::Full).unwrap();
        epd.finish(&image(&pages[0])).unwrap();
        for pair in pages.windows(2) {
            epd.bus.take_log();
            assert_eq!(
                epd.start(&image(&pair[1]), Update::Partial),
                Ok(Update::Partial)
            );
            assert_eq!(epd.bus.take_log(), strings(&PARTIAL));
            assert_eq!(epd.bus.shown, pair[1]);
            assert_eq!(
                Controller::panel_rows(&epd.bus.ram[1]),
                pair[0],
                "the refresh compares against the image shown before"
            );
            epd.finish(&image(&pair[1])).unwrap();
            assert_eq!(epd.bus.take_log(), strings(&AFTER_PARTIAL));
            assert_eq!(Controller::panel_rows(&epd.bus.ram[1]), pair[1]);
        }
    }

    #[test]
    fn a_fast_refresh_writes_the_temperature_first() {
        let mut epd = Ssd1677::new(Controller::new());
        epd.start(&image(&page(1)), Update::Full).unwrap();
        epd.finish(&image(&page(1))).unwrap();
        epd.bus.take_log();
        assert_eq!(epd.start(&image(&page(2)), Update::Fast), Ok(Update::Fast));
        assert_eq!(epd.bus.take_log(), strings(&FAST));
        assert_eq!(epd.bus.shown, page(2));
    }

    #[test]
    fn the_reader_s_full_refresh_is_the_clean_update_chosen() {
        let mut epd = Ssd1677::new(Controller::new()).with_clean_update(Update::Fast);
        assert_eq!(
            Panel::show(&mut epd, &image(&page(1)), Refresh::Partial),
            Ok(Refresh::Full)
        );
        let mut expected = init();
        expected.extend(strings(&FAST));
        assert_eq!(epd.bus.take_log(), expected);
        Panel::finish(&mut epd, &image(&page(1))).unwrap();
        epd.bus.take_log();
        assert_eq!(
            Panel::show(&mut epd, &image(&page(2)), Refresh::Full),
            Ok(Refresh::Full)
        );
        assert_eq!(epd.bus.take_log(), strings(&FAST));
        // A partial clean update is not clean: it becomes fast.
        let epd = Ssd1677::new(Controller::new()).with_clean_update(Update::Partial);
        assert_eq!(epd.clean, Update::Fast);
    }

    #[test]
    fn deep_sleep_powers_off_after_a_partial_refresh_only() {
        // CS `deepSleep` and FI `deepSleep`: analog off (3C=80, 22=03, 20, wait), then 10=01.
        let mut epd = Ssd1677::new(Controller::new());
        epd.start(&image(&page(1)), Update::Full).unwrap();
        epd.finish(&image(&page(1))).unwrap();
        epd.start(&image(&page(2)), Update::Partial).unwrap();
        epd.finish(&image(&page(2))).unwrap();
        epd.bus.take_log();
        epd.sleep().unwrap();
        assert_eq!(
            epd.bus.take_log(),
            strings(&["3c [80]", "22 [03]", "20 []", "wait", "10 [01]"])
        );
        assert!(epd.bus.asleep);
        // Asleep already: nothing more.
        epd.sleep().unwrap();
        assert!(epd.bus.take_log().is_empty());
        // F7 powers off by itself: straight to deep sleep, after waiting for the refresh.
        let mut epd = Ssd1677::new(Controller::new());
        epd.start(&image(&page(1)), Update::Full).unwrap();
        epd.bus.take_log();
        epd.sleep().unwrap();
        assert_eq!(epd.bus.take_log(), strings(&["wait", "10 [01]"]));
    }

    #[test]
    fn after_deep_sleep_the_next_refresh_resets_and_is_clean() {
        let mut epd = Ssd1677::new(Controller::new());
        epd.start(&image(&page(1)), Update::Full).unwrap();
        epd.sleep().unwrap();
        epd.bus.take_log();
        assert_eq!(
            epd.start(&image(&page(2)), Update::Partial),
            Ok(Update::Full)
        );
        let log = epd.bus.take_log();
        assert_eq!(log[..18], init()[..]);
        assert_eq!(epd.bus.shown, page(2));
    }

    #[test]
    fn showing_again_before_finishing_waits_and_never_compares_with_a_stale_image() {
        let mut epd = Ssd1677::new(Controller::new());
        epd.start(&image(&page(1)), Update::Full).unwrap();
        // After a full refresh RAM 0x26 is current without `finish`: a partial may follow.
        assert_eq!(
            epd.start(&image(&page(2)), Update::Partial),
            Ok(Update::Partial)
        );
        // A partial refresh not finished leaves RAM 0x26 behind: the next one is clean.
        epd.bus.take_log();
        assert_eq!(
            epd.start(&image(&page(3)), Update::Partial),
            Ok(Update::Full)
        );
        let log = epd.bus.take_log();
        assert_eq!(log[0], "wait", "no command while busy");
        assert_eq!(log[1..], strings(&FULL)[..]);
        assert_eq!(epd.bus.shown, page(3));
    }

    #[test]
    fn a_refresh_that_never_ends_resets_the_controller_for_the_next() {
        let mut epd = Ssd1677::new(Controller::new());
        epd.start(&image(&page(1)), Update::Full).unwrap();
        epd.finish(&image(&page(1))).unwrap();
        epd.start(&image(&page(2)), Update::Partial).unwrap();
        epd.bus.stuck = true;
        assert!(epd.finish(&image(&page(2))).is_err());
        epd.bus.stuck = false;
        epd.bus.busy = false;
        epd.bus.take_log();
        assert_eq!(
            epd.start(&image(&page(3)), Update::Partial),
            Ok(Update::Full)
        );
        assert_eq!(epd.bus.take_log()[0], "reset");
        // Given up on without waiting: the same.
        epd.finish(&image(&page(3))).unwrap();
        epd.start(&image(&page(4)), Update::Partial).unwrap();
        epd.abandon();
        assert_eq!(epd.is_busy(), Ok(false));
        epd.bus.busy = false;
        epd.bus.take_log();
        assert_eq!(
            epd.start(&image(&page(5)), Update::Partial),
            Ok(Update::Full)
        );
        assert_eq!(epd.bus.take_log()[0], "reset");
    }

    #[test]
    fn a_portrait_page_reaches_the_panel_turned() {
        let stride = 60;
        let bytes: Vec<u8> = (0..stride * 800).map(|i| (i * 13 % 251) as u8).collect();
        let portrait = PanelImage::new(
            &bytes,
            Size::new(480, 800),
            SIZE,
            Rotation::Counterclockwise,
        )
        .unwrap();
        let mut epd = Ssd1677::new(Controller::new());
        epd.start(&portrait, Update::Full).unwrap();
        let shown = &epd.bus.shown;
        for (x, y) in [(0, 0), (479, 0), (0, 799), (240, 400), (7, 8), (472, 791)] {
            let (px, py) = Rotation::Counterclockwise.panel_pixel(SIZE, x, y);
            let page_bit = bytes[y as usize * stride + x as usize / 8] & (0x80 >> (x % 8));
            let panel_bit = shown[py as usize * STRIDE + px as usize / 8] & (0x80 >> (px % 8));
            assert_eq!(page_bit != 0, panel_bit != 0, "({x}, {y})");
        }
    }
}
