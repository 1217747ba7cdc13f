#!/usr/bin/env bash
# Makes the cores the benchmarks read, under bench/build/ (never committed):
#   cores/tls-sample/core    the x86-64 glibc PIE sample (samples/): 5 threads, linked + dlopen'ed libraries
#   cores/many-threads/core  bench/src/c/many-threads.c with N workers (default 200): N + 1 threads
# Each next to program-output.txt, the program's own report of its TLS values.
# Usage: bench/make-cores.sh [N]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
out="$here/build"
workers="${1:-200}"

for tool in make gcc gdb; do
  command -v "$tool" >/dev/null || { echo "make-cores: $tool is not installed" >&2; exit 1; }
done

make -s --no-print-directory -C "$root/samples" BUILD="$out/samples" x86_64-glibc-pie
mkdir -p "$out/many-threads"
gcc -O0 -g -fPIE -pie -pthread -Wall -Wextra -o "$out/many-threads/many-threads" "$here/src/c/many-threads.c"

# gdb runs the program to its trap and writes a core there, like the test kit's gcore cores.
gcore_at_trap() { # folder program [args...]
  local dir="$1" prog="$2"; shift 2
  rm -rf "$dir" && mkdir -p "$dir"
  (cd "$dir" && LC_ALL=C gdb -nx -batch -iex 'set debuginfod enabled off' -ex 'set pagination off' \
      -ex 'set confirm off' -ex "run $* > program-output.txt 2> program-stderr.txt" -ex 'gcore core' -ex kill \
      "$prog" > gdb.log 2>&1)
  grep -qx READY "$dir/program-output.txt" || { echo "make-cores: $prog did not reach its trap; see $dir" >&2; exit 1; }
  [ -f "$dir/core" ] || { echo "make-cores: gdb wrote no core for $prog; see $dir/gdb.log" >&2; exit 1; }
  echo "$dir/core: $(grep -c '^TLS .* tls_int = ' "$dir/program-output.txt") threads reported, $(du -h "$dir/core" | cut -f1)"
}

gcore_at_trap "$out/cores/tls-sample" "$out/samples/x86_64-glibc-pie/tls-sample"
gcore_at_trap "$out/cores/many-threads" "$out/many-threads/many-threads" "$workers"
