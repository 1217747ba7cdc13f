package dev.tldb.gdbstub.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;

/**
 * One connection's {@code vFile} descriptors over {@link ServedFiles}: open read-only, read at an
 * offset, stat, close. Descriptors are small numbers from 3 (like a process's, so logs look
 * familiar), at most {@link #MAX_OPEN} at a time, and all are closed with the connection.
 *
 * <p>Not thread-safe: a connection's packets are handled one at a time.
 */
public final class OpenFiles {
    /** gdb keeps a handful open (the program, a library, a debug file); this bounds a runaway client. */
    public static final int MAX_OPEN = 64;
    /** gdb's File-I/O {@code O_RDONLY}; the other access modes and O_CREAT/O_TRUNC/O_APPEND would write. */
    private static final int O_ACCMODE = 0x3;
    private static final int O_WRITING_FLAGS = 0x8 | 0x200 | 0x400; // O_APPEND, O_CREAT, O_TRUNC
    /** File-I/O {@code struct stat} is 64 bytes (manual, "struct stat"). */
    public static final int STAT_SIZE = 64;
    private static final int S_IFREG = 0100000;

    private final ServedFiles files;
    private final Map<Integer, Open> open = new HashMap<>();
    private int nextFd = 3;

    /** An open host file, or a generated one ({@code channel} null, {@code content} set). */
    private record Open(Path path, FileChannel channel, byte[] content, String name) {
        long size() throws IOException {
            return channel != null ? channel.size() : content.length;
        }
    }

    public OpenFiles(ServedFiles files) {
        this.files = files;
    }

    /**
     * Opens a served file read-only.
     *
     * @param flags gdb's File-I/O open flags
     * @return the new descriptor
     * @throws HostIoException ENOENT for a file that is not served, EROFS for any write access
     */
    public int open(String targetPath, int flags) {
        if ((flags & O_ACCMODE) != 0 || (flags & O_WRITING_FLAGS) != 0) {
            throw new HostIoException(HostIoErrno.EROFS, targetPath + ": the target's files are read-only");
        }
        if (open.size() >= MAX_OPEN) {
            throw new HostIoException(HostIoErrno.EMFILE, "too many open files (" + MAX_OPEN + ")");
        }
        Open f;
        java.util.Optional<byte[]> generated = files.generated(targetPath);
        if (generated.isPresent()) {
            f = new Open(null, null, generated.get(), targetPath);
        } else {
            Path host = files.lookup(targetPath).orElseThrow(() ->
                    new HostIoException(HostIoErrno.ENOENT, targetPath + ": not a file of the target"));
            try {
                f = new Open(host, FileChannel.open(host, StandardOpenOption.READ), null, targetPath);
            } catch (IOException e) {
                throw new HostIoException(HostIoErrno.EACCES, host + ": " + e.getMessage());
            }
        }
        while (open.containsKey(nextFd)) {
            nextFd++;
        }
        int fd = nextFd++;
        open.put(fd, f);
        return fd;
    }

    /** Up to {@code count} bytes at {@code offset}; fewer at the end of the file, none past it. */
    public byte[] pread(int fd, int count, long offset) {
        Open f = get(fd);
        if (offset < 0 || count < 0) {
            throw new HostIoException(HostIoErrno.EINVAL, "negative offset or count");
        }
        if (f.content != null) {
            int n = (int) Math.max(0, Math.min(count, f.content.length - offset));
            return java.util.Arrays.copyOfRange(f.content, (int) Math.min(offset, f.content.length),
                    (int) Math.min(offset, f.content.length) + n);
        }
        try {
            long size = f.channel.size();
            int n = (int) Math.max(0, Math.min(count, size - offset));
            ByteBuffer buf = ByteBuffer.allocate(n);
            while (buf.hasRemaining()) {
                int r = f.channel.read(buf, offset + buf.position());
                if (r < 0) {
                    break;
                }
            }
            return buf.position() == n ? buf.array() : java.util.Arrays.copyOf(buf.array(), buf.position());
        } catch (IOException e) {
            throw new HostIoException(HostIoErrno.EUNKNOWN, f.name + ": " + e.getMessage());
        }
    }

    /**
     * The File-I/O {@code struct stat} of an open file: 64 bytes, big-endian, fields {@code st_dev,
     * st_ino, st_mode, st_nlink, st_uid, st_gid, st_rdev} (4 bytes each), {@code st_size,
     * st_blksize, st_blocks} (8 each), {@code st_atime, st_mtime, st_ctime} (4 each). gdb uses the
     * size and the modification time (to tell whether its cached copy is stale).
     */
    public byte[] fstat(int fd) {
        Open f = get(fd);
        long size;
        long atimeMillis;
        long mtimeMillis;
        try {
            size = f.size();
            if (f.path != null) {
                BasicFileAttributes a = Files.readAttributes(f.path, BasicFileAttributes.class);
                atimeMillis = a.lastAccessTime().toMillis();
                mtimeMillis = a.lastModifiedTime().toMillis();
            } else {
                atimeMillis = mtimeMillis = 0;
            }
        } catch (IOException e) {
            throw new HostIoException(HostIoErrno.EUNKNOWN, f.name + ": " + e.getMessage());
        }
        ByteBuffer b = ByteBuffer.allocate(STAT_SIZE).order(ByteOrder.BIG_ENDIAN);
        b.putInt(0);                    // st_dev
        b.putInt(0);                    // st_ino
        b.putInt(S_IFREG | 0444);       // st_mode: a regular, read-only file
        b.putInt(1);                    // st_nlink
        b.putInt(0);                    // st_uid
        b.putInt(0);                    // st_gid
        b.putInt(0);                    // st_rdev
        b.putLong(size);                // st_size
        b.putLong(4096);                // st_blksize
        b.putLong((size + 511) / 512);  // st_blocks
        int atime = seconds(atimeMillis);
        int mtime = seconds(mtimeMillis);
        b.putInt(atime);                // st_atime
        b.putInt(mtime);                // st_mtime
        b.putInt(mtime);                // st_ctime
        return b.array();
    }

    private static int seconds(long millis) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, millis / 1000));
    }

    public void close(int fd) {
        Open f = open.remove(fd);
        if (f == null) {
            throw new HostIoException(HostIoErrno.EBADF, "bad file descriptor " + fd);
        }
        closeQuietly(f);
    }

    /** How many descriptors are open. */
    public int count() {
        return open.size();
    }

    public void closeAll() {
        open.values().forEach(OpenFiles::closeQuietly);
        open.clear();
    }

    private Open get(int fd) {
        Open f = open.get(fd);
        if (f == null) {
            throw new HostIoException(HostIoErrno.EBADF, "bad file descriptor " + fd);
        }
        return f;
    }

    private static void closeQuietly(Open f) {
        if (f.channel == null) {
            return;
        }
        try {
            f.channel.close();
        } catch (IOException e) {
            // nothing to do: it was only read
        }
    }
}
