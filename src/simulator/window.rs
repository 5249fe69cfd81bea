//! The simulator window: the app's display in an e-paper look, scaled by a whole factor, with
//! the key help under it.
//!
//! winit opens the window and softbuffer shows pixels in it; both load X11 or Wayland at run
//! time, so building needs nothing but the Rust toolchain. The picture is the
//! `SimulatorDisplay`'s RGB output image (theme [`png::PAPER`]); a full refresh shows it
//! inverted for [`FLASH`] first, like a panel's flashing update.

use std::num::NonZeroU32;
use std::rc::Rc;
use std::time::{Duration, Instant};

use embedded_graphics::mono_font::ascii::{FONT_6X10, FONT_9X15};
use embedded_graphics::mono_font::{MonoFont, MonoTextStyle};
use embedded_graphics::pixelcolor::{BinaryColor, Rgb888};
use embedded_graphics::prelude::*;
use embedded_graphics::primitives::Rectangle;
use embedded_graphics::text::{Baseline, Text};
use embedded_graphics_simulator::{BinaryColorTheme, SimulatorDisplay};
use softbuffer::{Context, Surface};
use winit::application::ApplicationHandler;
use winit::dpi::PhysicalSize;
use winit::event::{ElementState, KeyEvent, WindowEvent};
use winit::event_loop::{ActiveEventLoop, ControlFlow, EventLoop};
use winit::window::{Window, WindowId};

use crate::app::{self, Action, App, Refresh};
use crate::keys::{self, Binding, PressTracker};
use crate::png;

/// How long a full refresh shows the inverted image.
pub const FLASH: Duration = Duration::from_millis(150);

/// How often the app is given the time without input ([`App::tick`]).
const TICK: Duration = Duration::from_secs(1);

/// The window around the display and under the help line.
const BEZEL: Rgb888 = Rgb888::new(0x4a, 0x4c, 0x50);
/// The help line's text.
const HELP_TEXT: Rgb888 = Rgb888::new(0xdc, 0xdc, 0xd6);
/// The help strip's padding, in window pixels.
const HELP_PAD: u32 = 6;
/// The largest window the automatic scale aims for when the monitor is unknown.
const FALLBACK_SCREEN: Size = Size::new(1400, 900);

/// The window's options.
#[derive(Clone, Debug, Default)]
pub struct WindowOptions {
    /// Pixel scale; `None`: the largest that fits the monitor.
    pub scale: Option<u32>,
    /// Keys played into the app before the window shows (`--keys`).
    pub keys: Vec<Action>,
}

/// Opens the window on `app` and runs until it is closed. Errors are for the user: no display,
/// no window system.
pub fn run(app: Box<dyn App>, options: WindowOptions) -> Result<(), String> {
    let event_loop = EventLoop::new().map_err(|e| {
        format!(
            "cannot open a window ({e}); is DISPLAY or WAYLAND_DISPLAY set? Without a display, \
             use `moye screenshot` or `moye --keys \"…\" -o screen.png`"
        )
    })?;
    let mut viewer = Viewer::new(app, options);
    event_loop
        .run_app(&mut viewer)
        .map_err(|e| format!("the window's event loop failed: {e}"))?;
    match viewer.error {
        Some(error) => Err(error),
        None => Ok(()),
    }
}

/// The window's state, driven by winit.
struct Viewer {
    app: Box<dyn App>,
    display: SimulatorDisplay<BinaryColor>,
    scale: Option<u32>,
    start: Instant,
    tracker: PressTracker,
    shift: bool,
    flash_until: Option<Instant>,
    next_tick: Instant,
    window: Option<Rc<Window>>,
    surface: Option<Surface<Rc<Window>, Rc<Window>>>,
    error: Option<String>,
}

impl Viewer {
    fn new(mut app: Box<dyn App>, options: WindowOptions) -> Self {
        let mut now = 0;
        app::play(app.as_mut(), &options.keys, &mut now);
        let display = app::render(app.as_mut());
        Viewer {
            app,
            display,
            scale: options.scale,
            start: Instant::now() - Duration::from_millis(u64::from(now)),
            tracker: PressTracker::new(),
            shift: false,
            flash_until: None,
            next_tick: Instant::now() + TICK,
            window: None,
            surface: None,
            error: None,
        }
    }

