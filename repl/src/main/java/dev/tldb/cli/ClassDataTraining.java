package dev.tldb.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs representative commands once, in one JVM, so that the class-data archive the {@code ./tldb}
 * launcher creates ({@code -XX:ArchiveClassesAtExit}) holds the classes real commands load: a cold
 * and a warm {@code info address} (scan and cache write, then cache read), {@code dwarf stats},
 * and the REPL's commands on the built-in demo with a line editor (the first prompt's classes).
 * Not a user command; its output is thrown away.
 *
 * <p>Usage: {@code java -XX:ArchiveClassesAtExit=tldb.jsa -cp tldb.jar dev.tldb.cli.ClassDataTraining [ELF]}
 */
public final class ClassDataTraining {
    private ClassDataTraining() {}

    public static void main(String[] args) throws IOException {
        Path cache = Files.createTempDirectory("tldb-cds-training");
        try {
            Map<String, String> env = Map.of("TLDB_INDEX_CACHE_DIR", cache.toString());
            run(env, "--help");
            if (args.length > 0 && Files.isRegularFile(Path.of(args[0]))) {
                String elf = args[0];
                run(env, "info", "address", "tls_counter", "--file", elf); // scan, cache write
                run(env, "info", "address", "tls_counter", "--file", elf); // cache read
                run(env, "info", "address", "main", "--file", elf);
                run(env, "dwarf", "stats", elf);
            }
            run(env, "-batch", "-ex", "info threads", "-ex", "continue", "-ex", "tls tls_counter", "-ex", "info tls",
                    "-ex", "print tls_name", "-ex", "x/4xw &tls_counter");
            lineEditor();
        } finally {
            try (Stream<Path> s = Files.walk(cache)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** A JLine reader over a dumb terminal, reading one line: the classes an interactive prompt loads. */
    private static void lineEditor() throws IOException {
        var in = new java.io.ByteArrayInputStream("quit\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try (var terminal = org.jline.terminal.TerminalBuilder.builder().dumb(true).streams(in,
                OutputStream.nullOutputStream()).build()) {
            org.jline.reader.LineReaderBuilder.builder().terminal(terminal).build().readLine("(tldb) ");
        } catch (org.jline.reader.EndOfFileException | org.jline.reader.UserInterruptException e) {
            // the training input ran out: that is all it was for
        }
    }

    private static void run(Map<String, String> env, String... args) {
        PrintWriter sink = new PrintWriter(OutputStream.nullOutputStream());
        var cmd = Main.commandLine(env, args);
        cmd.setOut(sink);
        cmd.setErr(sink);
        cmd.execute(args);
    }
}
