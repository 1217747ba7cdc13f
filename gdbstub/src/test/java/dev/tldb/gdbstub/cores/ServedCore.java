package dev.tldb.gdbstub.cores;

import dev.tldb.core.CoreLoader;
import dev.tldb.core.CoreOptions;
import dev.tldb.core.LoadedCore;
import dev.tldb.gdbstub.packets.target.TargetPackets;
import dev.tldb.gdbstub.server.GdbServer;
import dev.tldb.gdbstub.target.CoreStubs;
import dev.tldb.testkit.SampleCore;

/**
 * A sample core served on a free port of 127.0.0.1, the way {@code tldb serve --core} serves it:
 * loaded with its program (and, for dynamic cross variants, the qemu sysroot), one target stack
 * per connection.
 */
final class ServedCore implements AutoCloseable {
    final SampleCore sample;
    final LoadedCore loaded;
    final GdbServer server;
    final int port;

    private ServedCore(SampleCore sample, LoadedCore loaded, GdbServer server) {
        this.sample = sample;
        this.loaded = loaded;
        this.server = server;
        this.port = server.start().getPort();
    }

    static ServedCore serve(SampleCore sample) {
        CoreOptions options = CoreOptions.of(sample.core()).withExecutable(sample.variant().executable());
        if (sample.variant().qemuSysroot().isPresent()) {
            options = options.withSysroot(sample.variant().qemuSysroot().get());
        }
        LoadedCore loaded = CoreLoader.load(options);
        try {
            GdbServer server = GdbServer.builder()
                    .port(0)
                    .dispatcher(TargetPackets.dispatcher())
                    .targets(CoreStubs.factory(loaded))
                    .build();
            return new ServedCore(sample, loaded, server);
        } catch (RuntimeException e) {
            loaded.close();
            throw e;
        }
    }

    /** The gdb command that connects. */
    String targetRemote() {
        return "target remote 127.0.0.1:" + port;
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            loaded.close();
        }
    }
}
