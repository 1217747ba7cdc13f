package dev.tldb.cli;

import dev.tldb.testkit.Readelf;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** TLS facts about an ELF file as readelf states them: the PT_TLS segment and STT_TLS symbols. */
final class ReadelfTls {
    private static final Pattern TLS_SEGMENT = Pattern.compile(
            "^\\s*TLS\\s+0x([0-9a-f]+)\\s+0x[0-9a-f]+\\s+0x[0-9a-f]+\\s+0x([0-9a-f]+)\\s+0x([0-9a-f]+)", Pattern.MULTILINE);

    private ReadelfTls() {}

    /** PT_TLS: where its initialisation image is in the file, how much of it the file holds, its size in memory. */
    record Segment(long fileOffset, long fileSize, long memSize) {}

    /** An STT_TLS symbol: its offset in the module's TLS block ({@code st_value}) and size. */
    record Symbol(long offset, int size) {}

    static Segment segment(Path elf) {
        Matcher m = TLS_SEGMENT.matcher(Readelf.readelf("-l", elf.toString()));
        assertThat(m.find()).as("PT_TLS of %s", elf).isTrue();
        return new Segment(Long.parseLong(m.group(1), 16), Long.parseLong(m.group(2), 16), Long.parseLong(m.group(3), 16));
    }

    static Symbol symbol(Path elf, String name) {
        Matcher m = Pattern.compile("^\\s*\\d+: ([0-9a-f]+)\\s+(\\d+)\\s+TLS\\s+\\S+\\s+\\S+\\s+\\S+\\s+"
                + Pattern.quote(name) + "$", Pattern.MULTILINE).matcher(Readelf.readelf("-s", elf.toString()));
        assertThat(m.find()).as("STT_TLS symbol %s in %s", name, elf).isTrue();
        return new Symbol(Long.parseLong(m.group(1), 16), Integer.parseInt(m.group(2)));
    }
}
