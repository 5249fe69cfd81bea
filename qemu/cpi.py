#!/usr/bin/env python3
"""Cycles per instruction of the page turns on a Cortex-M0+ (or an ESP32-C3), from their dynamic
instruction mix.

Runs a thumbv6m build of the harness under QEMU with `-d in_asm,exec,nochain` (every translated
block's disassembly, and every execution of a block), streams the log through a FIFO and, for
the instructions executed between `Timer::begin` and `Timer::end` (the measured page turns),
adds up the Cortex-M0+ cycle counts of the Cortex-M0+ Technical Reference Manual's instruction
timing table, with zero wait states:

    1      data processing, MULS (single-cycle multiplier, as the RP2040 has), CPS, NOP
    2      LDR*/STR*, B, B<cond> taken, BX, BLX, ADD/MOV to PC
    1      B<cond> not taken
    3      BL, MRS, MSR, DMB/DSB/ISB
    1+N    LDM, STM, PUSH, POP (N registers); 3+N for POP with PC

A conditional branch is taken when the next executed block does not start right after it.
Flash wait states (the RP2040's XIP cache misses) are not in this count: README.md adds them.

It also attributes the instructions to the functions that contain them (after LTO, so code
inlined into the harness' `main` counts as `main`), separately for each call site of
`Timer::begin`: the workload times pagination and page turns at different sites (the compiler
may peel a loop's first page turn into a site of its own); the site that starts the most
sections is the page turns.

A riscv32imc build (told from the ELF's header) runs on QEMU's virt machine instead and is
priced for the ESP32-C3, whose per-instruction timings Espressif does not publish. The table
is the one measured on its sibling ESP32-C6 core (LLTA-Bench), rounded up where a range is given:

    1      ALU, LUI/AUIPC, MUL, CSR access, a not-taken branch
    2      MULH*, stores, direct jumps (J, JAL), loads (latency 3, pipelined: charged one stall)
    3      a taken branch, indirect jumps (JR, JALR, RET)
    10     DIV*, REM*

Usage: qemu/cpi.py [ELF]  (default: the thumbv6m release build; build it with
`cargo build --release --target thumbv6m-none-eabi` in qemu/; or a riscv32imc build, with
`--target riscv32imc-unknown-none-elf`). Needs qemu-system-arm (qemu-system-riscv32) and nm.
"""

import bisect

import os
import re
import subprocess
import sys
import tempfile
from collections import Counter

QEMU = [
    "qemu-system-arm", "-cpu", "cortex-m3", "-machine", "mps2-an385", "-nographic",
    "-semihosting-config", "enable=on,target=native", "-icount", "shift=0",
    "-d", "in_asm,exec,nochain",
]

RISCV_QEMU = [
    "qemu-system-riscv32", "-machine", "virt", "-cpu", "rv32", "-m", "16M", "-bios", "none",
    "-nographic", "-semihosting-config", "enable=on,target=native", "-icount", "shift=0",
    "-d", "in_asm,exec,nochain",
]

INSN = re.compile(r"^0x([0-9a-f]+):\s+((?:[0-9a-f]{4}\s)+)\s*(\S+)\s*(.*)$")
TRACE = re.compile(r"^Trace \d+: \S+ \[[0-9a-f]+/([0-9a-f]+)/")
RISCV_INSN = re.compile(r"^0x([0-9a-f]+):\s+([0-9a-f]{4}|[0-9a-f]{8})\s+(\S+)\s*(.*)$")
RISCV_CONDITIONAL = {"beq", "bne", "blt", "bge", "bltu", "bgeu", "beqz", "bnez", "blez", "bgez",
                     "bltz", "bgtz", "bgt", "ble", "bgtu", "bleu"}
CONDITIONS = {"eq", "ne", "cs", "hs", "cc", "lo", "mi", "pl", "vs", "vc",
              "hi", "ls", "ge", "lt", "gt", "le"}


def symbol(elf, pattern):
    """The address of the one function whose demangled name contains `pattern`."""
    out = subprocess.run(["nm", "-C", elf], check=True, capture_output=True, text=True).stdout
    found = [line.split()[0] for line in out.splitlines() if pattern in line]
    if len(found) != 1:
        sys.exit(f"cpi.py: {len(found)} symbols match {pattern!r} in {elf}")
    return int(found[0], 16) & ~1


def functions(elf):
    """Sorted (start address, demangled name) of the ELF's functions."""
    out = subprocess.run(["nm", "-C", "-n", elf], check=True, capture_output=True,
                         text=True).stdout
    found = []
    for line in out.splitlines():
        parts = line.split(maxsplit=2)
        # `$t`, `$d`: ARM mapping symbols; `.L…`: RISC-V local labels; not functions.
        if len(parts) == 3 and parts[1] in "tTwW" and not parts[2].startswith(("$", ".L")):
            found.append((int(parts[0], 16) & ~1, parts[2]))
    return found


def short(name):
    """A function's name without its hash and generic arguments' paths."""
    name = re.sub(r"::h[0-9a-f]{16}$", "", name)
    return re.sub(r"(?<![A-Za-z0-9_])[a-z_][a-z0-9_]*::", "", name)


def registers(operands):
    listed = re.search(r"\{([^}]*)\}", operands)
    return [r.strip() for r in listed.group(1).split(",")] if listed else []


