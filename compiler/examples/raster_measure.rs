//! Measures the rasterizer over every character of the books: bytes per glyph at each size
//! and the time to rasterize them all.
//!
//! ```text
//! cargo run --release -p moye-compiler --example raster_measure
//! ```
//!
//! Bytes per glyph count the packed rows plus 8 bytes of metrics (the blob's estimate for
//! width, height, bearings, advance and an offset), against the ~600 KiB budget for ~1700
//! glyphs at five sizes. For comparison it also shows what the same ink boxes would take
//! with rows packed bit to bit instead of byte-aligned, and as untrimmed em squares.

use std::path::Path;
use std::time::Instant;

use moye_compiler::raster::Rasterizer;

const SIZES: [u8; 5] = [16, 20, 24, 28, 32];
const METRICS_BYTES: usize = 8;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let font = std::fs::read(root.join("fonts/NotoSansCJKsc-Regular.otf"))?;
    let mut chars: Vec<char> = Vec::new();
    for entry in std::fs::read_dir(root.join("content"))? {
        chars.extend(std::fs::read_to_string(entry?.path())?.chars());
    }
    chars.retain(|c| !c.is_control());
    chars.sort_unstable();
    chars.dedup();
    let ideographs = chars
        .iter()
        .filter(|&&c| ('\u{3400}'..='\u{9fff}').contains(&c))
        .count();
    println!(
        "{} distinct characters in content/ ({ideographs} CJK ideographs)",
        chars.len()
    );

    let start = Instant::now();
    let rasterizer = Rasterizer::new(&font)?;
    println!("Rasterizer::new: {:.1} ms", ms(start));

    let mut total_bytes = 0;
    let mut total_glyphs = 0;
    let mut total_bit_packed = 0;
    let all = Instant::now();
    println!(
        "{:>4} {:>7} {:>10} {:>8} {:>12} {:>15} {:>15} {:>8}",
        "px",
        "glyphs",
        "bytes",
        "B/glyph",
        "B/ideograph",
        "bit-packed B/g",
        "em-square B/g",
        "time ms"
    );
    for px in SIZES {
        let start = Instant::now();
        let sized = rasterizer.at_size(px)?;
        let mut bytes = 0;
        let mut bit_packed = 0;
        let mut ideograph_bytes = 0;
        let mut glyphs = 0;
        for &c in &chars {
            let Some(glyph) = sized.try_glyph(c)? else {
                println!("  no glyph for {c:?} at {px} px");
                continue;
            };
            let size = glyph.rows.len() + METRICS_BYTES;
            bytes += size;
            bit_packed +=
                (usize::from(glyph.width) * usize::from(glyph.height)).div_ceil(8) + METRICS_BYTES;
            glyphs += 1;
            if ('\u{3400}'..='\u{9fff}').contains(&c) {
                ideograph_bytes += size;
            }
        }
        let elapsed = ms(start);
        // The same glyphs stored as full em squares instead of trimmed ink boxes.
        let untrimmed = usize::from(px) * usize::from(px).div_ceil(8) + METRICS_BYTES;
        let per_glyph = |bytes: usize| bytes as f64 / glyphs.max(1) as f64;
        println!(
            "{px:>4} {glyphs:>7} {bytes:>10} {:>8.1} {:>12.1} {:>15.1} {untrimmed:>15} {elapsed:>8.1}",
            per_glyph(bytes),
            ideograph_bytes as f64 / ideographs.max(1) as f64,
            per_glyph(bit_packed),
        );
        total_bit_packed += bit_packed;
        total_bytes += bytes;
        total_glyphs += glyphs;
    }
    println!(
        "all sizes: {total_glyphs} glyphs, {total_bytes} bytes ({:.1} KiB), {:.1} ms",
        total_bytes as f64 / 1024.0,
        ms(all)
    );
    let scaled = |bytes: usize| bytes as f64 / chars.len().max(1) as f64 * 1700.0 / 1024.0;
    println!(
        "scaled to 1700 characters: {:.0} KiB for the five sizes with byte-aligned rows, \
         {:.0} KiB bit-packed",
        scaled(total_bytes),
        scaled(total_bit_packed)
    );
    Ok(())
}

fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1000.0
}