    fn now_ms(&self) -> u32 {
        u32::try_from(self.start.elapsed().as_millis()).unwrap_or(u32::MAX)
    }

    fn fail(&mut self, event_loop: &ActiveEventLoop, error: String) {
        self.error = Some(error);
        event_loop.exit();
    }

    fn close(&mut self, event_loop: &ActiveEventLoop) {
        let now = self.now_ms();
        self.app.close(now);
        event_loop.exit();
    }

    /// The scale to open with: given, or the largest whose window fits 90 % of the monitor.
    fn initial_scale(&self, event_loop: &ActiveEventLoop) -> u32 {
        if let Some(scale) = self.scale {
            return scale;
        }
        let screen = event_loop
            .primary_monitor()
            .or_else(|| event_loop.available_monitors().next())
            .map(|m| m.size())
            .filter(|s| s.width > 0 && s.height > 0)
            .map_or(FALLBACK_SCREEN, |s| {
                Size::new(s.width * 9 / 10, s.height * 9 / 10)
            });
        fit_scale(self.display.size(), screen, 8)
    }

    fn create_window(&mut self, event_loop: &ActiveEventLoop) -> Result<(), String> {
        let scale = self.initial_scale(event_loop);
        self.scale = Some(scale);
        let frame = frame_size(self.display.size(), scale);
        let attributes = Window::default_attributes()
            .with_title(self.app.title())
            .with_inner_size(PhysicalSize::new(frame.width, frame.height));
        let window = Rc::new(
            event_loop
                .create_window(attributes)
                .map_err(|e| format!("cannot create the window: {e}"))?,
        );
        let context = Context::new(window.clone())
            .map_err(|e| format!("cannot draw into the window: {e}"))?;
        let surface = Surface::new(&context, window.clone())
            .map_err(|e| format!("cannot draw into the window: {e}"))?;
        window.request_redraw();
        self.window = Some(window);
        self.surface = Some(surface);
        Ok(())
    }

    /// Gives `action` to the app and shows what it asks for.
    fn act(&mut self, action: Action) {
        let now = self.now_ms();
        let refresh = self.app.handle(action, now);
        self.show(refresh);
    }

    /// Draws the app again after `refresh`, flashing on a full one, and follows a rotation.
    fn show(&mut self, refresh: Refresh) {
        if refresh == Refresh::None {
            return;
        }
        let old_size = self.display.size();
        self.display = app::render(self.app.as_mut());
        if refresh == Refresh::Full {
            self.flash_until = Some(Instant::now() + FLASH);
        }
        if let Some(window) = &self.window {
            window.set_title(&self.app.title());
            if self.display.size() != old_size {
                let frame = frame_size(self.display.size(), self.scale.unwrap_or(1));
                // The window manager may refuse; redraw scales down to whatever we get.
                let _ = window.request_inner_size(PhysicalSize::new(frame.width, frame.height));
            }
            window.request_redraw();
        }
    }

    fn key(&mut self, event: &KeyEvent, event_loop: &ActiveEventLoop) {
        let Some(binding) = keys::binding(&event.logical_key) else {
            return;
        };
        let now = self.now_ms();
        let pressed = event.state == ElementState::Pressed;
        match binding {
            Binding::Button(button) => {
                let input = if pressed {
                    if event.repeat {
                        None
                    } else {
                        self.tracker.key_down(button, self.shift, now)
                    }
                } else {
                    self.tracker.key_up(button, now)
                };
                if let Some(input) = input {
                    self.act(Action::Button(input));
                }
            }
            Binding::Shortcut(shortcut) if pressed && !event.repeat => {
                self.act(Action::Shortcut(shortcut));
            }
            Binding::Quit if pressed => self.close(event_loop),
            _ => {}
        }
    }

