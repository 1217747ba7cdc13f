package dev.tldb.cli;

import dev.tldb.abi.Arch;
import dev.tldb.cli.serve.CoreSource;
import dev.tldb.cli.serve.ListenAddress;
import dev.tldb.cli.serve.ServeLogging;
import dev.tldb.cli.serve.ServeSource;
import dev.tldb.error.TldbException;
import dev.tldb.gdbstub.frame.RspFrameDecoder;
import dev.tldb.gdbstub.packets.PacketDispatcher;
import dev.tldb.gdbstub.packets.target.TargetPackets;
import dev.tldb.gdbstub.server.GdbServer;
import dev.tldb.gdbstub.server.WarmUp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * {@code tldb serve}: a gdbserver-style remote-protocol endpoint for a core file, which stock
 * gdb connects to with {@code target remote}. Like gdbserver it prints {@code Listening on ...}
 * once it accepts connections, serves several debuggers at once (each with its own view), and
 * with {@code --once} exits when the first one leaves.
 */
@Command(name = "serve",
        mixinStandardHelpOptions = true,
        description = {"Serve a core file to stock gdb over the remote protocol, with every thread's "
                + "thread-local storage (also musl, also for libraries gdb cannot find TLS in).",
                "",
                "Connect with: gdb -ex 'target remote HOST:PORT' [PROGRAM]. Without PROGRAM gdb fetches the program "
                        + "and its libraries from tldb. 'monitor help' lists tldb's own commands, e.g. "
                        + "'monitor tls-error', which says why a TLS lookup failed."})
public final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--listen", paramLabel = "HOST:PORT",
            description = "Address to listen on (default: ${DEFAULT-VALUE}); HOST:PORT, :PORT or PORT; port 0 picks "
                    + "a free one. The protocol has no authentication: listen beyond 127.0.0.1 only on trusted networks.",
            defaultValue = "127.0.0.1:1234")
    String listen;

    @Option(names = "--once", description = "Exit after the first debugger disconnects (gdbserver's --once).")
    boolean once;

    @Option(names = "--verbose", description = "Log every packet and reply on stderr.")
    boolean verbose;

    @Option(names = "--no-warm-up", description = "Do not run a practice session in the background at start-up "
            + "(it lets the JIT compile the packet path before the first debugger needs it).")
    boolean noWarmUp;

    @Option(names = "--core", paramLabel = "CORE", description = "The core dump to serve.")
    Path core;

    @Option(names = "--exe", paramLabel = "EXE",
            description = "The program that dumped the core (default: found from the paths the core records).")
    Path exe;

    @Option(names = "--sysroot", paramLabel = "DIR",
            description = "Look for the process's files under DIR (like gdb's sysroot), e.g. /usr/aarch64-linux-gnu; "
                    + "repeatable.")
    List<Path> sysroots = new ArrayList<>();

    @Option(names = "--search-dir", paramLabel = "DIR", description = "Also look for libraries by file name in DIR; "
            + "repeatable.")
    List<Path> searchDirs = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ListenAddress address = ListenAddress.parse(listen);
        ServeLogging.configure(System.err, verbose);
        try (ServeSource source = open()) {
            for (String w : source.warnings()) {
                err.println("warning: " + w);
            }
            err.flush();
            PacketDispatcher dispatcher = TargetPackets.dispatcher();
            try (GdbServer server = GdbServer.builder()
                    .host(address.host())
                    .port(address.port())
                    .once(once)
                    // Non-blocking packets are answered on these threads (see PacketHandler).
                    .ioThreads(Math.max(1, Runtime.getRuntime().availableProcessors()))
                    .dispatcher(dispatcher)
                    .targets(source.targets())
                    .build()) {
                InetSocketAddress bound;
                try {
                    bound = server.start();
                } catch (IllegalStateException e) {
                    throw new TldbException(e.getMessage());
                }
                Thread hook = new Thread(server::close, "tldb-serve-shutdown");
                Runtime.getRuntime().addShutdownHook(hook);
                String where = ListenAddress.format(bound.getHostString(), bound.getPort());
                // One write, so a script reading "Listening on" finds the gdb line with it.
                out.print("Serving " + source.description() + System.lineSeparator()
                        + "Listening on " + where + System.lineSeparator()
                        + "Connect with: " + gdbCommand(source.arch(), where, source.executable())
                        + System.lineSeparator());
                out.flush();
                if (!noWarmUp) {
                    warmUp(dispatcher, source);
                }
                CompletableFuture<Void> done = server.terminated();
                done.join();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // already shutting down
                }
            }
        }
        return ExitCodes.OK;
    }

    /** A practice session in the background, at low priority (see {@link WarmUp}). */
    private static void warmUp(PacketDispatcher dispatcher, ServeSource source) {
        Thread t = new Thread(() -> WarmUp.run(dispatcher, source.targets(), RspFrameDecoder.DEFAULT_MAX_PACKET_SIZE,
                TargetPackets::typicalSession, 20_000, Duration.ofSeconds(10)), "tldb-serve-warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    private ServeSource open() {
        if (core == null) {
            throw new TldbException("nothing to serve: give --core CORE");
        }
        return CoreSource.open(core, Optional.ofNullable(exe), sysroots, searchDirs);
    }

    /** The gdb command line that connects: gdb-multiarch for other architectures than the host's. */
    static String gdbCommand(Arch arch, String where, Optional<Path> program) {
        String gdb = arch == Arch.X86_64 ? "gdb" : "gdb-multiarch";
        return gdb + " -ex 'target remote " + where + "'" + program.map(p -> " " + shellQuote(p.toString())).orElse("");
    }

    private static String shellQuote(String s) {
        return s.matches("[A-Za-z0-9_./+,:=@%-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
