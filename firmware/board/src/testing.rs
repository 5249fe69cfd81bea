//! Test doubles for the board crates' host tests (feature `testing`, or this crate's tests): a
//! NOR flash chip ([`Chip`]) and a panel that records what it shows ([`Recorder`]).
#![allow(
    missing_docs,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use embedded_storage::nor_flash::{
    check_erase, check_read, check_write, ErrorType, MultiwriteNorFlash, NorFlash,
    NorFlashErrorKind, ReadNorFlash,
};
use moye::ui::Refresh;

use crate::panel::{Panel, PanelImage};

/// The flash chips' erase sector, as on the Pico's W25Q16JV and the X4's W25Q128JV.
pub const SECTOR_SIZE: usize = 4096;

/// A NOR flash chip of `size` bytes that reads in units of `READ` bytes and programs in units of
/// `WRITE` bytes (each byte becoming `old & new`), refusing unaligned or out-of-range accesses as
/// the embedded-storage contract allows, and recording the offsets of erases and programs. The
/// defaults are the Pico's boot ROM (256-byte pages, bytewise reads through XIP); esp-storage
/// reads and writes 4-byte words.
///
/// Power can be cut after a number of write units ([`cut_power_after`](Chip::cut_power_after)):
/// a program unit is `WRITE` bytes, an erase unit half a sector. The operation stops there, the
/// units before the cut done and the rest left as they were, and every access fails until
/// [`restore_power`](Chip::restore_power).
#[derive(Clone)]
pub struct Chip<const WRITE: usize = 256, const READ: usize = 1> {
    pub bytes: Vec<u8>,
    pub erases: Vec<u32>,
    pub programs: Vec<u32>,
    /// Write units left before the cut, when one is armed.
    budget: Option<usize>,
    powered: bool,
    /// Write units done so far.
    units: usize,
}

impl<const WRITE: usize, const READ: usize> Chip<WRITE, READ> {
    /// A chip of `size` bytes holding 0xA5 everywhere: neither erased nor ours.
    pub fn new(size: usize) -> Self {
        Chip {
            bytes: vec![0xA5; size],
            erases: Vec::new(),
            programs: Vec::new(),
            budget: None,
            powered: true,
            units: 0,
        }
    }

    /// Arms the cut: the chip loses power once `units` more write units are done.
    pub fn cut_power_after(&mut self, units: usize) {
        self.budget = Some(units);
    }

    /// Powers the chip back on, as at a reboot; the bytes stay as the cut left them.
    pub fn restore_power(&mut self) {
        self.budget = None;
        self.powered = true;
    }

    /// Write units done so far.
    pub fn write_units(&self) -> usize {
        self.units
    }

    fn check_powered(&self) -> Result<(), NorFlashErrorKind> {
        if self.powered {
            Ok(())
        } else {
            Err(NorFlashErrorKind::Other)
        }
    }

    /// Takes one write unit from the budget, or cuts the power.
    fn unit(&mut self) -> Result<(), NorFlashErrorKind> {
        match self.budget {
            Some(0) => {
                self.powered = false;
                self.budget = None;
                return Err(NorFlashErrorKind::Other);
            }
            Some(left) => self.budget = Some(left - 1),
            None => {}
        }
        self.units += 1;
        Ok(())
    }
}

impl<const WRITE: usize, const READ: usize> ErrorType for Chip<WRITE, READ> {
    type Error = NorFlashErrorKind;
}

impl<const WRITE: usize, const READ: usize> ReadNorFlash for Chip<WRITE, READ> {
    const READ_SIZE: usize = READ;

    fn read(&mut self, offset: u32, bytes: &mut [u8]) -> Result<(), Self::Error> {
        self.check_powered()?;
        check_read(self, offset, bytes.len())?;
        let start = offset as usize;
        bytes.copy_from_slice(&self.bytes[start..start + bytes.len()]);
        Ok(())
    }

    fn capacity(&self) -> usize {
        self.bytes.len()
    }
}

impl<const WRITE: usize, const READ: usize> NorFlash for Chip<WRITE, READ> {
    const WRITE_SIZE: usize = WRITE;
    const ERASE_SIZE: usize = SECTOR_SIZE;

    fn erase(&mut self, from: u32, to: u32) -> Result<(), Self::Error> {
        self.check_powered()?;
        check_erase(self, from, to)?;
        for sector in (from..to).step_by(SECTOR_SIZE) {
            self.erases.push(sector);
            let half = SECTOR_SIZE / 2;
            for start in [sector as usize, sector as usize + half] {
                self.unit()?;
                self.bytes[start..start + half].fill(0xFF);
            }
        }
        Ok(())
    }

    fn write(&mut self, offset: u32, bytes: &[u8]) -> Result<(), Self::Error> {
        self.check_powered()?;
        check_write(self, offset, bytes.len())?;
        self.programs.push(offset);
        for (i, unit) in bytes.chunks(WRITE).enumerate() {
            self.unit()?;
            let start = offset as usize + i * WRITE;
            for (old, new) in self.bytes[start..start + unit.len()].iter_mut().zip(unit) {
                *old &= new;
            }
        }
        Ok(())
    }
}

/// Programming a byte again clears only bits, as NOR flash does.
impl<const WRITE: usize, const READ: usize> MultiwriteNorFlash for Chip<WRITE, READ> {}

/// A panel that keeps what it was shown. A refresh stays busy for `busy_polls` questions
/// ([`Panel::is_busy`]); the reader asks once per poll while a screen waits.
#[derive(Default)]
pub struct Recorder {
    /// Each image shown, with its refresh.
    pub shown: Vec<(Refresh, Vec<u8>)>,
    /// The images handed to `finish`.
    pub finished: Vec<Vec<u8>>,
    /// Calls of `sleep`, and whether the panel sleeps now.
    pub sleeps: usize,
    pub asleep: bool,
    /// How many `is_busy` questions a refresh stays busy for, and how many are left.
    pub busy_polls: usize,
    pub busy_left: usize,
    /// A refresh started and not finished.
    pub running: bool,
    /// Refreshes given up on.
    pub abandoned: usize,
}

/// The panel rows `image` sends, in order.
pub fn bytes_of(image: &PanelImage<'_>) -> Vec<u8> {
    let mut bytes = Vec::new();
    image
        .send_rows(|rows| {
            bytes.extend_from_slice(rows);
            Ok::<(), ()>(())
        })
        .unwrap();
    bytes
}

impl Panel for Recorder {
    type Error = ();

    fn show(&mut self, image: &PanelImage<'_>, refresh: Refresh) -> Result<Refresh, ()> {
        assert!(!self.running, "show while a refresh runs unfinished");
        let refresh = if self.asleep { Refresh::Full } else { refresh };
        self.shown.push((refresh, bytes_of(image)));
        self.asleep = false;
        self.running = true;
        self.busy_left = self.busy_polls;
        Ok(refresh)
    }

    fn is_busy(&mut self) -> Result<bool, ()> {
        assert!(self.running, "asked while no refresh runs");
        self.busy_left = self.busy_left.saturating_sub(1);
        Ok(self.busy_left > 0)
    }

    fn finish(&mut self, shown: &PanelImage<'_>) -> Result<(), ()> {
        assert!(self.running, "finish without a refresh");
        self.finished.push(bytes_of(shown));
        self.running = false;
        Ok(())
    }

    fn abandon(&mut self) {
        self.abandoned += 1;
        self.running = false;
    }

    fn sleep(&mut self) -> Result<(), ()> {
        assert!(!self.running, "sleep before the refresh was finished");
        self.sleeps += 1;
        self.asleep = true;
        Ok(())
    }
}
