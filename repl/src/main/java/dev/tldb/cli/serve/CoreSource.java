package dev.tldb.cli.serve;

import dev.tldb.abi.Arch;
import dev.tldb.core.CoreLoader;
import dev.tldb.core.CoreOptions;
import dev.tldb.core.LoadedCore;
import dev.tldb.gdbstub.target.CoreStubs;
import dev.tldb.gdbstub.target.TargetStubFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A core file opened with its program and libraries ({@link CoreLoader}), served read-only. */
public final class CoreSource implements ServeSource {
    private final LoadedCore loaded;
    private final TargetStubFactory targets;

    private CoreSource(LoadedCore loaded) {
        this.loaded = loaded;
        this.targets = CoreStubs.factory(loaded);
    }

    public static CoreSource open(Path core, Optional<Path> exe, List<Path> sysroots, List<Path> searchDirs) {
        CoreOptions options = CoreOptions.of(core);
        if (exe.isPresent()) {
            options = options.withExecutable(exe.get());
        }
        for (Path s : sysroots) {
            options = options.withSysroot(s);
        }
        for (Path d : searchDirs) {
            options = options.withSearchDir(d);
        }
        return new CoreSource(CoreLoader.load(options));
    }

    @Override
    public TargetStubFactory targets() {
        return targets;
    }

    @Override
    public String description() {
        return "core dump " + loaded.core().coreFile().displayName() + executable().map(p -> " of " + p).orElse("") + " ("
                + loaded.stack().abi().describe() + ", " + loaded.stack().threads().size() + " threads)";
    }

    @Override
    public Arch arch() {
        return loaded.stack().abi().arch();
    }

    @Override
    public Optional<Path> executable() {
        return loaded.exec().flatMap(e -> e.program().path());
    }

    @Override
    public List<String> warnings() {
        return loaded.warnings();
    }

    @Override
    public void close() {
        loaded.close();
    }
}
