//! [`FileStorage`]: a [`Storage`] backed by a file, for the simulator and host tools.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::{error, fmt};

use super::storage::Storage;

/// Bytes moved per file read or write.
const CHUNK: usize = 512;

/// What [`FileStorage`] can refuse.
#[derive(Debug)]
#[non_exhaustive]
pub enum FileError {
    /// The offset, length or sector lies outside the storage.
    OutOfBounds,
    /// The sector size is zero or does not divide the capacity.
    Geometry,
    /// The file could not be opened, read, written or synced.
    Io(io::Error),
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileError::OutOfBounds => f.write_str("storage access out of bounds"),
            FileError::Geometry => f.write_str("sector size must divide the capacity"),
            FileError::Io(e) => write!(f, "storage file: {e}"),
        }
    }
}

impl error::Error for FileError {
    fn source(&self) -> Option<&(dyn error::Error + 'static)> {
        match self {
            FileError::Io(e) => Some(e),
            FileError::OutOfBounds | FileError::Geometry => None,
        }
    }
}

impl From<io::Error> for FileError {
    fn from(e: io::Error) -> Self {
        FileError::Io(e)
    }
}

/// Flash simulated by a file: same rules as NOR flash (see [`Storage`]), every erase and program
/// synced to disk before it returns, so that killing the simulator behaves like a power cut
/// between two operations.
///
/// ```
/// use moye::persist::{FileStorage, Storage};
///
/// let path = std::env::temp_dir().join(format!("moye-doc-{}.flash", std::process::id()));
/// let mut flash = FileStorage::open(&path, 4096, 8192).unwrap();
/// flash.program(5, &[0x0F]).unwrap();
/// let mut byte = [0u8];
/// flash.read(5, &mut byte).unwrap();
/// assert_eq!(byte, [0x0F]);
/// # std::fs::remove_file(&path).unwrap();
/// ```
#[derive(Debug)]
pub struct FileStorage {
    file: File,
    sector_size: usize,
    capacity: usize,
}

impl FileStorage {
    /// Opens the flash image at `path`, creating it if missing. A file shorter than `capacity`
    /// is extended with erased bytes (`0xFF`); bytes past `capacity` are left alone and unused.
    pub fn open(
        path: impl AsRef<Path>,
        sector_size: usize,
        capacity: usize,
    ) -> Result<Self, FileError> {
        if sector_size == 0 || capacity == 0 || capacity % sector_size != 0 {
            return Err(FileError::Geometry);
        }
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)?;
        let len = file.metadata()?.len();
        let wanted = capacity as u64;
        if len < wanted {
            file.seek(SeekFrom::Start(len))?;
            let erased = [0xFF; CHUNK];
            let mut left = wanted - len;
            while left > 0 {
                let n = left.min(CHUNK as u64) as usize;
                file.write_all(erased.get(..n).unwrap_or_default())?;
                left -= n as u64;
            }
            file.sync_all()?;
        }
        Ok(FileStorage {
            file,
            sector_size,
            capacity,
        })
    }

    /// Checks that `offset..offset + len` lies inside the storage and seeks to `offset`.
    fn seek_to(&mut self, offset: usize, len: usize) -> Result<(), FileError> {
        match offset.checked_add(len) {
            Some(end) if end <= self.capacity => {
                self.file.seek(SeekFrom::Start(offset as u64))?;
                Ok(())
            }
            _ => Err(FileError::OutOfBounds),
        }
    }
}

impl Storage for FileStorage {
    type Error = FileError;

    fn sector_size(&self) -> usize {
        self.sector_size
    }

    fn capacity(&self) -> usize {
        self.capacity
    }

    fn read(&mut self, offset: usize, buf: &mut [u8]) -> Result<(), FileError> {
        self.seek_to(offset, buf.len())?;
        self.file.read_exact(buf)?;
        Ok(())
    }

    fn erase(&mut self, sector: usize) -> Result<(), FileError> {
        let start = sector
            .checked_mul(self.sector_size)
            .ok_or(FileError::OutOfBounds)?;
        self.seek_to(start, self.sector_size)?;
        let erased = [0xFF; CHUNK];
        let mut left = self.sector_size;
        while left > 0 {
            let n = left.min(CHUNK);
            self.file.write_all(erased.get(..n).unwrap_or_default())?;
            left -= n;
        }
        self.file.sync_data()?;
        Ok(())
    }

