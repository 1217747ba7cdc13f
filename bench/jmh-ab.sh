#!/usr/bin/env bash
# A/B of two builds of the JMH jar, side by side in one run: alternates A, B, A, B ... (rounds)
# so that load on a shared machine falls on both alike, then prints per benchmark and core the
# median over all measurement iterations of each build and B's median over A's.
# Usage: bench/jmh-ab.sh A.jar B.jar [rounds=2] [benchmark regex='TlsLookupBench.*Sweep']
# (Keep a copy of bench/build/benchmarks.jar before a change as A, build again for B.)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$(dirname "$here")"
a="$1" b="$2" rounds="${3:-2}" regex="${4:-TlsLookupBench.*Sweep}"
out="bench/build/ab"
rm -rf "$out" && mkdir -p "$out"
for r in $(seq 1 "$rounds"); do
  for side in A B; do
    jar="$a"; [ "$side" = B ] && jar="$b"
    java -jar "$jar" "$regex" -p core=bench/build/cores/tls-sample/core,bench/build/cores/many-threads/core \
      -rf json -rff "$out/$side-$r.json" > "$out/$side-$r.log" 2>&1
    echo "round $r: $side done" >&2
  done
done
python3 - "$out" <<'PY'
import glob, json, statistics, sys
out = sys.argv[1]
its = {}
for side in ("A", "B"):
    for f in glob.glob(f"{out}/{side}-*.json"):
        for r in json.load(open(f)):
            key = (r["benchmark"].rsplit(".", 1)[1], r["params"]["core"].split("/")[-2], r["primaryMetric"]["scoreUnit"])
            its.setdefault(key, {}).setdefault(side, []).extend(x for fork in r["primaryMetric"]["rawData"] for x in fork)
print("| benchmark | core | A median | B median | unit | B / A |")
print("| --- | --- | ---: | ---: | --- | ---: |")
for (name, core, unit), sides in sorted(its.items()):
    ma, mb = statistics.median(sides["A"]), statistics.median(sides["B"])
    print(f"| {name} | {core} | {ma:,.1f} | {mb:,.1f} | {unit} | {mb / ma:.2f} |")
PY
