//! Puts memory.x where the linker (running cortex-m-rt's link.x) finds it, and tells the
//! harness which target it is built for: a thumbv6m build runs the Cortex-M0+ instruction set.

use std::path::PathBuf;

fn main() {
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::copy("memory.x", out.join("memory.x")).expect("memory.x is next to Cargo.toml");
    println!("cargo::rustc-link-search={}", out.display());
    println!("cargo::rerun-if-changed=memory.x");
    println!("cargo::rerun-if-changed=build.rs");

    let target = std::env::var("TARGET").expect("cargo sets TARGET");
    println!("cargo::rustc-env=MOYE_QEMU_TARGET={target}");
    println!("cargo::rustc-check-cfg=cfg(armv6m)");
    if target.starts_with("thumbv6m") {
        println!("cargo::rustc-cfg=armv6m");
    }
}
