#!/usr/bin/env python3
"""Time to first prompt: start `./tldb` (the REPL on the built-in demo) in a pseudo-terminal,
as a user would, and measure the wall-clock time until "(tldb) " appears; then type quit.

    bench/first-prompt.py [--runs N] [--] [COMMAND...]     (default command: ./tldb)

Prints every run and the minimum, median and maximum, plus the load average, because the
machine is shared: the minimum is the closest to an idle machine. Also the CPU time of the whole
run (prompt and quit, all threads), which depends less on the load. Not a test (BENCHMARKS.md).
"""
import fcntl
import os
import pty
import statistics
import struct
import sys
import termios
import time


def one_run(command):
    start = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:
        # A real terminal has a size (JLine squeezes the prompt of a 0-column one to ">....").
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        os.execvp(command[0], command)
    seen = b""
    elapsed = None
    while elapsed is None:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
        if b"(tldb) " in seen:
            elapsed = time.monotonic() - start
    os.write(fd, b"quit\r")
    try:
        while os.read(fd, 4096):
            pass
    except OSError:
        pass
    _, _, usage = os.wait4(pid, 0)
    if elapsed is None:
        raise SystemExit("no prompt; the program printed:\n" + seen.decode(errors="replace"))
    return elapsed, usage.ru_utime + usage.ru_stime


def main():
    args = sys.argv[1:]
    runs = 10
    if args[:1] == ["--runs"]:
        runs = int(args[1])
        args = args[2:]
    if args[:1] == ["--"]:
        args = args[1:]
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    command = args or [os.path.join(here, "tldb")]
    one_run(command)  # warm-up: builds the jar if needed and records the CDS archive
    times, cpus = [], []
    for i in range(runs):
        t, cpu = one_run(command)
        times.append(t)
        cpus.append(cpu)
        print(f"run {i + 1}: {t * 1000:.0f} ms to the prompt, {cpu * 1000:.0f} ms CPU in all "
              f"(load average {os.getloadavg()[0]:.2f})")
    print(f"min {min(times) * 1000:.0f} ms, median {statistics.median(times) * 1000:.0f} ms, "
          f"max {max(times) * 1000:.0f} ms over {runs} runs of {' '.join(command)}; "
          f"CPU median {statistics.median(cpus) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
