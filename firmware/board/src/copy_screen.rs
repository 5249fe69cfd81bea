//! The screen a board shows while it copies a memory card's library files into its flash
//! (some seconds a megabyte: the card read, the flash erased and programmed), before the
//! reader starts: which file, how far, and not to take the card out, drawn by the core
//! ([`draw_copying`]).
//!
//! The copy never waits for the panel. [`CopyScreen::update`] draws and starts a refresh only
//! when the panel is free and the figure changed, so the screen follows the copy as fast as the
//! panel refreshes; the first refresh is a full one (the panel shows whatever it showed before
//! the board started), the others partial. [`CopyScreen::finish`] completes the last refresh
//! before the reader takes the panel (and shows its first screen with a full refresh).

use embedded_graphics::prelude::Size;
use moye::format::Library;
use moye::persist::Orientation;
use moye::render::PackedFramebuffer;
use moye::ui::{draw_copying, CopyProgress, Refresh};

use crate::panel::{Panel, PanelImage};
use crate::reader::Device;

/// How far the copy has got when file `file` of `files` (from 0, in the card's order) is read at
/// `offset` of its `len` bytes: its percentage, rounded down (an empty file is done).
pub fn progress(file: usize, files: usize, offset: u32, len: u32) -> CopyProgress {
    let percent = match len {
        0 => 100,
        len => u64::from(offset.min(len)) * 100 / u64::from(len),
    };
    CopyProgress {
        file: u8::try_from(file).unwrap_or(u8::MAX),
        files: u8::try_from(files).unwrap_or(u8::MAX),
        percent: u8::try_from(percent).unwrap_or(100),
    }
}

/// The progress screen on a board's panel, drawn into the reader's framebuffer.
pub struct CopyScreen<'p, 'b, 'l, P: Panel> {
    panel: &'p mut P,
    framebuffer: &'b mut [u8],
    device: Device,
    library: Library<'l>,
    /// What the panel shows, or is refreshing to.
    shown: Option<CopyProgress>,
    /// A refresh was started and not finished.
    refreshing: bool,
}

impl<'p, 'b, 'l, P: Panel> CopyScreen<'p, 'b, 'l, P> {
    /// Nothing shown yet: the panel keeps its image until the first [`update`](Self::update).
    pub fn new(
        panel: &'p mut P,
        framebuffer: &'b mut [u8],
        device: Device,
        library: Library<'l>,
    ) -> Self {
        CopyScreen {
            panel,
            framebuffer,
            device,
            library,
            shown: None,
            refreshing: false,
        }
    }

    /// Shows `progress` if the panel is free and shows something else; never waits.
    pub fn update(&mut self, progress: CopyProgress) {
        if self.shown == Some(progress) {
            return;
        }
        if self.refreshing {
            // A busy line that cannot be read counts as busy: the next update asks again.
            if self.panel.is_busy().unwrap_or(true) {
                return;
            }
            self.complete();
        }
        let refresh = match self.shown {
            None => Refresh::Full,
            Some(_) => Refresh::Partial,
        };
        let size = screen_size(&self.device);
        let Ok(mut framebuffer) = PackedFramebuffer::new(self.framebuffer, size) else {
            return;
        };
        // Drawing into a packed framebuffer cannot fail (its error type is `Infallible`).
        let _ = draw_copying(
            &mut framebuffer,
            self.library,
            &self.device.profile,
            &progress,
        );
        let started = panel_image(self.framebuffer, &self.device)
            .map(|image| self.panel.show(&image, refresh));
        if let Some(Ok(_)) = started {
            self.shown = Some(progress);
            self.refreshing = true;
        }
    }

    /// Waits for the refresh running, if any, and completes it.
    pub fn finish(mut self) {
        if self.refreshing {
            self.complete();
        }
    }

    /// Completes the refresh started last, with the image it shows (still in the framebuffer).
    fn complete(&mut self) {
        self.refreshing = false;
        if let Some(image) = panel_image(self.framebuffer, &self.device) {
            // A refresh that failed to complete leaves the panel to the next one.
            let _ = self.panel.finish(&image);
        }
    }
}

/// The portrait screen the progress is drawn in ([`draw_copying`]).
fn screen_size(device: &Device) -> Size {
    device.profile.screen(Orientation::Portrait)
}

