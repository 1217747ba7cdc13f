package dev.tldb.repl.commands;

import dev.tldb.cli.OpenTarget;
import dev.tldb.core.LinuxSignals;
import dev.tldb.error.TldbException;
import dev.tldb.remote.RemoteTarget;
import dev.tldb.repl.Debugger;
import dev.tldb.repl.Targets;
import dev.tldb.sim.scenario.Simulation;
import dev.tldb.target.Stratum;
import dev.tldb.target.TargetLayer;
import dev.tldb.target.ThreadInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Choosing what to debug: {@code file}, {@code core}, {@code sim}, {@code target remote}, {@code detach}. */
final class TargetCommands {
    private TargetCommands() {}

    @Command(name = "file", description = "Use a program file: its symbols and types, no process "
            + "(target remote and core use it too).")
    static final class File extends ReplCommand {
        @Parameters(paramLabel = "FILE", description = "The program (an ELF executable or library).")
        Path path;

        File(Debugger dbg) {
            super(dbg);
        }

        @Override
        protected int run() {
            OpenTarget t = dbg.targets().file(path);
            out().println("Reading symbols from " + path + "...");
            dbg.open(t);
            dbg.setProgramFile(Optional.of(path));
            return 0;
        }
    }

    @Command(name = "core", aliases = "core-file", description = "Debug a core dump (kernel, gcore or qemu-user); "
            + "the program is found from the paths the core records, or the one given with file.")
    static final class Core extends ReplCommand {
        @Parameters(paramLabel = "FILE", description = "The core file.")
        Path path;

        Core(Debugger dbg) {
            super(dbg);
        }

        @Override
        protected int run() {
            OpenTarget t = dbg.targets().core(path, dbg.programFile());
            dbg.open(t);
            ThreadInfo stopped = dbg.thread();
            int sig = dbg.stack().stopInfo().signal();
            out().println("Program terminated with signal " + LinuxSignals.name(sig) + ", "
                    + LinuxSignals.description(sig) + ".");
            out().println("#0  " + dbg.frame(stopped));
            return 0;
        }
    }

    @Command(name = "sim", description = {"Start a simulated process from a scenario file (docs/scenarios.md), "
            + "stopped before main; continue runs it to its next stop.", "sim demo: the built-in demo."})
    static final class Sim extends ReplCommand {
        @Parameters(paramLabel = "FILE", description = "A scenario (.tldbsim), or demo.")
        String scenario;

        Sim(Debugger dbg) {
            super(dbg);
        }

        @Override
        protected int run() {
            boolean demo = scenario.equals("demo") && !java.nio.file.Files.exists(Path.of(scenario));
            Simulation sim = demo ? dbg.targets().demo() : dbg.targets().scenario(Path.of(scenario));
            dbg.open(Targets.of(sim, demo ? "the built-in demo" : "sim " + scenario));
            dbg.setProgramFile(Optional.empty());
            Announce.simulation(dbg, sim, demo ? "the built-in demo" : scenario);
            return 0;
        }
    }

    @Command(name = "target", description = "Connect to a target: target remote HOST:PORT.")
    static final class Target extends ReplCommand {
        Target(Debugger dbg) {
            super(dbg);
        }

        @Override
        protected int run() {
            throw new TldbException("Argument required (target name).  Try `help target'.");
        }
    }

    @Command(name = "remote", aliases = "extended-remote", description = {"Debug a process through a "
            + "gdbserver-compatible stub (gdbserver, tldb serve, qemu -g, ...).",
            "Threads, registers, memory and libraries come over the remote protocol; thread-local variables through "
                    + "the stub's qGetTLSAddr when it answers, else tldb's own thread layer over memory."})
    static final class Remote extends ReplCommand {
        @Parameters(paramLabel = "HOST:PORT", description = "Where the stub listens, e.g. localhost:1234.")
        String address;

        Remote(Debugger dbg) {
            super(dbg);
        }

        @Override
        protected int run() {
            OpenTarget t = dbg.targets().remote(address, dbg.programFile(), Duration.ofSeconds(10));
            out().println("Remote debugging using " + address);
            dbg.open(t);
            if (!dbg.stack().threads().isEmpty()) {
                out().println(dbg.frame(dbg.thread()));
            }
            return 0;
        }
    }

    @Command(name = "detach", description = "Leave the target: a remote process runs on, a simulated one is "
            + "dropped, a core is closed; the program named with file stays loaded.")
    static final class Detach extends ReplCommand {
        Detach(Debugger dbg) {
            super(dbg);
        }

        @Override
        protected int run() {
            var process = dbg.stack().layer(Stratum.PROCESS);
            if (process.isEmpty()) {
                throw new TldbException("The program is not being run.");
            }
            TargetLayer p = process.get();
            long pid = dbg.stack().threads().isEmpty() ? 0 : dbg.stack().threads().get(0).pid();
            if (p instanceof RemoteTarget r) {
                r.detach();
            }
            boolean core = p.shortName().equals("core");
            dbg.closeTarget();
            out().println(core ? "No core file now." : "[Inferior 1 (process " + pid + ") detached]");
            // As in gdb, the program named with file stays: its symbols and static data remain readable.
            dbg.programFile().ifPresent(program -> dbg.open(dbg.targets().file(program)));
            return 0;
        }
    }
}
