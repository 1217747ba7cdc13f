#!/usr/bin/env bash
# Why the ./tldb launcher runs the JVM as it does: `tldb info address VAR` on the generated
# large program, cold (index cache cleared) and warm, under several JVM settings, interleaved
# round by round. Reports median wall time and median CPU time (user + system) per setting, as
# Markdown. Run bench/info-address/run.sh first (it builds the program and the jar).
#
#   bench/info-address/jvm-flags.sh [--scale N] [--rounds N] [--var NAME]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
scale=100
rounds=7
var=bench_tls
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) scale="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --var) var="$2"; shift 2 ;;
    *) echo "usage: $0 [--scale N] [--rounds N] [--var NAME]" >&2; exit 2 ;;
  esac
done
program="$here/samples/build/large-$scale/large-program"
jar="$here/repl/build/tldb.jar"
jsa="$here/repl/build/tldb.jsa"
[ -f "$program" ] || { echo "no $program: run bench/info-address/run.sh --scale $scale first" >&2; exit 1; }
"$here/tldb" --version >/dev/null # builds the jar and the class-data archive
cache="$(mktemp -d "${TMPDIR:-/tmp}/tldb-flags-cache.XXXXXX")"
work="$(mktemp -d "${TMPDIR:-/tmp}/tldb-flags.XXXXXX")"
trap 'rm -rf "$cache" "$work"' EXIT
export TLDB_INDEX_CACHE_DIR="$cache"

launcher="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xshare:auto"
cds="-XX:SharedArchiveFile=$jsa -Xlog:cds=off -Xlog:cds+dynamic=off"
settings=("plain java -jar|"
          "launcher flags, no archive|$launcher"
          "launcher flags + archive (./tldb)|$launcher $cds"
          "launcher + archive, C2 allowed|-XX:+UseSerialGC -XX:-UsePerfData -Xshare:auto $cds"
          "launcher + archive, G1 GC|-XX:TieredStopAtLevel=1 -XX:-UsePerfData -Xshare:auto $cds")

measure() { # label flags mode
  local label="$1" flags="$2" mode="$3" start end
  [ "$mode" = cold ] && rm -rf "${cache:?}"/*
  start=$EPOCHREALTIME
  # shellcheck disable=SC2086
  /usr/bin/time -f "%U %S" -o "$work/cpu" java $flags -jar "$jar" info address "$var" --file "$program" >/dev/null
  end=$EPOCHREALTIME
  echo "$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }') $(awk '{ printf "%.2f", $1 + $2 }' "$work/cpu")" \
    >>"$work/$(echo "$label-$mode" | tr ' ()/+,.' '_______')"
}
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
for ((r = 1; r <= rounds; r++)); do
  echo "round $r/$rounds" >&2
  for s in "${settings[@]}"; do
    measure "${s%%|*}" "${s#*|}" cold
    measure "${s%%|*}" "${s#*|}" warm
  done
done
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

echo "JVM settings, SCALE=$scale, \`$var\`, $rounds interleaved rounds, $(date -u '+%Y-%m-%d %H:%M UTC'); load average $load_before before, $load_after after."
echo
echo "| JVM settings | cold wall (s) | cold CPU (s) | warm wall (s) | warm CPU (s) |"
echo "| --- | --- | --- | --- | --- |"
for s in "${settings[@]}"; do
  label="${s%%|*}"
  f() { cut -d' ' -f"$2" "$work/$(echo "$label-$1" | tr ' ()/+,.' '_______')" | median; }
  echo "| $label | $(f cold 1) | $(f cold 2) | $(f warm 1) | $(f warm 2) |"
done
