/**
 * Post-mortem debugging: an ELF core file as the process stratum of a target stack.
 *
 * <pre>{@code
 * try (LoadedCore loaded = CoreLoader.load(CoreOptions.of(Path.of("core"))
 *         .withExecutable(Path.of("prog"))            // optional: else found from NT_FILE, AT_EXECFN, NT_PRPSINFO
 *         .withSysroot(Path.of("/usr/aarch64-linux-gnu")) // optional, repeatable
 *         .withSearchDir(Path.of("libs")))) {         // optional, repeatable
 *     loaded.warnings().forEach(System.err::println); // one line each
 *     TargetStack stack = loaded.stack();             // ExecTarget (FILE) under CoreTarget (PROCESS)
 *     for (ThreadInfo t : stack.threads()) {          // gdb's numbering: NT_PRSTATUS order
 *         Registers r = stack.registers(t);           // Arch.registers() layout; missing ones unavailable
 *         Optional<Long> tp = stack.abi().arch().threadPointer(r);
 *     }
 *     List<Module> modules = stack.modules();         // main program first, lm addresses, biases
 *     byte[] b = stack.readFully(address, 8);
 * }
 * }</pre>
 *
 * Errors that make a file unusable ({@code not a core dump}, {@code truncated core dump},
 * another architecture than the program) are {@link dev.tldb.target.TargetException}s with a
 * one-line message naming the file and offset; everything else is a warning.
 * {@link dev.tldb.core.CoreFile} alone gives the decoded notes and the core's own memory.
 */
package dev.tldb.core;
