package dev.tldb.remote;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How to connect: the program file when the user named one (else the stub is asked for its
 * path), where to look for the process's files on this host, and how long to wait for a reply.
 */
public record RemoteOptions(Optional<Path> executable, List<Path> sysroots, List<Path> searchDirs, Duration timeout) {

    public RemoteOptions {
        sysroots = List.copyOf(sysroots);
        searchDirs = List.copyOf(searchDirs);
    }

    public static RemoteOptions defaults() {
        return new RemoteOptions(Optional.empty(), List.of(), List.of(), Duration.ofSeconds(10));
    }

    public RemoteOptions withExecutable(Path p) {
        return new RemoteOptions(Optional.of(p), sysroots, searchDirs, timeout);
    }

    public RemoteOptions withSysroots(List<Path> roots) {
        return new RemoteOptions(executable, roots, searchDirs, timeout);
    }

    public RemoteOptions withSearchDirs(List<Path> dirs) {
        return new RemoteOptions(executable, sysroots, dirs, timeout);
    }

    public RemoteOptions withTimeout(Duration t) {
        return new RemoteOptions(executable, sysroots, searchDirs, t);
    }
}
