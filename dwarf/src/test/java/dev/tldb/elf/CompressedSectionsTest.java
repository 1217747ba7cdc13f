package dev.tldb.elf;

import dev.tldb.binary.FormatException;
import dev.tldb.dwarf.DwarfInfo;
import dev.tldb.dwarf.stats.DwarfStats;
import dev.tldb.testkit.Exec;
import dev.tldb.testkit.ExecResult;
import dev.tldb.testkit.Samples;
import dev.tldb.testkit.Tools;
import io.airlift.compress.zstd.ZstdCompressor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Compressed debug sections read exactly like uncompressed ones: gABI zstd (ELFCOMPRESS_ZSTD,
 * which gcc 12 and this binutils cannot write, so the test writes it with a pure-Java zstd
 * compressor), and the old GNU {@code .zdebug_*} form written by objcopy. The ground truth is the
 * same program's uncompressed DWARF, whose counts other tests compare with readelf.
 */
class CompressedSectionsTest {

    @Test
    void zstdCompressedDebugSectionsGiveTheSameDwarf(@TempDir Path dir) throws IOException {
        Path plain = Samples.variant("x86_64-glibc-pie").executable();
        Path zstd = dir.resolve("tls-sample.zstd");
        int compressed = compressDebugSectionsWithZstd(plain, zstd);
        assertThat(compressed).as("sections compressed").isGreaterThan(3);
        try (ElfFile elf = ElfFile.open(zstd)) {
            assertThat(elf.debugSection(".debug_info").orElseThrow().isCompressed()).isTrue();
        }
        assertThat(stats(zstd)).isEqualTo(stats(plain));
    }

    @Test
    void gnuZdebugSectionsGiveTheSameDwarf(@TempDir Path dir) {
        Tools.require("objcopy", "apt-get install binutils");
        Path plain = Samples.variant("x86_64-glibc-pie").executable();
        Path zdebug = dir.resolve("tls-sample.zdebug");
        ExecResult r = Exec.run(List.of("objcopy", "--compress-debug-sections=zlib-gnu", plain.toString(),
                zdebug.toString()), dir, Duration.ofSeconds(60));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        try (ElfFile elf = ElfFile.open(zdebug)) {
            assertThat(elf.section(".zdebug_info")).isPresent();
        }
        assertThat(stats(zdebug)).isEqualTo(stats(plain));
    }

    @Test
    void aCorruptZstdStreamIsAOneLineErrorNamingTheSection(@TempDir Path dir) throws IOException {
        Path plain = Samples.variant("x86_64-glibc-pie").executable();
        Path zstd = dir.resolve("tls-sample.zstd");
        compressDebugSectionsWithZstd(plain, zstd);
        byte[] bytes = Files.readAllBytes(zstd);
        Section info;
        try (ElfFile elf = ElfFile.open(zstd)) {
            info = elf.debugSection(".debug_info").orElseThrow();
        }
        for (int i = 24 + 8; i < 24 + 40 && i < info.size(); i++) { // past the Elf64_Chdr, into the frame
            bytes[(int) info.offset() + i] ^= 0x5a;
        }
        Path broken = dir.resolve("broken");
        Files.write(broken, bytes);
        try (ElfFile elf = ElfFile.open(broken)) {
            assertThatThrownBy(() -> elf.contents(elf.debugSection(".debug_info").orElseThrow()))
                    .isInstanceOf(FormatException.class)
                    .hasMessageContaining(".debug_info")
                    .hasMessageNotContaining("\n");
        }
    }

    private static DwarfStats stats(Path file) {
        try (ElfFile elf = ElfFile.open(file); DwarfInfo dwarf = DwarfInfo.of(elf)) {
            DwarfStats s = DwarfStats.of(dwarf);
            // The file name differs; everything counted must not.
            return new DwarfStats("", s.compileUnits(), s.typeUnits(), s.splitUnits(), s.missingSplitUnits(), s.dies(),
                    s.variables(), s.tlsVariables(), s.functions(), s.types(), s.lineTables(), s.lineRows(),
                    s.indexSource(), s.problems());
        }
    }

    /**
     * Writes a copy of {@code in} whose .debug_* sections are SHF_COMPRESSED with ELFCOMPRESS_ZSTD:
     * each compressed image (an Elf64_Chdr, then one zstd frame) is appended to the file and its
     * section header repointed there, as a linker with zstd support would lay it out.
     */
    private static int compressDebugSectionsWithZstd(Path in, Path out) throws IOException {
        byte[] file = Files.readAllBytes(in);
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        long shoff = b.getLong(0x28);
        int shentsize = Short.toUnsignedInt(b.getShort(0x3a));
        int shnum = Short.toUnsignedInt(b.getShort(0x3c));
        int shstrndx = Short.toUnsignedInt(b.getShort(0x3e));
        long strOff = b.getLong((int) (shoff + (long) shstrndx * shentsize + 0x18));
        byte[] grown = Arrays.copyOf(file, file.length);
        int count = 0;
        ZstdCompressor zstd = new ZstdCompressor();
        for (int i = 1; i < shnum; i++) {
            int hdr = (int) (shoff + (long) i * shentsize);
            String name = cString(file, (int) (strOff + b.getInt(hdr)));
            if (!name.startsWith(".debug_")) {
                continue;
            }
            long offset = b.getLong(hdr + 0x18), size = b.getLong(hdr + 0x20);
            byte[] data = Arrays.copyOfRange(file, (int) offset, (int) (offset + size));
            byte[] frame = new byte[zstd.maxCompressedLength(data.length)];
            int n = zstd.compress(data, 0, data.length, frame, 0, frame.length);
            ByteBuffer chdr = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            chdr.putInt(Elf.ELFCOMPRESS_ZSTD).putInt(0).putLong(size).putLong(1);
            int at = (grown.length + 7) & ~7;
            byte[] next = Arrays.copyOf(grown, at + 24 + n);
            System.arraycopy(chdr.array(), 0, next, at, 24);
            System.arraycopy(frame, 0, next, at + 24, n);
            grown = next;
            ByteBuffer g = ByteBuffer.wrap(grown).order(ByteOrder.LITTLE_ENDIAN);
            g.putLong(hdr + 0x08, g.getLong(hdr + 0x08) | Elf.SHF_COMPRESSED);
            g.putLong(hdr + 0x18, at);
            g.putLong(hdr + 0x20, 24 + n);
            g.putLong(hdr + 0x30, 8);
            count++;
        }
        Files.write(out, grown);
        return count;
    }

    private static String cString(byte[] b, int at) {
        int end = at;
        while (b[end] != 0) {
            end++;
        }
        return new String(b, at, end - at, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
