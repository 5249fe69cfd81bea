//! Drawing pages through embedded-graphics.

mod canvas;
mod framebuffer;

pub use canvas::{glyph_box, DrawTargetCanvas, GlyphCanvas, GlyphPixels};
pub use framebuffer::{FramebufferError, PackedFramebuffer};
