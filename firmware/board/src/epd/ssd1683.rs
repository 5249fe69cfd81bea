//! The SSD1683 e-paper controller of the Waveshare Pico-ePaper-4.2 V2, with full and partial
//! refresh.
//!
//! # Which controller
//!
//! Waveshare has sold two modules under this name. The first (2021) carries a UltraChip
//! UC8176 (also sold as IL0398), driven with command 0x10/0x13 RAM writes and LUTs loaded by the
//! host; the V2 (since 2023, Waveshare's `EPD_4in2_V2` code) carries a Solomon Systech SSD1683,
//! with waveforms in OTP, two RAMs (0x24 black/white: the image to show; 0x26: the image shown,
//! which a partial refresh compares against) and update sequences chosen with command 0x22.
//! This driver speaks the SSD1683 only; a V1 module stays blank. (epd-waveshare 0.6 has only
//! the UC8176 as `epd4in2`, hence this small driver.)
//!
//! # Refreshes
//!
//! - **Full** (update sequence 0xF7, about 4 s, the panel flashes): the image goes into both
//!   RAMs and the whole panel is driven through black and white, which clears ghosting. RAM 0x26
//!   is bypassed (command 0x21, 0x40).
//! - **Partial** (sequence 0xFF, OTP "display mode 2", well under a second, no flash): only the
//!   pixels that differ between RAM 0x26 and the new image in RAM 0x24 are driven; the border
//!   is left floating (0x3C, 0x80). Afterwards the new image is written to RAM 0x26 as well, so
//!   the next partial refresh compares against what the panel now shows (whether or not the
//!   controller copies it itself, which its datasheet leaves to the OTP's sequence).
//!
//! A partial refresh needs the panel's previous image in RAM 0x26, so the first refresh after
//! power-up or deep sleep is always full. [`Ssd1683::sleep`] puts the controller into deep
//! sleep (command 0x10, mode 1); the next refresh resets it (hardware reset, then SWRESET 0x12).
//!
//! # Not waiting for the panel
//!
//! [`Ssd1683::show`] starts a refresh and returns: the processor is free to read the keys (and
//! the reader to take in page turns) while the panel takes its second or four. The caller
//! polls [`Ssd1683::is_busy`], then hands the image it showed back to [`Ssd1683::finish`],
//! which writes it into RAM 0x26 after a partial refresh — so the caller must keep that image
//! until then. A `show` or `sleep` while a refresh runs waits for it first (and, not having the
//! image for RAM 0x26, makes the next refresh full).
//!
//! RAM is addressed with X counting up in bytes 0..=49 and Y in rows 0..=299 (data entry mode
//! 0x03); window and cursor are set before every RAM write.

use embedded_graphics::prelude::Size;
use moye::ui::Refresh;

use super::Bus;
use crate::panel::{Panel, PanelImage};

/// The panel's native size: 400 × 300, rows along the 400-pixel side.
pub const SIZE: Size = Size::new(WIDTH, HEIGHT);
/// The panel's width in pixels (its long side).
pub const WIDTH: u32 = 400;
/// The panel's height in pixels.
pub const HEIGHT: u32 = 300;
/// Bytes per panel row.
pub const STRIDE: usize = WIDTH as usize / 8;
/// Bytes of one of the controller's RAMs: the whole panel.
pub const RAM_BYTES: usize = STRIDE * HEIGHT as usize;

/// The controller's commands used here.
pub mod command {
    /// Deep sleep mode.
    pub const DEEP_SLEEP: u8 = 0x10;
    /// Data entry mode: how the RAM address counter moves.
    pub const DATA_ENTRY_MODE: u8 = 0x11;
    /// Software reset.
    pub const SW_RESET: u8 = 0x12;
    /// Run the update sequence chosen with [`UPDATE_CONTROL_2`].
    pub const MASTER_ACTIVATION: u8 = 0x20;
    /// Display update control 1: RAM options (bypass RAM 0x26 for full refreshes).
    pub const UPDATE_CONTROL_1: u8 = 0x21;
    /// Display update control 2: which update sequence [`MASTER_ACTIVATION`] runs.
    pub const UPDATE_CONTROL_2: u8 = 0x22;
    /// Write the black/white RAM: the image to show.
    pub const WRITE_RAM_BW: u8 = 0x24;
    /// Write the second RAM: the image shown, for partial refreshes.
    pub const WRITE_RAM_PREVIOUS: u8 = 0x26;
    /// Border waveform.
    pub const BORDER_WAVEFORM: u8 = 0x3C;
    /// RAM X start and end, in bytes.
    pub const RAM_X_RANGE: u8 = 0x44;
    /// RAM Y start and end, in rows (two bytes each, little-endian).
    pub const RAM_Y_RANGE: u8 = 0x45;
    /// RAM X address counter.
    pub const RAM_X_COUNTER: u8 = 0x4E;
    /// RAM Y address counter.
    pub const RAM_Y_COUNTER: u8 = 0x4F;
}

