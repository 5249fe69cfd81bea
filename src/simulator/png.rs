//! Saving a display as PNG, headlessly.
//!
//! embedded-graphics-simulator 0.8 encodes PNGs without SDL: its `image` dependency (PNG codec
//! only) is not behind the `with-sdl` feature, so `OutputImage::save_png` works with
//! `default-features = false`.

use std::fmt;
use std::path::{Path, PathBuf};

use embedded_graphics::pixelcolor::{BinaryColor, Rgb888};
use embedded_graphics_simulator::{
    BinaryColorTheme, OutputSettings, OutputSettingsBuilder, SimulatorDisplay,
};

/// Exactly the panel's two states: black ink on white paper. Screenshots use it.
pub const MONO: BinaryColorTheme = BinaryColorTheme::Custom {
    color_off: Rgb888::new(0xff, 0xff, 0xff),
    color_on: Rgb888::new(0x00, 0x00, 0x00),
};

/// The e-paper look of the window: light warm paper, dark ink.
pub const PAPER: BinaryColorTheme = BinaryColorTheme::Custom {
    color_off: PAPER_COLOR,
    color_on: INK_COLOR,
};

/// The paper (`BinaryColor::Off`) of [`PAPER`].
pub const PAPER_COLOR: Rgb888 = Rgb888::new(0xee, 0xe8, 0xd8);
/// The ink (`BinaryColor::On`) of [`PAPER`].
pub const INK_COLOR: Rgb888 = Rgb888::new(0x2a, 0x27, 0x22);

/// Output settings: every display pixel becomes a `scale`×`scale` square, no gaps.
pub fn settings(scale: u32, theme: BinaryColorTheme) -> OutputSettings {
    OutputSettingsBuilder::new()
        .scale(scale.max(1))
        .pixel_spacing(0)
        .theme(theme)
        .build()
}

/// A PNG that could not be written.
#[derive(Debug)]
pub struct PngError {
    /// The file.
    pub path: PathBuf,
    /// What went wrong.
    pub message: String,
}

impl fmt::Display for PngError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot write {}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for PngError {}

/// Saves `display` to `path` as an RGB PNG, each pixel `scale`×`scale`, in `theme`.
pub fn save(
    display: &SimulatorDisplay<BinaryColor>,
    path: &Path,
    scale: u32,
    theme: BinaryColorTheme,
) -> Result<(), PngError> {
    display
        .to_rgb_output_image(&settings(scale, theme))
        .save_png(path)
        .map_err(|e| PngError {
            path: path.to_path_buf(),
            message: e.to_string(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use embedded_graphics::prelude::*;

    fn temp_path(name: &str) -> PathBuf {
        std::env::temp_dir().join(format!("moye-png-test-{}-{name}", std::process::id()))
    }

    /// Width and height from a PNG's IHDR, after checking the signature.
    fn png_size(bytes: &[u8]) -> (u32, u32) {
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(&bytes[12..16], b"IHDR");
        let be = |at: usize| {
            u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
        };
        (be(16), be(20))
    }

    fn tiny_display() -> SimulatorDisplay<BinaryColor> {
        let mut display = SimulatorDisplay::new(Size::new(5, 3));
        display
            .draw_iter([Pixel(Point::new(1, 1), BinaryColor::On)])
            .unwrap();
        display
    }

    #[test]
    fn writes_a_png_of_the_display_size() {
        let path = temp_path("tiny.png");
        save(&tiny_display(), &path, 1, MONO).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        std::fs::remove_file(&path).unwrap();
        assert_eq!(png_size(&bytes), (5, 3));
        // 8-bit RGB
        assert_eq!((bytes[24], bytes[25]), (8, 2));
    }

    #[test]
    fn scale_multiplies_the_size_and_the_pixels_read_back() {
        let path = temp_path("scaled.png");
        save(&tiny_display(), &path, 3, MONO).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(png_size(&bytes), (15, 9));
        let back = SimulatorDisplay::<BinaryColor>::load_png(&path).unwrap();
        std::fs::remove_file(&path).unwrap();
        // load_png reads black as Off; our mono theme wrote ink black, so it reads back inverted.
        assert_eq!(back.get_pixel(Point::new(3, 3)), BinaryColor::Off);
        assert_eq!(back.get_pixel(Point::new(5, 5)), BinaryColor::Off);
        assert_eq!(back.get_pixel(Point::new(0, 0)), BinaryColor::On);
        assert_eq!(back.get_pixel(Point::new(6, 3)), BinaryColor::On);
    }

    #[test]
    fn an_unwritable_path_is_an_error_naming_it() {
        let path = Path::new("/nonexistent-dir/x.png");
        let error = save(&tiny_display(), path, 1, PAPER).unwrap_err();
        assert!(error.to_string().contains("/nonexistent-dir/x.png"));
    }
}
