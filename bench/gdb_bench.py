#!/usr/bin/env python3
"""Stock gdb through `tldb serve` (a core) versus stock gdbserver (the live process), side by side.

Benchmarks (medians over --runs runs, after one warm-up run each):

  memory   gdb's `dump binary memory` of two 32 MiB arrays (bench/bigmem.c): random bytes (nothing
           to compress) and a heap-like array (a pointer, a counter and a flag per 64-byte line,
           zeros elsewhere); gdbserver reads the live process, tldb its gcore. MiB/s as gdb sees it.
  raw      the servers alone: a minimal protocol client (no gdb) reads the same two arrays with `m`
           requests of each server's own size (PacketSize/2: gdbserver 9 KiB, tldb 64 KiB), to show
           what the server side costs when gdb's own decoding is not in the way.
  session  a scripted session on the TLS sample (samples/, x86_64-glibc-pie): for several TLS
           variables `thread apply all -c print VAR` over the 5 threads; gdbserver on the live
           process stopped at its trap, tldb on a gcore taken at the same point. Seconds for the
           prints, and for connecting (target remote until the first prompt).

Both servers are reached over TCP on 127.0.0.1. tldb runs as one `tldb serve` for all runs of a
benchmark (as a user would keep it), gdbserver is started per run (a live process can only be
debugged once). The script checks that both give the same bytes and the same printed values.

Usage: bench/gdb_bench.py [memory|raw|session|all] [--runs N]
Needs: gcc, gdb, gdbserver, java 17, maven (to build tldb.jar once), make.
"""
import argparse
import hashlib
import os
import platform
import re
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "bench" / "build"
JAR = ROOT / "repl" / "build" / "tldb.jar"
GDB = ["gdb", "-nx", "-batch", "-iex", "set debuginfod enabled off", "-iex", "set pagination off",
       "-iex", "set confirm off", "-iex", "set width 0"]
ENV = dict(os.environ, LC_ALL="C", DEBUGINFOD_URLS="")
GDB_CPU = []  # CPU seconds of each gdb run (user + system), last one last
SESSION_VARS = ["tls_int", "tls_long", "tls_double", "tls_name", "tls_pair", "lib_tls", "lib_tbss", "plugin_tls"]


def run(cmd, **kw):
    kw.setdefault("env", ENV)
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kw)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build():
    BUILD.mkdir(parents=True, exist_ok=True)
    bigmem = BUILD / "bigmem"
    if not bigmem.exists() or bigmem.stat().st_mtime < (ROOT / "bench" / "bigmem.c").stat().st_mtime:
        run(["gcc", "-O1", "-g", "-o", str(bigmem), str(ROOT / "bench" / "bigmem.c")])
    run(["make", "-s", "--no-print-directory", "-C", str(ROOT / "samples"),
         "BUILD=" + str(ROOT / "samples" / "build"), "x86_64-glibc-pie"])
    if not JAR.exists():
        print("building tldb.jar ...", file=sys.stderr)
        run(["mvn", "-B", "-q", "-DskipTests", "package", "-pl", "repl", "-am"], cwd=ROOT)
    return bigmem, ROOT / "samples" / "build" / "x86_64-glibc-pie" / "tls-sample"


def gcore(program, out):
    """Runs program under gdb to its trap and writes a gcore there; returns the program's stdout."""
    if out.exists():
        out.unlink()
    stdout = out.with_suffix(".stdout")
    r = run(GDB + ["-ex", f"run > {stdout}", "-ex", f"gcore {out}", "-ex", "kill", str(program)],
            cwd=program.parent)
    if not out.exists():
        raise SystemExit("gcore failed:\n" + r.stdout + r.stderr)
    return stdout.read_text()


class Tldb:
    """One `tldb serve` for a benchmark."""

    def __init__(self, core, exe):
        self.proc = subprocess.Popen(["java", "-jar", str(JAR), "serve", "--listen", "127.0.0.1:0",
                                      "--core", str(core), "--exe", str(exe)],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=ENV)
        for line in self.proc.stdout:
            m = re.match(r"Listening on (\S+)", line)
            if m:
                self.address = m.group(1)
                return
        raise SystemExit("tldb serve did not start")

    def close(self):
        self.proc.terminate()
        self.proc.wait(10)


