#!/usr/bin/env python3
"""Estimates the X4 firmware's peak stack from its ELF, without the board.

usage: python3 firmware/x4/stack.py FIRMWARE.elf

The RISC-V counterpart of ../pico/stack.py: reads each function's stack frame from its prologue
in `llvm-objdump -d` (`addi sp, sp, -N`, and for a frame past 2 KiB `lui rX, K`,
`addi rX, rX, M`, `sub sp, sp, rX`), follows the direct calls (`jal`, `auipc ra` + `jalr ra`,
and `j` or `auipc t1` + `jr` to another function: a tail call), and prints the deepest chain of
frames from `main`. Calls through function pointers (`jalr` on a register) are not followed:
functions that make them are marked with `*`, and their callees' frames come on top; so do
interrupt handlers and recursion. Every stack decrement in a function counts towards its frame
(conservative where a function adjusts sp on more than one path). Needs llvm-objdump.
"""

import re
import subprocess
import sys


def main(elf):
    listing = subprocess.run(
        ["llvm-objdump", "-d", "--no-show-raw-insn", elf], capture_output=True, text=True, check=True
    ).stdout.split("\n")
    starts, names, bodies, current = {}, {}, {}, None
    for line in listing:
        label = re.match(r"^([0-9a-f]+) <(.*)>:$", line)
        if label:
            name = label.group(2)
            if name.startswith(".L"):
                continue  # a local label inside the function
            current = name
            starts[int(label.group(1), 16)] = name
            bodies[name] = []
            continue
        insn = re.match(r"^\s*([0-9a-f]+):\s+(\S+)\s*(.*)$", line)
        if insn and current:
            bodies[current].append((int(insn.group(1), 16), insn.group(2), insn.group(3)))

    frames, calls, indirect = {}, {}, set()
    for name, body in bodies.items():
        frame, regs, auipc, targets = 0, {}, {}, set()
        for pc, op, args in body:
            a = [x.strip() for x in args.split("<")[0].split(",")]
            if op == "addi" and a[:2] == ["sp", "sp"] and a[2].startswith("-"):
                frame += int(a[2][1:])
            elif op == "lui":
                regs[a[0]] = (int(a[1], 0) << 12) & 0xFFFF_FFFF
            elif op == "addi" and len(a) == 3 and a[0] == a[1] and a[0] in regs:
                regs[a[0]] += int(a[2], 0)
            elif op == "sub" and a[:2] == ["sp", "sp"] and a[2] in regs:
                frame += regs[a[2]]
            elif op == "auipc":
                auipc[a[0]] = (pc + (int(a[1], 0) << 12)) & 0xFFFF_FFFF
            elif op in ("jal", "j") and re.match(r"0x[0-9a-f]+", a[-1]):
                targets.add(int(a[-1], 16))
            elif op in ("jalr", "jr"):
                m = re.match(r"(-?\d+)\((\w+)\)", a[-1])
                if m and m.group(2) in auipc:
                    targets.add((auipc[m.group(2)] + int(m.group(1))) & 0xFFFF_FFFF)
                elif op == "jalr":
                    indirect.add(name)
        frames[name] = frame
        calls[name] = {starts[t] for t in targets if t in starts and starts[t] != name}

    memo = {}

    def deepest(name, path):
        if name in memo:
            return memo[name]
        if name in path:
            return (0, [])  # recursion: not followed
        best = (0, [])
        for callee in calls.get(name, ()):
            depth = deepest(callee, path | {name})
            if depth[0] > best[0]:
                best = depth
        result = (frames.get(name, 0) + best[0], [name] + best[1])
        memo[name] = result
        return result

    total, chain = deepest("main", frozenset())
    print(f"stack, estimated: {total:,} B along the deepest chain of direct calls from main:")
    for name in chain:
        mark = " *" if name in indirect else ""
        print(f"  {frames.get(name, 0):>7,} B  {name[:110]}{mark}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
