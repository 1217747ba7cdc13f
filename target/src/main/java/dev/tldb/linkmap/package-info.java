/**
 * The dynamic linker's module list (SVR4 {@code r_debug} / {@code link_map}) read from any
 * process image, and where the main program was loaded ({@link dev.tldb.linkmap.ProgramImage}).
 * Shared by every process stratum: cores now, simulated processes and remote targets later.
 *
 * <pre>{@code
 * MemoryView mem = MemoryView.of(target);
 * ProgramImage program = ProgramImage.of(programElf, auxv);   // or ProgramImage.fromMemory(mem, auxv)
 * LinkMap map = LinkMapReader.read(mem, program);             // r_debug address, entries, problems
 * List<Module> modules = ModuleList.of(program, name, Optional.of(programElf), map,
 *         ModuleList.vdsoRange(mem, auxv), entry -> fileFor(entry));
 * }</pre>
 *
 * A target that has a link map offers it as the {@link dev.tldb.linkmap.LinkMapSource}
 * capability ({@code main-lm} for {@code qXfer:libraries-svr4} is the first entry's address).
 */
package dev.tldb.linkmap;