class GdbServer:
    """gdbserver --once on a fresh live process."""

    def __init__(self, program):
        port = free_port()
        self.address = f"127.0.0.1:{port}"
        self.proc = subprocess.Popen(["gdbserver", "--once", self.address, str(program)], cwd=program.parent,
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, text=True, env=ENV)
        for line in self.proc.stderr:
            if "Listening on port" in line:
                return
        raise SystemExit("gdbserver did not start")

    def close(self):
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def timed_gdb(address, program, before, timed, after, rounds=1):
    """Runs gdb: connect, `before`, then `timed` `rounds` times, each between two clock reads.

    Returns (seconds of the last round, seconds of each round, seconds until ready, stdout): ready is
    connected and through `before` (for gdbserver: `continue` to the trap, which is also when gdb
    reads the libraries; tldb's core has them at once)."""
    cmds = ["python import time; t0 = time.time()", f"target remote {address}",
            "python t1 = time.time(); print('@@CONNECT %.6f' % (t1 - t0))"]
    cmds += before
    cmds += ["python print('@@READY %.6f' % (time.time() - t0))"]
    for _ in range(rounds):
        cmds += ["python t2 = time.time()"] + timed + ["python print('@@TIMED %.6f' % (time.time() - t2))"]
    cmds += after
    argv = list(GDB)
    for c in cmds:
        argv += ["-ex", c]
    argv.append(str(program))
    before_cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    r = subprocess.run(argv, text=True, capture_output=True, env=ENV, timeout=600)
    after_cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    GDB_CPU.append(after_cpu.ru_utime + after_cpu.ru_stime - before_cpu.ru_utime - before_cpu.ru_stime)
    out = r.stdout + r.stderr
    times = [float(x) for x in re.findall(r"@@TIMED (\S+)", out)]
    c = re.search(r"@@READY (\S+)", out)
    if len(times) != rounds or not c:
        raise SystemExit("gdb run failed:\n" + out)
    return times[-1], times, float(c.group(1)), r.stdout


def sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def memory(runs, bigmem):
    core = BUILD / "bigmem.core"
    gcore(bigmem, core)
    size = 32 << 20
    arrays = ["random_bytes", "heap_like"]
    servers = ["gdbserver (live process)", "tldb serve (gcore)"]
    results = {(a, s): [] for a in arrays for s in servers}
    cpu = {(a, s): [] for a in arrays for s in servers}
    digests = {a: set() for a in arrays}
    tldb = Tldb(core, bigmem)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            out = {a: Path(tmp) / f"{a}.bin" for a in arrays}
            # No spaces inside the addresses: gdb splits dump's arguments at blanks.
            timed = {a: [f"dump binary memory {out[a]} (char*)&{a} (char*)&{a}+sizeof({a})"] for a in arrays}
            # gdbserver and tldb runs alternate, so both see the same machine load.
            for i in range(runs + 1):
                for a in arrays:
                    server = GdbServer(bigmem)
                    try:
                        t, _, _, _ = timed_gdb(server.address, bigmem, ["continue"], timed[a], ["kill"])
                    finally:
                        server.close()
                    digests[a].add(sha256(out[a]))
                    if i:
                        results[(a, servers[0])].append(t)
                        cpu[(a, servers[0])].append(GDB_CPU[-1])
                    t, _, _, _ = timed_gdb(tldb.address, bigmem, [], timed[a], ["detach"])
                    digests[a].add(sha256(out[a]))
                    if i:
                        results[(a, servers[1])].append(t)
                        cpu[(a, servers[1])].append(GDB_CPU[-1])
    finally:
        tldb.close()
    for a in arrays:
        if len(digests[a]) != 1:
            raise SystemExit(f"the servers disagree on the bytes of {a}: {digests[a]}")
    print(f"\n### gdb `dump binary memory` of 32 MiB (median of {runs} runs after a warm-up)\n")
    print("| array | server | median s | MiB/s | gdb's own CPU s (whole run) | runs (s) |")
    print("| --- | --- | --- | --- | --- | --- |")
    for a in arrays:
        speed = {}
        for name in servers:
            times = results[(a, name)]
            med = statistics.median(times)
            speed[name] = size / (1 << 20) / med
            print(f"| {a} | {name} | {med:.3f} | {speed[name]:.1f} | {statistics.median(cpu[(a, name)]):.2f} | "
                  f"{' '.join(f'{t:.2f}' for t in times)} |")
        print(f"| {a} | **tldb / gdbserver** | | **{speed[servers[1]] / speed[servers[0]]:.1f}x** | | |")


