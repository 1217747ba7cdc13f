package dev.tldb.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.fail;

/**
 * What a thread sees in a dlopen'ed library's TLS variable before it touched it: the bytes of the
 * library's PT_TLS initialisation image, located with readelf (the segment's file offset and
 * size, the symbol's offset in the block) and read straight from the file, then spelled the way
 * gdb prints the sample's two plugin variables (an int; a char[16] that starts as all zeros).
 */
final class InitialImage {
    private InitialImage() {}

    /** gdb's text for {@code symbol} of {@code library} in a thread that never wrote it. */
    static String asGdbPrints(Path library, String symbol) {
        ReadelfTls.Segment seg = ReadelfTls.segment(library);
        ReadelfTls.Symbol sym = ReadelfTls.symbol(library, symbol);
        byte[] file;
        try {
            file = Files.readAllBytes(library);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int size = sym.size();
        byte[] image = new byte[size];
        for (int i = 0; i < size; i++) {
            long at = sym.offset() + i;
            image[i] = at < seg.fileSize() ? file[(int) (seg.fileOffset() + at)] : 0; // past .tdata: .tbss, zeros
        }
        return switch (symbol) {
            case "plugin_tls" -> Integer.toString(ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN).getInt());
            case "plugin_buf" -> {
                for (byte b : image) {
                    if (b != 0) {
                        fail("plugin_buf's initial image is not all zeros; spell it here as gdb would");
                    }
                }
                // gdb drops one trailing NUL and folds a run of more than 10 into <repeats N times>.
                yield "'\\000' <repeats " + (size - 1) + " times>";
            }
            default -> fail("no gdb spelling for " + symbol);
        };
    }
}
