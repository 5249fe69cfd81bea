//! Hinted 1-bit rasterization of the glyphs the books use.
