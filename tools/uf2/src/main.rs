//! `moye-uf2 FIRMWARE.elf FIRMWARE.uf2 [--max-flash BYTES]`: writes the UF2 file the Pico's
//! USB boot loader takes, and prints the image's flash and static RAM use. With `--max-flash`
//! it fails when the image takes more flash than that.

use std::process::ExitCode;

use moye_uf2::{read_uf2, Image, BLOCK};

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("moye-uf2: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Vec<String>) -> Result<(), String> {
    let usage = "usage: moye-uf2 FIRMWARE.elf FIRMWARE.uf2 [--max-flash BYTES]";
    let (elf, uf2, max_flash) = match args.as_slice() {
        [elf, uf2] => (elf, uf2, None),
        [elf, uf2, flag, max] if flag == "--max-flash" => {
            let max: u32 = max
                .parse()
                .map_err(|_| format!("not a byte count: {max}"))?;
            (elf, uf2, Some(max))
        }
        _ => return Err(usage.into()),
    };
    let bytes = std::fs::read(elf).map_err(|e| format!("{elf}: {e}"))?;
    let image = Image::from_elf(&bytes).map_err(|e| format!("{elf}: {e}"))?;
    let out = image.to_uf2();
    // What a boot loader would read back: every block well-formed.
    read_uf2(&out).map_err(|e| format!("internal error, bad UF2: {e}"))?;
    std::fs::write(uf2, &out).map_err(|e| format!("{uf2}: {e}"))?;
    println!(
        "{uf2}: {} blocks; flash {} bytes ({:.1} KiB, up to {:#010x}); static RAM {} bytes \
         ({} zero-initialised)",
        out.len() / BLOCK,
        image.flash_bytes,
        f64::from(image.flash_bytes) / 1024.0,
        image.flash_end,
        image.static_ram,
        image.zeroed_ram,
    );
    if let Some(max) = max_flash {
        if image.flash_bytes > max {
            return Err(format!(
                "the image takes {} bytes of flash, more than {max}",
                image.flash_bytes
            ));
        }
    }
    Ok(())
}
