package dev.tldb.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serialises work on samples/build: within this JVM (a reentrant lock) and across JVMs running
 * at the same time, e.g. two modules' test runs (an OS file lock on {@code build/.testkit.lock}).
 * Reentrant so that making a core may build its variant while holding the lock.
 */
final class BuildLock {
    private static final ReentrantLock JVM_LOCK = new ReentrantLock();
    private static FileChannel channel;
    private static FileLock fileLock;

    private BuildLock() {}

    static <T> T with(Path buildDir, Supplier<T> work) {
        JVM_LOCK.lock();
        try {
            boolean outermost = JVM_LOCK.getHoldCount() == 1;
            if (outermost) {
                acquireFileLock(buildDir);
            }
            try {
                return work.get();
            } finally {
                if (outermost) {
                    releaseFileLock();
                }
            }
        } finally {
            JVM_LOCK.unlock();
        }
    }

    private static void acquireFileLock(Path buildDir) {
        try {
            Files.createDirectories(buildDir);
            channel = FileChannel.open(buildDir.resolve(".testkit.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            fileLock = channel.lock();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + buildDir, e);
        }
    }

    private static void releaseFileLock() {
        try {
            if (fileLock != null) {
                fileLock.release();
            }
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unlock samples build", e);
        } finally {
            fileLock = null;
            channel = null;
        }
    }
}
