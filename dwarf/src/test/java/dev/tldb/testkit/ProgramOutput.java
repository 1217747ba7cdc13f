package dev.tldb.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a sample program printed about itself (format: samples/README.md), parsed strictly:
 * an unknown line, a line for another thread than the open block, a duplicate, or anything
 * after {@code READY} is an {@link IllegalArgumentException} naming the line.
 *
 * @param threads the thread blocks in output order
 * @param ready   whether the closing {@code READY} line was there
 */
public record ProgramOutput(List<ThreadReport> threads, boolean ready) {
    private static final Pattern THREAD = Pattern.compile("THREAD (\\d+) (\\d+)");
    private static final Pattern TLS = Pattern.compile("TLS (\\d+) (.+?) = (.*)");
    private static final Pattern ADDR = Pattern.compile("ADDR (\\d+) (.+) 0x([0-9a-f]+)");
    private static final Pattern UNTOUCHED = Pattern.compile("UNTOUCHED (\\d+) (.+)");

    public ProgramOutput {
        threads = List.copyOf(threads);
    }

    public static ProgramOutput read(Path file) {
        try {
            return parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    public static ProgramOutput parse(String text) {
        List<ThreadReport> threads = new ArrayList<>();
        Block block = null;
        boolean ready = false;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int lineNo = i + 1;
            if (line.isEmpty() && i == lines.length - 1) {
                break; // the text's final newline
            }
            if (ready) {
                throw bad(lineNo, line, "output after READY");
            }
            Matcher m;
            if (line.equals("READY")) {
                ready = true;
            } else if ((m = THREAD.matcher(line)).matches()) {
                if (block != null) {
                    threads.add(block.report());
                }
                block = new Block(Integer.parseInt(m.group(1)), Long.parseLong(m.group(2)));
                for (ThreadReport t : threads) {
                    if (t.index() == block.index || t.lwp() == block.lwp) {
                        throw bad(lineNo, line, "thread index or LWP repeated");
                    }
                }
            } else if ((m = TLS.matcher(line)).matches()) {
                String expr = m.group(2);
                requireBlock(block, m.group(1), lineNo, line);
                if (block.values.put(expr, m.group(3)) != null || block.untouched.contains(expr)) {
                    throw bad(lineNo, line, "expression reported twice");
                }
            } else if ((m = ADDR.matcher(line)).matches()) {
                requireBlock(block, m.group(1), lineNo, line);
                if (block.addresses.put(m.group(2), Long.parseUnsignedLong(m.group(3), 16)) != null) {
                    throw bad(lineNo, line, "address reported twice");
                }
            } else if ((m = UNTOUCHED.matcher(line)).matches()) {
                String expr = m.group(2);
                requireBlock(block, m.group(1), lineNo, line);
                if (block.values.containsKey(expr) || block.untouched.contains(expr)) {
                    throw bad(lineNo, line, "expression reported twice");
                }
                block.untouched.add(expr);
            } else {
                throw bad(lineNo, line, "not a sample output line");
            }
        }
        if (block != null) {
            threads.add(block.report());
        }
        return new ProgramOutput(threads, ready);
    }

    private static void requireBlock(Block block, String lwp, int lineNo, String line) {
        if (block == null) {
            throw bad(lineNo, line, "before any THREAD line");
        }
        if (Long.parseLong(lwp) != block.lwp) {
            throw bad(lineNo, line, "LWP differs from its THREAD line's " + block.lwp);
        }
    }

    private static IllegalArgumentException bad(int lineNo, String line, String why) {
        return new IllegalArgumentException("line " + lineNo + ": " + why + ": " + line);
    }

    /** The block of thread {@code index} (0 = main). */
    public ThreadReport thread(int index) {
        return threads.stream().filter(t -> t.index() == index).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no thread with index " + index));
    }

    public ThreadReport byLwp(long lwp) {
        return threads.stream().filter(t -> t.lwp() == lwp).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no thread with LWP " + lwp));
    }

    /** The main thread (index 0); its LWP is the process id. */
    public ThreadReport main() {
        return thread(0);
    }

    /** The LWPs, sorted. */
    public Set<Long> lwps() {
        Set<Long> set = new TreeSet<>();
        threads.forEach(t -> set.add(t.lwp()));
        return set;
    }

    public Optional<String> value(long lwp, String expression) {
        return byLwp(lwp).value(expression);
    }

    public Optional<Long> address(long lwp, String expression) {
        return byLwp(lwp).address(expression);
    }

    public boolean isUntouched(long lwp, String expression) {
        return byLwp(lwp).isUntouched(expression);
    }

    /** Every expression any thread reported a value for or as untouched, in first-seen order. */
    public List<String> expressions() {
        Set<String> seen = new java.util.LinkedHashSet<>();
        for (ThreadReport t : threads) {
            seen.addAll(t.values().keySet());
            seen.addAll(t.untouched());
        }
        return List.copyOf(seen);
    }

    private static final class Block {
        final int index;
        final long lwp;
        final Map<String, String> values = new LinkedHashMap<>();
        final Map<String, Long> addresses = new LinkedHashMap<>();
        final List<String> untouched = new ArrayList<>();

        Block(int index, long lwp) {
            this.index = index;
            this.lwp = lwp;
        }

        ThreadReport report() {
            return new ThreadReport(index, lwp, values, addresses, untouched);
        }
    }
}
