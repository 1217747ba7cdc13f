package dev.tldb.sim;

import dev.tldb.target.UnallocatedTls;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How to build a simulated process.
 *
 * @param libraryPath    directories searched for libraries before the C library's own (like
 *                       {@code LD_LIBRARY_PATH}); relative dlopen paths are resolved by the caller
 * @param sysroots       extra roots holding the target's {@code lib/} (before the defaults:
 *                       {@code /} for x86-64, {@code /usr/<triplet>} for cross architectures)
 * @param loadLibc       false to leave libc.so.6 and ld.so out even when found: the simulated
 *                       glibc then uses its built-in 2.36 layout and readers fall back to the ABI
 * @param pid            the process id; the main thread's LWP, later threads count up from it
 * @param stackSize      the stack size of created threads (glibc puts the TCB at its top)
 * @param unallocatedTls what a debugger serving this process should do with unallocated TLS
 */
public record SimOptions(
        List<Path> libraryPath,
        List<Path> sysroots,
        boolean loadLibc,
        long pid,
        long stackSize,
        UnallocatedTls unallocatedTls) {

    public SimOptions {
        libraryPath = List.copyOf(libraryPath);
        sysroots = List.copyOf(sysroots);
    }

    public static SimOptions defaults() {
        return new SimOptions(List.of(), List.of(), true, 4242, 0x20000, UnallocatedTls.ERROR);
    }

    public SimOptions withLibraryDir(Path dir) {
        List<Path> l = new ArrayList<>(libraryPath);
        l.add(dir);
        return new SimOptions(l, sysroots, loadLibc, pid, stackSize, unallocatedTls);
    }

    public SimOptions withSysroot(Path root) {
        List<Path> l = new ArrayList<>(sysroots);
        l.add(root);
        return new SimOptions(libraryPath, l, loadLibc, pid, stackSize, unallocatedTls);
    }

    public SimOptions withLoadLibc(boolean load) {
        return new SimOptions(libraryPath, sysroots, load, pid, stackSize, unallocatedTls);
    }

    public SimOptions withPid(long p) {
        return new SimOptions(libraryPath, sysroots, loadLibc, p, stackSize, unallocatedTls);
    }

    public SimOptions withStackSize(long size) {
        return new SimOptions(libraryPath, sysroots, loadLibc, pid, size, unallocatedTls);
    }

    public SimOptions withUnallocatedTls(UnallocatedTls policy) {
        return new SimOptions(libraryPath, sysroots, loadLibc, pid, stackSize, policy);
    }
}
