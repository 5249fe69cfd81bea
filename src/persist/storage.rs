//! The flash-shaped [`Storage`] trait and [`RamStorage`], its in-memory model with a power-cut
//! injector.

use core::fmt;

/// Byte storage with the rules of NOR flash: erase whole sectors to `0xFF`, then program bytes,
/// which can only clear bits.
///
/// Offsets are bytes from the start of the storage, sectors are numbered from 0, and
/// [`capacity`](Storage::capacity) is a whole number of sectors. Implementations report their own
/// error type; an out-of-range offset or sector must be an error, never a panic.
///
/// Programming follows NOR semantics: each stored byte becomes `old & data`. Programming over
/// bytes that are not erased is allowed, it only clears more bits. An implementation for a chip
/// that programs whole pages pads `data` with `0xFF`, which leaves the other bytes unchanged.
pub trait Storage {
    /// What can go wrong with this storage.
    type Error: fmt::Debug + fmt::Display;

    /// Size of one erasable sector in bytes.
    fn sector_size(&self) -> usize;

    /// Total size in bytes, a multiple of the sector size.
    fn capacity(&self) -> usize;

    /// Fills `buf` with the bytes stored from `offset` on.
    fn read(&mut self, offset: usize, buf: &mut [u8]) -> Result<(), Self::Error>;

    /// Sets every byte of sector `sector` to `0xFF`.
    fn erase(&mut self, sector: usize) -> Result<(), Self::Error>;

    /// Programs `data` at `offset`: each stored byte becomes `old & new`.
    fn program(&mut self, offset: usize, data: &[u8]) -> Result<(), Self::Error>;
}

impl<S: Storage + ?Sized> Storage for &mut S {
    type Error = S::Error;

    fn sector_size(&self) -> usize {
        (**self).sector_size()
    }

    fn capacity(&self) -> usize {
        (**self).capacity()
    }

    fn read(&mut self, offset: usize, buf: &mut [u8]) -> Result<(), Self::Error> {
        (**self).read(offset, buf)
    }

    fn erase(&mut self, sector: usize) -> Result<(), Self::Error> {
        (**self).erase(sector)
    }

    fn program(&mut self, offset: usize, data: &[u8]) -> Result<(), Self::Error> {
        (**self).program(offset, data)
    }
}

/// What [`RamStorage`] can refuse.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RamError {
    /// The offset, length or sector lies outside the storage.
    OutOfBounds,
    /// Power was cut (see [`RamStorage::cut_power_after`]) and not restored yet.
    PowerLost,
}

