#!/usr/bin/env bash
# Runs the Moye core on an emulated Cortex-M3 (QEMU mps2-an385) and on an emulated RISC-V hart
# (QEMU virt) and checks it against the host.
#
# For each target (thumbv7m, the Cortex-M3 QEMU emulates; thumbv6m, the Cortex-M0+ instruction
# set the RP2040 estimates are for; riscv32imc, the ESP32-C3's, when asked for) it builds the
# harness once with a blob of the pico-epd42 profile's sizes (16, 20, 24 px, as the Pico firmware
# carries), runs it under qemu-system-arm or qemu-system-riscv32 (the runners in
# .cargo/config.toml) and compares its HASH lines with those of the host test
# tests/qemu_hash.rs, which compiles the same blob. Exits non-zero on a panic, a fault, a build
# error, a missing line or any difference. The harness' measurements of every run are in $LOGS,
# and their summary is printed.
#
# Environment: MOYE_CONTENT (the books built in, as for the core's build script: default
# content/, the two articles; CI also runs it with the novel), MOYE_QEMU_SIZES (default
# "16,20,24"), MOYE_QEMU_TARGETS (default "thumbv7m-none-eabi thumbv6m-none-eabi"; may also
# name riscv32imc-unknown-none-elf),
# MOYE_QEMU_TIMEOUT (seconds per run, default 1200), CARGO_TARGET_DIR (optional, used by both
# builds), LOGS (where the logs go).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
sizes="${MOYE_QEMU_SIZES:-16,20,24}"
export MOYE_FONT_SIZES="$sizes"
targets="${MOYE_QEMU_TARGETS:-thumbv7m-none-eabi thumbv6m-none-eabi}"
run_timeout="${MOYE_QEMU_TIMEOUT:-1200}"
target_dir="$(cd "$here" && cargo metadata --format-version 1 --no-deps |
    sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')"
logs="${LOGS:-$target_dir/qemu-logs}"
mkdir -p "$logs"

# The emulator a target runs on, and the Debian package that has it.
emulator() {
    case "$1" in
    riscv32*) echo "qemu-system-riscv32 qemu-system-misc" ;;
    *) echo "qemu-system-arm qemu-system-arm" ;;
    esac
}
for target in $targets; do
    read -r qemu package <<<"$(emulator "$target")"
    command -v "$qemu" >/dev/null || {
        echo "run.sh: $qemu not found (apt-get install $package)" >&2
        exit 1
    }
done

echo "== host: tests/qemu_hash.rs (sizes $sizes, content ${MOYE_CONTENT:-content/})"
# The test profile, as `cargo test` builds it: on the novel the host side takes about 50 s there,
# where a release build of the test's dependencies would cost minutes more in CI.
(cd "$here/.." && MOYE_QEMU_HASHES="$logs/host.txt" cargo test --test qemu_hash -- --quiet)

status=0
for target in $targets; do
    log="$logs/$target.log"
    echo "== qemu: $target, sizes $sizes"
    started=$SECONDS
    set +e
    (cd "$here" && timeout "$run_timeout" cargo run --quiet --release --target "$target") \
        >"$log" 2>"$log.stderr"
    code=$?
    set -e
    echo "  build and run: $((SECONDS - started)) s"
    grep -v '^Timer with period zero, disabling$' "$log.stderr" >&2 || true
    if [ "$code" -ne 0 ] || ! grep -q '^DONE$' "$log"; then
        echo "FAIL $target: exit status $code (see $log)" >&2
        status=1
        continue
    fi
    elf="$target_dir/$target/release/moye-qemu"
    if grep -aq '__rust_alloc\|__rdl_alloc\|__rg_alloc' "$elf"; then
        echo "FAIL $target: an allocator is linked into $elf" >&2
        status=1
    fi
    grep '^HASH ' "$log" >"$log.hash"
    if [ ! -s "$logs/host.txt" ]; then
        echo "FAIL: the host test wrote no HASH lines" >&2
        status=1
    elif ! diff -u "$logs/host.txt" "$log.hash" >&2; then
        echo "FAIL $target: the MCU's hashes differ from the host's (- host, + qemu)" >&2
        status=1
    else
        sed -n 's/^HASH /  ok /p' "$log"
    fi
    grep -E '^(LIBRARY|TURN|AHEAD|PAGINATE|OPEN|COUNT|INDEX|STACK|RAM|FLASH|BUDGET) ' "$log" | sed 's/^/  /'
done

if [ "$status" -eq 0 ]; then
    echo "qemu: every page hash matches the host's"
fi
exit "$status"
