package dev.tldb.cli;

import dev.tldb.dwarf.index.cache.IndexCache;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;

/** Whether and where the commands that look names up keep tldb's name-index cache. */
public final class IndexCacheOptions {

    @Option(names = "--no-index-cache",
            description = "Neither read nor write the name-index cache (same as TLDB_INDEX_CACHE=off).")
    boolean off;

    @Option(names = "--index-cache-dir", paramLabel = "DIR",
            description = "Keep the name-index cache in DIR (default: $TLDB_INDEX_CACHE_DIR, "
                    + "$XDG_CACHE_HOME/tldb/index or ~/.cache/tldb/index).")
    Path dir;

    /** The cache these options and the environment of the command line ask for. */
    IndexCache cache(CommandSpec spec) {
        return cache(TldbCommand.environment(spec));
    }

    IndexCache cache(Map<String, String> env) {
        if (off) {
            return IndexCache.disabled();
        }
        if (dir != null) {
            IndexCache fromEnv = IndexCache.fromEnvironment(env);
            long max = fromEnv.enabled() ? fromEnv.maxBytes() : IndexCache.DEFAULT_MAX_MB << 20;
            return IndexCache.at(dir, max);
        }
        return IndexCache.fromEnvironment(env);
    }
}
