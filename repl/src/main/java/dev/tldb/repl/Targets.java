package dev.tldb.repl;

import dev.tldb.cli.OpenTarget;
import dev.tldb.core.CoreLoader;
import dev.tldb.core.CoreOptions;
import dev.tldb.core.LoadedCore;
import dev.tldb.elf.ElfFile;
import dev.tldb.error.TldbException;
import dev.tldb.exec.ExecTarget;
import dev.tldb.remote.RemoteOptions;
import dev.tldb.remote.RemoteTarget;
import dev.tldb.sim.scenario.BuiltinDemo;
import dev.tldb.sim.scenario.Simulation;
import dev.tldb.target.TargetStack;
import dev.tldb.threaddb.ThreadDbLayer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Opens each kind of target the REPL and batch scripts know: a program file, a core, a
 * simulated process (a scenario, or the built-in demo), a remote stub. Every stack gets the
 * thread layer (simulated libthread_db) on top of its process, as gdb pushes linux-thread-db.
 *
 * @param sysroots   where the process's files are on this host, like gdb's sysroot
 * @param searchDirs folders to look for libraries by file name
 * @param demos      starts the built-in demo (a fresh one per call; the first may have been
 *                   started ahead, see {@link dev.tldb.cli.Main})
 */
public record Targets(List<Path> sysroots, List<Path> searchDirs, Supplier<Simulation> demos) {

    public Targets {
        sysroots = List.copyOf(sysroots);
        searchDirs = List.copyOf(searchDirs);
    }

    public Targets(List<Path> sysroots, List<Path> searchDirs) {
        this(sysroots, searchDirs, BuiltinDemo::start);
    }

    public static Targets defaults() {
        return new Targets(List.of(), List.of());
    }

    /** {@code file BIN}: the program's files, no process. */
    public OpenTarget file(Path program) {
        requireFile(program, "program");
        ElfFile elf = ElfFile.open(program);
        try {
            TargetStack stack = new TargetStack().push(new ExecTarget(elf, 0, Optional.empty()));
            return new OpenTarget(stack, List.of(), "file " + program, elf);
        } catch (TldbException e) {
            elf.close();
            throw e;
        }
    }

    /** {@code core CORE}, with the program when known. */
    public OpenTarget core(Path core, Optional<Path> program) {
        requireFile(core, "core");
        CoreOptions o = CoreOptions.of(core);
        if (program.isPresent()) {
            o = o.withExecutable(program.get());
        }
        for (Path s : sysroots) {
            o = o.withSysroot(s);
        }
        for (Path d : searchDirs) {
            o = o.withSearchDir(d);
        }
        LoadedCore loaded = CoreLoader.load(o);
        TargetStack stack = loaded.stack().push(new ThreadDbLayer());
        return new OpenTarget(stack, loaded.warnings(), "core " + core, loaded);
    }

    /** {@code sim SCENARIO}: a simulated process, stopped before {@code main}. */
    public Simulation scenario(Path scenario) {
        requireFile(scenario, "scenario");
        return Simulation.start(scenario, searchDirs);
    }

    /** The built-in demo (bundled in the jar), stopped before {@code main}. */
    public Simulation demo() {
        return demos.get();
    }

    /** A started simulation as the open target. */
    public static OpenTarget of(Simulation sim, String description) {
        return new OpenTarget(sim.stack(), sim.process().warnings(), description, () -> { });
    }

    /** {@code target remote HOST:PORT}: a gdbserver-compatible stub. */
    public OpenTarget remote(String hostPort, Optional<Path> program, Duration timeout) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) {
            throw new TldbException("target remote needs HOST:PORT (e.g. localhost:1234), not `" + hostPort + "'");
        }
        String host = colon == 0 ? "localhost" : hostPort.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new TldbException("target remote: bad port in `" + hostPort + "'");
        }
        if (port < 1 || port > 65535) {
            throw new TldbException("target remote: port " + port + " is not between 1 and 65535");
        }
        RemoteOptions options = RemoteOptions.defaults().withSysroots(sysroots).withSearchDirs(searchDirs)
                .withTimeout(timeout);
        if (program.isPresent()) {
            options = options.withExecutable(program.get());
        }
        RemoteTarget remote = RemoteTarget.connect(host, port, options);
        TargetStack stack = new TargetStack().push(remote).push(new ThreadDbLayer());
        List<String> warnings = new ArrayList<>(remote.warnings());
        return new OpenTarget(stack, warnings, "remote " + host + ":" + port, remote);
    }

    private static void requireFile(Path p, String what) {
        if (!Files.exists(p)) {
            throw new TldbException(p + ": No such file or directory.");
        }
        if (!Files.isRegularFile(p)) {
            throw new TldbException(p + ": not a " + what + " file (a directory or device)");
        }
    }
}
