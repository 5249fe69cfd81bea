//! Drawing pages through embedded-graphics: the surfaces a page is drawn onto.
//!
//! The page renderer (built on [`crate::layout`]) is generic over one small trait,
//! [`GlyphCanvas`]: a binary embedded-graphics [`DrawTarget`] that can also draw a
//! [`Glyph`] at a pen position on the baseline. There are two implementations, and the same
//! page drawn through either gives the same pixels (a property test checks it byte for byte):
//!
//! - [`PackedFramebuffer`], the fast path: a 1-bit framebuffer over a byte buffer the caller
//!   owns, in the panel's own format (a set bit is white, see its module docs), that blits a
//!   glyph's rows as shifted bytes ([`PackedFramebuffer::blit_glyph`]) and fills rectangles a
//!   byte at a time. Its error type is [`Infallible`](core::convert::Infallible).
//! - [`DrawTargetCanvas`], the generic path: wraps any `DrawTarget<Color = BinaryColor>` (a
//!   display driver, a `SimulatorDisplay`, a clipped view) and sends glyph pixels through
//!   `draw_iter`; its errors are the target's own.
//!
//! Selection highlights work on both: fill the box with `On`, then draw the glyphs with
//! [`GlyphCanvas::draw_glyph_in`] and `Off` (a framebuffer can also
//! [`invert`](PackedFramebuffer::invert) what is already drawn).
//!
//! The chrome around the text: [`StatusLine`] is a [`Drawable`] (and draws onto any
//! [`GlyphCanvas`] with [`StatusLine::draw_on`]) showing `12 / 148` and `8%` in figures of the
//! 6×10 fixed font, drawn as glyphs, a bookmark icon in a u8g2 font and a progress bar, and
//! hands back the slot in which the caller sets the book title with CJK glyphs.
//!
//! Nothing here allocates; coordinates far outside the target are clipped, never a panic.
//!
//! # Example
//!
//! ```
//! use embedded_graphics::pixelcolor::BinaryColor;
//! use embedded_graphics::prelude::*;
//! use embedded_graphics::primitives::Rectangle;
//! use moye::glyphs::Glyph;
//! use moye::render::{GlyphCanvas, PackedFramebuffer, StatusLine};
//!
//! const SIZE: Size = Size::new(300, 400);
//! let mut buffer = [0u8; PackedFramebuffer::buffer_len(SIZE.width, SIZE.height)];
//! let mut fb = PackedFramebuffer::new(&mut buffer, SIZE)?;
//! fb.clear(BinaryColor::Off);
//!
//! // A 3×2 glyph whose ink starts 2 px above the baseline.
//! let bits = [0b1011_1100]; // rows `#.#` and `###`, bit-packed
//! let glyph = Glyph { width: 3, height: 2, left: 0, top: 2, advance: 4, bits: &bits };
//! fb.draw_glyph(&glyph, Point::new(20, 40))?;
//! assert_eq!(fb.pixel(Point::new(20, 38)), Some(BinaryColor::On));
//! assert_eq!(fb.pixel(Point::new(21, 38)), Some(BinaryColor::Off));
//!
//! let area = Rectangle::new(Point::new(0, 386), Size::new(300, StatusLine::MIN_HEIGHT));
//! let title_slot = StatusLine::new(area, 12, 148).with_bookmark(true).draw(&mut fb)?;
//! assert!(title_slot.size.width > 150);
//!
//! // `fb.as_bytes()` now goes to the panel's black/white RAM as is.
//! assert_eq!(fb.as_bytes().len(), 38 * 400);
//! # Ok::<(), Box<dyn core::error::Error>>(())
//! ```
//!
//! [`DrawTarget`]: embedded_graphics::draw_target::DrawTarget
//! [`Drawable`]: embedded_graphics::Drawable
//! [`Glyph`]: crate::glyphs::Glyph

mod canvas;
#[cfg(feature = "std")]
mod export;
mod figures;
mod framebuffer;
mod page;
mod reading;
mod status;

pub use canvas::{glyph_box, turned_pixels, DrawTargetCanvas, GlyphCanvas, GlyphPixels};
#[cfg(feature = "std")]
pub use export::book_json;
pub use framebuffer::{FramebufferError, PackedFramebuffer};
pub use page::Page;
pub use reading::{draw_text_line, ReadingView};
pub use status::{percent_read, StatusLine};