    fn redraw(&mut self) -> Result<(), String> {
        let (Some(window), Some(surface)) = (&self.window, &mut self.surface) else {
            return Ok(());
        };
        let inner = window.inner_size();
        let (Some(width), Some(height)) =
            (NonZeroU32::new(inner.width), NonZeroU32::new(inner.height))
        else {
            return Ok(()); // minimized
        };
        let area = Size::new(inner.width, inner.height);
        let wanted = self.scale.unwrap_or(1);
        let scale = fit_frame_scale(self.display.size(), area, wanted);
        let flashing = self.flash_until.is_some_and(|t| Instant::now() < t);
        let frame = compose(&self.display, scale, flashing);

        surface
            .resize(width, height)
            .map_err(|e| format!("cannot resize the window's buffer: {e}"))?;
        let mut buffer = surface
            .buffer_mut()
            .map_err(|e| format!("cannot draw into the window: {e}"))?;
        blit_centred(&mut buffer, area, &frame);
        buffer
            .present()
            .map_err(|e| format!("cannot show the window's buffer: {e}"))
    }
}

impl ApplicationHandler for Viewer {
    fn resumed(&mut self, event_loop: &ActiveEventLoop) {
        if self.window.is_none() {
            if let Err(error) = self.create_window(event_loop) {
                self.fail(event_loop, error);
            }
        }
    }

    fn window_event(&mut self, event_loop: &ActiveEventLoop, _id: WindowId, event: WindowEvent) {
        match event {
            WindowEvent::CloseRequested => self.close(event_loop),
            WindowEvent::Resized(_) => {
                if let Some(window) = &self.window {
                    window.request_redraw();
                }
            }
            WindowEvent::RedrawRequested => {
                if let Err(error) = self.redraw() {
                    self.fail(event_loop, error);
                }
            }
            WindowEvent::ModifiersChanged(modifiers) => {
                self.shift = modifiers.state().shift_key();
            }
            WindowEvent::Focused(false) => {
                self.tracker.release_all();
                self.shift = false;
            }
            WindowEvent::KeyboardInput { event, .. } => self.key(&event, event_loop),
            _ => {}
        }
    }

    fn about_to_wait(&mut self, event_loop: &ActiveEventLoop) {
        for input in self.tracker.poll(self.now_ms()) {
            self.act(Action::Button(input));
        }
        if Instant::now() >= self.next_tick {
            let refresh = self.app.tick(self.now_ms());
            self.show(refresh);
            self.next_tick = Instant::now() + TICK;
        }
        // Count pages in slices while no input waits; come straight back while there is more.
        let busy = match self.app.work_ahead() {
            Some(refresh) => {
                self.show(refresh);
                true
            }
            None => false,
        };
        if let Some(until) = self.flash_until {
            if Instant::now() >= until {
                self.flash_until = None;
                if let Some(window) = &self.window {
                    window.request_redraw();
                }
            }
        }
        let long_press = self.tracker.deadline().map(|ms| {
            let ahead = ms.saturating_sub(self.now_ms());
            Instant::now() + Duration::from_millis(u64::from(ahead))
        });
        let wake = [long_press, self.flash_until]
            .into_iter()
            .flatten()
            .fold(self.next_tick, Instant::min);
        if busy {
            event_loop.set_control_flow(ControlFlow::Poll);
        } else {
            event_loop.set_control_flow(ControlFlow::WaitUntil(wake));
        }
    }
}

/// An RGB picture in softbuffer's pixel format (`0x00RRGGBB`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Frame {
    /// Size in pixels.
    pub size: Size,
    /// Rows top to bottom.
    pub pixels: Vec<u32>,
}

fn pack(color: Rgb888) -> u32 {
    (u32::from(color.r()) << 16) | (u32::from(color.g()) << 8) | u32::from(color.b())
}

impl OriginDimensions for Frame {
    fn size(&self) -> Size {
        self.size
    }
}

impl DrawTarget for Frame {
    type Color = Rgb888;
    type Error = core::convert::Infallible;