def expand(packet):
    """Undoes run-length encoding: `X*c` is X repeated (c - 29) more times."""
    out = bytearray()
    i = 0
    while i < len(packet):
        if packet[i] == ord("*"):
            out += out[-1:] * (packet[i + 1] - 29)
            i += 2
        else:
            out.append(packet[i])
            i += 1
    return bytes(out)


class RawClient:
    """Just enough of the remote protocol to read memory fast: no acks; runs are expanded only in
    short replies (memory replies are counted, not decoded: `dump` above checked the bytes)."""

    def __init__(self, address):
        host, port = address.rsplit(":", 1)
        self.sock = socket.create_connection((host, int(port)))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = bytearray()
        supported = expand(self.ask("qSupported:multiprocess+", ack=True))
        self.packet_size = int(re.search(rb"PacketSize=([0-9a-f]+)", supported).group(1), 16)
        self.ask("QStartNoAckMode", ack=True)
        self.sock.sendall(b"+")

    def send(self, payload):
        data = payload.encode()
        self.sock.sendall(b"$" + data + b"#%02x" % (sum(data) & 0xff))

    def reply(self):
        while True:
            start = self.buf.find(b"$")
            end = self.buf.find(b"#", start + 1) if start >= 0 else -1
            if end >= 0 and len(self.buf) >= end + 3:
                packet = bytes(self.buf[start + 1:end])
                del self.buf[:end + 3]
                return packet
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                raise SystemExit("server closed the connection")
            self.buf += chunk

    def ask(self, payload, ack=False):
        self.send(payload)
        r = self.reply()
        if ack:
            self.sock.sendall(b"+")
        return r

    def read(self, address, size):
        step = (self.packet_size - 8) // 2
        step -= step % 16
        if step <= 0:
            raise SystemExit(f"PacketSize {self.packet_size} too small")
        done = 0
        while done < size:
            n = min(step, size - done)
            r = self.ask(f"m{address + done:x},{n:x}")
            if r.startswith(b"E"):
                raise SystemExit(f"read failed at {address + done:#x}: {r!r}")
            done += n

    def close(self):
        self.sock.close()


def raw(runs, bigmem):
    core = BUILD / "bigmem.core"
    stdout = gcore(bigmem, core)
    m = re.search(r"ARRAYS (0x[0-9a-f]+) (0x[0-9a-f]+) (\d+)", stdout)
    arrays = {"random_bytes": int(m.group(1), 16), "heap_like": int(m.group(2), 16)}
    size = int(m.group(3))
    results = {}
    for name in arrays:
        results[(name, "gdbserver (live process)")] = []
        results[(name, "tldb serve (gcore)")] = []
    tldb = Tldb(core, bigmem)
    try:
        for i in range(runs + 1):  # alternating, so both see the same machine load
            server = GdbServer(bigmem)
            try:
                c = RawClient(server.address)
                c.ask("vCont;c")  # to the trap: gdbserver disables ASLR, so the arrays are where gcore saw them
                for name, address in arrays.items():
                    t = time.perf_counter()
                    c.read(address, size)
                    if i:
                        results[(name, "gdbserver (live process)")].append(time.perf_counter() - t)
                c.send(f"vKill;{server.proc.pid:x}")
                c.close()
            finally:
                server.proc.kill()
                server.close()
            c = RawClient(tldb.address)
            for name, address in arrays.items():
                t = time.perf_counter()
                c.read(address, size)
                if i:
                    results[(name, "tldb serve (gcore)")].append(time.perf_counter() - t)
            c.close()
    finally:
        tldb.close()
    print(f"\n### The servers alone: 32 MiB through `m` packets from a minimal client, no gdb (median of {runs})\n")
    print("| array | server | median s | MiB/s |")
    print("| --- | --- | --- | --- |")
    for name in arrays:
        speed = {}
        for server in ["gdbserver (live process)", "tldb serve (gcore)"]:
            med = statistics.median(results[(name, server)])
            speed[server] = size / (1 << 20) / med
            print(f"| {name} | {server} | {med:.3f} | {speed[server]:.0f} |")
        print(f"| {name} | **tldb / gdbserver** | | **{speed['tldb serve (gcore)'] / speed['gdbserver (live process)']:.1f}x** |")


