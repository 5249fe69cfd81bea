#!/usr/bin/env bash
# Fuzzes what Moye reads from outside (cargo-fuzz, libFuzzer): each target for a fixed time,
# seeded from real inputs, printing each target's executions. Exits 1 if any target crashed;
# the crashing input is left in fuzz/artifacts/<target>/ (copy it into
# tests/fuzz_regressions/<target>/ once fixed, so the stable tests replay it).
#
#   bash tools/fuzz.sh [SECONDS] [TARGET...]    default: 60 s each of library, state, clean,
#                                                epub, txt
#
# Targets (fuzz/src/lib.rs and fuzz/src/books.rs say what each checks):
#   library  Library::parse, then every page of every book it accepts drawn at one size
#   state    the persisted-state decoder and the two-slot store over a flash holding the bytes
#   clean    the Markdown / MediaWiki cleaner
#   epub     the EPUB reader, on the bytes and on small EPUBs holding them as chapter,
#            package document and TOC
#   txt      the plain-text reader, the encoding detected and forced to GB18030 and Big5
#
# Seeds are made fresh from the tree: libraries and saved states by the simulator, Markdown from
# content/ and the fixtures, EPUBs and texts by python3 (zipfile, codecs) from tests/books/.
# Installs the nightly toolchain and cargo-fuzz if they are missing. New inputs the fuzzer
# finds collect in fuzz/corpus/<target>/ (not committed), so repeated runs go deeper. The
# instrumented build goes to $FUZZ_TARGET_DIR (default fuzz/target), apart from the stable one.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
[ $# -gt 0 ] && shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(library state clean epub txt)
case $seconds in '' | *[!0-9]*) echo "fuzz.sh: SECONDS must be a whole number" >&2; exit 2 ;; esac

rustup run nightly rustc --version >/dev/null 2>&1 || rustup toolchain install nightly --profile minimal
cargo fuzz --version >/dev/null 2>&1 || cargo install cargo-fuzz --locked

fuzz_target_dir=${FUZZ_TARGET_DIR:-$PWD/fuzz/target}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Seeds, made fresh from this tree so they always match the current formats.
echo "== seeds"
cargo build --quiet --bin moye
moye() { cargo run --quiet --bin moye -- "$@"; }
mkdir -p "$work"/library "$work"/state "$work"/clean "$work"/epub "$work"/txt
fixtures=compiler/tests/fixtures
moye compile "$fixtures/good" -o "$work/library/good-16-20-24.bin" --sizes 16,20,24
moye compile "$fixtures/title-only" -o "$work/library/title-only.bin" --sizes 16
moye compile content -o "$work/library/content-16.bin" --sizes 16
sessions=(
    "next*3 bookmark next*2"
    "next*20 bookmark long-next bookmark larger rendition"
    "select next*5 bookmark back select rotate smaller"
)
for i in "${!sessions[@]}"; do
    image="$work/state/session-$i.flash"
    moye --book $((i % 2 + 1)) --keys "${sessions[$i]}" --state-file "$image" -o "$work/screen.png"
    # The record alone (slot A's payload), for the decoder. Cut out with dd, not a pipe into
    # `head -c`: under pipefail the writer's SIGPIPE when head stops early fails the script.
    length=$(od -An -tu2 -j6 -N2 "$image" | tr -d ' ')
    dd if="$image" of="$work/state/session-$i.record" bs=1 skip=24 count="$length" status=none
done
cp content/*.md "$work/clean/"
find "$fixtures" -name '*.md' -size -64k -exec cp {} "$work/clean/" \;
python3 tools/fuzz_seeds.py "$work"
for target in "${targets[@]}"; do
    echo "$target: $(ls "$work/$target" | wc -l) seed files"
done

echo "== build (cargo +nightly fuzz build)"
build_start=$(date +%s)
cargo +nightly fuzz build --target-dir "$fuzz_target_dir"
echo "fuzz build: $(($(date +%s) - build_start)) s"

declare -A max_len=([library]=131072 [state]=8192 [clean]=65536 [epub]=131072 [txt]=65536)
failed=()
summary=()
for target in "${targets[@]}"; do
    echo "== fuzz $target for $seconds s"
    corpus=fuzz/corpus/$target
    mkdir -p "$corpus"
    dirs=("$corpus" "$work/$target")
    [ -d "tests/fuzz_regressions/$target" ] && dirs+=("tests/fuzz_regressions/$target")
    flags=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
        -max_len="${max_len[$target]:-65536}")
    [ -f "fuzz/$target.dict" ] && flags+=(-dict="fuzz/$target.dict")
    log="$work/$target.log"
    if cargo +nightly fuzz run --target-dir "$fuzz_target_dir" "$target" "${dirs[@]}" -- \
        "${flags[@]}" >"$log" 2>&1; then
        result=ok
    else
        result=CRASH
        failed+=("$target")
        tail -n 60 "$log"
    fi
    # The final stats; after a crash, libFuzzer's last progress line.
    executions=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' ||
        grep -o '^#[0-9]*' "$log" | tail -n 1 | tr -d '#')
    coverage=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 || true)
    line=$(printf '%-8s %12s executions in %4s s  %-5s (%s edges, corpus %s)' "$target" \
        "$executions" "$seconds" "$result" "${coverage#cov: }" "$(ls "$corpus" | wc -l)")
    echo "$line"
    summary+=("$line")
done

echo "== fuzz summary"
printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz.sh: crashed: ${failed[*]} (inputs in fuzz/artifacts/)" >&2
    exit 1
fi