def classify(mnemonic, operands):
    """(class, cycles if not a conditional branch, is conditional branch)."""
    m = mnemonic.split(".")[0]
    if m in ("push", "stm", "stmia", "stmea"):
        return "store-multiple", 1 + len(registers(operands)), False
    if m in ("pop", "ldm", "ldmia", "ldmfd"):
        regs = registers(operands)
        return ("pop-pc", 3 + len(regs), False) if "pc" in regs else ("load-multiple", 1 + len(regs), False)
    if m.startswith("ldr"):
        return "load", 2, False
    if m.startswith("str"):
        return "store", 2, False
    if m == "bl":
        return "call", 3, False
    if m in ("bx", "blx"):
        return "branch-register", 2, False
    if m == "b":
        return "branch", 2, False
    if m.startswith("b") and m[1:] in CONDITIONS:
        return "conditional", 0, True
    if m in ("mrs", "msr", "dmb", "dsb", "isb"):
        return "system", 3, False
    if m in ("mov", "add") and operands.split(",")[0].strip() == "pc":
        return "branch", 2, False
    return "data", 1, False


def classify_riscv(mnemonic, _operands):
    """(class, ESP32-C3 cycles if not a conditional branch, is conditional branch)."""
    m = mnemonic.removeprefix("c.")
    if m in RISCV_CONDITIONAL:
        return "conditional", 0, True
    if m in ("lb", "lh", "lw", "lbu", "lhu"):
        return "load", 2, False
    if m in ("sb", "sh", "sw"):
        return "store", 2, False
    if m in ("j", "jal", "call"):
        return "jump", 2, False
    if m in ("jr", "jalr", "ret", "tail"):
        return "jump-register", 3, False
    if m in ("mulh", "mulhu", "mulhsu"):
        return "multiply-high", 2, False
    if m in ("div", "divu", "rem", "remu"):
        return "divide", 10, False
    if m.startswith("csr"):
        return "system", 1, False
    return "data", 1, False


def is_riscv(elf):
    """Whether the ELF is for RISC-V (e_machine 0xf3), else Arm."""
    with open(elf, "rb") as file:
        header = file.read(20)
    return int.from_bytes(header[18:20], "little") == 0xF3


def main():
    default = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                           "target", "thumbv6m-none-eabi", "release", "moye-qemu")
    elf = sys.argv[1] if len(sys.argv) > 1 else default
    riscv = is_riscv(elf)
    emulator, insn, classifier = (RISCV_QEMU, RISCV_INSN, classify_riscv) if riscv else (
        QEMU, INSN, classify)
    chip, taken_cycles = ("ESP32-C3", 3) if riscv else ("Cortex-M0+", 2)
    begin = symbol(elf, "as moye_qemu::workload::PageTimer>::begin")
    end = symbol(elf, "as moye_qemu::workload::PageTimer>::end")

    table = functions(elf)
    starts = [address for address, _ in table]

    def function_of(address):
        at = bisect.bisect_right(starts, address) - 1
        return short(table[at][1]) if at >= 0 else "?"

    blocks = {}
    counts, cycles = Counter(), Counter()
    instructions = 0
    active = False
    previous = None  # the block executed last: where `begin` was called from
    site = None
    sites = {}  # call site of begin -> [sections, instructions, Counter of functions]
    pending = None  # (fall-through address) of a conditional branch ending the last block

    with tempfile.TemporaryDirectory() as tmp:
        fifo = os.path.join(tmp, "log")
        os.mkfifo(fifo)
        qemu = subprocess.Popen(emulator + ["-D", fifo, "-kernel", elf], stdout=subprocess.DEVNULL)
        current = None
        with open(fifo, errors="replace") as log:
            for line in log:
                if line.startswith("Trace"):
                    match = TRACE.match(line)
                    if not match:
                        continue
                    pc = int(match.group(1), 16)
                    if pending is not None:
                        taken = pc != pending
                        counts["conditional-taken" if taken else "conditional-not-taken"] += 1
                        cycles["conditional"] += taken_cycles if taken else 1
                        pending = None
                    if pc == begin:
                        active = True
                        site = sites.setdefault(previous, [0, 0, Counter()])
                        site[0] += 1
                    elif pc == end:
                        active = False
                    previous = pc
                    if not active:
                        continue
                    block = blocks.get(pc, [])
                    site[1] += len(block)
                    site[2][function_of(pc)] += len(block)
                    for kind, cost, conditional, fallthrough in block:
                        instructions += 1
                        if conditional:
                            pending = fallthrough
                        else:
                            counts[kind] += 1
                            cycles[kind] += cost
                elif line.startswith("IN:"):
                    current = None
                elif line.startswith("0x"):
                    match = insn.match(line)
                    if not match:
                        continue
                    address = int(match.group(1), 16)
                    size = len("".join(match.group(2).split())) // 2
                    kind, cost, conditional = classifier(match.group(3), match.group(4))
                    if current is None:
                        current = blocks[address] = []
                    current.append((kind, cost, conditional, address + size))
        if qemu.wait() != 0:
            sys.exit(f"cpi.py: the harness exited with status {qemu.returncode}")

    total = sum(cycles.values())
    print(f"timed sections: {instructions} instructions, {total} {chip} cycles "
          f"(zero wait states): {total / max(instructions, 1):.3f} cycles per instruction")
    for kind, n in counts.most_common():
        share = 100 * n / max(instructions, 1)
        print(f"  {kind:22} {n:>10} instructions ({share:4.1f} %)")
    most = max((site[0] for site in sites.values()), default=0)
    for sections, executed, by_function in sorted(sites.values(), key=lambda site: site[0]):
        what = "page turns" if sections == most else "other sections"
        print(f"{what}: {sections} sections, {executed} instructions "
              f"({executed / max(sections, 1):.0f} per section); by function:")
        for name, n in by_function.most_common(14):
            print(f"  {100 * n / max(executed, 1):5.1f} %  {name}")

if __name__ == "__main__":
    main()