impl fmt::Display for RamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RamError::OutOfBounds => f.write_str("storage access out of bounds"),
            RamError::PowerLost => f.write_str("power lost during a storage write"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for RamError {}

/// The sector size of the flash chips we target (RP2040's QSPI flash, ESP32-C3).
pub const DEFAULT_SECTOR_SIZE: usize = 4096;

/// `N` bytes of RAM that behave like NOR flash, and can lose power at a chosen byte.
///
/// # Power-cut model
///
/// Every byte an erase sets and every byte a program writes is one *write unit*. Erases go from
/// the first byte of the sector to the last, programs from the first byte of `data` to the last.
/// After [`cut_power_after(k)`](RamStorage::cut_power_after), the next `k` units happen and the
/// one after fails with [`RamError::PowerLost`]: the operation stops there, so the bytes before
/// the cut hold their new value and the bytes from the cut on keep their old one. An erase cut
/// part-way leaves its sector partly `0xFF`, partly old data. Until
/// [`restore_power`](RamStorage::restore_power) ("reboot"), every read, erase and program fails.
///
/// Real chips are coarser and stranger: a cut can leave a byte with only some of its bits
/// cleared, or an erased sector with weak bits. Those cases are covered by the checksums of the
/// slot layer rather than by this model; the model is for proving the write *order* safe.
#[derive(Clone, Debug)]
pub struct RamStorage<const N: usize> {
    bytes: [u8; N],
    sector_size: usize,
    /// Write units left before the cut, when one is armed.
    budget: Option<usize>,
    powered: bool,
    /// Write units done so far.
    units: usize,
}

impl<const N: usize> RamStorage<N> {
    /// An erased storage of `N` bytes in 4 KiB sectors; `N` must be a non-zero multiple of 4 KiB
    /// (checked at compile time).
    pub const fn new() -> Self {
        const {
            assert!(N > 0 && N % DEFAULT_SECTOR_SIZE == 0);
        }
        RamStorage {
            bytes: [0xFF; N],
            sector_size: DEFAULT_SECTOR_SIZE,
            budget: None,
            powered: true,
            units: 0,
        }
    }

    /// An erased storage of `N` bytes in sectors of `sector_size` bytes, or `None` unless
    /// `sector_size` is non-zero and divides `N`.
    pub const fn with_sector_size(sector_size: usize) -> Option<Self> {
        if sector_size == 0 || N % sector_size != 0 {
            return None;
        }
        Some(RamStorage {
            bytes: [0xFF; N],
            sector_size,
            budget: None,
            powered: true,
            units: 0,
        })
    }

    /// Arms the injector: `units` more byte writes or erases succeed, then power is cut.
    pub fn cut_power_after(&mut self, units: usize) {
        self.budget = Some(units);
    }

    /// Disarms the injector and powers the storage back on, as at a reboot. The bytes stay as
    /// the cut left them.
    pub fn restore_power(&mut self) {
        self.budget = None;
        self.powered = true;
    }

    /// Whether power is on (no cut happened since the last [`restore_power`](Self::restore_power)).
    pub fn is_powered(&self) -> bool {
        self.powered
    }

    /// Write units (bytes programmed plus bytes erased) done since creation.
    pub fn write_units(&self) -> usize {
        self.units
    }

    /// The stored bytes.
    pub fn as_bytes(&self) -> &[u8; N] {
        &self.bytes
    }

    /// The stored bytes, writable without flash rules: for simulating decay and bit flips.
    pub fn as_mut_bytes(&mut self) -> &mut [u8; N] {
        &mut self.bytes
    }

    /// Spends one write unit, cutting power when the armed budget is used up.
    fn spend(&mut self) -> Result<(), RamError> {
        if !self.powered {
            return Err(RamError::PowerLost);
        }
        match self.budget {
            Some(0) => {
                self.powered = false;
                self.budget = None;
                return Err(RamError::PowerLost);
            }
            Some(left) => self.budget = Some(left - 1),
            None => {}
        }
        self.units += 1;
        Ok(())
    }

    fn check_powered(&self) -> Result<(), RamError> {
        if self.powered {
            Ok(())
        } else {
            Err(RamError::PowerLost)
        }
    }

    /// The byte range `offset..offset + len`, if it lies inside the storage.
    fn range(offset: usize, len: usize) -> Result<core::ops::Range<usize>, RamError> {
        match offset.checked_add(len) {
            Some(end) if end <= N => Ok(offset..end),
            _ => Err(RamError::OutOfBounds),
        }
    }
}

impl<const N: usize> Default for RamStorage<N> {
    fn default() -> Self {
        RamStorage::new()
    }
}

impl<const N: usize> Storage for RamStorage<N> {
    type Error = RamError;

    fn sector_size(&self) -> usize {
        self.sector_size
    }

    fn capacity(&self) -> usize {
        N
    }

    fn read(&mut self, offset: usize, buf: &mut [u8]) -> Result<(), RamError> {
        self.check_powered()?;
        let stored = self
            .bytes
            .get(Self::range(offset, buf.len())?)
            .ok_or(RamError::OutOfBounds)?;
        buf.copy_from_slice(stored);
        Ok(())
    }

    fn erase(&mut self, sector: usize) -> Result<(), RamError> {
        self.check_powered()?;
        let start = sector
            .checked_mul(self.sector_size)
            .ok_or(RamError::OutOfBounds)?;
        let range = Self::range(start, self.sector_size)?;
        for index in range {
            self.spend()?;
            if let Some(byte) = self.bytes.get_mut(index) {
                *byte = 0xFF;
            }
        }
        Ok(())
    }

    fn program(&mut self, offset: usize, data: &[u8]) -> Result<(), RamError> {
        self.check_powered()?;
        let range = Self::range(offset, data.len())?;
        for (index, &new) in range.zip(data) {
            self.spend()?;
            if let Some(byte) = self.bytes.get_mut(index) {
                *byte &= new;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Ram = RamStorage<{ 2 * DEFAULT_SECTOR_SIZE }>;

    #[test]
    fn starts_erased_and_programs_like_nor() {
        let mut ram = Ram::new();
        assert_eq!(ram.sector_size(), 4096);
        assert_eq!(ram.capacity(), 8192);
        assert!(ram.as_bytes().iter().all(|&b| b == 0xFF));
        ram.program(10, &[0b1010_1010, 0x0F]).unwrap();
        ram.program(10, &[0b1100_1100, 0xFF]).unwrap();
        let mut buf = [0u8; 3];
        ram.read(9, &mut buf).unwrap();
        assert_eq!(buf, [0xFF, 0b1000_1000, 0x0F]);
        ram.erase(0).unwrap();
        ram.read(9, &mut buf).unwrap();
        assert_eq!(buf, [0xFF; 3]);
        assert_eq!(ram.write_units(), 4 + 4096);
    }

    #[test]
    fn out_of_bounds_is_an_error() {
        let mut ram = Ram::new();
        let mut buf = [0u8; 2];
        assert_eq!(ram.read(8191, &mut buf), Err(RamError::OutOfBounds));
        assert_eq!(ram.read(usize::MAX, &mut buf), Err(RamError::OutOfBounds));
        assert_eq!(ram.program(8191, &[0, 0]), Err(RamError::OutOfBounds));
        assert_eq!(ram.erase(2), Err(RamError::OutOfBounds));
        assert_eq!(ram.erase(usize::MAX), Err(RamError::OutOfBounds));
        assert_eq!(ram.write_units(), 0);
    }

    #[test]
    fn sector_size_must_divide_the_capacity() {
        assert!(RamStorage::<4096>::with_sector_size(0).is_none());
        assert!(RamStorage::<4096>::with_sector_size(3000).is_none());
        let ram = RamStorage::<4096>::with_sector_size(1024).unwrap();
        assert_eq!(ram.sector_size(), 1024);
    }

    #[test]
    fn a_cut_program_keeps_old_bytes_after_the_cut() {
        let mut ram = Ram::new();
        ram.program(0, &[0xF0; 4]).unwrap();
        ram.cut_power_after(2);
        assert_eq!(ram.program(0, &[0x00; 4]), Err(RamError::PowerLost));
        assert!(!ram.is_powered());
        let mut buf = [0u8; 4];
        assert_eq!(ram.read(0, &mut buf), Err(RamError::PowerLost));
        assert_eq!(ram.program(0, &[0]), Err(RamError::PowerLost));
        ram.restore_power();
        ram.read(0, &mut buf).unwrap();
        assert_eq!(buf, [0x00, 0x00, 0xF0, 0xF0]);
    }

    #[test]
    fn a_cut_erase_leaves_the_sector_partly_erased() {
        let mut ram = Ram::new();
        ram.program(4096, &[0u8; 8]).unwrap();
        ram.cut_power_after(3);
        assert_eq!(ram.erase(1), Err(RamError::PowerLost));
        ram.restore_power();
        assert_eq!(
            ram.as_bytes()[4096..4104],
            [0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0]
        );
    }

    #[test]
    fn a_cut_after_zero_units_writes_nothing() {
        let mut ram = Ram::new();
        ram.cut_power_after(0);
        assert_eq!(ram.program(0, &[0]), Err(RamError::PowerLost));
        ram.restore_power();
        assert_eq!(ram.as_bytes()[0], 0xFF);
        // A budget that is never used up changes nothing.
        ram.cut_power_after(10);
        ram.program(0, &[1, 2, 3]).unwrap();
        assert!(ram.is_powered());
    }
}
