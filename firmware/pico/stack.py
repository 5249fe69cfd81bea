#!/usr/bin/env python3
"""Estimates the firmware's peak stack from its ELF, without the board.

usage: python3 firmware/pico/stack.py FIRMWARE.elf

Reads each function's stack frame from its prologue (push {...}, sub sp, #n, or add sp, rN with
a negative literal) in `llvm-objdump -d`, follows the direct calls (bl, and b to another
function: a tail call), and prints the deepest chain of frames from `main`. Calls through
function pointers (blx rN) are not followed: functions that make them are marked, and their
callees' frames come on top. Needs llvm-objdump, llvm-objcopy and llvm-readelf.
"""

import re
import struct
import subprocess
import sys
import tempfile


def run(*args):
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def main(elf):
    listing = run("llvm-objdump", "-d", "--no-show-raw-insn", elf).split("\n")
    sections = run("llvm-readelf", "-S", elf)
    text_base = int(re.search(r"\.text\s+PROGBITS\s+([0-9a-f]+)", sections).group(1), 16)
    with tempfile.NamedTemporaryFile() as text_file:
        run("llvm-objcopy", "-O", "binary", "--only-section=.text", elf, text_file.name)
        text = open(text_file.name, "rb").read()

    def literal(address):
        offset = address - text_base
        return struct.unpack("<i", text[offset : offset + 4])[0]

    # Split the listing into functions; labels starting with $ are mapping symbols, not
    # functions.
    bodies, names, current = {}, {}, None
    for line in listing:
        label = re.match(r"^([0-9a-f]+) <(.*)>:$", line)
        if label:
            if not label.group(2).startswith("$"):
                current = label.group(2)
                bodies[current] = []
                names[int(label.group(1), 16)] = current
            continue
        if current and line.strip():
            bodies[current].append(line)

    frames, callees, indirect = {}, {}, set()
    for name, lines in bodies.items():
        frame, registers = 0, {}
        for line in lines[:16]:
            push = re.search(r"push\s+\{([^}]*)\}", line)
            if push:
                frame += 4 * len(push.group(1).split(","))
            sub = re.search(r"sub\s+sp, #(\d+)", line)
            if sub:
                frame += int(sub.group(1))
            load = re.search(r"ldr\s+(r\d+), \[pc, #\d+\]\s+@ 0x([0-9a-f]+)", line)
            if load:
                registers[load.group(1)] = literal(int(load.group(2), 16))
            add = re.search(r"add\s+sp, (r\d+)\s*$", line)
            if add and add.group(1) in registers:
                frame -= registers[add.group(1)]
        frames[name] = frame
        called = set()
        for line in lines:
            call = re.search(r"\bbl\s+0x([0-9a-f]+)", line)
            if call and int(call.group(1), 16) in names:
                called.add(names[int(call.group(1), 16)])
            jump = re.search(r"\bb(?:\.w)?\s+0x([0-9a-f]+)", line)
            if jump and names.get(int(jump.group(1), 16), name) != name:
                called.add(names[int(jump.group(1), 16)])
            if re.search(r"\bblx\s+r\d+", line):
                indirect.add(name)
        callees[name] = called

    deepest = {}

    def depth(name, path=()):
        if name in deepest:
            return deepest[name]
        if name in path:
            return 0, [name + " (recursion: not followed)"]
        best = (0, [])
        for callee in callees.get(name, ()):
            below = depth(callee, path + (name,))
            if below[0] > best[0]:
                best = below
        result = (frames.get(name, 0) + best[0], [name] + best[1])
        deepest[name] = result
        return result

    total, chain = depth("main")
    print(f"STACK peak_estimate={total} (deepest chain of direct calls from main)")
    for name in chain:
        mark = "  (also calls through pointers)" if name in indirect else ""
        print(f"  {frames.get(name, 0):6}  {name}{mark}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
