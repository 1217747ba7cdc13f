#!/usr/bin/env bash
# JMH: TLS lookups over the cores of bench/make-cores.sh, in a warm JVM.
# Builds bench/build/benchmarks.jar (Maven profile 'bench'; never part of mvn verify), runs
# TlsLookupBench on both cores, writes bench/build/jmh.json and prints a table in which one
# operation (a sweep over all threads) is also converted to lookups per second.
# Usage: bench/run-jmh.sh [extra JMH options, e.g. -wi 1 -i 2 for a quick look]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
cd "$root"
for c in tls-sample many-threads; do
  [ -f "bench/build/cores/$c/core" ] || { echo "run-jmh: no bench/build/cores/$c/core: run bench/make-cores.sh" >&2; exit 1; }
done
mvn -B -q -Pbench -pl bench -am package -DskipTests
java -jar bench/build/benchmarks.jar TlsLookupBench \
  -p core=bench/build/cores/tls-sample/core,bench/build/cores/many-threads/core \
  -rf json -rff bench/build/jmh.json "$@"
python3 - <<'PY'
import json, re, statistics
threads = {}
for c in ("tls-sample", "many-threads"):
    with open(f"bench/build/cores/{c}/program-output.txt") as f:
        threads[f"bench/build/cores/{c}/core"] = sum(1 for l in f if re.match(r"^TLS \d+ tls_int = ", l))
print("\n| benchmark | core | threads | median of iterations | min | max | JMH mean ± error | unit | median per thread |")
print("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: |")
for r in json.load(open("bench/build/jmh.json")):
    core = r["params"]["core"]; n = threads[core]
    m = r["primaryMetric"]; u = m["scoreUnit"]
    its = sorted(x for fork in m["rawData"] for x in fork)
    med = statistics.median(its)
    per = f"{med * n:,.0f} lookups/s" if u == "ops/s" else f"{med / n * 1000:,.1f} us"
    name = r["benchmark"].rsplit(".", 1)[1]
    print(f"| {name} | {core.split('/')[-2]} | {n} | {med:,.1f} | {its[0]:,.1f} | {its[-1]:,.1f} "
          f"| {m['score']:,.1f} ± {m['scoreError']:,.1f} | {u} | {per} |")
PY
