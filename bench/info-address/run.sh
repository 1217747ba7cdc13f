#!/usr/bin/env bash
# Whole-process benchmark for issue 2: `tldb info address VAR` on a generated large program
# (cold: index cache cleared; warm: cache present; scan only: --no-index-cache) against
# `gdb -batch -nx -ex 'info address VAR' PROGRAM`, side by side: every round runs each command
# once, in turn, so a change in machine load hits all of them alike. Reports the median wall
# time, the ratio to gdb's median, and the median peak RSS, as a Markdown section for
# BENCHMARKS.md. With hyperfine installed it also prints hyperfine's own (not interleaved)
# medians as a cross-check.
#
#   bench/info-address/run.sh [--scale N] [--rounds N] [--var NAME] [--out FILE]
#
# --scale: about N MB of .debug_info (samples/gen/large-program.c; default 100, which takes
# some minutes of gcc the first time). Needs gcc, make, gdb, GNU time (apt-get install time),
# a JDK 17 and Maven (the ./tldb launcher builds the jar).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
scale=100
rounds=10
var=bench_tls
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) scale="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --var) var="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "usage: $0 [--scale N] [--rounds N] [--var NAME] [--out FILE]" >&2; exit 2 ;;
  esac
done
[ -x /usr/bin/time ] || { echo "needs GNU time: apt-get install time" >&2; exit 1; }
command -v gdb >/dev/null || { echo "needs gdb: apt-get install gdb" >&2; exit 1; }

echo "building the large program (SCALE=$scale)..." >&2
make -s -C "$here/samples" -j"$(nproc)" large SCALE="$scale" >&2
program="$here/samples/build/large-$scale/large-program"
"$here/tldb" --version >/dev/null   # builds the jar and its class-data archive if needed

cache="$(mktemp -d "${TMPDIR:-/tmp}/tldb-bench-cache.XXXXXX")"
trap 'rm -rf "$cache"' EXIT
export TLDB_INDEX_CACHE_DIR="$cache"
work="$(mktemp -d "${TMPDIR:-/tmp}/tldb-bench.XXXXXX")"
trap 'rm -rf "$cache" "$work"' EXIT

