package dev.tldb.cli;

import dev.tldb.dwarf.index.cache.IndexCache;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;

/** {@code tldb index-cache info|clear}: look at or empty the name-index cache. */
@Command(name = "index-cache", mixinStandardHelpOptions = true,
        description = {"The name-index cache: the name index tldb builds by scanning a file that has none of its own, "
                + "kept on disk by build-id (or path, size, mtime and inode) so the next lookup skips the scan.",
                "TLDB_INDEX_CACHE=off turns it off, TLDB_INDEX_CACHE_DIR moves it, "
                        + "TLDB_INDEX_CACHE_MAX_MB caps it (default " + IndexCache.DEFAULT_MAX_MB + ")."},
        subcommands = {IndexCacheCommand.Info.class, IndexCacheCommand.Clear.class})
public final class IndexCacheCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCodes.USAGE;
    }

    /** {@code tldb index-cache info}. */
    @Command(name = "info", mixinStandardHelpOptions = true, description = "Where the cache is, how many files, how large.")
    public static final class Info implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        IndexCacheOptions options;

        @Override
        public Integer call() {
            return whenOn(spec, options, (cache, out) -> {
                IndexCache.Contents c = cache.contents().orElseThrow();
                out.println("index cache: " + c.directory());
                out.println("  files      " + c.files());
                out.println("  size       " + c.bytes() + " bytes (cap " + (c.maxBytes() >> 20) + " MiB)");
            });
        }
    }

    /** {@code tldb index-cache clear}. */
    @Command(name = "clear", mixinStandardHelpOptions = true, description = "Delete every cache file.")
    public static final class Clear implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        IndexCacheOptions options;

        @Override
        public Integer call() {
            return whenOn(spec, options, (cache, out) -> {
                int n = cache.clear();
                out.println("index cache: removed " + n + " file" + (n == 1 ? "" : "s") + " from "
                        + cache.directory().orElseThrow());
            });
        }
    }

    /**
     * What every subcommand does: opens the cache {@code options} select and runs {@code action}
     * on it, or says the cache is off.
     */
    private static Integer whenOn(CommandSpec spec, IndexCacheOptions options,
                                  BiConsumer<IndexCache, PrintWriter> action) {
        PrintWriter out = spec.commandLine().getOut();
        IndexCache cache = options.cache(spec);
        if (!cache.enabled()) {
            out.println("index cache: off");
        } else {
            action.accept(cache, out);
        }
        out.flush();
        return ExitCodes.OK;
    }
}