def session(runs, sample):
    core = BUILD / "tls-sample.core"
    gcore(sample, core)
    timed = [f"thread apply all -c print {v}" for v in SESSION_VARS]
    results = {}
    outputs = {}

    names = ["gdbserver (live process)", "tldb serve (gcore)"]
    for name in names:
        results[name] = ([], [], [])
    tldb = Tldb(core, sample)
    try:
        for i in range(runs + 1):  # alternating, so both see the same machine load
            for name in names:
                if name == names[0]:
                    server = GdbServer(sample)
                    address, before, after, done = server.address, ["continue"], ["kill"], server.close
                else:
                    address, before, after, done = tldb.address, [], ["detach"], (lambda: None)
                try:
                    _, rounds, c, out = timed_gdb(address, sample, before, timed, after, rounds=2)
                finally:
                    done()
                if i:
                    results[name][0].append(rounds[0])
                    results[name][1].append(rounds[1])
                    results[name][2].append(c)
                outputs[name] = out
    finally:
        tldb.close()

    def values(text):
        return sorted(re.findall(r"^\$\d+ = (.*)$", text, re.M))
    # Same program, separate runs: LWPs and addresses differ, the TLS values must not.
    a, b = values(outputs["gdbserver (live process)"]), values(outputs["tldb serve (gcore)"])
    strip = lambda xs: [re.sub(r"0x[0-9a-f]+", "0x", x) for x in xs]
    if len(a) != len(b) or strip(a) != strip(b):
        raise SystemExit("the servers printed different values:\n" + "\n".join(a) + "\n---\n" + "\n".join(b))
    n = len(SESSION_VARS)
    print(f"\n### `thread apply all -c print VAR`, {n} TLS variables x 5 threads, twice in one gdb session "
          f"(median of {runs} sessions after a warm-up)\n")
    print("| server | ready s | 1st round s | 2nd round s | 2nd rounds (s) |")
    print("| --- | --- | --- | --- | --- |")
    med = {}
    for name, (firsts, seconds, connects) in results.items():
        med[name] = statistics.median(seconds)
        print(f"| {name} | {statistics.median(connects):.3f} | {statistics.median(firsts):.3f} | {med[name]:.3f} | "
              f"{' '.join(f'{t:.3f}' for t in seconds)} |")
    print(f"\n2nd round, tldb / gdbserver time: {med['tldb serve (gcore)'] / med['gdbserver (live process)']:.2f}x")


def machine():
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    gdb = run(["gdb", "--version"]).stdout.splitlines()[0]
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    load = open("/proc/loadavg").read().split()[:3]
    print(f"Machine: {os.cpu_count()} CPUs ({cpu}), Linux {platform.release()}; {gdb}; gdbserver 13; {java}; "
          f"{time.strftime('%Y-%m-%d %H:%M')}; load average at start {' '.join(load)} (a shared machine)")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("what", nargs="?", default="all", choices=["memory", "raw", "session", "all"])
    p.add_argument("--runs", type=int, default=5)
    a = p.parse_args()
    bigmem, sample = build()
    machine()
    if a.what in ("memory", "all"):
        memory(a.runs, bigmem)
    if a.what in ("raw", "all"):
        raw(a.runs, bigmem)
    if a.what in ("session", "all"):
        session(a.runs, sample)


if __name__ == "__main__":
    main()