    fn draw_iter<I>(&mut self, pixels: I) -> Result<(), Self::Error>
    where
        I: IntoIterator<Item = Pixel<Self::Color>>,
    {
        let (w, h) = (self.size.width as usize, self.size.height as usize);
        for Pixel(p, color) in pixels {
            if let (Ok(x), Ok(y)) = (usize::try_from(p.x), usize::try_from(p.y)) {
                if x < w && y < h {
                    if let Some(px) = self.pixels.get_mut(y * w + x) {
                        *px = pack(color);
                    }
                }
            }
        }
        Ok(())
    }
}

/// The help text broken into lines of at most `columns` characters, at ` | ` separators.
pub fn help_lines(columns: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for part in keys::HELP.split(" | ") {
        match lines.last_mut() {
            Some(line) if line.len() + 3 + part.len() <= columns => {
                line.push_str(" | ");
                line.push_str(part);
            }
            _ => lines.push(part.to_string()),
        }
    }
    lines
}

/// The help line's font at `scale`: small at 1, larger on a scaled-up display.
fn help_font(scale: u32) -> &'static MonoFont<'static> {
    if scale >= 2 {
        &FONT_9X15
    } else {
        &FONT_6X10
    }
}

/// The help text in lines for a strip `width` px wide at `scale`, and the pitch of a line.
fn help_layout(width: u32, scale: u32) -> (Vec<String>, u32) {
    let font = help_font(scale);
    let columns = width.saturating_sub(2 * HELP_PAD) / font.character_size.width;
    let pitch = font.character_size.height + 2;
    (help_lines(columns.max(1) as usize), pitch)
}

/// The window size for a display of `display` px at `scale`: the display, then the help strip.
pub fn frame_size(display: Size, scale: u32) -> Size {
    let width = display.width * scale;
    let (lines, pitch) = help_layout(width, scale);
    let strip = lines.len() as u32 * pitch + 2 * HELP_PAD;
    Size::new(width, display.height * scale + strip)
}

/// The largest scale up to `max` whose frame fits `screen` (at least 1).
pub fn fit_scale(display: Size, screen: Size, max: u32) -> u32 {
    (1..=max)
        .rev()
        .find(|&s| {
            let frame = frame_size(display, s);
            frame.width <= screen.width && frame.height <= screen.height
        })
        .unwrap_or(1)
}

/// `wanted`, or less if the window is smaller than its frame.
fn fit_frame_scale(display: Size, area: Size, wanted: u32) -> u32 {
    fit_scale(display, area, wanted.max(1))
}

/// The frame at `scale`: the display in paper colours (inverted while `flashing`), the help
/// strip under it.
pub fn compose(display: &SimulatorDisplay<BinaryColor>, scale: u32, flashing: bool) -> Frame {
    let size = frame_size(display.size(), scale);
    let mut frame = Frame {
        size,
        pixels: vec![pack(BEZEL); (size.width * size.height) as usize],
    };
    let theme = if flashing {
        BinaryColorTheme::Custom {
            color_off: png::INK_COLOR,
            color_on: png::PAPER_COLOR,
        }
    } else {
        png::PAPER
    };
    let image = display.to_rgb_output_image(&png::settings(scale, theme));
    let rgb = image.as_image_buffer();
    let rgb: &[u8] = rgb.as_raw();
    // The image is exactly as wide as the frame, so its rows are the frame's first rows.
    for (i, px) in rgb.chunks_exact(3).enumerate() {
        if let (Some(out), [r, g, b]) = (frame.pixels.get_mut(i), px) {
            *out = pack(Rgb888::new(*r, *g, *b));
        }
    }

    let top = display.size().height * scale;
    let (lines, pitch) = help_layout(size.width, scale);
    let style = MonoTextStyle::new(help_font(scale), HELP_TEXT);
    let mut y = (top + HELP_PAD) as i32;
    for line in lines {
        let _ = Text::with_baseline(&line, Point::new(HELP_PAD as i32, y), style, Baseline::Top)
            .draw(&mut frame);
        y += pitch as i32;
    }
    // A hairline between the panel and the strip.
    let _ = Rectangle::new(Point::new(0, top as i32), Size::new(size.width, 1))
        .into_styled(embedded_graphics::primitives::PrimitiveStyle::with_fill(
            Rgb888::new(0x30, 0x31, 0x34),
        ))
        .draw(&mut frame);
    frame
}

