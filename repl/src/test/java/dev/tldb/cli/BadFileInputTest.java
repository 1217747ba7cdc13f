package dev.tldb.cli;

import dev.tldb.dwarf.testing.Tools;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input through the command line ends in one line on stderr ({@code tldb: ...}, naming the
 * file), exit status 1, nothing on stdout, no stack trace and no hang ({@link Cli} stops a command
 * after two minutes). Each case runs {@code info address} and {@code dwarf stats}.
 */
class BadFileInputTest {
    @TempDir
    Path dir;

    private byte[] good;

    @BeforeEach
    void compile() throws IOException {
        Path bin = Tools.gcc(dir, "sample", Tools.resource("sample.c"), "victim", "-g", "-O0");
        good = Files.readAllBytes(bin);
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static void assertOneLineFailure(CliResult r, String mentions) {
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.stdout()).as(r.toString()).isEmpty();
        assertThat(r.stderrLines()).as(r.toString()).hasSize(1);
        String line = r.stderrLines().get(0);
        assertThat(line).startsWith("tldb: ").doesNotContain("internal error").doesNotContain("Exception")
                .contains(mentions);
    }

    private static void assertBothCommandsFail(Path file, String mentions) {
        assertOneLineFailure(Cli.runUncached("info", "address", "tls_counter", "--file", file.toString()), mentions);
        assertOneLineFailure(Cli.runUncached("dwarf", "stats", file.toString()), mentions);
    }

    /** Where readelf puts a section: file offset and size. */
    private long[] section(String name) throws IOException {
        Path f = write("probe", good);
        String out = Tools.run(dir, "readelf", "-SW", f.toString());
        Matcher m = Pattern.compile("\\]\\s+" + Pattern.quote(name) + "\\s+\\S+\\s+\\S+\\s+(\\S+)\\s+(\\S+)").matcher(out);
        assertThat(m.find()).as(name + " in\n" + out).isTrue();
        return new long[] {Long.parseLong(m.group(1), 16), Long.parseLong(m.group(2), 16)};
    }

    @Test
    void randomBytes() throws IOException {
        byte[] noise = new byte[65536];
        new Random(42).nextBytes(noise);
        assertBothCommandsFail(write("random.bin", noise), "random.bin");
    }

    @Test
    void truncatedElf() throws IOException {
        assertBothCommandsFail(write("header-only", Arrays.copyOf(good, 64)), "header-only");
        assertBothCommandsFail(write("half", Arrays.copyOf(good, good.length / 2)), "half");
        assertBothCommandsFail(write("empty", new byte[0]), "empty");
    }

    @Test
    void aDirectoryAndAMissingFile() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("folder"));
        assertBothCommandsFail(folder, "is a directory");
        assertBothCommandsFail(dir.resolve("no-such-file"), "no such file");
    }

    @Test
    void absurdCounts() throws IOException {
        // e_shnum = 65535: a section header table far past the end of the file.
        byte[] headers = good.clone();
        ByteBuffer.wrap(headers).order(ByteOrder.LITTLE_ENDIAN).putShort(0x3c, (short) 0xffff);
        assertBothCommandsFail(write("many-sections", headers), "many-sections");

        // The first unit claims 0x7fff0000 bytes.
        byte[] unit = good.clone();
        long[] info = section(".debug_info");
        ByteBuffer.wrap(unit).order(ByteOrder.LITTLE_ENDIAN).putInt((int) info[0], 0x7fff0000);
        assertBothCommandsFail(write("huge-unit", unit), "huge-unit: .debug_info");

        // The line table claims 0x7ffffff0 bytes: only the command that reads lines trips on it.
        byte[] lines = good.clone();
        long[] line = section(".debug_line");
        ByteBuffer.wrap(lines).order(ByteOrder.LITTLE_ENDIAN).putInt((int) line[0], 0x7ffffff0);
        Path f = write("huge-lines", lines);
        assertOneLineFailure(Cli.runUncached("dwarf", "stats", f.toString()), "huge-lines: .debug_line");
        assertThat(Cli.runUncached("info", "address", "tls_counter", "--file", f.toString()).exitCode()).isZero();
    }

    @Test
    void cyclicReferences() throws IOException {
        // The definition of tls_declared_first names itself as its own specification.
        Path probe = write("probe", good);
        String dump = Tools.run(dir, "readelf", "-wN", "--debug-dump=info", probe.toString());
        long die = -1;
        long attribute = -1;
        for (String l : dump.lines().toList()) {
            Matcher d = Pattern.compile("^ <\\d+><([0-9a-f]+)>:").matcher(l);
            if (d.find()) {
                die = Long.parseLong(d.group(1), 16);
            } else if (l.contains("DW_AT_specification")) {
                Matcher a = Pattern.compile("^\\s+<([0-9a-f]+)>").matcher(l);
                assertThat(a.find()).isTrue();
                attribute = Long.parseLong(a.group(1), 16);
                break;
            }
        }
        assertThat(attribute).as("a DW_AT_specification in\n" + dump).isPositive();
        byte[] cyclic = good.clone();
        long[] info = section(".debug_info");
        // DW_FORM_ref4 is unit-relative; the only unit starts at 0.
        ByteBuffer.wrap(cyclic).order(ByteOrder.LITTLE_ENDIAN).putInt((int) (info[0] + attribute), (int) die);
        assertBothCommandsFail(write("cyclic", cyclic), "cyclic");
    }

    @Test
    void theUnmodifiedFileWorks() throws IOException {
        Path f = write("fine", good);
        CliResult r = Cli.runUncached("info", "address", "tls_counter", "--file", f.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).startsWith("Symbol \"tls_counter\" is a thread-local variable at offset 0x");
        assertThat(Cli.runUncached("dwarf", "stats", f.toString()).exitCode()).isZero();
        assertThat(List.of(r.stderr())).containsExactly("");
    }
}
