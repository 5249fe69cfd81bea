#!/usr/bin/env bash
# Real-window smoke test of the simulator: start `moye` under Xvfb with scripted keys, grab the
# screen, and check that it shows the e-paper theme's paper and ink; then press a real key
# (xdotool) and check that the picture changes.
#
# Usage: .ci/xvfb-smoke.sh [path/to/moye]   (default: $MOYE, else `cargo build` target/debug/moye)
# Env:   SMOKE_SCREENSHOT=path.png  where to keep the screenshot (default target/xvfb-smoke.png)
#        SMOKE_KEYS="select next"   the --keys script played at start (default: open the first
#                                   book, turn two pages)
# Installs xvfb, x11-apps (xwd), xdotool, python3 and the X11 run-time libraries winit loads
# with apt-get when missing (Debian/Ubuntu).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'xvfb-smoke: %s\n' "$*"; }
fail() { say "FAILED: $*" >&2; exit 1; }

# The window theme's colours (src/simulator/png.rs: PAPER_COLOR, INK_COLOR).
PAPER=eee8d8
INK=2a2722

moye=${1:-${MOYE:-}}
if [ -z "$moye" ]; then
    say "building moye"
    cargo build --bin moye
    moye=${CARGO_TARGET_DIR:-target}/debug/moye
fi
[ -x "$moye" ] || fail "no moye binary at $moye"
shot=${SMOKE_SCREENSHOT:-target/xvfb-smoke.png}
keys=${SMOKE_KEYS:-select next next}

