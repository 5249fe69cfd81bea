#!/usr/bin/env python3
"""Where the harness' instructions go: an exact profile by function of one measured section.

Runs a harness ELF under qemu-system-arm with `-singlestep -d exec,nochain`, which logs the
address of every executed instruction, and counts the addresses executed from the moment one
function is entered (`--inside`, by default `ReadingView::draw_with_battery`, the page turn)
until the harness' main loop runs again (`--caller`). The counts are exact thumbv6m (or thumbv7m)
instructions, not samples; they are summed by the function each address lies in (inlined code
counts for the function it was inlined into; `--lines` resolves it to source lines with
llvm-symbolizer instead).

    cd qemu && MOYE_FONT_SIZES=16 cargo build --release --target thumbv6m-none-eabi
    python3 profile.py target/thumbv6m-none-eabi/release/moye-qemu
    python3 profile.py target/thumbv6m-none-eabi/release/moye-qemu --inside SparseIndex::step

The log is about 80 bytes an instruction, so it goes through a pipe, never a file; the two
articles at one size (about 220 M instructions) take some 5 minutes. Needs llvm-nm (and
llvm-symbolizer for --lines).
"""

import argparse
import bisect
import collections
import os
import re
import subprocess
import sys
import tempfile
import time

QEMU = [
    "qemu-system-arm", "-cpu", "cortex-m3", "-machine", "mps2-an385", "-nographic",
    "-semihosting-config", "enable=on,target=native", "-icount", "shift=0",
    "-singlestep", "-d", "exec,nochain",
]


def functions(elf):
    """(start, end, name) of the ELF's functions, sorted, hash suffixes dropped."""
    out = subprocess.run(["llvm-nm", "-S", "--demangle", elf],
                         capture_output=True, text=True, check=True).stdout
    found = []
    for line in out.splitlines():
        parts = line.split(None, 3)
        if len(parts) == 4 and parts[2] in "tT":
            start, size = int(parts[0], 16), int(parts[1], 16)
            name = re.sub(r"::h[0-9a-f]{16}$", "", parts[3])
            found.append((start, start + size, name))
    return sorted(found)


def range_of(table, name):
    matches = [f for f in table if name in f[2]]
    if len(matches) != 1:
        listed = ", ".join(f[2] for f in matches[:5]) or "none"
        sys.exit(f"profile.py: {name!r} names {len(matches)} functions ({listed})")
    return matches[0][0], matches[0][1]


def count(elf, inside, caller):
    """Runs the harness; returns ({address: count}, sections entered, all instructions)."""
    counts = collections.Counter()
    sections = total = 0
    with tempfile.TemporaryDirectory() as tmp:
        fifo = os.path.join(tmp, "trace")
        os.mkfifo(fifo)
        qemu = subprocess.Popen(QEMU + ["-D", fifo, "-kernel", elf],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        (in_lo, in_hi), (out_lo, out_hi) = inside, caller
        within = False
        started = time.monotonic()
        with open(fifo, "rb", buffering=1 << 20) as trace:
            for line in trace:
                slash = line.find(b"/")
                if slash < 0:
                    continue
                pc = int(line[slash + 1:slash + 9], 16)
                total += 1
                if in_lo <= pc < in_hi:
                    if not within:
                        sections += 1
                    within = True
                elif out_lo <= pc < out_hi:
                    within = False
                if within:
                    counts[pc] += 1
                if total % 20_000_000 == 0:
                    print(f"  {total // 1_000_000} M instructions, {time.monotonic() - started:.0f} s",
                          file=sys.stderr)
        qemu.wait()
    return counts, sections, total


def by_function(counts, table):
    starts = [f[0] for f in table]
    sums = collections.Counter()
    for pc, n in counts.items():
        i = bisect.bisect_right(starts, pc) - 1
        inside = i >= 0 and pc < table[i][1]
        sums[table[i][2] if inside else "?"] += n
    return sums


def by_line(counts, elf):
    pcs = sorted(counts)
    query = "".join(f"{pc:#x}\n" for pc in pcs)
    out = subprocess.run(["llvm-symbolizer", "--obj", elf, "--inlining", "--functions=short"],
                         input=query, capture_output=True, text=True, check=True).stdout
    sums = collections.Counter()
    for pc, frames in zip(pcs, out.strip().split("\n\n")):
        lines = frames.split("\n")
        # The innermost frame: the code the instruction was written in.
        sums[f"{lines[0]}  {lines[1].rsplit('/', 1)[-1]}"] += counts[pc]
    return sums


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("elf")
    parser.add_argument("--inside", default="::draw_with_battery",
                        help="the function whose calls are counted (a part of its name)")
    parser.add_argument("--caller", default="__cortex_m_rt_main",
                        help="the function that ends a counted section when it runs again")
    parser.add_argument("--lines", action="store_true", help="by source line, not function")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()

    table = functions(args.elf)
    inside, caller = range_of(table, args.inside), range_of(table, args.caller)
    counts, sections, total = count(args.elf, inside, caller)
    counted = sum(counts.values())
    if sections == 0:
        sys.exit(f"profile.py: {args.inside} never ran")
    print(f"{total:,} instructions run; {sections:,} sections counted, "
          f"{counted:,} instructions, {counted // sections:,} a section")
    sums = by_line(counts, args.elf) if args.lines else by_function(counts, table)
    for name, n in sums.most_common(args.top):
        print(f"{100 * n / counted:5.1f} % {n // sections:10,}  {name}")


if __name__ == "__main__":
    main()