/// Copies `frame` into a window buffer of `area`, centred, clipped, the rest bezel.
fn blit_centred(buffer: &mut [u32], area: Size, frame: &Frame) {
    buffer.fill(pack(BEZEL));
    let (aw, ah) = (area.width as usize, area.height as usize);
    let (fw, fh) = (frame.size.width as usize, frame.size.height as usize);
    let x0 = aw.saturating_sub(fw) / 2;
    let y0 = ah.saturating_sub(fh) / 2;
    let w = fw.min(aw);
    for y in 0..fh.min(ah) {
        let src = frame.pixels.get(y * fw..y * fw + w);
        let dst = buffer.get_mut((y0 + y) * aw + x0..(y0 + y) * aw + x0 + w);
        if let (Some(src), Some(dst)) = (src, dst) {
            dst.copy_from_slice(src);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn display(size: Size) -> SimulatorDisplay<BinaryColor> {
        let mut d = SimulatorDisplay::new(size);
        d.draw_iter([Pixel(Point::new(0, 0), BinaryColor::On)])
            .unwrap();
        d
    }

    #[test]
    fn help_lines_fit_their_width_and_keep_everything() {
        for columns in [40, 80, 100, 140] {
            let lines = help_lines(columns);
            assert!(lines.iter().all(|l| l.len() <= columns), "{columns}");
            assert_eq!(lines.join(" | "), keys::HELP);
        }
    }

    #[test]
    fn frames_are_the_scaled_display_plus_the_help_strip() {
        let frame = frame_size(Size::new(300, 400), 2);
        assert_eq!(frame.width, 600);
        assert!(frame.height > 800 && frame.height < 800 + 100);
    }

    #[test]
    fn the_scale_is_the_largest_that_fits() {
        let pico = Size::new(300, 400);
        assert_eq!(fit_scale(pico, Size::new(1400, 900), 8), 2);
        assert_eq!(fit_scale(pico, Size::new(1920, 1400), 8), 3);
        assert_eq!(fit_scale(pico, Size::new(100, 100), 8), 1);
        assert_eq!(fit_scale(Size::new(296, 128), Size::new(1400, 900), 3), 3);
    }

    #[test]
    fn composing_shows_paper_ink_and_flash_inverts() {
        let d = display(Size::new(4, 3));
        let normal = compose(&d, 2, false);
        assert_eq!(normal.pixels[0], pack(png::INK_COLOR));
        assert_eq!(normal.pixels[1], pack(png::INK_COLOR));
        assert_eq!(normal.pixels[2], pack(png::PAPER_COLOR));
        let width = normal.size.width as usize;
        assert_eq!(normal.pixels[width + 1], pack(png::INK_COLOR));
        assert_eq!(normal.pixels[2 * width], pack(png::PAPER_COLOR));
        let flashed = compose(&d, 2, true);
        assert_eq!(flashed.pixels[0], pack(png::PAPER_COLOR));
        assert_eq!(flashed.pixels[2], pack(png::INK_COLOR));
        // The help strip is drawn: some help text pixels.
        assert!(normal.pixels.contains(&pack(HELP_TEXT)));
    }

    #[test]
    fn blitting_centres_and_clips() {
        let frame = Frame {
            size: Size::new(2, 2),
            pixels: vec![1, 2, 3, 4],
        };
        let mut buffer = vec![0; 16];
        blit_centred(&mut buffer, Size::new(4, 4), &frame);
        assert_eq!(buffer[5..7], [1, 2]);
        assert_eq!(buffer[9..11], [3, 4]);
        assert_eq!(buffer[0], pack(BEZEL));
        let mut small = vec![0; 1];
        blit_centred(&mut small, Size::new(1, 1), &frame);
        assert_eq!(small, [1]);
    }
}
