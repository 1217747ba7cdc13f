package dev.tldb.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Files a command reads, fingerprinted (size, SHA-256, modification time) before it runs and
 * checked after: tldb opens its inputs read-only and must never write them, whatever they hold.
 */
final class InputFiles {
    private record Print(long size, String sha256, FileTime modified) {}

    private final Map<Path, Print> before = new LinkedHashMap<>();

    private InputFiles(List<Path> files) {
        files.forEach(f -> before.put(f, print(f)));
    }

    static InputFiles watch(List<Path> files) {
        return new InputFiles(files);
    }

    static InputFiles watch(Path... files) {
        return new InputFiles(List.of(files));
    }

    /** Fails if any watched file changed in size, content or modification time. */
    void assertUnchanged() {
        before.forEach((f, p) -> assertThat(print(f)).as("%s after tldb read it", f).isEqualTo(p));
    }

    private static Print print(Path f) {
        try {
            byte[] bytes = Files.readAllBytes(f);
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            return new Print(bytes.length, sha, Files.getLastModifiedTime(f));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