# --- tools -------------------------------------------------------------------------------
missing=()
command -v Xvfb >/dev/null || missing+=(xvfb)
command -v xwd >/dev/null || missing+=(x11-apps)
command -v xdotool >/dev/null || missing+=(xdotool)
command -v python3 >/dev/null || missing+=(python3)
# What winit and softbuffer load at run time (not -dev packages: none is needed to build).
libs=$(ldconfig -p)
for pair in libX11.so.6:libx11-6 libX11-xcb.so.1:libx11-xcb1 libxcb.so.1:libxcb1 \
    libXcursor.so.1:libxcursor1 libXi.so.6:libxi6 libXrandr.so.2:libxrandr2 \
    libxkbcommon.so.0:libxkbcommon0 libxkbcommon-x11.so.0:libxkbcommon-x11-0; do
    grep -qF "${pair%%:*} " <<<"$libs" || missing+=("${pair##*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]}"
    sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- processes, always cleaned up ------------------------------------------------------------
work=$(mktemp -d)
xvfb_pid=
moye_pid=
cleanup() {
    [ -n "$moye_pid" ] && kill "$moye_pid" 2>/dev/null || true
    [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
    [ -n "$moye_pid" ] && wait "$moye_pid" 2>/dev/null || true
    [ -n "$xvfb_pid" ] && wait "$xvfb_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

display=
for n in $(seq 99 199); do
    if [ ! -e "/tmp/.X$n-lock" ] && [ ! -e "/tmp/.X11-unix/X$n" ]; then
        display=$n
        break
    fi
done
[ -n "$display" ] || fail "no free X display number in 99-199"

say "starting Xvfb on :$display"
Xvfb ":$display" -screen 0 1024x768x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 1 100); do
    [ -e "/tmp/.X11-unix/X$display" ] && break
    kill -0 "$xvfb_pid" 2>/dev/null || fail "Xvfb exited: $(cat "$work/xvfb.log")"
    sleep 0.1
done
[ -e "/tmp/.X11-unix/X$display" ] || fail "Xvfb did not come up on :$display"
export DISPLAY=":$display"
unset WAYLAND_DISPLAY WAYLAND_SOCKET

say "starting $moye --keys \"$keys\""
XDG_DATA_HOME="$work/data" "$moye" --keys "$keys" --scale 1 --state-file "$work/state.bin" \
    >"$work/moye.log" 2>&1 &
moye_pid=$!

# Reads an XWD dump of the root window, writes it as PNG, prints "<paper> <ink> <digest>".
check_py='
import hashlib, struct, sys, zlib
from collections import Counter
data = open(sys.argv[1], "rb").read()
h = struct.unpack(">25I", data[:100])
header_size, width, height, byte_order = h[0], h[4], h[5], h[7]
bpp, bpl, masks, ncolors = h[11], h[12], h[14:17], h[19]
if bpp != 32 or bpl != 4 * width or masks != (0xFF0000, 0xFF00, 0xFF):
    sys.exit("unexpected XWD format: %d bpp, %d bytes per line, masks %r" % (bpp, bpl, masks))
pixels = data[header_size + 12 * ncolors:][:bpl * height]
r, g, b = (2, 1, 0) if byte_order == 0 else (1, 2, 3)
red, green, blue = pixels[r::4], pixels[g::4], pixels[b::4]
counts = Counter(zip(red, green, blue))
paper = tuple(int(sys.argv[3][i:i + 2], 16) for i in (0, 2, 4))
ink = tuple(int(sys.argv[4][i:i + 2], 16) for i in (0, 2, 4))
def near(a, b):
    return all(abs(x - y) <= 8 for x, y in zip(a, b))
n_paper = sum(n for c, n in counts.items() if near(c, paper))
n_ink = sum(n for c, n in counts.items() if near(c, ink))
rgb = bytearray(3 * width * height)
rgb[0::3], rgb[1::3], rgb[2::3] = red, green, blue
raw = b"".join(b"\0" + bytes(rgb[3 * width * y:3 * width * (y + 1)]) for y in range(height))
def chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
png += chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b"")
open(sys.argv[2], "wb").write(png)
print(n_paper, n_ink, hashlib.sha1(raw).hexdigest())
'

grab() { # grab NAME: screenshot into $work/NAME.png; sets paper, ink, digest
    xwd -root -silent >"$work/$1.xwd" || fail "xwd could not read the screen"
    read -r paper ink digest < <(python3 -c "$check_py" "$work/$1.xwd" "$work/$1.png" "$PAPER" "$INK")
}

# Wait for the window to show paper and ink (a blank or black screen has neither).
ok=
for _ in $(seq 1 60); do
    sleep 0.5
    kill -0 "$moye_pid" 2>/dev/null || fail "moye exited early: $(cat "$work/moye.log")"
    grab first
    if [ "$paper" -ge 20000 ] && [ "$ink" -ge 200 ]; then
        ok=1
        break
    fi
done
mkdir -p "$(dirname "$shot")"
cp "$work/first.png" "$shot"
[ -n "$ok" ] || fail "the screen stayed blank: $paper paper and $ink ink pixels (kept in $shot); moye said: $(cat "$work/moye.log")"
say "window shows $paper paper and $ink ink pixels (screenshot: $shot)"

# A real key press through the X server must change the picture.
window=$(xdotool search --sync --onlyvisible --name 'Moye' | head -n 1) || true
[ -n "$window" ] || fail "no window named Moye found"
# No window manager: give the window the focus, then type through XTEST like a keyboard.
timeout 5 xdotool windowfocus --sync "$window" || xdotool mousemove --window "$window" 10 10
before=$digest
xdotool key Right
changed=
for _ in $(seq 1 20); do
    sleep 0.25
    grab second
    if [ "$digest" != "$before" ] && [ "$paper" -ge 20000 ] && [ "$ink" -ge 200 ]; then
        changed=1
        break
    fi
done
cp "$work/second.png" "${shot%.png}-after-key.png"
[ -n "$changed" ] || fail "pressing Right did not change the window (kept ${shot%.png}-after-key.png)"
kill -0 "$moye_pid" 2>/dev/null || fail "moye exited after a key press: $(cat "$work/moye.log")"
say "a key press turned the page; passed"
