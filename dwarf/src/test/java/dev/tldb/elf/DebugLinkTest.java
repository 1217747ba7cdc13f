package dev.tldb.elf;

import dev.tldb.dwarf.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code .gnu_debuglink} ({@link ElfFile#debugLink()}) of a program stripped by objcopy, which
 * links it to the file {@code objcopy --only-keep-debug} wrote: the name and CRC readelf's
 * {@code --debug-dump=links} prints, and the CRC-32 of that debug file computed here.
 */
class DebugLinkTest {
    @TempDir
    Path dir;

    /** The name and CRC readelf prints for {@code .gnu_debuglink}. */
    record Link(String name, long crc) { }

    static Link readelfLink(Path file) {
        String out = Tools.run(file.getParent(), "readelf", "--debug-dump=links", "-wN", file.toString());
        Matcher name = Pattern.compile("Separate debug info file: (\\S+)").matcher(out);
        Matcher crc = Pattern.compile("CRC value: 0x([0-9a-f]+)").matcher(out);
        assertThat(name.find() && crc.find()).as(out).isTrue();
        return new Link(name.group(1), Long.parseLong(crc.group(1), 16));
    }

    static long crc32(Path file) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(Files.readAllBytes(file));
        return crc.getValue();
    }

    @Test
    void nameAndCrcMatchReadelfAndTheDebugFile() throws IOException {
        Path prog = Tools.gcc(dir, "prog", "int counter;\nint main(void) { return counter; }\n", "prog", "-g");
        Tools.run(dir, "objcopy", "--only-keep-debug", "prog", "prog.debug");
        Tools.run(dir, "objcopy", "--strip-debug", "--add-gnu-debuglink=prog.debug", "prog", "prog.stripped");
        Path stripped = dir.resolve("prog.stripped");
        Link expected = readelfLink(stripped);
        assertThat(expected.crc()).isEqualTo(crc32(dir.resolve("prog.debug")));
        try (ElfFile elf = ElfFile.open(stripped)) {
            DebugLink link = elf.debugLink().orElseThrow();
            assertThat(new Link(link.fileName(), link.crc32())).isEqualTo(expected);
            assertThat(link.fileName()).isEqualTo("prog.debug");
        }
        try (ElfFile elf = ElfFile.open(prog)) {
            assertThat(elf.debugLink()).isEmpty();
        }
    }
}