    fn program(&mut self, offset: usize, data: &[u8]) -> Result<(), FileError> {
        self.seek_to(offset, data.len())?;
        let mut chunk = [0u8; CHUNK];
        let mut at = offset;
        for new in data.chunks(CHUNK) {
            let old = chunk.get_mut(..new.len()).unwrap_or_default();
            self.read(at, old)?;
            for (byte, &bits) in old.iter_mut().zip(new) {
                *byte &= bits;
            }
            self.file.seek(SeekFrom::Start(at as u64))?;
            self.file.write_all(old)?;
            at += new.len();
        }
        self.file.sync_data()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::persist::{Bookmark, Saved, State, Store, MAX_RECORD_LEN};
    use crate::Position;
    use std::path::PathBuf;

    /// A fresh directory under the system temp dir, removed when dropped.
    struct TempDir(PathBuf);

    impl TempDir {
        fn new(name: &str) -> Self {
            let dir =
                std::env::temp_dir().join(format!("moye-persist-{}-{}", std::process::id(), name));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            TempDir(dir)
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn creates_an_erased_file_and_follows_nor_rules() {
        let dir = TempDir::new("nor");
        let path = dir.0.join("flash.bin");
        let mut flash = FileStorage::open(&path, 4096, 8192).unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().len(), 8192);
        let mut buf = [0u8; 8192];
        flash.read(0, &mut buf).unwrap();
        assert!(buf.iter().all(|&b| b == 0xFF));

        let data: Vec<u8> = (0..1500).map(|i| (i % 253) as u8).collect();
        flash.program(4000, &data).unwrap();
        flash.program(4000, &[0xF0]).unwrap();
        let mut back = vec![0u8; 1500];
        flash.read(4000, &mut back).unwrap();
        assert_eq!(back[0], 0x00);
        assert_eq!(back[1..], data[1..]);
        flash.erase(0).unwrap();
        flash.read(4000, &mut back).unwrap();
        assert!(back[..96].iter().all(|&b| b == 0xFF));
        assert_eq!(back[96..], data[96..]);

        assert!(matches!(
            flash.read(8191, &mut [0; 2]),
            Err(FileError::OutOfBounds)
        ));
        assert!(matches!(
            flash.program(8192, &[0]),
            Err(FileError::OutOfBounds)
        ));
        assert!(matches!(flash.erase(2), Err(FileError::OutOfBounds)));
        assert!(matches!(
            FileStorage::open(dir.0.join("bad"), 3000, 8192),
            Err(FileError::Geometry)
        ));
    }

    #[test]
    fn store_round_trip_survives_reopening_the_file() {
        let dir = TempDir::new("store");
        let path = dir.0.join("state.flash");
        let mut buf = [0u8; MAX_RECORD_LEN];
        let mut state = State {
            last_book: Some(7),
            ..State::default()
        };
        state.set_position(7, Position::new(3, 14));
        state
            .add_bookmark(Bookmark {
                book: 7,
                position: Position::new(1, 5),
            })
            .unwrap();
        {
            let flash = FileStorage::open(&path, 4096, 8192).unwrap();
            let mut store = Store::new(flash).unwrap();
            assert_eq!(store.load(&mut buf).unwrap(), State::default());
            store.save(&State::default(), &mut buf).unwrap();
            store.save(&state, &mut buf).unwrap();
        }
        let flash = FileStorage::open(&path, 4096, 8192).unwrap();
        let mut store = Store::new(flash).unwrap();
        assert_eq!(store.load(&mut buf).unwrap(), state);
        assert_eq!(store.save(&state, &mut buf).unwrap(), Saved::Unchanged);
        state.settings.hanging_punctuation = true;
        store.save(&state, &mut buf).unwrap();
        drop(store);

        let flash = FileStorage::open(&path, 4096, 8192).unwrap();
        assert_eq!(Store::new(flash).unwrap().load(&mut buf).unwrap(), state);
        assert_eq!(std::fs::metadata(&path).unwrap().len(), 8192);
    }
}
