package dev.tldb.binary;

import dev.tldb.error.TldbException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file opened read-only and memory-mapped: the operating system pages bytes in as they are
 * touched, so a 2 GB core or a binary with 100 MB of DWARF costs no heap. Files up to 2 GiB are
 * mapped once; larger ones (big cores) are mapped region by region on request.
 */
public final class MappedFile implements ByteSource, AutoCloseable {
    private static final long MAX_SINGLE_MAP = Integer.MAX_VALUE;

    private final Path path;
    private final FileChannel channel;
    private final long size;
    private final ByteBuffer whole;

    private MappedFile(Path path, FileChannel channel, long size, ByteBuffer whole) {
        this.path = path;
        this.channel = channel;
        this.size = size;
        this.whole = whole;
    }

    /** Opens {@code path} read-only; a missing file, a directory or an unreadable file is a one-line error. */
    public static MappedFile open(Path path) {
        if (Files.isDirectory(path)) {
            throw new TldbException(path + ": is a directory, not a file");
        }
        try {
            FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
            long size = ch.size();
            ByteBuffer whole = null;
            if (size <= MAX_SINGLE_MAP) {
                whole = size == 0 ? ByteBuffer.allocate(0) : ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
            }
            return new MappedFile(path, ch, size, whole);
        } catch (NoSuchFileException e) {
            throw new TldbException(path + ": no such file");
        } catch (AccessDeniedException e) {
            throw new TldbException(path + ": permission denied");
        } catch (IOException e) {
            throw new TldbException(path + ": cannot read: " + e.getMessage(), e);
        }
    }

    public Path path() {
        return path;
    }

    @Override
    public String name() {
        return path.getFileName() == null ? path.toString() : path.getFileName().toString();
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public ByteBuffer slice(long offset, long length, ByteOrder order) {
        if (offset < 0 || length < 0 || offset > size || length > size - offset) {
            throw new FormatException(name() + ": range 0x" + Long.toHexString(offset) + "+0x"
                    + Long.toHexString(length) + " lies beyond the end of the file (0x" + Long.toHexString(size)
                    + " bytes); the file is truncated or corrupt");
        }
        if (length > MAX_SINGLE_MAP) {
            throw new FormatException(name() + ": region of 0x" + Long.toHexString(length)
                    + " bytes at 0x" + Long.toHexString(offset) + " is larger than 2 GiB");
        }
        if (whole != null) {
            return whole.slice((int) offset, (int) length).order(order);
        }
        try {
            return channel.map(FileChannel.MapMode.READ_ONLY, offset, length).order(order);
        } catch (IOException e) {
            throw new TldbException(path + ": cannot map 0x" + Long.toHexString(offset) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing to flush: the file was opened read-only.
        }
    }
}
