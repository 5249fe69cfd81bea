#!/usr/bin/env python3
"""Extract one face of an OpenType collection (.ttc) into a standalone .otf.

Used once to make fonts/NotoSansCJKsc-Regular.otf from Debian's fonts-noto-cjk:

    apt-get download fonts-noto-cjk && dpkg-deb -x fonts-noto-cjk_*.deb x
    python3 tools/extract_face.py x/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc \
        "Noto Sans CJK SC" fonts/NotoSansCJKsc-Regular.otf

Needs only the Python standard library. The tables are copied byte for byte; only the
table directory and head.checkSumAdjustment are rewritten, as the OpenType spec requires.
"""
import struct
import sys


def u16(b, o):
    return struct.unpack_from(">H", b, o)[0]


def u32(b, o):
    return struct.unpack_from(">I", b, o)[0]


def tables(data, face_offset):
    count = u16(data, face_offset + 4)
    for i in range(count):
        tag, _sum, off, length = struct.unpack_from(">4sIII", data, face_offset + 12 + 16 * i)
        yield tag, data[off:off + length]


def full_name(data, face_offset):
    name = dict(tables(data, face_offset))[b"name"]
    count, strings = u16(name, 2), u16(name, 4)
    for i in range(count):
        platform, encoding, _lang, name_id, length, off = struct.unpack_from(">6H", name, 6 + 12 * i)
        if name_id == 4 and platform == 3 and encoding == 1:
            return name[strings + off:strings + off + length].decode("utf-16-be")
    return None


def checksum(blob):
    blob = blob + b"\0" * (-len(blob) % 4)
    return sum(struct.unpack(">%dI" % (len(blob) // 4), blob)) & 0xFFFFFFFF


def write_face(data, face_offset, out_path):
    sfnt_version = data[face_offset:face_offset + 4]
    found = sorted(tables(data, face_offset))
    n = len(found)
    entry_selector = n.bit_length() - 1
    search_range = 16 * (1 << entry_selector)
    header = sfnt_version + struct.pack(">4H", n, search_range, entry_selector, n * 16 - search_range)
    offset = 12 + 16 * n
    directory, body = b"", b""
    for tag, blob in found:
        if tag == b"head":
            blob = blob[:8] + b"\0\0\0\0" + blob[12:]
        directory += struct.pack(">4sIII", tag, checksum(blob), offset + len(body), len(blob))
        body += blob + b"\0" * (-len(blob) % 4)
    font = bytearray(header + directory + body)
    head_at = next(u32(font, 12 + 16 * i + 8) for i in range(n) if font[12 + 16 * i:16 + 16 * i] == b"head")
    struct.pack_into(">I", font, head_at + 8, (0xB1B0AFBA - checksum(bytes(font))) & 0xFFFFFFFF)
    with open(out_path, "wb") as f:
        f.write(font)


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: extract_face.py COLLECTION.ttc 'FULL NAME' OUT.otf")
    path, wanted, out_path = sys.argv[1:]
    data = open(path, "rb").read()
    if data[:4] != b"ttcf":
        sys.exit(f"{path}: not an OpenType collection")
    faces = [u32(data, 12 + 4 * i) for i in range(u32(data, 8))]
    names = [full_name(data, off) for off in faces]
    if wanted not in names:
        sys.exit(f"{path}: no face named {wanted!r}; it has {names}")
    write_face(data, faces[names.index(wanted)], out_path)


if __name__ == "__main__":
    main()