/// Update sequence of a full refresh: clock and analog on, load temperature and waveform
/// (mode 1), display, analog and clock off.
pub const SEQUENCE_FULL: u8 = 0xF7;
/// Update sequence of a partial refresh: as [`SEQUENCE_FULL`] with display mode 2.
pub const SEQUENCE_PARTIAL: u8 = 0xFF;

/// The controller's state as the driver knows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Power {
    /// Not initialised since power-up, or in deep sleep: the next refresh resets it.
    Off,
    /// Awake and idle, with the image shown in RAM 0x26.
    On,
    /// Running an update; a partial one still owes RAM 0x26 the new image.
    Refreshing(Refresh),
    /// Awake and idle, but RAM 0x26 does not hold the image shown: the next refresh is full.
    Stale,
}

/// The SSD1683 driver.
#[derive(Debug)]
pub struct Ssd1683<B> {
    bus: B,
    power: Power,
}

impl<B: Bus> Ssd1683<B> {
    /// A driver over `bus`; the controller is initialised by the first refresh.
    pub fn new(bus: B) -> Self {
        Ssd1683 {
            bus,
            power: Power::Off,
        }
    }

    /// Starts showing `image` with a `refresh` (full, whatever is asked, after power-up, deep
    /// sleep or an unfinished partial refresh) and returns the refresh started, without
    /// waiting for it: see [`is_busy`](Self::is_busy) and [`finish`](Self::finish).
    pub fn show(&mut self, image: &PanelImage<'_>, refresh: Refresh) -> Result<Refresh, B::Error> {
        if let Power::Refreshing(started) = self.power {
            self.wait_or_reset()?;
            // A full refresh wrote RAM 0x26 itself; a partial one still owes it the image.
            self.power = match started {
                Refresh::Full => Power::On,
                Refresh::Partial => Power::Stale,
            };
        }
        let refresh = match self.power {
            Power::On => refresh,
            Power::Stale => Refresh::Full,
            Power::Off | Power::Refreshing(_) => {
                self.power = Power::Off;
                self.wake()?;
                Refresh::Full
            }
        };
        let started = self.start(image, refresh);
        // Whatever failed half-way (RAM 0x26 half written, an update perhaps running), the
        // controller is reset before the next refresh.
        self.power = match started {
            Ok(()) => Power::Refreshing(refresh),
            Err(_) => Power::Off,
        };
        started.map(|()| refresh)
    }

    /// Writes `image` for `refresh` and starts the update.
    fn start(&mut self, image: &PanelImage<'_>, refresh: Refresh) -> Result<(), B::Error> {
        match refresh {
            Refresh::Full => {
                self.bus.command(command::UPDATE_CONTROL_1, &[0x40, 0x00])?;
                self.bus.command(command::BORDER_WAVEFORM, &[0x05])?;
                self.write_ram(command::WRITE_RAM_BW, image)?;
                self.write_ram(command::WRITE_RAM_PREVIOUS, image)?;
                self.update(SEQUENCE_FULL)?;
            }
            Refresh::Partial => {
                self.bus.command(command::UPDATE_CONTROL_1, &[0x00, 0x00])?;
                self.bus.command(command::BORDER_WAVEFORM, &[0x80])?;
                self.write_ram(command::WRITE_RAM_BW, image)?;
                self.update(SEQUENCE_PARTIAL)?;
            }
        }
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
        let Power::Refreshing(refresh) = self.power else {
            return Ok(());
        };
        self.wait_or_reset()?;
        self.power = Power::Stale;
        if refresh == Refresh::Partial {
            self.write_ram(command::WRITE_RAM_PREVIOUS, shown)?;
        }
        self.power = Power::On;
        Ok(())
    }

    /// Gives up on the running refresh without waiting (its busy line never fell): the
    /// controller is reset before the next refresh, which is full.
    pub fn abandon(&mut self) {
        if let Power::Refreshing(_) = self.power {
            self.power = Power::Off;
        }
    }

