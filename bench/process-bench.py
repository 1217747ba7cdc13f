#!/usr/bin/env python3
"""Whole-process comparison: `tldb print VAR --all-threads` against stock gdb's
`thread apply all print VAR` on the same cores, side by side in one run.

Each round runs every command once, in an order that rotates from round to round, and times
it from fork to exit (stdout and stderr to /dev/null). Reported: median, min and max wall time
per command and core over the rounds, each median's ratio to gdb's median on that core, and
the median CPU time (user + system of the process and its children): on a shared machine the
wall time carries everyone else's load, the CPU time much less of it.
Before timing, both tools' values are compared thread by thread: a benchmark of wrong answers
is worthless.

Rows:
  gdb            gdb -nx -batch -ex 'thread apply all print VAR' EXE CORE
  tldb           java -jar repl/build/tldb.jar print VAR --all-threads --core CORE --exe EXE
  tldb (CDS+C1)  the same with an application class-data archive made once at bench time
                 (-XX:ArchiveClassesAtExit) and -XX:TieredStopAtLevel=1: start-up mitigations
                 that need no code change
  JVM start      java -jar repl/build/tldb.jar --version: JVM start-up plus picocli, no work

Usage: bench/process-bench.py [--rounds N]   (after bench/make-cores.sh and mvn -B -DskipTests package)
"""
import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
JAR = os.path.join(ROOT, "repl", "build", "tldb.jar")
BUILD = os.path.join(HERE, "build")
CDS = os.path.join(BUILD, "tldb.jsa")

CORES = [
    ("tls-sample (5 threads)", os.path.join(BUILD, "samples", "x86_64-glibc-pie", "tls-sample"),
     os.path.join(BUILD, "cores", "tls-sample", "core")),
    ("many-threads (201 threads)", os.path.join(BUILD, "many-threads", "many-threads"),
     os.path.join(BUILD, "cores", "many-threads", "core")),
]
ENV = dict(os.environ, LC_ALL="C", DEBUGINFOD_URLS="")


def gdb_cmd(exe, core, var):
    return ["gdb", "-nx", "-batch", "-iex", "set debuginfod enabled off", "-iex", "set width 0",
            "-ex", "thread apply all print " + var, exe, core]


def tldb_cmd(exe, core, var, jvm=()):
    return ["java", *jvm, "-jar", JAR, "print", var, "--all-threads", "--core", core, "--exe", exe]


CDS_JVM = ("-XX:SharedArchiveFile=" + CDS, "-XX:TieredStopAtLevel=1", "-Xshare:auto")


def run(cmd):
    return subprocess.run(cmd, env=ENV, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=600)


def values_by_lwp_gdb(out):
    vals, lwp = {}, None
    for line in out.splitlines():
        m = re.match(r"^Thread \d+ \(.*LWP (\d+)\)\)?:$", line)
        if m:
            lwp = int(m.group(1))
            continue
        m = re.match(r"^\$\d+ = (.*)$", line)
        if m and lwp is not None:
            vals[lwp] = m.group(1)
            lwp = None
    return vals


def values_by_lwp_tldb(out):
    return {int(m.group(1)): m.group(2) for m in re.finditer(r"^Thread \d+ \(LWP (\d+)\): (.*)$", out, re.M)}


def check(name, exe, core, var):
    g, t = run(gdb_cmd(exe, core, var)), run(tldb_cmd(exe, core, var))
    gv, tv = values_by_lwp_gdb(g.stdout), values_by_lwp_tldb(t.stdout)
    if t.returncode != 0 or not gv or gv != tv:
        sys.exit(f"{name}: tldb and gdb disagree; not timing.\n--- gdb ---\n{g.stdout}{g.stderr}\n--- tldb ---\n{t.stdout}{t.stderr}")
    return len(gv)


def timed(cmd):
    """(wall seconds, CPU seconds) of one run."""
    u0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    r = subprocess.run(cmd, env=ENV, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=600)
    t1 = time.perf_counter()
    u1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if r.returncode != 0:
        sys.exit("failed: " + " ".join(cmd))
    return t1 - t0, (u1.ru_utime - u0.ru_utime) + (u1.ru_stime - u0.ru_stime)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=11)
    ap.add_argument("--var", default="tls_int")
    args = ap.parse_args()
    if not os.path.isfile(JAR):
        sys.exit(f"no {JAR}: run mvn -B -DskipTests package")
    for _, exe, core in CORES:
        if not os.path.isfile(core):
            sys.exit(f"no {core}: run bench/make-cores.sh")
    # The class-data archive: classes one real command loads, dumped at its exit.
    _, exe0, core0 = CORES[0]
    subprocess.run(["java", "-XX:ArchiveClassesAtExit=" + CDS, "-jar", JAR, "print", args.var, "--all-threads",
                    "--core", core0, "--exe", exe0], env=ENV, capture_output=True, check=True)

    rows = []
    for name, exe, core in CORES:
        threads = check(name, exe, core, args.var)
        cmds = [("gdb", gdb_cmd(exe, core, args.var)),
                ("tldb", tldb_cmd(exe, core, args.var)),
                ("tldb (CDS+C1)", tldb_cmd(exe, core, args.var, CDS_JVM)),
                ("JVM start (tldb --version)", ["java", "-jar", JAR, "--version"])]
        times = {label: [] for label, _ in cmds}
        for _ in range(2):  # warm the page cache; not recorded
            for _, cmd in cmds:
                timed(cmd)
        for r in range(args.rounds):
            k = r % len(cmds)
            for label, cmd in cmds[k:] + cmds[:k]:
                times[label].append(timed(cmd))
        gdb_wall = statistics.median(w for w, _ in times["gdb"])
        gdb_cpu = statistics.median(c for _, c in times["gdb"])
        for label, _ in cmds:
            wall = [w for w, _ in times[label]]
            cpu = statistics.median(c for _, c in times[label])
            med = statistics.median(wall)
            rows.append((name, threads, label, med, min(wall), max(wall), med / gdb_wall, cpu, cpu / gdb_cpu))
    print("| core | threads | command | wall median s | min s | max s | wall / gdb | CPU median s | CPU / gdb |")
    print("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, threads, label, med, lo, hi, ratio, cpu, cratio in rows:
        print(f"| {name} | {threads} | {label} | {med:.3f} | {lo:.3f} | {hi:.3f} | {ratio:.2f} | {cpu:.3f} | {cratio:.2f} |")
    print(f"\n{args.rounds} rounds, print {args.var}, {time.strftime('%Y-%m-%d %H:%M %Z')}")


if __name__ == "__main__":
    main()
