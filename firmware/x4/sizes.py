#!/usr/bin/env python3
"""Prints the X4 firmware's sizes and checks them against issue 12's budgets.

usage: python3 firmware/x4/sizes.py FIRMWARE.elf IMAGE.bin

IMAGE.bin is what `espflash save-image --chip esp32c3` made of the ELF: the app image the boot
loader loads from app0, whose size is the flash the firmware takes (budget: 6 MiB, one app slot
of the stock partition table). RAM is read from the ELF's section headers alone (no LLVM tools
needed): every allocated section placed in the ESP32-C3's internal SRAM, as its data bus
(0x3FC80000-0x3FCE0000) or its instruction bus (0x4037C000-0x403E0000) sees it — `.data`,
`.bss` and code copied to RAM (`.trap`, `.rwtext`) — and in RTC fast memory
(0x50000000-0x50002000), but not esp-hal's `.stack` (the RAM left over) or its `*_dummy`
placeholders (the other bus's view of the same SRAM). The framebuffer
(the symbol FRAMEBUFFER, 48,000 bytes) is counted apart; the rest is held to 64 KiB. The stack
is not in these figures: it is whatever SRAM is left, and the reader's deepest use of it is not
measured on this board.
Exits 1 if a budget is exceeded.
"""

import struct
import sys

IMAGE_BUDGET = 6 * 1024 * 1024
RAM_BUDGET = 64 * 1024
FRAMEBUFFER = 48_000

# Address ranges that are SRAM (either bus) or RTC fast memory on the ESP32-C3.
RAM_RANGES = [
    (0x3FC8_0000, 0x3FCE_0000, "SRAM (data bus)"),
    (0x4037_C000, 0x403E_0000, "SRAM (instruction bus)"),
    (0x5000_0000, 0x5000_2000, "RTC fast memory"),
]

SHF_ALLOC = 0x2
SHT_NOBITS = 8
SHT_SYMTAB = 2


def sections(data):
    """(name, type, flags, address, size) of each section of a 32-bit little-endian ELF."""
    if data[:4] != b"\x7fELF" or data[4] != 1 or data[5] != 1:
        sys.exit("not a 32-bit little-endian ELF")
    shoff, = struct.unpack_from("<I", data, 0x20)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x2E)
    headers = [
        struct.unpack_from("<IIIIIIIIII", data, shoff + i * shentsize) for i in range(shnum)
    ]
    names_at = headers[shstrndx][4]

    def name(offset):
        end = data.index(b"\0", names_at + offset)
        return data[names_at + offset : end].decode()

    return [
        (name(h[0]), h[1], h[2], h[3], h[5], h[4], h[6], h[9]) for h in headers
    ]


def symbol_size(data, table, wanted):
    """The size of the first symbol called `wanted`, or None."""
    symtab = next((s for s in table if s[1] == SHT_SYMTAB), None)
    if symtab is None:
        return None
    _, _, _, _, size, offset, link, entsize = symtab
    strtab = table[link]
    for at in range(offset, offset + size, entsize):
        name_offset, _, sym_size = struct.unpack_from("<III", data, at)
        start = strtab[5] + name_offset
        name = data[start : data.index(b"\0", start)].decode(errors="replace")
        if name == wanted:
            return sym_size
    return None


def main(elf, image):
    data = open(elf, "rb").read()
    table = sections(data)
    total = 0
    print("RAM (allocated sections in SRAM and RTC memory):")
    stack = 0
    for name, kind, flags, address, size, *_ in table:
        if not flags & SHF_ALLOC or size == 0:
            continue
        # esp-hal's linker script: `.stack` is all the RAM left over, and `.rwdata_dummy` keeps
        # the data bus's view of the RAM that `.trap` and `.rwtext` take on the instruction
        # bus (the same SRAM, counted there).
        if name == ".stack":
            stack = size
            continue
        if name.endswith("_dummy"):
            continue
        for low, high, where in RAM_RANGES:
            if low <= address < high:
                print(f"  {name:<24} {size:>9,} B at {address:#010x} ({where})")
                total += size
    framebuffer = symbol_size(data, table, "FRAMEBUFFER")
    if framebuffer is None:
        sys.exit("FAIL: no FRAMEBUFFER symbol in the ELF")
    besides = total - framebuffer
    image_size = len(open(image, "rb").read())
    print(f"static RAM: {total:,} B, of which the framebuffer {framebuffer:,} B")
    print(f"RAM besides the framebuffer: {besides:,} B (budget {RAM_BUDGET:,} B, stack not counted)")
    print(f"left for the stack: {stack:,} B")
    print(f"flash image: {image_size:,} B (budget {IMAGE_BUDGET:,} B)")
    failed = False
    if framebuffer != FRAMEBUFFER:
        print(f"FAIL: the framebuffer is {framebuffer:,} B, not {FRAMEBUFFER:,}")
        failed = True
    if besides > RAM_BUDGET:
        print("FAIL: RAM besides the framebuffer is over budget")
        failed = True
    if image_size > IMAGE_BUDGET:
        print("FAIL: the image is over budget")
        failed = True
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
