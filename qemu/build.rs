//! Puts the target's memory layout where the linker finds it — memory.x for mps2-an385, which
//! cortex-m-rt's link.x includes, and memory-riscv32.x for QEMU's RISC-V virt machine, which
//! .cargo/config.toml passes before riscv-rt's link.x — and tells the harness which target it is built for: a thumbv6m build runs the
//! Cortex-M0+ instruction set.

use std::path::PathBuf;

fn main() {
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let target = std::env::var("TARGET").expect("cargo sets TARGET");
    let memory = if target.starts_with("riscv32") {
        "memory-riscv32.x"
    } else {
        "memory.x"
    };
    std::fs::copy(memory, out.join(memory)).expect("the memory layouts are next to Cargo.toml");
    println!("cargo::rustc-link-search={}", out.display());
    println!("cargo::rerun-if-changed=memory.x");
    println!("cargo::rerun-if-changed=memory-riscv32.x");
    println!("cargo::rerun-if-changed=build.rs");

    println!("cargo::rustc-env=MOYE_QEMU_TARGET={target}");
    println!("cargo::rustc-check-cfg=cfg(armv6m)");
    if target.starts_with("thumbv6m") {
        println!("cargo::rustc-cfg=armv6m");
    }
}