    /// Puts the controller into deep sleep once its refresh is done (it keeps the image on the
    /// panel, draws almost nothing, and needs a reset to wake: the next [`show`](Self::show)
    /// does it).
    pub fn sleep(&mut self) -> Result<(), B::Error> {
        if let Power::Refreshing(_) = self.power {
            self.wait_or_reset()?;
            self.power = Power::Stale;
        }
        if self.power != Power::Off {
            self.bus.command(command::DEEP_SLEEP, &[0x01])?;
            self.power = Power::Off;
        }
        Ok(())
    }

    /// The bus, for the firmware's own use (turning SPI off, …).
    pub fn bus_mut(&mut self) -> &mut B {
        &mut self.bus
    }

    /// Resets and initialises the controller. RAM 0x26 holds nothing known afterwards, so the
    /// refresh that follows must be full.
    fn wake(&mut self) -> Result<(), B::Error> {
        self.bus.reset()?;
        self.bus.wait_until_idle()?;
        self.bus.command(command::SW_RESET, &[])?;
        self.bus.wait_until_idle()?;
        self.bus.command(command::DATA_ENTRY_MODE, &[0x03])?;
        let last_x = (STRIDE - 1) as u8;
        let [last_y_low, last_y_high] = ((HEIGHT - 1) as u16).to_le_bytes();
        self.bus.command(command::RAM_X_RANGE, &[0x00, last_x])?;
        self.bus
            .command(command::RAM_Y_RANGE, &[0x00, 0x00, last_y_low, last_y_high])?;
        Ok(())
    }

    /// Writes `image` into RAM `ram` from its first byte.
    fn write_ram(&mut self, ram: u8, image: &PanelImage<'_>) -> Result<(), B::Error> {
        self.bus.command(command::RAM_X_COUNTER, &[0x00])?;
        self.bus.command(command::RAM_Y_COUNTER, &[0x00, 0x00])?;
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

    /// Starts update sequence `sequence`; once it is done the panel shows RAM 0x24.
    fn update(&mut self, sequence: u8) -> Result<(), B::Error> {
        self.bus.command(command::UPDATE_CONTROL_2, &[sequence])?;
        self.bus.command(command::MASTER_ACTIVATION, &[])
    }
}

impl<B: Bus> Panel for Ssd1683<B> {
    type Error = B::Error;

    fn show(&mut self, image: &PanelImage<'_>, refresh: Refresh) -> Result<Refresh, B::Error> {
        Ssd1683::show(self, image, refresh)
    }

    fn is_busy(&mut self) -> Result<bool, B::Error> {
        Ssd1683::is_busy(self)
    }

    fn finish(&mut self, shown: &PanelImage<'_>) -> Result<(), B::Error> {
        Ssd1683::finish(self, shown)
    }

    fn abandon(&mut self) {
        Ssd1683::abandon(self)
    }

