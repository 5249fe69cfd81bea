//! Compiles a library by hand: `cargo run -p moye-compiler --release --example compile --
//! CONTENT_DIR OUT.bin [SIZES]`. The build script does the same for the built-in library.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [content, out, rest @ ..] = args.as_slice() else {
        eprintln!("usage: compile CONTENT_DIR OUT.bin [16,20,24]");
        std::process::exit(2);
    };
    let sizes = rest.first().map_or("16,20,24,28,32", String::as_str);
    let options = moye_compiler::Options {
        ui_strings: Some("src/ui/strings.rs".into()),
        ..moye_compiler::Options::new(
            vec![content.into()],
            "fonts/NotoSansCJKsc-Regular.otf".into(),
            sizes.split(',').filter_map(|s| s.parse().ok()).collect(),
        )
    };
    let started = std::time::Instant::now();
    match moye_compiler::compile(&options) {
        Ok(output) => {
            std::fs::write(out, &output.blob).unwrap_or_else(|e| panic!("{out}: {e}"));
            eprintln!(
                "{out}: {} bytes in {:.2?}",
                output.blob.len(),
                started.elapsed()
            );
        }
        Err(error) => {
            eprintln!("error: {error}");
            std::process::exit(1);
        }
    }
}