/// The framebuffer holding the progress, as the panel takes it.
fn panel_image<'f>(framebuffer: &'f [u8], device: &Device) -> Option<PanelImage<'f>> {
    PanelImage::new(
        framebuffer,
        screen_size(device),
        device.profile.panel,
        device.rotation,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::panel::Rotation;
    use crate::reader::framebuffer_len;
    use crate::testing::Recorder;
    use moye::profile::X4;

    const DEVICE: Device = Device {
        profile: X4,
        rotation: Rotation::Clockwise,
    };

    fn at(file: u8, percent: u8) -> CopyProgress {
        CopyProgress {
            file,
            files: 2,
            percent,
        }
    }

    #[test]
    fn the_screen_follows_the_copy_as_fast_as_the_panel_refreshes() {
        let library = Library::builtin().unwrap();
        let mut panel = Recorder {
            busy_polls: 3,
            ..Recorder::default()
        };
        let mut framebuffer = vec![0; framebuffer_len(X4.panel)];
        let mut screen = CopyScreen::new(&mut panel, &mut framebuffer, DEVICE, library);
        // The first figure is shown at once, with a full refresh.
        screen.update(at(0, 0));
        // While it refreshes, the copy goes on and the figures are not shown.
        screen.update(at(0, 1));
        screen.update(at(0, 2));
        // The panel is free on the third question: the figure of then is shown, partially.
        screen.update(at(0, 3));
        // The same figure again starts nothing, and does not even ask the panel.
        screen.update(at(0, 3));
        screen.update(at(0, 3));
        // The next file's figures: the one of when the panel is free again is shown.
        screen.update(at(1, 0));
        screen.update(at(1, 1));
        screen.update(at(1, 2));
        screen.finish();
        let refreshes: Vec<Refresh> = panel.shown.iter().map(|(refresh, _)| *refresh).collect();
        assert_eq!(
            refreshes,
            [Refresh::Full, Refresh::Partial, Refresh::Partial]
        );
        // Every refresh was completed with the image it showed, the last by `finish`.
        let shown: Vec<&Vec<u8>> = panel.shown.iter().map(|(_, image)| image).collect();
        assert_eq!(panel.finished.iter().collect::<Vec<_>>(), shown);
        assert!(!panel.running);
        // Each shows a different figure.
        assert_ne!(shown[0], shown[1]);
        assert_ne!(shown[1], shown[2]);
    }

    #[test]
    fn progress_is_the_share_of_the_file_read() {
        assert_eq!(
            progress(0, 2, 0, 1_000),
            CopyProgress {
                file: 0,
                files: 2,
                percent: 0
            }
        );
        assert_eq!(progress(1, 2, 999, 1_000).percent, 99);
        assert_eq!(progress(1, 2, 1_000, 1_000).percent, 100);
        // Past the end (a file that grew), and a file of nothing: done.
        assert_eq!(progress(1, 2, 4_000, 1_000).percent, 100);
        assert_eq!(progress(0, 1, 0, 0).percent, 100);
        // A large file does not overflow; counts past 255 saturate.
        assert_eq!(progress(0, 1, u32::MAX / 2, u32::MAX).percent, 49);
        assert_eq!(progress(300, 300, 0, 1).file, 255);
    }

    #[test]
    fn what_is_shown_is_the_cores_copying_screen_turned_onto_the_panel() {
        let library = Library::builtin().unwrap();
        let mut panel = Recorder::default();
        let mut framebuffer = vec![0; framebuffer_len(X4.panel)];
        let mut screen = CopyScreen::new(&mut panel, &mut framebuffer, DEVICE, library);
        screen.update(at(1, 60));
        screen.finish();
        let size = X4.screen(Orientation::Portrait);
        let mut expected = vec![0; framebuffer_len(X4.panel)];
        let mut packed = PackedFramebuffer::new(&mut expected, size).unwrap();
        draw_copying(&mut packed, library, &X4, &at(1, 60)).unwrap();
        let image = PanelImage::new(&expected, size, X4.panel, DEVICE.rotation).unwrap();
        assert_eq!(panel.shown[0].1, crate::testing::bytes_of(&image));
    }
}
