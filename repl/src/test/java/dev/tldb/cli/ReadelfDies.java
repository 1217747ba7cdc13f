package dev.tldb.cli;

import dev.tldb.testkit.Tools;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code readelf -wN --debug-dump=info} says about a file: its non-null DIEs and the split
 * DWARF files its skeletons name. The dump of a large program runs to hundreds of megabytes, so
 * it is streamed from a file, never held as one string.
 */
final class ReadelfDies {
    private static final Pattern DIE = Pattern.compile("^ <\\d+><[0-9a-f]+>: Abbrev Number: [1-9].*");
    private static final Pattern DWO_NAME = Pattern.compile("DW_AT_(?:GNU_)?dwo_name\\s*:.*?:?\\s*([^\\s:]+\\.dwo)\\s*$");
    private static final Pattern UNIT = Pattern.compile("^\\s+Compilation Unit @ offset.*");

    /** The counts of one dump. */
    record Dump(long dies, long units, List<String> dwoNames) { }

    private ReadelfDies() {}

    static Dump of(Path file) {
        Tools.require("readelf", "apt-get install binutils");
        Path out = null;
        try {
            out = Files.createTempFile("tldb-readelf", ".txt");
            Process p = new ProcessBuilder("readelf", "--wide", "-wN", "--debug-dump=info", file.toString())
                    .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("readelf on " + file + " did not finish");
            }
            if (p.exitValue() != 0) {
                throw new AssertionError("readelf on " + file + " exited with " + p.exitValue());
            }
            long dies = 0;
            long units = 0;
            Set<String> dwo = new LinkedHashSet<>();
            try (BufferedReader r = Files.newBufferedReader(out, StandardCharsets.ISO_8859_1)) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    if (DIE.matcher(line).matches()) {
                        dies++;
                    } else if (UNIT.matcher(line).matches()) {
                        units++;
                    } else if (line.contains("dwo_name")) {
                        Matcher m = DWO_NAME.matcher(line);
                        if (m.find()) {
                            dwo.add(m.group(1));
                        }
                    }
                }
            }
            return new Dump(dies, units, new ArrayList<>(dwo));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }
}