names=(gdb tldb-cold tldb-warm tldb-scan-only)
cmd_of() {
  case "$1" in
    gdb) echo "gdb -batch -nx -ex 'info address $var' $program" ;;
    tldb-cold|tldb-warm) echo "./tldb info address $var --file $program" ;;
    tldb-scan-only) echo "./tldb info address $var --file $program --no-index-cache" ;;
  esac
}
run() { # name -> runs it once; appends "seconds kilobytes" to $work/name
  local name="$1" start end rss
  case "$name" in
    tldb-cold) rm -rf "$cache"/* ;;
    tldb-warm) [ -n "$(ls -A "$cache")" ] || "$here/tldb" info address "$var" --file "$program" >/dev/null ;;
  esac
  start=$EPOCHREALTIME
  case "$name" in
    gdb) /usr/bin/time -f %M -o "$work/rss" gdb -batch -nx -ex "info address $var" "$program" >"$work/out.$name" 2>&1 ;;
    tldb-cold|tldb-warm) /usr/bin/time -f %M -o "$work/rss" "$here/tldb" info address "$var" --file "$program" >"$work/out.$name" 2>&1 ;;
    tldb-scan-only) /usr/bin/time -f %M -o "$work/rss" "$here/tldb" info address "$var" --file "$program" --no-index-cache >"$work/out.$name" 2>&1 ;;
  esac
  end=$EPOCHREALTIME
  rss=$(tail -1 "$work/rss")
  echo "$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }') $rss" >>"$work/$name"
}
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# Every tool must say the same thing, or the timings compare different work.
for n in "${names[@]}"; do run "$n"; : >"$work/$n"; done
expected="$(cat "$work/out.gdb")"
for n in tldb-cold tldb-warm tldb-scan-only; do
  if [ "$(cat "$work/out.$n")" != "$expected" ]; then
    echo "$n disagrees with gdb:" >&2; echo "gdb:  $expected" >&2; echo "tldb: $(cat "$work/out.$n")" >&2; exit 1
  fi
done

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
for ((r = 1; r <= rounds; r++)); do
  echo "round $r/$rounds" >&2
  for n in "${names[@]}"; do run "$n"; done
done
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

gdb_median="$(cut -d' ' -f1 "$work/gdb" | median)"
info_size=$((16#$(readelf -SW "$program" | awk '$2 == ".debug_info" { print $6 }')))
{
  echo "### Run of $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "- machine: $(lscpu | awk -F: '/Model name/ { gsub(/^ +/, "", $2); print $2 }'), $(nproc) CPUs, $(free -g | awk '/Mem:/ { print $2 }') GiB RAM, $(uname -sr)"
  echo "- JDK: $(java -version 2>&1 | head -1); $(gdb --version | head -1)"
  echo "- program: samples/gen/large-program.c, SCALE=$scale: $(awk -v b="$info_size" 'BEGIN { printf "%.1f", b / 1048576 }') MiB of .debug_info, $(stat -c %s "$program" | awk '{ printf "%.0f", $1 / 1048576 }') MiB file; looked up: \`$var\`"
  echo "- $rounds interleaved rounds; load average $load_before before, $load_after after"
  echo
  # The fastest run is the one least disturbed by other load: on a shared machine its ratio is
  # the better guess at a quiet machine's, the median's at a typical one's.
  gdb_min="$(cut -d' ' -f1 "$work/gdb" | sort -n | head -1)"
  echo "| command | median wall (s) | vs gdb | fastest (s) | vs gdb's fastest | median peak RSS (MiB) | runs (s) |"
  echo "| --- | --- | --- | --- | --- | --- | --- |"
  for n in "${names[@]}"; do
    m="$(cut -d' ' -f1 "$work/$n" | median)"
    f="$(cut -d' ' -f1 "$work/$n" | sort -n | head -1)"
    rss="$(cut -d' ' -f2 "$work/$n" | median)"
    echo "| \`$(cmd_of "$n" | sed "s|$program|PROGRAM|; s|$here/||")\` ($n) | $m | $(awk -v a="$m" -v b="$gdb_median" 'BEGIN { printf "%.2f×", a / b }') | $f | $(awk -v a="$f" -v b="$gdb_min" 'BEGIN { printf "%.2f×", a / b }') | $(awk -v k="$rss" 'BEGIN { printf "%.0f", k / 1024 }') | $(cut -d' ' -f1 "$work/$n" | tr '\n' ' ')|"
  done
} >"$work/report.md"

if command -v hyperfine >/dev/null; then
  echo "hyperfine cross-check..." >&2
  "$here/tldb" info address "$var" --file "$program" >/dev/null # fill the cache for the warm command
  (cd "$here" && hyperfine -N --warmup 1 --runs "$rounds" --export-json "$work/hyperfine.json" \
     -n gdb "gdb -batch -nx -ex 'info address $var' $program" \
     -n tldb-warm "./tldb info address $var --file $program" \
     -n tldb-scan-only "./tldb info address $var --file $program --no-index-cache" >&2)
  {
    echo
    echo "hyperfine $(hyperfine --version | cut -d' ' -f2) (not interleaved: all runs of one command, then the next; cold runs need a cache cleared before each, which hyperfine -N cannot interleave):"
    echo
    awk '/"command"/ { gsub(/[",]/, "", $2); c = $2 } /"median"/ { gsub(/,/, "", $2); printf "- %s: median %.3f s\n", c, $2 }' "$work/hyperfine.json"
  } >>"$work/report.md"
fi

cat "$work/report.md"
if [ -n "$out" ]; then
  cat "$work/report.md" >>"$out"
fi