    fn sleep(&mut self) -> Result<(), B::Error> {
        Ssd1683::sleep(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::panel::Rotation;

    /// What the controller was sent, as it would act on it: its two RAMs (written through the
    /// address counters and the window), what the panel shows, and the calls in order.
    #[derive(Default)]
    struct Controller {
        log: Vec<String>,
        ram: [Vec<u8>; 2],
        shown: Vec<u8>,
        /// The RAM being written, and the next byte's offset in it.
        writing: Option<(usize, usize)>,
        x: usize,
        y: usize,
        last_command: u8,
        busy: bool,
        asleep: bool,
        /// The busy line never falls.
        stuck: bool,
    }

    impl Controller {
        fn new() -> Self {
            Controller {
                ram: [vec![0; RAM_BYTES], vec![0; RAM_BYTES]],
                asleep: true,
                ..Controller::default()
            }
        }
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
            self.last_command = command;
            self.writing = None;
            match command {
                command::RAM_X_COUNTER => self.x = usize::from(data[0]),
                command::RAM_Y_COUNTER => {
                    self.y = usize::from(u16::from_le_bytes([data[0], data[1]]))
                }
                command::WRITE_RAM_BW => self.writing = Some((0, self.y * STRIDE + self.x)),
                command::WRITE_RAM_PREVIOUS => self.writing = Some((1, self.y * STRIDE + self.x)),
                command::MASTER_ACTIVATION => {
                    self.shown = self.ram[0].clone();
                    self.busy = true;
                }
                command::SW_RESET => self.busy = true,
                command::DEEP_SLEEP => self.asleep = true,
                _ => {}
            }
            Ok(())
        }

        fn data(&mut self, data: &[u8]) -> Result<(), String> {
            let Some((ram, at)) = self.writing.as_mut() else {
                return Err(format!("data after {:#04x}", self.last_command));
            };
            let end = *at + data.len();
            if end > RAM_BYTES {
                return Err("RAM overrun".into());
            }
            self.ram[*ram][*at..end].copy_from_slice(data);
            *at = end;
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
            .map(|i| (i as u8).wrapping_mul(31) ^ seed)
            .collect()
    }

    #[test]
    fn the_first_refresh_resets_and_is_full_whatever_was_asked() {
        let mut epd = Ssd1683::new(Controller::new());
        let first = page(1);
        assert_eq!(
            epd.show(&image(&first), Refresh::Partial),
            Ok(Refresh::Full)
        );
        let controller = &epd.bus;
        assert_eq!(controller.log[..4], ["reset", "wait", "12 []", "wait"]);
        assert!(controller.log.contains(&"22 [f7]".to_string()));
        assert_eq!(controller.shown, first);
        assert_eq!(controller.ram[1], first, "RAM 0x26 holds the image shown");
        // The refresh runs on after `show` returns, until `finish` waits for it.
        assert_eq!(controller.log.last().unwrap(), "20 []");
        assert_eq!(epd.is_busy(), Ok(true));
        epd.finish(&image(&first)).unwrap();
        assert_eq!(epd.is_busy(), Ok(false));
        assert_eq!(epd.bus.ram[1], first);
    }

    #[test]
    fn partial_refreshes_compare_against_the_image_shown_and_keep_it_current() {
        let mut epd = Ssd1683::new(Controller::new());
        let pages = [page(1), page(2), page(3)];
        assert_eq!(
            epd.show(&image(&pages[0]), Refresh::Full),
            Ok(Refresh::Full)
        );
        epd.finish(&image(&pages[0])).unwrap();
        for pair in pages.windows(2) {
            epd.bus.log.clear();
            assert_eq!(
                epd.show(&image(&pair[1]), Refresh::Partial),
                Ok(Refresh::Partial)
            );
            let controller = &epd.bus;
            assert!(!controller.log.contains(&"reset".to_string()));
            assert!(controller.log.contains(&"22 [ff]".to_string()));
            assert!(controller.log.contains(&"3c [80]".to_string()));
            assert!(controller.log.contains(&"21 [00, 00]".to_string()));
            assert_eq!(controller.shown, pair[1]);
            assert_eq!(
                controller.ram[1], pair[0],
                "the refresh compares against the image shown before"
            );
            epd.finish(&image(&pair[1])).unwrap();
            assert_eq!(
                epd.bus.ram[1], pair[1],
                "the next partial compares against it"
            );
        }
    }

    #[test]
    fn showing_again_before_finishing_waits_and_refreshes_fully() {
        let mut epd = Ssd1683::new(Controller::new());
        epd.show(&image(&page(1)), Refresh::Full).unwrap();
        // After a full refresh RAM 0x26 is current without `finish`: a partial may follow.
        assert_eq!(
            epd.show(&image(&page(2)), Refresh::Partial),
            Ok(Refresh::Partial)
        );
        // A partial refresh not finished leaves RAM 0x26 behind: the next one is full.
        epd.bus.log.clear();
        assert_eq!(
            epd.show(&image(&page(3)), Refresh::Partial),
            Ok(Refresh::Full)
        );
        assert_eq!(epd.bus.log[0], "wait", "no command while busy");
        assert_eq!(epd.bus.shown, page(3));
        // `finish` twice, or without a refresh, writes nothing.
        epd.finish(&image(&page(3))).unwrap();
        epd.bus.log.clear();
        epd.finish(&image(&page(9))).unwrap();
        assert!(epd.bus.log.is_empty());
        assert_eq!(epd.bus.ram[1], page(3));
    }

    #[test]
    fn a_full_refresh_after_partial_ones_bypasses_the_previous_image() {
        let mut epd = Ssd1683::new(Controller::new());
        epd.show(&image(&page(1)), Refresh::Full).unwrap();
        epd.show(&image(&page(2)), Refresh::Partial).unwrap();
        epd.bus.log.clear();
        assert_eq!(epd.show(&image(&page(3)), Refresh::Full), Ok(Refresh::Full));
        let log = &epd.bus.log;
        let bypass = log.iter().position(|line| line == "21 [40, 00]").unwrap();
        let update = log.iter().position(|line| line == "22 [f7]").unwrap();
        assert!(bypass < update);
        assert_eq!(epd.bus.shown, page(3));
    }

    #[test]
    fn after_deep_sleep_the_next_refresh_wakes_the_controller_and_is_full() {
        let mut epd = Ssd1683::new(Controller::new());
        epd.show(&image(&page(1)), Refresh::Full).unwrap();
        epd.sleep().unwrap();
        assert!(epd.bus.asleep);
        epd.sleep().unwrap();
        epd.bus.log.clear();
        assert_eq!(
            epd.show(&image(&page(2)), Refresh::Partial),
            Ok(Refresh::Full)
        );
        assert_eq!(epd.bus.log[0], "reset");
        assert_eq!(epd.bus.shown, page(2));
    }

    #[test]
    fn a_refresh_that_never_ends_resets_the_controller_for_the_next() {
        let mut epd = Ssd1683::new(Controller::new());
        epd.show(&image(&page(1)), Refresh::Full).unwrap();
        epd.finish(&image(&page(1))).unwrap();
        epd.show(&image(&page(2)), Refresh::Partial).unwrap();
        epd.bus.stuck = true;
        assert!(epd.finish(&image(&page(2))).is_err());
        // The controller comes back by reset, then a full refresh.
        epd.bus.stuck = false;
        epd.bus.busy = false;
        epd.bus.log.clear();
        assert_eq!(
            epd.show(&image(&page(3)), Refresh::Partial),
            Ok(Refresh::Full)
        );
        assert_eq!(epd.bus.log[0], "reset");
        assert_eq!(epd.bus.shown, page(3));
        // Given up on without waiting: the same.
        epd.finish(&image(&page(3))).unwrap();
        epd.show(&image(&page(4)), Refresh::Partial).unwrap();
        epd.abandon();
        assert_eq!(epd.is_busy(), Ok(false));
        epd.bus.busy = false;
        epd.bus.log.clear();
        assert_eq!(
            epd.show(&image(&page(5)), Refresh::Partial),
            Ok(Refresh::Full)
        );
        assert_eq!(epd.bus.log[0], "reset");
    }

    #[test]
    fn a_portrait_page_reaches_the_panel_turned() {
        let stride = 38;
        let bytes: Vec<u8> = (0..stride * 400).map(|i| (i * 13 % 251) as u8).collect();
        let portrait = PanelImage::new(
            &bytes,
            Size::new(300, 400),
            SIZE,
            Rotation::Counterclockwise,
        )
        .unwrap();
        let mut epd = Ssd1683::new(Controller::new());
        epd.show(&portrait, Refresh::Full).unwrap();
        let shown = &epd.bus.shown;
        for (x, y) in [(0, 0), (299, 0), (0, 399), (150, 200), (7, 8), (296, 391)] {
            let (px, py) = Rotation::Counterclockwise.panel_pixel(SIZE, x, y);
            let page_bit = bytes[y as usize * stride + x as usize / 8] & (0x80 >> (x % 8));
            let panel_bit = shown[py as usize * STRIDE + px as usize / 8] & (0x80 >> (px % 8));
            assert_eq!(page_bit != 0, panel_bit != 0, "({x}, {y})");
        }
    }

    #[test]
    fn bus_errors_come_back() {
        struct Broken;
        impl Bus for Broken {
            type Error = &'static str;
            fn reset(&mut self) -> Result<(), Self::Error> {
                Ok(())
            }
            fn command(&mut self, _: u8, _: &[u8]) -> Result<(), Self::Error> {
                Ok(())
            }
            fn data(&mut self, _: &[u8]) -> Result<(), Self::Error> {
                Ok(())
            }
            fn wait_until_idle(&mut self) -> Result<(), Self::Error> {
                Err("busy line stuck high")
            }
            fn is_busy(&mut self) -> Result<bool, Self::Error> {
                Ok(true)
            }
            fn delay_ms(&mut self, _: u32) {}
        }
        let mut epd = Ssd1683::new(Broken);
        assert_eq!(
            epd.show(&image(&page(1)), Refresh::Full),
            Err("busy line stuck high")
        );
    }
}
